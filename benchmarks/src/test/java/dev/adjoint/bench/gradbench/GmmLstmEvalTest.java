package dev.adjoint.bench.gradbench;

import static dev.adjoint.bench.gradbench.Harness.assertClose;
import static dev.adjoint.bench.gradbench.Harness.centralDifferences;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** gmm and lstm through their modules: every entry of the jacobian against central finite differences. */
class GmmLstmEvalTest {
  private final Random rnd = new Random(11);

  @Test
  void gmmJacobianMatchesFiniteDifferences() {
    int d = 3;
    int k = 2;
    int n = 4;
    Map<String, Object> input = new LinkedHashMap<>();
    input.put("d", d);
    input.put("k", k);
    input.put("n", n);
    input.put("x", Harness.rows(rnd, n, d, -1, 1));
    input.put("m", 1);
    input.put("gamma", 1.5);
    input.put("alpha", Harness.uniform(rnd, k, -1, 1));
    input.put("mu", Harness.rows(rnd, k, d, 0, 1));
    input.put("q", Harness.rows(rnd, k, d, -0.5, 0.5));
    input.put("l", Harness.rows(rnd, k, d * (d - 1) / 2, -1, 1));
    EvalModule gmm = GmmEval.module();
    Map<String, Object> jacobian = Harness.map(Harness.run(gmm, "jacobian", input));
    assertEquals(java.util.List.of("alpha", "mu", "q", "l"), java.util.List.copyOf(jacobian.keySet()));

    double[] alpha = (double[]) input.get("alpha");
    assertClose(centralDifferences(v -> Harness.scalar(gmm, "objective", with(input, "alpha", v)), alpha, 1e-6),
        (double[]) jacobian.get("alpha"), 1e-6, "d / d alpha");
    for (String name : new String[] {"mu", "q", "l"}) {
      double[][] rows = (double[][]) input.get(name);
      double[][] got = (double[][]) jacobian.get(name);
      assertEquals(k, got.length, name + " rows");
      for (int c = 0; c < k; c++) {
        int row = c;
        double[] fd = centralDifferences(v -> {
          double[][] changed = rows.clone();
          changed[row] = v;
          return Harness.scalar(gmm, "objective", with(input, name, changed));
        }, rows[c].clone(), 1e-6);
        assertClose(fd, got[c], 1e-6, "d / d " + name + "[" + c + "]");
      }
    }
  }

  @Test
  void lstmJacobianMatchesFiniteDifferences() {
    int l = 2;
    int b = 3;
    int c = 5;
    double[][] sequence = new double[c][b];
    for (double[] row : sequence) {
      for (int i = 0; i < b; i++) {
        row[i] = rnd.nextBoolean() ? 1 : 0;
      }
    }
    Map<String, Object> input = new LinkedHashMap<>();
    input.put("main_params", Harness.rows(rnd, 2 * l, 4 * b, 0, 1));
    input.put("extra_params", Harness.rows(rnd, 3, b, 0, 1));
    input.put("state", Harness.rows(rnd, 2 * l, b, 0, 1));
    input.put("sequence", sequence);
    EvalModule lstm = LstmEval.module();
    double[] jacobian = (double[]) Harness.run(lstm, "jacobian", input);

    double[] main = Harness.flat((double[][]) input.get("main_params"));
    double[] extra = Harness.flat((double[][]) input.get("extra_params"));
    assertEquals(main.length + extra.length, jacobian.length);
    double[] fdMain = centralDifferences(v -> Harness.scalar(lstm, "objective",
        with(input, "main_params", Inputs.unflat(v, 2 * l, 4 * b))), main, 1e-6);
    double[] fdExtra = centralDifferences(v -> Harness.scalar(lstm, "objective",
        with(input, "extra_params", Inputs.unflat(v, 3, b))), extra, 1e-6);
    assertClose(fdMain, java.util.Arrays.copyOfRange(jacobian, 0, main.length), 1e-7, "d / d main_params");
    assertClose(fdExtra, java.util.Arrays.copyOfRange(jacobian, main.length, jacobian.length), 1e-7,
        "d / d extra_params");
  }

  private static Map<String, Object> with(Map<String, Object> input, String name, Object value) {
    Map<String, Object> changed = new LinkedHashMap<>(input);
    changed.put(name, value);
    return changed;
  }
}
