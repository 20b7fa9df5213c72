package dev.adjoint.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.adjoint.processor.Gradients.array;
import static dev.adjoint.processor.Gradients.number;
import static dev.adjoint.processor.Sources.compile;
import static dev.adjoint.processor.Sources.generatedMethod;
import static dev.adjoint.processor.Sources.source;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Forward over reverse ({@code @Differentiable(jvp = true, vjp = false)}): a method reading a generated gradient whose
 * reverse sweep keeps values on stacks is differentiated in forward mode, each stack beside a stack of tangents. The
 * tangent of a gradient is a Hessian-vector product (JAX's {@code jvp(grad(f))}); each is checked against central
 * differences of the generated gradient, which the first-order tests check in turn, and for symmetry.
 */
class ForwardOverReverseTest {
  private static IntegrationTest.Loaded loaded;
  private static String code;

  @BeforeAll
  static void compileOnce() throws Exception {
    Compilation compilation = compile(source("f.Cost", SecondOrderPrograms.lines(
        "package f;",
        "import dev.adjoint.Differentiable;",
        "public class Cost {",
        // s overwritten every trip: its reverse pops it back
        "  @Differentiable(wrt = \"x\") public static double carried(double[] x, int n) {",
        "    double s = 0.5;",
        "    for (int i = 0; i < n; i++) { s = Math.sin(s * x[i]) + x[i] * s; }",
        "    return s * s;",
        "  }",
        SecondOrderPrograms.kmeans("@Differentiable(wrt = \"c\")"),
        // a local array filled whole on every step: its reverse restores it whole
        SecondOrderPrograms.recurrent("@Differentiable(wrt = \"w\")"),
        "}")), source("f.Hessians",
        "package f;",
        "import dev.adjoint.Differentiable;",
        "public class Hessians {",
        "  @Differentiable(wrt = \"x\", jvp = true, vjp = false)",
        "  public static double[] carried(double[] x, int n) { return CostGradients.carried(x, n).dX(); }",
        "  @Differentiable(wrt = \"c\", jvp = true, vjp = false)",
        "  public static double[] kmeans(double[] p, double[] c, int n, int k, int d) { return CostGradients.kmeans(p, c, n, k, d).dC(); }",
        "  @Differentiable(wrt = \"w\", jvp = true, vjp = false)",
        "  public static double[] recurrent(double[] w, double[] x, int steps) { return CostGradients.recurrent(w, x, steps).dW(); }",
        // a number computed from the gradient, through a forward-only callee
        "  @Differentiable(wrt = \"x\", jvp = true, vjp = false)",
        "  public static double gradientNorm(double[] x, int n) {",
        "    double[] g = carried(x, n);",
        "    double s = 0;",
        "    for (int i = 0; i < g.length; i++) { s += g[i] * g[i]; }",
        "    return s;",
        "  }",
        "}"));
    assertThat(compilation).succeededWithoutWarnings();
    code = compilation.generatedSourceFile("f.HessiansGradients").orElseThrow().getCharContent(true).toString();
    loaded = new IntegrationTest.Loaded(compilation);
  }

  /** The generated gradient of {@code Cost.name} at {@code at}, the other arguments after it. */
  private static double[] gradient(String name, String component, double[] at, Object... rest) throws Exception {
    return array(loaded.call("f.CostGradients", name, arguments(at, rest)), component);
  }

  private static Object[] arguments(double[] at, Object... rest) {
    Object[] args = new Object[rest.length + 1];
    args[0] = at.clone();
    System.arraycopy(rest, 0, args, 1, rest.length);
    return args;
  }

  /** Hessian times v from forward over reverse, with the gradient it returns as its value checked on the way. */
  private static double[] hessianTimes(String name, String component, double[] at, double[] v, Object... rest) throws Exception {
    Object[] args = new Object[rest.length + 2];
    args[0] = at.clone();
    System.arraycopy(rest, 0, args, 1, rest.length);
    args[rest.length + 1] = v;
    Object tangent = loaded.call("f.HessiansGradients", name + "Jvp", args);
    assertArrayEquals(gradient(name, component, at, rest), array(tangent, "value"), 0, name + ": the value is the gradient");
    return array(tangent, "tangent");
  }

  /** H v against central differences of the gradient along v, and u.(H v) against v.(H u). */
  private static void assertHessianVectorProducts(String name, String component, double[] at, Object... rest) throws Exception {
    Random random = new Random(7);
    double[] v = Gradients.gaussian(random, at.length);
    double[] u = Gradients.gaussian(random, at.length);
    double[] hv = hessianTimes(name, component, at, v, rest);
    double h = 1e-5;
    double[] up = at.clone();
    double[] down = at.clone();
    for (int i = 0; i < at.length; i++) {
      up[i] += h * v[i];
      down[i] -= h * v[i];
    }
    double[] gUp = gradient(name, component, up, rest);
    double[] gDown = gradient(name, component, down, rest);
    for (int i = 0; i < at.length; i++) {
      double differences = (gUp[i] - gDown[i]) / (2 * h);
      assertEquals(differences, hv[i], 1e-6 * Math.max(1, Math.abs(differences)), name + ": (H v)[" + i + "]");
    }
    double[] hu = hessianTimes(name, component, at, u, rest);
    double uHv = 0;
    double vHu = 0;
    for (int i = 0; i < at.length; i++) {
      uHv += u[i] * hv[i];
      vHu += v[i] * hu[i];
    }
    assertEquals(uHv, vHu, 1e-10 * Math.max(1, Math.abs(uHv)), name + ": the Hessian is symmetric");
  }

  @Test
  void aLoopThatOverwritesItsStateGivesHessianVectorProducts() throws Exception {
    assertHessianVectorProducts("carried", "dX", new double[] {0.3, -0.7, 1.1, 0.4, -0.2}, 5);
    String method = generatedMethod(code, "carriedJvp");
    assertTrue(method.contains("// CostGradients.carried, written out to be differentiated again"), method);
    assertTrue(method.contains("DoubleStack _t__in0__t0 = new DoubleStack();"), method);
    assertTrue(method.contains("_t__in0__t0.pop()"), method);
    assertFalse(code.contains("carriedVjp("), "forward mode only: no reverse mode is written");
    assertFalse(code.contains("record CarriedGradient"), "forward mode only: no gradient record");
  }

  @Test
  void aRecurrenceRestoredWholeGivesHessianVectorProducts() throws Exception {
    assertHessianVectorProducts("recurrent", "dW", new double[] {0.5, -0.8, 1.3}, new double[] {0.2, -0.4, 0.9, 0.1}, 4);
    String method = generatedMethod(code, "recurrentJvp");
    assertTrue(method.contains("_t__in0__t1.push(_t__in0_h.clone());"), method);
    assertTrue(method.contains("System.arraycopy(_t__in0__t1.pop(), 0, _t__in0_h, 0, _t__in0_h.length);"), method);
  }

  /** The k-means Hessian is diagonal: twice the number of points closest to each centroid, exactly. */
  @Test
  void theKMeansHessianDiagonalInOneRun() throws Exception {
    double[] p = {0.1, 0.2, 0.9, 0.8, 0.15, 0.3, 0.7, 0.95, 0.4, 0.1};
    double[] c = {0.1, 0.2, 0.8, 0.9};
    Object tangent = loaded.call("f.HessiansGradients", "kmeansJvp", p, c, 5, 2, 2, new double[] {1, 1, 1, 1});
    assertArrayEquals(array(loaded.call("f.CostGradients", "kmeans", p, c, 5, 2, 2), "dC"), array(tangent, "value"), 0);
    assertArrayEquals(new double[] {6, 6, 4, 4}, array(tangent, "tangent"), 1e-12);
    // Math.min's rules are constant between kinks: the popped distances choose the closest centroid and carry no
    // derivative, so their tangents are neither kept nor read
    String method = generatedMethod(code, "kmeansJvp");
    assertTrue(method.contains("_in0__t0.pop()"), method);
    assertFalse(method.contains("_t__in0__t"), "no tangent stacks:\n" + method);
    assertFalse(method.contains("WrtX"), "no zero second derivatives:\n" + method);
  }

  @Test
  void aNumberComputedFromTheGradientThroughAForwardOnlyCallee() throws Exception {
    double[] x = {0.3, -0.7, 1.1, 0.4, -0.2};
    for (int i = 0; i < x.length; i++) {
      double[] direction = new double[x.length];
      direction[i] = 1;
      Object tangent = loaded.call("f.HessiansGradients", "gradientNormJvp", x.clone(), 5, direction);
      double h = 1e-6;
      double[] up = x.clone();
      double[] down = x.clone();
      up[i] += h;
      down[i] -= h;
      double differences = ((double) loaded.call("f.Hessians", "gradientNorm", up, 5)
          - (double) loaded.call("f.Hessians", "gradientNorm", down, 5)) / (2 * h);
      assertEquals(differences, number(tangent, "tangent"), 1e-6 * Math.max(1, Math.abs(differences)), "direction " + i);
    }
  }

  @Test
  void forwardOnlyWithoutForwardModeIsRefused() {
    Compilation c = compile(source("g.Nothing",
        "package g;",
        "import dev.adjoint.Differentiable;",
        "public class Nothing {",
        "  @Differentiable(vjp = false) public static double f(double x) { return x * x; }",
        "}"));
    assertThat(c).hadErrorContaining("vjp = false leaves nothing to generate for Nothing.f: add jvp = true to generate its"
        + " forward mode only, or remove vjp = false");
    assertThat(c).hadErrorCount(1);
  }

  @Test
  void aReverseModeCallerOfAForwardOnlyMethodIsRefused() {
    Compilation c = compile(source("h.Both",
        "package h;",
        "import dev.adjoint.Differentiable;",
        "public class Both {",
        "  @Differentiable(jvp = true, vjp = false) public static double f(double x) { return x * x; }",
        "  @Differentiable(jvp = true) public static double g(double x) { return f(x) + 1; }",
        "}"));
    assertThat(c).hadErrorContaining("Both.f has forward mode only (vjp = false), and this method's reverse mode would call"
        + " its gradient: mark this method @Differentiable(jvp = true, vjp = false) too, or remove vjp = false from Both.f");
    assertThat(c).hadErrorCount(1);
  }

  @Test
  void aForwardOnlyCallerOfAForwardOnlyMethodCompiles() throws Exception {
    Compilation c = compile(source("h.Chain",
        "package h;",
        "import dev.adjoint.Differentiable;",
        "public class Chain {",
        "  @Differentiable(jvp = true, vjp = false) public static double f(double x) { return x * x * x; }",
        "  @Differentiable(jvp = true, vjp = false) public static double g(double x) { return Math.sin(f(x)); }",
        "}"));
    assertThat(c).succeededWithoutWarnings();
    IntegrationTest.Loaded chain = new IntegrationTest.Loaded(c);
    double x = 0.7;
    Object tangent = chain.call("h.ChainGradients", "gJvp", x, 1.0);
    assertEquals(Math.sin(x * x * x), number(tangent, "value"), 0);
    assertEquals(Math.cos(x * x * x) * 3 * x * x, number(tangent, "tangent"), 1e-15);
  }

  /** A callee returning an array runs in split sweeps (its forward where it is called, its reverse later): refused. */
  @Test
  void aReverseSweepRunningACalleeInSplitSweepsIsRefused() {
    Compilation c = compile(source("k.L",
        "package k;",
        "import dev.adjoint.Differentiable;",
        "public class L {",
        "  @Differentiable(jvp = true) static double[] layer(double[] w, double[] x) {",
        "    double[] out = new double[x.length];",
        "    for (int i = 0; i < x.length; i++) { out[i] = Math.tanh(w[i] * x[i]); }",
        "    return out;",
        "  }",
        "  @Differentiable(jvp = true) public static double loss(double[] w, double[] x) {",
        "    double[] h = layer(w, x);",
        "    double s = 0;",
        "    for (int i = 0; i < h.length; i++) { s += h[i] * h[i]; }",
        "    return s;",
        "  }",
        "}"), source("k.U",
        "package k;",
        "import dev.adjoint.Differentiable;",
        "public class U {",
        "  @Differentiable(jvp = true, vjp = false)",
        "  public static double[] g(double[] w, double[] x) { return LGradients.loss(w, x).dW(); }",
        "}"));
    assertThat(c).hadErrorContaining("the code of LGradients.loss runs LGradients.layerForward and its reverse apart (split"
        + " sweeps), which Adjoint cannot write out to differentiate again yet: call the forward mode (lossJvp) instead");
    assertThat(c).hadErrorCount(1);
  }
}
