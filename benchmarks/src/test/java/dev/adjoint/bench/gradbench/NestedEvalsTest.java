package dev.adjoint.bench.gradbench;

import static dev.adjoint.bench.gradbench.Harness.assertClose;
import static dev.adjoint.bench.gradbench.Harness.centralDifferences;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.DType;
import dev.adjoint.Tensor;
import dev.adjoint.bench.gradbench.evals.KMeans;
import dev.adjoint.bench.gradbench.evals.KMeansNewton;
import dev.adjoint.bench.gradbench.evals.KMeansNewtonGradients;
import dev.adjoint.bench.gradbench.evals.KMeansOnTape;
import dev.adjoint.bench.gradbench.evals.Particle;
import dev.adjoint.bench.gradbench.evals.Saddle;
import dev.adjoint.bench.gradbench.evals.SaddleGradients;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** kmeans, saddle and particle: first and second derivatives against finite differences. */
class NestedEvalsTest {

  @Test
  void kmeansDirectionIsTheGradientOverTheHessianDiagonal() {
    Random rnd = new Random(3);
    double[][] points = Harness.rows(rnd, 12, 3, 0, 1);
    double[][] centroids = Arrays.copyOfRange(points, 9, 12);
    EvalModule kmeans = NestedEvals.kmeans();
    double[][] dir = (double[][]) Harness.run(kmeans, "dir", Map.of("points", points, "centroids", centroids));
    double[] c = Harness.flat(centroids);
    double h = 1e-3;
    double[] gradient = centralDifferences(v -> cost(kmeans, points, v), c, h);
    double[] expected = new double[c.length];
    double center = cost(kmeans, points, c);
    for (int i = 0; i < c.length; i++) {
      double keep = c[i];
      c[i] = keep + h;
      double up = cost(kmeans, points, c);
      c[i] = keep - h;
      double down = cost(kmeans, points, c);
      c[i] = keep;
      expected[i] = gradient[i] / ((up - 2 * center + down) / (h * h));
    }
    assertClose(expected, Harness.flat(dir), 1e-6, "J / diag(H)");
  }

  @Test
  void kmeansGeneratedSecondDerivativesMatchTheTapes() {
    Random rnd = new Random(11);
    int n = 200;
    int k = 7;
    int d = 5;
    double[][] points = Harness.rows(rnd, n, d, -1, 1);
    double[][] centroids = Harness.rows(rnd, k, d, -1, 1);
    double[] p = Harness.flat(points);
    double[] c = Harness.flat(centroids);
    Tensor pt = Tensor.of(DType.FLOAT64, p, n, d);
    Tensor ct = Tensor.of(DType.FLOAT64, c, k, d);

    assertEquals(KMeansOnTape.costValue(pt, ct), KMeans.cost(p, c, n, k, d), 1e-10, "cost");
    double[] tape = KMeansOnTape.direction(pt, ct).toDoubleArray();
    double[] generated = KMeansNewton.direction(p, c, n, k, d);
    assertClose(tape, generated, 1e-12, "J / diag(H), generated against the tape");
    KMeansNewtonGradients.GradientTangent jh = KMeansNewtonGradients.gradientJvp(p, c, n, k, d, ones(c.length));
    double[] hessianDiagonal = jh.tangent();
    int[] owned = new int[k];
    for (int i = 0; i < n; i++) {
      owned[closest(p, c, i, k, d)]++;
    }
    for (int j = 0; j < k; j++) {
      for (int l = 0; l < d; l++) {
        assertEquals(2.0 * owned[j], hessianDiagonal[j * d + l], 0, "H's diagonal is twice each centroid's points");
      }
    }
  }

  private static double[] ones(int length) {
    double[] ones = new double[length];
    Arrays.fill(ones, 1);
    return ones;
  }

  private static int closest(double[] p, double[] c, int i, int k, int d) {
    int best = -1;
    double bestDistance = Double.POSITIVE_INFINITY;
    for (int j = 0; j < k; j++) {
      double distance = 0;
      for (int l = 0; l < d; l++) {
        distance += (p[i * d + l] - c[j * d + l]) * (p[i * d + l] - c[j * d + l]);
      }
      if (distance < bestDistance) {
        bestDistance = distance;
        best = j;
      }
    }
    return best;
  }

  private static double cost(EvalModule kmeans, double[][] points, double[] centroids) {
    return Harness.scalar(kmeans, "cost", Map.of("points", points, "centroids", Inputs.unflat(centroids, 3, 3)));
  }

  @Test
  void saddleGradientMatchesFiniteDifferences() {
    double[] at = {0.3, -1.2, 0.7, 2.0};
    SaddleGradients.FGradient g = SaddleGradients.f(at[0], at[1], at[2], at[3]);
    double[] fd = centralDifferences(v -> Saddle.f(v[0], v[1], v[2], v[3]), at, 1e-6);
    assertClose(fd, new double[] {g.dX1(), g.dY1(), g.dX2(), g.dY2()}, 1e-8, "d f");
  }

  @Test
  void saddleFindsTheSaddlePointInEveryMode() {
    for (String mode : new String[] {"rr", "rf", "fr", "ff"}) {
      double[] found = (double[]) Harness.run(NestedEvals.saddle(), mode, Map.of("start", new double[] {1, 1}));
      for (double v : found) {
        assertEquals(0, v, 1e-4, mode + ": " + Arrays.toString(found));
      }
    }
  }

  @Test
  void particleTrajectoryDerivativeMatchesFiniteDifferencesInEveryMode() {
    for (double w : new double[] {0.1}) {
      double h = 1e-6;
      double fd = (Particle.missSquared(w + h, Saddle.Mode.REVERSE) - Particle.missSquared(w - h, Saddle.Mode.REVERSE)) / (2 * h);
      for (Saddle.Mode outer : Saddle.Mode.values()) {
        for (Saddle.Mode inner : Saddle.Mode.values()) {
          assertEquals(fd, Particle.missSquaredDerivative(w, outer, inner), 1e-5 * Math.max(1, Math.abs(fd)),
              outer + "/" + inner + " at w=" + w);
        }
      }
    }
  }

  @Test
  void kmeansCostAgreesWithTheDefinitionInBothForms() {
    double[] p = {0, 0, 1, 0, 5, 5};
    double[] c = {0, 0, 4, 4};
    // min distances squared: 0, 1, 2.
    assertEquals(3.0, KMeans.cost(p, c, 3, 2, 2), 0);
    assertEquals(3.0, KMeansOnTape.costValue(Tensor.of(DType.FLOAT64, p, 3, 2), Tensor.of(DType.FLOAT64, c, 2, 2)),
        1e-12);
  }
}
