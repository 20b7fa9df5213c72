package dev.adjoint.processor.transform;

import static dev.adjoint.processor.transform.Exprs.ADJOINTS;
import static dev.adjoint.processor.transform.Exprs.OBJECT;
import static dev.adjoint.processor.transform.Exprs.RULES;
import static dev.adjoint.processor.transform.Exprs.TENSOR_ADJOINTS;
import static dev.adjoint.processor.transform.Exprs.TENSOR_RULES;
import static dev.adjoint.processor.transform.Exprs.div;
import static dev.adjoint.processor.transform.Exprs.lit;
import static dev.adjoint.processor.transform.Exprs.mul;
import static dev.adjoint.processor.transform.Exprs.neg;
import static dev.adjoint.processor.transform.Exprs.not;
import static dev.adjoint.processor.transform.Exprs.promote;

import dev.adjoint.processor.DiagnosticId;
import dev.adjoint.processor.analysis.Activity;
import dev.adjoint.processor.analysis.IrWalk;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.JType;
import dev.adjoint.processor.ir.Names;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.TensorRule;
import dev.adjoint.processor.lower.MathFunctions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The chain rule on expressions: adds {@code seed} times the derivative of an expression into the
 * adjoints of its active leaves ({@code _d_x += ...}), through operators, ternaries, array values and
 * calls. Each call kind takes its derivative from one place: a {@code Math} function from its rule in
 * {@code DoubleRules}, a {@code @Differentiable} method from its generated gradient (its pullback or its
 * reverse sweep, when {@link CallSplitting} ran it in the forward sweep), a {@code @Derivative} method
 * from that rule.
 */
final class AdjointPropagation {
  private final ReverseContext ctx;
  private final Activity activity;
  private final CallSplitting calls;

  AdjointPropagation(ReverseContext ctx, CallSplitting calls, HeldValues held) {
    this.ctx = ctx;
    this.activity = ctx.activity;
    this.calls = calls;
    this.held = held;
  }

  /** Emits statements adding {@code seed} times the derivative of e into the adjoints of e's active leaves. */
  void propagate(Expr e, Expr seed, List<Stmt> out) {
    if (!activity.isActive(e)) {
      return;
    }
    if (e instanceof Expr.Var || e instanceof Expr.Index) {
      if (e.type().isArray()) {
        addArray(e, seed, out);
      } else {
        accumulate(e, seed, out);
      }
    } else if (e instanceof Expr.Unary u) {
      propagate(u.operand(), u.op().equals("-") ? neg(seed) : seed, out);
    } else if (e instanceof Expr.Cast c) {
      propagate(c.operand(), seed, out);
    } else if (e instanceof Expr.Binary b) {
      binary(b, seed, out);
    } else if (e instanceof Expr.Cond c) {
      Expr s = ctx.bind(seed, out);
      List<Stmt> a = new ArrayList<>();
      List<Stmt> b = new ArrayList<>();
      propagate(c.ifTrue(), s, a);
      propagate(c.ifFalse(), s, b);
      out.add(a.isEmpty() ? new Stmt.If(not(c.cond()), b, List.of(), 0) : new Stmt.If(c.cond(), a, b, 0));
    } else if (e instanceof Expr.Call c) {
      call(c, seed, out);
    } else if (e instanceof Expr.NewArray n && n.elements() != null) {
      initializerReverse(n, seed, out); // an array literal passed straight to a call: g(new double[] {x, y})
    } else if (e instanceof Expr.NewRecord r) {
      recordReverse(r, seed, out);
    } else if (e instanceof Expr.Invoke pop && Activity.isStackOperation(pop, "pop") && pop.type().equals(JType.DOUBLE)) {
      // a written-out reverse sweep's pop: its adjoint goes on the stack's adjoint stack, for the push to take
      out.add(new Stmt.ExprStmt(new Expr.Invoke(adjointStack(pop.target()), null, "push", List.of(seed), JType.VOID), 0));
    } else {
      // never drop an adjoint silently: an active expression without a rule here is a bug to report
      throw new IllegalStateException("no adjoint propagation for the active expression " + e);
    }
  }

  /**
   * The adjoint of a written-out reverse sweep's stack of doubles: a stack too, declared once. The reverse of a pop
   * pushes the popped value's adjoint on it; the reverse of the push, which runs later, pops it: the adjoint of a
   * last-in-first-out stack is one, in the opposite order.
   */
  String adjointStack(String stack) {
    String name = ctx.adjVar(stack, JType.DOUBLE).name();
    ctx.hoistNew(name, JType.ref(Exprs.SUPPORT + "DoubleStack"));
    return name;
  }

