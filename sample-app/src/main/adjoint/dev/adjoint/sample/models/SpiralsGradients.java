package dev.adjoint.sample.models;

import dev.adjoint.rules.DoubleRules;
import dev.adjoint.support.Adjoints;
import dev.adjoint.support.DoubleStack;
import dev.adjoint.support.ObjectStack;
import dev.adjoint.support.Reversals;
import javax.annotation.processing.Generated;

/**
 * Gradients of the {@code @Differentiable} methods of {@code Spirals}, written by Adjoint's annotation processor.
 *
 * <p>Do not edit: regenerated on every build.
 */
@Generated("dev.adjoint.processor.AdjointProcessor")
public final class SpiralsGradients {
  private SpiralsGradients() {
  }

  /**
   * Value and gradient of {@code Spirals.dense(double[] w, double[] b, double[] x)}.
   */
  public static DenseGradient dense(double[] w, double[] b, double[] x) {
    throw new IllegalArgumentException("dense returns an array, so it has no gradient: call denseVjp with a seed");
  }

  /**
   * Vector-Jacobian product of {@code Spirals.dense(double[] w, double[] b, double[] x)}: the value, and {@code seed} times the derivative of the result with respect to each parameter.
   */
  public static DenseGradient denseVjp(double[] w, double[] b, double[] x, double[] seed) {
    return denseReverse(denseForward(w, b, x), seed);
  }

  /**
   * The forward sweep of {@code Spirals.dense(double[] w, double[] b, double[] x)}: its value, and what {@code denseReverse} needs to finish the gradient (a caller's generated adjoint runs the method once this way instead of twice).
   */
  public static DenseForward denseForward(double[] w, double[] b, double[] x) {
    double sum = 0;
    // Spirals.java:15
    double[] y = new double[b.length];
    // Spirals.java:16
    for (int o = 0; o < b.length; o++) {
      sum = b[o];
      for (int i = 0; i < x.length; i++) {
        sum += w[o * x.length + i] * x[i];
      }
      y[o] = sum;
    }
    // Spirals.java:23
    double[] _value = y;
    return new DenseForward(_value, w, b, x, y);
  }

  /**
   * The reverse sweep of {@code Spirals.dense(double[] w, double[] b, double[] x)} for the record {@code denseForward} returned: the same as {@code denseVjp} with the arguments given to {@code denseForward}.
   */
  public static DenseGradient denseReverse(Object _forward, double[] seed) {
    return denseReverseInto(_forward, seed, null, null, null);
  }

  /**
   * As {@code denseReverse}, adding the gradient of each array parameter into the array given for it (if not null), whose component of the result is then that array: a caller's adjoint hands over its own.
   */
  public static DenseGradient denseReverseInto(Object _forward, double[] seed, double[] _into_w,
      double[] _into_b, double[] _into_x) {
    DenseForward _fw = (DenseForward) _forward;
    double[] _value = _fw._value();
    double[] w = _fw.w();
    double[] b = _fw.b();
    double[] x = _fw.x();
    double[] y = _fw.y();
    double[] _d_w = _into_w != null ? _into_w : new double[w.length];
    double[] _d_b = _into_b != null ? _into_b : new double[b.length];
    double[] _d_x = _into_x != null ? _into_x : new double[x.length];
    double[] _d_y = new double[y.length];
    double _d_sum = 0;
    // Spirals.java:23
    Adjoints.addTo(_d_y, seed);
    // Spirals.java:16
    for (int o = b.length - 1; o >= 0; o--) {
      double _r0 = _d_y[o];
      _d_y[o] = 0;
      _d_sum += _r0;
      Adjoints.addScaledToBoth(_d_w, o * x.length, x, 0, _d_x, 0, w, o * x.length, x.length, _d_sum);
      _d_b[o] += _d_sum;
      _d_sum = 0;
    }
    return new DenseGradient(_value, _d_w, _d_b, _d_x);
  }

  /**
   * Value and gradient of {@code Spirals.tanh(double[] v)}.
   */
  public static TanhGradient tanh(double[] v) {
    throw new IllegalArgumentException("tanh returns an array, so it has no gradient: call tanhVjp with a seed");
  }

  /**
   * Vector-Jacobian product of {@code Spirals.tanh(double[] v)}: the value, and {@code seed} times the derivative of the result with respect to each parameter.
   */
  public static TanhGradient tanhVjp(double[] v, double[] seed) {
    return tanhReverse(tanhForward(v), seed);
  }

