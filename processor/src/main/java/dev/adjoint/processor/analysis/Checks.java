package dev.adjoint.processor.analysis;

import dev.adjoint.processor.DiagnosticId;
import dev.adjoint.processor.DiagnosticSink;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.IrMethod;
import dev.adjoint.processor.ir.JType;
import dev.adjoint.processor.ir.RecordLayout;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.lower.TensorOps;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Differentiability and side-effect checks on the lowered method, using activity: calls on
 * active values without a derivative ({@code [Adjoint:NotDifferentiable]}), active values written
 * where the adjoint cannot follow them ({@code [Adjoint:SideEffect]}), and derivatives that are
 * silently zero ({@code [Adjoint:ZeroDerivative]}).
 */
public final class Checks {
  private final IrMethod method;
  private final Activity activity;
  private final DiagnosticSink sink;
  private final String methodName;
  private final List<ParamSource> sources;

  /**
   * A parameter as the user wrote it, in the order of {@link IrMethod#params()}: its name in the source (the
   * IR may have renamed it) and where to report about it (its declaration: an element or a tree).
   */
  public record ParamSource(String name, Object site) {}

  private Checks(IrMethod method, Activity activity, DiagnosticSink sink, List<ParamSource> sources) {
    this.method = method;
    this.activity = activity;
    this.sink = sink;
    this.methodName = simple(method.ownerClass()) + "." + method.name();
    this.sources = sources.size() == method.params().size() ? sources : List.of();
  }

  /** Reports every problem, warnings about a parameter at its declaration; returns false if an error was reported. */
  public static boolean run(IrMethod method, Activity activity, DiagnosticSink sink, List<ParamSource> sources) {
    new Checks(method, activity, sink, sources).check();
    return !sink.hasErrors();
  }

  private static String simple(String qualified) {
    int dot = qualified.lastIndexOf('.');
    return qualified.substring(dot + 1);
  }

  private void check() {
    List<Stmt> all = new ArrayList<>();
    IrWalk.statements(method.body(), all::add);
    Stmt.Return firstReturn = null;
    List<Expr.Call> withouts = new ArrayList<>();
    for (Stmt s : all) {
      if (s instanceof Stmt.Return r && firstReturn == null) {
        firstReturn = r;
      }
      Expr target = Activity.targetOf(s);
      boolean usefulContext = target != null && IrWalk.rootVar(target) != null
          && activity.isUseful(IrWalk.rootVar(target));
      IrWalk.ownExpressions(s, e -> checkExpr(e, usefulContext && e != target));
      IrWalk.ownExpressions(s, e -> {
        if (e instanceof Expr.Call c && c.kind() == Expr.CallKind.WITHOUT_DERIVATIVE) {
          withouts.add(c);
        }
      });
      checkSideEffect(s);
      checkBoxing(s);
    }
    checkFieldsReadAndWritten(all);
    TensorChangesAfterReads.check(method.body(), activity, sink);
    checkResultIsNotAParameter(all);
    // an error cuts the method's flow where it is (an unknown call passes no derivative on), so which parameters
    // the result depends on would be guessed from a broken method: no dependence warning then
    if (firstReturn != null && !sink.hasErrors()) {
      checkZeroDerivatives(all, firstReturn, withouts);
    }
  }

