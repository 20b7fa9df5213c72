package dev.adjoint.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.adjoint.processor.Gradients.number;
import static dev.adjoint.processor.Sources.compile;
import static dev.adjoint.processor.Sources.generatedMethod;
import static dev.adjoint.processor.Sources.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A {@code @Differentiable} method may call a derivative Adjoint generated for another one ({@code gJvp(...).tangent()},
 * {@code g(...).dX()}) and is differentiated through it: all four nestings (forward or reverse, inside and outside)
 * are generated code. Each second derivative is checked against central differences of the first derivative, which
 * the tests of first derivatives check in turn, and the nestings against each other.
 */
class DerivativesOfDerivativesTest {
  private static IntegrationTest.Loaded loaded;
  private static String code;

  @BeforeAll
  static void compileOnce() throws Exception {
    Compilation compilation = compile(source("s.Potential", SecondOrderPrograms.lines(
        "package s;",
        "import dev.adjoint.Differentiable;",
        "public class Potential {",
        "  @Differentiable(jvp = true) public static double potential(double x1, double x2, double w) {",
        "    double dx = 10 - x1;",
        "    double toLower = Math.sqrt(dx * dx + x2 * x2);",
        "    double up = 10 - w - x2;",
        "    double toUpper = Math.sqrt(dx * dx + up * up);",
        "    return 1 / toLower + 1 / toUpper;",
        "  }",
        // every rule of a rule the common functions need, in a branch and a loop (forward mode keeps nothing)
        "  @Differentiable(jvp = true) public static double wavy(double x, double y) {",
        "    double s = Math.sin(x * y) * Math.exp(-x) + Math.tanh(y) * Math.log(1 + x * x);",
        "    for (int i = 0; i < 2; i++) {",
        "      s = s + Math.pow(x, 3) / (1 + y * y) + Math.atan2(y, x) * i;",
        "    }",
        "    if (x > y) { s += Math.cos(x) * Math.sqrt(1 + y * y); } else { s -= Math.hypot(x, y); }",
        "    return s;",
        "  }",
        "  @Differentiable public static double smooth(double x, double y) {",
        "    double s = Math.sin(x * y) * Math.exp(-x) + Math.tanh(y) * Math.log(1 + x * x) + Math.atan(x - y);",
        "    if (x > y) { s += Math.cos(x) * Math.sqrt(1 + y * y); } else { s -= Math.hypot(x, y) * Math.pow(x, y); }",
        "    return s;",
        "  }",
        // a potential through a @Differentiable helper, in a loop (forward mode) and straight (reverse mode)
        "  @Differentiable(jvp = true) static double inverseDistance(double dx, double dy) {",
        "    return 1 / Math.sqrt(dx * dx + dy * dy);",
        "  }",
        "  @Differentiable(jvp = true) public static double looped(double x1, double x2, double w) {",
        "    double s = 0;",
        "    for (int i = 0; i < 2; i++) { s += inverseDistance(10 - x1, x2 - i * (10 - w)); }",
        "    return s;",
        "  }",
        "  @Differentiable(jvp = true) public static double helped(double x1, double x2, double w) {",
        "    return inverseDistance(10 - x1, x2) + inverseDistance(10 - x1, 10 - w - x2);",
        "  }",
        // arrays and ints: the k-means cost, whose Hessian is diagonal
        SecondOrderPrograms.kmeans("@Differentiable(wrt = \"c\", jvp = true)"),
        "}")), source("s.Force",
        "package s;",
        "import dev.adjoint.Differentiable;",
        "public class Force {",
        "  @Differentiable(jvp = true) public static double byForward(double x1, double x2, double w) {",
        "    return -PotentialGradients.potentialJvp(x1, x2, w, 1, 0, 0).tangent();",
        "  }",
        "  @Differentiable(jvp = true) public static double byReverse(double x1, double x2, double w) {",
        "    return -PotentialGradients.potential(x1, x2, w).dX1();",
        "  }",
        "  @Differentiable(jvp = true) public static double loopedForce(double x1, double x2, double w) {",
        "    return -PotentialGradients.loopedJvp(x1, x2, w, 1, 0, 0).tangent();",
        "  }",
        "  @Differentiable(jvp = true) public static double helpedForce(double x1, double x2, double w) {",
        "    return -PotentialGradients.helped(x1, x2, w).dX1();",
        "  }",
        "  @Differentiable(wrt = \"c\") public static double slope(double[] p, double[] c, double[] v, int n, int k, int d) {",
        "    return PotentialGradients.kmeansJvp(p, c, n, k, d, v).tangent();",
        "  }",
        "  @Differentiable(jvp = true) public static double mixed(double x, double y) {",
        "    double g = PotentialGradients.smooth(x, y).dX();",
        "    double v = PotentialGradients.smoothVjp(x, y, 2.0).dY();",
        "    double t = PotentialGradients.wavyJvp(x, y, 0.5, -1).tangent();",
        "    return g * 2 + v * t + PotentialGradients.wavyJvp(x, y, 1, 0).value();",
        "  }",
        "}"));
    assertThat(compilation).succeededWithoutWarnings();
    code = compilation.generatedSourceFile("s.ForceGradients").orElseThrow().getCharContent(true).toString();
    loaded = new IntegrationTest.Loaded(compilation);
  }

