package dev.adjoint.sample.tape;

import static dev.adjoint.sample.tape.Tape.at;
import static dev.adjoint.sample.tape.Tape.c;
import static dev.adjoint.sample.tape.Tape.stack;

import dev.adjoint.Tensor;

/**
 * Tape twins of functional/Calls.java, Ping/Pong, Model, FloatFns and CustomRules. A call to another
 * {@code @Differentiable} method is a call to that method's twin (the tape simply records through it);
 * {@code AD.withoutDerivative} is {@code detach()}; a {@code @Derivative} rule's function is written out
 * on the tape, whose derivative is the true one, so it checks the rule where the rule is correct.
 */
final class CallTwins {
  private CallTwins() {}

  // ---- Calls

  static Tensor sq(Tensor x) {
    return x.mul(x);
  }

  static Tensor usesHelper(Tensor x, Tensor y) {
    return sq(x).add(sq(x.mul(y)).mul(sq(y).sin()));
  }

  static Tensor callInLoop(Tensor x) {
    Tensor s = x;
    for (int i = 0; i < 4; i++) {
      s = sq(s).mul(0.5).add(x);
    }
    return s;
  }

  static Tensor norm2(Tensor a) {
    return a.mul(a).sum().sqrt();
  }

  static Tensor callWithLocalArray(Tensor x, Tensor y) {
    Tensor v = stack(x, y, x.mul(y));
    return norm2(v).mul(x);
  }

  static Tensor callWithParamArray(Tensor a, Tensor x) {
    return norm2(a).mul(x).add(sq(at(a, 0)));
  }

  static Tensor callArrayResult(Tensor x, Tensor a) {
    Tensor b = ArrayTwins.scale(x, a);
    return b.mul(b).sum();
  }

  static Tensor crossClass(Tensor x, Tensor y) {
    return StraightTwins.rosenbrock(x, y).add(ping(y));
  }

  static Tensor callChain(Tensor x) {
    return usesHelper(sq(x), x).div(sq(x).add(1));
  }

  static Tensor overloaded(Tensor x) {
    return x.mul(x.sin());
  }

  static Tensor overloaded(Tensor x, Tensor y) {
    return overloaded(x).mul(y);
  }

  static Tensor overloadedFloat(Tensor x) {
    return x.mul(x).mul(x);
  }

  static Tensor onlyY(Tensor x, Tensor y) {
    return x.mul(x).mul(y).add(y.mul(x).exp());
  }

  static Tensor someParams(Tensor x, Tensor a, Tensor z, Tensor b) {
    return a.mul(b).mul(x).add(a.mul(z)).sum();
  }

  static Tensor callsOnlyY(Tensor y) {
    return onlyY(c(2.0), y).add(onlyY(y.detach(), y));
  }

  static Tensor stopGradient(Tensor x, Tensor y) {
    Tensor k = x.mul(y).detach();
    return k.mul(x).add(y);
  }

  static Tensor stopGradientInLoop(Tensor x) {
    Tensor s = x;
    for (int i = 0; i < 3; i++) {
      s = s.detach().mul(x).add(s);
    }
    return s;
  }

  static Tensor callsConstantHelper(Tensor x, int n) {
    double h = 0;
    for (int i = 1; i <= n; i++) {
      h += 1.0 / i;
    }
    return x.mul(h).mul(x);
  }

  // ---- Ping and Pong

  static Tensor ping(Tensor x) {
    return x.sin().add(x.mul(2));
  }

  static Tensor pingPong(Tensor x, Tensor y) {
    return pong(x.mul(y)).mul(ping(y));
  }

  static Tensor pong(Tensor x) {
    return x.neg().mul(x).exp().add(x);
  }

  static Tensor pongPing(Tensor x) {
    return ping(x).mul(pong(x));
  }

  // ---- Model (instance methods; the receiver's fields are constants)

  static Tensor predict(double bias, double[] weights, Tensor x) {
    Tensor s = c(bias);
    for (int i = weights.length - 1; i >= 0; i--) {
      s = s.mul(x).add(weights[i]);
    }
    return s;
  }

  static Tensor loss(double bias, double[] weights, Tensor x, Tensor target) {
    Tensor e = predict(bias, weights, x).sub(target);
    return e.mul(e);
  }

  static Tensor weighted(double bias, double[] weights, Tensor v) {
    Tensor w = Tape.vec(java.util.Arrays.copyOf(weights, v.size(0)));
    return w.mul(v.tanh()).sum().add(bias);
  }

  /** Model.features: {@code tanh(weights[i % weights.length] * v[i] + bias)}. */
  static Tensor features(double bias, double[] weights, Tensor v) {
    double[] cyclic = new double[v.size(0)];
    for (int i = 0; i < cyclic.length; i++) {
      cyclic[i] = weights[i % weights.length];
    }
    return Tape.vec(cyclic).mul(v).add(bias).tanh();
  }

  static Tensor featureLoss(double bias, double[] weights, Tensor v) {
    Tensor f = features(bias, weights, v);
    Tensor g = features(bias, weights, f);
    return g.mul(f).sum();
  }

  // ---- FloatFns (the tape runs in double on the same float inputs)

  static Tensor product(Tensor x, Tensor y) {
    return x.mul(x).mul(y).add(y.mul(2));
  }

  static Tensor mathCast(Tensor x) {
    return x.sin().mul(x).add(x.neg().exp());
  }

  static Tensor mixed(Tensor x, Tensor y) {
    return x.mul(y).add(x.cos());
  }

  static Tensor floatLoop(Tensor x) {
    Tensor s = c(1);
    for (int i = 0; i < 4; i++) {
      s = s.mul(x).add(0.5);
    }
    return s;
  }

  static Tensor floatArraySum(Tensor a) {
    return a.mul(a).sum();
  }

  static Tensor floatArrayResult(Tensor x, Tensor a) {
    return a.mul(x).add(x.mul(x));
  }

  static Tensor floatAbsMax(Tensor x, Tensor y) {
    return x.abs().mul(x.maximum(y));
  }

  // ---- CustomRules: the functions behind the @Derivative rules, written on the tape

  /** Stable softplus, both arms on the tape (log1p(u) as log(1 + u)). */
  static Tensor softplus(Tensor x) {
    return x.item() > 0 ? x.add(x.neg().exp().add(1).log()) : x.exp().add(1).log();
  }

  static Tensor logAddExp(Tensor a, Tensor b) {
    Tensor m = a.maximum(b);
    return m.add(a.sub(m).exp().add(b.sub(m).exp()).log());
  }

  /** The 40-term Maclaurin series of erf, as in the source; its derivative is the series of the rule. */
  static Tensor erfSeries(Tensor x) {
    Tensor term = x;
    Tensor sum = x;
    for (int n = 1; n < 40; n++) {
      term = term.neg().mul(x).mul(x).div(n);
      sum = sum.add(term.div(2 * n + 1));
    }
    return sum.mul(2 / Math.sqrt(Math.PI));
  }

  static Tensor cube(Tensor x) {
    return x.mul(x).mul(x);
  }

  static Tensor usesSoftplus(Tensor x, Tensor y) {
    return softplus(x.mul(y)).add(softplus(x.neg()));
  }

  static Tensor usesLogAddExp(Tensor x, Tensor y) {
    return logAddExp(x.mul(x), y.sin()).mul(y);
  }

  static Tensor usesErf(Tensor x) {
    Tensor s = c(0);
    for (int i = 1; i <= 3; i++) {
      s = s.add(erfSeries(x.div(i)));
    }
    return s;
  }

  static Tensor usesRuleFromOtherClass(Tensor x) {
    return cube(x).add(x);
  }
}
