package dev.adjoint.processor.transform;

import dev.adjoint.processor.analysis.Activity;
import dev.adjoint.processor.analysis.IrWalk;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.JType;
import dev.adjoint.processor.ir.Stmt;
import java.util.ArrayList;
import java.util.List;

/**
 * The first step of the reverse mode: a call the transform does not differentiate ({@code OTHER}: it may be
 * impure or expensive; {@code Math.random}; a constructor) inside an active assignment is evaluated once,
 * into a local {@code _callN}, so the reverse sweep reads the local instead of calling it again; so is one in an
 * index of the assignment's target or value ({@code x[idx(i)]}), which the reverse reads to find the element's adjoint.
 * An assignment of a ternary whose branches call such code (or a function with a {@code @Derivative} rule, whose
 * value {@code CallSplitting} keeps) becomes an if/else, so that each branch's call can be kept like any other.
 */
final class ForeignCallHoister {
  private final Activity activity;
  private int count;

  private ForeignCallHoister(Activity activity) {
    this.activity = activity;
  }

  static List<Stmt> hoist(List<Stmt> body, Activity activity) {
    return new ForeignCallHoister(activity).hoistCalls(body);
  }

  private List<Stmt> hoistCalls(List<Stmt> body) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : body) {
      if (s instanceof Stmt.If f) {
        out.add(f.withBranches(hoistCalls(f.then()), hoistCalls(f.otherwise())));
      } else if (s instanceof Stmt.Loop l) {
        out.add(l.withBody(hoistCalls(l.body())));
      } else if (isActiveAssignment(s) && Activity.valueOf(s) instanceof Expr.Cond c && Activity.targetOf(s) instanceof Expr.Var v
          && (callsUserCode(c.ifTrue()) || callsUserCode(c.ifFalse()))) {
        // `v = c ? f(x) : e`: one branch runs, so its call cannot move ahead; as an if, each branch's call moves
        // ahead of its own assignment
        String op = s instanceof Stmt.Assign a ? a.op() : "=";
        if (s instanceof Stmt.Decl) {
          out.add(new Stmt.Decl(v, null, s.line()));
        }
        out.add(new Stmt.If(c.cond(), hoistCalls(List.of(new Stmt.Assign(v, op, c.ifTrue(), s.line()))),
            hoistCalls(List.of(new Stmt.Assign(v, op, c.ifFalse(), s.line()))), s.line()));
      } else if (isActiveAssignment(s)) {
        List<Stmt> before = new ArrayList<>();
        // Java evaluates the target's index before the value: its calls first
        Expr target = s instanceof Stmt.Assign a && a.target() instanceof Expr.Index ? extractCalls(a.target(), before, s.line()) : null;
        Expr value = extractCalls(Activity.valueOf(s), before, s.line());
        out.addAll(before);
        if (s instanceof Stmt.Decl d) {
          out.add(new Stmt.Decl(d.var(), value, d.line()));
        } else {
          Stmt.Assign a = (Stmt.Assign) s;
          out.add(new Stmt.Assign(target == null ? a.target() : target, a.op(), value, a.line()));
        }
      } else {
        out.add(s);
      }
    }
    return out;
  }

  private boolean isActiveAssignment(Stmt s) {
    return (s instanceof Stmt.Decl || s instanceof Stmt.Assign) && Activity.valueOf(s) != null
        && IrWalk.rootVar(Activity.targetOf(s)) != null && activity.isActive(IrWalk.rootVar(Activity.targetOf(s)));
  }

  /** True if e calls code that must run once: a passive method, Math.random, a constructor, a rule's function. */
  private static boolean callsUserCode(Expr e) {
    boolean[] found = {false};
    IrWalk.expressions(e, x -> found[0] |= foreign(x)
        || x instanceof Expr.Call c && c.kind() == Expr.CallKind.CUSTOM_RULE);
    return found[0];
  }

  /** A call the transform does not differentiate (a passive method, {@code Math.random}) or a constructor. */
  private static boolean foreign(Expr e) {
    return e instanceof Expr.Call c && (c.kind() == Expr.CallKind.OTHER
            || c.kind() == Expr.CallKind.MATH && c.name().equals("random"))
        || e instanceof Expr.NewObject;
  }

  private Expr extractCalls(Expr e, List<Stmt> before, int line) {
    if (foreign(e) && e.type().kind() != JType.Kind.VOID) {
      Expr.Var v = new Expr.Var("_call" + count++, e.type());
      before.add(new Stmt.Decl(v, e, line));
      return v;
    }
    if (e instanceof Expr.Unary u) {
      return new Expr.Unary(u.op(), extractCalls(u.operand(), before, line), u.type());
    }
    if (e instanceof Expr.Binary b) {
      if (b.op().equals("&&") || b.op().equals("||")) {
        return b; // short-circuit: evaluating the right side early would change the program
      }
      return new Expr.Binary(b.op(), extractCalls(b.left(), before, line), extractCalls(b.right(), before, line), b.type());
    }
    if (e instanceof Expr.Cast c) {
      return new Expr.Cast(c.type(), extractCalls(c.operand(), before, line));
    }
    if (e instanceof Expr.Index i) {
      // an index the reverse reads again to find the element's adjoint (x[idx(i)])
      return new Expr.Index(extractCalls(i.array(), before, line), extractCalls(i.index(), before, line), i.type());
    }
    if (e instanceof Expr.Call c && c.kind() != Expr.CallKind.WITHOUT_DERIVATIVE) {
      // the receiver first, as Java evaluates it (helper(x).mul(w): a tensor rule reads helper's value)
      Expr receiver = c.receiver() == null ? null : extractCalls(c.receiver(), before, line);
      List<Expr> args = new ArrayList<>();
      for (Expr a : c.args()) {
        args.add(extractCalls(a, before, line));
      }
      return new Expr.Call(c.kind(), c.owner(), c.name(), receiver, args, c.paramTypes(), c.type(), c.info());
    }
    return e; // ternaries evaluate one branch only: left as they are
  }
}
