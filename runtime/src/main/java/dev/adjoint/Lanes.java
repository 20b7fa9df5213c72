package dev.adjoint;

import dev.adjoint.autograd.GradMode;
import dev.adjoint.kernels.Kernels;
import dev.adjoint.rules.Elementwise;
import java.util.Arrays;

/**
 * The lanes of one SIMD vector of a tensor's elements, for the fused loops the annotation processor
 * writes: a chain of elementwise operations (and a final {@code sum()} or {@code mean()}) together with its reverse sweep
 * runs as one loop over the elements, each value and its adjoint held in registers, the derivatives
 * coming from {@link dev.adjoint.rules.FloatLaneRules} or {@link dev.adjoint.rules.DoubleLaneRules}, expanded
 * from the template of the {@link dev.adjoint.rules.ElementwiseRules} the tape uses. A generated loop reads
 * as follows ({@code V} is the vector type, which generated code never names, so it compiles without
 * {@code --add-modules jdk.incubator.vector}):
 *
 * <pre>{@code
 * static <V> Tensor sinGradient(Lanes<V> a, Tensor x, Tensor seed) {   // d/dx of sum(seed * sin(x))
 *   int n = x.numel();
 *   Tensor dx = Lanes.like(x);
 *   int whole = n - n % a.length();
 *   for (int i = 0; i < whole; i += a.length()) {
 *     a.store(FloatLaneRules.sin(a, a.load(x, i), a.load(seed, i)), dx, i);
 *   }
 *   if (whole < n) {   // the last, partial vector
 *     a.store(FloatLaneRules.sin(a, a.load(x, whole, n), a.load(seed, whole, n)), dx, whole, n);
 *   }
 *   return dx;
 * }
 * }</pre>
 *
 * <p>Loops run only on what {@link #fusable} accepts (the SIMD kernels in use, contiguous operands of
 * one shape and floating type, nothing recorded); generated code takes its unfused path otherwise.
 *
 * @param <V> one vector of lanes
 */
public interface Lanes<V> extends Elementwise<V> {
  /**
   * The number of lanes.
   *
   * @return elements per vector
   */
  int length();

  /**
   * Elements {@code i .. i + length() - 1} of a contiguous tensor, all of them elements.
   *
   * @param t a tensor {@link #fusable} accepted
   * @param i the first element, at most {@code t.numel() - length()}
   * @return the lanes
   */
  V load(Tensor t, int i);

  /**
   * Writes the lanes to elements {@code i .. i + length() - 1} of a tensor {@link #like} made.
   *
   * @param v the lanes
   * @param t a tensor from {@link #like}
   * @param i the first element, at most {@code t.numel() - length()}
   */
  void store(V v, Tensor t, int i);

  /**
   * Elements {@code i .. i + length() - 1} of a contiguous tensor; lanes at or past {@code n} read 0.
   * The masked load of a last, partial vector: a loop over whole vectors keeps it out of its body, so that
   * its compiled code has only {@link #load(Tensor, int)}.
   *
   * @param t a tensor {@link #fusable} accepted
   * @param i the first element
   * @param n the number of elements
   * @return the lanes
   */
  V load(Tensor t, int i, int n);

  /**
   * Writes the lanes to elements {@code i ..} of a tensor {@link #like} made, none at or past {@code n}.
   *
   * @param v the lanes
   * @param t a tensor from {@link #like}
   * @param i the first element
   * @param n the number of elements
   */
  void store(V v, Tensor t, int i, int n);

  /**
   * Every lane {@code c}, rounded to the element type.
   *
   * @param c the number
   * @return the lanes
   */
  V broadcast(double c);

  /**
   * {@code v} with the lanes at or past {@code n} (for elements {@code i ..}) set to 0, so that a sum
   * of the last vector counts only elements.
   *
   * @param v the lanes
   * @param i the element of lane 0
   * @param n the number of elements
   * @return the lanes below {@code n}, zeros above
   */
  V onlyBelow(V v, int i, int n);

  /**
   * The sum of the lanes.
   *
   * @param v the lanes
   * @return their sum
   */
  double sumLanes(V v);

