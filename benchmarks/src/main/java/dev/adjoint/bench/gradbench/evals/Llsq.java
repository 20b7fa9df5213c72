package dev.adjoint.bench.gradbench.evals;

import dev.adjoint.Differentiable;

/** GradBench {@code llsq}: a linear least-squares objective (evals/llsq/README.md). */
public final class Llsq {
  private Llsq() {}

  /** y(x) = 1/2 sum_i (s_i - x_0 - x_1 t_i - x_2 t_i^2 - ...)^2, t_i = -1 + 2i/(n-1), s_i = sign(t_i). */
  @Differentiable
  public static double objective(double[] x, int n) {
    double sum = 0;
    for (int i = 0; i < n; i++) {
      double t = -1 + i * 2.0 / (n - 1);
      double residual = Math.signum(t);
      double power = 1;
      for (int j = 0; j < x.length; j++) {
        residual -= x[j] * power;
        power *= t;
      }
      sum += residual * residual;
    }
    return sum / 2;
  }
}
