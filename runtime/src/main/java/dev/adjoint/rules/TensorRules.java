package dev.adjoint.rules;

import dev.adjoint.Autograd;
import dev.adjoint.DType;
import dev.adjoint.GradScope;
import dev.adjoint.Lanes;
import dev.adjoint.Tensor;
import dev.adjoint.autograd.GradMode;
import dev.adjoint.autograd.Node;
import java.util.Arrays;
import java.util.function.BinaryOperator;

/**
 * The vector-Jacobian rules of the differentiable {@link Tensor} operations: the one table of tensor
 * derivatives. The tape's nodes ({@link Op}) call these methods, and so do the adjoints the annotation
 * processor generates; no other class writes a tensor derivative.
 *
 * <p>Each rule takes what it needs of the operation's inputs (or its result, for the rules named
 * {@code ...FromResult}), the operation's non-tensor parameters, and the seed {@code g} (the adjoint
 * of the result), and returns the adjoint contribution of one input. Operations with several
 * differentiable inputs have one rule per input ({@code divLeft}, {@code divRight}), or one shared
 * rule where the formula is symmetric ({@code mul}, {@code dot}). A rule of a broadcasting operation
 * returns its contribution in the broadcast shape of the result: the caller sums it down to the
 * input's shape with {@link Tensor#sumToShape} (the tape's engine does so for every input; generated
 * code does so for the inputs of broadcasting operations). Rules whose formula is the seed itself
 * ({@code add}, {@code expand}, {@code clone}) have no method here.
 *
 * <pre>{@code
 * Tensor dx = TensorRules.sin(x, g);                 // g * cos(x)
 * Tensor dA = TensorRules.matmulLeft(b, g);          // g @ b^T
 * Tensor dB = TensorRules.matmulRight(a, g, true);   // a^T @ g
 * }</pre>
 *
 * <p>Rules are written with tensor operations, so running them while grad mode records gives
 * derivatives of derivatives. The rules of piecewise operations ({@code relu}, {@code abs},
 * {@code clamp}, {@code max}/{@code min}, {@code maximum}/{@code minimum}) return a result that, while
 * recording, stays connected to the operation's input with derivative zero, so a second derivative
 * through them is zeros, not an error.
 *
 * <p>Rules given {@code seedIsFree = true} may overwrite the seed instead of allocating: pass it only
 * when nothing else will read the seed afterwards.
 */
public final class TensorRules {
  private TensorRules() {}

  /**
   * The arithmetic of whole tensors that {@link ElementwiseRules} are run with here: operations as
   * {@link Tensor}'s, recorded while grad mode records; updates of values a rule made itself in place
   * where nothing else can see them ({@link #inPlaceAllowed}).
   */
  public static final Elementwise<Tensor> TENSORS = new TensorArithmetic();

  // ---------------------------------------------------------------------------------------------
  // Elementwise, two tensors

  /**
   * Rule of {@code a.mul(b)} for either input: {@code g * other}.
   *
   * @param other the other input of the product
   * @param g the seed, shaped like the result
   * @return the contribution, in the result's shape
   */
  public static Tensor mul(Tensor other, Tensor g) {
    return mul(other, g, false);
  }

  /**
   * As {@link #mul(Tensor, Tensor)}, overwriting {@code g} when {@code seedIsFree} allows it.
   *
   * @param other the other input of the product
   * @param g the seed
   * @param seedIsFree true if nothing else reads {@code g} afterwards
   * @return the contribution
   */
  public static Tensor mul(Tensor other, Tensor g, boolean seedIsFree) {
    return ElementwiseRules.mul(TENSORS, other, g, seedIsFree);
  }

  /**
   * Rule of {@code a.sub(b)} for {@code b}, and of {@code a.neg()} and {@code a.rsub(s)} for {@code a}: {@code -g}.
   *
   * @param g the seed
   * @return the contribution
   */
  public static Tensor neg(Tensor g) {
    return neg(g, false);
  }

  /**
   * As {@link #neg(Tensor)}, overwriting {@code g} when {@code seedIsFree} allows it.
   *
   * @param g the seed
   * @param seedIsFree true if nothing else reads {@code g} afterwards
   * @return the contribution
   */
  public static Tensor neg(Tensor g, boolean seedIsFree) {
    return ElementwiseRules.neg(TENSORS, g, seedIsFree);
  }

  /**
   * Rule of {@code a.div(b)} for the dividend {@code a}: {@code g / b}.
   *
   * @param right the divisor
   * @param g the seed
   * @return the contribution
   */
  public static Tensor divLeft(Tensor right, Tensor g) {
    return ElementwiseRules.divLeft(TENSORS, right, g);
  }

  /**
   * Rule of {@code a.div(b)} for the divisor {@code b}: {@code -g a / b^2}.
   *
   * @param left the dividend
   * @param right the divisor
   * @param g the seed
   * @return the contribution
   */
  public static Tensor divRight(Tensor left, Tensor right, Tensor g) {
    return ElementwiseRules.divRight(TENSORS, left, right, g);
  }

  /**
   * Rule of {@code a.pow(b)} for the base: {@code g b a^(b-1)}, taken as 0 where {@code b == 0}
   * (PyTorch's choice; avoids {@code 0 * inf}).
   *
   * @param left the base
   * @param right the exponent
   * @param g the seed
   * @return the contribution
   */
  public static Tensor powLeft(Tensor left, Tensor right, Tensor g) {
    Tensor grad = g.mul(right).mul(left.pow(right.sub(1)));
    return Tensor.where(right.eq(0), Tensor.scalar(0, grad.dtype()), grad);
  }

  /**
   * Rule of {@code a.pow(b)} for the exponent: {@code g a^b log a}, taken as 0 where {@code a == 0}
   * and {@code b >= 0} (PyTorch's choice).
   *
   * @param left the base
   * @param right the exponent
   * @param result {@code a.pow(b)}
   * @param g the seed
   * @return the contribution
   */
  public static Tensor powRight(Tensor left, Tensor right, Tensor result, Tensor g) {
    Tensor grad = g.mul(result).mul(left.log());
    Tensor zeroBase = left.eq(0).mul(right.ge(0));
    return Tensor.where(zeroBase, Tensor.scalar(0, grad.dtype()), grad);
  }

