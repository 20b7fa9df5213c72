package dev.adjoint.sample.functional;

import dev.adjoint.Derivative;
import dev.adjoint.Differentiable;

/** @Derivative custom rules, used by @Differentiable callers. */
final class CustomRules {
  private CustomRules() {}

  /** Numerically stable softplus; the rule gives its derivative, the sigmoid. */
  static double softplus(double x) {
    return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
  }

  @Derivative(of = "softplus")
  static double softplusVjp(double x, double seed) {
    return seed / (1 + Math.exp(-x));
  }

  /** Two differentiable parameters: the rule returns one adjoint per parameter, in order. */
  static double logAddExp(double a, double b) {
    double m = Math.max(a, b);
    return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
  }

  @Derivative(of = "logAddExp")
  static double[] logAddExpVjp(double a, double b, double seed) {
    double m = Math.max(a, b);
    double ea = Math.exp(a - m);
    double eb = Math.exp(b - m);
    return new double[] {seed * ea / (ea + eb), seed * eb / (ea + eb)};
  }

  /** An opaque function (a series the processor need not read) with an exact rule. */
  static double erfSeries(double x) {
    double term = x;
    double sum = x;
    for (int n = 1; n < 40; n++) {
      term = -term * x * x / n;
      sum += term / (2 * n + 1);
    }
    return 2 / Math.sqrt(Math.PI) * sum;
  }

  @Derivative(of = "erfSeries")
  static double erfSeriesVjp(double x, double seed) {
    return seed * 2 / Math.sqrt(Math.PI) * Math.exp(-x * x);
  }

  @Derivative(of = "dev.adjoint.sample.functional.RulesElsewhere#cube")
  static double cubeVjp(double x, double seed) {
    return seed * 3 * x * x;
  }

  @Differentiable
  static double usesSoftplus(double x, double y) {
    return softplus(x * y) + softplus(-x);
  }

  @Differentiable
  static double usesLogAddExp(double x, double y) {
    return logAddExp(x * x, Math.sin(y)) * y;
  }

  @Differentiable
  static double usesErf(double x) {
    double s = 0;
    for (int i = 1; i <= 3; i++) {
      s += erfSeries(x / i);
    }
    return s;
  }

  @Differentiable
  static double usesRuleFromOtherClass(double x) {
    return RulesElsewhere.cube(x) + x;
  }

  /** Calls of the counted functions below so far: a generated gradient runs each once per call in the source. */
  static int calls;

  /** softplus, counted. */
  static double countedSoftplus(double x) {
    calls++;
    return softplus(x);
  }

  @Derivative(of = "countedSoftplus")
  static double countedSoftplusVjp(double x, double seed) {
    return softplusVjp(x, seed);
  }

  /** Squares of the elements, counted: a rule for an array function. */
  static double[] countedSquares(double[] x) {
    calls++;
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = x[i] * x[i];
    }
    return y;
  }

  @Derivative(of = "countedSquares")
  static double[] countedSquaresVjp(double[] x, double[] seed) {
    double[] d = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      d[i] = 2 * x[i] * seed[i];
    }
    return d;
  }

  /** A passive helper (no derivative needed: it computes an index), counted. */
  static int index(int i) {
    calls++;
    return i;
  }

  /** The product's rule reads the function's value. */
  @Differentiable
  static double softplusTimesX(double x, double y) {
    return x * countedSoftplus(x * y);
  }

  /** A value read by the reverse on every trip of a loop. */
  @Differentiable
  static double softplusChain(double x) {
    double s = 1;
    for (int i = 0; i < 4; i++) {
      s = s * countedSoftplus(s * x);
    }
    return s;
  }

  /** The function in one branch of a ternary. */
  @Differentiable
  static double softplusBranch(double x, double y) {
    return y > 0 ? countedSoftplus(x) * x : x;
  }

  @Differentiable
  static double dotWith(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  /** An array function with a rule, handed to a @Differentiable callee that reads it. */
  @Differentiable
  static double squaresDot(double[] x) {
    return dotWith(countedSquares(x), x) * Math.sin(x[0]);
  }

  /** A passive helper in the indices the reverse reads to find each element's adjoint. */
  @Differentiable
  static double passiveIndex(double[] x) {
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      s += x[index(i)] * x[index(i)] * countedSoftplus(x[i]);
    }
    return s;
  }
}
