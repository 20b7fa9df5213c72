package dev.adjoint.rules;

import dev.adjoint.Tensor;
import dev.adjoint.autograd.GradMode;
import dev.adjoint.autograd.Node;

/**
 * The derivative table: every differentiable primitive of {@link Tensor}, with the name its
 * recorded node reports ({@code gradFn()}) and its one vector-Jacobian rule. Composite operations
 * ({@code mseLoss}, {@code stack}, {@code flatten}, 1-D {@code matmul}) are built from these and
 * have no rule of their own.
 *
 * <p>Subgradients at kinks: {@code relu'(0) = 0}, {@code abs'(0) = 0}, {@code clamp} passes the
 * gradient where {@code min <= x <= max}; {@code max}/{@code min} (whole tensor or along a
 * dimension) send it to the first arg-max/arg-min; {@code maximum}/{@code minimum} split it
 * equally on ties; {@code norm} has gradient 0 at 0. All as PyTorch does.
 */
public enum Op {
  /** {@code a + b}. */
  ADD("AddBackward", (n, g) -> new Tensor[] {g, g}),
  /** {@code a - b}. */
  SUB("SubBackward", (n, g) -> new Tensor[] {g, n.needs(1) ? g.neg() : null}),
  /** {@code a * b}; saves a, b. */
  MUL("MulBackward", (n, g) -> {
    Tensor ga = n.needs(0) ? g.mul(n.saved(1)) : null;
    return new Tensor[] {ga, n.needs(1) ? timesGrad(n, g, n.saved(0)) : null};
  }),
  /** {@code a / b}; saves a, b. */
  DIV("DivBackward", (n, g) -> new Tensor[] {
      n.needs(0) ? g.div(n.saved(1)) : null,
      n.needs(1) ? g.mul(n.saved(0)).div(n.saved(1).square()).neg() : null}),
  /** {@code x + s}. */
  ADD_SCALAR("AddBackward", (n, g) -> new Tensor[] {g}),
  /** {@code x - s}. */
  SUB_SCALAR("SubBackward", (n, g) -> new Tensor[] {g}),
  /** {@code s - x}. */
  RSUB_SCALAR("RsubBackward", (n, g) -> new Tensor[] {g.neg()}),
  /** {@code x * s}. */
  MUL_SCALAR("MulBackward", (n, g) -> new Tensor[] {
      n.ownsGrad() ? g.mulInPlace(n.scalar) : g.mul(n.scalar)}),
  /** {@code x / s}. */
  DIV_SCALAR("DivBackward", (n, g) -> new Tensor[] {g.div(n.scalar)}),
  /** {@code s / x}; saves x. */
  RDIV_SCALAR("DivBackward", (n, g) -> new Tensor[] {
      g.mul(-n.scalar).div(n.saved(0).square())}),
  /** {@code -x}. */
  NEG("NegBackward", (n, g) -> new Tensor[] {n.ownsGrad() ? g.mulInPlace(-1) : g.neg()}),
  /** {@code x ^ p}; saves x. */
  POW_SCALAR("PowBackward", (n, g) -> new Tensor[] {powScalarGrad(n.saved(0), n.scalar, g)}),
  /** {@code a ^ b}; saves a, b and the result. */
  POW("PowBackward", (n, g) -> new Tensor[] {
      n.needs(0) ? powBaseGrad(n.saved(0), n.saved(1), g) : null,
      n.needs(1) ? powExponentGrad(n.saved(0), n.saved(1), n.saved(2), g) : null}),
  /** {@code e^x}; saves the result. */
  EXP("ExpBackward", (n, g) -> new Tensor[] {timesGrad(n, g, n.saved(0))}),
  /** {@code log x}; saves x. */
  LOG("LogBackward", (n, g) -> new Tensor[] {g.div(n.saved(0))}),
  /** {@code sin x}; saves x. */
  SIN("SinBackward", (n, g) -> new Tensor[] {times(n.saved(0).cos(), g)}),
  /** {@code cos x}; saves x. */
  COS("CosBackward", (n, g) -> new Tensor[] {times(times(n.saved(0).sin(), g), -1)}),
  /** {@code tan x}; saves the result y: {@code 1 + y^2}. */
  TAN("TanBackward", (n, g) -> new Tensor[] {times(plus(n.saved(0).square(), 1), g)}),
  /** {@code tanh x}; saves the result y: {@code 1 - y^2}. */
  TANH("TanhBackward", (n, g) -> new Tensor[] {
      times(plus(times(n.saved(0).square(), -1), 1), g)}),
  /** {@code sigmoid x}; saves the result y: {@code y (1 - y)}. */
  SIGMOID("SigmoidBackward", (n, g) -> new Tensor[] {
      times(times(n.saved(0).rsub(1), n.saved(0)), g)}),
  /** {@code max(x, 0)}; saves the result; 0 at the kink. */
  RELU("ReluBackward", (n, g) -> new Tensor[] {times(n.saved(0).gt(0), g)}),
  /** {@code sqrt x}; saves the result y: {@code 1 / (2y)}. */
  SQRT("SqrtBackward", (n, g) -> new Tensor[] {times(g.div(n.saved(0)), 0.5)}),
  /** {@code |x|}; saves x; sign(x), 0 at the kink. */
  ABS("AbsBackward", (n, g) -> new Tensor[] {times(n.saved(0).sign(), g)}),
  /** {@code x^2}; saves x. */
  SQUARE("PowBackward", (n, g) -> new Tensor[] {times(timesGrad(n, g, n.saved(0)), 2)}),
  /** {@code 1 / x}; saves the result y: {@code -y^2}. */
  RECIPROCAL("ReciprocalBackward", (n, g) -> new Tensor[] {
      times(times(n.saved(0).square(), g), -1)}),
  /** Elementwise maximum; saves a, b; ties split the gradient equally. */
  MAXIMUM("MaximumBackward", (n, g) -> tieSplit(n, g, n.saved(0).gt(n.saved(1)))),
  /** Elementwise minimum; saves a, b; ties split the gradient equally. */
  MINIMUM("MinimumBackward", (n, g) -> tieSplit(n, g, n.saved(0).lt(n.saved(1)))),
  /** {@code clamp(x, min, max)}; saves x; passes the gradient where {@code min <= x <= max}. */
  CLAMP("ClampBackward", (n, g) -> new Tensor[] {
      times(times(n.saved(0).ge(n.scalar), n.saved(0).le(n.scalar2)), g)}),
  /** Sum of all elements. */
  SUM("SumBackward", (n, g) -> new Tensor[] {g.expand(n.inputShape(0))}),
  /** Sum along {@code dim}. */
  SUM_DIM("SumBackward", (n, g) -> new Tensor[] {
      (n.flag ? g : g.unsqueeze(n.dim)).expand(n.inputShape(0))}),
  /** Mean of all elements. */
  MEAN("MeanBackward", (n, g) -> new Tensor[] {
      g.div(count(n.inputShape(0))).expand(n.inputShape(0))}),
  /** Mean along {@code dim}. */
  MEAN_DIM("MeanBackward", (n, g) -> new Tensor[] {
      (n.flag ? g : g.unsqueeze(n.dim)).div(n.inputShape(0)[n.dim]).expand(n.inputShape(0))}),
  /** Largest element; the gradient goes to the first arg-max (flat index in {@code dim}). */
  MAX("MaxBackward", (n, g) -> new Tensor[] {flatIndicator(n).mul(g)}),
  /** Smallest element; the gradient goes to the first arg-min. */
  MIN("MinBackward", (n, g) -> new Tensor[] {flatIndicator(n).mul(g)}),
  /** Largest along {@code dim}; arg-max indices in {@code ints}. */
  MAX_DIM("MaxBackward", (n, g) -> new Tensor[] {
      Tensor.indicator(n.inputShape(0), n.dim, n.ints, n.inputType(0))
          .mul(n.flag ? g : g.unsqueeze(n.dim))}),
  /** Smallest along {@code dim}; arg-min indices in {@code ints}. */
  MIN_DIM("MinBackward", (n, g) -> new Tensor[] {
      Tensor.indicator(n.inputShape(0), n.dim, n.ints, n.inputType(0))
          .mul(n.flag ? g : g.unsqueeze(n.dim))}),
  /** Euclidean norm; saves x and the result; gradient 0 at 0. */
  NORM("NormBackward", (n, g) -> new Tensor[] {
      n.saved(1).item() == 0 ? Tensor.zerosLike(n.saved(0))
          : n.saved(0).mul(g.div(n.saved(1)))}),
  /** {@code log sum exp} along {@code dim}; saves x and the result. */
  LOG_SUM_EXP("LogsumexpBackward", (n, g) -> new Tensor[] {
      g.unsqueeze(n.dim).mul(n.saved(0).sub(n.saved(1).unsqueeze(n.dim)).exp())}),
  /** Softmax along {@code dim}; saves the result y: {@code y (g - sum(g y))}. */
  SOFTMAX("SoftmaxBackward", (n, g) -> new Tensor[] {
      times(g.sub(g.mul(n.saved(0)).sum(n.dim, true)), n.saved(0))}),
  /** Log-softmax along {@code dim}; saves the result y: {@code g - exp(y) sum(g)}. */
  LOG_SOFTMAX("LogSoftmaxBackward", (n, g) -> new Tensor[] {
      plus(times(times(n.saved(0).exp(), g.sum(n.dim, true)), -1), g)}),
  /** Dot product of 1-D tensors; saves a, b. */
  DOT("DotBackward", (n, g) -> new Tensor[] {
      n.needs(0) ? g.mul(n.saved(1)) : null,
      n.needs(1) ? g.mul(n.saved(0)) : null}),
  /** Matrix product of (batched) matrices; saves a, b. */
  MATMUL("MmBackward", (n, g) -> new Tensor[] {
      n.needs(0) ? g.matmul(n.saved(1).transpose(-1, -2)) : null,
      n.needs(1) ? matmulRightGrad(n.saved(0), g, n.inputShape(1).length == 2) : null}),
  /** Swap of dimensions {@code dim} and {@code dim2}. */
  TRANSPOSE("TransposeBackward", (n, g) -> new Tensor[] {g.transpose(n.dim, n.dim2)}),
  /** Permutation {@code ints}. */
  PERMUTE("PermuteBackward", (n, g) -> new Tensor[] {g.permute(inverse(n.ints))}),
  /** Reshape of contiguous data. */
  RESHAPE("ViewBackward", (n, g) -> new Tensor[] {g.reshape(n.inputShape(0))}),
  /** Broadcast view; the engine sums the gradient back down to the input's shape. */
  EXPAND("ExpandBackward", (n, g) -> new Tensor[] {g}),
  /** Removal of size-1 dimension {@code dim}. */
  SQUEEZE("SqueezeBackward", (n, g) -> new Tensor[] {g.unsqueeze(n.dim)}),
  /** Insertion of size-1 dimension {@code dim}. */
  UNSQUEEZE("UnsqueezeBackward", (n, g) -> new Tensor[] {g.squeeze(n.dim)}),
  /** Elements {@code [dim2, dim3)} of dimension {@code dim}. */
  SLICE("SliceBackward", (n, g) -> new Tensor[] {
      g.sliceScatter(n.inputShape(0), n.dim, n.dim2, n.dim3)}),
  /** Index {@code dim2} of dimension {@code dim}. */
  SELECT("SelectBackward", (n, g) -> new Tensor[] {
      g.unsqueeze(n.dim).sliceScatter(n.inputShape(0), n.dim, n.dim2, n.dim2 + 1)}),
  /** Rows {@code ints} of dimension {@code dim}. */
  INDEX_SELECT("IndexSelectBackward", (n, g) -> new Tensor[] {
      g.indexAdd(n.inputShape(0), n.dim, n.ints)}),
  /** The reverse of index selection (sums rows into a zero tensor). */
  INDEX_ADD("IndexAddBackward", (n, g) -> new Tensor[] {g.indexSelect(n.dim, n.ints)}),
  /** The reverse of slicing (writes into a zero tensor). */
  SLICE_SCATTER("SliceScatterBackward", (n, g) -> new Tensor[] {g.slice(n.dim, n.dim2, n.dim3)}),
  /** Stacking of equally shaped inputs along a new dimension {@code dim}. */
  STACK("StackBackward", (n, g) -> {
    Tensor[] out = new Tensor[n.inputCount()];
    for (int i = 0; i < out.length; i++) {
      if (n.needs(i)) {
        out[i] = g.select(n.dim, i);
      }
    }
    return out;
  }),
  /** In-place {@code zero()} of a recorded tensor: the result no longer depends on the old value. */
  ZERO("ZeroBackward", (n, g) -> new Tensor[] {Tensor.zerosLike(g)}),
  /** In-place {@code fill(v)} of a recorded tensor: the result no longer depends on the old value. */
  FILL("FillBackward", (n, g) -> new Tensor[] {Tensor.zerosLike(g)}),
  /** In-place {@code copyFrom(src)}: the old value is overwritten, the gradient goes to src. */
  COPY("CopyBackwards", (n, g) -> new Tensor[] {n.needs(0) ? Tensor.zerosLike(g) : null, g}),
  /** Concatenation along {@code dim} of inputs of sizes {@code ints}. */
  CAT("CatBackward", Op::catGrad),
  /** {@code where(cond, a, b)}; saves cond. */
  WHERE("WhereBackward", (n, g) -> {
    Tensor zero = Tensor.scalar(0, g.dtype());
    return new Tensor[] {
        n.needs(0) ? Tensor.where(n.saved(0), g, zero) : null,
        n.needs(1) ? Tensor.where(n.saved(0), zero, g) : null};
  }),
  /** Mean cross-entropy of logits against targets {@code ints}; saves the logits. */
  CROSS_ENTROPY("CrossEntropyBackward", (n, g) -> {
    Tensor logits = n.saved(0);
    int rows = n.ints.length;
    Tensor oneHot = Tensor.indicator(logits.shape(), 1, n.ints, logits.dtype());
    return new Tensor[] {times(minus(logits.softmax(1), oneHot), g.div(rows))};
  }),
  /** Summing a broadcast tensor down to a shape (the engine's gradient reduction). */
  SUM_TO_SHAPE("SumBackward", (n, g) -> new Tensor[] {g.expand(n.inputShape(0))}),
  /** Conversion to another dtype. */
  TO_DTYPE("ToCopyBackward", (n, g) -> new Tensor[] {g.to(n.inputType(0))}),
  /** A copy. */
  CLONE("CloneBackward", (n, g) -> new Tensor[] {g});

