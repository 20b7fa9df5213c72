package dev.adjoint.processor.transform;

import dev.adjoint.processor.DiagnosticId;
import dev.adjoint.processor.DiagnosticSink;
import dev.adjoint.processor.analysis.Activity;
import dev.adjoint.processor.analysis.IrWalk;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.IrMethod;
import dev.adjoint.processor.ir.JType;
import dev.adjoint.processor.ir.Names;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.lower.MathFunctions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Forward mode: builds the body of {@code mJvp} from a normalized method. Every statement that writes a value
 * depending on a {@code wrt} parameter gets its tangent statement ({@code _t_y = _t_a * b + a * _t_b}); the
 * control flow is the method's own, and nothing is kept for a reverse sweep.
 *
 * <p>The derivatives come from where the reverse takes them: arithmetic is written inline, a {@code Math}
 * function's tangent is its {@code DoubleRules} rule with the argument's tangent as the seed (a rule is linear
 * in its seed, so the VJP rule of a scalar function is also its JVP rule), and a {@code @Differentiable}
 * callee's tangent is its own {@code mJvp}.
 */
public final class ForwardMode {
  /**
   * The generated body.
   *
   * @param body the statements of {@code mJvp} before its {@code return}
   * @param valueVar the local holding the result
   * @param tangent the result's tangent: its local, or a zero when the result does not depend on a wrt parameter
   * @param tangentParams the tangent parameters, one per wrt parameter, in parameter order
   */
  public record Result(List<Stmt> body, String valueVar, Expr tangent, List<IrMethod.Param> tangentParams) {}

  private final IrMethod method;
  private final Activity activity;
  private final DiagnosticSink diags;
  /** The locals holding a callee's {@code mJvp} record, whose {@code value()} stands for the call. */
  private final Set<String> calleeRecords = new HashSet<>();
  /** The locals holding a Math function's value that both a statement and its tangent read. */
  private final Set<String> heldValues = new HashSet<>();
  /** The tangent stacks given to a written-out reverse sweep's stacks. */
  private final Set<String> tangentStacks = new HashSet<>();
  private int nextRecord;
  private int nextHeld;

  private ForwardMode(IrMethod method, Activity activity, DiagnosticSink diags) {
    this.method = method;
    this.activity = activity;
    this.diags = diags;
  }

  /** Builds the tangent body of a normalized method; what it cannot do is reported on {@code diags}. */
  public static Result transform(IrMethod method, List<Stmt> normalized, Activity activity, DiagnosticSink diags) {
    return new ForwardMode(method, activity, diags).build(normalized);
  }

  /** double, float, or an array of them: the types that carry a tangent. */
  static boolean carriesTangent(JType t) {
    return t.kind() == JType.Kind.DOUBLE || t.kind() == JType.Kind.FLOAT;
  }

  private Result build(List<Stmt> normalized) {
    List<Stmt> out = new ArrayList<>();
    List<IrMethod.Param> tangentParams = new ArrayList<>();
    for (IrMethod.Param p : method.params()) {
      if (method.wrt().contains(p.name())) {
        tangentParams.add(new IrMethod.Param(Names.tangent(p.name()), p.type()));
      } else if (carries(p.name(), p.type())) {
        // a parameter the method writes values depending on wrt parameters into: its tangent starts at zero
        Expr.Var v = new Expr.Var(p.name(), p.type());
        out.add(new Stmt.Decl(tangentOf(v), zeroLike(v), 0));
      }
    }
    declareWhatTheNormalizerAdded(normalized, out);
    block(normalized, out, true);
    Expr.Var value = new Expr.Var(Activity.RESULT, method.result());
    Expr resultTangent = carries(Activity.RESULT, method.result()) ? tangentOf(value) : zeroLike(value);
    Set<String> readAfter = new HashSet<>(Set.of(Activity.RESULT));
    IrWalk.expressions(resultTangent, x -> {
      if (x instanceof Expr.Var v) {
        readAfter.add(v.name());
      }
    });
    return new Result(UnreadTangentStacks.drop(out, tangentStacks, readAfter), Activity.RESULT, resultTangent,
        tangentParams);
  }

