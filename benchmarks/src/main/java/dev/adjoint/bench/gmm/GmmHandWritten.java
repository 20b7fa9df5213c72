package dev.adjoint.bench.gmm;

/**
 * A hand-written reverse-mode gradient of {@link GmmObjective#objective}, as a yardstick for the generated
 * one (GradBench's hand-written C++ reaches a gradient/primal ratio of 2.4). It recomputes each point's
 * forward values instead of storing them, as hand-written adjoints usually do.
 */
public final class GmmHandWritten {
  private GmmHandWritten() {}

  /** The value and gradient: {@code {{value}, dAlpha, dMu, dQ, dL}}. */
  public static double[][] gradient(int d, int k, int n, double[] alpha, double[] mu, double[] q, double[] l,
      double[] x, double gamma, int m) {
    int lSize = d * (d - 1) / 2;
    double[] dAlpha = new double[k];
    double[] dMu = new double[k * d];
    double[] dQDiag = new double[k * d];
    double[] dSumQ = new double[k];
    double[] dL = new double[k * lSize];
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
    double[] centered = new double[k * d];
    double[] rows = new double[k * d];
    double[] mainTerm = new double[k];
    double[] dCentered = new double[d];
    double slse = 0;
    for (int i = 0; i < n; i++) {
      double mx = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < k; c++) {
        double sq = 0;
        for (int j = 0; j < d; j++) {
          centered[c * d + j] = x[i * d + j] - mu[c * d + j];
        }
        for (int j = 0; j < d; j++) {
          double row = qDiag[c * d + j] * centered[c * d + j];
          for (int t = 0; t < j; t++) {
            row += l[c * lSize + t * (2 * d - t - 1) / 2 + (j - t - 1)] * centered[c * d + t];
          }
          rows[c * d + j] = row;
          sq += row * row;
        }
        mainTerm[c] = alpha[c] + sumQ[c] - 0.5 * sq;
        mx = Math.max(mx, mainTerm[c]);
      }
      double se = 0;
      for (int c = 0; c < k; c++) {
        se += Math.exp(mainTerm[c] - mx);
      }
      double lse = Math.log(se) + mx;
      slse += lse;
      for (int c = 0; c < k; c++) {
        double w = Math.exp(mainTerm[c] - lse);
        dAlpha[c] += w;
        dSumQ[c] += w;
        java.util.Arrays.fill(dCentered, 0);
        for (int j = 0; j < d; j++) {
          double dRow = -w * rows[c * d + j];
          dQDiag[c * d + j] += dRow * centered[c * d + j];
          dCentered[j] += dRow * qDiag[c * d + j];
          for (int t = 0; t < j; t++) {
            int idx = c * lSize + t * (2 * d - t - 1) / 2 + (j - t - 1);
            dL[idx] += dRow * centered[c * d + t];
            dCentered[t] += dRow * l[idx];
          }
        }
        for (int j = 0; j < d; j++) {
          dMu[c * d + j] -= dCentered[j];
        }
      }
    }
    double ma = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < k; c++) {
      ma = Math.max(ma, alpha[c]);
    }
    double sa = 0;
    for (int c = 0; c < k; c++) {
      sa += Math.exp(alpha[c] - ma);
    }
    double lseAlpha = Math.log(sa) + ma;
    for (int c = 0; c < k; c++) {
      dAlpha[c] -= n * Math.exp(alpha[c] - lseAlpha);
    }
    double prior = 0;
    double g2 = gamma * gamma;
    for (int c = 0; c < k; c++) {
      double frobenius = 0;
      for (int j = 0; j < d; j++) {
        frobenius += qDiag[c * d + j] * qDiag[c * d + j];
        dQDiag[c * d + j] -= g2 * qDiag[c * d + j];
      }
      for (int j = 0; j < lSize; j++) {
        frobenius += l[c * lSize + j] * l[c * lSize + j];
        dL[c * lSize + j] -= g2 * l[c * lSize + j];
      }
      prior += 0.5 * g2 * frobenius - m * sumQ[c];
      dSumQ[c] += m;
    }
    double[] dQ = new double[k * d];
    for (int c = 0; c < k; c++) {
      for (int j = 0; j < d; j++) {
        dQ[c * d + j] = dQDiag[c * d + j] * qDiag[c * d + j] + dSumQ[c];
      }
    }
    double constant = -n * d * 0.5 * Math.log(2 * Math.PI);
    double value = constant + slse - n * lseAlpha - prior + k * GmmConstants.wishartConstant(d, m, gamma);
    return new double[][] {{value}, dAlpha, dMu, dQ, dL};
  }
}
