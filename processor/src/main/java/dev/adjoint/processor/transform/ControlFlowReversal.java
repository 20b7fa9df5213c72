package dev.adjoint.processor.transform;

import static dev.adjoint.processor.transform.Exprs.SUPPORT;
import static dev.adjoint.processor.transform.Exprs.lit;
import static dev.adjoint.processor.transform.Exprs.not;

import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.JType;
import dev.adjoint.processor.ir.Stmt;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The sweeps of branches, loops and jumps, following the {@link LoopPlans}: a branch's decision is
 * recomputed when its condition is fixed, else recorded ({@code boolean _cN}, a {@code BooleanStack} in
 * loops); a counted loop runs backwards; another loop runs its recorded trip count backwards; a break or
 * continue first records what the loops it leaves early need.
 */
final class ControlFlowReversal {
  private final ReverseContext ctx;
  private final LoopPlans loops;
  private final StatementReversal statements;
  private final Saves saves;
  private final RecurrenceReplay replay;
  private final TripwiseLoops tripwise;

  ControlFlowReversal(ReverseContext ctx, LoopPlans loops, StatementReversal statements, Saves saves,
      RecurrenceReplay replay, TripwiseLoops tripwise) {
    this.tripwise = tripwise;
    this.ctx = ctx;
    this.loops = loops;
    this.statements = statements;
    this.saves = saves;
    this.replay = replay;
  }

  void ifStmt(Stmt.If f, List<Stmt> fwd, List<Stmt> rev) {
    List<Stmt> fThen = new ArrayList<>();
    List<Stmt> rThen = new ArrayList<>();
    List<Stmt> fElse = new ArrayList<>();
    List<Stmt> rElse = new ArrayList<>();
    ctx.nesting++;
    statements.block(f.then(), fThen, rThen, false);
    statements.block(f.otherwise(), fElse, rElse, false);
    ctx.nesting--;
    if (rThen.isEmpty() && rElse.isEmpty()) {
      fwd.add(f.withBranches(fThen, fElse));
      return;
    }
    Expr decision;
    if (loops.fixed(f.cond(), ctx.enclosingCounters()) || ReverseReads.onJumpFlags(f.cond())) {
      decision = f.cond();
      fwd.add(f.withBranches(fThen, fElse));
    } else if (ctx.inLoop()) {
      String stack = ctx.fresh("_c");
      ctx.hoistNew(stack, JType.ref(SUPPORT + "BooleanStack"));
      List<Stmt> t2 = new ArrayList<>();
      t2.add(new Stmt.ExprStmt(new Expr.Invoke(stack, null, "push", List.of(lit(true)), JType.VOID), 0));
      t2.addAll(fThen);
      List<Stmt> e2 = new ArrayList<>();
      e2.add(new Stmt.ExprStmt(new Expr.Invoke(stack, null, "push", List.of(lit(false)), JType.VOID), 0));
      e2.addAll(fElse);
      fwd.add(f.withBranches(t2, e2));
      decision = new Expr.Invoke(stack, null, "pop", List.of(), JType.BOOLEAN);
    } else {
      Expr.Var c = new Expr.Var(ctx.fresh("_c"), JType.BOOLEAN);
      ctx.hoist(c);
      List<Stmt> t2 = new ArrayList<>();
      t2.add(new Stmt.Assign(c, "=", lit(true), 0));
      t2.addAll(fThen);
      fwd.add(f.withBranches(t2, fElse));
      decision = c;
    }
    if (rThen.isEmpty()) {
      rev.add(new Stmt.If(not(decision), rElse, List.of(), 0));
    } else {
      rev.add(new Stmt.If(decision, rThen, rElse, 0));
    }
  }

