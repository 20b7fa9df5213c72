package dev.adjoint.sample.tensorgen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.Autograd;
import dev.adjoint.DType;
import dev.adjoint.GradCheck;
import dev.adjoint.GradOption;
import dev.adjoint.GradScope;
import dev.adjoint.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The generated adjoints of {@link TensorFns}: each gradient against the dynamic tape (the same method
 * recorded and differentiated with {@code Autograd.grad}) and against {@link GradCheck}'s central
 * differences, all in FLOAT64.
 */
class GeneratedTensorGradientTest {
  private static final Random RNG = new Random(7);

  private static Tensor randn(int... shape) {
    return Tensor.randn(RNG, shape).to(DType.FLOAT64);
  }

  private static Tensor positive(int... shape) {
    return Tensor.rand(RNG, shape).to(DType.FLOAT64).add(0.5);
  }

  /**
   * One method: the user's function of its tensor inputs, the generated VJP (returning the value first,
   * then one gradient per wrt input), the inputs, which of them are differentiated, and the seed (null
   * for a one-element result, through {@code m}).
   */
  record Case(String name, Function<List<Tensor>, Tensor> f, Function<List<Tensor>, List<Tensor>> generated,
      List<Tensor> inputs, List<Integer> wrt, Tensor seed) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static Case c(String name, Function<List<Tensor>, Tensor> f, Function<List<Tensor>, List<Tensor>> generated,
      List<Tensor> inputs, List<Integer> wrt) {
    return new Case(name, f, generated, inputs, wrt, null);
  }

