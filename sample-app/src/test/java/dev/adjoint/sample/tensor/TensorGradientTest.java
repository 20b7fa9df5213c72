package dev.adjoint.sample.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.Autograd;
import dev.adjoint.DType;
import dev.adjoint.GradOption;
import dev.adjoint.GradScope;
import dev.adjoint.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The generated tape gradients of {@link TensorModels} and {@link Layer}, checked against central
 * finite differences in FLOAT64 and against calling {@code Autograd.grad} by hand; and that they
 * leave the caller's tensors and grad mode alone.
 */
class TensorGradientTest {
  private static final double TOL = 1e-6;
  private final Random rng = new Random(42);

  private Tensor randn(int... shape) {
    return Tensor.randn(rng, shape).to(DType.FLOAT64);
  }

  /**
   * Central differences of {@code sum(seed * f(inputs))} with respect to {@code inputs[k]}, in FLOAT64.
   * {@code f} is the user's method, called with tensors that require no grad.
   */
  private static Tensor finiteDifference(Function<List<Tensor>, Tensor> f, List<Tensor> inputs, int k, Tensor seed) {
    Tensor x = inputs.get(k);
    double[] data = x.toDoubleArray();
    double[] grad = new double[data.length];
    double h = 1e-6;
    for (int i = 0; i < data.length; i++) {
      double saved = data[i];
      data[i] = saved + h;
      double plus = weighted(f, inputs, k, Tensor.of(DType.FLOAT64, data.clone(), x.shape()), seed);
      data[i] = saved - h;
      double minus = weighted(f, inputs, k, Tensor.of(DType.FLOAT64, data.clone(), x.shape()), seed);
      data[i] = saved;
      grad[i] = (plus - minus) / (2 * h);
    }
    return Tensor.of(DType.FLOAT64, grad, x.shape());
  }

  private static double weighted(Function<List<Tensor>, Tensor> f, List<Tensor> inputs, int k, Tensor replaced, Tensor seed) {
    List<Tensor> args = new ArrayList<>(inputs);
    args.set(k, replaced);
    try (GradScope s = Autograd.noGrad()) {
      Tensor y = f.apply(args);
      return seed == null ? y.item() : y.mul(seed).sum().item();
    }
  }