  /**
   * Rule of {@code a.maximum(b)} for {@code a}: the seed where {@code a > b}, half of it on ties.
   *
   * @param left {@code a}
   * @param right {@code b}
   * @param g the seed
   * @return the contribution
   */
  public static Tensor maximumLeft(Tensor left, Tensor right, Tensor g) {
    return extremumPair(left, right, g, true, true, false)[0];
  }

  /**
   * Rule of {@code a.maximum(b)} for {@code b}: the seed where {@code b > a}, half of it on ties.
   *
   * @param left {@code a}
   * @param right {@code b}
   * @param g the seed
   * @return the contribution
   */
  public static Tensor maximumRight(Tensor left, Tensor right, Tensor g) {
    return extremumPair(left, right, g, true, false, true)[1];
  }

  /**
   * Rule of {@code a.minimum(b)} for {@code a}: the seed where {@code a < b}, half of it on ties.
   *
   * @param left {@code a}
   * @param right {@code b}
   * @param g the seed
   * @return the contribution
   */
  public static Tensor minimumLeft(Tensor left, Tensor right, Tensor g) {
    return extremumPair(left, right, g, false, true, false)[0];
  }

  /**
   * Rule of {@code a.minimum(b)} for {@code b}: the seed where {@code b < a}, half of it on ties.
   *
   * @param left {@code a}
   * @param right {@code b}
   * @param g the seed
   * @return the contribution
   */
  public static Tensor minimumRight(Tensor left, Tensor right, Tensor g) {
    return extremumPair(left, right, g, false, false, true)[1];
  }

  /**
   * Both rules of {@code a.maximum(b)} (or {@code minimum}) with the tie share computed once: the
   * contributions to {@code a} and {@code b}, each null where not needed.
   *
   * @param left {@code a}
   * @param right {@code b}
   * @param g the seed
   * @param maximum true for {@code maximum}, false for {@code minimum}
   * @param needLeft whether {@code a} needs its contribution
   * @param needRight whether {@code b} needs its contribution
   * @return the two contributions
   */
  public static Tensor[] extremumPair(Tensor left, Tensor right, Tensor g, boolean maximum, boolean needLeft, boolean needRight) {
    Tensor share = tieShare(maximum ? left.gt(right) : left.lt(right), left, right);
    return new Tensor[] {
        needLeft ? linked(g.mul(share), left, right) : null,
        needRight ? linked(g.mul(share.rsub(1)), left, right) : null};
  }

  private static Tensor tieShare(Tensor strictlyFirst, Tensor a, Tensor b) {
    return strictlyFirst.add(a.eq(b).mul(0.5));
  }

  /**
   * Rule of {@code Tensor.where(cond, a, b)} for {@code a}: the seed where {@code cond} holds, 0 elsewhere.
   *
   * @param cond the condition (nonzero is true)
   * @param g the seed
   * @return the contribution
   */
  public static Tensor whereLeft(Tensor cond, Tensor g) {
    return Tensor.where(cond, g, Tensor.scalar(0, g.dtype()));
  }

  /**
   * Rule of {@code Tensor.where(cond, a, b)} for {@code b}: the seed where {@code cond} fails, 0 elsewhere.
   *
   * @param cond the condition (nonzero is true)
   * @param g the seed
   * @return the contribution
   */
  public static Tensor whereRight(Tensor cond, Tensor g) {
    return Tensor.where(cond, Tensor.scalar(0, g.dtype()), g);
  }

  // ---------------------------------------------------------------------------------------------
  // Elementwise, a tensor and a number

  /**
   * Rule of {@code x.mul(s)} for {@code x}: {@code g s}.
   *
   * @param s the factor
   * @param g the seed
   * @param seedIsFree true if nothing else reads {@code g} afterwards
   * @return the contribution
   */
  public static Tensor mulScalar(double s, Tensor g, boolean seedIsFree) {
    return ElementwiseRules.mulScalar(TENSORS, s, g, seedIsFree);
  }

  /**
   * Rule of {@code x.mul(s)} for {@code x}: {@code g s}.
   *
   * @param s the factor
   * @param g the seed
   * @return the contribution
   */
  public static Tensor mulScalar(double s, Tensor g) {
    return mulScalar(s, g, false);
  }

  /**
   * Rule of {@code x.div(s)} for {@code x}: {@code g / s}.
   *
   * @param s the divisor
   * @param g the seed
   * @return the contribution
   */
  public static Tensor divScalar(double s, Tensor g) {
    return ElementwiseRules.divScalar(TENSORS, s, g);
  }

  /**
   * Rule of {@code x.rdiv(s)} ({@code s / x}) for {@code x}, from its result {@code y}: {@code -g y^2 / s}
   * ({@code 0 g} for {@code s = 0}).
   *
   * @param y the result, {@code s / x}
   * @param s the dividend
   * @param g the seed
   * @return the contribution
   */
  public static Tensor rdivScalarFromResult(Tensor y, double s, Tensor g) {
    return ElementwiseRules.rdivScalarFromResult(TENSORS, y, s, g);
  }

  /**
   * Rule of {@code x.pow(p)} for {@code x}: {@code g p x^(p-1)}.
   *
   * @param x the base
   * @param p the exponent
   * @param g the seed
   * @return the contribution
   */
  public static Tensor powScalar(Tensor x, double p, Tensor g) {
    if (p == 0) {
      return Tensor.zerosLike(x);
    }
    if (p == 1) {
      return linked(g, x, null); // PyTorch's g * 1 * x^0: a second derivative is zeros, not an error
    }
    if (p == 2) {
      return times(g.mul(x), 2.0);
    }
    return times(times(x.pow(p - 1), p), g);
  }

  /**
   * Rule of {@code x.add(s)} and {@code x.rsub(s)} for the number {@code s}: the sum of the seed.
   * (The tape treats numbers as constants; generated code differentiates them.)
   *
   * @param g the seed
   * @return the contribution to {@code s}
   */
  public static double scalarTerm(Tensor g) {
    return g.sum().item();
  }

  /**
   * Rule of {@code x.sub(s)} for the number {@code s}: minus the sum of the seed.
   *
   * @param g the seed
   * @return the contribution to {@code s}
   */
  public static double subScalarTerm(Tensor g) {
    return -g.sum().item();
  }

  /**
   * Rule of {@code x.mul(s)} for the number {@code s}: {@code sum(g x)}.
   *
   * @param x the tensor multiplied
   * @param g the seed
   * @return the contribution to {@code s}
   */
  public static double mulScalarFactor(Tensor x, Tensor g) {
    return g.mul(x).sum().item();
  }

