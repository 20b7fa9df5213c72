package dev.adjoint.sample.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.Autograd;
import dev.adjoint.DType;
import dev.adjoint.GradScope;
import dev.adjoint.Tensor;
import org.junit.jupiter.api.Test;

class EdgeCasesTest {
  private static Tensor t(double... v) {
    return Tensor.of(DType.FLOAT64, v, v.length);
  }

  @Test
  void resultThatRecordsNothingHasZeroGradient() {
    EdgeCasesGradients.CountPositiveGradient g = EdgeCasesGradients.countPositive(t(1, -2, 3));
    assertArrayEquals(new double[] {2}, g.value().toDoubleArray());
    assertArrayEquals(new double[] {0, 0, 0}, g.dX().toDoubleArray());
  }

  @Test
  void resultThatIsAParameterHasTheSeedAsGradient() {
    Tensor x = t(1, -2, 3);
    EdgeCasesGradients.SameGradient g = EdgeCasesGradients.sameVjp(x, t(5), t(0.5, 2, -1));
    assertArrayEquals(new double[] {1, -2, 3}, g.value().toDoubleArray());
    assertArrayEquals(new double[] {0.5, 2, -1}, g.dX().toDoubleArray());
    assertArrayEquals(new double[] {0}, g.dUnused().toDoubleArray());
    assertFalse(x.requiresGrad());
  }

  @Test
  void parametersNamedLikeGeneratedLocals() {
    EdgeCasesGradients.ClashGradient g = EdgeCasesGradients.clash(t(1, 2), t(3, 4), t(10, 10), 2);
    assertArrayEquals(new double[] {2 * (3 + 8 + 20)}, g.value().toDoubleArray());
    assertArrayEquals(new double[] {6, 8}, g.dValue().toDoubleArray());
    assertArrayEquals(new double[] {2, 4}, g.dSeed().toDoubleArray());
  }

  @Test
  void aGradientThroughATapeMethodCanBeDifferentiatedAgain() {
    Tensor x = t(0.5, -1, 2).requiresGrad(true);
    // The caller records: the tape method's part of the gradient is recorded too, as the generated part is.
    Tensor g = EdgeCasesGradients.cubePlusSquare(x).dX();
    assertArrayEquals(new double[] {1.75, 1, 16}, g.toDoubleArray(), 1e-12);
    assertArrayEquals(new double[] {5, -4, 14}, Autograd.grad(g.sum(), x).toDoubleArray(), 1e-12, "6x + 2");
    EdgeCasesGradients.CubeGradient tape = EdgeCasesGradients.cube(x);
    assertTrue(tape.value().requiresGrad(), "the value depends on the caller's x");
    assertArrayEquals(new double[] {3, -6, 12}, Autograd.grad(tape.dX().sum(), x).toDoubleArray(), 1e-12, "6x");
    assertNull(x.grad(), "nothing reaches the caller's grad()");
    try (GradScope s = Autograd.noGrad()) {
      EdgeCasesGradients.CubeGradient numbers = EdgeCasesGradients.cube(x);
      assertFalse(numbers.value().requiresGrad(), "under noGrad only the numbers");
      assertFalse(numbers.dX().requiresGrad());
      assertArrayEquals(new double[] {0.75, 3, 12}, numbers.dX().toDoubleArray(), 1e-12);
    }
    EdgeCasesGradients.CubeGradient constant = EdgeCasesGradients.cube(t(0.5, -1, 2));
    assertFalse(constant.dX().requiresGrad(), "an argument that does not require grad records nothing");
  }
}
