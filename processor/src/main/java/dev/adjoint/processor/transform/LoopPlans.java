package dev.adjoint.processor.transform;

import dev.adjoint.processor.analysis.IrWalk;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.JType;
import dev.adjoint.processor.ir.Stmt;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How each loop is reversed, decided before the sweeps are built: a counted loop with fixed bounds and no
 * early exit ({@link #isCanonical}) runs backwards with nothing recorded; any other loop counts its trips
 * ({@code _loopN}, on a stack when it runs inside another loop) and, if a jump can skip its update,
 * records whether the last update ran ({@code _brokeN}). Also what counts as fixed: the same value in both
 * sweeps, so a bound or a condition can be recomputed instead of recorded.
 */
final class LoopPlans {
  /** What the transform knows about a loop. */
  record LoopInfo(
      int id, boolean canonical, String counterVar, String brokeVar, boolean nestedInLoop,
      String counterStack, String brokeStack, Stmt.Loop loop) {}

  private final ReverseContext ctx;
  private final ReverseReads reads;
  private final Map<Integer, LoopInfo> loopInfo = new HashMap<>();
  /** The counters of counted loops: their reverse recomputes them. */
  private final Set<String> counterVars = new HashSet<>();

  private LoopPlans(ReverseContext ctx, ReverseReads reads) {
    this.ctx = ctx;
    this.reads = reads;
  }

  /** Plans every loop of the body (names its trip counters and flags, in order). */
  static LoopPlans plan(ReverseContext ctx, ReverseReads reads, List<Stmt> body) {
    LoopPlans plans = new LoopPlans(ctx, reads);
    plans.planLoops(body, new ArrayList<>(), new HashSet<>());
    return plans;
  }

  LoopInfo info(int loopId) {
    return loopInfo.get(loopId);
  }

  /** True if name is the counter of a counted loop. */
  boolean isCounter(String name) {
    return counterVars.contains(name);
  }

  private void planLoops(List<Stmt> body, List<Stmt.Loop> enclosing, Set<String> enclosingCounters) {
    for (Stmt s : body) {
      if (s instanceof Stmt.If f) {
        planLoops(f.then(), enclosing, enclosingCounters);
        planLoops(f.otherwise(), enclosing, enclosingCounters);
      } else if (s instanceof Stmt.Loop l) {
        boolean canonical = isCanonical(l, enclosingCounters);
        boolean broken = hasAbnormalExit(l);
        boolean nested = !enclosing.isEmpty();
        String counter = canonical ? null : ctx.fresh("_loop");
        // only a loop with an update statement needs to know whether its last update ran
        String broke = !canonical && broken && !l.update().isEmpty() ? ctx.fresh("_broke") : null;
        String counterStack = nested && counter != null ? counter + "s" : null;
        String brokeStack = nested && broke != null ? broke + "s" : null;
        loopInfo.put(l.id(), new LoopInfo(l.id(), canonical, counter, broke, nested, counterStack, brokeStack, l));
        Set<String> counters2 = new HashSet<>(enclosingCounters);
        if (canonical) {
          String counter2 = ((Stmt.Decl) l.init().get(0)).var().name();
          counterVars.add(counter2);
          counters2.add(counter2);
        }
        List<Stmt.Loop> en2 = new ArrayList<>(enclosing);
        en2.add(l);
        planLoops(l.body(), en2, counters2);
      }
    }
  }

  /**
   * A counted loop {@code for (int j = A; j < B; j++)} (or {@code <=}), or one counting down
   * {@code for (int j = A; j >= B; j--)} (or {@code >}), with A, B fixed and no early exit: its trips are recomputable.
   */
  private boolean isCanonical(Stmt.Loop l, Set<String> enclosingCounters) {
    if (l.kind() != Stmt.LoopKind.FOR || l.init().size() != 1 || l.update().size() != 1
        || !(l.init().get(0) instanceof Stmt.Decl d) || d.init() == null || d.var().type().kind() != JType.Kind.INT
        || d.var().type().rank() != 0) {
      return false;
    }
    String j = d.var().name();
    if (!(l.cond() instanceof Expr.Binary c) || !(c.left() instanceof Expr.Var cv) || !cv.name().equals(j)) {
      return false;
    }
    boolean up = c.op().equals("<") || c.op().equals("<=");
    boolean down = c.op().equals(">") || c.op().equals(">=");
    if (!(up && steps(l.update().get(0), j, "++", "+=") || down && steps(l.update().get(0), j, "--", "-="))
        || !fixed(d.init(), enclosingCounters) || !fixed(c.right(), enclosingCounters)) {
      return false;
    }
    boolean[] writes = {false};
    IrWalk.statements(l.body(), s -> {
      Expr t = s instanceof Stmt.Assign a ? a.target() : s instanceof Stmt.IncDec i ? i.target() : s instanceof Stmt.Decl dd ? dd.var() : null;
      if (t instanceof Expr.Var v && v.name().equals(j)) {
        writes[0] = true;
      }
    });
    return !writes[0] && !hasAbnormalExit(l);
  }

  /** {@code j++} or {@code j += 1} (with {@code "++", "+="}), or the same counting down. */
  private static boolean steps(Stmt u, String j, String incDec, String compound) {
    return u instanceof Stmt.IncDec inc && inc.op().equals(incDec) && inc.target() instanceof Expr.Var iv && iv.name().equals(j)
        || u instanceof Stmt.Assign as && as.op().equals(compound) && as.target() instanceof Expr.Var av && av.name().equals(j)
            && as.value() instanceof Expr.Lit lit && lit.text().equals("1");
  }

  /** Pure, and every variable in it is never reassigned: it has the same value in both sweeps. */
  boolean fixed(Expr e, Set<String> counters) {
    if (!IrWalk.isPure(e)) {
      return false;
    }
    boolean[] ok = {true};
    IrWalk.expressions(e, x -> {
      if (x instanceof Expr.Var v && (!ctx.method.effectivelyFinal().contains(v.name()) || changesPerTrip(v.name()))
          && !counters.contains(v.name())) {
        ok[0] = false;
      }
      if (x instanceof Expr.Field f && (f.target() != null || !f.isFinal())) {
        ok[0] = false; // code the method calls may replace it before the reverse reads it again
      }
      if (x instanceof Expr.Index i) {
        String r = IrWalk.rootVar(i);
        if (r == null || ctx.writtenArrays.contains(ctx.activity.group(r)) || !ctx.method.effectivelyFinal().contains(r)) {
          ok[0] = false;
        }
      }
    });
    return ok[0];
  }

  /**
   * A local declared inside a loop (effectively final or not) gets a new value on every trip; the
   * reverse sweep sees the value of the trip it reverses only if the forward sweep saves it or it is
   * recomputed, which it is exactly when it is needed.
   */
  boolean changesPerTrip(String name) {
    return ctx.loopLocals.contains(name) && !reads.isNeeded(new Expr.Var(name, ctx.varTypes.get(name)));
  }

  /** True if some jump leaves the loop's body without running its update (a break, or a jump to an outer loop). */
  private static boolean hasAbnormalExit(Stmt.Loop l) {
    boolean[] found = {false};
    Set<Integer> inner = new HashSet<>();
    IrWalk.statements(l.body(), s -> {
      if (s instanceof Stmt.Loop il) {
        inner.add(il.id());
      }
    });
    IrWalk.statements(l.body(), s -> {
      if (s instanceof Stmt.Break b && !inner.contains(b.target())) {
        found[0] = true;
      }
      if (s instanceof Stmt.Continue c && c.target() != l.id() && !inner.contains(c.target())) {
        found[0] = true;
      }
    });
    return found[0];
  }
}
