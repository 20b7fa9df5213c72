package dev.adjoint.bench.gradbench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.adjoint.bench.gradbench.evals.Lstm;
import dev.adjoint.bench.gradbench.evals.LstmGradients;

/** GradBench {@code lstm}: the objective is {@link Lstm#objective}; the jacobian is its generated gradient. */
final class LstmEval {
  private LstmEval() {}

  /** The input, matrices flattened row-major; l layers, c characters of b bits. */
  record Input(double[] mainParams, double[] extraParams, double[] state, double[] sequence, int l, int c, int b) {

    static Input read(JsonNode json) {
      double[][] main = Inputs.rows(json, "main_params");
      if (main.length == 0 || main.length % 2 != 0 || main[0].length == 0 || main[0].length % 4 != 0) {
        throw new IllegalArgumentException("\"main_params\" must have 2l rows of 4b numbers, got " + main.length
            + " rows");
      }
      int l = main.length / 2;
      int b = main[0].length / 4;
      double[][] extra = Inputs.rows(json, "extra_params");
      double[][] state = Inputs.rows(json, "state");
      double[][] sequence = Inputs.rows(json, "sequence");
      if (extra.length != 3 || state.length != 2 * l || sequence.length < 2) {
        throw new IllegalArgumentException("expected 3 rows of \"extra_params\", 2l = " + 2 * l
            + " rows of \"state\" and at least 2 rows of \"sequence\", got " + extra.length + ", " + state.length
            + " and " + sequence.length);
      }
      return new Input(Inputs.flat(main, 4 * b, "main_params"), Inputs.flat(extra, b, "extra_params"),
          Inputs.flat(state, b, "state"), Inputs.flat(sequence, b, "sequence"), l, sequence.length, b);
    }

    double objective() {
      return Lstm.objective(mainParams, extraParams, state, sequence, l, c, b);
    }

    LstmGradients.ObjectiveGradient gradient() {
      return LstmGradients.objective(mainParams, extraParams, state, sequence, l, c, b);
    }
  }

  static EvalModule module() {
    return FunctionTable.primalAndDerivative("lstm", "objective", "jacobian", Input::read, Input::objective,
        Input::gradient, g -> {
          // main_params' gradient then extra_params', each flattened row by row.
          double[] out = new double[g.dMainParams().length + g.dExtraParams().length];
          System.arraycopy(g.dMainParams(), 0, out, 0, g.dMainParams().length);
          System.arraycopy(g.dExtraParams(), 0, out, g.dMainParams().length, g.dExtraParams().length);
          return out;
        });
  }
}