  /**
   * The adjoint of a written-out reverse sweep's stack of array references: a stack of their adjoint arrays, declared
   * once. The forward sweep pushes each array's adjoint beside it and pops it back with it, so a local popped back
   * gets the adjoint array that belongs to that array object: adjoints follow the arrays by identity, and the reverse
   * sweep has nothing to add for the push or the pop.
   */
  String adjointReferenceStack(String stack, JType array) {
    String name = ctx.adjVar(stack, array).name();
    ctx.hoistNew(name, JType.ref(Exprs.SUPPORT + "ObjectStack<" + array.source() + ">"));
    return name;
  }

  /**
   * Adds a contribution into the adjoint of a scalar or tensor variable or element; a tensor adjoint is
   * null until its first contribution and is never changed in place ({@code TensorAdjoints.accumulate}).
   */
  private void accumulate(Expr leaf, Expr contribution, List<Stmt> out) {
    Expr adjoint = ctx.adjLvalue(leaf);
    if (leaf.type().isTensor()) {
      List<Expr> args = owned(contribution) ? List.of(adjoint, contribution, lit(true)) : List.of(adjoint, contribution);
      out.add(new Stmt.Assign(adjoint, "=", new Expr.Invoke(null, TENSOR_ADJOINTS, "accumulate", args, JType.TENSOR), 0));
    } else {
      out.add(new Stmt.Assign(adjoint, "+=", contribution, 0));
    }
  }

  private void binary(Expr.Binary b, Expr seed, List<Stmt> out) {
    boolean l = activity.isActive(b.left());
    boolean r = activity.isActive(b.right());
    Expr s = l && r ? ctx.bind(seed, out) : seed;
    switch (b.op()) {
      case "+" -> {
        propagate(b.left(), s, out);
        propagate(b.right(), s, out);
      }
      case "-" -> {
        propagate(b.left(), s, out);
        propagate(b.right(), neg(s), out);
      }
      case "*" -> {
        Expr u = Exprs.squared(b);
        Expr scale = u == null ? null : Exprs.squareScale(b);
        if (u != null && activity.isActive(u) && (scale == null || !activity.isActive(scale))) {
          // u * u, or (c * u) * u with c passive: the two contributions s*u*c and c*u*s are the same number and
          // p + p == 2 * p, so one suffices (exact into a fresh adjoint; added to a nonzero one, rounded once not twice)
          propagate(u, mul(new Expr.Lit("2", JType.INT), mul(s, b.left())), out);
          return;
        }
        propagate(b.left(), mul(s, b.right()), out);
        propagate(b.right(), mul(b.left(), s), out);
      }
      case "/" -> {
        propagate(b.left(), div(s, b.right()), out);
        if (r) {
          propagate(b.right(), neg(div(mul(s, b.left()), mul(b.right(), b.right()))), out);
        }
      }
      case "%" -> {
        propagate(b.left(), s, out);
        if (r) {
          ctx.sink.error(DiagnosticId.UNSUPPORTED, b, "the remainder `%` with an active right operand cannot be differentiated; use Math.IEEEremainder or rewrite it");
        }
      }
      default -> ctx.sink.error(DiagnosticId.UNSUPPORTED, b, "the operator `" + b.op() + "` on active values cannot be differentiated");
    }
  }

  /**
   * A record built from components (a record the lowering holds as one variable per component, passed on
   * whole): each component's adjoint is the matching component of the record adjoint.
   */
  private void recordReverse(Expr.NewRecord r, Expr seed, List<Stmt> out) {
    Expr.Var local;
    if (seed instanceof Expr.Var v) {
      local = v;
    } else {
      local = new Expr.Var(ctx.fresh("_r"), r.type());
      out.add(new Stmt.Decl(local, seed, 0));
    }
    for (int i = r.components().size() - 1; i >= 0; i--) {
      Expr component = r.components().get(i);
      if (activity.isActive(component)) {
        propagate(component, new Expr.Invoke(local.name(), null, r.accessors().get(i), List.of(), component.type()), out);
      }
    }
  }

