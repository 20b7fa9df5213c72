package dev.adjoint.processor.transform;

import dev.adjoint.processor.analysis.IrWalk;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Stmt;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Tidies the scalar adjoints of a generated body, so javac compiles fewer statements and the reverse
 * sweep does no work on known zeros. Only locals named {@code _d_...} of rank 0 are touched:
 *
 * <ul>
 *   <li>dead adjoint writes (top level only, where each statement runs once): a {@code _d_v += e} or
 *       {@code _d_v = e} whose variable no later
 *       statement mentions and the method does not return is dropped ({@code e} has no side effect:
 *       no user call, no stack pop), and so is a declaration nothing mentions;
 *   <li>first writes: when the first statement after the zero declaration (or a {@code _d_v = 0}, in any
 *       block) that mentions {@code _d_v} is a {@code _d_v += e} (or {@code = e}) of the same block, with
 *       {@code e} not reading {@code _d_v}, the two become the declaration {@code double _d_v = e} (or
 *       {@code _d_v = e}): the statements of a block run one after the other, and {@code 0 + e} is
 *       {@code e} except for the sign of a zero {@code e}. A tensor adjoint starts as {@code null}, and its first
 *       {@code _d_v = TensorAdjoints.accumulate(_d_v, e)} becomes {@code Tensor _d_v = e};
 *   <li>a tensor gradient declared with a value at the top level and never set back to null needs no
 *       {@code orZeros} at the end.
 * </ul>
 */
public final class AdjointSimplifier {
  private AdjointSimplifier() {}

  /**
   * Returns the simplified body.
   *
   * @param body the generated statements of {@code mVjp}
   * @param returned names the method returns after the body (the value and the gradients): always live
   */
  public static List<Stmt> simplify(List<Stmt> body, Set<String> returned) {
    List<Stmt> simplified = dropNeedlessZeros(foldFirstWrites(dropNeedlessNullChecks(dropDeadWrites(body, returned), new HashSet<>())));
    return TensorOwnership.apply(simplified, returned);
  }

  /**
   * {@code if (_d_v != null) { ... }} where {@code _d_v} surely holds a tensor (it was last set from a rule or
   * from another such adjoint, in this block or before it) becomes its body. {@code nonNull} holds those
   * variables when the block starts and is updated as it goes.
   */
  private static List<Stmt> dropNeedlessNullChecks(List<Stmt> body, Set<String> nonNull) {
    List<Stmt> out = new ArrayList<>(body.size());
    for (Stmt s : body) {
      if (s instanceof Stmt.If f && f.otherwise().isEmpty() && f.cond() instanceof Expr.Binary b && b.op().equals("!=")
          && b.left() instanceof Expr.Var v && b.right() instanceof Expr.Lit l && l.text().equals("null")
          && nonNull.contains(v.name())) {
        out.addAll(dropNeedlessNullChecks(f.then(), nonNull));
      } else if (s instanceof Stmt.If f) {
        Set<String> afterThen = new HashSet<>(nonNull);
        Set<String> afterElse = new HashSet<>(nonNull);
        List<Stmt> then = dropNeedlessNullChecks(f.then(), afterThen);
        List<Stmt> otherwise = dropNeedlessNullChecks(f.otherwise(), afterElse);
        nonNull.clear();
        nonNull.addAll(afterThen);
        nonNull.retainAll(afterElse);
        out.add(f.withBranches(then, otherwise));
      } else if (s instanceof Stmt.Loop l) {
        // what holds at every trip's start: what holds before the loop and still holds at the end of a trip
        Set<String> entry = new HashSet<>(nonNull);
        while (true) {
          Set<String> end = new HashSet<>(entry);
          List<Stmt> loopBody = dropNeedlessNullChecks(l.body(), end);
          if (end.containsAll(entry)) {
            out.add(l.withBody(loopBody));
            nonNull.retainAll(entry);
            break;
          }
          entry.retainAll(end);
        }
      } else {
        Expr.Var target = s instanceof Stmt.Decl d ? d.var()
            : s instanceof Stmt.Assign a && a.op().equals("=") && a.target() instanceof Expr.Var t ? t : null;
        Expr value = s instanceof Stmt.Decl d ? d.init() : s instanceof Stmt.Assign a ? a.value() : null;
        if (target != null && target.type().isTensor()) {
          if (surelyATensor(value, nonNull)) {
            nonNull.add(target.name());
          } else {
            nonNull.remove(target.name());
          }
        }
        out.add(s);
      }
    }
    return out;
  }

