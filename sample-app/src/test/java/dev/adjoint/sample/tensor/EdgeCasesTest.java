package dev.adjoint.sample.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.adjoint.DType;
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
}
