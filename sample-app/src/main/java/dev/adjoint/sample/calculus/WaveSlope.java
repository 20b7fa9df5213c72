package dev.adjoint.sample.calculus;

import dev.adjoint.Differentiable;

/**
 * f' of {@link Wave#wave} as methods of their own, read from its generated derivatives: Adjoint differentiates them
 * again, so {@code WaveSlopeGradients} gives f'' on generated code (the tutorial takes it on the tape with
 * {@code create_graph=True}).
 */
public final class WaveSlope {
  private WaveSlope() {}

  /** f'(x) from Wave's generated gradient (reverse mode). */
  @Differentiable(jvp = true)
  public static double byReverse(double x) {
    return WaveGradients.wave(x).dX();
  }

  /** f'(x) from Wave's generated forward mode. */
  @Differentiable(jvp = true)
  public static double byForward(double x) {
    return WaveGradients.waveJvp(x, 1).tangent();
  }
}
