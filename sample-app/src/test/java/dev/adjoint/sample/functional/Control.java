package dev.adjoint.sample.functional;

import dev.adjoint.Differentiable;

/** Branches, ternaries, loops, break/continue and early return, on constant and active values. */
final class Control {
  private Control() {}

  @Differentiable
  static double ifElseAssign(double x, double y) {
    double r;
    if (x > 0.3) {
      r = Math.sin(x) * y;
    } else {
      r = x * x - y;
    }
    return r * x;
  }

  @Differentiable
  static double ifWithoutElse(double x) {
    double r = x;
    if (x < 0) {
      r = -r * x;
    }
    return r + x;
  }

  @Differentiable
  static double elseIfChain(double x) {
    double r;
    if (x < -1) {
      r = x * x;
    } else if (x < 0) {
      r = Math.exp(x);
    } else if (x < 1) {
      r = Math.cos(x) * 3;
    } else {
      r = Math.log(x) + x;
    }
    return r;
  }

  @Differentiable
  static double ternary(double x, double y) {
    return x > y ? x * x : y * Math.exp(x);
  }

  @Differentiable
  static double nestedTernary(double x, double y) {
    double t = x < 0 ? (y < 0 ? x * y : x + y) : (y < 0 ? x - y : x * x * y);
    return t * t;
  }

  @Differentiable
  static double ternaryOnConstant(double x, boolean b) {
    double k = b ? 2.0 : 3.0;
    return (b ? x * k : Math.sin(x)) + k;
  }

  /** Horner evaluation: the loop overwrites s each iteration. */
  @Differentiable
  static double forConst(double x) {
    double s = 0;
    for (int i = 0; i < 5; i++) {
      s = s * x + i + 1;
    }
    return s;
  }

  @Differentiable
  static double forProduct(double x, double y) {
    double p = 1;
    for (int i = 0; i < 4; i++) {
      p *= x + i * y;
    }
    return p;
  }

  @Differentiable
  static double countDownStepTwo(double x) {
    double s = x;
    for (int i = 8; i > 0; i -= 2) {
      s = s * 0.5 + Math.sin(s * i);
    }
    return s;
  }

  @Differentiable
  static double whileLoop(double x) {
    int i = 0;
    double s = x;
    while (i < 6) {
      s = Math.sin(s) + x;
      i++;
    }
    return s;
  }

  @Differentiable
  static double doWhile(double x, double y) {
    int i = 0;
    double s = y;
    do {
      s = s * x + y;
      i++;
    } while (i < 4);
    return s;
  }

  @Differentiable
  static double nestedLoops(double x, double y) {
    double s = 1;
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 4; j++) {
        s = s * 0.5 + Math.cos(x * i + y * j) * x;
      }
    }
    return s;
  }

  @Differentiable
  static double triangularLoops(double x) {
    double s = 1;
    for (int i = 0; i < 5; i++) {
      for (int j = 0; j < i; j++) {
        s = s * x * 0.5 + j;
      }
    }
    return s;
  }

  /** The trip count depends on x: t = x * 0.7^n, n recorded in the forward sweep. */
  @Differentiable
  static double activeTripCount(double x) {
    double t = x;
    int n = 0;
    while (t > 0.1) {
      t = t * 0.7;
      n++;
    }
    return t * t + n;
  }

  /** The loop condition compares an active value; the loop variable itself is a constant double. */
  @Differentiable
  static double activeLoopBound(double x) {
    double s = 0;
    for (double u = 0; u < x; u += 0.5) {
      s += u * x;
    }
    return s;
  }

  @Differentiable
  static double powerUntil(double x) {
    double s = 1;
    int k = 0;
    while (s < 10 && k < 100) {
      s *= x;
      k++;
    }
    return s;
  }

  @Differentiable
  static double breakOnActive(double x) {
    double s = 0;
    for (int i = 0; i < 10; i++) {
      s = s * x + 1;
      if (s > 5) {
        break;
      }
    }
    return s;
  }

  @Differentiable
  static double continueOnConstant(double x, double y) {
    double s = 0;
    for (int i = 0; i < 6; i++) {
      if (i % 2 == 0) {
        continue;
      }
      s += Math.sin(x * i) * y;
    }
    return s;
  }

  @Differentiable
  static double continueOnActive(double x, double y) {
    double s = 0;
    for (int i = 0; i < 6; i++) {
      double v = Math.sin(x * i + y);
      if (v < 0) {
        continue;
      }
      s += v * v;
    }
    return s;
  }

  @Differentiable
  static double earlyReturnInLoop(double x) {
    double s = 0;
    for (int i = 0; i < 10; i++) {
      s = s * 0.9 + x;
      if (s > 2) {
        return s * s;
      }
    }
    return -s;
  }

  @Differentiable
  static double earlyReturnTop(double x, double y) {
    if (x < 0) {
      return y * y;
    }
    double z = Math.sqrt(x) * y;
    return z + x;
  }

  @Differentiable
  static double enhancedForOverParam(double x, double[] a) {
    double s = 0;
    for (double v : a) {
      s = s * x + v * v;
    }
    return s;
  }

  @Differentiable
  static double enhancedForOverLocal(double x) {
    double[] vals = {x, x * x, Math.sin(x)};
    double s = 1;
    for (double v : vals) {
      s = s * v + 1;
    }
    return s;
  }

  @Differentiable
  static double localDeclaredInLoop(double x) {
    double s = x;
    for (int i = 0; i < 4; i++) {
      double t = s * x;
      s = t + Math.cos(t);
    }
    return s;
  }

  @Differentiable
  static double breakAndContinue(double x, double y) {
    double s = 0;
    int i = 0;
    while (true) {
      i++;
      if (i > 20) {
        break;
      }
      if (i % 3 == 0) {
        continue;
      }
      s = s * 0.8 + x * Math.cos(y * i);
      if (s > 3) {
        break;
      }
    }
    return s;
  }

  /** A branch inside a loop on an active value, with values overwritten on both arms. */
  @Differentiable
  static double branchInLoop(double x) {
    double s = x;
    for (int i = 0; i < 6; i++) {
      if (s > 1) {
        s = s * 0.5;
      } else {
        s = s * s + x;
      }
    }
    return s;
  }

  @Differentiable
  static double labeledBreak(double x) {
    double s = 0;
    outer:
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 4; j++) {
        s = s + x * (i + j);
        if (s > 6 * x) {
          break outer;
        }
      }
    }
    return s * x;
  }
}
