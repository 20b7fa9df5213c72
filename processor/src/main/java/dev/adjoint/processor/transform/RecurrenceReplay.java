package dev.adjoint.processor.transform;

import dev.adjoint.processor.analysis.Activity;
import dev.adjoint.processor.analysis.IrWalk;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Stmt;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Passive recurrences replayed instead of saved. In a counted loop whose trips' reverses are independent of
 * each other, a passive local updated once per trip from itself and fixed values ({@code power *= t}) and
 * read by the reverse is not pushed on every trip: the loop's reverse runs its trips in forward order, from
 * the value the local had on entry (kept once), and runs the update again after each trip's reverse.
 *
 * <p>The rule, checked on the loop's body before its sweeps are built: every statement is an assignment or
 * an increment without calls; each passive one is such an update of a scalar local written nowhere else in
 * the loop, whose value reads only the updated locals, the loops' counters and fixed values, and no statement
 * after it reads its local in reverse; each active one adds to a scalar ({@code s += e}, {@code s -= e}, e not
 * reading s) or writes the element at the loop's counter ({@code a[j] ...}), saves nothing, reads active
 * elements only at the counter and no active scalar, and its reverse reads nothing else the loop writes.
 * Then each trip's reverse writes only adjoint elements at its own counter (each written by that trip alone)
 * and reads adjoints no trip writes, so the order of the trips changes no sum: the gradient is the same, bit
 * for bit, as the backwards loop that popped the saved values.
 */
final class RecurrenceReplay {
  private final ReverseContext ctx;
  private final ReverseReads reads;
  private final LoopPlans loops;
  private final Map<Integer, List<Stmt>> plans = new HashMap<>();

  RecurrenceReplay(ReverseContext ctx, ReverseReads reads, LoopPlans loops) {
    this.ctx = ctx;
    this.reads = reads;
    this.loops = loops;
  }

  /**
   * Plans every counted loop of the body, before the sweeps are built; the locals an update reads that
   * change with an enclosing loop's trips (declared in its body, never reassigned) become values the
   * reverse reads, so that loop's reverse has them back ({@link ReverseReads#alsoNeeded}).
   */
  void planAll(List<Stmt> body, Set<String> counters) {
    for (Stmt s : body) {
      if (s instanceof Stmt.If f) {
        planAll(f.then(), counters);
        planAll(f.otherwise(), counters);
      } else if (s instanceof Stmt.Loop l) {
        LoopPlans.LoopInfo info = loops.info(l.id());
        Set<String> inner = new HashSet<>(counters);
        if (info != null && info.canonical()) {
          inner.add(((Stmt.Decl) l.init().get(0)).var().name());
          List<Stmt> updates = plan(l, inner);
          if (!updates.isEmpty()) {
            plans.put(l.id(), updates);
            Set<String> updated = locals(updates);
            for (Stmt u : updates) {
              IrWalk.expressions(Activity.valueOf(u), x -> {
                if (x instanceof Expr.Var v && ctx.loopLocals.contains(v.name()) && !updated.contains(v.name())) {
                  reads.alsoNeeded(v.name());
                }
              });
            }
          }
        }
        planAll(l.body(), inner);
      }
    }
  }

  /** The updates a counted loop replays in its reverse (in body order), empty if its reverse runs backwards as usual. */
  List<Stmt> updates(Stmt.Loop l) {
    return plans.getOrDefault(l.id(), List.of());
  }

  /** The locals the updates write. */
  static Set<String> locals(List<Stmt> updates) {
    Set<String> out = new HashSet<>();
    for (Stmt u : updates) {
      out.add(((Expr.Var) Activity.targetOf(u)).name());
    }
    return out;
  }

