package dev.adjoint.seeds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import dev.adjoint.Tensor;
import java.util.Arrays;

/** Assertions on tensor values with a tolerance relative to the magnitude of the expected value. */
final class Approx {
  private Approx() {}

  /** Float32 results agree with PyTorch's to a few float ulps. */
  static final double F32 = 2e-6;

  static void assertValues(double[] expected, Tensor actual, double relTol) {
    assertNotNull(actual, "tensor is null");
    double[] got = actual.toDoubleArray();
    if (got.length != expected.length) {
      fail("expected " + expected.length + " values, got " + got.length + ": " + Arrays.toString(got));
    }
    for (int i = 0; i < got.length; i++) {
      double tol = relTol * Math.max(1.0, Math.abs(expected[i]));
      if (!(Math.abs(got[i] - expected[i]) <= tol)) {
        fail("element " + i + ": expected " + expected[i] + " but got " + got[i] + " (tolerance "
            + tol + ")\nexpected " + Arrays.toString(expected) + "\nactual   " + Arrays.toString(got));
      }
    }
  }

  static void assertScalar(double expected, Tensor actual, double relTol) {
    assertNotNull(actual, "tensor is null");
    assertEquals(1, actual.numel(), "expected a one-element tensor");
    assertValues(new double[] {expected}, actual, relTol);
  }
}
