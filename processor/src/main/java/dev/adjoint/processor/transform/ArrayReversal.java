package dev.adjoint.processor.transform;

import static dev.adjoint.processor.transform.Exprs.zero;
import static dev.adjoint.processor.transform.Exprs.zerosLike;

import dev.adjoint.processor.DiagnosticId;
import dev.adjoint.processor.analysis.Activity;
import dev.adjoint.processor.analysis.IrWalk;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Stmt;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Local arrays: assigning an array variable (its adjoint array is allocated where the array is created,
 * shared by aliases), returning an array, and what spares saving elements one by one: a fresh array's
 * element nobody has read yet (a known zero), a whole array saved once around the loop that overwrites it,
 * an array whose fill loop the reverse runs again.
 */
final class ArrayReversal {
  private final ReverseContext ctx;
  private final Activity activity;
  private final ReverseReads reads;
  private final Saves saves;
  private final LoopPlans loops;
  private final AdjointPropagation propagation;
  /** Local arrays saved whole around the loop being transformed: its element writes save nothing. */
  private final Set<String> arraysSavedWhole = new HashSet<>();
  /** Fresh local arrays nothing has read yet at the top-level statement being transformed. */
  private Set<String> unreadFreshArrays = Set.of();

  ArrayReversal(ReverseContext ctx, ReverseReads reads, Saves saves, LoopPlans loops, AdjointPropagation propagation) {
    this.ctx = ctx;
    this.activity = ctx.activity;
    this.reads = reads;
    this.saves = saves;
    this.loops = loops;
    this.propagation = propagation;
  }

  // ------------------------------------------------------------------ fresh arrays

  /**
   * Before statement s of a block: adds s's fresh array to the block's freshArrays and what s reads to its
   * readArrays; the fresh arrays nothing has read yet are then known zeros ({@link #isUnreadFresh}), with
   * those of the statements around the block (a fresh array declared in a loop's body is a new one on each
   * trip: the previous trip's array is another object, which the reverse of this trip never touches), until
   * {@link #leaveStatement} with the set returned here.
   */
  Set<String> enterStatement(Stmt s, Set<String> freshArrays, Set<String> readArrays) {
    Set<String> around = unreadFreshArrays;
    if (isFreshArray(s)) {
      freshArrays.add(((Stmt.Decl) s).var().name());
    }
    readArrays.addAll(arraysRead(s, freshArrays));
    unreadFreshArrays = new HashSet<>(freshArrays);
    unreadFreshArrays.removeAll(readArrays);
    unreadFreshArrays.addAll(around);
    return around;
  }

  void leaveStatement(Set<String> around) {
    unreadFreshArrays = around;
  }

  /** The old element of a fresh array that nothing has read up to here is never read in reverse either. */
  boolean isUnreadFresh(String array) {
    return unreadFreshArrays.contains(array);
  }

  /**
   * {@code T[] a = new T[n]} (or an initializer) at the top level: a local array that is never
   * reassigned and never aliased, so its elements change only through {@code a[i] = ...}.
   */
  private boolean isFreshArray(Stmt s) {
    return s instanceof Stmt.Decl d && d.init() instanceof Expr.NewArray && d.var().type().rank() == 1
        && ctx.method.effectivelyFinal().contains(d.var().name()) && !activity.isExternal(d.var().name())
        && activity.group(d.var().name()).equals(d.var().name());
  }

  /**
   * The candidate arrays a statement (with everything nested in it) reads in any way other than as
   * the target of a plain element write {@code a[i] = e}.
   */
  private static Set<String> arraysRead(Stmt statement, Set<String> candidates) {
    Set<String> read = new HashSet<>();
    if (candidates.isEmpty()) {
      return read;
    }
    Consumer<Expr> visit = x -> {
      if (x instanceof Expr.Var v && candidates.contains(v.name())) {
        read.add(v.name());
      }
    };
    IrWalk.statements(List.of(statement), st -> {
      if (st instanceof Stmt.Assign a && a.op().equals("=") && a.target() instanceof Expr.Index target
          && target.array() instanceof Expr.Var) {
        IrWalk.expressions(target.index(), visit);
        IrWalk.expressions(a.value(), visit);
      } else {
        IrWalk.ownExpressions(st, visit);
      }
    });
    return read;
  }

