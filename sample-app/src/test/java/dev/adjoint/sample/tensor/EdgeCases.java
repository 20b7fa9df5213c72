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

  /** Differentiated on the tape, and called from {@link #cubePlusSquare}, whose adjoint is generated. */
  @Differentiable(strategy = Differentiable.Strategy.TAPE)
  static Tensor cube(Tensor x) {
    return x.pow(3).sum();
  }

  /** {@code sum(x^3 + x^2)}: its gradient {@code 3x^2 + 2x}, its Hessian {@code diag(6x + 2)}. */
  @Differentiable
  static Tensor cubePlusSquare(Tensor x) {
    return cube(x).add(x.square().sum());
  }

  /** Parameters named like the generated locals. */
  @Differentiable(wrt = {"value", "seed"})
  static Tensor clash(Tensor value, Tensor seed, Tensor grads, double self) {
    return value.mul(seed).add(grads).sum().mul(self);
  }
}
