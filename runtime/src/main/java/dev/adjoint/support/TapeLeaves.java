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
 * <pre>{@code
 * TapeLeaves _leaves = new TapeLeaves();
 * Linear _self = new Linear(_leaves.track(self.w(), "this.w()"), _leaves.track(self.b(), "this.b()"));
 * Tensor _value = _self.forward(x);
 * _leaves.backward(_value, seed);
 * Linear _d_self = new Linear(_leaves.gradient(self.w()), _leaves.gradient(self.b()));
 * }</pre>
 *
 * <p>Not thread-safe: one instance serves one call.
 */
public final class TapeLeaves {
  private final List<Tensor> leaves = new ArrayList<>();
  private List<Tensor> gradients;
  private int next;

  /** An empty set of leaves. */
  public TapeLeaves() {}

  /**
   * A leaf copy of {@code t} that requires grad, remembered in order.
   *
   * @param t a tensor of the arguments
   * @param what how the source names it, for the error if it is null
   * @return the leaf, sharing {@code t}'s storage
   */
  public Tensor track(Tensor t, String what) {
    Objects.requireNonNull(t, () -> what + " is null");
    Tensor leaf = t.detach().requiresGrad(true);
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
   * tensor.
   *
   * @param t a tensor argument that is not differentiated
   * @param what how the source names it, for the error if it is null
   * @return {@code t.detach()}
   */
  public Tensor constant(Tensor t, String what) {
    return Objects.requireNonNull(t, () -> what + " is null").detach();
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
    gradients = value.requiresGrad()
        ? Autograd.grad(List.of(value), leaves, List.of(seed), GradOption.ALLOW_UNUSED)
        : Collections.nCopies(leaves.size(), null);
    next = 0;
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
