package dev.adjoint.processor.transform;

import static dev.adjoint.processor.transform.Exprs.neg;
import static dev.adjoint.processor.transform.Exprs.zero;

import dev.adjoint.processor.analysis.Activity;
import dev.adjoint.processor.analysis.IrWalk;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.JType;
import dev.adjoint.processor.ir.Stmt;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds both sweeps of a block, statement by statement. The forward sweep is the statement plus what the
 * reverse reads of it (saves, recorded decisions, kept call values); the reverse sweep of the block is the
 * statements' reverses in reverse order, each first restoring what its statement overwrote, then
 * propagating its adjoint. Invariant: when the reverse sweep reaches a statement, every variable it reads
 * has the value it had right after that statement in the forward sweep.
 */
final class StatementReversal {
  private final ReverseContext ctx;
  private final Activity activity;
  private final ReverseReads reads;
  private final Saves saves;
  private final LoopPlans loops;
  private final ArrayReversal arrays;
  private final CallSplitting calls;
  private final AdjointPropagation propagation;
  private final ControlFlowReversal controlFlow;
  private final HeldValues held;
  private final TripwiseLoops tripwise;
  /** Per enclosing block: what the start of its reverse recomputes instead of restoring. */
  private final Deque<List<Stmt>> rematerialized = new ArrayDeque<>();
  private boolean suppressSave;
  /** The block being built pops a value its forward sweep pushed ({@link #keptAfterWrite}) at its reverse's start. */
  private boolean poppedAtBlockStart;

  StatementReversal(ReverseContext ctx, ReverseReads reads, Saves saves, LoopPlans loops, ArrayReversal arrays,
      CallSplitting calls, AdjointPropagation propagation, RecurrenceReplay replay, HeldValues held,
      TripwiseLoops tripwise) {
    this.held = held;
    this.tripwise = tripwise;
    this.ctx = ctx;
    this.activity = ctx.activity;
    this.reads = reads;
    this.saves = saves;
    this.loops = loops;
    this.arrays = arrays;
    this.calls = calls;
    this.propagation = propagation;
    this.controlFlow = new ControlFlowReversal(ctx, loops, this, saves, replay, tripwise);
  }

  /** The forward sweep (fwd) and reverse sweep (rev) of a block; topLevel for the method's body. */
  void block(List<Stmt> body, List<Stmt> fwd, List<Stmt> rev, boolean topLevel) {
    held.enter();
    if (!ctx.inLoop()) {
      registerHeldValues(body);
    }
    List<List<Stmt>> reversed = new ArrayList<>();
    List<Stmt> remat = new ArrayList<>();
    rematerialized.push(remat);
    boolean outerPopped = poppedAtBlockStart;
    poppedAtBlockStart = false;
    Set<String> freshArrays = new HashSet<>();
    Set<String> readArrays = new HashSet<>();
    List<Integer> starts = new ArrayList<>();
    for (int index = 0; index < body.size(); index++) {
      Stmt s = body.get(index);
      starts.add(fwd.size());
      Set<String> unreadAround = arrays.enterStatement(s, freshArrays, readArrays);
      Stmt.Loop refill = arrays.refill(s, body.subList(index + 1, body.size()));
      if (refill != null) {
        // the reverse of this block starts by running the fill loop again instead of restoring elements
        remat.add(refill);
      }
      List<Stmt> r = new ArrayList<>();
      if (topLevel && s.line() > 0) {
        fwd.add(new Stmt.Comment(ctx.method.fileName() + ":" + s.line()));
      }
      List<Stmt> restores = new ArrayList<>();
      List<String> covered = saves.saveReadsOf(s, fwd, restores);
      List<String> savedWhole = arrays.saveArraysFilledBy(s, fwd, restores);
      int forwardStart = fwd.size();
      boolean caching = calls.beginStatement(s);
      stmt(s, fwd, r);
      if (caching) {
        calls.endStatement(s, fwd, forwardStart, r);
      }
      arrays.endSavedWhole(savedWhole);
      arrays.leaveStatement(unreadAround);
      saves.uncover(covered);
      r.addAll(0, restores);
      if (topLevel && s.line() > 0 && !r.isEmpty()) {
        r.add(0, new Stmt.Comment(ctx.method.fileName() + ":" + s.line()));
      }
      reversed.add(r);
    }
    starts.add(fwd.size());
    if (topLevel) {
      tripwise.fuse(body, fwd, starts, reversed);
    }
    rematerialized.pop();
    Collections.reverse(reversed);
    if (!remat.isEmpty() && (poppedAtBlockStart || reversed.stream().anyMatch(r -> !r.isEmpty()))) {
      rev.addAll(remat); // (a value pushed in the forward sweep is always popped)
    }
    poppedAtBlockStart = outerPopped;
    reversed.forEach(rev::addAll);
    held.leave();
  }

