package dev.adjoint.bench.gradbench.evals;

import dev.adjoint.Differentiable;

/**
 * GradBench {@code particle}: a charged particle starts at (0, 8) with velocity (0.75, 0) and is pushed by two
 * fixed charges at (10, 0) and (10, 10 - w) (force -grad_x p, p the {@link Charges#potential}); Euler steps of 0.1
 * until it crosses the x axis; find the control w that brings it to the origin, by gradient descent on x(t_f)^2
 * (evals/particle/README.md).
 *
 * <p>The trajectory reads the potential's gradient at every step, from the potential's generated forward mode
 * ({@code potentialJvp}, once per coordinate) or its generated gradient; the descent differentiates the trajectory
 * in w, by its generated gradient or its generated forward mode. All four nestings are generated code: Adjoint
 * writes the potential's derivative out inside the trajectory and differentiates it again.
 */
public final class Particle {
  private Particle() {}

  private static final double DT = 0.1;

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

  /** x1(t_f)^2 for the control w, the force from the potential's derivative taken as {@code inner} says. */
  public static double missSquared(double w, Saddle.Mode inner) {
    return miss(w, inner == Saddle.Mode.FORWARD);
  }

  /** d x1(t_f)^2 / d w, differentiating the trajectory (and the potential's gradient in it) as {@code outer} says. */
  public static double missSquaredDerivative(double w, Saddle.Mode outer, Saddle.Mode inner) {
    boolean forwardInside = inner == Saddle.Mode.FORWARD;
    return outer == Saddle.Mode.FORWARD ? ParticleGradients.missJvp(w, forwardInside, 1).tangent()
        : ParticleGradients.miss(w, forwardInside).dW();
  }

  /**
   * x1(t_f)^2, the force -grad_x p from two Jacobian-vector products of the potential (forward mode inside) or from
   * its gradient (reverse mode inside).
   */
  @Differentiable(jvp = true)
  static double miss(double w, boolean forwardInside) {
    double x1 = 0;
    double x2 = 8;
    double v1 = 0.75;
    double v2 = 0;
    for (int step = 0; step < 1_000_000; step++) {
      double force1;
      double force2;
      if (forwardInside) {
        force1 = -ChargesGradients.potentialJvp(x1, x2, w, 1, 0, 0).tangent();
        force2 = -ChargesGradients.potentialJvp(x1, x2, w, 0, 1, 0).tangent();
      } else {
        force1 = -ChargesGradients.potential(x1, x2, w).dX1();
        force2 = -ChargesGradients.potential(x1, x2, w).dX2();
      }
      double nextX2 = x2 + v2 * DT;
      if (nextX2 < 0) {
        break;
      }
      x1 = x1 + v1 * DT;
      x2 = nextX2;
      v1 = v1 + force1 * DT;
      v2 = v2 + force2 * DT;
    }
    // where the path crosses the x axis, linear between the last two Euler steps
    double dtFinal = -x2 / v2;
    double x1Final = x1 + dtFinal * v1;
    return x1Final * x1Final;
  }
}
