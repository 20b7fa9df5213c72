package dev.adjoint.sample.calculus;

import javax.annotation.processing.Generated;

/**
 * Gradients of the {@code @Differentiable} methods of {@code Calculus}, written by Adjoint's annotation processor.
 *
 * <p>Do not edit: regenerated on every build.
 *
 * <p>Its methods call {@code CalculusGradientsImpl}, written one compilation round later: the class these gradients come from infers types from this one ({@code var}), so javac reads its methods only once this class exists.
 */
@Generated("dev.adjoint.processor.AdjointProcessor")
public final class CalculusGradients {
  private CalculusGradients() {
  }

  /**
   * Value and gradient of {@code Calculus.rosenbrock(double x, double y)}.
   */
  public static RosenbrockGradient rosenbrock(double x, double y) {
    return CalculusGradientsImpl.rosenbrock(x, y);
  }

  /**
   * Vector-Jacobian product of {@code Calculus.rosenbrock(double x, double y)}: the value, and {@code seed} times the derivative of the result with respect to each parameter.
   */
  public static RosenbrockGradient rosenbrockVjp(double x, double y, double seed) {
    return CalculusGradientsImpl.rosenbrockVjp(x, y, seed);
  }

  /**
   * Value and gradient of {@code Calculus.expr20(double x, double y)}.
   */
  public static Expr20Gradient expr20(double x, double y) {
    return CalculusGradientsImpl.expr20(x, y);
  }

  /**
   * Vector-Jacobian product of {@code Calculus.expr20(double x, double y)}: the value, and {@code seed} times the derivative of the result with respect to each parameter.
   */
  public static Expr20Gradient expr20Vjp(double x, double y, double seed) {
    return CalculusGradientsImpl.expr20Vjp(x, y, seed);
  }

  /**
   * Value and gradient of {@code Calculus.sigmoid(double z)}.
   */
  public static SigmoidGradient sigmoid(double z) {
    return CalculusGradientsImpl.sigmoid(z);
  }

  /**
   * Vector-Jacobian product of {@code Calculus.sigmoid(double z)}: the value, and {@code seed} times the derivative of the result with respect to each parameter.
   */
  public static SigmoidGradient sigmoidVjp(double z, double seed) {
    return CalculusGradientsImpl.sigmoidVjp(z, seed);
  }

  /**
   * Value and gradient of {@code Calculus.polynomial(double[] coefficients, double x)}.
   */
  public static PolynomialGradient polynomial(double[] coefficients, double x) {
    return CalculusGradientsImpl.polynomial(coefficients, x);
  }

  /**
   * Vector-Jacobian product of {@code Calculus.polynomial(double[] coefficients, double x)}: the value, and {@code seed} times the derivative of the result with respect to each parameter.
   */
  public static PolynomialGradient polynomialVjp(double[] coefficients, double x, double seed) {
    return CalculusGradientsImpl.polynomialVjp(coefficients, x, seed);
  }

  /**
   * Value and gradient of {@code Calculus.norm(double[] v)}.
   */
  public static NormGradient norm(double[] v) {
    return CalculusGradientsImpl.norm(v);
  }

  /**
   * Vector-Jacobian product of {@code Calculus.norm(double[] v)}: the value, and {@code seed} times the derivative of the result with respect to each parameter.
   */
  public static NormGradient normVjp(double[] v, double seed) {
    return CalculusGradientsImpl.normVjp(v, seed);
  }

  /**
   * The forward sweep of {@code Calculus.norm(double[] v)}: its value, and what {@code normReverse} needs to finish the gradient (a caller's generated adjoint runs the method once this way instead of twice).
   */
  public static NormForward normForward(double[] v) {
    CalculusGradientsImpl.NormForward _sweep = CalculusGradientsImpl.normForward(v);
    return new NormForward(_sweep.value(), _sweep);
  }

  /**
   * The reverse sweep of {@code Calculus.norm(double[] v)} for the record {@code normForward} returned: the same as {@code normVjp} with the arguments given to {@code normForward}.
   */
  public static NormGradient normReverse(Object _forward, double seed) {
    return CalculusGradientsImpl.normReverse(((NormForward) _forward).sweep(), seed);
  }

  /**
   * As {@code normReverse}, adding the gradient of each array parameter into the array given for it (if not null), whose component of the result is then that array: a caller's adjoint hands over its own.
   */
  public static NormGradient normReverseInto(Object _forward, double seed, double[] _into_v) {
    return CalculusGradientsImpl.normReverseInto(((NormForward) _forward).sweep(), seed, _into_v);
  }

  /**
   * Value and gradient of {@code Calculus.matrixLoss(double[][] w, double[] x)}.
   */
  public static MatrixLossGradient matrixLoss(double[][] w, double[] x) {
    return CalculusGradientsImpl.matrixLoss(w, x);
  }

  /**
   * Vector-Jacobian product of {@code Calculus.matrixLoss(double[][] w, double[] x)}: the value, and {@code seed} times the derivative of the result with respect to each parameter.
   */
  public static MatrixLossGradient matrixLossVjp(double[][] w, double[] x, double seed) {
    return CalculusGradientsImpl.matrixLossVjp(w, x, seed);
  }

