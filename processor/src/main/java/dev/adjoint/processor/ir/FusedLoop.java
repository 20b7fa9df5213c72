package dev.adjoint.processor.ir;

import java.util.List;

/**
 * A method made only of elementwise tensor operations (and a final {@code sum()} or {@code mean()}), with its reverse sweep,
 * as steps on the lanes of one vector: the writer prints it as one loop over the elements
 * ({@code dev.adjoint.Lanes}), which runs instead of the tensor adjoint when the operands allow it.
 *
 * @param loaded the tensor parameters whose lanes the loop reads, each into {@link #lanesOf}
 * @param forward the primal's steps, in order
 * @param result the lanes of the method's result (before the reduction)
 * @param reduction what the method returns of {@code result}: all of it, its sum or its mean
 * @param reverse the adjoint's steps, in order, starting from the seed's lanes {@link #SEED}
 * @param gradients per differentiated tensor parameter, in the gradient record's order, the lanes of its adjoint
 */
public record FusedLoop(List<String> loaded, List<Step> forward, String result, Reduction reduction, List<Step> reverse,
    List<Gradient> gradients) {
  /** What the method returns of its last elementwise result. */
  public enum Reduction {
    /** The result itself: the loop stores its lanes, the seed has its shape. */
    NONE,
    /** {@code result.sum()}: the loop adds the lanes up; the seed is one number. */
    SUM,
    /** {@code result.mean()}: the sum over the number of elements; each element's seed is the seed over it. */
    MEAN
  }

  /** True if the loop adds its result's lanes up (a sum or a mean). */
  public boolean reduces() {
    return reduction != Reduction.NONE;
  }

  /** The lanes of the seed: the adjoint of the result. */
  public static final String SEED = "_seed";

  /** The lanes of tensor parameter {@code p}. */
  public static String lanesOf(String p) {
    return "_" + p;
  }

  /** What a step calls. */
  public enum Kind {
    /** An operation of the lanes, {@code a.sin(v)}. */
    LANES,
    /** A rule of the elementwise rules' lanes copy for the loop's element type, {@code FloatLaneRules.sin(a, v, g)}. */
    RULE,
    /** The value of another step's lanes, as is. */
    COPY
  }

  /**
   * One step: {@code target = method(args)}, or {@code target += ...} when it adds to an adjoint.
   *
   * @param target the lanes it defines or adds to
   * @param kind what it calls
   * @param method the operation or rule (null for COPY)
   * @param args lanes, numbers and literals, as Java
   * @param accumulates true if the target already holds a contribution, which this one adds to
   * @param line the source line, 0 if none
   */
  public record Step(String target, Kind kind, String method, List<String> args, boolean accumulates, int line) {}

  /**
   * A differentiated tensor parameter and the lanes of its adjoint.
   *
   * @param parameter the parameter
   * @param lanes the lanes holding its adjoint after the reverse steps
   */
  public record Gradient(String parameter, String lanes) {}
}
