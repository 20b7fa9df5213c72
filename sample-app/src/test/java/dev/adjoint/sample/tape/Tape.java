package dev.adjoint.sample.tape;

import dev.adjoint.DType;
import dev.adjoint.Tensor;

/** Small helpers for writing twins in FLOAT64 without touching the global default dtype. */
final class Tape {
  private Tape() {}

  /** A constant FLOAT64 scalar (no gradient). */
  static Tensor c(double v) {
    return Tensor.scalar(v, DType.FLOAT64);
  }

  /** A constant FLOAT64 1-D tensor. */
  static Tensor vec(double... v) {
    return Tensor.of(DType.FLOAT64, v.clone(), v.length);
  }

  /** Element {@code i} of a 1-D tensor, as a 0-D tensor on the tape. */
  static Tensor at(Tensor t, int i) {
    return t.select(0, i);
  }

  /** Stacks 0-D tensors into a 1-D one (an array result). */
  static Tensor stack(Tensor... elems) {
    return Tensor.stack(0, elems);
  }
}
