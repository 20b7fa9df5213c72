package dev.adjoint.sample.tape;

import static dev.adjoint.sample.tape.Tape.at;
import static dev.adjoint.sample.tape.Tape.c;
import static dev.adjoint.sample.tape.Tape.stack;
import static dev.adjoint.sample.tape.Tape.vec;

import dev.adjoint.Tensor;

/**
 * Tape twins of functional/ArrayFns.java. Array parameters are 1-D (or 2-D) tensors; local arrays whose
 * slots are overwritten are Java arrays of scalar tensors (the tape forbids in-place writes into saved
 * tensors, and a PyTorch user would do the same); whole-array loops become vectorised tensor operations
 * where that is the natural tape spelling.
 */
final class ArrayTwins {
  private ArrayTwins() {}

  static Tensor sumSquares(Tensor a) {
    return a.mul(a).sum();
  }

  static Tensor dot(Tensor a, Tensor b) {
    return a.dot(b);
  }

  static Tensor horner(Tensor x, Tensor cs) {
    Tensor s = c(0);
    for (int i = cs.size(0) - 1; i >= 0; i--) {
      s = s.mul(x).add(at(cs, i));
    }
    return s;
  }

  static Tensor localArray(Tensor x, Tensor y) {
    Tensor[] t = new Tensor[3];
    t[0] = x;
    t[1] = x.mul(y);
    t[2] = t[0].add(t[1]);
    return t[2].mul(t[1]);
  }

  static Tensor arrayInitializer(Tensor x, Tensor y) {
    Tensor t = stack(x, y, x.mul(y));
    return at(t, 0).mul(at(t, 1)).add(at(t, 2).sin());
  }

  static Tensor localArrayOverwrite(Tensor x) {
    Tensor[] t = {c(0), c(0)};
    t[0] = x;
    t[0] = t[0].mul(t[0]);
    t[0] = t[0].add(x);
    t[1] = t[0].mul(x);
    t[1] = t[1].mul(t[1]);
    t[1] = t[1].sub(t[0]);
    return t[1];
  }

  static Tensor lengthAndNew(Tensor a) {
    Tensor b = a.exp();
    return b.mul(a).sum();
  }

  static Tensor prefixRecurrence(Tensor a) {
    int n = a.size(0);
    Tensor b = at(a, 0);
    for (int i = 1; i < n; i++) {
      b = b.mul(at(a, i)).add(at(a, i));
    }
    return b;
  }

  static Tensor slotReuse(Tensor x, Tensor a) {
    Tensor acc = x;
    for (int i = 0; i < a.size(0); i++) {
      acc = acc.mul(at(a, i)).add(acc.sin());
    }
    return acc;
  }

  static Tensor gather(Tensor a, int[] idx) {
    double[] weights = new double[idx.length];
    for (int i = 0; i < idx.length; i++) {
      weights[i] = i + 1;
    }
    Tensor g = a.indexSelect(0, idx);
    return g.mul(g).mul(vec(weights)).sum();
  }

  static Tensor frobeniusTrace(Tensor m) {
    Tensor s = m.mul(m).sum();
    for (int i = 0; i < m.size(0); i++) {
      s = s.add(m.select(0, i).select(0, i));
    }
    return s;
  }

  static Tensor local2dDeterminant(Tensor x, Tensor y) {
    Tensor g = Tensor.stack(0, stack(x, y), stack(x.mul(y), x.exp()));
    return g.select(0, 0).select(0, 0).mul(g.select(0, 1).select(0, 1))
        .sub(g.select(0, 0).select(0, 1).mul(g.select(0, 1).select(0, 0)));
  }

  static Tensor matVecSquared(Tensor a, Tensor v) {
    Tensor r = a.matmul(v);
    return r.mul(r).sum();
  }

  static Tensor outerProductSum(Tensor a, Tensor b) {
    return a.unsqueeze(1).mul(b.unsqueeze(0)).sin().sum();
  }

  /** The max found with branches on item(), as in the source; the gradient flows through it too. */
  static Tensor logSumExp(Tensor a) {
    Tensor m = at(a, 0);
    for (int i = 1; i < a.size(0); i++) {
      if (at(a, i).item() > m.item()) {
        m = at(a, i);
      }
    }
    return a.sub(m).exp().sum().log().add(m);
  }

  static Tensor scale(Tensor x, Tensor a) {
    return a.mul(x).add(a.sin());
  }

  static Tensor polar(Tensor r, Tensor t) {
    return stack(r.mul(t.cos()), r.mul(t.sin()));
  }

  static Tensor cumulativeProduct(Tensor a) {
    Tensor[] out = new Tensor[a.size(0)];
    Tensor p = c(1);
    for (int i = 0; i < out.length; i++) {
      p = p.mul(at(a, i));
      out[i] = p;
    }
    return stack(out);
  }
}
