package dev.adjoint.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.adjoint.processor.IntegrationTest.component;
import static dev.adjoint.processor.Sources.compile;
import static dev.adjoint.processor.Sources.source;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The reverse-sweep simplifications (ReverseMode, AdjointSimplifier): each test checks the shape of the
 * generated code and that the gradient still has the right value.
 */
class LeanReverseSweepTest {
  private static String generated(Compilation c, String cls) throws IOException {
    return c.generatedSourceFile(cls).orElseThrow().getCharContent(true).toString();
  }

  private static String method(String code, String name) {
    return Sources.generatedMethod(code, name);
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }

  @Test
  void adjointsAreDeclaredAtTheirFirstWriteAndSquaresContributeOnce() throws Exception {
    Compilation c = compile(source("p.Rosen",
        "package p;",
        "import dev.adjoint.Differentiable;",
        "public class Rosen {",
        "  @Differentiable public static double f(double x, double y) {",
        "    double a = 1 - x;",
        "    double b = y - x * x;",
        "    return a * a + 100 * b * b;",
        "  }",
        "}"));
    assertThat(c).succeededWithoutWarnings();
    String vjp = method(generated(c, "p.RosenGradients"), "fVjp");
    assertTrue(vjp.contains("double _d_a = 2 * (seed * a);"), vjp);
    assertFalse(vjp.contains("= 0;"), "no adjoint starts as a zero that is then added to:\n" + vjp);
    assertEquals(1, count(vjp, "* x)"), "x * x contributes once:\n" + vjp);
    assertTrue(vjp.contains("double _d_b = 2 * (seed * (100 * b));"), "100 * b * b contributes once:\n" + vjp);

    IntegrationTest.Loaded l = new IntegrationTest.Loaded(c);
    for (double[] p : new double[][] {{1.5, -0.5}, {-0.3, 2.0}, {0, 0}}) {
      double x = p[0];
      double y = p[1];
      Object g = l.call("p.RosenGradients", "f", x, y);
      double a = 1 - x;
      double b = y - x * x;
      assertEquals(a * a + 100 * b * b, component(g, "value"), 0);
      // the squares' two equal contributions summed are exactly 2 * (s * u): hand-written, the same numbers
      assertEquals(-(2 * a) + 2 * (-(200 * b) * x), component(g, "dX"), 0);
      assertEquals(200 * b, component(g, "dY"), 1e-12);
    }
  }

  /** {@code i + 1 < n} is the counted loop {@code i < n - 1}: its trips are recomputed, nothing is pushed. */
  @Test
  void aLoopBoundOffsetByAConstantIsACountedLoop() throws Exception {
    Compilation c = compile(source("p.Chain",
        "package p;",
        "import dev.adjoint.Differentiable;",
        "public class Chain {",
        "  @Differentiable public static double f(double[] x) {",
        "    double s = 0;",
        "    for (int i = 0; i + 1 < x.length; i++) {",
        "      double a = x[i + 1] - x[i] * x[i];",
        "      double b = 1 - x[i];",
        "      s += 100 * a * a + b * b;",
        "    }",
        "    for (int i = 0; i + 2 <= x.length; i++) { s += x[i] * x[i + 1]; }",
        "    return s;",
        "  }",
        "}"));
    assertThat(c).succeededWithoutWarnings();
    String vjp = method(generated(c, "p.ChainGradients"), "fVjp");
    assertTrue(vjp.contains("for (int i = 0; i < x.length - 1; i++) {"), vjp);
    assertTrue(vjp.contains("i_2 <= x.length - 2;"), vjp);
    assertFalse(vjp.contains("Stack"), "trips recomputed, not counted, nothing saved:\n" + vjp);
    IntegrationTest.Loaded l = new IntegrationTest.Loaded(c);
    double[] at = {0.3, -0.8, 1.2, 0.5, 0.9};
    double[] gradient = Gradients.array(l.call("p.ChainGradients", "f", (Object) at.clone()), "dX");
    Gradients.assertGradient(gradient, at, x -> (double) l.call("p.Chain", "f", (Object) x.clone()));
  }

  /** A loop counting down is counted too: its reverse counts up over the same trips, no trip count kept. */
  @Test
  void aLoopCountingDownIsACountedLoop() throws Exception {
    Compilation c = compile(source("p.Horner",
        "package p;",
        "import dev.adjoint.Differentiable;",
        "public class Horner {",
        "  @Differentiable public static double f(double[] c, double x) {",
        "    double v = 0;",
        "    for (int k = c.length - 1; k >= 0; k--) { v = v * x + c[k]; }",
        "    for (int k = c.length; k > 1; k -= 1) { v = Math.sin(v) * c[k - 1]; }",
        "    return v;",
        "  }",
        "}"));
    assertThat(c).succeededWithoutWarnings();
    String vjp = method(generated(c, "p.HornerGradients"), "fVjp");
    assertTrue(vjp.contains("for (int k = 0; k <= c.length - 1; k++) {"), vjp);
    assertTrue(vjp.contains("for (int k_2 = 2; k_2 <= c.length; k_2++) {"), vjp);
    assertFalse(vjp.contains("_loop"), "no trip counts:\n" + vjp);
    IntegrationTest.Loaded l = new IntegrationTest.Loaded(c);
    double[] at = {0.3, -0.8, 1.2, 0.5};
    for (double x : new double[] {0.7, -1.3}) {
      double[] gradient = Gradients.array(l.call("p.HornerGradients", "f", at.clone(), x), "dC");
      Gradients.assertGradient(gradient, at, cs -> (double) l.call("p.Horner", "f", cs.clone(), x));
      double h = 1e-6;
      double dx = ((double) l.call("p.Horner", "f", at.clone(), x + h) - (double) l.call("p.Horner", "f", at.clone(), x - h)) / (2 * h);
      assertEquals(dx, Gradients.number(l.call("p.HornerGradients", "f", at.clone(), x), "dX"), 1e-6);
    }
  }

  @Test
  void adjointWritesNothingReadsAreDropped() throws Exception {
    Compilation c = compile(source("p.Dead",
        "package p;",
        "import dev.adjoint.Differentiable;",
        "public class Dead {",
        "  @Differentiable public static double f(double x, double y) {",
        "    double s = 0;",
        "    s = x * y;",
        "    double t = s * s;",
        "    t = t + x;",
        "    return t;",
        "  }",
        "}"));
    assertThat(c).succeededWithoutWarnings();
    String vjp = method(generated(c, "p.DeadGradients"), "fVjp");
    // the reverse of `s = x * y` zeroes _d_s, which nothing reads afterwards; that of `t = t + x` zeroes _d_t
    // and adds to it at once: one assignment
    assertFalse(vjp.contains("_d_s = 0;") || vjp.contains("_d_t = 0;"), vjp);
    assertTrue(vjp.contains("_d_t = _r0;"), vjp);
    IntegrationTest.Loaded l = new IntegrationTest.Loaded(c);
    Object g = l.call("p.DeadGradients", "f", 0.5, -3.0);
    double s = 0.5 * -3.0;
    assertEquals(s * s + 0.5, component(g, "value"), 0);
    assertEquals(2 * s * -3.0 + 1, component(g, "dX"), 1e-12);
    assertEquals(2 * s * 0.5, component(g, "dY"), 1e-12);
  }

  @Test
  void mathValuesTheReverseReadsAreComputedOnce() throws Exception {
    Compilation c = compile(source("p.Trig",
        "package p;",
        "import dev.adjoint.Differentiable;",
        "public class Trig {",
        "  @Differentiable public static double f(double x, double y) {",
        "    double a = Math.sin(x) * Math.exp(-y);",
        "    return a / (1 + Math.exp(-y));",
        "  }",
        "}"));
    assertThat(c).succeededWithoutWarnings();
    String vjp = method(generated(c, "p.TrigGradients"), "fVjp");
    assertEquals(1, count(vjp, "Math.sin(x)"), vjp);
    // one per statement: each keeps its own (top-level statements run once)
    assertEquals(2, count(vjp, "Math.exp(-y)"), vjp);

    IntegrationTest.Loaded l = new IntegrationTest.Loaded(c);
    double x = 0.7;
    double y = 1.3;
    Object g = l.call("p.TrigGradients", "f", x, y);
    double e = Math.exp(-y);
    assertEquals(Math.sin(x) * e / (1 + e), component(g, "value"), 1e-15);
    assertEquals(Math.cos(x) * e / (1 + e), component(g, "dX"), 1e-14);
    // d/dy of sin(x) e / (1 + e), e = exp(-y): sin(x) * (-e) / (1 + e)^2
    assertEquals(-Math.sin(x) * e / ((1 + e) * (1 + e)), component(g, "dY"), 1e-14);
  }