  private final String backwardName;
  private final VjpRule rule;

  Op(String backwardName, VjpRule rule) {
    this.backwardName = backwardName;
    this.rule = rule;
  }

  /** The name {@code gradFn()} reports for a result of this operation, e.g. {@code "MulBackward"}. */
  public String backwardName() {
    return backwardName;
  }

  /** This operation's vector-Jacobian rule. */
  public VjpRule rule() {
    return rule;
  }

  private static Tensor powScalarGrad(Tensor x, double p, Tensor g) {
    if (p == 0) {
      return Tensor.zerosLike(x);
    }
    if (p == 1) {
      return g;
    }
    if (p == 2) {
      return times(g.mul(x), 2.0);
    }
    return times(times(x.pow(p - 1), p), g);
  }

  /** {@code g b a^(b-1)}, taken as 0 where {@code b == 0} (PyTorch's choice; avoids 0 * inf). */
  private static Tensor powBaseGrad(Tensor a, Tensor b, Tensor g) {
    Tensor grad = g.mul(b).mul(a.pow(b.sub(1)));
    return Tensor.where(b.eq(0), Tensor.scalar(0, grad.dtype()), grad);
  }

  /** {@code g a^b log a}, taken as 0 where {@code a == 0 and b >= 0} (PyTorch's choice). */
  private static Tensor powExponentGrad(Tensor a, Tensor b, Tensor out, Tensor g) {
    Tensor grad = g.mul(out).mul(a.log());
    Tensor zeroBase = a.eq(0).mul(b.ge(0));
    return Tensor.where(zeroBase, Tensor.scalar(0, grad.dtype()), grad);
  }