  /**
   * Outside loops, a local declared {@code v = Math.f(u)} and never reassigned, u fixed, holds f(u) through
   * the whole reverse (its declaration runs once and nothing restores it): the block's rules needing f(u)
   * read v, before or after the declaration.
   */
  private void registerHeldValues(List<Stmt> body) {
    for (Stmt s : body) {
      if (s instanceof Stmt.Decl d && d.init() instanceof Expr.Call c && c.kind() == Expr.CallKind.MATH
          && c.args().size() == 1 && c.type().equals(JType.DOUBLE) && d.var().type().equals(JType.DOUBLE)
          && ctx.method.effectivelyFinal().contains(d.var().name())
          && loops.fixed(c.args().get(0), ctx.enclosingCounters())) {
        held.register(c.name(), c.args().get(0), d.var());
      }
    }
  }

  private void stmt(Stmt s, List<Stmt> fwd, List<Stmt> rev) {
    current = s;
    if (s instanceof Stmt.Decl d) {
      decl(d, fwd, rev);
    } else if (s instanceof Stmt.Assign a) {
      assign(a.target(), a.op(), a.value(), false, a.line(), fwd, rev);
    } else if (s instanceof Stmt.IncDec i) {
      incDec(i, fwd, rev);
    } else if (s instanceof Stmt.ExprStmt e && e.expr() instanceof Expr.Invoke push && Activity.isStackOperation(push, "push")
        && activity.isActiveStack(push.target())) {
      fwd.add(s);
      if (push.args().get(0) instanceof Expr.Var array && array.type().isArray()) {
        // a written-out reverse sweep's push of an array reference: its adjoint array goes on a stack beside it
        fwd.add(new Stmt.ExprStmt(new Expr.Invoke(propagation.adjointReferenceStack(push.target(), array.type()), null, "push",
            List.of(activity.isActive(array.name()) ? ctx.adjVar(array.name(), array.type()) : Exprs.zerosLike(array)),
            JType.VOID), 0));
      } else {
        // a written-out reverse sweep's push: the adjoint its pop left on the adjoint stack goes to the pushed value
        Expr.Var adjoint = new Expr.Var(ctx.fresh("_r"), JType.DOUBLE);
        rev.add(new Stmt.Decl(adjoint, new Expr.Invoke(propagation.adjointStack(push.target()), null, "pop", List.of(),
            JType.DOUBLE), 0));
        propagation.propagate(push.args().get(0), adjoint, rev);
      }
    } else if (s instanceof Stmt.ExprStmt || s instanceof Stmt.Throw || s instanceof Stmt.Assert) {
      fwd.add(s);
    } else if (s instanceof Stmt.If f) {
      controlFlow.ifStmt(f, fwd, rev);
    } else if (s instanceof Stmt.Loop l) {
      controlFlow.loop(l, fwd, rev);
    } else if (s instanceof Stmt.Break b) {
      controlFlow.jump(b.target(), true, fwd);
      fwd.add(s);
    } else if (s instanceof Stmt.Continue c) {
      controlFlow.jump(c.target(), false, fwd);
      fwd.add(s);
    } else if (s instanceof Stmt.Return r) {
      throw new IllegalStateException("return left after normalization");
    } else {
      fwd.add(s);
    }
  }

  /** The statement being transformed (whose element write may need no save, {@link ReverseReads#isNeededAt}). */
  private Stmt current;

