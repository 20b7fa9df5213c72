package dev.adjoint.sample.models;

import dev.adjoint.Autograd;
import dev.adjoint.GradScope;
import dev.adjoint.Tensor;
import dev.adjoint.rules.TensorRules;
import dev.adjoint.support.BooleanStack;
import dev.adjoint.support.ObjectStack;
import dev.adjoint.support.Reversals;
import dev.adjoint.support.TapeLeaves;
import dev.adjoint.support.TensorAdjoints;
import java.util.Objects;
import javax.annotation.processing.Generated;

/**
 * Gradients of the {@code @Differentiable} methods of {@code Oscillator}, written by Adjoint's annotation processor.
 *
 * <p>Do not edit: regenerated on every build.
 */
@Generated("dev.adjoint.processor.AdjointProcessor")
public final class OscillatorGradients {
  private OscillatorGradients() {
  }

  /**
   * Value and gradient of {@code Oscillator.network(Tensor[] layers, Tensor x)}.
   */
  public static NetworkGradient network(Tensor[] layers, Tensor x) {
    return networkVjp(layers, x, (Tensor) null);
  }

  /**
   * Vector-Jacobian product of {@code Oscillator.network(Tensor[] layers, Tensor x)}: the value, and {@code seed} times the derivative of the result with respect to each parameter.
   */
  public static NetworkGradient networkVjp(Tensor[] layers, Tensor x, Tensor seed) {
    return networkReverse(networkForward(layers, x), seed);
  }

  /**
   * The forward sweep of {@code Oscillator.network(Tensor[] layers, Tensor x)}: its value, and what {@code networkReverse} needs to finish the gradient (a caller's generated adjoint runs the method once this way instead of twice).
   */
  public static NetworkForward networkForward(Tensor[] layers, Tensor x) {
    TensorAdjoints.requireElements(layers, "layers");
    int i = 0;
    ObjectStack<Tensor> _t0 = new ObjectStack<Tensor>();
    ObjectStack<Tensor> _t1 = new ObjectStack<Tensor>();
    ObjectStack<Tensor> _t2 = new ObjectStack<Tensor>();
    BooleanStack _c0 = new BooleanStack();
    int _loop0 = 0;
    // Oscillator.java:20
    Tensor h = x;
    // Oscillator.java:21
    i = 0;
    _loop0 = 0;
    for (; i < layers.length; i += 2) {
      _loop0++;
      _t0.push(h);
      Tensor _p0 = h.matmul(layers[i]);
      _t1.push(_p0);
      h = _p0.add(layers[i + 1]);
      if (i + 2 < layers.length) {
        _c0.push(true);
        Tensor _p1 = h.tanh();
        _t2.push(_p1);
        h = _p1;
      } else {
        _c0.push(false);
      }
    }
    // Oscillator.java:27
    Tensor _value = h;
    return new NetworkForward(_value, new Reversals(), _value, layers, i, _t0, _t1, _t2, _c0, _loop0, h);
  }

  /**
   * The reverse sweep of {@code Oscillator.network(Tensor[] layers, Tensor x)} for the record {@code networkForward} returned: the same as {@code networkVjp} with the arguments given to {@code networkForward}.
   */
  public static NetworkGradient networkReverse(Object _forward, Tensor seed) {
    NetworkForward _fw = (NetworkForward) _forward;
    _fw._reversals().once("networkReverse", "networkForward", "networkVjp");
    Tensor _value = _fw._value();
    Tensor[] layers = _fw.layers();
    int i = _fw.i();
    ObjectStack<Tensor> _t0 = _fw._t0();
    ObjectStack<Tensor> _t1 = _fw._t1();
    ObjectStack<Tensor> _t2 = _fw._t2();
    BooleanStack _c0 = _fw._c0();
    int _loop0 = _fw._loop0();
    Tensor h = _fw.h();
    Tensor[] _d_layers = new Tensor[layers.length];
    seed = TensorAdjoints.seed(_value, seed, "Oscillator.network", "networkVjp");
    // Oscillator.java:27
    Tensor _d_h = seed;
    // Oscillator.java:21
    _d_h = TensorAdjoints.copyOf(_d_h);
    for (; _loop0 > 0; _loop0--) {
      i -= 2;
      if (_c0.pop()) {
        Tensor _k1 = _t2.pop();
        Tensor _r2 = _d_h;
        _d_h = TensorRules.tanhFromResult(_k1, _r2, true);
      }
      h = _t0.pop();
      Tensor _k0 = _t1.pop();
      Tensor _r0 = _d_h;
      Tensor _r1 = TensorAdjoints.sumToShapeOf(_r0, _k0);
      _d_h = TensorAdjoints.sumToShapeOf(TensorRules.matmulLeft(h, layers[i], _r1), h);
      _d_layers[i] = TensorAdjoints.accumulate(_d_layers[i], TensorAdjoints.sumToShapeOf(TensorRules.matmulRight(h, layers[i], _r1), layers[i]), true);
      _d_layers[i + 1] = TensorAdjoints.accumulate(_d_layers[i + 1], TensorAdjoints.sumToShapeOf(_r0, layers[i + 1]));
    }
    // Oscillator.java:20
    Tensor _d_x = _d_h;
    _d_layers = TensorAdjoints.orZeros(_d_layers, layers);
    // the next gradient on this thread reuses the stacks' storage
    _c0.release();
    return new NetworkGradient(_value, _d_layers, _d_x);
  }

