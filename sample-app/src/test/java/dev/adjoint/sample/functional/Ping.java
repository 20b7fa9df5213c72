package dev.adjoint.sample.functional;

import dev.adjoint.Differentiable;

/** Ping and Pong call each other's @Differentiable methods (not recursively). */
final class Ping {
  private Ping() {}

  @Differentiable
  static double ping(double x) {
    return Math.sin(x) + 2 * x;
  }

  @Differentiable
  static double pingPong(double x, double y) {
    return Pong.pong(x * y) * ping(y);
  }
}
