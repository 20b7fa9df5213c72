package dev.adjoint.support;

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
  private Adjoints() {}

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
