package dev.adjoint.processor.ir;

import java.util.List;

/**
 * A {@code @Differentiable} method with Tensor parameters, differentiated on the dynamic tape: the
 * generated code calls it with leaf copies of its wrt tensors and runs the tape's backward pass.
 * No body is lowered; this is all the writer needs.
 *
 * @param signature the method as the rest of the pipeline sees it (params, wrt, result; empty body),
 *     for overload and clash checks
 * @param params the parameters in order, with what the tape does with each
 * @param thrown qualified names of declared exceptions
 * @param fileName the source file's simple name, for line comments
 * @param firstLine the line of the method's declaration
 * @param lastLine the line of the end of its body
 * @param valueDependence where control flow depends on a tensor's value (for the comment at the
 *     call), e.g. {@code while (b.norm().item() < 1000)} at line 14; null if nowhere
 * @param self the receiver's layout when it is a record differentiated with respect to its tensors
 *     ({@code dSelf}), else null
 * @param ok false if an error was reported: the writer emits stubs that throw
 */
public record TapeMethod(
    IrMethod signature,
    List<Param> params,
    List<String> thrown,
    String fileName,
    int firstLine,
    int lastLine,
    Condition valueDependence,
    RecordLayout self,
    boolean ok) {

  /** What the generated code does with a parameter before the call. */
  public enum Role {
    /** A Tensor to differentiate with respect to: a detached leaf that requires grad. */
    WRT,
    /** A Tensor constant: detached, so the call records nothing on the caller's tensor. */
    CONSTANT_TENSOR,
    /** A record whose tensors are differentiated: rebuilt from leaf copies of them, its gradient a record of its type. */
    RECORD,
    /** Anything else (double, int, arrays, objects): passed as it is. */
    PASSED
  }

  /**
   * A parameter.
   *
   * @param name the name in generated code (the source name, renamed if it could clash with
   *     generated names, like {@code seed} or {@code _x})
   * @param sourceName the name in the user's source (for the record component {@code d + Name})
   * @param type its type
   * @param role what the generated code does with it
   * @param layout for {@link Role#RECORD}, the record's components; else null
   */
  public record Param(String name, String sourceName, JType type, Role role, RecordLayout layout) {}

  /**
   * A condition of an {@code if}, loop or ternary that reads a tensor's value.
   *
   * @param keyword {@code if}, {@code while}, {@code for}, {@code do-while} or {@code ?:}
   * @param text the condition's source text
   * @param line its line
   */
  public record Condition(String keyword, String text, int line) {}

  /** The parameters that get an adjoint, in order. */
  public List<Param> wrtParams() {
    return params.stream().filter(p -> p.role() == Role.WRT || p.role() == Role.RECORD).toList();
  }
}
