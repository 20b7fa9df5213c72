package dev.adjoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** GradCheck itself: it passes correct gradients and catches and reports wrong ones. */
class GradCheckTest {

  private static Tensor f64(double... v) {
    return GradCheck.tensorOf(v, new int[] {v.length}, DType.FLOAT64);
  }

  @Test
  void passesACorrectGradient() {
    Tensor x = f64(0.5, -1.0, 2.0).requiresGrad(true);
    GradCheck.Result r = GradCheck.check(in -> in.get(0).sin().mul(in.get(0)), List.of(x));
    assertTrue(r.passed(), r.toString());
    assertTrue(r.maxAbsError() < 1e-8, r.toString());
    assertEquals(9, r.entries());
    assertTrue(r.toString().contains("passed"), r.toString());
    // the inputs themselves are untouched
    assertArrayEquals(new double[] {0.5, -1.0, 2.0}, x.toDoubleArray(), 0);
  }

  /**
   * f(x) = x * detach(x) has derivative 2x, but the tape only sees the first factor (x): GradCheck
   * must fail and name input 1, element [2], analytic 3 (= x) versus numeric 6 (= 2x).
   */
  @Test
  void catchesAndReportsAWrongGradient() {
    Tensor c = f64(1.0, 1.0, 1.0);
    Tensor x = f64(1.0, -2.0, 3.0).requiresGrad(true);
    GradCheck.Result r = GradCheck.check(
        in -> in.get(1).mul(in.get(1).detach()).add(in.get(0)).sum(), List.of(c, x));
    assertFalse(r.passed());
    assertNotNull(r.worst());
    assertEquals(1, r.worst().input());
    assertArrayEquals(new int[] {2}, r.worst().inputIndex());
    assertEquals(3.0, r.worst().analytic(), 1e-12);
    assertEquals(6.0, r.worst().numeric(), 1e-6);
    assertEquals(3.0, r.maxAbsError(), 1e-6);
    String report = r.toString();
    assertTrue(report.contains("FAILED"), report);
    assertTrue(report.contains("input 1 at [2]"), report);
    assertTrue(report.contains("analytic 3.0"), report);
    assertTrue(report.contains("numeric 6.0"), report);
  }

  @Test
  void secondOrderCatchesAWrongSecondDerivative() {
    // d/dx (x^2 * detach(x)) = 2x*x analytically on the tape vs 3x^2 numerically: first order fails,
    // and so does second order (2*2x vs 6x).
    Tensor x = f64(1.5, -0.5).requiresGrad(true);
    GradCheck.Result r = GradCheck.checkSecondOrder(
        in -> in.get(0).square().mul(in.get(0).detach()).sum(), List.of(x));
    assertFalse(r.passed(), r.toString());
    assertTrue(r.toString().contains("second order"), r.toString());
    GradCheck.Result ok = GradCheck.checkSecondOrder(
        in -> in.get(0).pow(3).sum(), List.of(x));
    assertTrue(ok.passed(), ok.toString());
  }

  @Test
  void noInputRequiringGradIsAnError() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> GradCheck.check(in -> in.get(0).sum(), List.of(f64(1, 2))));
    assertTrue(e.getMessage().contains("requiresGrad(true)"), e.getMessage());
  }

  @Test
  void optionsOverloadAndValidation() {
    Tensor x = f64(0.3).requiresGrad(true);
    GradCheck.Options loose = GradCheck.Options.float64().withEps(1e-4).withAtol(1e-3);
    GradCheck.Result r = GradCheck.check(in -> in.get(0).exp(), List.of(x), loose);
    assertTrue(r.passed(), r.toString());
    assertEquals(1e-4, r.options().eps());
    assertThrows(IllegalArgumentException.class, () -> new GradCheck.Options(0, 1e-5, 1e-3));
  }

  @Test
  void float32InputsGetFloat32Tolerances() {
    Tensor x = GradCheck.tensorOf(new double[] {0.25, 1.5}, new int[] {2}, DType.FLOAT32)
        .requiresGrad(true);
    GradCheck.Result r = GradCheck.check(in -> in.get(0).tanh().mul(in.get(0)), List.of(x));
    assertTrue(r.passed(), r.toString());
    assertEquals(GradCheck.Options.float32(), r.options());
  }

  @Test
  void unusedInputsHaveZeroGradientsAtBothOrders() {
    Tensor x = f64(0.5, 1.5).requiresGrad(true);
    Tensor unused = GradCheck.tensorOf(new double[] {1, 2, 3, 4}, new int[] {2, 2}, DType.FLOAT64)
        .requiresGrad(true);
    GradCheck.Result first = GradCheck.check(in -> in.get(0).exp().sum(), List.of(x, unused));
    assertTrue(first.passed(), first.toString());
    GradCheck.Result second = GradCheck.checkSecondOrder(in -> in.get(0).exp().sum(),
        List.of(x, unused));
    assertTrue(second.passed(), second.toString());
    assertEquals(36, second.entries(), "6 gradient entries by 6 input entries");
  }

  @Test
  void constantsCreatedInsideFFollowTheFloat64Copies() {
    Tensor x = Tensor.of(1.0, 2.0).requiresGrad(true); // FLOAT32, the default
    GradCheck.Result r = GradCheck.check(in -> in.get(0).mul(Tensor.of(3.0, -1.0)).exp(),
        List.of(x));
    assertTrue(r.passed(), r.toString());
    assertEquals(DType.FLOAT32, Tensor.defaultDType(), "the default dtype is restored");

    Tensor captured = Tensor.of(3.0, -1.0);
    GradCheck.Result mixed = GradCheck.check(in -> in.get(0).mul(captured), List.of(x));
    assertFalse(mixed.passed());
    assertTrue(mixed.toString().contains("captures"), mixed.toString());
  }
}
