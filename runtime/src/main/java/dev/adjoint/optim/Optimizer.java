package dev.adjoint.optim;

import dev.adjoint.Autograd;
import dev.adjoint.GradScope;
import dev.adjoint.Tensor;
import java.util.List;

/**
 * A first-order optimiser over a fixed list of parameters: {@link #step()} updates each parameter
 * in place from its {@link Tensor#grad()}, {@link #zeroGrad()} clears the gradients before the next
 * backward pass.
 *
 * <pre>{@code
 * Optimizer opt = Sgd.builder(List.of(w, b)).lr(0.1).momentum(0.9).build();
 * for (int i = 0; i < steps; i++) {
 *   opt.zeroGrad();
 *   Tensor loss = model(x).mseLoss(y);
 *   loss.backward();
 *   opt.step();
 * }
 * }</pre>
 */
public interface Optimizer {
  /** Updates every parameter that has a gradient; parameters whose {@code grad()} is null are skipped. */
  void step();

  /**
   * Clears every parameter's gradient ({@link Tensor#clearGrad()}): PyTorch's {@code zero_grad(set_to_none=True)},
   * the default since PyTorch 2.0. A parameter the next backward pass does not reach then has no gradient and
   * the next {@link #step()} leaves it (and its momentum) alone.
   */
  default void zeroGrad() {
    zeroGrad(true);
  }

  /**
   * Clears every parameter's gradient, or with {@code setToNone = false} sets it to zeros in place (PyTorch 1.x's
   * default {@code zero_grad()}): a parameter the next backward pass does not reach then still has a gradient, of
   * zeros, and the next {@link #step()} updates it (momentum and weight decay still move it).
   *
   * @param setToNone true to clear the gradients, false to fill the existing ones with zeros
   */
  default void zeroGrad(boolean setToNone) {
    for (Tensor p : parameters()) {
      Tensor g = p.grad();
      if (setToNone || g == null) {
        p.clearGrad();
      } else {
        try (GradScope s = Autograd.noGrad()) {
          g.zero();
        }
      }
    }
  }

  /**
   * The parameters, in the order given.
   *
   * @return an unmodifiable list
   */
  List<Tensor> parameters();

  /**
   * The current learning rate.
   *
   * @return the rate used by the next {@link #step()}
   */
  double learningRate();

  /**
   * Changes the learning rate for the following steps (a schedule, as when changing PyTorch's
   * {@code param_groups[0]["lr"]}); the optimiser's state (momentum, moments) is kept.
   *
   * @param lr the new rate, at least 0
   */
  void setLearningRate(double lr);
}