  /**
   * Rule of {@code x.div(s)} for the divisor {@code s}: {@code -sum(g x) / s^2}.
   *
   * @param x the dividend
   * @param s the divisor
   * @param g the seed
   * @return the contribution to {@code s}
   */
  public static double divScalarDivisor(Tensor x, double s, Tensor g) {
    return -mulScalarFactor(x, g) / (s * s);
  }

  /**
   * Rule of {@code x.rdiv(s)} ({@code s / x}) for the dividend {@code s}: {@code sum(g / x)}.
   *
   * @param x the divisor
   * @param g the seed
   * @return the contribution to {@code s}
   */
  public static double rdivScalarDividend(Tensor x, Tensor g) {
    return g.div(x).sum().item();
  }

  /**
   * Rule of {@code x.pow(p)} for the exponent {@code p}: {@code sum(g x^p log x)}, with 0 where
   * {@code x == 0} and {@code p >= 0}.
   *
   * @param x the base
   * @param p the exponent
   * @param result {@code x.pow(p)}
   * @param g the seed
   * @return the contribution to {@code p}
   */
  public static double powScalarExponent(Tensor x, double p, Tensor result, Tensor g) {
    Tensor grad = g.mul(result).mul(x.log());
    if (p >= 0) {
      grad = Tensor.where(x.eq(0), Tensor.scalar(0, grad.dtype()), grad);
    }
    return grad.sum().item();
  }

  // ---------------------------------------------------------------------------------------------
  // Elementwise, one tensor

  /**
   * Rule of {@code x.exp()}, from its result {@code y}: {@code g y}.
   *
   * @param y the result {@code exp(x)}
   * @param g the seed
   * @param seedIsFree true if nothing else reads {@code g} afterwards
   * @return the contribution
   */
  public static Tensor expFromResult(Tensor y, Tensor g, boolean seedIsFree) {
    return ElementwiseRules.expFromResult(TENSORS, y, g, seedIsFree);
  }

  /**
   * Rule of {@code x.exp()}, from its result {@code y}: {@code g y}.
   *
   * @param y the result {@code exp(x)}
   * @param g the seed
   * @return the contribution
   */
  public static Tensor expFromResult(Tensor y, Tensor g) {
    return expFromResult(y, g, false);
  }

  /**
   * Rule of {@code x.log()}: {@code g / x}.
   *
   * @param x the argument
   * @param g the seed
   * @return the contribution
   */
  public static Tensor log(Tensor x, Tensor g) {
    return ElementwiseRules.log(TENSORS, x, g);
  }

  /**
   * Rule of {@code x.sin()}: {@code g cos(x)}.
   *
   * @param x the argument
   * @param g the seed
   * @return the contribution
   */
  public static Tensor sin(Tensor x, Tensor g) {
    return sin(x, g, false);
  }

  /**
   * As {@link #sin(Tensor, Tensor)}, written over {@code g} when {@code seedIsFree} allows it.
   *
   * @param x the argument
   * @param g the seed
   * @param seedIsFree true if nothing else reads {@code g} afterwards
   * @return the contribution
   */
  public static Tensor sin(Tensor x, Tensor g, boolean seedIsFree) {
    return onePassOr(Lanes.Rule.SIN, x, g, seedIsFree, (v, seed) -> ElementwiseRules.sin(TENSORS, v, seed));
  }

  /**
   * Rule of {@code x.cos()}: {@code -g sin(x)}.
   *
   * @param x the argument
   * @param g the seed
   * @return the contribution
   */
  public static Tensor cos(Tensor x, Tensor g) {
    return cos(x, g, false);
  }

  /**
   * As {@link #cos(Tensor, Tensor)}, written over {@code g} when {@code seedIsFree} allows it.
   *
   * @param x the argument
   * @param g the seed
   * @param seedIsFree true if nothing else reads {@code g} afterwards
   * @return the contribution
   */
  public static Tensor cos(Tensor x, Tensor g, boolean seedIsFree) {
    return onePassOr(Lanes.Rule.COS, x, g, seedIsFree, (v, seed) -> ElementwiseRules.cos(TENSORS, v, seed));
  }

  /**
   * Rule of {@code x.tan()}, from its result {@code y}: {@code g (1 + y^2)}.
   *
   * @param y the result {@code tan(x)}
   * @param g the seed
   * @return the contribution
   */
  public static Tensor tanFromResult(Tensor y, Tensor g) {
    return tanFromResult(y, g, false);
  }

  /**
   * As {@link #tanFromResult(Tensor, Tensor)}, written over {@code g} when {@code seedIsFree} allows it.
   *
   * @param y the result
   * @param g the seed
   * @param seedIsFree true if nothing else reads {@code g} afterwards
   * @return the contribution
   */
  public static Tensor tanFromResult(Tensor y, Tensor g, boolean seedIsFree) {
    return onePassOr(Lanes.Rule.TAN_FROM_RESULT, y, g, seedIsFree, (v, seed) -> ElementwiseRules.tanFromResult(TENSORS, v, seed));
  }

  /**
   * Rule of {@code x.tanh()}, from its result {@code y}: {@code g (1 - y^2)}.
   *
   * @param y the result {@code tanh(x)}
   * @param g the seed
   * @return the contribution
   */
  public static Tensor tanhFromResult(Tensor y, Tensor g) {
    return tanhFromResult(y, g, false);
  }

  /**
   * As {@link #tanhFromResult(Tensor, Tensor)}, written over {@code g} when {@code seedIsFree} allows it.
   *
   * @param y the result
   * @param g the seed
   * @param seedIsFree true if nothing else reads {@code g} afterwards
   * @return the contribution
   */
  public static Tensor tanhFromResult(Tensor y, Tensor g, boolean seedIsFree) {
    return onePassOr(Lanes.Rule.TANH_FROM_RESULT, y, g, seedIsFree, (v, seed) -> ElementwiseRules.tanhFromResult(TENSORS, v, seed));
  }

  /**
   * Rule of {@code x.sigmoid()}, from its result {@code y}: {@code g y (1 - y)}.
   *
   * @param y the result {@code sigmoid(x)}
   * @param g the seed
   * @return the contribution
   */
  public static Tensor sigmoidFromResult(Tensor y, Tensor g) {
    return sigmoidFromResult(y, g, false);
  }

