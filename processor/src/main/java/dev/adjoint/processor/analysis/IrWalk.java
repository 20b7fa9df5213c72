package dev.adjoint.processor.analysis;

import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Stmt;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/** Traversals of the IR shared by the analyses and the transform. */
public final class IrWalk {
  private IrWalk() {}

  /** Visits every statement, depth first, parents before children. */
  public static void statements(List<Stmt> body, Consumer<Stmt> visitor) {
    for (Stmt s : body) {
      visitor.accept(s);
      if (s instanceof Stmt.If i) {
        statements(i.then(), visitor);
        statements(i.otherwise(), visitor);
      } else if (s instanceof Stmt.Loop l) {
        statements(l.init(), visitor);
        statements(l.update(), visitor);
        statements(l.body(), visitor);
      }
    }
  }

  /** Visits every sub-expression, parents before children. */
  public static void expressions(Expr e, Consumer<Expr> visitor) {
    if (e == null) {
      return;
    }
    visitor.accept(e);
    // the same children as children(e), without a list per node: every analysis walks every expression
    if (e instanceof Expr.Field f) {
      expressions(f.target(), visitor);
    } else if (e instanceof Expr.Unary u) {
      expressions(u.operand(), visitor);
    } else if (e instanceof Expr.Binary b) {
      expressions(b.left(), visitor);
      expressions(b.right(), visitor);
    } else if (e instanceof Expr.Cond c) {
      expressions(c.cond(), visitor);
      expressions(c.ifTrue(), visitor);
      expressions(c.ifFalse(), visitor);
    } else if (e instanceof Expr.Cast c) {
      expressions(c.operand(), visitor);
    } else if (e instanceof Expr.Index i) {
      expressions(i.array(), visitor);
      expressions(i.index(), visitor);
    } else if (e instanceof Expr.Length l) {
      expressions(l.array(), visitor);
    } else if (e instanceof Expr.NewArray n) {
      all(n.dims(), visitor);
      if (n.elements() != null) {
        all(n.elements(), visitor);
      }
    } else if (e instanceof Expr.NewObject n) {
      all(n.args(), visitor);
    } else if (e instanceof Expr.NewRecord r) {
      all(r.components(), visitor);
    } else if (e instanceof Expr.Call c) {
      expressions(c.receiver(), visitor);
      all(c.args(), visitor);
    } else if (e instanceof Expr.Invoke i) {
      all(i.args(), visitor);
    }
  }

  private static void all(List<Expr> items, Consumer<Expr> visitor) {
    for (int k = 0; k < items.size(); k++) {
      expressions(items.get(k), visitor);
    }
  }

  /** The direct sub-expressions of an expression (nulls left out). */
  public static List<Expr> children(Expr e) {
    java.util.ArrayList<Expr> out = new java.util.ArrayList<>();
    if (e instanceof Expr.Field f) {
      out.add(f.target());
    } else if (e instanceof Expr.Unary u) {
      out.add(u.operand());
    } else if (e instanceof Expr.Binary b) {
      out.add(b.left());
      out.add(b.right());
    } else if (e instanceof Expr.Cond c) {
      out.add(c.cond());
      out.add(c.ifTrue());
      out.add(c.ifFalse());
    } else if (e instanceof Expr.Cast c) {
      out.add(c.operand());
    } else if (e instanceof Expr.Index i) {
      out.add(i.array());
      out.add(i.index());
    } else if (e instanceof Expr.Length l) {
      out.add(l.array());
    } else if (e instanceof Expr.NewArray n) {
      out.addAll(n.dims());
      if (n.elements() != null) {
        out.addAll(n.elements());
      }
    } else if (e instanceof Expr.NewObject n) {
      out.addAll(n.args());
    } else if (e instanceof Expr.NewRecord r) {
      out.addAll(r.components());
    } else if (e instanceof Expr.Call c) {
      out.add(c.receiver());
      out.addAll(c.args());
    } else if (e instanceof Expr.Invoke i) {
      out.addAll(i.args());
    }
    out.removeIf(java.util.Objects::isNull);
    return out;
  }