  @Test
  void expensiveMathValuesInsideLoopsArePushedNotRecomputed() throws Exception {
    Compilation c = compile(source("p.Looped",
        "package p;",
        "import dev.adjoint.Differentiable;",
        "public class Looped {",
        // the result squares the sum, so the trips are reversed after the loop (TripwiseLoops does not apply)
        "  @Differentiable public static double f(double x) {",
        "    double s = 0;",
        "    for (int i = 0; i < 3; i++) {",
        "      s += Math.sin(x * i) * Math.cos(x);",
        "    }",
        "    return s * s;",
        "  }",
        "}"));
    assertThat(c).succeededWithoutWarnings();
    String vjp = method(generated(c, "p.LoopedGradients"), "fVjp");
    // saved once per trip, in the slot of its trip (IndexedSaves)
    assertTrue(vjp.contains("_t0[i] = _p0;"), vjp);
    assertEquals(1, count(vjp, "Math.sin("), vjp);
    assertEquals(1, count(vjp, "Math.cos("), vjp);
    IntegrationTest.Loaded l = new IntegrationTest.Loaded(c);
    double x = 0.4;
    double sum = 0;
    double expected = 0;
    for (int i = 0; i < 3; i++) {
      sum += Math.sin(x * i) * Math.cos(x);
      expected += i * Math.cos(x * i) * Math.cos(x) - Math.sin(x * i) * Math.sin(x);
    }
    assertEquals(2 * sum * expected, component(l.call("p.LoopedGradients", "f", x), "dX"), 1e-14);
  }

  /** The gradient of {@code cls.f(double[] x)}: its value is the primal's, its component dName central differences'. */
  private static void assertGradientOfF(IntegrationTest.Loaded l, String cls, double[] x, String dName) throws Exception {
    Object g = l.call(cls + "Gradients", "f", (Object) x);
    assertEquals((double) l.call(cls, "f", (Object) x), component(g, "value"), 0);
    assertMatchesFiniteDifferences(l, cls, x, (double[]) g.getClass().getMethod(dName).invoke(g));
  }

  /** Compares dx with central differences of {@code cls.f(double[] x)}. */
  private static void assertMatchesFiniteDifferences(IntegrationTest.Loaded l, String cls, double[] x, double[] dx)
      throws Exception {
    Gradients.assertGradient(dx, x, v -> (double) l.call(cls, "f", (Object) v), 1e-6, 1e-7);
  }

  /** QA finding #13: a chain of calls runs the innermost body once per gradient, not 2d+1 times. */
  @Test
  void aCalleeRunsOncePerGradientAtEveryDepth() throws Exception {
    Compilation c = compile(source("p.Chain",
        "package p;",
        "import dev.adjoint.Differentiable;",
        "public class Chain {",
        "  public static int runs;",
        "  static int count(int k) { runs += k; return 0; }",
        "  @Differentiable public static double h0(double x) {",
        "    double s = x;",
        "    for (int i = 0; i < 10; i++) {",
        "      s = Math.sin(s) + x + count(1);",
        "    }",
        "    return s;",
        "  }",
        "  @Differentiable public static double h1(double x) { return Math.sin(h0(x)); }",
        "  @Differentiable public static double h2(double x) { return Math.sin(h1(x)); }",
        "  @Differentiable public static double h3(double x) { return x * Math.sin(h2(x)) + h0(x); }",
        "  @Differentiable public static double h5(double x) { return runs + h1(x) * runs; }",
        "  @Differentiable public static double h4(double x) {",
        "    double s = 0;",
        "    for (int i = 0; i < 2; i++) {",
        "      s += Math.sin(h0(x) * i) * h1(x);",
        "    }",
        "    if (x > 0) {",
        "      s += h0(x) * x;",
        "    }",
        "    return s;",
        "  }",
        "}"));
    assertThat(c).succeededWithoutWarnings();
    IntegrationTest.Loaded l = new IntegrationTest.Loaded(c);
    Class<?> chain = l.loadClass("p.Chain");
    double x = 0.3;
    double h = 1e-6;
    // h3 calls h0 twice (through h2, and directly); h4 four times in its loop, once in its branch
    int[] primalRuns = {1, 1, 1, 2, 5};
    for (int depth = 0; depth <= 4; depth++) {
      String name = "h" + depth;
      chain.getField("runs").setInt(null, 0);
      double primal = (double) l.call("p.Chain", name, x);
      assertEquals(10 * primalRuns[depth], chain.getField("runs").getInt(null), name);
      chain.getField("runs").setInt(null, 0);
      Object g = l.call("p.ChainGradients", name, x);
      // as many runs of h0 as the primal (once per call); before, the reverse ran each callee twice more
      assertEquals(10 * primalRuns[depth], chain.getField("runs").getInt(null), name + "'s gradient");
      assertEquals(primal, component(g, "value"), 0);
      double fd = ((double) l.call("p.Chain", name, x + h) - (double) l.call("p.Chain", name, x - h)) / (2 * h);
      assertEquals(fd, component(g, "dX"), 1e-7, name);
    }
    // a field read before a call is still read before it: h5 reads runs, then h1 adds 10 to it, then reads it
    chain.getField("runs").setInt(null, 5);
    double h5 = (double) l.call("p.Chain", "h5", x);
    chain.getField("runs").setInt(null, 5);
    Object g5 = l.call("p.ChainGradients", "h5", x);
    assertEquals(15, chain.getField("runs").getInt(null));
    assertEquals(h5, component(g5, "value"), 0);
    assertEquals(5 + (double) l.call("p.Chain", "h1", x) * 15, h5, 1e-12);
    String h3 = method(generated(c, "p.ChainGradients"), "h3Vjp");
    assertFalse(h3.contains("Chain.h2("), "the reverse reads the forward sweep's record:\n" + h3);
    assertTrue(h3.contains("ChainGradients.h2Vjp(x, 1.0)"), h3);
    String h4 = method(generated(c, "p.ChainGradients"), "h4Vjp");
    assertFalse(h4.contains("Chain.h0(") || h4.contains("Chain.h1("), "inside loops and branches too:\n" + h4);
  }

