package dev.adjoint.support;

import dev.adjoint.DType;
import dev.adjoint.Tensor;
import dev.adjoint.autograd.GradMode;
import java.util.Arrays;

/**
 * What generated adjoints of {@code Tensor} code need at run time besides the rules of
 * {@link dev.adjoint.rules.TensorRules}: accumulating adjoints, summing a broadcast contribution down to
 * an input's shape, and the seed of a one-element result.
 *
 * <p>A tensor adjoint that has received nothing yet is {@code null} (zero): nothing is allocated for
 * it. Adjoints are never changed in place, so a contribution may be shared by several adjoints (the
 * seed of {@code a.add(b)} is the contribution to both).
 *
 * <pre>{@code
 * Tensor _d_b = null;
 * _d_b = TensorAdjoints.accumulate(_d_b, TensorAdjoints.sumToShapeOf(_r0, b));
 * return new LossGradient(_value, TensorAdjoints.orZeros(_d_b, b));
 * }</pre>
 */
public final class TensorAdjoints {
  private TensorAdjoints() {}

  /**
   * The sum of an adjoint and a contribution, either of which may be null (zero).
   *
   * @param adjoint the adjoint so far, or null
   * @param contribution the contribution, or null
   * @return {@code adjoint + contribution}, one of them if the other is null; never a change in place
   */
  public static Tensor accumulate(Tensor adjoint, Tensor contribution) {
    if (adjoint == null) {
      return contribution;
    }
    if (contribution == null) {
      return adjoint;
    }
    return adjoint.add(contribution);
  }

  /**
   * As {@link #accumulate(Tensor, Tensor)}, adding into {@code contribution} in place when the caller says
   * nothing else reads it (a rule's result used once), which saves an allocation and a pass.
   *
   * @param adjoint the adjoint so far, or null
   * @param contribution the contribution
   * @param contributionIsFree true if nothing else reads {@code contribution}
   * @return {@code adjoint + contribution}
   */
  public static Tensor accumulate(Tensor adjoint, Tensor contribution, boolean contributionIsFree) {
    if (adjoint == null || contribution == null || !contributionIsFree || contribution.isView()
        || !Arrays.equals(adjoint.shape(), contribution.shape()) || adjoint.dtype() != contribution.dtype()
        || GradMode.isEnabled() && (adjoint.requiresGrad() || contribution.requiresGrad())) {
      return accumulate(adjoint, contribution);
    }
    return contribution.addInPlace(adjoint);
  }

  /**
   * Adds each element of {@code source} into the adjoint at the same index of {@code target}.
   *
   * @param target the adjoints of a {@code Tensor[]}, null entries meaning zero
   * @param source contributions, null entries meaning zero
   */
  public static void addTo(Tensor[] target, Tensor[] source) {
    if (source == null) {
      return;
    }
    if (target.length != source.length) {
      throw new IllegalArgumentException("addTo: adjoint arrays of lengths " + target.length + " and "
          + source.length + " differ");
    }
    for (int i = 0; i < target.length; i++) {
      target[i] = accumulate(target[i], source[i]);
    }
  }

  /**
   * A contribution summed down to the shape of the input it belongs to (undoing broadcasting) with the
   * one central helper, {@link Tensor#sumToShape}; the contribution itself when the shapes agree.
   *
   * @param contribution a contribution in the broadcast shape of an operation's result
   * @param input the input of the operation
   * @return the contribution in {@code input}'s shape
   */
  public static Tensor sumToShapeOf(Tensor contribution, Tensor input) {
    return contribution.sumToShape(input.shape());
  }

  /**
   * The gradient returned for a parameter: its adjoint, or zeros of the parameter's shape and dtype if
   * nothing reached it (the result does not depend on it).
   *
   * @param adjoint the adjoint, or null
   * @param parameter the parameter's value
   * @return a tensor shaped like {@code parameter}
   */
  public static Tensor orZeros(Tensor adjoint, Tensor parameter) {
    return adjoint != null ? adjoint : Tensor.zerosLike(parameter);
  }

  /**
   * As {@link #orZeros(Tensor, Tensor)} for each element of a {@code Tensor[]} parameter.
   *
   * @param adjoints the adjoints, null entries meaning zero
   * @param parameters the parameter's elements
   * @return the adjoints, with zeros in place of null entries
   */
  public static Tensor[] orZeros(Tensor[] adjoints, Tensor[] parameters) {
    for (int i = 0; i < adjoints.length; i++) {
      adjoints[i] = orZeros(adjoints[i], parameters[i]);
    }
    return adjoints;
  }

  /**
   * The seed of a gradient: the seed given to {@code mVjp}, or, when {@code m} passed none, ones for a
   * one-element result.
   *
   * @param value the method's result
   * @param seed the seed given, or null
   * @param method the method, {@code Class.name}, for the message
   * @param vjp the name of its VJP method, for the message
   * @return the seed to use
   * @throws IllegalArgumentException if no seed was given and the result has more than one element,
   *     or the seed's shape or dtype differs from the result's ({@link #checkSeed})
   */
  public static Tensor seed(Tensor value, Tensor seed, String method, String vjp) {
    if (seed == null) {
      if (value.numel() != 1) {
        throw new IllegalArgumentException(method + " returned a tensor of shape " + Arrays.toString(value.shape())
            + ", not one element, so it has no gradient: call " + vjp + " with a seed of that shape");
      }
      return Tensor.onesLike(value);
    }
    return checkSeed(seed, value.shape(), value.dtype(), method, vjp);
  }