  private static double primal(String name, double... args) throws Exception {
    Object[] boxed = new Object[args.length];
    for (int i = 0; i < args.length; i++) {
      boxed[i] = args[i];
    }
    return (double) loaded.call("s.Force", name, boxed);
  }

  private static Object generated(String name, Object... args) throws Exception {
    return loaded.call("s.ForceGradients", name, args);
  }

  /** The gradient ({@code name}: reverse outside) and tangents ({@code nameJvp}: forward outside) against differences. */
  private static void assertSecondOrder(String name, double... at) throws Exception {
    Object[] args = new Object[at.length];
    for (int i = 0; i < at.length; i++) {
      args[i] = at[i];
    }
    Object gradient = generated(name, args);
    assertEquals(primal(name, at), number(gradient, "value"), 1e-12);
    String[] components = name.equals("mixed") ? new String[] {"dX", "dY"} : new String[] {"dX1", "dX2", "dW"};
    for (int i = 0; i < at.length; i++) {
      double h = 1e-5;
      double[] up = at.clone();
      double[] down = at.clone();
      up[i] += h;
      down[i] -= h;
      double differences = (primal(name, up) - primal(name, down)) / (2 * h);
      double tolerance = 1e-6 * Math.max(1, Math.abs(differences));
      assertEquals(differences, number(gradient, components[i]), tolerance, name + ": reverse outside, " + components[i]);
      Object[] jvpArgs = new Object[2 * at.length];
      for (int j = 0; j < at.length; j++) {
        jvpArgs[j] = at[j];
        jvpArgs[at.length + j] = j == i ? 1.0 : 0.0;
      }
      Object tangent = generated(name + "Jvp", jvpArgs);
      assertEquals(differences, number(tangent, "tangent"), tolerance, name + ": forward outside, direction " + i);
      assertEquals(number(gradient, components[i]), number(tangent, "tangent"),
          1e-11 * Math.max(1, Math.abs(differences)), name + ": forward and reverse outside agree, direction " + i);
    }
  }

  @Test
  void theForceFromEitherInnerModeDifferentiatesEitherWay() throws Exception {
    double[] at = {1.2, 7.5, 0.3};
    // the force itself: minus d potential / d x1, the same from the inner forward and reverse modes
    assertEquals(primal("byForward", at), primal("byReverse", at), 1e-14);
    assertSecondOrder("byForward", at);
    assertSecondOrder("byReverse", at);
    assertSecondOrder("byForward", 4.0, 2.5, -1.0);
  }

