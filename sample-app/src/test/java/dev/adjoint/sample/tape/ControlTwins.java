package dev.adjoint.sample.tape;

import static dev.adjoint.sample.tape.Tape.at;
import static dev.adjoint.sample.tape.Tape.c;

import dev.adjoint.Tensor;

/**
 * Tape twins of functional/Control.java. Every branch and loop condition on an active value reads
 * {@code item()}: the tape records only the path taken, which is what the generated code replays.
 */
final class ControlTwins {
  private ControlTwins() {}

  static Tensor ifElseAssign(Tensor x, Tensor y) {
    Tensor r;
    if (x.item() > 0.3) {
      r = x.sin().mul(y);
    } else {
      r = x.mul(x).sub(y);
    }
    return r.mul(x);
  }

  static Tensor ifWithoutElse(Tensor x) {
    Tensor r = x;
    if (x.item() < 0) {
      r = r.neg().mul(x);
    }
    return r.add(x);
  }

  static Tensor elseIfChain(Tensor x) {
    double v = x.item();
    if (v < -1) {
      return x.mul(x);
    } else if (v < 0) {
      return x.exp();
    } else if (v < 1) {
      return x.cos().mul(3);
    } else {
      return x.log().add(x);
    }
  }

  static Tensor ternary(Tensor x, Tensor y) {
    return x.item() > y.item() ? x.mul(x) : y.mul(x.exp());
  }

  static Tensor nestedTernary(Tensor x, Tensor y) {
    boolean xn = x.item() < 0;
    boolean yn = y.item() < 0;
    Tensor t = xn ? (yn ? x.mul(y) : x.add(y)) : (yn ? x.sub(y) : x.mul(x).mul(y));
    return t.mul(t);
  }

  static Tensor ternaryOnConstant(Tensor x, boolean b) {
    double k = b ? 2.0 : 3.0;
    return (b ? x.mul(k) : x.sin()).add(k);
  }

  static Tensor forConst(Tensor x) {
    Tensor s = c(0);
    for (int i = 0; i < 5; i++) {
      s = s.mul(x).add(i).add(1);
    }
    return s;
  }

  static Tensor forProduct(Tensor x, Tensor y) {
    Tensor p = c(1);
    for (int i = 0; i < 4; i++) {
      p = p.mul(x.add(y.mul(i)));
    }
    return p;
  }

  static Tensor countDownStepTwo(Tensor x) {
    Tensor s = x;
    for (int i = 8; i > 0; i -= 2) {
      s = s.mul(0.5).add(s.mul(i).sin());
    }
    return s;
  }

  static Tensor whileLoop(Tensor x) {
    int i = 0;
    Tensor s = x;
    while (i < 6) {
      s = s.sin().add(x);
      i++;
    }
    return s;
  }

  static Tensor doWhile(Tensor x, Tensor y) {
    int i = 0;
    Tensor s = y;
    do {
      s = s.mul(x).add(y);
      i++;
    } while (i < 4);
    return s;
  }

  static Tensor nestedLoops(Tensor x, Tensor y) {
    Tensor s = c(1);
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 4; j++) {
        s = s.mul(0.5).add(x.mul(i).add(y.mul(j)).cos().mul(x));
      }
    }
    return s;
  }

  static Tensor triangularLoops(Tensor x) {
    Tensor s = c(1);
    for (int i = 0; i < 5; i++) {
      for (int j = 0; j < i; j++) {
        s = s.mul(x).mul(0.5).add(j);
      }
    }
    return s;
  }

  static Tensor activeTripCount(Tensor x) {
    Tensor t = x;
    int n = 0;
    while (t.item() > 0.1) {
      t = t.mul(0.7);
      n++;
    }
    return t.mul(t).add(n);
  }

  static Tensor activeLoopBound(Tensor x) {
    Tensor s = c(0);
    for (double u = 0; u < x.item(); u += 0.5) {
      s = s.add(x.mul(u));
    }
    return s;
  }

  static Tensor powerUntil(Tensor x) {
    Tensor s = c(1);
    int k = 0;
    while (s.item() < 10 && k < 100) {
      s = s.mul(x);
      k++;
    }
    return s;
  }

  static Tensor breakOnActive(Tensor x) {
    Tensor s = c(0);
    for (int i = 0; i < 10; i++) {
      s = s.mul(x).add(1);
      if (s.item() > 5) {
        break;
      }
    }
    return s;
  }

  static Tensor continueOnConstant(Tensor x, Tensor y) {
    Tensor s = c(0);
    for (int i = 0; i < 6; i++) {
      if (i % 2 == 0) {
        continue;
      }
      s = s.add(x.mul(i).sin().mul(y));
    }
    return s;
  }

  static Tensor continueOnActive(Tensor x, Tensor y) {
    Tensor s = c(0);
    for (int i = 0; i < 6; i++) {
      Tensor v = x.mul(i).add(y).sin();
      if (v.item() < 0) {
        continue;
      }
      s = s.add(v.mul(v));
    }
    return s;
  }

  static Tensor earlyReturnInLoop(Tensor x) {
    Tensor s = c(0);
    for (int i = 0; i < 10; i++) {
      s = s.mul(0.9).add(x);
      if (s.item() > 2) {
        return s.mul(s);
      }
    }
    return s.neg();
  }

  static Tensor earlyReturnTop(Tensor x, Tensor y) {
    if (x.item() < 0) {
      return y.mul(y);
    }
    Tensor z = x.sqrt().mul(y);
    return z.add(x);
  }

  static Tensor enhancedForOverParam(Tensor x, Tensor a) {
    Tensor s = c(0);
    for (int i = 0; i < a.size(0); i++) {
      Tensor v = at(a, i);
      s = s.mul(x).add(v.mul(v));
    }
    return s;
  }

  static Tensor enhancedForOverLocal(Tensor x) {
    Tensor[] vals = {x, x.mul(x), x.sin()};
    Tensor s = c(1);
    for (Tensor v : vals) {
      s = s.mul(v).add(1);
    }
    return s;
  }

  static Tensor localDeclaredInLoop(Tensor x) {
    Tensor s = x;
    for (int i = 0; i < 4; i++) {
      Tensor t = s.mul(x);
      s = t.add(t.cos());
    }
    return s;
  }

  static Tensor breakAndContinue(Tensor x, Tensor y) {
    Tensor s = c(0);
    int i = 0;
    while (true) {
      i++;
      if (i > 20) {
        break;
      }
      if (i % 3 == 0) {
        continue;
      }
      s = s.mul(0.8).add(x.mul(y.mul(i).cos()));
      if (s.item() > 3) {
        break;
      }
    }
    return s;
  }

  static Tensor branchInLoop(Tensor x) {
    Tensor s = x;
    for (int i = 0; i < 6; i++) {
      if (s.item() > 1) {
        s = s.mul(0.5);
      } else {
        s = s.mul(s).add(x);
      }
    }
    return s;
  }

  static Tensor labeledBreak(Tensor x) {
    Tensor s = c(0);
    outer:
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 4; j++) {
        s = s.add(x.mul(i + j));
        if (s.item() > 6 * x.item()) {
          break outer;
        }
      }
    }
    return s.mul(x);
  }
}
