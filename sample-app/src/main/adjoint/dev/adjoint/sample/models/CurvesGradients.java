package dev.adjoint.sample.models;

import dev.adjoint.DType;
import dev.adjoint.Lanes;
import dev.adjoint.Tensor;
import dev.adjoint.rules.DoubleLaneRules;
import dev.adjoint.rules.FloatLaneRules;
import dev.adjoint.rules.TensorRules;
import dev.adjoint.support.Reversals;
import dev.adjoint.support.TensorAdjoints;
import javax.annotation.processing.Generated;

/**
 * Gradients of the {@code @Differentiable} methods of {@code Curves}, written by Adjoint's annotation processor.
 *
 * <p>Do not edit: regenerated on every build.
 */
@Generated("dev.adjoint.processor.AdjointProcessor")
public final class CurvesGradients {
  private CurvesGradients() {
  }

  /**
   * Value and gradient of {@code Curves.cubic(Tensor x)}.
   */
  public static CubicGradient cubic(Tensor x) {
    return cubicVjp(x, (Tensor) null);
  }

  /**
   * Vector-Jacobian product of {@code Curves.cubic(Tensor x)}: the value, and {@code seed} times the derivative of the result with respect to each parameter.
   */
  public static CubicGradient cubicVjp(Tensor x, Tensor seed) {
    return cubicReverse(cubicForward(x), seed);
  }

  /**
   * The forward sweep of {@code Curves.cubic(Tensor x)}: its value, and what {@code cubicReverse} needs to finish the gradient (a caller's generated adjoint runs the method once this way instead of twice).
   */
  public static CubicForward cubicForward(Tensor x) {
    // Curves.java:17
    Tensor _p0 = x.pow(3);
    Tensor _p1 = x.square();
    Tensor _p2 = _p1.mul(6);
    Tensor _p3 = _p0.sub(_p2);
    Tensor _p4 = x.mul(8);
    Tensor _value = _p3.add(_p4);
    return new CubicForward(_value, new Reversals(), _value, x, _p0, _p2, _p3, _p4);
  }

  /**
   * The reverse sweep of {@code Curves.cubic(Tensor x)} for the record {@code cubicForward} returned: the same as {@code cubicVjp} with the arguments given to {@code cubicForward}.
   */
  public static CubicGradient cubicReverse(Object _forward, Tensor seed) {
    CubicForward _fw = (CubicForward) _forward;
    _fw._reversals().once("cubicReverse", "cubicForward", "cubicVjp");
    Tensor _value = _fw._value();
    Tensor x = _fw.x();
    Tensor _p0 = _fw._p0();
    Tensor _p2 = _fw._p2();
    Tensor _p3 = _fw._p3();
    Tensor _p4 = _fw._p4();
    seed = TensorAdjoints.seed(_value, seed, "Curves.cubic", "cubicVjp");
    // Curves.java:17
    Tensor _r0 = TensorAdjoints.sumToShapeOf(seed, _p3);
    Tensor _d_x = TensorRules.powScalar(x, 3, TensorAdjoints.sumToShapeOf(_r0, _p0));
    _d_x = TensorAdjoints.accumulate(_d_x, TensorRules.square(x, TensorRules.mulScalar(6, TensorAdjoints.sumToShapeOf(TensorRules.neg(_r0), _p2), true), true), true);
    _d_x = TensorAdjoints.accumulate(_d_x, TensorRules.mulScalar(8, TensorAdjoints.sumToShapeOf(seed, _p4)), true);
    return new CubicGradient(_value, _d_x);
  }

  /**
   * Value and gradient of {@code Curves.cosOfSquare(Tensor x)}.
   */
  public static CosOfSquareGradient cosOfSquare(Tensor x) {
    return cosOfSquareVjp(x, (Tensor) null);
  }