  /** A rule's result, a support helper's (other than accumulate and orZeros of possibly null values), or such a variable. */
  private static boolean surelyATensor(Expr e, Set<String> nonNull) {
    if (e instanceof Expr.Var v) {
      return nonNull.contains(v.name());
    }
    if (e instanceof Expr.Invoke inv && inv.owner() != null) {
      if (inv.owner().endsWith(".TensorRules") || inv.owner().endsWith(".TensorAdjoints") && !inv.method().equals("accumulate")) {
        return true;
      }
      if (inv.owner().endsWith(".TensorAdjoints") && inv.method().equals("accumulate")) {
        return inv.args().stream().limit(2).anyMatch(a -> surelyATensor(a, nonNull));
      }
    }
    return false;
  }

  /** {@code _d_x = TensorAdjoints.orZeros(_d_x, x)} where {@code _d_x} was declared with a tensor and never nulled. */
  private static List<Stmt> dropNeedlessZeros(List<Stmt> body) {
    Set<String> nulled = new HashSet<>();
    IrWalk.statements(body, s -> {
      if (s instanceof Stmt.Assign a && a.target() instanceof Expr.Var v && a.value() instanceof Expr.Lit l && l.text().equals("null")) {
        nulled.add(v.name());
      }
    });
    Set<String> valued = new HashSet<>();
    List<Stmt> out = new ArrayList<>(body.size());
    for (Stmt s : body) {
      if (s instanceof Stmt.Decl d && d.var().type().isTensor() && d.init() != null && !(d.init() instanceof Expr.Lit)) {
        valued.add(d.var().name());
      }
      if (s instanceof Stmt.Assign a && a.target() instanceof Expr.Var v && valued.contains(v.name()) && !nulled.contains(v.name())
          && a.value() instanceof Expr.Invoke inv && inv.method().equals("orZeros") && inv.owner() != null
          && inv.owner().equals(Exprs.TENSOR_ADJOINTS) && inv.args().get(0) instanceof Expr.Var first && first.name().equals(v.name())) {
        continue;
      }
      out.add(s);
    }
    return out;
  }

  /** {@code TensorAdjoints.accumulate(v, e)}: the contribution e, or null if s is not that for v. */
  private static Expr accumulated(Expr value, Expr.Var v) {
    if (value instanceof Expr.Invoke inv && inv.method().equals("accumulate") && Exprs.TENSOR_ADJOINTS.equals(inv.owner())
        && inv.args().get(0) instanceof Expr.Var first && first.name().equals(v.name()) && !IrWalk.reads(inv.args().get(1), v.name())) {
      return inv.args().get(1);
    }
    return null;
  }

  private static boolean isScalarAdjoint(Expr e) {
    return e instanceof Expr.Var v && v.name().startsWith("_d_") && v.type().rank() == 0;
  }

  private static List<Stmt> dropDeadWrites(List<Stmt> body, Set<String> returned) {
    Set<String> live = new HashSet<>(returned);
    List<Stmt> kept = new ArrayList<>();
    for (int i = body.size() - 1; i >= 0; i--) {
      Stmt s = body.get(i);
      if (s instanceof Stmt.Assign a && isScalarAdjoint(a.target()) && !live.contains(((Expr.Var) a.target()).name())
          && (a.op().equals("=") || a.op().equals("+=") || a.op().equals("-=")) && freeOfEffects(a.value())) {
        continue;
      }
      if (s instanceof Stmt.Decl d && isScalarAdjoint(d.var()) && !live.contains(d.var().name())
          && (d.init() == null || freeOfEffects(d.init()))) {
        continue;
      }
      kept.add(s);
      live.addAll(mentioned(s));
    }
    java.util.Collections.reverse(kept);
    return kept;
  }

  /** No user call and no helper call other than a DoubleRules rule or a gradient record's accessor. */
  private static boolean freeOfEffects(Expr e) {
    boolean[] free = {true};
    IrWalk.expressions(e, x -> {
      if (x instanceof Expr.Call c && c.kind() != Expr.CallKind.MATH && c.kind() != Expr.CallKind.TENSOR) {
        free[0] = false;
      }
      if (x instanceof Expr.Invoke inv && !(inv.owner() != null && (inv.owner().endsWith(".DoubleRules")
              || inv.owner().endsWith(".TensorRules") || inv.owner().endsWith(".TensorAdjoints")))
          && !(inv.target() != null && inv.args().isEmpty() && !inv.method().equals("pop"))) {
        free[0] = false;
      }
      if (x instanceof Expr.NewObject || x instanceof Expr.NewArray) {
        free[0] = false;
      }
    });
    return free[0];
  }

