package dev.adjoint.bench.gradbench.evals;

import dev.adjoint.Differentiable;

/**
 * GradBench {@code det}: the determinant of an ell x ell matrix by expansion by minors along the first row
 * (evals/det/README.md), recursive as the eval describes it.
 */
public final class Det {
  private Det() {}

  /** det(A) for A (row-major, ell x ell). */
  @Differentiable
  public static double determinant(double[] a, int ell) {
    int[] rows = new int[ell];
    int[] cols = new int[ell];
    for (int i = 0; i < ell; i++) {
      rows[i] = i;
      cols[i] = i;
    }
    return minor(a, ell, rows, cols, ell);
  }

  /** The determinant of the m x m minor of A made of rows[0..m) and cols[0..m). */
  @Differentiable
  static double minor(double[] a, int ell, int[] rows, int[] cols, int m) {
    if (m == 1) {
      return a[rows[0] * ell + cols[0]];
    }
    int[] subRows = new int[m - 1];
    for (int i = 1; i < m; i++) {
      subRows[i - 1] = rows[i];
    }
    int[] subCols = new int[m - 1];
    double det = 0;
    double sign = 1;
    for (int j = 0; j < m; j++) {
      for (int jj = 0; jj < j; jj++) {
        subCols[jj] = cols[jj];
      }
      for (int jj = j + 1; jj < m; jj++) {
        subCols[jj - 1] = cols[jj];
      }
      double subDet = minor(a, ell, subRows, subCols, m - 1);
      det += sign * a[rows[0] * ell + cols[j]] * subDet;
      sign = -sign;
    }
    return det;
  }
}
