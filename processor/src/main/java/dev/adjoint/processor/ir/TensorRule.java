package dev.adjoint.processor.ir;

import java.util.List;

/**
 * How the adjoint of one operand of a {@code Tensor} operation is computed: a call of a rule in
 * {@code dev.adjoint.rules.TensorRules} (the same method the tape's node calls), or the seed itself.
 * Only names and argument positions live here: every formula is written once, in the runtime.
 *
 * @param method the rule's name in TensorRules, or null when the contribution is the seed itself
 * @param args what the rule is called with, in order
 * @param unbroadcast the operation broadcasts: the contribution is summed down to the operand's shape
 * @param seedMayBeFree the rule has an overload taking {@code seedIsFree} last: it may overwrite a seed
 *     nothing else reads
 */
public record TensorRule(String method, List<Slot> args, boolean unbroadcast, boolean seedMayBeFree) {
  /** What goes into one argument of a rule. */
  public enum SlotKind {
    /** The operand's value (operand 0 is the receiver of an instance method). */
    OPERAND,
    /** The operand's shape, {@code x.shape()}. */
    SHAPE,
    /** The operand's dtype, {@code x.dtype()}. */
    DTYPE,
    /** Whether the operand has exactly two dimensions, {@code x.dim() == 2}. */
    IS_MATRIX,
    /** The operation's result. */
    RESULT,
    /** The seed: the adjoint of the result. */
    SEED,
    /** A Java literal ({@code false}). */
    LITERAL
  }

  /**
   * One argument of a rule call.
   *
   * @param kind what it is
   * @param operand for OPERAND, SHAPE, DTYPE and IS_MATRIX, which operand
   * @param literal for LITERAL, its Java spelling
   */
  public record Slot(SlotKind kind, int operand, String literal) {}

  /** The seed itself (a sum, a copy, an expansion), summed down to the operand's shape if {@code unbroadcast}. */
  public static TensorRule identity(boolean unbroadcast) {
    return new TensorRule(null, List.of(), unbroadcast, false);
  }

  /** True if this rule reads the operation's result (then the forward sweep keeps it). */
  public boolean readsResult() {
    return args.stream().anyMatch(s -> s.kind() == SlotKind.RESULT);
  }
}
