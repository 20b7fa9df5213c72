package dev.adjoint.sample.models;

import dev.adjoint.support.DoubleStack;
import dev.adjoint.support.ObjectStack;
import dev.adjoint.support.Reversals;
import javax.annotation.processing.Generated;

/**
 * Gradients of the {@code @Differentiable} methods of {@code Regression}, written by Adjoint's annotation processor.
 *
 * <p>Do not edit: regenerated on every build.
 */
@Generated("dev.adjoint.processor.AdjointProcessor")
public final class RegressionGradients {
  private RegressionGradients() {
  }

  /**
   * Value and gradient of {@code Regression.lineLoss(double w, double b, double[] xs, double[] ys)}.
   */
  public static LineLossGradient lineLoss(double w, double b, double[] xs, double[] ys) {
    return lineLossVjp(w, b, xs, ys, 1.0);
  }

  /**
   * Vector-Jacobian product of {@code Regression.lineLoss(double w, double b, double[] xs, double[] ys)}: the value, and {@code seed} times the derivative of the result with respect to each parameter.
   */
  public static LineLossGradient lineLossVjp(double w, double b, double[] xs, double[] ys,
      double seed) {
    double residual = 0;
    // Regression.java:12
    double sum = 0;
    // Regression.java:13
    for (int i = 0; i < xs.length; i++) {
      residual = w * xs[i] + b - ys[i];
      sum += residual * residual;
    }
    // Regression.java:17
    double _value = sum / xs.length;
    double _d_w = 0;
    double _d_b = 0;
    double _d_residual = 0;
    // Regression.java:17
    double _d_sum = seed / xs.length;
    // Regression.java:13
    for (int i = xs.length - 1; i >= 0; i--) {
      residual = w * xs[i] + b - ys[i];
      _d_residual += 2 * (_d_sum * residual);
      _d_w += _d_residual * xs[i];
      _d_b += _d_residual;
      _d_residual = 0;
    }
    return new LineLossGradient(_value, _d_w, _d_b);
  }

  /**
   * Value and gradient of {@code Regression.polynomial(double[] c, double x)}.
   */
  public static PolynomialGradient polynomial(double[] c, double x) {
    return polynomialVjp(c, x, 1.0);
  }

  /**
   * Vector-Jacobian product of {@code Regression.polynomial(double[] c, double x)}: the value, and {@code seed} times the derivative of the result with respect to each parameter.
   */
  public static PolynomialGradient polynomialVjp(double[] c, double x, double seed) {
    double[] _d_c = new double[c.length];
    DoubleStack _t0 = new DoubleStack();
    // Regression.java:23
    double value_ = 0;
    // Regression.java:24
    for (int k = c.length - 1; k >= 0; k--) {
      _t0.push(value_);
      value_ = value_ * x + c[k];
    }
    // Regression.java:27
    double _value = value_;
    double _d_x = 0;
    // Regression.java:27
    double _d_value_ = seed;
    // Regression.java:24
    for (int k = 0; k <= c.length - 1; k++) {
      value_ = _t0.pop();
      double _r0 = _d_value_;
      _d_value_ = _r0 * x;
      _d_x += value_ * _r0;
      _d_c[k] += _r0;
    }
    // the next gradient on this thread reuses the stacks' storage
    _t0.release();
    return new PolynomialGradient(_value, _d_c, _d_x);
  }

  /**
   * The forward sweep of {@code Regression.polynomial(double[] c, double x)}: its value, and what {@code polynomialReverse} needs to finish the gradient (a caller's generated adjoint runs the method once this way instead of twice).
   */
  public static PolynomialForward polynomialForward(double[] c, double x) {
    DoubleStack _t0 = new DoubleStack();
    // Regression.java:23
    double value_ = 0;
    // Regression.java:24
    for (int k = c.length - 1; k >= 0; k--) {
      _t0.push(value_);
      value_ = value_ * x + c[k];
    }
    // Regression.java:27
    double _value = value_;
    return new PolynomialForward(_value, new Reversals(), _value, c, x, _t0, value_);
  }

