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
}
