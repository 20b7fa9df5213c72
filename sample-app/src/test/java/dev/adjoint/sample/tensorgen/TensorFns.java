package dev.adjoint.sample.tensorgen;

import dev.adjoint.AD;
import dev.adjoint.Differentiable;
import dev.adjoint.Tensor;

/**
 * {@code @Differentiable} methods over tensors whose adjoints the processor generates (no tape):
 * elementwise chains, broadcasting, reductions, linear algebra, losses, calls, loops and branches on
 * numbers, {@code Tensor[]} weights and doubles mixed with tensors.
 */
final class TensorFns {
  private TensorFns() {}

  @Differentiable
  static Tensor chain(Tensor x) {
    return x.sin().mul(x.square().neg().exp()).add(x.tanh()).sum();
  }

  @Differentiable
  static Tensor broadcastAdd(Tensor x, Tensor b) {
    return x.add(b).square().sum();
  }

  @Differentiable
  static Tensor broadcastBoth(Tensor col, Tensor row) {
    return col.mul(row).sub(row).div(col.square().add(1.0)).sum();
  }

  @Differentiable
  static Tensor sumKeepDim(Tensor x) {
    return x.sum(1, true).mul(x).sum();
  }

  @Differentiable
  static Tensor meanDim(Tensor x) {
    return x.mean(0, false).square().sum().add(x.mean(-1).sum());
  }

  @Differentiable
  static Tensor maxAndMin(Tensor x) {
    return x.max(1, false).sum().add(x.min().mul(2.0)).add(x.max().mul(x.min(0, true)).sum());
  }

  @Differentiable
  static Tensor matmul(Tensor x, Tensor w) {
    return x.matmul(w).tanh().sum();
  }

  @Differentiable
  static Tensor batchedMatmul(Tensor a, Tensor b) {
    return a.matmul(b).square().mean();
  }

  @Differentiable
  static Tensor batchedBoth(Tensor a, Tensor b) {
    return a.matmul(b).sigmoid().sum();
  }

  @Differentiable
  static Tensor matrixVector(Tensor m, Tensor v) {
    return m.matmul(v).exp().sum().add(v.matmul(m.t()).sum());
  }

  @Differentiable
  static Tensor dot(Tensor x, Tensor y) {
    return x.dot(y).mul(x.dot(x));
  }

  @Differentiable
  static Tensor softmaxScore(Tensor x, Tensor t) {
    return x.softmax(1).mul(t).sum();
  }

  @Differentiable
  static Tensor logSoftmaxScore(Tensor x, Tensor t) {
    return x.logSoftmax(-1).mul(t).sum();
  }

  @Differentiable
  static Tensor classifier(Tensor x, Tensor w, int[] targets) {
    return Tensor.crossEntropy(x.matmul(w), targets);
  }

  @Differentiable
  static Tensor logSumExp(Tensor x) {
    return x.logSumExp(1).sum();
  }

  @Differentiable
  static Tensor norm(Tensor x) {
    return x.norm().mul(x.sum());
  }

  @Differentiable
  static Tensor regression(Tensor w, Tensor b, Tensor x, Tensor y) {
    return x.matmul(w).add(b).mseLoss(y);
  }

  /** The example: matmul, add, sub, square, mean. */
  @Differentiable
  static Tensor mseLinear(Tensor w, Tensor b, Tensor x, Tensor y) {
    return x.matmul(w).add(b).sub(y).square().mean();
  }

  @Differentiable
  static Tensor layer(Tensor w, Tensor b, Tensor x) {
    return x.matmul(w).add(b).tanh();
  }

  /** A two-layer perceptron with its layers as calls of another @Differentiable method. */
  @Differentiable
  static Tensor mlp(Tensor w1, Tensor b1, Tensor w2, Tensor b2, Tensor x, Tensor y) {
    Tensor h = layer(w1, b1, x);
    Tensor out = layer(w2, b2, h);
    return out.sub(y).square().mean();
  }

  /** A residual network: the same layer applied {@code depth} times, each output added to its input. */
  @Differentiable(wrt = {"w", "b", "x"})
  static Tensor residual(Tensor w, Tensor b, Tensor x, int depth) {
    Tensor h = x;
    for (int i = 0; i < depth; i++) {
      h = layer(w, b, h).add(h);
    }
    return h.square().sum();
  }

