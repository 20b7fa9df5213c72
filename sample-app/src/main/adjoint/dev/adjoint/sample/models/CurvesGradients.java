package dev.adjoint.sample.models;

import dev.adjoint.Autograd;
import dev.adjoint.GradOption;
import dev.adjoint.GradScope;
import dev.adjoint.Tensor;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import javax.annotation.processing.Generated;

/**
 * Gradients of the {@code @Differentiable} methods of {@code Curves}, written by Adjoint's annotation processor.
 *
 * <p>Do not edit: regenerated on every build.
 */
@Generated("dev.adjoint.processor.AdjointProcessor")
public final class CurvesGradients {
  private CurvesGradients() {
  }

  /**
   * Value and gradient of {@code Curves.cubic(Tensor x)}, recorded on the dynamic tape. The result must have one element;
   * otherwise call {@code cubicVjp} with a seed.
   */
  public static CubicGradient cubic(Tensor x) {
    return _cubicTape(x, null);
  }

  /**
   * Vector-Jacobian product of {@code Curves.cubic(Tensor x)}, recorded on the dynamic tape: the value, and {@code seed}
   * (the result's shape and dtype) times the derivative of the result with respect to each parameter.
   */
  public static CubicGradient cubicVjp(Tensor x, Tensor seed) {
    Objects.requireNonNull(seed, "cubicVjp: seed is null; pass a tensor of the result's shape (or call cubic for a one-element result)");
    return _cubicTape(x, seed);
  }

  /**
   * Records {@code Curves.cubic(Tensor x)} on the tape and runs the backward pass; a null {@code seed} means the gradient of a
   * one-element result.
   */
  private static CubicGradient _cubicTape(Tensor x, Tensor seed) {
    // Record even inside the caller's noGrad(); closing the scope restores the caller's mode
    try (GradScope _recording = Autograd.enableGrad()) {
      // Leaf copies (sharing storage): the caller's tensors get no grad() and no new graph
      Tensor _x = x.detach().requiresGrad(true);
      // Curves.java:16-18
      Tensor _value = Curves.cubic(_x);
      if (seed == null) {
        if (_value.numel() != 1) {
          throw new IllegalArgumentException("Curves.cubic returned a tensor of shape " + Arrays.toString(_value.shape())
              + ", not one element, so it has no gradient: call cubicVjp with a seed of that shape");
        }
        seed = Tensor.onesLike(_value);
      }
      // Nothing recorded means the result does not depend on any wrt tensor
      List<Tensor> _grads = _value.requiresGrad()
          ? Autograd.grad(List.of(_value), List.of(_x), List.of(seed), GradOption.ALLOW_UNUSED)
          : Collections.nCopies(1, null);
      // An unused parameter gets zeros of its shape
      Tensor _d_x = _grads.get(0) != null ? _grads.get(0) : Tensor.zerosLike(x);
      return new CubicGradient(_value.detach(), _d_x);
    }
  }

  /**
   * Value and gradient of {@code Curves.cosOfSquare(Tensor x)}, recorded on the dynamic tape. The result must have one element;
   * otherwise call {@code cosOfSquareVjp} with a seed.
   */
  public static CosOfSquareGradient cosOfSquare(Tensor x) {
    return _cosOfSquareTape(x, null);
  }

  /**
   * Vector-Jacobian product of {@code Curves.cosOfSquare(Tensor x)}, recorded on the dynamic tape: the value, and {@code seed}
   * (the result's shape and dtype) times the derivative of the result with respect to each parameter.
   */
  public static CosOfSquareGradient cosOfSquareVjp(Tensor x, Tensor seed) {
    Objects.requireNonNull(seed, "cosOfSquareVjp: seed is null; pass a tensor of the result's shape (or call cosOfSquare for a one-element result)");
    return _cosOfSquareTape(x, seed);
  }

  /**
   * Records {@code Curves.cosOfSquare(Tensor x)} on the tape and runs the backward pass; a null {@code seed} means the gradient of a
   * one-element result.
   */
  private static CosOfSquareGradient _cosOfSquareTape(Tensor x, Tensor seed) {
    // Record even inside the caller's noGrad(); closing the scope restores the caller's mode
    try (GradScope _recording = Autograd.enableGrad()) {
      // Leaf copies (sharing storage): the caller's tensors get no grad() and no new graph
      Tensor _x = x.detach().requiresGrad(true);
      // Curves.java:22-24
      Tensor _value = Curves.cosOfSquare(_x);
      if (seed == null) {
        if (_value.numel() != 1) {
          throw new IllegalArgumentException("Curves.cosOfSquare returned a tensor of shape " + Arrays.toString(_value.shape())
              + ", not one element, so it has no gradient: call cosOfSquareVjp with a seed of that shape");
        }
        seed = Tensor.onesLike(_value);
      }
      // Nothing recorded means the result does not depend on any wrt tensor
      List<Tensor> _grads = _value.requiresGrad()
          ? Autograd.grad(List.of(_value), List.of(_x), List.of(seed), GradOption.ALLOW_UNUSED)
          : Collections.nCopies(1, null);
      // An unused parameter gets zeros of its shape
      Tensor _d_x = _grads.get(0) != null ? _grads.get(0) : Tensor.zerosLike(x);
      return new CosOfSquareGradient(_value.detach(), _d_x);
    }
  }

  /**
   * Value and gradient of {@code Curves.wave(Tensor x)}, recorded on the dynamic tape. The result must have one element;
   * otherwise call {@code waveVjp} with a seed.
   */
  public static WaveGradient wave(Tensor x) {
    return _waveTape(x, null);
  }