  /** The inner derivative calls a @Differentiable helper, whose own derivative is written out in turn. */
  @Test
  void aDerivativeThroughAHelper() throws Exception {
    double[] at = {1.2, 7.5, 0.3};
    // the same force as the potential's: the helper sums the same two charges
    assertEquals(primal("byForward", at), primal("loopedForce", at), 1e-13);
    assertEquals(primal("byForward", at), primal("helpedForce", at), 1e-13);
    assertSecondOrder("loopedForce", at);
    assertSecondOrder("helpedForce", at);
    String code = generatedMethod(DerivativesOfDerivativesTest.code, "helpedForceVjp");
    assertTrue(code.contains("// PotentialGradients.inverseDistanceVjp, written out to be differentiated again"), code);
  }

  @Test
  void everyRuleOfARuleInBranchesAndLoops() throws Exception {
    assertSecondOrder("mixed", 0.8, 0.4);
    assertSecondOrder("mixed", 0.3, 1.1);
  }

  /**
   * Reverse over forward through array code: the gradient of the k-means cost's slope along v is the Hessian times
   * v, here diagonal (twice the number of points closest to each centroid) and checked against differences of the
   * slope.
   */
  @Test
  void aHessianVectorProductOfArrayCode() throws Exception {
    double[] p = {0.1, 0.2, 0.9, 0.8, 0.15, 0.3, 0.7, 0.95, 0.4, 0.1};
    double[] c = {0.1, 0.2, 0.8, 0.9};
    double[] v = {1, 1, 1, 1};
    Object g = loaded.call("s.ForceGradients", "slope", p, c.clone(), v, 5, 2, 2);
    double[] hv = (double[]) Gradients.component(g, "dC");
    // points 0, 2, 4 are closest to centroid 0; 1 and 3 to centroid 1
    assertEquals(6, hv[0], 1e-12);
    assertEquals(6, hv[1], 1e-12);
    assertEquals(4, hv[2], 1e-12);
    assertEquals(4, hv[3], 1e-12);
    Gradients.assertGradient(hv, c, at -> (double) loaded.call("s.Force", "slope", p, at, v, 5, 2, 2));
  }

  /** The derivative's code is written out in the caller, its rules read as functions with rules of their own. */
  @Test
  void theGeneratedDerivativeIsWrittenOutAndItsRulesDifferentiated() {
    String reverseOverForward = generatedMethod(code, "byForwardVjp");
    assertTrue(reverseOverForward.contains("// PotentialGradients.potentialJvp, written out to be differentiated again"),
        reverseOverForward);
    assertTrue(reverseOverForward.contains("DoubleRules.sqrtFromResultWrtY("), reverseOverForward);
    assertFalse(reverseOverForward.contains("PotentialGradients.potentialJvp("), reverseOverForward);
    String forwardOverReverse = generatedMethod(code, "byReverseJvp");
    assertTrue(forwardOverReverse.contains("// PotentialGradients.potential, written out to be differentiated again"),
        forwardOverReverse);
    assertFalse(forwardOverReverse.contains("Force.java:7"), forwardOverReverse);
  }