  /**
   * A counted loop whose passive updates its reverse replays ({@link RecurrenceReplay}): the forward sweep
   * keeps each updated local's value on entry, once; the reverse sets it back, runs the trips in forward
   * order (each trip's reverse, then its updates again), and leaves the locals as they were on entry.
   */
  private void replayedLoop(Stmt.Loop l, LoopPlans.LoopInfo info, List<Stmt> updates, List<Stmt> fwd, List<Stmt> rev) {
    Set<String> updated = RecurrenceReplay.locals(updates);
    List<Stmt> entryPrefix = new ArrayList<>();
    List<Stmt> setEntry = new ArrayList<>();
    for (Stmt u : updates) {
      Expr.Var local = (Expr.Var) dev.adjoint.processor.analysis.Activity.targetOf(u);
      Expr entry = saves.keep(local, fwd, entryPrefix);
      setEntry.add(new Stmt.Assign(local, "=", entry, 0));
    }
    ctx.loopStack.add(info);
    ctx.nesting++;
    ctx.replaying.addAll(updated);
    List<Stmt> fBody = new ArrayList<>();
    List<Stmt> rBody = new ArrayList<>();
    statements.block(l.body(), fBody, rBody, false);
    ctx.replaying.removeAll(updated);
    ctx.nesting--;
    ctx.loopStack.remove(ctx.loopStack.size() - 1);
    fwd.add(l.withBody(fBody));
    List<Stmt> trip = new ArrayList<>(rBody);
    trip.addAll(updates);
    rev.addAll(entryPrefix);
    rev.addAll(setEntry);
    rev.add(new Stmt.Loop(-1, null, Stmt.LoopKind.FOR, l.init(), l.cond(), l.update(), trip, 0));
    rev.addAll(setEntry);
  }

  void loop(Stmt.Loop l, List<Stmt> fwd, List<Stmt> rev) {
    LoopPlans.LoopInfo info = loops.info(l.id());
    List<Stmt> updates = replay.updates(l);
    if (!updates.isEmpty()) {
      replayedLoop(l, info, updates, fwd, rev);
      return;
    }
    List<Stmt> fInit = new ArrayList<>();
    List<Stmt> rInit = new ArrayList<>();
    if (info.canonical()) {
      fInit.addAll(l.init());
    } else {
      ctx.nesting++;
      statements.block(l.init(), fInit, rInit, false);
      ctx.nesting--;
    }
    ctx.loopStack.add(info);
    ctx.nesting++;
    List<Stmt> fBody = new ArrayList<>();
    List<Stmt> rBody = new ArrayList<>();
    statements.block(l.body(), fBody, rBody, false);
    List<Stmt> fUpdate = new ArrayList<>();
    List<Stmt> rUpdate = new ArrayList<>();
    if (info.canonical()) {
      fUpdate.addAll(l.update());
    } else {
      statements.block(l.update(), fUpdate, rUpdate, false);
    }
    ctx.nesting--;
    ctx.loopStack.remove(ctx.loopStack.size() - 1);

    boolean reverseNeeded = !rBody.isEmpty() || !rUpdate.isEmpty();
    if (info.canonical()) {
      Stmt.Loop forwardLoop = new Stmt.Loop(l.id(), l.label(), l.kind(), fInit, l.cond(), fUpdate, fBody, l.line());
      fwd.add(forwardLoop);
      if (reverseNeeded && ctx.loopStack.isEmpty() && tripwise.planned(l.id())) {
        tripwise.built(forwardLoop, fBody, rBody);
      }
      if (reverseNeeded) {
        Stmt.Decl d = (Stmt.Decl) l.init().get(0);
        Expr.Binary c = (Expr.Binary) l.cond();
        boolean down = c.op().equals(">") || c.op().equals(">=");
        // the last trip's counter, from which the reverse runs back to the first trip's
        Expr last = c.right();
        if (c.op().equals("<") || c.op().equals(">")) {
          int step = down ? 1 : -1;
          last = c.right() instanceof Expr.Lit bound && bound.text().matches("\\d+")
              ? lit(Integer.parseInt(bound.text()) + step)
              : new Expr.Binary(down ? "+" : "-", c.right(), lit(1), JType.INT);
        }
        rev.add(new Stmt.Loop(-1, null, Stmt.LoopKind.FOR, List.of(new Stmt.Decl(d.var(), last, 0)),
            new Expr.Binary(down ? "<=" : ">=", d.var(), d.init(), JType.BOOLEAN),
            List.of(new Stmt.IncDec(d.var(), down ? "++" : "--", 0)), rBody, 0));
      }
      return;
    }
    fwd.addAll(fInit);
    if (!reverseNeeded) {
      fwd.add(new Stmt.Loop(l.id(), l.label(), l.kind(), List.of(), l.cond(), fUpdate, fBody, l.line()));
      rev.addAll(rInit);
      return;
    }
    Expr.Var counter = new Expr.Var(info.counterVar(), JType.INT);
    ctx.hoist(counter);
    fwd.add(new Stmt.Assign(counter, "=", lit(0), 0));
    Expr.Var broke = info.brokeVar() == null ? null : new Expr.Var(info.brokeVar(), JType.BOOLEAN);
    if (broke != null) {
      ctx.hoist(broke);
      fwd.add(new Stmt.Assign(broke, "=", lit(false), 0));
    }
    List<Stmt> body = new ArrayList<>();
    body.add(new Stmt.IncDec(counter, "++", 0));
    body.addAll(fBody);
    fwd.add(new Stmt.Loop(l.id(), l.label(), l.kind(), List.of(), l.cond(), fUpdate, body, l.line()));
    fwd.addAll(exitBookkeeping(info));

    List<Stmt> rLoopBody = new ArrayList<>();
    if (!rUpdate.isEmpty()) {
      if (broke != null) {
        rLoopBody.add(new Stmt.If(broke, List.of(new Stmt.Assign(broke, "=", lit(false), 0)), rUpdate, 0));
      } else {
        rLoopBody.addAll(rUpdate);
      }
    }
    rLoopBody.addAll(rBody);
    if (info.nestedInLoop()) {
      rev.add(new Stmt.Assign(counter, "=", new Expr.Invoke(info.counterStack(), null, "pop", List.of(), JType.INT), 0));
      if (broke != null) {
        rev.add(new Stmt.Assign(broke, "=", new Expr.Invoke(info.brokeStack(), null, "pop", List.of(), JType.BOOLEAN), 0));
      }
    }
    rev.add(new Stmt.Loop(-1, null, Stmt.LoopKind.FOR, List.of(), new Expr.Binary(">", counter, lit(0), JType.BOOLEAN),
        List.of(new Stmt.IncDec(counter, "--", 0)), rLoopBody, 0));
    rev.addAll(rInit);
  }

