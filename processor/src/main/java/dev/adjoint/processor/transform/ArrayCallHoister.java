package dev.adjoint.processor.transform;

import dev.adjoint.processor.analysis.IrWalk;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.IrMethod;
import dev.adjoint.processor.ir.Stmt;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Gives a {@code @Differentiable} call whose sweeps can run apart (an array result, or a number result and an
 * array parameter) that sits inside a larger expression ({@code loss(dense(w, b, x), y)}, {@code s += f(x, i)})
 * a local of its own ({@code double[] _out0 = dense(w, b, x);}),
 * before activity analysis: the reverse mode then runs the callee's sweeps apart (gForward/gReverse,
 * see {@code CallSplitting.splitCall}) instead of running it again inside gVjp, and the enclosing call
 * gets an array variable. Only where the move keeps the program's order: in a statement's value (not a
 * loop header, condition or ternary branch, nor behind {@code &&}/{@code ||}), and only when every other
 * call of the value is pure or encloses the moved one (an impure call evaluated first could change what
 * the moved call reads).
 */
public final class ArrayCallHoister {
  private final Set<String> used = new HashSet<>();
  private final Set<String> added = new HashSet<>();
  /** Variables the body declares or writes (an element too). */
  private final Set<String> assigned = new HashSet<>();
  private final IrMethod method;
  private int next;

  private ArrayCallHoister(IrMethod method) {
    this.method = method;
  }

  /** The method with such calls moved into locals of their own, or the method itself if there are none. */
  public static IrMethod hoist(IrMethod method) {
    ArrayCallHoister h = new ArrayCallHoister(method);
    IrWalk.statements(method.body(), s -> {
      if (s instanceof Stmt.Decl d) {
        h.used.add(d.var().name());
      }
    });
    method.params().forEach(p -> h.used.add(p.name()));
    h.assigned.addAll(IrWalk.assignedNames(method.body()));
    List<Stmt> body = h.block(method.body());
    if (h.added.isEmpty()) {
      return method;
    }
    Set<String> effectivelyFinal = new HashSet<>(method.effectivelyFinal());
    effectivelyFinal.addAll(h.added);
    return new IrMethod(method.ownerClass(), method.name(), method.isStatic(), method.params(), method.wrt(),
        method.result(), body, method.thrown(), method.fileName(), effectivelyFinal, method.records());
  }

  private List<Stmt> block(List<Stmt> body) {
    List<Stmt> out = new ArrayList<>(body.size());
    for (Stmt s : body) {
      if (s instanceof Stmt.If f) {
        out.add(f.withBranches(block(f.then()), block(f.otherwise())));
      } else if (s instanceof Stmt.Loop l) {
        out.add(l.withBody(block(l.body())));
      } else if (s instanceof Stmt.Decl d && d.init() != null) {
        Expr value = moveOut(d.init(), false, out, s.line());
        out.add(value == d.init() ? s : new Stmt.Decl(d.var(), value, d.line()));
      } else if (s instanceof Stmt.Assign a && !(a.target() instanceof Expr.Field) && !callsImpure(a.target())) {
        // a number call that is the whole value moves too where the statement is no plain `local = g(...)`
        // (s += f(x, i), r[i] = f(x, i)); not ahead of a compound assignment's read of an element, which the
        // callee could change
        boolean whole = a.op().equals("=") ? !(a.target() instanceof Expr.Var) : a.target() instanceof Expr.Var;
        Expr value = moveOut(a.value(), whole, out, s.line());
        out.add(value == a.value() ? s : new Stmt.Assign(a.target(), a.op(), value, a.line()));
      } else if (s instanceof Stmt.Return r && r.value() != null) {
        Expr value = moveOut(r.value(), false, out, s.line());
        out.add(value == r.value() ? s : new Stmt.Return(value, r.line()));
      } else {
        out.add(s);
      }
    }
    return out;
  }