  /**
   * Value and gradient of {@code Oscillator.solution(Tensor[] layers, Tensor x)}.
   */
  public static SolutionGradient solution(Tensor[] layers, Tensor x) {
    return solutionVjp(layers, x, (Tensor) null);
  }

  /**
   * Vector-Jacobian product of {@code Oscillator.solution(Tensor[] layers, Tensor x)}: the value, and {@code seed} times the derivative of the result with respect to each parameter.
   */
  public static SolutionGradient solutionVjp(Tensor[] layers, Tensor x, Tensor seed) {
    return solutionReverse(solutionForward(layers, x), seed);
  }

  /**
   * The forward sweep of {@code Oscillator.solution(Tensor[] layers, Tensor x)}: its value, and what {@code solutionReverse} needs to finish the gradient (a caller's generated adjoint runs the method once this way instead of twice).
   */
  public static SolutionForward solutionForward(Tensor[] layers, Tensor x) {
    TensorAdjoints.requireElements(layers, "layers");
    Object _t0 = null;
    // Oscillator.java:33
    var _f0 = OscillatorGradients.networkForward(layers, x);
    _t0 = _f0;
    Tensor _out0 = _f0.value();
    // Oscillator.java:33
    Tensor _p0 = x.square();
    Tensor _p1 = _p0.mul(_out0);
    Tensor _value = x.add(_p1);
    return new SolutionForward(_value, new Reversals(), _value, layers, x, _t0, _out0, _p0, _p1);
  }

  /**
   * The reverse sweep of {@code Oscillator.solution(Tensor[] layers, Tensor x)} for the record {@code solutionForward} returned: the same as {@code solutionVjp} with the arguments given to {@code solutionForward}.
   */
  public static SolutionGradient solutionReverse(Object _forward, Tensor seed) {
    SolutionForward _fw = (SolutionForward) _forward;
    _fw._reversals().once("solutionReverse", "solutionForward", "solutionVjp");
    Tensor _value = _fw._value();
    Tensor[] layers = _fw.layers();
    Tensor x = _fw.x();
    Object _t0 = _fw._t0();
    Tensor _out0 = _fw._out0();
    Tensor _p0 = _fw._p0();
    Tensor _p1 = _fw._p1();
    Tensor[] _d_layers = new Tensor[layers.length];
    seed = TensorAdjoints.seed(_value, seed, "Oscillator.solution", "solutionVjp");
    // Oscillator.java:33
    Tensor _d_x = TensorAdjoints.sumToShapeOf(seed, x);
    Tensor _r1 = TensorAdjoints.sumToShapeOf(seed, _p1);
    _d_x = TensorAdjoints.accumulate(_d_x, TensorRules.square(x, TensorAdjoints.sumToShapeOf(TensorRules.mul(_out0, _r1), _p0), true), true);
    Tensor _d__out0 = TensorAdjoints.sumToShapeOf(TensorRules.mul(_p0, _r1), _out0);
    // Oscillator.java:33
    var _r0 = OscillatorGradients.networkReverse(_t0, _d__out0);
    TensorAdjoints.addTo(_d_layers, _r0.dLayers());
    _d_x = TensorAdjoints.accumulate(_d_x, _r0.dX());
    _d_layers = TensorAdjoints.orZeros(_d_layers, layers);
    return new SolutionGradient(_value, _d_layers, _d_x);
  }

  /**
   * Value and gradient of {@code Oscillator.residualLoss(Tensor[] layers, Tensor x)}, recorded on the dynamic tape. The result must have one element;
   * otherwise call {@code residualLossVjp} with a seed.
   */
  public static ResidualLossGradient residualLoss(Tensor[] layers, Tensor x) {
    return _residualLossTape(layers, x, null);
  }

