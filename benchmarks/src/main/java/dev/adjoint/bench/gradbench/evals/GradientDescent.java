package dev.adjoint.bench.gradbench.evals;

/**
 * The gradient-descent solver GradBench's saddle and particle evals prescribe (cpp/gradbench/gd.hpp in GradBench):
 * a fixed step that doubles after ten improving steps and halves after a worsening one, until the gradient or the
 * step is shorter than 1e-5.
 */
public final class GradientDescent {
  private GradientDescent() {}

  /** A function to minimise and its gradient. */
  public interface Objective {
    double value(double[] x);

    double[] gradient(double[] x);
  }

  /** argmin f, starting at {@code start}. */
  public static double[] argmin(Objective f, double[] start) {
    double[] x = start.clone();
    double fx = f.value(x);
    double[] gx = f.gradient(x);
    int improved = 0;
    double eta = 1e-5;
    while (true) {
      if (norm(gx) <= 1e-5) {
        return x;
      } else if (improved == 10) {
        eta *= 2;
        improved = 0;
      } else {
        double[] next = new double[x.length];
        double step = 0;
        for (int j = 0; j < x.length; j++) {
          next[j] = x[j] - eta * gx[j];
          step += (next[j] - x[j]) * (next[j] - x[j]);
        }
        if (Math.sqrt(step) <= 1e-5) {
          return x;
        }
        double fNext = f.value(next);
        if (fNext < fx) {
          x = next;
          fx = fNext;
          gx = f.gradient(x);
          improved++;
        } else {
          eta /= 2;
          improved = 0;
        }
      }
    }
  }

  /** argmax f: the argmin of -f. */
  public static double[] argmax(Objective f, double[] start) {
    return argmin(new Objective() {
      @Override
      public double value(double[] x) {
        return -f.value(x);
      }

      @Override
      public double[] gradient(double[] x) {
        double[] g = f.gradient(x);
        double[] out = new double[g.length];
        for (int i = 0; i < g.length; i++) {
          out[i] = -g[i];
        }
        return out;
      }
    }, start);
  }

  private static double norm(double[] v) {
    double s = 0;
    for (double e : v) {
      s += e * e;
    }
    return Math.sqrt(s);
  }
}
