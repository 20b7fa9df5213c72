package dev.adjoint.processor.transform;

import dev.adjoint.processor.analysis.Activity;
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
 * Top-level counted loops whose trips share nothing but sums: {@code for (i...) { ...; loss += f(i); }} with
 * {@code loss} used after the loop only linearly in the returned value. Such a loop is reversed trip by trip:
 * each trip's reverse runs right after its forward, in the forward sweep, so what a trip saves is popped before
 * the next trip pushes (the tape holds one trip, in cache, instead of all of them), and the adjoint of the sum
 * is known before the loop starts (the seed times its coefficient in the result).
 *
 * <p>Plain reversal runs trip i's reverse after the reverses of every later trip and of the code after the loop.
 * Running it right after trip i's forward gives the same adjoints when no value flows from one trip into a
 * later one except through the sums, and the code after the loop neither reads what the loop writes (but the
 * sums, in the result) nor writes what the loop reads. The plan checks this on the method's IR:
 *
 * <ul>
 *   <li>each variable the loop writes is declared inside it, or is a sum: a local {@code double} or
 *       {@code float} of the top level that the loop only adds to ({@code +=}, {@code -=}) and never reads,
 *       or a counter: a local {@code int} or {@code long} of the top level the loop only steps ({@code k++},
 *       {@code k += e}), which the trips' reverses must then leave alone;
 *   <li>each array the loop writes is allocated inside it, or is a one-dimensional local array of the top level
 *       ({@code new double[b]}, {@code b} never reassigned, no other name for it) that the trip fills whole
 *       ({@code for (j = 0; j < b; j++) a[j] = ...}) before any statement of the trip reads it;
 *   <li>no jump leaves the loop, it calls nothing that might write an array, and it holds no tensor;
 *   <li>the method returns a {@code double} or {@code float}, set once by its last statement; the statements
 *       between the loop and that one neither read what the loop writes nor write what it reads, and the last
 *       reads nothing the loop writes but the sums.
 * </ul>
 *
 * <p>{@link #fuse} then checks the generated statements (a trip pushes values, so there is a tape to shorten; the
 * loop's reverse is its reverse loop alone; the result's reverse adds to each sum's adjoint a term that reads
 * nothing computed from the loop on) and rearranges them; otherwise the loop keeps its plain reversal. A trip that
 * saves nothing keeps it too: its plain reverse may be a vectorised run ({@link LoopIdioms}).
 */
final class TripwiseLoops {
  /**
   * A planned loop, its sums, and its counters: integer locals of the top level the trips only step
   * ({@code k++}, {@code k += e}); each trip reads the value the one before left, so no trip's reverse may
   * set them back.
   */
  record Plan(Set<String> sums, Set<String> counters) {}

  /**
   * The sweeps of a planned loop: its forward loop with each trip's reverse appended, the trip's two parts, and
   * whether the trip's forward sweep saves values (before the restores at the start of its reverse were dropped).
   */
  record Fused(Stmt.Loop loop, List<Stmt> tripForward, List<Stmt> tripReverse, boolean saves) {}

  private final Map<Integer, Plan> plans = new HashMap<>();
  private final Map<Integer, Fused> fused = new HashMap<>();

  private TripwiseLoops() {}

  /** Plans the top-level loops of a normalized body. */
  static TripwiseLoops plan(ReverseContext ctx, LoopPlans loops, RecurrenceReplay replay, List<Stmt> body) {
    TripwiseLoops out = new TripwiseLoops();
    JType result = ctx.method.result();
    if (body.isEmpty() || result.rank() != 0 || !(result.equals(JType.DOUBLE) || result.equals(JType.FLOAT))
        || ctx.forCallers) {
      return out;
    }
    Stmt last = body.get(body.size() - 1);
    if (!setsResult(last) || countResultWrites(body) != 1) {
      return out;
    }
    for (int index = 0; index < body.size() - 1; index++) {
      if (body.get(index) instanceof Stmt.Loop l) {
        LoopPlans.LoopInfo info = loops.info(l.id());
        if (info != null && info.canonical() && replay.updates(l).isEmpty()) {
          Analysis analysis = new Analysis(ctx, body, index);
          Set<String> sums = analysis.sums();
          if (sums != null) {
            out.plans.put(l.id(), new Plan(sums, Set.copyOf(analysis.counters)));
          }
        }
      }
    }
    return out;
  }