  /** After a loop (or before a jump out of it): save its trip count if it runs again in an outer loop. */
  private List<Stmt> exitBookkeeping(LoopPlans.LoopInfo info) {
    List<Stmt> out = new ArrayList<>();
    if (info.canonical()) {
      return out;
    }
    if (!ctx.isHoisted(info.counterVar())) {
      // the loop needs no reverse sweep: nothing recorded
      return out;
    }
    if (info.nestedInLoop()) {
      ctx.hoistNew(info.counterStack(), JType.ref(SUPPORT + "IntStack"));
      out.add(new Stmt.ExprStmt(new Expr.Invoke(info.counterStack(), null, "push", List.of(new Expr.Var(info.counterVar(), JType.INT)), JType.VOID), 0));
      if (info.brokeVar() != null) {
        ctx.hoistNew(info.brokeStack(), JType.ref(SUPPORT + "BooleanStack"));
        out.add(new Stmt.ExprStmt(new Expr.Invoke(info.brokeStack(), null, "push", List.of(new Expr.Var(info.brokeVar(), JType.BOOLEAN)), JType.VOID), 0));
      }
    }
    return out;
  }

  /**
   * Before a break or continue: loops it leaves early record that their last update did not run,
   * and save their trip counts (their code after the loop is skipped).
   */
  void jump(int target, boolean isBreak, List<Stmt> fwd) {
    for (int k = ctx.loopStack.size() - 1; k >= 0; k--) {
      LoopPlans.LoopInfo info = ctx.loopStack.get(k);
      if (info.id() == target) {
        if (isBreak && info.brokeVar() != null) {
          ctx.hoist(new Expr.Var(info.brokeVar(), JType.BOOLEAN));
          fwd.add(new Stmt.Assign(new Expr.Var(info.brokeVar(), JType.BOOLEAN), "=", lit(true), 0));
        }
        return;
      }
      if (info.brokeVar() != null) {
        ctx.hoist(new Expr.Var(info.brokeVar(), JType.BOOLEAN));
        fwd.add(new Stmt.Assign(new Expr.Var(info.brokeVar(), JType.BOOLEAN), "=", lit(true), 0));
      }
      if (info.counterVar() != null) {
        ctx.hoist(new Expr.Var(info.counterVar(), JType.INT));
      }
      if (info.nestedInLoop()) {
        fwd.addAll(exitBookkeeping(info));
      }
    }
  }
}