  /** The expressions a statement evaluates directly (not those of nested statements). */
  public static void ownExpressions(Stmt s, Consumer<Expr> visitor) {
    if (s instanceof Stmt.Decl d) {
      expressions(d.init(), visitor);
    } else if (s instanceof Stmt.Assign a) {
      expressions(a.target(), visitor);
      expressions(a.value(), visitor);
    } else if (s instanceof Stmt.IncDec i) {
      expressions(i.target(), visitor);
    } else if (s instanceof Stmt.ExprStmt x) {
      expressions(x.expr(), visitor);
    } else if (s instanceof Stmt.If i) {
      expressions(i.cond(), visitor);
    } else if (s instanceof Stmt.Loop l) {
      expressions(l.cond(), visitor);
    } else if (s instanceof Stmt.Return r) {
      expressions(r.value(), visitor);
    } else if (s instanceof Stmt.Throw t) {
      expressions(t.exception(), visitor);
    } else if (s instanceof Stmt.Assert a) {
      expressions(a.cond(), visitor);
      expressions(a.detail(), visitor);
    }
  }

  /** The variable at the root of an lvalue or array expression ({@code a} in {@code a[i][j]}), or null. */
  public static String rootVar(Expr e) {
    while (e instanceof Expr.Index i) {
      e = i.array();
    }
    return e instanceof Expr.Var v ? v.name() : null;
  }

  /** What an assignment or {@code ++}/{@code --} writes, or null. */
  public static Expr writeTarget(Stmt s) {
    return s instanceof Stmt.Assign a ? a.target() : s instanceof Stmt.IncDec i ? i.target() : null;
  }

  /** Every variable the statements (nested ones included) declare or write (the root of an element write too). */
  public static Set<String> assignedNames(List<Stmt> stmts) {
    Set<String> out = new HashSet<>();
    statements(stmts, s -> {
      if (s instanceof Stmt.Decl d) {
        out.add(d.var().name());
      }
      Expr t = writeTarget(s);
      if (t != null && rootVar(t) != null) {
        out.add(rootVar(t));
      }
    });
    return out;
  }

  /** Every variable the statements' expressions mention, nested statements and assignment targets included. */
  public static Set<String> mentionedNames(List<Stmt> stmts) {
    Set<String> out = new HashSet<>();
    statements(stmts, s -> ownExpressions(s, x -> {
      if (x instanceof Expr.Var v) {
        out.add(v.name());
      }
    }));
    return out;
  }

  /** True if the expression reads the variable. */
  public static boolean reads(Expr e, String var) {
    boolean[] found = {false};
    expressions(e, x -> {
      if (x instanceof Expr.Var v && v.name().equals(var)) {
        found[0] = true;
      }
    });
    return found[0];
  }

  /** True if the expression has no calls other than Math functions and withoutDerivative, and no object creation. */
  public static boolean isPure(Expr e) {
    boolean[] pure = {true};
    expressions(e, x -> {
      if (x instanceof Expr.Call c && !isPureCall(c)) {
        pure[0] = false;
      }
      if (x instanceof Expr.NewObject || x instanceof Expr.NewArray || x instanceof Expr.Invoke) {
        pure[0] = false;
      }
    });
    return pure[0];
  }

  /**
   * A Math function other than {@code random}, {@code AD.withoutDerivative}, or a Tensor operation (each
   * allocates its result and changes nothing else): no side effect, an equal value every time.
   */
  public static boolean isPureCall(Expr.Call c) {
    return c.kind() == Expr.CallKind.MATH && !c.name().equals("random") || c.kind() == Expr.CallKind.WITHOUT_DERIVATIVE
        || c.kind() == Expr.CallKind.TENSOR || c.kind() == Expr.CallKind.ACCESSOR;
  }
}
