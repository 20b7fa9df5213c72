package dev.adjoint.bench.gmm;

import java.util.Random;

/**
 * A gmm problem instance generated like GradBench's evals/gmm/run.py (x, alpha, q, l standard normal; mu
 * uniform on [0,1); m = 0, gamma = 1), with java.util.Random instead of NumPy's generator.
 */
public record GmmInput(int d, int k, int n, double[] alpha, double[] mu, double[] q, double[] l, double[] x,
    double gamma, int m) {

  public static GmmInput generate(long seed, int d, int k, int n) {
    Random rnd = new Random(seed);
    double[] x = normal(rnd, n * d);
    double[] alpha = normal(rnd, k);
    double[] mu = new double[k * d];
    for (int i = 0; i < mu.length; i++) {
      mu[i] = rnd.nextDouble();
    }
    double[] q = normal(rnd, k * d);
    double[] l = normal(rnd, k * (d * (d - 1) / 2));
    return new GmmInput(d, k, n, alpha, mu, q, l, x, 1.0, 0);
  }

  private static double[] normal(Random rnd, int size) {
    double[] v = new double[size];
    for (int i = 0; i < size; i++) {
      v[i] = rnd.nextGaussian();
    }
    return v;
  }

  public double objective() {
    return GmmObjective.objective(d, k, n, alpha, mu, q, l, x, gamma, m);
  }

  public GmmObjectiveGradients.ObjectiveGradient gradient() {
    return GmmObjectiveGradients.objective(d, k, n, alpha, mu, q, l, x, gamma, m);
  }

  @Override
  public String toString() {
    return "d=" + d + " k=" + k + " n=" + n;
  }
}
