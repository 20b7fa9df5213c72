package dev.adjoint.kernels;

/**
 * An elementwise function of one argument, applied by {@link Kernels#map}.
 *
 * <p>The kernels decide how to evaluate each function (a scalar {@code Math} loop or SIMD lanes);
 * callers only name it.
 */
public enum UnaryOp {
  /** {@code -x}. */
  NEG,
  /** {@code e^x}. */
  EXP,
  /** natural logarithm. */
  LOG,
  /** sine. */
  SIN,
  /** cosine. */
  COS,
  /** tangent. */
  TAN,
  /** hyperbolic tangent. */
  TANH,
  /** {@code 1 / (1 + e^-x)}. */
  SIGMOID,
  /** {@code max(x, 0)}; NaN stays NaN. */
  RELU,
  /** square root. */
  SQRT,
  /** absolute value. */
  ABS,
  /** {@code x * x}. */
  SQUARE,
  /** {@code 1 / x}. */
  RECIPROCAL,
  /** {@code -1, 0, 1} by sign; NaN stays NaN. */
  SIGN
}
