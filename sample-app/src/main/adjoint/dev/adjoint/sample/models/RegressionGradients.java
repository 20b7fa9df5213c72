package dev.adjoint.sample.models;

import dev.adjoint.support.Adjoints;
import dev.adjoint.support.DoubleStack;
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
    int k = 0;
    DoubleStack _t0 = new DoubleStack();
    int _loop0 = 0;
    // Regression.java:23
    double value_ = 0;
    // Regression.java:24
    k = c.length - 1;
    _loop0 = 0;
    for (; k >= 0; k--) {
      _loop0++;
      _t0.push(value_);
      value_ = value_ * x + c[k];
    }
    // Regression.java:27
    double _value = value_;
    double _d_x = 0;
    // Regression.java:27
    double _d_value_ = seed;
    // Regression.java:24
    for (; _loop0 > 0; _loop0--) {
      k++;
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
    double residual = 0;
    double _d_residual = 0;
    // Regression.java:33
    double sum = 0;
    // Regression.java:34
    double _d_sum = seed / xs.length;
    // each trip's reverse right after it: the trips share nothing but sums
    for (int i = 0; i < xs.length; i++) {
      residual = Regression.polynomial(c, xs[i]) - ys[i];
      sum += residual * residual;
      _d_residual += 2 * (_d_sum * residual);
      var _r0 = RegressionGradients.polynomialVjp(c, xs[i], _d_residual);
      Adjoints.addTo(_d_c, _r0.dC());
      _d_residual = 0;
    }
    // Regression.java:38
    double _value = sum / xs.length;
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
   * The value of {@code Regression.polynomialLoss(double[] c, double[] xs, double[] ys)} and the adjoints of its parameters.
   *
   * @param value the method's result
   * @param dC the adjoint of {@code c}
   */
  public record PolynomialLossGradient(double value, double[] dC) {
  }
}