  /**
   * The locals the normalizer writes without declaring them: jump flags ({@code _jump0}, {@code _break1}, ...)
   * and the result where several statements assign it. They start false or zero, as the reverse declares them.
   */
  private void declareWhatTheNormalizerAdded(List<Stmt> normalized, List<Stmt> out) {
    Set<String> declared = new HashSet<>();
    method.params().forEach(p -> declared.add(p.name()));
    IrWalk.statements(normalized, s -> {
      if (s instanceof Stmt.Decl d) {
        declared.add(d.var().name());
      }
    });
    Map<String, JType> undeclared = new TreeMap<>();
    IrWalk.statements(normalized, s -> {
      if (s instanceof Stmt.Assign a && a.target() instanceof Expr.Var v && !declared.contains(v.name())) {
        undeclared.put(v.name(), v.type());
      }
    });
    undeclared.forEach((name, type) -> {
      Expr.Var v = new Expr.Var(name, type);
      Expr initial = Exprs.zero(type);
      out.add(new Stmt.Decl(v, initial, 0));
      if (carries(name, type)) {
        out.add(new Stmt.Decl(tangentOf(v), initial, 0));
      }
    });
  }

  /** True if the variable has a tangent: a floating type, varied by a wrt parameter (or one itself). */
  private boolean carries(String name, JType type) {
    return carriesTangent(type) && (method.wrt().contains(name) || heldValues.contains(name) || activity.isVaried(name));
  }

  private static Expr.Var tangentOf(Expr.Var v) {
    return new Expr.Var(Names.tangent(v.name()), v.type());
  }

  /** A fresh array of zeros shaped like {@code array}, or null while it is null ({@code Adjoints.zerosLike}). */
  private Expr zerosLike(Expr array) {
    if (array.type().rank() > 3) {
      diags.error(DiagnosticId.UNSUPPORTED, array, "forward mode (jvp = true) supports arrays of rank up to 3, and "
          + array.type().source() + " has rank " + array.type().rank() + ": use fewer dimensions or remove jvp = true");
    }
    return new Expr.Invoke(null, Exprs.ADJOINTS, "zerosLike", List.of(array), array.type());
  }

  // ------------------------------------------------------------------ statements

  private void block(List<Stmt> stmts, List<Stmt> out, boolean topLevel) {
    for (int k = 0; k < stmts.size(); k++) {
      Stmt s = stmts.get(k);
      if (topLevel && s.line() > 0) {
        out.add(new Stmt.Comment(method.fileName() + ":" + s.line()));
      }
      if (ZeroAdjointSkips.isMark(s) && k + 1 < stmts.size() && stmts.get(k + 1) instanceof Stmt.If test) {
        // a written-out reverse sweep's loop skipped while its adjoints are zero: and while their tangents are
        out.add(s);
        statement(new Stmt.If(withTangents(test.cond()), test.then(), test.otherwise(), test.line()), out);
        k++;
        continue;
      }
      statement(s, out);
    }
  }

  /** {@code a != 0 || b != 0} with {@code _t_a != 0 || _t_b != 0} added for those that carry tangents. */
  private Expr withTangents(Expr test) {
    Expr out = test;
    Set<String> seen = new HashSet<>();
    List<Expr.Var> vars = new ArrayList<>();
    IrWalk.expressions(test, e -> {
      if (e instanceof Expr.Var v && seen.add(v.name())) {
        vars.add(v);
      }
    });
    for (Expr.Var v : vars) {
      if (carries(v.name(), v.type())) {
        out = ZeroAdjointSkips.orNonzero(out, tangentOf(v));
      }
    }
    return out;
  }

  private void block(List<Stmt> stmts, List<Stmt> out) {
    block(stmts, out, false);
  }

