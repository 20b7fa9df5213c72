package dev.adjoint.bench.gradbench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.adjoint.bench.gradbench.evals.Gmm;
import dev.adjoint.bench.gradbench.evals.GmmGradients;
import java.util.LinkedHashMap;
import java.util.Map;

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

  static EvalModule module() {
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