  /**
   * The value and adjoints of {@code Curves.cosOfSquare(Tensor x)} as one loop over the elements, each vector's value and adjoint computed in registers: what {@code cosOfSquareVjp} computes, for float32 operands {@code Lanes.fusable} accepts.
   */
  private static <V> CosOfSquareGradient cosOfSquareFusedFloat32(Lanes<V> _lanes, Tensor x,
      Tensor seed) {
    int _n = x.numel();
    int _whole = _n - _n % _lanes.length();
    Tensor _grad_x = Lanes.like(x);
    Tensor _value = Lanes.like(x);
    for (int _i = 0; _i < _whole; _i += _lanes.length()) {
      V _x = _lanes.load(x, _i);
      // Curves.java:23
      V _p0 = _lanes.square(_x);
      V _p1 = _lanes.cos(_p0);
      _lanes.store(_p1, _value, _i);
      V _seed = _lanes.load(seed, _i);
      V _d_p1 = _seed;
      // Curves.java:23
      V _d_p0 = FloatLaneRules.cos(_lanes, _p0, _d_p1);
      V _d_x = FloatLaneRules.square(_lanes, _x, _d_p0, true);
      _lanes.store(_d_x, _grad_x, _i);
    }
    if (_whole < _n) {
      cosOfSquareFusedTailFloat32(_lanes, _whole, _n, x, seed, _grad_x, _value);
    }
    return new CosOfSquareGradient(_value, _grad_x);
  }

  /**
   * The last vector of {@code cosOfSquareFusedFloat32}'s loop, elements {@code _i} to {@code _n - 1}.
   */
  private static <V> void cosOfSquareFusedTailFloat32(Lanes<V> _lanes, int _i, int _n, Tensor x,
      Tensor seed, Tensor _grad_x, Tensor _value) {
    V _x = _lanes.load(x, _i, _n);
    // Curves.java:23
    V _p0 = _lanes.square(_x);
    V _p1 = _lanes.cos(_p0);
    _lanes.store(_p1, _value, _i, _n);
    V _seed = _lanes.load(seed, _i, _n);
    V _d_p1 = _seed;
    // Curves.java:23
    V _d_p0 = FloatLaneRules.cos(_lanes, _p0, _d_p1);
    V _d_x = FloatLaneRules.square(_lanes, _x, _d_p0, true);
    _lanes.store(_d_x, _grad_x, _i, _n);
  }

  /**
   * The value and adjoints of {@code Curves.cosOfSquare(Tensor x)} as one loop over the elements, each vector's value and adjoint computed in registers: what {@code cosOfSquareVjp} computes, for float64 operands {@code Lanes.fusable} accepts.
   */
  private static <V> CosOfSquareGradient cosOfSquareFusedFloat64(Lanes<V> _lanes, Tensor x,
      Tensor seed) {
    int _n = x.numel();
    int _whole = _n - _n % _lanes.length();
    Tensor _grad_x = Lanes.like(x);
    Tensor _value = Lanes.like(x);
    for (int _i = 0; _i < _whole; _i += _lanes.length()) {
      V _x = _lanes.load(x, _i);
      // Curves.java:23
      V _p0 = _lanes.square(_x);
      V _p1 = _lanes.cos(_p0);
      _lanes.store(_p1, _value, _i);
      V _seed = _lanes.load(seed, _i);
      V _d_p1 = _seed;
      // Curves.java:23
      V _d_p0 = DoubleLaneRules.cos(_lanes, _p0, _d_p1);
      V _d_x = DoubleLaneRules.square(_lanes, _x, _d_p0, true);
      _lanes.store(_d_x, _grad_x, _i);
    }
    if (_whole < _n) {
      cosOfSquareFusedTailFloat64(_lanes, _whole, _n, x, seed, _grad_x, _value);
    }
    return new CosOfSquareGradient(_value, _grad_x);
  }

