package dev.adjoint;

/**
 * Helpers that differentiable code may call.
 *
 * <p>{@code withoutDerivative} returns its argument unchanged and tells the processor to treat the
 * value as a constant (no gradient flows through it), on purpose: it also silences
 * {@code [Adjoint:ZeroDerivative]}.
 *
 * <pre>{@code
 * @Differentiable
 * static double f(double x) {
 *   double scale = AD.withoutDerivative(x);   // treated as a constant
 *   return scale * x;                          // df/dx = scale, not 2x
 * }
 * }</pre>
 */
public final class AD {
  private AD() {}

  /**
   * Returns {@code value}; differentiable code treats the result as a constant.
   *
   * @param value any value
   * @return {@code value}
   */
  public static double withoutDerivative(double value) {
    return value;
  }

  /**
   * Returns {@code value}; differentiable code treats the result as a constant.
   *
   * @param value any value
   * @return {@code value}
   */
  public static float withoutDerivative(float value) {
    return value;
  }

  /**
   * Returns {@code value} (the same array); differentiable code treats its contents as constants.
   *
   * @param value any array
   * @return {@code value}
   */
  public static double[] withoutDerivative(double[] value) {
    return value;
  }

  /**
   * Returns {@code value} (the same array); differentiable code treats its contents as constants.
   *
   * @param value any array
   * @return {@code value}
   */
  public static float[] withoutDerivative(float[] value) {
    return value;
  }

  /**
   * Returns {@code value} (the same array); differentiable code treats its contents as constants.
   *
   * @param value any array
   * @return {@code value}
   */
  public static double[][] withoutDerivative(double[][] value) {
    return value;
  }

  /**
   * Returns {@code value} (the same array); differentiable code treats its contents as constants.
   *
   * @param value any array
   * @return {@code value}
   */
  public static float[][] withoutDerivative(float[][] value) {
    return value;
  }

  /**
   * Returns {@code value.detach()}: the same data, cut from the tape, so that generated adjoints and the
   * tape both treat it as a constant (as {@code Tensor.detach()} does).
   *
   * @param value any tensor
   * @return a tensor sharing {@code value}'s storage that requires no grad
   */
  public static Tensor withoutDerivative(Tensor value) {
    return value.detach();
  }
}
