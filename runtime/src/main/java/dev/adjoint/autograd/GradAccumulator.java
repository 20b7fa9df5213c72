package dev.adjoint.autograd;

import dev.adjoint.Tensor;

/**
 * Where the backward pass deposits the gradient of a leaf tensor that requires grad: the leaf's
 * {@code grad()}. One per leaf; the graph's edges point to it.
 */
public final class GradAccumulator {
  /** The accumulated gradient, or null before any backward pass reached the leaf. */
  public Tensor grad;

  /** An empty accumulator. */
  public GradAccumulator() {}
}