  /** The receiver of a call of a record's instance method that differentiates it ({@code dSelf}). */
  private void receiverReverse(Expr.Call c, Expr.Var record, List<Stmt> out) {
    if (c.info().selfAccessor() != null && c.receiver() != null && activity.isActive(c.receiver())) {
      propagate(c.receiver(), new Expr.Invoke(record.name(), null, c.info().selfAccessor(), List.of(), c.receiver().type()), out);
    }
  }

  // ------------------------------------------------------------------ array values

  /** Adds an adjoint array (contribution) into the adjoint of an array-valued expression. */
  void addArray(Expr arrayExpr, Expr contribution, List<Stmt> rev) {
    if (arrayExpr instanceof Expr.Var || arrayExpr instanceof Expr.Index) {
      String helper = arrayExpr.type().isTensorBase() ? TENSOR_ADJOINTS : ADJOINTS;
      rev.add(new Stmt.ExprStmt(new Expr.Invoke(null, helper, "addTo", List.of(ctx.adjLvalue(arrayExpr), contribution), JType.VOID), 0));
    } else if (arrayExpr instanceof Expr.Call c && c.kind() == Expr.CallKind.ARRAY_CLONE) {
      addArray(c.receiver(), contribution, rev);
    } else if (arrayExpr instanceof Expr.Call c) {
      propagate(c, contribution, rev);
    } else if (activity.isActive(arrayExpr)) {
      ctx.sink.error(DiagnosticId.UNSUPPORTED, arrayExpr, "this array expression cannot be differentiated here; assign it to a local array variable first");
    }
  }

  /**
   * {@code {a, {b, c}}}: each element's adjoint is the matching element of the adjoint array. An element of a
   * {@code Tensor[]} adjoint may be null (zero): a caller that reads only some elements of a callee's result, or a
   * user who seeds only some, leaves the others null, so an element's rules run only when its adjoint is there.
   */
  void initializerReverse(Expr.NewArray n, Expr adjoint, List<Stmt> rev) {
    for (int k = n.elements().size() - 1; k >= 0; k--) {
      Expr element = n.elements().get(k);
      Expr seed = new Expr.Index(adjoint, lit(k), adjoint.type().element());
      if (element instanceof Expr.NewArray inner && inner.elements() != null) {
        initializerReverse(inner, seed, rev);
      } else if (element.type().isTensor() && !(element instanceof Expr.Var || element instanceof Expr.Index)) {
        // a variable's accumulate already takes null as zero; a rule would not
        Expr.Var s = new Expr.Var(ctx.fresh("_r"), element.type());
        List<Stmt> inner = new ArrayList<>();
        propagate(element, s, inner);
        if (!inner.isEmpty()) {
          rev.add(new Stmt.Decl(s, seed, 0));
          rev.add(new Stmt.If(new Expr.Binary("!=", s, new Expr.Lit("null", s.type()), JType.BOOLEAN), inner, List.of(), 0));
        }
      } else if (element.type().rank() == 0) {
        propagate(element, seed, rev);
      } else if (activity.isActive(element)) {
        addArray(element, seed, rev);
      }
    }
  }

  // ------------------------------------------------------------------ calls

  /** Math values locals hold through the reverse. */
  private final HeldValues held;
  /** A declaration's value (a call) and the local that holds it through the reverse ({@link #holdResult}). */
  private Expr heldCall;
  private Expr.Var heldResult;

  /**
   * While the declaration {@code v = value} is reversed: v holds value wherever its reverse runs, so a
   * rule in terms of the result of value (a call) reads v; null, null to stop.
   */
  void holdResult(Expr value, Expr.Var v) {
    heldCall = value;
    heldResult = v;
  }

  private void call(Expr.Call c, Expr seed, List<Stmt> out) {
    if (c.kind() == Expr.CallKind.TENSOR) {
      tensorCall(c, seed, out);
      return;
    }
    List<Integer> activeArgs = new ArrayList<>();
    for (int k = 0; k < c.args().size(); k++) {
      if (Activity.carriesDerivative(c, k) && activity.isActive(c.args().get(k))) {
        activeArgs.add(k);
      }
    }
    boolean activeReceiver = c.kind() == Expr.CallKind.DIFFERENTIABLE && c.info().selfAccessor() != null
        && c.receiver() != null && activity.isActive(c.receiver());
    if (activeArgs.isEmpty() && !activeReceiver) {
      return;
    }
    switch (c.kind()) {
      case MATH -> mathCall(c, activeArgs, seed, out);
      case DIFFERENTIABLE -> {
        if (calls.runsInForward(c) && (c.type().isArray() || c.type().isTensor() || calls.runsApartHere(c))) {
          reverseOfForwardSweep(c, activeArgs, seed, out);
        } else if (calls.runsInForward(c) && CallSplitting.takesScaledPullback(c, activity)) {
          scaledForwardPullback(c, activeArgs, seed, out);
        } else {
          vjpCall(c, activeArgs, seed, out);
        }
      }
      case CUSTOM_RULE -> customRuleCall(c, activeArgs, seed, out);
      default -> {}
    }
  }

