package dev.adjoint.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.DType;
import dev.adjoint.Tensor;
import org.junit.jupiter.api.Test;

/** A model whose differentiable components change between steps is refused: its optimiser state would go astray. */
class ModelOptimizerStructureTest {
  /** A model made of a list of weights. */
  record Layers(Tensor[] ws) {}

  private static Tensor t(double... v) {
    return Tensor.of(DType.FLOAT64, v, v.length);
  }

  @Test
  void aTensorArrayOfAnotherLengthIsRefused() {
    ModelOptimizer<Layers> sgd = ModelOptimizer.of(ps -> new Sgd(ps, 0.1, 0.9));
    Layers m = sgd.step(new Layers(new Tensor[] {t(1)}), new Layers(new Tensor[] {t(1)}));
    assertArrayEquals(new double[] {0.9}, m.ws()[0].toDoubleArray(), 1e-15);
    IllegalArgumentException shorter = assertThrows(IllegalArgumentException.class,
        () -> sgd.step(new Layers(new Tensor[0]), new Layers(new Tensor[0])));
    assertTrue(shorter.getMessage().startsWith("ModelOptimizer.step: the model's differentiable components changed:"
        + " the first step saw 1 [Layers.ws[0]], this one has 0 []; make a new optimizer"), shorter.getMessage());
    IllegalArgumentException longer = assertThrows(IllegalArgumentException.class,
        () -> sgd.step(new Layers(new Tensor[] {t(1), t(2)}), new Layers(new Tensor[] {t(1), t(2)})));
    assertTrue(longer.getMessage().contains("this one has 2 [Layers.ws[0], Layers.ws[1]]"), longer.getMessage());
    // The refused steps changed nothing: the momentum buffer is the first step's (0.1 * 1 = 0.1 moved, buffer 1).
    m = sgd.step(m, new Layers(new Tensor[] {t(0)}));
    assertArrayEquals(new double[] {0.81}, m.ws()[0].toDoubleArray(), 1e-15);
  }

  @Test
  void aGradientWithAnotherNumberOfTensorsIsRefused() {
    ModelOptimizer<Layers> sgd = ModelOptimizer.of(ps -> new Sgd(ps, 0.1));
    Layers m = new Layers(new Tensor[] {t(1), t(2)});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> sgd.step(m, new Layers(new Tensor[] {t(1)})));
    assertTrue(e.getMessage().startsWith("ModelOptimizer.step: the gradient's Layers.ws is an array of 1 tensors but"
        + " the model's has 2"), e.getMessage());
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> sgd.step(m, new Layers(null)));
    assertTrue(missing.getMessage().startsWith("ModelOptimizer.step: the gradient's Layers.ws is null"),
        missing.getMessage());
  }
}
