package dev.adjoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.rules.ElementwiseVjps;
import dev.adjoint.rules.Op;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The backward pass runs a region of elementwise rules a chunk at a time ({@link FusedBackward}); it must give
 * the gradients the same rules give one node at a time on whole tensors, for every operation it accepts, in both
 * element types, at sizes with a partial last chunk and a partial last vector, and must leave to the tape every
 * node whose gradient someone asked to see.
 */
class FusedBackwardTest {
  /** Two chunks and a bit: a partial last chunk whose last vector is partial too. */
  private static final int N = 2 * ChunkArithmetic.CHUNK + 37;

  private record Case(Op op, BiFunction<Tensor, Tensor, Tensor> f) {}

  // Each case puts its operation between a product with x and w and a product with (w + 1), so the region has
  // four members and two leaves, one of them reached twice. Inputs lie in [0.5, 1.5].
  private static final List<Case> CASES = List.of(
      unary(Op.NEG, Tensor::neg),
      unary(Op.EXP, Tensor::exp),
      unary(Op.LOG, Tensor::log),
      unary(Op.SIN, Tensor::sin),
      unary(Op.COS, Tensor::cos),
      unary(Op.TAN, Tensor::tan),
      unary(Op.TANH, Tensor::tanh),
      unary(Op.SIGMOID, Tensor::sigmoid),
      unary(Op.SQRT, Tensor::sqrt),
      unary(Op.SQUARE, Tensor::square),
      unary(Op.RECIPROCAL, Tensor::reciprocal),
      unary(Op.ADD_SCALAR, t -> t.add(0.7)),
      unary(Op.SUB_SCALAR, t -> t.sub(0.7)),
      unary(Op.RSUB_SCALAR, t -> t.rsub(0.7)),
      unary(Op.MUL_SCALAR, t -> t.mul(0.7)),
      unary(Op.DIV_SCALAR, t -> t.div(0.7)),
      unary(Op.RDIV_SCALAR, t -> t.rdiv(0.7)),
      new Case(Op.ADD, (x, w) -> x.sin().add(w.add(2))),
      new Case(Op.SUB, (x, w) -> x.sin().sub(w.add(2))),
      new Case(Op.MUL, (x, w) -> x.sin().mul(w.add(2))),
      new Case(Op.DIV, (x, w) -> x.sin().div(w.add(2))));

  private static Case unary(Op op, UnaryOperator<Tensor> f) {
    return new Case(op, (x, w) -> f.apply(x.mul(w)));
  }

  @AfterEach
  void fusionBackOn() {
    FusedBackward.setEnabled(true);
  }

  @Test
  void everyFusedOperationHasACase() {
    Set<Op> covered = EnumSet.noneOf(Op.class);
    for (Case c : CASES) {
      Tensor x = inputs(DType.FLOAT64, 1).requiresGrad(true);
      Tensor w = inputs(DType.FLOAT64, 2).requiresGrad(true);
      covered.add(c.f().apply(x, w).node().op);
      assertEquals(c.op(), c.f().apply(x, w).node().op, "the case named " + c.op());
    }
    assertEquals(ElementwiseVjps.OPS, covered);
  }

  @Test
  void everyOperationGivesTheTapesGradientsInBothTypes() {
    for (DType type : List.of(DType.FLOAT32, DType.FLOAT64)) {
      for (Case c : CASES) {
        BiFunction<Tensor, Tensor, Tensor> loss = (x, w) -> c.f().apply(x, w).mul(w.add(1)).sum();
        List<double[]> tape = gradients(false, type, loss);
        List<double[]> fused = gradients(true, type, loss);
        assertClose(tape.get(0), fused.get(0), type, c.op() + " " + type + ", x");
        assertClose(tape.get(1), fused.get(1), type, c.op() + " " + type + ", w");
      }
    }
  }

  @Test
  void aGradientHandedToBothInputsIsNotOverwrittenByTheFirst() {
    // add hands its gradient (a buffer of the region, made by mul(3)'s rule) to both operands; a rule that may
    // write over its seed (exp, neg, square, mul by a number, ...) must not do so while the other still reads it
    List<Case> unary = CASES.stream().filter(c -> c.op().ordinal() > Op.DIV.ordinal()).toList();
    for (DType type : List.of(DType.FLOAT32, DType.FLOAT64)) {
      for (Case u : unary) {
        for (Case v : unary) {
          BiFunction<Tensor, Tensor, Tensor> loss = (x, w) -> u.f().apply(x, w).add(v.f().apply(w, x)).mul(3).sum();
          List<double[]> tape = gradients(false, type, loss);
          List<double[]> fused = gradients(true, type, loss);
          String what = u.op() + " + " + v.op() + " " + type;
          assertClose(tape.get(0), fused.get(0), type, what + ", x");
          assertClose(tape.get(1), fused.get(1), type, what + ", w");
        }
      }
    }
  }

