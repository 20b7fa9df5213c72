package dev.adjoint.sample.tensor;

import dev.adjoint.Autograd;
import dev.adjoint.GradScope;
import dev.adjoint.Tensor;
import dev.adjoint.rules.TensorRules;
import dev.adjoint.support.ObjectStack;
import dev.adjoint.support.Reversals;
import dev.adjoint.support.TapeLeaves;
import dev.adjoint.support.TensorAdjoints;
import java.util.Objects;
import javax.annotation.processing.Generated;

/**
 * Gradients of the {@code @Differentiable} methods of {@code TensorModels}, written by Adjoint's annotation processor.
 *
 * <p>Do not edit: regenerated on every build.
 */
@Generated("dev.adjoint.processor.AdjointProcessor")
public final class TensorModelsGradients {
  private TensorModelsGradients() {
  }

  /**
   * Value and gradient of {@code TensorModels.mlpLoss(Tensor w1, Tensor b1, Tensor w2, Tensor x, Tensor y)}.
   */
  public static MlpLossGradient mlpLoss(Tensor w1, Tensor b1, Tensor w2, Tensor x, Tensor y) {
    return mlpLossVjp(w1, b1, w2, x, y, (Tensor) null);
  }

  /**
   * Vector-Jacobian product of {@code TensorModels.mlpLoss(Tensor w1, Tensor b1, Tensor w2, Tensor x, Tensor y)}: the value, and {@code seed} times the derivative of the result with respect to each parameter.
   */
  public static MlpLossGradient mlpLossVjp(Tensor w1, Tensor b1, Tensor w2, Tensor x, Tensor y,
      Tensor seed) {
    return mlpLossReverse(mlpLossForward(w1, b1, w2, x, y), seed);
  }

  /**
   * The forward sweep of {@code TensorModels.mlpLoss(Tensor w1, Tensor b1, Tensor w2, Tensor x, Tensor y)}: its value, and what {@code mlpLossReverse} needs to finish the gradient (a caller's generated adjoint runs the method once this way instead of twice).
   */
  public static MlpLossForward mlpLossForward(Tensor w1, Tensor b1, Tensor w2, Tensor x, Tensor y) {
    // TensorModels.java:22
    Tensor _p0 = x.matmul(w1);
    Tensor _p1 = _p0.add(b1);
    Tensor _p2 = _p1.relu();
    Tensor hidden = _p2;
    // TensorModels.java:23
    Tensor out = hidden.matmul(w2);
    // TensorModels.java:24
    Tensor err = out.sub(y);
    // TensorModels.java:25
    Tensor _p3 = err.mul(err);
    Tensor _value = _p3.sum().div(y.numel());
    return new MlpLossForward(_value, new Reversals(), _value, w1, b1, w2, x, y, _p0, _p2, hidden, out, err, _p3);
  }

