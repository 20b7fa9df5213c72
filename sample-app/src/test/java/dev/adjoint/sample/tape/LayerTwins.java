package dev.adjoint.sample.tape;

import static dev.adjoint.sample.tape.Tape.at;

import dev.adjoint.Tensor;

/**
 * Tape twins of functional/Layers.java. A layer is a matrix-vector product, as a PyTorch user would write
 * it: the row-major weight array becomes an {@code out × in} matrix by {@code reshape}, so the tape's
 * matmul, add and tanh rules are what the generated loops are compared with. Only the prefix of
 * {@code w} and {@code b} that the source reads takes part ({@code slice}), so entries it never reads get
 * a zero gradient on both sides. The int arguments ({@code out}, {@code depth}) are plain Java values, and
 * the residual branch of {@code deep} is taken on {@code item()}, as the source branches on {@code h[0]}.
 */
final class LayerTwins {
  private LayerTwins() {}

  static Tensor dense(Tensor w, Tensor b, Tensor x, int out) {
    int in = x.size(0);
    Tensor weights = w.slice(0, 0, out * in).reshape(out, in);
    return weights.matmul(x).add(b.slice(0, 0, out)).tanh();
  }

  static Tensor mlpLoss(Tensor w1, Tensor b1, Tensor w2, Tensor b2, Tensor x, Tensor y) {
    Tensor h = dense(w1, b1, x, b1.size(0));
    Tensor o = dense(w2, b2, h, y.size(0));
    Tensor d = o.sub(y);
    return d.mul(d).sum();
  }

  static Tensor deep(Tensor w, Tensor b, Tensor x, int depth) {
    Tensor h = x;
    for (int d = 0; d < depth; d++) {
      h = dense(w, b, h, x.size(0));
    }
    if (at(h, 0).item() > 0) {
      h = twoLayers(w, b, h);
    }
    return h.mul(h).sum();
  }

  static Tensor twoLayers(Tensor w, Tensor b, Tensor x) {
    Tensor h = dense(w, b, x, x.size(0));
    Tensor o = dense(w, b, h, x.size(0));
    return o.add(x);
  }
}