  /**
   * Each wrt parameter the result does not depend on (through a derivative) gets a warning on its
   * declaration: its gradient component is always zero. A parameter that reaches an
   * {@code AD.withoutDerivative(...)} is cut off on purpose and not reported.
   */
  private void checkZeroDerivatives(List<Stmt> all, Stmt.Return firstReturn, List<Expr.Call> withouts) {
    if (method.wrt().isEmpty()) {
      if (!activity.isVaried(Activity.RESULT)) {
        sink.warning(DiagnosticId.ZERO_DERIVATIVE, firstReturn.value(), "the result of " + methodName
            + " does not depend on any differentiable parameter, so every derivative is zero");
      }
      return;
    }
    // what reaches the result, or an AD.withoutDerivative(...) that cuts it off on purpose
    Set<String> sinks = new HashSet<>(Set.of(Activity.RESULT));
    for (Expr.Call w : withouts) {
      w.args().forEach(a -> sinks.addAll(activity.derivativeReads(a)));
    }
    Set<String> reached = activity.flowingInto(all, sinks);
    boolean none = !activity.isVaried(Activity.RESULT);
    long wrtParams = method.params().stream().filter(p -> method.wrt().contains(p.name())).count();
    for (int i = 0; i < method.params().size(); i++) {
      IrMethod.Param p = method.params().get(i);
      // a record parameter's derivatives flow through the variables its components are read into
      RecordLayout layout = method.records().get(p.name());
      List<String> vars = layout == null ? List.of(p.name())
          : layout.leaves().stream().filter(RecordLayout.Part::differentiable).map(RecordLayout.Part::variable).toList();
      if (!method.wrt().contains(p.name()) || vars.stream().map(activity::group)
          .anyMatch(reached::contains)) {
        continue;
      }
      String name = sources.isEmpty() ? p.name() : sources.get(i).name();
      Object site = sources.isEmpty() ? firstReturn.value() : sources.get(i).site();
      sink.warning(DiagnosticId.ZERO_DERIVATIVE, site, "the result of " + methodName + " does not depend on " + name
          + " (no derivative flows from it" + (none && wrtParams > 1 ? ", nor from any other wrt parameter" : "") + "), so "
          + dev.adjoint.processor.ir.Names.component(name) + " is always zero: if " + name + " is a constant, leave it out of"
          + " @Differentiable(wrt = ...) or pass it through AD.withoutDerivative(...); otherwise check how the result is computed");
    }
  }

  /**
   * A caller's adjoint takes an array result for a new array (it may write into it, and its forward keeps
   * the callee's sweeps apart): a result that shares storage with a parameter would change the caller's
   * argument behind its back.
   */
  private void checkResultIsNotAParameter(List<Stmt> all) {
    if (!method.result().isArray()) {
      return;
    }
    for (Stmt s : all) {
      if (s instanceof Stmt.Return r && r.value() != null && IrWalk.rootVar(r.value()) != null) {
        String group = activity.group(IrWalk.rootVar(r.value()));
        for (var p : method.params()) {
          if (p.type().isArray() && activity.group(p.name()).equals(group)) {
            sink.error(DiagnosticId.UNSUPPORTED, r.value(), methodName + " returns an array that may share storage with its parameter "
                + p.name() + ": a caller writing into the result would change its argument without its gradient knowing;"
                + " return a new array (for example " + p.name() + ".clone())");
            return;
          }
        }
      }
    }
  }

  /**
   * The reverse sweep reads fields again; a field the method also writes would have changed by
   * then (fields are not saved and restored like locals).
   */
  private void checkFieldsReadAndWritten(List<Stmt> all) {
    java.util.Map<String, Stmt> written = new java.util.LinkedHashMap<>();
    for (Stmt s : all) {
      Expr t = s instanceof Stmt.Assign a ? a.target() : s instanceof Stmt.IncDec i ? i.target() : null;
      while (t instanceof Expr.Index i) {
        t = i.array();
      }
      if (t instanceof Expr.Field f) {
        written.putIfAbsent(f.owner() + "." + f.name(), s);
      }
    }
    if (written.isEmpty()) {
      return;
    }
    java.util.Set<String> readActively = new java.util.HashSet<>();
    for (Stmt s : all) {
      Expr target = Activity.targetOf(s);
      Expr value = Activity.valueOf(s);
      if (target == null || value == null || IrWalk.rootVar(target) == null || !activity.isActive(IrWalk.rootVar(target))) {
        continue;
      }
      IrWalk.expressions(value, x -> {
        if (x instanceof Expr.Field f) {
          readActively.add(f.owner() + "." + f.name());
        }
      });
    }
    for (java.util.Map.Entry<String, Stmt> w : written.entrySet()) {
      if (readActively.contains(w.getKey())) {
        String field = simple(w.getKey().substring(0, w.getKey().lastIndexOf('.'))) + w.getKey().substring(w.getKey().lastIndexOf('.'));
        sink.error(DiagnosticId.SIDE_EFFECT, w.getValue(),
            methodName + " writes the field " + field + " and also uses it in the derivative's computation, which reads it again after the write: copy the field into a local variable at the start and use the local");
      }
    }
  }

