package dev.adjoint.sample.tensor;

import dev.adjoint.Differentiable;
import dev.adjoint.Tensor;

/** Tensor operations whose operand is a field that code called in between replaces (a schedule's scale). */
public final class FieldOperands {
  static Tensor scale = Tensor.of(1.0, 1.0, 1.0);

  private FieldOperands() {}

  static void anneal() {
    scale = scale.mul(3.0);
  }

  /** {@code sum(x * scale) + sum(x * 3 scale)}: the helper replaces the field between the two products. */
  @Differentiable
  public static Tensor annealed(Tensor x) {
    Tensor y = x.mul(scale);
    anneal();
    return y.add(x.mul(scale).sin()).sum();
  }

  /** {@code sin(x * scale)}, for a caller that replaces the field between the split sweeps. */
  @Differentiable
  public static Tensor scaled(Tensor x) {
    return x.mul(scale).sin();
  }
}