  /** The elementwise rules {@link #rule} runs in one pass: those that take several on whole tensors. */
  enum Rule {
    /** {@code g cos(x)}, from {@code x}. */
    SIN,
    /** {@code -g sin(x)}, from {@code x}. */
    COS,
    /** {@code g (1 + y^2)}, from the result {@code y = tan(x)}. */
    TAN_FROM_RESULT,
    /** {@code g (1 - y^2)}, from the result {@code y = tanh(x)}. */
    TANH_FROM_RESULT,
    /** {@code g y (1 - y)}, from the result {@code y = sigmoid(x)}. */
    SIGMOID_FROM_RESULT,
    /** {@code g / (2 y)}, from the result {@code y = sqrt(x)}. */
    SQRT_FROM_RESULT,
    /** {@code 2 g x}, from {@code x}. */
    SQUARE,
    /** {@code -g y^2}, from the result {@code y = 1 / x}. */
    RECIPROCAL_FROM_RESULT
  }

  /**
   * The rule of {@link dev.adjoint.rules.ElementwiseRules} of that name, computed over whole tensors in one
   * pass of their lanes (its copy for this element type), where on tensors it takes a pass per operation:
   * what {@link dev.adjoint.rules.TensorRules} runs for operands {@link #fusableRule} accepts.
   *
   * <pre>{@code
   * Tensor dx = Lanes.of(x).rule(Lanes.Rule.SIN, x, g);   // g cos(x), one new tensor
   * }</pre>
   *
   * @param rule which rule
   * @param a the rule's tensor argument: the operation's input or result, as the rule's name says
   * @param g the seed, of {@code a}'s shape and type, contiguous or one number broadcast ({@link #fusableRule})
   * @return the contribution, a new tensor
   */
  default Tensor rule(Rule rule, Tensor a, Tensor g) {
    return rule(rule, a, g, false);
  }

  /**
   * As {@link #rule(Rule, Tensor, Tensor)}, written over the seed when {@code seedIsFree} and the seed is a
   * tensor of its own ({@link #writableInPlace}): a backward pass that owns the seed saves a new tensor (on
   * 2^20 floats, its allocation and first touch cost more than the pass itself).
   *
   * <pre>{@code
   * Tensor dx = Lanes.of(x).rule(Lanes.Rule.SIN, x, g, true);   // g cos(x), in g's elements
   * }</pre>
   *
   * @param rule which rule
   * @param a the rule's tensor argument
   * @param g the seed, of {@code a}'s shape and type
   * @param seedIsFree true if nothing else reads {@code g} afterwards
   * @return the contribution: {@code g} itself, overwritten, or a new tensor
   */
  Tensor rule(Rule rule, Tensor a, Tensor g, boolean seedIsFree);

  /**
   * As {@link #rule(Rule, Tensor, Tensor, boolean)} on runs of storage arrays of this element type: writes
   * {@code n} results from {@code out[oo]} on. The backward pass runs a region of rules on chunks this way
   * ({@link FusedBackward}).
   *
   * @param rule which rule
   * @param a the rule's argument, a {@code float[]} or {@code double[]}
   * @param ao where its run starts
   * @param g the seed's array
   * @param go where the seed's run starts, or where its one number is when {@code seedIsNumber}
   * @param seedIsNumber true if the seed is one number broadcast to every element
   * @param out the array to write, which may be {@code g} at {@code go} (the seed overwritten)
   * @param oo where to write
   * @param n how many elements
   */
  void ruleInto(Rule rule, Object a, int ao, Object g, int go, boolean seedIsNumber, Object out, int oo, int n);

  /**
   * True if a loop may write a result into {@code t}'s elements: it owns its storage (no view shares it),
   * which is contiguous from its start.
   *
   * @param t a tensor
   * @return whether the lanes' {@code store} may write into it
   */
  static boolean writableInPlace(Tensor t) {
    return !t.view && t.contiguous && t.offset == 0;
  }

