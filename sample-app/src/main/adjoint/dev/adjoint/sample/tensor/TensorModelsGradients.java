package dev.adjoint.sample.tensor;

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
 * Gradients of the {@code @Differentiable} methods of {@code TensorModels}, written by Adjoint's annotation processor.
 *
 * <p>Do not edit: regenerated on every build.
 */
@Generated("dev.adjoint.processor.AdjointProcessor")
public final class TensorModelsGradients {
  private TensorModelsGradients() {
  }

  /**
   * Value and gradient of {@code TensorModels.mlpLoss(Tensor w1, Tensor b1, Tensor w2, Tensor x, Tensor y)}, recorded on the dynamic tape. The result must have one element;
   * otherwise call {@code mlpLossVjp} with a seed.
   */
  public static MlpLossGradient mlpLoss(Tensor w1, Tensor b1, Tensor w2, Tensor x, Tensor y) {
    return _mlpLossTape(w1, b1, w2, x, y, null);
  }

  /**
   * Vector-Jacobian product of {@code TensorModels.mlpLoss(Tensor w1, Tensor b1, Tensor w2, Tensor x, Tensor y)}, recorded on the dynamic tape: the value, and {@code seed}
   * (the result's shape and dtype) times the derivative of the result with respect to each parameter.
   */
  public static MlpLossGradient mlpLossVjp(Tensor w1, Tensor b1, Tensor w2, Tensor x, Tensor y,
      Tensor seed) {
    Objects.requireNonNull(seed, "mlpLossVjp: seed is null; pass a tensor of the result's shape (or call mlpLoss for a one-element result)");
    return _mlpLossTape(w1, b1, w2, x, y, seed);
  }

