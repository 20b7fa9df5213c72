package dev.adjoint.rules;

/**
 * The vector-Jacobian rules of the elementwise operations, each written once against {@link Elementwise}:
 * {@link TensorRules} runs them on whole tensors (for the tape and for generated tensor code), and the
 * fused loops the annotation processor writes run them on the lanes of one vector, with the value and
 * its derivative in registers. Names and parameters are those of the {@link TensorRules} method of the
 * same name, with the arithmetic first.
 *
 * <pre>{@code
 * Tensor dx = ElementwiseRules.sin(TensorRules.TENSORS, x, g);   // what TensorRules.sin(x, g) returns
 * }</pre>
 */
public final class ElementwiseRules {
  private ElementwiseRules() {}

  /**
   * Rule of {@code a.mul(b)} for either input: {@code g * other}.
   *
   * @param <V> the values
   * @param a the arithmetic
   * @param other the other input of the product
   * @param g the seed
   * @param seedIsFree true if nothing else reads {@code g} afterwards
   * @return the contribution
   */
  public static <V> V mul(Elementwise<V> a, V other, V g, boolean seedIsFree) {
    return a.timesSeed(g, other, seedIsFree);
  }

  /**
   * Rule of {@code a.sub(b)} for {@code b}, and of {@code a.neg()} and {@code a.rsub(s)}: {@code -g}.
   *
   * @param <V> the values
   * @param a the arithmetic
   * @param g the seed
   * @param seedIsFree true if nothing else reads {@code g} afterwards
   * @return the contribution
   */
  public static <V> V neg(Elementwise<V> a, V g, boolean seedIsFree) {
    return a.negSeed(g, seedIsFree);
  }

  /**
   * Rule of {@code a.div(b)} for the dividend: {@code g / b}.
   *
   * @param <V> the values
   * @param a the arithmetic
   * @param right the divisor
   * @param g the seed
   * @return the contribution
   */
  public static <V> V divLeft(Elementwise<V> a, V right, V g) {
    return a.div(g, right);
  }

  /**
   * Rule of {@code a.div(b)} for the divisor: {@code -g a / b^2}.
   *
   * @param <V> the values
   * @param a the arithmetic
   * @param left the dividend
   * @param right the divisor
   * @param g the seed
   * @return the contribution
   */
  public static <V> V divRight(Elementwise<V> a, V left, V right, V g) {
    return a.neg(a.div(a.mul(g, left), a.square(right)));
  }

  /**
   * Rule of {@code x.mul(s)} for {@code x}: {@code g s}.
   *
   * @param <V> the values
   * @param a the arithmetic
   * @param s the number
   * @param g the seed
   * @param seedIsFree true if nothing else reads {@code g} afterwards
   * @return the contribution
   */
  public static <V> V mulScalar(Elementwise<V> a, double s, V g, boolean seedIsFree) {
    return a.timesSeed(g, s, seedIsFree);
  }

  /**
   * Rule of {@code x.div(s)} for {@code x}: {@code g / s}.
   *
   * @param <V> the values
   * @param a the arithmetic
   * @param s the divisor
   * @param g the seed
   * @return the contribution
   */
  public static <V> V divScalar(Elementwise<V> a, double s, V g) {
    return a.div(g, s);
  }

  /**
   * Rule of {@code x.rdiv(s)} ({@code s / x}) for {@code x}: {@code -g s / x^2}.
   *
   * @param <V> the values
   * @param a the arithmetic
   * @param x the divisor
   * @param s the dividend
   * @param g the seed
   * @return the contribution
   */
  public static <V> V rdivScalar(Elementwise<V> a, V x, double s, V g) {
    return a.div(a.mul(g, -s), a.square(x));
  }

