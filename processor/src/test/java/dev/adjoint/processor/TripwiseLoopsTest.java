package dev.adjoint.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.adjoint.processor.Sources.compile;
import static dev.adjoint.processor.Gradients.array;
import static dev.adjoint.processor.Gradients.assertGradient;
import static dev.adjoint.processor.Gradients.component;
import static dev.adjoint.processor.Gradients.gaussian;
import static dev.adjoint.processor.Sources.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Top-level loops whose trips share nothing but sums run each trip's reverse right after the trip
 * (TripwiseLoops): the generated code does so exactly where the trips are independent, keeps the plain
 * reversal where a value flows from one trip into the next or the code after the loop needs it, and every
 * gradient matches central finite differences either way.
 */
class TripwiseLoopsTest {
  private static final String MARK = "each trip's reverse right after it";
  private static Compilation compilation;
  private static IntegrationTest.Loaded loaded;
  private static String code;

  @BeforeAll
  static void compileOnce() throws Exception {
    compilation = compile(source("p.Trips",
        "package p;",
        "import dev.adjoint.Differentiable;",
        "public class Trips {",
        // the mean squared error of a line: one sum, divided by a length
        "  @Differentiable",
        "  public static double meanSquare(double[] w, double[] xs) {",
        "    double sum = 0;",
        "    for (int i = 0; i < xs.length; i++) {",
        "      double r = w[0] * xs[i] + w[1] - Math.sin(xs[i]);",
        "      sum += r * r;",
        "    }",
        "    return sum / xs.length;",
        "  }",
        // a mixture: scratch arrays of the top level filled whole by each trip before it reads them, a call
        "  @Differentiable(wrt = {\"mu\", \"x\"})",
        "  public static double mixture(double[] mu, double[] x, int d, int k, int n) {",
        "    double[] centered = new double[d];",
        "    double[] terms = new double[k];",
        "    double total = 0;",
        "    for (int i = 0; i < n; i++) {",
        "      for (int c = 0; c < k; c++) {",
        "        for (int j = 0; j < d; j++) {",
        "          centered[j] = x[i * d + j] - mu[c * d + j];",
        "        }",
        "        double sq = 0;",
        "        for (int j = 0; j < d; j++) {",
        "          sq += centered[j] * centered[j];",
        "        }",
        "        terms[c] = -0.5 * sq;",
        "      }",
        "      total += logSumExp(terms);",
        "    }",
        "    return 3 - total / n;",
        "  }",
        "  @Differentiable",
        "  static double logSumExp(double[] v) {",
        "    double m = v[0];",
        "    for (int i = 1; i < v.length; i++) {",
        "      m = Math.max(m, v[i]);",
        "    }",
        "    double s = 0;",
        "    for (int i = 0; i < v.length; i++) {",
        "      s += Math.exp(v[i] - m);",
        "    }",
        "    return m + Math.log(s);",
        "  }",
        // two sums, one subtracted, scaled by a parameter in the result; an array allocated inside each trip
        "  @Differentiable(wrt = {\"x\"})",
        "  public static double twoSums(double[] x, double scale) {",
        "    double a = 0;",
        "    double b = 0;",
        "    for (int i = 1; i < x.length; i++) {",
        "      double[] pair = new double[2];",
        "      pair[0] = Math.exp(x[i - 1]);",
        "      pair[1] = x[i] * pair[0];",
        "      a += pair[1] * pair[1];",
        "      b -= Math.tanh(pair[0]);",
        "    }",
        "    return scale * a + b / 3;",
        "  }",
        // rows of a matrix through an enhanced for, a dot product per row
        "  @Differentiable(wrt = {\"w\"})",
        "  public static double rows(double[] w, double[][] xs, double[] ys) {",
        "    double loss = 0;",
        "    int i = 0;",
        "    for (double[] row : xs) {",
        "      double z = 0;",
        "      for (int j = 0; j < w.length; j++) {",
        "        z += w[j] * row[j];",
        "      }",
        "      double r = Math.tanh(z) - ys[i];",
        "      loss += r * r;",
        "      i++;",
        "    }",
        "    return loss;",
        "  }",
        // a counter the reverse needs (it indexes an active array): its reverse steps it back, so the plain reversal
        "  @Differentiable",
        "  public static double countedBack(double[] w, double[] xs) {",
        "    double loss = 0;",
        "    int k = 0;",
        "    for (int i = 0; i < xs.length; i++) {",
        "      double r = Math.sin(w[k] * xs[i]);",
        "      loss += r * r;",
        "      k += 1;",
        "    }",
        "    return loss;",
        "  }",
        // float
        "  @Differentiable",
        "  public static float floats(float[] x) {",
        "    float s = 0;",
        "    for (int i = 0; i < x.length; i++) {",
        "      float e = (float) Math.exp(x[i]);",
        "      s += e * x[i];",
        "    }",
        "    return 2f * s;",
        "  }",
        // a value flows into the next trip through an array (read before the trip writes it): plain reversal
        "  @Differentiable",
        "  public static double carried(double[] x, int d, int n) {",
        "    double[] prev = new double[d];",
        "    double s = 0;",
        "    for (int i = 0; i < n; i++) {",
        "      for (int j = 0; j < d; j++) {",
        "        s += prev[j] * x[i * d + j];",
        "      }",
        "      for (int j = 0; j < d; j++) {",
        "        prev[j] = Math.sin(x[i * d + j]);",
        "      }",
        "    }",
        "    return s;",
        "  }",
        // the array is filled only in part before it is read
        "  @Differentiable",
        "  public static double partlyFilled(double[] x, int d, int n) {",
        "    double[] prev = new double[d];",
        "    double s = 0;",
        "    for (int i = 0; i < n; i++) {",
        "      for (int j = 0; j < d - 1; j++) {",
        "        prev[j] = x[i * d + j];",
        "      }",
        "      for (int j = 0; j < d; j++) {",
        "        s += prev[j] * prev[j] * x[i * d + j];",
        "      }",
        "    }",
        "    return s;",
        "  }",
        // the result squares the sum
        "  @Differentiable",
        "  public static double squaredSum(double[] x) {",
        "    double s = 0;",
        "    for (int i = 0; i < x.length; i++) {",
        "      s += Math.cos(x[i]);",
        "    }",
        "    return s * s;",
        "  }",
        // the trip reads the sum
        "  @Differentiable",
        "  public static double readsSum(double[] x) {",
        "    double s = 1;",
        "    for (int i = 0; i < x.length; i++) {",
        "      s += s * x[i];",
        "    }",
        "    return s;",
        "  }",
        // the code after the loop reads the sum, and writes an array the loop reads
        "  @Differentiable",
        "  public static double tailUses(double[] x) {",
        "    double[] y = x.clone();",
        "    double s = 0;",
        "    for (int i = 0; i < y.length; i++) {",
        "      s += y[i] * y[i];",
        "    }",
        "    double t = s * s;",
        "    y[0] = t;",
        "    return t + s + y[0];",
        "  }",
        // a local of the top level carries the last trip's value out
        "  @Differentiable",
        "  public static double lastValue(double[] x) {",
        "    double last = 0;",
        "    double s = 0;",
        "    for (int i = 0; i < x.length; i++) {",
        "      last = Math.exp(x[i]);",
        "      s += last;",
        "    }",
        "    return s + last;",
        "  }",
        // the fill runs under a condition
        "  @Differentiable",
        "  public static double conditionalFill(double[] x, int d, int n) {",
        "    double[] row = new double[d];",
        "    double s = 0;",
        "    for (int i = 0; i < n; i++) {",
        "      if (x[i * d] > 0) {",
        "        for (int j = 0; j < d; j++) {",
        "          row[j] = x[i * d + j];",
        "        }",
        "      }",
        "      for (int j = 0; j < d; j++) {",
        "        s += row[j] * x[i * d + j];",
        "      }",
        "    }",
        "    return s;",
        "  }",
        "}"));
    assertThat(compilation).succeededWithoutWarnings();
    code = compilation.generatedSourceFile("p.TripsGradients").orElseThrow().getCharContent(true).toString();
    loaded = new IntegrationTest.Loaded(compilation);
  }

