package dev.adjoint.bench.gradbench.evals;

import dev.adjoint.Differentiable;

/** GradBench {@code ode}: y' = f(x, y) solved by s steps of classic Runge-Kutta on [0, 2] (evals/ode/README.md). */
public final class Ode {
  private Ode() {}

  /** f(x, y): z_0 = x_0, z_i = x_i y_{i-1}. */
  @Differentiable
  static double[] derivative(double[] x, double[] y) {
    double[] z = new double[x.length];
    z[0] = x[0];
    for (int i = 1; i < x.length; i++) {
      z[i] = x[i] * y[i - 1];
    }
    return z;
  }

  /** y(2) from y(0) = 0 after s Runge-Kutta steps. */
  @Differentiable
  public static double[] solve(double[] x, int s) {
    int n = x.length;
    double h = 2.0 / s;
    double[] y = new double[n];
    for (int step = 0; step < s; step++) {
      double[] k1 = derivative(x, y);
      double[] mid1 = new double[n];
      for (int i = 0; i < n; i++) {
        mid1[i] = y[i] + h * k1[i] / 2;
      }
      double[] k2 = derivative(x, mid1);
      double[] mid2 = new double[n];
      for (int i = 0; i < n; i++) {
        mid2[i] = y[i] + h * k2[i] / 2;
      }
      double[] k3 = derivative(x, mid2);
      double[] end = new double[n];
      for (int i = 0; i < n; i++) {
        end[i] = y[i] + h * k3[i];
      }
      double[] k4 = derivative(x, end);
      for (int i = 0; i < n; i++) {
        y[i] += h * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]) / 6;
      }
    }
    return y;
  }
}