  /**
   * QA finding #13 for callees with an array result: the caller runs {@code gForward} where it calls g and
   * {@code gReverse} in its reverse sweep, so g runs once per call, as in the primal (in loops and branches,
   * and when the callee itself calls array callees); a callee whose sweeps cannot be cut still gives the
   * right gradient through {@code gVjp}.
   */
  @Test
  void arrayResultCalleesRunOncePerCall() throws Exception {
    Compilation c = compile(source("p.Layers",
        "package p;",
        "import dev.adjoint.Differentiable;",
        "public class Layers {",
        "  public static int runs;",
        "  static int count(int k) { runs += k; return 0; }",
        "  @Differentiable public static double[] layer(double[] w, double[] x) {",
        "    double[] h = new double[x.length];",
        "    for (int i = 0; i < x.length; i++) {",
        "      h[i] = Math.tanh(w[i] * x[i] + 0.5 * x[(i + 1) % x.length]) + count(1);",
        "    }",
        "    return h;",
        "  }",
        "  @Differentiable public static double[] twoLayers(double[] w, double[] x) {",
        "    double[] h = layer(w, x);",
        "    double[] o = layer(w, h);",
        "    return o;",
        "  }",
        "  @Differentiable public static double scale(double[] x) { return x[0] * x[1]; }",
        "  @Differentiable public static double[] scaled(double[] w, double[] x) {",
        "    double k = scale(x);",
        "    double[] o = layer(w, x);",
        "    for (int i = 0; i < o.length; i++) {",
        "      o[i] *= k;",
        "    }",
        "    return o;",
        "  }",
        "  @Differentiable public static double net(double[] w, double[] x, int depth) {",
        "    double[] h = x;",
        "    for (int d = 0; d < depth; d++) {",
        "      h = layer(w, h);",
        "    }",
        "    if (h[0] > -2) {",
        "      h = twoLayers(w, h);",
        "    }",
        "    double[] q = scaled(w, h);",
        "    double s = 0;",
        "    for (double v : q) {",
        "      s += v * v;",
        "    }",
        "    return s;",
        "  }",
        "}"));
    assertThat(c).succeededWithoutWarnings();
    IntegrationTest.Loaded l = new IntegrationTest.Loaded(c);
    Class<?> layers = l.loadClass("p.Layers");
    double[] w = {0.7, -0.4, 1.1};
    double[] x = {0.3, -0.8, 0.5};
    int depth = 3;
    // layer runs depth times in the loop, twice in twoLayers, once in scaled: 3 runs (elements) each
    layers.getField("runs").setInt(null, 0);
    double primal = (double) l.call("p.Layers", "net", w, x, depth);
    assertEquals(3 * (depth + 3), layers.getField("runs").getInt(null));
    layers.getField("runs").setInt(null, 0);
    Object g = l.call("p.LayersGradients", "net", w, x, depth);
    assertEquals(3 * (depth + 3), layers.getField("runs").getInt(null), "net's gradient");
    assertEquals(primal, component(g, "value"), 0);
    double h = 1e-6;
    for (String param : new String[] {"w", "x"}) {
      double[] grad = (double[]) g.getClass().getMethod("d" + Character.toUpperCase(param.charAt(0))).invoke(g);
      for (int i = 0; i < 3; i++) {
        double[] plus = (param.equals("w") ? w : x).clone();
        double[] minus = plus.clone();
        plus[i] += h;
        minus[i] -= h;
        double fd = param.equals("w")
            ? ((double) l.call("p.Layers", "net", plus, x, depth) - (double) l.call("p.Layers", "net", minus, x, depth)) / (2 * h)
            : ((double) l.call("p.Layers", "net", w, plus, depth) - (double) l.call("p.Layers", "net", w, minus, depth)) / (2 * h);
        assertEquals(fd, grad[i], 1e-7 * (1 + Math.abs(fd)), "d" + param + "[" + i + "]");
      }
    }
    String code = generated(c, "p.LayersGradients");
    String net = method(code, "netVjp");
    assertFalse(net.contains("Layers.layer(") || net.contains("layerVjp(") || net.contains("twoLayersVjp("),
        "net runs its array callees' forward sweeps once and hands them their reverse:\n" + net);
    assertTrue(net.contains("LayersGradients.layerForward(w, h)") && net.contains("LayersGradients.layerReverseInto("), net);
    // layer's adjoint arrays are the caller's: no array of its own to add back
    assertFalse(net.contains("Adjoints.addTo(_d_w"), net);
    assertTrue(code.contains("public static LayersGradients.TwoLayersGradient twoLayersReverse(Object _forward, double[] seed)")
        || code.contains("public static TwoLayersGradient twoLayersReverse(Object _forward, double[] seed)"), code);
    // scaled keeps its scalar callee's derivatives in typed locals, so its sweeps are cut too
    assertFalse(method(code, "scaledReverse").contains("scaledVjp("), code);
  }

  /**
   * A caller may write into the array a split callee returned: it gets a copy, and the callee's reverse
   * reads the original (cumprod's reverse reads h[i - 1]). (A callee returning its argument is an error:
   * DiagnosticsTest.arrayResultSharingAParameterIsAnError.)
   */
  @Test
  void callerWritesIntoAnArrayCalleesResult() throws Exception {
    Compilation c = compile(source("p.Writes",
        "package p;",
        "import dev.adjoint.Differentiable;",
        "public class Writes {",
        "  @Differentiable public static double[] cumprod(double[] x) {",
        "    double[] h = new double[x.length];",
        "    h[0] = x[0];",
        "    for (int i = 1; i < x.length; i++) {",
        "      h[i] = h[i - 1] * x[i];",
        "    }",
        "    return h;",
        "  }",
        "  @Differentiable public static double[] copy(double[] x) { return x.clone(); }",
        "  @Differentiable public static double f(double[] x) {",
        "    double[] h = cumprod(x);",
        "    h[0] = 3.0;",
        "    double[] a = {x[0] * x[1], x[2]};",
        "    double[] b = copy(a);",
        "    b[0] = 2 * b[1];",
        "    return h[0] + h[2] + a[0] * x[1];",
        "  }",
        "}"));
    assertThat(c).succeededWithoutWarnings();
    IntegrationTest.Loaded l = new IntegrationTest.Loaded(c);
    double[] x = {0.5, 1.3, -0.7};
    Object g = l.call("p.WritesGradients", "f", (Object) x);
    double[] dx = (double[]) g.getClass().getMethod("dX").invoke(g);
    assertEquals((double) l.call("p.Writes", "f", (Object) x), component(g, "value"), 0);
    assertMatchesFiniteDifferences(l, "p.Writes", x, dx);
    String code = generated(c, "p.WritesGradients");
    assertTrue(method(code, "fVjp").contains("WritesGradients.cumprodForward(x)"), code);
  }

  /**
   * A callee whose sweeps cannot be cut (its result has rows, which a copy would share) reverses through
   * mVjp with its arguments as they came in, though its forward sweep assigns its parameter.
   */
  @Test
  void uncutCalleeReversesWithTheArgumentsItWasGiven() throws Exception {
    Compilation c = compile(source("p.Uncut",
        "package p;",
        "import dev.adjoint.Differentiable;",
        "public class Uncut {",
        "  @Differentiable public static double sq(double x) { return x * x; }",
        "  @Differentiable public static double[][] g(double x) {",
        "    double k = sq(x);",
        "    x = Math.sin(x) * k;",
        "    return new double[][] {{x, k * x}};",
        "  }",
        "  @Differentiable public static double f(double x) {",
        "    double[][] r = g(x);",
        "    return r[0][0] + r[0][1] * x;",
        "  }",
        "}"));
    assertThat(c).succeededWithoutWarnings();
    IntegrationTest.Loaded l = new IntegrationTest.Loaded(c);
    double x = 0.7;
    Object g = l.call("p.UncutGradients", "f", x);
    double fd = ((double) l.call("p.Uncut", "f", x + 1e-6) - (double) l.call("p.Uncut", "f", x - 1e-6)) / 2e-6;
    assertEquals(fd, component(g, "dX"), 1e-7);
    String code = generated(c, "p.UncutGradients");
    assertTrue(method(code, "gReverse").contains("gVjp(_fw.x(), seed)"), code);
    assertTrue(code.contains("double _in_x = x;"), code);
  }

  /**
   * Two {@code @Differentiable} overloads with one array result type would both need {@code
   * gReverse(Object, double[])}: neither gets the split methods, and their callers reverse through gVjp.
   */
  @Test
  void overloadsSharingAnArrayResultTypeKeepTheirVjp() throws Exception {
    Compilation c = compile(source("p.Over",
        "package p;",
        "import dev.adjoint.Differentiable;",
        "public class Over {",
        "  @Differentiable public static double[] g(double[] x) { return new double[] {x[0] * x[1], Math.sin(x[1])}; }",
        "  @Differentiable public static double[] g(double[] x, double k) { return new double[] {k * x[0], x[1] * x[1]}; }",
        "  @Differentiable public static float[] h(float[] x) { return new float[] {x[0] * x[1]}; }",
        "  @Differentiable public static double f(double[] x) {",
        "    double[] a = g(x);",
        "    double[] b = g(a, 3.0);",
        "    return b[0] + b[1] * a[1];",
        "  }",
        "}"));
    assertThat(c).succeededWithoutWarnings();
    IntegrationTest.Loaded l = new IntegrationTest.Loaded(c);
    double[] x = {0.4, -1.1};
    Object g = l.call("p.OverGradients", "f", (Object) x);
    double[] dx = (double[]) g.getClass().getMethod("dX").invoke(g);
    assertMatchesFiniteDifferences(l, "p.Over", x, dx);
    String code = generated(c, "p.OverGradients");
    assertFalse(code.contains("gForward") || code.contains("gReverse"), code);
    assertTrue(method(code, "fVjp").contains("OverGradients.gVjp(a, 3.0, "), code);
    assertTrue(code.contains("hForward(float[] x)"), "an array method without such an overload keeps them:\n" + code);
  }

