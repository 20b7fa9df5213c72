package dev.adjoint.processor.lower;

import dev.adjoint.processor.ir.JType;
import dev.adjoint.processor.ir.TensorRule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Maps each differentiable {@code dev.adjoint.Tensor} operation to the rules of its operands in
 * {@code dev.adjoint.rules.TensorRules}, the table the tape's nodes call too. Only names and argument
 * positions live here; every derivative formula is written once, in the runtime. Operand 0 of an
 * instance method is the receiver; the arguments follow.
 *
 * <p>A rule's arguments are written as short codes: {@code aK} operand K, {@code sK} its shape,
 * {@code tK} its dtype, {@code mK} whether it is a matrix, {@code y} the result, {@code g} the seed,
 * anything else a Java literal. {@code =} is the seed itself; a trailing {@code *} marks a broadcasting
 * operand, whose contribution is summed down to its shape; {@code !} a rule with an overload that may
 * overwrite a seed nothing else reads.
 */
public final class TensorOps {
  public static final String TENSOR = "dev.adjoint.Tensor";
  public static final String RULES = "dev.adjoint.rules.TensorRules";

  private static final String T = TENSOR;
  private static final Map<String, List<TensorRule>> INSTANCE = new HashMap<>();
  private static final Map<String, List<TensorRule>> STATIC = new HashMap<>();

  /** Operations with derivative zero: comparisons, masks, indices, tensors made from shapes. */
  private static final Set<String> ZERO_DERIVATIVE = Set.of("gt", "lt", "ge", "le", "eq", "sign", "argmax", "argmin",
      "zerosLike", "onesLike");

  /** Methods that only read a tensor's shape or type: no derivative, no value read. */
  private static final Set<String> SHAPE_QUERIES = Set.of("shape", "dim", "size", "numel", "dtype", "isContiguous",
      "isView", "requiresGrad", "isLeaf", "gradFn", "version");

  /** Methods that turn a tensor's value into Java numbers: the derivative stops there, as with PyTorch's item(). */
  public static final Set<String> VALUE_READS = Set.of("item", "get", "toDoubleArray", "toFloatArray", "allClose");

  /** Methods that change a tensor in place: an active tensor must not be changed this way in generated code. */
  public static final Set<String> IN_PLACE = Set.of("zero", "fill", "addInPlace", "subInPlace", "mulInPlace", "set",
      "copyFrom", "requiresGrad", "retainGrad", "clearGrad", "backward");