  /**
   * The reverse sweep of {@code TensorModels.mlpLoss(Tensor w1, Tensor b1, Tensor w2, Tensor x, Tensor y)} for the record {@code mlpLossForward} returned: the same as {@code mlpLossVjp} with the arguments given to {@code mlpLossForward}.
   */
  public static MlpLossGradient mlpLossReverse(Object _forward, Tensor seed) {
    MlpLossForward _fw = (MlpLossForward) _forward;
    _fw._reversals().once("mlpLossReverse", "mlpLossForward", "mlpLossVjp");
    Tensor _value = _fw._value();
    Tensor w1 = _fw.w1();
    Tensor b1 = _fw.b1();
    Tensor w2 = _fw.w2();
    Tensor x = _fw.x();
    Tensor y = _fw.y();
    Tensor _p0 = _fw._p0();
    Tensor _p2 = _fw._p2();
    Tensor hidden = _fw.hidden();
    Tensor out = _fw.out();
    Tensor err = _fw.err();
    Tensor _p3 = _fw._p3();
    seed = TensorAdjoints.seed(_value, seed, "TensorModels.mlpLoss", "mlpLossVjp");
    // TensorModels.java:25
    Tensor _r2 = TensorRules.sum(_p3.shape(), TensorRules.divScalar(y.numel(), seed));
    Tensor _d_err = TensorAdjoints.sumToShapeOf(TensorRules.mul(err, _r2), err);
    _d_err = TensorAdjoints.accumulate(_d_err, TensorAdjoints.sumToShapeOf(TensorRules.mul(err, _r2), err), true);
    // TensorModels.java:24
    Tensor _d_out = TensorAdjoints.sumToShapeOf(_d_err, out);
    Tensor _d_y = TensorAdjoints.sumToShapeOf(TensorRules.neg(_d_err), y);
    // TensorModels.java:23
    Tensor _d_hidden = TensorAdjoints.sumToShapeOf(TensorRules.matmulLeft(hidden, w2, _d_out), hidden);
    Tensor _d_w2 = TensorAdjoints.sumToShapeOf(TensorRules.matmulRight(hidden, w2, _d_out), w2);
    // TensorModels.java:22
    Tensor _r0 = TensorRules.reluFromResult(_p2, _d_hidden);
    Tensor _r1 = TensorAdjoints.sumToShapeOf(_r0, _p0);
    Tensor _d_x = TensorAdjoints.sumToShapeOf(TensorRules.matmulLeft(x, w1, _r1), x);
    Tensor _d_w1 = TensorAdjoints.sumToShapeOf(TensorRules.matmulRight(x, w1, _r1), w1);
    Tensor _d_b1 = TensorAdjoints.sumToShapeOf(_r0, b1);
    return new MlpLossGradient(_value, _d_w1, _d_b1, _d_w2, _d_x, _d_y);
  }

  /**
   * Value and gradient of {@code TensorModels.grow(Tensor a)}, recorded on the dynamic tape. The result must have one element;
   * otherwise call {@code growVjp} with a seed.
   */
  public static GrowGradient grow(Tensor a) {
    return _growTape(a, null);
  }

  /**
   * Vector-Jacobian product of {@code TensorModels.grow(Tensor a)}, recorded on the dynamic tape: the value, and {@code seed}
   * (the result's shape and dtype) times the derivative of the result with respect to each parameter.
   */
  public static GrowGradient growVjp(Tensor a, Tensor seed) {
    Objects.requireNonNull(seed, "growVjp: seed is null; pass a tensor of the result's shape (or call grow for a one-element result)");
    return _growTape(a, seed);
  }

  /**
   * The value of {@code TensorModels.grow(Tensor a)} and what {@code growReverse} needs to finish its gradient on the tape.
   */
  public static GrowForward growForward(Tensor a) {
    Tensor _value = TensorModels.grow(a);
    return new GrowForward(_value, a);
  }

  /**
   * The gradient of {@code TensorModels.grow(Tensor a)} for the record {@code growForward} returned: {@code growVjp} with the arguments kept.
   */
  public static GrowGradient growReverse(Object _forward, Tensor seed) {
    GrowForward _fw = (GrowForward) _forward;
    return growVjp(_fw.a(), seed);
  }

  /**
   * Records {@code TensorModels.grow(Tensor a)} on the tape and runs the backward pass; a null {@code seed} means the gradient of a
   * one-element result.
   */
  private static GrowGradient _growTape(Tensor a, Tensor seed) {
    // Leaf copies sharing storage (the caller's tensors get no grad()), recorded copies where the caller records
    TapeLeaves _leaves = new TapeLeaves();
    // Record even inside the caller's noGrad(); closing the scope restores the caller's mode
    try (GradScope _recording = Autograd.enableGrad()) {
      Tensor _a = _leaves.track(a, "a");
      // TensorModels.java:33-39
      // The while condition at line 35, `b.norm().item() < 1000`, reads a tensor's value: the tape records the path this call takes
      Tensor _value = TensorModels.grow(_a);
      seed = TensorAdjoints.seed(_value, seed, "TensorModels.grow", "growVjp");
      _leaves.backward(_value, seed);
      // The gradients in the order the leaves were made; a tensor the result does not depend on gets zeros
      Tensor _d_a = _leaves.gradient(a);
      return new GrowGradient(_leaves.result(_value), _d_a);
    }
  }

  /**
   * Value and gradient of {@code TensorModels.piecewise(Tensor x)}, recorded on the dynamic tape. The result must have one element;
   * otherwise call {@code piecewiseVjp} with a seed.
   */
  public static PiecewiseGradient piecewise(Tensor x) {
    return _piecewiseTape(x, null);
  }

