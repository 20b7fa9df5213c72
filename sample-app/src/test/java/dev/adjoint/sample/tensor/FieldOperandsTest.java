package dev.adjoint.sample.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.adjoint.Autograd;
import dev.adjoint.DType;
import dev.adjoint.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The reverse sweep reads the field value the operation used, not the field again: equal to the tape (which keeps
 * the tensor it multiplied by) and to central differences, also when the field changes between the split sweeps.
 */
class FieldOperandsTest {
  private static Tensor t(double... v) {
    return Tensor.of(DType.FLOAT64, v, v.length);
  }

  @Test
  void fieldReplacedByAHelperInsideTheMethod() {
    double[] x = {0.1, 0.2, 0.3};
    FieldOperands.scale = t(1, 1, 1);
    double[] generated = FieldOperandsGradients.annealed(t(x)).dX().toDoubleArray();
    FieldOperands.scale = t(1, 1, 1);
    Tensor leaf = t(x).requiresGrad(true);
    double[] tape = Autograd.grad(FieldOperands.annealed(leaf), leaf).toDoubleArray();
    double[] expected = new double[3];
    for (int i = 0; i < 3; i++) {
      expected[i] = 1 + 3 * Math.cos(3 * x[i]); // d/dx of x + sin(3x)
    }
    assertArrayEquals(expected, tape, 1e-12);
    assertArrayEquals(tape, generated, 1e-12);
    double h = 1e-6;
    for (int i = 0; i < 3; i++) {
      double[] up = x.clone();
      double[] down = x.clone();
      up[i] += h;
      down[i] -= h;
      FieldOperands.scale = t(1, 1, 1);
      double fUp = FieldOperands.annealed(t(up)).item();
      FieldOperands.scale = t(1, 1, 1);
      double fDown = FieldOperands.annealed(t(down)).item();
      assertArrayEquals(new double[] {(fUp - fDown) / (2 * h)}, new double[] {generated[i]}, 1e-6);
    }
  }

  @Test
  void fieldReplacedBetweenTheSplitSweeps() {
    Tensor x = t(0.1, 0.2, 0.3);
    FieldOperands.scale = t(1, 1, 1);
    var forward = FieldOperandsGradients.scaledForward(x);
    FieldOperands.scale = t(5, 5, 5); // the caller moves on to the next step of its schedule
    double[] dx = FieldOperandsGradients.scaledReverse(forward, t(1, 1, 1)).dX().toDoubleArray();
    assertArrayEquals(x.cos().toDoubleArray(), dx, 1e-12);
  }
}
