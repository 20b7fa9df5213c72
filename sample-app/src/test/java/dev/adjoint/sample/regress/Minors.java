package dev.adjoint.sample.regress;

import dev.adjoint.Differentiable;

/**
 * An int[] of indices filled by a counter the loop increments, then read by a callee: the reverse sweep
 * restores each element at the index it was written at, so the counter's value must come back too
 * (it once did not, and the gradient threw ArrayIndexOutOfBoundsException).
 */
final class Minors {
  private Minors() {}

  @Differentiable
  static double pickSum(double[] a, int[] idx) {
    double s = 0;
    for (int k = 0; k < idx.length; k++) {
      s += a[idx[k]] * a[idx[k]];
    }
    return s;
  }

  @Differentiable
  static double leaveOneOut(double[] a) {
    double total = 0;
    int[] rest = new int[a.length - 1];
    for (int j = 0; j < a.length; j++) {
      int at = 0;
      for (int jj = 0; jj < a.length; jj++) {
        if (jj != j) {
          rest[at] = jj;
          at++;
        }
      }
      double sub = pickSum(a, rest);
      total += a[j] * sub;
    }
    return total;
  }
}
