package dev.adjoint.support;

import dev.adjoint.kernels.Kernels;
import java.util.Objects;

/**
 * Array helpers for generated adjoints: zero adjoint arrays shaped like a primal array, and
 * accumulation of one adjoint array into another.
 *
 * <pre>{@code
 * double[][] dA = Adjoints.zerosLike(a);   // same (possibly ragged) shape, all zeros
 * Adjoints.addTo(dA[0], dRow);             // dA[0][i] += dRow[i]
 * }</pre>
 */
public final class Adjoints {
  /** Runs shorter than this are added by a plain loop here, which C2 inlines into the generated code. */
  private static final int SHORT_RUN = 8;

  private Adjoints() {}

  /**
   * The number of values a nest of counted loops saves, one per trip of its innermost loop: the product of the
   * loops' trip counts, a negative count (a loop that does not run) taken as zero. Generated adjoints size the
   * array that holds a loop nest's saved values with it, each trip's value at the index its counters give.
   *
   * <pre>{@code
   * double[] _t2 = new double[Adjoints.cells(k, d)];   // for (c < k) for (row < d) ... _t2[c * d + row] = qx;
   * }</pre>
   *
   * @param tripCounts each loop's number of trips, outermost first
   * @return their product, at least 0
   * @throws ArithmeticException if the product does not fit an {@code int} (no array could hold the values)
   */
  public static int cells(int... tripCounts) {
    int cells = 1;
    for (int trips : tripCounts) {
      cells = Math.multiplyExact(cells, Math.max(0, trips));
    }
    return cells;
  }

  /**
   * Returns a zero array of the same length, or null for null.
   *
   * @param a a primal array
   * @return zeros shaped like {@code a}
   */
  public static double[] zerosLike(double[] a) {
    return a == null ? null : new double[a.length];
  }

  /**
   * Returns a zero array of the same length, or null for null.
   *
   * @param a a primal array
   * @return zeros shaped like {@code a}
   */
  public static float[] zerosLike(float[] a) {
    return a == null ? null : new float[a.length];
  }

  /**
   * Returns zero arrays of the same (possibly ragged) shape, or null for null.
   *
   * @param a a primal array
   * @return zeros shaped like {@code a}
   */
  public static double[][] zerosLike(double[][] a) {
    if (a == null) {
      return null;
    }
    double[][] z = new double[a.length][];
    for (int i = 0; i < a.length; i++) {
      z[i] = zerosLike(a[i]);
    }
    return z;
  }

  /**
   * Returns zero arrays of the same (possibly ragged) shape, or null for null.
   *
   * @param a a primal array
   * @return zeros shaped like {@code a}
   */
  public static float[][] zerosLike(float[][] a) {
    if (a == null) {
      return null;
    }
    float[][] z = new float[a.length][];
    for (int i = 0; i < a.length; i++) {
      z[i] = zerosLike(a[i]);
    }
    return z;
  }

  /**
   * Returns zero arrays of the same (possibly ragged) shape, or null for null.
   *
   * @param a a primal array
   * @return zeros shaped like {@code a}
   */
  public static double[][][] zerosLike(double[][][] a) {
    if (a == null) {
      return null;
    }
    double[][][] z = new double[a.length][][];
    for (int i = 0; i < a.length; i++) {
      z[i] = zerosLike(a[i]);
    }
    return z;
  }

  /**
   * Returns zero arrays of the same (possibly ragged) shape, or null for null.
   *
   * @param a a primal array
   * @return zeros shaped like {@code a}
   */
  public static float[][][] zerosLike(float[][][] a) {
    if (a == null) {
      return null;
    }
    float[][][] z = new float[a.length][][];
    for (int i = 0; i < a.length; i++) {
      z[i] = zerosLike(a[i]);
    }
    return z;
  }

  /**
   * Adds {@code scale} times {@code source} into {@code target} ({@code target[i] += scale * source[i]}):
   * a callee's gradient, computed once with seed 1, scaled by the seed of the call.
   *
   * <pre>{@code
   * var c = FooGradients.dotVjp(a, b, 1.0);   // forward sweep
   * Adjoints.addScaledTo(_d_a, c.dA(), seed); // reverse sweep
   * }</pre>
   *
   * @param target the adjoint being accumulated
   * @param source the contribution for a seed of 1
   * @param scale the seed
   */
  public static void addScaledTo(double[] target, double[] source, double scale) {
    for (int i = 0; i < source.length; i++) {
      target[i] += scale * source[i];
    }
  }

