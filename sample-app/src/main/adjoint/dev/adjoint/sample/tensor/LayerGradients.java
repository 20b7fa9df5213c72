package dev.adjoint.sample.tensor;

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
 * Gradients of the {@code @Differentiable} methods of {@code Layer}, written by Adjoint's annotation processor.
 *
 * <p>Do not edit: regenerated on every build.
 */
@Generated("dev.adjoint.processor.AdjointProcessor")
public final class LayerGradients {
  private LayerGradients() {
  }

  /**
   * Value and gradient of {@code Layer.energy(Tensor x)}, recorded on the dynamic tape. The result must have one element;
   * otherwise call {@code energyVjp} with a seed.
   */
  public static EnergyGradient energy(Layer self, Tensor x) {
    return _energyTape(self, x, null);
  }

  /**
   * Vector-Jacobian product of {@code Layer.energy(Tensor x)}, recorded on the dynamic tape: the value, and {@code seed}
   * (the result's shape and dtype) times the derivative of the result with respect to each parameter.
   */
  public static EnergyGradient energyVjp(Layer self, Tensor x, Tensor seed) {
    Objects.requireNonNull(seed, "energyVjp: seed is null; pass a tensor of the result's shape (or call energy for a one-element result)");
    return _energyTape(self, x, seed);
  }

  /**
   * Records {@code Layer.energy(Tensor x)} on the tape and runs the backward pass; a null {@code seed} means the gradient of a
   * one-element result.
   */
  private static EnergyGradient _energyTape(Layer self, Tensor x, Tensor seed) {
    // Record even inside the caller's noGrad(); closing the scope restores the caller's mode
    try (GradScope _recording = Autograd.enableGrad()) {
      // Leaf copies (sharing storage): the caller's tensors get no grad() and no new graph
      Tensor _x = x.detach().requiresGrad(true);
      // Layer.java:21-23
      Tensor _value = self.energy(_x);
      if (seed == null) {
        if (_value.numel() != 1) {
          throw new IllegalArgumentException("Layer.energy returned a tensor of shape " + Arrays.toString(_value.shape())
              + ", not one element, so it has no gradient: call energyVjp with a seed of that shape");
        }
        seed = Tensor.onesLike(_value);
      }
      // Nothing recorded means the result does not depend on any wrt tensor
      List<Tensor> _grads = _value.requiresGrad()
          ? Autograd.grad(List.of(_value), List.of(_x), List.of(seed), GradOption.ALLOW_UNUSED)
          : Collections.nCopies(1, null);
      // An unused parameter gets zeros of its shape
      Tensor _d_x = _grads.get(0) != null ? _grads.get(0) : Tensor.zerosLike(x);
      return new EnergyGradient(_value.detach(), _d_x);
    }
  }

  /**
   * The value of {@code Layer.energy(Tensor x)} and the adjoints of its parameters, from the dynamic tape.
   *
   * @param value the method's result (detached: it records nothing)
   * @param dX the adjoint of {@code x}, with its shape
   */
  public record EnergyGradient(Tensor value, Tensor dX) {
  }
}