  boolean planned(int loopId) {
    return plans.containsKey(loopId);
  }

  /** Keeps the sweeps of a planned loop, built by {@link ControlFlowReversal}. */
  void built(Stmt.Loop forward, List<Stmt> forwardBody, List<Stmt> reverseBody) {
    List<Stmt> tripForward = new ArrayList<>(forwardBody);
    List<Stmt> tripReverse = new ArrayList<>(reverseBody);
    dropRestoresOfUnchangedValues(tripForward, tripReverse);
    List<Stmt> trip = new ArrayList<>(tripForward);
    trip.addAll(tripReverse);
    fused.put(forward.id(), new Fused(
        forward.withBody(trip),
        List.copyOf(tripForward), List.copyOf(tripReverse), pushes(forwardBody)));
  }

  /**
   * A trip's reverse starts by restoring what the trip's last statements overwrote; run right after the trip, a
   * restored value is often the one the variable still holds. Drops a leading {@code v = _tN.pop()} with the
   * trip's last {@code _tN.push(v)} when nothing after that push writes v or uses the stack, and a leading
   * {@code v = e} (a value computed again) when the trip's last write of v is {@code v = e} and nothing after it
   * writes v or what e reads. A leading {@code T k = _tN.pop()} whose value the trip's last use of the stack
   * pushed ({@code _tN.push(e)}) becomes {@code T k = e} where the push was: the same value at the same point,
   * without the stack; when e is a local that still holds it, the reverse reads that local instead of k.
   */
  private static void dropRestoresOfUnchangedValues(List<Stmt> forward, List<Stmt> reverse) {
    keepTripLocalRecords(forward, reverse);
    while (!reverse.isEmpty() && reverse.get(0) instanceof Stmt.Decl d && d.init() instanceof Expr.Invoke pop
        && pop.method().equals("pop") && pop.args().isEmpty() && pop.target() != null) {
      int push = lastStatementUsing(forward, pop.target());
      if (push < 0 || !(forward.get(push) instanceof Stmt.ExprStmt e) || !(e.expr() instanceof Expr.Invoke i)
          || !i.method().equals("push") || !pop.target().equals(i.target()) || i.args().size() != 1) {
        break;
      }
      reverse.remove(0);
      Expr pushed = i.args().get(0);
      if (pushed instanceof Expr.Var held && pushed.type().equals(d.var().type())
          && !writesAfter(forward, push, Set.of(held.name())) && !IrWalk.assignedNames(reverse).contains(held.name())
          && !IrWalk.assignedNames(reverse).contains(d.var().name())) {
        // a local that still holds the value: the reverse reads it
        forward.remove(push);
        List<Stmt> renamed = IrRewriter.rewriteAll(reverse,
            x -> x instanceof Expr.Var v && v.name().equals(d.var().name()) ? held : null);
        reverse.clear();
        reverse.addAll(renamed);
      } else {
        forward.set(push, new Stmt.Decl(d.var(), pushed, e.line()));
      }
    }
    while (!reverse.isEmpty() && reverse.get(0) instanceof Stmt.Assign a && a.op().equals("=")
        && a.target() instanceof Expr.Var v) {
      if (a.value() instanceof Expr.Invoke pop && pop.method().equals("pop") && pop.args().isEmpty() && pop.target() != null) {
        int push = lastStatementUsing(forward, pop.target());
        if (push < 0 || !(forward.get(push) instanceof Stmt.ExprStmt e) || !(e.expr() instanceof Expr.Invoke i)
            || !i.method().equals("push") || !pop.target().equals(i.target()) || i.args().size() != 1
            || !(i.args().get(0) instanceof Expr.Var pushed) || !pushed.name().equals(v.name())
            || writesAfter(forward, push, Set.of(v.name()))) {
          return;
        }
        forward.remove(push);
        reverse.remove(0);
      } else if (recomputable(a.value())) {
        int last = lastWriteOf(forward, v.name());
        Set<String> reads = new HashSet<>(IrWalk.mentionedNames(List.of(new Stmt.ExprStmt(a.value(), 0))));
        reads.add(v.name());
        if (last < 0 || !(forward.get(last) instanceof Stmt.Assign w) || !w.op().equals("=") || !w.value().equals(a.value())
            || writesAfter(forward, last, reads)) {
          return;
        }
        reverse.remove(0);
      } else {
        return;
      }
    }
  }