  /**
   * The value with its movable calls replaced by new locals, declared into {@code out}; {@code whole}: the
   * value itself moves if it is a movable call with a number result.
   */
  private Expr moveOut(Expr value, boolean whole, List<Stmt> out, int line) {
    Set<Expr> movable = Collections.newSetFromMap(new IdentityHashMap<>());
    collect(value, false, movable);
    if (whole && value instanceof Expr.Call c && c.type().rank() == 0 && c.type().isFloating() && movable(c)) {
      movable.add(c);
    }
    if (movable.isEmpty() || !othersAllowMoving(value, movable)) {
      return value;
    }
    return replaceMovable(value, movable, out, line);
  }

  /** Java evaluates a call's arguments first: their movable calls are declared before the call's own. */
  private Expr replaceMovable(Expr value, Set<Expr> movable, List<Stmt> out, int line) {
    return IrRewriter.rewrite(value, e -> {
      if (!movable.contains(e)) {
        return null;
      }
      Expr.Call c = (Expr.Call) e;
      List<Expr> args = new ArrayList<>();
      for (Expr a : c.args()) {
        args.add(replaceMovable(a, movable, out, line));
      }
      String name = fresh();
      out.add(new Stmt.Decl(new Expr.Var(name, c.type()),
          new Expr.Call(c.kind(), c.owner(), c.name(), c.receiver(), args, c.paramTypes(), c.type(), c.info()), line));
      return new Expr.Var(name, c.type());
    });
  }

  /**
   * The array calls {@code e} evaluates unconditionally, except {@code e} itself when it is the whole
   * value ({@code h = dense(...)} already runs apart).
   */
  private void collect(Expr e, boolean inside, Set<Expr> movable) {
    if (e instanceof Expr.Cond c) {
      collect(c.cond(), true, movable);
      return; // one branch runs: moving a call out of it would run it always
    }
    if (e instanceof Expr.Binary b && (b.op().equals("&&") || b.op().equals("||"))) {
      collect(b.left(), true, movable);
      return;
    }
    for (Expr child : IrWalk.children(e)) {
      collect(child, true, movable);
    }
    if (inside && e instanceof Expr.Call c && movable(c)) {
      movable.add(c);
    }
  }

  /**
   * True if the call's sweeps run apart once it has a local of its own: a number callee as {@code
   * CallSplitting.numberCallRunsApart} decides, with the names this method assigns for the arrays it writes
   * (the split decides on alias groups; an alias written elsewhere leaves the moved call on its pullback, as
   * it is without the move).
   */
  private boolean movable(Expr.Call c) {
    if (!CallSplitting.runsApart(c)) {
      return false;
    }
    if (c.type().rank() > 0 || c.type().isTensor()) {
      return true;
    }
    // (not given an int[]: it may write into it, and an operand evaluated before it could read that)
    return c.args().stream().allMatch(a -> a.type().rank() == 0 || ReverseMode.isFloatingArray(a.type()))
        && CallSplitting.numberCallRunsApart(c, method, v -> assigned.contains(v.name()));
  }

  /** True if every call of the value is pure, movable, or encloses a movable one. */
  private static boolean othersAllowMoving(Expr value, Set<Expr> movable) {
    boolean[] ok = {true};
    IrWalk.expressions(value, e -> {
      if (e instanceof Expr.Call c && !movable.contains(c) && !IrWalk.isPureCall(c) && !encloses(c, movable)) {
        ok[0] = false;
      }
      if (e instanceof Expr.NewObject || e instanceof Expr.Invoke) {
        ok[0] = false;
      }
    });
    return ok[0];
  }

  /** Java evaluates an assignment's target (its index) before the value: nothing may move ahead of a call there. */
  private static boolean callsImpure(Expr target) {
    boolean[] found = {false};
    IrWalk.expressions(target, e -> found[0] |= e instanceof Expr.Call c && !IrWalk.isPureCall(c));
    return found[0];
  }

  private static boolean encloses(Expr outer, Set<Expr> movable) {
    boolean[] found = {false};
    for (Expr child : IrWalk.children(outer)) {
      IrWalk.expressions(child, e -> found[0] |= movable.contains(e));
    }
    return found[0];
  }

  private String fresh() {
    String name;
    do {
      name = "_out" + next++;
    } while (!used.add(name));
    added.add(name);
    return name;
  }
}