  private void statement(Stmt s, List<Stmt> out) {
    if (writtenOutSweepStatement(s, out)) {
      return;
    }
    if (s instanceof Stmt.Decl d) {
      declaration(d, out);
    } else if (s instanceof Stmt.Assign a) {
      assignment(a, out);
    } else if (s instanceof Stmt.ExprStmt e && e.expr() instanceof Expr.Call c && c.kind() == Expr.CallKind.DIFFERENTIABLE) {
      // its result unused: the callee's mJvp still runs (declared before), for what it writes into arrays
      Expr lifted = lift(c, out, e.line());
      if (!(lifted instanceof Expr.Invoke i && calleeRecords.contains(i.target()))) {
        out.add(new Stmt.ExprStmt(lifted, e.line()));
      }
    } else if (s instanceof Stmt.If i) {
      List<Stmt> then = new ArrayList<>();
      List<Stmt> otherwise = new ArrayList<>();
      block(i.then(), then);
      block(i.otherwise(), otherwise);
      out.add(i.withBranches(then, otherwise));
    } else if (s instanceof Stmt.Loop l) {
      List<Stmt> init = new ArrayList<>();
      List<Stmt> update = new ArrayList<>();
      List<Stmt> body = new ArrayList<>();
      block(l.init(), init);
      block(l.update(), update);
      block(l.body(), body);
      out.add(new Stmt.Loop(l.id(), l.label(), l.kind(), init, l.cond(), update, body, l.line()));
    } else if (s instanceof Stmt.Return r) {
      diags.error(DiagnosticId.INTERNAL, r, "forward mode met a return the normalizer should have removed; please report");
    } else {
      // increments of a double (tangent unchanged), calls for their effects, jumps, throws, asserts
      out.add(s);
    }
  }

  // ------------------------------------------------------------------ a written-out reverse sweep's stacks

