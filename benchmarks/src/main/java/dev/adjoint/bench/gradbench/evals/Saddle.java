package dev.adjoint.bench.gradbench.evals;

import dev.adjoint.Differentiable;

/**
 * GradBench {@code saddle}: min over p of max over q of f(p, q) = (x1^2 + y1^2) - (x2^2 + y2^2) for the points
 * p = (x1, y1) and q = (x2, y2), both by gradient descent, the inner argmax nested in the outer argmin
 * (evals/saddle/README.md; GradBench's C++ reference reads the coordinates in this order). As in its C++ tools, the
 * outer gradient is f's gradient in x at the inner argmax. Reverse mode is f's generated adjoint ({@code f}); forward
 * mode is its generated Jacobian-vector product ({@code fJvp}), one per coordinate of the point differentiated.
 */
public final class Saddle {
  private Saddle() {}

  /** How one level of the nesting takes its derivatives. */
  public enum Mode {
    FORWARD, REVERSE
  }

  /** The function whose saddle point is sought, of the points (x1, y1) and (x2, y2). */
  @Differentiable(jvp = true)
  public static double f(double x1, double y1, double x2, double y2) {
    return (x1 * x1 + y1 * y1) - (x2 * x2 + y2 * y2);
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
        return new double[] {
            SaddleGradients.fJvp(p[0], p[1], q[0], q[1], 1, 0, 0, 0).tangent(),
            SaddleGradients.fJvp(p[0], p[1], q[0], q[1], 0, 1, 0, 0).tangent()};
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
        return new double[] {
            SaddleGradients.fJvp(p[0], p[1], q[0], q[1], 0, 0, 1, 0).tangent(),
            SaddleGradients.fJvp(p[0], p[1], q[0], q[1], 0, 0, 0, 1).tangent()};
      }
    };
  }
}