  private void decl(Stmt.Decl d, List<Stmt> fwd, List<Stmt> rev) {
    Expr.Var v = d.var();
    boolean hoist = ctx.nesting > 0 && !loops.isCounter(v.name());
    if (!hoist && v.name().equals(Activity.RESULT) && v.type().isArray()) {
      fwd.add(d);
      arrays.resultArrayReverse(d.init(), rev);
      return;
    }
    if (!hoist && d.init() == null) {
      // definitely assigned for javac even where the forward sweep saves it before the first write
      d = new Stmt.Decl(v, zero(v.type()), d.line());
    }
    if (!hoist) {
      fwd.add(d);
      if (v.type().isArray() && activity.isActive(v.name())) {
        Expr adj = arrays.arrayAdjointOf(v, d.init());
        fwd.add(new Stmt.Decl(ctx.adjVar(v.name(), v.type()), adj, 0));
        arrays.arrayReverse(ctx.adjVar(v.name(), v.type()), d.init(), rev);
      } else if (d.init() != null) {
        // declared once, never reassigned: it holds its value through the whole reverse
        if (ctx.method.effectivelyFinal().contains(v.name())) {
          propagation.holdResult(d.init(), v);
        }
        reverseOfAssign(v, "=", d.init(), true, rev);
        propagation.holdResult(null, null);
      }
      return;
    }
    ctx.hoist(v);
    if (v.type().isArray() && activity.isActive(v.name())) {
      ctx.hoist(ctx.adjVar(v.name(), v.type()));
    }
    if (d.init() != null) {
      boolean remat = ctx.inLoop() && reads.isNeeded(v) && rematerializable(d);
      boolean keptAfter = !remat && ctx.inLoop() && reads.isNeeded(v) && keptAfterWrite(d);
      if (remat) {
        rematerialized.peek().add(new Stmt.Assign(v, "=", d.init(), 0));
      }
      suppressSave = remat || keptAfter;
      if (remat || keptAfter || !ctx.inLoop() && ctx.method.effectivelyFinal().contains(v.name())) {
        // v keeps this value through the whole reverse of its block (outside loops, a local declared in a
        // branch and never reassigned is written once): a rule in terms of its result reads v
        propagation.holdResult(d.init(), v);
      }
      assign(v, "=", d.init(), !ctx.inLoop(), d.line(), fwd, rev);
      propagation.holdResult(null, null);
      suppressSave = false;
      if (keptAfter) {
        rematerialized.peek().add(new Stmt.Assign(v, "=", saves.pushOnNewStack(v, v.type(), fwd), 0));
        poppedAtBlockStart = true;
      }
    }
  }

  /**
   * A local declared in a loop's block and never reassigned, that the reverse reads but cannot recompute
   * cheaply: its one value per execution of the block is pushed right after its declaration and popped at
   * the start of the block's reverse, where every statement after it in the block (the only ones that can
   * read it) finds it, so no statement restores it and a rule in terms of its result reads it instead of a
   * second copy of the same value.
   */
  private boolean keptAfterWrite(Stmt.Decl d) {
    JType t = d.var().type();
    return ctx.method.effectivelyFinal().contains(d.var().name()) && !t.isArray() && !t.isRecord()
        && (t.isFloating() || t.isIntegral() || t.isTensor());
  }

  /**
   * A local declared in a nested block, never reassigned, whose initializer reads only values that
   * stay fixed for the block's whole execution: the reverse sweep recomputes it at the start of the
   * block's reverse instead of saving it.
   */
  private boolean rematerializable(Stmt.Decl d) {
    if (d.init() == null || !ctx.method.effectivelyFinal().contains(d.var().name()) || d.var().type().isArray()
        || !IrWalk.isPure(d.init()) || CallSplitting.callsExpensiveMath(d.init())) {
      return false; // (a transcendental function costs more than the push and pop that keep its value)
    }
    Set<String> counters = ctx.enclosingCounters();
    boolean[] ok = {true};
    IrWalk.expressions(d.init(), x -> {
      if (x instanceof Expr.Var v && (!ctx.method.effectivelyFinal().contains(v.name()) || loops.changesPerTrip(v.name()))
          && !counters.contains(v.name())) {
        ok[0] = false;
      }
      if (x instanceof Expr.Index i) {
        String r = IrWalk.rootVar(i);
        if (r == null || ctx.writtenArrays.contains(activity.group(r))) {
          ok[0] = false;
        }
      }
      if (x instanceof Expr.Field) {
        ok[0] = false;
      }
    });
    return ok[0];
  }

