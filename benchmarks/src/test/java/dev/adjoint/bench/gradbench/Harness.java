package dev.adjoint.bench.gradbench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.Random;
import java.util.function.ToDoubleFunction;

/** Runs a module on an input built in Java, and central finite differences to check its derivatives with. */
final class Harness {
  private Harness() {}

  static final ObjectMapper JSON = new ObjectMapper();

  /** The output (JSON form) of one run of {@code function} on {@code input}. */
  static Object run(EvalModule module, String function, Object input) {
    JsonNode json = JSON.valueToTree(input);
    EvalModule.Computation c = module.prepare(function, json);
    return c.encode(c.run());
  }

  /** A module's scalar output. */
  static double scalar(EvalModule module, String function, Object input) {
    return ((Number) run(module, function, input)).doubleValue();
  }

  /** d f / d x_i for every i, by central differences with step h. */
  static double[] centralDifferences(ToDoubleFunction<double[]> f, double[] x, double h) {
    double[] g = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      double keep = x[i];
      x[i] = keep + h;
      double up = f.applyAsDouble(x);
      x[i] = keep - h;
      double down = f.applyAsDouble(x);
      x[i] = keep;
      g[i] = (up - down) / (2 * h);
    }
    return g;
  }

  /** Asserts {@code actual} matches {@code expected} entry by entry, relative to max(1, |expected|). */
  static void assertClose(double[] expected, double[] actual, double tolerance, String what) {
    assertEquals(expected.length, actual.length, what + ": length");
    for (int i = 0; i < expected.length; i++) {
      double scale = Math.max(1, Math.abs(expected[i]));
      assertEquals(expected[i], actual[i], tolerance * scale, what + "[" + i + "]");
    }
  }

  static double[] uniform(Random rnd, int n, double lo, double hi) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = lo + (hi - lo) * rnd.nextDouble();
    }
    return v;
  }

  static double[][] rows(Random rnd, int n, int width, double lo, double hi) {
    double[][] v = new double[n][];
    for (int i = 0; i < n; i++) {
      v[i] = uniform(rnd, width, lo, hi);
    }
    return v;
  }

  static double[] flat(double[][] rows) {
    return Inputs.flat(rows, rows[0].length, "rows");
  }


  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }
}
