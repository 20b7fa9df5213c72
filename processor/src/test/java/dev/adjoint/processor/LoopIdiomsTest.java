package dev.adjoint.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.adjoint.processor.Sources.compile;
import static dev.adjoint.processor.Sources.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.lang.reflect.RecordComponent;
import java.util.Random;
import java.util.function.IntFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reverse loops that add a multiple of one array run into another become {@code Adjoints.addScaledTo} calls
 * (LoopIdioms), two such calls with one length and scale one {@code addScaledToBoth} (AccumulationPairs): the
 * generated code has the calls where the rewrite is safe and keeps the loop where it is not, and every gradient
 * matches central finite differences of the method, including runs that are empty and a pair adding twice into
 * one adjoint array.
 */
class LoopIdiomsTest {
  private static Compilation compilation;
  private static IntegrationTest.Loaded loaded;
  private static String code;

  @BeforeAll
  static void compileOnce() throws Exception {
    compilation = compile(source("p.Idioms",
        "package p;",
        "import dev.adjoint.Differentiable;",
        "public class Idioms {",
        // a matrix-vector product: both adjoint loops are runs at different offsets of different arrays
        "  @Differentiable(wrt = {\"w\", \"x\"})",
        "  public static double matvec(double[] w, double[] x, int m) {",
        "    int n = x.length;",
        "    double total = 0;",
        "    for (int o = 0; o < m; o++) {",
        "      double s = 0;",
        "      for (int i = 0; i < n; i++) {",
        "        s += w[o * n + i] * x[i];",
        "      }",
        "      total += s * s;",
        "    }",
        "    return total;",
        "  }",
        // float arrays, an inclusive bound, a shifted run and a product of several factors
        "  @Differentiable(wrt = {\"w\", \"x\"})",
        "  public static float floats(float[] w, float[] x, int from, int to) {",
        "    float s = 0;",
        "    for (int i = from; i <= to; i++) {",
        "      s -= 2f * (w[i + 1] * x[i]);",
        "    }",
        "    return s * s;",
        "  }",
        // two int factors the loop multiplies into doubles one at a time: their product must not overflow
        "  @Differentiable(wrt = {\"x\"})",
        "  public static double intFactors(double[] w, double[] x, int n, int m) {",
        "    double s = 0;",
        "    for (int i = 0; i < x.length; i++) {",
        "      s += n * (m * (w[i] * x[i]));",
        "    }",
        "    return s;",
        "  }",
        // reads another adjoint in the reverse sweep (_d_y): the loop stays
        "  @Differentiable",
        "  public static double shifted(double[] x) {",
        "    double[] y = new double[x.length];",
        "    for (int i = 0; i + 1 < x.length; i++) {",
        "      y[i] = 3 * x[i + 1];",
        "    }",
        "    double total = 0;",
        "    for (int i = 0; i < y.length; i++) {",
        "      total += y[i] * y[i];",
        "    }",
        "    return total;",
        "  }",
        // neighbours of one array: the pair's two targets are one adjoint array at overlapping runs
        "  @Differentiable",
        "  public static double neighbours(double[] x) {",
        "    double s = 0;",
        "    for (int i = 0; i + 1 < x.length; i++) {",
        "      s += x[i] * x[i + 1];",
        "    }",
        "    return s * s;",
        "  }",
        // a stride of 2: not a run, the loop stays
        "  @Differentiable(wrt = {\"w\", \"x\"})",
        "  public static double strided(double[] w, double[] x) {",
        "    double s = 0;",
        "    for (int i = 0; i < x.length; i++) {",
        "      s += w[2 * i] * x[i];",
        "    }",
        "    return s * s;",
        "  }",
        "}"));
    assertThat(compilation).succeededWithoutWarnings();
    code = compilation.generatedSourceFile("p.IdiomsGradients").orElseThrow().getCharContent(true).toString();
    loaded = new IntegrationTest.Loaded(compilation);
  }

  private static String method(String name) {
    return Sources.generatedMethod(code, name);
  }

  /**
   * The part of a generated method after its value is computed: the reverse sweep; for a loop reversed trip by
   * trip (TripwiseLoops), from that loop on.
   */
  private static String reverseSweep(String vjp) {
    int tripwise = vjp.indexOf("each trip's reverse right after it");
    return vjp.substring(tripwise >= 0 ? tripwise : vjp.indexOf("_value ="));
  }

  @Test
  void runsBecomeCallsWhereIterationsAreIndependent() {
    String matvec = reverseSweep(method("matvecVjp"));
    // the dot product's two runs, one into each operand's adjoint, in one pass
    assertTrue(matvec.contains("Adjoints.addScaledToBoth(_d_w, o * n, x, 0, _d_x, 0, w, o * n, n, _d_s);"), matvec);
    assertFalse(matvec.contains("Adjoints.addScaledTo("), matvec);
    // its rows are reversed one by one: the loop over rows holds the row's dot product and the call
    assertTrue(matvec.startsWith("each trip's reverse right after it"), matvec);
    assertEquals(2, count(matvec.substring(0, matvec.indexOf("_value =")), "for ("), "no loop is left in the reverse of a row:\n" + matvec);

    String floats = reverseSweep(method("floatsVjp"));
    assertEquals(1, count(floats, "Adjoints.addScaledToBoth("), floats);
    assertTrue(floats.contains("to - from + 1"), "the run's length from an inclusive bound:\n" + floats);
    assertFalse(floats.contains("for ("), floats);
  }