  /**
   * As {@link #sigmoidFromResult(Tensor, Tensor)}, written over {@code g} when {@code seedIsFree} allows it.
   *
   * @param y the result
   * @param g the seed
   * @param seedIsFree true if nothing else reads {@code g} afterwards
   * @return the contribution
   */
  public static Tensor sigmoidFromResult(Tensor y, Tensor g, boolean seedIsFree) {
    return onePassOr(Lanes.Rule.SIGMOID_FROM_RESULT, y, g, seedIsFree,
        (v, seed) -> ElementwiseRules.sigmoidFromResult(TENSORS, v, seed));
  }

  /**
   * Rule of {@code x.relu()}, from its result {@code y}: the seed where {@code y > 0}, 0 elsewhere
   * (the derivative at 0 is taken as 0).
   *
   * @param y the result {@code relu(x)}
   * @param g the seed
   * @return the contribution
   */
  public static Tensor reluFromResult(Tensor y, Tensor g) {
    // sign(y) is the mask y > 0 (y >= 0); it is recorded, with derivative 0, when y requires grad
    return times(y.sign(), g);
  }

  /**
   * Rule of {@code x.sqrt()}, from its result {@code y}: {@code g / (2 y)}.
   *
   * @param y the result {@code sqrt(x)}
   * @param g the seed
   * @return the contribution
   */
  public static Tensor sqrtFromResult(Tensor y, Tensor g) {
    return sqrtFromResult(y, g, false);
  }

  /**
   * As {@link #sqrtFromResult(Tensor, Tensor)}, written over {@code g} when {@code seedIsFree} allows it.
   *
   * @param y the result
   * @param g the seed
   * @param seedIsFree true if nothing else reads {@code g} afterwards
   * @return the contribution
   */
  public static Tensor sqrtFromResult(Tensor y, Tensor g, boolean seedIsFree) {
    return onePassOr(Lanes.Rule.SQRT_FROM_RESULT, y, g, seedIsFree, (v, seed) -> ElementwiseRules.sqrtFromResult(TENSORS, v, seed));
  }

  /**
   * Rule of {@code x.abs()}: {@code g sign(x)} (0 at 0).
   *
   * @param x the argument
   * @param g the seed
   * @return the contribution
   */
  public static Tensor abs(Tensor x, Tensor g) {
    return times(x.sign(), g);
  }

  /**
   * Rule of {@code x.square()}: {@code 2 g x}.
   *
   * @param x the argument
   * @param g the seed
   * @param seedIsFree true if nothing else reads {@code g} afterwards
   * @return the contribution
   */
  public static Tensor square(Tensor x, Tensor g, boolean seedIsFree) {
    return onePassOr(Lanes.Rule.SQUARE, x, g, seedIsFree, (v, seed) -> ElementwiseRules.square(TENSORS, v, seed, seedIsFree));
  }

  /**
   * Rule of {@code x.square()}: {@code 2 g x}.
   *
   * @param x the argument
   * @param g the seed
   * @return the contribution
   */
  public static Tensor square(Tensor x, Tensor g) {
    return square(x, g, false);
  }

  /**
   * Rule of {@code x.reciprocal()}, from its result {@code y}: {@code -g y^2}.
   *
   * @param y the result {@code 1 / x}
   * @param g the seed
   * @return the contribution
   */
  public static Tensor reciprocalFromResult(Tensor y, Tensor g) {
    return reciprocalFromResult(y, g, false);
  }

  /**
   * As {@link #reciprocalFromResult(Tensor, Tensor)}, written over {@code g} when {@code seedIsFree} allows it.
   *
   * @param y the result
   * @param g the seed
   * @param seedIsFree true if nothing else reads {@code g} afterwards
   * @return the contribution
   */
  public static Tensor reciprocalFromResult(Tensor y, Tensor g, boolean seedIsFree) {
    return onePassOr(Lanes.Rule.RECIPROCAL_FROM_RESULT, y, g, seedIsFree,
        (v, seed) -> ElementwiseRules.reciprocalFromResult(TENSORS, v, seed));
  }

  /**
   * Rule of {@code x.clamp(min, max)}: the seed where {@code min <= x <= max}, 0 elsewhere.
   *
   * @param x the argument
   * @param min the lower bound
   * @param max the upper bound
   * @param g the seed
   * @return the contribution
   */
  public static Tensor clamp(Tensor x, double min, double max, Tensor g) {
    return linked(times(times(x.ge(min), x.le(max)), g), x, null);
  }

  /**
   * Rule of {@code x.to(dtype)}: the seed converted back to {@code x}'s dtype.
   *
   * @param inputType {@code x.dtype()}
   * @param g the seed
   * @return the contribution
   */
  public static Tensor toDType(DType inputType, Tensor g) {
    return g.to(inputType);
  }

  // ---------------------------------------------------------------------------------------------
  // Reductions

  /**
   * Rule of {@code x.sum()} and of summing down to a shape: the seed expanded to {@code x}'s shape.
   *
   * @param inputShape {@code x.shape()}
   * @param g the seed
   * @return the contribution (a broadcast view)
   */
  public static Tensor sum(int[] inputShape, Tensor g) {
    return g.expand(inputShape);
  }

  /**
   * Rule of {@code x.sum(dim, keepDim)}: the seed expanded along {@code dim}.
   *
   * @param inputShape {@code x.shape()}
   * @param dim the reduced dimension (negative counts from the end)
   * @param keepDim whether the result kept {@code dim}
   * @param g the seed
   * @return the contribution (a broadcast view)
   */
  public static Tensor sumDim(int[] inputShape, int dim, boolean keepDim, Tensor g) {
    return (keepDim ? g : g.unsqueeze(normDim(dim, inputShape.length))).expand(inputShape);
  }

  /**
   * Rule of {@code x.mean()}: the seed divided by the element count, expanded.
   *
   * @param inputShape {@code x.shape()}
   * @param g the seed
   * @return the contribution (a broadcast view)
   */
  public static Tensor mean(int[] inputShape, Tensor g) {
    return g.div(count(inputShape)).expand(inputShape);
  }

  /**
   * Rule of {@code x.mean(dim, keepDim)}: the seed divided by the size of {@code dim}, expanded along it.
   *
   * @param inputShape {@code x.shape()}
   * @param dim the reduced dimension (negative counts from the end)
   * @param keepDim whether the result kept {@code dim}
   * @param g the seed
   * @return the contribution (a broadcast view)
   */
  public static Tensor meanDim(int[] inputShape, int dim, boolean keepDim, Tensor g) {
    int dm = normDim(dim, inputShape.length);
    return (keepDim ? g : g.unsqueeze(dm)).div(inputShape[dm]).expand(inputShape);
  }

