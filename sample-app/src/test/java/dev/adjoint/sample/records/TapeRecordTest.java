package dev.adjoint.sample.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.Autograd;
import dev.adjoint.DType;
import dev.adjoint.GradOption;
import dev.adjoint.Tensor;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Records of tensors differentiated on the dynamic tape (control flow on a tensor's value): the gradient record
 * has the same type and layout as the generated path's, and equals the generated adjoint of the branch taken and
 * the tape run by hand on the record's tensors.
 */
class TapeRecordTest {
  private static final Random RNG = new Random(5);

  private static Tensor randn(int... shape) {
    return Tensor.randn(RNG, shape).to(DType.FLOAT64);
  }

  private static void assertClose(Tensor expected, Tensor actual, String what) {
    assertEquals(expected.numel(), actual.numel(), what);
    double[] e = expected.toDoubleArray();
    double[] a = actual.toDoubleArray();
    for (int i = 0; i < e.length; i++) {
      assertEquals(e[i], a[i], 1e-10 * Math.max(1, Math.abs(e[i])), what + "[" + i + "]");
    }
  }

  private static GatedLayer layer(double bias) {
    return new GatedLayer(new Linear(randn(3, 4).mul(0.5), Tensor.full(bias, DType.FLOAT64, 4)), randn(4),
        new Tensor[] {randn(4), randn(4)}, 7);
  }

  private static void assertSameGradient(GatedLayer expected, GatedLayer actual) {
    assertClose(expected.inner().w(), actual.inner().w(), "inner.w");
    assertClose(expected.inner().b(), actual.inner().b(), "inner.b");
    assertClose(expected.gate(), actual.gate(), "gate");
    assertEquals(2, actual.scales().length);
    assertClose(expected.scales()[0], actual.scales()[0], "scales[0]");
    assertClose(expected.scales()[1], actual.scales()[1], "scales[1]");
    assertEquals(7, actual.id(), "a constant component is copied");
  }

  @Test
  void eachBranchMatchesItsGeneratedAdjoint() {
    Tensor x = randn(5, 3);
    for (double bias : new double[] {4.0, -4.0}) {
      GatedLayer layer = layer(bias);
      boolean positive = layer.inner().forward(x).sum().item() > 0;
      assertEquals(bias > 0, positive, "the bias picks the branch");
      GatedLayerGradients.ForwardGradient tape = GatedLayerGradients.forward(layer, x);
      GatedLayer generated = positive ? GatedLayerGradients.forwardWhenPositive(layer, x).dSelf()
          : GatedLayerGradients.forwardWhenNegative(layer, x).dSelf();
      Tensor dX = positive ? GatedLayerGradients.forwardWhenPositive(layer, x).dX() : GatedLayerGradients.forwardWhenNegative(layer, x).dX();
      assertEquals(layer.forward(x).item(), tape.value().item(), 1e-12);
      assertSameGradient(generated, tape.dSelf());
      assertClose(dX, tape.dX(), "dX");
      assertFalse(layer.gate().requiresGrad(), "the caller's tensors get no grad");
      assertTrue(layer.gate().grad() == null);
    }
  }

  @Test
  void staticMethodWithARecordAgainstTheTapeByHand() {
    Mlp model = new Mlp(new Linear(randn(4, 6).mul(0.5), randn(6)), new Linear(randn(6, 2).mul(0.5), randn(2)));
    Tensor x = randn(8, 4);
    Tensor y = randn(8, 2);
    double bound = 0.05;
    GatedLayerGradients.HalvedLossGradient g = GatedLayerGradients.halvedLoss(model, x, y, bound);

    Tensor[] leaves = {model.l1().w(), model.l1().b(), model.l2().w(), model.l2().b()};
    Tensor[] tracked = new Tensor[4];
    for (int i = 0; i < 4; i++) {
      tracked[i] = leaves[i].detach().requiresGrad(true);
    }
    Mlp trackedModel = new Mlp(new Linear(tracked[0], tracked[1]), new Linear(tracked[2], tracked[3]));
    Tensor loss = GatedLayer.halvedLoss(trackedModel, x, y, bound);
    List<Tensor> byHand = Autograd.grad(List.of(loss), List.of(tracked), null, GradOption.ALLOW_UNUSED);
    assertEquals(loss.item(), g.value().item(), 1e-12);
    assertTrue(g.value().item() <= bound);
    assertClose(byHand.get(0), g.dModel().l1().w(), "l1.w");
    assertClose(byHand.get(1), g.dModel().l1().b(), "l1.b");
    assertClose(byHand.get(2), g.dModel().l2().w(), "l2.w");
    assertClose(byHand.get(3), g.dModel().l2().b(), "l2.b");

    // the halvings scale the plain loss's gradient, generated, by 2^-k
    int halvings = 0;
    for (double v = model.loss(x, y).item(); v > bound; v *= 0.5) {
      halvings++;
    }
    assertTrue(halvings > 0, "the loop runs: " + model.loss(x, y).item());
    Tensor plain = MlpGradients.loss(model, x, y).dSelf().l1().w();
    assertClose(plain.mul(Math.pow(0.5, halvings)), g.dModel().l1().w(), "l1.w against the generated loss gradient");
  }
}
