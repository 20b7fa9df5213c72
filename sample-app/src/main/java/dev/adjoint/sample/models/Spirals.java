package dev.adjoint.sample.models;

import dev.adjoint.Differentiable;

/**
 * A two-hidden-layer perceptron written over plain arrays, its layers as {@code @Differentiable}
 * calls. A weight matrix is stored by rows ({@code w[o * in + i]}); labels are +1 and −1.
 */
public final class Spirals {
  private Spirals() {}

  /** {@code w x + b} for a layer with {@code b.length} outputs. */
  @Differentiable
  public static double[] dense(double[] w, double[] b, double[] x) {
    double[] y = new double[b.length];
    for (int o = 0; o < b.length; o++) {
      double sum = b[o];
      for (int i = 0; i < x.length; i++) {
        sum += w[o * x.length + i] * x[i];
      }
      y[o] = sum;
    }
    return y;
  }

  /** Elementwise {@code tanh}. */
  @Differentiable
  public static double[] tanh(double[] v) {
    double[] y = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      y[i] = Math.tanh(v[i]);
    }
    return y;
  }

  /** The network's score for the point {@code (x0, x1)}: positive means the first spiral. */
  @Differentiable
  public static double score(double[] w1, double[] b1, double[] w2, double[] b2, double[] w3, double b3,
      double x0, double x1) {
    double[] point = new double[2];
    point[0] = x0;
    point[1] = x1;
    double[] h1 = tanh(dense(w1, b1, point));
    double[] h2 = tanh(dense(w2, b2, h1));
    double sum = b3;
    for (int i = 0; i < h2.length; i++) {
      sum += w3[i] * h2[i];
    }
    return sum;
  }

  /** {@code log(1 + e^-m)}, the logistic loss of a margin, without overflow for large |m|. */
  @Differentiable
  public static double logisticLoss(double margin) {
    return margin > 0 ? Math.log1p(Math.exp(-margin)) : Math.log1p(Math.exp(margin)) - margin;
  }

  /** The mean logistic loss over the points {@code (xs[2k], xs[2k+1])} with labels ±1. */
  @Differentiable(wrt = {"w1", "b1", "w2", "b2", "w3", "b3"})
  public static double loss(double[] w1, double[] b1, double[] w2, double[] b2, double[] w3, double b3,
      double[] xs, double[] labels) {
    double sum = 0;
    for (int k = 0; k < labels.length; k++) {
      double s = score(w1, b1, w2, b2, w3, b3, xs[2 * k], xs[2 * k + 1]);
      sum += logisticLoss(labels[k] * s);
    }
    return sum / labels.length;
  }
}