  /**
   * The last vector of {@code cosOfSquareFusedFloat64}'s loop, elements {@code _i} to {@code _n - 1}.
   */
  private static <V> void cosOfSquareFusedTailFloat64(Lanes<V> _lanes, int _i, int _n, Tensor x,
      Tensor seed, Tensor _grad_x, Tensor _value) {
    V _x = _lanes.load(x, _i, _n);
    // Curves.java:23
    V _p0 = _lanes.square(_x);
    V _p1 = _lanes.cos(_p0);
    _lanes.store(_p1, _value, _i, _n);
    V _seed = _lanes.load(seed, _i, _n);
    V _d_p1 = _seed;
    // Curves.java:23
    V _d_p0 = DoubleLaneRules.cos(_lanes, _p0, _d_p1);
    V _d_x = DoubleLaneRules.square(_lanes, _x, _d_p0, true);
    _lanes.store(_d_x, _grad_x, _i, _n);
  }

  /**
   * Vector-Jacobian product of {@code Curves.cosOfSquare(Tensor x)}: the value, and {@code seed} times the derivative of the result with respect to each parameter.
   */
  public static CosOfSquareGradient cosOfSquareVjp(Tensor x, Tensor seed) {
    // elementwise operations only: one loop over the elements when the operands allow it
    if (Lanes.fusable(x, seed) && seed != null) {
      return x.dtype() == DType.FLOAT32 ? cosOfSquareFusedFloat32(Lanes.of(x), x, seed) : cosOfSquareFusedFloat64(Lanes.of(x), x, seed);
    }
    return cosOfSquareReverse(cosOfSquareForward(x), seed);
  }

  /**
   * The forward sweep of {@code Curves.cosOfSquare(Tensor x)}: its value, and what {@code cosOfSquareReverse} needs to finish the gradient (a caller's generated adjoint runs the method once this way instead of twice).
   */
  public static CosOfSquareForward cosOfSquareForward(Tensor x) {
    // Curves.java:23
    Tensor _p0 = x.square();
    Tensor _value = _p0.cos();
    return new CosOfSquareForward(_value, new Reversals(), _value, x, _p0);
  }

  /**
   * The reverse sweep of {@code Curves.cosOfSquare(Tensor x)} for the record {@code cosOfSquareForward} returned: the same as {@code cosOfSquareVjp} with the arguments given to {@code cosOfSquareForward}.
   */
  public static CosOfSquareGradient cosOfSquareReverse(Object _forward, Tensor seed) {
    CosOfSquareForward _fw = (CosOfSquareForward) _forward;
    _fw._reversals().once("cosOfSquareReverse", "cosOfSquareForward", "cosOfSquareVjp");
    Tensor _value = _fw._value();
    Tensor x = _fw.x();
    Tensor _p0 = _fw._p0();
    seed = TensorAdjoints.seed(_value, seed, "Curves.cosOfSquare", "cosOfSquareVjp");
    // Curves.java:23
    Tensor _d_x = TensorRules.square(x, TensorRules.cos(_p0, seed), true);
    return new CosOfSquareGradient(_value, _d_x);
  }

  /**
   * Value and gradient of {@code Curves.wave(Tensor x)}.
   */
  public static WaveGradient wave(Tensor x) {
    return waveVjp(x, (Tensor) null);
  }

  /**
   * The value and adjoints of {@code Curves.wave(Tensor x)} as one loop over the elements, each vector's value and adjoint computed in registers: what {@code waveVjp} computes, for float32 operands {@code Lanes.fusable} accepts.
   */
  private static <V> WaveGradient waveFusedFloat32(Lanes<V> _lanes, Tensor x, Tensor seed) {
    int _n = x.numel();
    int _whole = _n - _n % _lanes.length();
    Tensor _grad_x = Lanes.like(x);
    Tensor _value = Lanes.like(x);
    for (int _i = 0; _i < _whole; _i += _lanes.length()) {
      V _x = _lanes.load(x, _i);
      // Curves.java:29
      V _p0 = _lanes.sin(_x);
      V _p1 = _lanes.square(_x);
      V _p2 = _lanes.mul(_p0, _p1);
      V _p3 = _lanes.div(_p2, 4);
      _lanes.store(_p3, _value, _i);
      V _seed = _lanes.load(seed, _i);
      V _d_p3 = _seed;
      // Curves.java:29
      V _d_p2 = FloatLaneRules.divScalar(_lanes, 4, _d_p3);
      V _d_p0 = FloatLaneRules.mul(_lanes, _p1, _d_p2, true);
      V _d_p1 = FloatLaneRules.mul(_lanes, _p0, _d_p2, true);
      V _d_x = FloatLaneRules.square(_lanes, _x, _d_p1, true);
      _d_x = _lanes.add(_d_x, FloatLaneRules.sin(_lanes, _x, _d_p0));
      _lanes.store(_d_x, _grad_x, _i);
    }
    if (_whole < _n) {
      waveFusedTailFloat32(_lanes, _whole, _n, x, seed, _grad_x, _value);
    }
    return new WaveGradient(_value, _grad_x);
  }