  /**
   * gReverseInto adds into the caller's adjoint arrays: one array passed for two parameters, a variable
   * reassigned from its own layer at the top level, and a callee whose local aliases its parameter (the
   * alias's adjoint is set in the forward sweep, so the callee keeps its own and adds it at the end).
   */
  @Test
  void reverseIntoTheCallersAdjointArrays() throws Exception {
    Compilation c = compile(source("p.Into",
        "package p;",
        "import dev.adjoint.Differentiable;",
        "public class Into {",
        "  @Differentiable public static double[] mix(double[] a, double[] b) {",
        "    double[] r = new double[a.length];",
        "    for (int i = 0; i < a.length; i++) {",
        "      r[i] = Math.sin(a[i]) * b[(i + 1) % b.length];",
        "    }",
        "    return r;",
        "  }",
        "  @Differentiable public static double[] clip(double[] x) {",
        "    double[] a = x;",
        "    double[] r = new double[a.length];",
        "    for (int i = 0; i < a.length; i++) {",
        "      r[i] = a[i] * a[i];",
        "    }",
        "    return r;",
        "  }",
        "  @Differentiable public static double f(double[] x) {",
        "    double[] h = mix(x, x);",
        "    h = mix(h, x);",
        "    h = mix(h, h);",
        "    double[] t = {h[0], h[1] + x[2], h[2]};",
        "    double[] q = clip(t);",
        "    return q[0] + q[1] * t[2] + q[2] + t[1];",
        "  }",
        "}"));
    assertThat(c).succeededWithoutWarnings();
    IntegrationTest.Loaded l = new IntegrationTest.Loaded(c);
    double[] x = {0.4, -1.1, 0.8};
    Object g = l.call("p.IntoGradients", "f", (Object) x.clone());
    double[] dx = (double[]) g.getClass().getMethod("dX").invoke(g);
    assertMatchesFiniteDifferences(l, "p.Into", x, dx);
    String code = generated(c, "p.IntoGradients");
    assertTrue(method(code, "fVjp").contains("IntoGradients.mixReverseInto("), code);
    // clip's alias of x: its own adjoint array, added into the caller's at the end
    assertTrue(method(code, "clipReverseInto").contains("Adjoints.addTo(_into_x, _d_x)"), code);
  }

  /**
   * An array call inside a larger expression gets a local of its own, so it runs apart like the others
   * (once per call); not under a ternary, or after an impure call of the same statement.
   */
  @Test
  void arrayCallsInsideExpressionsRunOnce() throws Exception {
    Compilation c = compile(source("p.Nested",
        "package p;",
        "import dev.adjoint.Differentiable;",
        "public class Nested {",
        "  public static int runs;",
        "  static int count() { runs++; return 0; }",
        "  @Differentiable public static double[] sq(double[] x) {",
        "    double[] r = new double[x.length];",
        "    for (int i = 0; i < x.length; i++) {",
        "      r[i] = x[i] * x[i] + count();",
        "    }",
        "    return r;",
        "  }",
        "  @Differentiable public static double sum(double[] v) {",
        "    double s = 0;",
        "    for (double e : v) {",
        "      s += Math.sin(e);",
        "    }",
        "    return s;",
        "  }",
        "  @Differentiable public static double f(double[] x) {",
        "    double a = sum(sq(x)) * x[0];",
        "    double b = sum(sq(sq(x))) + sq(x)[1];",
        "    double c = x[0] > 0 ? sum(sq(x)) : 1.0;",
        "    return a + b + c;",
        "  }",
        "}"));
    assertThat(c).succeededWithoutWarnings();
    IntegrationTest.Loaded l = new IntegrationTest.Loaded(c);
    Class<?> nested = l.loadClass("p.Nested");
    double[] x = {0.6, -0.9};
    nested.getField("runs").setInt(null, 0);
    double primal = (double) l.call("p.Nested", "f", (Object) x);
    int primalRuns = nested.getField("runs").getInt(null);
    nested.getField("runs").setInt(null, 0);
    Object g = l.call("p.NestedGradients", "f", (Object) x);
    // a, b (sq(sq(x)): the inner call first), sq(x)[1]: once each, as in the primal; c, a ternary branch
    // left in place: sq again inside sumVjp and in sqVjp in the reverse (2 elements a run)
    assertEquals(primalRuns + 2 * 2, nested.getField("runs").getInt(null));
    assertEquals(primal, component(g, "value"), 0);
    assertMatchesFiniteDifferences(l, "p.Nested", x, (double[]) g.getClass().getMethod("dX").invoke(g));
    String code = method(generated(c, "p.NestedGradients"), "fVjp");
    assertTrue(code.contains("var _f0 = NestedGradients.sqForward(x);"), code);
  }

  @Test
  void floatCalleesRunTheirPullbackInTheForwardSweepToo() throws Exception {
    Compilation c = compile(source("p.Floats",
        "package p;",
        "import dev.adjoint.Differentiable;",
        "public class Floats {",
        "  @Differentiable public static float g(float u) { return u * u * 0.5f; }",
        "  @Differentiable public static float f(float x) {",
        "    float s = 0;",
        "    for (int i = 0; i < 3; i++) {",
        "      s += g(x * i) * x;",
        "    }",
        "    return s + g(x);",
        "  }",
        "}"));
    assertThat(c).succeededWithoutWarnings();
    String vjp = method(generated(c, "p.FloatsGradients"), "fVjp");
    assertFalse(vjp.contains("Floats.g("), vjp);
    assertEquals(2, count(vjp, "FloatsGradients.gVjp("), vjp);
    IntegrationTest.Loaded l = new IntegrationTest.Loaded(c);
    float x = 0.8f;
    // f = sum_i (x i)^2 / 2 * x + x^2 / 2 = x^3 (0 + 1 + 4) / 2 + x^2 / 2; f' = 7.5 x^2 + x
    Object g = l.call("p.FloatsGradients", "f", x);
    assertEquals((float) l.call("p.Floats", "f", x), component(g, "value"), 0);
    assertEquals(7.5 * x * x + x, component(g, "dX"), 1e-5);
  }

  @Test
  void calleeSeedScalesItsUnitPullback() throws Exception {
    Compilation c = compile(source("p.Scaled",
        "package p;",
        "import dev.adjoint.Differentiable;",
        "public class Scaled {",
        "  @Differentiable public static double g(double u, double v) { return u * Math.exp(v); }",
        "  @Differentiable public static double f(double x, double y) {",
        "    double t = g(x * y, y) * 3 + g(y, 2 * x);",
        "    return t * g(t, x);",
        "  }",
        "}"));
    assertThat(c).succeededWithoutWarnings();
    IntegrationTest.Loaded l = new IntegrationTest.Loaded(c);
    double h = 1e-6;
    for (double[] p : new double[][] {{0.2, 0.5}, {-1.1, 0.3}}) {
      Object g = l.call("p.ScaledGradients", "f", p[0], p[1]);
      assertEquals((double) l.call("p.Scaled", "f", p[0], p[1]), component(g, "value"), 0);
      double dx = ((double) l.call("p.Scaled", "f", p[0] + h, p[1]) - (double) l.call("p.Scaled", "f", p[0] - h, p[1]))
          / (2 * h);
      double dy = ((double) l.call("p.Scaled", "f", p[0], p[1] + h) - (double) l.call("p.Scaled", "f", p[0], p[1] - h))
          / (2 * h);
      assertEquals(dx, component(g, "dX"), 1e-6 * Math.max(1, Math.abs(dx)));
      assertEquals(dy, component(g, "dY"), 1e-6 * Math.max(1, Math.abs(dy)));
    }
  }

