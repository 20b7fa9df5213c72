package dev.adjoint.kernels;

/**
 * Plain Java loops: the reference every SIMD kernel is tested against, and the kernels used when
 * the Vector API is absent or {@code -Dadjoint.simd=false}.
 */
public final class ScalarKernels implements Kernels {
  /** The single instance. */
  public static final ScalarKernels INSTANCE = new ScalarKernels();

  private ScalarKernels() {}

  @Override
  public String name() {
    return "scalar";
  }

  /** The value of {@code op} at {@code x}, in double precision. */
  public static double apply(UnaryOp op, double x) {
    return switch (op) {
      case NEG -> -x;
      case EXP -> Math.exp(x);
      case LOG -> Math.log(x);
      case SIN -> Math.sin(x);
      case COS -> Math.cos(x);
      case TAN -> Math.tan(x);
      case TANH -> Math.tanh(x);
      case SIGMOID -> 1.0 / (1.0 + Math.exp(-x));
      case RELU -> x > 0 ? x : (x == x ? 0.0 : x);
      case SQRT -> Math.sqrt(x);
      case ABS -> Math.abs(x);
      case SQUARE -> x * x;
      case RECIPROCAL -> 1.0 / x;
      case SIGN -> Math.signum(x);
    };
  }

  /** The value of {@code op} at {@code (a, b)}, in double precision. */
  public static double apply(BinaryOp op, double a, double b) {
    return switch (op) {
      case ADD -> a + b;
      case SUB -> a - b;
      case RSUB -> b - a;
      case MUL -> a * b;
      case DIV -> a / b;
      case RDIV -> b / a;
      case POW -> Math.pow(a, b);
      case MAX -> Math.max(a, b);
      case MIN -> Math.min(a, b);
      case GT -> a > b ? 1 : 0;
      case LT -> a < b ? 1 : 0;
      case GE -> a >= b ? 1 : 0;
      case LE -> a <= b ? 1 : 0;
      case EQ -> a == b ? 1 : 0;
    };
  }

  /** The float form of {@link #apply(UnaryOp, double)}: arithmetic ops stay in float precision. */
  private static float applyF(UnaryOp op, float x) {
    return switch (op) {
      case NEG -> -x;
      case RELU -> x > 0 ? x : (x == x ? 0f : x);
      case ABS -> Math.abs(x);
      case SQUARE -> x * x;
      case RECIPROCAL -> 1f / x;
      case SIGN -> Math.signum(x);
      default -> (float) apply(op, x);
    };
  }

  private static float applyF(BinaryOp op, float a, float b) {
    return switch (op) {
      case ADD -> a + b;
      case SUB -> a - b;
      case RSUB -> b - a;
      case MUL -> a * b;
      case DIV -> a / b;
      case RDIV -> b / a;
      case MAX -> Math.max(a, b);
      case MIN -> Math.min(a, b);
      default -> (float) apply(op, a, b);
    };
  }

  @Override
  public void map(UnaryOp op, float[] x, int xo, float[] out, int oo, int n) {
    for (int i = 0; i < n; i++) {
      out[oo + i] = applyF(op, x[xo + i]);
    }
  }

  @Override
  public void map(UnaryOp op, double[] x, int xo, double[] out, int oo, int n) {
    for (int i = 0; i < n; i++) {
      out[oo + i] = apply(op, x[xo + i]);
    }
  }

  @Override
  public void zip(BinaryOp op, float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
    for (int i = 0; i < n; i++) {
      out[oo + i] = applyF(op, a[ao + i], b[bo + i]);
    }
  }

  @Override
  public void zip(BinaryOp op, double[] a, int ao, double[] b, int bo, double[] out, int oo, int n) {
    for (int i = 0; i < n; i++) {
      out[oo + i] = apply(op, a[ao + i], b[bo + i]);
    }
  }

  @Override
  public void zipScalar(BinaryOp op, float[] a, int ao, float s, float[] out, int oo, int n) {
    for (int i = 0; i < n; i++) {
      out[oo + i] = applyF(op, a[ao + i], s);
    }
  }

  @Override
  public void zipScalar(BinaryOp op, double[] a, int ao, double s, double[] out, int oo, int n) {
    for (int i = 0; i < n; i++) {
      out[oo + i] = apply(op, a[ao + i], s);
    }
  }

