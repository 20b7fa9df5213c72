package dev.adjoint.sample.calculus;

import static dev.adjoint.sample.calculus.CalculusGradients.Expr20Gradient;
import static dev.adjoint.sample.calculus.CalculusGradients.IterateGradient;
import static dev.adjoint.sample.calculus.CalculusGradients.MatrixLossGradient;
import static dev.adjoint.sample.calculus.CalculusGradients.NormGradient;
import static dev.adjoint.sample.calculus.CalculusGradients.PolynomialGradient;
import static dev.adjoint.sample.calculus.CalculusGradients.RosenbrockGradient;
import static dev.adjoint.sample.calculus.CalculusGradients.SigmoidGradient;
import static dev.adjoint.sample.calculus.CalculusGradients.SmoothAbsGradient;

import dev.adjoint.AD;
import dev.adjoint.rules.DoubleRules;
import dev.adjoint.support.Adjoints;
import dev.adjoint.support.BooleanStack;
import dev.adjoint.support.DoubleStack;
import dev.adjoint.support.Reversals;
import javax.annotation.processing.Generated;

/**
 * The gradients behind {@link CalculusGradients}, which calls these methods; written by Adjoint's annotation processor.
 *
 * <p>Do not edit: regenerated on every build.
 */
@Generated("dev.adjoint.processor.AdjointProcessor")
final class CalculusGradientsImpl {
  private CalculusGradientsImpl() {
  }

  /**
   * Value and gradient of {@code Calculus.rosenbrock(double x, double y)}.
   */
  public static RosenbrockGradient rosenbrock(double x, double y) {
    return rosenbrockVjp(x, y, 1.0);
  }

  /**
   * Vector-Jacobian product of {@code Calculus.rosenbrock(double x, double y)}: the value, and {@code seed} times the derivative of the result with respect to each parameter.
   */
  public static RosenbrockGradient rosenbrockVjp(double x, double y, double seed) {
    // Calculus.java:17
    double a = 1 - x;
    // Calculus.java:18
    double b = y - x * x;
    // Calculus.java:19
    double _value = a * a + 100 * b * b;
    // Calculus.java:19
    double _d_a = 2 * (seed * a);
    double _d_b = 2 * (seed * (100 * b));
    // Calculus.java:18
    double _d_y = _d_b;
    double _r0 = -_d_b;
    double _d_x = 2 * (_r0 * x);
    // Calculus.java:17
    _d_x += -_d_a;
    return new RosenbrockGradient(_value, _d_x, _d_y);
  }

  /**
   * Value and gradient of {@code Calculus.expr20(double x, double y)}.
   */
  public static Expr20Gradient expr20(double x, double y) {
    return expr20Vjp(x, y, 1.0);
  }

  /**
   * Vector-Jacobian product of {@code Calculus.expr20(double x, double y)}: the value, and {@code seed} times the derivative of the result with respect to each parameter.
   */
  public static Expr20Gradient expr20Vjp(double x, double y, double seed) {
    // Calculus.java:40
    double _p0 = Math.sin(x);
    double _p1 = Math.exp(-y);
    double a = _p0 * _p1;
    // Calculus.java:41
    double b = Math.tanh(a + x * y);
    // Calculus.java:42
    double _p2 = Math.sqrt(1 + b * b);
    double c = _p2 / (1 + x * x);
    // Calculus.java:43
    double _p3 = Math.log(1 + c);
    double _p4 = Math.cos(y);
    double d = _p3 * _p4 + a * b * c;
    // Calculus.java:44
    var _c0 = CalculusGradients.sigmoidVjp(d - x, 1.0);
    double _value = d * d + _c0.value();
    // Calculus.java:44
    double _d_d = 2 * (seed * d);
    double _r4 = seed * _c0.dZ();
    _d_d += _r4;
    double _d_x = -_r4;
    // Calculus.java:43
    double _d_c = DoubleRules.log(1 + c, _d_d * _p4);
    double _d_y = DoubleRules.cos(y, _p3 * _d_d);
    double _r3 = _d_d * c;
    double _d_a = _r3 * b;
    double _d_b = a * _r3;
    _d_c += a * b * _d_d;
    // Calculus.java:42
    double _r1 = DoubleRules.sqrtFromResult(_p2, _d_c / (1 + x * x));
    _d_b += 2 * (_r1 * b);
    double _r2 = -(_d_c * _p2 / ((1 + x * x) * (1 + x * x)));
    _d_x += 2 * (_r2 * x);
    // Calculus.java:41
    double _r0 = DoubleRules.tanhFromResult(b, _d_b);
    _d_a += _r0;
    _d_x += _r0 * y;
    _d_y += x * _r0;
    // Calculus.java:40
    _d_x += DoubleRules.sin(x, _d_a * _p1);
    _d_y += -DoubleRules.expFromResult(_p1, _p0 * _d_a);
    return new Expr20Gradient(_value, _d_x, _d_y);
  }

