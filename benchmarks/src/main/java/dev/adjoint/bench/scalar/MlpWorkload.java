package dev.adjoint.bench.scalar;

import dev.adjoint.Differentiable;
import java.util.Random;

/**
 * A two-layer perceptron's squared error written as plain Java over {@code double[]}, twice: with each
 * layer a {@code @Differentiable} method returning its activations (as an existing codebase would write
 * it), and with the layers inlined. The generated adjoint of the first runs each layer's forward sweep
 * once ({@code denseForward}, then {@code denseReverse} in the reverse sweep), so both should cost about
 * the same.
 */
public final class MlpWorkload {
  private MlpWorkload() {}

  /** {@code tanh(W x + b)}, {@code W} row-major with {@code b.length} rows. */
  @Differentiable
  public static double[] dense(double[] w, double[] b, double[] x) {
    int in = x.length;
    double[] h = new double[b.length];
    for (int o = 0; o < b.length; o++) {
      double s = b[o];
      for (int i = 0; i < in; i++) {
        s += w[o * in + i] * x[i];
      }
      h[o] = Math.tanh(s);
    }
    return h;
  }

  /** Squared error of a two-layer perceptron, layers as calls. */
  @Differentiable(wrt = {"w1", "b1", "w2", "b2"})
  public static double loss(double[] w1, double[] b1, double[] w2, double[] b2, double[] x, double[] y) {
    double[] h = dense(w1, b1, x);
    double[] o = dense(w2, b2, h);
    double l = 0;
    for (int k = 0; k < y.length; k++) {
      double d = o[k] - y[k];
      l += d * d;
    }
    return l;
  }

  /** The same function with the layers written inline. */
  @Differentiable(wrt = {"w1", "b1", "w2", "b2"})
  public static double lossInlined(double[] w1, double[] b1, double[] w2, double[] b2, double[] x, double[] y) {
    int in = x.length;
    double[] h = new double[b1.length];
    for (int o = 0; o < b1.length; o++) {
      double s = b1[o];
      for (int i = 0; i < in; i++) {
        s += w1[o * in + i] * x[i];
      }
      h[o] = Math.tanh(s);
    }
    double l = 0;
    for (int k = 0; k < y.length; k++) {
      double s = b2[k];
      for (int i = 0; i < h.length; i++) {
        s += w2[k * h.length + i] * h[i];
      }
      double d = Math.tanh(s) - y[k];
      l += d * d;
    }
    return l;
  }

  /** Weights, biases, an input and a target for {@code in -> hidden -> out}, from a fixed seed. */
  public record Input(double[] w1, double[] b1, double[] w2, double[] b2, double[] x, double[] y) {
    public static Input generate(int in, int hidden, int out) {
      Random r = new Random(7);
      return new Input(gauss(r, hidden * in, 1 / Math.sqrt(in)), gauss(r, hidden, 0.1),
          gauss(r, out * hidden, 1 / Math.sqrt(hidden)), gauss(r, out, 0.1), gauss(r, in, 1), gauss(r, out, 0.5));
    }

    private static double[] gauss(Random r, int n, double scale) {
      double[] v = new double[n];
      for (int i = 0; i < n; i++) {
        v[i] = scale * r.nextGaussian();
      }
      return v;
    }

    @Override
    public String toString() {
      return "mlp " + x.length + "-" + b1.length + "-" + b2.length;
    }
  }
}
