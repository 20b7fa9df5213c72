package dev.adjoint.processor.ir;

import java.util.List;
import java.util.Set;

/**
 * A lowered {@code @Differentiable} method.
 *
 * @param ownerClass qualified name of the declaring class (for calls back into it)
 * @param name the method name
 * @param isStatic false for an instance method (the receiver becomes {@code self})
 * @param params parameters in order
 * @param wrt names of the parameters to differentiate with respect to
 * @param result the result type
 * @param body the body
 * @param thrown qualified names of declared exceptions
 * @param fileName the source file's simple name, for line comments
 * @param effectivelyFinal locals (and parameters) never assigned after their declaration
 * @param records the record parameters (and {@code self}, for an instance method of a record) the lowering
 *     split into one variable per component: their layouts, by parameter name
 */
public record IrMethod(
    String ownerClass,
    String name,
    boolean isStatic,
    List<Param> params,
    Set<String> wrt,
    JType result,
    List<Stmt> body,
    List<String> thrown,
    String fileName,
    Set<String> effectivelyFinal,
    java.util.Map<String, RecordLayout> records) {

  /** A method without record parameters. */
  public IrMethod(String ownerClass, String name, boolean isStatic, List<Param> params, Set<String> wrt, JType result,
      List<Stmt> body, List<String> thrown, String fileName, Set<String> effectivelyFinal) {
    this(ownerClass, name, isStatic, params, wrt, result, body, thrown, fileName, effectivelyFinal, java.util.Map.of());
  }

  /** The method as messages name it: {@code Class.name}, with the class's simple name. */
  public String displayName() {
    return ownerClass.substring(ownerClass.lastIndexOf('.') + 1) + "." + name;
  }

  /**
   * A parameter.
   *
   * @param name the (unique) name
   * @param type its type
   */
  public record Param(String name, JType type) {}
}