  /**
   * Rule of {@code x.max()} and {@code x.min()} given the flat index of the element chosen: the seed
   * at that element, 0 elsewhere.
   *
   * @param inputShape {@code x.shape()}
   * @param inputType {@code x.dtype()}
   * @param flatIndex the row-major index of the first arg-max (arg-min)
   * @param g the seed (one element)
   * @return the contribution
   */
  public static Tensor extremum(int[] inputShape, DType inputType, int flatIndex, Tensor g) {
    int[] flat = {count(inputShape)};
    return Tensor.indicator(flat, 0, new int[] {flatIndex}, inputType).reshape(inputShape).mul(g);
  }

  /**
   * Rule of {@code x.max()}: the seed at the first arg-max of {@code x}.
   *
   * @param x the argument
   * @param g the seed
   * @return the contribution
   */
  public static Tensor max(Tensor x, Tensor g) {
    return linked(extremum(x.shape(), x.dtype(), firstIndexOf(x, true), g), x, null);
  }

  /**
   * Rule of {@code x.min()}: the seed at the first arg-min of {@code x}.
   *
   * @param x the argument
   * @param g the seed
   * @return the contribution
   */
  public static Tensor min(Tensor x, Tensor g) {
    return linked(extremum(x.shape(), x.dtype(), firstIndexOf(x, false), g), x, null);
  }

  /**
   * Rule of {@code x.max(dim, keepDim)} and {@code x.min(dim, keepDim)} given the index chosen in
   * each row: the seed at those elements, 0 elsewhere.
   *
   * @param inputShape {@code x.shape()}
   * @param inputType {@code x.dtype()}
   * @param dim the reduced dimension (negative counts from the end)
   * @param keepDim whether the result kept {@code dim}
   * @param indices per row, the index along {@code dim} of the first arg-max (arg-min)
   * @param g the seed
   * @return the contribution
   */
  public static Tensor extremumDim(int[] inputShape, DType inputType, int dim, boolean keepDim, int[] indices,
      Tensor g) {
    int dm = normDim(dim, inputShape.length);
    return Tensor.indicator(inputShape, dm, indices, inputType).mul(keepDim ? g : g.unsqueeze(dm));
  }

  /**
   * Rule of {@code x.max(dim, keepDim)}: the seed at the first arg-max of each row.
   *
   * @param x the argument
   * @param dim the reduced dimension
   * @param keepDim whether the result kept {@code dim}
   * @param g the seed
   * @return the contribution
   */
  public static Tensor maxDim(Tensor x, int dim, boolean keepDim, Tensor g) {
    return linked(extremumDim(x.shape(), x.dtype(), dim, keepDim, indices(x.argmax(dim)), g), x, null);
  }

  /**
   * Rule of {@code x.min(dim, keepDim)}: the seed at the first arg-min of each row.
   *
   * @param x the argument
   * @param dim the reduced dimension
   * @param keepDim whether the result kept {@code dim}
   * @param g the seed
   * @return the contribution
   */
  public static Tensor minDim(Tensor x, int dim, boolean keepDim, Tensor g) {
    return linked(extremumDim(x.shape(), x.dtype(), dim, keepDim, indices(x.argmin(dim)), g), x, null);
  }

  /**
   * Rule of {@code x.norm()}: {@code g x / |x|}, 0 at 0 (PyTorch's choice), where a second derivative is 0
   * too (PyTorch's is NaN there: the norm has no second derivative at 0) instead of an error.
   *
   * @param x the argument
   * @param result {@code x.norm()}
   * @param g the seed
   * @return the contribution
   */
  public static Tensor norm(Tensor x, Tensor result, Tensor g) {
    return result.item() == 0 ? linked(Tensor.zerosLike(x), x, null) : x.mul(g.div(result));
  }

  /**
   * Rule of {@code x.logSumExp(dim)}: {@code g exp(x - result)} along {@code dim}.
   *
   * @param x the argument
   * @param result {@code x.logSumExp(dim)}
   * @param dim the reduced dimension (negative counts from the end)
   * @param g the seed
   * @return the contribution
   */
  public static Tensor logSumExp(Tensor x, Tensor result, int dim, Tensor g) {
    int dm = normDim(dim, x.dim());
    return g.unsqueeze(dm).mul(x.sub(result.unsqueeze(dm)).exp());
  }

  /**
   * Rule of {@code x.softmax(dim)}, from its result {@code y}: {@code y (g - sum(g y, dim))}.
   *
   * @param y the result
   * @param dim the dimension normalised over
   * @param g the seed
   * @return the contribution
   */
  public static Tensor softmaxFromResult(Tensor y, int dim, Tensor g) {
    return times(g.sub(g.mul(y).sum(dim, true)), y);
  }

  /**
   * Rule of {@code x.logSoftmax(dim)}, from its result {@code y}: {@code g - exp(y) sum(g, dim)}.
   *
   * @param y the result
   * @param dim the dimension normalised over
   * @param g the seed
   * @return the contribution
   */
  public static Tensor logSoftmaxFromResult(Tensor y, int dim, Tensor g) {
    return plus(times(times(y.exp(), g.sum(dim, true)), -1), g);
  }

  /**
   * Rule of {@code Tensor.crossEntropy(logits, targets)} for the logits:
   * {@code g (softmax(logits) - onehot(targets)) / N}.
   *
   * @param logits the logits, {@code [N, C]}
   * @param targets the class of each row
   * @param g the seed (one element)
   * @return the contribution
   */
  public static Tensor crossEntropy(Tensor logits, int[] targets, Tensor g) {
    Tensor oneHot = Tensor.indicator(logits.shape(), 1, targets, logits.dtype());
    return times(minus(logits.softmax(1), oneHot), g.div(targets.length));
  }

  /**
   * Rule of {@code input.mseLoss(target)} for the input: the rules of {@code mean} and {@code square}
   * composed, as {@code mseLoss} is {@code mean(square(input - target))}.
   *
   * @param input the input
   * @param target the target
   * @param g the seed (one element)
   * @return the contribution
   */
  public static Tensor mseLossInput(Tensor input, Tensor target, Tensor g) {
    Tensor diff = input.sub(target);
    return square(diff, mean(diff.shape(), g));
  }