  /**
   * Value and gradient of {@code Calculus.sigmoid(double z)}.
   */
  public static SigmoidGradient sigmoid(double z) {
    return sigmoidVjp(z, 1.0);
  }

  /**
   * Vector-Jacobian product of {@code Calculus.sigmoid(double z)}: the value, and {@code seed} times the derivative of the result with respect to each parameter.
   */
  public static SigmoidGradient sigmoidVjp(double z, double seed) {
    // Calculus.java:50
    double _p0 = Math.exp(-z);
    double _value = 1 / (1 + _p0);
    // Calculus.java:50
    double _d_z = -DoubleRules.expFromResult(_p0, -(seed * 1 / ((1 + _p0) * (1 + _p0))));
    return new SigmoidGradient(_value, _d_z);
  }

  /**
   * Value and gradient of {@code Calculus.polynomial(double[] coefficients, double x)}.
   */
  public static PolynomialGradient polynomial(double[] coefficients, double x) {
    return polynomialVjp(coefficients, x, 1.0);
  }

  /**
   * Vector-Jacobian product of {@code Calculus.polynomial(double[] coefficients, double x)}: the value, and {@code seed} times the derivative of the result with respect to each parameter.
   */
  public static PolynomialGradient polynomialVjp(double[] coefficients, double x, double seed) {
    DoubleStack _t0 = new DoubleStack();
    // Calculus.java:56
    double s = 0;
    // Calculus.java:57
    for (int i = coefficients.length - 1; i >= 0; i--) {
      _t0.push(s);
      s = s * x + coefficients[i];
    }
    // Calculus.java:60
    double _value = s;
    double _d_x = 0;
    // Calculus.java:60
    double _d_s = seed;
    // Calculus.java:57
    for (int i = 0; i <= coefficients.length - 1; i++) {
      s = _t0.pop();
      double _r0 = _d_s;
      _d_s = _r0 * x;
      _d_x += s * _r0;
    }
    // the next gradient on this thread reuses the stacks' storage
    _t0.release();
    return new PolynomialGradient(_value, _d_x);
  }

  /**
   * Value and gradient of {@code Calculus.norm(double[] v)}.
   */
  public static NormGradient norm(double[] v) {
    return normVjp(v, 1.0);
  }

  /**
   * Vector-Jacobian product of {@code Calculus.norm(double[] v)}: the value, and {@code seed} times the derivative of the result with respect to each parameter.
   */
  public static NormGradient normVjp(double[] v, double seed) {
    double[] _d_v = new double[v.length];
    double e = 0;
    // Calculus.java:66
    double s = 0;
    // Calculus.java:67
    for (int _i0 = 0; _i0 < v.length; _i0++) {
      e = v[_i0];
      s += e * e;
    }
    // Calculus.java:70
    double _p0 = Math.sqrt(s);
    double _value = _p0;
    double _d_e = 0;
    // Calculus.java:70
    double _d_s = DoubleRules.sqrtFromResult(_p0, seed);
    // Calculus.java:67
    for (int _i0 = v.length - 1; _i0 >= 0; _i0--) {
      e = v[_i0];
      _d_e += 2 * (_d_s * e);
      _d_v[_i0] += _d_e;
      _d_e = 0;
    }
    return new NormGradient(_value, _d_v);
  }

  /**
   * The forward sweep of {@code Calculus.norm(double[] v)}: its value, and what {@code normReverse} needs to finish the gradient (a caller's generated adjoint runs the method once this way instead of twice).
   */
  public static NormForward normForward(double[] v) {
    double e = 0;
    // Calculus.java:66
    double s = 0;
    // Calculus.java:67
    for (int _i0 = 0; _i0 < v.length; _i0++) {
      e = v[_i0];
      s += e * e;
    }
    // Calculus.java:70
    double _p0 = Math.sqrt(s);
    double _value = _p0;
    return new NormForward(_value, _value, v, e, _p0);
  }

  /**
   * The reverse sweep of {@code Calculus.norm(double[] v)} for the record {@code normForward} returned: the same as {@code normVjp} with the arguments given to {@code normForward}.
   */
  public static NormGradient normReverse(Object _forward, double seed) {
    return normReverseInto(_forward, seed, null);
  }

