package dev.adjoint.kernels;

/**
 * The numeric loops every tensor operation ends in: elementwise maps, reductions and matrix
 * products over contiguous runs of {@code float[]} or {@code double[]} storage.
 *
 * <p>Two implementations exist: {@link ScalarKernels}, plain loops that serve as the oracle, and a
 * Vector API implementation that is loaded by name when the module {@code jdk.incubator.vector} is
 * present. {@link #get()} picks one once per JVM; {@code -Dadjoint.simd=false} forces the scalar one.
 *
 * <p>Every method works on a run of {@code n} consecutive elements starting at an offset. Output
 * runs may alias an input run exactly (same array, same offset), never partially.
 *
 * <pre>{@code
 * float[] x = {1, 2, 3}, y = new float[3];
 * Kernels.get().map(UnaryOp.EXP, x, 0, y, 0, 3);
 * }</pre>
 */
public interface Kernels {

  /** The kernels chosen for this JVM. */
  static Kernels get() {
    return KernelsHolder.INSTANCE;
  }

  /** The scalar kernels, whatever {@link #get()} chose; the reference SIMD kernels are tested against. */
  static Kernels scalar() {
    return ScalarKernels.INSTANCE;
  }

  /** A short name for reports, e.g. {@code "scalar"} or {@code "vector(AVX2, 8 float lanes)"}. */
  String name();

  /** {@code out[oo + i] = op(x[xo + i])} for {@code i < n}. */
  void map(UnaryOp op, float[] x, int xo, float[] out, int oo, int n);

  /** {@code out[oo + i] = op(x[xo + i])} for {@code i < n}. */
  void map(UnaryOp op, double[] x, int xo, double[] out, int oo, int n);

  /** {@code out[oo + i] = op(a[ao + i], b[bo + i])} for {@code i < n}. */
  void zip(BinaryOp op, float[] a, int ao, float[] b, int bo, float[] out, int oo, int n);

  /** {@code out[oo + i] = op(a[ao + i], b[bo + i])} for {@code i < n}. */
  void zip(BinaryOp op, double[] a, int ao, double[] b, int bo, double[] out, int oo, int n);

  /** {@code out[oo + i] = op(a[ao + i], s)} for {@code i < n}. */
  void zipScalar(BinaryOp op, float[] a, int ao, float s, float[] out, int oo, int n);

  /** {@code out[oo + i] = op(a[ao + i], s)} for {@code i < n}. */
  void zipScalar(BinaryOp op, double[] a, int ao, double s, double[] out, int oo, int n);

  /** {@code out[oo + i] += alpha * x[xo + i]}: gradient accumulation. */
  void axpy(float alpha, float[] x, int xo, float[] out, int oo, int n);

  /** {@code out[oo + i] += alpha * x[xo + i]}: gradient accumulation. */
  void axpy(double alpha, double[] x, int xo, double[] out, int oo, int n);

  /**
   * Two {@link #axpy(float, float[], int, float[], int, int) axpy} runs of the same length and {@code alpha} in one
   * pass: {@code out[oo + i] += alpha * x[xo + i]} and {@code out2[oo2 + i] += alpha * x2[xo2 + i]} for
   * {@code i < n}. The reverse of a dot product adds into both operands' adjoints this way. {@code out} and
   * {@code out2} may be one array at any offsets (each element gets every addition meant for it); neither may
   * overlap {@code x} or {@code x2}.
   */
  void axpyPair(float alpha, float[] x, int xo, float[] out, int oo, float[] x2, int xo2, float[] out2, int oo2,
      int n);

  /**
   * Two {@link #axpy(double, double[], int, double[], int, int) axpy} runs of the same length and {@code alpha} in
   * one pass: {@code out[oo + i] += alpha * x[xo + i]} and {@code out2[oo2 + i] += alpha * x2[xo2 + i]} for
   * {@code i < n}. The reverse of a dot product adds into both operands' adjoints this way. {@code out} and
   * {@code out2} may be one array at any offsets (each element gets every addition meant for it); neither may
   * overlap {@code x} or {@code x2}.
   */
  void axpyPair(double alpha, double[] x, int xo, double[] out, int oo, double[] x2, int xo2, double[] out2,
      int oo2, int n);

  /** The sum of {@code x[xo .. xo + n)}, accumulated in double; 0 for {@code n == 0}. */
  double sum(float[] x, int xo, int n);

  /**
   * {@code acc[ao + i] += x[xo + i]} for {@code i < n}, each float widened to double: how a float tensor is
   * summed over a dimension that is not its last, a row at a time, without rounding the partial sums to float.
   */
  void addWidened(float[] x, int xo, double[] acc, int ao, int n);

  /**
   * How many rows a float reduction over a dimension adds in float before it adds their partial sum in double:
   * each partial is within a few ulps, and the rest of the sum is in double.
   */
  int ROWS_SUMMED_IN_FLOAT = 8;

  /**
   * {@code acc[j] += x[xo + i * cols + j]} summed over {@code i < rows}, for {@code j < cols}: the column sums of a
   * row-major float matrix (a bias gradient, {@code sum(0)}), added into {@code acc} in double after at most
   * {@link #ROWS_SUMMED_IN_FLOAT} rows in float.
   */
  void addColumnSums(float[] x, int xo, int rows, int cols, double[] acc);

  /** The sum of {@code x[xo .. xo + n)}; 0 for {@code n == 0}. */
  double sum(double[] x, int xo, int n);

  /** The largest element; NaN if any is NaN; {@code -Infinity} for {@code n == 0}. */
  double max(float[] x, int xo, int n);

  /** The largest element; NaN if any is NaN; {@code -Infinity} for {@code n == 0}. */
  double max(double[] x, int xo, int n);

  /** The smallest element; NaN if any is NaN; {@code +Infinity} for {@code n == 0}. */
  double min(float[] x, int xo, int n);

  /** The smallest element; NaN if any is NaN; {@code +Infinity} for {@code n == 0}. */
  double min(double[] x, int xo, int n);

  /** {@code sum(a[ao + i] * b[bo + i])}, accumulated in double where the kernel can afford it. */
  double dot(float[] a, int ao, float[] b, int bo, int n);

  /** {@code sum(a[ao + i] * b[bo + i])}. */
  double dot(double[] a, int ao, double[] b, int bo, int n);

  /**
   * {@code C = A·B} (or {@code C += A·B} when {@code accumulate}), where {@code A} is {@code m×k}
   * with element {@code (i, p)} at {@code a[ao + i*aRow + p*aCol]}, {@code B} is {@code k×n} with
   * element {@code (p, j)} at {@code b[bo + p*bRow + j*bCol]}, and {@code C} is row-major with
   * element {@code (i, j)} at {@code c[co + i*ldc + j]}. Any strides are allowed for A and B (a
   * transposed view needs no copy); large products may be split over cores.
   */
  void gemm(int m, int n, int k,
      float[] a, int ao, int aRow, int aCol,
      float[] b, int bo, int bRow, int bCol,
      float[] c, int co, int ldc, boolean accumulate);

  /** The {@code double} form of {@link #gemm(int, int, int, float[], int, int, int, float[], int, int, int, float[], int, int, boolean)}. */
  void gemm(int m, int n, int k,
      double[] a, int ao, int aRow, int aCol,
      double[] b, int bo, int bRow, int bCol,
      double[] c, int co, int ldc, boolean accumulate);
}