  /**
   * Rule of {@code input.mseLoss(target)} for the target: minus the input's.
   *
   * @param input the input
   * @param target the target
   * @param g the seed (one element)
   * @return the contribution
   */
  public static Tensor mseLossTarget(Tensor input, Tensor target, Tensor g) {
    return neg(mseLossInput(input, target, g), true);
  }

  // ---------------------------------------------------------------------------------------------
  // Linear algebra

  /**
   * Rule of {@code a.dot(b)} for either input: {@code g * other}.
   *
   * @param other the other 1-D input
   * @param g the seed (one element)
   * @return the contribution
   */
  public static Tensor dot(Tensor other, Tensor g) {
    return g.mul(other);
  }

  /**
   * Rule of {@code a.matmul(b)} (matrices, or batches of them) for {@code a}: {@code g b^T}.
   *
   * @param right {@code b}
   * @param g the seed
   * @return the contribution
   */
  public static Tensor matmulLeft(Tensor right, Tensor g) {
    return g.matmul(right.transpose(-1, -2));
  }

  /**
   * Rule of {@code a.matmul(b)} (matrices, or batches of them) for {@code b}: {@code a^T g}. When
   * {@code a} is batched and {@code b} a matrix, the batch is folded into the rows
   * ({@code [B*m, k]^T [B*m, n]}): one product, no {@code [B, k, n]} intermediate to sum afterwards.
   *
   * @param left {@code a}
   * @param g the seed
   * @param rightIsMatrix whether {@code b} has exactly two dimensions
   * @return the contribution
   */
  public static Tensor matmulRight(Tensor left, Tensor g, boolean rightIsMatrix) {
    if (rightIsMatrix && left.dim() > 2 && g.dim() == left.dim() && Arrays.equals(batch(left), batch(g))) {
      int k = left.size(-1);
      int cols = g.size(-1);
      return left.reshape(-1, k).t().matmul(g.reshape(-1, cols));
    }
    return left.transpose(-1, -2).matmul(g);
  }

  /**
   * Rule of {@code a.matmul(b)} for {@code a}, for any ranks {@code matmul} accepts (a 1-D operand is a
   * row or column vector, as in {@link Tensor#matmul}).
   *
   * @param left {@code a}
   * @param right {@code b}
   * @param g the seed
   * @return the contribution, shaped like {@code a} up to broadcast batch dimensions
   */
  public static Tensor matmulLeft(Tensor left, Tensor right, Tensor g) {
    if (left.dim() == 1 && right.dim() == 1) {
      return dot(right, g);
    }
    Tensor g2 = right.dim() == 1 ? g.unsqueeze(-1) : left.dim() == 1 ? g.unsqueeze(-2) : g;
    Tensor r2 = right.dim() == 1 ? right.unsqueeze(1) : right;
    Tensor grad = matmulLeft(r2, g2);
    return left.dim() == 1 ? grad.squeeze(-2) : grad;
  }

  /**
   * Rule of {@code a.matmul(b)} for {@code b}, for any ranks {@code matmul} accepts.
   *
   * @param left {@code a}
   * @param right {@code b}
   * @param g the seed
   * @return the contribution, shaped like {@code b} up to broadcast batch dimensions
   */
  public static Tensor matmulRight(Tensor left, Tensor right, Tensor g) {
    if (left.dim() == 1 && right.dim() == 1) {
      return dot(left, g);
    }
    Tensor g2 = right.dim() == 1 ? g.unsqueeze(-1) : left.dim() == 1 ? g.unsqueeze(-2) : g;
    Tensor l2 = left.dim() == 1 ? left.unsqueeze(0) : left;
    Tensor grad = matmulRight(l2, g2, right.dim() == 2);
    return right.dim() == 1 ? grad.squeeze(-1) : grad;
  }

  // ---------------------------------------------------------------------------------------------
  // Shape

  /**
   * Rule of {@code x.transpose(dim0, dim1)}: the seed transposed back.
   *
   * @param dim0 the first dimension swapped
   * @param dim1 the second dimension swapped
   * @param g the seed
   * @return the contribution (a view)
   */
  public static Tensor transpose(int dim0, int dim1, Tensor g) {
    return g.transpose(dim0, dim1);
  }

  /**
   * Rule of {@code x.t()}: the seed transposed back.
   *
   * @param g the seed
   * @return the contribution (a view)
   */
  public static Tensor t(Tensor g) {
    return g.t();
  }

  /**
   * Rule of {@code x.permute(perm)}: the seed permuted by the inverse permutation.
   *
   * @param perm the permutation applied
   * @param g the seed
   * @return the contribution (a view)
   */
  public static Tensor permute(int[] perm, Tensor g) {
    int[] inv = new int[perm.length];
    for (int i = 0; i < perm.length; i++) {
      inv[normDim(perm[i], perm.length)] = i;
    }
    return g.permute(inv);
  }

  /**
   * Rule of {@code x.reshape(...)}, {@code x.flatten()} and {@code x.squeeze()}: the seed reshaped back.
   *
   * @param inputShape {@code x.shape()}
   * @param g the seed
   * @return the contribution
   */
  public static Tensor reshape(int[] inputShape, Tensor g) {
    return g.reshape(inputShape);
  }

  /**
   * Rule of {@code x.squeeze(dim)}: the seed with {@code dim} put back when it was removed.
   *
   * @param inputShape {@code x.shape()}
   * @param dim the dimension squeezed (negative counts from the end of {@code x})
   * @param g the seed
   * @return the contribution (a view)
   */
  public static Tensor squeeze(int[] inputShape, int dim, Tensor g) {
    int dm = normDim(dim, inputShape.length);
    return inputShape[dm] == 1 ? g.unsqueeze(dm) : g;
  }

  /**
   * Rule of {@code x.unsqueeze(dim)}: the seed with {@code dim} removed again.
   *
   * @param dim the dimension inserted (negative counts from the end of the result)
   * @param g the seed
   * @return the contribution (a view)
   */
  public static Tensor unsqueeze(int dim, Tensor g) {
    return g.squeeze(dim);
  }

  /**
   * Rule of {@code x.slice(dim, start, end)}: the seed written into zeros of {@code x}'s shape.
   *
   * @param inputShape {@code x.shape()}
   * @param dim the sliced dimension (negative counts from the end)
   * @param start the first index (negative counts from the end)
   * @param end the index after the last (negative counts from the end)
   * @param g the seed
   * @return the contribution
   */
  public static Tensor slice(int[] inputShape, int dim, int start, int end, Tensor g) {
    int dm = normDim(dim, inputShape.length);
    int size = inputShape[dm];
    return g.sliceScatter(inputShape, dm, start < 0 ? start + size : start, end < 0 ? end + size : end);
  }

