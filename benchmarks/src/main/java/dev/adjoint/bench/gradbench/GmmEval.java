package dev.adjoint.bench.gradbench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.adjoint.bench.gradbench.evals.Gmm;
import dev.adjoint.bench.gradbench.evals.GmmGradients;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/** GradBench {@code gmm}: the objective is {@link Gmm#objective}; the jacobian is its generated gradient. */
final class GmmEval {
  private GmmEval() {}

  /** The input as GradBench's C++ reads it: matrices flattened row-major. */
  record Input(int d, int k, int n, double[] alpha, double[] mu, double[] q, double[] l, double[] x, double gamma,
      int m) {

    static Input read(JsonNode input) {
      int d = Inputs.integer(input, "d");
      int k = Inputs.integer(input, "k");
      int n = Inputs.integer(input, "n");
      if (d < 1 || k < 1 || n < 1) {
        throw new IllegalArgumentException("d, k and n must be positive, got d=" + d + " k=" + k + " n=" + n);
      }
      double[] alpha = Inputs.vector(input, "alpha");
      if (alpha.length != k) {
        throw new IllegalArgumentException("\"alpha\" has " + alpha.length + " entries, expected k=" + k);
      }
      return new Input(d, k, n, alpha, rows(input, "mu", k, d), rows(input, "q", k, d),
          rows(input, "l", k, d * (d - 1) / 2), rows(input, "x", n, d), Inputs.number(input, "gamma"),
          Inputs.integer(input, "m"));
    }

    private static double[] rows(JsonNode input, String name, int count, int width) {
      double[][] rows = Inputs.rows(input, name);
      if (rows.length != count) {
        throw new IllegalArgumentException("\"" + name + "\" has " + rows.length + " rows, expected " + count);
      }
      return Inputs.flat(rows, width, name);
    }

    double objective() {
      return Gmm.objective(d, k, n, alpha, mu, q, l, x, gamma, m);
    }

    GmmGradients.ObjectiveGradient gradient() {
      return GmmGradients.objective(d, k, n, alpha, mu, q, l, x, gamma, m);
    }
  }

  /**
   * The module; at its definition it runs the objective and its gradient on a synthetic d = 64 input. Compiled
   * on GradBench's first input (d = 2) instead, the objective at d = 64 ran 3-5 times slower in some JVMs and
   * never recovered (C2 compiles once, with the profile of the short loops it saw).
   */
  static EvalModule module() {
    return EvalModule.warmedUpBy(table(), GmmEval::warmUp);
  }

  private static void warmUp(double seconds) {
    Input input = synthetic(64, 5, 50, new Random(64));
    long end = System.nanoTime() + (long) (seconds * 1e9);
    double sink = 0;
    for (int run = 0; System.nanoTime() < end; run++) {
      sink += run % 2 == 0 ? input.objective() : input.gradient().value();
    }
    if (Double.isNaN(sink)) {
      throw new IllegalStateException("the warm-up objective is NaN");
    }
  }

  /** A small well-conditioned input: Gaussian parameters and points around the origin. */
  static Input synthetic(int d, int k, int n, Random random) {
    return new Input(d, k, n, gaussian(random, k), gaussian(random, k * d), gaussian(random, k * d),
        gaussian(random, k * d * (d - 1) / 2), gaussian(random, n * d), 1.0, 0);
  }

  private static double[] gaussian(Random random, int n) {
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = 0.1 * random.nextGaussian();
    }
    return a;
  }

  private static EvalModule table() {
    return FunctionTable.primalAndDerivative("gmm", "objective", "jacobian", Input::read, Input::objective,
        Input::gradient, g -> {
          int d = g.dMu().length / g.dAlpha().length;
          int k = g.dAlpha().length;
          Map<String, Object> out = new LinkedHashMap<>();
          out.put("alpha", g.dAlpha());
          out.put("mu", Inputs.unflat(g.dMu(), k, d));
          out.put("q", Inputs.unflat(g.dQ(), k, d));
          out.put("l", Inputs.unflat(g.dL(), k, d * (d - 1) / 2));
          return out;
        });
  }
}