  /**
   * A {@code Tensor} operation: per active operand, its rule in {@code TensorRules} (the method the tape's
   * node calls), or the seed itself; a broadcasting operation's contribution is summed down to the
   * operand's shape by the one central helper.
   */
  private void tensorCall(Expr.Call c, Expr seed, List<Stmt> out) {
    List<Expr> operands = c.operands();
    List<Integer> active = new ArrayList<>();
    for (int k = 0; k < operands.size(); k++) {
      if (c.tensorRule(k) != null && activity.isActive(operands.get(k))) {
        active.add(k);
      }
    }
    if (active.isEmpty()) {
      return;
    }
    Expr s = active.size() > 1 ? ctx.bind(seed, out) : seed;
    for (int k : active) {
      TensorRule rule = c.tensorRule(k);
      Expr operand = operands.get(k);
      Expr contribution = s;
      if (rule.method() != null) {
        List<Expr> args = new ArrayList<>();
        for (TensorRule.Slot slot : rule.args()) {
          args.add(slotValue(slot, c, operands, s));
        }
        if (rule.seedMayBeFree() && owned(s)) {
          args.add(lit(true)); // the seed is a rule's result that only this rule reads: it may be overwritten
        }
        JType type = operand.type().isFloating() ? JType.DOUBLE : operand.type();
        contribution = new Expr.Invoke(null, TENSOR_RULES, rule.method(), args, type);
      }
      if (rule.unbroadcast()) {
        contribution = new Expr.Invoke(null, TENSOR_ADJOINTS, "sumToShapeOf", List.of(contribution, operand), JType.TENSOR);
      }
      propagate(operand, contribution, out);
    }
  }

  /** Rules that always return a tensor they allocated (or their seed, overwritten, when it was theirs to take). */
  private static final Set<String> FRESH_RULES = Set.of("mul", "neg", "divLeft", "divRight", "powLeft", "powRight",
      "maximumLeft", "maximumRight", "minimumLeft", "minimumRight", "whereLeft", "whereRight", "mulScalar", "divScalar",
      "rdivScalarFromResult", "expFromResult", "log", "sin", "cos", "tanFromResult", "tanhFromResult", "sigmoidFromResult",
      "reluFromResult", "sqrtFromResult", "abs", "square", "reciprocalFromResult", "clamp", "mseLossInput", "mseLossTarget",
      "crossEntropy", "dot", "matmulLeft", "matmulRight", "norm", "logSumExp", "softmaxFromResult",
      "logSoftmaxFromResult", "max", "min", "maxDim", "minDim", "slice", "select", "indexSelect", "indexAdd");

  /**
   * True if the tensor an expression evaluates to belongs to this expression alone: a fresh result of a rule,
   * or something a rule made of such a result (a view of it, or itself). A variable, a record's gradient or
   * the seed may be read elsewhere. Generated code evaluates each such expression once, where it is consumed.
   */
  static boolean owned(Expr e) {
    if (!(e instanceof Expr.Invoke inv) || inv.owner() == null || inv.args().isEmpty()) {
      return false;
    }
    if (inv.owner().equals(TENSOR_ADJOINTS)) {
      return inv.method().equals("sumToShapeOf") && owned(inv.args().get(0));
    }
    if (!inv.owner().equals(TENSOR_RULES) || !inv.type().isTensor()) {
      return false;
    }
    Expr last = inv.args().get(inv.args().size() - 1);
    Expr seed = last instanceof Expr.Lit ? inv.args().get(inv.args().size() - 2) : last;
    return FRESH_RULES.contains(inv.method()) || owned(seed);
  }

