package dev.adjoint.sample.records;

import dev.adjoint.Differentiable;
import dev.adjoint.Tensor;

/** A layer: its forward differentiates the receiver (its weights) by default. */
record Linear(Tensor w, Tensor b) {
  @Differentiable
  Tensor forward(Tensor x) {
    return x.matmul(w).add(b);
  }
}