  private static String method(String name) {
    return Sources.generatedMethod(code, name);
  }

  @Test
  void independentTripsAreReversedOneByOne() {
    for (String name : List.of("meanSquare", "mixture", "twoSums", "floats", "rows")) {
      String vjp = method(name + "Vjp");
      assertTrue(vjp.contains(MARK), name + ":\n" + vjp);
      // the sum's adjoint is set before the loop, and nothing runs the loop backwards afterwards
      assertFalse(vjp.contains("i >= 0; i--"), name + ":\n" + vjp);
    }
    // the trip's reverse starts by restoring r, which it still holds right after the trip: no tape is left
    String meanSquare = method("meanSquareVjp");
    assertFalse(meanSquare.contains("Stack"), meanSquare);
    assertTrue(meanSquare.indexOf("sum += r * r;") < meanSquare.indexOf("_d_r += 2 * (_d_sum * r);"), meanSquare);
    String mixture = method("mixtureVjp");
    // what a trip saved for its own reverse needs no stack: the call's pullback and the row's values stay in locals
    assertFalse(mixture.contains("Stack"), mixture);
    assertTrue(mixture.contains("double[] _k") && mixture.contains(".dV();"), mixture);
    assertTrue(mixture.contains("double _d_total = -(seed / n);") || mixture.contains("double _d_total = -seed / n;")
        || mixture.contains("_d_total = "), mixture);
    assertTrue(mixture.indexOf("_d_total") < mixture.indexOf(MARK), "the seed comes first:\n" + mixture);
  }

