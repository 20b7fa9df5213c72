package dev.adjoint.sample.models;

import dev.adjoint.Differentiable;
import dev.adjoint.Tensor;

/**
 * The functions the autograd tutorial plots, applied elementwise to a grid. Their first derivatives
 * come from the generated {@code CurvesGradients} (a vector-Jacobian product with a seed of ones is
 * the elementwise derivative); second derivatives from the tape, differentiating the first again.
 */
public final class Curves {
  private Curves() {}

  /** {@code x³ − 6x² + 8x}: the tutorial's exercise; {@code f' = 3x² − 12x + 8}. */
  @Differentiable
  public static Tensor cubic(Tensor x) {
    return x.pow(3).sub(x.square().mul(6)).add(x.mul(8));
  }

  /** {@code cos(x²)}; {@code f' = −2x sin(x²)}. */
  @Differentiable
  public static Tensor cosOfSquare(Tensor x) {
    return x.square().cos();
  }

  /** {@code sin(x)·x²/4}; {@code f' = (2x sin x + x² cos x)/4}, {@code f'' = ((2 − x²) sin x + 4x cos x)/4}. */
  @Differentiable
  public static Tensor wave(Tensor x) {
    return x.sin().mul(x.square()).div(4);
  }

  /** {@code tanh(x)}; {@code f' = 1 − tanh²(x)}. */
  @Differentiable
  public static Tensor tanh(Tensor x) {
    return x.tanh();
  }
}