  /**
   * Reverse over a reverse sweep that keeps values on stacks: each stack of numbers gets a stack of adjoints (the
   * reverse of a pop pushes the popped value's adjoint, the reverse of the push pops it).
   */
  @Test
  void aReverseSweepWithStacksIsDifferentiatedAgainInBothModes() throws Exception {
    Compilation c = compile(source("t.Loops",
        "package t;",
        "import dev.adjoint.Differentiable;",
        "public class Loops {",
        "  @Differentiable public static double carried(double x, double y) {",
        "    double s = 1;",
        "    for (int i = 0; i < 3; i++) { s = Math.sin(s * x) + y * s; }",
        "    return s;",
        "  }",
        "}"), source("t.User",
        "package t;",
        "import dev.adjoint.Differentiable;",
        "public class User {",
        "  @Differentiable(jvp = true) public static double slope(double x, double y) { return LoopsGradients.carried(x, y).dX(); }",
        "}"));
    assertThat(c).succeededWithoutWarnings();
    String user = c.generatedSourceFile("t.UserGradients").orElseThrow().getCharContent(true).toString();
    String reverseOverReverse = generatedMethod(user, "slopeVjp");
    assertTrue(reverseOverReverse.contains("DoubleStack _d__in0__t0 = new DoubleStack();"), reverseOverReverse);
    assertTrue(reverseOverReverse.contains("_d__in0__t0.push("), reverseOverReverse);
    assertTrue(reverseOverReverse.contains("_d__in0__t0.pop()"), reverseOverReverse);
    IntegrationTest.Loaded l = new IntegrationTest.Loaded(c);
    double[] at = {0.7, 0.4};
    Object second = l.call("t.UserGradients", "slope", at[0], at[1]);
    String[] components = {"dX", "dY"};
    for (int k = 0; k < 2; k++) {
      double h = 1e-6;
      double[] up = at.clone();
      double[] down = at.clone();
      up[k] += h;
      down[k] -= h;
      double differences = ((double) l.call("t.User", "slope", up[0], up[1]) - (double) l.call("t.User", "slope", down[0], down[1]))
          / (2 * h);
      assertEquals(differences, number(second, components[k]), 1e-7, "reverse over reverse, " + components[k]);
      Object tangent = l.call("t.UserGradients", "slopeJvp", at[0], at[1], k == 0 ? 1.0 : 0.0, k == 1 ? 1.0 : 0.0);
      assertEquals(differences, number(tangent, "tangent"), 1e-7, "forward over reverse, direction " + k);
    }
  }

  /**
   * Reverse over a reverse sweep that adds array runs ({@code Adjoints.addScaledTo}, the reverse of a dot product and
   * of a matrix-vector product): the gradient of a gradient penalty, |grad f|^2, as in WGAN-GP. The runs are written
   * out as loops and differentiated like the user's, whose own adjoint loops become runs again.
   */
  @Test
  void aReverseSweepAddingArrayRunsIsDifferentiatedAgainInReverse() throws Exception {
    Compilation c = compile(source("t.Net",
        "package t;",
        "import dev.adjoint.Differentiable;",
        "public class Net {",
        "  @Differentiable(wrt = \"w\") public static double score(double[] w, double[] x, int rows, int cols) {",
        "    double s = 0;",
        "    for (int r = 0; r < rows; r++) {",
        "      double h = 0;",
        "      for (int k = 0; k < cols; k++) { h += w[r * cols + k] * x[k]; }",
        "      s += Math.tanh(h);",
        "    }",
        "    return s;",
        "  }",
        "}"), source("t.Penalty",
        "package t;",
        "import dev.adjoint.Differentiable;",
        "public class Penalty {",
        "  @Differentiable(wrt = \"w\") public static double penalty(double[] w, double[] x, int rows, int cols) {",
        "    double[] g = NetGradients.score(w, x, rows, cols).dW();",
        "    double p = 0;",
        "    for (int i = 0; i < g.length; i++) { p += g[i] * g[i]; }",
        "    return p;",
        "  }",
        "}"));
    assertThat(c).succeededWithoutWarnings();
    String inner = generatedMethodOf(c, "t.NetGradients", "scoreVjp");
    assertTrue(inner.contains("Adjoints.addScaledTo("), inner);
    String outer = generatedMethodOf(c, "t.PenaltyGradients", "penaltyVjp");
    assertTrue(outer.contains("_inAcc0_i"), "the run written out as its loop:\n" + outer);
    IntegrationTest.Loaded l = new IntegrationTest.Loaded(c);
    double[] w = {0.3, -0.5, 0.8, 0.1, -0.9, 0.4};
    double[] x = {0.7, -0.2, 0.5};
    double[] got = (double[]) Gradients.component(l.call("t.PenaltyGradients", "penalty", w.clone(), x, 2, 3), "dW");
    Gradients.assertGradient(got, w, v -> (double) l.call("t.Penalty", "penalty", v, x, 2, 3), 1e-6, 1e-7);
  }