  /** One argument of a tensor rule's call: an operand, its shape, dtype or rank, the result, the seed, a literal. */
  private static Expr slotValue(TensorRule.Slot slot, Expr.Call c, List<Expr> operands, Expr seed) {
    return switch (slot.kind()) {
      case OPERAND -> operands.get(slot.operand());
      case SHAPE -> tensorQuery(operands.get(slot.operand()), "shape", JType.INT.arrayOf());
      case DTYPE -> tensorQuery(operands.get(slot.operand()), "dtype", JType.ref("dev.adjoint.DType"));
      case IS_MATRIX -> new Expr.Binary("==", tensorQuery(operands.get(slot.operand()), "dim", JType.INT), lit(2), JType.BOOLEAN);
      case RESULT -> c;
      case SEED -> seed;
      case LITERAL -> new Expr.Lit(slot.literal(), slot.literal().equals("true") || slot.literal().equals("false")
          ? JType.BOOLEAN : JType.INT);
    };
  }

  /** {@code t.shape()}, {@code t.dtype()}, {@code t.dim()}: calls that read no value and carry no derivative. */
  private static Expr tensorQuery(Expr tensor, String name, JType type) {
    return new Expr.Call(Expr.CallKind.TENSOR, "dev.adjoint.Tensor", name, tensor, List.of(), List.of(), type,
        Expr.CallInfo.tensor(java.util.Collections.singletonList(null)));
  }

  /** A {@code Math} function: its rule in {@code DoubleRules}, per active argument. */
  private void mathCall(Expr.Call c, List<Integer> activeArgs, Expr seed, List<Stmt> out) {
    Expr s = activeArgs.size() > 1 ? ctx.bind(seed, out) : seed;
    for (int k : activeArgs) {
      List<Expr> args = new ArrayList<>(c.args());
      args.add(s);
      // a float rule only when the seed is float too: Java picks the double rule otherwise
      JType ruleType = promote(c.paramTypes().get(k), s.type());
      String rule = c.info().ruleNames().get(k);
      String fromResult = MathFunctions.resultRule(c.name());
      List<String> heldRule = MathFunctions.heldValueRule(c.name());
      Expr.Var holder = heldRule != null && c.args().size() == 1 && c.type().equals(JType.DOUBLE)
          ? held.find(heldRule.get(0), c.args().get(0)) : null;
      if (holder != null) {
        // the value the derivative needs is in a local already (cos(theta) for sin(theta)'s rule)
        rule = heldRule.get(1);
        args = List.of(holder, s);
        ruleType = JType.DOUBLE;
      } else if (fromResult != null && c.args().size() == 1 && c.type().equals(JType.DOUBLE)) {
        // exp'(u) is exp(u): the rule reads the call's value, which cacheCallValues keeps from the forward sweep
        rule = fromResult;
        args = List.of(c == heldCall ? heldResult : c, s);
        ruleType = JType.DOUBLE;
      }
      propagate(c.args().get(k), new Expr.Invoke(null, RULES, rule, args, ruleType), out);
    }
  }

  /** The forward sweep ran {@code gForward} ({@link CallSplitting}); its record takes g's reverse sweep here. */
  private void reverseOfForwardSweep(Expr.Call c, List<Integer> activeArgs, Expr seed, List<Stmt> out) {
    Expr.Var tape = calls.forwardTape(c);
    // an array variable's adjoint goes to gReverseInto, which adds into it (no array of g's own to add)
    List<Expr> reverseArgs = new ArrayList<>(List.of(tape, seed.type().equals(c.type()) ? seed : new Expr.Cast(c.type(), seed)));
    Set<Integer> addedInto = new HashSet<>();
    for (int k = 0; k < c.args().size(); k++) {
      if (ReverseMode.takesAdjointArray(c.paramTypes().get(k), c.info().accessors().get(k) != null)) {
        Expr arg = c.args().get(k);
        boolean asDeclared = arg instanceof Expr.Var && arg.type().equals(c.paramTypes().get(k));
        boolean handOver = activeArgs.contains(k) && asDeclared;
        boolean fixedParameter = !activeArgs.contains(k) && asDeclared
            && ctx.method.params().stream().anyMatch(p -> p.name().equals(((Expr.Var) arg).name()))
            && ctx.method.effectivelyFinal().contains(((Expr.Var) arg).name());
        reverseArgs.add(handOver ? ctx.adjLvalue(arg) : fixedParameter ? ctx.sinkFor((Expr.Var) arg) : new Expr.Lit("null", OBJECT));
        if (handOver) {
          addedInto.add(k);
        }
      }
    }
    String reverseName = reverseArgs.size() > 2 ? Names.reverseInto(c.name()) : Names.reverse(c.name());
    Expr reverseCall = new Expr.Invoke(null, c.info().gradientsClass(), reverseName, reverseArgs, JType.VAR);
    boolean receiver = c.info().selfAccessor() != null && c.receiver() != null && activity.isActive(c.receiver());
    if (activeArgs.stream().allMatch(addedInto::contains) && !receiver) {
      out.add(new Stmt.ExprStmt(reverseCall, 0));
      return;
    }
    Expr.Var r = new Expr.Var(ctx.fresh("_r"), JType.VAR);
    out.add(new Stmt.Decl(r, reverseCall, 0));
    receiverReverse(c, r, out);
    for (int k : activeArgs) {
      if (!addedInto.contains(k)) {
        propagate(c.args().get(k), new Expr.Invoke(r.name(), null, c.info().accessors().get(k), List.of(), c.paramTypes().get(k)), out);
      }
    }
  }