  /**
   * A Runge-Kutta-like step: each stage's array comes from a callee whose reverse reads its own record, so the
   * reverse never reads the caller's reference to it, and the forward sweep saves none of the references it
   * overwrites (before: one push and one pop per stage and step). A row the reverse reads again, to recompute
   * an element, keeps its save.
   */
  @Test
  void referencesTheReverseNeverReadsAreNotSaved() throws Exception {
    Compilation c = compile(source("p.Steps",
        "package p;",
        "import dev.adjoint.Differentiable;",
        "public class Steps {",
        "  @Differentiable static double[] slope(double[] x, double[] y) {",
        "    double[] z = new double[y.length];",
        "    for (int i = 0; i < y.length; i++) {",
        "      z[i] = x[i] * Math.sin(y[i]);",
        "    }",
        "    return z;",
        "  }",
        "  @Differentiable public static double f(double[] x) {",
        "    double[] y = new double[x.length];",
        "    for (int step = 0; step < 4; step++) {",
        "      double[] k1 = slope(x, y);",
        "      double[] mid = new double[y.length];",
        "      for (int i = 0; i < y.length; i++) {",
        "        mid[i] = y[i] + 0.05 * k1[i];",
        "      }",
        "      double[] k2 = slope(x, mid);",
        "      for (int i = 0; i < y.length; i++) {",
        "        y[i] += 0.1 * k2[i];",
        "      }",
        "    }",
        "    double s = 0;",
        "    for (int i = 0; i < y.length; i++) {",
        "      s += y[i] * y[i];",
        "    }",
        "    return s;",
        "  }",
        "  @Differentiable public static double rows(double[][] m) {",
        "    double s = 0;",
        "    for (int i = 0; i < m.length; i++) {",
        "      double[] row = m[i];",
        "      double t = 0;",
        "      for (int j = 0; j < row.length; j++) {",
        "        t += Math.sin(row[j]) * row[j];",
        "      }",
        "      s = s * 0.5 + t * t;",
        "    }",
        "    return s;",
        "  }",
        "}"));
    assertThat(c).succeededWithoutWarnings();
    String code = generated(c, "p.StepsGradients");
    String f = method(code, "fVjp");
    for (String local : new String[] {"k1", "k2", "mid"}) {
      assertFalse(f.contains(".push(" + local + ")") || java.util.regex.Pattern.compile("\\s" + local + " = _t").matcher(f).find(),
          local + ":\n" + f);
    }
    String rows = method(code, "rowsVjp");
    assertTrue(rows.contains(".push(row)") && rows.contains(" row = _t"), rows);
    IntegrationTest.Loaded l = new IntegrationTest.Loaded(c);
    assertGradientOfF(l, "p.Steps", new double[] {0.4, -1.1, 0.8}, "dX");
    double[][] m = {{0.3, -0.8, 1.2}, {0.5, 0.1, -0.6}, {-1.4, 0.9, 0.2}};
    Object g = l.call("p.StepsGradients", "rows", (Object) m);
    Gradients.assertMatrixGradient((double[][]) g.getClass().getMethod("dM").invoke(g), m,
        v -> (double) l.call("p.Steps", "rows", (Object) v));
  }

  /** QA finding #13 for callees taking arrays: dot(x, x) runs as often in the gradient as in the primal. */
  @Test
  void arrayCalleesRunTheirPullbackInTheForwardSweep() throws Exception {
    Compilation c = compile(source("p.Dots",
        "package p;",
        "import dev.adjoint.Differentiable;",
        "public class Dots {",
        "  public static int runs;",
        "  @Differentiable public static double dot(double[] a, double[] b) {",
        "    runs++;",
        "    double s = 0;",
        "    for (int i = 0; i < a.length; i++) {",
        "      s += a[i] * b[i];",
        "    }",
        "    return s;",
        "  }",
        "  @Differentiable public static double f(double[] x, double w) {",
        "    double t = Math.sin(dot(x, x)) * w;",
        "    for (int k = 0; k < 3; k++) {",
        "      t += w * dot(x, x);",
        "    }",
        "    return t + x[0] * dot(x, x);",  // an element read next to the call: stays in the reverse
        "  }",
        "}"));
    assertThat(c).succeededWithoutWarnings();
    String vjp = method(generated(c, "p.DotsGradients"), "fVjp");
    // x is a parameter f never writes: each call's forward sweep runs where the call is, and its reverse adds
    // into _d_x (no pullback as long as x per call, scaled and added)
    assertEquals(3, count(vjp, "DotsGradients.dotForward(x, x)"), vjp);
    assertEquals(3, count(vjp, "DotsGradients.dotReverseInto("), vjp);
    assertFalse(vjp.contains("dotVjp"), vjp);
    IntegrationTest.Loaded l = new IntegrationTest.Loaded(c);
    Class<?> dots = l.loadClass("p.Dots");
    double[] x = {0.3, -0.7, 1.1};
    double w = 1.5;
    dots.getField("runs").setInt(null, 0);
    double value = (double) l.call("p.Dots", "f", x, w);
    assertEquals(5, dots.getField("runs").getInt(null));
    dots.getField("runs").setInt(null, 0);
    Object g = l.call("p.DotsGradients", "f", x, w);
    // each of the 5 calls runs its body once, in its forward sweep
    assertEquals(5, dots.getField("runs").getInt(null));
    assertEquals(value, component(g, "value"), 1e-12);
    double[] dX = (double[]) g.getClass().getMethod("dX").invoke(g);
    double h = 1e-6;
    for (int i = 0; i < x.length; i++) {
      double[] p = x.clone();
      double[] m = x.clone();
      p[i] += h;
      m[i] -= h;
      double fd = ((double) l.call("p.Dots", "f", p, w) - (double) l.call("p.Dots", "f", m, w)) / (2 * h);
      assertEquals(fd, dX[i], 1e-6 * Math.max(1, Math.abs(fd)), "dX[" + i + "]");
    }
  }

  /**
   * An array filled by {@code +=} and read in reverse only by the statements after the fill (a sum of
   * squares): nothing whose reverse runs after the fill's reads the old elements, so none is saved.
   */
  @Test
  void elementsOnlyLaterStatementsReadAreNotSaved() throws Exception {
    Compilation c = compile(source("p.Quad",
        "package p;",
        "import dev.adjoint.Differentiable;",
        "public class Quad {",
        "  @Differentiable public static double quad(double[] l, double[] x, int d) {",
        "    double[] y = new double[d];",
        "    int li = 0;",
        "    for (int col = 0; col < d; col++) {",
        "      for (int row = col; row < d; row++) {",
        "        y[row] += l[li] * x[col];",
        "        li++;",
        "      }",
        "    }",
        "    double s = 0;",
        "    for (int i = 0; i < d; i++) {",
        "      s += y[i] * y[i];",
        "    }",
        "    return s;",
        "  }",
        "}"));
    assertThat(c).succeededWithoutWarnings();
    String vjp = method(generated(c, "p.QuadGradients"), "quadVjp");
    assertFalse(vjp.contains("push(y["), "no element of y saved:\n" + vjp);
    IntegrationTest.Loaded loaded = new IntegrationTest.Loaded(c);
    double[] l = {0.5, -1.0, 0.25, 2.0, 0.75, -0.5};
    double[] x = {1.5, -0.5, 0.8};
    Object g = loaded.call("p.QuadGradients", "quad", l, x, 3);
    double[] dl = (double[]) g.getClass().getMethod("dL").invoke(g);
    for (int k = 0; k < l.length; k++) {
      double[] up = l.clone();
      double[] down = l.clone();
      up[k] += 1e-6;
      down[k] -= 1e-6;
      double fd = (quad(up, x) - quad(down, x)) / 2e-6;
      assertEquals(fd, dl[k], 1e-6, "dL[" + k + "]");
    }
  }

