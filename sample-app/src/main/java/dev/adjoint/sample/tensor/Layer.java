package dev.adjoint.sample.tensor;

import dev.adjoint.Differentiable;
import dev.adjoint.Tensor;

/**
 * A layer with fixed weights: an instance method, so its gradient takes the layer as {@code self}
 * ({@code LayerGradients.energy(layer, x)}); the field {@code weight} is a constant of the call.
 */
public final class Layer {
  final Tensor weight;
  final double scale;

  public Layer(Tensor weight, double scale) {
    this.weight = weight;
    this.scale = scale;
  }

  /** {@code scale * sum(tanh(x weight))}. */
  @Differentiable
  public Tensor energy(Tensor x) {
    return x.matmul(weight).tanh().sum().mul(scale);
  }
}
