package dev.adjoint.sample.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.Autograd;
import dev.adjoint.DType;
import dev.adjoint.GradScope;
import dev.adjoint.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The PINN's loss: its trial solution meets the initial conditions for any weights, and the
 * generated gradient of the residual (which holds second derivatives taken on the tape) agrees with
 * central finite differences.
 */
class OscillatorTest {
  private final Random random = new Random(5);

  private Tensor[] layers(int hidden) {
    return new Tensor[] {
        Tensor.randn(random, 1, hidden).to(DType.FLOAT64), Tensor.randn(random, hidden).to(DType.FLOAT64).mul(0.1),
        Tensor.randn(random, hidden, hidden).to(DType.FLOAT64).div(Math.sqrt(hidden)),
        Tensor.randn(random, hidden).to(DType.FLOAT64).mul(0.1),
        Tensor.randn(random, hidden, 1).to(DType.FLOAT64).div(Math.sqrt(hidden)), Tensor.zeros(1).to(DType.FLOAT64)};
  }

  private static double loss(Tensor[] layers, Tensor x) {
    return Oscillator.residualLoss(layers, x).item();
  }

  @Test
  void theTrialSolutionMeetsTheInitialConditionsForAnyWeights() {
    Tensor[] layers = layers(5);
    Tensor zero = Tensor.zeros(1, 1).to(DType.FLOAT64).requiresGrad(true);
    Tensor u = Oscillator.solution(layers, zero);
    assertEquals(0, u.item(), 0);
    assertEquals(1, Autograd.grad(u.sum(), zero).item(), 1e-15);
  }

  @Test
  void theGeneratedGradientOfTheResidualMatchesFiniteDifferences() {
    Tensor[] layers = layers(4);
    Tensor x = Tensor.linspace(0, 2 * Math.PI, 9).to(DType.FLOAT64).reshape(9, 1);
    var g = OscillatorGradients.residualLoss(layers, x);
    assertEquals(loss(layers, x), g.value().item(), 1e-12);
    assertEquals(layers.length, g.dLayers().length);
    double h = 1e-6;
    int checked = 0;
    for (int k = 0; k < layers.length; k++) {
      double[] analytic = g.dLayers()[k].toDoubleArray();
      double[] data = layers[k].toDoubleArray();
      for (int i = 0; i < data.length; i++) {
        double saved = data[i];
        data[i] = saved + h;
        double plus = loss(with(layers, k, data), x);
        data[i] = saved - h;
        double minus = loss(with(layers, k, data), x);
        data[i] = saved;
        double numeric = (plus - minus) / (2 * h);
        assertEquals(numeric, analytic[i], 1e-5 * Math.max(1, Math.abs(numeric)), "layer " + k + " entry " + i);
        checked++;
      }
    }
    assertTrue(checked > 30);
  }

  @Test
  void theCallersTensorsGetNoGradient() {
    Tensor[] layers = layers(3);
    for (Tensor t : layers) {
      t.requiresGrad(true);
    }
    try (GradScope ignored = Autograd.noGrad()) {
      OscillatorGradients.residualLoss(layers, Tensor.ones(4, 1).to(DType.FLOAT64));
    }
    for (Tensor t : layers) {
      assertEquals(null, t.grad());
    }
  }

  private static Tensor[] with(Tensor[] layers, int k, double[] data) {
    Tensor[] copy = layers.clone();
    copy[k] = Tensor.of(DType.FLOAT64, data.clone(), layers[k].shape());
    return copy;
  }
}