  /**
   * Adds {@code scale} times a run of {@code source} into a run of {@code target}: {@code target[targetFrom + i]
   * += scale * source[sourceFrom + i]} for {@code i < length}, with vector instructions when the runtime has
   * them (a fused multiply-add per element there). Generated adjoints call it where the reverse sweep of a dot
   * product or a matrix-vector product would loop over one row; nothing happens when {@code length <= 0}.
   *
   * <pre>{@code
   * // for (int i = n - 1; i >= 0; i--) _d_w[o * n + i] += _d_s * x[i];
   * Adjoints.addScaledTo(_d_w, o * n, x, 0, n, _d_s);
   * }</pre>
   *
   * @param target the adjoint being accumulated
   * @param targetFrom the index of the run's first element in {@code target}
   * @param source the array read
   * @param sourceFrom the index of the run's first element in {@code source}
   * @param length how many elements
   * @param scale the factor
   * @throws IndexOutOfBoundsException if a run does not fit its array (then nothing was added)
   */
  public static void addScaledTo(double[] target, int targetFrom, double[] source, int sourceFrom, int length,
      double scale) {
    if (length <= 0) {
      return;
    }
    Objects.checkFromIndexSize(targetFrom, length, target.length);
    Objects.checkFromIndexSize(sourceFrom, length, source.length);
    if (length < SHORT_RUN) {
      for (int i = 0; i < length; i++) {
        target[targetFrom + i] += scale * source[sourceFrom + i];
      }
    } else {
      Kernels.get().axpy(scale, source, sourceFrom, target, targetFrom, length);
    }
  }

  /**
   * As {@link #addScaledTo(double[], int, double[], int, int, double)} for {@code float} arrays.
   *
   * @param target the adjoint being accumulated
   * @param targetFrom the index of the run's first element in {@code target}
   * @param source the array read
   * @param sourceFrom the index of the run's first element in {@code source}
   * @param length how many elements
   * @param scale the factor
   * @throws IndexOutOfBoundsException if a run does not fit its array (then nothing was added)
   */
  public static void addScaledTo(float[] target, int targetFrom, float[] source, int sourceFrom, int length,
      float scale) {
    if (length <= 0) {
      return;
    }
    Objects.checkFromIndexSize(targetFrom, length, target.length);
    Objects.checkFromIndexSize(sourceFrom, length, source.length);
    if (length < SHORT_RUN) {
      for (int i = 0; i < length; i++) {
        target[targetFrom + i] += scale * source[sourceFrom + i];
      }
    } else {
      Kernels.get().axpy(scale, source, sourceFrom, target, targetFrom, length);
    }
  }

  /**
   * Two {@link #addScaledTo(double[], int, double[], int, int, double) addScaledTo} calls with the same length
   * and scale, in one pass over the runs: {@code target[targetFrom + i] += scale * source[sourceFrom + i]} and
   * {@code target2[target2From + i] += scale * source2[source2From + i]} for {@code i < length}. Generated
   * adjoints call it for the reverse sweep of a dot product, which adds into both operands' adjoints; nothing
   * happens when {@code length <= 0}.
   *
   * <pre>{@code
   * // for (int i = n - 1; i >= 0; i--) { _d_w[o * n + i] += _d_s * x[i]; _d_x[i] += _d_s * w[o * n + i]; }
   * Adjoints.addScaledToBoth(_d_w, o * n, x, 0, _d_x, 0, w, o * n, n, _d_s);
   * }</pre>
   *
   * <p>The two targets may be one array, at any offsets: every element gets every addition meant for it. The
   * sources must not share storage with either target. The runs are not checked before the additions start: one
   * that does not fit its array throws where it leaves it, after the additions before that point (generated code
   * passes the runs its loops read).
   *
   * @param target the first adjoint being accumulated
   * @param targetFrom the index of its run's first element
   * @param source the array read for the first
   * @param sourceFrom the index of its run's first element
   * @param target2 the second adjoint being accumulated
   * @param target2From the index of its run's first element
   * @param source2 the array read for the second
   * @param source2From the index of its run's first element
   * @param length how many elements in each run
   * @param scale the factor of both
   * @throws IndexOutOfBoundsException if a run does not fit its array
   */
  public static void addScaledToBoth(double[] target, int targetFrom, double[] source, int sourceFrom,
      double[] target2, int target2From, double[] source2, int source2From, int length, double scale) {
    // nothing but the kernel (no loop for short runs, no range checks before it, as addScaledTo has): C2 inlines
    // a method compiled on its own into its caller only while its code is small, and the generated code calls
    // this once per row of a triangular product (gmm's rows of 1 to 10 elements at d = 10), where a call costs
    // more than the row; with the checks it stopped being inlined there
    Kernels.get().axpyPair(scale, source, sourceFrom, target, targetFrom, source2, source2From, target2,
        target2From, length);
  }

