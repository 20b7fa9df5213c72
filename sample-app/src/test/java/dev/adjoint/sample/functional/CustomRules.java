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
}