  /** Layer weights as a {@code Tensor[]}: one gradient per element. */
  @Differentiable(wrt = {"layers", "y"})
  static Tensor deep(Tensor[] layers, Tensor x, Tensor y) {
    Tensor h = x;
    for (int i = 0; i < layers.length; i++) {
      h = h.matmul(layers[i]);
      if (i < layers.length - 1) {
        h = h.relu();
      }
    }
    return h.sub(y).square().mean();
  }

  /** A double scaling a tensor: {@code dS} is a double. */
  @Differentiable(wrt = {"x", "s"})
  static Tensor scaled(Tensor x, double s) {
    return x.mul(s).add(s * s).sin().sum().add(x.div(s).sum());
  }

  @Differentiable
  static Tensor where(Tensor x, Tensor y) {
    return Tensor.where(x.gt(0), x.square(), y.mul(x)).sum();
  }

  @Differentiable
  static Tensor piecewise(Tensor x) {
    return x.clamp(-0.5, 0.5).add(x.relu()).add(x.abs()).mul(x).sum();
  }

  /** Locals reassigned in a loop over an int count. */
  @Differentiable(wrt = "x")
  static Tensor reassigned(Tensor x, int steps) {
    Tensor h = x;
    for (int i = 0; i < steps; i++) {
      h = h.sigmoid();
      h = h.mul(h).add(x);
    }
    return h.sum();
  }

  @Differentiable
  static Tensor power(Tensor a, Tensor b) {
    return a.pow(b).sum().add(a.pow(3.0).sum()).add(a.rdiv(1.0).sum()).add(a.rsub(2.0).square().sum());
  }

  @Differentiable
  static Tensor shapes(Tensor x) {
    Tensor gram = x.t().matmul(x);
    return gram.reshape(-1).square().sum().add(x.transpose(0, 1).permute(1, 0).mul(x).sum())
        .add(x.flatten().unsqueeze(0).squeeze(0).sum());
  }

  @Differentiable
  static Tensor slices(Tensor x) {
    return x.slice(1, 1, 3).exp().sum().add(x.select(0, 1).square().sum())
        .add(x.indexSelect(1, new int[] {2, 0, 2}).sum());
  }

  @Differentiable
  static Tensor expand(Tensor x) {
    return x.unsqueeze(0).expand(3, 2, 4).sum(0, false).mul(x).sum();
  }

  @Differentiable
  static Tensor stackCat(Tensor a, Tensor b) {
    return Tensor.stack(0, a, b).square().sum().add(Tensor.cat(1, a, b.mul(2.0)).exp().sum());
  }

  /** A branch on a double (not on a tensor's value): generated, its decision recorded. */
  @Differentiable(wrt = "x")
  static Tensor branch(Tensor x, double threshold) {
    Tensor y;
    if (threshold > 0) {
      y = x.exp();
    } else {
      y = x.square();
    }
    return y.mul(x).sum();
  }

  /** The row whose sum is largest: an index made from a tensor's values, by a plain helper. */
  static int rowOfLargestSum(Tensor x) {
    return (int) x.sum(1).argmax(0).item();
  }

  /** An index from a plain helper: generated, the index kept from the forward sweep for the reverse. */
  @Differentiable
  static Tensor largestRow(Tensor x) {
    return x.select(0, rowOfLargestSum(x)).exp().sum();
  }

  /** A non-scalar result: call {@code scoresVjp} with a seed. */
  @Differentiable
  static Tensor scores(Tensor x, Tensor w) {
    return x.matmul(w).softmax(1);
  }

  @Differentiable
  static Tensor detached(Tensor x) {
    return x.mul(x.detach()).sum().add(x.mul(AD.withoutDerivative(x)).sum());
  }

  /** Tensor values that reach control flow only from constants (not from x) keep the method generated. */
  @Differentiable(wrt = "x")
  static Tensor constantCondition(Tensor x, Tensor mask) {
    if (mask.sum().item() > 0) {
      return x.exp().sum();
    }
    return x.square().sum();
  }

  /** Seed 001's function: the while condition reads b's value, which depends on a: the tape takes it. */
  @Differentiable
  static Tensor grow(Tensor a) {
    Tensor b = a.mul(2);
    while (b.norm().item() < 1000) {
      b = b.mul(2);
    }
    return b.sum().item() > 0 ? b.sum() : b.mul(100).sum();
  }

  @Differentiable
  static Tensor toDType(Tensor x) {
    return x.to(dev.adjoint.DType.FLOAT32).square().to(dev.adjoint.DType.FLOAT64).sum();
  }

  /** Not @Differentiable: its derivative comes from the rule below. */
  static Tensor softplus(Tensor x) {
    return x.exp().add(1.0).log();
  }