  /**
   * A scalar callee whose unit pullback the forward sweep runs reads nothing of its arguments in the reverse:
   * an index list filled for it before each call is not saved, element by element, before each refill. (The
   * pullback is the way for an array this method fills: the callee's own reverse would need the array as it
   * was at the call.)
   */
  @Test
  void indexListsOfForwardPullbacksAreNotSaved() throws Exception {
    Compilation c = compile(source("p.Pairs",
        "package p;",
        "import dev.adjoint.Differentiable;",
        "public class Pairs {",
        "  @Differentiable public static double f(double[] a) {",
        "    double[] b = new double[a.length];",
        "    for (int i = 0; i < a.length; i++) {",
        "      b[i] = a[i] * a[i] + 0.5;",
        "    }",
        "    int[] idx = new int[2];",
        "    double s = 0;",
        "    for (int j = 0; j + 1 < a.length; j++) {",
        "      idx[0] = j;",
        "      idx[1] = (j * 3 + 1) % a.length;",
        "      s += pair(b, idx);",
        "    }",
        "    return s;",
        "  }",
        "  @Differentiable static double pair(double[] v, int[] idx) {",
        "    return v[idx[0]] * v[idx[1]];",
        "  }",
        "}"));
    assertThat(c).succeededWithoutWarnings();
    String vjp = method(generated(c, "p.PairsGradients"), "fVjp");
    assertTrue(vjp.contains("PairsGradients.pairVjp(b, idx, 1.0)"), vjp);
    assertFalse(vjp.contains("IntStack"), "no index saved:\n" + vjp);
    IntegrationTest.Loaded l = new IntegrationTest.Loaded(c);
    assertGradientOfF(l, "p.Pairs", new double[] {0.9, -0.4, 1.3, 0.2, 0.5}, "dA");
  }

  /**
   * Expansion by minors: a recursive call keeps its unit pullback, run in the forward sweep, and the index
   * lists filled for it are not saved. Its sweeps run apart, every node of the recursion would keep its record
   * until the reverse: at ell = 10 that took 114x the primal and at ell = 11 more than an 8 GB heap. The
   * outer method's one call runs the callee's sweeps apart ({@code minorForward}, {@code minorReverseInto}).
   */
  @Test
  void recursiveCallsKeepTheirPullbackAndSaveNoIndexLists() throws Exception {
    Compilation c = compile(source("p.Minors",
        "package p;",
        "import dev.adjoint.Differentiable;",
        "public class Minors {",
        "  @Differentiable public static double f(double[] a) {",
        "    int n = (int) Math.round(Math.sqrt(a.length));",
        "    int[] rows = new int[n];",
        "    int[] cols = new int[n];",
        "    for (int i = 0; i < n; i++) {",
        "      rows[i] = i;",
        "      cols[i] = i;",
        "    }",
        "    return minor(a, n, rows, cols, n);",
        "  }",
        "  @Differentiable static double minor(double[] a, int ell, int[] rows, int[] cols, int m) {",
        "    if (m == 1) {",
        "      return a[rows[0] * ell + cols[0]];",
        "    }",
        "    int[] subRows = new int[m - 1];",
        "    for (int i = 1; i < m; i++) {",
        "      subRows[i - 1] = rows[i];",
        "    }",
        "    int[] subCols = new int[m - 1];",
        "    double det = 0;",
        "    double sign = 1;",
        "    for (int j = 0; j < m; j++) {",
        "      for (int jj = 0; jj < j; jj++) {",
        "        subCols[jj] = cols[jj];",
        "      }",
        "      for (int jj = j + 1; jj < m; jj++) {",
        "        subCols[jj - 1] = cols[jj];",
        "      }",
        "      double subDet = minor(a, ell, subRows, subCols, m - 1);",
        "      det += sign * a[rows[0] * ell + cols[j]] * subDet;",
        "      sign = -sign;",
        "    }",
        "    return det;",
        "  }",
        "}"));
    assertThat(c).succeededWithoutWarnings();
    String gradients = generated(c, "p.MinorsGradients");
    String minor = method(gradients, "minorVjp");
    assertTrue(minor.contains("MinorsGradients.minorVjp(a, ell, subRows, subCols, m - 1, 1.0)"), minor);
    assertFalse(minor.contains("IntStack") || minor.contains("minorForward"), "no index saved:\n" + minor);
    String f = method(gradients, "fVjp");
    assertTrue(f.contains("MinorsGradients.minorForward(a, n, rows, cols, n)") && f.contains("MinorsGradients.minorReverseInto("), f);
    IntegrationTest.Loaded l = new IntegrationTest.Loaded(c);
    double[] a = {0.9, -0.4, 1.3, 0.2, 0.5, 1.1, -0.7, 0.8, -1.2, 0.3, 0.6, 1.7, 0.4, -0.9, 1.5, 0.1};
    assertGradientOfF(l, "p.Minors", a, "dA");
  }

  /**
   * A loop-local {@code double change = Math.tanh(u)} that a product reads: its value is pushed once after
   * the declaration and popped at the start of the block's reverse, where the rule in terms of the result
   * reads it too (before: tanh kept on a stack and computed again in the reverse); the exp whose kept value
   * the reverse reads leaves the array element it reads unsaved.
   */
  @Test
  void aLoopLocalTranscendentalIsKeptOnceAndNotRecomputed() throws Exception {
    Compilation c = compile(source("p.Cells",
        "package p;",
        "import dev.adjoint.Differentiable;",
        "public class Cells {",
        "  @Differentiable public static double f(double[] p) {",
        "    double[] cell = new double[2];",
        "    double[] y = new double[2];",
        "    double total = 0;",
        "    for (int t = 0; t < 3; t++) {",
        "      for (int i = 0; i < 2; i++) {",
        "        double ingate = 1 / (1 + Math.exp(-p[i] * cell[i]));",
        "        double change = Math.tanh(p[2 + i] * cell[i] + p[4 + i]);",
        "        cell[i] = cell[i] * p[6 + i] + ingate * change + 0.1 * t;",
        "      }",
        "      double sumExp = 0;",
        "      for (int i = 0; i < 2; i++) {",
        "        y[i] = cell[i] * p[i];",
        "        sumExp += Math.exp(y[i]);",
        "      }",
        "      total += Math.log(sumExp) - y[t % 2];",
        "    }",
        "    return total;",
        "  }",
        "}"));
    assertThat(c).succeededWithoutWarnings();
    String vjp = method(generated(c, "p.CellsGradients"), "fVjp");
    assertEquals(1, count(vjp, "Math.tanh("), "tanh computed once, in the forward sweep:\n" + vjp);
    assertTrue(vjp.contains("DoubleRules.tanhFromResult(change, "), vjp);
    assertFalse(vjp.contains("push(y["), "y's elements are read in reverse only through the kept exp:\n" + vjp);
    IntegrationTest.Loaded l = new IntegrationTest.Loaded(c);
    double[] p = {0.3, -0.5, 0.8, 0.4, -0.2, 0.6, 0.9, 0.7};
    assertGradientOfF(l, "p.Cells", p, "dP");
  }