  /**
   * The statements of a reverse sweep written out to be differentiated again (forward over reverse) that work a
   * stack holding values with tangents: the stack gets a tangent stack beside it, pushed,
   * popped and released with it, so each value popped comes back with the tangent it was pushed with. And its
   * additions into adjoint arrays ({@code Adjoints.addScaledTo}), whose tangents are additions too. False for every
   * other statement.
   */
  private boolean writtenOutSweepStatement(Stmt s, List<Stmt> out) {
    if (s instanceof Stmt.Decl d && Exprs.isStack(d.var().type())) {
      out.add(d);
      if (activity.isVaried(d.var().name())) {
        tangentStacks.add(Names.tangent(d.var().name()));
        out.add(new Stmt.Decl(tangentOf(d.var()), new Expr.NewObject(d.var().type(), List.of()), 0));
      }
      return true;
    }
    if (s instanceof Stmt.ExprStmt e && e.expr() instanceof Expr.Invoke i && i.target() != null && activity.isVaried(i.target())
        && (Activity.isStackOperation(i, "push") || i.method().equals("release") && i.args().isEmpty())) {
      String stack = Names.tangent(i.target());
      if (i.method().equals("push")) {
        out.add(s);
        Expr value = i.args().get(0);
        Expr t = tangent(value);
        out.add(new Stmt.ExprStmt(new Expr.Invoke(stack, null, "push", List.of(t != null ? t : zeroLike(value)), JType.VOID), 0));
      } else {
        // stacks are given back in the reverse order of their creation, so the next call's get the same storage
        out.add(new Stmt.ExprStmt(new Expr.Invoke(stack, null, "release", List.of(), JType.VOID), 0));
        out.add(s);
      }
      return true;
    }
    if (s instanceof Stmt.ExprStmt e && e.expr() instanceof Expr.Invoke copy && copy.owner() != null
        && copy.owner().equals("java.lang.System") && copy.method().equals("arraycopy")
        && copy.args().get(0) instanceof Expr.Invoke pop && Activity.isStackOperation(pop, "pop") && activity.isVaried(pop.target())) {
      // a whole array restored: its tangent too
      out.add(s);
      Expr.Var array = (Expr.Var) copy.args().get(2);
      Expr.Var arrayTangent = tangentOf(array);
      out.add(new Stmt.ExprStmt(new Expr.Invoke(null, copy.owner(), "arraycopy", List.of(tangent(pop), copy.args().get(1),
          arrayTangent, copy.args().get(3), new Expr.Length(arrayTangent)), JType.VOID), 0));
      return true;
    }
    if (s instanceof Stmt.ExprStmt e && e.expr() instanceof Expr.Invoke add && Activity.isAdjointAccumulation(add)
        && add.args().get(0) instanceof Expr.Var target && carries(target.name(), target.type())) {
      // target += scale * source, or target += source: the product rule, term by term, after it
      out.add(s);
      List<Expr> args = add.args();
      Expr targetTangent = tangentOf(target);
      if (add.method().equals("addTo")) {
        Expr t = tangent(args.get(1));
        if (t != null) {
          out.add(new Stmt.ExprStmt(new Expr.Invoke(null, add.owner(), "addTo", List.of(targetTangent, t), JType.VOID), 0));
        }
        return true;
      }
      int source = args.size() == 3 ? 1 : 2;
      int scale = args.size() - 1;
      for (int k : new int[] {scale, source}) {
        Expr t = tangent(args.get(k));
        if (t != null) {
          List<Expr> term = new ArrayList<>(args);
          term.set(0, targetTangent);
          term.set(k, t);
          out.add(new Stmt.ExprStmt(new Expr.Invoke(null, add.owner(), add.method(), term, JType.VOID), 0));
        }
      }
      return true;
    }
    Expr value = s instanceof Stmt.Decl d ? d.init() : s instanceof Stmt.Assign a ? a.value() : null;
    Expr top = value instanceof Expr.Cast c ? c.operand() : value;
    boolean[] nestedPop = {false};
    IrWalk.ownExpressions(s, e -> IrWalk.expressions(e, y -> nestedPop[0] |=
        y != top && y instanceof Expr.Invoke i && Activity.isStackOperation(i, "pop") && activity.isVaried(i.target())));
    if (nestedPop[0]) {
      // a tangent may repeat an operand (the quotient rule does): each pop must stay a statement's whole value
      diags.error(DiagnosticId.INTERNAL, s, "forward mode met a stack popped inside an expression; please report");
      return true;
    }
    return false;
  }

  private void declaration(Stmt.Decl d, List<Stmt> out) {
    Expr.Var v = d.var();
    if (!carries(v.name(), v.type())) {
      out.add(d);
      return;
    }
    if (d.init() == null) {
      out.add(d);
      out.add(new Stmt.Decl(tangentOf(v), null, 0));
      return;
    }
    Expr init = lift(d.init(), out, d.line());
    out.add(new Stmt.Decl(v, init, d.line()));
    // the variable is new, so its tangent can read its value (exp's derivative is exp's result)
    out.add(new Stmt.Decl(tangentOf(v), tangentAfter(v, init), 0));
  }

  /** The tangent of {@code target = value}, written after it: reads the target's new value where a rule can. */
  private Expr tangentAfter(Expr.Var target, Expr value) {
    if (value instanceof Expr.Call c && c.kind() == Expr.CallKind.MATH && c.args().size() == 1 && target.type().rank() == 0) {
      String rule = MathFunctions.resultRule(c.name());
      Expr argTangent = tangent(c.args().get(0));
      if (rule != null && argTangent != null) {
        return castTo(target.type(), new Expr.Invoke(null, MathFunctions.RULES_CLASS, rule, List.of(target, argTangent), JType.DOUBLE));
      }
    }
    Expr t = tangent(value);
    return t != null ? t : zeroLike(target);
  }