  /**
   * A callee's forward record pushed by the trip and popped by its reverse, the stack's only two uses in the
   * trip ({@code _t0.push(_f0)} ... {@code Object _k0 = _t0.pop()}): the reverse reads the record's local
   * instead, as it would at the top level.
   */
  private static void keepTripLocalRecords(List<Stmt> forward, List<Stmt> reverse) {
    for (int r = 0; r < reverse.size(); r++) {
      if (!(reverse.get(r) instanceof Stmt.Decl d && d.init() instanceof Expr.Invoke pop && pop.method().equals("pop")
          && pop.args().isEmpty() && pop.target() != null)) {
        continue;
      }
      int push = lastStatementUsing(forward, pop.target());
      if (push < 0 || uses(forward, pop.target()) != 1 || uses(reverse, pop.target()) != 1
          || !(forward.get(push) instanceof Stmt.ExprStmt e) || !(e.expr() instanceof Expr.Invoke i)
          || !i.method().equals("push") || i.args().size() != 1 || !(i.args().get(0) instanceof Expr.Var held)
          || !held.name().startsWith("_f") || writesAfter(forward, push, Set.of(held.name()))
          || IrWalk.assignedNames(reverse).contains(held.name()) || IrWalk.assignedNames(reverse.subList(r + 1, reverse.size())).contains(d.var().name())) {
        continue;
      }
      forward.remove(push);
      reverse.remove(r);
      List<Stmt> renamed = IrRewriter.rewriteAll(reverse, x -> x instanceof Expr.Var v && v.name().equals(d.var().name()) ? held : null);
      reverse.clear();
      reverse.addAll(renamed);
      r--;
    }
  }

  /** How many calls of the stack's methods the statements make (nested ones included). */
  private static int uses(List<Stmt> stmts, String stack) {
    int[] n = {0};
    IrWalk.statements(stmts, st -> IrWalk.ownExpressions(st, e -> {
      if (e instanceof Expr.Invoke i && stack.equals(i.target())) {
        n[0]++;
      }
    }));
    return n[0];
  }

  /** No calls, allocations or stack operations: the same expression gives the same value from the same variables. */
  private static boolean recomputable(Expr e) {
    boolean[] ok = {true};
    IrWalk.expressions(e, x -> {
      if (x instanceof Expr.Invoke || x instanceof Expr.NewObject || x instanceof Expr.NewArray
          || x instanceof Expr.Call c && c.kind() != Expr.CallKind.MATH) {
        ok[0] = false;
      }
    });
    return ok[0];
  }

  /** The index of the last top-level statement that calls a method of the stack (in it or nested), or -1. */
  private static int lastStatementUsing(List<Stmt> stmts, String stack) {
    for (int k = stmts.size() - 1; k >= 0; k--) {
      boolean[] uses = {false};
      IrWalk.statements(List.of(stmts.get(k)), st -> IrWalk.ownExpressions(st, e -> {
        if (e instanceof Expr.Invoke i && stack.equals(i.target())) {
          uses[0] = true;
        }
      }));
      if (uses[0]) {
        return k;
      }
    }
    return -1;
  }

  /** The index of the last top-level statement that writes the variable (in it or nested), or -1. */
  private static int lastWriteOf(List<Stmt> stmts, String name) {
    for (int k = stmts.size() - 1; k >= 0; k--) {
      if (IrWalk.assignedNames(List.of(stmts.get(k))).contains(name)) {
        return k;
      }
    }
    return -1;
  }

