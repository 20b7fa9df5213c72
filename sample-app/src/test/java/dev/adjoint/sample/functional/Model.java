package dev.adjoint.sample.functional;

import dev.adjoint.Differentiable;

/** Instance methods: the generated methods take the receiver first, as self. Fields are constants. */
final class Model {
  final double bias;
  final double[] weights;

  Model(double bias, double[] weights) {
    this.bias = bias;
    this.weights = weights;
  }

  @Differentiable
  double predict(double x) {
    double s = bias;
    for (int i = weights.length - 1; i >= 0; i--) {
      s = s * x + weights[i];
    }
    return s;
  }

  @Differentiable
  double loss(double x, double target) {
    double e = predict(x) - target;
    return e * e;
  }

  @Differentiable
  double weighted(double[] v) {
    double s = bias;
    for (int i = 0; i < v.length; i++) {
      s += weights[i] * Math.tanh(v[i]);
    }
    return s;
  }

  /** An array result from an instance method: its caller runs its forward and reverse apart, with self. */
  @Differentiable
  double[] features(double[] v) {
    double[] f = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      f[i] = Math.tanh(weights[i % weights.length] * v[i] + bias);
    }
    return f;
  }

  @Differentiable
  double featureLoss(double[] v) {
    double[] f = features(v);
    double[] g = features(f);
    double s = 0;
    for (int i = 0; i < g.length; i++) {
      s += g[i] * f[i];
    }
    return s;
  }
}