  /**
   * True if a fused loop may run on these tensors: the SIMD kernels are in use, every tensor is
   * contiguous, they all have one shape and one floating type, and none is recorded on the tape
   * (grad mode records and it requires grad), where the fused loop would not record.
   *
   * @param tensors the operands (nulls are skipped)
   * @return whether {@link #of} may serve them
   */
  static boolean fusable(Tensor... tensors) {
    if (!Vectorized.AVAILABLE) {
      return false;
    }
    Tensor first = null;
    boolean recording = GradMode.isEnabled();
    for (Tensor t : tensors) {
      if (t == null) {
        continue;
      }
      if (!t.contiguous || recording && t.requiresGrad()) {
        return false;
      }
      if (first == null) {
        first = t;
      } else if (t.dtype != first.dtype || !Arrays.equals(t.shape, first.shape)) {
        return false;
      }
    }
    return first != null;
  }

  /**
   * True if a fused loop whose result is a sum or a mean may read its seed as one number: the seed is absent (1)
   * or has no dimensions, and it is not recorded on the tape. A seed that requires grad while grad mode records (a
   * weighted loss term, the seed of a gradient of a gradient) must stay in the graph, which only the tensor adjoint
   * builds; the loop would read its number and drop its history.
   *
   * @param seed the seed handed to {@code mVjp}, or null
   * @return whether the fused loop may take it
   */
  static boolean fusableSeed(Tensor seed) {
    return seed == null || seed.dim() == 0 && !recorded(seed);
  }

  /**
   * True if {@link #rule} may run on a rule's argument {@code a} and seed {@code g}: both are {@link #fusable},
   * or {@code a} is and {@code g} is one number of its type broadcast to its shape (every stride 0: the seed
   * {@code sum()} and {@code mean()} hand back), which the pass reads once.
   *
   * @param a the rule's tensor argument
   * @param g the seed
   * @return whether {@code Lanes.of(a).rule(..., a, g)} may serve them
   */
  static boolean fusableRule(Tensor a, Tensor g) {
    return fusable(a, g) || fusable(a) && broadcastNumber(g, a) && !recorded(g);
  }

  /** True if the tape records operations on {@code t}: grad mode is on and it requires grad. */
  private static boolean recorded(Tensor t) {
    return GradMode.isEnabled() && t.requiresGrad();
  }

  private static boolean broadcastNumber(Tensor g, Tensor like) {
    if (g.dtype != like.dtype || !Arrays.equals(g.shape, like.shape)) {
      return false;
    }
    for (int s : g.strides) {
      if (s != 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * The lanes of a tensor's element type.
   *
   * @param t a tensor {@link #fusable} accepted
   * @return its lanes
   */
  static Lanes<?> of(Tensor t) {
    return t.dtype == DType.FLOAT32 ? Vectorized.FLOAT32 : Vectorized.FLOAT64;
  }

  /**
   * A new contiguous tensor of {@code t}'s shape and type, for a fused loop's results.
   *
   * @param t a tensor
   * @return a new tensor of zeros
   */
  static Tensor like(Tensor t) {
    return Tensor.alloc(t.dtype, t.shape.clone());
  }

  /**
   * A one-element tensor of {@code t}'s type, for a fused loop's sum.
   *
   * @param value the number
   * @param t a tensor of the type
   * @return the scalar tensor
   */
  static Tensor scalarLike(double value, Tensor t) {
    return Tensor.scalar(value, t.dtype);
  }

  /** The lanes, loaded by name only when the SIMD kernels are in use. */
  final class Vectorized {
    static final boolean AVAILABLE = Kernels.get() != Kernels.scalar();
    static final Lanes<?> FLOAT32 = AVAILABLE ? load("dev.adjoint.FloatLanes") : null;
    static final Lanes<?> FLOAT64 = AVAILABLE ? load("dev.adjoint.DoubleLanes") : null;

    private Vectorized() {}

    private static Lanes<?> load(String name) {
      try {
        return (Lanes<?>) Class.forName(name).getDeclaredField("INSTANCE").get(null);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("the SIMD kernels are in use but " + name + " cannot be loaded", e);
      }
    }
  }
}
