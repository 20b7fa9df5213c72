package dev.adjoint.bench.gradbench.evals;

import dev.adjoint.Autograd;
import dev.adjoint.DType;
import dev.adjoint.Differentiable;
import dev.adjoint.Tensor;
import java.util.function.Function;

/**
 * GradBench {@code saddle}: min over p of max over q of f(p, q) = (x1^2 + y1^2) - (x2^2 + y2^2) for the points
 * p = (x1, y1) and q = (x2, y2), both by gradient descent, the inner argmax nested in the outer argmin
 * (evals/saddle/README.md; GradBench's C++ reference reads the coordinates in this order). As in its C++ tools, the
 * outer gradient is f's gradient in x at the inner argmax. Reverse mode is f's generated adjoint; Adjoint has no
 * forward mode, so "forward" is the tape's Jacobian-vector product ({@link Autograd#jvp}) of f written with tensors.
 */
public final class Saddle {
  private Saddle() {}

  /** How one level of the nesting takes its derivatives. */
  public enum Mode {
    FORWARD, REVERSE
  }

  /** The function whose saddle point is sought, of the points (x1, y1) and (x2, y2). */
  @Differentiable
  public static double f(double x1, double y1, double x2, double y2) {
    return (x1 * x1 + y1 * y1) - (x2 * x2 + y2 * y2);
  }

  /** f for the points as two-element tensors. */
  static Tensor f(Tensor p, Tensor q) {
    return p.square().sum().sub(q.square().sum());
  }

  /** (p, q): the saddle point found from {@code start} (the start of every descent, inner and outer). */
  public static double[] solve(double[] start, Mode outer, Mode inner) {
    double[] p = GradientDescent.argmin(new GradientDescent.Objective() {
      @Override
      public double value(double[] p) {
        double[] q = GradientDescent.argmax(overQ(p, inner), start);
        return f(p[0], p[1], q[0], q[1]);
      }

      @Override
      public double[] gradient(double[] p) {
        double[] q = GradientDescent.argmax(overQ(p, inner), start);
        if (outer == Mode.REVERSE) {
          SaddleGradients.FGradient g = SaddleGradients.f(p[0], p[1], q[0], q[1]);
          return new double[] {g.dX1(), g.dY1()};
        }
        Tensor fixedQ = vector(q);
        return directionalDerivatives(ps -> f(ps, fixedQ), p);
      }
    }, start);
    double[] q = GradientDescent.argmax(overQ(p, inner), start);
    return new double[] {p[0], p[1], q[0], q[1]};
  }

  /** f(p, .) for the inner argmax. */
  private static GradientDescent.Objective overQ(double[] p, Mode mode) {
    return new GradientDescent.Objective() {
      @Override
      public double value(double[] q) {
        return f(p[0], p[1], q[0], q[1]);
      }

      @Override
      public double[] gradient(double[] q) {
        if (mode == Mode.REVERSE) {
          SaddleGradients.FGradient g = SaddleGradients.f(p[0], p[1], q[0], q[1]);
          return new double[] {g.dX2(), g.dY2()};
        }
        Tensor fixedP = vector(p);
        return directionalDerivatives(qs -> f(fixedP, qs), q);
      }
    };
  }

  /** The gradient of {@code g} at {@code at} by one Jacobian-vector product per unit direction. */
  private static double[] directionalDerivatives(Function<Tensor, Tensor> g, double[] at) {
    double[] out = new double[at.length];
    for (int i = 0; i < at.length; i++) {
      double[] unit = new double[at.length];
      unit[i] = 1;
      out[i] = Autograd.jvp(g, vector(at), vector(unit)).item();
    }
    return out;
  }

  private static Tensor vector(double[] v) {
    return Tensor.of(DType.FLOAT64, v, v.length);
  }
}