  // Arithmetic on a tensor the rule has just created ("fresh"). While the backward pass is not
  // recorded nobody else can see it, so it is updated in place (saving an allocation and a pass);
  // under CREATE_GRAPH the same formula runs out of place so that it is recorded.

  private static boolean inPlaceAllowed(Tensor fresh, Tensor other) {
    if (GradMode.isEnabled() || fresh.dtype() != other.dtype() || other.dim() > fresh.dim()) {
      return false;
    }
    int[] f = fresh.shape();
    int[] o = other.shape();
    int off = f.length - o.length;
    for (int i = 0; i < o.length; i++) {
      if (o[i] != 1 && o[i] != f[i + off]) {
        return false;
      }
    }
    return true;
  }

  /** {@code g * other}, overwriting g when the node owns it. */
  private static Tensor timesGrad(Node n, Tensor g, Tensor other) {
    return n.ownsGrad() && inPlaceAllowed(g, other) ? g.mulInPlace(other) : g.mul(other);
  }

  private static Tensor times(Tensor fresh, Tensor other) {
    return inPlaceAllowed(fresh, other) ? fresh.mulInPlace(other) : fresh.mul(other);
  }

  private static Tensor times(Tensor fresh, double s) {
    return GradMode.isEnabled() ? fresh.mul(s) : fresh.mulInPlace(s);
  }