  /**
   * Reverse and forward over a reverse sweep whose dot product adds into both operands' adjoints in one call
   * ({@code Adjoints.addScaledToBoth}): the call is read as its two runs, each written out as its loop, and the
   * penalty |grad_w f|^2 + |grad_x f|^2 matches finite differences in w and in x.
   */
  @Test
  void aReverseSweepAddingPairsOfRunsIsDifferentiatedAgain() throws Exception {
    Compilation c = compile(source("t.Net",
        "package t;",
        "import dev.adjoint.Differentiable;",
        "public class Net {",
        "  @Differentiable(wrt = {\"w\", \"x\"})",
        "  public static double score(double[] w, double[] x, int rows, int cols) {",
        "    double s = 0;",
        "    for (int r = 0; r < rows; r++) {",
        "      double h = 0;",
        "      for (int k = 0; k < cols; k++) { h += w[r * cols + k] * x[k]; }",
        "      s += Math.tanh(h);",
        "    }",
        "    return s;",
        "  }",
        "}"), source("t.Penalty",
        "package t;",
        "import dev.adjoint.Differentiable;",
        "public class Penalty {",
        "  @Differentiable(wrt = {\"w\", \"x\"}, jvp = true)",
        "  public static double penalty(double[] w, double[] x, int rows, int cols) {",
        "    double[] gw = NetGradients.score(w, x, rows, cols).dW();",
        "    double[] gx = NetGradients.score(w, x, rows, cols).dX();",
        "    double p = 0;",
        "    for (int i = 0; i < gw.length; i++) { p += gw[i] * gw[i]; }",
        "    for (int i = 0; i < gx.length; i++) { p += gx[i] * gx[i]; }",
        "    return p;",
        "  }",
        "}"));
    assertThat(c).succeededWithoutWarnings();
    String inner = generatedMethodOf(c, "t.NetGradients", "scoreVjp");
    assertTrue(inner.contains("Adjoints.addScaledToBoth(_d_w, r * cols, x, 0, _d_x, 0, w, r * cols, cols, "), inner);
    String outer = generatedMethodOf(c, "t.PenaltyGradients", "penaltyVjp");
    assertTrue(outer.contains("_inAcc1_i"), "both runs written out as loops:\n" + outer);
    IntegrationTest.Loaded l = new IntegrationTest.Loaded(c);
    // cols = 9 reaches the vector path of the pair
    double[] w = new java.util.Random(12).doubles(18, -1, 1).toArray();
    double[] x = new java.util.Random(13).doubles(9, -1, 1).toArray();
    Object g = l.call("t.PenaltyGradients", "penalty", w.clone(), x.clone(), 2, 9);
    Gradients.assertGradient((double[]) Gradients.component(g, "dW"), w,
        v -> (double) l.call("t.Penalty", "penalty", v, x, 2, 9), 1e-6, 1e-7);
    Gradients.assertGradient((double[]) Gradients.component(g, "dX"), x,
        v -> (double) l.call("t.Penalty", "penalty", w, v, 2, 9), 1e-6, 1e-7);
    // forward over reverse along the first unit vector of x
    double[] e0 = new double[9];
    e0[0] = 1;
    Object tangent = l.call("t.PenaltyGradients", "penaltyJvp", w, x, 2, 9, new double[18], e0);
    assertEquals(((double[]) Gradients.component(g, "dX"))[0], number(tangent, "tangent"), 1e-9);
  }

