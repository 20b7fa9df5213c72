package dev.adjoint.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.adjoint.processor.Gradients.array;
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
 * A loop of the reverse sweep that only adds into adjoints is skipped while its scalar adjoints are zero; forward mode
 * over such a sweep also tests their tangents. Gradients are checked against central differences, at points where the
 * skipped adjoints are exactly zero.
 */
class ZeroAdjointSkipsTest {
  private static IntegrationTest.Loaded loaded;
  private static String cost;
  private static String hessians;

  @BeforeAll
  static void compileOnce() throws Exception {
    Compilation compilation = compile(source("z.Cost", SecondOrderPrograms.lines(
        "package z;",
        "import dev.adjoint.Differentiable;",
        "public class Cost {",
        SecondOrderPrograms.kmeans("@Differentiable(wrt = \"c\")"),
        // s is exactly zero for the first row at the points below: its adjoint is zero there, its tangent is not
        "  @Differentiable(wrt = \"w\") public static double rows(double[] x, double[] w, int n, int d) {",
        "    double total = 0;",
        "    for (int i = 0; i < n; i++) {",
        "      double s = 0;",
        "      for (int l = 0; l < d; l++) { s += Math.sin(x[l] * w[i * d + l]); }",
        "      total += s * s;",
        "    }",
        "    return total;",
        "  }",
        "}")), source("z.Hessians",
        "package z;",
        "import dev.adjoint.Differentiable;",
        "public class Hessians {",
        "  @Differentiable(wrt = \"w\", jvp = true, vjp = false)",
        "  public static double[] rows(double[] x, double[] w, int n, int d) { return CostGradients.rows(x, w, n, d).dW(); }",
        "}"));
    assertThat(compilation).succeededWithoutWarnings();
    cost = compilation.generatedSourceFile("z.CostGradients").orElseThrow().getCharContent(true).toString();
    hessians = compilation.generatedSourceFile("z.HessiansGradients").orElseThrow().getCharContent(true).toString();
    loaded = new IntegrationTest.Loaded(compilation);
  }

  private static final double[] X = {1.0, 1.0, 0.4};
  /** Row 0 gives sin(0.5) + sin(-0.5) + sin(0) = 0. */
  private static final double[] W = {0.5, -0.5, 0.0, 0.3, 0.8, -1.2};

  @Test
  void theDistancesOfCentroidsNotClosestAreSkipped() throws Exception {
    String vjp = generatedMethod(cost, "kmeansVjp");
    // Double.POSITIVE_INFINITY, a constant, does not keep the loop over the points from being reversed trip by trip
    assertTrue(vjp.contains("// each trip's reverse right after it: the trips share nothing but sums"), vjp);
    assertTrue(vjp.contains("// skipped while its adjoints are zero: it would add nothing\n        if (_d_dist != 0 || _d_e != 0) {"), vjp);
    double[] p = {0.1, 0.2, 0.9, 0.8, 0.15, 0.3, 0.7, 0.95, 0.4, 0.1};
    double[] c = {0.1, 0.2, 0.8, 0.9, 0.5, 0.5};
    double[] gradient = array(loaded.call("z.CostGradients", "kmeans", p, c.clone(), 5, 3, 2), "dC");
    Gradients.assertGradient(gradient, c, at -> (double) loaded.call("z.Cost", "kmeans", p, at.clone(), 5, 3, 2));
  }

  @Test
  void aRowWhoseAdjointIsZeroGivesItsGradientAndItsHessianVectorProduct() throws Exception {
    assertTrue(generatedMethod(cost, "rowsVjp").contains("if (_d_s != 0) {"), generatedMethod(cost, "rowsVjp"));
    double[] gradient = array(loaded.call("z.CostGradients", "rows", X, W.clone(), 2, 3), "dW");
    double[] v = {0.3, -0.2, 0.7, 0.1, 0.5, -0.4};
    Gradients.assertGradient(gradient, W, at -> (double) loaded.call("z.Cost", "rows", X, at.clone(), 2, 3));
    assertEquals(0, gradient[0], 0, "row 0's adjoint is zero");
    // forward over reverse: the skipped row's adjoint is zero but its tangent is not
    Object tangent = loaded.call("z.HessiansGradients", "rowsJvp", X, W.clone(), 2, 3, v);
    double[] up = W.clone();
    double[] down = W.clone();
    for (int i = 0; i < W.length; i++) {
      up[i] += 1e-5 * v[i];
      down[i] -= 1e-5 * v[i];
    }
    double[] gUp = array(loaded.call("z.CostGradients", "rows", X, up, 2, 3), "dW");
    double[] gDown = array(loaded.call("z.CostGradients", "rows", X, down, 2, 3), "dW");
    double[] hv = array(tangent, "tangent");
    boolean rowZeroMoves = false;
    for (int i = 0; i < W.length; i++) {
      double differences = (gUp[i] - gDown[i]) / 2e-5;
      assertEquals(differences, hv[i], 1e-6, "(H v)[" + i + "]");
      rowZeroMoves |= i < 3 && Math.abs(hv[i]) > 0.1;
    }
    assertTrue(rowZeroMoves, "the Hessian's rows of the skipped row are not zero");
    String jvp = generatedMethod(hessians, "rowsJvp");
    assertTrue(jvp.contains("if (_in0__d_s != 0 || _t__in0__d_s != 0) {"), jvp);
  }

  /**
   * Reverse over reverse: the written-out sweep drops its tests, since a zero adjoint still has a derivative. At
   * b = a / 2 the first row's sum is exactly zero, and so is its adjoint.
   */
  @Test
  void aReverseSweepDifferentiatedAgainInReverseKeepsNoTest() throws Exception {
    Compilation c = compile(source("y.Cost",
        "package y;",
        "import dev.adjoint.Differentiable;",
        "public class Cost {",
        "  @Differentiable(jvp = true) public static double rows(double a, double b) {",
        "    double total = 0;",
        "    for (int i = 0; i < 3; i++) {",
        "      double s = 0;",
        "      for (int l = 0; l < 2; l++) { s += Math.sin(a * (i + l) - b); }",
        "      total += s * s;",
        "    }",
        "    return total;",
        "  }",
        "}"), source("y.User",
        "package y;",
        "import dev.adjoint.Differentiable;",
        "public class User {",
        "  @Differentiable(jvp = true) public static double slope(double a, double b) { return CostGradients.rows(a, b).dA(); }",
        "}"));
    assertThat(c).succeededWithoutWarnings();
    String cost = c.generatedSourceFile("y.CostGradients").orElseThrow().getCharContent(true).toString();
    assertTrue(generatedMethod(cost, "rowsVjp").contains("if (_d_s != 0) {"), generatedMethod(cost, "rowsVjp"));
    IntegrationTest.Loaded user = new IntegrationTest.Loaded(c);
    double a = 0.8;
    double b = 0.4;
    Object second = user.call("y.UserGradients", "slope", a, b);
    double h = 1e-6;
    double byA = ((double) user.call("y.User", "slope", a + h, b) - (double) user.call("y.User", "slope", a - h, b)) / (2 * h);
    double byB = ((double) user.call("y.User", "slope", a, b + h) - (double) user.call("y.User", "slope", a, b - h)) / (2 * h);
    assertEquals(byA, Gradients.number(second, "dA"), 1e-7);
    assertEquals(byB, Gradients.number(second, "dB"), 1e-7);
    Object tangent = user.call("y.UserGradients", "slopeJvp", a, b, 1.0, 0.0);
    assertEquals(byA, Gradients.number(tangent, "tangent"), 1e-7);
  }
}
