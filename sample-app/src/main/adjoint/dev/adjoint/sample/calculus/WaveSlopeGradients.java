package dev.adjoint.sample.calculus;

import dev.adjoint.rules.DoubleRules;
import javax.annotation.processing.Generated;

/**
 * Gradients of the {@code @Differentiable} methods of {@code WaveSlope}, written by Adjoint's annotation processor.
 *
 * <p>Do not edit: regenerated on every build.
 */
@Generated("dev.adjoint.processor.AdjointProcessor")
public final class WaveSlopeGradients {
  private WaveSlopeGradients() {
  }

  /**
   * Value and gradient of {@code WaveSlope.byReverse(double x)}.
   */
  public static ByReverseGradient byReverse(double x) {
    return byReverseVjp(x, 1.0);
  }

  /**
   * Vector-Jacobian product of {@code WaveSlope.byReverse(double x)}: the value, and {@code seed} times the derivative of the result with respect to each parameter.
   */
  public static ByReverseGradient byReverseVjp(double x, double seed) {
    // WaveGradients.wave, written out to be differentiated again
    double _in0_x = x;
    double _in0_seed = 1.0;
    // Wave.java:12
    double _in0__p0 = Math.sin(_in0_x);
    double _in0__value = _in0__p0 * _in0_x * _in0_x / 4;
    // Wave.java:12
    double _in0__r0 = _in0_seed / 4;
    double _in0__r1 = _in0__r0 * _in0_x;
    double _p0 = DoubleRules.sin(_in0_x, 1.0);
    double _in0__d_x = _in0__r1 * _in0_x * _p0;
    _in0__d_x += _in0__p0 * _in0__r1;
    _in0__d_x += _in0__p0 * _in0_x * _in0__r0;
    // WaveSlope.java:16
    double _value = _in0__d_x;
    // WaveSlope.java:16
    double _d__in0__d_x = seed;
    double _r1 = _d__in0__d_x * _in0__r0;
    double _d__in0__p0 = _r1 * _in0_x;
    double _d__in0_x = _in0__p0 * _r1;
    _d__in0__p0 += _d__in0__d_x * _in0__r1;
    double _d__in0__r1 = _in0__p0 * _d__in0__d_x;
    double _r0 = _d__in0__d_x * _p0;
    _d__in0__r1 += _r0 * _in0_x;
    _d__in0_x += _in0__r1 * _r0;
    _d__in0_x += DoubleRules.sinWrtX(_in0_x, 1.0, _in0__r1 * _in0_x * _d__in0__d_x);
    _d__in0_x += _in0__r0 * _d__in0__r1;
    _d__in0_x += DoubleRules.sin(_in0_x, _d__in0__p0);
    double _d_x = _d__in0_x;
    return new ByReverseGradient(_value, _d_x);
  }

  /**
   * Jacobian-vector product of {@code WaveSlope.byReverse(double x)} (forward mode): its value, and its derivative in the direction of the tangents given for its parameters (JAX's {@code jvp}). One run of the method per direction: the tangent of a unit vector is one column of the Jacobian.
   *
   * @param _t_x the tangent of {@code x}
   * @return the value and its tangent
   */
  public static ByReverseTangent byReverseJvp(double x, double _t_x) {
    // WaveGradients.wave, written out to be differentiated again
    double _in0_x = x;
    double _t__in0_x = _t_x;
    double _in0_seed = 1.0;
    // Wave.java:12
    double _in0__p0 = Math.sin(_in0_x);
    double _t__in0__p0 = DoubleRules.sin(_in0_x, _t__in0_x);
    double _in0__value = _in0__p0 * _in0_x * _in0_x / 4;
    double _t__in0__value = ((_t__in0__p0 * _in0_x + _in0__p0 * _t__in0_x) * _in0_x + _in0__p0 * _in0_x * _t__in0_x) / 4;
    // Wave.java:12
    double _in0__r0 = _in0_seed / 4;
    double _in0__r1 = _in0__r0 * _in0_x;
    double _t__in0__r1 = _in0__r0 * _t__in0_x;
    double _h0 = DoubleRules.sin(_in0_x, 1.0);
    double _t__h0 = DoubleRules.sinWrtX(_in0_x, 1.0, _t__in0_x);
    double _in0__d_x = _in0__r1 * _in0_x * _h0;
    double _t__in0__d_x = (_t__in0__r1 * _in0_x + _in0__r1 * _t__in0_x) * _h0 + _in0__r1 * _in0_x * _t__h0;
    _t__in0__d_x += _t__in0__p0 * _in0__r1 + _in0__p0 * _t__in0__r1;
    _in0__d_x += _in0__p0 * _in0__r1;
    _t__in0__d_x += (_t__in0__p0 * _in0_x + _in0__p0 * _t__in0_x) * _in0__r0;
    _in0__d_x += _in0__p0 * _in0_x * _in0__r0;
    // WaveSlope.java:16
    double _value = _in0__d_x;
    double _t__value = _t__in0__d_x;
    return new ByReverseTangent(_value, _t__value);
  }

  /**
   * Value and gradient of {@code WaveSlope.byForward(double x)}.
   */
  public static ByForwardGradient byForward(double x) {
    return byForwardVjp(x, 1.0);
  }