  /**
   * The reverse sweep of {@code Regression.polynomial(double[] c, double x)} for the record {@code polynomialForward} returned: the same as {@code polynomialVjp} with the arguments given to {@code polynomialForward}.
   */
  public static PolynomialGradient polynomialReverse(Object _forward, double seed) {
    return polynomialReverseInto(_forward, seed, null);
  }

  /**
   * As {@code polynomialReverse}, adding the gradient of each array parameter into the array given for it (if not null), whose component of the result is then that array: a caller's adjoint hands over its own.
   */
  public static PolynomialGradient polynomialReverseInto(Object _forward, double seed,
      double[] _into_c) {
    PolynomialForward _fw = (PolynomialForward) _forward;
    _fw._reversals().once("polynomialReverse", "polynomialForward", "polynomialVjp");
    double _value = _fw._value();
    double[] c = _fw.c();
    double x = _fw.x();
    DoubleStack _t0 = _fw._t0();
    double value_ = _fw.value_();
    double[] _d_c = _into_c != null ? _into_c : new double[c.length];
    double _d_x = 0;
    // Regression.java:27
    double _d_value_ = seed;
    // Regression.java:24
    for (int k = 0; k <= c.length - 1; k++) {
      value_ = _t0.pop();
      double _r0 = _d_value_;
      _d_value_ = _r0 * x;
      _d_x += value_ * _r0;
      _d_c[k] += _r0;
    }
    // the next gradient on this thread reuses the stacks' storage
    _t0.release();
    return new PolynomialGradient(_value, _d_c, _d_x);
  }

  /**
   * Value and gradient of {@code Regression.polynomialLoss(double[] c, double[] xs, double[] ys)}.
   */
  public static PolynomialLossGradient polynomialLoss(double[] c, double[] xs, double[] ys) {
    return polynomialLossVjp(c, xs, ys, 1.0);
  }

  /**
   * Vector-Jacobian product of {@code Regression.polynomialLoss(double[] c, double[] xs, double[] ys)}: the value, and {@code seed} times the derivative of the result with respect to each parameter.
   */
  public static PolynomialLossGradient polynomialLossVjp(double[] c, double[] xs, double[] ys,
      double seed) {
    double[] _d_c = new double[c.length];
    double _out0 = 0;
    double residual = 0;
    double _d__out0 = 0;
    double _d_residual = 0;
    // Regression.java:33
    double sum = 0;
    // Regression.java:34
    double _d_sum = seed / xs.length;
    // each trip's reverse right after it: the trips share nothing but sums
    for (int i = 0; i < xs.length; i++) {
      var _f0 = RegressionGradients.polynomialForward(c, xs[i]);
      _out0 = _f0.value();
      residual = _out0 - ys[i];
      sum += residual * residual;
      _d_residual += 2 * (_d_sum * residual);
      _d__out0 += _d_residual;
      _d_residual = 0;
      RegressionGradients.polynomialReverseInto(_f0, _d__out0, _d_c);
      _d__out0 = 0;
    }
    // Regression.java:38
    double _value = sum / xs.length;
    return new PolynomialLossGradient(_value, _d_c);
  }

  /**
   * The forward sweep of {@code Regression.polynomialLoss(double[] c, double[] xs, double[] ys)}: its value, and what {@code polynomialLossReverse} needs to finish the gradient (a caller's generated adjoint runs the method once this way instead of twice).
   */
  public static PolynomialLossForward polynomialLossForward(double[] c, double[] xs, double[] ys) {
    double _out0 = 0;
    ObjectStack<Object> _t0 = new ObjectStack<Object>();
    double residual = 0;
    DoubleStack _t1 = new DoubleStack();
    // Regression.java:33
    double sum = 0;
    // Regression.java:34
    for (int i = 0; i < xs.length; i++) {
      var _f0 = RegressionGradients.polynomialForward(c, xs[i]);
      _t0.push(_f0);
      _out0 = _f0.value();
      residual = _out0 - ys[i];
      _t1.push(residual);
      sum += residual * residual;
    }
    // Regression.java:38
    double _value = sum / xs.length;
    return new PolynomialLossForward(_value, new Reversals(), _value, c, xs, _t0, residual, _t1);
  }