  /**
   * Vector-Jacobian product of {@code TensorModels.piecewise(Tensor x)}, recorded on the dynamic tape: the value, and {@code seed}
   * (the result's shape and dtype) times the derivative of the result with respect to each parameter.
   */
  public static PiecewiseGradient piecewiseVjp(Tensor x, Tensor seed) {
    Objects.requireNonNull(seed, "piecewiseVjp: seed is null; pass a tensor of the result's shape (or call piecewise for a one-element result)");
    return _piecewiseTape(x, seed);
  }

  /**
   * The value of {@code TensorModels.piecewise(Tensor x)} and what {@code piecewiseReverse} needs to finish its gradient on the tape.
   */
  public static PiecewiseForward piecewiseForward(Tensor x) {
    Tensor _value = TensorModels.piecewise(x);
    return new PiecewiseForward(_value, x);
  }

  /**
   * The gradient of {@code TensorModels.piecewise(Tensor x)} for the record {@code piecewiseForward} returned: {@code piecewiseVjp} with the arguments kept.
   */
  public static PiecewiseGradient piecewiseReverse(Object _forward, Tensor seed) {
    PiecewiseForward _fw = (PiecewiseForward) _forward;
    return piecewiseVjp(_fw.x(), seed);
  }

  /**
   * Records {@code TensorModels.piecewise(Tensor x)} on the tape and runs the backward pass; a null {@code seed} means the gradient of a
   * one-element result.
   */
  private static PiecewiseGradient _piecewiseTape(Tensor x, Tensor seed) {
    // Leaf copies sharing storage (the caller's tensors get no grad()), recorded copies where the caller records
    TapeLeaves _leaves = new TapeLeaves();
    // Record even inside the caller's noGrad(); closing the scope restores the caller's mode
    try (GradScope _recording = Autograd.enableGrad()) {
      Tensor _x = _leaves.track(x, "x");
      // TensorModels.java:43-45
      // The ?: condition at line 44, `x.sum().item() > 0`, reads a tensor's value: the tape records the path this call takes
      Tensor _value = TensorModels.piecewise(_x);
      seed = TensorAdjoints.seed(_value, seed, "TensorModels.piecewise", "piecewiseVjp");
      _leaves.backward(_value, seed);
      // The gradients in the order the leaves were made; a tensor the result does not depend on gets zeros
      Tensor _d_x = _leaves.gradient(x);
      return new PiecewiseGradient(_leaves.result(_value), _d_x);
    }
  }

  /**
   * Value and gradient of {@code TensorModels.ridge(Tensor w, Tensor x, Tensor y, double lambda)}.
   */
  public static RidgeGradient ridge(Tensor w, Tensor x, Tensor y, double lambda) {
    return ridgeVjp(w, x, y, lambda, (Tensor) null);
  }

  /**
   * Vector-Jacobian product of {@code TensorModels.ridge(Tensor w, Tensor x, Tensor y, double lambda)}: the value, and {@code seed} times the derivative of the result with respect to each parameter.
   */
  public static RidgeGradient ridgeVjp(Tensor w, Tensor x, Tensor y, double lambda, Tensor seed) {
    return ridgeReverse(ridgeForward(w, x, y, lambda), seed);
  }

  /**
   * The forward sweep of {@code TensorModels.ridge(Tensor w, Tensor x, Tensor y, double lambda)}: its value, and what {@code ridgeReverse} needs to finish the gradient (a caller's generated adjoint runs the method once this way instead of twice).
   */
  public static RidgeForward ridgeForward(Tensor w, Tensor x, Tensor y, double lambda) {
    // TensorModels.java:53
    Tensor _p0 = x.matmul(w);
    Tensor residual = _p0.sub(y);
    // TensorModels.java:54
    Tensor _p1 = residual.square();
    Tensor _p2 = _p1.mean();
    Tensor _p3 = w.square();
    Tensor _p4 = _p3.sum();
    Tensor _p5 = _p4.mul(lambda);
    Tensor _value = _p2.add(_p5);
    return new RidgeForward(_value, new Reversals(), _value, w, x, lambda, _p0, residual, _p1, _p2, _p3, _p5);
  }

