package dev.adjoint.bench.scalar;

import dev.adjoint.Differentiable;

/** The scalar workloads of BENCHMARKS.md table A as plain Java; their gradients are generated. */
public final class ScalarWorkloads {
  private ScalarWorkloads() {}

  /** scalar_rosenbrock_grad: (1-x)^2 + 100 (y-x^2)^2, at (1.5, -0.5). */
  @Differentiable
  public static double rosenbrock(double x, double y) {
    double a = 1 - x;
    double b = y - x * x;
    return a * a + 100 * b * b;
  }

  /** scalar_expr20_grad, at (0.7, 1.3); also in forward mode (its gradient as two Jacobian-vector products). */
  @Differentiable(jvp = true)
  public static double expr20(double x, double y) {
    double a = Math.sin(x) * Math.exp(-y);
    double b = Math.tanh(a + x * y);
    double c = Math.sqrt(1 + b * b) / (1 + x * x);
    double d = Math.log(1 + c) * Math.cos(y) + a * b * c;
    return d * d + 1 / (1 + Math.exp(-(d - x)));
  }
}
