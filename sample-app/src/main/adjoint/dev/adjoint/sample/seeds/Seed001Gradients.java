package dev.adjoint.sample.seeds;

import dev.adjoint.Tensor;
import javax.annotation.processing.Generated;

/**
 * Gradients of the {@code @Differentiable} methods of {@code Seed001}, written by Adjoint's annotation processor.
 *
 * <p>Do not edit: regenerated on every build.
 *
 * <p>Its methods call {@code Seed001GradientsImpl}, written one compilation round later: the class these gradients come from infers types from this one ({@code var}), so javac reads its methods only once this class exists.
 */
@Generated("dev.adjoint.processor.AdjointProcessor")
public final class Seed001Gradients {
  private Seed001Gradients() {
  }

  /**
   * Value and gradient of {@code Seed001.f(Tensor a)}.
   */
  public static FGradient f(Tensor a) {
    return Seed001GradientsImpl.f(a);
  }

  /**
   * Vector-Jacobian product of {@code Seed001.f(Tensor a)}: the value, and {@code seed} times the derivative of the result with respect to each parameter.
   */
  public static FGradient fVjp(Tensor a, Tensor seed) {
    return Seed001GradientsImpl.fVjp(a, seed);
  }

  /**
   * The forward sweep of {@code Seed001.f(Tensor a)}: its value, and what {@code fReverse} needs to finish the gradient (a caller's generated adjoint runs the method once this way instead of twice).
   */
  public static FForward fForward(Tensor a) {
    Seed001GradientsImpl.FForward _sweep = Seed001GradientsImpl.fForward(a);
    return new FForward(_sweep.value(), _sweep);
  }

  /**
   * The reverse sweep of {@code Seed001.f(Tensor a)} for the record {@code fForward} returned: the same as {@code fVjp} with the arguments given to {@code fForward}.
   */
  public static FGradient fReverse(Object _forward, Tensor seed) {
    return Seed001GradientsImpl.fReverse(((FForward) _forward).sweep(), seed);
  }

  /**
   * Value and gradient of {@code Seed001.twiceDot(double[] x)}.
   */
  public static TwiceDotGradient twiceDot(double[] x) {
    return Seed001GradientsImpl.twiceDot(x);
  }

  /**
   * Vector-Jacobian product of {@code Seed001.twiceDot(double[] x)}: the value, and {@code seed} times the derivative of the result with respect to each parameter.
   */
  public static TwiceDotGradient twiceDotVjp(double[] x, double seed) {
    return Seed001GradientsImpl.twiceDotVjp(x, seed);
  }

  /**
   * The forward sweep of {@code Seed001.twiceDot(double[] x)}: its value, and what {@code twiceDotReverse} needs to finish the gradient (a caller's generated adjoint runs the method once this way instead of twice).
   */
  public static TwiceDotForward twiceDotForward(double[] x) {
    Seed001GradientsImpl.TwiceDotForward _sweep = Seed001GradientsImpl.twiceDotForward(x);
    return new TwiceDotForward(_sweep.value(), _sweep);
  }

  /**
   * The reverse sweep of {@code Seed001.twiceDot(double[] x)} for the record {@code twiceDotForward} returned: the same as {@code twiceDotVjp} with the arguments given to {@code twiceDotForward}.
   */
  public static TwiceDotGradient twiceDotReverse(Object _forward, double seed) {
    return Seed001GradientsImpl.twiceDotReverse(((TwiceDotForward) _forward).sweep(), seed);
  }

  /**
   * As {@code twiceDotReverse}, adding the gradient of each array parameter into the array given for it (if not null), whose component of the result is then that array: a caller's adjoint hands over its own.
   */
  public static TwiceDotGradient twiceDotReverseInto(Object _forward, double seed,
      double[] _into_x) {
    return Seed001GradientsImpl.twiceDotReverseInto(((TwiceDotForward) _forward).sweep(), seed, _into_x);
  }

  /**
   * The value of {@code Seed001.f(Tensor a)} and the adjoints of its parameters.
   *
   * @param value the method's result
   * @param dA the adjoint of {@code a}
   */
  public record FGradient(Tensor value, Tensor dA) {
  }

  /**
   * What {@code fForward} keeps of {@code Seed001.f(Tensor a)} for {@code fReverse}: {@code value} is the method's result (a copy the caller may change).
   *
   * @param value the method's result
   * @param sweep what {@code Seed001GradientsImpl} keeps for the reverse sweep
   */
  public record FForward(Tensor value, Object sweep) {
  }

  /**
   * The value of {@code Seed001.twiceDot(double[] x)} and the adjoints of its parameters.
   *
   * @param value the method's result
   * @param dX the adjoint of {@code x}
   */
  public record TwiceDotGradient(double value, double[] dX) {
  }

  /**
   * What {@code twiceDotForward} keeps of {@code Seed001.twiceDot(double[] x)} for {@code twiceDotReverse}: {@code value} is the method's result (a copy the caller may change).
   *
   * @param value the method's result
   * @param sweep what {@code Seed001GradientsImpl} keeps for the reverse sweep
   */
  public record TwiceDotForward(double value, Object sweep) {
  }
}
