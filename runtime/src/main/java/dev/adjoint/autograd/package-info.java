/**
 * Tape internals: the graph {@link dev.adjoint.autograd.Node}s that {@code Tensor} operations
 * record, the {@link dev.adjoint.autograd.Engine} that runs a backward pass over them, per-thread
 * {@link dev.adjoint.autograd.GradMode}, storage {@link dev.adjoint.autograd.VersionCounter}s and
 * leaves' {@link dev.adjoint.autograd.GradAccumulator}s.
 *
 * <p>Recording happens in one place ({@code Tensor}'s private {@code record} function): an
 * operation computes its result without recording, then, if grad mode is on and an input requires
 * grad, a node is created with the operation's {@link dev.adjoint.rules.Op}, edges to the inputs'
 * nodes or leaf accumulators, the saved tensors (with their versions) and the operation's
 * parameters. The engine never looks at which operation a node records: it calls the node's rule.
 */
package dev.adjoint.autograd;
