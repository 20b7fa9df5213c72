package dev.adjoint.sample.records;

import dev.adjoint.Differentiable;
import dev.adjoint.Tensor;

/** @Differentiable methods over records. */
final class RecordFns {
  private RecordFns() {}

  /** Least squares of a line whose slope and intercept live in a record with constants beside them. */
  @Differentiable
  static double fit(Params p, double[] x, double[] y) {
    double loss = 0;
    for (int i = 0; i < x.length; i++) {
      double r = p.w()[0] * x[i] + p.w()[1] * x[i] * x[i] + p.bias() - y[i];
      loss += r * r;
    }
    return loss / p.count();
  }

  @Differentiable(wrt = "a")
  static double nested(Affine a, double t) {
    Params q = a.inner();
    return Math.sin(q.w()[0] * t) * a.scale() + q.bias() * a.scale() * a.scale();
  }

  /** A record built inside the method and passed on whole. */
  @Differentiable
  static Tensor local(Tensor w, Tensor b, Tensor x) {
    Linear layer = new Linear(w, b);
    return layer.forward(x).tanh().sum();
  }

  @Differentiable
  static Tensor mlpLoss(Mlp model, Tensor x, Tensor y) {
    return model.loss(x, y);
  }

  /** A record result: its VJP takes a seed of the record's type. */
  @Differentiable
  static Params step(Params p, double lr) {
    double[] w = new double[p.w().length];
    for (int i = 0; i < w.length; i++) {
      w[i] = p.w()[i] - lr * p.w()[i] * p.bias();
    }
    return new Params(w, p.bias() * p.bias(), p.count() + 1, p.name());
  }
}