  @Test
  void aPairMayAddTwiceIntoOneAdjointArray() {
    String neighbours = reverseSweep(method("neighboursVjp"));
    assertTrue(neighbours.contains("Adjoints.addScaledToBoth(_d_x, 0, x, 1, _d_x, 1, x, 0, x.length - 1, "),
        neighbours);
  }

  @Test
  void intFactorsAreMultipliedAsDoubles() {
    String vjp = reverseSweep(method("intFactorsVjp"));
    assertTrue(vjp.contains("Adjoints.addScaledTo(_d_x, 0, w, 0, x.length, (double) "), vjp);
  }

  @Test
  void loopsStayWhereTheyReadAnAdjointOrStride() {
    String shifted = reverseSweep(method("shiftedVjp"));
    assertTrue(shifted.contains("_d_x[i + 1] +="), "a loop reading _d_y keeps its statement:\n" + shifted);
    String strided = reverseSweep(method("stridedVjp"));
    assertTrue(strided.contains("_d_w[2 * i] +="), "a strided write stays a loop:\n" + strided);
    assertFalse(strided.contains("addScaledTo"), strided);
  }

  @Test
  void gradientsMatchFiniteDifferences() throws Exception {
    Random random = new Random(7);
    for (int m : new int[] {0, 1, 3}) {
      for (int n : new int[] {0, 1, 5, 8, 19}) {
        double[] w = gaussian(random, m * n);
        double[] x = gaussian(random, n);
        Object g = loaded.call("p.IdiomsGradients", "matvec", w, x, m);
        assertGradient(array(g, "dW"), w, v -> call("matvec", v, x, m), 1e-6);
        assertGradient(array(g, "dX"), x, v -> call("matvec", w, v, m), 1e-6);
      }
    }
    // 'to' below 'from' is an empty run; 'to' up to 21 reaches the vector path of float runs
    for (int[] range : new int[][] {{0, -1}, {3, 2}, {0, 0}, {2, 9}, {0, 21}}) {
      float[] w = floats(random, 23);
      float[] x = floats(random, 23);
      Object g = loaded.call("p.IdiomsGradients", "floats", w, x, range[0], range[1]);
      assertGradient(array(g, "dW"), w, v -> call("floats", toFloats(v), x, range[0], range[1]), 2e-2);
      assertGradient(array(g, "dX"), x, v -> call("floats", w, toFloats(v), range[0], range[1]), 2e-2);
    }
    double[] ones = fill(11, i -> 1.0);
    double[] dX = array(loaded.call("p.IdiomsGradients", "intFactors", ones, ones, 100_000, 100_000), "dX");
    for (double d : dX) {
      assertEquals(1e10, d, 0, "n * m as doubles, not an overflowed int");
    }
    for (int n : new int[] {0, 1, 2, 5, 9, 17, 24}) {
      double[] x = gaussian(random, n);
      assertGradient(array(loaded.call("p.IdiomsGradients", "neighbours", x), "dX"), x, v -> call("neighbours", v),
          1e-6);
    }
    for (int n : new int[] {1, 2, 9}) {
      double[] x = gaussian(random, n);
      assertGradient(array(loaded.call("p.IdiomsGradients", "shifted", x), "dX"), x, v -> call("shifted", v), 1e-6);
      double[] w = gaussian(random, 2 * n);
      Object g = loaded.call("p.IdiomsGradients", "strided", w, x);
      assertGradient(array(g, "dW"), w, v -> call("strided", v, x), 1e-6);
      assertGradient(array(g, "dX"), x, v -> call("strided", w, v), 1e-6);
    }
  }

  /** Central differences against {@code gradient}; a float point takes a larger step. */
  private static void assertGradient(double[] gradient, Object at, Gradients.Objective f, double tolerance) throws Exception {
    boolean floats = at instanceof float[];
    double[] point = floats ? toDoubles((float[]) at) : (double[]) at;
    Gradients.assertGradient(gradient, point, f, floats ? 1e-2 : 1e-6, tolerance);
  }

  private static double call(String name, Object... args) throws Exception {
    return ((Number) loaded.call("p.Idioms", name, args)).doubleValue();
  }

  private static double[] array(Object record, String name) throws Exception {
    for (RecordComponent c : record.getClass().getRecordComponents()) {
      if (c.getName().equals(name)) {
        Object value = c.getAccessor().invoke(record);
        return value instanceof float[] fs ? toDoubles(fs) : (double[]) value;
      }
    }
    throw new IllegalArgumentException(name);
  }

  private static double[] gaussian(Random random, int n) {
    return fill(n, i -> random.nextGaussian());
  }

  private static float[] floats(Random random, int n) {
    return toFloats(fill(n, i -> random.nextGaussian()));
  }

  private static double[] fill(int n, IntFunction<Double> value) {
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = value.apply(i);
    }
    return a;
  }

  private static float[] toFloats(double[] a) {
    float[] f = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      f[i] = (float) a[i];
    }
    return f;
  }

  private static double[] toDoubles(float[] a) {
    double[] d = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      d[i] = a[i];
    }
    return d;
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }
}