  /**
   * The reverse sweep of {@code TensorModels.ridge(Tensor w, Tensor x, Tensor y, double lambda)} for the record {@code ridgeForward} returned: the same as {@code ridgeVjp} with the arguments given to {@code ridgeForward}.
   */
  public static RidgeGradient ridgeReverse(Object _forward, Tensor seed) {
    RidgeForward _fw = (RidgeForward) _forward;
    _fw._reversals().once("ridgeReverse", "ridgeForward", "ridgeVjp");
    Tensor _value = _fw._value();
    Tensor w = _fw.w();
    Tensor x = _fw.x();
    double lambda = _fw.lambda();
    Tensor _p0 = _fw._p0();
    Tensor residual = _fw.residual();
    Tensor _p1 = _fw._p1();
    Tensor _p2 = _fw._p2();
    Tensor _p3 = _fw._p3();
    Tensor _p5 = _fw._p5();
    seed = TensorAdjoints.seed(_value, seed, "TensorModels.ridge", "ridgeVjp");
    // TensorModels.java:54
    Tensor _d_residual = TensorRules.square(residual, TensorRules.mean(_p1.shape(), TensorAdjoints.sumToShapeOf(seed, _p2)));
    Tensor _d_w = TensorRules.square(w, TensorRules.sum(_p3.shape(), TensorRules.mulScalar(lambda, TensorAdjoints.sumToShapeOf(seed, _p5))), true);
    // TensorModels.java:53
    _d_w = TensorAdjoints.accumulate(_d_w, TensorAdjoints.sumToShapeOf(TensorRules.matmulRight(x, w, TensorAdjoints.sumToShapeOf(_d_residual, _p0)), w), true);
    return new RidgeGradient(_value, _d_w);
  }

  /**
   * Value and gradient of {@code TensorModels.unused(Tensor x, Tensor ignored)}, recorded on the dynamic tape. The result must have one element;
   * otherwise call {@code unusedVjp} with a seed.
   */
  public static UnusedGradient unused(Tensor x, Tensor ignored) {
    return _unusedTape(x, ignored, null);
  }

  /**
   * Vector-Jacobian product of {@code TensorModels.unused(Tensor x, Tensor ignored)}, recorded on the dynamic tape: the value, and {@code seed}
   * (the result's shape and dtype) times the derivative of the result with respect to each parameter.
   */
  public static UnusedGradient unusedVjp(Tensor x, Tensor ignored, Tensor seed) {
    Objects.requireNonNull(seed, "unusedVjp: seed is null; pass a tensor of the result's shape (or call unused for a one-element result)");
    return _unusedTape(x, ignored, seed);
  }

  /**
   * The value of {@code TensorModels.unused(Tensor x, Tensor ignored)} and what {@code unusedReverse} needs to finish its gradient on the tape.
   */
  public static UnusedForward unusedForward(Tensor x, Tensor ignored) {
    Tensor _value = TensorModels.unused(x, ignored);
    return new UnusedForward(_value, x, ignored);
  }

  /**
   * The gradient of {@code TensorModels.unused(Tensor x, Tensor ignored)} for the record {@code unusedForward} returned: {@code unusedVjp} with the arguments kept.
   */
  public static UnusedGradient unusedReverse(Object _forward, Tensor seed) {
    UnusedForward _fw = (UnusedForward) _forward;
    return unusedVjp(_fw.x(), _fw.ignored(), seed);
  }

  /**
   * Records {@code TensorModels.unused(Tensor x, Tensor ignored)} on the tape and runs the backward pass; a null {@code seed} means the gradient of a
   * one-element result.
   */
  private static UnusedGradient _unusedTape(Tensor x, Tensor ignored, Tensor seed) {
    // Leaf copies sharing storage (the caller's tensors get no grad()), recorded copies where the caller records
    TapeLeaves _leaves = new TapeLeaves();
    // Record even inside the caller's noGrad(); closing the scope restores the caller's mode
    try (GradScope _recording = Autograd.enableGrad()) {
      Tensor _x = _leaves.track(x, "x");
      Tensor _ignored = _leaves.track(ignored, "ignored");
      // TensorModels.java:59-61
      Tensor _value = TensorModels.unused(_x, _ignored);
      seed = TensorAdjoints.seed(_value, seed, "TensorModels.unused", "unusedVjp");
      _leaves.backward(_value, seed);
      // The gradients in the order the leaves were made; a tensor the result does not depend on gets zeros
      Tensor _d_x = _leaves.gradient(x);
      Tensor _d_ignored = _leaves.gradient(ignored);
      return new UnusedGradient(_leaves.result(_value), _d_x, _d_ignored);
    }
  }

