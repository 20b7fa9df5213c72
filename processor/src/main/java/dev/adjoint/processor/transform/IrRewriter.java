package dev.adjoint.processor.transform;

import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Stmt;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Replaces sub-expressions of IR trees, top down: a node the replacer maps is not searched further. */
final class IrRewriter {
  private IrRewriter() {}

  /**
   * The expression with every sub-expression for which {@code replacer} returns non-null replaced by
   * that result; unchanged nodes are kept (same instances).
   */
  static Expr rewrite(Expr e, Function<Expr, Expr> replacer) {
    if (e == null) {
      return null;
    }
    Expr r = replacer.apply(e);
    if (r != null) {
      return r;
    }
    if (e instanceof Expr.Field f) {
      Expr t = rewrite(f.target(), replacer);
      return t == f.target() ? f : new Expr.Field(t, f.owner(), f.name(), f.type(), f.isFinal());
    }
    if (e instanceof Expr.Unary u) {
      Expr o = rewrite(u.operand(), replacer);
      return o == u.operand() ? u : new Expr.Unary(u.op(), o, u.type());
    }
    if (e instanceof Expr.Binary b) {
      Expr l = rewrite(b.left(), replacer);
      Expr rt = rewrite(b.right(), replacer);
      return l == b.left() && rt == b.right() ? b : new Expr.Binary(b.op(), l, rt, b.type());
    }
    if (e instanceof Expr.Cond c) {
      Expr k = rewrite(c.cond(), replacer);
      Expr t = rewrite(c.ifTrue(), replacer);
      Expr f = rewrite(c.ifFalse(), replacer);
      return k == c.cond() && t == c.ifTrue() && f == c.ifFalse() ? c : new Expr.Cond(k, t, f, c.type());
    }
    if (e instanceof Expr.Cast c) {
      Expr o = rewrite(c.operand(), replacer);
      return o == c.operand() ? c : new Expr.Cast(c.type(), o);
    }
    if (e instanceof Expr.Index i) {
      Expr a = rewrite(i.array(), replacer);
      Expr x = rewrite(i.index(), replacer);
      return a == i.array() && x == i.index() ? i : new Expr.Index(a, x, i.type());
    }
    if (e instanceof Expr.Length l) {
      Expr a = rewrite(l.array(), replacer);
      return a == l.array() ? l : new Expr.Length(a);
    }
    if (e instanceof Expr.NewArray n) {
      List<Expr> dims = all(n.dims(), replacer);
      List<Expr> elements = n.elements() == null ? null : all(n.elements(), replacer);
      return dims == n.dims() && elements == n.elements() ? n : new Expr.NewArray(n.type(), dims, elements);
    }
    if (e instanceof Expr.NewObject n) {
      List<Expr> args = all(n.args(), replacer);
      return args == n.args() ? n : new Expr.NewObject(n.type(), args);
    }
    if (e instanceof Expr.NewRecord rec) {
      List<Expr> components = all(rec.components(), replacer);
      return components == rec.components() ? rec : new Expr.NewRecord(rec.type(), rec.accessors(), components);
    }
    if (e instanceof Expr.Call c) {
      Expr recv = rewrite(c.receiver(), replacer);
      List<Expr> args = all(c.args(), replacer);
      return recv == c.receiver() && args == c.args() ? c
          : new Expr.Call(c.kind(), c.owner(), c.name(), recv, args, c.paramTypes(), c.type(), c.info());
    }
    if (e instanceof Expr.Invoke i) {
      List<Expr> args = all(i.args(), replacer);
      return args == i.args() ? i : new Expr.Invoke(i.target(), i.owner(), i.method(), args, i.type());
    }
    return e;
  }

  /** The list itself if nothing in it changed. */
  private static List<Expr> all(List<Expr> list, Function<Expr, Expr> replacer) {
    List<Expr> out = new ArrayList<>(list.size());
    boolean changed = false;
    for (Expr x : list) {
      Expr y = rewrite(x, replacer);
      changed |= y != x;
      out.add(y);
    }
    return changed ? out : list;
  }

  /** The statement with its expressions (and those of nested statements) rewritten. */
  static Stmt rewrite(Stmt s, Function<Expr, Expr> replacer) {
    if (s instanceof Stmt.Decl d) {
      return new Stmt.Decl(d.var(), rewrite(d.init(), replacer), d.line());
    }
    if (s instanceof Stmt.Assign a) {
      return new Stmt.Assign(rewrite(a.target(), replacer), a.op(), rewrite(a.value(), replacer), a.line());
    }
    if (s instanceof Stmt.IncDec i) {
      return new Stmt.IncDec(rewrite(i.target(), replacer), i.op(), i.line());
    }
    if (s instanceof Stmt.ExprStmt x) {
      return new Stmt.ExprStmt(rewrite(x.expr(), replacer), x.line());
    }
    if (s instanceof Stmt.If f) {
      return new Stmt.If(rewrite(f.cond(), replacer), rewriteAll(f.then(), replacer),
          rewriteAll(f.otherwise(), replacer), f.line());
    }
    if (s instanceof Stmt.Loop l) {
      return new Stmt.Loop(l.id(), l.label(), l.kind(), rewriteAll(l.init(), replacer), rewrite(l.cond(), replacer),
          rewriteAll(l.update(), replacer), rewriteAll(l.body(), replacer), l.line());
    }
    if (s instanceof Stmt.Return r) {
      return new Stmt.Return(rewrite(r.value(), replacer), r.line());
    }
    if (s instanceof Stmt.Throw t) {
      return new Stmt.Throw(rewrite(t.exception(), replacer), t.line());
    }
    if (s instanceof Stmt.Assert a) {
      return new Stmt.Assert(rewrite(a.cond(), replacer), a.detail() == null ? null : rewrite(a.detail(), replacer), a.line());
    }
    return s;
  }

  static List<Stmt> rewriteAll(List<Stmt> body, Function<Expr, Expr> replacer) {
    List<Stmt> out = new ArrayList<>(body.size());
    for (Stmt s : body) {
      out.add(rewrite(s, replacer));
    }
    return out;
  }
}