  /**
   * The forward sweep runs the pullback once with seed 1 ({@link CallSplitting}); a VJP is linear in its seed
   * (the same occurrence reached twice shares its one forward run).
   */
  private void scaledForwardPullback(Expr.Call c, List<Integer> activeArgs, Expr seed, List<Stmt> out) {
    Expr.Var record = calls.forwardPullback(c);
    Expr s = activeArgs.size() > 1 ? ctx.bind(seed, out) : seed;
    for (int k : activeArgs) {
      JType paramType = c.paramTypes().get(k);
      Expr derivative = new Expr.Invoke(record.name(), null, c.info().accessors().get(k), List.of(), paramType);
      if (paramType.rank() > 0) {
        JType element = paramType.element();
        Expr scale = s.type().equals(element) ? s : new Expr.Cast(element, s);
        out.add(new Stmt.ExprStmt(new Expr.Invoke(null, ADJOINTS, "addScaledTo",
            List.of(ctx.adjLvalue(c.args().get(k)), derivative, scale), JType.VOID), 0));
      } else {
        propagate(c.args().get(k), mul(s, derivative), out);
      }
    }
  }

  /** A {@code @Differentiable} call the reverse runs again: {@code GGradients.gVjp(args, seed)}. */
  private void vjpCall(Expr.Call c, List<Integer> activeArgs, Expr seed, List<Stmt> out) {
    List<Expr> args = new ArrayList<>();
    if (c.receiver() != null) {
      args.add(c.receiver());
    }
    args.addAll(c.args());
    args.add(seed.type().equals(c.type()) ? seed : new Expr.Cast(c.type(), seed));
    Expr.Var r = new Expr.Var(ctx.fresh("_r"), JType.VAR);
    out.add(new Stmt.Decl(r, new Expr.Invoke(null, c.info().gradientsClass(), c.info().vjpName(), args, JType.VAR), 0));
    receiverReverse(c, r, out);
    for (int k : activeArgs) {
      propagate(c.args().get(k), new Expr.Invoke(r.name(), null, c.info().accessors().get(k), List.of(), c.paramTypes().get(k)), out);
    }
  }

  /**
   * A method with a {@code @Derivative} rule: the rule gives one derivative, or an array of them, one entry per
   * differentiable parameter (an {@code Object[]} for a mix of types: each entry cast back to its parameter's type).
   */
  private void customRuleCall(Expr.Call c, List<Integer> activeArgs, Expr seed, List<Stmt> out) {
    List<Expr> args = new ArrayList<>(c.args());
    args.add(seed.type().equals(c.type()) ? seed : new Expr.Cast(c.type(), seed));
    JType arr = c.info().ruleArray();
    if (arr == null) {
      int k = activeArgs.get(0);
      propagate(c.args().get(k), new Expr.Invoke(null, c.info().ruleOwner(), c.info().ruleName(), args, c.paramTypes().get(k)), out);
    } else {
      Expr.Var r = new Expr.Var(ctx.fresh("_r"), arr);
      out.add(new Stmt.Decl(r, new Expr.Invoke(null, c.info().ruleOwner(), c.info().ruleName(), args, arr), 0));
      int entry = 0;
      for (int k = 0; k < c.args().size(); k++) {
        if (c.info().differentiableArgs().get(k)) {
          if (activeArgs.contains(k)) {
            JType param = c.paramTypes().get(k);
            Expr adjoint = new Expr.Index(r, lit(entry), arr.element());
            propagate(c.args().get(k), arr.element().equals(OBJECT) ? new Expr.Cast(param, adjoint) : adjoint, out);
          }
          entry++;
        }
      }
    }
  }
}