  private void checkExpr(Expr e, boolean usefulContext) {
    if (e instanceof Expr.Call c) {
      checkCall(c, usefulContext);
    } else if (e instanceof Expr.Cast c) {
      {
        if (usefulContext && !c.type().isDifferentiable() && c.type().rank() == 0
            && c.operand().type().isDifferentiable() && activity.isVaried(c.operand())) {
          sink.warning(DiagnosticId.ZERO_DERIVATIVE, c,
              "casting an active value to " + c.type() + " drops its derivative (an integer has none); if that is intended, write (" + c.type() + ") AD.withoutDerivative(...)");
        }
      }
    }
  }

  private void checkCall(Expr.Call c, boolean usefulContext) {
    String callee = simple(c.owner()) + "." + c.name();
    String signature = callee + "(" + String.join(", ", c.paramTypes().stream().map(Object::toString).toList()) + ")";
    if (c.kind() == Expr.CallKind.OTHER && c.owner().equals(TensorOps.TENSOR)) {
      checkTensorCall(c, usefulContext, callee, signature);
      return;
    }
    switch (c.kind()) {
      case OTHER -> {
        for (Expr a : c.args()) {
          if (!a.type().isDifferentiable() || !activity.isVaried(a)) {
            continue;
          }
          String holder = holderOtherThan(c, a);
          if (decides(c.type()) && !a.type().isArray() && holder == null) {
            // an int or boolean made from an active value is a decision or an index, as in an if's condition:
            // it carries no derivative, and the reverse sweep replays the path it chose
            continue;
          }
          boolean harmful = usefulContext
              || (a.type().isArray() && IrWalk.rootVar(a) != null && activity.isUseful(IrWalk.rootVar(a)));
          if (harmful) {
            // a JDK method cannot be marked, and a rule needs a result: what works there is writing it out
            String fix = !c.owner().startsWith("java.") ? "mark " + callee + " @Differentiable or write a @Derivative(of = \""
                + c.owner() + "#" + c.name() + "\") rule (or pass AD.withoutDerivative(...) if no gradient should flow through it)"
                : c.type().kind() == JType.Kind.VOID
                    ? "write what it does as a loop in " + methodName + " (for an array copy: for (int i = 0; i < n; i++)"
                        + " c[i + 1] = a[i];), whose derivative Adjoint writes"
                    : "compute the value with operations Adjoint differentiates (java.lang.Math, arithmetic, loops), or pass"
                        + " AD.withoutDerivative(...) if no gradient should flow through it";
            sink.error(DiagnosticId.NOT_DIFFERENTIABLE, c,
                "call to " + signature + " uses an active value but has no derivative: " + fix
                    + " (call chain: " + methodName + " -> " + callee + ")");
            return;
          }
          if (holder != null) {
            // its result is not used, but it may put the value where the method reads it later (Arrays.fill(a, x),
            // list.add(x)): nothing would carry the derivative there
            sink.error(DiagnosticId.NOT_DIFFERENTIABLE, c,
                "call to " + signature + " passes an active value to a method without a derivative, which may store it in "
                    + holder + ", where its derivative would be lost: write the store in " + methodName + " itself"
                    + " (a loop of a[i] = v; a local variable for a sum)"
                    + (c.owner().startsWith("java.") ? "" : ", mark " + callee + " @Differentiable") + ", or pass"
                    + " AD.withoutDerivative(...) around the value if no gradient should flow through it (call chain: "
                    + methodName + " -> " + callee + ")");
            return;
          }
        }
      }
      case MATH -> {
        if (usefulContext && !c.type().isDifferentiable() && c.args().stream().anyMatch(activity::isVaried)) {
          sink.warning(DiagnosticId.ZERO_DERIVATIVE, c,
              callee + " turns an active value into a " + c.type() + ", which has no derivative; if that is intended, pass AD.withoutDerivative(...)");
        }
      }
      case DIFFERENTIABLE -> {
        for (int k = 0; k < c.args().size(); k++) {
          Expr a = c.args().get(k);
          if (c.info().accessors().get(k) == null && a.type().isDifferentiable() && activity.isVaried(a) && usefulContext) {
            sink.error(DiagnosticId.NOT_DIFFERENTIABLE, a,
                "argument " + (k + 1) + " of " + signature + " is active, but " + callee
                    + " is not differentiated with respect to that parameter: add it to " + callee + "'s @Differentiable(wrt = ...)"
                    + " or pass AD.withoutDerivative(...) (call chain: " + methodName + " -> " + callee + ")");
          }
        }
      }
      case TENSOR -> checkNumberOperands(c, usefulContext, callee, signature);
      default -> {}
    }
  }

