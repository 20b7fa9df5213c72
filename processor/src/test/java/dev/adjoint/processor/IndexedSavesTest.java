package dev.adjoint.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.adjoint.processor.Sources.compile;
import static dev.adjoint.processor.Sources.source;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.lang.reflect.RecordComponent;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Values saved once per trip of a nest of counted loops go to an array indexed by the loops' counters instead of a
 * stack (IndexedSaves): the generated code has the array where every condition holds and keeps the stack where one
 * does not (a save behind an {@code if}, a bound reading an outer counter), and every gradient matches central
 * finite differences of the method, empty loops included.
 */
class IndexedSavesTest {
  private static IntegrationTest.Loaded loaded;
  private static String code;

  @BeforeAll
  static void compileOnce() throws Exception {
    Compilation compilation = compile(source("p.Saves",
        "package p;",
        "import dev.adjoint.Differentiable;",
        "public class Saves {",
        // a point's trip reversed right after it (as gmm's), a value saved per component and row
        "  @Differentiable(wrt = \"w\")",
        "  public static double nest(double[] w, double[] x, int k, int d, int n) {",
        "    double total = 0;",
        "    for (int i = 0; i < n; i++) {",
        "      for (int c = 0; c < k; c++) {",
        "        for (int r = 0; r < d; r++) {",
        "          double q = 0;",
        "          for (int j = 0; j <= r; j++) {",
        "            q += w[c * d * d + r * d + j] * x[i * d + j];",
        "          }",
        "          total += Math.tanh(q);",
        "        }",
        "      }",
        "    }",
        "    return total;",
        "  }",
        // an inclusive bound from a start other than 0: the slot is i - from
        "  @Differentiable(wrt = \"x\")",
        "  public static double range(double[] x, int from, int to) {",
        "    double s = 1;",
        "    for (int i = from; i <= to; i++) {",
        "      s = s * x[i] + Math.cos(x[i]);",
        "    }",
        "    return s * s;",
        "  }",
        // a bound held by a local of the method: the array is made after it, before the loop
        "  @Differentiable",
        "  public static double local(double[] x) {",
        "    int m = x.length - 1;",
        "    double s = 1;",
        "    for (int i = 0; i < m; i++) {",
        "      s = s * x[i] + Math.sin(x[i + 1]);",
        "    }",
        "    return s * s;",
        "  }",
        // saved only when a branch runs: the stack stays
        "  @Differentiable",
        "  public static double branch(double[] x) {",
        "    double s = 1;",
        "    for (int i = 0; i < x.length; i++) {",
        "      if (x[i] > 0) {",
        "        s = s * x[i] + Math.sin(x[i]);",
        "      }",
        "    }",
        "    return s * s;",
        "  }",
        // the inner loop's bound reads the outer counter (a triangle, not a product of trip counts): the stack stays
        "  @Differentiable",
        "  public static double triangle(double[] x) {",
        "    double s = 1;",
        "    for (int i = 0; i < x.length; i++) {",
        "      for (int j = 0; j < i; j++) {",
        "        s = s * x[j] + Math.sin(x[i]);",
        "      }",
        "    }",
        "    return s * s;",
        "  }",
        "}"));
    assertThat(compilation).succeededWithoutWarnings();
    code = compilation.generatedSourceFile("p.SavesGradients").orElseThrow().getCharContent(true).toString();
    loaded = new IntegrationTest.Loaded(compilation);
  }

  private static String vjp(String name) {
    return Sources.generatedMethod(code, name + "Vjp");
  }

  @Test
  void savesOfCountedNestsAreIndexedByTheirCounters() {
    String nest = vjp("nest");
    assertTrue(nest.contains("= new double[Adjoints.cells(k, d)];"), nest);
    assertTrue(nest.contains("[c * d + r] = "), nest);
    assertFalse(nest.contains("Stack"), nest);
    String range = vjp("range");
    assertTrue(range.contains("= new double[Adjoints.cells(to + 1 - from)];"), range);
    assertTrue(range.contains("[i - from] = "), range);
    String local = vjp("local");
    assertTrue(local.contains(" = new double[Adjoints.cells(m)];"), local);
    assertTrue(local.indexOf("int m = ") < local.indexOf("new double[Adjoints.cells(m)]"), local);
    assertFalse(local.contains("release()"), local);
  }

  @Test
  void savesBehindABranchOrInATriangleStayOnAStack() {
    assertTrue(vjp("branch").contains("DoubleStack"), vjp("branch"));
    assertTrue(vjp("triangle").contains("DoubleStack"), vjp("triangle"));
  }

  @Test
  void gradientsMatchFiniteDifferences() throws Exception {
    Random random = new Random(11);
    for (int[] kdn : new int[][] {{0, 3, 2}, {2, 3, 0}, {1, 1, 1}, {3, 4, 5}}) {
      int k = kdn[0];
      int d = kdn[1];
      int n = kdn[2];
      double[] w = gaussian(random, k * d * d);
      double[] x = gaussian(random, n * d);
      double[] got = array(loaded.call("p.SavesGradients", "nest", w, x, k, d, n), "dW");
      Gradients.assertGradient(got, w, v -> call("nest", v, x, k, d, n), 1e-6, 1e-7);
    }
    for (int[] range : new int[][] {{2, 5}, {0, 0}, {4, 3}, {0, 7}}) {
      double[] x = gaussian(random, 8);
      double[] got = array(loaded.call("p.SavesGradients", "range", x, range[0], range[1]), "dX");
      Gradients.assertGradient(got, x, v -> call("range", v, range[0], range[1]), 1e-6, 1e-7);
    }
    for (String name : new String[] {"local", "branch", "triangle"}) {
      for (int n : new int[] {0, 1, 2, 6}) {
        double[] x = gaussian(random, n);
        double[] got = array(loaded.call("p.SavesGradients", name, x), "dX");
        Gradients.assertGradient(got, x, v -> call(name, v), 1e-6, 1e-7);
      }
    }
  }

  private static double call(String name, Object... args) throws Exception {
    return ((Number) loaded.call("p.Saves", name, args)).doubleValue();
  }

  private static double[] array(Object record, String name) throws Exception {
    for (RecordComponent c : record.getClass().getRecordComponents()) {
      if (c.getName().equals(name)) {
        return (double[]) c.getAccessor().invoke(record);
      }
    }
    throw new IllegalArgumentException(name);
  }

  private static double[] gaussian(Random random, int n) {
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = 0.5 * random.nextGaussian();
    }
    return a;
  }
}
