package dev.adjoint.kernels;

/**
 * An elementwise function of two arguments, applied by {@link Kernels#zip} and
 * {@link Kernels#zipScalar}.
 *
 * <p>Comparisons produce {@code 1} where they hold and {@code 0} elsewhere (a NaN operand compares
 * false, as IEEE says).
 */
public enum BinaryOp {
  /** {@code a + b}. */
  ADD,
  /** {@code a - b}. */
  SUB,
  /** {@code b - a}: lets a scalar stand on the left of a subtraction. */
  RSUB,
  /** {@code a * b}. */
  MUL,
  /** {@code a / b}. */
  DIV,
  /** {@code b / a}: lets a scalar stand on the left of a division. */
  RDIV,
  /** {@code a ^ b} ({@link Math#pow}). */
  POW,
  /** {@code max(a, b)}; NaN if either is NaN. */
  MAX,
  /** {@code min(a, b)}; NaN if either is NaN. */
  MIN,
  /** {@code a > b ? 1 : 0}. */
  GT,
  /** {@code a < b ? 1 : 0}. */
  LT,
  /** {@code a >= b ? 1 : 0}. */
  GE,
  /** {@code a <= b ? 1 : 0}. */
  LE,
  /** {@code a == b ? 1 : 0}. */
  EQ
}
