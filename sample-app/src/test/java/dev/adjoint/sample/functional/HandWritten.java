package dev.adjoint.sample.functional;

/** Plain methods (no annotation) with hand-written "generated" classes, to test the checker itself. */
final class HandWritten {
  private HandWritten() {}

  static double f(double x, double y) {
    return x * x * y;
  }

  static double g(double x) {
    return Math.sin(x);
  }

  static double[] h(double x) {
    return new double[] {x, x * x};
  }
}