  /** True if a statement after index k writes one of the names. */
  private static boolean writesAfter(List<Stmt> stmts, int k, Set<String> names) {
    return IrWalk.assignedNames(stmts.subList(k + 1, stmts.size())).stream().anyMatch(names::contains);
  }

  /**
   * Rearranges the top-level sweeps for every planned loop whose generated statements allow it.
   *
   * @param body the top-level statements
   * @param fwd the forward sweep, changed in place
   * @param starts per statement, where its forward statements start in {@code fwd} (one more entry: the end)
   * @param reversed per statement (in body order), its reverse statements, changed in place
   */
  void fuse(List<Stmt> body, List<Stmt> fwd, List<Integer> starts, List<List<Stmt>> reversed) {
    int last = body.size() - 1;
    // the planned loops last to first, so that earlier forward slices keep their positions
    for (int index = last - 1; index >= 0; index--) {
      if (!(body.get(index) instanceof Stmt.Loop l) || !fused.containsKey(l.id())) {
        continue;
      }
      Plan plan = plans.get(l.id());
      Fused f = fused.get(l.id());
      List<Stmt> loopReverse = reversed.get(index);
      List<Stmt> reverseLoops = loopReverse.stream().filter(s -> !(s instanceof Stmt.Comment)).toList();
      if (reverseLoops.size() != 1 || !(reverseLoops.get(0) instanceof Stmt.Loop)) {
        continue;
      }
      List<Stmt> forwardSlice = fwd.subList(starts.get(index), starts.get(index + 1));
      int at = -1;
      for (int k = 0; k < forwardSlice.size(); k++) {
        if (forwardSlice.get(k) instanceof Stmt.Loop fl && fl.id() == l.id()) {
          at = k;
        }
      }
      if (at < 0) {
        continue;
      }
      if (!f.saves()) {
        // a trip that saves nothing leaves no tape to shorten, and its plain reverse may be a vectorised run
        continue;
      }
      // what the code from the loop on computes: the sums' seeds and the fused trips may not read it
      Set<String> computedAfter = IrWalk.assignedNames(fwd.subList(starts.get(index + 1), starts.get(last + 1)));
      Set<String> computedFromLoop = new HashSet<>(computedAfter);
      computedFromLoop.addAll(IrWalk.assignedNames(forwardSlice));
      reversed.forEach(r -> computedFromLoop.addAll(IrWalk.assignedNames(r)));
      Set<String> tripDecls = topLevelDecls(f.tripForward());
      // (adjoints are exempt: the plan's checks on the IR are what make their order free)
      if (IrWalk.mentionedNames(List.of(f.loop())).stream().anyMatch(n -> computedAfter.contains(n) && !n.startsWith("_d_"))
          || assignsAny(f.tripReverse(), plan.sums()) || assignsAny(f.tripReverse(), plan.counters())
          || topLevelDecls(f.tripReverse()).stream().anyMatch(tripDecls::contains)) {
        continue;
      }
      List<Stmt> resultReverse = reversed.get(last);
      List<Stmt> seeds = new ArrayList<>();
      boolean ok = true;
      for (Stmt s : resultReverse) {
        if (mentionsAny(s, adjointsOf(plan.sums()))) {
          if (s instanceof Stmt.Assign a && a.target() instanceof Expr.Var v && plan.sums().contains(v.name().substring(3))
              && (a.op().equals("+=") || a.op().equals("-=")) && readsOnly(a.value(), computedFromLoop)) {
            seeds.add(s);
          } else {
            ok = false;
          }
        }
      }
      if (!ok) {
        continue;
      }
      resultReverse.removeAll(seeds);
      if (resultReverse.stream().allMatch(s -> s instanceof Stmt.Comment)) {
        resultReverse.clear(); // nothing left but its line's comment
      }
      loopReverse.clear();
      List<Stmt> replacement = new ArrayList<>(seeds);
      replacement.add(new Stmt.Comment("each trip's reverse right after it: the trips share nothing but sums"));
      replacement.add(f.loop());
      forwardSlice.remove(at);
      forwardSlice.addAll(at, replacement);
      int shift = replacement.size() - 1;
      for (int k = index + 1; k < starts.size(); k++) {
        starts.set(k, starts.get(k) + shift);
      }
    }
  }