  /**
   * Rule of {@code x.exp()}, from its result {@code y}: {@code g y}.
   *
   * @param <V> the values
   * @param a the arithmetic
   * @param y the result {@code exp(x)}
   * @param g the seed
   * @param seedIsFree true if nothing else reads {@code g} afterwards
   * @return the contribution
   */
  public static <V> V expFromResult(Elementwise<V> a, V y, V g, boolean seedIsFree) {
    return a.timesSeed(g, y, seedIsFree);
  }

  /**
   * Rule of {@code x.log()}: {@code g / x}.
   *
   * @param <V> the values
   * @param a the arithmetic
   * @param x the argument
   * @param g the seed
   * @return the contribution
   */
  public static <V> V log(Elementwise<V> a, V x, V g) {
    return a.div(g, x);
  }

  /**
   * Rule of {@code x.sin()}: {@code g cos(x)}.
   *
   * @param <V> the values
   * @param a the arithmetic
   * @param x the argument
   * @param g the seed
   * @return the contribution
   */
  public static <V> V sin(Elementwise<V> a, V x, V g) {
    return a.times(a.cos(x), g);
  }

  /**
   * Rule of {@code x.cos()}: {@code -g sin(x)}.
   *
   * @param <V> the values
   * @param a the arithmetic
   * @param x the argument
   * @param g the seed
   * @return the contribution
   */
  public static <V> V cos(Elementwise<V> a, V x, V g) {
    return a.times(a.times(a.sin(x), g), -1);
  }

  /**
   * Rule of {@code x.tan()}, from its result {@code y}: {@code g (1 + y^2)}.
   *
   * @param <V> the values
   * @param a the arithmetic
   * @param y the result {@code tan(x)}
   * @param g the seed
   * @return the contribution
   */
  public static <V> V tanFromResult(Elementwise<V> a, V y, V g) {
    return a.times(a.plus(a.square(y), 1), g);
  }

  /**
   * Rule of {@code x.tanh()}, from its result {@code y}: {@code g (1 - y^2)}.
   *
   * @param <V> the values
   * @param a the arithmetic
   * @param y the result {@code tanh(x)}
   * @param g the seed
   * @return the contribution
   */
  public static <V> V tanhFromResult(Elementwise<V> a, V y, V g) {
    return a.times(a.plus(a.times(a.square(y), -1), 1), g);
  }

  /**
   * Rule of {@code x.sigmoid()}, from its result {@code y}: {@code g y (1 - y)}.
   *
   * @param <V> the values
   * @param a the arithmetic
   * @param y the result {@code sigmoid(x)}
   * @param g the seed
   * @return the contribution
   */
  public static <V> V sigmoidFromResult(Elementwise<V> a, V y, V g) {
    return a.times(a.times(a.rsub(y, 1), y), g);
  }

  /**
   * Rule of {@code x.sqrt()}, from its result {@code y}: {@code g / (2 y)}.
   *
   * @param <V> the values
   * @param a the arithmetic
   * @param y the result {@code sqrt(x)}
   * @param g the seed
   * @return the contribution
   */
  public static <V> V sqrtFromResult(Elementwise<V> a, V y, V g) {
    return a.times(a.div(g, y), 0.5);
  }

  /**
   * Rule of {@code x.square()}: {@code 2 g x}.
   *
   * @param <V> the values
   * @param a the arithmetic
   * @param x the argument
   * @param g the seed
   * @param seedIsFree true if nothing else reads {@code g} afterwards
   * @return the contribution
   */
  public static <V> V square(Elementwise<V> a, V x, V g, boolean seedIsFree) {
    return a.times(a.timesSeed(g, x, seedIsFree), 2);
  }

  /**
   * Rule of {@code x.reciprocal()}, from its result {@code y}: {@code -g y^2}.
   *
   * @param <V> the values
   * @param a the arithmetic
   * @param y the result {@code 1 / x}
   * @param g the seed
   * @return the contribution
   */
  public static <V> V reciprocalFromResult(Elementwise<V> a, V y, V g) {
    return a.times(a.times(a.square(y), g), -1);
  }
}
