package dev.adjoint.sample.records;

import dev.adjoint.Differentiable;
import dev.adjoint.Tensor;

/** A model made of layers: one call gives the whole gradient, a record of records. */
record Mlp(Linear l1, Linear l2) {
  @Differentiable
  Tensor loss(Tensor x, Tensor y) {
    Tensor h = l1.forward(x).tanh();
    return l2().forward(h).sub(y).square().mean();
  }
}
