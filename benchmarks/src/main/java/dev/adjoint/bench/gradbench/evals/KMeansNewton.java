package dev.adjoint.bench.gradbench.evals;

import dev.adjoint.Differentiable;
import java.util.Arrays;

/**
 * The direction of one Newton step of {@link KMeans#cost}, J / diag(H) (evals/kmeans/README.md): the cost's
 * generated gradient J, differentiated again in forward mode, gives J and a Hessian-vector product in one run
 * (JAX's {@code jvp(grad(f))}). A class of its own because it reads {@code KMeansGradients}, which the processor
 * writes for {@link KMeans}.
 */
public final class KMeansNewton {
  private KMeansNewton() {}

  /** The cost's gradient with respect to the centroids, in forward mode only ({@code gradientJvp}). */
  @Differentiable(wrt = "centroids", jvp = true, vjp = false)
  public static double[] gradient(double[] points, double[] centroids, int n, int k, int d) {
    return KMeansGradients.cost(points, centroids, n, k, d).dCentroids();
  }

  /**
   * J / diag(H). H is diagonal (each centroid's coordinates meet only in the squared distances of its own points),
   * so its product with a vector of ones is its diagonal.
   */
  public static double[] direction(double[] points, double[] centroids, int n, int k, int d) {
    double[] ones = new double[centroids.length];
    Arrays.fill(ones, 1);
    KMeansNewtonGradients.GradientTangent gradientAndHessian =
        KMeansNewtonGradients.gradientJvp(points, centroids, n, k, d, ones);
    double[] gradient = gradientAndHessian.value();
    double[] hessianDiagonal = gradientAndHessian.tangent();
    double[] direction = new double[gradient.length];
    for (int i = 0; i < direction.length; i++) {
      direction[i] = gradient[i] / hessianDiagonal[i];
    }
    return direction;
  }
}