  private void assign(Expr target, String op, Expr value, boolean firstDef, int line, List<Stmt> fwd, List<Stmt> rev) {
    if (target instanceof Expr.Var v && !ctx.declared.contains(v.name())) {
      ctx.hoist(v); // a flag introduced by the normalizer
    }
    String root = IrWalk.rootVar(target);
    boolean active = root != null && activity.isActive(root) && target.type().isDifferentiable();
    if (target.type().isArray()) {
      arrays.arrayRefAssign(target, op, value, firstDef, line, fwd, rev);
      return;
    }
    List<Stmt> restore = new ArrayList<>();
    boolean invertible = op.equals("+=") || op.equals("-=");
    // the old element of a fresh array that nothing has read up to here is never read in reverse either
    boolean unreadElement = op.equals("=") && target instanceof Expr.Index i && i.array() instanceof Expr.Var
        && arrays.isUnreadFresh(root);
    boolean savedWhole = target instanceof Expr.Index && arrays.isSavedWhole(root);
    boolean replayed = target instanceof Expr.Var v && ctx.replaying.contains(v.name());
    if (!firstDef && !suppressSave && !unreadElement && !savedWhole && !replayed && reads.isNeededAt(target, current)
        && !loops.isCounter(root)) {
      if (target.type().isIntegral() && invertible && target instanceof Expr.Var && value instanceof Expr.Lit) {
        restore.add(new Stmt.Assign(target, op.equals("+=") ? "-=" : "+=", value, 0));
      } else {
        saves.save(target, fwd, restore);
      }
    }
    fwd.add(new Stmt.Assign(target, op, value, line));
    rev.addAll(restore);
    if (active) {
      reverseOfAssign(target, op, value, firstDef, rev);
    }
  }

  private void incDec(Stmt.IncDec i, List<Stmt> fwd, List<Stmt> rev) {
    Expr target = i.target();
    String root = IrWalk.rootVar(target);
    boolean replayed = target instanceof Expr.Var v && ctx.replaying.contains(v.name());
    if (root != null && reads.isNeeded(target) && !loops.isCounter(root) && !replayed) {
      if (target.type().isIntegral()) {
        rev.add(new Stmt.IncDec(target, i.op().equals("++") ? "--" : "++", 0));
      } else {
        List<Stmt> restore = new ArrayList<>();
        saves.save(target, fwd, restore);
        rev.addAll(restore);
      }
    }
    fwd.add(i);
  }

  /** Adjoint propagation of {@code target op value}, run after target was restored. */
  private void reverseOfAssign(Expr target, String op, Expr value, boolean firstDef, List<Stmt> rev) {
    String root = IrWalk.rootVar(target);
    if (root == null || !activity.isActive(root)
        || !(target.type().isFloating() || target.type().isTensor() || target.type().isRecord())) {
      return;
    }
    Expr adj = ctx.adjLvalue(target);
    boolean readsTarget = target instanceof Expr.Var v ? IrWalk.reads(value, v.name()) : true;
    if (op.equals("+=") || op.equals("-=")) {
      // x += e keeps x's adjoint and adds it to e's; copy it first if e reads x (or another element)
      Expr seed = adj;
      if (readsTarget || adj instanceof Expr.Index) {
        Expr.Var r = new Expr.Var(ctx.fresh("_r"), adj.type());
        rev.add(new Stmt.Decl(r, adj, 0));
        seed = r;
      }
      propagation.propagate(value, op.equals("+=") ? seed : neg(seed), rev);
      return;
    }
    if (!op.equals("=")) {
      value = new Expr.Binary(op.substring(0, op.length() - 1), target, value, target.type());
      readsTarget = true;
    }
    if (readsTarget || adj instanceof Expr.Index) {
      Expr.Var r = new Expr.Var(ctx.fresh("_r"), adj.type());
      rev.add(new Stmt.Decl(r, adj, 0));
      rev.add(new Stmt.Assign(adj, "=", zero(adj.type()), 0));
      propagateUnlessZero(value, r, rev);
    } else {
      propagateUnlessZero(value, adj, rev);
      if (!firstDef) {
        rev.add(new Stmt.Assign(adj, "=", zero(adj.type()), 0));
      }
    }
  }

  /**
   * Propagates an adjoint into a value's operands; a tensor adjoint that has received nothing is null
   * (zero), so its propagation is skipped: no rule runs on a zero.
   */
  private void propagateUnlessZero(Expr value, Expr adjoint, List<Stmt> rev) {
    if (!adjoint.type().isTensor()) {
      propagation.propagate(value, adjoint, rev);
      return;
    }
    List<Stmt> inner = new ArrayList<>();
    propagation.propagate(value, adjoint, inner);
    if (!inner.isEmpty()) {
      rev.add(new Stmt.If(new Expr.Binary("!=", adjoint, new Expr.Lit("null", adjoint.type()), JType.BOOLEAN), inner, List.of(), 0));
    }
  }
}