  // ------------------------------------------------------------------ arrays saved whole

  /**
   * Before statement s: if it is a loop that overwrites whole local arrays ({@link #arraysFilledBy}), saves
   * each once; their element writes inside save nothing until {@link #endSavedWhole}. Returns those arrays.
   */
  List<String> saveArraysFilledBy(Stmt s, List<Stmt> fwd, List<Stmt> restores) {
    List<String> savedWhole = s instanceof Stmt.Loop l ? arraysFilledBy(l) : List.of();
    for (String a : savedWhole) {
      saves.saveWholeArray(new Expr.Var(a, ctx.varTypes.get(a)), fwd, restores);
    }
    arraysSavedWhole.addAll(savedWhole);
    return savedWhole;
  }

  void endSavedWhole(List<String> savedWhole) {
    savedWhole.forEach(arraysSavedWhole::remove);
  }

  boolean isSavedWhole(String array) {
    return arraysSavedWhole.contains(array);
  }

  /**
   * Local arrays whose every element the counted loop {@code for (int c = 0; c < n; c++) { ...
   * a[c] = e; ... }} overwrites ({@code n} being {@code a.length} or the length {@code a} was
   * allocated with), and whose values the loop's reverse never reads: one copy of the array
   * before the loop replaces a saved element per iteration.
   */
  private List<String> arraysFilledBy(Stmt.Loop l) {
    LoopPlans.LoopInfo info = loops.info(l.id());
    List<String> out = new ArrayList<>();
    if (info == null || !info.canonical() || !(l.init().get(0) instanceof Stmt.Decl init)
        || !(init.init() instanceof Expr.Lit zero) || !zero.text().equals("0")
        || !(l.cond() instanceof Expr.Binary cond) || !cond.op().equals("<")) {
      return out;
    }
    String counter = init.var().name();
    for (Stmt st : l.body()) {
      if (!(st instanceof Stmt.Assign a) || !a.op().equals("=") || !(a.target() instanceof Expr.Index idx)
          || !(idx.array() instanceof Expr.Var arr) || !(idx.index() instanceof Expr.Var c) || !c.name().equals(counter)
          || arr.type().rank() != 1 || out.contains(arr.name()) || arraysSavedWhole.contains(arr.name())) {
        continue;
      }
      String name = arr.name();
      if (!ctx.topLevelDecls.contains(name) || !ctx.method.effectivelyFinal().contains(name) || activity.isExternal(name)
          || !activity.group(name).equals(name) || !reads.isNeeded(idx) || unreadFreshArrays.contains(name)) {
        continue;
      }
      Expr length = allocatedLength(name);
      if (!cond.right().equals(new Expr.Length(arr)) && (length == null || !cond.right().equals(length))) {
        continue;
      }
      boolean[] readInReverse = {false};
      IrWalk.statements(List.of(l), inner -> {
        if (reads.reverseReadsOf(inner).contains(name)) {
          readInReverse[0] = true;
        }
      });
      if (!readInReverse[0]) {
        out.add(name);
      }
    }
    return out;
  }

  /** The length expression of {@code T[] name = new T[n]} at the top level, or null. */
  private Expr allocatedLength(String name) {
    for (Stmt st : ctx.body) {
      if (st instanceof Stmt.Decl d && d.var().name().equals(name) && d.init() instanceof Expr.NewArray n
          && n.dims().size() == 1 && n.elements() == null) {
        return n.dims().get(0);
      }
    }
    return null;
  }

  // ------------------------------------------------------------------ arrays refilled in reverse

