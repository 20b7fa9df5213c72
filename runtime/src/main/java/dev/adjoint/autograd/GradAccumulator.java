package dev.adjoint.autograd;

import dev.adjoint.Tensor;
import java.util.concurrent.atomic.AtomicLong;

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
   * after the leaf's accumulator: the count is read with a volatile load, so a node that can see an
   * accumulator sees at least its number. Reading it costs a node nothing measurable; it changes
   * only when a tensor starts requiring grad.
   */
  private static final AtomicLong MADE = new AtomicLong();

  /** This accumulator's place in {@link #MADE}'s count. */
  final long epoch = MADE.incrementAndGet();

  /** An empty accumulator. */
  public GradAccumulator() {}

  /** The number of accumulators made so far, as a node being made sees it. */
  static long epochNow() {
    return MADE.get();
  }
}