  @Test
  void theElementwiseChainMatchesItsDerivative() {
    for (DType type : List.of(DType.FLOAT32, DType.FLOAT64)) {
      Tensor x = inputs(type, 3).requiresGrad(true);
      long before = FusedBackward.REGIONS_RUN.get();
      x.sin().mul(x.square().neg().exp()).add(x.tanh()).sum().backward();
      assertEquals(before + 1, FusedBackward.REGIONS_RUN.get(), "one region");
      double[] xs = x.detach().toDoubleArray();
      double[] g = x.grad().toDoubleArray();
      for (int i = 0; i < N; i++) {
        double v = xs[i];
        double e = Math.exp(-v * v);
        double t = Math.tanh(v);
        double want = Math.cos(v) * e - 2 * v * Math.sin(v) * e + 1 - t * t;
        assertEquals(want, g[i], type == DType.FLOAT32 ? 2e-6 : 1e-14, "element " + i + " " + type);
      }
    }
  }

  @Test
  void aValueAlsoUsedOutsideTheChainGetsBothGradients() {
    // u = sin(x) feeds the fused chain and, through a sum along a dimension, something the region cannot hold
    BiFunction<Tensor, Tensor, Tensor> loss = (x, w) -> {
      Tensor u = x.sin();
      Tensor chain = u.exp().mul(w).add(u.square());
      return chain.sum().add(u.reshape(-1, 1).sum(0).mul(3).sum());
    };
    List<double[]> tape = gradients(false, DType.FLOAT64, loss);
    List<double[]> fused = gradients(true, DType.FLOAT64, loss);
    assertClose(tape.get(0), fused.get(0), DType.FLOAT64, "x");
    assertClose(tape.get(1), fused.get(1), DType.FLOAT64, "w");
  }

  @Test
  void aRetainedGradientIsKeptOutOfTheRegion() {
    for (boolean fused : new boolean[] {false, true}) {
      FusedBackward.setEnabled(fused);
      Tensor x = inputs(DType.FLOAT32, 4).requiresGrad(true);
      Tensor u = x.exp();
      u.retainGrad();
      u.mul(x.sin()).tanh().sum().backward();
      assertNotNull(u.grad(), "u.grad() with fusion " + fused);
      double[] t = u.detach().toDoubleArray();
      double[] s = x.detach().sin().toDoubleArray();
      double[] g = u.grad().toDoubleArray();
      for (int i = 0; i < N; i += 97) {
        double th = Math.tanh(t[i] * s[i]);
        assertEquals((1 - th * th) * s[i], g[i], 1e-5, "u.grad() at " + i + " with fusion " + fused);
      }
    }
  }

  @Test
  void aGradientAskedForInsideTheChainIsTheTapes() {
    List<double[]> results = new ArrayList<>();
    for (boolean fused : new boolean[] {false, true}) {
      FusedBackward.setEnabled(fused);
      Tensor x = inputs(DType.FLOAT64, 5).requiresGrad(true);
      Tensor u = x.square().neg();
      Tensor y = u.exp().mul(x.cos()).add(x).sum();
      List<Tensor> g = Autograd.grad(y, List.of(u, x));
      results.add(g.get(0).toDoubleArray());
      results.add(g.get(1).toDoubleArray());
    }
    assertClose(results.get(0), results.get(2), DType.FLOAT64, "d/du");
    assertClose(results.get(1), results.get(3), DType.FLOAT64, "d/dx");
  }

  @Test
  void aSavedValueChangedInPlaceIsStillRefusedWithTheTapesMessage() {
    Tensor x = inputs(DType.FLOAT32, 6).requiresGrad(true);
    Tensor e = x.exp();
    Tensor y = e.sin().mul(2).sum();
    e.mulInPlace(2);
    IllegalStateException error = assertThrows(IllegalStateException.class, y::backward);
    assertTrue(error.getMessage().contains("modified by an inplace operation"), error.getMessage());
  }

