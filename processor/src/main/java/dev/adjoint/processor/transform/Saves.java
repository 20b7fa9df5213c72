package dev.adjoint.processor.transform;

import static dev.adjoint.processor.transform.Exprs.SUPPORT;
import static dev.adjoint.processor.transform.Exprs.lit;

import dev.adjoint.processor.analysis.IrWalk;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.JType;
import dev.adjoint.processor.ir.Stmt;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where the forward sweep keeps a value for the reverse sweep: a hoisted local {@code _tN} outside loops,
 * a new typed stack inside loops ({@code DoubleStack}, ..., {@code ObjectStack<T>}); and, for locals
 * {@link ReverseReads#savedAtReads saved where they are read}, which statements save them.
 */
final class Saves {
  private final ReverseContext ctx;
  private final ReverseReads reads;
  /** Locals saved once around the loop or branch being transformed (it reads them without writing them). */
  private final Set<String> coveredReads = new HashSet<>();

  Saves(ReverseContext ctx, ReverseReads reads) {
    this.ctx = ctx;
    this.reads = reads;
  }

  /** Saves the current value of target before it is overwritten; restore holds the reverse statement. */
  void save(Expr target, List<Stmt> fwd, List<Stmt> restore) {
    restore.add(new Stmt.Assign(target, "=", saveValue(target, target.type(), fwd), 0));
  }

  /** Saves a copy of a whole array before the statement; restore copies it back in place. */
  void saveWholeArray(Expr.Var array, List<Stmt> fwd, List<Stmt> restore) {
    Expr copy = new Expr.Invoke(array.name(), null, "clone", List.of(), array.type());
    Expr saved = saveValue(copy, array.type(), fwd);
    restore.add(new Stmt.ExprStmt(new Expr.Invoke(null, "java.lang.System", "arraycopy",
        List.of(saved, lit(0), array, lit(0), new Expr.Length(array)), JType.VOID), 0));
  }

  /**
   * Inside a loop or a branch: makes a value the forward sweep computes readable by the statement's reverse
   * (a stack inside loops, popped into a local when the reverse of the statement starts; a hoisted local
   * in a branch). Returns what the reverse reads.
   */
  Expr keep(Expr value, List<Stmt> fwd, List<Stmt> reversePrefix) {
    if (!ctx.inLoop()) {
      return saveValue(value, value.type(), fwd);
    }
    JType t = value.type();
    Expr pop = pushOnNewStack(value, t, fwd);
    Expr.Var local = new Expr.Var(ctx.fresh("_k"), t);
    reversePrefix.add(new Stmt.Decl(local, pop, 0));
    return local;
  }

  /** Stores value in the forward sweep (a stack in loops, a hoisted local elsewhere); returns what reads it back. */
  private Expr saveValue(Expr value, JType t, List<Stmt> fwd) {
    if (ctx.inLoop()) {
      return pushOnNewStack(value, t, fwd);
    }
    Expr.Var saved = new Expr.Var(ctx.fresh("_t"), t);
    ctx.hoist(saved);
    fwd.add(new Stmt.Assign(saved, "=", value, 0));
    return saved;
  }

  /**
   * Declares a new stack for values of type t (hoisted to the method's start), pushes value on it in the
   * forward sweep, and returns the expression that pops it back (cast to t where the stack holds a wider type).
   */
  Expr pushOnNewStack(Expr value, JType t, List<Stmt> fwd) {
    String stackName = ctx.fresh("_t");
    ctx.hoistNew(stackName, stackType(t));
    fwd.add(new Stmt.ExprStmt(new Expr.Invoke(stackName, null, "push", List.of(value), JType.VOID), 0));
    Expr pop = new Expr.Invoke(stackName, null, "pop", List.of(), stackElement(t));
    return !stackElement(t).equals(t) && t.rank() == 0 ? new Expr.Cast(t, pop) : pop;
  }

  private static JType stackElement(JType t) {
    if (t.rank() > 0 || t.kind() == JType.Kind.REF || t.kind() == JType.Kind.RECORD) {
      return t;
    }
    return switch (t.kind()) {
      case DOUBLE -> JType.DOUBLE;
      case FLOAT -> JType.FLOAT;
      case LONG -> JType.LONG;
      case BOOLEAN -> JType.BOOLEAN;
      default -> JType.INT;
    };
  }

  /** The typed stack that keeps values of type {@code t}. */
  static JType stackType(JType t) {
    if (t.rank() > 0 || t.kind() == JType.Kind.REF || t.kind() == JType.Kind.RECORD) {
      return JType.ref(SUPPORT + "ObjectStack<" + t.source() + ">");
    }
    return switch (t.kind()) {
      case DOUBLE -> JType.ref(SUPPORT + "DoubleStack");
      case FLOAT -> JType.ref(SUPPORT + "FloatStack");
      case LONG -> JType.ref(SUPPORT + "LongStack");
      case BOOLEAN -> JType.ref(SUPPORT + "BooleanStack");
      default -> JType.ref(SUPPORT + "IntStack");
    };
  }

  /**
   * Before statement s: saves the locals saved at their reads that its reverse reads. Around a whole loop
   * or branch that reads such a local without writing it, once (never around a jump guard: a break can skip
   * it in the forward sweep, yet its reverse runs). Returns the locals now covered until {@link #uncover}.
   */
  List<String> saveReadsOf(Stmt s, List<Stmt> fwd, List<Stmt> restores) {
    List<String> newlyCovered = new ArrayList<>();
    if (s instanceof Stmt.Decl || s instanceof Stmt.Assign || s instanceof Stmt.IncDec) {
      for (String x : reads.reverseReadsOf(s)) {
        if (reads.savedAtReads(x) && !coveredReads.contains(x) && !ctx.replaying.contains(x)) {
          save(new Expr.Var(x, ctx.varTypes.get(x)), fwd, restores);
        }
      }
    } else if (s instanceof Stmt.Loop || s instanceof Stmt.If f && !ReverseReads.onJumpFlags(f.cond())) {
      Set<String> readsInside = new TreeSet<>();
      Set<String> writesInside = new HashSet<>();
      IrWalk.statements(List.of(s), st -> {
        if (st instanceof Stmt.Decl || st instanceof Stmt.Assign || st instanceof Stmt.IncDec) {
          readsInside.addAll(reads.reverseReadsOf(st));
        }
        Expr t = st instanceof Stmt.Assign a ? a.target() : st instanceof Stmt.IncDec inc ? inc.target()
            : st instanceof Stmt.Decl d ? d.var() : null;
        if (t instanceof Expr.Var v) {
          writesInside.add(v.name());
        }
      });
      for (String x : readsInside) {
        if (reads.savedAtReads(x) && !coveredReads.contains(x) && !writesInside.contains(x)) {
          save(new Expr.Var(x, ctx.varTypes.get(x)), fwd, restores);
          coveredReads.add(x);
          newlyCovered.add(x);
        }
      }
    }
    return newlyCovered;
  }

  /** After the statement {@link #saveReadsOf} covered these locals for. */
  void uncover(List<String> covered) {
    coveredReads.removeAll(covered);
  }
}
