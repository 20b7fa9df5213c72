package dev.adjoint.kernels;

import static dev.adjoint.kernels.Fixtures.doubles;
import static dev.adjoint.kernels.Fixtures.floats;
import static dev.adjoint.kernels.Fixtures.sizes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * sum, dot, max and min against the scalar oracle.
 *
 * <p>max and min must be identical (including the sign of zero and NaN). sum and dot add in another
 * order: any order of {@code n} additions in double is within {@code (n-1)·2^-53·sum(|terms|)} of the
 * exact sum, so two orders differ by at most twice that; float inputs and products are exact in
 * double, so the same bound holds for them.
 */
class VectorKernelsReductionTest {
  private static final Kernels SIMD = VectorKernels.INSTANCE;
  private static final Kernels REF = ScalarKernels.INSTANCE;
  private static final int FL = VectorKernels.floatLanes();
  private static final int DL = VectorKernels.doubleLanes();
  private static final int XO = 3;

  /** Compiles the reduction loops before comparing (see the elementwise test). */
  @BeforeAll
  static void warmUp() {
    float[] f = new float[512];
    double[] d = new double[512];
    double sink = 0;
    for (int i = 0; i < 3000; i++) {
      sink += SIMD.sum(f, 0, 512) + SIMD.dot(f, 0, f, 0, 512) + SIMD.max(f, 0, 512)
          + SIMD.min(f, 0, 512) + SIMD.sum(d, 0, 512) + SIMD.dot(d, 0, d, 0, 512)
          + SIMD.max(d, 0, 512) + SIMD.min(d, 0, 512);
    }
    assertEquals(0, sink);
  }

  private static void assertSumClose(String what, double want, double got, int n, double absSum) {
    if (Double.isNaN(want) || Double.isInfinite(want)) {
      assertEquals(want, got, what);
      return;
    }
    double bound = 2.0 * Math.max(n - 1, 0) * 0x1p-53 * absSum;
    assertTrue(Math.abs(want - got) <= bound,
        what + ": " + got + " vs " + want + ", allowed " + bound);
  }

  @Test
  void floatReductionsMatchScalar() {
    Random r = new Random(1);
    for (int n : sizes(FL)) {
      for (boolean specials : new boolean[] {false, true}) {
        float[] x = floats(r, XO + n + 2, -10, 10, specials);
        float[] y = floats(r, XO + n + 2, -10, 10, false);
        double absSum = 0;
        double absDot = 0;
        for (int i = 0; i < n; i++) {
          absSum += Math.abs(x[XO + i]);
          absDot += Math.abs((double) x[XO + i] * y[XO + i]);
        }
        String what = "float n=" + n + (specials ? " with specials" : "");
        assertSumClose("sum " + what, REF.sum(x, XO, n), SIMD.sum(x, XO, n), n, absSum);
        assertSumClose("dot " + what, REF.dot(x, XO, y, XO, n), SIMD.dot(x, XO, y, XO, n), n, absDot);
        assertEquals(REF.max(x, XO, n), SIMD.max(x, XO, n), "max " + what);
        assertEquals(REF.min(x, XO, n), SIMD.min(x, XO, n), "min " + what);
      }
    }
  }

  /**
   * Float sums and dots widen whole float vectors and read up to {@code 3·DL + FL} floats past the
   * start of a step: around that length, and with the run ending exactly at the end of the array,
   * they must read nothing outside the run and still add every element once.
   */
  @Test
  void floatSumAndDotAtTheWideningBoundaries() {
    Random r = new Random(3);
    int wide = 3 * DL + FL;
    int step = 4 * DL;
    for (int n : new int[] {wide - 1, wide, wide + 1, wide + step - 1, wide + step, wide + step + 1,
        wide + 5 * step + 3}) {
      float[] x = floats(r, XO + n, -10, 10, false);
      float[] y = floats(r, XO + n, -10, 10, false);
      double absSum = 0;
      double absDot = 0;
      for (int i = 0; i < n; i++) {
        absSum += Math.abs(x[XO + i]);
        absDot += Math.abs((double) x[XO + i] * y[XO + i]);
      }
      assertSumClose("sum n=" + n, REF.sum(x, XO, n), SIMD.sum(x, XO, n), n, absSum);
      assertSumClose("dot n=" + n, REF.dot(x, XO, y, XO, n), SIMD.dot(x, XO, y, XO, n), n, absDot);
      // Each element counted once: a sum of ones is exact in any order.
      float[] ones = new float[XO + n];
      java.util.Arrays.fill(ones, XO, XO + n, 1f);
      assertEquals(n, SIMD.sum(ones, XO, n), "sum of " + n + " ones");
      assertEquals(n, SIMD.dot(ones, XO, ones, XO, n), "dot of " + n + " ones");
    }
  }