  private List<Stmt> plan(Stmt.Loop l, Set<String> counters) {
    LoopPlans.LoopInfo info = loops.info(l.id());
    if (info == null || !info.canonical() || l.body().isEmpty()) {
      return List.of();
    }
    String counter = ((Stmt.Decl) l.init().get(0)).var().name();
    Map<String, Integer> writes = new HashMap<>();
    for (Stmt s : l.body()) {
      if (!(s instanceof Stmt.Assign || s instanceof Stmt.IncDec) || callsOrAllocates(s)) {
        return List.of();
      }
      Expr t = Activity.targetOf(s);
      String root = IrWalk.rootVar(t);
      if (root == null) {
        return List.of();
      }
      writes.merge(ctx.activity.group(t instanceof Expr.Var v ? v.name() : root), 1, Integer::sum);
    }
    List<Stmt> updates = new ArrayList<>();
    for (Stmt s : l.body()) {
      Expr t = Activity.targetOf(s);
      if (!ctx.activity.isActive(IrWalk.rootVar(t))) {
        if (!(t instanceof Expr.Var v) || t.type().isArray() || writes.get(ctx.activity.group(v.name())) != 1
            || loops.isCounter(v.name())
            || !(t.type().isFloating() || t.type().isIntegral())) {
          return List.of();
        }
        updates.add(s);
      }
    }
    Set<String> updated = locals(updates);
    for (Stmt u : updates) {
      if (!readsOnly(Activity.valueOf(u), updated, counters)) {
        return List.of();
      }
    }
    boolean readInReverse = false;
    for (int k = 0; k < l.body().size(); k++) {
      Stmt s = l.body().get(k);
      if (updates.contains(s)) {
        continue;
      }
      if (!independentActive(s, counter, writes.keySet())) {
        return List.of();
      }
      for (String r : reads.reverseReadsOf(s)) {
        if (updated.contains(r)) {
          readInReverse = true;
          // its update must come after it: the trip's reverse reads the value the trip started with
          for (int later = 0; later < k; later++) {
            if (updates.contains(l.body().get(later))
                && ((Expr.Var) Activity.targetOf(l.body().get(later))).name().equals(r)) {
              return List.of();
            }
          }
        } else if (writes.containsKey(r)) {
          return List.of();
        }
      }
    }
    return readInReverse ? updates : List.of();
  }

  /** An active statement whose reverse touches only its own trip's adjoint elements (see the class comment). */
  private boolean independentActive(Stmt s, String counter, Set<String> writtenInLoop) {
    if (!(s instanceof Stmt.Assign a)) {
      return false;
    }
    Expr t = a.target();
    if (t instanceof Expr.Var v) {
      if (!(a.op().equals("+=") || a.op().equals("-=")) || IrWalk.reads(a.value(), v.name())) {
        return false;
      }
    } else if (!(t instanceof Expr.Index i && i.array() instanceof Expr.Var && atCounter(i, counter))) {
      return false;
    }
    if (reads.isNeededAt(t, s)) {
      return false; // its old value would be saved on every trip
    }
    boolean[] ok = {true};
    IrWalk.expressions(a.value(), x -> {
      if (x instanceof Expr.Index i && ctx.activity.isActive(x) && !atCounter(i, counter)) {
        ok[0] = false;
      }
      if (x instanceof Expr.Var v && ctx.activity.isActive(x) && !v.type().isArray()) {
        ok[0] = false; // its adjoint would be summed over the trips
      }
    });
    if (t instanceof Expr.Index i) {
      IrWalk.expressions(i.index(), x -> ok[0] &= !(x instanceof Expr.Var v && writtenInLoop.contains(v.name())));
    }
    return ok[0];
  }

  private static boolean atCounter(Expr.Index i, String counter) {
    return i.index() instanceof Expr.Var c && c.name().equals(counter) && !(i.array() instanceof Expr.Index);
  }

  /** True if e is pure and reads only the updated locals, counters and fixed values. */
  private boolean readsOnly(Expr e, Set<String> updated, Set<String> counters) {
    if (e == null || !IrWalk.isPure(e)) {
      return e == null;
    }
    boolean[] ok = {true};
    IrWalk.expressions(e, x -> {
      // a local declared in an enclosing loop's body and never reassigned is fixed for this loop's whole reverse
      // once the reverse reads it (planAll makes it so)
      if (x instanceof Expr.Var v && !updated.contains(v.name()) && !counters.contains(v.name())
          && !loops.fixed(v, counters) && !(ctx.loopLocals.contains(v.name())
              && ctx.method.effectivelyFinal().contains(v.name()) && !v.type().isArray())) {
        ok[0] = false;
      }
      if (x instanceof Expr.Index i && !loops.fixed(i, counters)) {
        ok[0] = false;
      }
    });
    return ok[0];
  }

  private static boolean callsOrAllocates(Stmt s) {
    boolean[] found = {false};
    IrWalk.ownExpressions(s, x -> found[0] |= x instanceof Expr.Call || x instanceof Expr.Invoke
        || x instanceof Expr.NewArray || x instanceof Expr.NewObject);
    return found[0];
  }
}
