package dev.adjoint.sample.functional;

import dev.adjoint.Differentiable;

/** Array parameters, local arrays, 2-D arrays, .length, and array results. */
final class ArrayFns {
  private ArrayFns() {}

  @Differentiable
  static double sumSquares(double[] a) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * a[i];
    }
    return s;
  }

  @Differentiable
  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  /** Horner with coefficients from an array. */
  @Differentiable
  static double horner(double x, double[] c) {
    double s = 0;
    for (int i = c.length - 1; i >= 0; i--) {
      s = s * x + c[i];
    }
    return s;
  }

  @Differentiable
  static double localArray(double x, double y) {
    double[] t = new double[3];
    t[0] = x;
    t[1] = x * y;
    t[2] = t[0] + t[1];
    return t[2] * t[1];
  }

  @Differentiable
  static double arrayInitializer(double x, double y) {
    double[] t = {x, y, x * y};
    return t[0] * t[1] + Math.sin(t[2]);
  }

  /** Local array elements overwritten, also through compound assignment. */
  @Differentiable
  static double localArrayOverwrite(double x) {
    double[] t = new double[2];
    t[0] = x;
    t[0] = t[0] * t[0];
    t[0] += x;
    t[1] = t[0] * x;
    t[1] *= t[1];
    t[1] -= t[0];
    return t[1];
  }

  @Differentiable
  static double lengthAndNew(double[] a) {
    double[] b = new double[a.length];
    for (int i = 0; i < b.length; i++) {
      b[i] = Math.exp(a[i]);
    }
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += b[i] * a[i];
    }
    return s;
  }

  @Differentiable
  static double prefixRecurrence(double[] a) {
    double[] b = new double[a.length];
    b[0] = a[0];
    for (int i = 1; i < a.length; i++) {
      b[i] = b[i - 1] * a[i] + a[i];
    }
    return b[a.length - 1];
  }

  /** Overwrites one slot of a local array many times in a loop. */
  @Differentiable
  static double slotReuse(double x, double[] a) {
    double[] acc = new double[1];
    acc[0] = x;
    for (int i = 0; i < a.length; i++) {
      acc[0] = acc[0] * a[i] + Math.sin(acc[0]);
    }
    return acc[0];
  }

  /** Indices come from a constant int[] parameter, some repeated. */
  @Differentiable
  static double gather(double[] a, int[] idx) {
    double s = 0;
    for (int i = 0; i < idx.length; i++) {
      s += a[idx[i]] * a[idx[i]] * (i + 1);
    }
    return s;
  }

  @Differentiable
  static double frobeniusTrace(double[][] m) {
    double s = 0;
    for (int i = 0; i < m.length; i++) {
      for (int j = 0; j < m[i].length; j++) {
        s += m[i][j] * m[i][j];
      }
      s += m[i][i];
    }
    return s;
  }

  @Differentiable
  static double local2dDeterminant(double x, double y) {
    double[][] g = new double[2][2];
    g[0][0] = x;
    g[0][1] = y;
    g[1][0] = x * y;
    g[1][1] = Math.exp(x);
    return g[0][0] * g[1][1] - g[0][1] * g[1][0];
  }

  @Differentiable
  static double matVecSquared(double[][] a, double[] v) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      double r = 0;
      for (int j = 0; j < v.length; j++) {
        r += a[i][j] * v[j];
      }
      s += r * r;
    }
    return s;
  }

  /** A local 2-D array filled in a loop and reduced. */
  @Differentiable
  static double outerProductSum(double[] a, double[] b) {
    double[][] p = new double[a.length][b.length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < b.length; j++) {
        p[i][j] = a[i] * b[j];
      }
    }
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < b.length; j++) {
        s += Math.sin(p[i][j]);
      }
    }
    return s;
  }

  /** Softmax-weighted sum, the max found with branches on active values. */
  @Differentiable
  static double logSumExp(double[] a) {
    double m = a[0];
    for (int i = 1; i < a.length; i++) {
      if (a[i] > m) {
        m = a[i];
      }
    }
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += Math.exp(a[i] - m);
    }
    return Math.log(s) + m;
  }

  /** An array result: use scaleVjp with an array seed. */
  @Differentiable
  static double[] scale(double x, double[] a) {
    double[] b = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      b[i] = a[i] * x + Math.sin(a[i]);
    }
    return b;
  }

  @Differentiable
  static double[] polar(double r, double t) {
    return new double[] {r * Math.cos(t), r * Math.sin(t)};
  }

  /** An array result whose elements are computed with a recurrence. */
  @Differentiable
  static double[] cumulativeProduct(double[] a) {
    double[] out = new double[a.length];
    double p = 1;
    for (int i = 0; i < a.length; i++) {
      p *= a[i];
      out[i] = p;
    }
    return out;
  }
}
