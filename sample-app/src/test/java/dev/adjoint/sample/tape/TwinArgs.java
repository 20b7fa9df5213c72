package dev.adjoint.sample.tape;

import java.util.Arrays;

/**
 * One sample point: every input's entries as doubles (float inputs already rounded to float), and the
 * seed for an array result. Accessors hand out fresh copies so generated code cannot disturb the point.
 */
final class TwinArgs {
  final double[][] values;
  final double[] seed;
  private final TwinCase c;

  TwinArgs(TwinCase c, double[][] values, double[] seed) {
    this.c = c;
    this.values = values;
    this.seed = seed;
  }

  double d(int i) {
    return values[i][0];
  }

  float f(int i) {
    return (float) values[i][0];
  }

  double[] arr(int i) {
    return values[i].clone();
  }

  float[] farr(int i) {
    return toFloats(values[i]);
  }

  double[][] mat(int i) {
    int rows = c.inputs.get(i).rows();
    int cols = c.inputs.get(i).cols();
    double[][] m = new double[rows][];
    for (int r = 0; r < rows; r++) {
      m[r] = Arrays.copyOfRange(values[i], r * cols, (r + 1) * cols);
    }
    return m;
  }

  double[] seed() {
    return seed.clone();
  }

  float[] fseed() {
    return toFloats(seed);
  }

  private static float[] toFloats(double[] v) {
    float[] out = new float[v.length];
    for (int k = 0; k < v.length; k++) {
      out[k] = (float) v[k];
    }
    return out;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < values.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(values[i].length == 1 && c.inputs.get(i).rows() == 1
          ? Double.toString(values[i][0]) : Arrays.toString(values[i]));
    }
    sb.append(')');
    if (seed != null) {
      sb.append(" seed ").append(Arrays.toString(seed));
    }
    return sb.toString();
  }
}