  /**
   * The last vector of {@code waveFusedFloat32}'s loop, elements {@code _i} to {@code _n - 1}.
   */
  private static <V> void waveFusedTailFloat32(Lanes<V> _lanes, int _i, int _n, Tensor x,
      Tensor seed, Tensor _grad_x, Tensor _value) {
    V _x = _lanes.load(x, _i, _n);
    // Curves.java:29
    V _p0 = _lanes.sin(_x);
    V _p1 = _lanes.square(_x);
    V _p2 = _lanes.mul(_p0, _p1);
    V _p3 = _lanes.div(_p2, 4);
    _lanes.store(_p3, _value, _i, _n);
    V _seed = _lanes.load(seed, _i, _n);
    V _d_p3 = _seed;
    // Curves.java:29
    V _d_p2 = FloatLaneRules.divScalar(_lanes, 4, _d_p3);
    V _d_p0 = FloatLaneRules.mul(_lanes, _p1, _d_p2, true);
    V _d_p1 = FloatLaneRules.mul(_lanes, _p0, _d_p2, true);
    V _d_x = FloatLaneRules.square(_lanes, _x, _d_p1, true);
    _d_x = _lanes.add(_d_x, FloatLaneRules.sin(_lanes, _x, _d_p0));
    _lanes.store(_d_x, _grad_x, _i, _n);
  }

  /**
   * The value and adjoints of {@code Curves.wave(Tensor x)} as one loop over the elements, each vector's value and adjoint computed in registers: what {@code waveVjp} computes, for float64 operands {@code Lanes.fusable} accepts.
   */
  private static <V> WaveGradient waveFusedFloat64(Lanes<V> _lanes, Tensor x, Tensor seed) {
    int _n = x.numel();
    int _whole = _n - _n % _lanes.length();
    Tensor _grad_x = Lanes.like(x);
    Tensor _value = Lanes.like(x);
    for (int _i = 0; _i < _whole; _i += _lanes.length()) {
      V _x = _lanes.load(x, _i);
      // Curves.java:29
      V _p0 = _lanes.sin(_x);
      V _p1 = _lanes.square(_x);
      V _p2 = _lanes.mul(_p0, _p1);
      V _p3 = _lanes.div(_p2, 4);
      _lanes.store(_p3, _value, _i);
      V _seed = _lanes.load(seed, _i);
      V _d_p3 = _seed;
      // Curves.java:29
      V _d_p2 = DoubleLaneRules.divScalar(_lanes, 4, _d_p3);
      V _d_p0 = DoubleLaneRules.mul(_lanes, _p1, _d_p2, true);
      V _d_p1 = DoubleLaneRules.mul(_lanes, _p0, _d_p2, true);
      V _d_x = DoubleLaneRules.square(_lanes, _x, _d_p1, true);
      _d_x = _lanes.add(_d_x, DoubleLaneRules.sin(_lanes, _x, _d_p0));
      _lanes.store(_d_x, _grad_x, _i);
    }
    if (_whole < _n) {
      waveFusedTailFloat64(_lanes, _whole, _n, x, seed, _grad_x, _value);
    }
    return new WaveGradient(_value, _grad_x);
  }