  private static Tensor plus(Tensor fresh, double s) {
    return GradMode.isEnabled() ? fresh.add(s) : fresh.addInPlace(s);
  }

  private static Tensor plus(Tensor fresh, Tensor other) {
    return inPlaceAllowed(fresh, other) ? fresh.addInPlace(other) : fresh.add(other);
  }

  private static Tensor minus(Tensor fresh, Tensor other) {
    return inPlaceAllowed(fresh, other) ? fresh.subInPlace(other) : fresh.sub(other);
  }

  /**
   * {@code a^T g}. When {@code a} is batched and the right operand was a matrix, the batch is
   * folded into the rows ({@code [B*m, k]^T [B*m, n]}): one product, no {@code [B, k, n]}
   * intermediate to sum afterwards.
   */
  private static Tensor matmulRightGrad(Tensor a, Tensor g, boolean rightWasMatrix) {
    if (rightWasMatrix && a.dim() > 2 && g.dim() == a.dim()
        && java.util.Arrays.equals(batch(a), batch(g))) {
      int k = a.size(-1);
      int cols = g.size(-1);
      return a.reshape(-1, k).t().matmul(g.reshape(-1, cols));
    }
    return a.transpose(-1, -2).matmul(g);
  }

  private static int[] batch(Tensor t) {
    return java.util.Arrays.copyOf(t.shape(), t.dim() - 2);
  }

