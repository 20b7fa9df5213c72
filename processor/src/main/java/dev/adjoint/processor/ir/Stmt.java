package dev.adjoint.processor.ir;

import java.util.List;

/** A statement of the IR (structured control flow, like Java's). */
public sealed interface Stmt {
  /** The source line this statement comes from, or 0 for generated statements. */
  int line();

  /** A local declaration; {@code init} may be null. */
  record Decl(Expr.Var var, Expr init, int line) implements Stmt {}

  /** {@code target op value} with op one of {@code = += -= *= /= %=} etc.; target is a Var or an Index. */
  record Assign(Expr target, String op, Expr value, int line) implements Stmt {}

  /** {@code target++} or {@code target--}. */
  record IncDec(Expr target, String op, int line) implements Stmt {}

  /** An expression evaluated for its effect (a call). */
  record ExprStmt(Expr expr, int line) implements Stmt {}

  record If(Expr cond, List<Stmt> then, List<Stmt> otherwise, int line) implements Stmt {
    /** This branch with other arms: the same condition and line. */
    public If withBranches(List<Stmt> newThen, List<Stmt> newOtherwise) {
      return new If(cond, newThen, newOtherwise, line);
    }
  }

  /** Loop kinds. */
  enum LoopKind { FOR, WHILE, DO }

  /**
   * A loop. {@code cond} null means {@code true}. {@code label} is printed if non-null.
   *
   * @param id unique per method, the target of breaks and continues
   */
  record Loop(
      int id,
      String label,
      LoopKind kind,
      List<Stmt> init,
      Expr cond,
      List<Stmt> update,
      List<Stmt> body,
      int line)
      implements Stmt {
    /** This loop around another body: the same id, label, kind, header and line. */
    public Loop withBody(List<Stmt> newBody) {
      return new Loop(id, label, kind, init, cond, update, newBody, line);
    }
  }

  /** {@code break}; {@code label} is non-null when the target is not the innermost loop. */
  record Break(int target, String label, int line) implements Stmt {}

  record Continue(int target, String label, int line) implements Stmt {}

  record Return(Expr value, int line) implements Stmt {}

  record Throw(Expr exception, int line) implements Stmt {}

  /**
   * {@code assert cond : detail;} ({@code detail} may be null). Kept as an assert in the forward sweep, so
   * that {@code -ea} governs it in the gradient as in the method; it has no adjoint.
   */
  record Assert(Expr cond, Expr detail, int line) implements Stmt {}

  /** Generated code only: a line comment. */
  record Comment(String text) implements Stmt {
    @Override
    public int line() {
      return 0;
    }
  }
}