  @Test
  void aSecondBackwardWithoutRetainingTheGraphIsRefused() {
    Tensor x = inputs(DType.FLOAT32, 7).requiresGrad(true);
    Tensor y = x.sin().mul(x.cos()).sum();
    y.backward();
    IllegalStateException error = assertThrows(IllegalStateException.class, y::backward);
    assertTrue(error.getMessage().contains("backward through the graph a second time"), error.getMessage());
  }

  @Test
  void aRetainedGraphGivesTheSameGradientTwice() {
    Tensor x = inputs(DType.FLOAT32, 8).requiresGrad(true);
    Tensor y = x.sin().mul(x.cos()).sum();
    Tensor first = Autograd.grad(y, x, GradOption.RETAIN_GRAPH);
    Tensor second = Autograd.grad(y, x);
    assertClose(first.toDoubleArray(), second.toDoubleArray(), DType.FLOAT32, "second pass");
  }

  @Test
  void secondDerivativesGoThroughTheTape() {
    // CREATE_GRAPH records the rules, so nothing is fused; d/dx of sum(d/dx sin(x)^2) = 2 cos(2x)
    Tensor x = inputs(DType.FLOAT64, 9).requiresGrad(true);
    long before = FusedBackward.REGIONS_RUN.get();
    Tensor g = Autograd.grad(x.sin().square().mul(x.exp().rsub(1).add(1)).sum(), x, GradOption.CREATE_GRAPH);
    assertEquals(before, FusedBackward.REGIONS_RUN.get(), "no region under CREATE_GRAPH");
    Tensor h = Autograd.grad(g.sum(), x);
    double[] xs = x.detach().toDoubleArray();
    double[] hv = h.toDoubleArray();
    for (int i = 0; i < N; i += 101) {
      double v = xs[i];
      // f = sin^2(v) (2 - e^v): f'' = 2cos(2v)(2 - e^v) - 2 sin(2v) e^v - sin^2(v) e^v
      double want = 2 * Math.cos(2 * v) * (2 - Math.exp(v)) - 2 * Math.sin(2 * v) * Math.exp(v)
          - Math.sin(v) * Math.sin(v) * Math.exp(v);
      assertEquals(want, hv[i], 1e-10, "element " + i);
    }
  }

  @Test
  void aSeedOfItsOwnAndAStridedSeedGiveTheTapesGradients() {
    Tensor seed = inputs(DType.FLOAT32, 10);
    Tensor strided = inputs(DType.FLOAT32, 11).reshape(1, -1).expand(2, N).t().select(1, 1);
    for (Tensor s : List.of(seed, strided)) {
      List<double[]> results = new ArrayList<>();
      for (boolean fused : new boolean[] {false, true}) {
        FusedBackward.setEnabled(fused);
        Tensor x = inputs(DType.FLOAT32, 12).requiresGrad(true);
        x.tanh().mul(x.exp()).backward(s);
        results.add(x.grad().toDoubleArray());
      }
      assertClose(results.get(0), results.get(1), DType.FLOAT32, "seed " + s);
    }
  }

  @Test
  void smallTensorsAndBroadcastOperandsStayOnTheTape() {
    long before = FusedBackward.REGIONS_RUN.get();
    Tensor small = Tensor.randn(new Random(13), FusedBackward.MIN_ELEMENTS - 1).requiresGrad(true);
    small.sin().mul(small.cos()).sum().backward();
    Tensor rows = inputs(DType.FLOAT32, 14).reshape(-1, 1).expand(N, 2).contiguous().requiresGrad(true);
    Tensor bias = Tensor.of(0.5f, 1.5f).requiresGrad(true);
    rows.add(bias).sin().sum().backward();
    assertEquals(before, FusedBackward.REGIONS_RUN.get(), "no region");
    double[] bx = rows.detach().toDoubleArray();
    double[] gb = bias.grad().toDoubleArray();
    double want0 = 0;
    for (int i = 0; i < bx.length; i += 2) {
      want0 += Math.cos(bx[i] + 0.5);
    }
    assertEquals(want0, gb[0], 1e-6 * bx.length);
  }

