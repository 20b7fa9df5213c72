package dev.adjoint.kernels;

/**
 * The kernels on the Vector API: every loop runs whole vectors of the preferred species, then hands
 * the last few elements to {@link ScalarKernels}.
 *
 * <p>This class, the typed halves it delegates to ({@link FloatVectorKernels},
 * {@link DoubleVectorKernels}) and the matmul classes ({@link FloatGemm}, {@link DoubleGemm}) are the
 * only ones that link against {@code jdk.incubator.vector}; {@link KernelsHolder} loads this one by
 * name, so the runtime still starts without {@code --add-modules}.
 *
 * <p>Each operator has its own loop (a kernel object per operator and element type, see
 * {@code X-VectorKernels.java.template}): {@code lanewise} only compiles to vector instructions when
 * its operator is a constant in the compiled loop, and a loop compiled on its own inlines every
 * Vector API call whatever code calls it. Runs shorter than one vector go straight to the scalar
 * loop.
 *
 * <p>Accuracy against {@link ScalarKernels}: arithmetic, comparisons, max/min, sqrt, abs, sign and
 * relu are bit-identical. The transcendental lanes (exp, log, sin, cos, tan, tanh, pow, and sigmoid
 * through exp) come from the JDK's vector math library and are within a few ulps of {@link Math}; the
 * float ones are computed in float where the scalar kernel rounds a double result. {@code axpy} uses
 * a fused multiply-add (one rounding instead of two). Reductions run four vector accumulators, so they add
 * in a different order than the scalar loop (results differ by rounding, of order
 * {@code n/lanes * 2^-53 * sum(|x|)}); float sums and dots widen to double lanes first, so they
 * neither lose float precision nor overflow where the scalar double loop would not. max and min are
 * exact and return NaN when any element is NaN.
 */
final class VectorKernels implements Kernels {
  /** The single instance; {@link KernelsHolder} reads this field by reflection. */
  static final VectorKernels INSTANCE = new VectorKernels();

  /**
   * Whether these kernels beat the scalar ones here, so that start-up should pick them unasked.
   * The JDK compiles the vector math library (exp, sin, ...) only on x86 with AVX, and vectors
   * narrower than 256 bits gain little; elsewhere the Vector API evaluates lanewise functions one
   * lane at a time, many times slower than a plain loop. {@code -Dadjoint.simd=true} overrides this.
   */
  static final boolean PROFITABLE = FloatVectorKernels.bits() >= 256
      && System.getProperty("os.arch", "").matches("amd64|x86_64");

  private VectorKernels() {}

  /** The lane counts, for tests that pick sizes around them. */
  static int floatLanes() {
    return FloatVectorKernels.lanes();
  }

  static int doubleLanes() {
    return DoubleVectorKernels.lanes();
  }

  @Override
  public String name() {
    return "vector(" + FloatVectorKernels.bits() + "-bit, " + floatLanes() + " float lanes)";
  }

  @Override
  public void map(UnaryOp op, float[] x, int xo, float[] out, int oo, int n) {
    FloatVectorKernels.map(op, x, xo, out, oo, n);
  }

  @Override
  public void map(UnaryOp op, double[] x, int xo, double[] out, int oo, int n) {
    DoubleVectorKernels.map(op, x, xo, out, oo, n);
  }

  @Override
  public void zip(BinaryOp op, float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
    FloatVectorKernels.zip(op, a, ao, b, bo, out, oo, n);
  }

  @Override
  public void zip(BinaryOp op, double[] a, int ao, double[] b, int bo, double[] out, int oo, int n) {
    DoubleVectorKernels.zip(op, a, ao, b, bo, out, oo, n);
  }

  @Override
  public void zipScalar(BinaryOp op, float[] a, int ao, float s, float[] out, int oo, int n) {
    FloatVectorKernels.zipScalar(op, a, ao, s, out, oo, n);
  }

  @Override
  public void zipScalar(BinaryOp op, double[] a, int ao, double s, double[] out, int oo, int n) {
    DoubleVectorKernels.zipScalar(op, a, ao, s, out, oo, n);
  }

  @Override
  public void axpy(float alpha, float[] x, int xo, float[] out, int oo, int n) {
    FloatVectorKernels.axpy(alpha, x, xo, out, oo, n);
  }

  @Override
  public void axpy(double alpha, double[] x, int xo, double[] out, int oo, int n) {
    DoubleVectorKernels.axpy(alpha, x, xo, out, oo, n);
  }

  @Override
  public void axpyPair(float alpha, float[] x, int xo, float[] out, int oo, float[] x2, int xo2, float[] out2,
      int oo2, int n) {
    FloatVectorKernels.axpyPair(alpha, x, xo, out, oo, x2, xo2, out2, oo2, n);
  }

  @Override
  public void axpyPair(double alpha, double[] x, int xo, double[] out, int oo, double[] x2, int xo2,
      double[] out2, int oo2, int n) {
    DoubleVectorKernels.axpyPair(alpha, x, xo, out, oo, x2, xo2, out2, oo2, n);
  }

  @Override
  public void addColumnSums(float[] x, int xo, int rows, int cols, double[] acc) {
    FloatVectorKernels.addColumnSums(x, xo, rows, cols, acc);
  }

  @Override
  public void addWidened(float[] x, int xo, double[] acc, int ao, int n) {
    FloatVectorKernels.addWidened(x, xo, acc, ao, n);
  }

  @Override
  public double sum(float[] x, int xo, int n) {
    return FloatVectorKernels.sum(x, xo, n);
  }

  @Override
  public double sum(double[] x, int xo, int n) {
    return DoubleVectorKernels.sum(x, xo, n);
  }

  @Override
  public double max(float[] x, int xo, int n) {
    return FloatVectorKernels.max(x, xo, n);
  }

  @Override
  public double max(double[] x, int xo, int n) {
    return DoubleVectorKernels.max(x, xo, n);
  }

  @Override
  public double min(float[] x, int xo, int n) {
    return FloatVectorKernels.min(x, xo, n);
  }

  @Override
  public double min(double[] x, int xo, int n) {
    return DoubleVectorKernels.min(x, xo, n);
  }

  @Override
  public double dot(float[] a, int ao, float[] b, int bo, int n) {
    return FloatVectorKernels.dot(a, ao, b, bo, n);
  }

  @Override
  public double dot(double[] a, int ao, double[] b, int bo, int n) {
    return DoubleVectorKernels.dot(a, ao, b, bo, n);
  }

  @Override
  public void gemm(int m, int n, int k,
      float[] a, int ao, int aRow, int aCol,
      float[] b, int bo, int bRow, int bCol,
      float[] c, int co, int ldc, boolean accumulate) {
    FloatGemm.gemm(m, n, k, a, ao, aRow, aCol, b, bo, bRow, bCol, c, co, ldc, accumulate);
  }

  @Override
  public void gemm(int m, int n, int k,
      double[] a, int ao, int aRow, int aCol,
      double[] b, int bo, int bRow, int bCol,
      double[] c, int co, int ldc, boolean accumulate) {
    DoubleGemm.gemm(m, n, k, a, ao, aRow, aCol, b, bo, bRow, bCol, c, co, ldc, accumulate);
  }
}