  /**
   * The reverse sweep of {@code Regression.polynomialLoss(double[] c, double[] xs, double[] ys)} for the record {@code polynomialLossForward} returned: the same as {@code polynomialLossVjp} with the arguments given to {@code polynomialLossForward}.
   */
  public static PolynomialLossGradient polynomialLossReverse(Object _forward, double seed) {
    return polynomialLossReverseInto(_forward, seed, null);
  }

  /**
   * As {@code polynomialLossReverse}, adding the gradient of each array parameter into the array given for it (if not null), whose component of the result is then that array: a caller's adjoint hands over its own.
   */
  public static PolynomialLossGradient polynomialLossReverseInto(Object _forward, double seed,
      double[] _into_c) {
    PolynomialLossForward _fw = (PolynomialLossForward) _forward;
    _fw._reversals().once("polynomialLossReverse", "polynomialLossForward", "polynomialLossVjp");
    double _value = _fw._value();
    double[] c = _fw.c();
    double[] xs = _fw.xs();
    ObjectStack<Object> _t0 = _fw._t0();
    double residual = _fw.residual();
    DoubleStack _t1 = _fw._t1();
    double[] _d_c = _into_c != null ? _into_c : new double[c.length];
    double _d__out0 = 0;
    double _d_residual = 0;
    // Regression.java:38
    double _d_sum = seed / xs.length;
    // Regression.java:34
    for (int i = xs.length - 1; i >= 0; i--) {
      residual = _t1.pop();
      _d_residual += 2 * (_d_sum * residual);
      _d__out0 += _d_residual;
      _d_residual = 0;
      Object _k0 = _t0.pop();
      RegressionGradients.polynomialReverseInto(_k0, _d__out0, _d_c);
      _d__out0 = 0;
    }
    // the next gradient on this thread reuses the stacks' storage
    _t1.release();
    return new PolynomialLossGradient(_value, _d_c);
  }

  /**
   * The value of {@code Regression.lineLoss(double w, double b, double[] xs, double[] ys)} and the adjoints of its parameters.
   *
   * @param value the method's result
   * @param dW the adjoint of {@code w}
   * @param dB the adjoint of {@code b}
   */
  public record LineLossGradient(double value, double dW, double dB) {
  }

  /**
   * The value of {@code Regression.polynomial(double[] c, double x)} and the adjoints of its parameters.
   *
   * @param value the method's result
   * @param dC the adjoint of {@code c}
   * @param dX the adjoint of {@code x}
   */
  public record PolynomialGradient(double value, double[] dC, double dX) {
  }

  /**
   * What {@code polynomialForward} keeps of {@code Regression.polynomial(double[] c, double x)} for {@code polynomialReverse}: {@code value} is the method's result (a copy the caller may change).
   */
  public record PolynomialForward(double value, Reversals _reversals, double _value, double[] c,
      double x, DoubleStack _t0, double value_) {
  }

  /**
   * The value of {@code Regression.polynomialLoss(double[] c, double[] xs, double[] ys)} and the adjoints of its parameters.
   *
   * @param value the method's result
   * @param dC the adjoint of {@code c}
   */
  public record PolynomialLossGradient(double value, double[] dC) {
  }

  /**
   * What {@code polynomialLossForward} keeps of {@code Regression.polynomialLoss(double[] c, double[] xs, double[] ys)} for {@code polynomialLossReverse}: {@code value} is the method's result (a copy the caller may change).
   */
  public record PolynomialLossForward(double value, Reversals _reversals, double _value, double[] c,
      double[] xs, ObjectStack<Object> _t0, double residual, DoubleStack _t1) {
  }
}
