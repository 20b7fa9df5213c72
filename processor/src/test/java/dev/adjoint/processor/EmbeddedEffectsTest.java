package dev.adjoint.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.adjoint.processor.Gradients.array;
import static dev.adjoint.processor.Gradients.assertGradient;
import static dev.adjoint.processor.Gradients.component;
import static dev.adjoint.processor.Gradients.gaussian;
import static dev.adjoint.processor.Sources.compile;
import static dev.adjoint.processor.Sources.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.util.Random;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Increments and chained assignments inside expressions ({@code m[k] = l[li++]}, {@code a = b = v}) run as
 * statements of their own where that keeps the program's meaning: the gradient's value is the method's, its
 * derivatives match central finite differences; where moving the change could alter what the statement
 * computes, it stays an error that says why.
 */
class EmbeddedEffectsTest {
  private static IntegrationTest.Loaded loaded;
  private static String code;

  @BeforeAll
  static void compileOnce() throws Exception {
    Compilation compilation = compile(source("p.Effects",
        "package p;",
        "import dev.adjoint.Differentiable;",
        "public class Effects {",
        // a lower triangle packed column by column, read with a counter stepped where it is read
        "  @Differentiable(wrt = \"l\")",
        "  public static double packed(double[] l, int d) {",
        "    double[] m = new double[d * d];",
        "    int li = 0;",
        "    for (int col = 0; col < d; col++) {",
        "      for (int row = col + 1; row < d; row++) {",
        "        m[row * d + col] = l[li++];",
        "      }",
        "    }",
        "    double s = 0;",
        "    for (int i = 0; i < d * d; i++) {",
        "      s += Math.sin(m[i]) * (i + 1);",
        "    }",
        "    return s;",
        "  }",
        // prefix and postfix, in declarations, compound assignments and the return
        "  @Differentiable",
        "  public static double steps(double[] x) {",
        "    int i = 0;",
        "    double s = x[i++];",
        "    s += x[i++] * 3;",
        "    s *= x[++i];",
        "    s -= x[i--] / 4;",
        "    return s * x[--i];",
        "  }",
        // chains of assignments, in a statement and in a declaration
        "  @Differentiable",
        "  public static double chains(double[] x) {",
        "    double a, b;",
        "    a = b = x[0] * x[1];",
        "    double c = a = Math.sin(b);",
        // the inner variable read by its own value, the outer one too: both are read before either changes
        "    c = b = b * c + x[2];",
        "    return a * b + c;",
        "  }",
        // a for loop's update reads and steps a counter; a while loop steps one back in its body
        "  @Differentiable(wrt = \"x\")",
        "  public static double updates(double[] x, int n) {",
        "    double s = 0;",
        "    int k = 0;",
        "    for (int i = 0; i < n; i++, s += x[k++] * x[0]) {",
        "      s += Math.exp(x[k]);",
        "    }",
        "    int j = x.length - 1;",
        "    while (j > 0) {",
        "      s += x[j--] * x[0];",
        "    }",
        "    return s;",
        "  }",
        // a for loop's initializer steps the counter that sets its stride
        "  @Differentiable(wrt = \"x\")",
        "  public static double initStep(double[] x, int k) {",
        "    double s = 0;",
        "    for (int i = k++; i < x.length; i += k) {",
        "      s += x[i] * Math.sin(x[i]);",
        "    }",
        "    return s * k;",
        "  }",
        // the incremented variable is itself active: the statement reads its old value
        "  @Differentiable",
        "  public static double activeStep(double y) {",
        "    double z = y++ * 2;",
        "    double w = ++y * z;",
        "    return w * y;",
        "  }",
        "}"));
    assertThat(compilation).succeededWithoutWarnings();
    code = compilation.generatedSourceFile("p.EffectsGradients").orElseThrow().getCharContent(true).toString();
    loaded = new IntegrationTest.Loaded(compilation);
  }

  @Test
  void changesRunAsStatementsOfTheirOwn() {
    String packed = Sources.generatedMethod(code, "packedVjp");
    assertTrue(packed.contains("m[row * d + col] = l[li];\n") && packed.contains("li++;"), packed);
    String steps = Sources.generatedMethod(code, "stepsVjp");
    // the prefix step runs before the statement that reads it, the postfix one after
    assertTrue(steps.indexOf("double s = x[i];") < steps.indexOf("i++;"), steps);
    String chains = Sources.generatedMethod(code, "chainsVjp");
    assertTrue(chains.contains("b = x[0] * x[1];") && chains.contains("a = b;") && chains.contains("double c = a;")
        && chains.contains("b = b * c + x[2];") && chains.contains("c = b;"), chains);
  }