  private void assignment(Stmt.Assign a, List<Stmt> out) {
    Expr targetTangent = tangent(a.target());
    if (targetTangent == null || !carriesTangent(a.target().type())) {
      out.add(a);
      return;
    }
    JType type = a.target().type();
    boolean afterwards = a.op().equals("=") && a.target() instanceof Expr.Var v && !IrWalk.reads(a.value(), v.name());
    Expr value = afterwards ? lift(a.value(), out, a.line()) : liftAndHold(a.value(), out, a.line());
    Stmt primal = new Stmt.Assign(a.target(), a.op(), value, a.line());
    if (afterwards && a.target() instanceof Expr.Var v) {
      out.add(primal);
      out.add(new Stmt.Assign(targetTangent, "=", tangentAfter(v, value), 0));
      return;
    }
    // the tangent first: it reads the target's old value
    Expr t = tangent(value);
    switch (a.op()) {
      case "=" -> out.add(new Stmt.Assign(targetTangent, "=",
          t != null ? t : zeroLike(value), 0));
      case "+=", "-=" -> {
        if (t != null) {
          out.add(new Stmt.Assign(targetTangent, a.op(), t, 0));
        }
      }
      case "*=" -> out.add(t == null ? new Stmt.Assign(targetTangent, "*=", value, 0)
          : new Stmt.Assign(targetTangent, "=", castTo(type, plus(times(targetTangent, value), times(a.target(), t))), 0));
      case "/=" -> out.add(t == null ? new Stmt.Assign(targetTangent, "/=", value, 0)
          : new Stmt.Assign(targetTangent, "=", castTo(type, new Expr.Binary("/",
              minus(times(targetTangent, value), times(a.target(), t)), times(value, value), type)), 0));
      default -> diags.error(DiagnosticId.UNSUPPORTED, a, "forward mode (jvp = true) cannot differentiate the compound"
          + " assignment " + a.op() + ": write it as x = x " + a.op().substring(0, a.op().length() - 1) + " y");
    }
    out.add(primal);
  }

  // ------------------------------------------------------------------ calls of @Differentiable methods

  /**
   * e with every {@code @Differentiable} call replaced by its {@code mJvp} record's {@code value()}: the record is
   * a local declared before the statement ({@code var _j0 = GGradients.gJvp(x, _t_x)}), whose {@code tangent()}
   * is then the call's tangent. The calls run in the order Java runs them (innermost first, left to right).
   */
  private Expr lift(Expr e, List<Stmt> out, int line) {
    return holdMathValues(liftCalls(e, out, line), out, line);
  }

  /**
   * As {@link #lift}, and an expensive Math call that is the whole of e is held too: for a statement whose
   * tangent comes first and reads the call's value ({@code s -= exp(-s)}, {@code a[i] = exp(w[i])}).
   */
  private Expr liftAndHold(Expr e, List<Stmt> out, int line) {
    Expr lifted = lift(e, out, line);
    return lifted instanceof Expr.Call c && c.kind() == Expr.CallKind.MATH && CallSplitting.isExpensiveMath(c.name())
        && tangent(c) != null ? hold(c, out, line) : lifted;
  }

  /** {@code double _h0 = call; double _t__h0 = its tangent}: the held value in place of the call. */
  private Expr.Var hold(Expr.Call c, List<Stmt> out, int line) {
    Expr.Var held = new Expr.Var("_h" + nextHeld++, c.type());
    heldValues.add(held.name());
    out.add(new Stmt.Decl(held, c, line));
    out.add(new Stmt.Decl(tangentOf(held), tangentAfter(held, c), 0));
    return held;
  }

  /**
   * e with each varied call of an expensive Math function below its top (and outside the branches of a
   * {@code ?:}) read from a local declared before the statement, with its tangent beside it: the statement and
   * its tangent ({@code sin(a) / b} needs {@code sin(a)} in both) then compute it once.
   */
  private Expr holdMathValues(Expr e, List<Stmt> out, int line) {
    if (e instanceof Expr.Cond) {
      return e;
    }
    if (e instanceof Expr.Call c && c.kind() == Expr.CallKind.MATH) {
      List<Expr> args = new ArrayList<>();
      for (Expr a : c.args()) {
        args.add(holdMathValues(a, out, line));
      }
      return new Expr.Call(c.kind(), c.owner(), c.name(), c.receiver(), args, c.paramTypes(), c.type(), c.info());
    }
    return IrRewriter.rewrite(e, x -> {
      if (x == e) {
        return null;
      }
      if (x instanceof Expr.Cond) {
        return x;
      }
      if (x instanceof Expr.Call c && c.kind() == Expr.CallKind.MATH && CallSplitting.isExpensiveMath(c.name()) && tangent(c) != null) {
        return hold((Expr.Call) holdMathValues(c, out, line), out, line);
      }
      return null;
    });
  }

