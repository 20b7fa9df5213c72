package dev.adjoint.sample.functional;

import dev.adjoint.Differentiable;

/** Straight-line code: locals, var, assignment, compound assignment, int counters, constants. */
final class Straight {
  private Straight() {}

  @Differentiable
  static double poly(double x, double y) {
    return 3 * x * x * y - 2 * y * y + x / y + 5;
  }

  @Differentiable
  static double rosenbrock(double x, double y) {
    return (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x);
  }

  @Differentiable
  static double locals(double x, double y) {
    double a = x * y;
    double b = a + x;
    var c = b * b - a;
    return c / (1 + a * a);
  }

  @Differentiable
  static double compound(double x, double y) {
    double s = x;
    s += y;
    s *= x;
    s -= 2 * y;
    s /= 1 + y * y;
    return s;
  }

  @Differentiable
  static double reassign(double x) {
    double t = x;
    t = t * t;
    t = Math.sin(t) + t;
    t = t * x;
    return t;
  }

  @Differentiable
  static double unaryAndParens(double x, double y) {
    return -(x - y) * +(x + y) - -x;
  }

  /** Ternary on a constant parameter; int and boolean parameters are constants. */
  @Differentiable
  static double constantsMixed(double x, int n, boolean flip) {
    return flip ? n * x : x / n;
  }

  @Differentiable
  static double intCounterArith(double x) {
    int i = 3;
    i++;
    i--;
    ++i;
    --i;
    i += 2;
    i *= 2;
    return x * i;
  }

  @Differentiable
  static double floatConstants(double x) {
    float c = 1.5f;
    return c * x + (double) 2.5f;
  }

  /** The expr20 workload of BENCHMARKS.md table A. */
  @Differentiable
  static double expr20(double x, double y) {
    double a = Math.sin(x) * Math.exp(-y);
    double b = Math.tanh(a + x * y);
    double c = Math.sqrt(1 + b * b) / (1 + x * x);
    double d = Math.log(1 + c) * Math.cos(y) + a * b * c;
    return d * d + 1 / (1 + Math.exp(-(d - x)));
  }

  @Differentiable
  static double divisionChain(double x, double y) {
    return x / (y * y + 1) / (x * x + 2);
  }

  /** Both sides of the assignment read the variable written: the adjoint must not alias. */
  @Differentiable
  static double selfAliasing(double x) {
    double a = x;
    a = a * a * a;
    a += a;
    a *= a;
    return a;
  }

  @Differentiable
  static double sameVarBothSides(double x, double y) {
    double a = x;
    a = a * y + a;
    a = a / (1 + a * a);
    a -= a * y;
    return a;
  }

  /** A value computed but not used, and a value used twice. */
  @Differentiable
  static double deadAndShared(double x, double y) {
    double unused = Math.exp(x * y);
    double shared = x * y;
    return shared * shared + shared;
  }

  /** A constant local mixed with active ones; the result still depends on x. */
  @Differentiable
  static double constantLocal(double x) {
    double k = 2.0;
    k = k * 3;
    double r = k * x;
    r += k;
    return r;
  }

  /** A parameter reassigned inside the body. */
  @Differentiable
  static double paramReassigned(double x, double y) {
    x = x * y;
    y = y + x;
    return x * y;
  }
}
