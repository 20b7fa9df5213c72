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
 * into a local {@code _callN}, so the reverse sweep reads the local instead of calling it again.
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
        out.add(new Stmt.If(f.cond(), hoistCalls(f.then()), hoistCalls(f.otherwise()), f.line()));
      } else if (s instanceof Stmt.Loop l) {
        out.add(new Stmt.Loop(l.id(), l.label(), l.kind(), l.init(), l.cond(), l.update(), hoistCalls(l.body()), l.line()));
      } else if ((s instanceof Stmt.Decl || s instanceof Stmt.Assign) && Activity.valueOf(s) != null
          && IrWalk.rootVar(Activity.targetOf(s)) != null && activity.isActive(IrWalk.rootVar(Activity.targetOf(s)))) {
        List<Stmt> before = new ArrayList<>();
        Expr value = extractCalls(Activity.valueOf(s), before, s.line());
        out.addAll(before);
        if (s instanceof Stmt.Decl d) {
          out.add(new Stmt.Decl(d.var(), value, d.line()));
        } else {
          Stmt.Assign a = (Stmt.Assign) s;
          out.add(new Stmt.Assign(a.target(), a.op(), value, a.line()));
        }
      } else {
        out.add(s);
      }
    }
    return out;
  }

  private Expr extractCalls(Expr e, List<Stmt> before, int line) {
    boolean foreign = (e instanceof Expr.Call c && (c.kind() == Expr.CallKind.OTHER
            || c.kind() == Expr.CallKind.MATH && c.name().equals("random")))
        || e instanceof Expr.NewObject;
    if (foreign && e.type().kind() != JType.Kind.VOID) {
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
    if (e instanceof Expr.Call c && c.kind() != Expr.CallKind.WITHOUT_DERIVATIVE) {
      List<Expr> args = new ArrayList<>();
      for (Expr a : c.args()) {
        args.add(extractCalls(a, before, line));
      }
      return new Expr.Call(c.kind(), c.owner(), c.name(), c.receiver(), args, c.paramTypes(), c.type(), c.info());
    }
    return e; // ternaries evaluate one branch only: left as they are
  }
}
