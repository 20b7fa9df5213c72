package dev.adjoint.sample.functional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Calls the generated API by the names DESIGN.md §3 fixes, so a change of shape is a compile error here.
 * Expected values are computed by hand from the maths.
 */
class GeneratedApiTest {

  @Test
  void rosenbrockAtBenchmarkPoint() {
    StraightGradients.RosenbrockGradient g = StraightGradients.rosenbrock(1.5, -0.5);
    double x = 1.5;
    double y = -0.5;
    assertEquals((1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x), g.value(), 1e-12);
    assertEquals(-2 * (1 - x) - 400 * x * (y - x * x), g.dX(), 1e-9);
    assertEquals(200 * (y - x * x), g.dY(), 1e-9);
  }

  @Test
  void vjpScalesBySeed() {
    var g = StraightGradients.rosenbrockVjp(1.5, -0.5, 3.0);
    var one = StraightGradients.rosenbrock(1.5, -0.5);
    assertEquals(3 * one.dX(), g.dX(), 1e-9);
    assertEquals(3 * one.dY(), g.dY(), 1e-9);
    assertEquals(one.value(), g.value());
  }

  @Test
  void arrayParameterGetsArrayGradient() {
    double[] a = {1, -2, 3};
    double[] before = a.clone();
    ArrayFnsGradients.SumSquaresGradient g = ArrayFnsGradients.sumSquares(a);
    assertEquals(14, g.value(), 1e-12);
    assertArrayEquals(new double[] {2, -4, 6}, g.dA(), 1e-12);
    assertArrayEquals(before, a, "the generated gradient must not modify its argument");
  }

  @Test
  void arrayResultNeedsVjp() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ArrayFnsGradients.polar(2, 0.5));
    assertTrue(e.getMessage().contains("polarVjp"), e.getMessage());
    var v = ArrayFnsGradients.polarVjp(2, 0.5, new double[] {1, 0});
    assertArrayEquals(new double[] {2 * Math.cos(0.5), 2 * Math.sin(0.5)}, v.value(), 1e-12);
    assertEquals(Math.cos(0.5), v.dR(), 1e-12);
    assertEquals(-2 * Math.sin(0.5), v.dT(), 1e-12);
  }

  @Test
  void instanceMethodTakesSelfFirst() {
    Model m = new Model(0.5, new double[] {1, -2, 0.3});
    var g = ModelGradients.predict(m, 2.0);
    // s = ((0.5 x + 0.3) x - 2) x + 1 = 0.5 x^3 + 0.3 x^2 - 2 x + 1
    assertEquals(0.5 * 8 + 0.3 * 4 - 4 + 1, g.value(), 1e-12);
    assertEquals(1.5 * 4 + 0.6 * 2 - 2, g.dX(), 1e-12);
  }

  @Test
  void nestedClassGetsUnderscoreName() {
    var g = Outer_InnerGradients.inner(0.5, 2.0);
    assertEquals(Math.atan(1.0) + 2, g.value(), 1e-12);
    assertEquals(2 / (1 + 1.0), g.dX(), 1e-12);
    assertEquals(0.5 / (1 + 1.0) + 1, g.dY(), 1e-12);
  }

  @Test
  void wrtSubsetHasOnlyThoseComponents() {
    CallsGradients.OnlyYGradient g = CallsGradients.onlyY(1.5, 0.5);
    assertEquals(1.5 * 1.5 + 1.5 * Math.exp(0.75), g.dY(), 1e-12);
    assertEquals(2, CallsGradients.OnlyYGradient.class.getRecordComponents().length);
  }

  @Test
  void floatParametersGetFloatGradients() {
    FloatFnsGradients.ProductGradient g = FloatFnsGradients.product(1.5f, 2f);
    float value = g.value();
    float dX = g.dX();
    float dY = g.dY();
    assertEquals(1.5f * 1.5f * 2f + 4f, value, 1e-6f);
    assertEquals(2 * 1.5f * 2f, dX, 1e-6f);
    assertEquals(1.5f * 1.5f + 2, dY, 1e-6f);
  }

  @Test
  void switchArmThrowsAsInTheMethod() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SwitchesGradients.byName(1.0, "quartic"));
    assertEquals("unknown op quartic", e.getMessage());
    assertEquals(8.0, SwitchesGradients.byName(2.0, "cube").value(), 1e-12);
    assertEquals(12.0, SwitchesGradients.byName(2.0, "cube").dX(), 1e-12);
  }

  @Test
  void assertGovernedByEnableAssertionsAsInTheMethod() {
    // surefire runs with -ea: the method and its gradient both check
    assertTrue(Switches.class.desiredAssertionStatus() && SwitchesGradients.class.desiredAssertionStatus());
    AssertionError primal = assertThrows(AssertionError.class, () -> Switches.asserted(-20));
    AssertionError gradient = assertThrows(AssertionError.class, () -> SwitchesGradients.asserted(-20));
    assertEquals(primal.getMessage(), gradient.getMessage());
    assertEquals(Math.cos(2.0) - 2.0 * Math.sin(2.0), SwitchesGradients.asserted(2.0).dX(), 1e-12);
  }

  @Test
  void enumSwitchExpression() {
    assertEquals(0.0, SwitchesGradients.activation(-1.0, Switches.Activation.RELU).dX());
    assertEquals(1.0, SwitchesGradients.activation(1.0, Switches.Activation.RELU).dX());
    double s = 1 / (1 + Math.exp(-0.5));
    assertEquals(s * (1 - s), SwitchesGradients.activation(0.5, Switches.Activation.SIGMOID).dX(), 1e-12);
  }
}
