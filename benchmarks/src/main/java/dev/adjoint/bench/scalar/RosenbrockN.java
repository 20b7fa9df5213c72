package dev.adjoint.bench.scalar;

import dev.adjoint.Differentiable;
import dev.adjoint.Tensor;

/**
 * The extended Rosenbrock function of n variables, sum over i of 100 (x_{i+1} - x_i^2)^2 + (1 - x_i)^2: as loops for
 * the generated adjoints, and with tensors for the tape. Its Hessian is tridiagonal and depends on x.
 */
public final class RosenbrockN {
  private RosenbrockN() {}

  /** As plain loops. */
  @Differentiable
  public static double value(double[] x) {
    double s = 0;
    for (int i = 0; i + 1 < x.length; i++) {
      double a = x[i + 1] - x[i] * x[i];
      double b = 1 - x[i];
      s += 100 * a * a + b * b;
    }
    return s;
  }

  /** The same with tensor operations (x of shape [n]). */
  public static Tensor value(Tensor x) {
    int n = x.shape()[0];
    Tensor head = x.slice(0, 0, n - 1);
    Tensor a = x.slice(0, 1, n).sub(head.square());
    return a.square().mul(100).add(head.rsub(1).square()).sum();
  }
}
