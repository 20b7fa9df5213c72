package dev.adjoint.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The kernels on the Vector API: every loop runs whole vectors of the preferred species, then hands
 * the last few elements to {@link ScalarKernels}.
 *
 * <p>This is the only class (with the matmul classes {@link FloatGemm} and {@link DoubleGemm}) that
 * links against {@code jdk.incubator.vector}; {@link KernelsHolder} loads it by name, so the runtime
 * still starts without {@code --add-modules}.
 *
 * <p>Each public method switches on the operator once and then runs one tight loop per operator:
 * {@code lanewise} only compiles to vector instructions when its operator is a constant in the
 * compiled loop. Runs shorter than one vector go straight to the scalar loop.
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

  private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
  private static final int FL = FS.length();
  private static final int DL = DS.length();
  /** Floats as many as the double lanes: loaded, then widened for double-precision reductions. */
  private static final VectorSpecies<Float> HALF_FS =
      VectorSpecies.of(float.class, VectorShape.forBitSize(DS.vectorBitSize() / 2));
  private static final ScalarKernels SCALAR = ScalarKernels.INSTANCE;


  /**
   * Whether these kernels beat the scalar ones here, so that start-up should pick them unasked.
   * The JDK compiles the vector math library (exp, sin, ...) only on x86 with AVX, and vectors
   * narrower than 256 bits gain little; elsewhere the Vector API evaluates lanewise functions one
   * lane at a time, many times slower than a plain loop. {@code -Dadjoint.simd=true} overrides this.
   */
  static final boolean PROFITABLE = FS.vectorBitSize() >= 256
      && System.getProperty("os.arch", "").matches("amd64|x86_64");

  private VectorKernels() {}

  /** The lane counts, for tests that pick sizes around them. */
  static int floatLanes() {
    return FL;
  }

  static int doubleLanes() {
    return DL;
  }

  @Override
  public String name() {
    return "vector(" + FS.vectorBitSize() + "-bit, " + FL + " float lanes)";
  }

  // ---------------------------------------------------------------- axpy

  @Override
  public void axpy(float alpha, float[] x, int xo, float[] out, int oo, int n) {
    if (n < FL) {
      SCALAR.axpy(alpha, x, xo, out, oo, n);
      return;
    }
    FloatVector va = FloatVector.broadcast(FS, alpha);
    int i = 0;
    for (int bound = FS.loopBound(n); i < bound; i += FL) {
      FloatVector.fromArray(FS, x, xo + i).fma(va, FloatVector.fromArray(FS, out, oo + i))
          .intoArray(out, oo + i);
    }
    for (; i < n; i++) {
      out[oo + i] += alpha * x[xo + i];
    }
  }

  @Override
  public void axpy(double alpha, double[] x, int xo, double[] out, int oo, int n) {
    if (n < DL) {
      SCALAR.axpy(alpha, x, xo, out, oo, n);
      return;
    }
    DoubleVector va = DoubleVector.broadcast(DS, alpha);
    int i = 0;
    for (int bound = DS.loopBound(n); i < bound; i += DL) {
      DoubleVector.fromArray(DS, x, xo + i).fma(va, DoubleVector.fromArray(DS, out, oo + i))
          .intoArray(out, oo + i);
    }
    for (; i < n; i++) {
      out[oo + i] += alpha * x[xo + i];
    }
  }

  // ---------------------------------------------------------------- reductions

  @Override
  public double sum(float[] x, int xo, int n) {
    int i = 0;
    int step = 4 * DL;
    double total = 0;
    if (n >= step) {
      // Half-width float loads widen to full double vectors: the sum runs in double, as promised.
      DoubleVector s0 = DoubleVector.zero(DS);
      DoubleVector s1 = s0;
      DoubleVector s2 = s0;
      DoubleVector s3 = s0;
      for (int bound = n - n % step; i < bound; i += step) {
        s0 = widen(x, xo + i).add(s0);
        s1 = widen(x, xo + i + DL).add(s1);
        s2 = widen(x, xo + i + 2 * DL).add(s2);
        s3 = widen(x, xo + i + 3 * DL).add(s3);
      }
      // Accumulators leave the loop typed only as DoubleVector: start from a -0 vector (exact
      // in IEEE addition) so every add has a receiver of known class; a call on the loop value
      // would dispatch through a profile other species may share, and then box.
      DoubleVector z = DoubleVector.broadcast(DS, -0.0);
      total = z.add(s0).add(s1).add(z.add(s2).add(s3)).reduceLanes(VectorOperators.ADD);
    }
    for (; i < n; i++) {
      total += x[xo + i];
    }
    return total;
  }

  /** {@code DL} floats from {@code x[from]}, widened to a double vector. */
  private static DoubleVector widen(float[] x, int from) {
    return (DoubleVector) FloatVector.fromArray(HALF_FS, x, from)
        .convertShape(VectorOperators.F2D, DS, 0);
  }

  @Override
  public double sum(double[] x, int xo, int n) {
    int i = 0;
    int step = 4 * DL;
    double total = 0;
    if (n >= step) {
      DoubleVector s0 = DoubleVector.zero(DS);
      DoubleVector s1 = s0;
      DoubleVector s2 = s0;
      DoubleVector s3 = s0;
      for (int bound = n - n % step; i < bound; i += step) {
        s0 = DoubleVector.fromArray(DS, x, xo + i).add(s0);
        s1 = DoubleVector.fromArray(DS, x, xo + i + DL).add(s1);
        s2 = DoubleVector.fromArray(DS, x, xo + i + 2 * DL).add(s2);
        s3 = DoubleVector.fromArray(DS, x, xo + i + 3 * DL).add(s3);
      }
      // -0 first: a receiver of known class (see sum(float[])).
      DoubleVector z = DoubleVector.broadcast(DS, -0.0);
      total = z.add(s0).add(s1).add(z.add(s2).add(s3)).reduceLanes(VectorOperators.ADD);
    }
    for (; i < n; i++) {
      total += x[xo + i];
    }
    return total;
  }

  @Override
  public double dot(float[] a, int ao, float[] b, int bo, int n) {
    int i = 0;
    int step = 4 * DL;
    double total = 0;
    if (n >= step) {
      // Products of floats are exact in double, so this differs from the scalar loop only in order.
      DoubleVector s0 = DoubleVector.zero(DS);
      DoubleVector s1 = s0;
      DoubleVector s2 = s0;
      DoubleVector s3 = s0;
      for (int bound = n - n % step; i < bound; i += step) {
        s0 = widen(a, ao + i).fma(widen(b, bo + i), s0);
        s1 = widen(a, ao + i + DL).fma(widen(b, bo + i + DL), s1);
        s2 = widen(a, ao + i + 2 * DL).fma(widen(b, bo + i + 2 * DL), s2);
        s3 = widen(a, ao + i + 3 * DL).fma(widen(b, bo + i + 3 * DL), s3);
      }
      // -0 first: a receiver of known class (see sum(float[])).
      DoubleVector z = DoubleVector.broadcast(DS, -0.0);
      total = z.add(s0).add(s1).add(z.add(s2).add(s3)).reduceLanes(VectorOperators.ADD);
    }
    for (; i < n; i++) {
      total += (double) a[ao + i] * b[bo + i];
    }
    return total;
  }

  @Override
  public double dot(double[] a, int ao, double[] b, int bo, int n) {
    int i = 0;
    int step = 4 * DL;
    double total = 0;
    if (n >= step) {
      DoubleVector s0 = DoubleVector.zero(DS);
      DoubleVector s1 = s0;
      DoubleVector s2 = s0;
      DoubleVector s3 = s0;
      for (int bound = n - n % step; i < bound; i += step) {
        s0 = DoubleVector.fromArray(DS, a, ao + i)
            .fma(DoubleVector.fromArray(DS, b, bo + i), s0);
        s1 = DoubleVector.fromArray(DS, a, ao + i + DL)
            .fma(DoubleVector.fromArray(DS, b, bo + i + DL), s1);
        s2 = DoubleVector.fromArray(DS, a, ao + i + 2 * DL)
            .fma(DoubleVector.fromArray(DS, b, bo + i + 2 * DL), s2);
        s3 = DoubleVector.fromArray(DS, a, ao + i + 3 * DL)
            .fma(DoubleVector.fromArray(DS, b, bo + i + 3 * DL), s3);
      }
      // -0 first: a receiver of known class (see sum(float[])).
      DoubleVector z = DoubleVector.broadcast(DS, -0.0);
      total = z.add(s0).add(s1).add(z.add(s2).add(s3)).reduceLanes(VectorOperators.ADD);
    }
    for (; i < n; i++) {
      total += a[ao + i] * b[bo + i];
    }
    return total;
  }

  @Override
  public double max(float[] x, int xo, int n) {
    return extremum(x, xo, n, true);
  }

  @Override
  public double min(float[] x, int xo, int n) {
    return extremum(x, xo, n, false);
  }

  @Override
  public double max(double[] x, int xo, int n) {
    return extremum(x, xo, n, true);
  }

  @Override
  public double min(double[] x, int xo, int n) {
    return extremum(x, xo, n, false);
  }

  private static double extremum(float[] x, int xo, int n, boolean max) {
    int step = 4 * FL;
    if (n < step) {
      return max ? SCALAR.max(x, xo, n) : SCALAR.min(x, xo, n);
    }
    int bound = n - n % step;
    // lanewise MAX/MIN follow Math.max/min: NaN wins and +0 is above -0, like the scalar kernel.
    FloatVector m = max ? maxLanes(x, xo, bound) : minLanes(x, xo, bound);
    double result = max ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    for (float lane : m.toArray()) {
      result = max ? Math.max(result, lane) : Math.min(result, lane);
    }
    double rest = max ? SCALAR.max(x, xo + bound, n - bound) : SCALAR.min(x, xo + bound, n - bound);
    return max ? Math.max(result, rest) : Math.min(result, rest);
  }

  private static FloatVector maxLanes(float[] x, int xo, int bound) {
    FloatVector m0 = FloatVector.fromArray(FS, x, xo);
    FloatVector m1 = FloatVector.fromArray(FS, x, xo + FL);
    FloatVector m2 = FloatVector.fromArray(FS, x, xo + 2 * FL);
    FloatVector m3 = FloatVector.fromArray(FS, x, xo + 3 * FL);
    for (int i = 4 * FL; i < bound; i += 4 * FL) {
      m0 = FloatVector.fromArray(FS, x, xo + i).max(m0);
      m1 = FloatVector.fromArray(FS, x, xo + i + FL).max(m1);
      m2 = FloatVector.fromArray(FS, x, xo + i + 2 * FL).max(m2);
      m3 = FloatVector.fromArray(FS, x, xo + i + 3 * FL).max(m3);
    }
    // Calls on the loop values would dispatch through a receiver profile other species may
    // share (and then box every lane op); an exactly typed load leads each one instead.
    FloatVector first = FloatVector.fromArray(FS, x, xo);
    return first.max(m0).max(m1).max(m2).max(m3);
  }

  private static FloatVector minLanes(float[] x, int xo, int bound) {
    FloatVector m0 = FloatVector.fromArray(FS, x, xo);
    FloatVector m1 = FloatVector.fromArray(FS, x, xo + FL);
    FloatVector m2 = FloatVector.fromArray(FS, x, xo + 2 * FL);
    FloatVector m3 = FloatVector.fromArray(FS, x, xo + 3 * FL);
    for (int i = 4 * FL; i < bound; i += 4 * FL) {
      m0 = FloatVector.fromArray(FS, x, xo + i).min(m0);
      m1 = FloatVector.fromArray(FS, x, xo + i + FL).min(m1);
      m2 = FloatVector.fromArray(FS, x, xo + i + 2 * FL).min(m2);
      m3 = FloatVector.fromArray(FS, x, xo + i + 3 * FL).min(m3);
    }
    FloatVector first = FloatVector.fromArray(FS, x, xo);
    return first.min(m0).min(m1).min(m2).min(m3);
  }

  private static double extremum(double[] x, int xo, int n, boolean max) {
    int step = 4 * DL;
    if (n < step) {
      return max ? SCALAR.max(x, xo, n) : SCALAR.min(x, xo, n);
    }
    int bound = n - n % step;
    DoubleVector m = max ? maxLanes(x, xo, bound) : minLanes(x, xo, bound);
    double result = max ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    for (double lane : m.toArray()) {
      result = max ? Math.max(result, lane) : Math.min(result, lane);
    }
    double rest = max ? SCALAR.max(x, xo + bound, n - bound) : SCALAR.min(x, xo + bound, n - bound);
    return max ? Math.max(result, rest) : Math.min(result, rest);
  }

  private static DoubleVector maxLanes(double[] x, int xo, int bound) {
    DoubleVector m0 = DoubleVector.fromArray(DS, x, xo);
    DoubleVector m1 = DoubleVector.fromArray(DS, x, xo + DL);
    DoubleVector m2 = DoubleVector.fromArray(DS, x, xo + 2 * DL);
    DoubleVector m3 = DoubleVector.fromArray(DS, x, xo + 3 * DL);
    for (int i = 4 * DL; i < bound; i += 4 * DL) {
      m0 = DoubleVector.fromArray(DS, x, xo + i).max(m0);
      m1 = DoubleVector.fromArray(DS, x, xo + i + DL).max(m1);
      m2 = DoubleVector.fromArray(DS, x, xo + i + 2 * DL).max(m2);
      m3 = DoubleVector.fromArray(DS, x, xo + i + 3 * DL).max(m3);
    }
    DoubleVector first = DoubleVector.fromArray(DS, x, xo);
    return first.max(m0).max(m1).max(m2).max(m3);
  }

  private static DoubleVector minLanes(double[] x, int xo, int bound) {
    DoubleVector m0 = DoubleVector.fromArray(DS, x, xo);
    DoubleVector m1 = DoubleVector.fromArray(DS, x, xo + DL);
    DoubleVector m2 = DoubleVector.fromArray(DS, x, xo + 2 * DL);
    DoubleVector m3 = DoubleVector.fromArray(DS, x, xo + 3 * DL);
    for (int i = 4 * DL; i < bound; i += 4 * DL) {
      m0 = DoubleVector.fromArray(DS, x, xo + i).min(m0);
      m1 = DoubleVector.fromArray(DS, x, xo + i + DL).min(m1);
      m2 = DoubleVector.fromArray(DS, x, xo + i + 2 * DL).min(m2);
      m3 = DoubleVector.fromArray(DS, x, xo + i + 3 * DL).min(m3);
    }
    DoubleVector first = DoubleVector.fromArray(DS, x, xo);
    return first.min(m0).min(m1).min(m2).min(m3);
  }

  // ---------------------------------------------------------------- matmul

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

  // ---------------------------------------------------------------- elementwise

  /**
   * {@code pow} with {@link Math#pow}'s special cases: the vector library follows C, where
   * {@code pow(1, NaN)} and {@code pow(±1, ±Infinity)} are 1; Java says NaN.
   */
  private static FloatVector javaPow(FloatVector a, FloatVector b) {
    return a.pow(b).blend(Float.NaN, b.test(VectorOperators.IS_NAN)
        .or(a.abs().compare(VectorOperators.EQ, 1f)
            .and(b.test(VectorOperators.IS_INFINITE))));
  }

  private static DoubleVector javaPow(DoubleVector a, DoubleVector b) {
    return a.pow(b).blend(Double.NaN, b.test(VectorOperators.IS_NAN)
        .or(a.abs().compare(VectorOperators.EQ, 1.0)
            .and(b.test(VectorOperators.IS_INFINITE))));
  }

  @Override
  public void map(UnaryOp op, float[] x, int xo, float[] out, int oo, int n) {
    if (n < FL) {
      SCALAR.map(op, x, xo, out, oo, n);
      return;
    }
    switch (op) {
      case NEG -> negF(x, xo, out, oo, n);
      case EXP -> expF(x, xo, out, oo, n);
      case LOG -> logF(x, xo, out, oo, n);
      case SIN -> sinF(x, xo, out, oo, n);
      case COS -> cosF(x, xo, out, oo, n);
      case TAN -> tanF(x, xo, out, oo, n);
      case TANH -> tanhF(x, xo, out, oo, n);
      case SIGMOID -> sigmoidF(x, xo, out, oo, n);
      case RELU -> reluF(x, xo, out, oo, n);
      case SQRT -> sqrtF(x, xo, out, oo, n);
      case ABS -> absF(x, xo, out, oo, n);
      case SQUARE -> squareF(x, xo, out, oo, n);
      case RECIPROCAL -> reciprocalF(x, xo, out, oo, n);
      case SIGN -> signF(x, xo, out, oo, n);
    }
  }

  private static void negF(float[] x, int xo, float[] out, int oo, int n) {
    int i = 0;
    for (int bound = FS.loopBound(n); i < bound; i += FL) {
      FloatVector v = FloatVector.fromArray(FS, x, xo + i);
      v.neg().intoArray(out, oo + i);
    }
    SCALAR.map(UnaryOp.NEG, x, xo + i, out, oo + i, n - i);
  }

  private static void expF(float[] x, int xo, float[] out, int oo, int n) {
    int i = 0;
    for (int bound = FS.loopBound(n); i < bound; i += FL) {
      FloatVector v = FloatVector.fromArray(FS, x, xo + i);
      v.lanewise(VectorOperators.EXP).intoArray(out, oo + i);
    }
    SCALAR.map(UnaryOp.EXP, x, xo + i, out, oo + i, n - i);
  }

  private static void logF(float[] x, int xo, float[] out, int oo, int n) {
    int i = 0;
    for (int bound = FS.loopBound(n); i < bound; i += FL) {
      FloatVector v = FloatVector.fromArray(FS, x, xo + i);
      v.lanewise(VectorOperators.LOG).intoArray(out, oo + i);
    }
    SCALAR.map(UnaryOp.LOG, x, xo + i, out, oo + i, n - i);
  }

  private static void sinF(float[] x, int xo, float[] out, int oo, int n) {
    int i = 0;
    for (int bound = FS.loopBound(n); i < bound; i += FL) {
      FloatVector v = FloatVector.fromArray(FS, x, xo + i);
      v.lanewise(VectorOperators.SIN).intoArray(out, oo + i);
    }
    SCALAR.map(UnaryOp.SIN, x, xo + i, out, oo + i, n - i);
  }

  private static void cosF(float[] x, int xo, float[] out, int oo, int n) {
    int i = 0;
    for (int bound = FS.loopBound(n); i < bound; i += FL) {
      FloatVector v = FloatVector.fromArray(FS, x, xo + i);
      v.lanewise(VectorOperators.COS).intoArray(out, oo + i);
    }
    SCALAR.map(UnaryOp.COS, x, xo + i, out, oo + i, n - i);
  }

  private static void tanF(float[] x, int xo, float[] out, int oo, int n) {
    int i = 0;
    for (int bound = FS.loopBound(n); i < bound; i += FL) {
      FloatVector v = FloatVector.fromArray(FS, x, xo + i);
      v.lanewise(VectorOperators.TAN).intoArray(out, oo + i);
    }
    SCALAR.map(UnaryOp.TAN, x, xo + i, out, oo + i, n - i);
  }

  private static void tanhF(float[] x, int xo, float[] out, int oo, int n) {
    int i = 0;
    for (int bound = FS.loopBound(n); i < bound; i += FL) {
      FloatVector v = FloatVector.fromArray(FS, x, xo + i);
      v.lanewise(VectorOperators.TANH).intoArray(out, oo + i);
    }
    SCALAR.map(UnaryOp.TANH, x, xo + i, out, oo + i, n - i);
  }

  private static void sigmoidF(float[] x, int xo, float[] out, int oo, int n) {
    FloatVector one = FloatVector.broadcast(FS, 1);
    int i = 0;
    for (int bound = FS.loopBound(n); i < bound; i += FL) {
      FloatVector v = FloatVector.fromArray(FS, x, xo + i);
      one.div(one.add(v.neg().lanewise(VectorOperators.EXP))).intoArray(out, oo + i);
    }
    SCALAR.map(UnaryOp.SIGMOID, x, xo + i, out, oo + i, n - i);
  }

  private static void reluF(float[] x, int xo, float[] out, int oo, int n) {
    int i = 0;
    for (int bound = FS.loopBound(n); i < bound; i += FL) {
      FloatVector v = FloatVector.fromArray(FS, x, xo + i);
      v.blend(0f, v.compare(VectorOperators.LE, 0f)).intoArray(out, oo + i);
    }
    SCALAR.map(UnaryOp.RELU, x, xo + i, out, oo + i, n - i);
  }

  private static void sqrtF(float[] x, int xo, float[] out, int oo, int n) {
    int i = 0;
    for (int bound = FS.loopBound(n); i < bound; i += FL) {
      FloatVector v = FloatVector.fromArray(FS, x, xo + i);
      v.sqrt().intoArray(out, oo + i);
    }
    SCALAR.map(UnaryOp.SQRT, x, xo + i, out, oo + i, n - i);
  }

  private static void absF(float[] x, int xo, float[] out, int oo, int n) {
    int i = 0;
    for (int bound = FS.loopBound(n); i < bound; i += FL) {
      FloatVector v = FloatVector.fromArray(FS, x, xo + i);
      v.abs().intoArray(out, oo + i);
    }
    SCALAR.map(UnaryOp.ABS, x, xo + i, out, oo + i, n - i);
  }

  private static void squareF(float[] x, int xo, float[] out, int oo, int n) {
    int i = 0;
    for (int bound = FS.loopBound(n); i < bound; i += FL) {
      FloatVector v = FloatVector.fromArray(FS, x, xo + i);
      v.mul(v).intoArray(out, oo + i);
    }
    SCALAR.map(UnaryOp.SQUARE, x, xo + i, out, oo + i, n - i);
  }

  private static void reciprocalF(float[] x, int xo, float[] out, int oo, int n) {
    FloatVector one = FloatVector.broadcast(FS, 1);
    int i = 0;
    for (int bound = FS.loopBound(n); i < bound; i += FL) {
      FloatVector v = FloatVector.fromArray(FS, x, xo + i);
      one.div(v).intoArray(out, oo + i);
    }
    SCALAR.map(UnaryOp.RECIPROCAL, x, xo + i, out, oo + i, n - i);
  }

  private static void signF(float[] x, int xo, float[] out, int oo, int n) {
    int i = 0;
    for (int bound = FS.loopBound(n); i < bound; i += FL) {
      FloatVector v = FloatVector.fromArray(FS, x, xo + i);
      v.blend(1f, v.compare(VectorOperators.GT, 0f))
          .blend(-1f, v.compare(VectorOperators.LT, 0f)).intoArray(out, oo + i);
    }
    SCALAR.map(UnaryOp.SIGN, x, xo + i, out, oo + i, n - i);
  }

  @Override
  public void zip(BinaryOp op, float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
    if (n < FL) {
      SCALAR.zip(op, a, ao, b, bo, out, oo, n);
      return;
    }
    switch (op) {
      case ADD -> zipAddF(a, ao, b, bo, out, oo, n);
      case SUB -> zipSubF(a, ao, b, bo, out, oo, n);
      case RSUB -> zipRsubF(a, ao, b, bo, out, oo, n);
      case MUL -> zipMulF(a, ao, b, bo, out, oo, n);
      case DIV -> zipDivF(a, ao, b, bo, out, oo, n);
      case RDIV -> zipRdivF(a, ao, b, bo, out, oo, n);
      case POW -> zipPowF(a, ao, b, bo, out, oo, n);
      case MAX -> zipMaxF(a, ao, b, bo, out, oo, n);
      case MIN -> zipMinF(a, ao, b, bo, out, oo, n);
      case GT -> zipGtF(a, ao, b, bo, out, oo, n);
      case LT -> zipLtF(a, ao, b, bo, out, oo, n);
      case GE -> zipGeF(a, ao, b, bo, out, oo, n);
      case LE -> zipLeF(a, ao, b, bo, out, oo, n);
      case EQ -> zipEqF(a, ao, b, bo, out, oo, n);
    }
  }

  private static void zipAddF(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
    int i = 0;
    for (int bound = FS.loopBound(n); i < bound; i += FL) {
      FloatVector va = FloatVector.fromArray(FS, a, ao + i);
      FloatVector vb = FloatVector.fromArray(FS, b, bo + i);
      va.add(vb).intoArray(out, oo + i);
    }
    SCALAR.zip(BinaryOp.ADD, a, ao + i, b, bo + i, out, oo + i, n - i);
  }

  private static void zipSubF(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
    int i = 0;
    for (int bound = FS.loopBound(n); i < bound; i += FL) {
      FloatVector va = FloatVector.fromArray(FS, a, ao + i);
      FloatVector vb = FloatVector.fromArray(FS, b, bo + i);
      va.sub(vb).intoArray(out, oo + i);
    }
    SCALAR.zip(BinaryOp.SUB, a, ao + i, b, bo + i, out, oo + i, n - i);
  }

  private static void zipRsubF(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
    int i = 0;
    for (int bound = FS.loopBound(n); i < bound; i += FL) {
      FloatVector va = FloatVector.fromArray(FS, a, ao + i);
      FloatVector vb = FloatVector.fromArray(FS, b, bo + i);
      vb.sub(va).intoArray(out, oo + i);
    }
    SCALAR.zip(BinaryOp.RSUB, a, ao + i, b, bo + i, out, oo + i, n - i);
  }

  private static void zipMulF(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
    int i = 0;
    for (int bound = FS.loopBound(n); i < bound; i += FL) {
      FloatVector va = FloatVector.fromArray(FS, a, ao + i);
      FloatVector vb = FloatVector.fromArray(FS, b, bo + i);
      va.mul(vb).intoArray(out, oo + i);
    }
    SCALAR.zip(BinaryOp.MUL, a, ao + i, b, bo + i, out, oo + i, n - i);
  }

  private static void zipDivF(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
    int i = 0;
    for (int bound = FS.loopBound(n); i < bound; i += FL) {
      FloatVector va = FloatVector.fromArray(FS, a, ao + i);
      FloatVector vb = FloatVector.fromArray(FS, b, bo + i);
      va.div(vb).intoArray(out, oo + i);
    }
    SCALAR.zip(BinaryOp.DIV, a, ao + i, b, bo + i, out, oo + i, n - i);
  }

  private static void zipRdivF(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
    int i = 0;
    for (int bound = FS.loopBound(n); i < bound; i += FL) {
      FloatVector va = FloatVector.fromArray(FS, a, ao + i);
      FloatVector vb = FloatVector.fromArray(FS, b, bo + i);
      vb.div(va).intoArray(out, oo + i);
    }
    SCALAR.zip(BinaryOp.RDIV, a, ao + i, b, bo + i, out, oo + i, n - i);
  }

  private static void zipPowF(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
    int i = 0;
    for (int bound = FS.loopBound(n); i < bound; i += FL) {
      FloatVector va = FloatVector.fromArray(FS, a, ao + i);
      FloatVector vb = FloatVector.fromArray(FS, b, bo + i);
      javaPow(va, vb).intoArray(out, oo + i);
    }
    SCALAR.zip(BinaryOp.POW, a, ao + i, b, bo + i, out, oo + i, n - i);
  }

  private static void zipMaxF(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
    int i = 0;
    for (int bound = FS.loopBound(n); i < bound; i += FL) {
      FloatVector va = FloatVector.fromArray(FS, a, ao + i);
      FloatVector vb = FloatVector.fromArray(FS, b, bo + i);
      va.max(vb).intoArray(out, oo + i);
    }
    SCALAR.zip(BinaryOp.MAX, a, ao + i, b, bo + i, out, oo + i, n - i);
  }

  private static void zipMinF(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
    int i = 0;
    for (int bound = FS.loopBound(n); i < bound; i += FL) {
      FloatVector va = FloatVector.fromArray(FS, a, ao + i);
      FloatVector vb = FloatVector.fromArray(FS, b, bo + i);
      va.min(vb).intoArray(out, oo + i);
    }
    SCALAR.zip(BinaryOp.MIN, a, ao + i, b, bo + i, out, oo + i, n - i);
  }

  private static void zipGtF(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
    FloatVector zero = FloatVector.zero(FS);
    int i = 0;
    for (int bound = FS.loopBound(n); i < bound; i += FL) {
      FloatVector va = FloatVector.fromArray(FS, a, ao + i);
      FloatVector vb = FloatVector.fromArray(FS, b, bo + i);
      zero.blend(1f, va.compare(VectorOperators.GT, vb)).intoArray(out, oo + i);
    }
    SCALAR.zip(BinaryOp.GT, a, ao + i, b, bo + i, out, oo + i, n - i);
  }

  private static void zipLtF(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
    FloatVector zero = FloatVector.zero(FS);
    int i = 0;
    for (int bound = FS.loopBound(n); i < bound; i += FL) {
      FloatVector va = FloatVector.fromArray(FS, a, ao + i);
      FloatVector vb = FloatVector.fromArray(FS, b, bo + i);
      zero.blend(1f, va.compare(VectorOperators.LT, vb)).intoArray(out, oo + i);
    }
    SCALAR.zip(BinaryOp.LT, a, ao + i, b, bo + i, out, oo + i, n - i);
  }

  private static void zipGeF(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
    FloatVector zero = FloatVector.zero(FS);
    int i = 0;
    for (int bound = FS.loopBound(n); i < bound; i += FL) {
      FloatVector va = FloatVector.fromArray(FS, a, ao + i);
      FloatVector vb = FloatVector.fromArray(FS, b, bo + i);
      zero.blend(1f, va.compare(VectorOperators.GE, vb)).intoArray(out, oo + i);
    }
    SCALAR.zip(BinaryOp.GE, a, ao + i, b, bo + i, out, oo + i, n - i);
  }

  private static void zipLeF(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
    FloatVector zero = FloatVector.zero(FS);
    int i = 0;
    for (int bound = FS.loopBound(n); i < bound; i += FL) {
      FloatVector va = FloatVector.fromArray(FS, a, ao + i);
      FloatVector vb = FloatVector.fromArray(FS, b, bo + i);
      zero.blend(1f, va.compare(VectorOperators.LE, vb)).intoArray(out, oo + i);
    }
    SCALAR.zip(BinaryOp.LE, a, ao + i, b, bo + i, out, oo + i, n - i);
  }

  private static void zipEqF(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
    FloatVector zero = FloatVector.zero(FS);
    int i = 0;
    for (int bound = FS.loopBound(n); i < bound; i += FL) {
      FloatVector va = FloatVector.fromArray(FS, a, ao + i);
      FloatVector vb = FloatVector.fromArray(FS, b, bo + i);
      zero.blend(1f, va.compare(VectorOperators.EQ, vb)).intoArray(out, oo + i);
    }
    SCALAR.zip(BinaryOp.EQ, a, ao + i, b, bo + i, out, oo + i, n - i);
  }

  @Override
  public void zipScalar(BinaryOp op, float[] a, int ao, float s, float[] out, int oo, int n) {
    if (n < FL) {
      SCALAR.zipScalar(op, a, ao, s, out, oo, n);
      return;
    }
    switch (op) {
      case ADD -> zipScalarAddF(a, ao, s, out, oo, n);
      case SUB -> zipScalarSubF(a, ao, s, out, oo, n);
      case RSUB -> zipScalarRsubF(a, ao, s, out, oo, n);
      case MUL -> zipScalarMulF(a, ao, s, out, oo, n);
      case DIV -> zipScalarDivF(a, ao, s, out, oo, n);
      case RDIV -> zipScalarRdivF(a, ao, s, out, oo, n);
      case POW -> zipScalarPowF(a, ao, s, out, oo, n);
      case MAX -> zipScalarMaxF(a, ao, s, out, oo, n);
      case MIN -> zipScalarMinF(a, ao, s, out, oo, n);
      case GT -> zipScalarGtF(a, ao, s, out, oo, n);
      case LT -> zipScalarLtF(a, ao, s, out, oo, n);
      case GE -> zipScalarGeF(a, ao, s, out, oo, n);
      case LE -> zipScalarLeF(a, ao, s, out, oo, n);
      case EQ -> zipScalarEqF(a, ao, s, out, oo, n);
    }
  }

  private static void zipScalarAddF(float[] a, int ao, float s, float[] out, int oo, int n) {
    FloatVector vb = FloatVector.broadcast(FS, s);
    int i = 0;
    for (int bound = FS.loopBound(n); i < bound; i += FL) {
      FloatVector va = FloatVector.fromArray(FS, a, ao + i);
      va.add(vb).intoArray(out, oo + i);
    }
    SCALAR.zipScalar(BinaryOp.ADD, a, ao + i, s, out, oo + i, n - i);
  }

  private static void zipScalarSubF(float[] a, int ao, float s, float[] out, int oo, int n) {
    FloatVector vb = FloatVector.broadcast(FS, s);
    int i = 0;
    for (int bound = FS.loopBound(n); i < bound; i += FL) {
      FloatVector va = FloatVector.fromArray(FS, a, ao + i);
      va.sub(vb).intoArray(out, oo + i);
    }
    SCALAR.zipScalar(BinaryOp.SUB, a, ao + i, s, out, oo + i, n - i);
  }

  private static void zipScalarRsubF(float[] a, int ao, float s, float[] out, int oo, int n) {
    FloatVector vb = FloatVector.broadcast(FS, s);
    int i = 0;
    for (int bound = FS.loopBound(n); i < bound; i += FL) {
      FloatVector va = FloatVector.fromArray(FS, a, ao + i);
      vb.sub(va).intoArray(out, oo + i);
    }
    SCALAR.zipScalar(BinaryOp.RSUB, a, ao + i, s, out, oo + i, n - i);
  }

  private static void zipScalarMulF(float[] a, int ao, float s, float[] out, int oo, int n) {
    FloatVector vb = FloatVector.broadcast(FS, s);
    int i = 0;
    for (int bound = FS.loopBound(n); i < bound; i += FL) {
      FloatVector va = FloatVector.fromArray(FS, a, ao + i);
      va.mul(vb).intoArray(out, oo + i);
    }
    SCALAR.zipScalar(BinaryOp.MUL, a, ao + i, s, out, oo + i, n - i);
  }

  private static void zipScalarDivF(float[] a, int ao, float s, float[] out, int oo, int n) {
    FloatVector vb = FloatVector.broadcast(FS, s);
    int i = 0;
    for (int bound = FS.loopBound(n); i < bound; i += FL) {
      FloatVector va = FloatVector.fromArray(FS, a, ao + i);
      va.div(vb).intoArray(out, oo + i);
    }
    SCALAR.zipScalar(BinaryOp.DIV, a, ao + i, s, out, oo + i, n - i);
  }

  private static void zipScalarRdivF(float[] a, int ao, float s, float[] out, int oo, int n) {
    FloatVector vb = FloatVector.broadcast(FS, s);
    int i = 0;
    for (int bound = FS.loopBound(n); i < bound; i += FL) {
      FloatVector va = FloatVector.fromArray(FS, a, ao + i);
      vb.div(va).intoArray(out, oo + i);
    }
    SCALAR.zipScalar(BinaryOp.RDIV, a, ao + i, s, out, oo + i, n - i);
  }

  private static void zipScalarPowF(float[] a, int ao, float s, float[] out, int oo, int n) {
    FloatVector vb = FloatVector.broadcast(FS, s);
    int i = 0;
    for (int bound = FS.loopBound(n); i < bound; i += FL) {
      FloatVector va = FloatVector.fromArray(FS, a, ao + i);
      javaPow(va, vb).intoArray(out, oo + i);
    }
    SCALAR.zipScalar(BinaryOp.POW, a, ao + i, s, out, oo + i, n - i);
  }

  private static void zipScalarMaxF(float[] a, int ao, float s, float[] out, int oo, int n) {
    FloatVector vb = FloatVector.broadcast(FS, s);
    int i = 0;
    for (int bound = FS.loopBound(n); i < bound; i += FL) {
      FloatVector va = FloatVector.fromArray(FS, a, ao + i);
      va.max(vb).intoArray(out, oo + i);
    }
    SCALAR.zipScalar(BinaryOp.MAX, a, ao + i, s, out, oo + i, n - i);
  }

  private static void zipScalarMinF(float[] a, int ao, float s, float[] out, int oo, int n) {
    FloatVector vb = FloatVector.broadcast(FS, s);
    int i = 0;
    for (int bound = FS.loopBound(n); i < bound; i += FL) {
      FloatVector va = FloatVector.fromArray(FS, a, ao + i);
      va.min(vb).intoArray(out, oo + i);
    }
    SCALAR.zipScalar(BinaryOp.MIN, a, ao + i, s, out, oo + i, n - i);
  }

  private static void zipScalarGtF(float[] a, int ao, float s, float[] out, int oo, int n) {
    FloatVector zero = FloatVector.zero(FS);
    FloatVector vb = FloatVector.broadcast(FS, s);
    int i = 0;
    for (int bound = FS.loopBound(n); i < bound; i += FL) {
      FloatVector va = FloatVector.fromArray(FS, a, ao + i);
      zero.blend(1f, va.compare(VectorOperators.GT, vb)).intoArray(out, oo + i);
    }
    SCALAR.zipScalar(BinaryOp.GT, a, ao + i, s, out, oo + i, n - i);
  }

  private static void zipScalarLtF(float[] a, int ao, float s, float[] out, int oo, int n) {
    FloatVector zero = FloatVector.zero(FS);
    FloatVector vb = FloatVector.broadcast(FS, s);
    int i = 0;
    for (int bound = FS.loopBound(n); i < bound; i += FL) {
      FloatVector va = FloatVector.fromArray(FS, a, ao + i);
      zero.blend(1f, va.compare(VectorOperators.LT, vb)).intoArray(out, oo + i);
    }
    SCALAR.zipScalar(BinaryOp.LT, a, ao + i, s, out, oo + i, n - i);
  }

  private static void zipScalarGeF(float[] a, int ao, float s, float[] out, int oo, int n) {
    FloatVector zero = FloatVector.zero(FS);
    FloatVector vb = FloatVector.broadcast(FS, s);
    int i = 0;
    for (int bound = FS.loopBound(n); i < bound; i += FL) {
      FloatVector va = FloatVector.fromArray(FS, a, ao + i);
      zero.blend(1f, va.compare(VectorOperators.GE, vb)).intoArray(out, oo + i);
    }
    SCALAR.zipScalar(BinaryOp.GE, a, ao + i, s, out, oo + i, n - i);
  }

  private static void zipScalarLeF(float[] a, int ao, float s, float[] out, int oo, int n) {
    FloatVector zero = FloatVector.zero(FS);
    FloatVector vb = FloatVector.broadcast(FS, s);
    int i = 0;
    for (int bound = FS.loopBound(n); i < bound; i += FL) {
      FloatVector va = FloatVector.fromArray(FS, a, ao + i);
      zero.blend(1f, va.compare(VectorOperators.LE, vb)).intoArray(out, oo + i);
    }
    SCALAR.zipScalar(BinaryOp.LE, a, ao + i, s, out, oo + i, n - i);
  }

  private static void zipScalarEqF(float[] a, int ao, float s, float[] out, int oo, int n) {
    FloatVector zero = FloatVector.zero(FS);
    FloatVector vb = FloatVector.broadcast(FS, s);
    int i = 0;
    for (int bound = FS.loopBound(n); i < bound; i += FL) {
      FloatVector va = FloatVector.fromArray(FS, a, ao + i);
      zero.blend(1f, va.compare(VectorOperators.EQ, vb)).intoArray(out, oo + i);
    }
    SCALAR.zipScalar(BinaryOp.EQ, a, ao + i, s, out, oo + i, n - i);
  }

  @Override
  public void map(UnaryOp op, double[] x, int xo, double[] out, int oo, int n) {
    if (n < DL) {
      SCALAR.map(op, x, xo, out, oo, n);
      return;
    }
    switch (op) {
      case NEG -> negD(x, xo, out, oo, n);
      case EXP -> expD(x, xo, out, oo, n);
      case LOG -> logD(x, xo, out, oo, n);
      case SIN -> sinD(x, xo, out, oo, n);
      case COS -> cosD(x, xo, out, oo, n);
      case TAN -> tanD(x, xo, out, oo, n);
      case TANH -> tanhD(x, xo, out, oo, n);
      case SIGMOID -> sigmoidD(x, xo, out, oo, n);
      case RELU -> reluD(x, xo, out, oo, n);
      case SQRT -> sqrtD(x, xo, out, oo, n);
      case ABS -> absD(x, xo, out, oo, n);
      case SQUARE -> squareD(x, xo, out, oo, n);
      case RECIPROCAL -> reciprocalD(x, xo, out, oo, n);
      case SIGN -> signD(x, xo, out, oo, n);
    }
  }

  private static void negD(double[] x, int xo, double[] out, int oo, int n) {
    int i = 0;
    for (int bound = DS.loopBound(n); i < bound; i += DL) {
      DoubleVector v = DoubleVector.fromArray(DS, x, xo + i);
      v.neg().intoArray(out, oo + i);
    }
    SCALAR.map(UnaryOp.NEG, x, xo + i, out, oo + i, n - i);
  }

  private static void expD(double[] x, int xo, double[] out, int oo, int n) {
    int i = 0;
    for (int bound = DS.loopBound(n); i < bound; i += DL) {
      DoubleVector v = DoubleVector.fromArray(DS, x, xo + i);
      v.lanewise(VectorOperators.EXP).intoArray(out, oo + i);
    }
    SCALAR.map(UnaryOp.EXP, x, xo + i, out, oo + i, n - i);
  }

  private static void logD(double[] x, int xo, double[] out, int oo, int n) {
    int i = 0;
    for (int bound = DS.loopBound(n); i < bound; i += DL) {
      DoubleVector v = DoubleVector.fromArray(DS, x, xo + i);
      v.lanewise(VectorOperators.LOG).intoArray(out, oo + i);
    }
    SCALAR.map(UnaryOp.LOG, x, xo + i, out, oo + i, n - i);
  }

  private static void sinD(double[] x, int xo, double[] out, int oo, int n) {
    int i = 0;
    for (int bound = DS.loopBound(n); i < bound; i += DL) {
      DoubleVector v = DoubleVector.fromArray(DS, x, xo + i);
      v.lanewise(VectorOperators.SIN).intoArray(out, oo + i);
    }
    SCALAR.map(UnaryOp.SIN, x, xo + i, out, oo + i, n - i);
  }

  private static void cosD(double[] x, int xo, double[] out, int oo, int n) {
    int i = 0;
    for (int bound = DS.loopBound(n); i < bound; i += DL) {
      DoubleVector v = DoubleVector.fromArray(DS, x, xo + i);
      v.lanewise(VectorOperators.COS).intoArray(out, oo + i);
    }
    SCALAR.map(UnaryOp.COS, x, xo + i, out, oo + i, n - i);
  }

  private static void tanD(double[] x, int xo, double[] out, int oo, int n) {
    int i = 0;
    for (int bound = DS.loopBound(n); i < bound; i += DL) {
      DoubleVector v = DoubleVector.fromArray(DS, x, xo + i);
      v.lanewise(VectorOperators.TAN).intoArray(out, oo + i);
    }
    SCALAR.map(UnaryOp.TAN, x, xo + i, out, oo + i, n - i);
  }

  private static void tanhD(double[] x, int xo, double[] out, int oo, int n) {
    int i = 0;
    for (int bound = DS.loopBound(n); i < bound; i += DL) {
      DoubleVector v = DoubleVector.fromArray(DS, x, xo + i);
      v.lanewise(VectorOperators.TANH).intoArray(out, oo + i);
    }
    SCALAR.map(UnaryOp.TANH, x, xo + i, out, oo + i, n - i);
  }

  private static void sigmoidD(double[] x, int xo, double[] out, int oo, int n) {
    DoubleVector one = DoubleVector.broadcast(DS, 1);
    int i = 0;
    for (int bound = DS.loopBound(n); i < bound; i += DL) {
      DoubleVector v = DoubleVector.fromArray(DS, x, xo + i);
      one.div(one.add(v.neg().lanewise(VectorOperators.EXP))).intoArray(out, oo + i);
    }
    SCALAR.map(UnaryOp.SIGMOID, x, xo + i, out, oo + i, n - i);
  }

  private static void reluD(double[] x, int xo, double[] out, int oo, int n) {
    int i = 0;
    for (int bound = DS.loopBound(n); i < bound; i += DL) {
      DoubleVector v = DoubleVector.fromArray(DS, x, xo + i);
      v.blend(0.0, v.compare(VectorOperators.LE, 0.0)).intoArray(out, oo + i);
    }
    SCALAR.map(UnaryOp.RELU, x, xo + i, out, oo + i, n - i);
  }

  private static void sqrtD(double[] x, int xo, double[] out, int oo, int n) {
    int i = 0;
    for (int bound = DS.loopBound(n); i < bound; i += DL) {
      DoubleVector v = DoubleVector.fromArray(DS, x, xo + i);
      v.sqrt().intoArray(out, oo + i);
    }
    SCALAR.map(UnaryOp.SQRT, x, xo + i, out, oo + i, n - i);
  }

  private static void absD(double[] x, int xo, double[] out, int oo, int n) {
    int i = 0;
    for (int bound = DS.loopBound(n); i < bound; i += DL) {
      DoubleVector v = DoubleVector.fromArray(DS, x, xo + i);
      v.abs().intoArray(out, oo + i);
    }
    SCALAR.map(UnaryOp.ABS, x, xo + i, out, oo + i, n - i);
  }

  private static void squareD(double[] x, int xo, double[] out, int oo, int n) {
    int i = 0;
    for (int bound = DS.loopBound(n); i < bound; i += DL) {
      DoubleVector v = DoubleVector.fromArray(DS, x, xo + i);
      v.mul(v).intoArray(out, oo + i);
    }
    SCALAR.map(UnaryOp.SQUARE, x, xo + i, out, oo + i, n - i);
  }

  private static void reciprocalD(double[] x, int xo, double[] out, int oo, int n) {
    DoubleVector one = DoubleVector.broadcast(DS, 1);
    int i = 0;
    for (int bound = DS.loopBound(n); i < bound; i += DL) {
      DoubleVector v = DoubleVector.fromArray(DS, x, xo + i);
      one.div(v).intoArray(out, oo + i);
    }
    SCALAR.map(UnaryOp.RECIPROCAL, x, xo + i, out, oo + i, n - i);
  }

  private static void signD(double[] x, int xo, double[] out, int oo, int n) {
    int i = 0;
    for (int bound = DS.loopBound(n); i < bound; i += DL) {
      DoubleVector v = DoubleVector.fromArray(DS, x, xo + i);
      v.blend(1.0, v.compare(VectorOperators.GT, 0.0))
          .blend(-1.0, v.compare(VectorOperators.LT, 0.0)).intoArray(out, oo + i);
    }
    SCALAR.map(UnaryOp.SIGN, x, xo + i, out, oo + i, n - i);
  }

  @Override
  public void zip(BinaryOp op, double[] a, int ao, double[] b, int bo, double[] out, int oo, int n) {
    if (n < DL) {
      SCALAR.zip(op, a, ao, b, bo, out, oo, n);
      return;
    }
    switch (op) {
      case ADD -> zipAddD(a, ao, b, bo, out, oo, n);
      case SUB -> zipSubD(a, ao, b, bo, out, oo, n);
      case RSUB -> zipRsubD(a, ao, b, bo, out, oo, n);
      case MUL -> zipMulD(a, ao, b, bo, out, oo, n);
      case DIV -> zipDivD(a, ao, b, bo, out, oo, n);
      case RDIV -> zipRdivD(a, ao, b, bo, out, oo, n);
      case POW -> zipPowD(a, ao, b, bo, out, oo, n);
      case MAX -> zipMaxD(a, ao, b, bo, out, oo, n);
      case MIN -> zipMinD(a, ao, b, bo, out, oo, n);
      case GT -> zipGtD(a, ao, b, bo, out, oo, n);
      case LT -> zipLtD(a, ao, b, bo, out, oo, n);
      case GE -> zipGeD(a, ao, b, bo, out, oo, n);
      case LE -> zipLeD(a, ao, b, bo, out, oo, n);
      case EQ -> zipEqD(a, ao, b, bo, out, oo, n);
    }
  }

  private static void zipAddD(double[] a, int ao, double[] b, int bo, double[] out, int oo, int n) {
    int i = 0;
    for (int bound = DS.loopBound(n); i < bound; i += DL) {
      DoubleVector va = DoubleVector.fromArray(DS, a, ao + i);
      DoubleVector vb = DoubleVector.fromArray(DS, b, bo + i);
      va.add(vb).intoArray(out, oo + i);
    }
    SCALAR.zip(BinaryOp.ADD, a, ao + i, b, bo + i, out, oo + i, n - i);
  }

  private static void zipSubD(double[] a, int ao, double[] b, int bo, double[] out, int oo, int n) {
    int i = 0;
    for (int bound = DS.loopBound(n); i < bound; i += DL) {
      DoubleVector va = DoubleVector.fromArray(DS, a, ao + i);
      DoubleVector vb = DoubleVector.fromArray(DS, b, bo + i);
      va.sub(vb).intoArray(out, oo + i);
    }
    SCALAR.zip(BinaryOp.SUB, a, ao + i, b, bo + i, out, oo + i, n - i);
  }

  private static void zipRsubD(double[] a, int ao, double[] b, int bo, double[] out, int oo, int n) {
    int i = 0;
    for (int bound = DS.loopBound(n); i < bound; i += DL) {
      DoubleVector va = DoubleVector.fromArray(DS, a, ao + i);
      DoubleVector vb = DoubleVector.fromArray(DS, b, bo + i);
      vb.sub(va).intoArray(out, oo + i);
    }
    SCALAR.zip(BinaryOp.RSUB, a, ao + i, b, bo + i, out, oo + i, n - i);
  }

  private static void zipMulD(double[] a, int ao, double[] b, int bo, double[] out, int oo, int n) {
    int i = 0;
    for (int bound = DS.loopBound(n); i < bound; i += DL) {
      DoubleVector va = DoubleVector.fromArray(DS, a, ao + i);
      DoubleVector vb = DoubleVector.fromArray(DS, b, bo + i);
      va.mul(vb).intoArray(out, oo + i);
    }
    SCALAR.zip(BinaryOp.MUL, a, ao + i, b, bo + i, out, oo + i, n - i);
  }

  private static void zipDivD(double[] a, int ao, double[] b, int bo, double[] out, int oo, int n) {
    int i = 0;
    for (int bound = DS.loopBound(n); i < bound; i += DL) {
      DoubleVector va = DoubleVector.fromArray(DS, a, ao + i);
      DoubleVector vb = DoubleVector.fromArray(DS, b, bo + i);
      va.div(vb).intoArray(out, oo + i);
    }
    SCALAR.zip(BinaryOp.DIV, a, ao + i, b, bo + i, out, oo + i, n - i);
  }

  private static void zipRdivD(double[] a, int ao, double[] b, int bo, double[] out, int oo, int n) {
    int i = 0;
    for (int bound = DS.loopBound(n); i < bound; i += DL) {
      DoubleVector va = DoubleVector.fromArray(DS, a, ao + i);
      DoubleVector vb = DoubleVector.fromArray(DS, b, bo + i);
      vb.div(va).intoArray(out, oo + i);
    }
    SCALAR.zip(BinaryOp.RDIV, a, ao + i, b, bo + i, out, oo + i, n - i);
  }

  private static void zipPowD(double[] a, int ao, double[] b, int bo, double[] out, int oo, int n) {
    int i = 0;
    for (int bound = DS.loopBound(n); i < bound; i += DL) {
      DoubleVector va = DoubleVector.fromArray(DS, a, ao + i);
      DoubleVector vb = DoubleVector.fromArray(DS, b, bo + i);
      javaPow(va, vb).intoArray(out, oo + i);
    }
    SCALAR.zip(BinaryOp.POW, a, ao + i, b, bo + i, out, oo + i, n - i);
  }

  private static void zipMaxD(double[] a, int ao, double[] b, int bo, double[] out, int oo, int n) {
    int i = 0;
    for (int bound = DS.loopBound(n); i < bound; i += DL) {
      DoubleVector va = DoubleVector.fromArray(DS, a, ao + i);
      DoubleVector vb = DoubleVector.fromArray(DS, b, bo + i);
      va.max(vb).intoArray(out, oo + i);
    }
    SCALAR.zip(BinaryOp.MAX, a, ao + i, b, bo + i, out, oo + i, n - i);
  }

  private static void zipMinD(double[] a, int ao, double[] b, int bo, double[] out, int oo, int n) {
    int i = 0;
    for (int bound = DS.loopBound(n); i < bound; i += DL) {
      DoubleVector va = DoubleVector.fromArray(DS, a, ao + i);
      DoubleVector vb = DoubleVector.fromArray(DS, b, bo + i);
      va.min(vb).intoArray(out, oo + i);
    }
    SCALAR.zip(BinaryOp.MIN, a, ao + i, b, bo + i, out, oo + i, n - i);
  }

  private static void zipGtD(double[] a, int ao, double[] b, int bo, double[] out, int oo, int n) {
    DoubleVector zero = DoubleVector.zero(DS);
    int i = 0;
    for (int bound = DS.loopBound(n); i < bound; i += DL) {
      DoubleVector va = DoubleVector.fromArray(DS, a, ao + i);
      DoubleVector vb = DoubleVector.fromArray(DS, b, bo + i);
      zero.blend(1.0, va.compare(VectorOperators.GT, vb)).intoArray(out, oo + i);
    }
    SCALAR.zip(BinaryOp.GT, a, ao + i, b, bo + i, out, oo + i, n - i);
  }

  private static void zipLtD(double[] a, int ao, double[] b, int bo, double[] out, int oo, int n) {
    DoubleVector zero = DoubleVector.zero(DS);
    int i = 0;
    for (int bound = DS.loopBound(n); i < bound; i += DL) {
      DoubleVector va = DoubleVector.fromArray(DS, a, ao + i);
      DoubleVector vb = DoubleVector.fromArray(DS, b, bo + i);
      zero.blend(1.0, va.compare(VectorOperators.LT, vb)).intoArray(out, oo + i);
    }
    SCALAR.zip(BinaryOp.LT, a, ao + i, b, bo + i, out, oo + i, n - i);
  }

  private static void zipGeD(double[] a, int ao, double[] b, int bo, double[] out, int oo, int n) {
    DoubleVector zero = DoubleVector.zero(DS);
    int i = 0;
    for (int bound = DS.loopBound(n); i < bound; i += DL) {
      DoubleVector va = DoubleVector.fromArray(DS, a, ao + i);
      DoubleVector vb = DoubleVector.fromArray(DS, b, bo + i);
      zero.blend(1.0, va.compare(VectorOperators.GE, vb)).intoArray(out, oo + i);
    }
    SCALAR.zip(BinaryOp.GE, a, ao + i, b, bo + i, out, oo + i, n - i);
  }

  private static void zipLeD(double[] a, int ao, double[] b, int bo, double[] out, int oo, int n) {
    DoubleVector zero = DoubleVector.zero(DS);
    int i = 0;
    for (int bound = DS.loopBound(n); i < bound; i += DL) {
      DoubleVector va = DoubleVector.fromArray(DS, a, ao + i);
      DoubleVector vb = DoubleVector.fromArray(DS, b, bo + i);
      zero.blend(1.0, va.compare(VectorOperators.LE, vb)).intoArray(out, oo + i);
    }
    SCALAR.zip(BinaryOp.LE, a, ao + i, b, bo + i, out, oo + i, n - i);
  }

  private static void zipEqD(double[] a, int ao, double[] b, int bo, double[] out, int oo, int n) {
    DoubleVector zero = DoubleVector.zero(DS);
    int i = 0;
    for (int bound = DS.loopBound(n); i < bound; i += DL) {
      DoubleVector va = DoubleVector.fromArray(DS, a, ao + i);
      DoubleVector vb = DoubleVector.fromArray(DS, b, bo + i);
      zero.blend(1.0, va.compare(VectorOperators.EQ, vb)).intoArray(out, oo + i);
    }
    SCALAR.zip(BinaryOp.EQ, a, ao + i, b, bo + i, out, oo + i, n - i);
  }

  @Override
  public void zipScalar(BinaryOp op, double[] a, int ao, double s, double[] out, int oo, int n) {
    if (n < DL) {
      SCALAR.zipScalar(op, a, ao, s, out, oo, n);
      return;
    }
    switch (op) {
      case ADD -> zipScalarAddD(a, ao, s, out, oo, n);
      case SUB -> zipScalarSubD(a, ao, s, out, oo, n);
      case RSUB -> zipScalarRsubD(a, ao, s, out, oo, n);
      case MUL -> zipScalarMulD(a, ao, s, out, oo, n);
      case DIV -> zipScalarDivD(a, ao, s, out, oo, n);
      case RDIV -> zipScalarRdivD(a, ao, s, out, oo, n);
      case POW -> zipScalarPowD(a, ao, s, out, oo, n);
      case MAX -> zipScalarMaxD(a, ao, s, out, oo, n);
      case MIN -> zipScalarMinD(a, ao, s, out, oo, n);
      case GT -> zipScalarGtD(a, ao, s, out, oo, n);
      case LT -> zipScalarLtD(a, ao, s, out, oo, n);
      case GE -> zipScalarGeD(a, ao, s, out, oo, n);
      case LE -> zipScalarLeD(a, ao, s, out, oo, n);
      case EQ -> zipScalarEqD(a, ao, s, out, oo, n);
    }
  }

  private static void zipScalarAddD(double[] a, int ao, double s, double[] out, int oo, int n) {
    DoubleVector vb = DoubleVector.broadcast(DS, s);
    int i = 0;
    for (int bound = DS.loopBound(n); i < bound; i += DL) {
      DoubleVector va = DoubleVector.fromArray(DS, a, ao + i);
      va.add(vb).intoArray(out, oo + i);
    }
    SCALAR.zipScalar(BinaryOp.ADD, a, ao + i, s, out, oo + i, n - i);
  }

  private static void zipScalarSubD(double[] a, int ao, double s, double[] out, int oo, int n) {
    DoubleVector vb = DoubleVector.broadcast(DS, s);
    int i = 0;
    for (int bound = DS.loopBound(n); i < bound; i += DL) {
      DoubleVector va = DoubleVector.fromArray(DS, a, ao + i);
      va.sub(vb).intoArray(out, oo + i);
    }
    SCALAR.zipScalar(BinaryOp.SUB, a, ao + i, s, out, oo + i, n - i);
  }

  private static void zipScalarRsubD(double[] a, int ao, double s, double[] out, int oo, int n) {
    DoubleVector vb = DoubleVector.broadcast(DS, s);
    int i = 0;
    for (int bound = DS.loopBound(n); i < bound; i += DL) {
      DoubleVector va = DoubleVector.fromArray(DS, a, ao + i);
      vb.sub(va).intoArray(out, oo + i);
    }
    SCALAR.zipScalar(BinaryOp.RSUB, a, ao + i, s, out, oo + i, n - i);
  }

  private static void zipScalarMulD(double[] a, int ao, double s, double[] out, int oo, int n) {
    DoubleVector vb = DoubleVector.broadcast(DS, s);
    int i = 0;
    for (int bound = DS.loopBound(n); i < bound; i += DL) {
      DoubleVector va = DoubleVector.fromArray(DS, a, ao + i);
      va.mul(vb).intoArray(out, oo + i);
    }
    SCALAR.zipScalar(BinaryOp.MUL, a, ao + i, s, out, oo + i, n - i);
  }

  private static void zipScalarDivD(double[] a, int ao, double s, double[] out, int oo, int n) {
    DoubleVector vb = DoubleVector.broadcast(DS, s);
    int i = 0;
    for (int bound = DS.loopBound(n); i < bound; i += DL) {
      DoubleVector va = DoubleVector.fromArray(DS, a, ao + i);
      va.div(vb).intoArray(out, oo + i);
    }
    SCALAR.zipScalar(BinaryOp.DIV, a, ao + i, s, out, oo + i, n - i);
  }

  private static void zipScalarRdivD(double[] a, int ao, double s, double[] out, int oo, int n) {
    DoubleVector vb = DoubleVector.broadcast(DS, s);
    int i = 0;
    for (int bound = DS.loopBound(n); i < bound; i += DL) {
      DoubleVector va = DoubleVector.fromArray(DS, a, ao + i);
      vb.div(va).intoArray(out, oo + i);
    }
    SCALAR.zipScalar(BinaryOp.RDIV, a, ao + i, s, out, oo + i, n - i);
  }

  private static void zipScalarPowD(double[] a, int ao, double s, double[] out, int oo, int n) {
    DoubleVector vb = DoubleVector.broadcast(DS, s);
    int i = 0;
    for (int bound = DS.loopBound(n); i < bound; i += DL) {
      DoubleVector va = DoubleVector.fromArray(DS, a, ao + i);
      javaPow(va, vb).intoArray(out, oo + i);
    }
    SCALAR.zipScalar(BinaryOp.POW, a, ao + i, s, out, oo + i, n - i);
  }

  private static void zipScalarMaxD(double[] a, int ao, double s, double[] out, int oo, int n) {
    DoubleVector vb = DoubleVector.broadcast(DS, s);
    int i = 0;
    for (int bound = DS.loopBound(n); i < bound; i += DL) {
      DoubleVector va = DoubleVector.fromArray(DS, a, ao + i);
      va.max(vb).intoArray(out, oo + i);
    }
    SCALAR.zipScalar(BinaryOp.MAX, a, ao + i, s, out, oo + i, n - i);
  }

  private static void zipScalarMinD(double[] a, int ao, double s, double[] out, int oo, int n) {
    DoubleVector vb = DoubleVector.broadcast(DS, s);
    int i = 0;
    for (int bound = DS.loopBound(n); i < bound; i += DL) {
      DoubleVector va = DoubleVector.fromArray(DS, a, ao + i);
      va.min(vb).intoArray(out, oo + i);
    }
    SCALAR.zipScalar(BinaryOp.MIN, a, ao + i, s, out, oo + i, n - i);
  }

  private static void zipScalarGtD(double[] a, int ao, double s, double[] out, int oo, int n) {
    DoubleVector zero = DoubleVector.zero(DS);
    DoubleVector vb = DoubleVector.broadcast(DS, s);
    int i = 0;
    for (int bound = DS.loopBound(n); i < bound; i += DL) {
      DoubleVector va = DoubleVector.fromArray(DS, a, ao + i);
      zero.blend(1.0, va.compare(VectorOperators.GT, vb)).intoArray(out, oo + i);
    }
    SCALAR.zipScalar(BinaryOp.GT, a, ao + i, s, out, oo + i, n - i);
  }

  private static void zipScalarLtD(double[] a, int ao, double s, double[] out, int oo, int n) {
    DoubleVector zero = DoubleVector.zero(DS);
    DoubleVector vb = DoubleVector.broadcast(DS, s);
    int i = 0;
    for (int bound = DS.loopBound(n); i < bound; i += DL) {
      DoubleVector va = DoubleVector.fromArray(DS, a, ao + i);
      zero.blend(1.0, va.compare(VectorOperators.LT, vb)).intoArray(out, oo + i);
    }
    SCALAR.zipScalar(BinaryOp.LT, a, ao + i, s, out, oo + i, n - i);
  }

  private static void zipScalarGeD(double[] a, int ao, double s, double[] out, int oo, int n) {
    DoubleVector zero = DoubleVector.zero(DS);
    DoubleVector vb = DoubleVector.broadcast(DS, s);
    int i = 0;
    for (int bound = DS.loopBound(n); i < bound; i += DL) {
      DoubleVector va = DoubleVector.fromArray(DS, a, ao + i);
      zero.blend(1.0, va.compare(VectorOperators.GE, vb)).intoArray(out, oo + i);
    }
    SCALAR.zipScalar(BinaryOp.GE, a, ao + i, s, out, oo + i, n - i);
  }

  private static void zipScalarLeD(double[] a, int ao, double s, double[] out, int oo, int n) {
    DoubleVector zero = DoubleVector.zero(DS);
    DoubleVector vb = DoubleVector.broadcast(DS, s);
    int i = 0;
    for (int bound = DS.loopBound(n); i < bound; i += DL) {
      DoubleVector va = DoubleVector.fromArray(DS, a, ao + i);
      zero.blend(1.0, va.compare(VectorOperators.LE, vb)).intoArray(out, oo + i);
    }
    SCALAR.zipScalar(BinaryOp.LE, a, ao + i, s, out, oo + i, n - i);
  }

  private static void zipScalarEqD(double[] a, int ao, double s, double[] out, int oo, int n) {
    DoubleVector zero = DoubleVector.zero(DS);
    DoubleVector vb = DoubleVector.broadcast(DS, s);
    int i = 0;
    for (int bound = DS.loopBound(n); i < bound; i += DL) {
      DoubleVector va = DoubleVector.fromArray(DS, a, ao + i);
      zero.blend(1.0, va.compare(VectorOperators.EQ, vb)).intoArray(out, oo + i);
    }
    SCALAR.zipScalar(BinaryOp.EQ, a, ao + i, s, out, oo + i, n - i);
  }
}
