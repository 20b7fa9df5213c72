package dev.adjoint.bench.gradbench.evals;

import dev.adjoint.Differentiable;

/**
 * GradBench {@code kmeans}: the k-means cost, the sum over the points of the squared distance to the closest
 * centroid (evals/kmeans/README.md). Plain loops over row-major arrays; {@link KMeansNewton} differentiates its
 * generated gradient again for the Newton step.
 *
 * <p>Layout (row-major): {@code points[n*d]}, {@code centroids[k*d]}.
 */
public final class KMeans {
  private KMeans() {}

  /** sum_i min_j |p_i - c_j|^2. */
  @Differentiable(wrt = "centroids")
  public static double cost(double[] points, double[] centroids, int n, int k, int d) {
    double cost = 0;
    for (int i = 0; i < n; i++) {
      double closest = Double.POSITIVE_INFINITY;
      for (int j = 0; j < k; j++) {
        double dist = 0;
        for (int l = 0; l < d; l++) {
          double diff = points[i * d + l] - centroids[j * d + l];
          dist += diff * diff;
        }
        closest = Math.min(closest, dist);
      }
      cost += closest;
    }
    return cost;
  }
}
