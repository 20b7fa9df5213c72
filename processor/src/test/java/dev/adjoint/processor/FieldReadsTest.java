package dev.adjoint.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.adjoint.processor.Sources.compile;
import static dev.adjoint.processor.Sources.source;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fields the reverse sweep reads (an operand of a product, a condition) are replaced between the forward read and
 * the reverse, by a helper the method calls or by the caller between the split sweeps: the gradient must use the
 * values the forward sweep used (checked against central differences of the method with its fields reset).
 */
class FieldReadsTest {
  private static IntegrationTest.Loaded loaded;

  @BeforeAll
  static void compileOnce() throws Exception {
    Compilation c = compile(source("p.Fields",
        "package p;",
        "import dev.adjoint.Differentiable;",
        "public class Fields {",
        "  static double k = 1.5;",
        "  static double[] ks = {1.5};",
        "  double w = 1.5;",
        "  static void bump() { k *= 2; ks[0] *= 2; }",
        "  static void reset() { k = 1.5; ks[0] = 1.5; }",
        "  void bumpW() { w *= 2; }",
        "  @Differentiable public static double helper(double x) {",
        "    double y = Math.sin(x) * k;",
        "    bump();",
        "    return y + x * x * k;",
        "  }",
        "  @Differentiable public static double loop(double x) {",
        "    double s = 0;",
        "    for (int i = 0; i < 3; i++) { s += x * x * k; bump(); }",
        "    return s;",
        "  }",
        "  @Differentiable public static double element(double x) {",
        "    double y = x * x * ks[0];",
        "    bump();",
        "    return y + x * ks[0];",
        "  }",
        "  @Differentiable public static double branch(double x) {",
        "    double y = x;",
        "    if (k > 2) y = x * x;",
        "    bump();",
        "    return y * 3;",
        "  }",
        "  @Differentiable public double instance(double x) {",
        "    double y = x * x * w;",
        "    bumpW();",
        "    return y + x * this.w;",
        "  }",
        "  @Differentiable public static double[] split(double[] x) {",
        "    return new double[] {x[0] * x[0] * k, x[1] * k};",
        "  }",
        "}"));
    assertThat(c).succeededWithoutWarnings();
    loaded = new IntegrationTest.Loaded(c);
  }

  private static void reset() throws Exception {
    loaded.call("p.Fields", "reset");
  }

  /** The generated dX at x against central differences of the method, every evaluation from the reset fields. */
  private static void check(String method, double x) throws Exception {
    reset();
    Object g = loaded.call("p.FieldsGradients", method, x);
    double h = 1e-6;
    reset();
    double up = (double) loaded.call("p.Fields", method, x + h);
    reset();
    double down = (double) loaded.call("p.Fields", method, x - h);
    double fd = (up - down) / (2 * h);
    assertEquals(fd, IntegrationTest.component(g, "dX"), 1e-6 * Math.max(1, Math.abs(fd)), method);
  }

  @Test
  void staticFieldReplacedByAHelper() throws Exception {
    check("helper", 0.7);
  }

  @Test
  void staticFieldReplacedOnEveryTrip() throws Exception {
    check("loop", 0.7);
  }

  @Test
  void elementOfAFieldsArrayChangedByAHelper() throws Exception {
    check("element", 0.7);
  }

  @Test
  void conditionOnAStaticFieldReplacedByAHelper() throws Exception {
    check("branch", 0.7);
  }

  @Test
  void instanceFieldReplacedByAMethodOfTheObject() throws Exception {
    Class<?> type = loaded.loadClass("p.Fields");
    Object first = type.getDeclaredConstructor().newInstance();
    Object g = loaded.call("p.FieldsGradients", "instance", first, 0.7);
    // y = 1.5 x^2, then w = 3: d/dx = 3 x + 3
    assertEquals(3 * 0.7 + 3, IntegrationTest.component(g, "dX"), 1e-12);
  }

  @Test
  void fieldReplacedBetweenTheSplitSweeps() throws Exception {
    reset();
    double[] x = {0.7, -0.4};
    Object forward = loaded.call("p.FieldsGradients", "splitForward", (Object) x);
    Field k = loaded.loadClass("p.Fields").getDeclaredField("k");
    k.setAccessible(true);
    k.setDouble(null, 10.0); // the caller moves on before running the reverse
    Method reverse = null;
    for (Method m : loaded.loadClass("p.FieldsGradients").getDeclaredMethods()) {
      if (m.getName().equals("splitReverse")) {
        reverse = m;
      }
    }
    Object g = reverse.invoke(null, forward, new double[] {1, 1});
    assertArrayEquals(new double[] {2 * 0.7 * 1.5, 1.5}, (double[]) Gradients.component(g, "dX"), 1e-12);
  }
}
