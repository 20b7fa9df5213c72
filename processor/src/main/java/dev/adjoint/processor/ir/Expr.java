package dev.adjoint.processor.ir;

import java.util.List;

/** An expression of the IR; every expression knows its type. Expressions have no side effects except calls. */
public sealed interface Expr {
  JType type();

  /** A literal in its Java spelling ({@code 1.0}, {@code 3}, {@code "s"}, {@code null}). */
  record Lit(String text, JType type) implements Expr {}

  /** A local variable or parameter (names are unique within a method after lowering). */
  record Var(String name, JType type) implements Expr {}

  /**
   * A field; {@code target} is null for a static field of {@code owner}. A field that is not {@code isFinal} may be
   * replaced by code the method calls, so the reverse sweep reads the value the forward sweep kept, not the field.
   */
  record Field(Expr target, String owner, String name, JType type, boolean isFinal) implements Expr {}

  /** The receiver of an instance method ({@code this}); generated code names it {@code self}. */
  record Self(JType type) implements Expr {}

  record Unary(String op, Expr operand, JType type) implements Expr {}

  record Binary(String op, Expr left, Expr right, JType type) implements Expr {}

  record Cond(Expr cond, Expr ifTrue, Expr ifFalse, JType type) implements Expr {}

  record Cast(JType type, Expr operand) implements Expr {}

  record Index(Expr array, Expr index, JType type) implements Expr {}

  record Length(Expr array) implements Expr {
    @Override
    public JType type() {
      return JType.INT;
    }
  }

  /** {@code new double[n][m]} (dims) or {@code new double[] {a, b}} (elements, dims empty). */
  record NewArray(JType type, List<Expr> dims, List<Expr> elements) implements Expr {}

  /** {@code new T(args)}: only passive objects (exceptions, helpers). */
  record NewObject(JType type, List<Expr> args) implements Expr {}

  /**
   * A record built from its components ({@code new Linear(w, b)}), through its canonical constructor: the
   * value of a record the lowering keeps as one variable per component, where it is passed on whole.
   *
   * @param accessors each component's accessor, in declaration order
   */
  record NewRecord(JType type, List<String> accessors, List<Expr> components) implements Expr {}

  /**
   * A call of a method of the user's program or of the JDK, classified by the lowering. Its operands are
   * the receiver (if any) followed by the arguments ({@link #operands}).
   */
  record Call(
      CallKind kind,
      String owner,
      String name,
      Expr receiver,
      List<Expr> args,
      List<JType> paramTypes,
      JType type,
      CallInfo info)
      implements Expr {
    /** The receiver (if any) and the arguments, in evaluation order. */
    public List<Expr> operands() {
      if (receiver == null) {
        return args;
      }
      List<Expr> all = new java.util.ArrayList<>(args.size() + 1);
      all.add(receiver);
      all.addAll(args);
      return all;
    }

    /** The rule of operand k of a TENSOR call (see {@link #operands}), or null if it carries no derivative. */
    public TensorRule tensorRule(int operand) {
      return info.tensorRules() == null ? null : info.tensorRules().get(operand);
    }
  }

  /** How a call is differentiated. */
  enum CallKind {
    /** A {@code java.lang.Math}/{@code StrictMath} function with rules in DoubleRules. */
    MATH,
    /** Another {@code @Differentiable} method: its generated pullback. */
    DIFFERENTIABLE,
    /** A method with a {@code @Derivative} rule. */
    CUSTOM_RULE,
    /** {@code a.clone()} of a one-dimensional double/float array: a copy whose adjoint flows back to a. */
    ARRAY_CLONE,
    /** {@code AD.withoutDerivative}, {@code Tensor.detach()}: the identity, no gradient. */
    WITHOUT_DERIVATIVE,
    /**
     * A {@code Tensor} operation (instance or static) with its rules in {@code TensorRules}, or one whose
     * derivative is zero ({@code gt}, {@code argmax}: every rule null). Pure: no side effects.
     */
    TENSOR,
    /**
     * A record's component accessor ({@code p.w()}) on a record the lowering does not split into
     * variables: no derivative of its own; an array it returns is the record's storage.
     */
    ACCESSOR,
    /**
     * A call of a derivative Adjoint generated for another {@code @Differentiable} method, read through one
     * component of its record ({@code GGradients.gJvp(x, t).tangent()}, {@code GGradients.g(x).dX()}): a derivative
     * of a derivative. The lowering's next stage writes the generated derivative's code in its place
     * ({@code transform.DerivativeInliner}), so later stages never see it.
     */
    DERIVATIVE,
    /** Any other call: fine on constants only. */
    OTHER
  }

