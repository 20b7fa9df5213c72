package dev.adjoint.sample.models;

import dev.adjoint.Differentiable;

/** Least-squares losses over plain arrays; the processor writes {@code RegressionGradients}. */
public final class Regression {
  private Regression() {}

  /** Mean squared error of the line {@code w x + b}. */
  @Differentiable(wrt = {"w", "b"})
  public static double lineLoss(double w, double b, double[] xs, double[] ys) {
    double sum = 0;
    for (int i = 0; i < xs.length; i++) {
      double residual = w * xs[i] + b - ys[i];
      sum += residual * residual;
    }
    return sum / xs.length;
  }

  /** {@code c[0] + c[1] x + c[2] x² + ...} by Horner's rule. */
  @Differentiable
  public static double polynomial(double[] c, double x) {
    double value = 0;
    for (int k = c.length - 1; k >= 0; k--) {
      value = value * x + c[k];
    }
    return value;
  }

  /** Mean squared error of the polynomial with coefficients {@code c}. */
  @Differentiable(wrt = "c")
  public static double polynomialLoss(double[] c, double[] xs, double[] ys) {
    double sum = 0;
    for (int i = 0; i < xs.length; i++) {
      double residual = polynomial(c, xs[i]) - ys[i];
      sum += residual * residual;
    }
    return sum / xs.length;
  }
}