  @Test
  void theOnePassRulesAndTheirOperationsOneByOneAgreeOnAChunk() {
    // where the SIMD kernels are in use the chunks run sin's, tanh's, ... rule in one pass; the scalar kernels
    // run their operations one by one: both must give the rule's value
    for (DType type : List.of(DType.FLOAT32, DType.FLOAT64)) {
      Lanes<?> lanes = type == DType.FLOAT32 ? Lanes.Vectorized.FLOAT32 : Lanes.Vectorized.FLOAT64;
      if (lanes == null) {
        continue; // this JVM runs the scalar kernels: only the one-by-one form exists
      }
      Tensor x = inputs(type, 31);
      Tensor g = inputs(type, 32);
      int n = 1000;
      for (Op op : List.of(Op.SIN, Op.COS, Op.TAN, Op.TANH, Op.SIGMOID, Op.SQRT, Op.SQUARE, Op.RECIPROCAL)) {
        double[][] results = new double[2][];
        for (int way = 0; way < 2; way++) {
          ChunkArithmetic a = new ChunkArithmetic(type, way == 0 ? lanes : null);
          a.reset(n);
          ChunkArithmetic.Slice xs = ChunkArithmetic.window(x);
          ChunkArithmetic.Slice gs = ChunkArithmetic.window(g);
          xs.moveTo(5);
          gs.moveTo(9);
          ChunkArithmetic.Slice[] out = new ChunkArithmetic.Slice[2];
          ElementwiseVjps.vjp(op, a, xs, null, 0, true, false, gs, false, out);
          results[way] = new double[n];
          for (int i = 0; i < n; i++) {
            results[way][i] = out[0].f != null ? out[0].f[out[0].offset + i] : out[0].d[out[0].offset + i];
          }
        }
        assertClose(results[1], results[0], type, op + " " + type);
        assertTrue(results[0][0] != 0, op + " wrote its result");
      }
    }
  }

  @Test
  void threadsRunTheirRegionsAtTheSameTime() throws Exception {
    // each thread has its own scratch buffers: gradients computed together are those computed alone
    BiFunction<Tensor, Tensor, Tensor> loss = (x, w) -> x.sin().mul(w.square().neg().exp()).add(x.tanh()).sum();
    List<double[]> alone = gradients(true, DType.FLOAT32, loss);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<double[]>>> runs = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        runs.add(pool.submit(() -> {
          List<double[]> last = null;
          for (int round = 0; round < 10; round++) {
            Tensor x = inputs(DType.FLOAT32, 21).requiresGrad(true);
            Tensor w = inputs(DType.FLOAT32, 22).requiresGrad(true);
            loss.apply(x, w).backward();
            last = List.of(x.grad().toDoubleArray(), w.grad().toDoubleArray());
          }
          return last;
        }));
      }
      for (Future<List<double[]>> run : runs) {
        List<double[]> together = run.get();
        // within rounding, not bit for bit: the JIT may compile sin's kernel between the two (the Vector API's
        // transcendental functions are allowed 1 ulp, and interpreted and compiled code differ by that much)
        assertClose(alone.get(0), together.get(0), DType.FLOAT32, "x");
        assertClose(alone.get(1), together.get(1), DType.FLOAT32, "w");
      }
    } finally {
      pool.shutdown();
    }
  }

  private static List<double[]> gradients(boolean fused, DType type, BiFunction<Tensor, Tensor, Tensor> loss) {
    FusedBackward.setEnabled(fused);
    Tensor x = inputs(type, 21).requiresGrad(true);
    Tensor w = inputs(type, 22).requiresGrad(true);
    long before = FusedBackward.REGIONS_RUN.get();
    loss.apply(x, w).backward();
    assertEquals(fused, FusedBackward.REGIONS_RUN.get() > before, "a fused region ran: " + fused);
    return List.of(x.grad().toDoubleArray(), w.grad().toDoubleArray());
  }

  /** N numbers in [0.5, 1.5]. */
  private static Tensor inputs(DType type, long seed) {
    Random r = new Random(seed);
    double[] v = new double[N];
    for (int i = 0; i < N; i++) {
      v[i] = 0.5 + r.nextDouble();
    }
    return Tensor.of(v).to(type);
  }

  private static void assertClose(double[] want, double[] got, DType type, String what) {
    assertEquals(want.length, got.length, what);
    double tolerance = type == DType.FLOAT32 ? 1e-5 : 1e-12;
    for (int i = 0; i < want.length; i++) {
      assertEquals(want[i], got[i], tolerance * Math.max(1, Math.abs(want[i])), what + " at " + i);
    }
  }
}
