package dev.adjoint.sample.training;

import dev.adjoint.DType;
import dev.adjoint.Tensor;
import dev.adjoint.optim.Adam;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A model's parameters as FLOAT64 leaf tensors with an Adam optimiser (the runtime's). A gradient
 * computed elsewhere, by a generated adjoint, reaches the optimiser the PyTorch way: a leaf's
 * {@code backward(seed)} accumulates the seed into its {@code grad()}.
 */
public final class Parameters {
  private final List<Tensor> tensors;
  private final Adam adam;

  /** The given tensors (copied into FLOAT64 leaves that require grad) under Adam with {@code learningRate}. */
  public Parameters(double learningRate, Tensor... initial) {
    List<Tensor> leaves = new ArrayList<>();
    for (Tensor t : initial) {
      // copy(): a storage of its own, since to() returns the tensor itself when it is FLOAT64 already
      leaves.add(t.detach().to(DType.FLOAT64).copy().requiresGrad(true));
    }
    this.tensors = List.copyOf(leaves);
    this.adam = Adam.builder(this.tensors).lr(learningRate).build();
  }

  /** Weights of the given shape drawn from a normal distribution with standard deviation {@code gain/sqrt(fanIn)}. */
  public static Tensor weights(Random random, double gain, int fanIn, int... shape) {
    return Tensor.randn(random, shape).to(DType.FLOAT64).mul(gain / Math.sqrt(fanIn));
  }

  /** The parameter tensors, in order; the optimiser changes them in place. */
  public Tensor[] tensors() {
    return tensors.toArray(new Tensor[0]);
  }

  /** Parameter {@code i}'s values as a new array. */
  public double[] values(int i) {
    return tensors.get(i).toDoubleArray();
  }

  /** One Adam step with one gradient per parameter (of its shape). */
  public void step(Tensor... gradients) {
    adam.zeroGrad();
    for (int i = 0; i < gradients.length; i++) {
      tensors.get(i).backward(gradients[i].to(DType.FLOAT64));
    }
    adam.step();
  }

  /** One Adam step with one gradient per parameter, given as flat arrays. */
  public void step(double[]... gradients) {
    Tensor[] seeds = new Tensor[gradients.length];
    for (int i = 0; i < gradients.length; i++) {
      seeds[i] = Tensor.of(DType.FLOAT64, gradients[i], tensors.get(i).shape());
    }
    step(seeds);
  }

  /** Changes the learning rate for the following steps. */
  public void setLearningRate(double rate) {
    adam.setLearningRate(rate);
  }
}