  private static Set<String> adjointsOf(Set<String> sums) {
    Set<String> out = new HashSet<>();
    for (String s : sums) {
      out.add("_d_" + s);
    }
    return out;
  }

  private static boolean mentionsAny(Stmt s, Set<String> names) {
    return IrWalk.mentionedNames(List.of(s)).stream().anyMatch(names::contains) || IrWalk.assignedNames(List.of(s)).stream().anyMatch(names::contains);
  }

  /** True if e reads no adjoint and no name of {@code computed}, and calls nothing. */
  private static boolean readsOnly(Expr e, Set<String> computed) {
    boolean[] ok = {true};
    IrWalk.expressions(e, x -> {
      if (x instanceof Expr.Var v && (v.name().startsWith("_d_") || computed.contains(v.name()))) {
        ok[0] = false;
      }
      if (x instanceof Expr.Call || x instanceof Expr.Invoke || x instanceof Expr.NewObject || x instanceof Expr.NewArray) {
        ok[0] = false;
      }
    });
    return ok[0];
  }

  /** True if the statements push a value on a stack. */
  private static boolean pushes(List<Stmt> stmts) {
    boolean[] found = {false};
    IrWalk.statements(stmts, s -> IrWalk.ownExpressions(s, e -> {
      if (e instanceof Expr.Invoke i && i.method().equals("push")) {
        found[0] = true;
      }
    }));
    return found[0];
  }

  private static Set<String> topLevelDecls(List<Stmt> stmts) {
    Set<String> out = new HashSet<>();
    for (Stmt s : stmts) {
      if (s instanceof Stmt.Decl d) {
        out.add(d.var().name());
      }
    }
    return out;
  }

  private static boolean assignsAny(List<Stmt> stmts, Set<String> names) {
    return IrWalk.assignedNames(stmts).stream().anyMatch(names::contains);
  }

  /** A call the transform does not differentiate may write into an array it is handed. */
  private static boolean mayWriteArray(Expr e) {
    return e instanceof Expr.Call c && c.kind() != Expr.CallKind.MATH && c.kind() != Expr.CallKind.DIFFERENTIABLE
        && c.kind() != Expr.CallKind.WITHOUT_DERIVATIVE && c.kind() != Expr.CallKind.ARRAY_CLONE
        && c.operands().stream().anyMatch(a -> a.type() != null && a.type().isArray());
  }

  private static boolean setsResult(Stmt s) {
    if (s instanceof Stmt.Decl d) {
      return d.var().name().equals(Activity.RESULT);
    }
    return s instanceof Stmt.Assign a && a.op().equals("=") && a.target() instanceof Expr.Var v && v.name().equals(Activity.RESULT);
  }

  private static int countResultWrites(List<Stmt> body) {
    int[] n = {0};
    IrWalk.statements(body, s -> {
      Expr t = IrWalk.writeTarget(s);
      if (s instanceof Stmt.Decl d && d.var().name().equals(Activity.RESULT) || t instanceof Expr.Var v && v.name().equals(Activity.RESULT)) {
        n[0]++;
      }
    });
    return n[0];
  }

  /** The checks on the IR of one top-level loop. */
  private static final class Analysis {
    private final ReverseContext ctx;
    private final List<Stmt> body;
    private final int index;
    private final Stmt.Loop loop;
    /** Names declared inside the loop (its counter too): a fresh variable every trip. */
    private final Set<String> local = new HashSet<>();
    private final Set<String> sums = new HashSet<>();
    private final Set<String> counters = new HashSet<>();
    /** Top-level arrays the loop writes, each filled whole by every trip before it is read. */
    private final Set<String> refilled = new HashSet<>();
    /** Variables some statement of the method assigns (not only declares). */
    private final Set<String> reassigned = new HashSet<>();
    private boolean refused;

    Analysis(ReverseContext ctx, List<Stmt> body, int index) {
      this.ctx = ctx;
      this.body = body;
      this.index = index;
      this.loop = (Stmt.Loop) body.get(index);
      IrWalk.statements(body, s -> {
        if (IrWalk.writeTarget(s) instanceof Expr.Var v) {
          reassigned.add(v.name());
        }
      });
    }

