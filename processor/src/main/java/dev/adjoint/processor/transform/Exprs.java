package dev.adjoint.processor.transform;

import dev.adjoint.processor.analysis.IrWalk;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.JType;
import dev.adjoint.processor.ir.Stmt;
import java.util.List;

/** The names of the runtime classes generated code calls, and small IR expressions the reverse mode builds. */
final class Exprs {
  static final String SUPPORT = "dev.adjoint.support.";
  static final String ADJOINTS = SUPPORT + "Adjoints";
  static final String RULES = "dev.adjoint.rules.DoubleRules";
  static final String TENSOR_RULES = "dev.adjoint.rules.TensorRules";
  static final String TENSOR_ADJOINTS = SUPPORT + "TensorAdjoints";
  static final JType OBJECT = JType.ref("java.lang.Object");

  private Exprs() {}

  /** True for the typed stacks a reverse sweep keeps values on ({@code DoubleStack}, ..., {@code ObjectStack<T>}). */
  static boolean isStack(JType t) {
    return t.kind() == JType.Kind.REF && t.rank() == 0 && t.source().startsWith(SUPPORT) && t.source().matches(".*\\.[A-Za-z]*Stack(<.*>)?");
  }

  /**
   * u where {@code b} is a square, {@code u * u} or {@code (c * u) * u}, with u pure: the product rule's two terms are
   * then one term twice ({@code 2 * (seed * b.left())}) when c carries no derivative (see {@link #squareScale});
   * null otherwise.
   */
  static Expr squared(Expr.Binary b) {
    if (!b.op().equals("*") || !b.type().isFloating() || !IrWalk.isPure(b.right())) {
      return null;
    }
    boolean scaled = b.left() instanceof Expr.Binary s && s.op().equals("*") && s.right().equals(b.right());
    return b.left().equals(b.right()) || scaled ? b.right() : null;
  }

  /** The factor c of a square {@code (c * u) * u}, or null for {@code u * u} ({@link #squared}). */
  static Expr squareScale(Expr.Binary b) {
    return b.left().equals(b.right()) ? null : ((Expr.Binary) b.left()).left();
  }

  /** The type of {@code a op b} for floating operands; integral ones count as double (adjoints are floating). */
  static JType promote(JType a, JType b) {
    if (a.kind() == JType.Kind.DOUBLE || b.kind() == JType.Kind.DOUBLE) {
      return JType.DOUBLE;
    }
    if (a.kind() == JType.Kind.FLOAT || b.kind() == JType.Kind.FLOAT) {
      return JType.FLOAT;
    }
    return JType.DOUBLE;
  }

  static Expr mul(Expr a, Expr b) {
    return new Expr.Binary("*", a, b, promote(a.type(), b.type()));
  }

  static Expr div(Expr a, Expr b) {
    return new Expr.Binary("/", a, b, promote(a.type(), b.type()));
  }

  static Expr neg(Expr a) {
    if (a instanceof Expr.Unary u && u.op().equals("-")) {
      return u.operand();
    }
    return new Expr.Unary("-", a, a.type());
  }

  static Expr not(Expr a) {
    if (a instanceof Expr.Unary u && u.op().equals("!")) {
      return u.operand();
    }
    return new Expr.Unary("!", a, JType.BOOLEAN);
  }

  static Expr.Lit lit(int v) {
    return new Expr.Lit(Integer.toString(v), JType.INT);
  }

  static Expr.Lit lit(boolean v) {
    return new Expr.Lit(Boolean.toString(v), JType.BOOLEAN);
  }

  static Expr zero(JType t) {
    return new Expr.Lit(t.zero(), t);
  }

  /** {@code for (int i = 0; i < bound; i++) body}, loop {@code id}. */
  static Stmt.Loop countingUp(int id, Expr.Var i, Expr bound, Stmt body) {
    return new Stmt.Loop(id, null, Stmt.LoopKind.FOR, List.of(new Stmt.Decl(i, lit(0), 0)),
        new Expr.Binary("<", i, bound, JType.BOOLEAN), List.of(new Stmt.IncDec(i, "++", 0)), List.of(body), 0);
  }

  /** A new adjoint array shaped like {@code array}, all zeros. */
  static Expr zerosLike(Expr.Var array) {
    if (array.type().rank() == 1) {
      return new Expr.NewArray(array.type(), List.of(new Expr.Length(array)), null);
    }
    return new Expr.Invoke(null, ADJOINTS, "zerosLike", List.of(array), array.type());
  }
}