  /**
   * An array allocated fresh on every trip of a loop and then filled: its old elements are zeros of a new
   * array that no reverse reads, so the fill saves none of them (before: one push per element and step, as in
   * the GradBench ode objective's Runge-Kutta stages); written again after a read, an element is saved.
   */
  @Test
  void freshArraysOfALoopBodySaveNoElementsBeforeTheirFirstRead() throws Exception {
    Compilation c = compile(source("p.Steps",
        "package p;",
        "import dev.adjoint.Differentiable;",
        "public class Steps {",
        "  @Differentiable static double[] rate(double[] x, double[] y) {",
        "    double[] z = new double[x.length];",
        "    z[0] = x[0];",
        "    for (int i = 1; i < x.length; i++) {",
        "      z[i] = x[i] * y[i - 1];",
        "    }",
        "    return z;",
        "  }",
        "  @Differentiable public static double f(double[] x) {",
        "    int n = x.length;",
        "    double[] y = new double[n];",
        "    for (int step = 0; step < 4; step++) {",
        "      double[] k1 = rate(x, y);",
        "      double[] mid = new double[n];",
        "      for (int i = 0; i < n; i++) {",
        "        mid[i] = y[i] + 0.25 * k1[i];",
        "      }",
        "      double[] k2 = rate(x, mid);",
        "      mid[0] = mid[0] * k2[0];",
        "      for (int i = 0; i < n; i++) {",
        "        y[i] += 0.5 * (k1[i] + k2[i]) + 0.1 * mid[i];",
        "      }",
        "    }",
        "    double s = 0;",
        "    for (int i = 0; i < n; i++) {",
        "      s += y[i] * y[i];",
        "    }",
        "    return s;",
        "  }",
        "}"));
    assertThat(c).succeededWithoutWarnings();
    String vjp = method(generated(c, "p.StepsGradients"), "fVjp");
    assertFalse(vjp.contains("push(mid[i])"), "the fill saves nothing:\n" + vjp);
    assertTrue(vjp.contains("push(mid[0])"), "the write after rate(x, mid) read it is saved:\n" + vjp);
    IntegrationTest.Loaded l = new IntegrationTest.Loaded(c);
    double[] x = {0.7, -0.4, 0.9, 0.3};
    assertGradientOfF(l, "p.Steps", x, "dX");
  }

  /**
   * A passive recurrence ({@code power *= t}) in a counted loop whose trips' reverses are independent: the
   * reverse runs the trips in forward order from the value kept on entry and replays the update, so nothing
   * is pushed per trip; loops where that does not hold (the update before its reader, an active scalar read,
   * an integer recurrence next to a loop-carried adjoint) keep the backwards loop. Every gradient against
   * finite differences.
   */
  @Test
  void passiveRecurrencesAreReplayedNotSaved() throws Exception {
    Compilation c = compile(source("p.Powers",
        "package p;",
        "import dev.adjoint.Differentiable;",
        "public class Powers {",
        "  @Differentiable public static double f0(double[] x) {",
        "    double sum = 0;",
        "    for (int i = 0; i < 5; i++) {",
        "      double t = -1 + i * 0.5;",
        "      double residual = Math.signum(t);",
        "      double power = 1;",
        "      double odd = 0.5;",
        "      for (int j = 0; j < x.length; j++) {",
        "        residual -= x[j] * power + odd * x[j] * x[j];",
        "        power *= t;",
        "        odd = -odd + power;",
        "      }",
        "      sum += residual * residual;",
        "    }",
        "    return sum / 2;",
        "  }",
        "  @Differentiable public static double f1(double[] x) {",
        "    double s = 0;",
        "    double power = 1;",
        "    for (int j = 0; j < x.length; j++) {",
        "      power *= 0.7;",
        "      s += x[j] * power;",
        "    }",
        "    return s * s;",
        "  }",
        "  @Differentiable public static double f2(double[] x) {",
        "    double s = 0;",
        "    double power = 1;",
        "    double w = x[0] * x[1];",
        "    for (int j = 0; j < x.length; j++) {",
        "      s += x[j] * power * w;",
        "      power *= 1.3;",
        "    }",
        "    return s * s;",
        "  }",
        "  @Differentiable public static double f3(double[] x) {",
        "    double s = 1;",
        "    int k = 1;",
        "    for (int j = 0; j < x.length; j++) {",
        "      s = s * x[j] + k;",
        "      k += 2;",
        "    }",
        "    return s;",
        "  }",
        "}"));
    assertThat(c).succeededWithoutWarnings();
    String code = generated(c, "p.PowersGradients");
    String f0 = method(code, "f0Vjp");
    assertEquals(1, count(f0, "push(power)"), "power kept once per outer trip:\n" + f0);
    assertEquals(1, count(f0, "push(odd)"), f0);
    assertEquals(2, count(f0, "power *= t;"), "replayed in the reverse:\n" + f0);
    assertEquals(2, count(f0, "for (int j = 0; j < x.length; j++)"), f0);
    for (String name : new String[] {"f1", "f2", "f3"}) {
      assertEquals(1, count(method(code, name + "Vjp"), "for (int j = 0; j < x.length; j++)"),
          name + " keeps the backwards loop:\n" + method(code, name + "Vjp"));
    }
    IntegrationTest.Loaded l = new IntegrationTest.Loaded(c);
    double[] x = {0.4, -0.3, 0.8, 0.2, -0.6};
    for (String name : new String[] {"f0", "f1", "f2", "f3"}) {
      Object g = l.call("p.PowersGradients", name, (Object) x);
      assertEquals((double) l.call("p.Powers", name, (Object) x), component(g, "value"), 0, name);
      double[] dx = (double[]) g.getClass().getMethod("dX").invoke(g);
      for (int k = 0; k < x.length; k++) {
        double[] plus = x.clone();
        double[] minus = x.clone();
        plus[k] += 1e-6;
        minus[k] -= 1e-6;
        double fd = ((double) l.call("p.Powers", name, (Object) plus) - (double) l.call("p.Powers", name, (Object) minus)) / 2e-6;
        assertEquals(fd, dx[k], 1e-7 * (1 + Math.abs(fd)), name + " dX[" + k + "]");
      }
    }
  }

  /**
   * Values the method holds in locals are what the rules read (Rodrigues' rotation, as in the GradBench ba
   * objective): sin(theta)'s rule reads the local cos, cos(theta)'s the local sin, sqrt's its own result,
   * instead of computing cos, sin and sqrt again in the reverse; both branches against finite differences.
   */
  @Test
  void rulesReadTheValuesLocalsHold() throws Exception {
    Compilation c = compile(source("p.Rodrigues",
        "package p;",
        "import dev.adjoint.Differentiable;",
        "public class Rodrigues {",
        "  @Differentiable public static double f(double[] r) {",
        "    double sq = r[0] * r[0] + r[1] * r[1] + r[2] * r[2];",
        "    double out = 0;",
        "    if (sq > 1e-3) {",
        "      double theta = Math.sqrt(sq);",
        "      double cos = Math.cos(theta);",
        "      double sin = Math.sin(theta);",
        "      double w0 = r[0] / theta;",
        "      out = 0.3 * cos + (w0 * 0.7 - r[2] / theta * 0.2) * sin + w0 * (1 - cos);",
        "    } else {",
        "      out = 0.3 + r[1] * 0.7 - r[2] * 0.2;",
        "    }",
        "    return out * out;",
        "  }",
        "}"));
    assertThat(c).succeededWithoutWarnings();
    String vjp = method(generated(c, "p.RodriguesGradients"), "fVjp");
    assertEquals(1, count(vjp, "Math.sqrt("), vjp);
    assertEquals(1, count(vjp, "Math.cos("), vjp);
    assertEquals(1, count(vjp, "Math.sin("), vjp);
    assertTrue(vjp.contains("DoubleRules.sinFromCos(cos, ") && vjp.contains("DoubleRules.cosFromSin(sin, ")
        && vjp.contains("DoubleRules.sqrtFromResult(theta, "), vjp);
    IntegrationTest.Loaded l = new IntegrationTest.Loaded(c);
    for (double[] r : new double[][] {{0.4, -0.3, 0.8}, {0.01, 0.02, -0.01}}) {
      assertGradientOfF(l, "p.Rodrigues", r, "dR");
    }
  }

