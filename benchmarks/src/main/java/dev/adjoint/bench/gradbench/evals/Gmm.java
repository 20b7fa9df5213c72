package dev.adjoint.bench.gradbench.evals;

import dev.adjoint.Differentiable;
import dev.adjoint.bench.gmm.GmmConstants;

/**
 * GradBench {@code gmm}: the log posterior of a Gaussian mixture whose precision matrices are Q^T Q, Q lower
 * triangular with diagonal exp(q) and the strictly lower part l filled column by column, under a Wishart prior
 * (evals/gmm/README.md, section "Implementation"). Plain loops: each component's Q is built once, then
 * ||Q (x - mu)||^2 for every point and component; the log-sum-exps are {@link Lse#logsumexp}.
 *
 * <p>Layout (row-major): {@code alpha[k]}, {@code mu[k*d]}, {@code q[k*d]}, {@code l[k*d(d-1)/2]}, {@code x[n*d]}.
 */
public final class Gmm {
  private Gmm() {}

  /** log p(X | theta, phi) + log p(theta). */
  @Differentiable(wrt = {"alpha", "mu", "q", "l"})
  public static double objective(int d, int k, int n, double[] alpha, double[] mu, double[] q, double[] l,
      double[] x, double gamma, int m) {
    int lSize = d * (d - 1) / 2;
    double[] qDiag = new double[k * d];
    double[] sumQ = new double[k];
    for (int c = 0; c < k; c++) {
      for (int j = 0; j < d; j++) {
        qDiag[c * d + j] = Math.exp(q[c * d + j]);
        sumQ[c] += q[c * d + j];
      }
    }

    // Q of every component, row-major, the strictly lower part filled column by column from l.
    double[] qMatrix = new double[k * d * d];
    for (int c = 0; c < k; c++) {
      int li = c * lSize;
      for (int col = 0; col < d; col++) {
        qMatrix[c * d * d + col * d + col] = qDiag[c * d + col];
        for (int row = col + 1; row < d; row++) {
          qMatrix[c * d * d + row * d + col] = l[li++];
        }
      }
    }

    double[] centered = new double[d];
    double[] mainTerm = new double[k];
    double slse = 0;
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < k; c++) {
        for (int j = 0; j < d; j++) {
          centered[j] = x[i * d + j] - mu[c * d + j];
        }
        // ||Q (x_i - mu_c)||^2
        double sq = 0;
        for (int row = 0; row < d; row++) {
          double qx = 0;
          for (int col = 0; col <= row; col++) {
            qx += qMatrix[c * d * d + row * d + col] * centered[col];
          }
          sq += qx * qx;
        }
        mainTerm[c] = alpha[c] + sumQ[c] - 0.5 * sq;
      }
      slse += Lse.logsumexp(mainTerm);
    }

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
    return constant + slse - n * Lse.logsumexp(alpha) - prior + k * GmmConstants.wishartConstant(d, m, gamma);
  }
}
