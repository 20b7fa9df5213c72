package dev.adjoint.sample.tensor;

import dev.adjoint.Differentiable;
import dev.adjoint.Tensor;

/**
 * {@code @Differentiable} methods over tensors. The processor writes {@code TensorModelsGradients} with the usual
 * {@code m}, {@code mVjp} and {@code MGradient}: where it can, their adjoint is generated tensor code that calls the
 * rules the tape's nodes call ({@code mlpLoss}, {@code ridge}, {@code scores}, {@code deepLoss}); a method whose
 * control flow reads a tensor's value ({@code grow}, {@code piecewise}) or that asks for the tape
 * ({@code unused}) is recorded on the dynamic tape and differentiated by {@code Autograd.grad}.
 */
public final class TensorModels {
  private TensorModels() {}

  /**
   * Mean squared error of a two-layer perceptron {@code relu(x w1 + b1) w2} against {@code y}:
   * gradients for every tensor, the data included.
   */
  @Differentiable
  public static Tensor mlpLoss(Tensor w1, Tensor b1, Tensor w2, Tensor x, Tensor y) {
    Tensor hidden = x.matmul(w1).add(b1).relu();
    Tensor out = hidden.matmul(w2);
    Tensor err = out.sub(y);
    return err.mul(err).sum().div(y.numel());
  }

  /**
   * DESIGN's example of control flow that depends on a tensor's value: how often {@code b}
   * doubles is known only at run time, so the tape records the iterations this call takes.
   */
  @Differentiable
  public static Tensor grow(Tensor a) {
    Tensor b = a.mul(2);
    while (b.norm().item() < 1000) {
      b = b.mul(2);
    }
    return b.mul(a).sum();
  }

  /** A ternary on a tensor's value: the branch taken is recorded. */
  @Differentiable
  public static Tensor piecewise(Tensor x) {
    return x.sum().item() > 0 ? x.square().sum() : x.abs().mul(3).sum();
  }

  /**
   * Ridge regression loss, differentiated only with respect to the weights; {@code lambda} is a
   * double, so on the tape it is a constant.
   */
  @Differentiable(wrt = "w")
  public static Tensor ridge(Tensor w, Tensor x, Tensor y, double lambda) {
    Tensor residual = x.matmul(w).sub(y);
    return residual.square().mean().add(w.square().sum().mul(lambda));
  }

  /** {@code ignored} does not reach the result: its gradient is zeros of its shape. */
  @Differentiable(strategy = Differentiable.Strategy.TAPE)
  public static Tensor unused(Tensor x, Tensor ignored) {
    return x.exp().sum();
  }

  /** A non-scalar result: row-wise softmax of {@code x w}; call {@code scoresVjp} with a seed. */
  @Differentiable
  public static Tensor scores(Tensor x, Tensor w) {
    return x.matmul(w).softmax(1);
  }

  /**
   * A perceptron of any depth, its layers passed as a {@code Tensor[]} (as a list of weights is in
   * PyTorch): {@code dLayers()} holds one gradient per layer. The data {@code x} is a constant.
   */
  @Differentiable(wrt = {"layers", "y"})
  public static Tensor deepLoss(Tensor[] layers, Tensor x, Tensor y) {
    Tensor h = x;
    for (int i = 0; i < layers.length; i++) {
      h = h.matmul(layers[i]);
      if (i < layers.length - 1) {
        h = h.tanh();
      }
    }
    Tensor err = h.sub(y);
    return err.mul(err).mean();
  }
}
