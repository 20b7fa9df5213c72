package dev.adjoint.rules;

import dev.adjoint.Tensor;
import dev.adjoint.autograd.Node;

/**
 * A vector-Jacobian product: given the gradient of an operation's output, the gradients of its
 * inputs (one entry per input, null where {@link Node#needs(int)} is false). Written with tensor
 * operations, so that running it while recording gives higher derivatives. A returned gradient may
 * have the broadcast shape of the output; the engine sums it down to the input's shape.
 */
@FunctionalInterface
public interface VjpRule {
  /** The input gradients for output gradient {@code grad} of the operation recorded in {@code node}. */
  Tensor[] vjp(Node node, Tensor grad);
}