  /**
   * Rule of {@code x.select(dim, index)}: the seed written into zeros of {@code x}'s shape.
   *
   * @param inputShape {@code x.shape()}
   * @param dim the dimension (negative counts from the end)
   * @param index the index selected (negative counts from the end)
   * @param g the seed
   * @return the contribution
   */
  public static Tensor select(int[] inputShape, int dim, int index, Tensor g) {
    int dm = normDim(dim, inputShape.length);
    int i = index < 0 ? index + inputShape[dm] : index;
    return g.unsqueeze(dm).sliceScatter(inputShape, dm, i, i + 1);
  }

  /**
   * Rule of {@code x.indexSelect(dim, index)}: the seed's rows summed into zeros of {@code x}'s shape.
   *
   * @param inputShape {@code x.shape()}
   * @param dim the dimension (negative counts from the end)
   * @param index the indices selected
   * @param g the seed
   * @return the contribution
   */
  public static Tensor indexSelect(int[] inputShape, int dim, int[] index, Tensor g) {
    return g.indexAdd(inputShape, dim, index);
  }

  /**
   * Rule of {@code v.indexAdd(shape, dim, index)}: the seed's rows at {@code index}.
   *
   * @param dim the dimension (negative counts from the end)
   * @param index the indices summed into
   * @param g the seed
   * @return the contribution
   */
  public static Tensor indexAdd(int dim, int[] index, Tensor g) {
    return g.indexSelect(dim, index);
  }

  /**
   * Rule of {@code v.sliceScatter(shape, dim, start, end)}: the seed's slice {@code [start, end)}.
   *
   * @param dim the dimension
   * @param start the first index
   * @param end the index after the last
   * @param g the seed
   * @return the contribution (a view)
   */
  public static Tensor sliceScatter(int dim, int start, int end, Tensor g) {
    return g.slice(dim, start, end);
  }

  /**
   * Rule of {@code Tensor.stack(dim, ...)} for input {@code i}: the seed's entry {@code i} along {@code dim}.
   *
   * @param dim the new dimension (negative counts from the end of the result)
   * @param i which input
   * @param g the seed
   * @return the contribution (a view)
   */
  public static Tensor stack(int dim, int i, Tensor g) {
    return g.select(dim, i);
  }

  /**
   * Rule of {@code Tensor.cat(dim, ...)} for input {@code i}, given every input's size along {@code dim}:
   * the seed's matching slice.
   *
   * @param dim the joined dimension (negative counts from the end)
   * @param sizes each input's size along {@code dim}
   * @param i which input
   * @param g the seed
   * @return the contribution (a view)
   */
  public static Tensor cat(int dim, int[] sizes, int i, Tensor g) {
    int at = 0;
    for (int j = 0; j < i; j++) {
      at += sizes[j];
    }
    return g.slice(dim, at, at + sizes[i]);
  }

  /**
   * Rule of {@code Tensor.stack(dim, parts)} for all its inputs at once: the seed's entries along {@code dim}.
   *
   * @param dim the new dimension (negative counts from the end of the result)
   * @param parts the inputs (only their number is read)
   * @param g the seed
   * @return one contribution per input (views)
   */
  public static Tensor[] stackAll(int dim, Tensor[] parts, Tensor g) {
    Tensor[] out = new Tensor[parts.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = stack(dim, i, g);
    }
    return out;
  }