  /**
   * Value and gradient of {@code TensorModels.scores(Tensor x, Tensor w)}.
   */
  public static ScoresGradient scores(Tensor x, Tensor w) {
    return scoresVjp(x, w, (Tensor) null);
  }

  /**
   * Vector-Jacobian product of {@code TensorModels.scores(Tensor x, Tensor w)}: the value, and {@code seed} times the derivative of the result with respect to each parameter.
   */
  public static ScoresGradient scoresVjp(Tensor x, Tensor w, Tensor seed) {
    return scoresReverse(scoresForward(x, w), seed);
  }

  /**
   * The forward sweep of {@code TensorModels.scores(Tensor x, Tensor w)}: its value, and what {@code scoresReverse} needs to finish the gradient (a caller's generated adjoint runs the method once this way instead of twice).
   */
  public static ScoresForward scoresForward(Tensor x, Tensor w) {
    // TensorModels.java:66
    Tensor _p0 = x.matmul(w);
    Tensor _p1 = _p0.softmax(1);
    Tensor _value = _p1;
    return new ScoresForward(_value, new Reversals(), _value, x, w, _p1);
  }

  /**
   * The reverse sweep of {@code TensorModels.scores(Tensor x, Tensor w)} for the record {@code scoresForward} returned: the same as {@code scoresVjp} with the arguments given to {@code scoresForward}.
   */
  public static ScoresGradient scoresReverse(Object _forward, Tensor seed) {
    ScoresForward _fw = (ScoresForward) _forward;
    _fw._reversals().once("scoresReverse", "scoresForward", "scoresVjp");
    Tensor _value = _fw._value();
    Tensor x = _fw.x();
    Tensor w = _fw.w();
    Tensor _p1 = _fw._p1();
    seed = TensorAdjoints.seed(_value, seed, "TensorModels.scores", "scoresVjp");
    // TensorModels.java:66
    Tensor _r0 = TensorRules.softmaxFromResult(_p1, 1, seed);
    Tensor _d_x = TensorAdjoints.sumToShapeOf(TensorRules.matmulLeft(x, w, _r0), x);
    Tensor _d_w = TensorAdjoints.sumToShapeOf(TensorRules.matmulRight(x, w, _r0), w);
    return new ScoresGradient(_value, _d_x, _d_w);
  }

  /**
   * Value and gradient of {@code TensorModels.deepLoss(Tensor[] layers, Tensor x, Tensor y)}.
   */
  public static DeepLossGradient deepLoss(Tensor[] layers, Tensor x, Tensor y) {
    return deepLossVjp(layers, x, y, (Tensor) null);
  }

  /**
   * Vector-Jacobian product of {@code TensorModels.deepLoss(Tensor[] layers, Tensor x, Tensor y)}: the value, and {@code seed} times the derivative of the result with respect to each parameter.
   */
  public static DeepLossGradient deepLossVjp(Tensor[] layers, Tensor x, Tensor y, Tensor seed) {
    return deepLossReverse(deepLossForward(layers, x, y), seed);
  }

  /**
   * The forward sweep of {@code TensorModels.deepLoss(Tensor[] layers, Tensor x, Tensor y)}: its value, and what {@code deepLossReverse} needs to finish the gradient (a caller's generated adjoint runs the method once this way instead of twice).
   */
  public static DeepLossForward deepLossForward(Tensor[] layers, Tensor x, Tensor y) {
    TensorAdjoints.requireElements(layers, "layers");
    ObjectStack<Tensor> _t0 = new ObjectStack<Tensor>();
    ObjectStack<Tensor> _t1 = new ObjectStack<Tensor>();
    // TensorModels.java:75
    Tensor h = x;
    // TensorModels.java:76
    for (int i = 0; i < layers.length; i++) {
      _t0.push(h);
      h = h.matmul(layers[i]);
      if (i < layers.length - 1) {
        Tensor _p0 = h.tanh();
        _t1.push(_p0);
        h = _p0;
      }
    }
    // TensorModels.java:82
    Tensor err = h.sub(y);
    // TensorModels.java:83
    Tensor _p1 = err.mul(err);
    Tensor _value = _p1.mean();
    return new DeepLossForward(_value, new Reversals(), _value, layers, y, _t0, _t1, h, err, _p1);
  }

