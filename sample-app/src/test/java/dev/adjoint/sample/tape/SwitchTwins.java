package dev.adjoint.sample.tape;

import static dev.adjoint.sample.tape.Tape.at;
import static dev.adjoint.sample.tape.Tape.c;

import dev.adjoint.Tensor;

/**
 * Tape twins of functional/Switches.java. The selectors (int, char, String, enum, boxed Integer) are
 * plain Java values, as in the source, so each twin switches on them in plain Java and the tape records
 * only the arm taken, which is what the generated code's if/else chain replays. sinh and cosh are the
 * identities of {@link MathTwins}; {@code Math.max(0, x)} is {@code maximum}, as in MathTwins.max.
 */
final class SwitchTwins {
  private SwitchTwins() {}

  /**
   * Mirrors {@code Switches.Activation}, which is package-private in the functional package and cannot
   * be named here; TapeTwinTest maps each of its constants to this one by name, so a constant added there
   * and missing here fails with {@code valueOf}.
   */
  enum Activation { RELU, TANH, SIGMOID, IDENTITY }

  static Tensor oldStyleReturns(Tensor x, int mode) {
    switch (mode) {
      case 0:
        return x.mul(x);
      case 1:
      case 2:
        return x.sin().mul(mode);
      default:
        return x;
    }
  }

  static Tensor oldStyleBreaks(Tensor x, int mode) {
    Tensor y = switch (mode) {
      case 0 -> x.mul(x);
      case 1 -> x.sin();
      default -> x;
    };
    return y.mul(3);
  }

  static Tensor defaultInTheMiddle(Tensor x, int mode) {
    Tensor y = x;
    switch (mode) {
      case 0 -> y = x.exp();
      default -> y = y.mul(x);
      case 2 -> y = y.cos();
    }
    return y;
  }

  static Tensor expressionWithYield(Tensor x, int mode) {
    Tensor y = switch (mode) {
      case 0 -> x.mul(x);
      case 1 -> x.sin();
      default -> {
        Tensor t = x.exp();
        yield t.mul(t);
      }
    };
    return y.mul(2.5);
  }

  static Tensor activation(Tensor x, Activation a) {
    return switch (a) {
      case RELU -> c(0).maximum(x);
      case TANH -> x.tanh();
      case SIGMOID -> x.neg().exp().add(1).rdiv(1);
      case IDENTITY -> x;
    };
  }

  static Tensor byName(Tensor x, String op) {
    return switch (op) {
      case "square" -> x.mul(x);
      case "cube", "third" -> x.mul(x).mul(x);
      default -> throw new IllegalArgumentException("unknown op " + op);
    };
  }

  static Tensor byChar(Tensor x, char c) {
    return switch (c) {
      case 'a' -> x;
      case 'b' -> x.mul(x).mul(2);
      default -> x.mul(x).add(1).sqrt();
    };
  }

  static Tensor boxedSelector(Tensor x, Integer mode) {
    return switch (mode) {
      case 1 -> MathTwins.sinh(x);
      default -> MathTwins.cosh(x);
    };
  }

  static Tensor inLoop(Tensor xs, int offset) {
    Tensor s = c(0);
    for (int i = 0; i < xs.size(0); i++) {
      Tensor xi = at(xs, i);
      switch ((i + offset) % 4) {
        case 0 -> s = s.add(xi.mul(xi));
        case 1 -> s = s.mul(xi);
        case 2 -> {
          continue;
        }
        default -> s = s.add(xi).sin();
      }
      s = s.add(xi.mul(0.1));
    }
    return s;
  }

  static Tensor nested(Tensor x, int a, int b) {
    Tensor r = switch (a) {
      case 0 -> switch (b) {
        case 0 -> x.mul(x);
        default -> x.exp();
      };
      default -> switch (b) {
        case 0 -> x.mul(x).add(1).log();
        default -> x;
      };
    };
    return r.mul(x);
  }

  static Tensor intoArray(Tensor x, int n) {
    Tensor[] v = new Tensor[n];
    for (int i = 0; i < n; i++) {
      v[i] = switch (i % 2) {
        case 0 -> x.mul(i);
        default -> x.mul(i).cos();
      };
    }
    Tensor s = c(0);
    for (Tensor e : v) {
      s = s.add(e.mul(e));
    }
    return s;
  }

  static Tensor asserted(Tensor x) {
    assert x.item() > -10 : "x too small: " + x.item();
    assert Math.abs(x.item()) < 100;
    return x.mul(x.cos());
  }
}