  private Expr liftCalls(Expr e, List<Stmt> out, int line) {
    if (!(e instanceof Expr.Call) && IrWalk.children(e).isEmpty()) {
      return e;
    }
    boolean[] differentiable = {false};
    boolean[] impure = {false};
    IrWalk.expressions(e, x -> {
      if (x instanceof Expr.Call c) {
        differentiable[0] |= c.kind() == Expr.CallKind.DIFFERENTIABLE;
        impure[0] |= c.kind() == Expr.CallKind.OTHER;
      }
    });
    if (!differentiable[0]) {
      return e;
    }
    if (impure[0]) {
      diags.error(DiagnosticId.UNSUPPORTED, e, "forward mode (jvp = true) runs a @Differentiable call before the"
          + " rest of its statement, and this statement also calls a method that may have side effects: assign the"
          + " @Differentiable call to a local in a statement of its own");
      return e;
    }
    return replaceCalls(e, out, line);
  }

  private Expr replaceCalls(Expr e, List<Stmt> out, int line) {
    return IrRewriter.rewrite(e, x -> {
      if (!(x instanceof Expr.Call c) || c.kind() != Expr.CallKind.DIFFERENTIABLE) {
        return null;
      }
      Expr receiver = c.receiver() == null ? null : replaceCalls(c.receiver(), out, line);
      List<Expr> args = new ArrayList<>();
      for (Expr a : c.args()) {
        args.add(replaceCalls(a, out, line));
      }
      return jvpCall(c, receiver, args, out, line);
    });
  }

  private Expr jvpCall(Expr.Call c, Expr receiver, List<Expr> args, List<Stmt> out, int line) {
    String callee = c.owner().substring(c.owner().lastIndexOf('.') + 1) + "." + c.name();
    if (!c.info().jvp()) {
      diags.error(DiagnosticId.NOT_DIFFERENTIABLE, c, "forward mode (jvp = true) needs the forward mode of " + callee
          + ", which has none: mark it @Differentiable(jvp = true)");
      return c;
    }
    if (c.info().selfAccessor() != null) {
      diags.error(DiagnosticId.UNSUPPORTED, c, "forward mode (jvp = true) does not differentiate the receiver of "
          + callee + " (a record): pass its components as parameters, or remove jvp = true");
      return c;
    }
    List<Expr> jvpArgs = new ArrayList<>();
    if (receiver != null) {
      jvpArgs.add(receiver);
    }
    jvpArgs.addAll(args);
    for (int k = 0; k < args.size(); k++) {
      if (c.info().accessors().get(k) != null) {
        Expr t = tangent(args.get(k));
        JType type = c.paramTypes().get(k);
        jvpArgs.add(t != null ? t : type.isArray() ? zerosLike(args.get(k)) : Exprs.zero(type));
      }
    }
    String record = "_j" + nextRecord++;
    calleeRecords.add(record);
    out.add(new Stmt.Decl(new Expr.Var(record, JType.VAR),
        new Expr.Invoke(null, c.info().gradientsClass(), Names.jvp(c.name()), jvpArgs, JType.VAR), line));
    return new Expr.Invoke(record, null, "value", List.of(), c.type());
  }

  // ------------------------------------------------------------------ tangents of expressions