  /**
   * Vector-Jacobian product of {@code Curves.wave(Tensor x)}, recorded on the dynamic tape: the value, and {@code seed}
   * (the result's shape and dtype) times the derivative of the result with respect to each parameter.
   */
  public static WaveGradient waveVjp(Tensor x, Tensor seed) {
    Objects.requireNonNull(seed, "waveVjp: seed is null; pass a tensor of the result's shape (or call wave for a one-element result)");
    return _waveTape(x, seed);
  }

  /**
   * Records {@code Curves.wave(Tensor x)} on the tape and runs the backward pass; a null {@code seed} means the gradient of a
   * one-element result.
   */
  private static WaveGradient _waveTape(Tensor x, Tensor seed) {
    // Record even inside the caller's noGrad(); closing the scope restores the caller's mode
    try (GradScope _recording = Autograd.enableGrad()) {
      // Leaf copies (sharing storage): the caller's tensors get no grad() and no new graph
      Tensor _x = x.detach().requiresGrad(true);
      // Curves.java:28-30
      Tensor _value = Curves.wave(_x);
      if (seed == null) {
        if (_value.numel() != 1) {
          throw new IllegalArgumentException("Curves.wave returned a tensor of shape " + Arrays.toString(_value.shape())
              + ", not one element, so it has no gradient: call waveVjp with a seed of that shape");
        }
        seed = Tensor.onesLike(_value);
      }
      // Nothing recorded means the result does not depend on any wrt tensor
      List<Tensor> _grads = _value.requiresGrad()
          ? Autograd.grad(List.of(_value), List.of(_x), List.of(seed), GradOption.ALLOW_UNUSED)
          : Collections.nCopies(1, null);
      // An unused parameter gets zeros of its shape
      Tensor _d_x = _grads.get(0) != null ? _grads.get(0) : Tensor.zerosLike(x);
      return new WaveGradient(_value.detach(), _d_x);
    }
  }

  /**
   * Value and gradient of {@code Curves.tanh(Tensor x)}, recorded on the dynamic tape. The result must have one element;
   * otherwise call {@code tanhVjp} with a seed.
   */
  public static TanhGradient tanh(Tensor x) {
    return _tanhTape(x, null);
  }

  /**
   * Vector-Jacobian product of {@code Curves.tanh(Tensor x)}, recorded on the dynamic tape: the value, and {@code seed}
   * (the result's shape and dtype) times the derivative of the result with respect to each parameter.
   */
  public static TanhGradient tanhVjp(Tensor x, Tensor seed) {
    Objects.requireNonNull(seed, "tanhVjp: seed is null; pass a tensor of the result's shape (or call tanh for a one-element result)");
    return _tanhTape(x, seed);
  }

  /**
   * Records {@code Curves.tanh(Tensor x)} on the tape and runs the backward pass; a null {@code seed} means the gradient of a
   * one-element result.
   */
  private static TanhGradient _tanhTape(Tensor x, Tensor seed) {
    // Record even inside the caller's noGrad(); closing the scope restores the caller's mode
    try (GradScope _recording = Autograd.enableGrad()) {
      // Leaf copies (sharing storage): the caller's tensors get no grad() and no new graph
      Tensor _x = x.detach().requiresGrad(true);
      // Curves.java:34-36
      Tensor _value = Curves.tanh(_x);
      if (seed == null) {
        if (_value.numel() != 1) {
          throw new IllegalArgumentException("Curves.tanh returned a tensor of shape " + Arrays.toString(_value.shape())
              + ", not one element, so it has no gradient: call tanhVjp with a seed of that shape");
        }
        seed = Tensor.onesLike(_value);
      }
      // Nothing recorded means the result does not depend on any wrt tensor
      List<Tensor> _grads = _value.requiresGrad()
          ? Autograd.grad(List.of(_value), List.of(_x), List.of(seed), GradOption.ALLOW_UNUSED)
          : Collections.nCopies(1, null);
      // An unused parameter gets zeros of its shape
      Tensor _d_x = _grads.get(0) != null ? _grads.get(0) : Tensor.zerosLike(x);
      return new TanhGradient(_value.detach(), _d_x);
    }
  }

  /**
   * The value of {@code Curves.cubic(Tensor x)} and the adjoints of its parameters, from the dynamic tape.
   *
   * @param value the method's result (detached: it records nothing)
   * @param dX the adjoint of {@code x}, with its shape
   */
  public record CubicGradient(Tensor value, Tensor dX) {
  }

  /**
   * The value of {@code Curves.cosOfSquare(Tensor x)} and the adjoints of its parameters, from the dynamic tape.
   *
   * @param value the method's result (detached: it records nothing)
   * @param dX the adjoint of {@code x}, with its shape
   */
  public record CosOfSquareGradient(Tensor value, Tensor dX) {
  }

  /**
   * The value of {@code Curves.wave(Tensor x)} and the adjoints of its parameters, from the dynamic tape.
   *
   * @param value the method's result (detached: it records nothing)
   * @param dX the adjoint of {@code x}, with its shape
   */
  public record WaveGradient(Tensor value, Tensor dX) {
  }

  /**
   * The value of {@code Curves.tanh(Tensor x)} and the adjoints of its parameters, from the dynamic tape.
   *
   * @param value the method's result (detached: it records nothing)
   * @param dX the adjoint of {@code x}, with its shape
   */
  public record TanhGradient(Tensor value, Tensor dX) {
  }
}
