package dev.adjoint.sample.calculus;

import dev.adjoint.AD;
import dev.adjoint.Derivative;
import dev.adjoint.Differentiable;

/**
 * Plain Java methods marked {@code @Differentiable}; the processor writes {@code CalculusGradients}
 * next to them at compile time.
 */
public final class Calculus {
  private Calculus() {}

  /** Rosenbrock's function {@code (1-x)^2 + 100 (y-x^2)^2}. */
  @Differentiable
  public static double rosenbrock(double x, double y) {
    double a = 1 - x;
    double b = y - x * x;
    return a * a + 100 * b * b;
  }

  /**
   * Minimises Rosenbrock's function by gradient descent from {@code (x, y)}: the gradient comes from the
   * generated {@code CalculusGradients}, used here beside the method it differentiates.
   *
   * @return the point reached after {@code steps} steps of size {@code rate}
   */
  public static double[] descend(double x, double y, int steps, double rate) {
    for (int i = 0; i < steps; i++) {
      var g = CalculusGradients.rosenbrock(x, y);
      x -= rate * g.dX();
      y -= rate * g.dY();
    }
    return new double[] {x, y};
  }

  /** The BENCHMARKS.md expression of 20 operations. */
  @Differentiable
  public static double expr20(double x, double y) {
    double a = Math.sin(x) * Math.exp(-y);
    double b = Math.tanh(a + x * y);
    double c = Math.sqrt(1 + b * b) / (1 + x * x);
    double d = Math.log(1 + c) * Math.cos(y) + a * b * c;
    return d * d + sigmoid(d - x);
  }

  /** The logistic function; differentiable itself, so callers use its generated pullback. */
  @Differentiable
  public static double sigmoid(double z) {
    return 1 / (1 + Math.exp(-z));
  }

  /** {@code sum_i c_i x^i} by Horner's rule: a loop with an overwritten accumulator. */
  @Differentiable(wrt = "x")
  public static double polynomial(double[] coefficients, double x) {
    double s = 0;
    for (int i = coefficients.length - 1; i >= 0; i--) {
      s = s * x + coefficients[i];
    }
    return s;
  }

  /** The Euclidean norm of a vector. */
  @Differentiable
  public static double norm(double[] v) {
    double s = 0;
    for (double e : v) {
      s += e * e;
    }
    return Math.sqrt(s);
  }

  /** {@code log(1 + e^x)}, computed stably; its derivative is the custom rule below. */
  public static double softplus(double x) {
    return x > 30 ? x : Math.log1p(Math.exp(x));
  }

  /** The VJP of {@link #softplus}: {@code seed * sigmoid(x)}. */
  @Derivative(of = "softplus")
  public static double softplusVjp(double x, double seed) {
    return seed / (1 + Math.exp(-x));
  }

  /** A loss over a matrix with a custom-rule call, a ternary and a constant. */
  @Differentiable
  public static double matrixLoss(double[][] w, double[] x) {
    double loss = 0;
    for (int i = 0; i < w.length; i++) {
      double z = 0;
      for (int j = 0; j < x.length; j++) {
        z += w[i][j] * x[j];
      }
      double scale = AD.withoutDerivative(z) > 0 ? 1.0 : 0.5;
      loss += scale * softplus(z);
    }
    return loss;
  }

  /** Newton-like iteration with data-dependent trip count, break and early return. */
  @Differentiable
  public static double iterate(double x, double y) {
    double v = x;
    int steps = 0;
    while (true) {
      if (v > 10) {
        return v * y;
      }
      v = v * 1.5 + y;
      steps++;
      if (steps >= 20) {
        break;
      }
    }
    return v;
  }

  /** Float arithmetic: the gradient record holds floats. */
  @Differentiable
  public static float smoothAbs(float x, float eps) {
    return (float) Math.sqrt(x * x + eps * eps) - eps;
  }
}