  /** The tangent of e, or null where it is zero (e does not depend on a wrt parameter). */
  Expr tangent(Expr e) {
    if (e instanceof Expr.Var v) {
      return carries(v.name(), v.type()) ? tangentOf(v) : null;
    }
    if (e instanceof Expr.Index i) {
      Expr array = tangent(i.array());
      return array == null ? null : new Expr.Index(array, i.index(), i.type());
    }
    if (!carriesTangent(e.type())) {
      return null;
    }
    if (e instanceof Expr.Unary u) {
      Expr t = tangent(u.operand());
      return t == null ? null : u.op().equals("-") ? new Expr.Unary("-", t, u.type()) : u.op().equals("+") ? t : null;
    }
    if (e instanceof Expr.Binary b) {
      return binary(b);
    }
    if (e instanceof Expr.Cond c) {
      Expr whenTrue = tangent(c.ifTrue());
      Expr whenFalse = tangent(c.ifFalse());
      if (whenTrue == null && whenFalse == null) {
        return null;
      }
      return new Expr.Cond(c.cond(), whenTrue != null ? whenTrue : zeroLike(c.ifTrue()),
          whenFalse != null ? whenFalse : zeroLike(c.ifFalse()), c.type());
    }
    if (e instanceof Expr.Cast c) {
      Expr t = carriesTangent(c.operand().type()) ? tangent(c.operand()) : null;
      return t == null ? null : new Expr.Cast(c.type(), t);
    }
    if (e instanceof Expr.NewArray n) {
      if (n.elements() == null) {
        return new Expr.NewArray(n.type(), n.dims(), null);
      }
      List<Expr> elements = new ArrayList<>();
      for (Expr x : n.elements()) {
        Expr t = tangent(x);
        elements.add(t != null ? t : zeroLike(x));
      }
      return new Expr.NewArray(n.type(), n.dims(), elements);
    }
    if (e instanceof Expr.Invoke i && i.target() != null && calleeRecords.contains(i.target()) && i.method().equals("value")) {
      return new Expr.Invoke(i.target(), null, "tangent", List.of(), i.type());
    }
    if (e instanceof Expr.Invoke pop && Activity.isStackOperation(pop, "pop")) {
      return activity.isVaried(pop.target()) ? new Expr.Invoke(Names.tangent(pop.target()), null, "pop", List.of(), pop.type()) : null;
    }
    if (e instanceof Expr.Invoke copy && copy.target() != null && copy.method().equals("clone") && copy.args().isEmpty()) {
      // a whole array saved on a stack
      Expr t = tangent(new Expr.Var(copy.target(), copy.type()));
      return t instanceof Expr.Var v ? new Expr.Invoke(v.name(), null, "clone", List.of(), copy.type()) : null;
    }
    if (e instanceof Expr.Call c) {
      return call(c);
    }
    return null; // literals, fields, lengths
  }

  private Expr zeroLike(Expr e) {
    return e.type().isArray() ? zerosLike(e) : Exprs.zero(e.type());
  }

  private Expr binary(Expr.Binary b) {
    Expr tl = tangent(b.left());
    Expr tr = tangent(b.right());
    if (tl == null && tr == null) {
      return null;
    }
    return switch (b.op()) {
      case "+" -> plus(tl, tr);
      case "-" -> minus(tl, tr);
      // u * u and (c * u) * u, c constant: the product rule's two terms are one term twice
      case "*" -> tr != null && Exprs.squared(b) != null && (Exprs.squareScale(b) == null || tangent(Exprs.squareScale(b)) == null)
          ? times(new Expr.Lit("2", JType.INT), times(tr, b.left()))
          : plus(times(tl, b.right()), times(b.left(), tr));
      // (a / b)' = a' / b - a b' / b^2
      case "/" -> minus(tl == null ? null : new Expr.Binary("/", tl, b.right(), b.type()),
          tr == null ? null : new Expr.Binary("/", times(b.left(), tr), times(b.right(), b.right()), b.type()));
      // a % b = a - trunc(a / b) b, with trunc(a / b) = (a - a % b) / b piecewise constant
      case "%" -> minus(tl, tr == null ? null : times(tr, new Expr.Binary("/",
          new Expr.Binary("-", b.left(), b, b.type()), b.right(), b.type())));
      default -> null;
    };
  }

