package dev.adjoint.sample.tensor;

import dev.adjoint.Differentiable;
import dev.adjoint.Tensor;

/** Tape methods at the edges: a result that records nothing, a result that is a parameter. */
final class EdgeCases {
  private EdgeCases() {}

  /** Comparison masks carry no gradient: nothing is recorded, and the gradient is zeros. */
  @Differentiable
  static Tensor countPositive(Tensor x) {
    return x.gt(0).sum();
  }

  /** The result is the parameter itself (a leaf of the tape). */
  @Differentiable
  static Tensor same(Tensor x, Tensor unused) {
    return x;
  }

  /** Parameters named like the generated locals. */
  @Differentiable(wrt = {"value", "seed"})
  static Tensor clash(Tensor value, Tensor seed, Tensor grads, double self) {
    return value.mul(seed).add(grads).sum().mul(self);
  }
}