  /**
   * Vector-Jacobian product of {@code WaveSlope.byForward(double x)}: the value, and {@code seed} times the derivative of the result with respect to each parameter.
   */
  public static ByForwardGradient byForwardVjp(double x, double seed) {
    // WaveGradients.waveJvp, written out to be differentiated again
    double _in0_x = x;
    double _in0__t_x = 1;
    // Wave.java:12
    double _in0__h0 = Math.sin(_in0_x);
    double _in0__t__h0 = _in0__t_x * DoubleRules.sin(_in0_x, 1.0);
    double _in0__value = _in0__h0 * _in0_x * _in0_x / 4;
    double _in0__t__value = ((_in0__t__h0 * _in0_x + _in0__h0 * _in0__t_x) * _in0_x + _in0__h0 * _in0_x * _in0__t_x) / 4;
    // WaveSlope.java:22
    double _value = _in0__t__value;
    // WaveSlope.java:22
    double _d__in0__t__value = seed;
    double _r0 = _d__in0__t__value / 4;
    double _r1 = _r0 * _in0_x;
    double _d__in0__t__h0 = _r1 * _in0_x;
    double _d__in0_x = _in0__t__h0 * _r1;
    double _d__in0__h0 = _r1 * _in0__t_x;
    _d__in0_x += (_in0__t__h0 * _in0_x + _in0__h0 * _in0__t_x) * _r0;
    double _r2 = _r0 * _in0__t_x;
    _d__in0__h0 += _r2 * _in0_x;
    _d__in0_x += _in0__h0 * _r2;
    _d__in0_x += DoubleRules.sinWrtX(_in0_x, 1.0, _in0__t_x * _d__in0__t__h0);
    _d__in0_x += DoubleRules.sin(_in0_x, _d__in0__h0);
    double _d_x = _d__in0_x;
    return new ByForwardGradient(_value, _d_x);
  }

  /**
   * Jacobian-vector product of {@code WaveSlope.byForward(double x)} (forward mode): its value, and its derivative in the direction of the tangents given for its parameters (JAX's {@code jvp}). One run of the method per direction: the tangent of a unit vector is one column of the Jacobian.
   *
   * @param _t_x the tangent of {@code x}
   * @return the value and its tangent
   */
  public static ByForwardTangent byForwardJvp(double x, double _t_x) {
    // WaveGradients.waveJvp, written out to be differentiated again
    double _in0_x = x;
    double _t__in0_x = _t_x;
    double _in0__t_x = 1;
    // Wave.java:12
    double _in0__h0 = Math.sin(_in0_x);
    double _t__in0__h0 = DoubleRules.sin(_in0_x, _t__in0_x);
    double _h0 = DoubleRules.sin(_in0_x, 1.0);
    double _t__h0 = DoubleRules.sinWrtX(_in0_x, 1.0, _t__in0_x);
    double _in0__t__h0 = _in0__t_x * _h0;
    double _t__in0__t__h0 = _in0__t_x * _t__h0;
    double _in0__value = _in0__h0 * _in0_x * _in0_x / 4;
    double _t__in0__value = ((_t__in0__h0 * _in0_x + _in0__h0 * _t__in0_x) * _in0_x + _in0__h0 * _in0_x * _t__in0_x) / 4;
    double _in0__t__value = ((_in0__t__h0 * _in0_x + _in0__h0 * _in0__t_x) * _in0_x + _in0__h0 * _in0_x * _in0__t_x) / 4;
    double _t__in0__t__value = ((_t__in0__t__h0 * _in0_x + _in0__t__h0 * _t__in0_x + _t__in0__h0 * _in0__t_x) * _in0_x + (_in0__t__h0 * _in0_x + _in0__h0 * _in0__t_x) * _t__in0_x + (_t__in0__h0 * _in0_x + _in0__h0 * _t__in0_x) * _in0__t_x) / 4;
    // WaveSlope.java:22
    double _value = _in0__t__value;
    double _t__value = _t__in0__t__value;
    return new ByForwardTangent(_value, _t__value);
  }

  /**
   * The value of {@code WaveSlope.byReverse(double x)} and the adjoints of its parameters.
   *
   * @param value the method's result
   * @param dX the adjoint of {@code x}
   */
  public record ByReverseGradient(double value, double dX) {
  }

  /**
   * The value of {@code WaveSlope.byReverse(double x)} and its tangent (forward mode).
   *
   * @param value the method's result
   * @param tangent the derivative of the result in the direction of the parameters' tangents
   */
  public record ByReverseTangent(double value, double tangent) {
  }

  /**
   * The value of {@code WaveSlope.byForward(double x)} and the adjoints of its parameters.
   *
   * @param value the method's result
   * @param dX the adjoint of {@code x}
   */
  public record ByForwardGradient(double value, double dX) {
  }

  /**
   * The value of {@code WaveSlope.byForward(double x)} and its tangent (forward mode).
   *
   * @param value the method's result
   * @param tangent the derivative of the result in the direction of the parameters' tangents
   */
  public record ByForwardTangent(double value, double tangent) {
  }
}
