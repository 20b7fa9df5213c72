package dev.adjoint.bench.tape;

import dev.adjoint.Autograd;
import dev.adjoint.GradScope;
import dev.adjoint.Tensor;
import java.util.Random;

/**
 * The tape workloads of BENCHMARKS.md table A, as plain methods so that JMH benchmarks and a
 * report main can share them. Each returns a number derived from its result so nothing is
 * optimised away.
 */
public final class TapeWorkloads {
  private TapeWorkloads() {}

  /** tiny_100ops_fwdbwd: 16 elements, 50 × (mul 1.0001, add 0.001), sum, backward: 101 ops. */
  public static double tiny100Ops(Tensor x) {
    Tensor y = x;
    for (int i = 0; i < 50; i++) {
      y = y.mul(1.0001);
      y = y.add(0.001);
    }
    Tensor s = y.sum();
    s.backward();
    double g = x.grad().get(0);
    x.clearGrad();
    return g;
  }

  /** The forward part of elementwise_chain: {@code y = sin(x) e^(-x^2) + tanh(x)}. */
  public static Tensor elementwiseChain(Tensor x) {
    return x.sin().mul(x.square().neg().exp()).add(x.tanh());
  }

  /** elementwise_chain_fwdbwd: the chain, {@code y.sum().backward()}. */
  public static double elementwiseChainFwdBwd(Tensor x) {
    Tensor s = elementwiseChain(x).sum();
    s.backward();
    double g = x.grad().get(0);
    x.clearGrad();
    return g;
  }

  /**
   * A GELU activation written with tensor operations (the tanh approximation, ten recorded operations),
   * {@code y.sum().backward()}: a longer elementwise chain than table A's, whose backward pass runs as one fused
   * region (compare with {@code -Dadjoint.fusedBackward=false}).
   */
  public static double geluFwdBwd(Tensor x) {
    Tensor inner = x.mul(x).mul(x).mul(0.044715).add(x).mul(0.7978845608028654);
    x.mul(0.5).mul(inner.tanh().add(1)).sum().backward();
    double g = x.grad().get(0);
    x.clearGrad();
    return g;
  }

  /** matmul_fwdbwd: {@code (A @ B).sum().backward()}. */
  public static double matmulFwdBwd(Tensor a, Tensor b) {
    a.matmul(b).sum().backward();
    double g = a.grad().get(0, 0) + b.grad().get(0, 0);
    a.clearGrad();
    b.clearGrad();
    return g;
  }

  /** scalar_rosenbrock_grad through the tape: gradient of {@code (1-x)^2 + 100 (y-x^2)^2}. */
  public static double rosenbrockGrad(double x0, double y0) {
    Tensor x = Tensor.scalar(x0, dev.adjoint.DType.FLOAT64).requiresGrad(true);
    Tensor y = Tensor.scalar(y0, dev.adjoint.DType.FLOAT64).requiresGrad(true);
    Tensor f = x.rsub(1).square().add(y.sub(x.square()).square().mul(100));
    f.backward();
    return x.grad().item() + y.grad().item();
  }

  /** scalar_expr20_grad through the tape (BENCHMARKS.md's definition). */
  public static double expr20Grad(double x0, double y0) {
    Tensor x = Tensor.scalar(x0, dev.adjoint.DType.FLOAT64).requiresGrad(true);
    Tensor y = Tensor.scalar(y0, dev.adjoint.DType.FLOAT64).requiresGrad(true);
    Tensor a = x.sin().mul(y.neg().exp());
    Tensor b = a.add(x.mul(y)).tanh();
    Tensor c = b.square().add(1).sqrt().div(x.square().add(1));
    Tensor d = c.add(1).log().mul(y.cos()).add(a.mul(b).mul(c));
    Tensor f = d.square().add(d.sub(x).sigmoid());
    f.backward();
    return x.grad().item() + y.grad().item();
  }

  /** A 784-256-256-10 ReLU MLP trained by plain SGD (the optimiser step is written inline). */
  public static final class Mlp {
    final Tensor w1;
    final Tensor b1;
    final Tensor w2;
    final Tensor b2;
    final Tensor w3;
    final Tensor b3;
    private final Tensor[] params;

    /** Random weights scaled like PyTorch's default initialisation. */
    public Mlp(Random rnd) {
      w1 = init(rnd, 784, 256);
      b1 = Tensor.zeros(256).requiresGrad(true);
      w2 = init(rnd, 256, 256);
      b2 = Tensor.zeros(256).requiresGrad(true);
      w3 = init(rnd, 256, 10);
      b3 = Tensor.zeros(10).requiresGrad(true);
      params = new Tensor[] {w1, b1, w2, b2, w3, b3};
    }

    private static Tensor init(Random rnd, int in, int out) {
      double bound = 1 / Math.sqrt(in);
      return Tensor.rand(rnd, in, out).mul(2 * bound).sub(bound).requiresGrad(true);
    }

    /** The logits for a batch {@code [B, 784]}. */
    public Tensor forward(Tensor x) {
      Tensor h = x.matmul(w1).add(b1).relu();
      h = h.matmul(w2).add(b2).relu();
      return h.matmul(w3).add(b3);
    }

    /** The cross-entropy of the logits, recorded on the tape. */
    public Tensor loss(Tensor x, int[] targets) {
      return Tensor.crossEntropy(forward(x), targets);
    }

    /** Forgets the parameters' accumulated gradients. */
    public void clearGrads() {
      for (Tensor p : params) {
        p.clearGrad();
      }
    }

    /** mlp_train_step: forward, cross-entropy, backward, SGD update; returns the loss. */
    public double trainStep(Tensor x, int[] targets, double lr) {
      Tensor loss = loss(x, targets);
      loss.backward();
      try (GradScope s = Autograd.noGrad()) {
        for (Tensor p : params) {
          p.addInPlace(p.grad(), -lr);
          p.clearGrad();
        }
      }
      return loss.item();
    }
  }
}