  /**
   * Records {@code TensorModels.mlpLoss(Tensor w1, Tensor b1, Tensor w2, Tensor x, Tensor y)} on the tape and runs the backward pass; a null {@code seed} means the gradient of a
   * one-element result.
   */
  private static MlpLossGradient _mlpLossTape(Tensor w1, Tensor b1, Tensor w2, Tensor x, Tensor y,
      Tensor seed) {
    // Record even inside the caller's noGrad(); closing the scope restores the caller's mode
    try (GradScope _recording = Autograd.enableGrad()) {
      // Leaf copies (sharing storage): the caller's tensors get no grad() and no new graph
      Tensor _w1 = w1.detach().requiresGrad(true);
      Tensor _b1 = b1.detach().requiresGrad(true);
      Tensor _w2 = w2.detach().requiresGrad(true);
      Tensor _x = x.detach().requiresGrad(true);
      Tensor _y = y.detach().requiresGrad(true);
      // TensorModels.java:19-24
      Tensor _value = TensorModels.mlpLoss(_w1, _b1, _w2, _x, _y);
      if (seed == null) {
        if (_value.numel() != 1) {
          throw new IllegalArgumentException("TensorModels.mlpLoss returned a tensor of shape " + Arrays.toString(_value.shape())
              + ", not one element, so it has no gradient: call mlpLossVjp with a seed of that shape");
        }
        seed = Tensor.onesLike(_value);
      }
      // Nothing recorded means the result does not depend on any wrt tensor
      List<Tensor> _grads = _value.requiresGrad()
          ? Autograd.grad(List.of(_value), List.of(_w1, _b1, _w2, _x, _y), List.of(seed), GradOption.ALLOW_UNUSED)
          : Collections.nCopies(5, null);
      // An unused parameter gets zeros of its shape
      Tensor _d_w1 = _grads.get(0) != null ? _grads.get(0) : Tensor.zerosLike(w1);
      Tensor _d_b1 = _grads.get(1) != null ? _grads.get(1) : Tensor.zerosLike(b1);
      Tensor _d_w2 = _grads.get(2) != null ? _grads.get(2) : Tensor.zerosLike(w2);
      Tensor _d_x = _grads.get(3) != null ? _grads.get(3) : Tensor.zerosLike(x);
      Tensor _d_y = _grads.get(4) != null ? _grads.get(4) : Tensor.zerosLike(y);
      return new MlpLossGradient(_value.detach(), _d_w1, _d_b1, _d_w2, _d_x, _d_y);
    }
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
   * Records {@code TensorModels.grow(Tensor a)} on the tape and runs the backward pass; a null {@code seed} means the gradient of a
   * one-element result.
   */
  private static GrowGradient _growTape(Tensor a, Tensor seed) {
    // Record even inside the caller's noGrad(); closing the scope restores the caller's mode
    try (GradScope _recording = Autograd.enableGrad()) {
      // Leaf copies (sharing storage): the caller's tensors get no grad() and no new graph
      Tensor _a = a.detach().requiresGrad(true);
      // TensorModels.java:31-37
      // The while condition at line 33, `b.norm().item() < 1000`, reads a tensor's value: the tape records the path this call takes
      Tensor _value = TensorModels.grow(_a);
      if (seed == null) {
        if (_value.numel() != 1) {
          throw new IllegalArgumentException("TensorModels.grow returned a tensor of shape " + Arrays.toString(_value.shape())
              + ", not one element, so it has no gradient: call growVjp with a seed of that shape");
        }
        seed = Tensor.onesLike(_value);
      }
      // Nothing recorded means the result does not depend on any wrt tensor
      List<Tensor> _grads = _value.requiresGrad()
          ? Autograd.grad(List.of(_value), List.of(_a), List.of(seed), GradOption.ALLOW_UNUSED)
          : Collections.nCopies(1, null);
      // An unused parameter gets zeros of its shape
      Tensor _d_a = _grads.get(0) != null ? _grads.get(0) : Tensor.zerosLike(a);
      return new GrowGradient(_value.detach(), _d_a);
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
   * Records {@code TensorModels.piecewise(Tensor x)} on the tape and runs the backward pass; a null {@code seed} means the gradient of a
   * one-element result.
   */
  private static PiecewiseGradient _piecewiseTape(Tensor x, Tensor seed) {
    // Record even inside the caller's noGrad(); closing the scope restores the caller's mode
    try (GradScope _recording = Autograd.enableGrad()) {
      // Leaf copies (sharing storage): the caller's tensors get no grad() and no new graph
      Tensor _x = x.detach().requiresGrad(true);
      // TensorModels.java:41-43
      // The ?: condition at line 42, `x.sum().item() > 0`, reads a tensor's value: the tape records the path this call takes
      Tensor _value = TensorModels.piecewise(_x);
      if (seed == null) {
        if (_value.numel() != 1) {
          throw new IllegalArgumentException("TensorModels.piecewise returned a tensor of shape " + Arrays.toString(_value.shape())
              + ", not one element, so it has no gradient: call piecewiseVjp with a seed of that shape");
        }
        seed = Tensor.onesLike(_value);
      }
      // Nothing recorded means the result does not depend on any wrt tensor
      List<Tensor> _grads = _value.requiresGrad()
          ? Autograd.grad(List.of(_value), List.of(_x), List.of(seed), GradOption.ALLOW_UNUSED)
          : Collections.nCopies(1, null);
      // An unused parameter gets zeros of its shape
      Tensor _d_x = _grads.get(0) != null ? _grads.get(0) : Tensor.zerosLike(x);
      return new PiecewiseGradient(_value.detach(), _d_x);
    }
  }

  /**
   * Value and gradient of {@code TensorModels.ridge(Tensor w, Tensor x, Tensor y, double lambda)}, recorded on the dynamic tape. The result must have one element;
   * otherwise call {@code ridgeVjp} with a seed.
   */
  public static RidgeGradient ridge(Tensor w, Tensor x, Tensor y, double lambda) {
    return _ridgeTape(w, x, y, lambda, null);
  }

  /**
   * Vector-Jacobian product of {@code TensorModels.ridge(Tensor w, Tensor x, Tensor y, double lambda)}, recorded on the dynamic tape: the value, and {@code seed}
   * (the result's shape and dtype) times the derivative of the result with respect to each parameter.
   */
  public static RidgeGradient ridgeVjp(Tensor w, Tensor x, Tensor y, double lambda, Tensor seed) {
    Objects.requireNonNull(seed, "ridgeVjp: seed is null; pass a tensor of the result's shape (or call ridge for a one-element result)");
    return _ridgeTape(w, x, y, lambda, seed);
  }

  /**
   * Records {@code TensorModels.ridge(Tensor w, Tensor x, Tensor y, double lambda)} on the tape and runs the backward pass; a null {@code seed} means the gradient of a
   * one-element result.
   */
  private static RidgeGradient _ridgeTape(Tensor w, Tensor x, Tensor y, double lambda,
      Tensor seed) {
    // Record even inside the caller's noGrad(); closing the scope restores the caller's mode
    try (GradScope _recording = Autograd.enableGrad()) {
      // Leaf copies (sharing storage): the caller's tensors get no grad() and no new graph
      Tensor _w = w.detach().requiresGrad(true);
      Tensor _x = x.detach();
      Tensor _y = y.detach();
      // TensorModels.java:50-53
      Tensor _value = TensorModels.ridge(_w, _x, _y, lambda);
      if (seed == null) {
        if (_value.numel() != 1) {
          throw new IllegalArgumentException("TensorModels.ridge returned a tensor of shape " + Arrays.toString(_value.shape())
              + ", not one element, so it has no gradient: call ridgeVjp with a seed of that shape");
        }
        seed = Tensor.onesLike(_value);
      }
      // Nothing recorded means the result does not depend on any wrt tensor
      List<Tensor> _grads = _value.requiresGrad()
          ? Autograd.grad(List.of(_value), List.of(_w), List.of(seed), GradOption.ALLOW_UNUSED)
          : Collections.nCopies(1, null);
      // An unused parameter gets zeros of its shape
      Tensor _d_w = _grads.get(0) != null ? _grads.get(0) : Tensor.zerosLike(w);
      return new RidgeGradient(_value.detach(), _d_w);
    }
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
   * Records {@code TensorModels.unused(Tensor x, Tensor ignored)} on the tape and runs the backward pass; a null {@code seed} means the gradient of a
   * one-element result.
   */
  private static UnusedGradient _unusedTape(Tensor x, Tensor ignored, Tensor seed) {
    // Record even inside the caller's noGrad(); closing the scope restores the caller's mode
    try (GradScope _recording = Autograd.enableGrad()) {
      // Leaf copies (sharing storage): the caller's tensors get no grad() and no new graph
      Tensor _x = x.detach().requiresGrad(true);
      Tensor _ignored = ignored.detach().requiresGrad(true);
      // TensorModels.java:57-59
      Tensor _value = TensorModels.unused(_x, _ignored);
      if (seed == null) {
        if (_value.numel() != 1) {
          throw new IllegalArgumentException("TensorModels.unused returned a tensor of shape " + Arrays.toString(_value.shape())
              + ", not one element, so it has no gradient: call unusedVjp with a seed of that shape");
        }
        seed = Tensor.onesLike(_value);
      }
      // Nothing recorded means the result does not depend on any wrt tensor
      List<Tensor> _grads = _value.requiresGrad()
          ? Autograd.grad(List.of(_value), List.of(_x, _ignored), List.of(seed), GradOption.ALLOW_UNUSED)
          : Collections.nCopies(2, null);
      // An unused parameter gets zeros of its shape
      Tensor _d_x = _grads.get(0) != null ? _grads.get(0) : Tensor.zerosLike(x);
      Tensor _d_ignored = _grads.get(1) != null ? _grads.get(1) : Tensor.zerosLike(ignored);
      return new UnusedGradient(_value.detach(), _d_x, _d_ignored);
    }
  }

  /**
   * Value and gradient of {@code TensorModels.scores(Tensor x, Tensor w)}, recorded on the dynamic tape. The result must have one element;
   * otherwise call {@code scoresVjp} with a seed.
   */
  public static ScoresGradient scores(Tensor x, Tensor w) {
    return _scoresTape(x, w, null);
  }

  /**
   * Vector-Jacobian product of {@code TensorModels.scores(Tensor x, Tensor w)}, recorded on the dynamic tape: the value, and {@code seed}
   * (the result's shape and dtype) times the derivative of the result with respect to each parameter.
   */
  public static ScoresGradient scoresVjp(Tensor x, Tensor w, Tensor seed) {
    Objects.requireNonNull(seed, "scoresVjp: seed is null; pass a tensor of the result's shape (or call scores for a one-element result)");
    return _scoresTape(x, w, seed);
  }

  /**
   * Records {@code TensorModels.scores(Tensor x, Tensor w)} on the tape and runs the backward pass; a null {@code seed} means the gradient of a
   * one-element result.
   */
  private static ScoresGradient _scoresTape(Tensor x, Tensor w, Tensor seed) {
    // Record even inside the caller's noGrad(); closing the scope restores the caller's mode
    try (GradScope _recording = Autograd.enableGrad()) {
      // Leaf copies (sharing storage): the caller's tensors get no grad() and no new graph
      Tensor _x = x.detach().requiresGrad(true);
      Tensor _w = w.detach().requiresGrad(true);
      // TensorModels.java:63-65
      Tensor _value = TensorModels.scores(_x, _w);
      if (seed == null) {
        if (_value.numel() != 1) {
          throw new IllegalArgumentException("TensorModels.scores returned a tensor of shape " + Arrays.toString(_value.shape())
              + ", not one element, so it has no gradient: call scoresVjp with a seed of that shape");
        }
        seed = Tensor.onesLike(_value);
      }
      // Nothing recorded means the result does not depend on any wrt tensor
      List<Tensor> _grads = _value.requiresGrad()
          ? Autograd.grad(List.of(_value), List.of(_x, _w), List.of(seed), GradOption.ALLOW_UNUSED)
          : Collections.nCopies(2, null);
      // An unused parameter gets zeros of its shape
      Tensor _d_x = _grads.get(0) != null ? _grads.get(0) : Tensor.zerosLike(x);
      Tensor _d_w = _grads.get(1) != null ? _grads.get(1) : Tensor.zerosLike(w);
      return new ScoresGradient(_value.detach(), _d_x, _d_w);
    }
  }

  /**
   * Value and gradient of {@code TensorModels.deepLoss(Tensor[] layers, Tensor x, Tensor y)}, recorded on the dynamic tape. The result must have one element;
   * otherwise call {@code deepLossVjp} with a seed.
   */
  public static DeepLossGradient deepLoss(Tensor[] layers, Tensor x, Tensor y) {
    return _deepLossTape(layers, x, y, null);
  }

  /**
   * Vector-Jacobian product of {@code TensorModels.deepLoss(Tensor[] layers, Tensor x, Tensor y)}, recorded on the dynamic tape: the value, and {@code seed}
   * (the result's shape and dtype) times the derivative of the result with respect to each parameter.
   */
  public static DeepLossGradient deepLossVjp(Tensor[] layers, Tensor x, Tensor y, Tensor seed) {
    Objects.requireNonNull(seed, "deepLossVjp: seed is null; pass a tensor of the result's shape (or call deepLoss for a one-element result)");
    return _deepLossTape(layers, x, y, seed);
  }

  /**
   * Records {@code TensorModels.deepLoss(Tensor[] layers, Tensor x, Tensor y)} on the tape and runs the backward pass; a null {@code seed} means the gradient of a
   * one-element result.
   */
  private static DeepLossGradient _deepLossTape(Tensor[] layers, Tensor x, Tensor y, Tensor seed) {
    // Record even inside the caller's noGrad(); closing the scope restores the caller's mode
    try (GradScope _recording = Autograd.enableGrad()) {
      // Leaf copies (sharing storage): the caller's tensors get no grad() and no new graph
      Tensor[] _layers = new Tensor[layers.length];
      for (int _i = 0; _i < layers.length; _i++) {
        Objects.requireNonNull(layers[_i], "layers[" + _i + "] is null");
        _layers[_i] = layers[_i].detach().requiresGrad(true);
      }
      Tensor _x = x.detach();
      Tensor _y = y.detach().requiresGrad(true);
      // TensorModels.java:72-82
      Tensor _value = TensorModels.deepLoss(_layers, _x, _y);
      if (seed == null) {
        if (_value.numel() != 1) {
          throw new IllegalArgumentException("TensorModels.deepLoss returned a tensor of shape " + Arrays.toString(_value.shape())
              + ", not one element, so it has no gradient: call deepLossVjp with a seed of that shape");
        }
        seed = Tensor.onesLike(_value);
      }
      List<Tensor> _inputs = new ArrayList<>();
      Collections.addAll(_inputs, _layers);
      _inputs.add(_y);
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
      Tensor _d_y = _grads.get(_at) != null ? _grads.get(_at) : Tensor.zerosLike(y);
      _at++;
      return new DeepLossGradient(_value.detach(), _d_layers, _d_y);
    }
  }

  /**
   * The value of {@code TensorModels.mlpLoss(Tensor w1, Tensor b1, Tensor w2, Tensor x, Tensor y)} and the adjoints of its parameters, from the dynamic tape.
   *
   * @param value the method's result (detached: it records nothing)
   * @param dW1 the adjoint of {@code w1}, with its shape
   * @param dB1 the adjoint of {@code b1}, with its shape
   * @param dW2 the adjoint of {@code w2}, with its shape
   * @param dX the adjoint of {@code x}, with its shape
   * @param dY the adjoint of {@code y}, with its shape
   */
  public record MlpLossGradient(Tensor value, Tensor dW1, Tensor dB1, Tensor dW2, Tensor dX,
      Tensor dY) {
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
   * The value of {@code TensorModels.piecewise(Tensor x)} and the adjoints of its parameters, from the dynamic tape.
   *
   * @param value the method's result (detached: it records nothing)
   * @param dX the adjoint of {@code x}, with its shape
   */
  public record PiecewiseGradient(Tensor value, Tensor dX) {
  }

  /**
   * The value of {@code TensorModels.ridge(Tensor w, Tensor x, Tensor y, double lambda)} and the adjoints of its parameters, from the dynamic tape.
   *
   * @param value the method's result (detached: it records nothing)
   * @param dW the adjoint of {@code w}, with its shape
   */
  public record RidgeGradient(Tensor value, Tensor dW) {
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
   * The value of {@code TensorModels.scores(Tensor x, Tensor w)} and the adjoints of its parameters, from the dynamic tape.
   *
   * @param value the method's result (detached: it records nothing)
   * @param dX the adjoint of {@code x}, with its shape
   * @param dW the adjoint of {@code w}, with its shape
   */
  public record ScoresGradient(Tensor value, Tensor dX, Tensor dW) {
  }

  /**
   * The value of {@code TensorModels.deepLoss(Tensor[] layers, Tensor x, Tensor y)} and the adjoints of its parameters, from the dynamic tape.
   *
   * @param value the method's result (detached: it records nothing)
   * @param dLayers the adjoint of {@code layers}, with its shape
   * @param dY the adjoint of {@code y}, with its shape
   */
  public record DeepLossGradient(Tensor value, Tensor[] dLayers, Tensor dY) {
  }
}