  /** What a user would write by hand: leaves that require grad, the method, Autograd.grad. */
  private static List<Tensor> byHand(Function<List<Tensor>, Tensor> f, List<Tensor> inputs, List<Integer> wrt, Tensor seed) {
    List<Tensor> args = new ArrayList<>();
    List<Tensor> leaves = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      Tensor a = inputs.get(i).detach();
      if (wrt.contains(i)) {
        a.requiresGrad(true);
        leaves.add(a);
      }
      args.add(a);
    }
    Tensor y = f.apply(args);
    return Autograd.grad(List.of(y), leaves, seed == null ? null : List.of(seed), GradOption.ALLOW_UNUSED);
  }

  private static void assertClose(Tensor expected, Tensor actual, String what) {
    assertNotNull(actual, what + " is null");
    assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
    double[] e = expected.toDoubleArray();
    double[] a = actual.toDoubleArray();
    for (int i = 0; i < e.length; i++) {
      double tol = TOL * Math.max(1, Math.abs(e[i]));
      assertEquals(e[i], a[i], tol, what + "[" + i + "]: expected " + expected + " but was " + actual);
    }
  }

  /** Checks each generated gradient against finite differences and against Autograd by hand. */
  private static void check(Function<List<Tensor>, Tensor> f, List<Tensor> inputs, List<Integer> wrt, Tensor seed,
      Tensor value, List<Tensor> generated, String name) {
    try (GradScope s = Autograd.noGrad()) {
      Tensor expectedValue = f.apply(inputs);
      assertClose(expectedValue, value, name + " value");
    }
    List<Tensor> manual = byHand(f, inputs, wrt, seed);
    for (int j = 0; j < wrt.size(); j++) {
      String what = name + " d" + wrt.get(j);
      assertClose(finiteDifference(f, inputs, wrt.get(j), seed), generated.get(j), what + " vs finite differences");
      if (manual.get(j) != null) {
        assertClose(manual.get(j), generated.get(j), what + " vs Autograd.grad");
      }
    }
  }

  @Test
  void tensorArrayParameterGetsOneGradientPerElement() {
    Tensor[] layers = {randn(3, 4), randn(4, 4), randn(4, 2)};
    Tensor x = randn(5, 3);
    Tensor y = randn(5, 2);
    Tensor[] callerLayers = layers.clone();
    TensorModelsGradients.DeepLossGradient g = TensorModelsGradients.deepLoss(layers, x, y);
    assertEquals(3, g.dLayers().length);
    // the same method seen as a function of five tensors: three layers, x, y
    Function<List<Tensor>, Tensor> f = in -> TensorModels.deepLoss(new Tensor[] {in.get(0), in.get(1), in.get(2)}, in.get(3), in.get(4));
    List<Tensor> generated = List.of(g.dLayers()[0], g.dLayers()[1], g.dLayers()[2], g.dY());
    check(f, List.of(layers[0], layers[1], layers[2], x, y), List.of(0, 1, 2, 4), null, g.value(), generated, "deepLoss");
    // the caller's array and tensors are left alone
    assertArrayEquals(callerLayers, layers);
    for (Tensor t : layers) {
      assertNull(t.grad());
      assertFalse(t.requiresGrad());
    }
    Tensor[] withNull = {layers[0], null, layers[2]};
    NullPointerException e = assertThrows(NullPointerException.class, () -> TensorModelsGradients.deepLoss(withNull, x, y));
    assertTrue(e.getMessage().contains("layers[1] is null"), e.getMessage());
  }

  @Test
  void mlpLossGradientsForEveryTensor() {
    Tensor w1 = randn(3, 4);
    Tensor b1 = randn(4);
    Tensor w2 = randn(4, 2);
    Tensor x = randn(5, 3);
    Tensor y = randn(5, 2);
    TensorModelsGradients.MlpLossGradient g = TensorModelsGradients.mlpLoss(w1, b1, w2, x, y);
    check(a -> TensorModels.mlpLoss(a.get(0), a.get(1), a.get(2), a.get(3), a.get(4)), List.of(w1, b1, w2, x, y),
        List.of(0, 1, 2, 3, 4), null, g.value(), List.of(g.dW1(), g.dB1(), g.dW2(), g.dX(), g.dY()), "mlpLoss");
  }

  @Test
  void valueDependentLoopIsRecordedAsItRuns() {
    Tensor a = Tensor.of(DType.FLOAT64, new double[] {1.5, -2.0, 0.75}, 3);
    TensorModelsGradients.GrowGradient g = TensorModelsGradients.grow(a);
    check(args -> TensorModels.grow(args.get(0)), List.of(a), List.of(0), null, g.value(), List.of(g.dA()), "grow");
    // b = a * 2^k with the first k where |b| >= 1000; the result is 2^k |a|^2, its gradient 2^(k+1) a
    double norm = Math.sqrt(1.5 * 1.5 + 4 + 0.75 * 0.75);
    int k = 1;
    while (Math.pow(2, k) * norm < 1000) {
      k++;
    }
    assertClose(a.mul(Math.pow(2, k + 1)), g.dA(), "grow dA in closed form");
  }

  @Test
  void valueDependentTernaryTakesEitherBranch() {
    for (double sign : new double[] {1, -1}) {
      Tensor x = Tensor.of(DType.FLOAT64, new double[] {0.5 * sign, 1.25 * sign, -0.3 * sign}, 3);
      TensorModelsGradients.PiecewiseGradient g = TensorModelsGradients.piecewise(x);
      check(a -> TensorModels.piecewise(a.get(0)), List.of(x), List.of(0), null, g.value(), List.of(g.dX()), "piecewise " + sign);
    }
  }

  @Test
  void wrtSubsetWithADoubleConstant() {
    Tensor w = randn(3, 1);
    Tensor x = randn(6, 3);
    Tensor y = randn(6, 1);
    double lambda = 0.3;
    TensorModelsGradients.RidgeGradient g = TensorModelsGradients.ridge(w, x, y, lambda);
    check(a -> TensorModels.ridge(a.get(0), a.get(1), a.get(2), lambda), List.of(w, x, y), List.of(0), null,
        g.value(), List.of(g.dW()), "ridge");
    assertEquals(2, TensorModelsGradients.RidgeGradient.class.getRecordComponents().length, "value and dW only");
  }

  @Test
  void unusedParameterGetsZerosOfItsShape() {
    Tensor x = randn(2, 2);
    Tensor ignored = randn(3, 5);
    TensorModelsGradients.UnusedGradient g = TensorModelsGradients.unused(x, ignored);
    check(a -> TensorModels.unused(a.get(0), a.get(1)), List.of(x, ignored), List.of(0, 1), null, g.value(),
        List.of(g.dX(), g.dIgnored()), "unused");
    assertArrayEquals(new int[] {3, 5}, g.dIgnored().shape());
    assertEquals(DType.FLOAT64, g.dIgnored().dtype());
    for (double v : g.dIgnored().toDoubleArray()) {
      assertEquals(0.0, v);
    }
  }

  @Test
  void instanceMethodTakesTheReceiverAsSelf() {
    Layer layer = new Layer(randn(3, 2).requiresGrad(true), 1.7); // a trained weight: a constant of this gradient
    Tensor x = randn(4, 3);
    LayerGradients.EnergyGradient g = LayerGradients.energy(layer, x);
    check(a -> layer.energy(a.get(0)), List.of(x), List.of(0), null, g.value(), List.of(g.dX()), "energy");
    assertNull(layer.weight.grad());
  }

  @Test
  void vjpOfANonScalarResult() {
    Tensor x = randn(4, 3);
    Tensor w = randn(3, 5);
    Tensor seed = randn(4, 5);
    TensorModelsGradients.ScoresGradient g = TensorModelsGradients.scoresVjp(x, w, seed);
    check(a -> TensorModels.scores(a.get(0), a.get(1)), List.of(x, w), List.of(0, 1), seed, g.value(),
        List.of(g.dX(), g.dW()), "scoresVjp");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TensorModelsGradients.scores(x, w));
    assertTrue(e.getMessage().contains("TensorModels.scores returned a tensor of shape [4, 5], not one element")
        && e.getMessage().contains("call scoresVjp with a seed of that shape"), e.getMessage());
  }

  @Test
  void vjpOfAScalarResultScalesTheGradient() {
    Tensor x = randn(2, 2);
    Tensor ignored = randn(1);
    Tensor seed = Tensor.of(DType.FLOAT64, new double[] {-2.5});
    seed = seed.reshape();
    TensorModelsGradients.UnusedGradient once = TensorModelsGradients.unused(x, ignored);
    TensorModelsGradients.UnusedGradient scaled = TensorModelsGradients.unusedVjp(x, ignored, seed);
    assertClose(once.dX().mul(-2.5), scaled.dX(), "seed scales dX");
  }

  @Test
  void callersTensorsAreUntouched() {
    Tensor w1 = randn(3, 4).requiresGrad(true);
    Tensor b1 = randn(4);
    Tensor w2 = randn(4, 2).requiresGrad(true);
    Tensor x = randn(5, 3);
    Tensor y = randn(5, 2);
    double[] before = w1.toDoubleArray();
    Tensor computed = w2.mul(2); // the caller's own graph, which must stay usable
    TensorModelsGradients.MlpLossGradient g = TensorModelsGradients.mlpLoss(w1, b1, w2, x, y);
    for (Tensor t : List.of(w1, b1, w2, x, y)) {
      assertNull(t.grad(), "the generated gradient must not accumulate into grad()");
      assertTrue(t.isLeaf());
    }
    assertTrue(w1.requiresGrad());
    assertTrue(w2.requiresGrad());
    assertFalse(b1.requiresGrad());
    assertFalse(x.requiresGrad());
    assertArrayEquals(before, w1.toDoubleArray());
    // inputs that require grad with grad mode on: the generated adjoint's operations are recorded like any
    // others (DESIGN section 3), so a gradient of the gradient works; grad() stays untouched
    assertTrue(g.value().requiresGrad(), "the value is connected to the caller's w1 and w2");
    assertTrue(g.dW1().requiresGrad(), "so are the gradients (Hessian-vector products)");
    try (GradScope s = Autograd.noGrad()) {
      TensorModelsGradients.MlpLossGradient plain = TensorModelsGradients.mlpLoss(w1, b1, w2, x, y);
      assertFalse(plain.value().requiresGrad(), "under noGrad nothing is recorded");
      assertFalse(plain.dW1().requiresGrad());
      assertClose(g.dW1().detach(), plain.dW1(), "the same gradient");
    }
    // the caller's graph still works and its backward pass sees nothing of ours
    computed.sum().backward();
    assertClose(Tensor.full(2.0, DType.FLOAT64, 4, 2), w2.grad(), "caller's own backward");
    assertNull(w1.grad());
  }

  @Test
  void worksInsideNoGradAndRestoresIt() {
    Tensor x = randn(4, 3);
    Tensor w = randn(3, 5);
    Tensor seed = randn(4, 5);
    TensorModelsGradients.ScoresGradient outside = TensorModelsGradients.scoresVjp(x, w, seed);
    try (GradScope s = Autograd.noGrad()) {
      TensorModelsGradients.ScoresGradient inside = TensorModelsGradients.scoresVjp(x, w, seed);
      assertFalse(Autograd.isGradEnabled(), "the caller's no-grad mode is restored");
      assertClose(outside.dX(), inside.dX(), "dX inside noGrad");
      assertClose(outside.dW(), inside.dW(), "dW inside noGrad");
      TensorModelsGradients.GrowGradient grow = TensorModelsGradients.grow(Tensor.of(DType.FLOAT64, new double[] {3, 4}, 2));
      assertFalse(Autograd.isGradEnabled());
      assertTrue(grow.dA().toDoubleArray()[0] != 0);
    }
    assertTrue(Autograd.isGradEnabled());
  }

  @Test
  void modeIsRestoredWhenTheMethodThrows() {
    Tensor x = randn(4, 3);
    Tensor w = randn(2, 5); // wrong shape: matmul throws
    try (GradScope s = Autograd.noGrad()) {
      assertThrows(IllegalArgumentException.class, () -> TensorModelsGradients.scoresVjp(x, w, randn(4, 5)));
      assertFalse(Autograd.isGradEnabled());
    }
  }

  @Test
  void wrongSeedShapeIsReported() {
    Tensor x = randn(4, 3);
    Tensor w = randn(3, 5);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TensorModelsGradients.scoresVjp(x, w, randn(5, 4)));
    assertTrue(e.getMessage().contains("seed shape [5, 4] (FLOAT64) does not match output shape [4, 5]"), e.getMessage());
  }
}