  /**
   * The last vector of {@code waveFusedFloat64}'s loop, elements {@code _i} to {@code _n - 1}.
   */
  private static <V> void waveFusedTailFloat64(Lanes<V> _lanes, int _i, int _n, Tensor x,
      Tensor seed, Tensor _grad_x, Tensor _value) {
    V _x = _lanes.load(x, _i, _n);
    // Curves.java:29
    V _p0 = _lanes.sin(_x);
    V _p1 = _lanes.square(_x);
    V _p2 = _lanes.mul(_p0, _p1);
    V _p3 = _lanes.div(_p2, 4);
    _lanes.store(_p3, _value, _i, _n);
    V _seed = _lanes.load(seed, _i, _n);
    V _d_p3 = _seed;
    // Curves.java:29
    V _d_p2 = DoubleLaneRules.divScalar(_lanes, 4, _d_p3);
    V _d_p0 = DoubleLaneRules.mul(_lanes, _p1, _d_p2, true);
    V _d_p1 = DoubleLaneRules.mul(_lanes, _p0, _d_p2, true);
    V _d_x = DoubleLaneRules.square(_lanes, _x, _d_p1, true);
    _d_x = _lanes.add(_d_x, DoubleLaneRules.sin(_lanes, _x, _d_p0));
    _lanes.store(_d_x, _grad_x, _i, _n);
  }

  /**
   * Vector-Jacobian product of {@code Curves.wave(Tensor x)}: the value, and {@code seed} times the derivative of the result with respect to each parameter.
   */
  public static WaveGradient waveVjp(Tensor x, Tensor seed) {
    // elementwise operations only: one loop over the elements when the operands allow it
    if (Lanes.fusable(x, seed) && seed != null) {
      return x.dtype() == DType.FLOAT32 ? waveFusedFloat32(Lanes.of(x), x, seed) : waveFusedFloat64(Lanes.of(x), x, seed);
    }
    return waveReverse(waveForward(x), seed);
  }

  /**
   * The forward sweep of {@code Curves.wave(Tensor x)}: its value, and what {@code waveReverse} needs to finish the gradient (a caller's generated adjoint runs the method once this way instead of twice).
   */
  public static WaveForward waveForward(Tensor x) {
    // Curves.java:29
    Tensor _p0 = x.sin();
    Tensor _p1 = x.square();
    Tensor _value = _p0.mul(_p1).div(4);
    return new WaveForward(_value, new Reversals(), _value, x, _p0, _p1);
  }

  /**
   * The reverse sweep of {@code Curves.wave(Tensor x)} for the record {@code waveForward} returned: the same as {@code waveVjp} with the arguments given to {@code waveForward}.
   */
  public static WaveGradient waveReverse(Object _forward, Tensor seed) {
    WaveForward _fw = (WaveForward) _forward;
    _fw._reversals().once("waveReverse", "waveForward", "waveVjp");
    Tensor _value = _fw._value();
    Tensor x = _fw.x();
    Tensor _p0 = _fw._p0();
    Tensor _p1 = _fw._p1();
    seed = TensorAdjoints.seed(_value, seed, "Curves.wave", "waveVjp");
    // Curves.java:29
    Tensor _r0 = TensorRules.divScalar(4, seed);
    Tensor _d_x = TensorRules.sin(x, TensorAdjoints.sumToShapeOf(TensorRules.mul(_p1, _r0), _p0), true);
    _d_x = TensorAdjoints.accumulate(_d_x, TensorRules.square(x, TensorAdjoints.sumToShapeOf(TensorRules.mul(_p0, _r0), _p1), true), true);
    return new WaveGradient(_value, _d_x);
  }

  /**
   * Value and gradient of {@code Curves.tanh(Tensor x)}.
   */
  public static TanhGradient tanh(Tensor x) {
    return tanhVjp(x, (Tensor) null);
  }