  /**
   * An active number given to a tensor operation whose table has no rule for it ({@code x.clamp(lo, hi)}'s bounds):
   * the reverse sweep would have no term for it, and its gradient would silently miss this use.
   */
  private void checkNumberOperands(Expr.Call c, boolean usefulContext, String callee, String signature) {
    List<Expr> operands = c.operands();
    if (!usefulContext || c.info().tensorRules() == null) {
      return;
    }
    for (int k = 0; k < operands.size(); k++) {
      Expr o = operands.get(k);
      if (c.tensorRule(k) == null && o.type().isDifferentiable() && !o.type().isTensorBase() && activity.isVaried(o)) {
        int argument = c.receiver() == null ? k + 1 : k;
        String asTensors = c.name().equals("clamp")
            ? "write the bounds as tensors, x.maximum(Tensor.scalar(lo)).minimum(Tensor.scalar(hi)), whose gradients reach them"
            : "make the number a tensor with Tensor.scalar(...) and use the tensor overload";
        sink.error(DiagnosticId.NOT_DIFFERENTIABLE, o, "argument " + argument + " of " + signature + " is active, but"
            + " Adjoint has no derivative of " + callee + " with respect to it: " + asTensors + ", or pass"
            + " AD.withoutDerivative(...) around the number if no gradient should flow through it (call chain: "
            + methodName + " -> " + callee + ")");
        return;
      }
    }
  }

  /**
   * What else a call hands an active argument {@code active} to that could keep it: its receiver or another argument
   * that is an array of numbers, tensors or objects, or an object of a type that may hold values (the user's own, a
   * collection); null if none (numbers, strings, a print stream).
   */
  private static String holderOtherThan(Expr.Call c, Expr active) {
    if (c.receiver() != null && mayHold(c.receiver().type())) {
      return "the object " + describe(c.receiver());
    }
    for (Expr b : c.args()) {
      if (b != active && mayHold(b.type())) {
        return "its argument " + describe(b);
      }
    }
    return null;
  }

  private static boolean mayHold(JType t) {
    if (t.isArray()) {
      return t.kind() == JType.Kind.DOUBLE || t.kind() == JType.Kind.FLOAT || t.kind() == JType.Kind.REF
          || t.kind() == JType.Kind.RECORD;
    }
    if (t.kind() != JType.Kind.REF || t.refName() == null || t.isTensorBase()) {
      return false;
    }
    String n = t.refName();
    return !(n.startsWith("java.lang.") || n.startsWith("java.io.") || n.startsWith("java.util.logging.")
        || n.startsWith("java.text.") || n.startsWith("java.time."));
  }

  private static String describe(Expr e) {
    return e instanceof Expr.Var v ? v.name() : "(a " + e.type() + ")";
  }

  /** True for a type that can hold neither a derivative nor a tensor: integers, booleans and arrays of them. */
  private static boolean decides(JType t) {
    return switch (t.kind()) {
      case INT, LONG, SHORT, BYTE, CHAR, BOOLEAN -> true;
      default -> false;
    };
  }