  /**
   * The forward sweep of {@code Spirals.tanh(double[] v)}: its value, and what {@code tanhReverse} needs to finish the gradient (a caller's generated adjoint runs the method once this way instead of twice).
   */
  public static TanhForward tanhForward(double[] v) {
    DoubleStack _t0 = new DoubleStack();
    // Spirals.java:29
    double[] y = new double[v.length];
    // Spirals.java:30
    for (int i = 0; i < v.length; i++) {
      double _p0 = Math.tanh(v[i]);
      _t0.push(_p0);
      y[i] = _p0;
    }
    // Spirals.java:33
    double[] _value = y;
    return new TanhForward(new Reversals(), _value, v, _t0, y);
  }

  /**
   * The reverse sweep of {@code Spirals.tanh(double[] v)} for the record {@code tanhForward} returned: the same as {@code tanhVjp} with the arguments given to {@code tanhForward}.
   */
  public static TanhGradient tanhReverse(Object _forward, double[] seed) {
    return tanhReverseInto(_forward, seed, null);
  }

  /**
   * As {@code tanhReverse}, adding the gradient of each array parameter into the array given for it (if not null), whose component of the result is then that array: a caller's adjoint hands over its own.
   */
  public static TanhGradient tanhReverseInto(Object _forward, double[] seed, double[] _into_v) {
    TanhForward _fw = (TanhForward) _forward;
    _fw._reversals().once("tanhReverse", "tanhForward", "tanhVjp");
    double[] _value = _fw._value();
    double[] v = _fw.v();
    DoubleStack _t0 = _fw._t0();
    double[] y = _fw.y();
    double[] _d_v = _into_v != null ? _into_v : new double[v.length];
    double[] _d_y = new double[y.length];
    // Spirals.java:33
    Adjoints.addTo(_d_y, seed);
    // Spirals.java:30
    for (int i = v.length - 1; i >= 0; i--) {
      double _k0 = _t0.pop();
      double _r0 = _d_y[i];
      _d_y[i] = 0;
      _d_v[i] += DoubleRules.tanhFromResult(_k0, _r0);
    }
    // the next gradient on this thread reuses the stacks' storage
    _t0.release();
    return new TanhGradient(_value, _d_v);
  }

  /**
   * Value and gradient of {@code Spirals.score(double[] w1, double[] b1, double[] w2, double[] b2, double[] w3, double b3, double x0, double x1)}.
   */
  public static ScoreGradient score(double[] w1, double[] b1, double[] w2, double[] b2, double[] w3,
      double b3, double x0, double x1) {
    return scoreVjp(w1, b1, w2, b2, w3, b3, x0, x1, 1.0);
  }

  /**
   * Vector-Jacobian product of {@code Spirals.score(double[] w1, double[] b1, double[] w2, double[] b2, double[] w3, double b3, double x0, double x1)}: the value, and {@code seed} times the derivative of the result with respect to each parameter.
   */
  public static ScoreGradient scoreVjp(double[] w1, double[] b1, double[] w2, double[] b2,
      double[] w3, double b3, double x0, double x1, double seed) {
    double[] _d_w1 = new double[w1.length];
    double[] _d_b1 = new double[b1.length];
    double[] _d_w2 = new double[w2.length];
    double[] _d_b2 = new double[b2.length];
    double[] _d_w3 = new double[w3.length];
    // Spirals.java:40
    double[] point = new double[2];
    double[] _d_point = new double[point.length];
    // Spirals.java:41
    point[0] = x0;
    // Spirals.java:42
    point[1] = x1;
    // Spirals.java:43
    var _f0 = SpiralsGradients.denseForward(w1, b1, point);
    double[] _out0 = _f0._value();
    double[] _d__out0 = new double[_out0.length];
    // Spirals.java:43
    var _f1 = SpiralsGradients.tanhForward(_out0);
    double[] h1 = _f1._value();
    double[] _d_h1 = new double[h1.length];
    // Spirals.java:44
    var _f2 = SpiralsGradients.denseForward(w2, b2, h1);
    double[] _out1 = _f2._value();
    double[] _d__out1 = new double[_out1.length];
    // Spirals.java:44
    var _f3 = SpiralsGradients.tanhForward(_out1);
    double[] h2 = _f3._value();
    double[] _d_h2 = new double[h2.length];
    // Spirals.java:45
    double sum = b3;
    // Spirals.java:46
    for (int i = 0; i < h2.length; i++) {
      sum += w3[i] * h2[i];
    }
    // Spirals.java:49
    double _value = sum;
    // Spirals.java:49
    double _d_sum = seed;
    // Spirals.java:46
    Adjoints.addScaledToBoth(_d_w3, 0, h2, 0, _d_h2, 0, w3, 0, h2.length, _d_sum);
    // Spirals.java:45
    double _d_b3 = _d_sum;
    // Spirals.java:44
    SpiralsGradients.tanhReverseInto(_f3, _d_h2, _d__out1);
    // Spirals.java:44
    SpiralsGradients.denseReverseInto(_f2, _d__out1, _d_w2, _d_b2, _d_h1);
    // Spirals.java:43
    SpiralsGradients.tanhReverseInto(_f1, _d_h1, _d__out0);
    // Spirals.java:43
    SpiralsGradients.denseReverseInto(_f0, _d__out0, _d_w1, _d_b1, _d_point);
    // Spirals.java:42
    double _r1 = _d_point[1];
    _d_point[1] = 0;
    double _d_x1 = _r1;
    // Spirals.java:41
    double _r0 = _d_point[0];
    _d_point[0] = 0;
    double _d_x0 = _r0;
    return new ScoreGradient(_value, _d_w1, _d_b1, _d_w2, _d_b2, _d_w3, _d_b3, _d_x0, _d_x1);
  }