  /**
   * The reverse sweep of {@code TensorModels.deepLoss(Tensor[] layers, Tensor x, Tensor y)} for the record {@code deepLossForward} returned: the same as {@code deepLossVjp} with the arguments given to {@code deepLossForward}.
   */
  public static DeepLossGradient deepLossReverse(Object _forward, Tensor seed) {
    DeepLossForward _fw = (DeepLossForward) _forward;
    _fw._reversals().once("deepLossReverse", "deepLossForward", "deepLossVjp");
    Tensor _value = _fw._value();
    Tensor[] layers = _fw.layers();
    Tensor y = _fw.y();
    ObjectStack<Tensor> _t0 = _fw._t0();
    ObjectStack<Tensor> _t1 = _fw._t1();
    Tensor h = _fw.h();
    Tensor err = _fw.err();
    Tensor _p1 = _fw._p1();
    Tensor[] _d_layers = new Tensor[layers.length];
    seed = TensorAdjoints.seed(_value, seed, "TensorModels.deepLoss", "deepLossVjp");
    // TensorModels.java:83
    Tensor _r2 = TensorRules.mean(_p1.shape(), seed);
    Tensor _d_err = TensorAdjoints.sumToShapeOf(TensorRules.mul(err, _r2), err);
    _d_err = TensorAdjoints.accumulate(_d_err, TensorAdjoints.sumToShapeOf(TensorRules.mul(err, _r2), err), true);
    // TensorModels.java:82
    Tensor _d_h = TensorAdjoints.sumToShapeOf(_d_err, h);
    Tensor _d_y = TensorAdjoints.sumToShapeOf(TensorRules.neg(_d_err), y);
    // TensorModels.java:76
    _d_h = TensorAdjoints.copyOf(_d_h);
    for (int i = layers.length - 1; i >= 0; i--) {
      if (i < layers.length - 1) {
        Tensor _k0 = _t1.pop();
        Tensor _r1 = _d_h;
        _d_h = TensorRules.tanhFromResult(_k0, _r1, true);
      }
      h = _t0.pop();
      Tensor _r0 = _d_h;
      _d_h = TensorAdjoints.sumToShapeOf(TensorRules.matmulLeft(h, layers[i], _r0), h);
      _d_layers[i] = TensorAdjoints.accumulate(_d_layers[i], TensorAdjoints.sumToShapeOf(TensorRules.matmulRight(h, layers[i], _r0), layers[i]), true);
    }
    _d_layers = TensorAdjoints.orZeros(_d_layers, layers);
    return new DeepLossGradient(_value, _d_layers, _d_y);
  }

  /**
   * The value of {@code TensorModels.mlpLoss(Tensor w1, Tensor b1, Tensor w2, Tensor x, Tensor y)} and the adjoints of its parameters.
   *
   * @param value the method's result
   * @param dW1 the adjoint of {@code w1}
   * @param dB1 the adjoint of {@code b1}
   * @param dW2 the adjoint of {@code w2}
   * @param dX the adjoint of {@code x}
   * @param dY the adjoint of {@code y}
   */
  public record MlpLossGradient(Tensor value, Tensor dW1, Tensor dB1, Tensor dW2, Tensor dX,
      Tensor dY) {
  }

  /**
   * What {@code mlpLossForward} keeps of {@code TensorModels.mlpLoss(Tensor w1, Tensor b1, Tensor w2, Tensor x, Tensor y)} for {@code mlpLossReverse}: {@code value} is the method's result (a copy the caller may change).
   */
  public record MlpLossForward(Tensor value, Reversals _reversals, Tensor _value, Tensor w1,
      Tensor b1, Tensor w2, Tensor x, Tensor y, Tensor _p0, Tensor _p2, Tensor hidden, Tensor out,
      Tensor err, Tensor _p3) {
  }

