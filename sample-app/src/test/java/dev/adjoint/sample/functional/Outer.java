package dev.adjoint.sample.functional;

import dev.adjoint.Differentiable;

/** A nested class: its methods go to Outer_InnerGradients. */
final class Outer {
  private Outer() {}

  static final class Inner {
    private Inner() {}

    @Differentiable
    static double inner(double x, double y) {
      return Math.atan(x * y) + y;
    }
  }

  @Differentiable
  static double outer(double x) {
    return Inner.inner(x, x * x) * 2;
  }
}
