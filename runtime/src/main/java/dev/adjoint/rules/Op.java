package dev.adjoint.rules;

import dev.adjoint.Tensor;
import dev.adjoint.autograd.Node;

/**
 * The primitives the tape records: every differentiable primitive of {@link Tensor}, with the name
 * its recorded node reports ({@code gradFn()}) and its vector-Jacobian rule, which calls the one
 * formula in {@link TensorRules} (generated adjoints call the same methods). Composite operations
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
  SUB("SubBackward", (n, g) -> new Tensor[] {g, n.needs(1) ? TensorRules.neg(g) : null}),
  /** {@code a * b}; saves a, b. */
  MUL("MulBackward", (n, g) -> new Tensor[] {
      n.needs(0) ? TensorRules.mul(n.saved(1), g) : null,
      n.needs(1) ? TensorRules.mul(n.saved(0), g, n.ownsGrad()) : null}),
  /** {@code a / b}; saves a, b. */
  DIV("DivBackward", (n, g) -> new Tensor[] {
      n.needs(0) ? TensorRules.divLeft(n.saved(1), g) : null,
      n.needs(1) ? TensorRules.divRight(n.saved(0), n.saved(1), g) : null}),
  /** {@code x + s}. */
  ADD_SCALAR("AddBackward", (n, g) -> new Tensor[] {g}),
  /** {@code x - s}. */
  SUB_SCALAR("SubBackward", (n, g) -> new Tensor[] {g}),
  /** {@code s - x}. */
  RSUB_SCALAR("RsubBackward", (n, g) -> new Tensor[] {TensorRules.neg(g, n.ownsGrad())}),
  /** {@code x * s}. */
  MUL_SCALAR("MulBackward", (n, g) -> new Tensor[] {TensorRules.mulScalar(n.scalar, g, n.ownsGrad())}),
  /** {@code x / s}. */
  DIV_SCALAR("DivBackward", (n, g) -> new Tensor[] {TensorRules.divScalar(n.scalar, g)}),
  /** {@code s / x}; saves the result (as PyTorch does). */
  RDIV_SCALAR("DivBackward", (n, g) -> new Tensor[] {TensorRules.rdivScalarFromResult(n.saved(0), n.scalar, g)}),
  /** {@code -x}. */
  NEG("NegBackward", (n, g) -> new Tensor[] {TensorRules.neg(g, n.ownsGrad())}),
  /** {@code x ^ p}; saves x. */
  POW_SCALAR("PowBackward", (n, g) -> new Tensor[] {TensorRules.powScalar(n.saved(0), n.scalar, g)}),
  /** {@code a ^ b}; saves a, b and the result. */
  POW("PowBackward", (n, g) -> new Tensor[] {
      n.needs(0) ? TensorRules.powLeft(n.saved(0), n.saved(1), g) : null,
      n.needs(1) ? TensorRules.powRight(n.saved(0), n.saved(1), n.saved(2), g) : null}),
  /** {@code e^x}; saves the result. */
  EXP("ExpBackward", (n, g) -> new Tensor[] {TensorRules.expFromResult(n.saved(0), g, n.ownsGrad())}),
  /** {@code log x}; saves x. */
  LOG("LogBackward", (n, g) -> new Tensor[] {TensorRules.log(n.saved(0), g)}),
  /** {@code sin x}; saves x. */
  SIN("SinBackward", (n, g) -> new Tensor[] {TensorRules.sin(n.saved(0), g, n.ownsGrad())}),
  /** {@code cos x}; saves x. */
  COS("CosBackward", (n, g) -> new Tensor[] {TensorRules.cos(n.saved(0), g, n.ownsGrad())}),
  /** {@code tan x}; saves the result y: {@code 1 + y^2}. */
  TAN("TanBackward", (n, g) -> new Tensor[] {TensorRules.tanFromResult(n.saved(0), g, n.ownsGrad())}),
  /** {@code tanh x}; saves the result y: {@code 1 - y^2}. */
  TANH("TanhBackward", (n, g) -> new Tensor[] {TensorRules.tanhFromResult(n.saved(0), g, n.ownsGrad())}),
  /** {@code sigmoid x}; saves the result y: {@code y (1 - y)}. */
  SIGMOID("SigmoidBackward", (n, g) -> new Tensor[] {TensorRules.sigmoidFromResult(n.saved(0), g, n.ownsGrad())}),
  /** {@code max(x, 0)}; saves the result; 0 at the kink. */
  RELU("ReluBackward", (n, g) -> new Tensor[] {TensorRules.reluFromResult(n.saved(0), g)}),
  /** {@code sqrt x}; saves the result y: {@code 1 / (2y)}. */
  SQRT("SqrtBackward", (n, g) -> new Tensor[] {TensorRules.sqrtFromResult(n.saved(0), g, n.ownsGrad())}),
  /** {@code |x|}; saves x; sign(x), 0 at the kink. */
  ABS("AbsBackward", (n, g) -> new Tensor[] {TensorRules.abs(n.saved(0), g)}),
  /** {@code sign x}; saves nothing; its derivative is 0 (recorded so that derivatives through it are zeros, as PyTorch). */
  SIGN("SignBackward", (n, g) -> new Tensor[] {TensorRules.linked(TensorRules.overwritten(g), n)}),
  /** {@code x^2}; saves x. */
  SQUARE("PowBackward", (n, g) -> new Tensor[] {TensorRules.square(n.saved(0), g, n.ownsGrad())}),
  /** {@code 1 / x}; saves the result y: {@code -y^2}. */
  RECIPROCAL("ReciprocalBackward", (n, g) -> new Tensor[] {TensorRules.reciprocalFromResult(n.saved(0), g, n.ownsGrad())}),
  /** Elementwise maximum; saves a, b; ties split the gradient equally. */
  MAXIMUM("MaximumBackward", (n, g) -> TensorRules.extremumPair(n.saved(0), n.saved(1), g, true, n.needs(0), n.needs(1))),
  /** Elementwise minimum; saves a, b; ties split the gradient equally. */
  MINIMUM("MinimumBackward", (n, g) -> TensorRules.extremumPair(n.saved(0), n.saved(1), g, false, n.needs(0), n.needs(1))),
  /** {@code clamp(x, min, max)}; saves x; passes the gradient where {@code min <= x <= max}. */
  CLAMP("ClampBackward", (n, g) -> new Tensor[] {TensorRules.clamp(n.saved(0), n.scalar, n.scalar2, g)}),
  /** Sum of all elements. */
  SUM("SumBackward", (n, g) -> new Tensor[] {TensorRules.sum(n.inputShape(0), g)}),
  /** Sum along {@code dim}. */
  SUM_DIM("SumBackward", (n, g) -> new Tensor[] {TensorRules.sumDim(n.inputShape(0), n.dim, n.flag, g)}),
  /** Mean of all elements. */
  MEAN("MeanBackward", (n, g) -> new Tensor[] {TensorRules.mean(n.inputShape(0), g)}),
  /** Mean along {@code dim}. */
  MEAN_DIM("MeanBackward", (n, g) -> new Tensor[] {TensorRules.meanDim(n.inputShape(0), n.dim, n.flag, g)}),
  /** Largest element; the gradient goes to the first arg-max (flat index in {@code dim}). */
  MAX("MaxBackward", (n, g) -> new Tensor[] {TensorRules.linked(
      TensorRules.extremum(n.inputShape(0), n.inputType(0), n.dim, g), n)}),
  /** Smallest element; the gradient goes to the first arg-min. */
  MIN("MinBackward", (n, g) -> new Tensor[] {TensorRules.linked(
      TensorRules.extremum(n.inputShape(0), n.inputType(0), n.dim, g), n)}),
  /** Largest along {@code dim}; arg-max indices in {@code ints}. */
  MAX_DIM("MaxBackward", (n, g) -> new Tensor[] {TensorRules.linked(
      TensorRules.extremumDim(n.inputShape(0), n.inputType(0), n.dim, n.flag, n.ints, g), n)}),
  /** Smallest along {@code dim}; arg-min indices in {@code ints}. */
  MIN_DIM("MinBackward", (n, g) -> new Tensor[] {TensorRules.linked(
      TensorRules.extremumDim(n.inputShape(0), n.inputType(0), n.dim, n.flag, n.ints, g), n)}),
  /** Euclidean norm; saves x and the result; gradient 0 at 0. */
  NORM("NormBackward", (n, g) -> new Tensor[] {TensorRules.norm(n.saved(0), n.saved(1), g)}),
  /** {@code log sum exp} along {@code dim}; saves x and the result. */
  LOG_SUM_EXP("LogsumexpBackward", (n, g) -> new Tensor[] {
      TensorRules.logSumExp(n.saved(0), n.saved(1), n.dim, g)}),
  /** Softmax along {@code dim}; saves the result y: {@code y (g - sum(g y))}. */
  SOFTMAX("SoftmaxBackward", (n, g) -> new Tensor[] {TensorRules.softmaxFromResult(n.saved(0), n.dim, g)}),
  /** Log-softmax along {@code dim}; saves the result y: {@code g - exp(y) sum(g)}. */
  LOG_SOFTMAX("LogSoftmaxBackward", (n, g) -> new Tensor[] {
      TensorRules.logSoftmaxFromResult(n.saved(0), n.dim, g)}),
  /** Dot product of 1-D tensors; saves a, b. */
  DOT("DotBackward", (n, g) -> new Tensor[] {
      n.needs(0) ? TensorRules.dot(n.saved(1), g) : null,
      n.needs(1) ? TensorRules.dot(n.saved(0), g) : null}),
  /** Matrix product of (batched) matrices; saves a, b. */
  MATMUL("MmBackward", (n, g) -> new Tensor[] {
      n.needs(0) ? TensorRules.matmulLeft(n.saved(1), g) : null,
      n.needs(1) ? TensorRules.matmulRight(n.saved(0), g, n.inputShape(1).length == 2) : null}),
  /** Swap of dimensions {@code dim} and {@code dim2}. */
  TRANSPOSE("TransposeBackward", (n, g) -> new Tensor[] {TensorRules.transpose(n.dim, n.dim2, g)}),
  /** Permutation {@code ints}. */
  PERMUTE("PermuteBackward", (n, g) -> new Tensor[] {TensorRules.permute(n.ints, g)}),
  /** Reshape of contiguous data. */
  RESHAPE("ViewBackward", (n, g) -> new Tensor[] {TensorRules.reshape(n.inputShape(0), g)}),
  /** Broadcast view; the engine sums the gradient back down to the input's shape. */
  EXPAND("ExpandBackward", (n, g) -> new Tensor[] {g}),
  /** Removal of size-1 dimension {@code dim}. */
  SQUEEZE("SqueezeBackward", (n, g) -> new Tensor[] {TensorRules.squeeze(n.inputShape(0), n.dim, g)}),
  /** Insertion of size-1 dimension {@code dim}. */
  UNSQUEEZE("UnsqueezeBackward", (n, g) -> new Tensor[] {TensorRules.unsqueeze(n.dim, g)}),
  /** Elements {@code [dim2, dim3)} of dimension {@code dim}. */
  SLICE("SliceBackward", (n, g) -> new Tensor[] {
      TensorRules.slice(n.inputShape(0), n.dim, n.dim2, n.dim3, g)}),
  /** Index {@code dim2} of dimension {@code dim}. */
  SELECT("SelectBackward", (n, g) -> new Tensor[] {TensorRules.select(n.inputShape(0), n.dim, n.dim2, g)}),
  /** Rows {@code ints} of dimension {@code dim}. */
  INDEX_SELECT("IndexSelectBackward", (n, g) -> new Tensor[] {
      TensorRules.indexSelect(n.inputShape(0), n.dim, n.ints, g)}),
  /** The reverse of index selection (sums rows into a zero tensor). */
  INDEX_ADD("IndexAddBackward", (n, g) -> new Tensor[] {TensorRules.indexAdd(n.dim, n.ints, g)}),
  /** The reverse of slicing (writes into a zero tensor). */
  SLICE_SCATTER("SliceScatterBackward", (n, g) -> new Tensor[] {
      TensorRules.sliceScatter(n.dim, n.dim2, n.dim3, g)}),
  /** Stacking of equally shaped inputs along a new dimension {@code dim}. */
  STACK("StackBackward", (n, g) -> {
    Tensor[] out = new Tensor[n.inputCount()];
    for (int i = 0; i < out.length; i++) {
      if (n.needs(i)) {
        out[i] = TensorRules.stack(n.dim, i, g);
      }
    }
    return out;
  }),
  /** In-place {@code zero()} of a recorded tensor: the result no longer depends on the old value. */
  ZERO("ZeroBackward", (n, g) -> new Tensor[] {TensorRules.overwritten(g)}),
  /** In-place {@code fill(v)} of a recorded tensor: the result no longer depends on the old value. */
  FILL("FillBackward", (n, g) -> new Tensor[] {TensorRules.overwritten(g)}),
  /** In-place {@code set(value, ints)} of a recorded tensor: the old value of that element is overwritten. */
  SET("CopySlices", (n, g) -> new Tensor[] {TensorRules.overwrittenAt(n.ints, g)}),
  /** In-place {@code copyFrom(src)}: the old value is overwritten, the gradient goes to src. */
  COPY("CopyBackwards", (n, g) -> new Tensor[] {n.needs(0) ? TensorRules.overwritten(g) : null, g}),
  /** Concatenation along {@code dim} of inputs of sizes {@code ints}. */
  CAT("CatBackward", (n, g) -> {
    Tensor[] out = new Tensor[n.ints.length];
    for (int i = 0; i < out.length; i++) {
      if (n.needs(i)) {
        out[i] = TensorRules.cat(n.dim, n.ints, i, g);
      }
    }
    return out;
  }),
  /** {@code where(cond, a, b)}; saves cond. */
  WHERE("WhereBackward", (n, g) -> new Tensor[] {
      n.needs(0) ? TensorRules.whereLeft(n.saved(0), g) : null,
      n.needs(1) ? TensorRules.whereRight(n.saved(0), g) : null}),
  /** Mean cross-entropy of logits against targets {@code ints}; saves the logits. */
  CROSS_ENTROPY("CrossEntropyBackward", (n, g) -> new Tensor[] {
      TensorRules.crossEntropy(n.saved(0), n.ints, g)}),
  /** Summing a broadcast tensor down to a shape (the engine's gradient reduction). */
  SUM_TO_SHAPE("SumBackward", (n, g) -> new Tensor[] {TensorRules.sum(n.inputShape(0), g)}),
  /** Conversion to another dtype. */
  TO_DTYPE("ToCopyBackward", (n, g) -> new Tensor[] {TensorRules.toDType(n.inputType(0), g)}),
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
}
