package dev.adjoint.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Both gemm kernels against a double-precision triple loop written here, on odd shapes, every
 * stride layout of A and B (row-major, transposed, general), offsets, padded rows of C that must
 * stay untouched, {@code accumulate}, and sizes that take the blocked and multithreaded paths.
 *
 * <p>Tolerance: each element is a sum of k products; any evaluation order is within
 * {@code k·u·sum_p |a_ip·b_pj|} of the exact value, where u is the unit roundoff of the type
 * (2^-24 float, 2^-53 double). The reference is computed in double (extended by a factor 2 for
 * the float result's own rounding).
 */
class GemmTest {
  private static final Kernels SIMD = VectorKernels.INSTANCE;
  private static final Kernels REF = ScalarKernels.INSTANCE;

  /** How A or B is laid out in its array. */
  enum Layout {
    ROW_MAJOR, TRANSPOSED, STRIDED,
    /** Every row the same (row stride 0), as an expanded row vector. */
    SAME_ROWS,
    /** Every column the same (column stride 0), as an expanded column vector. */
    SAME_COLUMNS,
    /** One value everywhere (both strides 0), as the expanded gradient of a sum. */
    ONE_VALUE
  }

  /** The layouts of matrices with their own storage. */
  private static final Layout[] DENSE = {Layout.ROW_MAJOR, Layout.TRANSPOSED, Layout.STRIDED};
  /** The layouts of expanded (broadcast) operands. */
  private static final Layout[] BROADCAST = {Layout.SAME_ROWS, Layout.SAME_COLUMNS, Layout.ONE_VALUE};

  /** A {@code rows × cols} matrix in {@code data} with element (i, j) at {@code off + i*rs + j*cs}. */
  record Matrix(double[] data, int off, int rs, int cs, int rows, int cols) {
    double at(int i, int j) {
      return data[off + i * rs + j * cs];
    }

    float[] asFloats() {
      float[] f = new float[data.length];
      for (int i = 0; i < f.length; i++) {
        f[i] = (float) data[i];
      }
      return f;
    }

    static Matrix random(Random r, int rows, int cols, Layout layout, boolean floatValues) {
      int off = 7;
      int rs;
      int cs;
      int size;
      switch (layout) {
        case ROW_MAJOR -> {
          rs = cols;
          cs = 1;
          size = rows * cols;
        }
        case TRANSPOSED -> {
          rs = 1;
          cs = rows;
          size = rows * cols;
        }
        case SAME_ROWS -> {
          rs = 0;
          cs = 1;
          size = cols;
        }
        case SAME_COLUMNS -> {
          rs = 1;
          cs = 0;
          size = rows;
        }
        case ONE_VALUE -> {
          rs = 0;
          cs = 0;
          size = 1;
        }
        default -> {
          // every other column of a wider row-major array, rows padded further
          rs = 2 * cols + 3;
          cs = 2;
          size = rows * rs;
        }
      }
      double[] data = new double[off + size + 5];
      for (int i = 0; i < data.length; i++) {
        double v = r.nextDouble() * 2 - 1;
        data[i] = floatValues ? (float) v : v;
      }
      return new Matrix(data, off, rs, cs, rows, cols);
    }
  }

  private static void checkFloat(int m, int k, int n, Layout la, Layout lb, boolean accumulate,
      Kernels kernels) {
    Random r = new Random(m * 31L + k * 17L + n);
    Matrix a = Matrix.random(r, m, k, la, true);
    Matrix b = Matrix.random(r, k, n, lb, true);
    int ldc = n + 3;
    int co = 5;
    float[] c = new float[co + m * ldc + 2];
    for (int i = 0; i < c.length; i++) {
      c[i] = accumulate ? (float) r.nextDouble() : Float.NaN; // NaN must be overwritten
    }
    float[] c0 = c.clone();
    kernels.gemm(m, n, k, a.asFloats(), a.off(), a.rs(), a.cs(), b.asFloats(), b.off(), b.rs(),
        b.cs(), c, co, ldc, accumulate);
    String what = kernels.name() + " float " + m + "x" + k + "·" + k + "x" + n + " A " + la
        + " B " + lb + (accumulate ? " accumulate" : "");
    for (int idx = 0; idx < c.length; idx++) {
      int rel = idx - co;
      int i = Math.floorDiv(rel, ldc);
      int j = Math.floorMod(rel, ldc);
      if (rel < 0 || i >= m || j >= n) {
        assertEquals(Float.floatToIntBits(c0[idx]), Float.floatToIntBits(c[idx]),
            what + ": element " + idx + " outside C was written");
        continue;
      }
      double want = accumulate ? c0[idx] : 0;
      double mag = Math.abs(want);
      for (int p = 0; p < k; p++) {
        want += a.at(i, p) * b.at(p, j);
        mag += Math.abs(a.at(i, p) * b.at(p, j));
      }
      double tol = 2 * (k + 2) * 0x1p-24 * mag + Float.MIN_NORMAL;
      if (!(Math.abs(c[idx] - want) <= tol)) {
        fail(what + ": C(" + i + "," + j + ") = " + c[idx] + ", expected " + want + " ± " + tol);
      }
    }
  }

  private static void checkDouble(int m, int k, int n, Layout la, Layout lb, boolean accumulate,
      Kernels kernels) {
    Random r = new Random(m * 37L + k * 19L + n);
    Matrix a = Matrix.random(r, m, k, la, false);
    Matrix b = Matrix.random(r, k, n, lb, false);
    int ldc = n + 2;
    int co = 3;
    double[] c = new double[co + m * ldc + 2];
    for (int i = 0; i < c.length; i++) {
      c[i] = accumulate ? r.nextDouble() : Double.NaN;
    }
    double[] c0 = c.clone();
    kernels.gemm(m, n, k, a.data(), a.off(), a.rs(), a.cs(), b.data(), b.off(), b.rs(), b.cs(),
        c, co, ldc, accumulate);
    String what = kernels.name() + " double " + m + "x" + k + "·" + k + "x" + n + " A " + la
        + " B " + lb + (accumulate ? " accumulate" : "");
    for (int idx = 0; idx < c.length; idx++) {
      int rel = idx - co;
      int i = Math.floorDiv(rel, ldc);
      int j = Math.floorMod(rel, ldc);
      if (rel < 0 || i >= m || j >= n) {
        assertEquals(Double.doubleToLongBits(c0[idx]), Double.doubleToLongBits(c[idx]),
            what + ": element " + idx + " outside C was written");
        continue;
      }
      double want = accumulate ? c0[idx] : 0;
      double mag = Math.abs(want);
      for (int p = 0; p < k; p++) {
        want += a.at(i, p) * b.at(p, j);
        mag += Math.abs(a.at(i, p) * b.at(p, j));
      }
      double tol = 2 * (k + 2) * 0x1p-53 * mag;
      if (!(Math.abs(c[idx] - want) <= tol)) {
        fail(what + ": C(" + i + "," + j + ") = " + c[idx] + ", expected " + want + " ± " + tol);
      }
    }
  }

  private static final int[][] SHAPES = {
      // m, k, n
      {1, 1, 1}, {3, 5, 7}, {129, 65, 257}, {2, 300, 70}, {20, 30, 40}, {13, 17, 100},
      {64, 64, 64}, {7, 1100, 33}, {130, 70, 1030}, {6, 1, 32}, {250, 9, 5},
      // depths split into equal slices (513 = 3 × 171), an MLP layer with a 2-row bottom edge
      {19, 513, 65}, {128, 784, 10}};

  @Test
  void floatMatchesReferenceOnOddShapesAndLayouts() {
    for (int[] s : SHAPES) {
      for (Layout la : DENSE) {
        for (Layout lb : DENSE) {
          checkFloat(s[0], s[1], s[2], la, lb, false, SIMD);
        }
      }
      checkFloat(s[0], s[1], s[2], Layout.ROW_MAJOR, Layout.ROW_MAJOR, true, SIMD);
      checkFloat(s[0], s[1], s[2], Layout.TRANSPOSED, Layout.STRIDED, true, SIMD);
    }
  }

  @Test
  void doubleMatchesReferenceOnOddShapesAndLayouts() {
    int[][] shapes = Arrays.copyOf(SHAPES, SHAPES.length + 1);
    shapes[SHAPES.length] = new int[] {9, 600, 21}; // deeper than the double slice (KC = 512)
    for (int[] s : shapes) {
      for (Layout la : DENSE) {
        for (Layout lb : DENSE) {
          checkDouble(s[0], s[1], s[2], la, lb, false, SIMD);
        }
      }
      checkDouble(s[0], s[1], s[2], Layout.ROW_MAJOR, Layout.ROW_MAJOR, true, SIMD);
      checkDouble(s[0], s[1], s[2], Layout.STRIDED, Layout.TRANSPOSED, true, SIMD);
    }
  }

  /**
   * Products with an expanded operand (stride 0, as the gradient of a sum) take matrix-vector
   * paths: every broadcast layout on either side, against every layout on the other, both types,
   * overwriting and accumulating.
   */
  @Test
  void broadcastOperandsMatchReference() {
    for (int[] s : new int[][] {{3, 5, 7}, {129, 65, 257}, {2, 300, 70}, {40, 1, 33}, {1, 20, 9},
        {17, 9, 1}}) {
      for (Layout broadcast : BROADCAST) {
        for (Layout other : Layout.values()) {
          for (boolean accumulate : new boolean[] {false, true}) {
            checkFloat(s[0], s[1], s[2], broadcast, other, accumulate, SIMD);
            checkFloat(s[0], s[1], s[2], other, broadcast, accumulate, SIMD);
            checkDouble(s[0], s[1], s[2], broadcast, other, accumulate, SIMD);
            checkDouble(s[0], s[1], s[2], other, broadcast, accumulate, SIMD);
          }
        }
      }
    }
  }

  /**
   * Products with few columns run as their transpose (a classifier's 10 outputs fill 10 of 12 tile rows
   * instead of 10 of 32 float lanes): every layout, overwriting and accumulating, both types, one thread and
   * three; and the choice itself, which must keep square and wide products on the straight path.
   */
  @Test
  void narrowProductsRunTransposedAndMatchReference() {
    assertTrue(FloatGemm.runsTransposed(128, 10));
    assertTrue(FloatGemm.runsTransposed(256, 1));
    assertTrue(DoubleGemm.runsTransposed(300, 3));
    assertFalse(FloatGemm.runsTransposed(1000, 1000));
    assertFalse(FloatGemm.runsTransposed(10, 128));
    assertFalse(FloatGemm.runsTransposed(128, 2 * FloatGemm.NR));
    // the last two take several blocks of FloatGemm.TURNED_ROWS rows, the last of them partial
    int[][] shapes = {{128, 256, 10}, {256, 128, 10}, {97, 33, 3}, {40, 7, 1}, {300, 70, 5},
        {FloatGemm.TURNED_ROWS, 20, 7}, {2 * FloatGemm.TURNED_ROWS + 77, 9, 2}};
    for (int[] s : shapes) {
      for (Layout la : DENSE) {
        for (Layout lb : DENSE) {
          for (boolean accumulate : new boolean[] {false, true}) {
            checkFloat(s[0], s[1], s[2], la, lb, accumulate, SIMD);
            checkDouble(s[0], s[1], s[2], la, lb, accumulate, SIMD);
          }
        }
      }
    }
    onThreeThreads(() -> {
      assertTrue(2L * 4000 * 300 * 3 >= GemmThreads.PARALLEL_FLOPS);
      assertTrue(FloatGemm.runsTransposed(4000, 3) && DoubleGemm.runsTransposed(4000, 3));
      checkFloat(4000, 300, 3, Layout.ROW_MAJOR, Layout.ROW_MAJOR, false, SIMD);
      checkFloat(4000, 300, 3, Layout.TRANSPOSED, Layout.STRIDED, true, SIMD);
      checkDouble(4000, 300, 3, Layout.STRIDED, Layout.TRANSPOSED, true, SIMD);
    });
  }

  /** However many rows a transposed product has, the scratch it keeps is for {@code TURNED_ROWS} of them. */
  @Test
  void aTallNarrowProductKeepsASmallScratch() {
    int m = 10 * FloatGemm.TURNED_ROWS + 3;
    float[] a = new float[m * 4];
    float[] b = new float[4 * 5];
    Arrays.fill(a, 1);
    Arrays.fill(b, 2);
    float[] c = new float[m * 5];
    SIMD.gemm(m, 5, 4, a, 0, 4, 1, b, 0, 5, 1, c, 0, 5, false);
    assertTrue(FloatGemm.runsTransposed(m, 5));
    assertEquals(8f, c[0]);
    assertEquals(8f, c[c.length - 1]);
    // a scratch for all of C would be 5m, over 50 TURNED_ROWS; the other products of this class leave at most
    // 7 TURNED_ROWS on the thread, whichever ran before
    assertTrue(FloatGemm.turnedScratchLength() <= 10 * FloatGemm.TURNED_ROWS,
        "scratch of " + FloatGemm.turnedScratchLength() + " floats for a " + m + " × 5 product");
  }

  /** Runs {@code body} with {@code -Dadjoint.threads=3}, then puts the property back as it was. */
  private static void onThreeThreads(Runnable body) {
    String old = System.getProperty("adjoint.threads");
    System.setProperty("adjoint.threads", "3");
    try {
      body.run();
    } finally {
      if (old == null) {
        System.clearProperty("adjoint.threads");
      } else {
        System.setProperty("adjoint.threads", old);
      }
    }
  }

  /** The oracle itself, on a few shapes, against the same independent reference. */
  @Test
  void scalarOracleMatchesReference() {
    for (int[] s : new int[][] {{1, 1, 1}, {3, 5, 7}, {29, 13, 31}}) {
      for (Layout l : DENSE) {
        checkFloat(s[0], s[1], s[2], l, l, false, REF);
        checkFloat(s[0], s[1], s[2], l, Layout.ROW_MAJOR, true, REF);
        checkDouble(s[0], s[1], s[2], l, l, false, REF);
        checkDouble(s[0], s[1], s[2], Layout.ROW_MAJOR, l, true, REF);
      }
    }
  }

  /**
   * Products above {@link GemmThreads#PARALLEL_FLOPS} split by rows, or by columns when C has few
   * rows; three threads make the parts uneven, and depths beyond KC take several shared B blocks.
   */
  @Test
  void multithreadedProductsMatchReference() {
    onThreeThreads(() -> {
      assertEquals(3, GemmThreads.cap());
      assertTrue(2L * 200 * 150 * 181 >= GemmThreads.PARALLEL_FLOPS);
      checkFloat(200, 150, 181, Layout.ROW_MAJOR, Layout.ROW_MAJOR, false, SIMD);
      checkFloat(100, 120, 301, Layout.TRANSPOSED, Layout.ROW_MAJOR, true, SIMD);
      checkDouble(200, 150, 181, Layout.ROW_MAJOR, Layout.TRANSPOSED, false, SIMD);
      checkDouble(100, 120, 301, Layout.ROW_MAJOR, Layout.ROW_MAJOR, true, SIMD);
      // too few rows for three bands: split by columns of the shared packed B instead
      assertTrue(2L * 20 * 300 * 400 >= GemmThreads.PARALLEL_FLOPS);
      checkFloat(20, 300, 400, Layout.ROW_MAJOR, Layout.TRANSPOSED, false, SIMD);
      checkDouble(20, 300, 400, Layout.STRIDED, Layout.ROW_MAJOR, true, SIMD);
    });
  }

  @Test
  void emptyDepthZeroesOrKeepsC() {
    float[] c = {9, 9, 9, 9, 9};
    SIMD.gemm(2, 2, 0, new float[0], 0, 0, 1, new float[0], 0, 2, 1, c, 0, 3, false);
    assertEquals("[0.0, 0.0, 9.0, 0.0, 0.0]", Arrays.toString(c));
    double[] d = {9, 9, 9, 9};
    SIMD.gemm(2, 2, 0, new double[0], 0, 0, 1, new double[0], 0, 2, 1, d, 0, 2, true);
    assertEquals("[9.0, 9.0, 9.0, 9.0]", Arrays.toString(d));
  }

  @Test
  void threadCapParsesTheProperty() {
    assertEquals(4, GemmThreads.parseCap(null, 4));
    assertEquals(1, GemmThreads.parseCap(" ", 0));
    assertEquals(2, GemmThreads.parseCap(" 2 ", 4));
    IllegalArgumentException zero =
        assertThrows(IllegalArgumentException.class, () -> GemmThreads.parseCap("0", 2));
    assertEquals("-Dadjoint.threads=0 is not a thread count: give a whole number of at least 1,"
        + " or leave it unset to use all 2 processors", zero.getMessage());
    IllegalArgumentException word =
        assertThrows(IllegalArgumentException.class, () -> GemmThreads.parseCap("many", 2));
    assertTrue(word.getMessage().startsWith("-Dadjoint.threads=many is not a thread count"));
  }
}
