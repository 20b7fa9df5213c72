package dev.adjoint.processor.transform;

import static dev.adjoint.processor.transform.Exprs.OBJECT;

import dev.adjoint.processor.analysis.Activity;
import dev.adjoint.processor.analysis.IrWalk;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.IrMethod;
import dev.adjoint.processor.ir.JType;
import dev.adjoint.processor.ir.Names;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.lower.MathFunctions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Calls whose values the reverse sweep takes from the forward sweep instead of calling again. For each
 * assignment: which {@code @Differentiable} calls may run ahead of it ({@link #callsMayMove}), split into
 * their sweeps ({@code gForward}/{@code gReverse}, {@link #splitCall}) or run through their pullback once
 * with seed 1 ({@code var _cN = GGradients.gVjp(args, 1.0)}); after its sweeps are built, the forward sweep
 * computes those calls (and the Math values its reverse reads) once ({@link #cacheCallValues}).
 */
final class CallSplitting {
  /** Math functions that cost more than a stack push and pop: worth keeping from the forward sweep in loops. */
  private static final Set<String> EXPENSIVE_MATH = Set.of("sin", "cos", "tan", "asin", "acos", "atan", "atan2",
      "sinh", "cosh", "tanh", "exp", "expm1", "log", "log10", "log1p", "pow", "cbrt", "hypot");

  /** True for a Math function that costs more than a stack push and pop ({@link #EXPENSIVE_MATH}). */
  static boolean isExpensiveMath(String name) {
    return EXPENSIVE_MATH.contains(name);
  }

  /** True if e calls a Math function worth keeping from the forward sweep ({@link #EXPENSIVE_MATH}). */
  static boolean callsExpensiveMath(Expr e) {
    boolean[] found = {false};
    IrWalk.expressions(e, x -> found[0] |= x instanceof Expr.Call c && c.kind() == Expr.CallKind.MATH
        && EXPENSIVE_MATH.contains(c.name()));
    return found[0];
  }

  /**
   * True if the reverse of statement s reads the kept value of this Math call instead of its argument: a
   * transcendental function with a rule in terms of its result ({@code exp}, {@code tanh}, {@code cbrt}),
   * which {@link #cacheCallValues} keeps wherever s is (its argument's variables are read only as far as
   * propagating into the argument reads them).
   */
  static boolean keepsResultOf(Stmt s, Expr.Call c, ReverseContext ctx) {
    if (c.kind() != Expr.CallKind.MATH || !EXPENSIVE_MATH.contains(c.name()) || c.args().size() != 1
        || !c.type().equals(JType.DOUBLE) || MathFunctions.resultRule(c.name()) == null
        || !caches(s, ctx) || !onlyPureCallsBesides(c, Set.of())) {
      return false;
    }
    return unconditionalReads(Activity.valueOf(s)).stream().anyMatch(r -> r == c);
  }

  private final ReverseContext ctx;
  private final Saves saves;
  /** The target of the statement whose call values are being kept. */
  private Expr target;
  /** Array locals (alias groups) this method only reads: no element write, never handed to code that could write. */
  private Set<String> onlyRead;
  /**
   * The {@code @Differentiable} calls of the assignment being transformed that the forward sweep could run
   * through their pullback (compared by identity: each occurrence of a call runs once).
   */
  private Set<Expr.Call> forwardPullbackCandidates = Set.of();
  /** The candidates whose pullback the reverse takes from the forward sweep, each with its record's local. */
  private final Map<Expr.Call, Expr.Var> forwardPullbacks = new IdentityHashMap<>();
  /** Candidates with an array result whose forward sweep runs here ({@code gForward}), each with its record's local. */
  private final Map<Expr.Call, Expr.Var> forwardTapes = new IdentityHashMap<>();
  /** Every local holding a callee's forward record: typed {@code var}, kept as {@code Object}. */
  private final Set<String> tapeLocals = new HashSet<>();

  CallSplitting(ReverseContext ctx, Saves saves) {
    this.ctx = ctx;
    this.saves = saves;
  }

  // ------------------------------------------------------------------ per statement

  /**
   * Before statement s is transformed: chooses the calls whose values its reverse may take from the forward
   * sweep. True if {@link #endStatement} must run after it.
   */
  boolean beginStatement(Stmt s) {
    boolean caching = caches(s, ctx);
    Set<Expr.Call> candidates = candidates(s, ctx);
    if (!candidates.isEmpty()) {
      forwardPullbackCandidates = candidates;
      splitHere = splitCall(s, ctx);
    }
    return caching;
  }

  /** The call of the statement being transformed whose sweeps run apart ({@link #splitCall}), or null. */
  private Expr.Call splitHere;

  /**
   * True if the reverse of this call is its callee's reverse sweep on the record its forward sweep left
   * ({@code gReverseInto(_f, seed, _d_x)}): the statement's split call, whatever its result.
   */
  boolean runsApartHere(Expr.Call c) {
    return c == splitHere;
  }

  /** True if the forward sweep of s computes the call values its reverse reads ({@link #endStatement}). */
  private static boolean caches(Stmt s, ReverseContext ctx) {
    return (s instanceof Stmt.Decl || s instanceof Stmt.Assign) && Activity.valueOf(s) != null
        && !ctx.loopHeaderStatements.contains(s)
        && (!Activity.targetOf(s).type().isArray() || splitCall(s, ctx) != null
            || unconditionalReads(Activity.valueOf(s)).stream().anyMatch(CallSplitting::isChangeableRead));
  }

  /**
   * The {@code @Differentiable} calls of statement s the forward sweep may run ahead of it: its split array
   * call, or the calls of a value whose calls may move (empty if none).
   */
  private static Set<Expr.Call> candidates(Stmt s, ReverseContext ctx) {
    Set<Expr.Call> out = Collections.newSetFromMap(new IdentityHashMap<>());
    Expr.Call split = splitCall(s, ctx);
    if (split != null) {
      out.add(split);
    } else if (caches(s, ctx) && callsMayMove(Activity.valueOf(s))
        && !callsOrReadsField(Activity.targetOf(s))) {
      for (Expr.Call c : unconditionalCalls(Activity.valueOf(s))) {
        if (c.kind() == Expr.CallKind.DIFFERENTIABLE) {
          out.add(c);
        }
      }
    }
    return out;
  }

  /**
   * The calls of statement s whose pullback the forward sweep runs once with seed 1 and whose reverse only
   * scales its derivatives ({@code _c0.dX()}): that reverse reads the pullback's record, never the call's
   * arguments (only what propagating into an argument expression reads).
   */
  static Set<Expr.Call> scaledPullbacksOf(Stmt s, ReverseContext ctx) {
    Set<Expr.Call> out = candidates(s, ctx);
    Expr.Call split = splitCall(s, ctx);
    out.removeIf(c -> c == split || !takesScaledPullback(c, ctx.activity));
    return out;
  }

  /**
   * True if a call the forward sweep runs ahead is reversed by scaling its unit pullback: a scalar
   * ({@code double}/{@code float}) result, no active receiver, and every active argument a number or an
   * array variable (whose adjoint array takes the scaled derivative).
   */
  static boolean takesScaledPullback(Expr.Call c, Activity activity) {
    boolean activeReceiver = c.kind() == Expr.CallKind.DIFFERENTIABLE && c.info().selfAccessor() != null
        && c.receiver() != null && activity.isActive(c.receiver());
    if (c.kind() != Expr.CallKind.DIFFERENTIABLE || activeReceiver
        || !(c.type().equals(JType.DOUBLE) || c.type().equals(JType.FLOAT))) {
      return false;
    }
    for (int k = 0; k < c.args().size(); k++) {
      if (Activity.carriesDerivative(c, k) && activity.isActive(c.args().get(k))
          && !(c.paramTypes().get(k).equals(JType.DOUBLE) || c.paramTypes().get(k).equals(JType.FLOAT)
              || isArrayVariable(c.args().get(k)))) {
        return false;
      }
    }
    return true;
  }

  /** After statement s was transformed (its forward sweep from forwardStart on, its reverse in rev). */
  void endStatement(Stmt s, List<Stmt> fwd, int forwardStart, List<Stmt> rev) {
    target = Activity.targetOf(s);
    cacheCallValues(Activity.valueOf(s), fwd, forwardStart, rev);
    target = null;
    forwardPullbackCandidates = Set.of();
    splitHere = null;
    forwardPullbacks.clear();
    forwardTapes.clear();
  }

  // ------------------------------------------------------------------ what the reverse asks for

  /** True if the forward sweep may run this call ahead of its statement (see {@link #beginStatement}). */
  boolean runsInForward(Expr.Call c) {
    return forwardPullbackCandidates.contains(c);
  }

  /** The local that will hold this call's forward record ({@code gForward}); the same for every use. */
  Expr.Var forwardTape(Expr.Call c) {
    Expr.Var tape = forwardTapes.computeIfAbsent(c, k -> new Expr.Var(ctx.fresh("_f"), OBJECT));
    tapeLocals.add(tape.name());
    return tape;
  }

  /** The local that will hold this call's pullback record ({@code gVjp(args, 1.0)}); the same for every use. */
  Expr.Var forwardPullback(Expr.Call c) {
    return forwardPullbacks.computeIfAbsent(c, k -> new Expr.Var(ctx.fresh("_c"), JType.VAR));
  }

  /** Every local holding a callee's forward record. */
  Set<String> tapeLocals() {
    return tapeLocals;
  }

  // ------------------------------------------------------------------ which calls may move

  /**
   * The calls and field reads an expression always evaluates (not those under a ternary's branches or the
   * right side of {@code &&}/{@code ||}), innermost first, in evaluation order: the order their values can
   * be computed ahead of the expression.
   */
  private static List<Expr> unconditionalReads(Expr e) {
    List<Expr> out = new ArrayList<>();
    collectUnconditionalReads(e, out);
    return out;
  }

  private static List<Expr.Call> unconditionalCalls(Expr e) {
    List<Expr.Call> out = new ArrayList<>();
    for (Expr x : unconditionalReads(e)) {
      if (x instanceof Expr.Call c) {
        out.add(c);
      }
    }
    return out;
  }

  private static void collectUnconditionalReads(Expr e, List<Expr> out) {
    if (e == null) {
      return;
    }
    if (e instanceof Expr.Cond c) {
      collectUnconditionalReads(c.cond(), out);
      return;
    }
    if (e instanceof Expr.Binary b && (b.op().equals("&&") || b.op().equals("||"))) {
      collectUnconditionalReads(b.left(), out);
      return;
    }
    for (Expr child : IrWalk.children(e)) {
      collectUnconditionalReads(child, out);
    }
    if (e instanceof Expr.Call || e instanceof Expr.Field f && !isConstant(f) || isChangeableRead(e)) {
      out.add(e);
    }
  }

  /**
   * A value the reverse sweep would otherwise read again from the heap: a field that is not final, or an element of
   * an array a field holds, of a type a rule reads (a number, a boolean, a tensor). Code the method calls (a helper,
   * or the caller between {@code mForward} and {@code mReverse}) may replace it, so the forward sweep keeps the value
   * the operation used.
   */
  static boolean isChangeableRead(Expr e) {
    if (e.type().rank() != 0 || e.type().kind() == JType.Kind.VOID
        || e.type().kind() == JType.Kind.REF && !e.type().isTensor() || e.type().kind() == JType.Kind.RECORD) {
      return false;
    }
    if (e instanceof Expr.Field f) {
      return !f.isFinal();
    }
    Expr base = e;
    while (base instanceof Expr.Index i) {
      base = i.array();
    }
    return e instanceof Expr.Index && base instanceof Expr.Field;
  }

  /** A static field named like a constant ({@code Math.PI}, {@code MAX_STEPS}): no callee changes it. */
  private static boolean isConstant(Expr.Field f) {
    if (f.target() != null || f.name().isEmpty() || !Character.isUpperCase(f.name().charAt(0))) {
      return false;
    }
    return f.name().chars().allMatch(ch -> ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' || ch == '_');
  }

  /**
   * True if evaluating e calls a method or reads a field (Java evaluates an assignment's target, and reads
   * it for {@code +=}, before the value: a call moved ahead could change what it reads).
   */
  private static boolean callsOrReadsField(Expr e) {
    boolean[] found = {false};
    IrWalk.expressions(e, x -> found[0] |= x instanceof Expr.Call || x instanceof Expr.Field);
    return found[0];
  }

  /** True if every call inside e is a Math function, withoutDerivative, or one of the calls already moved. */
  private static boolean onlyPureCallsBesides(Expr e, Set<Expr> moved) {
    boolean[] ok = {true};
    IrWalk.expressions(e, x -> {
      if (x instanceof Expr.Call c && !moved.contains(c) && !IrWalk.isPureCall(c)) {
        ok[0] = false;
      }
    });
    return ok[0];
  }

  /**
   * True if the {@code @Differentiable} calls of an expression may be evaluated ahead of it, in their order:
   * its only other calls are Math functions (pure), each of them is always evaluated, returns a scalar and
   * takes no array (so it cannot change what a Math call left in place reads); the fields it reads are
   * always read, so they can move along.
   */
  private static boolean callsMayMove(Expr value) {
    boolean[] differentiable = {false};
    IrWalk.expressions(value, e -> differentiable[0] |= e instanceof Expr.Call c && c.kind() == Expr.CallKind.DIFFERENTIABLE);
    if (!differentiable[0]) {
      return false; // nothing to move
    }
    Set<Expr.Call> unconditional = Collections.newSetFromMap(new IdentityHashMap<>());
    unconditional.addAll(unconditionalCalls(value));
    boolean[] ok = {true};
    int[] differentiableCalls = {0};
    List<Expr.Call> withArrays = new ArrayList<>();
    IrWalk.expressions(value, e -> {
      if (e instanceof Expr.Call c) {
        boolean pure = IrWalk.isPureCall(c);
        boolean movable = c.kind() == Expr.CallKind.DIFFERENTIABLE && unconditional.contains(c) && c.type().rank() == 0
            && c.type().kind() != JType.Kind.REF && c.type().kind() != JType.Kind.RECORD && c.type().kind() != JType.Kind.VOID
            && c.args().stream().allMatch(a -> a.type().rank() == 0 || isArrayVariable(a)
                || a instanceof Expr.Var && !a.type().isDifferentiable()); // an int[] of indices passed on as is
        if (c.kind() == Expr.CallKind.DIFFERENTIABLE) {
          differentiableCalls[0]++;
          if (c.args().stream().anyMatch(a -> a.type().rank() > 0)) {
            withArrays.add(c);
          }
        }
        ok[0] &= pure || movable;
      }
      if (e instanceof Expr.NewObject || e instanceof Expr.NewArray || e instanceof Expr.Invoke) {
        ok[0] = false;
      }
    });
    // field reads move with the calls, in order (a callee may write a field, e.g. keep a count): each must be
    // one the expression always evaluates
    Set<Expr> unconditionalReads = Collections.newSetFromMap(new IdentityHashMap<>());
    unconditionalReads.addAll(unconditionalReads(value));
    IrWalk.expressions(value, e -> ok[0] &= !(e instanceof Expr.Field f) || isConstant(f) || unconditionalReads.contains(f));
    if (ok[0] && !withArrays.isEmpty()) {
      // a callee may write (inactive values) into an array it is given: it moves ahead only as the
      // statement's one call, and only if no other operand reads an array element it could have changed
      ok[0] = differentiableCalls[0] == 1 && countIndexReads(value) == withArrays.get(0).args().stream().mapToInt(CallSplitting::countIndexReads).sum();
    }
    return ok[0];
  }

  /**
   * {@code a = g(args)} or {@code T[] a = g(args)}, g a {@code @Differentiable} method with sweep methods (an
   * array or tensor result, or a number result and an array parameter):
   * g's forward sweep can run right here ({@code gForward}, its arguments evaluated where the call evaluated
   * them) and its reverse in this statement's reverse ({@code gReverse}, which propagates into the arguments
   * as mVjp's result would), so g runs once. The call, or null.
   */
  private static Expr.Call splitCall(Stmt s, ReverseContext ctx) {
    boolean plainAssignment = s instanceof Stmt.Decl || s instanceof Stmt.Assign a && a.op().equals("=");
    if (!plainAssignment || ctx.loopHeaderStatements.contains(s) || !(Activity.targetOf(s) instanceof Expr.Var)
        || !(Activity.valueOf(s) instanceof Expr.Call c) || !runsApart(c)) {
      return null;
    }
    if (c.type().rank() == 0 && !c.type().isTensor()
        && !numberCallRunsApart(c, ctx.method, v -> ctx.writtenArrays.contains(ctx.activity.group(v.name())))) {
      return null;
    }
    return c;
  }

  /**
   * Whether a call of a callee with a number result and sweeps runs them apart rather than its pullback with
   * seed 1: every {@code double[]}/{@code float[]} it is given is a variable whose array this method never
   * writes ({@code written} says which), and the call is not recursive. An array this method fills would have
   * to be kept as it was at the call, a copy per call, for the callee's own reverse; and a callee given an
   * array it did not index into likely reads it whole, so its pullback (as long as the array) costs no more
   * than the call. Split, every node of a recursion would keep its record until the reverse (expansion by
   * minors at ell = 10 took 114x its primal that way, and ran out of an 8 GB heap at ell = 11).
   */
  static boolean numberCallRunsApart(Expr.Call c, IrMethod method, Predicate<Expr.Var> written) {
    if (c.name().equals(method.name()) && c.owner() != null && c.owner().equals(method.ownerClass())) {
      return false;
    }
    for (Expr a : c.args()) {
      if (ReverseMode.isFloatingArray(a.type()) && !(a instanceof Expr.Var v && !written.test(v))) {
        return false;
      }
    }
    return true;
  }

  /**
   * True if a call's sweeps can run apart ({@code gForward} here, {@code gReverse} in the reverse): a
   * {@code @Differentiable} callee with sweep methods, on no receiver or one that is read without side effects.
   * The hoister gives such calls a local of their own, so both stages must agree.
   */
  static boolean runsApart(Expr.Call c) {
    return c.kind() == Expr.CallKind.DIFFERENTIABLE && c.info().sweeps()
        && (c.receiver() == null || c.receiver() instanceof Expr.Var || c.receiver() instanceof Expr.Self
            || c.receiver() instanceof Expr.NewRecord r && r.components().stream().allMatch(IrWalk::isPure));
  }

  /** A local or parameter {@code double[]}/{@code float[]} passed as is: its adjoint is an array variable. */
  static boolean isArrayVariable(Expr e) {
    return e instanceof Expr.Var v && v.type().rank() == 1 && v.type().element().isFloating();
  }

  private static int countIndexReads(Expr e) {
    int[] n = {0};
    IrWalk.expressions(e, x -> {
      if (x instanceof Expr.Index) {
        n[0]++;
      }
    });
    return n[0];
  }

  // ------------------------------------------------------------------ values kept from the forward sweep

  /**
   * After an assignment was transformed: computes once, in the forward sweep, the call values its reverse
   * would compute again. A {@code Math} function the reverse reads (as an operand of a product or a
   * quotient) goes into a local {@code _pN}; a {@code @Differentiable} call whose pullback the reverse
   * takes from the forward sweep ({@link #forwardPullbacks}) becomes {@code var _cN = GGradients.gVjp(args,
   * 1.0)}, its value {@code _cN.value()}; the other {@code @Differentiable} calls of the statement move
   * along into {@code _pN} (so their order is kept). The reverse of a statement runs with the variables as
   * they were just before it, so these values are exactly what the reverse would recompute. At the top
   * level (each statement runs once) the reverse reads the locals; inside loops and branches it reads what
   * {@link Saves#keep} saved (only transcendental Math functions are worth a stack push there). Every
   * tensor value the reverse reads is kept the same way (a reference: no copy), at the top level in a
   * local even when the method's sweeps are cut apart (its type can be named).
   */
  private void cacheCallValues(Expr value, List<Stmt> fwd, int forwardStart, List<Stmt> rev) {
    // a method with an array result (or sweeps built for callers) keeps what its reverse reads in typed locals
    // at the top level too: its sweeps are cut apart (mForward/mReverse), and a pullback record typed `var`
    // cannot be kept across
    boolean nested = ctx.nesting > 0 || ctx.method.result().isArray() || ctx.method.result().isTensor() || ctx.forCallers;
    List<Expr> reads = unconditionalReads(value);
    if (reads.stream().noneMatch(e -> e instanceof Expr.Call || isChangeableRead(e))) {
      return;
    }
    Set<Expr> mathInReverse = new HashSet<>();
    Set<Expr> inReverse = Collections.newSetFromMap(new IdentityHashMap<>());
    List<Expr.Invoke> recordReads = new ArrayList<>();
    IrWalk.statements(rev, st -> IrWalk.ownExpressions(st, e -> {
      inReverse.add(e);
      if (e instanceof Expr.Call c && (c.kind() == Expr.CallKind.MATH || c.kind() == Expr.CallKind.TENSOR && c.type().isTensor())) {
        mathInReverse.add(c);
      }
      if (e instanceof Expr.Invoke inv && inv.target() != null && inv.target().startsWith("_c") && !recordReads.contains(inv)) {
        recordReads.add(inv);
      }
    }));
    // what the forward sweep reads instead of each moved call, and what the reverse reads
    Map<Expr, Expr> forwardMath = new HashMap<>();
    Map<Expr, Expr> forwardCalls = new IdentityHashMap<>();
    Map<Expr, Expr> reverseMath = new HashMap<>();
    Map<Expr, Expr> reverseOther = new IdentityHashMap<>();
    Map<Expr, Expr> reverseRecordReads = new HashMap<>();
    List<Stmt> decls = new ArrayList<>();
    List<Stmt> reversePrefix = new ArrayList<>();
    // The rewriters ask about every node; only calls, fields (and elements of their arrays) and record reads can be
    // keys, and a record's hashCode walks its whole subtree, so other nodes are answered without a lookup.
    Function<Expr, Expr> forwardReplacer = e -> {
      if (!(e instanceof Expr.Call || e instanceof Expr.Field || e instanceof Expr.Index)) {
        return null;
      }
      Expr byIdentity = forwardCalls.get(e);
      return byIdentity != null || forwardMath.isEmpty() ? byIdentity : forwardMath.get(e);
    };
    Map<String, Expr> keptTapes = new HashMap<>();
    Function<Expr, Expr> reverseReplacer = e -> {
      if (e instanceof Expr.Var v) {
        return keptTapes.isEmpty() ? null : keptTapes.get(v.name());
      }
      if (e instanceof Expr.Invoke) {
        return reverseRecordReads.isEmpty() ? null : reverseRecordReads.get(e);
      }
      if (!(e instanceof Expr.Call || e instanceof Expr.Field || e instanceof Expr.Index)) {
        return null;
      }
      Expr byIdentity = reverseOther.get(e);
      return byIdentity != null || reverseMath.isEmpty() ? byIdentity : reverseMath.get(e);
    };
    // a function with a @Derivative rule is the user's code (perhaps impure, a random draw): the reverse never
    // calls it again but reads the value it returned here; the user code evaluated before it moves along, in order
    int lastKeptRule = -1;
    for (int i = 0; i < reads.size(); i++) {
      if (reads.get(i) instanceof Expr.Call c && c.kind() == Expr.CallKind.CUSTOM_RULE && inReverse.contains(c)) {
        lastKeptRule = i;
      }
    }
    boolean callsMove = lastKeptRule >= 0 || reads.stream().anyMatch(forwardPullbackCandidates::contains);
    // a field read after a call that stays in the statement (and may replace the field) cannot be read ahead of it
    boolean unmovedCallBefore = false;
    for (int i = 0; i < reads.size(); i++) {
      Expr read = reads.get(i);
      if (!(read instanceof Expr.Call)) {
        boolean reverseReads = isChangeableRead(read) && inReverse.contains(read);
        if (callsMove || reverseReads && !unmovedCallBefore) {
          // read where the original order reads it; the reverse reads the value this statement used
          Expr.Var local = computedOnce(read, decls, forwardReplacer);
          forwardCalls.put(read, local);
          if (reverseReads) {
            reverseOther.put(read, ctx.nesting > 0 ? saves.keep(local, decls, reversePrefix) : local);
          }
        }
        continue;
      }
      Expr.Call c = (Expr.Call) read;
      if (!IrWalk.isPureCall(c) && !callsMove) {
        unmovedCallBefore = true;
      }
      Expr.Var tape = forwardTapes.get(c);
      if (tape != null) {
        List<Expr> args = receiverAndArgs(c, forwardReplacer);
        decls.add(new Stmt.Decl(new Expr.Var(tape.name(), JType.VAR),
            new Expr.Invoke(null, c.info().gradientsClass(), Names.forward(c.name()), args, JType.VAR), 0));
        // the callee's result array itself where this method never writes into it; a copy otherwise
        boolean shared = c.type().isArray() && target instanceof Expr.Var v && onlyRead().contains(ctx.activity.group(v.name()));
        forwardCalls.put(c, new Expr.Invoke(tape.name(), null, shared ? "_value" : "value", List.of(), c.type()));
        if (nested) {
          keptTapes.put(tape.name(), saves.keep(tape, decls, reversePrefix));
        }
        continue;
      }
      Expr.Var pullback = forwardPullbacks.get(c);
      if (pullback != null) {
        List<Expr> args = receiverAndArgs(c, forwardReplacer);
        args.add(c.type().equals(JType.FLOAT) ? new Expr.Lit("1.0f", JType.FLOAT) : new Expr.Lit("1.0", JType.DOUBLE));
        decls.add(new Stmt.Decl(pullback,
            new Expr.Invoke(null, c.info().gradientsClass(), c.info().vjpName(), args, JType.VAR), 0));
        Expr callValue = new Expr.Invoke(pullback.name(), null, "value", List.of(), c.type());
        forwardCalls.put(c, callValue);
        if (nested) {
          for (Expr.Invoke recordRead : recordReads) {
            if (recordRead.target().equals(pullback.name())) {
              reverseRecordReads.put(recordRead, saves.keep(recordRead, decls, reversePrefix));
            }
          }
          if (inReverse.contains(c)) {
            reverseOther.put(c, saves.keep(callValue, decls, reversePrefix));
          }
        } else {
          reverseOther.put(c, callValue);
        }
      } else if (c.kind() == Expr.CallKind.CUSTOM_RULE && i <= lastKeptRule) {
        // a rule's function: computed once, its value kept (a reference for an array or tensor) like a tensor value
        Expr.Var local = computedOnce(c, decls, forwardReplacer);
        forwardCalls.put(c, local);
        if (inReverse.contains(c)) {
          reverseOther.put(c, ctx.nesting > 0 ? saves.keep(local, decls, reversePrefix) : local);
        }
      } else if (forwardPullbackCandidates.contains(c) || i <= lastKeptRule && !IrWalk.isPureCall(c)) {
        // moved with the others to keep their order; the reverse reads the value instead of calling again
        Expr.Var local = computedOnce(c, decls, forwardReplacer);
        forwardCalls.put(c, local);
        if (inReverse.contains(c)) {
          reverseOther.put(c, nested ? saves.keep(local, decls, reversePrefix) : local);
        }
      } else if (c.kind() == Expr.CallKind.MATH && !c.name().equals("random") && c.type().rank() == 0
          && c.type().isFloating() && mathInReverse.contains(c) && !forwardMath.containsKey(c)
          && onlyPureCallsBesides(c, forwardCalls.keySet()) && (!nested || EXPENSIVE_MATH.contains(c.name()))) {
        Expr.Var local = computedOnce(c, decls, forwardReplacer);
        forwardMath.put(c, local);
        reverseMath.put(c, nested ? saves.keep(local, decls, reversePrefix) : local);
      } else if (c.kind() == Expr.CallKind.TENSOR && c.type().isTensor() && mathInReverse.contains(c)
          && !forwardMath.containsKey(c) && onlyPureCallsBesides(c, forwardCalls.keySet())) {
        // a tensor value the reverse reads (an operand, a result, a shape): computed once, kept by reference
        Expr.Var local = computedOnce(c, decls, forwardReplacer);
        forwardMath.put(c, local);
        reverseMath.put(c, ctx.nesting > 0 ? saves.keep(local, decls, reversePrefix) : local);
      }
    }
    if (decls.isEmpty()) {
      return;
    }
    List<Stmt> forward = fwd.subList(forwardStart, fwd.size());
    List<Stmt> rewritten = IrRewriter.rewriteAll(forward, forwardReplacer);
    forward.clear();
    forward.addAll(decls);
    forward.addAll(rewritten);
    List<Stmt> reverse = IrRewriter.rewriteAll(rev, reverseReplacer);
    rev.clear();
    rev.addAll(reversePrefix);
    rev.addAll(reverse);
  }

  /**
   * Declares a fresh local {@code _pN} holding {@code read} as the forward sweep evaluates it there (its own
   * operands already replaced by the values moved before it) and returns that local.
   */
  private Expr.Var computedOnce(Expr read, List<Stmt> decls, Function<Expr, Expr> forwardReplacer) {
    Expr.Var local = new Expr.Var(ctx.fresh("_p"), read.type());
    decls.add(new Stmt.Decl(local, IrRewriter.rewrite(read, e -> e == read ? null : forwardReplacer.apply(e)), 0));
    return local;
  }

  /**
   * The array groups of the body that nothing writes into: no element write, not assigned to a field, not an
   * argument of a call other than a {@code @Differentiable} or Math one (those never write into arrays they
   * are given). A callee's result assigned to such a local can be the callee's own array, uncopied: its
   * reverse reads that array as the forward sweep left it.
   */
  private Set<String> onlyRead() {
    if (onlyRead != null) {
      return onlyRead;
    }
    Set<String> groups = new HashSet<>();
    Set<String> written = new HashSet<>();
    IrWalk.statements(ctx.body, st -> {
      Expr t = Activity.targetOf(st);
      if (t instanceof Expr.Index) {
        written.add(ctx.activity.group(IrWalk.rootVar(t)));
      }
      if (t instanceof Expr.Var v && v.type().isArray()) {
        groups.add(ctx.activity.group(v.name()));
      }
      boolean toField = t instanceof Expr.Field;
      IrWalk.ownExpressions(st, e -> {
        List<Expr> handed = e instanceof Expr.Call call && call.kind() != Expr.CallKind.DIFFERENTIABLE
            && call.kind() != Expr.CallKind.MATH ? call.operands()
            : e instanceof Expr.Invoke inv ? inv.args() : List.of();
        for (Expr a : handed) {
          IrWalk.expressions(a, x -> {
            if (x instanceof Expr.Var v && v.type().isArray()) {
              written.add(ctx.activity.group(v.name()));
            }
          });
        }
      });
      if (toField && Activity.valueOf(st) != null) {
        IrWalk.expressions(Activity.valueOf(st), x -> {
          if (x instanceof Expr.Var v && v.type().isArray()) {
            written.add(ctx.activity.group(v.name()));
          }
        });
      }
    });
    groups.removeAll(written);
    onlyRead = groups;
    return groups;
  }

  /** A call's receiver (if any) and arguments, as the forward sweep evaluates them, in a list to extend. */
  private static List<Expr> receiverAndArgs(Expr.Call c, Function<Expr, Expr> forwardReplacer) {
    List<Expr> args = new ArrayList<>();
    if (c.receiver() != null) {
      args.add(IrRewriter.rewrite(c.receiver(), forwardReplacer));
    }
    for (Expr a : c.args()) {
      args.add(IrRewriter.rewrite(a, forwardReplacer));
    }
    return args;
  }
}
