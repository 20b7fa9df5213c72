package dev.adjoint.sample.functional;

import dev.adjoint.Differentiable;

/** See {@link Ping}. */
final class Pong {
  private Pong() {}

  @Differentiable
  static double pong(double x) {
    return Math.exp(-x * x) + x;
  }

  @Differentiable
  static double pongPing(double x) {
    return Ping.ping(x) * pong(x);
  }
}
