package dev.adjoint.bench.gmm;

/** Constant parts of the gmm objective (no parameter dependence), as in GradBench's C++ reference. */
public final class GmmConstants {
  private GmmConstants() {}

  /** n d (log gamma - log(2)/2) - log Gamma_d(n/2) with n = d + m + 1: one component's Wishart constant. */
  public static double wishartConstant(int d, int m, double gamma) {
    int n = d + m + 1;
    return n * d * (Math.log(gamma) - 0.5 * Math.log(2)) - logMultivariateGamma(0.5 * n, d);
  }

  /** log Gamma_p(a) = p(p-1)/4 log(pi) + sum_{j=1..p} log Gamma(a + (1-j)/2). */
  static double logMultivariateGamma(double a, int p) {
    double out = 0.25 * p * (p - 1) * Math.log(Math.PI);
    for (int j = 1; j <= p; j++) {
      out += logGamma(a + 0.5 * (1 - j));
    }
    return out;
  }

  private static final double[] LANCZOS = {
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
    -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
    1.5056327351493116e-7};

  /** log Gamma(z) for z > 0 by the Lanczos approximation (g = 7), about 15 significant digits. */
  static double logGamma(double z) {
    if (z < 0.5) {
      return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * z))) - logGamma(1 - z);
    }
    z -= 1;
    double a = LANCZOS[0];
    double t = z + 7.5;
    for (int i = 1; i < 9; i++) {
      a += LANCZOS[i] / (z + i);
    }
    return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
  }
}
