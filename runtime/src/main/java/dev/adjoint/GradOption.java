package dev.adjoint;

/**
 * Options of a backward pass, passed like NIO's {@code OpenOption}s.
 *
 * <pre>{@code
 * y.backward(GradOption.RETAIN_GRAPH);
 * Tensor dx = Autograd.grad(y, x, GradOption.CREATE_GRAPH);
 * }</pre>
 */
public enum GradOption {
  /** Keep the saved tensors so that the graph can be differentiated again. */
  RETAIN_GRAPH,
  /**
   * Record the backward pass itself, so that the gradients it returns can be differentiated again
   * (second and higher derivatives). Implies {@link #RETAIN_GRAPH}.
   */
  CREATE_GRAPH,
  /**
   * In {@link Autograd#grad(Tensor, Tensor, GradOption...)}: an input the outputs do not depend on
   * gets a {@code null} gradient instead of an error.
   */
  ALLOW_UNUSED
}