  @Test
  void doubleReductionsMatchScalar() {
    Random r = new Random(2);
    for (int n : sizes(DL)) {
      for (boolean specials : new boolean[] {false, true}) {
        double[] x = doubles(r, XO + n + 2, -10, 10, specials);
        double[] y = doubles(r, XO + n + 2, -10, 10, false);
        double absSum = 0;
        double absDot = 0;
        for (int i = 0; i < n; i++) {
          absSum += Math.abs(x[XO + i]);
          absDot += Math.abs(x[XO + i] * y[XO + i]);
        }
        String what = "double n=" + n + (specials ? " with specials" : "");
        assertSumClose("sum " + what, REF.sum(x, XO, n), SIMD.sum(x, XO, n), n, absSum);
        assertSumClose("dot " + what, REF.dot(x, XO, y, XO, n), SIMD.dot(x, XO, y, XO, n), n, absDot);
        assertEquals(REF.max(x, XO, n), SIMD.max(x, XO, n), "max " + what);
        assertEquals(REF.min(x, XO, n), SIMD.min(x, XO, n), "min " + what);
      }
    }
  }

  @Test
  void emptyRunsGiveTheIdentities() {
    float[] f = {1, 2};
    double[] d = {1, 2};
    assertEquals(0.0, SIMD.sum(f, 1, 0));
    assertEquals(0.0, SIMD.dot(d, 1, d, 0, 0));
    assertEquals(Double.NEGATIVE_INFINITY, SIMD.max(f, 2, 0));
    assertEquals(Double.POSITIVE_INFINITY, SIMD.min(d, 2, 0));
  }

  /** A single NaN anywhere (vector body, between accumulators, tail) makes max, min and sum NaN. */
  @Test
  void oneNaNAnywherePropagates() {
    int n = 8 * FL + 5;
    for (int at = 0; at < n; at++) {
      float[] f = floats(new Random(at), n, -1, 1, false);
      f[at] = Float.NaN;
      assertTrue(Double.isNaN(SIMD.max(f, 0, n)), "float max, NaN at " + at);
      assertTrue(Double.isNaN(SIMD.min(f, 0, n)), "float min, NaN at " + at);
      assertTrue(Double.isNaN(SIMD.sum(f, 0, n)), "float sum, NaN at " + at);
      double[] d = doubles(new Random(at), n, -1, 1, false);
      d[at] = Double.NaN;
      assertTrue(Double.isNaN(SIMD.max(d, 0, n)), "double max, NaN at " + at);
      assertTrue(Double.isNaN(SIMD.min(d, 0, n)), "double min, NaN at " + at);
      assertTrue(Double.isNaN(SIMD.dot(d, 0, d, 0, n)), "double dot, NaN at " + at);
    }
  }

  /** max of zeros is +0 and min is -0, whichever lane holds which, as Math.max/min say. */
  @Test
  void signedZerosOrderLikeMath() {
    int n = 4 * FL + 4 * DL + 3;
    float[] f = new float[n];
    double[] d = new double[n];
    for (int i = 0; i < n; i += 2) {
      f[i] = -0f;
      d[i] = -0.0;
    }
    assertEquals(0.0, SIMD.max(f, 0, n));
    assertEquals(-0.0, SIMD.min(f, 1, n - 1));
    assertEquals(0.0, SIMD.max(d, 0, n));
    assertEquals(-0.0, SIMD.min(d, 1, n - 1));
  }

  /** Large floats whose float sum or product would overflow stay finite, as in the double loop. */
  @Test
  void floatSumAndDotDoNotOverflowInFloat() {
    int n = 16 * FL + 1;
    float[] big = new float[n];
    java.util.Arrays.fill(big, 3e38f);
    assertEquals((double) 3e38f * n, SIMD.sum(big, 0, n), 3e38 * n * 1e-12);
    float[] g = new float[n];
    java.util.Arrays.fill(g, 1e30f);
    assertEquals(REF.dot(g, 0, g, 0, n), SIMD.dot(g, 0, g, 0, n), 1e60 * n * 1e-12);
    assertTrue(Double.isFinite(SIMD.dot(g, 0, g, 0, n)));
  }
}
