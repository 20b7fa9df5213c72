package dev.adjoint.sample.functional;

import dev.adjoint.AD;
import dev.adjoint.Differentiable;

/** Calls to other @Differentiable methods, overloads, wrt subsets and AD.withoutDerivative. */
final class Calls {
  private Calls() {}

  @Differentiable
  static double sq(double x) {
    return x * x;
  }

  @Differentiable
  static double usesHelper(double x, double y) {
    return sq(x) + sq(x * y) * Math.sin(sq(y));
  }

  @Differentiable
  static double callInLoop(double x) {
    double s = x;
    for (int i = 0; i < 4; i++) {
      s = sq(s) * 0.5 + x;
    }
    return s;
  }

  @Differentiable
  static double norm2(double[] a) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * a[i];
    }
    return Math.sqrt(s);
  }

  /** Passes a local array built from active scalars to an array-taking callee. */
  @Differentiable
  static double callWithLocalArray(double x, double y) {
    double[] v = {x, y, x * y};
    return norm2(v) * x;
  }

  /** Passes a parameter array on, and a scalar result back into arithmetic. */
  @Differentiable
  static double callWithParamArray(double[] a, double x) {
    return norm2(a) * x + sq(a[0]);
  }

  /** The callee returns an array: its pullback takes an array seed. */
  @Differentiable
  static double callArrayResult(double x, double[] a) {
    double[] b = ArrayFns.scale(x, a);
    double s = 0;
    for (int i = 0; i < b.length; i++) {
      s += b[i] * b[i];
    }
    return s;
  }

  /** Calls into another class. */
  @Differentiable
  static double crossClass(double x, double y) {
    return Straight.rosenbrock(x, y) + Ping.ping(y);
  }

  @Differentiable
  static double callChain(double x) {
    return usesHelper(sq(x), x) / (1 + sq(x));
  }

  @Differentiable
  static double overloaded(double x) {
    return x * Math.sin(x);
  }

  @Differentiable
  static double overloaded(double x, double y) {
    return overloaded(x) * y;
  }

  @Differentiable
  static float overloaded(float x) {
    return x * x * x;
  }

  @Differentiable(wrt = "y")
  static double onlyY(double x, double y) {
    return x * x * y + Math.exp(y * x);
  }

  @Differentiable(wrt = {"a", "x"})
  static double someParams(double x, double[] a, double z, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i] * x + z * a[i];
    }
    return s;
  }

  /** Calls a wrt-restricted method with constants in its non-wrt parameter (one made so on purpose). */
  @Differentiable
  static double callsOnlyY(double y) {
    return onlyY(2.0, y) + onlyY(AD.withoutDerivative(y), y);
  }

  @Differentiable
  static double stopGradient(double x, double y) {
    double c = AD.withoutDerivative(x * y);
    return c * x + y;
  }

  @Differentiable
  static double stopGradientInLoop(double x) {
    double s = x;
    for (int i = 0; i < 3; i++) {
      s = AD.withoutDerivative(s) * x + s;
    }
    return s;
  }

  /** A plain (not differentiable) helper called only with constants is allowed. */
  static double constantHelper(int n) {
    double s = 0;
    for (int i = 1; i <= n; i++) {
      s += 1.0 / i;
    }
    return s;
  }

  @Differentiable
  static double callsConstantHelper(double x, int n) {
    return constantHelper(n) * x * x;
  }
}
