package dev.adjoint.processor.transform;

import dev.adjoint.processor.DiagnosticSink;
import dev.adjoint.processor.analysis.Activity;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.IrMethod;
import dev.adjoint.processor.ir.JType;
import dev.adjoint.processor.ir.Stmt;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reverse mode: builds the body of {@code mVjp} from a normalized method.
 *
 * <p>The forward sweep is the original code plus what the reverse sweep needs: before an
 * assignment overwrites a value the reverse sweep reads, the old value is saved (in a local
 * outside loops, on a typed stack inside loops); branch decisions are recorded unless the
 * condition can be recomputed; loop trip counts are counted unless the loop is a counted loop
 * whose trips can be recomputed. The reverse sweep walks the statements backwards: it first
 * restores what the statement overwrote (so every variable has the value it had before the
 * statement) and then propagates the statement's adjoint ({@code _d_x += ...}) to its operands.
 *
 * <p>This class runs the stages in order; each lives in a file of its own in this package:
 * {@link ForeignCallHoister}, {@link ReverseReads}, {@link LoopPlans}, {@link TripwiseLoops}, then {@link StatementReversal}
 * (with {@link Saves}, {@link ControlFlowReversal}, {@link ArrayReversal}, {@link CallSplitting} and
 * {@link AdjointPropagation}), {@link BodyAssembler}, {@link AdjointSimplifier}, {@link UnchangedRestores},
 * {@link DeadRestores}, {@link LoopIdioms}, {@link ZeroAdjointSkips}, {@link AccumulationPairs} and
 * {@link SweepSplitter}; {@link CallsRunOnce}
 * checks that the result calls the user's code no more often than the method does.
 */
public final class ReverseMode {
  /**
   * The generated body.
   *
   * @param body statements of {@code mVjp} before its final {@code return}
   * @param valueVar the local holding the primal result
   * @param gradients the local holding each wrt parameter's adjoint, in parameter order
   * @param seedName the name of the seed parameter
   */
  public record Result(List<Stmt> body, String valueVar, List<String> gradients, String seedName, Split split) {
    /**
     * The body {@code mVjp} prints: {@link #body} with its stacks saved once per trip of counted loop nests as
     * arrays indexed by the counters ({@link IndexedSaves}). A caller differentiating this method again reads
     * {@link #body}, whose stacks its rules know.
     */
    public List<Stmt> printedBody() {
      return IndexedSaves.apply(body);
    }
  }

  /**
   * The adjoint cut between its sweeps, for a method with an array result ({@code mForward} runs
   * {@code forward} and keeps {@code kept}; {@code mReverse} restores them and runs {@code reverse}), so a
   * caller can run the forward sweep where it calls the method and the reverse in its own reverse sweep,
   * instead of calling {@code mVjp} there, which runs the method again.
   *
   * @param kept the parameters and forward locals the reverse sweep reads, {@code _value} first; a kept
   *     callee's forward record has type {@code Object} (the reverse only hands it back to its callee). The
   *     caller gets a copy of the result: it may write into it, and the reverse reads the original. Null if
   *     the reverse reads a local whose type the generated code cannot name (typed {@code var}; scalar
   *     callees' pullback records are kept in typed locals in such methods), or the result is not an array this method created (it may be an
   *     argument, whose identity the caller may rely on) or has rows (a copy would share them): mForward
   *     then runs {@code forward} for the value and keeps the arguments, and mReverse calls mVjp
   * @param direct the parameters (of {@link #takesAdjointArray}) whose adjoint is the array a caller hands
   *     mReverseInto: the method never writes them, and only its reverse sweep uses their adjoints
   */
  public record Split(List<Stmt> forward, List<Stmt> reverse, List<Expr.Var> kept, Set<String> direct) {}

  /**
   * The parameters mReverseInto takes an adjoint array for, in order: differentiated parameters of type
   * {@code double[]} or {@code float[]}, or arrays of them ({@code double[][]}: a data matrix handed to a
   * per-row helper). Callers compute the same list from the callee's signature.
   */
  public static boolean takesAdjointArray(JType type, boolean differentiated) {
    return differentiated && isFloatingArray(type) && type.rank() <= 3; // (Adjoints.addTo's ranks)
  }

  /** {@code double[]}, {@code float[]}, or an array of them of any rank. */
  public static boolean isFloatingArray(JType type) {
    return type.rank() >= 1 && (type.kind() == JType.Kind.DOUBLE || type.kind() == JType.Kind.FLOAT);
  }

  private ReverseMode() {}

  /**
   * Builds the adjoint body of a normalized method.
   *
   * @param sweeps whether the Gradients class has {@code mForward}/{@code mReverse} for it
   *     ({@code Annotations.hasSweepMethods}): then the result carries the {@link Split} they are written from
   */
  public static Result transform(IrMethod method, List<Stmt> normalized, Activity activity, DiagnosticSink sink,
      boolean sweeps) {
    Built joint = build(method, normalized, activity, sink, false);
    Split split = null;
    if (method.result().isArray() || method.result().isTensor()) {
      split = SweepSplitter.split(joint.ctx(), joint.body(), joint.gradients(), joint.tapeLocals());
      if (split.kept() != null && !fitsARecord(split)) {
        // mForward runs the forward sweep for the value and keeps the arguments; mReverse calls mVjp
        split = new Split(split.forward(), List.of(), null, Set.of());
      }
    } else if (sweeps) {
      split = splitForCallers(method, normalized, activity, joint);
    }
    return new Result(SweepSplitter.joint(joint.body()), Activity.RESULT, joint.gradients(), joint.ctx().seedName, split);
  }