  /**
   * As {@link #addScaledToBoth(double[], int, double[], int, double[], int, double[], int, int, double)} for
   * {@code float} arrays.
   *
   * @param target the first adjoint being accumulated
   * @param targetFrom the index of its run's first element
   * @param source the array read for the first
   * @param sourceFrom the index of its run's first element
   * @param target2 the second adjoint being accumulated
   * @param target2From the index of its run's first element
   * @param source2 the array read for the second
   * @param source2From the index of its run's first element
   * @param length how many elements in each run
   * @param scale the factor of both
   * @throws IndexOutOfBoundsException if a run does not fit its array
   */
  public static void addScaledToBoth(float[] target, int targetFrom, float[] source, int sourceFrom,
      float[] target2, int target2From, float[] source2, int source2From, int length, float scale) {
    // nothing but the kernel, as the double overload (why there)
    Kernels.get().axpyPair(scale, source, sourceFrom, target, targetFrom, source2, source2From, target2,
        target2From, length);
  }

  /**
   * Adds {@code scale} times {@code source} into {@code target} ({@code target[i] += scale * source[i]}).
   *
   * @param target the adjoint being accumulated
   * @param source the contribution for a seed of 1
   * @param scale the seed
   */
  public static void addScaledTo(float[] target, float[] source, float scale) {
    for (int i = 0; i < source.length; i++) {
      target[i] += scale * source[i];
    }
  }

  /**
   * Adds {@code source} into {@code target} elementwise ({@code target[i] += source[i]}).
   *
   * @param target the adjoint being accumulated
   * @param source the contribution
   */
  public static void addTo(double[] target, double[] source) {
    for (int i = 0; i < source.length; i++) {
      target[i] += source[i];
    }
  }

  /**
   * Adds {@code source} into {@code target} elementwise ({@code target[i] += source[i]}).
   *
   * @param target the adjoint being accumulated
   * @param source the contribution
   */
  public static void addTo(float[] target, float[] source) {
    for (int i = 0; i < source.length; i++) {
      target[i] += source[i];
    }
  }

  /**
   * Adds {@code source} into {@code target} elementwise.
   *
   * @param target the adjoint being accumulated
   * @param source the contribution
   */
  public static void addTo(double[][] target, double[][] source) {
    for (int i = 0; i < source.length; i++) {
      addTo(target[i], source[i]);
    }
  }

  /**
   * Adds {@code source} into {@code target} elementwise.
   *
   * @param target the adjoint being accumulated
   * @param source the contribution
   */
  public static void addTo(float[][] target, float[][] source) {
    for (int i = 0; i < source.length; i++) {
      addTo(target[i], source[i]);
    }
  }

  /**
   * Adds {@code source} into {@code target} elementwise.
   *
   * @param target the adjoint being accumulated
   * @param source the contribution
   */
  public static void addTo(double[][][] target, double[][][] source) {
    for (int i = 0; i < source.length; i++) {
      addTo(target[i], source[i]);
    }
  }

  /**
   * Adds {@code source} into {@code target} elementwise.
   *
   * @param target the adjoint being accumulated
   * @param source the contribution
   */
  public static void addTo(float[][][] target, float[][][] source) {
    for (int i = 0; i < source.length; i++) {
      addTo(target[i], source[i]);
    }
  }
}