  /**
   * The forward sweep of {@code Calculus.matrixLoss(double[][] w, double[] x)}: its value, and what {@code matrixLossReverse} needs to finish the gradient (a caller's generated adjoint runs the method once this way instead of twice).
   */
  public static MatrixLossForward matrixLossForward(double[][] w, double[] x) {
    CalculusGradientsImpl.MatrixLossForward _sweep = CalculusGradientsImpl.matrixLossForward(w, x);
    return new MatrixLossForward(_sweep.value(), _sweep);
  }

  /**
   * The reverse sweep of {@code Calculus.matrixLoss(double[][] w, double[] x)} for the record {@code matrixLossForward} returned: the same as {@code matrixLossVjp} with the arguments given to {@code matrixLossForward}.
   */
  public static MatrixLossGradient matrixLossReverse(Object _forward, double seed) {
    return CalculusGradientsImpl.matrixLossReverse(((MatrixLossForward) _forward).sweep(), seed);
  }

  /**
   * As {@code matrixLossReverse}, adding the gradient of each array parameter into the array given for it (if not null), whose component of the result is then that array: a caller's adjoint hands over its own.
   */
  public static MatrixLossGradient matrixLossReverseInto(Object _forward, double seed,
      double[][] _into_w, double[] _into_x) {
    return CalculusGradientsImpl.matrixLossReverseInto(((MatrixLossForward) _forward).sweep(), seed, _into_w, _into_x);
  }

  /**
   * Value and gradient of {@code Calculus.iterate(double x, double y)}.
   */
  public static IterateGradient iterate(double x, double y) {
    return CalculusGradientsImpl.iterate(x, y);
  }

  /**
   * Vector-Jacobian product of {@code Calculus.iterate(double x, double y)}: the value, and {@code seed} times the derivative of the result with respect to each parameter.
   */
  public static IterateGradient iterateVjp(double x, double y, double seed) {
    return CalculusGradientsImpl.iterateVjp(x, y, seed);
  }

  /**
   * Value and gradient of {@code Calculus.smoothAbs(float x, float eps)}.
   */
  public static SmoothAbsGradient smoothAbs(float x, float eps) {
    return CalculusGradientsImpl.smoothAbs(x, eps);
  }

  /**
   * Vector-Jacobian product of {@code Calculus.smoothAbs(float x, float eps)}: the value, and {@code seed} times the derivative of the result with respect to each parameter.
   */
  public static SmoothAbsGradient smoothAbsVjp(float x, float eps, float seed) {
    return CalculusGradientsImpl.smoothAbsVjp(x, eps, seed);
  }

  /**
   * The value of {@code Calculus.rosenbrock(double x, double y)} and the adjoints of its parameters.
   *
   * @param value the method's result
   * @param dX the adjoint of {@code x}
   * @param dY the adjoint of {@code y}
   */
  public record RosenbrockGradient(double value, double dX, double dY) {
  }

  /**
   * The value of {@code Calculus.expr20(double x, double y)} and the adjoints of its parameters.
   *
   * @param value the method's result
   * @param dX the adjoint of {@code x}
   * @param dY the adjoint of {@code y}
   */
  public record Expr20Gradient(double value, double dX, double dY) {
  }

  /**
   * The value of {@code Calculus.sigmoid(double z)} and the adjoints of its parameters.
   *
   * @param value the method's result
   * @param dZ the adjoint of {@code z}
   */
  public record SigmoidGradient(double value, double dZ) {
  }

  /**
   * The value of {@code Calculus.polynomial(double[] coefficients, double x)} and the adjoints of its parameters.
   *
   * @param value the method's result
   * @param dX the adjoint of {@code x}
   */
  public record PolynomialGradient(double value, double dX) {
  }

  /**
   * The value of {@code Calculus.norm(double[] v)} and the adjoints of its parameters.
   *
   * @param value the method's result
   * @param dV the adjoint of {@code v}
   */
  public record NormGradient(double value, double[] dV) {
  }

  /**
   * What {@code normForward} keeps of {@code Calculus.norm(double[] v)} for {@code normReverse}: {@code value} is the method's result (a copy the caller may change).
   *
   * @param value the method's result
   * @param sweep what {@code CalculusGradientsImpl} keeps for the reverse sweep
   */
  public record NormForward(double value, Object sweep) {
  }

  /**
   * The value of {@code Calculus.matrixLoss(double[][] w, double[] x)} and the adjoints of its parameters.
   *
   * @param value the method's result
   * @param dW the adjoint of {@code w}
   * @param dX the adjoint of {@code x}
   */
  public record MatrixLossGradient(double value, double[][] dW, double[] dX) {
  }

  /**
   * What {@code matrixLossForward} keeps of {@code Calculus.matrixLoss(double[][] w, double[] x)} for {@code matrixLossReverse}: {@code value} is the method's result (a copy the caller may change).
   *
   * @param value the method's result
   * @param sweep what {@code CalculusGradientsImpl} keeps for the reverse sweep
   */
  public record MatrixLossForward(double value, Object sweep) {
  }

  /**
   * The value of {@code Calculus.iterate(double x, double y)} and the adjoints of its parameters.
   *
   * @param value the method's result
   * @param dX the adjoint of {@code x}
   * @param dY the adjoint of {@code y}
   */
  public record IterateGradient(double value, double dX, double dY) {
  }

  /**
   * The value of {@code Calculus.smoothAbs(float x, float eps)} and the adjoints of its parameters.
   *
   * @param value the method's result
   * @param dX the adjoint of {@code x}
   * @param dEps the adjoint of {@code eps}
   */
  public record SmoothAbsGradient(float value, float dX, float dEps) {
  }
}