  @Test
  void tripsThatShareValuesKeepThePlainReversal() {
    for (String name : List.of("carried", "partlyFilled", "squaredSum", "readsSum", "tailUses", "lastValue",
        "conditionalFill", "countedBack")) {
      String vjp = method(name + "Vjp");
      assertFalse(vjp.contains(MARK), name + ":\n" + vjp);
    }
  }

  @Test
  void gradientsMatchFiniteDifferences() throws Exception {
    Random random = new Random(11);
    for (int n : new int[] {0, 1, 4, 9}) {
      double[] w = gaussian(random, 2);
      double[] xs = gaussian(random, n);
      Object g = loaded.call("p.TripsGradients", "meanSquare", w, xs);
      if (n > 0) {
        assertGradient(array(g, "dW"), w, v -> call("meanSquare", v, xs));
        assertGradient(array(g, "dXs"), xs, v -> call("meanSquare", w, v));
      }
    }
    for (int[] s : new int[][] {{1, 1, 1}, {2, 3, 4}, {3, 1, 2}, {4, 5, 3}}) {
      int d = s[0];
      int k = s[1];
      int n = s[2];
      double[] mu = gaussian(random, k * d);
      double[] x = gaussian(random, n * d);
      Object g = loaded.call("p.TripsGradients", "mixture", mu, x, d, k, n);
      assertGradient(array(g, "dMu"), mu, v -> call("mixture", v, x, d, k, n));
      assertGradient(array(g, "dX"), x, v -> call("mixture", mu, v, d, k, n));
    }
    for (int n : new int[] {0, 1, 2, 7}) {
      double[] x = gaussian(random, n);
      assertGradient(array(loaded.call("p.TripsGradients", "twoSums", x, 1.7), "dX"), x, v -> call("twoSums", v, 1.7));
      double[] f = gaussian(random, n);
      float[] ff = new float[n];
      for (int i = 0; i < n; i++) {
        ff[i] = (float) f[i];
      }
      float[] dF = (float[]) component(loaded.call("p.TripsGradients", "floats", (Object) ff), "dX");
      for (int i = 0; i < n; i++) {
        double expected = 2 * Math.exp(ff[i]) * (1 + ff[i]);
        assertEquals(expected, dF[i], 1e-4 * Math.max(1, Math.abs(expected)), "floats element " + i);
      }
      assertGradient(array(loaded.call("p.TripsGradients", "squaredSum", x), "dX"), x, v -> call("squaredSum", v));
      assertGradient(array(loaded.call("p.TripsGradients", "readsSum", x), "dX"), x, v -> call("readsSum", v));
      assertGradient(array(loaded.call("p.TripsGradients", "lastValue", x), "dX"), x, v -> call("lastValue", v));
      if (n > 0) {
        assertGradient(array(loaded.call("p.TripsGradients", "tailUses", x), "dX"), x, v -> call("tailUses", v));
      }
    }
    for (int n : new int[] {0, 1, 3}) {
      double[] w = gaussian(random, 3);
      double[][] xs = new double[n][];
      for (int i = 0; i < n; i++) {
        xs[i] = gaussian(random, 3);
      }
      double[] ys = gaussian(random, n);
      assertGradient(array(loaded.call("p.TripsGradients", "rows", w, xs, ys), "dW"), w, v -> call("rows", v, xs, ys));
      double[] wide = gaussian(random, n);
      double[] points = gaussian(random, n);
      Object g = loaded.call("p.TripsGradients", "countedBack", wide, points);
      assertGradient(array(g, "dW"), wide, v -> call("countedBack", v, points));
      assertGradient(array(g, "dXs"), points, v -> call("countedBack", wide, v));
    }
    for (int[] s : new int[][] {{1, 1}, {2, 3}, {3, 4}}) {
      int d = s[0];
      int n = s[1];
      double[] x = gaussian(random, n * d);
      for (String name : List.of("carried", "partlyFilled", "conditionalFill")) {
        assertGradient(array(loaded.call("p.TripsGradients", name, x, d, n), "dX"), x, v -> call(name, v, d, n));
      }
    }
  }

  private static double call(String name, Object... args) throws Exception {
    return ((Number) loaded.call("p.Trips", name, args)).doubleValue();
  }
}