  /**
   * Vector-Jacobian product of {@code Oscillator.residualLoss(Tensor[] layers, Tensor x)}, recorded on the dynamic tape: the value, and {@code seed}
   * (the result's shape and dtype) times the derivative of the result with respect to each parameter.
   */
  public static ResidualLossGradient residualLossVjp(Tensor[] layers, Tensor x, Tensor seed) {
    Objects.requireNonNull(seed, "residualLossVjp: seed is null; pass a tensor of the result's shape (or call residualLoss for a one-element result)");
    return _residualLossTape(layers, x, seed);
  }

  /**
   * The value of {@code Oscillator.residualLoss(Tensor[] layers, Tensor x)} and what {@code residualLossReverse} needs to finish its gradient on the tape.
   */
  public static ResidualLossForward residualLossForward(Tensor[] layers, Tensor x) {
    Tensor _value = Oscillator.residualLoss(layers, x);
    return new ResidualLossForward(_value, layers, x);
  }

  /**
   * The gradient of {@code Oscillator.residualLoss(Tensor[] layers, Tensor x)} for the record {@code residualLossForward} returned: {@code residualLossVjp} with the arguments kept.
   */
  public static ResidualLossGradient residualLossReverse(Object _forward, Tensor seed) {
    ResidualLossForward _fw = (ResidualLossForward) _forward;
    return residualLossVjp(_fw.layers(), _fw.x(), seed);
  }

  /**
   * Records {@code Oscillator.residualLoss(Tensor[] layers, Tensor x)} on the tape and runs the backward pass; a null {@code seed} means the gradient of a
   * one-element result.
   */
  private static ResidualLossGradient _residualLossTape(Tensor[] layers, Tensor x, Tensor seed) {
    // Leaf copies sharing storage (the caller's tensors get no grad()), recorded copies where the caller records
    TapeLeaves _leaves = new TapeLeaves();
    // Record even inside the caller's noGrad(); closing the scope restores the caller's mode
    try (GradScope _recording = Autograd.enableGrad()) {
      Tensor[] _layers = _leaves.track(layers, "layers");
      Tensor _x = _leaves.constant(x, "x");
      // Oscillator.java:42-48
      Tensor _value = Oscillator.residualLoss(_layers, _x);
      seed = TensorAdjoints.seed(_value, seed, "Oscillator.residualLoss", "residualLossVjp");
      _leaves.backward(_value, seed);
      // The gradients in the order the leaves were made; a tensor the result does not depend on gets zeros
      Tensor[] _d_layers = _leaves.gradient(layers);
      return new ResidualLossGradient(_leaves.result(_value), _d_layers);
    }
  }

  /**
   * The value of {@code Oscillator.network(Tensor[] layers, Tensor x)} and the adjoints of its parameters.
   *
   * @param value the method's result
   * @param dLayers the adjoint of {@code layers}
   * @param dX the adjoint of {@code x}
   */
  public record NetworkGradient(Tensor value, Tensor[] dLayers, Tensor dX) {
  }

  /**
   * What {@code networkForward} keeps of {@code Oscillator.network(Tensor[] layers, Tensor x)} for {@code networkReverse}: {@code value} is the method's result (a copy the caller may change).
   */
  public record NetworkForward(Tensor value, Reversals _reversals, Tensor _value, Tensor[] layers,
      int i, ObjectStack<Tensor> _t0, ObjectStack<Tensor> _t1, ObjectStack<Tensor> _t2,
      BooleanStack _c0, int _loop0, Tensor h) {
  }

  /**
   * The value of {@code Oscillator.solution(Tensor[] layers, Tensor x)} and the adjoints of its parameters.
   *
   * @param value the method's result
   * @param dLayers the adjoint of {@code layers}
   * @param dX the adjoint of {@code x}
   */
  public record SolutionGradient(Tensor value, Tensor[] dLayers, Tensor dX) {
  }

  /**
   * What {@code solutionForward} keeps of {@code Oscillator.solution(Tensor[] layers, Tensor x)} for {@code solutionReverse}: {@code value} is the method's result (a copy the caller may change).
   */
  public record SolutionForward(Tensor value, Reversals _reversals, Tensor _value, Tensor[] layers,
      Tensor x, Object _t0, Tensor _out0, Tensor _p0, Tensor _p1) {
  }

  /**
   * The value of {@code Oscillator.residualLoss(Tensor[] layers, Tensor x)} and the adjoints of its parameters, from the dynamic tape.
   *
   * @param value the method's result (detached: it records nothing)
   * @param dLayers the adjoint of {@code layers}, with its shape
   */
  public record ResidualLossGradient(Tensor value, Tensor[] dLayers) {
  }

  /**
   * What {@code residualLossForward} keeps of {@code Oscillator.residualLoss(Tensor[] layers, Tensor x)} for {@code residualLossReverse}: its value and its arguments.
   */
  public record ResidualLossForward(Tensor value, Tensor[] layers, Tensor x) {
  }
}