  /**
   * The forward sweep of {@code Spirals.score(double[] w1, double[] b1, double[] w2, double[] b2, double[] w3, double b3, double x0, double x1)}: its value, and what {@code scoreReverse} needs to finish the gradient (a caller's generated adjoint runs the method once this way instead of twice).
   */
  public static ScoreForward scoreForward(double[] w1, double[] b1, double[] w2, double[] b2,
      double[] w3, double b3, double x0, double x1) {
    // Spirals.java:40
    double[] point = new double[2];
    // Spirals.java:41
    point[0] = x0;
    // Spirals.java:42
    point[1] = x1;
    // Spirals.java:43
    var _f0 = SpiralsGradients.denseForward(w1, b1, point);
    double[] _out0 = _f0._value();
    // Spirals.java:43
    var _f1 = SpiralsGradients.tanhForward(_out0);
    double[] h1 = _f1._value();
    // Spirals.java:44
    var _f2 = SpiralsGradients.denseForward(w2, b2, h1);
    double[] _out1 = _f2._value();
    // Spirals.java:44
    var _f3 = SpiralsGradients.tanhForward(_out1);
    double[] h2 = _f3._value();
    // Spirals.java:45
    double sum = b3;
    // Spirals.java:46
    for (int i = 0; i < h2.length; i++) {
      sum += w3[i] * h2[i];
    }
    // Spirals.java:49
    double _value = sum;
    return new ScoreForward(_value, _value, w1, b1, w2, b2, w3, point, _f0, _out0, _f1, h1, _f2, _out1, _f3, h2);
  }

  /**
   * The reverse sweep of {@code Spirals.score(double[] w1, double[] b1, double[] w2, double[] b2, double[] w3, double b3, double x0, double x1)} for the record {@code scoreForward} returned: the same as {@code scoreVjp} with the arguments given to {@code scoreForward}.
   */
  public static ScoreGradient scoreReverse(Object _forward, double seed) {
    return scoreReverseInto(_forward, seed, null, null, null, null, null);
  }