  static Stream<Case> cases() {
    Tensor x34 = randn(3, 4);
    Tensor b4 = randn(4);
    Tensor col = randn(3, 1);
    Tensor row = randn(1, 4);
    Tensor w43 = randn(4, 3);
    Tensor a234 = randn(2, 3, 4);
    Tensor b45 = randn(4, 5);
    Tensor b242 = randn(2, 4, 2);
    Tensor m34 = randn(3, 4);
    Tensor v4 = randn(4);
    Tensor u4 = randn(4);
    Tensor t34 = randn(3, 4);
    Tensor w42 = randn(4, 2);
    Tensor y32 = randn(3, 2);
    Tensor b2 = randn(2);
    Tensor w1 = randn(4, 5);
    Tensor b1 = randn(5);
    Tensor w2 = randn(5, 2);
    Tensor wr = randn(4, 4).mul(0.3);
    Tensor br = randn(4).mul(0.3);
    Tensor[] layers = {randn(4, 5), randn(5, 5), randn(5, 2)};
    Tensor pa = positive(3, 4);
    Tensor pb = randn(3, 4);
    Tensor mask = Tensor.ones(DType.FLOAT64, 3);
    Tensor seedScores = randn(3, 3);
    int[] targets = {2, 0, 1};
    return Stream.of(
        c("chain", in -> TensorFns.chain(in.get(0)),
            in -> { var g = TensorFnsGradients.chain(in.get(0)); return List.of(g.value(), g.dX()); },
            List.of(x34), List.of(0)),
        c("largestRow", in -> TensorFns.largestRow(in.get(0)),
            in -> { var g = TensorFnsGradients.largestRow(in.get(0)); return List.of(g.value(), g.dX()); },
            List.of(x34), List.of(0)),
        c("broadcastAdd", in -> TensorFns.broadcastAdd(in.get(0), in.get(1)),
            in -> { var g = TensorFnsGradients.broadcastAdd(in.get(0), in.get(1)); return List.of(g.value(), g.dX(), g.dB()); },
            List.of(x34, b4), List.of(0, 1)),
        c("broadcastBoth", in -> TensorFns.broadcastBoth(in.get(0), in.get(1)),
            in -> { var g = TensorFnsGradients.broadcastBoth(in.get(0), in.get(1)); return List.of(g.value(), g.dCol(), g.dRow()); },
            List.of(col, row), List.of(0, 1)),
        c("sumKeepDim", in -> TensorFns.sumKeepDim(in.get(0)),
            in -> { var g = TensorFnsGradients.sumKeepDim(in.get(0)); return List.of(g.value(), g.dX()); },
            List.of(x34), List.of(0)),
        c("meanDim", in -> TensorFns.meanDim(in.get(0)),
            in -> { var g = TensorFnsGradients.meanDim(in.get(0)); return List.of(g.value(), g.dX()); },
            List.of(x34), List.of(0)),
        c("maxAndMin", in -> TensorFns.maxAndMin(in.get(0)),
            in -> { var g = TensorFnsGradients.maxAndMin(in.get(0)); return List.of(g.value(), g.dX()); },
            List.of(x34), List.of(0)),
        c("matmul", in -> TensorFns.matmul(in.get(0), in.get(1)),
            in -> { var g = TensorFnsGradients.matmul(in.get(0), in.get(1)); return List.of(g.value(), g.dX(), g.dW()); },
            List.of(x34, w43), List.of(0, 1)),
        c("batchedMatmul", in -> TensorFns.batchedMatmul(in.get(0), in.get(1)),
            in -> { var g = TensorFnsGradients.batchedMatmul(in.get(0), in.get(1)); return List.of(g.value(), g.dA(), g.dB()); },
            List.of(a234, b45), List.of(0, 1)),
        c("batchedBoth", in -> TensorFns.batchedBoth(in.get(0), in.get(1)),
            in -> { var g = TensorFnsGradients.batchedBoth(in.get(0), in.get(1)); return List.of(g.value(), g.dA(), g.dB()); },
            List.of(a234, b242), List.of(0, 1)),
        c("matrixVector", in -> TensorFns.matrixVector(in.get(0), in.get(1)),
            in -> { var g = TensorFnsGradients.matrixVector(in.get(0), in.get(1)); return List.of(g.value(), g.dM(), g.dV()); },
            List.of(m34.mul(0.3), v4), List.of(0, 1)),
        c("dot", in -> TensorFns.dot(in.get(0), in.get(1)),
            in -> { var g = TensorFnsGradients.dot(in.get(0), in.get(1)); return List.of(g.value(), g.dX(), g.dY()); },
            List.of(v4, u4), List.of(0, 1)),
        c("softmaxScore", in -> TensorFns.softmaxScore(in.get(0), in.get(1)),
            in -> { var g = TensorFnsGradients.softmaxScore(in.get(0), in.get(1)); return List.of(g.value(), g.dX(), g.dT()); },
            List.of(x34, t34), List.of(0, 1)),
        c("logSoftmaxScore", in -> TensorFns.logSoftmaxScore(in.get(0), in.get(1)),
            in -> { var g = TensorFnsGradients.logSoftmaxScore(in.get(0), in.get(1)); return List.of(g.value(), g.dX(), g.dT()); },
            List.of(x34, t34), List.of(0, 1)),
        c("classifier", in -> TensorFns.classifier(in.get(0), in.get(1), targets),
            in -> { var g = TensorFnsGradients.classifier(in.get(0), in.get(1), targets); return List.of(g.value(), g.dX(), g.dW()); },
            List.of(x34, w43), List.of(0, 1)),
        c("logSumExp", in -> TensorFns.logSumExp(in.get(0)),
            in -> { var g = TensorFnsGradients.logSumExp(in.get(0)); return List.of(g.value(), g.dX()); },
            List.of(x34), List.of(0)),
        c("norm", in -> TensorFns.norm(in.get(0)),
            in -> { var g = TensorFnsGradients.norm(in.get(0)); return List.of(g.value(), g.dX()); },
            List.of(x34), List.of(0)),
        c("regression", in -> TensorFns.regression(in.get(0), in.get(1), in.get(2), in.get(3)),
            in -> { var g = TensorFnsGradients.regression(in.get(0), in.get(1), in.get(2), in.get(3));
              return List.of(g.value(), g.dW(), g.dB(), g.dX(), g.dY()); },
            List.of(w42, b2, x34, y32), List.of(0, 1, 2, 3)),
        c("mseLinear", in -> TensorFns.mseLinear(in.get(0), in.get(1), in.get(2), in.get(3)),
            in -> { var g = TensorFnsGradients.mseLinear(in.get(0), in.get(1), in.get(2), in.get(3));
              return List.of(g.value(), g.dW(), g.dB(), g.dX(), g.dY()); },
            List.of(w42, b2, x34, y32), List.of(0, 1, 2, 3)),
        c("mlp", in -> TensorFns.mlp(in.get(0), in.get(1), in.get(2), in.get(3), in.get(4), in.get(5)),
            in -> { var g = TensorFnsGradients.mlp(in.get(0), in.get(1), in.get(2), in.get(3), in.get(4), in.get(5));
              return List.of(g.value(), g.dW1(), g.dB1(), g.dW2(), g.dB2(), g.dX(), g.dY()); },
            List.of(w1, b1, w2, b2, x34, y32), List.of(0, 1, 2, 3, 4, 5)),
        c("residual", in -> TensorFns.residual(in.get(0), in.get(1), in.get(2), 3),
            in -> { var g = TensorFnsGradients.residual(in.get(0), in.get(1), in.get(2), 3); return List.of(g.value(), g.dW(), g.dB(), g.dX()); },
            List.of(wr, br, x34), List.of(0, 1, 2)),
        c("deep", in -> TensorFns.deep(new Tensor[] {in.get(0), in.get(1), in.get(2)}, in.get(3), in.get(4)),
            in -> { var g = TensorFnsGradients.deep(new Tensor[] {in.get(0), in.get(1), in.get(2)}, in.get(3), in.get(4));
              return List.of(g.value(), g.dLayers()[0], g.dLayers()[1], g.dLayers()[2], g.dY()); },
            List.of(layers[0], layers[1], layers[2], x34, y32), List.of(0, 1, 2, 4)),
        c("where", in -> TensorFns.where(in.get(0), in.get(1)),
            in -> { var g = TensorFnsGradients.where(in.get(0), in.get(1)); return List.of(g.value(), g.dX(), g.dY()); },
            List.of(x34, t34), List.of(0, 1)),
        c("piecewise", in -> TensorFns.piecewise(in.get(0)),
            in -> { var g = TensorFnsGradients.piecewise(in.get(0)); return List.of(g.value(), g.dX()); },
            List.of(x34), List.of(0)),
        c("reassigned", in -> TensorFns.reassigned(in.get(0), 3),
            in -> { var g = TensorFnsGradients.reassigned(in.get(0), 3); return List.of(g.value(), g.dX()); },
            List.of(x34), List.of(0)),
        c("power", in -> TensorFns.power(in.get(0), in.get(1)),
            in -> { var g = TensorFnsGradients.power(in.get(0), in.get(1)); return List.of(g.value(), g.dA(), g.dB()); },
            List.of(pa, pb), List.of(0, 1)),
        c("shapes", in -> TensorFns.shapes(in.get(0)),
            in -> { var g = TensorFnsGradients.shapes(in.get(0)); return List.of(g.value(), g.dX()); },
            List.of(x34), List.of(0)),
        c("slices", in -> TensorFns.slices(in.get(0)),
            in -> { var g = TensorFnsGradients.slices(in.get(0)); return List.of(g.value(), g.dX()); },
            List.of(x34), List.of(0)),
        c("expand", in -> TensorFns.expand(in.get(0)),
            in -> { var g = TensorFnsGradients.expand(in.get(0)); return List.of(g.value(), g.dX()); },
            List.of(randn(2, 4)), List.of(0)),
        c("stackCat", in -> TensorFns.stackCat(in.get(0), in.get(1)),
            in -> { var g = TensorFnsGradients.stackCat(in.get(0), in.get(1)); return List.of(g.value(), g.dA(), g.dB()); },
            List.of(randn(2, 3), randn(2, 3)), List.of(0, 1)),
        c("branch+", in -> TensorFns.branch(in.get(0), 1.0),
            in -> { var g = TensorFnsGradients.branch(in.get(0), 1.0); return List.of(g.value(), g.dX()); },
            List.of(x34), List.of(0)),
        c("branch-", in -> TensorFns.branch(in.get(0), -1.0),
            in -> { var g = TensorFnsGradients.branch(in.get(0), -1.0); return List.of(g.value(), g.dX()); },
            List.of(x34), List.of(0)),
        new Case("scores", in -> TensorFns.scores(in.get(0), in.get(1)),
            in -> { var g = TensorFnsGradients.scoresVjp(in.get(0), in.get(1), seedScores); return List.of(g.value(), g.dX(), g.dW()); },
            List.of(x34, w43), List.of(0, 1), seedScores),
        c("detached", in -> TensorFns.detached(in.get(0)),
            in -> { var g = TensorFnsGradients.detached(in.get(0)); return List.of(g.value(), g.dX()); },
            List.of(x34), List.of(0)),
        c("constantCondition", in -> TensorFns.constantCondition(in.get(0), mask),
            in -> { var g = TensorFnsGradients.constantCondition(in.get(0), mask); return List.of(g.value(), g.dX()); },
            List.of(x34.mul(0.5)), List.of(0)),
        c("softplusLoss (custom rule)", in -> TensorFns.softplusLoss(in.get(0), in.get(1)),
            in -> { var g = TensorFnsGradients.softplusLoss(in.get(0), in.get(1)); return List.of(g.value(), g.dX(), g.dW()); },
            List.of(x34, w43), List.of(0, 1)),
        c("productLoss (Tensor[] rule)", in -> TensorFns.productLoss(in.get(0), in.get(1)),
            in -> { var g = TensorFnsGradients.productLoss(in.get(0), in.get(1)); return List.of(g.value(), g.dA(), g.dB()); },
            List.of(x34, t34), List.of(0, 1)),
        c("controlFlow mode 0", in -> TensorFns.controlFlow(new Tensor[] {in.get(0), in.get(1)}, in.get(2), 0, 2),
            in -> { var g = TensorFnsGradients.controlFlow(new Tensor[] {in.get(0), in.get(1)}, in.get(2), 0, 2);
              return List.of(g.value(), g.dWs()[0], g.dWs()[1], g.dX()); },
            List.of(wr, wr.t(), x34), List.of(0, 1, 2)),
        c("controlFlow mode 1", in -> TensorFns.controlFlow(new Tensor[] {in.get(0), in.get(1)}, in.get(2), 1, 0),
            in -> { var g = TensorFnsGradients.controlFlow(new Tensor[] {in.get(0), in.get(1)}, in.get(2), 1, 0);
              return List.of(g.value(), g.dWs()[0], g.dWs()[1], g.dX()); },
            List.of(wr, wr.t(), x34), List.of(0, 1, 2)),
        c("controlFlow mode 2", in -> TensorFns.controlFlow(new Tensor[] {in.get(0), in.get(1)}, in.get(2), 2, 3),
            in -> { var g = TensorFnsGradients.controlFlow(new Tensor[] {in.get(0), in.get(1)}, in.get(2), 2, 3);
              return List.of(g.value(), g.dWs()[0], g.dWs()[1], g.dX()); },
            List.of(wr, wr.t(), x34), List.of(0, 1, 2)),
        c("secondOutputOnly (a Tensor[] callee's first result unread)", in -> TensorFns.secondOutputOnly(in.get(0), in.get(1)),
            in -> { var g = TensorFnsGradients.secondOutputOnly(in.get(0), in.get(1)); return List.of(g.value(), g.dX(), g.dW()); },
            List.of(x34, b4), List.of(0, 1)),
        c("outputsIndexed (one result read per call)", in -> TensorFns.outputsIndexed(in.get(0), in.get(1)),
            in -> { var g = TensorFnsGradients.outputsIndexed(in.get(0), in.get(1)); return List.of(g.value(), g.dX(), g.dW()); },
            List.of(x34, b4), List.of(0, 1)),
        c("grow (tape)", in -> TensorFns.grow(in.get(0)),
            in -> { var g = TensorFnsGradients.grow(in.get(0)); return List.of(g.value(), g.dA()); },
            List.of(Tensor.of(DType.FLOAT64, new double[] {0.5, -1.5, 0.25}, 3)), List.of(0)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void generatedGradientMatchesTheTapeAndFiniteDifferences(Case c) {
    List<Tensor> result = c.generated().apply(c.inputs());
    Tensor value = result.get(0);
    try (GradScope s = Autograd.noGrad()) {
      assertClose(c.f().apply(c.inputs()), value, c.name() + " value", 1e-12);
    }
    List<Tensor> tape = byHand(c.f(), c.inputs(), c.wrt(), c.seed());
    for (int j = 0; j < c.wrt().size(); j++) {
      Tensor generated = result.get(j + 1);
      int k = c.wrt().get(j);
      String what = c.name() + " d" + k;
      assertNotNull(generated, what);
      Tensor expected = tape.get(j) != null ? tape.get(j) : Tensor.zerosLike(c.inputs().get(k));
      assertClose(expected, generated, what + " against the tape", 1e-10);
    }
    if (c.name().equals("detached")) {
      return; // detach() cuts the derivative on purpose: the tape agrees, finite differences cannot
    }
    // GradCheck: central differences of sum(seed * f) in FLOAT64, gradients from the tape, which the line above matched
    Tensor seed = c.seed();
    GradCheck.Result check = GradCheck.check(in -> {
      List<Tensor> all = new ArrayList<>(c.inputs());
      for (int j = 0; j < c.wrt().size(); j++) {
        all.set(c.wrt().get(j), in.get(j));
      }
      Tensor y = c.f().apply(all);
      return seed == null ? y : y.mul(seed).sum();
    }, c.wrt().stream().map(k -> c.inputs().get(k).detach().requiresGrad(true)).toList());
    assertTrue(check.passed(), c.name() + ": " + check);
  }

  /** What a user would write by hand: leaves that require grad, the method recorded, Autograd.grad. */
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
    if (!y.requiresGrad()) {
      return new ArrayList<>(java.util.Collections.nCopies(leaves.size(), null));
    }
    return Autograd.grad(List.of(y), leaves, seed == null ? null : List.of(seed), GradOption.ALLOW_UNUSED);
  }

  static void assertClose(Tensor expected, Tensor actual, String what, double tol) {
    assertNotNull(actual, what + " is null");
    assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
    double[] e = expected.toDoubleArray();
    double[] a = actual.toDoubleArray();
    for (int i = 0; i < e.length; i++) {
      assertEquals(e[i], a[i], tol * Math.max(1, Math.abs(e[i])), what + "[" + i + "]");
    }
  }

  /** Every method but grow is generated: its gradient never records the method on the tape (TapeLeaves). */
  /**
   * A function with a rule that draws random numbers: the square's rule must read the value the forward sweep
   * drew (the gradient is 2q), and the function runs once per gradient.
   */
  @Test
  void aRuledFunctionRunsOnceAndItsValueIsKept() {
    Tensor w = Tensor.of(DType.FLOAT64, new double[] {0.5, 0.5, 0.5, 0.5, 0.5, 0.5}, 6);
    Tensor q = TensorFns.stochasticRound(w, new Random(1));
    TensorFns.roundings = 0;
    var g = TensorFnsGradients.roundedSquares(w, new Random(1));
    assertEquals(1, TensorFns.roundings, "stochasticRound calls per gradient");
    assertClose(q.square().sum(), g.value(), "value", 0);
    assertClose(q.mul(2), g.dW(), "dW = 2q, q the forward's rounding", 0);
  }

  /**
   * The ruled function in a loop: each trip's rounding is kept for its reverse. Against the tape, where the
   * straight-through estimator is written as {@code z + (round(z) - z).detach()} with the same draws.
   */
  @Test
  void aRuledFunctionInALoopKeepsEachTripsValue() {
    Tensor x = randn(3, 4);
    Tensor w = randn(4).mul(1.5);
    int layers = 3;
    TensorFns.roundings = 0;
    var g = TensorFnsGradients.roundedLayers(x, w, new Random(5), layers);
    assertEquals(layers, TensorFns.roundings, "stochasticRound calls per gradient: one per trip");
    Tensor xl = x.detach().requiresGrad(true);
    Tensor wl = w.detach().requiresGrad(true);
    Random rng = new Random(5);
    Tensor h = xl;
    for (int i = 0; i < layers; i++) {
      Tensor z = h.mul(wl);
      Tensor q = TensorFns.stochasticRound(z.detach(), rng);
      h = z.add(q.sub(z.detach())).mul(h).tanh();
    }
    Tensor y = h.sum();
    List<Tensor> tape = Autograd.grad(y, List.of(xl, wl));
    assertClose(y.detach(), g.value(), "value", 1e-12);
    assertClose(tape.get(0), g.dX(), "dX against the tape", 1e-10);
    assertClose(tape.get(1), g.dW(), "dW against the tape", 1e-10);
  }

  /** A rule for a tensor and a number returns an Object[]: dX against the tape, dS against central differences. */
  @Test
  void aRuleForATensorAndANumber() {
    Tensor x = randn(3, 4);
    double s = 0.7;
    var g = TensorFnsGradients.scaledByLoss(x, s);
    Tensor xl = x.detach().requiresGrad(true);
    Tensor y = xl.mul(s * s).tanh().sum();
    assertClose(y.detach(), g.value(), "value", 1e-12);
    assertClose(Autograd.grad(y, xl), g.dX(), "dX against the tape", 1e-10);
    double h = 1e-6;
    double fd = (TensorFns.scaledByLoss(x, s + h).item() - TensorFns.scaledByLoss(x, s - h).item()) / (2 * h);
    assertEquals(fd, g.dS(), 1e-7, "dS against central differences");
  }

  @Test
  void everyMethodButGrowIsGenerated() throws IOException {
    Path source = Path.of("target/generated-test-sources/test-annotations/dev/adjoint/sample/tensorgen/TensorFnsGradients.java");
    String text = Files.readString(source);
    int growStart = text.indexOf("public static GrowGradient grow(");
    assertTrue(growStart > 0, "grow's gradient is missing");
    String[] methods = text.split("\n  public static ");
    int generated = 0;
    for (String m : methods) {
      if (m.startsWith("GrowGradient") || m.startsWith("TensorFnsGradients") || m.contains("_growTape")) {
        continue;
      }
      assertFalse(m.contains("new TapeLeaves()"), "recorded on the tape: " + m.lines().findFirst().orElse(""));
      if (m.contains("TensorRules.")) {
        generated++;
      }
    }
    assertTrue(generated >= 30, "generated adjoints calling TensorRules: " + generated);
    assertTrue(text.contains("new TapeLeaves()"), "grow runs on the tape");
  }

  @Test
  void callerTensorsAreLeftAsTheyWere() {
    Tensor w = randn(4, 2);
    Tensor b = randn(2);
    Tensor x = randn(3, 4);
    Tensor y = randn(3, 2);
    int[] versions = {w.version(), b.version(), x.version(), y.version()};
    TensorFnsGradients.MseLinearGradient g = TensorFnsGradients.mseLinear(w, b, x, y);
    assertNotNull(g.dW());
    for (Tensor t : List.of(w, b, x, y)) {
      assertNull(t.grad());
      assertFalse(t.requiresGrad());
      assertNull(t.gradFn());
    }
    assertArrayEquals(versions, new int[] {w.version(), b.version(), x.version(), y.version()});
    assertFalse(g.dW().requiresGrad(), "called normally, the gradient records nothing");
    assertNull(g.value().gradFn());
  }

  @Test
  void nonScalarResultNeedsASeed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TensorFnsGradients.scores(randn(3, 4), randn(4, 3)));
    assertTrue(e.getMessage().contains("scoresVjp"), e.getMessage());
  }