  /**
   * The value of {@code TensorModels.grow(Tensor a)} and the adjoints of its parameters, from the dynamic tape.
   *
   * @param value the method's result (detached: it records nothing)
   * @param dA the adjoint of {@code a}, with its shape
   */
  public record GrowGradient(Tensor value, Tensor dA) {
  }

  /**
   * What {@code growForward} keeps of {@code TensorModels.grow(Tensor a)} for {@code growReverse}: its value and its arguments.
   */
  public record GrowForward(Tensor value, Tensor a) {
  }

  /**
   * The value of {@code TensorModels.piecewise(Tensor x)} and the adjoints of its parameters, from the dynamic tape.
   *
   * @param value the method's result (detached: it records nothing)
   * @param dX the adjoint of {@code x}, with its shape
   */
  public record PiecewiseGradient(Tensor value, Tensor dX) {
  }

  /**
   * What {@code piecewiseForward} keeps of {@code TensorModels.piecewise(Tensor x)} for {@code piecewiseReverse}: its value and its arguments.
   */
  public record PiecewiseForward(Tensor value, Tensor x) {
  }

  /**
   * The value of {@code TensorModels.ridge(Tensor w, Tensor x, Tensor y, double lambda)} and the adjoints of its parameters.
   *
   * @param value the method's result
   * @param dW the adjoint of {@code w}
   */
  public record RidgeGradient(Tensor value, Tensor dW) {
  }

  /**
   * What {@code ridgeForward} keeps of {@code TensorModels.ridge(Tensor w, Tensor x, Tensor y, double lambda)} for {@code ridgeReverse}: {@code value} is the method's result (a copy the caller may change).
   */
  public record RidgeForward(Tensor value, Reversals _reversals, Tensor _value, Tensor w, Tensor x,
      double lambda, Tensor _p0, Tensor residual, Tensor _p1, Tensor _p2, Tensor _p3, Tensor _p5) {
  }

  /**
   * The value of {@code TensorModels.unused(Tensor x, Tensor ignored)} and the adjoints of its parameters, from the dynamic tape.
   *
   * @param value the method's result (detached: it records nothing)
   * @param dX the adjoint of {@code x}, with its shape
   * @param dIgnored the adjoint of {@code ignored}, with its shape
   */
  public record UnusedGradient(Tensor value, Tensor dX, Tensor dIgnored) {
  }

  /**
   * What {@code unusedForward} keeps of {@code TensorModels.unused(Tensor x, Tensor ignored)} for {@code unusedReverse}: its value and its arguments.
   */
  public record UnusedForward(Tensor value, Tensor x, Tensor ignored) {
  }

  /**
   * The value of {@code TensorModels.scores(Tensor x, Tensor w)} and the adjoints of its parameters.
   *
   * @param value the method's result
   * @param dX the adjoint of {@code x}
   * @param dW the adjoint of {@code w}
   */
  public record ScoresGradient(Tensor value, Tensor dX, Tensor dW) {
  }

  /**
   * What {@code scoresForward} keeps of {@code TensorModels.scores(Tensor x, Tensor w)} for {@code scoresReverse}: {@code value} is the method's result (a copy the caller may change).
   */
  public record ScoresForward(Tensor value, Reversals _reversals, Tensor _value, Tensor x, Tensor w,
      Tensor _p1) {
  }

  /**
   * The value of {@code TensorModels.deepLoss(Tensor[] layers, Tensor x, Tensor y)} and the adjoints of its parameters.
   *
   * @param value the method's result
   * @param dLayers the adjoint of {@code layers}
   * @param dY the adjoint of {@code y}
   */
  public record DeepLossGradient(Tensor value, Tensor[] dLayers, Tensor dY) {
  }

  /**
   * What {@code deepLossForward} keeps of {@code TensorModels.deepLoss(Tensor[] layers, Tensor x, Tensor y)} for {@code deepLossReverse}: {@code value} is the method's result (a copy the caller may change).
   */
  public record DeepLossForward(Tensor value, Reversals _reversals, Tensor _value, Tensor[] layers,
      Tensor y, ObjectStack<Tensor> _t0, ObjectStack<Tensor> _t1, Tensor h, Tensor err,
      Tensor _p1) {
  }
}