  /**
   * Reverse over a reverse sweep that saves a whole array on every trip (a loop overwriting a local array its reverse
   * reads): the copies become loops over the elements on a stack of numbers, which gets a stack of adjoints.
   */
  @Test
  void aReverseSweepKeepingWholeArraysIsDifferentiatedAgainInReverse() throws Exception {
    Compilation c = compile(source("t.Arrays", SecondOrderPrograms.lines(
        "package t;",
        "import dev.adjoint.Differentiable;",
        "public class Arrays {",
        SecondOrderPrograms.recurrent("@Differentiable(wrt = \"w\")"),
        "}")), source("t.User",
        "package t;",
        "import dev.adjoint.Differentiable;",
        "public class User {",
        "  @Differentiable(wrt = \"w\") public static double slope(double[] w, double[] x, int steps) {",
        "    return ArraysGradients.recurrent(w, x, steps).dW()[0];",
        "  }",
        "}"));
    assertThat(c).succeededWithoutWarnings();
    String inner = generatedMethodOf(c, "t.ArraysGradients", "recurrentVjp");
    assertTrue(inner.contains(".push(h.clone())"), inner);
    String outer = generatedMethodOf(c, "t.UserGradients", "slopeVjp");
    assertTrue(outer.contains("DoubleStack _in0__t1 = new DoubleStack();"), "the copies' stack holds numbers:\n" + outer);
    assertTrue(outer.contains("_in0__t1.push(_in0_h[_in0_copy0_i]);"), outer);
    assertTrue(outer.contains("_in0_h[_in0_copy1_i] = _in0__t1.pop();"), outer);
    IntegrationTest.Loaded l = new IntegrationTest.Loaded(c);
    double[] w = {0.5, -0.8, 1.3};
    double[] x = {0.2, -0.4, 0.9, 0.1};
    double[] got = (double[]) Gradients.component(l.call("t.UserGradients", "slope", w.clone(), x, 4), "dW");
    Gradients.assertGradient(got, w, v -> (double) l.call("t.User", "slope", v, x, 4), 1e-6, 1e-7);
  }

  /**
   * Reverse over a reverse sweep that keeps array references on a stack (a loop pointing a local at a new array): the
   * forward sweep pushes each array's adjoint array beside it and pops it back with it, so adjoints follow the arrays.
   */
  @Test
  void aReverseSweepKeepingArrayReferencesIsDifferentiatedAgainInReverse() throws Exception {
    Compilation c = compile(source("t.Steps",
        "package t;",
        "import dev.adjoint.Differentiable;",
        "public class Steps {",
        "  @Differentiable(wrt = \"w\") public static double steps(double[] w, int n) {",
        "    double[] cur = new double[w.length];",
        "    for (int i = 0; i < w.length; i++) { cur[i] = w[i]; }",
        "    for (int t = 0; t < n; t++) {",
        "      double[] next = new double[w.length];",
        "      for (int i = 0; i < w.length; i++) { next[i] = Math.sin(cur[i] + 0.5 * cur[(i + 1) % w.length]) * w[i]; }",
        "      cur = next;",
        "    }",
        "    double s = 0;",
        "    for (int i = 0; i < w.length; i++) { s += cur[i]; }",
        "    return s;",
        "  }",
        "}"), source("t.User",
        "package t;",
        "import dev.adjoint.Differentiable;",
        "public class User {",
        "  @Differentiable(wrt = \"w\") public static double penalty(double[] w, int n) {",
        "    double[] g = StepsGradients.steps(w, n).dW();",
        "    double s = 0;",
        "    for (int i = 0; i < g.length; i++) { s += (i + 1) * g[i] * g[i]; }",
        "    return s;",
        "  }",
        "}"));
    assertThat(c).succeededWithoutWarnings();
    String outer = generatedMethodOf(c, "t.UserGradients", "penaltyVjp");
    assertTrue(outer.matches("(?s).*ObjectStack<double\\[\\]> _d__in0__t\\d+ = new ObjectStack<double\\[\\]>\\(\\);.*"),
        "a stack of adjoint arrays beside the stack of arrays:\n" + outer);
    IntegrationTest.Loaded l = new IntegrationTest.Loaded(c);
    double[] w = {0.5, -0.8, 1.3, 0.4};
    double[] got = (double[]) Gradients.component(l.call("t.UserGradients", "penalty", w.clone(), 3), "dW");
    Gradients.assertGradient(got, w, v -> (double) l.call("t.User", "penalty", v, 3), 1e-6, 1e-7);
  }