  /** Gradients of generated gradients: Hessian-vector products against Autograd.hessian. */
  @Test
  void hessianVectorProductsThroughGeneratedGradients() {
    Tensor x = randn(3, 4);
    Tensor v = randn(3, 4);
    // d/dx <grad f(x), v> = H v, with grad f(x) the generated gradient, recorded on the tape
    Tensor leaf = x.detach().requiresGrad(true);
    Tensor grad = TensorFnsGradients.chain(leaf).dX();
    assertTrue(grad.requiresGrad(), "with an input that requires grad, the generated adjoint's operations are recorded");
    Tensor hv = Autograd.grad(grad.mul(v).sum(), leaf);
    Tensor hessian = Autograd.hessian(t -> TensorFns.chain(t.reshape(3, 4)), x.reshape(12));
    Tensor expected = hessian.matmul(v.reshape(12)).reshape(3, 4);
    assertClose(expected, hv, "Hv of chain", 1e-10);

    Tensor w = randn(4, 3).mul(0.5);
    Tensor wl = w.detach().requiresGrad(true);
    Tensor gw = TensorFnsGradients.matmul(x, wl).dW();
    Tensor vw = randn(4, 3);
    Tensor hvw = Autograd.grad(gw.mul(vw).sum(), wl);
    Tensor hw = Autograd.hessian(t -> TensorFns.matmul(x, t.reshape(4, 3)), w.reshape(12));
    assertClose(hw.matmul(vw.reshape(12)).reshape(4, 3), hvw, "Hv of matmul wrt w", 1e-10);
  }