  static {
    instance("log", "", "log(a0 g)");
    instance("abs", "", "abs(a0 g)");
    // the rules TensorRules runs in one pass over the lanes may write over a free seed
    for (String f : new String[] {"sin", "cos", "square"}) {
      instance(f, "", f + "(a0 g)!");
    }
    instance("relu", "", "reluFromResult(y g)");
    for (String f : new String[] {"tan", "tanh", "sigmoid", "sqrt", "reciprocal"}) {
      instance(f, "", f + "FromResult(y g)!");
    }
    instance("exp", "", "expFromResult(y g)!");
    instance("add", T, "=*", "=*");
    instance("add", "double", "=", "scalarTerm(g)");
    instance("sub", T, "=*", "neg(g)!*");
    instance("sub", "double", "=", "subScalarTerm(g)");
    instance("rsub", "double", "neg(g)!", "scalarTerm(g)");
    instance("mul", T, "mul(a1 g)!*", "mul(a0 g)!*");
    instance("mul", "double", "mulScalar(a1 g)!", "mulScalarFactor(a0 g)");
    instance("div", T, "divLeft(a1 g)*", "divRight(a0 a1 g)*");
    instance("div", "double", "divScalar(a1 g)", "divScalarDivisor(a0 a1 g)");
    instance("rdiv", "double", "rdivScalarFromResult(y a1 g)", "rdivScalarDividend(a0 g)");
    instance("neg", "", "neg(g)!");
    instance("pow", "double", "powScalar(a0 a1 g)", "powScalarExponent(a0 a1 y g)");
    instance("pow", T, "powLeft(a0 a1 g)*", "powRight(a0 a1 y g)*");
    instance("maximum", T, "maximumLeft(a0 a1 g)*", "maximumRight(a0 a1 g)*");
    instance("minimum", T, "minimumLeft(a0 a1 g)*", "minimumRight(a0 a1 g)*");
    instance("clamp", "double,double", "clamp(a0 a1 a2 g)", null, null);
    instance("sum", "", "sum(s0 g)");
    instance("sum", "int", "sumDim(s0 a1 false g)", null);
    instance("sum", "int,boolean", "sumDim(s0 a1 a2 g)", null, null);
    instance("mean", "", "mean(s0 g)");
    instance("mean", "int", "meanDim(s0 a1 false g)", null);
    instance("mean", "int,boolean", "meanDim(s0 a1 a2 g)", null, null);
    instance("max", "", "max(a0 g)");
    instance("min", "", "min(a0 g)");
    instance("max", "int,boolean", "maxDim(a0 a1 a2 g)", null, null);
    instance("min", "int,boolean", "minDim(a0 a1 a2 g)", null, null);
    instance("norm", "", "norm(a0 y g)");
    instance("logSumExp", "int", "logSumExp(a0 y a1 g)", null);
    instance("softmax", "int", "softmaxFromResult(y a1 g)", null);
    instance("logSoftmax", "int", "logSoftmaxFromResult(y a1 g)", null);
    instance("mseLoss", T, "mseLossInput(a0 a1 g)", "mseLossTarget(a0 a1 g)");
    instance("dot", T, "dot(a1 g)", "dot(a0 g)");
    instance("matmul", T, "matmulLeft(a0 a1 g)*", "matmulRight(a0 a1 g)*");
    instance("t", "", "t(g)");
    instance("transpose", "int,int", "transpose(a1 a2 g)", null, null);
    instance("permute", "int[]", "permute(a1 g)", null);
    instance("reshape", "int[]", "reshape(s0 g)", null);
    instance("flatten", "", "reshape(s0 g)");
    instance("squeeze", "", "reshape(s0 g)");
    instance("squeeze", "int", "squeeze(s0 a1 g)", null);
    instance("unsqueeze", "int", "unsqueeze(a1 g)", null);
    instance("expand", "int[]", "=*", null);
    instance("slice", "int,int,int", "slice(s0 a1 a2 a3 g)", null, null, null);
    instance("select", "int,int", "select(s0 a1 a2 g)", null, null);
    instance("indexSelect", "int,int[]", "indexSelect(s0 a1 a2 g)", null, null);
    instance("indexAdd", "int[],int,int[]", "indexAdd(a2 a3 g)", null, null, null);
    instance("sliceScatter", "int[],int,int,int", "sliceScatter(a2 a3 a4 g)", null, null, null, null);
    instance("sumToShape", "int[]", "sum(s0 g)", null);
    instance("to", "dev.adjoint.DType", "toDType(t0 g)", null);
    instance("copy", "", "=");
    instance("contiguous", "", "=");
    statics("where", T + "," + T + "," + T, null, "whereLeft(a0 g)*", "whereRight(a0 g)*");
    statics("crossEntropy", T + ",int[]", "crossEntropy(a0 a1 g)", null);
    statics("stack", "int," + T + "[]", null, "stackAll(a0 a1 g)");
    statics("cat", "int," + T + "[]", null, "catAll(a0 a1 g)");
    statics("scalar", "double", "scalarTerm(g)");
    statics("scalar", "double,dev.adjoint.DType", "scalarTerm(g)", null);
  }

  private TensorOps() {}

  /** How a call of {@code dev.adjoint.Tensor} is differentiated. */
  public enum Kind {
    /** Rules per operand ({@link #rules}). */
    DIFFERENTIABLE,
    /** Derivative zero by definition (a comparison, a mask, an index, a shape query). */
    ZERO_DERIVATIVE,
    /** {@code detach()}: a constant on purpose. */
    DETACH,
    /** Any other method: no derivative (a value read, an in-place change, a method without a rule). */
    NONE
  }

  /** The kind of a call of {@code Tensor.name(paramTypes)}. */
  public static Kind kind(String name, List<JType> paramTypes, boolean isStatic) {
    if (rules(name, paramTypes, isStatic) != null) {
      return Kind.DIFFERENTIABLE;
    }
    if (name.equals("detach") && paramTypes.isEmpty() && !isStatic) {
      return Kind.DETACH;
    }
    if (ZERO_DERIVATIVE.contains(name) || SHAPE_QUERIES.contains(name) && !(name.equals("requiresGrad") && !paramTypes.isEmpty())) {
      return Kind.ZERO_DERIVATIVE;
    }
    return Kind.NONE;
  }

