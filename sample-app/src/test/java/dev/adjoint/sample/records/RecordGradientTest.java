package dev.adjoint.sample.records;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.adjoint.Autograd;
import dev.adjoint.DType;
import dev.adjoint.GradOption;
import dev.adjoint.GradScope;
import dev.adjoint.Tensor;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Records as differentiable values: gradients of plain-Java records against central differences, of
 * records of tensors against the tape, nested records, a record receiver ({@code dSelf}) and a model made of
 * layers whose whole gradient comes from one call.
 */
class RecordGradientTest {
  private static final Random RNG = new Random(11);

  private static double central(DoubleUnaryOperator f, double at) {
    double h = 1e-6;
    return (f.applyAsDouble(at + h) - f.applyAsDouble(at - h)) / (2 * h);
  }

  @Test
  void plainJavaRecordWithConstants() {
    double[] x = {0.5, -1.0, 2.0, 1.5};
    double[] y = {1.0, 0.2, -0.7, 0.4};
    Params p = new Params(new double[] {0.3, -0.2}, 0.8, 4, "line");
    RecordFnsGradients.FitGradient g = RecordFnsGradients.fit(p, x, y);
    assertEquals(RecordFns.fit(p, x, y), g.value(), 1e-12);
    Params d = g.dP();
    for (int k = 0; k < 2; k++) {
      int kk = k;
      double fd = central(v -> {
        double[] w = p.w().clone();
        w[kk] = v;
        return RecordFns.fit(new Params(w, p.bias(), p.count(), p.name()), x, y);
      }, p.w()[k]);
      assertEquals(fd, d.w()[k], 1e-6, "dW[" + k + "]");
    }
    assertEquals(central(b -> RecordFns.fit(new Params(p.w(), b, p.count(), p.name()), x, y), p.bias()), d.bias(), 1e-6);
    assertEquals(4, d.count(), "a constant component is copied into the gradient");
    assertSame(p.name(), d.name());
    for (int i = 0; i < x.length; i++) {
      int ii = i;
      assertEquals(central(v -> {
        double[] xs = x.clone();
        xs[ii] = v;
        return RecordFns.fit(p, xs, y);
      }, x[i]), g.dX()[i], 1e-6, "dX[" + i + "]");
    }
  }

  @Test
  void nestedRecords() {
    Affine a = new Affine(new Params(new double[] {0.7}, -0.4, 1, "inner"), 1.3);
    double t = 0.9;
    RecordFnsGradients.NestedGradient g = RecordFnsGradients.nested(a, t);
    Affine d = g.dA();
    assertEquals(central(v -> RecordFns.nested(new Affine(new Params(new double[] {v}, -0.4, 1, "inner"), 1.3), t), 0.7),
        d.inner().w()[0], 1e-6);
    assertEquals(central(v -> RecordFns.nested(new Affine(new Params(new double[] {0.7}, v, 1, "inner"), 1.3), t), -0.4),
        d.inner().bias(), 1e-6);
    assertEquals(central(v -> RecordFns.nested(new Affine(a.inner(), v), t), 1.3), d.scale(), 1e-6);
    assertEquals("inner", d.inner().name());
  }

  private static Tensor randn(int... shape) {
    return Tensor.randn(RNG, shape).to(DType.FLOAT64);
  }

  private static void assertClose(Tensor expected, Tensor actual, String what) {
    assertNotNull(actual, what);
    assertArrayEquals(expected.shape(), actual.shape(), what);
    assertArrayEquals(expected.toDoubleArray(), actual.toDoubleArray(), 1e-10, what);
  }

  @Test
  void recordReceiverGetsDSelf() {
    Linear layer = new Linear(randn(4, 3), randn(3));
    Tensor x = randn(5, 4);
    Tensor seed = randn(5, 3);
    LinearGradients.ForwardGradient g = LinearGradients.forwardVjp(layer, x, seed);
    Tensor w = layer.w().detach().requiresGrad(true);
    Tensor b = layer.b().detach().requiresGrad(true);
    Tensor xl = x.detach().requiresGrad(true);
    List<Tensor> tape = Autograd.grad(List.of(new Linear(w, b).forward(xl)), List.of(w, b, xl), List.of(seed));
    assertClose(tape.get(0), g.dSelf().w(), "dSelf.w");
    assertClose(tape.get(1), g.dSelf().b(), "dSelf.b");
    assertClose(tape.get(2), g.dX(), "dX");
  }