  /**
   * A seed that requires grad stays in the graph: the fused loop (contiguous input) must not read its number and
   * drop it, and gives what the tensor adjoint (a transposed input) gives.
   */
  @Test
  void aSeedThatRequiresGradKeepsItsGraphOnTheFusedPath() {
    Tensor x = randn(3, 4);
    Tensor unit = TensorFnsGradients.chain(x).dX();
    for (Tensor in : List.of(x, x.t().contiguous().t())) {
      Tensor seed = Tensor.scalar(1.5, DType.FLOAT64).requiresGrad(true);
      Tensor dX = TensorFnsGradients.chainVjp(in, seed).dX();
      assertTrue(dX.requiresGrad(), (in.isContiguous() ? "fused" : "tensor adjoint") + ": dX depends on the seed");
      assertClose(unit.mul(1.5), dX, "dX = seed · gradient", 1e-12);
      // d/dseed of sum(dX) + 2·seed = sum(gradient) + 2
      Tensor dSeed = Autograd.grad(dX.sum().add(seed.mul(2.0)), seed);
      assertEquals(unit.sum().item() + 2.0, dSeed.item(), 1e-12, in.isContiguous() ? "fused" : "tensor adjoint");
    }
  }

  /** A double scaling a tensor: its gradient is a double, checked against central differences. */
  @Test
  void doubleParameterScalingATensor() {
    Tensor x = randn(3, 4).mul(0.5);
    double s = 0.7;
    TensorFnsGradients.ScaledGradient g = TensorFnsGradients.scaled(x, s);
    double h = 1e-6;
    double numeric;
    try (GradScope scope = Autograd.noGrad()) {
      numeric = (TensorFns.scaled(x, s + h).item() - TensorFns.scaled(x, s - h).item()) / (2 * h);
    }
    assertEquals(numeric, g.dS(), 1e-6 * Math.max(1, Math.abs(numeric)));
    List<Tensor> tape = byHand(in -> TensorFns.scaled(in.get(0), s), List.of(x), List.of(0), null);
    assertClose(tape.get(0), g.dX(), "scaled dX against the tape", 1e-10);
    // the tape cannot differentiate the double: the same method written with a scalar tensor can
    Tensor sLeaf = Tensor.scalar(s, DType.FLOAT64).requiresGrad(true);
    Tensor sTensor = sLeaf;
    Tensor y = x.mul(sTensor).add(sTensor.mul(sTensor)).sin().sum().add(x.div(sTensor).sum());
    assertEquals(Autograd.grad(y, sLeaf).item(), g.dS(), 1e-10);
  }