  /**
   * Statement s of a block, followed by rest: if it is a loop that {@link #refillable refills} an array, the
   * loop the block's reverse runs first (instead of restoring elements); otherwise null.
   */
  Stmt.Loop refill(Stmt s, List<Stmt> rest) {
    // outside loops the fill runs once and nothing else writes the array: the reverse finds its values in place
    if (ctx.inLoop() && s instanceof Stmt.Loop l && refillable(l, rest)) {
      return new Stmt.Loop(l.id(), null, l.kind(), l.init(), l.cond(), l.update(), l.body(), 0);
    }
    return null;
  }

  /**
   * A counted loop {@code for (int j = A; j < B; j++) a[j] = e;} that is the only writer of the
   * local array {@code a}, with {@code e} computed from fixed values, and whose values the reverse
   * sweep reads only in the statements after it in the same block: the reverse of the block runs
   * the loop again, so no element needs saving. An array the reverse never reads is not filled again.
   */
  private boolean refillable(Stmt.Loop l, List<Stmt> rest) {
    LoopPlans.LoopInfo info = loops.info(l.id());
    if (info == null || !info.canonical() || l.body().size() != 1 || !(l.body().get(0) instanceof Stmt.Assign a)
        || !a.op().equals("=") || !(a.target() instanceof Expr.Index idx) || !(idx.array() instanceof Expr.Var arr)
        || !(idx.index() instanceof Expr.Var j) || arr.type().rank() != 1) {
      return false;
    }
    String counter = ((Stmt.Decl) l.init().get(0)).var().name();
    if (!reads.readByReverse(arr.name()) || !j.name().equals(counter) || !ctx.topLevelDecls.contains(arr.name()) || !ctx.method.effectivelyFinal().contains(arr.name())
        || activity.isExternal(arr.name()) || !activity.group(arr.name()).equals(arr.name()) || IrWalk.reads(a.value(), arr.name())) {
      return false;
    }
    Set<String> counters = new HashSet<>();
    counters.add(counter);
    counters.addAll(ctx.enclosingCounters());
    if (!loops.fixed(a.value(), counters)) {
      return false;
    }
    // the only element writes, and no alias of the array anywhere
    boolean[] ok = {true};
    Set<Stmt> inRest = Collections.newSetFromMap(new IdentityHashMap<>());
    IrWalk.statements(rest, inRest::add);
    IrWalk.statements(ctx.body, st -> {
      Expr t = st instanceof Stmt.Assign as ? as.target() : st instanceof Stmt.IncDec inc ? inc.target() : null;
      if (t instanceof Expr.Index && arr.name().equals(IrWalk.rootVar(t)) && st != a) {
        ok[0] = false;
      }
      Expr v = Activity.valueOf(st);
      if (v != null && Activity.targetOf(st) != null && Activity.targetOf(st).type().isArray() && IrWalk.reads(v, arr.name())) {
        ok[0] = false;
      }
      if (!(st instanceof Stmt.Loop) && !(st instanceof Stmt.If) && st != a && !inRest.contains(st)
          && reads.reverseReadsOf(st).contains(arr.name())) {
        ok[0] = false;
      }
    });
    if (ok[0]) {
      reads.refilled(arr.name());
    }
    return ok[0];
  }

  // ------------------------------------------------------------------ array variables and results