  /**
   * What the transform needs to differentiate a call.
   *
   * @param ruleNames MATH: per argument, the DoubleRules method, or null for no derivative
   * @param gradientsClass DIFFERENTIABLE: qualified name of the callee's generated class
   * @param vjpName DIFFERENTIABLE: name of the callee's VJP method
   * @param accessors DIFFERENTIABLE: per argument, the gradient record accessor, or null
   * @param ruleOwner CUSTOM_RULE: qualified class name of the rule
   * @param ruleName CUSTOM_RULE: rule method name
   * @param ruleArray CUSTOM_RULE: the array the rule returns, one entry per differentiable parameter in order
   *     ({@code double[]}, {@code Tensor[]}, {@code Object[]} for a mix), or null when it returns the one adjoint
   * @param differentiableArgs CUSTOM_RULE: per argument, whether it is a differentiable parameter
   * @param sweeps DIFFERENTIABLE: the callee's Gradients class has {@code gForward}/{@code gReverse}
   * @param tensorRules TENSOR: per operand (the receiver of an instance method first, then the arguments),
   *     its rule, or null where it carries no derivative
   * @param selfAccessor DIFFERENTIABLE: the gradient record's accessor of the receiver ({@code dSelf}) when
   *     the callee differentiates it (an instance method of a differentiable record), else null
   * @param jvp DIFFERENTIABLE: the callee's Gradients class has {@code gJvp} (forward mode)
   * @param derivative DERIVATIVE: which generated derivative, and which component of its record is read
   */
  record CallInfo(
      List<String> ruleNames,
      String gradientsClass,
      String vjpName,
      List<String> accessors,
      String ruleOwner,
      String ruleName,
      JType ruleArray,
      List<Boolean> differentiableArgs,
      boolean sweeps,
      List<TensorRule> tensorRules,
      String selfAccessor,
      boolean jvp,
      Derivative derivative) {
    public static final CallInfo NONE = new CallInfo(null, null, null, null, null, null, null, null, false, null, null, false, null);

    public static CallInfo math(List<String> ruleNames) {
      return new CallInfo(ruleNames, null, null, null, null, null, null, null, false, null, null, false, null);
    }

    public static CallInfo differentiable(String gradientsClass, String vjpName, List<String> accessors, boolean sweeps,
        String selfAccessor, boolean jvp) {
      return new CallInfo(null, gradientsClass, vjpName, accessors, null, null, null, null, sweeps, null, selfAccessor, jvp, null);
    }

    public static CallInfo rule(String owner, String name, JType array, List<Boolean> diffArgs) {
      return new CallInfo(null, null, null, null, owner, name, array, diffArgs, false, null, null, false, null);
    }

    public static CallInfo derivative(Derivative derivative) {
      return new CallInfo(null, null, null, null, null, null, null, null, false, null, null, false, derivative);
    }

    public static CallInfo tensor(List<TensorRule> rules) {
      return new CallInfo(null, null, null, null, null, null, null, null, false, rules, null, false, null);
    }
  }

  /** The generated derivatives a {@code @Differentiable} method can call and differentiate again. */
  enum DerivativeForm {
    /** {@code g(x)}: the value and gradient (seed 1). */
    GRADIENT,
    /** {@code gVjp(x, seed)}. */
    VJP,
    /** {@code gJvp(x, tangents)}: forward mode. */
    JVP
  }

  /**
   * A call of a generated derivative of {@code @Differentiable} method {@code method} of the call's owner.
   *
   * @param method the differentiated method's name
   * @param arity its number of parameters (the call's arguments are these, then the seed or the tangents)
   * @param form which derivative
   * @param accessor the component of the derivative's record the call reads ({@code value}, {@code tangent}, {@code dX})
   * @param generatedName how the call names it, for messages ({@code PotentialGradients.potentialJvp})
   * @param paramTypes the erased types of the differentiated method's parameters, or of the call's leading
   *     arguments when only the call is known, to tell overloads of one arity apart; null if unknown
   */
  record Derivative(String method, int arity, DerivativeForm form, String accessor, String generatedName,
      List<String> paramTypes) {}

  /**
   * Generated code only: a call of a helper ({@code _t0.pop()}, {@code DoubleRules.sin(x, s)}).
   *
   * @param target a local's name for an instance call, or null
   * @param owner qualified class name for a static call, or null
   */
  record Invoke(String target, String owner, String method, List<Expr> args, JType type) implements Expr {}
}