  /**
   * A null element of a {@code Tensor[]} result's seed is a zero adjoint: the gradient is the tape's with that result
   * left out, and all null gives zeros.
   */
  @Test
  void aNullSeedElementOfATensorArrayResultIsZero() {
    Tensor x = randn(3, 4);
    Tensor w = randn(4);
    Tensor s1 = randn(3, 4);
    var g = TensorFnsGradients.twoOutputsVjp(x, w, new Tensor[] {null, s1});
    Tensor xl = x.detach().requiresGrad(true);
    Tensor wl = w.detach().requiresGrad(true);
    Tensor[] out = TensorFns.twoOutputs(xl, wl);
    List<Tensor> tape = Autograd.grad(List.of(out[1]), List.of(xl, wl), List.of(s1));
    assertClose(tape.get(0), g.dX(), "dX against the tape", 1e-12);
    assertClose(tape.get(1), g.dW(), "dW against the tape", 1e-12);
    assertClose(x.mul(w), g.value()[0], "value[0]", 0);

    var none = TensorFnsGradients.twoOutputsVjp(x, w, new Tensor[] {null, null});
    assertClose(Tensor.zerosLike(x), none.dX(), "dX with no seed", 0);
    assertClose(Tensor.zerosLike(w), none.dW(), "dW with no seed", 0);
  }