  /** {@code a = value} for an array variable (or a row of a multidimensional array). */
  void arrayRefAssign(Expr target, String op, Expr value, boolean firstDef, int line, List<Stmt> fwd, List<Stmt> rev) {
    String root = IrWalk.rootVar(target);
    boolean active = root != null && activity.isActive(root);
    if (!(target instanceof Expr.Var v)) {
      if (active) {
        ctx.sink.error(DiagnosticId.UNSUPPORTED, value, "replacing a row of an active multidimensional array (`" + root + "[...] = ...`) cannot be differentiated; write its elements instead");
      }
      fwd.add(new Stmt.Assign(target, op, value, line));
      return;
    }
    if (v.name().equals(Activity.RESULT)) {
      fwd.add(new Stmt.Assign(v, op, value, line));
      resultArrayReverse(value, rev);
      return;
    }
    List<Stmt> restore = new ArrayList<>();
    if (!firstDef && (reads.isNeeded(target) || active)) {
      saves.save(v, fwd, restore);
      if (active) {
        saves.save(ctx.adjVar(v.name(), v.type()), fwd, restore);
      }
    }
    fwd.add(new Stmt.Assign(v, op, value, line));
    if (active) {
      fwd.add(new Stmt.Assign(ctx.adjVar(v.name(), v.type()), "=", arrayAdjointOf(v, value), 0));
    }
    if (active && !restore.isEmpty()) {
      // the value's adjoint lives in the new adjoint array; the value's operands need the old state
      Expr.Var newAdjoint = new Expr.Var(ctx.fresh("_r"), v.type());
      rev.add(new Stmt.Decl(newAdjoint, ctx.adjVar(v.name(), v.type()), 0));
      rev.addAll(restore);
      arrayReverse(newAdjoint, value, rev);
    } else {
      rev.addAll(restore);
      if (active) {
        arrayReverse(ctx.adjVar(v.name(), v.type()), value, rev);
      }
    }
  }

  /** The reverse of returning an array: the seed array is the result's adjoint. */
  void resultArrayReverse(Expr value, List<Stmt> rev) {
    if (!activity.isActive(Activity.RESULT)) {
      return;
    }
    Expr.Var seed = new Expr.Var(ctx.seedName, ctx.method.result());
    if (value instanceof Expr.NewArray n && n.elements() != null) {
      propagation.initializerReverse(n, seed, rev);
    } else if (value instanceof Expr.Cond c) {
      List<Stmt> a = new ArrayList<>();
      List<Stmt> b = new ArrayList<>();
      resultArrayReverse(c.ifTrue(), a);
      resultArrayReverse(c.ifFalse(), b);
      rev.add(new Stmt.If(c.cond(), a, b, 0));
    } else {
      propagation.addArray(value, seed, rev);
    }
  }

  /**
   * The adjoint array for a new value of an array variable: shared storage for aliases, zeros otherwise; none for
   * {@code null} (an array a later assignment provides, as a written-out derivative's result).
   */
  Expr arrayAdjointOf(Expr.Var v, Expr value) {
    if (value instanceof Expr.Lit l && l.text().equals("null")) {
      return zero(v.type());
    }
    if (value instanceof Expr.Invoke pop && Activity.isStackOperation(pop, "pop") && activity.isActiveStack(pop.target())) {
      // a written-out reverse sweep's array popped back: the adjoint array pushed beside it
      return new Expr.Invoke(propagation.adjointReferenceStack(pop.target(), v.type()), null, "pop", List.of(), v.type());
    }
    Expr alias = value == null ? null : adjointAlias(value);
    return alias != null ? alias : value == null ? zero(v.type()) : zerosLike(v);
  }

  private Expr adjointAlias(Expr value) {
    if (value instanceof Expr.Var || value instanceof Expr.Index) {
      String r = IrWalk.rootVar(value);
      return r != null && activity.isActive(r) ? ctx.adjLvalue(value) : null;
    }
    if (value instanceof Expr.Cond c) {
      Expr a = adjointAlias(c.ifTrue());
      Expr b = adjointAlias(c.ifFalse());
      return a != null && b != null ? new Expr.Cond(c.cond(), a, b, c.type()) : null;
    }
    return null;
  }

  /** Propagates the adjoint array {@code adjoint} of a new array value into the value's operands. */
  void arrayReverse(Expr.Var adjoint, Expr value, List<Stmt> rev) {
    if (value instanceof Expr.NewArray n && n.elements() != null) {
      propagation.initializerReverse(n, adjoint, rev);
    } else if (value instanceof Expr.Call c && c.kind() == Expr.CallKind.ARRAY_CLONE && activity.isActive(c)) {
      propagation.addArray(c.receiver(), adjoint, rev);
    } else if (value instanceof Expr.Call c && activity.isActive(c)) {
      propagation.propagate(c, adjoint, rev);
    }
  }
}
