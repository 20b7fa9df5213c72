package dev.adjoint.sample.functional;

import dev.adjoint.Differentiable;

/**
 * Switch statements and expressions (on int, char, String, enum and a boxed Integer) and assert: the
 * processor lowers a switch to an if/else chain on its labels, and keeps an assert in the forward sweep.
 */
final class Switches {
  private Switches() {}

  /** An activation chosen by an enum, as an existing model would. */
  enum Activation { RELU, TANH, SIGMOID, IDENTITY }

  @Differentiable
  static double oldStyleReturns(double x, int mode) {
    switch (mode) {
      case 0:
        return x * x;
      case 1:
      case 2:
        return Math.sin(x) * mode;
      default:
        return x;
    }
  }

  @Differentiable
  static double oldStyleBreaks(double x, int mode) {
    double y = 0;
    switch (mode) {
      case 0:
        y = x * x;
        break;
      case 1: {
        y = Math.sin(x);
        break;
      }
      default:
        y = x;
    }
    return y * 3;
  }

  @Differentiable
  static double defaultInTheMiddle(double x, int mode) {
    double y = x;
    switch (mode) {
      case 0 -> y = Math.exp(x);
      default -> y *= x;
      case 2 -> y = Math.cos(y);
    }
    return y;
  }

  @Differentiable
  static double expressionWithYield(double x, int mode) {
    double y = switch (mode) {
      case 0 -> x * x;
      case 1 -> Math.sin(x);
      default -> {
        double t = Math.exp(x);
        yield t * t;
      }
    };
    return y * 2.5;
  }

  @Differentiable
  static double activation(double x, Activation a) {
    return switch (a) {
      case RELU -> Math.max(0, x);
      case TANH -> Math.tanh(x);
      case SIGMOID -> 1 / (1 + Math.exp(-x));
      case IDENTITY -> x;
    };
  }

  @Differentiable
  static double byName(double x, String op) {
    double r;
    r = switch (op) {
      case "square" -> x * x;
      case "cube", "third" -> x * x * x;
      default -> throw new IllegalArgumentException("unknown op " + op);
    };
    return r;
  }

  @Differentiable
  static double byChar(double x, char c) {
    switch (c) {
      case 'a' -> {
        return x;
      }
      case 'b' -> {
        return 2 * x * x;
      }
      default -> {
        return Math.sqrt(1 + x * x);
      }
    }
  }

  @Differentiable
  static double boxedSelector(double x, Integer mode) {
    return switch (mode) {
      case 1 -> Math.sinh(x);
      default -> Math.cosh(x);
    };
  }

  /** The selector is computed once; arms in a loop use continue and compound assignment. */
  @Differentiable
  static double inLoop(double[] xs, int offset) {
    double s = 0;
    for (int i = 0; i < xs.length; i++) {
      switch ((i + offset) % 4) {
        case 0 -> s += xs[i] * xs[i];
        case 1 -> {
          s *= xs[i];
        }
        case 2 -> {
          continue;
        }
        default -> s = Math.sin(s + xs[i]);
      }
      s += 0.1 * xs[i];
    }
    return s;
  }

  @Differentiable
  static double nested(double x, int a, int b) {
    double r = 0;
    switch (a) {
      case 0:
        switch (b) {
          case 0:
            r = x * x;
            break;
          default:
            r = Math.exp(x);
        }
        break;
      default:
        r = switch (b) {
          case 0 -> Math.log(1 + x * x);
          default -> x;
        };
    }
    return r * x;
  }

  @Differentiable
  static double intoArray(double x, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = switch (i % 2) {
        case 0 -> x * i;
        default -> Math.cos(x * i);
      };
    }
    double s = 0;
    for (double e : v) {
      s += e * e;
    }
    return s;
  }

  @Differentiable
  static double asserted(double x) {
    assert x > -10 : "x too small: " + x;
    assert Math.abs(x) < 100;
    return x * Math.cos(x);
  }
}
