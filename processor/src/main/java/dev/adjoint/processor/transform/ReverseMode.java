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
 * {@link AdjointPropagation}), {@link BodyAssembler}, {@link AdjointSimplifier} and {@link SweepSplitter}.
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
  public record Result(List<Stmt> body, String valueVar, List<String> gradients, String seedName, Split split) {}

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
   * {@code double[]} or {@code float[]}. Callers compute the same list from the callee's signature.
   */
  public static boolean takesAdjointArray(JType type, boolean differentiated) {
    return differentiated && type.rank() == 1 && type.element().isFloating();
  }

  private ReverseMode() {}

  /** Builds the adjoint body of a normalized method. */
  public static Result transform(IrMethod method, List<Stmt> normalized, Activity activity, DiagnosticSink sink) {
    List<Stmt> body = ForeignCallHoister.hoist(normalized, activity);
    ReverseContext ctx = new ReverseContext(method, body, activity, sink);
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
    List<Stmt> simplified = LoopIdioms.apply(UnchangedRestores.drop(AdjointSimplifier.simplify(joined.body(), returned)));
    Split split = method.result().isArray() || method.result().isTensor() ? SweepSplitter.split(ctx, simplified, joined.gradients(), calls.tapeLocals()) : null;
    return new Result(SweepSplitter.joint(simplified), Activity.RESULT, joined.gradients(), ctx.seedName, split);
  }
}