  /**
   * The value and adjoints of {@code Curves.tanh(Tensor x)} as one loop over the elements, each vector's value and adjoint computed in registers: what {@code tanhVjp} computes, for float32 operands {@code Lanes.fusable} accepts.
   */
  private static <V> TanhGradient tanhFusedFloat32(Lanes<V> _lanes, Tensor x, Tensor seed) {
    int _n = x.numel();
    int _whole = _n - _n % _lanes.length();
    Tensor _grad_x = Lanes.like(x);
    Tensor _value = Lanes.like(x);
    for (int _i = 0; _i < _whole; _i += _lanes.length()) {
      V _x = _lanes.load(x, _i);
      // Curves.java:35
      V _p0 = _lanes.tanh(_x);
      _lanes.store(_p0, _value, _i);
      V _seed = _lanes.load(seed, _i);
      V _d_p0 = _seed;
      // Curves.java:35
      V _d_x = FloatLaneRules.tanhFromResult(_lanes, _p0, _d_p0);
      _lanes.store(_d_x, _grad_x, _i);
    }
    if (_whole < _n) {
      tanhFusedTailFloat32(_lanes, _whole, _n, x, seed, _grad_x, _value);
    }
    return new TanhGradient(_value, _grad_x);
  }

  /**
   * The last vector of {@code tanhFusedFloat32}'s loop, elements {@code _i} to {@code _n - 1}.
   */
  private static <V> void tanhFusedTailFloat32(Lanes<V> _lanes, int _i, int _n, Tensor x,
      Tensor seed, Tensor _grad_x, Tensor _value) {
    V _x = _lanes.load(x, _i, _n);
    // Curves.java:35
    V _p0 = _lanes.tanh(_x);
    _lanes.store(_p0, _value, _i, _n);
    V _seed = _lanes.load(seed, _i, _n);
    V _d_p0 = _seed;
    // Curves.java:35
    V _d_x = FloatLaneRules.tanhFromResult(_lanes, _p0, _d_p0);
    _lanes.store(_d_x, _grad_x, _i, _n);
  }

  /**
   * The value and adjoints of {@code Curves.tanh(Tensor x)} as one loop over the elements, each vector's value and adjoint computed in registers: what {@code tanhVjp} computes, for float64 operands {@code Lanes.fusable} accepts.
   */
  private static <V> TanhGradient tanhFusedFloat64(Lanes<V> _lanes, Tensor x, Tensor seed) {
    int _n = x.numel();
    int _whole = _n - _n % _lanes.length();
    Tensor _grad_x = Lanes.like(x);
    Tensor _value = Lanes.like(x);
    for (int _i = 0; _i < _whole; _i += _lanes.length()) {
      V _x = _lanes.load(x, _i);
      // Curves.java:35
      V _p0 = _lanes.tanh(_x);
      _lanes.store(_p0, _value, _i);
      V _seed = _lanes.load(seed, _i);
      V _d_p0 = _seed;
      // Curves.java:35
      V _d_x = DoubleLaneRules.tanhFromResult(_lanes, _p0, _d_p0);
      _lanes.store(_d_x, _grad_x, _i);
    }
    if (_whole < _n) {
      tanhFusedTailFloat64(_lanes, _whole, _n, x, seed, _grad_x, _value);
    }
    return new TanhGradient(_value, _grad_x);
  }

  /**
   * The last vector of {@code tanhFusedFloat64}'s loop, elements {@code _i} to {@code _n - 1}.
   */
  private static <V> void tanhFusedTailFloat64(Lanes<V> _lanes, int _i, int _n, Tensor x,
      Tensor seed, Tensor _grad_x, Tensor _value) {
    V _x = _lanes.load(x, _i, _n);
    // Curves.java:35
    V _p0 = _lanes.tanh(_x);
    _lanes.store(_p0, _value, _i, _n);
    V _seed = _lanes.load(seed, _i, _n);
    V _d_p0 = _seed;
    // Curves.java:35
    V _d_x = DoubleLaneRules.tanhFromResult(_lanes, _p0, _d_p0);
    _lanes.store(_d_x, _grad_x, _i, _n);
  }

