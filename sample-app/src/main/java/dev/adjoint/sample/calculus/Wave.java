package dev.adjoint.sample.calculus;

import dev.adjoint.Differentiable;

/** The autograd tutorial's {@code f(x) = sin(x) x^2 / 4} over doubles, with its generated forward mode too. */
public final class Wave {
  private Wave() {}

  /** {@code sin(x) x^2 / 4}. */
  @Differentiable(jvp = true)
  public static double wave(double x) {
    return Math.sin(x) * x * x / 4;
  }
}