  /** The out-of-place way to write each in-place Tensor operation, for the SideEffect message. */
  private static final java.util.Map<String, String> OUT_OF_PLACE = java.util.Map.of(
      "addInPlace", "x = x.add(...)", "subInPlace", "x = x.sub(...)", "mulInPlace", "x = x.mul(...)",
      "zero", "x = Tensor.zerosLike(x)", "fill", "x = Tensor.full(v, x.shape())", "copyFrom", "x = src",
      "set", "build the new tensor out of place (Tensor.where, indexAdd, sliceScatter)",
      "requiresGrad", "leave requiresGrad to the caller", "retainGrad", "leave retainGrad to the caller",
      "backward", "call the generated gradient (or Autograd.grad) from outside the method");

  /**
   * The out-of-place way to write in-place operation {@code op} on tensor variable {@code var}, filling with
   * {@code value} ({@code m = Tensor.full(3.0, m.shape())}), for both in-place messages.
   */
  static String outOfPlace(String op, String var, String value) {
    return OUT_OF_PLACE.getOrDefault(op, "use the out-of-place operation")
        .replaceAll("\\bv\\b", java.util.regex.Matcher.quoteReplacement(value))
        .replaceAll("\\bx\\b", java.util.regex.Matcher.quoteReplacement(var));
  }

  /**
   * A Tensor method the generator has no rule for: an in-place change of an active tensor (its old value
   * would be lost to the adjoint), a read of an active tensor's value into Java numbers (the derivative
   * stops there, as with PyTorch's item()), or an operation without a derivative.
   */
  private void checkTensorCall(Expr.Call c, boolean usefulContext, String callee, String signature) {
    boolean varied = c.operands().stream().anyMatch(o -> o.type().isDifferentiable() && activity.isVaried(o));
    if (!varied) {
      return;
    }
    if (TensorOps.IN_PLACE.contains(c.name())) {
      // the fix names the tensor being changed (a variable), not a placeholder that may be one of the user's parameters
      String fix = outOfPlace(c.name(), c.receiver() instanceof Expr.Var v ? v.name() : "x", "v");
      sink.error(DiagnosticId.SIDE_EFFECT, c, "`" + c.name() + "` changes an active tensor in place, which the generated adjoint"
          + " cannot reverse (the old value its derivative needs would be gone): " + fix + " instead");
    } else if (TensorOps.VALUE_READS.contains(c.name())) {
      if (usefulContext) {
        sink.warning(DiagnosticId.ZERO_DERIVATIVE, c, callee + " turns an active tensor into Java numbers, which carry no"
            + " derivative (as PyTorch's item()): keep the computation in Tensor operations, or wrap the tensor in"
            + " AD.withoutDerivative(...) (or detach() it) if that is intended");
      }
    } else if (usefulContext && c.operands().stream().noneMatch(o -> o.type().isTensorBase() && activity.isVaried(o))) {
      // only numbers are active (Tensor.full(s * 2, n)): there is no tensor to detach
      List<String> which = new ArrayList<>();
      for (int k = 0; k < c.args().size(); k++) {
        Expr a = c.args().get(k);
        if (a.type().isDifferentiable() && activity.isVaried(a)) {
          which.add("argument " + (k + 1) + " (a " + a.type() + ")");
        }
      }
      sink.error(DiagnosticId.NOT_DIFFERENTIABLE, c, "call to " + signature + " uses an active number, "
          + String.join(" and ", which) + ", but Adjoint has no derivative of " + callee + " with respect to "
          + (which.size() > 1 ? "them" : "it") + ": make the number a tensor with Tensor.scalar(...) and combine it with"
          + " Tensor operations (x.mul(s), Tensor.scalar(s).expand(...)), or pass AD.withoutDerivative(...) around the number"
          + " if no gradient should flow through it (call chain: " + methodName + " -> " + callee + ")");
    } else if (usefulContext) {
      sink.error(DiagnosticId.NOT_DIFFERENTIABLE, c, "call to " + signature + " uses an active value, but Adjoint has no"
          + " derivative rule for " + callee + ": write it with differentiable Tensor operations, put it in a @Differentiable"
          + " method with a @Derivative rule, or detach() the tensor if no gradient should flow through it (call chain: "
          + methodName + " -> " + callee + ")");
    }
  }

