package dev.adjoint.bench.gradbench.evals;

import dev.adjoint.Differentiable;

/** GradBench {@code lse}: log-sum-exp of a vector, with the max subtracted first (evals/lse/README.md). */
public final class Lse {
  private Lse() {}

  /** log(sum_i exp(x_i)) computed as a + log(sum_i exp(x_i - a)) with a = max x. */
  @Differentiable
  public static double logsumexp(double[] x) {
    double a = x[0];
    for (int i = 1; i < x.length; i++) {
      a = Math.max(a, x[i]);
    }
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      s += Math.exp(x[i] - a);
    }
    return a + Math.log(s);
  }
}
