package dev.adjoint.sample.models;

import dev.adjoint.Autograd;
import dev.adjoint.Differentiable;
import dev.adjoint.GradOption;
import dev.adjoint.Tensor;

/**
 * A physics-informed network for {@code u'' + u = 0} with {@code u(0) = 0, u'(0) = 1} (the answer is
 * {@code sin x}). The trial solution {@code u(x) = x + x² N(x)} meets both initial conditions for any
 * network {@code N}, so training only drives the residual {@code u'' + u} to zero; {@code u''} is the
 * second derivative of the network with respect to its input, taken on the tape.
 */
public final class Oscillator {
  private Oscillator() {}

  /** {@code N(x)}: a tanh perceptron over a column of points; {@code layers} alternate weights and biases. */
  @Differentiable
  public static Tensor network(Tensor[] layers, Tensor x) {
    Tensor h = x;
    for (int i = 0; i < layers.length; i += 2) {
      h = h.matmul(layers[i]).add(layers[i + 1]);
      if (i + 2 < layers.length) {
        h = h.tanh();
      }
    }
    return h;
  }

  /** The trial solution {@code u(x) = x + x² N(x)}. */
  @Differentiable
  public static Tensor solution(Tensor[] layers, Tensor x) {
    return x.add(x.square().mul(network(layers, x)));
  }

  /**
   * The mean squared residual {@code (u'' + u)²} at the collocation points {@code x}. Its two
   * derivatives with respect to {@code x} are recorded ({@code CREATE_GRAPH}), so the gradient with
   * respect to the layers flows through them: the tape does this, by request.
   */
  @Differentiable(wrt = "layers", strategy = Differentiable.Strategy.TAPE)
  public static Tensor residualLoss(Tensor[] layers, Tensor x) {
    Tensor at = x.detach().requiresGrad(true);
    Tensor u = solution(layers, at);
    Tensor du = Autograd.grad(u.sum(), at, GradOption.CREATE_GRAPH);
    Tensor ddu = Autograd.grad(du.sum(), at, GradOption.CREATE_GRAPH);
    return ddu.add(u).square().mean();
  }
}