  @Test
  void valuesAreTheMethodsAndGradientsMatchFiniteDifferences() throws Exception {
    Random random = new Random(5);
    for (int d = 1; d <= 5; d++) {
      int dd = d;
      double[] l = gaussian(random, d * (d - 1) / 2);
      Object g = loaded.call("p.EffectsGradients", "packed", l, d);
      assertEquals(call("packed", l, d), (double) component(g, "value"), 0);
      assertGradient(array(g, "dL"), l, v -> call("packed", v, dd));
    }
    for (String name : new String[] {"steps", "chains"}) {
      double[] x = gaussian(random, 4);
      Object g = loaded.call("p.EffectsGradients", name, (Object) x);
      assertEquals(call(name, (Object) x), (double) component(g, "value"), 0, name);
      assertGradient(array(g, "dX"), x, v -> call(name, (Object) v));
    }
    for (int n = 0; n <= 3; n++) {
      int nn = n;
      double[] x = gaussian(random, 5);
      Object g = loaded.call("p.EffectsGradients", "updates", x, n);
      assertEquals(call("updates", x, n), (double) component(g, "value"), 0, "updates, n = " + n);
      assertGradient(array(g, "dX"), x, v -> call("updates", v, nn));
    }
    for (int k = 0; k <= 2; k++) {
      int kk = k;
      double[] x = gaussian(random, 7);
      Object g = loaded.call("p.EffectsGradients", "initStep", x, k);
      assertEquals(call("initStep", x, k), (double) component(g, "value"), 0, "initStep, k = " + k);
      assertGradient(array(g, "dX"), x, v -> call("initStep", v, kk));
    }
    for (double y : new double[] {-1.5, 0.25, 2}) {
      Object g = loaded.call("p.EffectsGradients", "activeStep", y);
      // z = 2y, w = (y + 2) z, result w (y + 2) = 2y (y + 2)^2
      assertEquals(2 * y * (y + 2) * (y + 2), (double) component(g, "value"), 1e-12);
      assertEquals(2 * (y + 2) * (y + 2) + 4 * y * (y + 2), (double) component(g, "dY"), 1e-12);
    }
  }

  @Test
  void changesThatCannotMoveAreErrorsThatSayWhy() {
    JavaFileObject f = source("p.Refused",
        "package p;",
        "import dev.adjoint.Differentiable;",
        "class Refused {",
        "  @Differentiable static double usedTwice(double[] x) { int i = 0; return x[i] + x[i++]; }",
        "  @Differentiable static double branch(double[] x) { int i = 0; double s = x[0] > 0 ? x[i++] : 0; return s + x[i]; }",
        "  @Differentiable static double header(double[] x) { int i = 0; double s = 0; while (x[i++] > 2) { s += x[i]; } return s; }",
        "  @Differentiable static double operand(double[] x) { double b = 0; double s = x[0] + (b = x[1]); return s * b; }",
        "  @Differentiable static double element(double[] x) { x[0] = x[1] = 3; return x[0]; }",
        "  @Differentiable static double compound(double[] x) { double b = 1; double s = b += x[0]; return s * b; }",
        "}");
    Compilation c = compile(f);
    assertThat(c).failed();
    assertEquals(6, c.errors().size(), () -> "errors: " + c.errors());
    String increment = "[Adjoint:Unsupported] an increment or decrement inside an expression (`i++`) cannot be differentiated by the generated adjoint: ";
    String assignment = "[Adjoint:Unsupported] an assignment inside an expression";
    assertThat(c).hadErrorContaining(increment + "`i` is used elsewhere in the statement too, so which use sees the old value matters; write it as a statement of its own")
        .inFile(f).onLineContaining("usedTwice");
    assertThat(c).hadErrorContaining(increment + "it runs only on one side of `?:`, `&&` or `||`").inFile(f).onLineContaining("branch");
    assertThat(c).hadErrorContaining(increment + "it is in a condition or a loop header").inFile(f).onLineContaining("header");
    assertThat(c).hadErrorContaining(assignment + " (`b = x[1]`) cannot be differentiated by the generated adjoint: only a chain of assignments")
        .inFile(f).onLineContaining("operand");
    assertThat(c).hadErrorContaining(assignment + " (`x[1] = 3`) cannot be differentiated by the generated adjoint: only the assignment of a local variable")
        .inFile(f).onLineContaining("element");
    assertThat(c).hadErrorContaining(assignment + " (`b += x[0]`) cannot be differentiated by the generated adjoint: only `=` can be split")
        .inFile(f).onLineContaining("compound");
  }

  private static double call(String name, Object... args) throws Exception {
    return ((Number) loaded.call("p.Effects", name, args)).doubleValue();
  }
}
