package dev.adjoint.kernels;

import static dev.adjoint.kernels.Fixtures.assertClose;
import static dev.adjoint.kernels.Fixtures.doubles;
import static dev.adjoint.kernels.Fixtures.floats;
import static dev.adjoint.kernels.Fixtures.sentinelD;
import static dev.adjoint.kernels.Fixtures.sentinelF;
import static dev.adjoint.kernels.Fixtures.sizes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.EnumSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every elementwise SIMD kernel against the scalar oracle, at sizes around the lane count and large
 * odd sizes, with non-zero offsets, special values, and in place ({@code out == x}).
 *
 * <p>Tolerances: arithmetic, comparisons, max/min, sqrt, abs, sign and relu must be identical
 * (same IEEE operations). The transcendental lanes come from the JDK's vector math library: they
 * are allowed {@value #TRANSCENDENTAL_ULPS} ulps, and for float a subnormal-sized absolute slack
 * because the scalar float kernel rounds a double result that may be subnormal where the float lane
 * flushes to zero earlier (sigmoid of -30). {@code axpy} uses a fused multiply-add: one rounding
 * fewer than the scalar loop, so it may differ by the rounding of the product.
 */
class VectorKernelsElementwiseTest {
  static final double TRANSCENDENTAL_ULPS = 4;
  private static final Kernels SIMD = VectorKernels.INSTANCE;
  private static final Kernels REF = ScalarKernels.INSTANCE;
  private static final int FL = VectorKernels.floatLanes();
  private static final int DL = VectorKernels.doubleLanes();
  private static final int XO = 3;
  private static final int OO = 5;
  private static final int PAD = 4;

  private static final Set<UnaryOp> EXACT_UNARY = EnumSet.of(UnaryOp.NEG, UnaryOp.RELU,
      UnaryOp.SQRT, UnaryOp.ABS, UnaryOp.SQUARE, UnaryOp.RECIPROCAL, UnaryOp.SIGN);

  /**
   * Runs a kernel often enough that C2 compiles it: before that, the Vector API evaluates lanewise
   * operators lane by lane with {@link Math}, which would hide the vector math library's results.
   */
  private static void warmUp(Runnable kernel) {
    for (int i = 0; i < WARM_UP_CALLS; i++) {
      kernel.run();
    }
  }

  private static final int WARM_UP_CALLS = 3000;
  private static final int WARM_UP_SIZE = 512;

  private static double ulps(UnaryOp op) {
    return EXACT_UNARY.contains(op) ? 0 : TRANSCENDENTAL_ULPS;
  }

  private static double ulps(BinaryOp op) {
    return op == BinaryOp.POW ? TRANSCENDENTAL_ULPS : 0;
  }

  private static double absF(double ulps) {
    return ulps == 0 ? 0 : Float.MIN_NORMAL;
  }

  private static double absD(double ulps) {
    return ulps == 0 ? 0 : Double.MIN_NORMAL;
  }

  @ParameterizedTest
  @EnumSource(UnaryOp.class)
  void mapFloatMatchesScalar(UnaryOp op) {
    Random r = new Random(op.ordinal());
    double[] dom = Fixtures.domain(op);
    float[] w = floats(r, WARM_UP_SIZE, dom[0], dom[1], false);
    warmUp(() -> SIMD.map(op, w, 0, w.clone(), 0, WARM_UP_SIZE));
    for (int n : sizes(FL)) {
      float[] x = floats(r, XO + n + PAD, dom[0], dom[1], true);
      float[] want = sentinelF(OO + n + PAD);
      float[] got = sentinelF(OO + n + PAD);
      REF.map(op, x, XO, want, OO, n);
      SIMD.map(op, x, XO, got, OO, n);
      String what = op + " float n=" + n;
      assertClose(what, want, got, ulps(op), absF(ulps(op)));

      float[] inPlace = x.clone();
      SIMD.map(op, inPlace, XO, inPlace, XO, n);
      float[] wantInPlace = x.clone();
      System.arraycopy(want, OO, wantInPlace, XO, n);
      assertClose(what + " in place", wantInPlace, inPlace, ulps(op), absF(ulps(op)));
    }
  }

  @ParameterizedTest
  @EnumSource(UnaryOp.class)
  void mapDoubleMatchesScalar(UnaryOp op) {
    Random r = new Random(100 + op.ordinal());
    double[] dom = Fixtures.domain(op);
    double[] w = doubles(r, WARM_UP_SIZE, dom[0], dom[1], false);
    warmUp(() -> SIMD.map(op, w, 0, w.clone(), 0, WARM_UP_SIZE));
    for (int n : sizes(DL)) {
      double[] x = doubles(r, XO + n + PAD, dom[0], dom[1], true);
      double[] want = sentinelD(OO + n + PAD);
      double[] got = sentinelD(OO + n + PAD);
      REF.map(op, x, XO, want, OO, n);
      SIMD.map(op, x, XO, got, OO, n);
      String what = op + " double n=" + n;
      assertClose(what, want, got, ulps(op), absD(ulps(op)));

      double[] inPlace = x.clone();
      SIMD.map(op, inPlace, XO, inPlace, XO, n);
      double[] wantInPlace = x.clone();
      System.arraycopy(want, OO, wantInPlace, XO, n);
      assertClose(what + " in place", wantInPlace, inPlace, ulps(op), absD(ulps(op)));
    }
  }

  /** Operand ranges: pow needs a positive base for non-integer exponents; others mix signs. */
  private static double[] operandDomain(BinaryOp op, boolean left) {
    if (op == BinaryOp.POW) {
      return left ? new double[] {1e-3, 5} : new double[] {-4, 4};
    }
    return new double[] {-10, 10};
  }

  /** Makes some pairs equal so that EQ, GE and LE see both outcomes. */
  private static void equalSome(float[] a, int ao, float[] b, int bo, int n) {
    for (int i = 0; i < n; i += 7) {
      b[bo + i] = a[ao + i];
    }
  }

  private static void equalSome(double[] a, int ao, double[] b, int bo, int n) {
    for (int i = 0; i < n; i += 7) {
      b[bo + i] = a[ao + i];
    }
  }

  @ParameterizedTest
  @EnumSource(BinaryOp.class)
  void zipFloatMatchesScalar(BinaryOp op) {
    Random r = new Random(200 + op.ordinal());
    double[] da = operandDomain(op, true);
    double[] db = operandDomain(op, false);
    float[] wa = floats(r, WARM_UP_SIZE, da[0], da[1], false);
    float[] wb = floats(r, WARM_UP_SIZE, db[0], db[1], false);
    warmUp(() -> SIMD.zip(op, wa, 0, wb, 0, wa.clone(), 0, WARM_UP_SIZE));
    int bo = 1;
    for (int n : sizes(FL)) {
      float[] a = floats(r, XO + n + PAD, da[0], da[1], true);
      float[] b = floats(r, bo + n + PAD, db[0], db[1], n % 2 == 0);
      equalSome(a, XO, b, bo, n);
      float[] want = sentinelF(OO + n + PAD);
      float[] got = sentinelF(OO + n + PAD);
      REF.zip(op, a, XO, b, bo, want, OO, n);
      SIMD.zip(op, a, XO, b, bo, got, OO, n);
      String what = op + " float zip n=" + n;
      assertClose(what, want, got, ulps(op), absF(ulps(op)));

      float[] inPlace = a.clone();
      SIMD.zip(op, inPlace, XO, b, bo, inPlace, XO, n);
      float[] wantInPlace = a.clone();
      System.arraycopy(want, OO, wantInPlace, XO, n);
      assertClose(what + " in place", wantInPlace, inPlace, ulps(op), absF(ulps(op)));
    }
  }

  @ParameterizedTest
  @EnumSource(BinaryOp.class)
  void zipDoubleMatchesScalar(BinaryOp op) {
    Random r = new Random(300 + op.ordinal());
    double[] da = operandDomain(op, true);
    double[] db = operandDomain(op, false);
    double[] wa = doubles(r, WARM_UP_SIZE, da[0], da[1], false);
    double[] wb = doubles(r, WARM_UP_SIZE, db[0], db[1], false);
    warmUp(() -> SIMD.zip(op, wa, 0, wb, 0, wa.clone(), 0, WARM_UP_SIZE));
    int bo = 2;
    for (int n : sizes(DL)) {
      double[] a = doubles(r, XO + n + PAD, da[0], da[1], true);
      double[] b = doubles(r, bo + n + PAD, db[0], db[1], n % 2 == 0);
      equalSome(a, XO, b, bo, n);
      double[] want = sentinelD(OO + n + PAD);
      double[] got = sentinelD(OO + n + PAD);
      REF.zip(op, a, XO, b, bo, want, OO, n);
      SIMD.zip(op, a, XO, b, bo, got, OO, n);
      String what = op + " double zip n=" + n;
      assertClose(what, want, got, ulps(op), absD(ulps(op)));

      double[] inPlace = b.clone();
      SIMD.zip(op, a, XO, inPlace, bo, inPlace, bo, n);
      double[] wantInPlace = b.clone();
      System.arraycopy(want, OO, wantInPlace, bo, n);
      assertClose(what + " in place (out == b)", wantInPlace, inPlace, ulps(op), absD(ulps(op)));
    }
  }

  private static final double[] SCALARS = {
      2.5, -0.0, 3, -1, 0.5, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};

  @ParameterizedTest
  @EnumSource(BinaryOp.class)
  void zipScalarFloatMatchesScalar(BinaryOp op) {
    Random r = new Random(400 + op.ordinal());
    double[] da = operandDomain(op, true);
    float[] w = floats(r, WARM_UP_SIZE, da[0], da[1], false);
    warmUp(() -> SIMD.zipScalar(op, w, 0, 1.5f, w.clone(), 0, WARM_UP_SIZE));
    for (double s : SCALARS) {
      for (int n : sizes(FL)) {
        float[] a = floats(r, XO + n + PAD, da[0], da[1], true);
        float[] want = sentinelF(OO + n + PAD);
        float[] got = sentinelF(OO + n + PAD);
        REF.zipScalar(op, a, XO, (float) s, want, OO, n);
        SIMD.zipScalar(op, a, XO, (float) s, got, OO, n);
        String what = op + " float zipScalar s=" + s + " n=" + n;
        assertClose(what, want, got, ulps(op), absF(ulps(op)));

        float[] inPlace = a.clone();
        SIMD.zipScalar(op, inPlace, XO, (float) s, inPlace, XO, n);
        float[] wantInPlace = a.clone();
        System.arraycopy(want, OO, wantInPlace, XO, n);
        assertClose(what + " in place", wantInPlace, inPlace, ulps(op), absF(ulps(op)));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(BinaryOp.class)
  void zipScalarDoubleMatchesScalar(BinaryOp op) {
    Random r = new Random(500 + op.ordinal());
    double[] da = operandDomain(op, true);
    double[] w = doubles(r, WARM_UP_SIZE, da[0], da[1], false);
    warmUp(() -> SIMD.zipScalar(op, w, 0, 1.5, w.clone(), 0, WARM_UP_SIZE));
    for (double s : SCALARS) {
      for (int n : sizes(DL)) {
        double[] a = doubles(r, XO + n + PAD, da[0], da[1], true);
        double[] want = sentinelD(OO + n + PAD);
        double[] got = sentinelD(OO + n + PAD);
        REF.zipScalar(op, a, XO, s, want, OO, n);
        SIMD.zipScalar(op, a, XO, s, got, OO, n);
        String what = op + " double zipScalar s=" + s + " n=" + n;
        assertClose(what, want, got, ulps(op), absD(ulps(op)));

        double[] inPlace = a.clone();
        SIMD.zipScalar(op, inPlace, XO, s, inPlace, XO, n);
        double[] wantInPlace = a.clone();
        System.arraycopy(want, OO, wantInPlace, XO, n);
        assertClose(what + " in place", wantInPlace, inPlace, ulps(op), absD(ulps(op)));
      }
    }
  }

  /**
   * axpy: the fused multiply-add rounds once where the scalar loop rounds the product and then the
   * sum, so the two may differ by half an ulp of the product plus one ulp of the result.
   */
  @Test
  void axpyMatchesScalarUpToProductRounding() {
    Random r = new Random(600);
    for (float alpha : new float[] {0.75f, -2.5f, 0f}) {
      for (int n : sizes(FL)) {
        float[] x = floats(r, XO + n + PAD, -10, 10, false);
        float[] want = floats(r, OO + n + PAD, -10, 10, false);
        float[] got = want.clone();
        REF.axpy(alpha, x, XO, want, OO, n);
        SIMD.axpy(alpha, x, XO, got, OO, n);
        for (int i = 0; i < want.length; i++) {
          int xi = i - OO + XO;
          double product = i >= OO && i < OO + n ? Math.abs(alpha * x[xi]) : 0;
          double tol = Math.ulp((float) product) + Math.ulp(want[i]);
          if (!Fixtures.close(want[i], got[i], 0, tol)) {
            fail("axpy float alpha=" + alpha + " n=" + n
                + " element " + i + ": " + got[i] + " vs " + want[i]);
          }
        }
      }
    }
    for (double alpha : new double[] {0.75, -2.5}) {
      for (int n : sizes(DL)) {
        double[] x = doubles(r, XO + n + PAD, -10, 10, false);
        double[] want = doubles(r, OO + n + PAD, -10, 10, false);
        double[] got = want.clone();
        REF.axpy(alpha, x, XO, want, OO, n);
        SIMD.axpy(alpha, x, XO, got, OO, n);
        for (int i = 0; i < want.length; i++) {
          int xi = i - OO + XO;
          double product = i >= OO && i < OO + n ? Math.abs(alpha * x[xi]) : 0;
          double tol = Math.ulp(product) + Math.ulp(want[i]);
          if (!Fixtures.close(want[i], got[i], 0, tol)) {
            fail("axpy double alpha=" + alpha + " n=" + n
                + " element " + i + ": " + got[i] + " vs " + want[i]);
          }
        }
      }
    }
  }

  /**
   * axpyPair: each of its two runs as axpy's (the same fused multiply-add), also where both targets are one array
   * at overlapping offsets, so the lanes of the second run read what the first stored.
   */
  @Test
  void axpyPairMatchesScalarUpToProductRounding() {
    Random r = new Random(601);
    for (int secondOffset : new int[] {-1, OO, OO + 1, OO - 2}) {
      for (int n : sizes(FL)) {
        float[] x = floats(r, XO + n + PAD, -10, 10, false);
        float[] x2 = floats(r, n + PAD, -10, 10, false);
        float[] want = floats(r, OO + n + PAD, -10, 10, false);
        float[] want2 = secondOffset < 0 ? floats(r, n + PAD, -10, 10, false) : want;
        int oo2 = Math.max(secondOffset, 0);
        float[] got = want.clone();
        float[] got2 = secondOffset < 0 ? want2.clone() : got;
        REF.axpyPair(-2.5f, x, XO, want, OO, x2, 0, want2, oo2, n);
        SIMD.axpyPair(-2.5f, x, XO, got, OO, x2, 0, got2, oo2, n);
        for (int i = 0; i < want.length; i++) {
          // at most two products land on one element: each may round once less on the vector path
          double tol = 4 * Math.ulp(50f) + Math.ulp(want[i]);
          assertTrue(Fixtures.close(want[i], got[i], 0, tol),
              "axpyPair float n=" + n + " second offset " + secondOffset + " element " + i + ": " + got[i] + " vs "
                  + want[i]);
        }
        for (int i = 0; i < want2.length; i++) {
          double tol = 4 * Math.ulp(50f) + Math.ulp(want2[i]);
          assertTrue(Fixtures.close(want2[i], got2[i], 0, tol),
              "axpyPair float second n=" + n + " element " + i + ": " + got2[i] + " vs " + want2[i]);
        }
      }
      for (int n : sizes(DL)) {
        double[] x = doubles(r, XO + n + PAD, -10, 10, false);
        double[] x2 = doubles(r, n + PAD, -10, 10, false);
        double[] want = doubles(r, OO + n + PAD, -10, 10, false);
        double[] want2 = secondOffset < 0 ? doubles(r, n + PAD, -10, 10, false) : want;
        int oo2 = Math.max(secondOffset, 0);
        double[] got = want.clone();
        double[] got2 = secondOffset < 0 ? want2.clone() : got;
        REF.axpyPair(0.75, x, XO, want, OO, x2, 0, want2, oo2, n);
        SIMD.axpyPair(0.75, x, XO, got, OO, x2, 0, got2, oo2, n);
        for (int i = 0; i < want.length; i++) {
          double tol = 4 * Math.ulp(50.0) + Math.ulp(want[i]);
          assertTrue(Fixtures.close(want[i], got[i], 0, tol),
              "axpyPair double n=" + n + " second offset " + secondOffset + " element " + i + ": " + got[i]
                  + " vs " + want[i]);
        }
        for (int i = 0; i < want2.length; i++) {
          double tol = 4 * Math.ulp(50.0) + Math.ulp(want2[i]);
          assertTrue(Fixtures.close(want2[i], got2[i], 0, tol),
              "axpyPair double second n=" + n + " element " + i + ": " + got2[i] + " vs " + want2[i]);
        }
      }
    }
  }

  /** addWidened: each float widened to double and added, so SIMD and scalar agree exactly, specials included. */
  @Test
  void addWidenedMatchesScalarExactly() {
    Random r = new Random(601);
    for (int n : sizes(FL)) {
      float[] x = floats(r, XO + n + PAD, -1e6, 1e6, true);
      warmUp(() -> SIMD.addWidened(x, 0, new double[WARM_UP_SIZE], 0, Math.min(n, WARM_UP_SIZE)));
      double[] want = doubles(r, OO + n + PAD, -10, 10, false);
      double[] got = want.clone();
      REF.addWidened(x, XO, want, OO, n);
      SIMD.addWidened(x, XO, got, OO, n);
      assertArrayEquals(want, got, "addWidened n=" + n);
    }
  }

  /** addColumnSums: eight rows at most in float, in row order, then double; SIMD and scalar agree exactly. */
  @Test
  void addColumnSumsMatchesScalarExactly() {
    Random r = new Random(602);
    for (int cols : new int[] {1, 2, FL - 1, FL, FL + 1, 2 * FL + 3, 257}) {
      for (int rows : new int[] {1, 7, 8, 9, 17, 100}) {
        float[] x = floats(r, XO + rows * cols + PAD, -1e3, 1e3, false);
        warmUp(() -> SIMD.addColumnSums(x, 0, 1, Math.min(cols, WARM_UP_SIZE), new double[cols]));
        double[] want = doubles(r, cols, -10, 10, false);
        double[] got = want.clone();
        REF.addColumnSums(x, XO, rows, cols, want);
        SIMD.addColumnSums(x, XO, rows, cols, got);
        assertArrayEquals(want, got, "addColumnSums rows=" + rows + " cols=" + cols);
      }
    }
  }
}