  /**
   * The rules of {@code Tensor.name(paramTypes)}, one per operand (the receiver first for an instance
   * method), or null if the operation has none.
   */
  public static List<TensorRule> rules(String name, List<JType> paramTypes, boolean isStatic) {
    String key = key(name, paramTypes.stream().map(JType::source).toList());
    return (isStatic ? STATIC : INSTANCE).get(key);
  }

  /** The rule methods the table marks {@code !}: each has an overload taking {@code seedIsFree} last. */
  public static Set<String> seedMayBeFreeMethods() {
    Set<String> out = new java.util.TreeSet<>();
    for (Map<String, List<TensorRule>> table : List.of(INSTANCE, STATIC)) {
      for (List<TensorRule> rules : table.values()) {
        for (TensorRule r : rules) {
          if (r != null && r.seedMayBeFree()) {
            out.add(r.method());
          }
        }
      }
    }
    return out;
  }

  /** Every operation in the table, as {@code name(types)}, instance methods first. */
  public static List<String> operations() {
    List<String> out = new ArrayList<>(new java.util.TreeSet<>(INSTANCE.keySet()));
    new java.util.TreeSet<>(STATIC.keySet()).forEach(k -> out.add("static " + k));
    return out;
  }

  private static String key(String name, List<String> types) {
    return name + "(" + String.join(",", types) + ")";
  }

  private static void instance(String name, String params, String... operandRules) {
    put(INSTANCE, name, params, operandRules);
  }

  private static void statics(String name, String params, String... operandRules) {
    put(STATIC, name, params, operandRules);
  }

  private static void put(Map<String, List<TensorRule>> table, String name, String params, String... operandRules) {
    List<String> types = params.isEmpty() ? List.of() : Arrays.asList(params.split(","));
    int operands = types.size() + (table == INSTANCE ? 1 : 0);
    if (operandRules.length != operands) {
      throw new IllegalStateException(name + ": " + operandRules.length + " rules for " + operands + " operands");
    }
    List<TensorRule> rules = new ArrayList<>();
    for (String r : operandRules) {
      rules.add(r == null ? null : parse(r));
    }
    table.put(key(name, types), Collections.unmodifiableList(rules));
  }

  private static TensorRule parse(String text) {
    boolean unbroadcast = text.endsWith("*");
    String body = unbroadcast ? text.substring(0, text.length() - 1) : text;
    boolean freeable = body.endsWith("!");
    body = freeable ? body.substring(0, body.length() - 1) : body;
    if (body.equals("=")) {
      return TensorRule.identity(unbroadcast);
    }
    int open = body.indexOf('(');
    String method = body.substring(0, open);
    List<TensorRule.Slot> slots = new ArrayList<>();
    for (String code : body.substring(open + 1, body.length() - 1).split(" ")) {
      slots.add(slot(code));
    }
    return new TensorRule(method, List.copyOf(slots), unbroadcast, freeable);
  }

  private static TensorRule.Slot slot(String code) {
    if (code.equals("g")) {
      return new TensorRule.Slot(TensorRule.SlotKind.SEED, -1, null);
    }
    if (code.equals("y")) {
      return new TensorRule.Slot(TensorRule.SlotKind.RESULT, -1, null);
    }
    if (code.length() == 2 && Character.isDigit(code.charAt(1))) {
      int k = code.charAt(1) - '0';
      TensorRule.SlotKind kind = switch (code.charAt(0)) {
        case 'a' -> TensorRule.SlotKind.OPERAND;
        case 's' -> TensorRule.SlotKind.SHAPE;
        case 't' -> TensorRule.SlotKind.DTYPE;
        case 'm' -> TensorRule.SlotKind.IS_MATRIX;
        default -> throw new IllegalStateException("slot " + code);
      };
      return new TensorRule.Slot(kind, k, null);
    }
    return new TensorRule.Slot(TensorRule.SlotKind.LITERAL, -1, code);
  }
}
