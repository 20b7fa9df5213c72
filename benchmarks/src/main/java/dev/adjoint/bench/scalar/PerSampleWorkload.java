package dev.adjoint.bench.scalar;

import dev.adjoint.Differentiable;
import java.util.Random;

/**
 * Logistic regression's mean loss written as a user would: a {@code @Differentiable} helper for one sample's
 * loss, given the weights, the whole data array and the sample's index, called in a loop; and the same loop with
 * the helper inlined. The helper differentiates everything it is given, data included. Its generated adjoint
 * runs apart ({@code sampleLossForward}, then {@code sampleLossReverseInto} adding into the caller's adjoint of
 * the weights), so a gradient costs what the samples cost, not the data's length per sample.
 */
public final class PerSampleWorkload {
  private PerSampleWorkload() {}

  /** {@code log(1 + exp(-y_i w . x_i))} for the sample {@code i} (row {@code i} of {@code x}, row-major). */
  @Differentiable
  public static double sampleLoss(double[] w, double[] x, double[] y, int i) {
    int d = w.length;
    double z = 0;
    for (int j = 0; j < d; j++) {
      z += w[j] * x[i * d + j];
    }
    return Math.log(1 + Math.exp(-y[i] * z));
  }

  /** The mean of {@link #sampleLoss} over the samples. */
  @Differentiable(wrt = "w")
  public static double loss(double[] w, double[] x, double[] y) {
    double s = 0;
    for (int i = 0; i < y.length; i++) {
      s += sampleLoss(w, x, y, i);
    }
    return s / y.length;
  }

  /** The same function with the helper written inline. */
  @Differentiable(wrt = "w")
  public static double lossInlined(double[] w, double[] x, double[] y) {
    int d = w.length;
    double s = 0;
    for (int i = 0; i < y.length; i++) {
      double z = 0;
      for (int j = 0; j < d; j++) {
        z += w[j] * x[i * d + j];
      }
      s += Math.log(1 + Math.exp(-y[i] * z));
    }
    return s / y.length;
  }

  /** Weights, samples and labels (plus or minus one), from a fixed seed. */
  public record Input(double[] w, double[] x, double[] y) {
    public static Input generate(int n, int d) {
      Random r = new Random(11);
      double[] w = new double[d];
      double[] x = new double[n * d];
      double[] y = new double[n];
      for (int j = 0; j < d; j++) {
        w[j] = 0.1 * r.nextGaussian();
      }
      for (int k = 0; k < x.length; k++) {
        x[k] = r.nextGaussian();
      }
      for (int i = 0; i < n; i++) {
        y[i] = r.nextBoolean() ? 1 : -1;
      }
      return new Input(w, x, y);
    }

    @Override
    public String toString() {
      return "per-sample helper n=" + y.length + " d=" + w.length;
    }
  }
}
