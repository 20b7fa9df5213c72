package dev.adjoint.bench.gradbench.evals;

import dev.adjoint.Autograd;
import dev.adjoint.GradOption;
import dev.adjoint.GradScope;
import dev.adjoint.Tensor;
import java.util.List;

/**
 * The k-means cost of {@link KMeans} written with tensors, and the Newton direction J / diag(H) by double backward
 * on the dynamic tape, as in PyTorch: the answer the generated one ({@link KMeansNewton}) is checked against in the
 * tests, and timed against in {@code ScalarReport}.
 */
public final class KMeansOnTape {
  private KMeansOnTape() {}

  /** sum_i min_j |c_j - p_i|^2, all squared distances at once: |p|^2 + |c|^2 - 2 p.c. */
  public static Tensor cost(Tensor points, Tensor centroids) {
    Tensor pointNorms = points.square().sum(1, true);
    Tensor centroidNorms = centroids.square().sum(1, false);
    Tensor distances = pointNorms.add(centroidNorms).sub(points.matmul(centroids.t()).mul(2));
    return distances.min(1, false).sum();
  }

  /** The cost's value without recording anything. */
  public static double costValue(Tensor points, Tensor centroids) {
    try (GradScope s = Autograd.noGrad()) {
      return cost(points, centroids).item();
    }
  }

  /**
   * J / diag(H): the gradient J of the cost with respect to the centroids, then the Hessian-vector product with
   * ones, which is H's diagonal because H is diagonal.
   */
  public static Tensor direction(Tensor points, Tensor centroids) {
    try (GradScope s = Autograd.enableGrad()) {
      Tensor c = centroids.detach().requiresGrad(true);
      Tensor j = Autograd.grad(cost(points, c), c, GradOption.CREATE_GRAPH);
      Tensor h = Autograd.grad(List.of(j), List.of(c), List.of(Tensor.onesLike(c))).get(0);
      try (GradScope off = Autograd.noGrad()) {
        return j.detach().div(h);
      }
    }
  }
}