  /**
   * A caller that only reads an array callee's result takes the callee's own array ({@code _f0._value()}): no
   * copy per call; one that writes into it gets a copy ({@code value()}, also what other callers of
   * {@code gForward} get: changing it leaves the gradient alone).
   */
  @Test
  void callersThatOnlyReadAnArrayResultTakeItUncopied() throws Exception {
    Compilation c = compile(source("p.Proj",
        "package p;",
        "import dev.adjoint.Differentiable;",
        "public class Proj {",
        "  @Differentiable public static double[] rotate(double[] r, double[] x) {",
        "    double[] out = new double[2];",
        "    out[0] = Math.cos(r[0]) * x[0] - Math.sin(r[0]) * x[1];",
        "    out[1] = Math.sin(r[0]) * x[0] + Math.cos(r[0]) * x[1];",
        "    return out;",
        "  }",
        "  @Differentiable public static double f(double[] p) {",
        "    double s = 0;",
        "    for (int k = 0; k < 3; k++) {",
        "      double[] q = rotate(p, p);",
        "      s += q[0] * q[1] + q[0] / (2 + q[1] * q[1]);",
        "    }",
        "    double[] w = rotate(p, p);",
        "    w[1] = w[1] * w[0];",
        "    return s + w[1];",
        "  }",
        "}"));
    assertThat(c).succeededWithoutWarnings();
    String vjp = method(generated(c, "p.ProjGradients"), "fVjp");
    assertEquals(1, count(vjp, "._value()"), "q reads the callee's array:\n" + vjp);
    assertEquals(1, count(vjp, ".value()"), "w, written into, gets a copy:\n" + vjp);
    IntegrationTest.Loaded l = new IntegrationTest.Loaded(c);
    double[] p = {0.6, -0.8};
    assertGradientOfF(l, "p.Proj", p, "dP");
    // other callers of rotateForward get a copy: writing into it changes nothing the reverse reads
    Class<?> gradients = l.loadClass("p.ProjGradients");
    Object forward = gradients.getMethod("rotateForward", double[].class, double[].class).invoke(null, p, p);
    double[] value = (double[]) forward.getClass().getMethod("value").invoke(forward);
    assertEquals(((double[]) l.call("p.Proj", "rotate", p, p))[0], value[0], 0);
    value[0] = 100;
    value[1] = -100;
    Object viaForward = gradients.getMethod("rotateReverse", Object.class, double[].class)
        .invoke(null, forward, new double[] {1, 2});
    Object direct = l.call("p.ProjGradients", "rotateVjp", p, p, new double[] {1, 2});
    assertArrayEquals((double[]) direct.getClass().getMethod("dR").invoke(direct),
        (double[]) viaForward.getClass().getMethod("dR").invoke(viaForward), 0);
    assertArrayEquals(((double[]) l.call("p.Proj", "rotate", p, p)),
        (double[]) viaForward.getClass().getMethod("value").invoke(viaForward), 0);
  }

  /**
   * A loop that fills a local array from fixed values runs again in the reverse only where it must: inside a
   * loop whose later trips overwrote the array, when the reverse reads it. At the top level the array still
   * holds its values, and an array the reverse never reads needs none.
   */
  @Test
  void aFillLoopRunsAgainOnlyWhereTheReverseReadsValuesLaterTripsOverwrote() throws Exception {
    Compilation c = compile(source("p.Fills",
        "package p;",
        "import dev.adjoint.Differentiable;",
        "public class Fills {",
        "  @Differentiable(wrt = {\"h\", \"w\", \"x\"})",
        "  public static double top(double h, double[] w, double[] x, int n) {",
        "    double[] c = new double[x.length];",
        "    for (int i = 0; i < x.length; i++) c[i] = Math.sin(x[i] + h);",
        "    double s = 0;",
        "    for (int i = 0; i < x.length; i++) s += c[i] * w[i];",
        "    return s;",
        "  }",
        "  @Differentiable(wrt = {\"h\", \"w\", \"x\"})",
        "  public static double inner(double h, double[] w, double[] x, int n) {",
        "    double[] c = new double[x.length];",
        "    double s = 0;",
        "    for (int t = 0; t < n; t++) {",
        "      for (int i = 0; i < x.length; i++) c[i] = Math.sin(x[i] + h * t);",
        "      for (int i = 0; i < x.length; i++) s += c[i] * w[i] * s;",
        "    }",
        "    return s;",
        "  }",
        "  @Differentiable(wrt = {\"h\", \"w\", \"x\"})",
        "  public static double unread(double h, double[] w, double[] x, int n) {",
        "    double[] c = new double[x.length];",
        "    double s = 0;",
        "    for (int t = 0; t < n; t++) {",
        "      for (int i = 0; i < x.length; i++) c[i] = w[i] * Math.tanh(x[i] + h * t);",
        "      for (int i = 0; i < x.length; i++) s += c[i];",
        "    }",
        "    return s;",
        "  }",
        "}"));
    assertThat(c).succeededWithoutWarnings();
    String code = generated(c, "p.FillsGradients");
    assertEquals(1, count(method(code, "topVjp"), " c[i] = "), method(code, "topVjp"));
    assertEquals(2, count(method(code, "innerVjp"), " c[i] = "), method(code, "innerVjp"));
    assertEquals(1, count(method(code, "unreadVjp"), " c[i] = "), method(code, "unreadVjp"));
    IntegrationTest.Loaded l = new IntegrationTest.Loaded(c);
    java.util.Random random = new java.util.Random(8);
    for (String name : new String[] {"top", "inner", "unread"}) {
      double h = 0.3;
      double[] w = Gradients.gaussian(random, 4);
      double[] x = Gradients.gaussian(random, 4);
      Object g = l.call("p.FillsGradients", name, h, w, x, 3);
      assertEquals((double) l.call("p.Fills", name, h, w, x, 3), (double) component(g, "value"), 0, name);
      Gradients.assertGradient(Gradients.array(g, "dW"), w, v -> (double) l.call("p.Fills", name, h, v, x, 3));
      Gradients.assertGradient(Gradients.array(g, "dX"), x, v -> (double) l.call("p.Fills", name, h, w, v, 3));
      Gradients.assertGradient(new double[] {(double) component(g, "dH")}, new double[] {h},
          v -> (double) l.call("p.Fills", name, v[0], w, x, 3));
    }
  }

  /**
   * A local saved where the reverse reads it ({@code s}, overwritten by its loop more often than read) is not
   * saved and restored around the last statement when nothing writes it in between; where something does, the
   * save stays.
   */
  @Test
  void aSaveWhoseRestoreFindsTheValueUnchangedGoes() throws Exception {
    Compilation c = compile(source("p.Saves",
        "package p;",
        "import dev.adjoint.Differentiable;",
        "public class Saves {",
        "  @Differentiable public static double lse(double[] x) {",
        "    double s = 0;",
        "    for (int i = 0; i < x.length; i++) s += Math.exp(x[i]);",
        "    return Math.log(s);",
        "  }",
        "  @Differentiable public static double rewritten(double[] x) {",
        "    double s = 0;",
        "    for (int i = 0; i < x.length; i++) s += Math.exp(x[i]);",
        "    double r = Math.log(s);",
        "    s = s * x[0];",
        "    return r + s * s;",
        "  }",
        "}"));
    assertThat(c).succeededWithoutWarnings();
    String code = generated(c, "p.SavesGradients");
    assertEquals(0, count(method(code, "lseVjp"), " = s;"), method(code, "lseVjp"));
    // saved before log(s) reads it and before s is overwritten; restored in the reverse of each
    assertEquals(2, count(method(code, "rewrittenVjp"), " = s;"), method(code, "rewrittenVjp"));
    IntegrationTest.Loaded l = new IntegrationTest.Loaded(c);
    double[] x = {0.4, -1.2, 0.9};
    assertGradientOfF(l, "p.Saves", "lse", x);
    assertGradientOfF(l, "p.Saves", "rewritten", x);
  }

  private static void assertGradientOfF(IntegrationTest.Loaded l, String cls, String name, double[] x) throws Exception {
    Object g = l.call(cls + "Gradients", name, (Object) x);
    assertEquals((double) l.call(cls, name, (Object) x), (double) component(g, "value"), 0, name);
    Gradients.assertGradient(Gradients.array(g, "dX"), x, v -> (double) l.call(cls, name, (Object) v));
  }

  private static double quad(double[] l, double[] x) {
    double[] y = new double[3];
    int li = 0;
    for (int col = 0; col < 3; col++) {
      for (int row = col; row < 3; row++) {
        y[row] += l[li] * x[col];
        li++;
      }
    }
    return y[0] * y[0] + y[1] * y[1] + y[2] * y[2];
  }
}
