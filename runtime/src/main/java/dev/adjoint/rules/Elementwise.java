package dev.adjoint.rules;

/**
 * The arithmetic the elementwise derivative rules are written in, over values of type {@code V}: whole
 * tensors (the rules {@link TensorRules} hands to the tape and to generated tensor code) or the lanes
 * of one SIMD vector (the fused loops the annotation processor writes, see {@link dev.adjoint.Lanes}).
 * Writing a rule once against this interface ({@link ElementwiseRules}, and its lanes copy
 * {@link FloatLaneRules} and {@link DoubleLaneRules}, expanded from one template) is what lets one formula serve
 * both: there is no second copy of an elementwise derivative.
 *
 * <p>Operations named as on {@link dev.adjoint.Tensor} compute a new value. The {@code times} and
 * {@code plus} updates take a value the rule made itself ({@code fresh}), which an implementation may
 * overwrite; the {@code ...Seed} updates take the seed, which it may overwrite only when the caller
 * says nothing else reads it ({@code seedIsFree}). Lanes ignore both hints: their values are
 * registers.
 *
 * <pre>{@code
 * static <V> V sin(Elementwise<V> a, V x, V g) {
 *   return a.times(a.cos(x), g);        // g cos(x)
 * }
 * }</pre>
 *
 * @param <V> a value: a tensor, or a vector of lanes
 */
public interface Elementwise<V> {
  /**
   * {@code a + b}.
   *
   * @param a left
   * @param b right
   * @return the sum
   */
  V add(V a, V b);

  /**
   * {@code a - b}.
   *
   * @param a left
   * @param b right
   * @return the difference
   */
  V sub(V a, V b);

  /**
   * {@code a * b}.
   *
   * @param a left
   * @param b right
   * @return the product
   */
  V mul(V a, V b);

  /**
   * {@code a / b}.
   *
   * @param a dividend
   * @param b divisor
   * @return the quotient
   */
  V div(V a, V b);

  /**
   * {@code -a}.
   *
   * @param a the value
   * @return its negation
   */
  V neg(V a);

  /**
   * {@code a + s}.
   *
   * @param a the value
   * @param s a number
   * @return the sum
   */
  V add(V a, double s);

  /**
   * {@code a - s}.
   *
   * @param a the value
   * @param s a number
   * @return the difference
   */
  V sub(V a, double s);

  /**
   * {@code s - a}.
   *
   * @param a the value
   * @param s a number
   * @return the difference
   */
  V rsub(V a, double s);

  /**
   * {@code a * s}.
   *
   * @param a the value
   * @param s a number
   * @return the product
   */
  V mul(V a, double s);

  /**
   * {@code a / s}.
   *
   * @param a the value
   * @param s a number
   * @return the quotient
   */
  V div(V a, double s);

  /**
   * {@code s / a}.
   *
   * @param a the value
   * @param s a number
   * @return the quotient
   */
  V rdiv(V a, double s);

  /**
   * {@code e^a}.
   *
   * @param a the value
   * @return the exponential
   */
  V exp(V a);

  /**
   * Natural logarithm.
   *
   * @param a the value
   * @return {@code log a}
   */
  V log(V a);

  /**
   * Sine.
   *
   * @param a the value
   * @return {@code sin a}
   */
  V sin(V a);

  /**
   * Cosine.
   *
   * @param a the value
   * @return {@code cos a}
   */
  V cos(V a);

  /**
   * Tangent.
   *
   * @param a the value
   * @return {@code tan a}
   */
  V tan(V a);

  /**
   * Hyperbolic tangent.
   *
   * @param a the value
   * @return {@code tanh a}
   */
  V tanh(V a);

  /**
   * {@code 1 / (1 + e^-a)}.
   *
   * @param a the value
   * @return the logistic sigmoid
   */
  V sigmoid(V a);

  /**
   * Square root.
   *
   * @param a the value
   * @return {@code sqrt a}
   */
  V sqrt(V a);

  /**
   * {@code a * a}.
   *
   * @param a the value
   * @return its square
   */
  V square(V a);

  /**
   * {@code 1 / a}.
   *
   * @param a the value
   * @return its reciprocal
   */
  V reciprocal(V a);

  /**
   * {@code fresh * other}, where {@code fresh} is a value the rule made and may be overwritten.
   *
   * @param fresh a value only the rule holds
   * @param other the other factor
   * @return the product
   */
  V times(V fresh, V other);

  /**
   * {@code fresh * s}, where {@code fresh} may be overwritten.
   *
   * @param fresh a value only the rule holds
   * @param s a number
   * @return the product
   */
  V times(V fresh, double s);

  /**
   * {@code fresh + s}, where {@code fresh} may be overwritten.
   *
   * @param fresh a value only the rule holds
   * @param s a number
   * @return the sum
   */
  V plus(V fresh, double s);

  /**
   * {@code g * other}, overwriting the seed {@code g} only when {@code seedIsFree} allows it.
   *
   * @param g the seed
   * @param other the other factor
   * @param seedIsFree true if nothing else reads {@code g} afterwards
   * @return the product
   */
  V timesSeed(V g, V other, boolean seedIsFree);

  /**
   * {@code g * s}, overwriting the seed {@code g} only when {@code seedIsFree} allows it.
   *
   * @param g the seed
   * @param s a number
   * @param seedIsFree true if nothing else reads {@code g} afterwards
   * @return the product
   */
  V timesSeed(V g, double s, boolean seedIsFree);

  /**
   * {@code -g}, overwriting the seed {@code g} only when {@code seedIsFree} allows it.
   *
   * @param g the seed
   * @param seedIsFree true if nothing else reads {@code g} afterwards
   * @return the negation
   */
  V negSeed(V g, boolean seedIsFree);
}
