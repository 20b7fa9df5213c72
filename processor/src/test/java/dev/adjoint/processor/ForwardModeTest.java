package dev.adjoint.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.adjoint.processor.Gradients.gaussian;
import static dev.adjoint.processor.Gradients.number;
import static dev.adjoint.processor.Sources.compile;
import static dev.adjoint.processor.Sources.generatedMethod;
import static dev.adjoint.processor.Sources.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code @Differentiable(jvp = true)} writes forward mode, {@code mJvp(..., tangents)}. Every tangent is checked
 * against central differences along the same direction and, for a number result, against the generated gradient
 * ({@code mVjp}'s dot product with the direction): forward and reverse mode must agree.
 */
class ForwardModeTest {
  private static IntegrationTest.Loaded loaded;
  private static String code;

  @BeforeAll
  static void compileOnce() throws Exception {
    Compilation compilation = compile(source("f.Other",
        "package f;",
        "import dev.adjoint.Differentiable;",
        "public class Other {",
        "  @Differentiable(jvp = true) public static double cube(double x) { return x * x * x; }",
        "}"), source("f.Fwd",
        "package f;",
        "import dev.adjoint.Differentiable;",
        "public class Fwd {",
        "  final double scale;",
        "  public Fwd(double scale) { this.scale = scale; }",
        "  @Differentiable(jvp = true) static double poly(double x, double y) { return 3 * x * x * y - y / x + x % 1.5; }",
        // a carried value through a loop with a branch, an early exit and compound assignments
        "  @Differentiable(jvp = true) public static double loops(double x, double y) {",
        "    double s = 0.5;",
        "    int i = 0;",
        "    while (true) {",
        "      s = s * x + Math.sin(y * i) / (1 + x * x);",
        "      if (s > 1) { s -= Math.exp(-s); } else { s *= y; }",
        "      s /= 1 + 0.1 * x * x;",
        "      i++;",
        "      if (i == 4) { break; }",
        "    }",
        "    return s + Math.exp(x);",
        "  }",
        "  @Differentiable(jvp = true) public static double twoArgs(double x, double y) {",
        "    return Math.pow(x, y) + Math.atan2(y, x) + Math.hypot(x, y) + Math.max(x, y) * Math.min(x, 2 * y);",
        "  }",
        // @Differentiable callees, nested in each other and in a larger expression
        "  @Differentiable(jvp = true) public static double callsOthers(double x, double y) {",
        "    double a = poly(x, y) * Math.exp(poly(y, Other.cube(x)));",
        "    return a + Other.cube(x) - (x > y ? Math.log(x) : y * y);",
        "  }",
        "  @Differentiable(jvp = true) public static double[] arrays(double[] w, double t) {",
        "    double[] out = new double[w.length];",
        "    for (int i = 0; i < w.length; i++) { out[i] = w[i] * t + Math.tanh(w[i]); }",
        "    out[0] /= t;",
        "    double[] copy = out.clone();",
        "    copy[1] = Math.exp(copy[1]) * copy[0];",
        "    return copy;",
        "  }",
        // rows of passive data and a local matrix
        "  @Differentiable(jvp = true, wrt = \"w\") public static double rows(double[] w, double[][] data) {",
        "    double[] scratch = new double[w.length];",
        "    double[][] h = new double[data.length][w.length];",
        "    double s = 0;",
        "    for (int i = 0; i < data.length; i++) {",
        "      double[] row = data[i];",
        "      for (int j = 0; j < w.length; j++) {",
        "        h[i][j] = Math.tanh(w[j] * row[j]);",
        "        scratch[j] = h[i][j] * 2;",
        "        s += scratch[j] * h[i][j];",
        "      }",
        "    }",
        "    return s;",
        "  }",
        "  @Differentiable(jvp = true) public static float single(float a, float b) {",
        "    float c = (float) Math.sqrt(a * a + b);",
        "    c *= a;",
        "    return c / b + (float) Math.exp(a);",
        "  }",
        "  @Differentiable(jvp = true) public double instance(double x) { return scale * Math.sin(x) + cube(x); }",
        "  @Differentiable(jvp = true) static double cube(double x) { return Other.cube(x) / 3; }",
        "}"));
    assertThat(compilation).succeededWithoutWarnings();
    code = compilation.generatedSourceFile("f.FwdGradients").orElseThrow().getCharContent(true).toString();
    loaded = new IntegrationTest.Loaded(compilation);
  }

  private static Object record(String method, Object... args) throws Exception {
    return loaded.call("f.FwdGradients", method, args);
  }

  private static double tangent(Object record) throws Exception {
    return number(record, "tangent");
  }

  /** f(x, y)'s tangent along (dx, dy) against central differences and the gradient. */
  private static void assertTwoArgs(String name, double x, double y) throws Exception {
    double dx = 0.3;
    double dy = -0.7;
    double h = 1e-6;
    Object jvp = record(name + "Jvp", x, y, dx, dy);
    double value = (double) loaded.call("f.Fwd", name, x, y);
    assertEquals(value, number(jvp, "value"), 1e-12, name);
    double differences = ((double) loaded.call("f.Fwd", name, x + h * dx, y + h * dy)
        - (double) loaded.call("f.Fwd", name, x - h * dx, y - h * dy)) / (2 * h);
    assertEquals(differences, tangent(jvp), 1e-6 * Math.max(1, Math.abs(differences)), name + ": central differences");
    Object gradient = record(name, x, y);
    assertEquals(number(gradient, "dX") * dx + number(gradient, "dY") * dy, tangent(jvp),
        1e-12 * Math.max(1, Math.abs(differences)), name + ": the gradient");
  }

  @Test
  void scalarCodeAgreesWithDifferencesAndTheGradient() throws Exception {
    assertTwoArgs("poly", 1.3, 0.4);
    assertTwoArgs("loops", 0.9, 1.2);
    assertTwoArgs("loops", 1.4, 0.3);
    assertTwoArgs("twoArgs", 1.3, 0.8);
    assertTwoArgs("twoArgs", 0.6, 1.1);
    assertTwoArgs("callsOthers", 1.2, 0.5);
    assertTwoArgs("callsOthers", 0.4, 0.9);
  }

  /** Forward mode keeps nothing: no stacks, and the result rules read the values computed once. */
  @Test
  void theJvpKeepsNothingAndComputesEachValueOnce() throws Exception {
    String jvp = generatedMethod(code, "loopsJvp");
    assertFalse(jvp.contains("Stack") || jvp.contains("push"), jvp);
    assertTrue(jvp.contains("double _t__h1 = DoubleRules.expFromResult(_h1, -_t_s);"), jvp);
    assertEquals(2, jvp.split("Math\\.exp\\(", -1).length - 1, jvp);
    String calls = generatedMethod(code, "callsOthersJvp");
    assertTrue(calls.contains("var _j0 = FwdGradients.polyJvp(x, y, _t_x, _t_y);"), calls);
    assertTrue(calls.contains("OtherGradients.cubeJvp(x, _t_x)"), calls);
    // the tangent of 3 * x * x is one term: 2 * (t * (3 * x))
    String poly = generatedMethod(code, "polyJvp");
    assertTrue(poly.contains("2 * (_t_x * (3 * x))"), poly);
  }

  @Test
  void anArrayResultHasATangentArray() throws Exception {
    double[] w = gaussian(new Random(3), 4);
    double[] dw = gaussian(new Random(4), 4);
    double t = 1.7;
    double dt = 0.4;
    Object jvp = record("arraysJvp", w.clone(), t, dw.clone(), dt);
    double[] tangent = (double[]) Gradients.component(jvp, "tangent");
    double h = 1e-6;
    double[] up = (double[]) loaded.call("f.Fwd", "arrays", plus(w, dw, h), t + h * dt);
    double[] down = (double[]) loaded.call("f.Fwd", "arrays", plus(w, dw, -h), t - h * dt);
    for (int i = 0; i < w.length; i++) {
      double expected = (up[i] - down[i]) / (2 * h);
      assertEquals(expected, tangent[i], 1e-6 * Math.max(1, Math.abs(expected)), "element " + i);
    }
    // the reverse mode: seed e_i gives row i of the Jacobian, whose product with the direction is tangent[i]
    for (int i = 0; i < w.length; i++) {
      double[] seed = new double[w.length];
      seed[i] = 1;
      Object g = record("arraysVjp", w.clone(), t, seed);
      double[] dW = (double[]) Gradients.component(g, "dW");
      double product = number(g, "dT") * dt;
      for (int j = 0; j < w.length; j++) {
        product += dW[j] * dw[j];
      }
      assertEquals(product, tangent[i], 1e-12 * Math.max(1, Math.abs(product)), "row " + i);
    }
  }

  /** Only {@code w} has a tangent parameter; the rows of data stay passive, the local arrays get tangents. */
  @Test
  void passiveDataAndAWrittenParameter() throws Exception {
    String jvp = generatedMethod(code, "rowsJvp");
    assertTrue(jvp.contains("rowsJvp(double[] w, double[][] data, double[] _t_w)"), jvp);
    assertTrue(jvp.contains("double[] _t_scratch = new double[w.length];"), jvp);
    assertTrue(jvp.contains("double[][] _t_h = new double[data.length][w.length];"), jvp);
    assertFalse(jvp.contains("_t_data") || jvp.contains("_t_row"), jvp);
    double[] w = gaussian(new Random(5), 3);
    double[] dw = gaussian(new Random(6), 3);
    double[][] data = {gaussian(new Random(7), 3), gaussian(new Random(8), 3)};
    double h = 1e-6;
    double tangent = tangent(record("rowsJvp", w.clone(), data, dw.clone()));
    double expected = ((double) loaded.call("f.Fwd", "rows", plus(w, dw, h), data)
        - (double) loaded.call("f.Fwd", "rows", plus(w, dw, -h), data)) / (2 * h);
    assertEquals(expected, tangent, 1e-6 * Math.max(1, Math.abs(expected)));
    Object g = record("rows", w.clone(), data);
    double[] dW = (double[]) Gradients.component(g, "dW");
    assertEquals(dW[0] * dw[0] + dW[1] * dw[1] + dW[2] * dw[2], tangent, 1e-12 * Math.max(1, Math.abs(expected)));
  }

  @Test
  void floatAndInstanceMethods() throws Exception {
    float a = 1.3f;
    float b = 0.7f;
    Object jvp = record("singleJvp", a, b, 1f, 0f);
    assertEquals((float) loaded.call("f.Fwd", "single", a, b), (float) Gradients.component(jvp, "value"));
    double h = 1e-3;
    double expected = ((float) loaded.call("f.Fwd", "single", (float) (a + h), b)
        - (float) loaded.call("f.Fwd", "single", (float) (a - h), b)) / (2 * h);
    assertEquals(expected, (float) Gradients.component(jvp, "tangent"), 1e-2 * Math.abs(expected));
    assertEquals(number(record("single", a, b), "dA"), (float) Gradients.component(jvp, "tangent"), 1e-5);

    Object self = loaded.loadClass("f.Fwd").getConstructor(double.class).newInstance(2.5);
    Object instanceJvp = record("instanceJvp", self, 0.8, 1.0);
    double derivative = 2.5 * Math.cos(0.8) + 0.8 * 0.8;
    assertEquals(derivative, tangent(instanceJvp), 1e-12);
    assertEquals(number(record("instance", self, 0.8), "dX"), tangent(instanceJvp), 1e-12);
  }

  /** A @Derivative rule is a vector-Jacobian product; forward mode takes it with the tangent as its seed. */
  @Test
  void customRulesServeForwardModeToo() throws Exception {
    Compilation c = compile(source("h.Rules",
        "package h;",
        "import dev.adjoint.Derivative;",
        "import dev.adjoint.Differentiable;",
        "public class Rules {",
        "  static double softplus(double x) { return Math.log1p(Math.exp(x)); }",
        "  @Derivative(of = \"softplus\")",
        "  static double softplusVjp(double x, double seed) { return seed / (1 + Math.exp(-x)); }",
        "  static double mix(double a, double b, int k) { return k * a * b; }",
        "  @Derivative(of = \"mix\")",
        "  static double[] mixVjp(double a, double b, int k, double seed) { return new double[] {seed * k * b, seed * k * a}; }",
        "  @Differentiable(jvp = true)",
        "  public static double f(double x, double y) { return softplus(x * y) + mix(x, y * y, 3); }",
        "}"));
    assertThat(c).succeededWithoutWarnings();
    IntegrationTest.Loaded l = new IntegrationTest.Loaded(c);
    double x = 0.7;
    double y = -1.3;
    double dx = 0.4;
    double dy = 0.9;
    Object jvp = l.call("h.RulesGradients", "fJvp", x, y, dx, dy);
    Object g = l.call("h.RulesGradients", "f", x, y);
    assertEquals(number(g, "dX") * dx + number(g, "dY") * dy, number(jvp, "tangent"), 1e-12);
    double h = 1e-6;
    double differences = ((double) l.call("h.Rules", "f", x + h * dx, y + h * dy)
        - (double) l.call("h.Rules", "f", x - h * dx, y - h * dy)) / (2 * h);
    assertEquals(differences, number(jvp, "tangent"), 1e-6);
  }

  @Test
  void aCalleeWithoutForwardModeIsACompileErrorThatSaysWhatToAdd() {
    Compilation c = compile(source("g.Calls",
        "package g;",
        "import dev.adjoint.Differentiable;",
        "public class Calls {",
        "  @Differentiable static double sq(double x) { return x * x; }",
        "  @Differentiable(jvp = true) static double f(double x) { return sq(x) + 1; }",
        "}"));
    assertThat(c).hadErrorContaining("forward mode (jvp = true) needs the forward mode of Calls.sq, which has none:"
        + " mark it @Differentiable(jvp = true)");
    assertThat(c).hadErrorCount(1);
  }

  @Test
  void tensorCodeIsRefusedWithTheTapesJvpNamed() {
    Compilation c = compile(source("g.T",
        "package g;",
        "import dev.adjoint.Differentiable;",
        "import dev.adjoint.Tensor;",
        "public class T {",
        "  @Differentiable(jvp = true) static Tensor f(Tensor x) { return x.sin().sum(); }",
        "}"));
    assertThat(c).hadErrorContaining("jvp = true writes forward mode for code over double, float and their arrays, and"
        + " T.f works with Tensors: remove jvp = true and take Jacobian-vector products with Autograd.jvp");
    assertThat(c).hadErrorContainingMatch("\\(jvp = true\\)|jvp = true");
  }

  @Test
  void aRecordParameterIsRefusedWithWhatToDo() {
    Compilation c = compile(source("g.Line",
        "package g;",
        "import dev.adjoint.Differentiable;",
        "public class Line {",
        "  public record Params(double w, double b) {}",
        "  @Differentiable(jvp = true) static double at(Params p, double x) { return p.w() * x + p.b(); }",
        "}"));
    assertThat(c).hadErrorContaining("jvp = true writes forward mode for parameters of type double, float and their arrays,"
        + " and Line.at takes a record: pass its components, or remove jvp = true");
  }

  private static double[] plus(double[] a, double[] d, double h) {
    double[] out = a.clone();
    for (int i = 0; i < a.length; i++) {
      out[i] += h * d[i];
    }
    return out;
  }


}