  /**
   * Vector-Jacobian product of {@code Curves.tanh(Tensor x)}: the value, and {@code seed} times the derivative of the result with respect to each parameter.
   */
  public static TanhGradient tanhVjp(Tensor x, Tensor seed) {
    // elementwise operations only: one loop over the elements when the operands allow it
    if (Lanes.fusable(x, seed) && seed != null) {
      return x.dtype() == DType.FLOAT32 ? tanhFusedFloat32(Lanes.of(x), x, seed) : tanhFusedFloat64(Lanes.of(x), x, seed);
    }
    return tanhReverse(tanhForward(x), seed);
  }

  /**
   * The forward sweep of {@code Curves.tanh(Tensor x)}: its value, and what {@code tanhReverse} needs to finish the gradient (a caller's generated adjoint runs the method once this way instead of twice).
   */
  public static TanhForward tanhForward(Tensor x) {
    // Curves.java:35
    Tensor _p0 = x.tanh();
    Tensor _value = _p0;
    return new TanhForward(_value, new Reversals(), _value, _p0);
  }

  /**
   * The reverse sweep of {@code Curves.tanh(Tensor x)} for the record {@code tanhForward} returned: the same as {@code tanhVjp} with the arguments given to {@code tanhForward}.
   */
  public static TanhGradient tanhReverse(Object _forward, Tensor seed) {
    TanhForward _fw = (TanhForward) _forward;
    _fw._reversals().once("tanhReverse", "tanhForward", "tanhVjp");
    Tensor _value = _fw._value();
    Tensor _p0 = _fw._p0();
    seed = TensorAdjoints.seed(_value, seed, "Curves.tanh", "tanhVjp");
    // Curves.java:35
    Tensor _d_x = TensorRules.tanhFromResult(_p0, seed);
    return new TanhGradient(_value, _d_x);
  }

  /**
   * The value of {@code Curves.cubic(Tensor x)} and the adjoints of its parameters.
   *
   * @param value the method's result
   * @param dX the adjoint of {@code x}
   */
  public record CubicGradient(Tensor value, Tensor dX) {
  }

  /**
   * What {@code cubicForward} keeps of {@code Curves.cubic(Tensor x)} for {@code cubicReverse}: {@code value} is the method's result (a copy the caller may change).
   */
  public record CubicForward(Tensor value, Reversals _reversals, Tensor _value, Tensor x,
      Tensor _p0, Tensor _p2, Tensor _p3, Tensor _p4) {
  }

  /**
   * The value of {@code Curves.cosOfSquare(Tensor x)} and the adjoints of its parameters.
   *
   * @param value the method's result
   * @param dX the adjoint of {@code x}
   */
  public record CosOfSquareGradient(Tensor value, Tensor dX) {
  }

  /**
   * What {@code cosOfSquareForward} keeps of {@code Curves.cosOfSquare(Tensor x)} for {@code cosOfSquareReverse}: {@code value} is the method's result (a copy the caller may change).
   */
  public record CosOfSquareForward(Tensor value, Reversals _reversals, Tensor _value, Tensor x,
      Tensor _p0) {
  }

  /**
   * The value of {@code Curves.wave(Tensor x)} and the adjoints of its parameters.
   *
   * @param value the method's result
   * @param dX the adjoint of {@code x}
   */
  public record WaveGradient(Tensor value, Tensor dX) {
  }

  /**
   * What {@code waveForward} keeps of {@code Curves.wave(Tensor x)} for {@code waveReverse}: {@code value} is the method's result (a copy the caller may change).
   */
  public record WaveForward(Tensor value, Reversals _reversals, Tensor _value, Tensor x, Tensor _p0,
      Tensor _p1) {
  }

  /**
   * The value of {@code Curves.tanh(Tensor x)} and the adjoints of its parameters.
   *
   * @param value the method's result
   * @param dX the adjoint of {@code x}
   */
  public record TanhGradient(Tensor value, Tensor dX) {
  }

  /**
   * What {@code tanhForward} keeps of {@code Curves.tanh(Tensor x)} for {@code tanhReverse}: {@code value} is the method's result (a copy the caller may change).
   */
  public record TanhForward(Tensor value, Reversals _reversals, Tensor _value, Tensor _p0) {
  }
}