  /** Each call's derivative is a copy, and so are its callees': past a limit, an error instead of javac's. */
  @Test
  void aDerivativeTooLargeToWriteOutSaysSo() {
    StringBuilder leaf = new StringBuilder("  @Differentiable(jvp = true) static double g0(double x) {\n    double s = x;\n");
    for (int i = 0; i < 40; i++) {
      leaf.append("    s = s * 0.9 + Math.sin(s + ").append(i).append(");\n");
    }
    leaf.append("    return s;\n  }\n");
    StringBuilder chain = new StringBuilder(leaf);
    for (int level = 1; level <= 3; level++) {
      String callee = "g" + (level - 1);
      chain.append("  @Differentiable(jvp = true) static double g").append(level).append("(double x) { return ")
          .append(callee).append("(x) + ").append(callee).append("(x * 2) + ").append(callee).append("(x * 3) + ")
          .append(callee).append("(x * 4); }\n");
    }
    Compilation c = compile(source("v.Deep", "package v;", "import dev.adjoint.Differentiable;", "public class Deep {",
        chain.toString(), "}"), source("v.User",
        "package v;",
        "import dev.adjoint.Differentiable;",
        "public class User {",
        "  @Differentiable public static double slope(double x) { return DeepGradients.g3Jvp(x, 1).tangent(); }",
        "}"));
    assertThat(c).hadErrorContaining("the derivatives this method reads take more than 2000 statements written out"
        + " (DeepGradients.");
    assertThat(c).hadErrorCount(1);
  }

  @Test
  void aDerivativeFromTheClassItselfIsRefusedWithWhereToMoveIt() {
    Compilation c = compile(source("w.Same",
        "package w;",
        "import dev.adjoint.Differentiable;",
        "public class Same {",
        "  @Differentiable(jvp = true) public static double f(double x) { return x * x * x; }",
        "  @Differentiable public static double slope(double x) { return SameGradients.fJvp(x, 1).tangent(); }",
        "}"));
    assertThat(c).hadErrorContaining("a derivative from SameGradients, which Adjoint writes for this method's own class"
        + " (`SameGradients.fJvp(x, 1).tangent()`)");
    assertThat(c).hadErrorContaining("move the method whose derivative it reads to another class, whose gradients are"
        + " written first");
    assertThat(c).hadErrorCount(1);
  }

  @Test
  void aDerivativeKeptWholeIsRefusedWithWhereToReadIt() {
    Compilation c = compile(source("u.Sq",
        "package u;",
        "import dev.adjoint.Differentiable;",
        "public class Sq {",
        "  @Differentiable(jvp = true) public static double sq(double x) { return x * x * x; }",
        "}"), source("u.User",
        "package u;",
        "import dev.adjoint.Differentiable;",
        "public class User {",
        "  @Differentiable public static double slope(double x) {",
        "    var r = SqGradients.sqJvp(x, 1);",
        "    return r.tangent();",
        "  }",
        "}"));
    assertThat(c).hadErrorContaining("a generated derivative kept as a record (`SqGradients.sqJvp(x, 1)`)");
    assertThat(c).hadErrorContaining("read the component you need right where you call it (SqGradients.sqJvp(...).value(),"
        + " .tangent() or .dX())");
  }



  /** The text of {@code method} in the generated source of {@code className}. */
  private static String generatedMethodOf(Compilation c, String className, String method) throws Exception {
    return generatedMethod(c.generatedSourceFile(className).orElseThrow().getCharContent(true).toString(), method);
  }
}