  /**
   * As {@code scoreReverse}, adding the gradient of each array parameter into the array given for it (if not null), whose component of the result is then that array: a caller's adjoint hands over its own.
   */
  public static ScoreGradient scoreReverseInto(Object _forward, double seed, double[] _into_w1,
      double[] _into_b1, double[] _into_w2, double[] _into_b2, double[] _into_w3) {
    ScoreForward _fw = (ScoreForward) _forward;
    double _value = _fw._value();
    double[] w1 = _fw.w1();
    double[] b1 = _fw.b1();
    double[] w2 = _fw.w2();
    double[] b2 = _fw.b2();
    double[] w3 = _fw.w3();
    double[] point = _fw.point();
    Object _f0 = _fw._f0();
    double[] _out0 = _fw._out0();
    Object _f1 = _fw._f1();
    double[] h1 = _fw.h1();
    Object _f2 = _fw._f2();
    double[] _out1 = _fw._out1();
    Object _f3 = _fw._f3();
    double[] h2 = _fw.h2();
    double[] _d_w1 = _into_w1 != null ? _into_w1 : new double[w1.length];
    double[] _d_b1 = _into_b1 != null ? _into_b1 : new double[b1.length];
    double[] _d_w2 = _into_w2 != null ? _into_w2 : new double[w2.length];
    double[] _d_b2 = _into_b2 != null ? _into_b2 : new double[b2.length];
    double[] _d_w3 = _into_w3 != null ? _into_w3 : new double[w3.length];
    double[] _d_point = new double[point.length];
    double[] _d__out0 = new double[_out0.length];
    double[] _d_h1 = new double[h1.length];
    double[] _d__out1 = new double[_out1.length];
    double[] _d_h2 = new double[h2.length];
    // Spirals.java:49
    double _d_sum = seed;
    // Spirals.java:46
    Adjoints.addScaledToBoth(_d_w3, 0, h2, 0, _d_h2, 0, w3, 0, h2.length, _d_sum);
    // Spirals.java:45
    double _d_b3 = _d_sum;
    // Spirals.java:44
    SpiralsGradients.tanhReverseInto(_f3, _d_h2, _d__out1);
    // Spirals.java:44
    SpiralsGradients.denseReverseInto(_f2, _d__out1, _d_w2, _d_b2, _d_h1);
    // Spirals.java:43
    SpiralsGradients.tanhReverseInto(_f1, _d_h1, _d__out0);
    // Spirals.java:43
    SpiralsGradients.denseReverseInto(_f0, _d__out0, _d_w1, _d_b1, _d_point);
    // Spirals.java:42
    double _r1 = _d_point[1];
    _d_point[1] = 0;
    double _d_x1 = _r1;
    // Spirals.java:41
    double _r0 = _d_point[0];
    _d_point[0] = 0;
    double _d_x0 = _r0;
    return new ScoreGradient(_value, _d_w1, _d_b1, _d_w2, _d_b2, _d_w3, _d_b3, _d_x0, _d_x1);
  }

  /**
   * Value and gradient of {@code Spirals.logisticLoss(double margin)}.
   */
  public static LogisticLossGradient logisticLoss(double margin) {
    return logisticLossVjp(margin, 1.0);
  }

  /**
   * Vector-Jacobian product of {@code Spirals.logisticLoss(double margin)}: the value, and {@code seed} times the derivative of the result with respect to each parameter.
   */
  public static LogisticLossGradient logisticLossVjp(double margin, double seed) {
    // Spirals.java:55
    double _value = margin > 0 ? Math.log1p(Math.exp(-margin)) : Math.log1p(Math.exp(margin)) - margin;
    double _d_margin = 0;
    // Spirals.java:55
    if (margin > 0) {
      _d_margin += -DoubleRules.expFromResult(Math.exp(-margin), DoubleRules.log1p(Math.exp(-margin), seed));
    } else {
      _d_margin += DoubleRules.expFromResult(Math.exp(margin), DoubleRules.log1p(Math.exp(margin), seed));
      _d_margin += -seed;
    }
    return new LogisticLossGradient(_value, _d_margin);
  }

  /**
   * Value and gradient of {@code Spirals.loss(double[] w1, double[] b1, double[] w2, double[] b2, double[] w3, double b3, double[] xs, double[] labels)}.
   */
  public static LossGradient loss(double[] w1, double[] b1, double[] w2, double[] b2, double[] w3,
      double b3, double[] xs, double[] labels) {
    return lossVjp(w1, b1, w2, b2, w3, b3, xs, labels, 1.0);
  }

  /**
   * Vector-Jacobian product of {@code Spirals.loss(double[] w1, double[] b1, double[] w2, double[] b2, double[] w3, double b3, double[] xs, double[] labels)}: the value, and {@code seed} times the derivative of the result with respect to each parameter.
   */
  public static LossGradient lossVjp(double[] w1, double[] b1, double[] w2, double[] b2,
      double[] w3, double b3, double[] xs, double[] labels, double seed) {
    double[] _d_w1 = new double[w1.length];
    double[] _d_b1 = new double[b1.length];
    double[] _d_w2 = new double[w2.length];
    double[] _d_b2 = new double[b2.length];
    double[] _d_w3 = new double[w3.length];
    double s = 0;
    double _d_b3 = 0;
    double _d_s = 0;
    // Spirals.java:62
    double sum = 0;
    // Spirals.java:63
    double _d_sum = seed / labels.length;
    // each trip's reverse right after it: the trips share nothing but sums
    for (int k = 0; k < labels.length; k++) {
      var _f0 = SpiralsGradients.scoreForward(w1, b1, w2, b2, w3, b3, xs[2 * k], xs[2 * k + 1]);
      s = _f0.value();
      var _c0 = SpiralsGradients.logisticLossVjp(labels[k] * s, 1.0);
      double _k1 = _c0.dMargin();
      sum += _c0.value();
      _d_s += labels[k] * (_d_sum * _k1);
      var _r0 = SpiralsGradients.scoreReverseInto(_f0, _d_s, _d_w1, _d_b1, _d_w2, _d_b2, _d_w3);
      _d_b3 += _r0.dB3();
      _d_s = 0;
    }
    // Spirals.java:67
    double _value = sum / labels.length;
    return new LossGradient(_value, _d_w1, _d_b1, _d_w2, _d_b2, _d_w3, _d_b3);
  }

