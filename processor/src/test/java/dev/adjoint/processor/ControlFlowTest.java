package dev.adjoint.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.adjoint.processor.Sources.compile;
import static dev.adjoint.processor.Sources.source;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import java.util.Random;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Jumps that leave loops early (return, labelled break and continue, continue in do-while) compiled
 * by the processor and checked against central finite differences at many points.
 */
class ControlFlowTest {
  private static IntegrationTest.Loaded loaded;

  @BeforeAll
  static void compileOnce() throws Exception {
    JavaFileObject src = source("p.Jumps",
        "package p;",
        "import dev.adjoint.Differentiable;",
        "public class Jumps {",
        "  @Differentiable public static double deepReturn(double x, double y) {",
        "    double s = x;",
        "    for (int i = 0; i < 4; i++) {",
        "      for (int j = 0; j < 3; j++) {",
        "        s = s * 1.2 + y * Math.sin(s);",
        "        if (s > 3) return s * y;",
        "      }",
        "      s -= 0.1 * x;",
        "    }",
        "    return s + y;",
        "  }",
        "  @Differentiable public static double labelled(double x, double y) {",
        "    double s = 0;",
        "    int i = 0;",
        "    outer:",
        "    while (i < 5) {",
        "      i++;",
        "      var t = x * i;",
        "      int j = 0;",
        "      while (j < 4) {",
        "        j++;",
        "        s += Math.sin(t * j) * y;",
        "        if (s > 2) break outer;",
        "        if (s < -1) continue outer;",
        "      }",
        "      s = s * 0.9;",
        "    }",
        "    return s;",
        "  }",
        "  @Differentiable public static double doContinue(double x, double y) {",
        "    double s = x;",
        "    int k = 0;",
        "    do {",
        "      k++;",
        "      if (k % 2 == 0) continue;",
        "      s = s * y + Math.cos(s);",
        "    } while (k < 6);",
        "    return s;",
        "  }",
        "  @Differentiable public static double returnAfterLoops(double x, double y, double z) {",
        "    z *= Math.tanh(z);",
        "    for (int i = 0; i < 2; i++) {",
        "      x -= Math.tanh(x * y);",
        "      if (z > 2.9) return x + 1;",
        "      if (y > 1.6) return z;",
        "    }",
        "    int n = 0;",
        "    while (n < 3 && y < 4.7) {",
        "      if (x * x > 1.6) {",
        "        z = 0.5 * Math.tanh(z * y) + 0.6;",
        "      } else {",
        "        y = 0.5 * Math.tanh(y - x) + 0.6;",
        "      }",
        "      if (z > 0.67) return Math.atan(y) + Math.exp(Math.sin(z));",
        "      n++;",
        "    }",
        "    return x * y - z;",
        "  }",
        "  @Differentiable public static double breakThenGuard(double x, double y) {",
        "    double v = y;",
        "    for (int i = 0; i < 3; i++) {",
        "      if (v > 0.5) {",
        "        for (int j = 0; j < 2; j++) x = 0.8 * x + 0.2 * Math.tanh(v);",
        "        if (x > 0.7) break;",
        "      } else {",
        "        v = x / (1 + v * v);",
        "      }",
        "      v /= 2.0 + Math.sin(x);",
        "    }",
        "    return x * v;",
        "  }",
        "}");
    Compilation c = compile(src);
    assertThat(c).succeededWithoutWarnings();
    loaded = new IntegrationTest.Loaded(c);
  }

  private static void check(String method, int params) throws Exception {
    Random r = new Random(42);
    String[] names = {"dX", "dY", "dZ"};
    for (int trial = 0; trial < 40; trial++) {
      Object[] in = new Object[params];
      for (int k = 0; k < params; k++) {
        in[k] = 0.2 + 1.6 * r.nextDouble();
      }
      Object g = loaded.call("p.JumpsGradients", method, in);
      assertEquals((double) loaded.call("p.Jumps", method, in), IntegrationTest.component(g, "value"), 0);
      for (int k = 0; k < params; k++) {
        double h = 1e-6;
        Object[] plus = in.clone();
        Object[] minus = in.clone();
        plus[k] = (double) in[k] + h;
        minus[k] = (double) in[k] - h;
        double fd = ((double) loaded.call("p.Jumps", method, plus) - (double) loaded.call("p.Jumps", method, minus)) / (2 * h);
        double ad = IntegrationTest.component(g, names[k]);
        assertEquals(fd, ad, 1e-5 * Math.max(1, Math.abs(fd)), method + " " + names[k] + " at " + java.util.Arrays.toString(in));
      }
    }
  }

  @Test
  void returnFromNestedLoops() throws Exception {
    check("deepReturn", 2);
  }

  @Test
  void labelledBreakAndContinue() throws Exception {
    check("labelled", 2);
  }

  @Test
  void continueInDoWhile() throws Exception {
    check("doContinue", 2);
  }

  @Test
  void breakBeforeAGuardedStatementThatReadsAValue() throws Exception {
    check("breakThenGuard", 2);
  }

  @Test
  void returnsInSeveralLoopsAndAfterThem() throws Exception {
    check("returnAfterLoops", 3);
  }
}