  /** A Tensor[] result's seed is checked as a Tensor result's: its length, and each element's shape and dtype. */
  @Test
  void aTensorArraySeedIsCheckedElementByElement() {
    Tensor x = randn(3, 4);
    Tensor w = randn(4);
    Tensor s = randn(3, 4);
    assertSeedError(x, w, new Tensor[] {s},
        "twoOutputsVjp: seed has 1 element but TensorFns.twoOutputs returned 2 elements; pass one seed per element of the"
            + " result (null for an element whose adjoint is zero)");
    assertSeedError(x, w, new Tensor[] {s, s, s},
        "twoOutputsVjp: seed has 3 elements but TensorFns.twoOutputs returned 2 elements");
    assertSeedError(x, w, null, "twoOutputsVjp: seed is null; pass a Tensor[] of 2 seeds, one per element of"
        + " TensorFns.twoOutputs's result (null for an element whose adjoint is zero)");
    assertSeedError(x, w, new Tensor[] {s, randn(5)},
        "twoOutputsVjp: seed[1] has shape [5] (FLOAT64) but element 1 of TensorFns.twoOutputs's result has shape [3, 4]"
            + " (FLOAT64); pass a seed shaped like that element, or null for a zero adjoint");
    assertSeedError(x, w, new Tensor[] {s.to(DType.FLOAT32), null},
        "twoOutputsVjp: seed[0] has dtype FLOAT32 but element 0 of TensorFns.twoOutputs's result has dtype FLOAT64 (the"
            + " shape [3, 4] is right); pass a seed of dtype FLOAT64 (seed[0].to(DType.FLOAT64))");
  }

  private static void assertSeedError(Tensor x, Tensor w, Tensor[] seed, String message) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TensorFnsGradients.twoOutputsVjp(x, w, seed));
    assertTrue(e.getMessage().startsWith(message), e.getMessage());
  }
}