  /**
   * As {@code normReverse}, adding the gradient of each array parameter into the array given for it (if not null), whose component of the result is then that array: a caller's adjoint hands over its own.
   */
  public static NormGradient normReverseInto(Object _forward, double seed, double[] _into_v) {
    NormForward _fw = (NormForward) _forward;
    double _value = _fw._value();
    double[] v = _fw.v();
    double e = _fw.e();
    double _p0 = _fw._p0();
    double[] _d_v = _into_v != null ? _into_v : new double[v.length];
    double _d_e = 0;
    // Calculus.java:70
    double _d_s = DoubleRules.sqrtFromResult(_p0, seed);
    // Calculus.java:67
    for (int _i0 = v.length - 1; _i0 >= 0; _i0--) {
      e = v[_i0];
      _d_e += 2 * (_d_s * e);
      _d_v[_i0] += _d_e;
      _d_e = 0;
    }
    return new NormGradient(_value, _d_v);
  }

  /**
   * Value and gradient of {@code Calculus.matrixLoss(double[][] w, double[] x)}.
   */
  public static MatrixLossGradient matrixLoss(double[][] w, double[] x) {
    return matrixLossVjp(w, x, 1.0);
  }

  /**
   * Vector-Jacobian product of {@code Calculus.matrixLoss(double[][] w, double[] x)}: the value, and {@code seed} times the derivative of the result with respect to each parameter.
   */
  public static MatrixLossGradient matrixLossVjp(double[][] w, double[] x, double seed) {
    double[][] _d_w = Adjoints.zerosLike(w);
    double[] _d_x = new double[x.length];
    double z = 0;
    double scale = 0;
    double _d_z = 0;
    // Calculus.java:87
    double loss = 0;
    // Calculus.java:88
    double _d_loss = seed;
    // each trip's reverse right after it: the trips share nothing but sums
    for (int i = 0; i < w.length; i++) {
      z = 0;
      for (int j = 0; j < x.length; j++) {
        z += w[i][j] * x[j];
      }
      scale = AD.withoutDerivative(z) > 0 ? 1.0 : 0.5;
      loss += scale * Calculus.softplus(z);
      _d_z += Calculus.softplusVjp(z, scale * _d_loss);
      if (x.length > 0) {
        Adjoints.addScaledTo(_d_w[i], 0, x, 0, x.length, _d_z);
        Adjoints.addScaledTo(_d_x, 0, w[i], 0, x.length, _d_z);
      }
      _d_z = 0;
    }
    // Calculus.java:96
    double _value = loss;
    return new MatrixLossGradient(_value, _d_w, _d_x);
  }

  /**
   * The forward sweep of {@code Calculus.matrixLoss(double[][] w, double[] x)}: its value, and what {@code matrixLossReverse} needs to finish the gradient (a caller's generated adjoint runs the method once this way instead of twice).
   */
  public static MatrixLossForward matrixLossForward(double[][] w, double[] x) {
    double z = 0;
    double scale = 0;
    DoubleStack _t0 = new DoubleStack();
    DoubleStack _t1 = new DoubleStack();
    // Calculus.java:87
    double loss = 0;
    // Calculus.java:88
    for (int i = 0; i < w.length; i++) {
      z = 0;
      for (int j = 0; j < x.length; j++) {
        z += w[i][j] * x[j];
      }
      scale = AD.withoutDerivative(z) > 0 ? 1.0 : 0.5;
      _t0.push(scale);
      _t1.push(z);
      loss += scale * Calculus.softplus(z);
    }
    // Calculus.java:96
    double _value = loss;
    return new MatrixLossForward(_value, new Reversals(), _value, w, x, z, scale, _t0, _t1);
  }

  /**
   * The reverse sweep of {@code Calculus.matrixLoss(double[][] w, double[] x)} for the record {@code matrixLossForward} returned: the same as {@code matrixLossVjp} with the arguments given to {@code matrixLossForward}.
   */
  public static MatrixLossGradient matrixLossReverse(Object _forward, double seed) {
    return matrixLossReverseInto(_forward, seed, null, null);
  }

