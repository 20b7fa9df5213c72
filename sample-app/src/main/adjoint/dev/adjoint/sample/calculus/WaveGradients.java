package dev.adjoint.sample.calculus;

import dev.adjoint.rules.DoubleRules;
import javax.annotation.processing.Generated;

/**
 * Gradients of the {@code @Differentiable} methods of {@code Wave}, written by Adjoint's annotation processor.
 *
 * <p>Do not edit: regenerated on every build.
 */
@Generated("dev.adjoint.processor.AdjointProcessor")
public final class WaveGradients {
  private WaveGradients() {
  }

  /**
   * Value and gradient of {@code Wave.wave(double x)}.
   */
  public static WaveGradient wave(double x) {
    return waveVjp(x, 1.0);
  }

  /**
   * Vector-Jacobian product of {@code Wave.wave(double x)}: the value, and {@code seed} times the derivative of the result with respect to each parameter.
   */
  public static WaveGradient waveVjp(double x, double seed) {
    // Wave.java:12
    double _p0 = Math.sin(x);
    double _value = _p0 * x * x / 4;
    // Wave.java:12
    double _r0 = seed / 4;
    double _r1 = _r0 * x;
    double _d_x = DoubleRules.sin(x, _r1 * x);
    _d_x += _p0 * _r1;
    _d_x += _p0 * x * _r0;
    return new WaveGradient(_value, _d_x);
  }

  /**
   * Jacobian-vector product of {@code Wave.wave(double x)} (forward mode): its value, and its derivative in the direction of the tangents given for its parameters (JAX's {@code jvp}). One run of the method per direction: the tangent of a unit vector is one column of the Jacobian.
   *
   * @param _t_x the tangent of {@code x}
   * @return the value and its tangent
   */
  public static WaveTangent waveJvp(double x, double _t_x) {
    // Wave.java:12
    double _h0 = Math.sin(x);
    double _t__h0 = DoubleRules.sin(x, _t_x);
    double _value = _h0 * x * x / 4;
    double _t__value = ((_t__h0 * x + _h0 * _t_x) * x + _h0 * x * _t_x) / 4;
    return new WaveTangent(_value, _t__value);
  }

  /**
   * The value of {@code Wave.wave(double x)} and the adjoints of its parameters.
   *
   * @param value the method's result
   * @param dX the adjoint of {@code x}
   */
  public record WaveGradient(double value, double dX) {
  }

  /**
   * The value of {@code Wave.wave(double x)} and its tangent (forward mode).
   *
   * @param value the method's result
   * @param tangent the derivative of the result in the direction of the parameters' tangents
   */
  public record WaveTangent(double value, double tangent) {
  }
}