  /**
   * The forward sweep of {@code Spirals.loss(double[] w1, double[] b1, double[] w2, double[] b2, double[] w3, double b3, double[] xs, double[] labels)}: its value, and what {@code lossReverse} needs to finish the gradient (a caller's generated adjoint runs the method once this way instead of twice).
   */
  public static LossForward lossForward(double[] w1, double[] b1, double[] w2, double[] b2,
      double[] w3, double b3, double[] xs, double[] labels) {
    double s = 0;
    ObjectStack<Object> _t0 = new ObjectStack<Object>();
    DoubleStack _t1 = new DoubleStack();
    // Spirals.java:62
    double sum = 0;
    // Spirals.java:63
    for (int k = 0; k < labels.length; k++) {
      var _f0 = SpiralsGradients.scoreForward(w1, b1, w2, b2, w3, b3, xs[2 * k], xs[2 * k + 1]);
      _t0.push(_f0);
      s = _f0.value();
      var _c0 = SpiralsGradients.logisticLossVjp(labels[k] * s, 1.0);
      _t1.push(_c0.dMargin());
      sum += _c0.value();
    }
    // Spirals.java:67
    double _value = sum / labels.length;
    return new LossForward(_value, new Reversals(), _value, w1, b1, w2, b2, w3, labels, _t0, _t1);
  }

  /**
   * The reverse sweep of {@code Spirals.loss(double[] w1, double[] b1, double[] w2, double[] b2, double[] w3, double b3, double[] xs, double[] labels)} for the record {@code lossForward} returned: the same as {@code lossVjp} with the arguments given to {@code lossForward}.
   */
  public static LossGradient lossReverse(Object _forward, double seed) {
    return lossReverseInto(_forward, seed, null, null, null, null, null);
  }

  /**
   * As {@code lossReverse}, adding the gradient of each array parameter into the array given for it (if not null), whose component of the result is then that array: a caller's adjoint hands over its own.
   */
  public static LossGradient lossReverseInto(Object _forward, double seed, double[] _into_w1,
      double[] _into_b1, double[] _into_w2, double[] _into_b2, double[] _into_w3) {
    LossForward _fw = (LossForward) _forward;
    _fw._reversals().once("lossReverse", "lossForward", "lossVjp");
    double _value = _fw._value();
    double[] w1 = _fw.w1();
    double[] b1 = _fw.b1();
    double[] w2 = _fw.w2();
    double[] b2 = _fw.b2();
    double[] w3 = _fw.w3();
    double[] labels = _fw.labels();
    ObjectStack<Object> _t0 = _fw._t0();
    DoubleStack _t1 = _fw._t1();
    double[] _d_w1 = _into_w1 != null ? _into_w1 : new double[w1.length];
    double[] _d_b1 = _into_b1 != null ? _into_b1 : new double[b1.length];
    double[] _d_w2 = _into_w2 != null ? _into_w2 : new double[w2.length];
    double[] _d_b2 = _into_b2 != null ? _into_b2 : new double[b2.length];
    double[] _d_w3 = _into_w3 != null ? _into_w3 : new double[w3.length];
    double _d_b3 = 0;
    double _d_s = 0;
    // Spirals.java:67
    double _d_sum = seed / labels.length;
    // Spirals.java:63
    for (int k = labels.length - 1; k >= 0; k--) {
      double _k1 = _t1.pop();
      _d_s += labels[k] * (_d_sum * _k1);
      Object _k0 = _t0.pop();
      var _r0 = SpiralsGradients.scoreReverseInto(_k0, _d_s, _d_w1, _d_b1, _d_w2, _d_b2, _d_w3);
      _d_b3 += _r0.dB3();
      _d_s = 0;
    }
    // the next gradient on this thread reuses the stacks' storage
    _t1.release();
    return new LossGradient(_value, _d_w1, _d_b1, _d_w2, _d_b2, _d_w3, _d_b3);
  }

