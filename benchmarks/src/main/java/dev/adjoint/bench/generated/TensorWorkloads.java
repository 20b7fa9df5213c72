package dev.adjoint.bench.generated;

import dev.adjoint.Differentiable;
import dev.adjoint.Tensor;

/**
 * BENCHMARKS.md table A's tensor workloads written as {@code @Differentiable} methods: the processor
 * generates their adjoints (no tape), which the report times against the same workloads on the tape.
 */
public final class TensorWorkloads {
  private TensorWorkloads() {}

  /** tiny_100ops: 50 × (mul 1.0001, add 0.001), then the sum (101 operations). */
  @Differentiable
  public static Tensor tiny100(Tensor x) {
    Tensor y = x;
    for (int i = 0; i < 50; i++) {
      y = y.mul(1.0001);
      y = y.add(0.001);
    }
    return y.sum();
  }

  /** elementwise_chain: {@code sum(sin(x) e^(-x^2) + tanh(x))}. */
  @Differentiable
  public static Tensor elementwiseChain(Tensor x) {
    return x.sin().mul(x.square().neg().exp()).add(x.tanh()).sum();
  }

  /**
   * {@link #elementwiseChain} written a second time, so that the processor generates the same fused loop twice:
   * {@code Report --same-code} times the two in turns in one JVM, where anything that makes one slower than the
   * other is not in the code.
   */
  @Differentiable
  public static Tensor elementwiseChainTwin(Tensor x) {
    return x.sin().mul(x.square().neg().exp()).add(x.tanh()).sum();
  }

  /** The cross-entropy loss of a 784-256-256-10 ReLU MLP on a batch (mlp_train_step's forward). */
  @Differentiable(wrt = {"w1", "b1", "w2", "b2", "w3", "b3"})
  public static Tensor mlpLoss(Tensor w1, Tensor b1, Tensor w2, Tensor b2, Tensor w3, Tensor b3, Tensor x, int[] targets) {
    Tensor h = x.matmul(w1).add(b1).relu();
    h = h.matmul(w2).add(b2).relu();
    return Tensor.crossEntropy(h.matmul(w3).add(b3), targets);
  }
}