  /** A {@code Math} call: the sum over its arguments of each one's rule with the argument's tangent as seed. */
  private Expr call(Expr.Call c) {
    switch (c.kind()) {
      case MATH -> {
        Expr sum = null;
        for (int k = 0; k < c.args().size(); k++) {
          String rule = c.info().ruleNames() == null ? null : c.info().ruleNames().get(k);
          Expr t = rule == null ? null : tangent(c.args().get(k));
          if (t != null) {
            List<Expr> args = new ArrayList<>(c.args());
            args.add(t);
            sum = plus(sum, castTo(c.type(), new Expr.Invoke(null, MathFunctions.RULES_CLASS, rule, args, c.type())));
          }
        }
        return sum;
      }
      case ARRAY_CLONE -> {
        Expr t = tangent(c.receiver());
        return t == null ? null : new Expr.Call(c.kind(), c.owner(), c.name(), t, c.args(), c.paramTypes(), c.type(), c.info());
      }
      case CUSTOM_RULE -> {
        return customRule(c);
      }
      default -> {
        return null; // without derivative, or on constants only (the checks refuse the rest)
      }
    }
  }

  /**
   * A {@code @Derivative} rule: a vector-Jacobian product, linear in its seed, so for one differentiable argument
   * the rule with the argument's tangent as its seed is the tangent; a rule returning one entry per differentiable
   * argument gives, with seed 1, the partial derivatives the tangents multiply.
   */
  private Expr customRule(Expr.Call c) {
    boolean anyTangent = false;
    for (Expr a : c.args()) {
      anyTangent |= tangent(a) != null;
    }
    if (!anyTangent) {
      return null;
    }
    if (!c.type().isFloating() || c.args().stream().anyMatch(a -> a.type().isArray() && tangent(a) != null)) {
      diags.error(DiagnosticId.UNSUPPORTED, c, "forward mode (jvp = true) uses a @Derivative rule of a function of numbers"
          + " with a number result, and " + c.name() + " takes or returns arrays: remove jvp = true, or write " + c.name()
          + " as a @Differentiable method");
      return null;
    }
    Expr one = new Expr.Lit(c.type().kind() == JType.Kind.FLOAT ? "1.0f" : "1.0", c.type());
    Expr sum = null;
    int entry = 0;
    for (int k = 0; k < c.args().size(); k++) {
      if (!c.info().differentiableArgs().get(k)) {
        continue;
      }
      Expr t = tangent(c.args().get(k));
      if (t != null) {
        List<Expr> args = new ArrayList<>(c.args());
        if (c.info().ruleArray() != null) {
          args.add(one);
          JType arr = c.info().ruleArray();
          Expr partials = new Expr.Invoke(null, c.info().ruleOwner(), c.info().ruleName(), args, arr);
          sum = plus(sum, times(new Expr.Index(partials, new Expr.Lit(Integer.toString(entry), JType.INT), arr.element()), t));
        } else {
          args.add(t);
          sum = plus(sum, new Expr.Invoke(null, c.info().ruleOwner(), c.info().ruleName(), args, c.type()));
        }
      }
      entry++;
    }
    return sum == null ? null : castTo(c.type(), sum);
  }

  private static Expr castTo(JType type, Expr e) {
    return type.kind() == JType.Kind.FLOAT && type.rank() == 0 ? new Expr.Cast(type, e) : e;
  }

  private static Expr plus(Expr a, Expr b) {
    return a == null ? b : b == null ? a : new Expr.Binary("+", a, b, a.type());
  }

  private static Expr minus(Expr a, Expr b) {
    return b == null ? a : a == null ? new Expr.Unary("-", b, b.type()) : new Expr.Binary("-", a, b, a.type());
  }

  private static Expr times(Expr a, Expr b) {
    return a == null || b == null ? null : new Expr.Binary("*", a, b, a.type().isFloating() ? a.type() : b.type());
  }
}