    /** The sums, or null if the loop is not reversed trip by trip. */
    Set<String> sums() {
      IrWalk.statements(loop.init(), s -> {
        if (s instanceof Stmt.Decl d) {
          local.add(d.var().name());
        }
      });
      IrWalk.statements(loop.body(), s -> {
        if (s instanceof Stmt.Decl d) {
          local.add(d.var().name());
        }
      });
      IrWalk.statements(loop.body(), this::checkStatement);
      if (refused) {
        return null;
      }
      checkSumsOnlyAdded();
      checkRefilledBeforeRead();
      if (refused || !tailIndependent()) {
        return null;
      }
      return Set.copyOf(sums);
    }

    private void checkStatement(Stmt s) {
      if (s instanceof Stmt.Break || s instanceof Stmt.Continue) {
        Integer target = s instanceof Stmt.Break b ? b.target() : ((Stmt.Continue) s).target();
        if (target == loop.id()) {
          refused = true;
        }
      } else if (s instanceof Stmt.Return) {
        refused = true;
      }
      IrWalk.ownExpressions(s, e -> {
        if (e.equals(Activity.targetOf(s)) && e instanceof Expr.Var) {
          return;
        }
        JType type = e.type();
        if (type != null && type.isTensorBase()) {
          refused = true;
        }
        if (e instanceof Expr.Field f && !isJavaLangConstant(f)) {
          refused = true;
        }
        if (e instanceof Expr.Invoke i && i.target() != null) {
          // a written-out reverse sweep's stack: the reverses of its pushes wait for those of its pops
          refused = true;
        }
        if (mayWriteArray(e)) {
          refused = true;
        }
      });
      Expr target = IrWalk.writeTarget(s);
      if (target == null) {
        return;
      }
      if (target instanceof Expr.Var v) {
        if (local.contains(v.name())) {
          return;
        }
        JType t = v.type();
        boolean steps = s instanceof Stmt.IncDec
            || s instanceof Stmt.Assign a && (a.op().equals("+=") || a.op().equals("-=")) && !IrWalk.reads(a.value(), v.name());
        if (steps && (t.equals(JType.INT) || t.equals(JType.LONG)) && ctx.topLevelDecls.contains(v.name())) {
          counters.add(v.name());
          return;
        }
        if (s instanceof Stmt.Assign a && (a.op().equals("+=") || a.op().equals("-=")) && t.rank() == 0
            && (t.equals(JType.DOUBLE) || t.equals(JType.FLOAT)) && ctx.topLevelDecls.contains(v.name())) {
          sums.add(v.name());
          return;
        }
        refused = true;
        return;
      }
      String root = IrWalk.rootVar(target);
      if (root == null) {
        refused = true;
        return;
      }
      if (local.contains(root) && freshLocalArray(root)) {
        return;
      }
      if (target instanceof Expr.Index i && i.array() instanceof Expr.Var && ctx.topLevelDecls.contains(root)
          && allocationBound(root) != null && onlyName(root)) {
        refilled.add(root);
        return;
      }
      refused = true;
    }

    /** {@code Double.POSITIVE_INFINITY}, {@code Math.PI}, ...: a static final field of java.lang, the same in every trip. */
    private static boolean isJavaLangConstant(Expr.Field f) {
      return f.target() == null && f.owner() != null && f.owner().startsWith("java.lang.")
          && f.owner().indexOf('.', "java.lang.".length()) < 0;
    }

    /** A local array of the loop, declared with a new array and never given another (so no name outside shares it). */
    private boolean freshLocalArray(String name) {
      boolean[] fresh = {false};
      boolean[] reassigned = {false};
      IrWalk.statements(loop.body(), s -> {
        if (s instanceof Stmt.Decl d && d.var().name().equals(name) && d.init() instanceof Expr.NewArray) {
          fresh[0] = true;
        }
        if (s instanceof Stmt.Assign a && a.target() instanceof Expr.Var v && v.name().equals(name)) {
          reassigned[0] = true;
        }
      });
      return fresh[0] && !reassigned[0] && onlyName(name);
    }

