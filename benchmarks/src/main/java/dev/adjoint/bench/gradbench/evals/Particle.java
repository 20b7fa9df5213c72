package dev.adjoint.bench.gradbench.evals;

import dev.adjoint.Autograd;
import dev.adjoint.DType;
import dev.adjoint.GradOption;
import dev.adjoint.GradScope;
import dev.adjoint.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * GradBench {@code particle}: a charged particle starts at (0, 8) with velocity (0.75, 0) and is pushed by two
 * fixed charges at (10, 0) and (10, 10 - w) (force -grad_x p, p the potential); Euler steps of 0.1 until it
 * crosses the x axis; find the control w that brings it to the origin, by gradient descent on x(t_f)^2
 * (evals/particle/README.md). The trajectory takes the potential's gradient at every step and the descent takes
 * the trajectory's derivative in w: a derivative of a derivative, so everything runs on the tape, with
 * {@link GradOption#CREATE_GRAPH} for the inner gradient. Adjoint has no forward mode: "forward" is a
 * Jacobian-vector product by two reverse passes (the tape's double-vjp, as {@link Autograd#jvp} does, kept
 * differentiable here because the outer derivative goes through it).
 */
public final class Particle {
  private Particle() {}

  private static final double DT = 0.1;

  /** The electric potential at (x1, x2) of the charges at (10, 0) and (10, 10 - w). */
  static Tensor potential(Tensor x1, Tensor x2, Tensor w) {
    Tensor dx = x1.neg().add(10);
    Tensor toLower = dx.square().add(x2.square()).sqrt();
    Tensor toUpper = dx.square().add(w.neg().add(10).sub(x2).square()).sqrt();
    return toLower.reciprocal().add(toUpper.reciprocal());
  }

  /** The final w from the start {@code w0}; {@code outer} differentiates the descent, {@code inner} the potential. */
  public static double solve(double w0, Saddle.Mode outer, Saddle.Mode inner) {
    return GradientDescent.argmin(new GradientDescent.Objective() {
      @Override
      public double value(double[] w) {
        return missSquared(w[0], inner);
      }

      @Override
      public double[] gradient(double[] w) {
        return new double[] {missSquaredDerivative(w[0], outer, inner)};
      }
    }, new double[] {w0})[0];
  }

  /** x1(t_f)^2 for the control w. */
  public static double missSquared(double w, Saddle.Mode inner) {
    try (GradScope s = Autograd.enableGrad()) {
      return missSquared(scalar(w), inner, false).item();
    }
  }

  /** d x1(t_f)^2 / d w, differentiating the trajectory (and the potential's gradient in it) as {@code outer} says. */
  public static double missSquaredDerivative(double w, Saddle.Mode outer, Saddle.Mode inner) {
    try (GradScope s = Autograd.enableGrad()) {
      Tensor leaf = scalar(w).requiresGrad(true);
      Tensor miss = missSquared(leaf, inner, true);
      Tensor d = outer == Saddle.Mode.REVERSE
          ? Autograd.grad(miss, leaf)
          : jvp(List.of(miss), List.of(leaf), List.of(scalar(1)), false).get(0);
      return d.item();
    }
  }

  /**
   * x1(t_f)^2, where the path crosses the x axis at t_f (linear between the last two Euler steps). With
   * {@code differentiable} the inner gradients are recorded so that the result can be differentiated in w.
   */
  static Tensor missSquared(Tensor w, Saddle.Mode inner, boolean differentiable) {
    Tensor x1 = scalar(0);
    Tensor x2 = scalar(8);
    Tensor v1 = scalar(0.75);
    Tensor v2 = scalar(0);
    for (int step = 0; step < 1_000_000; step++) {
      // The potential's gradient needs x as an input of the tape; where x does not depend on w, a fresh leaf.
      Tensor at1 = differentiable && x1.requiresGrad() ? x1 : x1.detach().requiresGrad(true);
      Tensor at2 = differentiable && x2.requiresGrad() ? x2 : x2.detach().requiresGrad(true);
      List<Tensor> force = gradient(potential(at1, at2, w), List.of(at1, at2), inner, differentiable);
      Tensor nextX1 = x1.add(v1.mul(DT));
      Tensor nextX2 = x2.add(v2.mul(DT));
      Tensor nextV1 = v1.sub(force.get(0).mul(DT));
      Tensor nextV2 = v2.sub(force.get(1).mul(DT));
      if (nextX2.item() < 0) {
        break;
      }
      x1 = nextX1;
      x2 = nextX2;
      v1 = nextV1;
      v2 = nextV2;
    }
    Tensor dtFinal = x2.neg().div(v2);
    Tensor x1Final = x1.add(dtFinal.mul(v1));
    return x1Final.square();
  }

  /** d p / d xs, by reverse mode or by one Jacobian-vector product per input. */
  private static List<Tensor> gradient(Tensor p, List<Tensor> xs, Saddle.Mode mode, boolean createGraph) {
    if (mode == Saddle.Mode.REVERSE) {
      return createGraph
          ? Autograd.grad(p, xs, GradOption.CREATE_GRAPH, GradOption.ALLOW_UNUSED)
          : Autograd.grad(p, xs, GradOption.ALLOW_UNUSED);
    }
    List<Tensor> out = new ArrayList<>();
    for (int i = 0; i < xs.size(); i++) {
      List<Tensor> direction = new ArrayList<>();
      for (int j = 0; j < xs.size(); j++) {
        direction.add(scalar(i == j ? 1 : 0));
      }
      out.add(jvp(List.of(p), xs, direction, createGraph).get(0));
    }
    return out;
  }

  /**
   * The Jacobian-vector products of {@code outputs} in {@code direction}, by two reverse passes: the vjp with a
   * dummy seed u is linear in u, and its vjp in u with the direction is J v.
   */
  static List<Tensor> jvp(List<Tensor> outputs, List<Tensor> inputs, List<Tensor> direction, boolean createGraph) {
    List<Tensor> seeds = new ArrayList<>();
    for (Tensor y : outputs) {
      seeds.add(Tensor.zerosLike(y).requiresGrad(true));
    }
    List<Tensor> vjp = Autograd.grad(outputs, inputs, seeds, GradOption.CREATE_GRAPH, GradOption.ALLOW_UNUSED);
    List<Tensor> used = new ArrayList<>();
    List<Tensor> usedDirection = new ArrayList<>();
    for (int i = 0; i < vjp.size(); i++) {
      if (vjp.get(i) != null) {
        used.add(vjp.get(i));
        usedDirection.add(direction.get(i));
      }
    }
    List<Tensor> jv = createGraph
        ? Autograd.grad(used, seeds, usedDirection, GradOption.CREATE_GRAPH, GradOption.ALLOW_UNUSED)
        : Autograd.grad(used, seeds, usedDirection, GradOption.ALLOW_UNUSED);
    List<Tensor> out = new ArrayList<>();
    for (int i = 0; i < outputs.size(); i++) {
      out.add(jv.get(i) != null ? jv.get(i) : Tensor.zerosLike(outputs.get(i)));
    }
    return out;
  }

  private static Tensor scalar(double v) {
    return Tensor.scalar(v, DType.FLOAT64);
  }
}
