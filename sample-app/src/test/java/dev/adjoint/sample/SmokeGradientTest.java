package dev.adjoint.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.sample.calculus.Calculus;
import dev.adjoint.sample.calculus.CalculusGradients;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/** The processor's milestone check: generated gradients against central finite differences. */
class SmokeGradientTest {
  private static double central(DoubleUnaryOperator f, double x) {
    double h = 1e-6 * Math.max(1, Math.abs(x));
    return (f.applyAsDouble(x + h) - f.applyAsDouble(x - h)) / (2 * h);
  }

  @Test
  void rosenbrockMatchesFiniteDifferences() {
    var g = CalculusGradients.rosenbrock(1.5, -0.5);
    assertEquals(Calculus.rosenbrock(1.5, -0.5), g.value(), 0);
    assertEquals(central(x -> Calculus.rosenbrock(x, -0.5), 1.5), g.dX(), 1e-5);
    assertEquals(central(y -> Calculus.rosenbrock(1.5, y), -0.5), g.dY(), 1e-5);
  }

  /** Calculus.descend calls CalculusGradients with var inside Calculus, whose gradients those are. */
  @Test
  void descentBesideTheLossUsesItsGradient() {
    double[] one = Calculus.descend(-1, 1, 1, 1e-3);
    assertEquals(-1 - 1e-3 * central(x -> Calculus.rosenbrock(x, 1), -1), one[0], 1e-8);
    assertEquals(1 - 1e-3 * central(y -> Calculus.rosenbrock(-1, y), 1), one[1], 1e-8);
    double[] end = Calculus.descend(-1, 1, 20_000, 1e-3);
    assertEquals(1, end[0], 1e-3);
    assertEquals(1, end[1], 1e-3);
    assertEquals(0, Calculus.rosenbrock(end[0], end[1]), 1e-6);
  }

  @Test
  void expr20MatchesFiniteDifferences() {
    var g = CalculusGradients.expr20(0.7, 1.3);
    assertEquals(Calculus.expr20(0.7, 1.3), g.value(), 0);
    assertEquals(central(x -> Calculus.expr20(x, 1.3), 0.7), g.dX(), 1e-6);
    assertEquals(central(y -> Calculus.expr20(0.7, y), 1.3), g.dY(), 1e-6);
  }

  @Test
  void loopsArraysCallsAndRulesMatchFiniteDifferences() {
    double[] c = {1, -2, 0.5, 3};
    assertEquals(central(x -> Calculus.polynomial(c, x), 0.8), CalculusGradients.polynomial(c, 0.8).dX(), 1e-6);

    double[] v = {3, -4, 12};
    double[] dv = CalculusGradients.norm(v).dV();
    for (int i = 0; i < v.length; i++) {
      int k = i;
      assertEquals(central(t -> Calculus.norm(with(v, k, t)), v[k]), dv[k], 1e-6);
    }

    double[][] w = {{0.5, -1, 2}, {1.5, 0.25, -0.75}};
    double[] x = {0.3, -0.2, 0.9};
    var g = CalculusGradients.matrixLoss(w, x);
    for (int i = 0; i < w.length; i++) {
      for (int j = 0; j < x.length; j++) {
        int a = i;
        int b = j;
        assertEquals(central(t -> Calculus.matrixLoss(with(w, a, b, t), x), w[a][b]), g.dW()[a][b], 1e-6);
      }
    }
    for (int j = 0; j < x.length; j++) {
      int b = j;
      assertEquals(central(t -> Calculus.matrixLoss(w, with(x, b, t)), x[b]), g.dX()[b], 1e-6);
    }
  }

  @Test
  void controlFlowMatchesFiniteDifferences() {
    for (double x : new double[] {0.1, 2, 11}) {
      var g = CalculusGradients.iterate(x, 0.7);
      assertEquals(Calculus.iterate(x, 0.7), g.value(), 0);
      assertEquals(central(t -> Calculus.iterate(t, 0.7), x), g.dX(), 1e-5 * Math.max(1, Math.abs(g.dX())));
      assertEquals(central(t -> Calculus.iterate(x, t), 0.7), g.dY(), 1e-5 * Math.max(1, Math.abs(g.dY())));
    }
  }

  @Test
  void floatResultsStayFloat() {
    CalculusGradients.SmoothAbsGradient g = CalculusGradients.smoothAbs(0.5f, 0.1f);
    float expected = (float) (0.5 / Math.sqrt(0.26));
    assertEquals(expected, g.dX(), 1e-5f);
    assertArrayEquals(new float[] {Calculus.smoothAbs(0.5f, 0.1f)}, new float[] {g.value()});
  }

  private static double[] with(double[] a, int i, double v) {
    double[] c = a.clone();
    c[i] = v;
    return c;
  }

  private static double[][] with(double[][] a, int i, int j, double v) {
    double[][] c = new double[a.length][];
    for (int k = 0; k < a.length; k++) {
      c[k] = a[k].clone();
    }
    c[i][j] = v;
    return c;
  }
}