  /**
   * The sweeps of a method with a number result, for callers that run them apart: {@code mVjp}'s body cut
   * where its sweeps meet, when it can be. {@code mVjp} keeps the joint body, whose loops may run each trip's
   * reverse right after it (reading the seed in the forward sweep); then the sweeps are built again with
   * every reverse after the whole forward sweep, and callees' records kept in typed locals. Where even that cannot be cut, mForward runs the joint body with seed 0 for the
   * value and mReverse calls mVjp.
   */
  private static Split splitForCallers(IrMethod method, List<Stmt> normalized, Activity activity, Built joint) {
    try {
      // most bodies cut as they are (no trip reversed inside the forward loop, no callee record typed `var`
      // kept across): one build serves both, and compiling costs what it did
      Split asBuilt = SweepSplitter.split(joint.ctx(), joint.body(), joint.gradients(), joint.tapeLocals());
      if (asBuilt.kept() != null) {
        return recordable(asBuilt);
      }
    } catch (IllegalStateException readsTheSeed) {
      // built again below
    }
    try {
      Built apart = build(method, normalized, activity, DiagnosticSink.silent(), true);
      return recordable(SweepSplitter.split(apart.ctx(), apart.body(), apart.gradients(), apart.tapeLocals()));
    } catch (IllegalStateException cannotCut) {
      Expr zero = new Expr.Lit(method.result().equals(JType.FLOAT) ? "0.0f" : "0.0", method.result());
      List<Stmt> valueOnly = new ArrayList<>();
      valueOnly.add(new Stmt.Decl(new Expr.Var(joint.ctx().seedName, method.result()), zero, 0));
      valueOnly.addAll(SweepSplitter.joint(joint.body()));
      return new Split(valueOnly, List.of(), null, Set.of());
    }
  }

  /**
   * The JVM's limit on a constructor's parameters: 255 slots, {@code this} and the value and reversal marker of a
   * forward record included, a {@code double} or {@code long} taking two.
   */
  private static final int RECORD_SLOTS = 255 - 1 - 2 - 1;

  /** The split, or a cut that cannot be (thrown) when a record cannot keep what its reverse needs. */
  private static Split recordable(Split split) {
    if (!fitsARecord(split)) {
      // mForward then runs the joint body for the value, and mReverse calls mVjp
      throw new IllegalStateException("the sweeps keep more than a Java record holds");
    }
    return split;
  }

  /** True if the values the sweeps keep fit a forward record's constructor. */
  private static boolean fitsARecord(Split split) {
    int slots = 0;
    for (Expr.Var kept : split.kept()) {
      JType t = kept.type();
      slots += t.rank() == 0 && (t.kind() == JType.Kind.DOUBLE || t.kind() == JType.Kind.LONG) ? 2 : 1;
    }
    return slots <= RECORD_SLOTS;
  }

  /** The body with its sweeps' meeting mark, and what splitting it needs. */
  private record Built(ReverseContext ctx, List<Stmt> body, List<String> gradients, Set<String> tapeLocals) {}

  private static Built build(IrMethod method, List<Stmt> normalized, Activity activity, DiagnosticSink sink,
      boolean forCallers) {
    List<Stmt> body = ForeignCallHoister.hoist(normalized, activity);
    ReverseContext ctx = new ReverseContext(method, body, activity, sink, forCallers);
    ReverseReads reads = new ReverseReads(ctx);
    reads.collect(body);
    reads.chooseSavePoints(body);
    LoopPlans loops = LoopPlans.plan(ctx, reads, body);

    Saves saves = new Saves(ctx, reads);
    CallSplitting calls = new CallSplitting(ctx, saves);
    HeldValues held = new HeldValues();
    AdjointPropagation propagation = new AdjointPropagation(ctx, calls, held);
    ArrayReversal arrays = new ArrayReversal(ctx, reads, saves, loops, propagation);
    RecurrenceReplay replay = new RecurrenceReplay(ctx, reads, loops);
    replay.planAll(body, new HashSet<>());
    TripwiseLoops tripwise = TripwiseLoops.plan(ctx, loops, replay, body);
    StatementReversal statements = new StatementReversal(ctx, reads, saves, loops, arrays, calls, propagation, replay, held, tripwise);
    List<Stmt> forward = new ArrayList<>();
    List<Stmt> reverse = new ArrayList<>();
    statements.block(body, forward, reverse, true);

    BodyAssembler.Body joined = BodyAssembler.join(ctx, forward, reverse);
    Set<String> returned = new HashSet<>(joined.gradients());
    returned.add(Activity.RESULT);
    List<Stmt> simplified = AccumulationPairs.join(ZeroAdjointSkips.guard(LoopIdioms.apply(DeadRestores.drop(
        UnchangedRestores.drop(AdjointSimplifier.simplify(joined.body(), returned)))), body));
    CallsRunOnce.check(method.displayName(), normalized, simplified, sink);
    return new Built(ctx, simplified, joined.gradients(), calls.tapeLocals());
  }
}
