package dev.adjoint.rules;

import dev.adjoint.Lanes;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The vector-Jacobian products of the elementwise operations of {@link Op}, over values of any kind
 * {@code V}: how each operation's saved values and scalar reach its rule in {@link ElementwiseRules}. The
 * tape's own rules ({@link Op#rule()}) wire the same arguments for whole tensors; the backward pass runs this
 * one on a region of such operations a chunk of elements at a time ({@code dev.adjoint.FusedBackward}), so
 * that the intermediate gradients of a chain never leave the cache. The formulas themselves are written
 * once, in {@link ElementwiseRules}.
 *
 * <pre>{@code
 * V[] out = ...;   // one slot per input
 * ElementwiseVjps.vjp(Op.SIN, arithmetic, x, null, 0, true, false, g, false, out);   // out[0] = g cos(x)
 * }</pre>
 */
public final class ElementwiseVjps {
  private ElementwiseVjps() {}

  /**
   * The operations {@link #vjp} serves: elementwise, without broadcasting when their inputs have one shape, and
   * with a rule whose derivative is not piecewise constant (those stay on the tape, where their zero second
   * derivative is recorded).
   */
  public static final Set<Op> OPS = EnumSet.of(Op.ADD, Op.SUB, Op.MUL, Op.DIV, Op.ADD_SCALAR, Op.SUB_SCALAR,
      Op.RSUB_SCALAR, Op.MUL_SCALAR, Op.DIV_SCALAR, Op.RDIV_SCALAR, Op.NEG, Op.EXP, Op.LOG, Op.SIN, Op.COS,
      Op.TAN, Op.TANH, Op.SIGMOID, Op.SQRT, Op.SQUARE, Op.RECIPROCAL);

  /**
   * An arithmetic that can run a rule of {@link ElementwiseRules} that takes several operations in one pass of its
   * own (on chunks, {@link Lanes#ruleInto}), as {@link TensorRules} does on whole tensors.
   *
   * @param <V> the values
   */
  public interface OnePassRules<V> {
    /**
     * The rule's contribution, or null when this arithmetic cannot run it in one pass (then the rule's
     * operations run one by one).
     *
     * @param rule which rule
     * @param a its argument: the operation's input or result, as the rule's name says
     * @param g the seed
     * @param seedIsFree true if nothing else reads {@code g} afterwards
     * @return the contribution, or null
     */
    V onePass(Lanes.Rule rule, V a, V g, boolean seedIsFree);
  }

  /** The operations whose rule {@link Lanes.Rule} has in one pass, and which. */
  private static final Map<Op, Lanes.Rule> ONE_PASS = new EnumMap<>(Map.of(
      Op.SIN, Lanes.Rule.SIN, Op.COS, Lanes.Rule.COS, Op.TAN, Lanes.Rule.TAN_FROM_RESULT,
      Op.TANH, Lanes.Rule.TANH_FROM_RESULT, Op.SIGMOID, Lanes.Rule.SIGMOID_FROM_RESULT,
      Op.SQRT, Lanes.Rule.SQRT_FROM_RESULT, Op.SQUARE, Lanes.Rule.SQUARE,
      Op.RECIPROCAL, Lanes.Rule.RECIPROCAL_FROM_RESULT));

  /**
   * Writes the contributions of {@code op}'s inputs to {@code out[0]} and {@code out[1]} (null where an input
   * needs none), with the arguments the operation saved as {@link Op}'s rule reads them.
   *
   * @param <V> the values
   * @param op an operation of {@link #OPS}
   * @param a the arithmetic
   * @param saved0 the operation's first saved value ({@code Node.saved(0)}), or null
   * @param saved1 its second, or null
   * @param scalar its number ({@code Node.scalar}), for the operations with one
   * @param need0 whether the first input needs a gradient
   * @param need1 whether the second input needs one
   * @param g the seed
   * @param seedIsFree true if nothing else reads {@code g} afterwards, so the rule may overwrite it
   * @param out where the contributions go, one slot per input
   * @throws IllegalArgumentException if {@code op} is not one of {@link #OPS}
   */
  public static <V> void vjp(Op op, Elementwise<V> a, V saved0, V saved1, double scalar, boolean need0,
      boolean need1, V g, boolean seedIsFree, V[] out) {
    out[0] = null;
    if (out.length > 1) {
      out[1] = null;
    }
    Lanes.Rule onePass = ONE_PASS.get(op);
    if (onePass != null && a instanceof OnePassRules<?> rules) {
      @SuppressWarnings("unchecked") // the arithmetic's values are V
      V v = ((OnePassRules<V>) rules).onePass(onePass, saved0, g, seedIsFree);
      if (v != null) {
        out[0] = v;
        return;
      }
    }
    switch (op) {
      case ADD -> {
        out[0] = need0 ? g : null;
        out[1] = need1 ? g : null;
      }
      case SUB -> {
        out[0] = need0 ? g : null;
        out[1] = need1 ? ElementwiseRules.neg(a, g, seedIsFree && !need0) : null;
      }
      case MUL -> {
        // The first contribution reads the seed, so only the second may overwrite it.
        out[0] = need0 ? ElementwiseRules.mul(a, saved1, g, seedIsFree && !need1) : null;
        out[1] = need1 ? ElementwiseRules.mul(a, saved0, g, seedIsFree) : null;
      }
      case DIV -> {
        out[0] = need0 ? ElementwiseRules.divLeft(a, saved1, g) : null;
        out[1] = need1 ? ElementwiseRules.divRight(a, saved0, saved1, g) : null;
      }
      case ADD_SCALAR, SUB_SCALAR -> out[0] = g;
      case RSUB_SCALAR, NEG -> out[0] = ElementwiseRules.neg(a, g, seedIsFree);
      case MUL_SCALAR -> out[0] = ElementwiseRules.mulScalar(a, scalar, g, seedIsFree);
      case DIV_SCALAR -> out[0] = ElementwiseRules.divScalar(a, scalar, g);
      case RDIV_SCALAR -> out[0] = ElementwiseRules.rdivScalarFromResult(a, saved0, scalar, g);
      case EXP -> out[0] = ElementwiseRules.expFromResult(a, saved0, g, seedIsFree);
      case LOG -> out[0] = ElementwiseRules.log(a, saved0, g);
      case SIN -> out[0] = ElementwiseRules.sin(a, saved0, g);
      case COS -> out[0] = ElementwiseRules.cos(a, saved0, g);
      case TAN -> out[0] = ElementwiseRules.tanFromResult(a, saved0, g);
      case TANH -> out[0] = ElementwiseRules.tanhFromResult(a, saved0, g);
      case SIGMOID -> out[0] = ElementwiseRules.sigmoidFromResult(a, saved0, g);
      case SQRT -> out[0] = ElementwiseRules.sqrtFromResult(a, saved0, g);
      case SQUARE -> out[0] = ElementwiseRules.square(a, saved0, g, seedIsFree);
      case RECIPROCAL -> out[0] = ElementwiseRules.reciprocalFromResult(a, saved0, g);
      default -> throw new IllegalArgumentException(op + " is not an elementwise operation with a fused rule");
    }
  }
}