  private static Tensor[] tieSplit(Node n, Tensor g, Tensor strictlyFirst) {
    Tensor share = strictlyFirst.add(n.saved(0).eq(n.saved(1)).mul(0.5));
    return new Tensor[] {
        n.needs(0) ? g.mul(share) : null,
        n.needs(1) ? g.mul(share.rsub(1)) : null};
  }

  private static int count(int[] shape) {
    int c = 1;
    for (int s : shape) {
      c *= s;
    }
    return c;
  }

  private static Tensor flatIndicator(Node n) {
    int[] shape = n.inputShape(0);
    int[] flat = {count(shape)};
    return Tensor.indicator(flat, 0, new int[] {n.dim}, n.inputType(0)).reshape(shape);
  }

  private static int[] inverse(int[] perm) {
    int[] inv = new int[perm.length];
    for (int i = 0; i < perm.length; i++) {
      inv[perm[i]] = i;
    }
    return inv;
  }

  private static Tensor[] catGrad(Node n, Tensor g) {
    Tensor[] out = new Tensor[n.ints.length];
    int at = 0;
    for (int i = 0; i < out.length; i++) {
      int size = n.ints[i];
      if (n.needs(i)) {
        out[i] = g.slice(n.dim, at, at + size);
      }
      at += size;
    }
    return out;
  }
}