  /** {@code Double d = x;} or {@code Object o = x;}: the value leaves the differentiable types. */
  private void checkBoxing(Stmt s) {
    Expr target = Activity.targetOf(s);
    Expr value = Activity.valueOf(s);
    if (target == null || value == null || target.type().isDifferentiable() || target.type().rank() > 0
        || target.type().kind() != dev.adjoint.processor.ir.JType.Kind.REF) {
      return;
    }
    String root = IrWalk.rootVar(target);
    if (value.type().isDifferentiable() && activity.isVaried(value) && root != null && activity.isUseful(root)) {
      sink.warning(DiagnosticId.ZERO_DERIVATIVE, s,
          "storing an active value in a " + target.type() + " drops its derivative (only double, float and their arrays carry one); use a double local, or AD.withoutDerivative(...) if that is intended");
    }
  }

  /** The double[]/float[] parameter whose storage {@code base} may share (its alias group), or null. */
  private String floatingArrayParameterOf(Expr base) {
    if (!(base instanceof Expr.Var v)) {
      return null;
    }
    for (var p : method.params()) {
      boolean floating = p.type().kind() == JType.Kind.DOUBLE || p.type().kind() == JType.Kind.FLOAT;
      if (p.type().isArray() && floating && activity.group(p.name()).equals(activity.group(v.name()))) {
        return p.name();
      }
    }
    return null;
  }

  private void checkSideEffect(Stmt s) {
    Expr target;
    Expr value;
    if (s instanceof Stmt.Assign a) {
      target = a.target();
      value = a.value();
    } else if (s instanceof Stmt.IncDec i) {
      target = i.target();
      value = i.target();
    } else {
      return;
    }
    Expr base = target;
    while (base instanceof Expr.Index i) {
      base = i.array();
    }
    if (!activity.isVaried(value) && !(s instanceof Stmt.Assign a2 && !a2.op().equals("=") && activity.isVaried(target))) {
      String param = floatingArrayParameterOf(base);
      if (target instanceof Expr.Index && param != null) {
        // even a constant: a caller whose argument is active would read the new value without knowing
        sink.error(DiagnosticId.SIDE_EFFECT, s,
            methodName + " writes into the array of its parameter " + param + ": a caller's gradient cannot see that write"
                + " (the caller's array would change behind its adjoint); write into a copy instead, e.g. "
                + copyOf(param, method.params().stream().filter(p -> p.name().equals(param)).findFirst().orElseThrow().type()));
      }
      return;
    }
    if (base instanceof Expr.Field f) {
      sink.error(DiagnosticId.SIDE_EFFECT, s,
          methodName + " writes an active value to the field " + simple(f.owner()) + "." + f.name()
              + ": its derivative would be lost; keep the value in a local variable (or return it)");
    } else if (target instanceof Expr.Index && base instanceof Expr.Var v && activity.isExternal(v.name())) {
      sink.error(DiagnosticId.SIDE_EFFECT, s,
          methodName + " writes an active value into the array " + v.name()
              + ", which belongs to a parameter or a field (the caller's array would change and its adjoint would be lost); write into a local array instead, e.g. "
              + copyOf(v.name(), v.type()));
    }
  }

  /** How to copy an array before writing into it, in its own type: {@code Tensor[] copy = ws.clone()}. */
  private static String copyOf(String array, JType type) {
    String t = type.toString().replaceFirst("^([a-z_$][\\w$]*\\.)+", ""); // as the user writes it: Tensor[]
    if (type.rank() > 1) {
      // clone() of an array of arrays shares its rows: a write into a row would still reach the caller's
      String element = t.substring(0, t.indexOf('['));
      return t + " copy = new " + element + "[" + array + ".length]" + "[]".repeat(type.rank() - 1)
          + " with each row cloned (copy[i] = " + array + "[i].clone())";
    }
    return t + " copy = " + array + ".clone()";
  }
}
