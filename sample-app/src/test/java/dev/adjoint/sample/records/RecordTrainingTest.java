package dev.adjoint.sample.records;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.DType;
import dev.adjoint.Tensor;
import dev.adjoint.optim.Adam;
import dev.adjoint.optim.ModelOptimizer;
import dev.adjoint.optim.Sgd;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Record models trained by the optimizers through ModelOptimizer, with generated gradients. */
class RecordTrainingTest {
  @Test
  void twoLayerRecordModelLearnsASmoothTarget() {
    Random rng = new Random(3);
    Tensor x = Tensor.rand(rng, 64, 2).to(DType.FLOAT64).mul(4).sub(2);
    Tensor y = x.select(1, 0).sin().mul(x.select(1, 1).cos()).unsqueeze(1);
    Mlp model = new Mlp(new Linear(Tensor.randn(rng, 2, 16).to(DType.FLOAT64).mul(0.5), Tensor.zeros(DType.FLOAT64, 16)),
        new Linear(Tensor.randn(rng, 16, 1).to(DType.FLOAT64).mul(0.25), Tensor.zeros(DType.FLOAT64, 1)));
    ModelOptimizer<Mlp> adam = ModelOptimizer.of(params -> new Adam(params, 0.03));
    double first = MlpGradients.loss(model, x, y).value().item();
    double last = first;
    for (int epoch = 0; epoch < 400; epoch++) {
      MlpGradients.LossGradient g = MlpGradients.loss(model, x, y);
      last = g.value().item();
      model = adam.step(model, g.dSelf());
    }
    assertTrue(last < 0.02, "loss after 400 Adam steps: " + last + " (from " + first + ")");
    assertFalse(model.l1().w().requiresGrad(), "the new model's tensors record nothing");
  }

  @Test
  void plainJavaRecordBySgdWithConstantsKept() {
    double[] x = {0, 0.5, 1, 1.5, 2, 2.5};
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = 1.5 * x[i] - 0.25 * x[i] * x[i] + 0.75;
    }
    Params p = new Params(new double[] {0, 0}, 0, x.length, "quadratic");
    Params before = p;
    ModelOptimizer<Params> sgd = ModelOptimizer.of(params -> new Sgd(params, 0.05, 0.9));
    for (int step = 0; step < 2000; step++) {
      p = sgd.step(p, RecordFnsGradients.fit(p, x, y).dP());
    }
    assertArrayEquals(new double[] {1.5, -0.25}, p.w(), 1e-3);
    assertEquals(0.75, p.bias(), 1e-3);
    assertEquals(x.length, p.count());
    assertEquals("quadratic", p.name());
    assertNotSame(before.w(), p.w());
    assertArrayEquals(new double[] {0, 0}, before.w(), "the model passed in is not changed");
  }

  @Test
  void mismatchedGradientIsRefused() {
    ModelOptimizer<Params> sgd = ModelOptimizer.of(params -> new Sgd(params, 0.1));
    Params p = new Params(new double[] {1, 2}, 0, 1, "p");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> sgd.step(p, new Params(new double[] {1, 2, 3}, 0, 1, "p")));
    assertTrue(e.getMessage().contains("Params.w"), e.getMessage());
  }
}
