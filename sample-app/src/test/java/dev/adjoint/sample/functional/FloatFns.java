package dev.adjoint.sample.functional;

import dev.adjoint.Differentiable;

/** float parameters and results; gradients of float parameters are floats. */
final class FloatFns {
  private FloatFns() {}

  @Differentiable
  static float product(float x, float y) {
    return x * x * y + 2 * y;
  }

  @Differentiable
  static float mathCast(float x) {
    return (float) Math.sin(x) * x + (float) Math.exp(-x);
  }

  @Differentiable
  static double mixed(float x, double y) {
    return x * y + Math.cos(x);
  }

  @Differentiable
  static float floatLoop(float x) {
    float s = 1f;
    for (int i = 0; i < 4; i++) {
      s = s * x + 0.5f;
    }
    return s;
  }

  @Differentiable
  static float floatArraySum(float[] a) {
    float s = 0f;
    for (float v : a) {
      s += v * v;
    }
    return s;
  }

  @Differentiable
  static float[] floatArrayResult(float x, float[] a) {
    float[] out = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i] * x + x * x;
    }
    return out;
  }

  @Differentiable
  static float floatAbsMax(float x, float y) {
    return Math.abs(x) * Math.max(x, y);
  }
}