  /**
   * The value of {@code Spirals.dense(double[] w, double[] b, double[] x)} and the adjoints of its parameters.
   *
   * @param value the method's result
   * @param dW the adjoint of {@code w}
   * @param dB the adjoint of {@code b}
   * @param dX the adjoint of {@code x}
   */
  public record DenseGradient(double[] value, double[] dW, double[] dB, double[] dX) {
  }

  /**
   * What {@code denseForward} keeps of {@code Spirals.dense(double[] w, double[] b, double[] x)} for {@code denseReverse}: {@code value()} is the method's result (a copy the caller may change).
   */
  public record DenseForward(double[] _value, double[] w, double[] b, double[] x, double[] y) {
    /**
     * The method's result: a new copy on each call, which the caller may change.
     *
     * @return a copy of the result
     */
    public double[] value() {
      return _value.clone();
    }
  }

  /**
   * The value of {@code Spirals.tanh(double[] v)} and the adjoints of its parameters.
   *
   * @param value the method's result
   * @param dV the adjoint of {@code v}
   */
  public record TanhGradient(double[] value, double[] dV) {
  }

  /**
   * What {@code tanhForward} keeps of {@code Spirals.tanh(double[] v)} for {@code tanhReverse}: {@code value()} is the method's result (a copy the caller may change).
   */
  public record TanhForward(Reversals _reversals, double[] _value, double[] v, DoubleStack _t0,
      double[] y) {
    /**
     * The method's result: a new copy on each call, which the caller may change.
     *
     * @return a copy of the result
     */
    public double[] value() {
      return _value.clone();
    }
  }

  /**
   * The value of {@code Spirals.score(double[] w1, double[] b1, double[] w2, double[] b2, double[] w3, double b3, double x0, double x1)} and the adjoints of its parameters.
   *
   * @param value the method's result
   * @param dW1 the adjoint of {@code w1}
   * @param dB1 the adjoint of {@code b1}
   * @param dW2 the adjoint of {@code w2}
   * @param dB2 the adjoint of {@code b2}
   * @param dW3 the adjoint of {@code w3}
   * @param dB3 the adjoint of {@code b3}
   * @param dX0 the adjoint of {@code x0}
   * @param dX1 the adjoint of {@code x1}
   */
  public record ScoreGradient(double value, double[] dW1, double[] dB1, double[] dW2, double[] dB2,
      double[] dW3, double dB3, double dX0, double dX1) {
  }

  /**
   * What {@code scoreForward} keeps of {@code Spirals.score(double[] w1, double[] b1, double[] w2, double[] b2, double[] w3, double b3, double x0, double x1)} for {@code scoreReverse}: {@code value} is the method's result (a copy the caller may change).
   */
  public record ScoreForward(double value, double _value, double[] w1, double[] b1, double[] w2,
      double[] b2, double[] w3, double[] point, Object _f0, double[] _out0, Object _f1, double[] h1,
      Object _f2, double[] _out1, Object _f3, double[] h2) {
  }

  /**
   * The value of {@code Spirals.logisticLoss(double margin)} and the adjoints of its parameters.
   *
   * @param value the method's result
   * @param dMargin the adjoint of {@code margin}
   */
  public record LogisticLossGradient(double value, double dMargin) {
  }

  /**
   * The value of {@code Spirals.loss(double[] w1, double[] b1, double[] w2, double[] b2, double[] w3, double b3, double[] xs, double[] labels)} and the adjoints of its parameters.
   *
   * @param value the method's result
   * @param dW1 the adjoint of {@code w1}
   * @param dB1 the adjoint of {@code b1}
   * @param dW2 the adjoint of {@code w2}
   * @param dB2 the adjoint of {@code b2}
   * @param dW3 the adjoint of {@code w3}
   * @param dB3 the adjoint of {@code b3}
   */
  public record LossGradient(double value, double[] dW1, double[] dB1, double[] dW2, double[] dB2,
      double[] dW3, double dB3) {
  }

  /**
   * What {@code lossForward} keeps of {@code Spirals.loss(double[] w1, double[] b1, double[] w2, double[] b2, double[] w3, double b3, double[] xs, double[] labels)} for {@code lossReverse}: {@code value} is the method's result (a copy the caller may change).
   */
  public record LossForward(double value, Reversals _reversals, double _value, double[] w1,
      double[] b1, double[] w2, double[] b2, double[] w3, double[] labels, ObjectStack<Object> _t0,
      DoubleStack _t1) {
  }
}
