package dev.adjoint;

/**
 * The element type of a {@link Tensor}.
 *
 * <pre>{@code
 * Tensor x = Tensor.of(1, 2, 3).to(DType.FLOAT64);
 * }</pre>
 */
public enum DType {
  /** 32-bit IEEE floats, stored in a {@code float[]}; the default. */
  FLOAT32("float32"),
  /** 64-bit IEEE doubles, stored in a {@code double[]}. */
  FLOAT64("float64");

  private final String shortName;

  DType(String shortName) {
    this.shortName = shortName;
  }

  /** The name PyTorch would print ({@code "float32"}, {@code "float64"}). */
  public String shortName() {
    return shortName;
  }
}
