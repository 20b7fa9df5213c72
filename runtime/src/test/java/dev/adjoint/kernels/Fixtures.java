package dev.adjoint.kernels;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;

/** Inputs, sizes and tolerant comparisons shared by the kernel tests. */
final class Fixtures {
  /** Written outside the run an operation may touch; must survive it. */
  static final float SENTINEL_F = 12345.5f;
  static final double SENTINEL_D = 12345.5;

  static final float[] SPECIAL_F = {
      Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f,
      1e30f, -1e30f, 1e-40f, -3f, 1f, 2f, -1f};
  static final double[] SPECIAL_D = {
      Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0,
      1e300, -1e300, 1e-310, -3.0, 1.0, 2.0, -1.0};

  private Fixtures() {}

  /** 0, 1, around one and four vectors of {@code lanes}, and large odd sizes. */
  static int[] sizes(int lanes) {
    return IntStream.of(0, 1, lanes - 1, lanes, lanes + 1, 2 * lanes + 3,
            4 * lanes - 1, 4 * lanes, 4 * lanes + 1, 1023, 10007)
        .filter(n -> n >= 0).distinct().toArray();
  }

  /** A value range where the function is defined and well-conditioned enough to compare. */
  static double[] domain(UnaryOp op) {
    return switch (op) {
      case LOG, SQRT -> new double[] {1e-3, 50};
      case TAN -> new double[] {-1.5, 1.5};
      case EXP, SIGMOID -> new double[] {-30, 30};
      default -> new double[] {-10, 10};
    };
  }

  /**
   * {@code size} uniform values in {@code [lo, hi)}, with special values (NaN, infinities, signed
   * zeros, huge and subnormal magnitudes) sprinkled every 37 elements when {@code specials}.
   */
  static float[] floats(Random r, int size, double lo, double hi, boolean specials) {
    float[] x = new float[size];
    for (int i = 0; i < size; i++) {
      x[i] = (float) (lo + (hi - lo) * r.nextDouble());
      if (specials && i % 37 == 5) {
        x[i] = SPECIAL_F[(i / 37) % SPECIAL_F.length];
      }
    }
    return x;
  }

  static double[] doubles(Random r, int size, double lo, double hi, boolean specials) {
    double[] x = new double[size];
    for (int i = 0; i < size; i++) {
      x[i] = lo + (hi - lo) * r.nextDouble();
      if (specials && i % 37 == 5) {
        x[i] = SPECIAL_D[(i / 37) % SPECIAL_D.length];
      }
    }
    return x;
  }

  static float[] sentinelF(int size) {
    float[] x = new float[size];
    Arrays.fill(x, SENTINEL_F);
    return x;
  }

  static double[] sentinelD(int size) {
    double[] x = new double[size];
    Arrays.fill(x, SENTINEL_D);
    return x;
  }

  /**
   * Element by element: NaN where expected is NaN, the same infinity, otherwise within {@code ulps}
   * units in the last place of the expected value (0 means identical, including the sign of zero)
   * plus {@code abs}, which covers results that fall into the subnormal range.
   */
  static void assertClose(String what, float[] want, float[] got, double ulps, double abs) {
    for (int i = 0; i < want.length; i++) {
      if (!close(want[i], got[i], ulps * Math.ulp(want[i]), abs)) {
        fail(what + ": element " + i + " is " + got[i] + ", expected " + want[i]
            + " (within " + ulps + " ulps + " + abs + ")");
      }
    }
  }

  static void assertClose(String what, double[] want, double[] got, double ulps, double abs) {
    for (int i = 0; i < want.length; i++) {
      if (!close(want[i], got[i], ulps * Math.ulp(want[i]), abs)) {
        fail(what + ": element " + i + " is " + got[i] + ", expected " + want[i]
            + " (within " + ulps + " ulps + " + abs + ")");
      }
    }
  }

  static boolean close(double want, double got, double relTol, double abs) {
    if (Double.isNaN(want) || Double.isNaN(got) || Double.isInfinite(want)
        || Double.isInfinite(got) || (relTol == 0 && abs == 0)) {
      return Double.compare(want, got) == 0;
    }
    return Math.abs(want - got) <= relTol + abs;
  }
}
