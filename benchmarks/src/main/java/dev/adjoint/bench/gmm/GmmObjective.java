package dev.adjoint.bench.gmm;

import dev.adjoint.Differentiable;

/**
 * The GradBench {@code gmm} objective (evals/gmm/README.md; reference: cpp/gradbench/evals/gmm.hpp), written
 * as plain loops over {@code double[]}: the log posterior of a Gaussian mixture with Cholesky-parameterised
 * precision matrices and a Wishart prior. Its gradient with respect to all parameters is generated.
 *
 * <p>Layout (row-major, as GradBench's C++): {@code alpha[k]}, {@code mu[k*d]}, {@code q[k*d]} (log of the
 * diagonal of Q), {@code l[k*d(d-1)/2]} (strictly lower part of Q, column by column), {@code x[n*d]}.
 */
public final class GmmObjective {
  private GmmObjective() {}

  /** log p(X | theta, phi) + log p(theta). */
  @Differentiable(wrt = {"alpha", "mu", "q", "l"})
  public static double objective(int d, int k, int n, double[] alpha, double[] mu, double[] q, double[] l,
      double[] x, double gamma, int m) {
    int lSize = d * (d - 1) / 2;
    double[] qDiag = new double[d * k];
    double[] sumQ = new double[k];
    for (int c = 0; c < k; c++) {
      double s = 0;
      for (int j = 0; j < d; j++) {
        s += q[c * d + j];
        qDiag[c * d + j] = Math.exp(q[c * d + j]);
      }
      sumQ[c] = s;
    }

    double[] centered = new double[d];
    double[] mainTerm = new double[k];
    double slse = 0;
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < k; c++) {
        for (int j = 0; j < d; j++) {
          centered[j] = x[i * d + j] - mu[c * d + j];
        }
        // ||Q (x_i - mu_c)||^2, row j of Q: diagonal exp(q) plus the strictly lower part, stored by column.
        double sq = 0;
        for (int j = 0; j < d; j++) {
          double row = qDiag[c * d + j] * centered[j];
          for (int t = 0; t < j; t++) {
            row += l[c * lSize + t * (2 * d - t - 1) / 2 + (j - t - 1)] * centered[t];
          }
          sq += row * row;
        }
        mainTerm[c] = alpha[c] + sumQ[c] - 0.5 * sq;
      }
      double mx = mainTerm[0];
      for (int c = 1; c < k; c++) {
        if (mainTerm[c] > mx) {
          mx = mainTerm[c];
        }
      }
      double se = 0;
      for (int c = 0; c < k; c++) {
        se += Math.exp(mainTerm[c] - mx);
      }
      slse += Math.log(se) + mx;
    }

    double ma = alpha[0];
    for (int c = 1; c < k; c++) {
      if (alpha[c] > ma) {
        ma = alpha[c];
      }
    }
    double sa = 0;
    for (int c = 0; c < k; c++) {
      sa += Math.exp(alpha[c] - ma);
    }
    double lseAlpha = Math.log(sa) + ma;

    double prior = 0;
    for (int c = 0; c < k; c++) {
      double frobenius = 0;
      for (int j = 0; j < d; j++) {
        frobenius += qDiag[c * d + j] * qDiag[c * d + j];
      }
      for (int j = 0; j < lSize; j++) {
        frobenius += l[c * lSize + j] * l[c * lSize + j];
      }
      prior += 0.5 * gamma * gamma * frobenius - m * sumQ[c];
    }
    double constant = -n * d * 0.5 * Math.log(2 * Math.PI);
    return constant + slse - n * lseAlpha - prior + k * GmmConstants.wishartConstant(d, m, gamma);
  }
}