  @Override
  public void axpy(float alpha, float[] x, int xo, float[] out, int oo, int n) {
    for (int i = 0; i < n; i++) {
      out[oo + i] += alpha * x[xo + i];
    }
  }

  @Override
  public void axpy(double alpha, double[] x, int xo, double[] out, int oo, int n) {
    for (int i = 0; i < n; i++) {
      out[oo + i] += alpha * x[xo + i];
    }
  }

  @Override
  public void axpyPair(float alpha, float[] x, int xo, float[] out, int oo, float[] x2, int xo2, float[] out2,
      int oo2, int n) {
    for (int i = 0; i < n; i++) {
      out[oo + i] += alpha * x[xo + i];
      out2[oo2 + i] += alpha * x2[xo2 + i];
    }
  }

  @Override
  public void axpyPair(double alpha, double[] x, int xo, double[] out, int oo, double[] x2, int xo2,
      double[] out2, int oo2, int n) {
    for (int i = 0; i < n; i++) {
      out[oo + i] += alpha * x[xo + i];
      out2[oo2 + i] += alpha * x2[xo2 + i];
    }
  }

  @Override
  public void addColumnSums(float[] x, int xo, int rows, int cols, double[] acc) {
    for (int i = 0; i < rows; i += ROWS_SUMMED_IN_FLOAT) {
      int end = Math.min(rows, i + ROWS_SUMMED_IN_FLOAT);
      for (int j = 0; j < cols; j++) {
        float s = 0;
        for (int r = i; r < end; r++) {
          s += x[xo + r * cols + j];
        }
        acc[j] += s;
      }
    }
  }

  @Override
  public void addWidened(float[] x, int xo, double[] acc, int ao, int n) {
    for (int i = 0; i < n; i++) {
      acc[ao + i] += x[xo + i];
    }
  }

  @Override
  public double sum(float[] x, int xo, int n) {
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += x[xo + i];
    }
    return s;
  }

  @Override
  public double sum(double[] x, int xo, int n) {
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += x[xo + i];
    }
    return s;
  }

  @Override
  public double max(float[] x, int xo, int n) {
    double m = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      m = Math.max(m, x[xo + i]);
    }
    return m;
  }

  @Override
  public double max(double[] x, int xo, int n) {
    double m = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      m = Math.max(m, x[xo + i]);
    }
    return m;
  }

  @Override
  public double min(float[] x, int xo, int n) {
    double m = Double.POSITIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      m = Math.min(m, x[xo + i]);
    }
    return m;
  }

  @Override
  public double min(double[] x, int xo, int n) {
    double m = Double.POSITIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      m = Math.min(m, x[xo + i]);
    }
    return m;
  }

  @Override
  public double dot(float[] a, int ao, float[] b, int bo, int n) {
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += (double) a[ao + i] * b[bo + i];
    }
    return s;
  }

  @Override
  public double dot(double[] a, int ao, double[] b, int bo, int n) {
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += a[ao + i] * b[bo + i];
    }
    return s;
  }

  @Override
  public void gemm(int m, int n, int k,
      float[] a, int ao, int aRow, int aCol,
      float[] b, int bo, int bRow, int bCol,
      float[] c, int co, int ldc, boolean accumulate) {
    for (int i = 0; i < m; i++) {
      int ci = co + i * ldc;
      if (!accumulate) {
        java.util.Arrays.fill(c, ci, ci + n, 0f);
      }
      for (int p = 0; p < k; p++) {
        float aip = a[ao + i * aRow + p * aCol];
        int bp = bo + p * bRow;
        for (int j = 0; j < n; j++) {
          c[ci + j] += aip * b[bp + j * bCol];
        }
      }
    }
  }

  @Override
  public void gemm(int m, int n, int k,
      double[] a, int ao, int aRow, int aCol,
      double[] b, int bo, int bRow, int bCol,
      double[] c, int co, int ldc, boolean accumulate) {
    for (int i = 0; i < m; i++) {
      int ci = co + i * ldc;
      if (!accumulate) {
        java.util.Arrays.fill(c, ci, ci + n, 0.0);
      }
      for (int p = 0; p < k; p++) {
        double aip = a[ao + i * aRow + p * aCol];
        int bp = bo + p * bRow;
        for (int j = 0; j < n; j++) {
          c[ci + j] += aip * b[bp + j * bCol];
        }
      }
    }
  }
}