  /**
   * As {@code matrixLossReverse}, adding the gradient of each array parameter into the array given for it (if not null), whose component of the result is then that array: a caller's adjoint hands over its own.
   */
  public static MatrixLossGradient matrixLossReverseInto(Object _forward, double seed,
      double[][] _into_w, double[] _into_x) {
    MatrixLossForward _fw = (MatrixLossForward) _forward;
    _fw._reversals().once("matrixLossReverse", "matrixLossForward", "matrixLossVjp");
    double _value = _fw._value();
    double[][] w = _fw.w();
    double[] x = _fw.x();
    double z = _fw.z();
    double scale = _fw.scale();
    DoubleStack _t0 = _fw._t0();
    DoubleStack _t1 = _fw._t1();
    double[][] _d_w = _into_w != null ? _into_w : Adjoints.zerosLike(w);
    double[] _d_x = _into_x != null ? _into_x : new double[x.length];
    double _d_z = 0;
    // Calculus.java:96
    double _d_loss = seed;
    // Calculus.java:88
    for (int i = w.length - 1; i >= 0; i--) {
      scale = _t0.pop();
      z = _t1.pop();
      _d_z += Calculus.softplusVjp(z, scale * _d_loss);
      if (x.length > 0) {
        Adjoints.addScaledTo(_d_w[i], 0, x, 0, x.length, _d_z);
        Adjoints.addScaledTo(_d_x, 0, w[i], 0, x.length, _d_z);
      }
      _d_z = 0;
    }
    // the next gradient on this thread reuses the stacks' storage
    _t1.release();
    _t0.release();
    return new MatrixLossGradient(_value, _d_w, _d_x);
  }

  /**
   * Value and gradient of {@code Calculus.iterate(double x, double y)}.
   */
  public static IterateGradient iterate(double x, double y) {
    return iterateVjp(x, y, 1.0);
  }

  /**
   * Vector-Jacobian product of {@code Calculus.iterate(double x, double y)}: the value, and {@code seed} times the derivative of the result with respect to each parameter.
   */
  public static IterateGradient iterateVjp(double x, double y, double seed) {
    double _value = 0;
    boolean _returned = false;
    DoubleStack _t0 = new DoubleStack();
    BooleanStack _c0 = new BooleanStack();
    int _loop0 = 0;
    boolean _c1 = false;
    // Calculus.java:102
    double v = x;
    // Calculus.java:103
    int steps = 0;
    // Calculus.java:104
    _loop0 = 0;
    while (true) {
      _loop0++;
      if (v > 10) {
        _c0.push(true);
        _value = v * y;
        _returned = true;
        break;
      } else {
        _c0.push(false);
        _t0.push(v);
        v = v * 1.5 + y;
        steps++;
        if (steps >= 20) {
          break;
        }
      }
    }
    if (_returned) {
      _c1 = true;
    } else {
      _value = v;
    }
    double _d_y = 0;
    double _d_v = 0;
    if (!_c1) {
      _d_v += seed;
      seed = 0;
    }
    // Calculus.java:104
    for (; _loop0 > 0; _loop0--) {
      if (_c0.pop()) {
        _d_v += seed * y;
        _d_y += v * seed;
        seed = 0;
      } else {
        v = _t0.pop();
        double _r0 = _d_v;
        _d_v = _r0 * 1.5;
        _d_y += _r0;
      }
    }
    // Calculus.java:102
    double _d_x = _d_v;
    // the next gradient on this thread reuses the stacks' storage
    _c0.release();
    _t0.release();
    return new IterateGradient(_value, _d_x, _d_y);
  }

  /**
   * Value and gradient of {@code Calculus.smoothAbs(float x, float eps)}.
   */
  public static SmoothAbsGradient smoothAbs(float x, float eps) {
    return smoothAbsVjp(x, eps, 1f);
  }

  /**
   * Vector-Jacobian product of {@code Calculus.smoothAbs(float x, float eps)}: the value, and {@code seed} times the derivative of the result with respect to each parameter.
   */
  public static SmoothAbsGradient smoothAbsVjp(float x, float eps, float seed) {
    // Calculus.java:120
    double _p0 = Math.sqrt(x * x + eps * eps);
    float _value = (float) _p0 - eps;
    // Calculus.java:120
    double _r0 = DoubleRules.sqrtFromResult(_p0, seed);
    float _d_x = (float) (2 * (_r0 * x));
    float _d_eps = (float) (2 * (_r0 * eps));
    _d_eps += -seed;
    return new SmoothAbsGradient(_value, _d_x, _d_eps);
  }

  /**
   * What {@code normForward} keeps of {@code Calculus.norm(double[] v)} for {@code normReverse}: {@code value} is the method's result (a copy the caller may change).
   */
  public record NormForward(double value, double _value, double[] v, double e, double _p0) {
  }

  /**
   * What {@code matrixLossForward} keeps of {@code Calculus.matrixLoss(double[][] w, double[] x)} for {@code matrixLossReverse}: {@code value} is the method's result (a copy the caller may change).
   */
  public record MatrixLossForward(double value, Reversals _reversals, double _value, double[][] w,
      double[] x, double z, double scale, DoubleStack _t0, DoubleStack _t1) {
  }
}
