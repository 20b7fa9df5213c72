package dev.adjoint.sample.tape;

import static dev.adjoint.sample.tape.Tape.c;

import dev.adjoint.Tensor;

/** Tape twins of functional/Straight.java, statement by statement. */
final class StraightTwins {
  private StraightTwins() {}

  static Tensor poly(Tensor x, Tensor y) {
    return x.mul(3).mul(x).mul(y).sub(y.mul(2).mul(y)).add(x.div(y)).add(5);
  }

  static Tensor rosenbrock(Tensor x, Tensor y) {
    Tensor a = x.rsub(1);
    Tensor b = y.sub(x.mul(x));
    return a.mul(a).add(b.mul(100).mul(b));
  }

  static Tensor locals(Tensor x, Tensor y) {
    Tensor a = x.mul(y);
    Tensor b = a.add(x);
    Tensor cc = b.mul(b).sub(a);
    return cc.div(a.mul(a).add(1));
  }

  static Tensor compound(Tensor x, Tensor y) {
    Tensor s = x;
    s = s.add(y);
    s = s.mul(x);
    s = s.sub(y.mul(2));
    s = s.div(y.mul(y).add(1));
    return s;
  }

  static Tensor reassign(Tensor x) {
    Tensor t = x;
    t = t.mul(t);
    t = t.sin().add(t);
    t = t.mul(x);
    return t;
  }

  static Tensor unaryAndParens(Tensor x, Tensor y) {
    return x.sub(y).neg().mul(x.add(y)).sub(x.neg());
  }

  static Tensor constantsMixed(Tensor x, int n, boolean flip) {
    return flip ? x.mul(n) : x.div(n);
  }

  static Tensor intCounterArith(Tensor x) {
    int i = 3;
    i++;
    i--;
    ++i;
    --i;
    i += 2;
    i *= 2;
    return x.mul(i);
  }

  static Tensor floatConstants(Tensor x) {
    float k = 1.5f;
    return x.mul(k).add((double) 2.5f);
  }

  static Tensor expr20(Tensor x, Tensor y) {
    Tensor a = x.sin().mul(y.neg().exp());
    Tensor b = a.add(x.mul(y)).tanh();
    Tensor cc = b.mul(b).add(1).sqrt().div(x.mul(x).add(1));
    Tensor d = cc.add(1).log().mul(y.cos()).add(a.mul(b).mul(cc));
    return d.mul(d).add(d.sub(x).neg().exp().add(1).rdiv(1));
  }

  static Tensor divisionChain(Tensor x, Tensor y) {
    return x.div(y.mul(y).add(1)).div(x.mul(x).add(2));
  }

  static Tensor selfAliasing(Tensor x) {
    Tensor a = x;
    a = a.mul(a).mul(a);
    a = a.add(a);
    a = a.mul(a);
    return a;
  }

  static Tensor sameVarBothSides(Tensor x, Tensor y) {
    Tensor a = x;
    a = a.mul(y).add(a);
    a = a.div(a.mul(a).add(1));
    a = a.sub(a.mul(y));
    return a;
  }

  static Tensor deadAndShared(Tensor x, Tensor y) {
    Tensor unused = x.mul(y).exp(); // recorded on the tape but never reaching the result
    Tensor shared = x.mul(y);
    return shared.mul(shared).add(shared);
  }

  static Tensor constantLocal(Tensor x) {
    Tensor k = c(2.0);
    k = k.mul(3);
    Tensor r = k.mul(x);
    r = r.add(k);
    return r;
  }

  static Tensor paramReassigned(Tensor x, Tensor y) {
    x = x.mul(y);
    y = y.add(x);
    return x.mul(y);
  }
}