  @dev.adjoint.Derivative(of = "softplus")
  static Tensor softplusRule(Tensor x, Tensor seed) {
    return seed.mul(x.sigmoid());
  }

  /** A custom rule for a tensor method. */
  @Differentiable
  static Tensor softplusLoss(Tensor x, Tensor w) {
    return softplus(x.matmul(w)).sum();
  }

  /** Calls of {@link #stochasticRound} so far: a generated gradient runs it once per call in the source. */
  static int roundings;

  /** Stochastic rounding (quantization-aware training): {@code floor(x + u)}, u uniform; a new draw on every call. */
  static Tensor stochasticRound(Tensor x, java.util.Random rng) {
    roundings++;
    double[] d = x.toDoubleArray();
    for (int i = 0; i < d.length; i++) {
      d[i] = Math.floor(d[i] + rng.nextDouble());
    }
    return Tensor.of(x.dtype(), d, x.shape());
  }

  /** The straight-through estimator: the derivative of the identity. */
  @dev.adjoint.Derivative(of = "stochasticRound")
  static Tensor stochasticRoundRule(Tensor x, java.util.Random rng, Tensor seed) {
    return seed;
  }

  /** The square's rule reads the rounded value: the reverse must take the forward's, not draw again. */
  @Differentiable
  static Tensor roundedSquares(Tensor w, java.util.Random rng) {
    return stochasticRound(w, rng).square().sum();
  }

  /** The rounding in a loop: each trip's value is kept for its reverse. */
  @Differentiable(wrt = {"x", "w"})
  static Tensor roundedLayers(Tensor x, Tensor w, java.util.Random rng, int layers) {
    Tensor h = x;
    for (int i = 0; i < layers; i++) {
      h = stochasticRound(h.mul(w), rng).mul(h).tanh();
    }
    return h.sum();
  }

  /** A product written by hand with a rule for both tensors: a {@code Tensor[]}, one entry per parameter in order. */
  static Tensor product(Tensor a, Tensor b) {
    return a.mul(b);
  }

  @dev.adjoint.Derivative(of = "product")
  static Tensor[] productRule(Tensor a, Tensor b, Tensor seed) {
    return new Tensor[] {seed.mul(b), seed.mul(a)};
  }

  @Differentiable
  static Tensor productLoss(Tensor a, Tensor b) {
    return product(a.sin(), b).square().sum();
  }

  /** A rule for a tensor and a number: an {@code Object[]}, the tensor's adjoint then the number's (boxed). */
  static Tensor scaledBy(Tensor x, double s) {
    return x.mul(s);
  }

  @dev.adjoint.Derivative(of = "scaledBy")
  static Object[] scaledByRule(Tensor x, double s, Tensor seed) {
    return new Object[] {seed.mul(s), seed.mul(x).sum().item()};
  }

  @Differentiable(wrt = {"x", "s"})
  static Tensor scaledByLoss(Tensor x, double s) {
    return scaledBy(x, s * s).tanh().sum();
  }

  /** Enhanced for over a Tensor[], a while loop with an int counter and a break, a switch on an int, an early return. */
  @Differentiable(wrt = {"ws", "x"})
  static Tensor controlFlow(Tensor[] ws, Tensor x, int mode, int limit) {
    Tensor h = x;
    for (Tensor w : ws) {
      h = h.matmul(w).tanh();
    }
    int k = 0;
    while (true) {
      if (k >= limit) {
        break;
      }
      h = h.sin().add(h.mul(0.5));
      k++;
    }
    switch (mode) {
      case 0:
        h = h.square();
        break;
      case 1:
        h = h.sigmoid().mul(x.sum());
        break;
      default:
        return h.exp().sum();
    }
    return h.sum();
  }

  /** Two results of one layer: a caller may read only some of them. */
  @Differentiable
  static Tensor[] twoOutputs(Tensor x, Tensor w) {
    return new Tensor[] {x.mul(w), x.mul(w).sin()};
  }

  /** Reads the second result only: twoOutputs' reverse gets no seed (null, a zero adjoint) for the first. */
  @Differentiable
  static Tensor secondOutputOnly(Tensor x, Tensor w) {
    Tensor[] hs = twoOutputs(x, w);
    return hs[1].sum();
  }

  /** Each call's result indexed where it is made: each call reads one result. */
  @Differentiable
  static Tensor outputsIndexed(Tensor x, Tensor w) {
    return twoOutputs(x, w)[1].mul(twoOutputs(x, w)[0]).sum();
  }
}
