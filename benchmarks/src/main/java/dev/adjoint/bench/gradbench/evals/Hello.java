package dev.adjoint.bench.gradbench.evals;

import dev.adjoint.Differentiable;

/** GradBench {@code hello}: square, and its derivative (evals/hello/README.md). */
public final class Hello {
  private Hello() {}

  /** x squared. */
  @Differentiable
  public static double square(double x) {
    return x * x;
  }
}
