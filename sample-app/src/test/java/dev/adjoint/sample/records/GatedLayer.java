package dev.adjoint.sample.records;

import dev.adjoint.Differentiable;
import dev.adjoint.Tensor;

/**
 * A layer whose forward picks its path from a tensor's value: its gradient (receiver included, nested record,
 * Tensor[] and a constant) comes from the dynamic tape. The two branches are also written alone, so their
 * adjoints are generated and the two paths can be compared.
 */
record GatedLayer(Linear inner, Tensor gate, Tensor[] scales, int id) {
  @Differentiable
  Tensor forward(Tensor x) {
    Tensor h = inner.forward(x);
    if (h.sum().item() > 0) {
      h = h.mul(gate);
    } else {
      h = h.sub(gate);
    }
    for (Tensor s : scales) {
      h = h.mul(s);
    }
    return h.square().sum();
  }

  @Differentiable
  Tensor forwardWhenPositive(Tensor x) {
    Tensor h = inner.forward(x).mul(gate);
    for (Tensor s : scales) {
      h = h.mul(s);
    }
    return h.square().sum();
  }

  @Differentiable
  Tensor forwardWhenNegative(Tensor x) {
    Tensor h = inner.forward(x).sub(gate);
    for (Tensor s : scales) {
      h = h.mul(s);
    }
    return h.square().sum();
  }

  /** Halves a model's loss until it is at most {@code bound}: how often depends on the loss's value. */
  @Differentiable(wrt = "model")
  static Tensor halvedLoss(Mlp model, Tensor x, Tensor y, double bound) {
    Tensor loss = model.loss(x, y);
    while (loss.item() > bound) {
      loss = loss.mul(0.5);
    }
    return loss;
  }
}
