package dev.adjoint.sample.functional;

import dev.adjoint.Differentiable;

/**
 * Networks written as methods returning arrays, as an existing codebase would: each layer's forward sweep
 * runs once per gradient ({@code denseForward}/{@code denseReverse}), in loops, branches and nested calls.
 */
final class Layers {
  private Layers() {}

  /** {@code tanh(W x + b)} with {@code W} stored row-major, {@code out} rows. */
  @Differentiable
  static double[] dense(double[] w, double[] b, double[] x, int out) {
    int in = x.length;
    double[] h = new double[out];
    for (int o = 0; o < out; o++) {
      double s = b[o];
      for (int i = 0; i < in; i++) {
        s += w[o * in + i] * x[i];
      }
      h[o] = Math.tanh(s);
    }
    return h;
  }

  @Differentiable
  static double mlpLoss(double[] w1, double[] b1, double[] w2, double[] b2, double[] x, double[] y) {
    double[] h = dense(w1, b1, x, b1.length);
    double[] o = dense(w2, b2, h, y.length);
    double l = 0;
    for (int k = 0; k < y.length; k++) {
      double d = o[k] - y[k];
      l += d * d;
    }
    return l;
  }

  /** The same square layer applied {@code depth} times, then a residual branch. */
  @Differentiable
  static double deep(double[] w, double[] b, double[] x, int depth) {
    double[] h = x;
    for (int d = 0; d < depth; d++) {
      h = dense(w, b, h, x.length);
    }
    if (h[0] > 0) {
      h = twoLayers(w, b, h);
    }
    double s = 0;
    for (double v : h) {
      s += v * v;
    }
    return s;
  }

  @Differentiable
  static double[] twoLayers(double[] w, double[] b, double[] x) {
    double[] h = dense(w, b, x, x.length);
    double[] o = dense(w, b, h, x.length);
    for (int i = 0; i < o.length; i++) {
      o[i] += x[i];
    }
    return o;
  }
}
