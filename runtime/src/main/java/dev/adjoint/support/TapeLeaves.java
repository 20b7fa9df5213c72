package dev.adjoint.support;

import dev.adjoint.Autograd;
import dev.adjoint.GradOption;
import dev.adjoint.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The leaves of one tape recording made by generated code for a method differentiated on the tape: each
 * differentiated tensor of the arguments (a parameter, an element of a {@code Tensor[]}, a tensor of a record) is
 * replaced by a leaf copy (sharing storage, so the caller's tensors get no
 * {@code grad()} and no new graph), the method runs on records rebuilt from the leaves, and after
 * {@link #backward} the gradients come back in the order the leaves were made, so the generated code rebuilds
 * the gradient record with the same constructor calls.
 *
 * <p>When the caller records (grad mode on where the leaves are made, before the method's own recording scope)
 * and an argument requires grad, the leaf made for it is instead a recorded copy of it and the backward pass is
 * recorded too ({@link GradOption#CREATE_GRAPH}): the value and the gradients then depend on the caller's tensors
 * as a generated adjoint's do, so a derivative of the gradient (a Hessian-vector product) sees this method's part.
 * Call the gradient inside {@code Autograd.noGrad()} when only its numbers are wanted.
 *
 * <pre>{@code
 * TapeLeaves _leaves = new TapeLeaves();
 * try (GradScope _recording = Autograd.enableGrad()) {
 *   Linear _self = new Linear(_leaves.track(self.w(), "this.w()"), _leaves.track(self.b(), "this.b()"));
 *   Tensor _value = _self.forward(x);
 *   _leaves.backward(_value, seed);
 *   Linear _d_self = new Linear(_leaves.gradient(self.w()), _leaves.gradient(self.b()));
 *   return new ForwardGradient(_leaves.result(_value), _d_self);
 * }
 * }</pre>
 *
 * <p>Not thread-safe: one instance serves one call.
 */
public final class TapeLeaves {
  private final List<Tensor> leaves = new ArrayList<>();
  /** Whether the caller records: read when the leaves are made, before the method's recording scope opens. */
  private final boolean callerRecords = Autograd.isGradEnabled();
  /** Whether a leaf or constant is connected to the caller's graph, so the backward pass must be recorded. */
  private boolean connected;
  private List<Tensor> gradients;
  private int next;

  /** An empty set of leaves; make it before the method's recording scope opens (it reads the grad mode). */
  public TapeLeaves() {}

  /** True when {@code t} carries the caller's recording into this method. */
  private boolean connects(Tensor t) {
    boolean c = callerRecords && t.requiresGrad();
    connected |= c;
    return c;
  }

  /**
   * A leaf copy of {@code t} that requires grad, remembered in order.
   *
   * @param t a tensor of the arguments
   * @param what how the source names it, for the error if it is null
   * @return the leaf, sharing {@code t}'s storage
   */
  public Tensor track(Tensor t, String what) {
    Objects.requireNonNull(t, () -> what + " is null");
    // A recorded copy has a node of its own: the same tensor passed twice still gets one gradient per place.
    Tensor leaf = connects(t) ? t.copy() : t.detach().requiresGrad(true);
    leaves.add(leaf);
    return leaf;
  }

  /**
   * Leaf copies of every element of {@code ts}, in order.
   *
   * @param ts an array of tensors of the arguments
   * @param what how the source names it, for the error if it or an element is null
   * @return a new array of leaves
   */
  public Tensor[] track(Tensor[] ts, String what) {
    Objects.requireNonNull(ts, () -> what + " is null");
    Tensor[] out = new Tensor[ts.length];
    for (int i = 0; i < ts.length; i++) {
      out[i] = track(ts[i], what + "[" + i + "]");
    }
    return out;
  }

  /**
   * A detached copy of a constant tensor (sharing storage, not a leaf): the call records nothing on the caller's
   * tensor. When the caller records and {@code t} requires grad, {@code t} itself, so the result depends on it.
   *
   * @param t a tensor argument that is not differentiated
   * @param what how the source names it, for the error if it is null
   * @return {@code t.detach()}, or {@code t} when the caller records through it
   */
  public Tensor constant(Tensor t, String what) {
    Objects.requireNonNull(t, () -> what + " is null");
    return connects(t) ? t : t.detach();
  }

  /**
   * Detached copies of every element of a constant {@code Tensor[]}.
   *
   * @param ts an array argument that is not differentiated
   * @param what how the source names it, for the error if it or an element is null
   * @return a new array of detached tensors
   */
  public Tensor[] constant(Tensor[] ts, String what) {
    Objects.requireNonNull(ts, () -> what + " is null");
    Tensor[] out = new Tensor[ts.length];
    for (int i = 0; i < ts.length; i++) {
      out[i] = constant(ts[i], what + "[" + i + "]");
    }
    return out;
  }

  /**
   * Runs the backward pass from {@code value} with {@code seed} to every leaf tracked so far. A result that
   * recorded nothing (it does not depend on any leaf) gives zeros.
   *
   * @param value the method's result, computed from the leaves
   * @param seed the vector of the vector-Jacobian product, of {@code value}'s shape
   */
  public void backward(Tensor value, Tensor seed) {
    GradOption[] options = connected || seed.requiresGrad()
        ? new GradOption[] {GradOption.ALLOW_UNUSED, GradOption.CREATE_GRAPH}
        : new GradOption[] {GradOption.ALLOW_UNUSED};
    gradients = value.requiresGrad()
        ? Autograd.grad(List.of(value), leaves, List.of(seed), options)
        : Collections.nCopies(leaves.size(), null);
    next = 0;
  }

  /**
   * The method's value as the gradient record returns it: detached, unless the caller records through an
   * argument (then it stays recorded, as a generated adjoint's value does).
   *
   * @param value the method's result
   * @return {@code value.detach()}, or {@code value}
   */
  public Tensor result(Tensor value) {
    return connected ? value : value.detach();
  }

  /**
   * The gradient of the next leaf, in the order of {@link #track}: zeros of {@code original}'s shape if the
   * result does not depend on it.
   *
   * @param original the tensor the leaf was made from
   * @return its gradient
   */
  public Tensor gradient(Tensor original) {
    if (gradients == null) {
      throw new IllegalStateException("gradient before backward");
    }
    Tensor g = gradients.get(next++);
    return g != null ? g : Tensor.zerosLike(original);
  }

  /**
   * The gradients of the next {@code original.length} leaves, made by {@link #track(Tensor[], String)}.
   *
   * @param original the array the leaves were made from
   * @return a new array of their gradients
   */
  public Tensor[] gradient(Tensor[] original) {
    Tensor[] out = new Tensor[original.length];
    for (int i = 0; i < original.length; i++) {
      out[i] = gradient(original[i]);
    }
    return out;
  }
}
