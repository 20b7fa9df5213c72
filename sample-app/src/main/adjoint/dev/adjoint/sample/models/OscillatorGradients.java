package dev.adjoint.sample.models;

import dev.adjoint.Autograd;
import dev.adjoint.GradOption;
import dev.adjoint.GradScope;
import dev.adjoint.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
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
   * Value and gradient of {@code Oscillator.network(Tensor[] layers, Tensor x)}, recorded on the dynamic tape. The result must have one element;
   * otherwise call {@code networkVjp} with a seed.
   */
  public static NetworkGradient network(Tensor[] layers, Tensor x) {
    return _networkTape(layers, x, null);
  }

  /**
   * Vector-Jacobian product of {@code Oscillator.network(Tensor[] layers, Tensor x)}, recorded on the dynamic tape: the value, and {@code seed}
   * (the result's shape and dtype) times the derivative of the result with respect to each parameter.
   */
  public static NetworkGradient networkVjp(Tensor[] layers, Tensor x, Tensor seed) {
    Objects.requireNonNull(seed, "networkVjp: seed is null; pass a tensor of the result's shape (or call network for a one-element result)");
    return _networkTape(layers, x, seed);
  }

  /**
   * Records {@code Oscillator.network(Tensor[] layers, Tensor x)} on the tape and runs the backward pass; a null {@code seed} means the gradient of a
   * one-element result.
   */
  private static NetworkGradient _networkTape(Tensor[] layers, Tensor x, Tensor seed) {
    // Record even inside the caller's noGrad(); closing the scope restores the caller's mode
    try (GradScope _recording = Autograd.enableGrad()) {
      // Leaf copies (sharing storage): the caller's tensors get no grad() and no new graph
      Tensor[] _layers = new Tensor[layers.length];
      for (int _i = 0; _i < layers.length; _i++) {
        Objects.requireNonNull(layers[_i], "layers[" + _i + "] is null");
        _layers[_i] = layers[_i].detach().requiresGrad(true);
      }
      Tensor _x = x.detach().requiresGrad(true);
      // Oscillator.java:19-28
      Tensor _value = Oscillator.network(_layers, _x);
      if (seed == null) {
        if (_value.numel() != 1) {
          throw new IllegalArgumentException("Oscillator.network returned a tensor of shape " + Arrays.toString(_value.shape())
              + ", not one element, so it has no gradient: call networkVjp with a seed of that shape");
        }
        seed = Tensor.onesLike(_value);
      }
      List<Tensor> _inputs = new ArrayList<>();
      Collections.addAll(_inputs, _layers);
      _inputs.add(_x);
      // Nothing recorded means the result does not depend on any wrt tensor
      List<Tensor> _grads = _value.requiresGrad()
          ? Autograd.grad(List.of(_value), _inputs, List.of(seed), GradOption.ALLOW_UNUSED)
          : Collections.nCopies(_inputs.size(), null);
      // An unused parameter gets zeros of its shape
      int _at = 0;
      Tensor[] _d_layers = new Tensor[layers.length];
      for (int _i = 0; _i < layers.length; _i++, _at++) {
        _d_layers[_i] = _grads.get(_at) != null ? _grads.get(_at) : Tensor.zerosLike(layers[_i]);
      }
      Tensor _d_x = _grads.get(_at) != null ? _grads.get(_at) : Tensor.zerosLike(x);
      _at++;
      return new NetworkGradient(_value.detach(), _d_layers, _d_x);
    }
  }

  /**
   * Value and gradient of {@code Oscillator.solution(Tensor[] layers, Tensor x)}, recorded on the dynamic tape. The result must have one element;
   * otherwise call {@code solutionVjp} with a seed.
   */
  public static SolutionGradient solution(Tensor[] layers, Tensor x) {
    return _solutionTape(layers, x, null);
  }

  /**
   * Vector-Jacobian product of {@code Oscillator.solution(Tensor[] layers, Tensor x)}, recorded on the dynamic tape: the value, and {@code seed}
   * (the result's shape and dtype) times the derivative of the result with respect to each parameter.
   */
  public static SolutionGradient solutionVjp(Tensor[] layers, Tensor x, Tensor seed) {
    Objects.requireNonNull(seed, "solutionVjp: seed is null; pass a tensor of the result's shape (or call solution for a one-element result)");
    return _solutionTape(layers, x, seed);
  }

  /**
   * Records {@code Oscillator.solution(Tensor[] layers, Tensor x)} on the tape and runs the backward pass; a null {@code seed} means the gradient of a
   * one-element result.
   */
  private static SolutionGradient _solutionTape(Tensor[] layers, Tensor x, Tensor seed) {
    // Record even inside the caller's noGrad(); closing the scope restores the caller's mode
    try (GradScope _recording = Autograd.enableGrad()) {
      // Leaf copies (sharing storage): the caller's tensors get no grad() and no new graph
      Tensor[] _layers = new Tensor[layers.length];
      for (int _i = 0; _i < layers.length; _i++) {
        Objects.requireNonNull(layers[_i], "layers[" + _i + "] is null");
        _layers[_i] = layers[_i].detach().requiresGrad(true);
      }
      Tensor _x = x.detach().requiresGrad(true);
      // Oscillator.java:32-34
      Tensor _value = Oscillator.solution(_layers, _x);
      if (seed == null) {
        if (_value.numel() != 1) {
          throw new IllegalArgumentException("Oscillator.solution returned a tensor of shape " + Arrays.toString(_value.shape())
              + ", not one element, so it has no gradient: call solutionVjp with a seed of that shape");
        }
        seed = Tensor.onesLike(_value);
      }
      List<Tensor> _inputs = new ArrayList<>();
      Collections.addAll(_inputs, _layers);
      _inputs.add(_x);
      // Nothing recorded means the result does not depend on any wrt tensor
      List<Tensor> _grads = _value.requiresGrad()
          ? Autograd.grad(List.of(_value), _inputs, List.of(seed), GradOption.ALLOW_UNUSED)
          : Collections.nCopies(_inputs.size(), null);
      // An unused parameter gets zeros of its shape
      int _at = 0;
      Tensor[] _d_layers = new Tensor[layers.length];
      for (int _i = 0; _i < layers.length; _i++, _at++) {
        _d_layers[_i] = _grads.get(_at) != null ? _grads.get(_at) : Tensor.zerosLike(layers[_i]);
      }
      Tensor _d_x = _grads.get(_at) != null ? _grads.get(_at) : Tensor.zerosLike(x);
      _at++;
      return new SolutionGradient(_value.detach(), _d_layers, _d_x);
    }
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
   * Records {@code Oscillator.residualLoss(Tensor[] layers, Tensor x)} on the tape and runs the backward pass; a null {@code seed} means the gradient of a
   * one-element result.
   */
  private static ResidualLossGradient _residualLossTape(Tensor[] layers, Tensor x, Tensor seed) {
    // Record even inside the caller's noGrad(); closing the scope restores the caller's mode
    try (GradScope _recording = Autograd.enableGrad()) {
      // Leaf copies (sharing storage): the caller's tensors get no grad() and no new graph
      Tensor[] _layers = new Tensor[layers.length];
      for (int _i = 0; _i < layers.length; _i++) {
        Objects.requireNonNull(layers[_i], "layers[" + _i + "] is null");
        _layers[_i] = layers[_i].detach().requiresGrad(true);
      }
      Tensor _x = x.detach();
      // Oscillator.java:42-48
      Tensor _value = Oscillator.residualLoss(_layers, _x);
      if (seed == null) {
        if (_value.numel() != 1) {
          throw new IllegalArgumentException("Oscillator.residualLoss returned a tensor of shape " + Arrays.toString(_value.shape())
              + ", not one element, so it has no gradient: call residualLossVjp with a seed of that shape");
        }
        seed = Tensor.onesLike(_value);
      }
      List<Tensor> _inputs = new ArrayList<>();
      Collections.addAll(_inputs, _layers);
      // Nothing recorded means the result does not depend on any wrt tensor
      List<Tensor> _grads = _value.requiresGrad()
          ? Autograd.grad(List.of(_value), _inputs, List.of(seed), GradOption.ALLOW_UNUSED)
          : Collections.nCopies(_inputs.size(), null);
      // An unused parameter gets zeros of its shape
      int _at = 0;
      Tensor[] _d_layers = new Tensor[layers.length];
      for (int _i = 0; _i < layers.length; _i++, _at++) {
        _d_layers[_i] = _grads.get(_at) != null ? _grads.get(_at) : Tensor.zerosLike(layers[_i]);
      }
      return new ResidualLossGradient(_value.detach(), _d_layers);
    }
  }

  /**
   * The value of {@code Oscillator.network(Tensor[] layers, Tensor x)} and the adjoints of its parameters, from the dynamic tape.
   *
   * @param value the method's result (detached: it records nothing)
   * @param dLayers the adjoint of {@code layers}, with its shape
   * @param dX the adjoint of {@code x}, with its shape
   */
  public record NetworkGradient(Tensor value, Tensor[] dLayers, Tensor dX) {
  }

  /**
   * The value of {@code Oscillator.solution(Tensor[] layers, Tensor x)} and the adjoints of its parameters, from the dynamic tape.
   *
   * @param value the method's result (detached: it records nothing)
   * @param dLayers the adjoint of {@code layers}, with its shape
   * @param dX the adjoint of {@code x}, with its shape
   */
  public record SolutionGradient(Tensor value, Tensor[] dLayers, Tensor dX) {
  }

  /**
   * The value of {@code Oscillator.residualLoss(Tensor[] layers, Tensor x)} and the adjoints of its parameters, from the dynamic tape.
   *
   * @param value the method's result (detached: it records nothing)
   * @param dLayers the adjoint of {@code layers}, with its shape
   */
  public record ResidualLossGradient(Tensor value, Tensor[] dLayers) {
  }
}