  /**
   * Rule of {@code Tensor.cat(dim, parts)} for all its inputs at once: the seed's slices along {@code dim}.
   *
   * @param dim the joined dimension (negative counts from the end)
   * @param parts the inputs (only their sizes along {@code dim} are read)
   * @param g the seed
   * @return one contribution per input (views)
   */
  public static Tensor[] catAll(int dim, Tensor[] parts, Tensor g) {
    int[] sizes = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      sizes[i] = parts[i].size(dim);
    }
    Tensor[] out = new Tensor[parts.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = cat(dim, sizes, i, g);
    }
    return out;
  }

  /**
   * The adjoint of a value overwritten in place ({@code zero()}, {@code fill(v)}, the target of
   * {@code copyFrom}): the result no longer depends on the old value.
   *
   * @param g the seed
   * @return zeros shaped like the seed
   */
  public static Tensor overwritten(Tensor g) {
    return Tensor.zerosLike(g);
  }

  /**
   * The adjoint of a value one element of which was overwritten in place ({@code t.set(v, index)}): the seed
   * with 0 at {@code index}.
   *
   * @param index the element overwritten, one non-negative index per dimension
   * @param g the seed
   * @return the contribution
   */
  public static Tensor overwrittenAt(int[] index, Tensor g) {
    Tensor keep;
    try (GradScope s = Autograd.noGrad()) {
      keep = Tensor.onesLike(g).set(0, index);
    }
    return g.mul(keep);
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  private static boolean recordingAny(Tensor t) {
    return GradMode.isEnabled() && t.requiresGrad();
  }

  /**
   * An in-place update of {@code fresh} (a tensor nobody else sees) by {@code other} is invisible to
   * the tape and keeps {@code fresh}'s shape and dtype: then the rule saves an allocation and a pass.
   */
  static boolean inPlaceAllowed(Tensor fresh, Tensor other) {
    if (GradMode.isEnabled() && (fresh.requiresGrad() || other.requiresGrad())) {
      return false;
    }
    if (fresh.dtype() != other.dtype() || other.dim() > fresh.dim() || fresh.isView()) {
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

  /** {@link Elementwise} on whole tensors; see {@link #TENSORS}. */
  private static final class TensorArithmetic implements Elementwise<Tensor> {
    @Override
    public Tensor add(Tensor a, Tensor b) {
      return a.add(b);
    }

    @Override
    public Tensor sub(Tensor a, Tensor b) {
      return a.sub(b);
    }

    @Override
    public Tensor mul(Tensor a, Tensor b) {
      return a.mul(b);
    }

    @Override
    public Tensor div(Tensor a, Tensor b) {
      return a.div(b);
    }

    @Override
    public Tensor neg(Tensor a) {
      return a.neg();
    }

    @Override
    public Tensor add(Tensor a, double s) {
      return a.add(s);
    }

    @Override
    public Tensor sub(Tensor a, double s) {
      return a.sub(s);
    }

    @Override
    public Tensor rsub(Tensor a, double s) {
      return a.rsub(s);
    }

    @Override
    public Tensor mul(Tensor a, double s) {
      return a.mul(s);
    }

    @Override
    public Tensor div(Tensor a, double s) {
      return a.div(s);
    }

    @Override
    public Tensor rdiv(Tensor a, double s) {
      return a.rdiv(s);
    }

    @Override
    public Tensor exp(Tensor a) {
      return a.exp();
    }

    @Override
    public Tensor log(Tensor a) {
      return a.log();
    }

    @Override
    public Tensor sin(Tensor a) {
      return a.sin();
    }

    @Override
    public Tensor cos(Tensor a) {
      return a.cos();
    }

    @Override
    public Tensor tan(Tensor a) {
      return a.tan();
    }

    @Override
    public Tensor tanh(Tensor a) {
      return a.tanh();
    }

    @Override
    public Tensor sigmoid(Tensor a) {
      return a.sigmoid();
    }

    @Override
    public Tensor sqrt(Tensor a) {
      return a.sqrt();
    }

    @Override
    public Tensor square(Tensor a) {
      return a.square();
    }

    @Override
    public Tensor reciprocal(Tensor a) {
      return a.reciprocal();
    }

    @Override
    public Tensor times(Tensor fresh, Tensor other) {
      return TensorRules.times(fresh, other);
    }

    @Override
    public Tensor times(Tensor fresh, double s) {
      return TensorRules.times(fresh, s);
    }

    @Override
    public Tensor plus(Tensor fresh, double s) {
      return TensorRules.plus(fresh, s);
    }

    @Override
    public Tensor timesSeed(Tensor g, Tensor other, boolean seedIsFree) {
      return seedIsFree ? TensorRules.times(g, other) : g.mul(other);
    }

    @Override
    public Tensor timesSeed(Tensor g, double s, boolean seedIsFree) {
      return seedIsFree ? TensorRules.times(g, s) : g.mul(s);
    }

    @Override
    public Tensor negSeed(Tensor g, boolean seedIsFree) {
      return seedIsFree && overwritable(g) ? g.mulInPlace(-1) : g.neg();
    }
  }

  /**
   * A rule that takes several passes on whole tensors, in one pass over the lanes where the operands allow
   * it ({@link Lanes#fusableRule}: nothing records them), else on whole tensors. The lanes write over a free
   * seed only if it owns its storage ({@link Lanes#writableInPlace}).
   */
  private static Tensor onePassOr(Lanes.Rule rule, Tensor a, Tensor g, boolean seedIsFree,
      BinaryOperator<Tensor> onTensors) {
    return Lanes.fusableRule(a, g) ? Lanes.of(a).rule(rule, a, g, seedIsFree) : onTensors.apply(a, g);
  }

  /** True if a tensor the rule just made may be changed in place by a number: the tape cannot see it. */
  private static boolean overwritable(Tensor fresh) {
    return !recordingAny(fresh) && !fresh.isView();
  }

  /** {@code fresh * other}, in place in {@code fresh} (a tensor the rule just made) where that is allowed. */
  private static Tensor times(Tensor fresh, Tensor other) {
    return inPlaceAllowed(fresh, other) ? fresh.mulInPlace(other) : fresh.mul(other);
  }

  /** {@code fresh * s}, in place in {@code fresh} where that is allowed. */
  private static Tensor times(Tensor fresh, double s) {
    return overwritable(fresh) ? fresh.mulInPlace(s) : fresh.mul(s);
  }

  private static Tensor plus(Tensor fresh, double s) {
    return overwritable(fresh) ? fresh.addInPlace(s) : fresh.add(s);
  }

  private static Tensor plus(Tensor fresh, Tensor other) {
    return inPlaceAllowed(fresh, other) ? fresh.addInPlace(other) : fresh.add(other);
  }

  private static Tensor minus(Tensor fresh, Tensor other) {
    return inPlaceAllowed(fresh, other) ? fresh.subInPlace(other) : fresh.sub(other);
  }

  /**
   * While recording, a piecewise-constant derivative is connected to the operation's inputs with
   * derivative zero ({@code + 0 * sign(input)}), so that differentiating it again gives zeros instead
   * of "does not require grad". Outside recording it is returned as is.
   */
  static Tensor linked(Tensor grad, Tensor input, Tensor other) {
    if (!GradMode.isEnabled() || grad.requiresGrad()) {
      return grad;
    }
    Tensor out = grad;
    if (input.requiresGrad()) {
      out = out.add(input.sign().mul(0));
    }
    if (other != null && other.requiresGrad()) {
      out = out.add(other.sign().mul(0));
    }
    return out;
  }

  /**
   * {@link #linked(Tensor, Tensor, Tensor)} for a rule run by the tape: the link goes to the node's
   * only input through {@link Tensor#zerosLinkedTo}, which reads neither the input's value nor its
   * version, so an input changed in place after the operation does not stop the backward pass (as in
   * PyTorch, whose rules for these operations save nothing either).
   */
  static Tensor linked(Tensor grad, Node n) {
    if (!GradMode.isEnabled() || grad.requiresGrad() || !n.needs(0)) {
      return grad;
    }
    return grad.add(Tensor.zerosLinkedTo(n, 0));
  }

  private static int[] batch(Tensor t) {
    return Arrays.copyOf(t.shape(), t.dim() - 2);
  }

  private static int count(int[] shape) {
    int c = 1;
    for (int s : shape) {
      c *= s;
    }
    return c;
  }

  private static int normDim(int dim, int rank) {
    return dim < 0 ? dim + rank : dim;
  }

  private static int[] indices(Tensor argIndices) {
    double[] v = argIndices.toDoubleArray();
    int[] out = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (int) v[i];
    }
    return out;
  }

  /** The row-major index of the first largest (smallest) element, as {@code max()}/{@code min()} pick it. */
  private static int firstIndexOf(Tensor x, boolean max) {
    double[] v = x.toDoubleArray();
    double best;
    try (GradScope s = Autograd.noGrad()) {
      best = max ? x.max().item() : x.min().item();
    }
    for (int i = 0; i < v.length; i++) {
      if (v[i] == best || (Double.isNaN(best) && Double.isNaN(v[i]))) {
        return i;
      }
    }
    return 0;
  }
}