    /** No other variable may hold the array (its alias group is itself). */
    private boolean onlyName(String name) {
      String group = ctx.activity.group(name);
      for (String other : ctx.varTypes.keySet()) {
        if (!other.equals(name) && ctx.varTypes.get(other).isArray() && ctx.activity.group(other).equals(group)) {
          return false;
        }
      }
      return !ctx.method.params().stream().anyMatch(p -> p.name().equals(name));
    }

    /** The length {@code b} of a top-level {@code double[] a = new double[b]} before the loop, b never reassigned; else null. */
    private Expr allocationBound(String name) {
      for (int k = 0; k < index; k++) {
        if (body.get(k) instanceof Stmt.Decl d && d.var().name().equals(name) && d.var().type().rank() == 1
            && d.init() instanceof Expr.NewArray n && n.elements() == null && n.dims().size() == 1
            && fixed(n.dims().get(0))) {
          if (reassigned.contains(name)) {
            return null;
          }
          return n.dims().get(0);
        }
      }
      return null;
    }

    /** An int expression of literals and variables no statement assigns. */
    private boolean fixed(Expr e) {
      boolean[] ok = {true};
      IrWalk.expressions(e, x -> {
        if (x instanceof Expr.Var v && reassigned.contains(v.name())) {
          ok[0] = false;
        }
        if (x instanceof Expr.Call || x instanceof Expr.Invoke || x instanceof Expr.Index || x instanceof Expr.Field) {
          ok[0] = false;
        }
      });
      return ok[0];
    }

    /** A sum is never read in the loop: only added to, by values that do not read it. */
    private void checkSumsOnlyAdded() {
      for (String sum : sums) {
        IrWalk.statements(loop.body(), s -> {
          boolean addsTo = s instanceof Stmt.Assign a && a.target() instanceof Expr.Var v && v.name().equals(sum)
              && (a.op().equals("+=") || a.op().equals("-="));
          Expr target = Activity.targetOf(s);
          if (s instanceof Stmt.Assign a && target instanceof Expr.Var v && v.name().equals(sum) && !addsTo) {
            refused = true;
          }
          IrWalk.ownExpressions(s, e -> {
            if (e instanceof Expr.Var v && v.name().equals(sum) && !(addsTo && e == ((Stmt.Assign) s).target())) {
              refused = true;
            }
          });
        });
        IrWalk.statements(loop.init(), s -> refused |= IrWalk.reads(Activity.valueOf(s), sum));
        IrWalk.expressions(loop.cond(), e -> refused |= e instanceof Expr.Var v && v.name().equals(sum));
      }
    }

    /** Each read of a refilled array comes after a statement of the trip that fills it whole. */
    private void checkRefilledBeforeRead() {
      if (!refilled.isEmpty()) {
        walk(loop.body(), new HashSet<>());
      }
    }

    private void walk(List<Stmt> block, Set<String> filled) {
      Set<String> here = new HashSet<>(filled);
      for (Stmt s : block) {
        for (String a : refilled) {
          if (!here.contains(a) && readsContents(s, a)) {
            refused = true;
          }
        }
        if (s instanceof Stmt.If f) {
          walk(f.then(), here);
          walk(f.otherwise(), here);
        } else if (s instanceof Stmt.Loop l) {
          walk(l.init(), here);
          walk(l.body(), here);
          walk(l.update(), here);
        }
        for (String a : refilled) {
          if (fillsWhole(s, a)) {
            here.add(a);
          }
        }
      }
    }

    /** The statement's own expressions read elements of a (or pass it on whole); writing a[j] = v reads nothing of a. */
    private static boolean readsContents(Stmt s, String array) {
      boolean[] reads = {false};
      Expr target = s instanceof Stmt.Assign a && a.op().equals("=") ? a.target() : null;
      IrWalk.ownExpressions(s, e -> {
        if (e == target) {
          return;
        }
        if (e instanceof Expr.Var v && v.name().equals(array) && !isLengthOrWrittenArray(s, v)) {
          reads[0] = true;
        }
      });
      if (target instanceof Expr.Index i && IrWalk.reads(i.index(), array)) {
        reads[0] = true;
      }
      return reads[0];
    }