  /** Folds in this list of statements and, recursively, in the branches and loop bodies nested in it. */
  private static List<Stmt> foldFirstWrites(List<Stmt> body) {
    List<Stmt> out = new ArrayList<>(body.size());
    for (Stmt s : body) {
      if (s instanceof Stmt.If f) {
        out.add(f.withBranches(foldFirstWrites(f.then()), foldFirstWrites(f.otherwise())));
      } else if (s instanceof Stmt.Loop l) {
        out.add(l.withBody(foldFirstWrites(l.body())));
      } else {
        out.add(s);
      }
    }
    return foldInBlock(out);
  }

  private static List<Stmt> foldInBlock(List<Stmt> body) {
    if (body.stream().noneMatch(st -> zeroed(st) != null)) {
      return body; // most blocks zero no adjoint: skip collecting every statement's names
    }
    List<Stmt> out = new ArrayList<>(body);
    List<Set<String>> mentions = new ArrayList<>();
    for (Stmt s : out) {
      mentions.add(mentioned(s));
    }
    for (int i = 0; i < out.size(); i++) {
      Expr.Var v = zeroed(out.get(i));
      if (v == null) {
        continue;
      }
      boolean declaration = out.get(i) instanceof Stmt.Decl;
      for (int j = i + 1; j < out.size(); j++) {
        Stmt s = out.get(j);
        if (!mentions.get(j).contains(v.name())) {
          continue;
        }
        Expr contribution = s instanceof Stmt.Assign a0 && a0.target() instanceof Expr.Var t0 && t0.name().equals(v.name())
            && a0.op().equals("=") ? accumulated(a0.value(), v) : null;
        if (contribution != null) {
          Stmt.Assign a = (Stmt.Assign) s;
          out.set(j, declaration ? new Stmt.Decl(v, contribution, a.line()) : new Stmt.Assign(v, "=", contribution, a.line()));
          out.remove(i);
          mentions.remove(i);
          i--;
        } else if (s instanceof Stmt.Assign a && a.target() instanceof Expr.Var t && t.name().equals(v.name())
            && (a.op().equals("+=") || a.op().equals("=")) && !IrWalk.reads(a.value(), v.name())) {
          Expr init = a.value().type().equals(t.type()) ? a.value() : new Expr.Cast(t.type(), a.value());
          out.set(j, declaration ? new Stmt.Decl(v, init, a.line()) : new Stmt.Assign(v, "=", init, a.line()));
          out.remove(i);
          mentions.remove(i);
          i--;
        }
        break;
      }
    }
    return out;
  }

  /** The adjoint a statement sets to zero ({@code double _d_v = 0;} or {@code _d_v = 0;}), or null. */
  private static Expr.Var zeroed(Stmt s) {
    Expr.Var v = s instanceof Stmt.Decl d ? d.var()
        : s instanceof Stmt.Assign a && a.op().equals("=") && a.target() instanceof Expr.Var t ? t : null;
    Expr value = s instanceof Stmt.Decl d ? d.init() : s instanceof Stmt.Assign a ? a.value() : null;
    return v != null && isScalarAdjoint(v) && value instanceof Expr.Lit zero
        && (isZero(zero.text()) || v.type().isTensor() && zero.text().equals("null")) ? v : null;
  }

  /** {@code 0}, {@code 0.0}, {@code 0.0f}, {@code 0d} ...: digits all zero, an optional point and suffix. */
  private static boolean isZero(String text) {
    boolean digit = false;
    for (int k = 0; k < text.length(); k++) {
      char ch = text.charAt(k);
      if (ch == '0') {
        digit = true;
      } else if (ch != '.' && !(k == text.length() - 1 && "fFdDlL".indexOf(ch) >= 0)) {
        return false;
      }
    }
    return digit;
  }

  /** Every variable a statement (with the statements nested in it) reads, writes or declares. */
  private static Set<String> mentioned(Stmt s) {
    Set<String> names = new HashSet<>();
    IrWalk.statements(List.of(s), st -> {
      if (st instanceof Stmt.Decl d) {
        names.add(d.var().name());
      }
      IrWalk.ownExpressions(st, e -> {
        if (e instanceof Expr.Var v) {
          names.add(v.name());
        }
      });
    });
    return names;
  }
}
