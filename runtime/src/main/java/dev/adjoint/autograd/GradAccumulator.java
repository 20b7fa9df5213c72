package dev.adjoint.autograd;

import dev.adjoint.Tensor;

/**
 * Where the backward pass deposits the gradient of a leaf tensor that requires grad: the leaf's
 * {@code grad()}. One per leaf; the graph's edges point to it.
 */
public final class GradAccumulator {
  /** The accumulated gradient, or null before any backward pass reached the leaf. */
  public Tensor grad;

  /**
   * Counts accumulators as they are made. A node records the count it saw when it was made
   * ({@link Node}), and a node can consume a leaf (or reach a node that does) only if it was made
   * after the leaf's accumulator: the count is volatile, so a node that can see an accumulator sees
   * at least its number. Reading it is one plain load on x86; it changes only when a tensor starts
   * requiring grad.
   */
  private static volatile long made;

  /** This accumulator's place in {@link #made}'s count. */
  final long epoch = next();

  private static synchronized long next() {
    return ++made;
  }

  /** An empty accumulator. */
  public GradAccumulator() {}

  /** The number of accumulators made so far, as a node being made sees it. */
  static long epochNow() {
    return made;
  }
}
