package dev.adjoint.sample.seeds;

import static dev.adjoint.sample.seeds.Seed001Gradients.FGradient;
import static dev.adjoint.sample.seeds.Seed001Gradients.TwiceDotGradient;

import dev.adjoint.Autograd;
import dev.adjoint.GradScope;
import dev.adjoint.Tensor;
import dev.adjoint.support.TapeLeaves;
import dev.adjoint.support.TensorAdjoints;
import java.util.Objects;
import javax.annotation.processing.Generated;

/**
 * The gradients behind {@link Seed001Gradients}, which calls these methods; written by Adjoint's annotation processor.
 *
 * <p>Do not edit: regenerated on every build.
 */
@Generated("dev.adjoint.processor.AdjointProcessor")
final class Seed001GradientsImpl {
  private Seed001GradientsImpl() {
  }

  /**
   * Value and gradient of {@code Seed001.f(Tensor a)}, recorded on the dynamic tape. The result must have one element;
   * otherwise call {@code fVjp} with a seed.
   */
  public static FGradient f(Tensor a) {
    return _fTape(a, null);
  }

  /**
   * Vector-Jacobian product of {@code Seed001.f(Tensor a)}, recorded on the dynamic tape: the value, and {@code seed}
   * (the result's shape and dtype) times the derivative of the result with respect to each parameter.
   */
  public static FGradient fVjp(Tensor a, Tensor seed) {
    Objects.requireNonNull(seed, "fVjp: seed is null; pass a tensor of the result's shape (or call f for a one-element result)");
    return _fTape(a, seed);
  }

  /**
   * The value of {@code Seed001.f(Tensor a)} and what {@code fReverse} needs to finish its gradient on the tape.
   */
  public static FForward fForward(Tensor a) {
    Tensor _value = Seed001.f(a);
    return new FForward(_value, a);
  }

  /**
   * The gradient of {@code Seed001.f(Tensor a)} for the record {@code fForward} returned: {@code fVjp} with the arguments kept.
   */
  public static FGradient fReverse(Object _forward, Tensor seed) {
    FForward _fw = (FForward) _forward;
    return fVjp(_fw.a(), seed);
  }

  /**
   * Records {@code Seed001.f(Tensor a)} on the tape and runs the backward pass; a null {@code seed} means the gradient of a
   * one-element result.
   */
  private static FGradient _fTape(Tensor a, Tensor seed) {
    // Leaf copies sharing storage (the caller's tensors get no grad()), recorded copies where the caller records
    TapeLeaves _leaves = new TapeLeaves();
    // Record even inside the caller's noGrad(); closing the scope restores the caller's mode
    try (GradScope _recording = Autograd.enableGrad()) {
      Tensor _a = _leaves.track(a, "a");
      // Seed001.java:27-33
      // The while condition at line 29, `b.norm().item() < 1000`, reads a tensor's value: the tape records the path this call takes
      Tensor _value = Seed001.f(_a);
      seed = TensorAdjoints.seed(_value, seed, "Seed001.f", "fVjp");
      _leaves.backward(_value, seed);
      // The gradients in the order the leaves were made; a tensor the result does not depend on gets zeros
      Tensor _d_a = _leaves.gradient(a);
      return new FGradient(_leaves.result(_value), _d_a);
    }
  }

  /**
   * Value and gradient of {@code Seed001.twiceDot(double[] x)}.
   */
  public static TwiceDotGradient twiceDot(double[] x) {
    return twiceDotVjp(x, 1.0);
  }

  /**
   * Vector-Jacobian product of {@code Seed001.twiceDot(double[] x)}: the value, and {@code seed} times the derivative of the result with respect to each parameter.
   */
  public static TwiceDotGradient twiceDotVjp(double[] x, double seed) {
    double[] _d_x = new double[x.length];
    double v = 0;
    // Seed001.java:38
    double s = 0;
    // Seed001.java:39
    for (int _i0 = 0; _i0 < x.length; _i0++) {
      v = x[_i0];
      s += v * v;
    }
    // Seed001.java:42
    double _value = 2 * s;
    double _d_v = 0;
    // Seed001.java:42
    double _d_s = 2 * seed;
    // Seed001.java:39
    for (int _i0 = x.length - 1; _i0 >= 0; _i0--) {
      v = x[_i0];
      _d_v += 2 * (_d_s * v);
      _d_x[_i0] += _d_v;
      _d_v = 0;
    }
    return new TwiceDotGradient(_value, _d_x);
  }

  /**
   * The forward sweep of {@code Seed001.twiceDot(double[] x)}: its value, and what {@code twiceDotReverse} needs to finish the gradient (a caller's generated adjoint runs the method once this way instead of twice).
   */
  public static TwiceDotForward twiceDotForward(double[] x) {
    double v = 0;
    // Seed001.java:38
    double s = 0;
    // Seed001.java:39
    for (int _i0 = 0; _i0 < x.length; _i0++) {
      v = x[_i0];
      s += v * v;
    }
    // Seed001.java:42
    double _value = 2 * s;
    return new TwiceDotForward(_value, _value, x, v);
  }

  /**
   * The reverse sweep of {@code Seed001.twiceDot(double[] x)} for the record {@code twiceDotForward} returned: the same as {@code twiceDotVjp} with the arguments given to {@code twiceDotForward}.
   */
  public static TwiceDotGradient twiceDotReverse(Object _forward, double seed) {
    return twiceDotReverseInto(_forward, seed, null);
  }

  /**
   * As {@code twiceDotReverse}, adding the gradient of each array parameter into the array given for it (if not null), whose component of the result is then that array: a caller's adjoint hands over its own.
   */
  public static TwiceDotGradient twiceDotReverseInto(Object _forward, double seed,
      double[] _into_x) {
    TwiceDotForward _fw = (TwiceDotForward) _forward;
    double _value = _fw._value();
    double[] x = _fw.x();
    double v = _fw.v();
    double[] _d_x = _into_x != null ? _into_x : new double[x.length];
    double _d_v = 0;
    // Seed001.java:42
    double _d_s = 2 * seed;
    // Seed001.java:39
    for (int _i0 = x.length - 1; _i0 >= 0; _i0--) {
      v = x[_i0];
      _d_v += 2 * (_d_s * v);
      _d_x[_i0] += _d_v;
      _d_v = 0;
    }
    return new TwiceDotGradient(_value, _d_x);
  }

  /**
   * What {@code fForward} keeps of {@code Seed001.f(Tensor a)} for {@code fReverse}: its value and its arguments.
   */
  public record FForward(Tensor value, Tensor a) {
  }

  /**
   * What {@code twiceDotForward} keeps of {@code Seed001.twiceDot(double[] x)} for {@code twiceDotReverse}: {@code value} is the method's result (a copy the caller may change).
   */
  public record TwiceDotForward(double value, double _value, double[] x, double v) {
  }
}
