package dev.adjoint.sample.tensor;

import dev.adjoint.Tensor;
import dev.adjoint.rules.TensorRules;
import dev.adjoint.support.Reversals;
import dev.adjoint.support.TensorAdjoints;
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
   * Value and gradient of {@code Layer.energy(Tensor x)}.
   */
  public static EnergyGradient energy(Layer self, Tensor x) {
    return energyVjp(self, x, (Tensor) null);
  }

  /**
   * Vector-Jacobian product of {@code Layer.energy(Tensor x)}: the value, and {@code seed} times the derivative of the result with respect to each parameter.
   */
  public static EnergyGradient energyVjp(Layer self, Tensor x, Tensor seed) {
    return energyReverse(energyForward(self, x), seed);
  }

  /**
   * The forward sweep of {@code Layer.energy(Tensor x)}: its value, and what {@code energyReverse} needs to finish the gradient (a caller's generated adjoint runs the method once this way instead of twice).
   */
  public static EnergyForward energyForward(Layer self, Tensor x) {
    // Layer.java:22
    Tensor _p0 = x.matmul(self.weight);
    Tensor _p1 = _p0.tanh();
    Tensor _value = _p1.sum().mul(self.scale);
    return new EnergyForward(_value, new Reversals(), _value, self, x, _p1);
  }

  /**
   * The reverse sweep of {@code Layer.energy(Tensor x)} for the record {@code energyForward} returned: the same as {@code energyVjp} with the arguments given to {@code energyForward}.
   */
  public static EnergyGradient energyReverse(Object _forward, Tensor seed) {
    EnergyForward _fw = (EnergyForward) _forward;
    _fw._reversals().once("energyReverse", "energyForward", "energyVjp");
    Tensor _value = _fw._value();
    Layer self = _fw.self();
    Tensor x = _fw.x();
    Tensor _p1 = _fw._p1();
    seed = TensorAdjoints.seed(_value, seed, "Layer.energy", "energyVjp");
    // Layer.java:22
    Tensor _d_x = TensorAdjoints.sumToShapeOf(TensorRules.matmulLeft(x, self.weight, TensorRules.tanhFromResult(_p1, TensorRules.sum(_p1.shape(), TensorRules.mulScalar(self.scale, seed)), true)), x);
    return new EnergyGradient(_value, _d_x);
  }

  /**
   * The value of {@code Layer.energy(Tensor x)} and the adjoints of its parameters.
   *
   * @param value the method's result
   * @param dX the adjoint of {@code x}
   */
  public record EnergyGradient(Tensor value, Tensor dX) {
  }

  /**
   * What {@code energyForward} keeps of {@code Layer.energy(Tensor x)} for {@code energyReverse}: {@code value} is the method's result (a copy the caller may change).
   */
  public record EnergyForward(Tensor value, Reversals _reversals, Tensor _value, Layer self,
      Tensor x, Tensor _p1) {
  }
}