  /**
   * Checks a seed given to {@code mVjp} against the shape and dtype of the result it seeds: what
   * {@link #seed} checks, for code that knows the result's shape and dtype before it has the result (a
   * fused loop computes the value and the gradient together).
   *
   * @param seed the seed given, or null (none given: nothing to check)
   * @param shape the result's shape
   * @param dtype the result's dtype
   * @param method the method, {@code Class.name}, for the message
   * @param vjp the name of its VJP method, for the message
   * @return {@code seed}
   * @throws IllegalArgumentException if the seed's shape differs from {@code shape}, or its dtype from
   *     {@code dtype} (the message says which)
   */
  public static Tensor checkSeed(Tensor seed, int[] shape, DType dtype, String method, String vjp) {
    if (seed == null) {
      return null;
    }
    if (!Arrays.equals(seed.shape(), shape)) {
      throw new IllegalArgumentException(vjp + ": seed shape " + Arrays.toString(seed.shape()) + " (" + seed.dtype()
          + ") does not match output shape " + Arrays.toString(shape) + " (" + dtype
          + "); pass a seed shaped like " + method + "'s result");
    }
    if (seed.dtype() != dtype) {
      throw new IllegalArgumentException(vjp + ": seed dtype " + seed.dtype() + " does not match the output's dtype "
          + dtype + " (the shape " + Arrays.toString(shape) + " is right); pass a seed of dtype " + dtype
          + " (seed.to(DType." + dtype + "))");
    }
    return seed;
  }

  /**
   * Checks the seed given to {@code mVjp} (or {@code mReverse}) of a method returning {@code Tensor[]}: one seed
   * per element of the result, each shaped and typed like its element, as {@link #checkSeed} checks a
   * {@code Tensor} result's seed. A null element is a zero adjoint (that element of the result is not used), so it
   * is allowed, and so is any seed for an element the method left null (nothing reads it).
   *
   * @param value the method's result
   * @param seed the seed given
   * @param method the method, {@code Class.name}, for the message
   * @param vjp the name of its VJP method, for the message
   * @return {@code seed}
   * @throws IllegalArgumentException if {@code seed} is null, its length differs from the result's, or an element's
   *     shape or dtype differs from the result's element at the same index (the message names the index and what
   *     was expected)
   */
  public static Tensor[] checkSeeds(Tensor[] value, Tensor[] seed, String method, String vjp) {
    if (seed == null) {
      throw new IllegalArgumentException(vjp + ": seed is null; pass a Tensor[] of " + value.length
          + " seeds, one per element of " + method + "'s result (null for an element whose adjoint is zero)");
    }
    if (seed.length != value.length) {
      throw new IllegalArgumentException(vjp + ": seed has " + count(seed.length) + " but " + method + " returned "
          + count(value.length) + "; pass one seed per element of the result (null for an element whose adjoint is zero)");
    }
    for (int i = 0; i < seed.length; i++) {
      Tensor s = seed[i];
      Tensor v = value[i];
      if (s == null || v == null) {
        continue;
      }
      if (!Arrays.equals(s.shape(), v.shape())) {
        throw new IllegalArgumentException(vjp + ": seed[" + i + "] has shape " + Arrays.toString(s.shape()) + " ("
            + s.dtype() + ") but element " + i + " of " + method + "'s result has shape " + Arrays.toString(v.shape())
            + " (" + v.dtype() + "); pass a seed shaped like that element, or null for a zero adjoint");
      }
      if (s.dtype() != v.dtype()) {
        throw new IllegalArgumentException(vjp + ": seed[" + i + "] has dtype " + s.dtype() + " but element " + i
            + " of " + method + "'s result has dtype " + v.dtype() + " (the shape " + Arrays.toString(v.shape())
            + " is right); pass a seed of dtype " + v.dtype() + " (seed[" + i + "].to(DType." + v.dtype() + "))");
      }
    }
    return seed;
  }

  private static String count(int n) {
    return n + (n == 1 ? " element" : " elements");
  }

  /**
   * Checks the elements of a {@code Tensor[]} parameter before the gradient reads them.
   *
   * @param tensors the parameter's value
   * @param name the parameter's name, for the message
   * @throws NullPointerException naming the first null element
   */
  public static void requireElements(Tensor[] tensors, String name) {
    for (int i = 0; i < tensors.length; i++) {
      if (tensors[i] == null) {
        throw new NullPointerException(name + "[" + i + "] is null");
      }
    }
  }

  /**
   * A copy of an adjoint that generated code then owns (it may overwrite it in place, trip after trip of a
   * loop), or null for null.
   *
   * @param adjoint an adjoint, or null
   * @return a new tensor with the same values, or null
   */
  public static Tensor copyOf(Tensor adjoint) {
    return adjoint == null ? null : adjoint.copy();
  }
}