  @Test
  void modelOfLayersGetsItsWholeGradientFromOneCall() {
    Mlp model = new Mlp(new Linear(randn(4, 6).mul(0.5), randn(6)), new Linear(randn(6, 2).mul(0.5), randn(2)));
    Tensor x = randn(8, 4);
    Tensor y = randn(8, 2);
    MlpGradients.LossGradient g = MlpGradients.loss(model, x, y);
    RecordFnsGradients.MlpLossGradient viaStatic = RecordFnsGradients.mlpLoss(model, x, y);
    Tensor[] leaves = {model.l1().w(), model.l1().b(), model.l2().w(), model.l2().b()};
    Tensor[] tracked = new Tensor[4];
    for (int i = 0; i < 4; i++) {
      tracked[i] = leaves[i].detach().requiresGrad(true);
    }
    Tensor loss = new Mlp(new Linear(tracked[0], tracked[1]), new Linear(tracked[2], tracked[3])).loss(x, y);
    List<Tensor> tape = Autograd.grad(List.of(loss), List.of(tracked), null, GradOption.ALLOW_UNUSED);
    try (GradScope s = Autograd.noGrad()) {
      assertEquals(loss.item(), g.value().item(), 1e-12);
    }
    Mlp d = g.dSelf();
    assertClose(tape.get(0), d.l1().w(), "l1.w");
    assertClose(tape.get(1), d.l1().b(), "l1.b");
    assertClose(tape.get(2), d.l2().w(), "l2.w");
    assertClose(tape.get(3), d.l2().b(), "l2.b");
    assertClose(tape.get(0), viaStatic.dModel().l1().w(), "static: l1.w");
    assertClose(tape.get(3), viaStatic.dModel().l2().b(), "static: l2.b");
  }

  @Test
  void recordBuiltInsideTheMethod() {
    Tensor w = randn(4, 3);
    Tensor b = randn(3);
    Tensor x = randn(5, 4);
    RecordFnsGradients.LocalGradient g = RecordFnsGradients.local(w, b, x);
    Tensor wl = w.detach().requiresGrad(true);
    Tensor bl = b.detach().requiresGrad(true);
    Tensor xl = x.detach().requiresGrad(true);
    List<Tensor> tape = Autograd.grad(RecordFns.local(wl, bl, xl), List.of(wl, bl, xl));
    assertClose(tape.get(0), g.dW(), "dW");
    assertClose(tape.get(1), g.dB(), "dB");
    assertClose(tape.get(2), g.dX(), "dX");
  }

  @Test
  void recordResultTakesARecordSeed() {
    Params p = new Params(new double[] {0.4, -1.1}, 0.6, 2, "p");
    Params seed = new Params(new double[] {1.5, -0.5}, 2.0, 0, "ignored");
    RecordFnsGradients.StepGradient g = RecordFnsGradients.stepVjp(p, 0.1, seed);
    assertArrayEquals(RecordFns.step(p, 0.1).w(), g.value().w(), 1e-15);
    assertEquals(3, g.value().count());
    // d/dbias of <seed, step(p)> = sum_i seed.w[i] * (-lr w[i]) + seed.bias * 2 bias
    double expected = 1.5 * (-0.1 * 0.4) + (-0.5) * (-0.1 * -1.1) + 2.0 * 2 * 0.6;
    assertEquals(expected, g.dP().bias(), 1e-12);
    assertEquals(1.5 * (1 - 0.1 * 0.6), g.dP().w()[0], 1e-12);
    assertEquals(-0.5 * (1 - 0.1 * 0.6), g.dP().w()[1], 1e-12);
    assertEquals(-(1.5 * 0.4 * 0.6) - (-0.5 * -1.1 * 0.6), g.dLr(), 1e-12);
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> RecordFnsGradients.step(p, 0.1));
  }
}
