package dev.adjoint.processor.codegen;

import dev.adjoint.processor.analysis.Activity;
import dev.adjoint.processor.analysis.IrWalk;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.JType;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.transform.ReverseMode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Whether {@code mReverse} may run more than once on one record of {@code mForward}: a Jacobian takes one
 * reverse sweep per output direction, and the forward sweep is worth running once for all of them. It may
 * when its reverse sweep leaves the record as the forward sweep left it, apart from the adjoint arrays the
 * record carries (a repeated sweep starts from fresh zero ones), none of which shares storage with another
 * variable: it reads kept numbers, reads kept arrays without writing into them or handing them to a call,
 * and hands a callee's forward record only back to that callee's reverse (which answers for itself).
 * Anything else (saved values popped, arrays restored, tensors, shared adjoints) makes the record good for
 * one reverse sweep, and a second is an error, not a wrong gradient.
 */
final class ReverseReuse {
  private static final String ADJOINTS = "dev.adjoint.support.Adjoints";
  private static final String ADJOINT_PREFIX = "_d_";

  private ReverseReuse() {}

  /** True if the reverse sweep of {@code split} can run again on the same record. */
  static boolean reentrant(ReverseMode.Split split) {
    Map<String, JType> kept = new HashMap<>();
    for (Expr.Var v : split.kept()) {
      if (v.name().equals(Activity.RESULT)) {
        continue;
      }
      JType t = v.type();
      if (isPrimitive(t) && t.rank() == 0) {
        continue; // the reverse works on its own copy
      }
      boolean allowed = v.name().startsWith(ADJOINT_PREFIX) ? freshAdjoint(v) && !shares(v, split)
          : isPrimitive(t) || isCalleeRecord(t);
      if (!allowed) {
        return false;
      }
      kept.put(v.name(), t);
    }
    boolean[] consumes = {false};
    IrWalk.statements(split.reverse(), s -> {
      Expr target = s instanceof Stmt.Assign a ? a.target() : s instanceof Stmt.IncDec i ? i.target() : null;
      String root = target == null ? null : IrWalk.rootVar(target);
      if (root != null && kept.containsKey(root) && !root.startsWith(ADJOINT_PREFIX)) {
        consumes[0] = true;
      }
      IrWalk.ownExpressions(s, e -> consumes[0] |= escapes(e, kept));
    });
    return !consumes[0];
  }

  /**
   * True if a statement of either sweep makes the adjoint array {@code v} share storage with another variable
   * ({@code _d_b = _d_a}, {@code _d_row = _d_m[i]}, in either direction). A repeated sweep cannot give such
   * adjoints fresh arrays one by one: the sharing would be lost, and with it the contributions made through the
   * other name.
   */
  private static boolean shares(Expr.Var v, ReverseMode.Split split) {
    boolean[] shared = {false};
    Consumer<Stmt> visit = s -> {
      Expr target = s instanceof Stmt.Assign a && a.op().equals("=") ? a.target()
          : s instanceof Stmt.Decl d ? d.var() : null;
      Expr value = s instanceof Stmt.Assign a ? a.value() : s instanceof Stmt.Decl d ? d.init() : null;
      if (target == null || value == null || value.type().rank() == 0
          || !(value instanceof Expr.Var || value instanceof Expr.Index || value instanceof Expr.Cond)) {
        return;
      }
      if (target instanceof Expr.Var t && t.name().equals(v.name()) || IrWalk.reads(value, v.name())) {
        shared[0] = true;
      }
    };
    IrWalk.statements(split.forward(), visit);
    IrWalk.statements(split.reverse(), visit);
    return shared[0];
  }

  /** A kept adjoint array the repeated sweep replaces with zeros ({@code Adjoints.zerosLike}). */
  static boolean freshAdjoint(Expr.Var v) {
    JType t = v.type();
    return v.name().startsWith(ADJOINT_PREFIX) && t.rank() == 1
        && (t.kind() == JType.Kind.DOUBLE || t.kind() == JType.Kind.FLOAT);
  }

  /** True if {@code e} calls a method on a kept object or hands a kept array or record to a call that may keep or change it. */
  private static boolean escapes(Expr e, Map<String, JType> kept) {
    if (e instanceof Expr.Invoke inv) {
      if (inv.target() != null && kept.containsKey(inv.target())) {
        return true;
      }
      for (int i = 0; i < inv.args().size(); i++) {
        if (inv.args().get(i) instanceof Expr.Var v && kept.containsKey(v.name()) && !allowedArgument(inv, i, v)) {
          return true;
        }
      }
      return false;
    }
    if (e instanceof Expr.Call c) {
      for (Expr operand : c.operands()) {
        if (operand instanceof Expr.Var v && kept.containsKey(v.name())) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * A callee's forward record handed back to the callee's reverse sweep, a kept adjoint array written by
   * the sweep (replaced when it runs again), or an array read as the source of an accumulation.
   */
  private static boolean allowedArgument(Expr.Invoke inv, int index, Expr.Var v) {
    if (isCalleeRecord(v.type())) {
      return index == 0 && (inv.method().endsWith("Reverse") || inv.method().endsWith("ReverseInto"));
    }
    if (v.name().startsWith(ADJOINT_PREFIX)) {
      return true;
    }
    return ADJOINTS.equals(inv.owner()) && index > 0
        && List.of("addTo", "addScaledTo", "addScaledToBoth").contains(inv.method());
  }

  private static boolean isCalleeRecord(JType t) {
    return t.kind() == JType.Kind.REF && t.rank() == 0 && "java.lang.Object".equals(t.refName());
  }

  private static boolean isPrimitive(JType t) {
    return switch (t.kind()) {
      case DOUBLE, FLOAT, LONG, INT, SHORT, BYTE, CHAR, BOOLEAN -> true;
      default -> false;
    };
  }
}