    /** The variable as the operand of {@code a.length}, or as the array of the statement's own {@code a[j] = v}. */
    private static boolean isLengthOrWrittenArray(Stmt s, Expr.Var v) {
      boolean[] found = {false};
      IrWalk.ownExpressions(s, e -> {
        if (e instanceof Expr.Length l && l.array() == v) {
          found[0] = true;
        }
      });
      if (s instanceof Stmt.Assign a && a.op().equals("=") && a.target() instanceof Expr.Index i && i.array() == v) {
        found[0] = true;
      }
      return found[0];
    }

    /** {@code for (int j = 0; j < b; j++) { ...; a[j] = v; ... }}: b the array's length, the write unconditional. */
    private boolean fillsWhole(Stmt s, String array) {
      if (!(s instanceof Stmt.Loop l) || l.init().size() != 1 || !(l.init().get(0) instanceof Stmt.Decl d)
          || !"0".equals(d.init() instanceof Expr.Lit lit ? lit.text() : null)
          || !(l.cond() instanceof Expr.Binary c) || !c.op().equals("<") || !(c.left() instanceof Expr.Var j)
          || !j.name().equals(d.var().name()) || !c.right().equals(allocationBound(array))
          || l.update().size() != 1 || !(l.update().get(0) instanceof Stmt.IncDec inc) || !inc.op().equals("++")
          || !(inc.target() instanceof Expr.Var jv) || !jv.name().equals(j.name())) {
        return false;
      }
      boolean[] jumps = {false};
      boolean[] counterWritten = {false};
      IrWalk.statements(l.body(), st -> {
        jumps[0] |= st instanceof Stmt.Break || st instanceof Stmt.Continue || st instanceof Stmt.Return;
        Expr t = Activity.targetOf(st);
        counterWritten[0] |= t instanceof Expr.Var v && v.name().equals(j.name());
      });
      if (jumps[0] || counterWritten[0]) {
        return false;
      }
      for (Stmt st : l.body()) {
        if (st instanceof Stmt.Assign a && a.op().equals("=") && a.target() instanceof Expr.Index i
            && i.array() instanceof Expr.Var av && av.name().equals(array)
            && i.index() instanceof Expr.Var iv && iv.name().equals(j.name())) {
          return true;
        }
      }
      return false;
    }

    /**
     * The statements between the loop and the last neither read what the loop writes nor write what it reads;
     * the last reads nothing the loop writes but the sums.
     */
    private boolean tailIndependent() {
      Set<String> loopWrites = new HashSet<>(sums);
      loopWrites.addAll(counters);
      loopWrites.addAll(refilled);
      Set<String> loopReads = groups(IrWalk.mentionedNames(List.of(loop)));
      loopReads.removeAll(local);
      Set<String> writesGroups = groups(loopWrites);
      List<Stmt> between = body.subList(index + 1, body.size() - 1);
      Set<String> tailWrites = groups(IrWalk.assignedNames(between));
      Set<String> tailReads = groups(IrWalk.mentionedNames(between));
      boolean[] callWrites = {false};
      IrWalk.statements(between, s -> IrWalk.ownExpressions(s, e -> callWrites[0] |= mayWriteArray(e)));
      if (callWrites[0]) {
        return false;
      }
      for (String w : tailWrites) {
        if (loopReads.contains(w) || writesGroups.contains(w)) {
          return false;
        }
      }
      for (String r : tailReads) {
        if (writesGroups.contains(r)) {
          return false;
        }
      }
      Set<String> lastReads = groups(IrWalk.mentionedNames(List.of(body.get(body.size() - 1))));
      lastReads.remove(ctx.activity.group(Activity.RESULT));
      for (String r : lastReads) {
        if (writesGroups.contains(r) && !groups(sums).contains(r)) {
          return false;
        }
      }
      return true;
    }

    private Set<String> groups(Set<String> names) {
      Set<String> out = new HashSet<>();
      for (String n : names) {
        out.add(ctx.activity.group(n));
      }
      return out;
    }
  }
}
