package dev.adjoint;

import static dev.adjoint.TestSupport.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** requiresGrad, leaves, gradFn, accumulation, options, version counters, grad mode. */
class TapeSemanticsTest {
  @Test
  void leavesNodesAndNames() {
    Tensor x = Tensor.of(1, 2, 3).requiresGrad(true);
    assertTrue(x.isLeaf());
    assertTrue(x.requiresGrad());
    assertNull(x.gradFn());
    assertNull(x.grad());
    Tensor y = x.mul(x);
    assertFalse(y.isLeaf());
    assertTrue(y.requiresGrad());
    assertEquals("MulBackward", y.gradFn());
    assertEquals("SumBackward", y.sum().gradFn());
    assertEquals("AddBackward", y.add(x).gradFn());
    assertEquals("AddBackward", y.add(1).gradFn());
    assertEquals("RsubBackward", y.rsub(1).gradFn());
    assertEquals("PowBackward", x.pow(2).gradFn());
    assertEquals("SinBackward", x.sin().gradFn());
    assertEquals("MaxBackward", x.max().gradFn());
    Tensor c = Tensor.of(1, 2);
    assertFalse(c.requiresGrad());
    assertNull(c.mul(2).gradFn());
    assertFalse(x.gt(2).requiresGrad());
    Tensor d = y.detach();
    assertTrue(d.isLeaf());
    assertFalse(d.requiresGrad());
    d.set(7, 0);
    assertEquals(7, y.get(0));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.requiresGrad(false));
    assertTrue(e.getMessage().startsWith("requiresGrad: you can only change requires_grad flags of"
        + " leaf variables"), e.getMessage());
  }

  @Test
  void switchingRequiresGradOffKeepsEarlierGraphsConnected() {
    Tensor x = Tensor.of(1, 2).requiresGrad(true);
    Tensor y = x.mul(2).sum();
    x.requiresGrad(false);
    assertFalse(x.requiresGrad());
    assertNull(x.mul(3).gradFn());
    y.backward();
    assertArrayEquals(new double[] {2, 2}, x.grad().toDoubleArray());
    x.requiresGrad(true);
    x.mul(3).sum().backward();
    assertArrayEquals(new double[] {5, 5}, x.grad().toDoubleArray());
  }

  @Test
  void itemWorksOnTensorsThatRequireGrad() {
    Tensor x = Tensor.scalar(3).requiresGrad(true);
    assertEquals(9.0, x.mul(x).item());
  }

  @Test
  void gradientsAccumulateUntilCleared() {
    Tensor x = Tensor.scalar(3).requiresGrad(true);
    x.pow(2).mul(3).backward();
    assertEquals(18, x.grad().item());
    x.pow(2).mul(3).backward();
    assertEquals(36, x.grad().item());
    x.clearGrad();
    assertNull(x.grad());
    x.pow(2).backward();
    assertEquals(6, x.grad().item());
  }

  @Test
  void sameLeafUsedTwiceSumsBothPaths() {
    Tensor x = Tensor.of(1, 2).requiresGrad(true);
    Tensor y = x.mul(2).add(x.mul(x)).add(x);
    y.sum().backward();
    assertArrayEquals(new double[] {5, 7}, x.grad().toDoubleArray());
  }

  @Test
  void nonScalarBackwardNeedsASeed() {
    Tensor x = Tensor.of(1, 2).requiresGrad(true);
    Tensor y = x.mul(x);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> y.backward());
    assertTrue(e.getMessage().startsWith("backward: grad can be implicitly created only for scalar"
        + " outputs; this tensor has shape [2]"), e.getMessage());
    y.backward(Tensor.of(1, 10));
    assertArrayEquals(new double[] {2, 40}, x.grad().toDoubleArray());
    IllegalArgumentException s = assertThrows(IllegalArgumentException.class,
        () -> x.mul(3).backward(Tensor.of(1, 2, 3)));
    assertEquals("backward: seed shape [3] does not match output shape [2]", s.getMessage());
    IllegalArgumentException dt = assertThrows(IllegalArgumentException.class,
        () -> x.mul(3).backward(Tensor.of(1, 2).to(DType.FLOAT64)));
    assertTrue(dt.getMessage().startsWith("backward: seed dtype FLOAT64 does not match output dtype FLOAT32"));
  }

  @Test
  void backwardOnATensorWithoutGraphIsRefused() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Tensor.scalar(1).backward());
    assertTrue(e.getMessage().startsWith("backward: element 0 of tensors does not require grad and"
        + " does not have a grad_fn"), e.getMessage());
  }

  @Test
  void secondBackwardNeedsRetainGraph() {
    Tensor x = Tensor.scalar(3).requiresGrad(true);
    Tensor y = x.pow(2);
    Tensor z1 = y.mul(3);
    Tensor z2 = y.mul(4);
    z1.backward();
    assertEquals(18, x.grad().item());
    IllegalStateException e = assertThrows(IllegalStateException.class, z2::backward);
    assertTrue(e.getMessage().startsWith("Trying to backward through the graph a second time"), e.getMessage());
    assertTrue(e.getMessage().contains("Pass GradOption.RETAIN_GRAPH"), e.getMessage());

    Tensor a = Tensor.scalar(3).requiresGrad(true);
    Tensor b = a.pow(2);
    b.mul(3).backward(GradOption.RETAIN_GRAPH);
    b.mul(4).backward();
    assertEquals(42, a.grad().item());
  }

  @Test
  void createGraphGivesHigherDerivatives() {
    Tensor x = Tensor.scalar(2).to(DType.FLOAT64).requiresGrad(true);
    Tensor y = x.pow(3);
    Tensor dy = Autograd.grad(y, x, GradOption.CREATE_GRAPH);
    assertEquals(12, dy.item(), 1e-12);
    assertTrue(dy.requiresGrad());
    Tensor d2y = Autograd.grad(dy, x, GradOption.CREATE_GRAPH);
    assertEquals(12, d2y.item(), 1e-12);
    Tensor d3y = Autograd.grad(d2y, x);
    assertEquals(6, d3y.item(), 1e-12);
    // backward(CREATE_GRAPH) leaves a differentiable grad in x.grad()
    Tensor z = Tensor.scalar(3).to(DType.FLOAT64).requiresGrad(true);
    z.pow(2).backward(GradOption.CREATE_GRAPH);
    Tensor g = z.grad();
    assertEquals(6, g.item());
    z.clearGrad();
    g.backward();
    assertEquals(2, z.grad().item());
  }

  @Test
  void autogradGradNeverTouchesGrad() {
    Tensor x = Tensor.of(1, 2).requiresGrad(true);
    Tensor w = Tensor.of(3, 4).requiresGrad(true);
    Tensor y = x.mul(w).sum();
    List<Tensor> g = Autograd.grad(y, List.of(x, w));
    assertArrayEquals(new double[] {3, 4}, g.get(0).toDoubleArray());
    assertArrayEquals(new double[] {1, 2}, g.get(1).toDoubleArray());
    assertNull(x.grad());
    assertNull(w.grad());
    // gradient with respect to an intermediate result
    Tensor a = Tensor.of(1, 2).requiresGrad(true);
    Tensor h = a.mul(3);
    Tensor out = h.square().sum();
    assertArrayEquals(new double[] {6, 12}, Autograd.grad(out, h).toDoubleArray());
    // several outputs with seeds
    Tensor p = Tensor.of(1, 2).requiresGrad(true);
    List<Tensor> gp = Autograd.grad(List.of(p.mul(2), p.mul(p)), List.of(p),
        List.of(Tensor.of(1, 1), Tensor.of(1, 10)));
    assertArrayEquals(new double[] {4, 42}, gp.get(0).toDoubleArray());
    // an output that another output depends on gets its seed plus what flows back into it
    Tensor q = Tensor.scalar(1).requiresGrad(true);
    Tensor q2 = q.mul(2);
    Tensor q6 = q2.mul(3);
    assertEquals(8, Autograd.grad(List.of(q2, q6), List.of(q), null).get(0).item());
    assertEquals(8, Autograd.grad(List.of(q6, q2), List.of(q), null).get(0).item());
  }

  @Test
  void autogradGradOnlyRunsTheRulesOnPathsToItsInputs() {
    Tensor x1 = Tensor.of(1, 2).requiresGrad(true);
    Tensor x2 = Tensor.of(3, 4).requiresGrad(true);
    Tensor c = Tensor.of(5, 6);
    Tensor y = x1.mul(c).add(x2.mul(3)).sum();
    c.mulInPlace(2);   // would break MulBackward of x1 * c, which grad(y, x2) does not need
    assertArrayEquals(new double[] {3, 3}, Autograd.grad(y, x2, GradOption.RETAIN_GRAPH).toDoubleArray());
    assertThrows(IllegalStateException.class, () -> Autograd.grad(y, x1));
  }

  /**
   * A gradient with respect to intermediates visits only the graph after them (PyTorch's topological
   * numbers): here the older intermediate {@code a} also feeds the output directly, the newer {@code c}
   * does not reach {@code a}, and a leaf among the inputs makes the pass visit everything again.
   */
  @Test
  void gradWithRespectToIntermediatesGivesTheSameNumbersWithTheHistoryCut() {
    Tensor x = Tensor.of(DType.FLOAT64, new double[] {0.3, -1.2}, 2).requiresGrad(true);
    Tensor history = x;
    for (int i = 0; i < 200; i++) {
      history = history.mul(0.99).add(history.sin().mul(0.01));
    }
    Tensor a = history.mul(2);
    Tensor b = a.sin();
    Tensor c = b.mul(3);
    Tensor out = c.square().add(a.mul(5)).sum();
    double[] av = a.toDoubleArray();
    double[] cv = c.toDoubleArray();
    double[] dc = {2 * cv[0], 2 * cv[1]};
    double[] da = {dc[0] * 3 * Math.cos(av[0]) + 5, dc[1] * 3 * Math.cos(av[1]) + 5};
    assertClose(dc, Autograd.grad(out, c, GradOption.RETAIN_GRAPH), 1e-12);
    assertClose(da, Autograd.grad(out, a, GradOption.RETAIN_GRAPH), 1e-12);
    List<Tensor> both = Autograd.grad(out, List.of(c, a), GradOption.RETAIN_GRAPH);
    assertClose(dc, both.get(0), 1e-12);
    assertClose(da, both.get(1), 1e-12);
    List<Tensor> withLeaf = Autograd.grad(out, List.of(c, x), GradOption.RETAIN_GRAPH);
    assertClose(dc, withLeaf.get(0), 1e-12);
    Tensor viaA = Autograd.grad(List.of(a), List.of(x), List.of(Tensor.of(DType.FLOAT64, da, 2)),
        GradOption.RETAIN_GRAPH).get(0);
    assertClose(viaA.toDoubleArray(), withLeaf.get(1), 1e-12);
    // an output older than the input cannot reach it
    List<Tensor> none = Autograd.grad(a.sum(), List.of(c), GradOption.ALLOW_UNUSED, GradOption.RETAIN_GRAPH);
    assertNull(none.get(0));
    // a Jacobian-vector product by two reverse passes: the second goes towards a leaf made after the
    // history (the dummy seed u), so the nodes made before u are skipped; J v = 3 cos(a) v
    Tensor u = Tensor.zerosLike(c).requiresGrad(true);
    Tensor vjp = Autograd.grad(List.of(c), List.of(a), List.of(u), GradOption.CREATE_GRAPH,
        GradOption.RETAIN_GRAPH).get(0);
    Tensor v = Tensor.of(DType.FLOAT64, new double[] {1, -2}, 2);
    Tensor jv = Autograd.grad(List.of(vjp), List.of(u), List.of(v), GradOption.RETAIN_GRAPH).get(0);
    assertClose(new double[] {3 * Math.cos(av[0]), -6 * Math.cos(av[1])}, jv, 1e-12);
    // an older leaf among the targets brings the whole graph back: d(sum(vjp))/d[u, x]
    List<Tensor> mixed = Autograd.grad(List.of(vjp.sum()), List.of(u, x), null, GradOption.RETAIN_GRAPH);
    assertClose(new double[] {3 * Math.cos(av[0]), 3 * Math.cos(av[1])}, mixed.get(0), 1e-12);
    assertArrayEquals(new int[] {2}, mixed.get(1).shape());
    // second order through the cut: d/dc of sum(d out/d c) = d/dc sum(2c) = 2
    Tensor g = Autograd.grad(out, c, GradOption.CREATE_GRAPH);
    assertClose(new double[] {2, 2}, Autograd.grad(g.sum(), c), 1e-12);
  }

  @Test
  void allowUnusedReturnsNullInsteadOfAnError() {
    Tensor x = Tensor.scalar(1).requiresGrad(true);
    Tensor unused = Tensor.scalar(2).requiresGrad(true);
    Tensor y = x.mul(5);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Autograd.grad(y, List.of(x, unused), GradOption.RETAIN_GRAPH));
    assertTrue(e.getMessage().contains("appears to not have been used in the graph. Pass"
        + " GradOption.ALLOW_UNUSED"), e.getMessage());
    List<Tensor> g = Autograd.grad(y, List.of(x, unused), GradOption.ALLOW_UNUSED);
    assertEquals(5, g.get(0).item());
    assertNull(g.get(1));
    IllegalArgumentException c = assertThrows(IllegalArgumentException.class,
        () -> Autograd.grad(x.mul(2), Tensor.scalar(1)));
    assertTrue(c.getMessage().startsWith("grad: input 0 does not require grad"), c.getMessage());
  }

  @Test
  void retainGradKeepsIntermediateGradients() {
    Tensor x = Tensor.of(1, 2).requiresGrad(true);
    Tensor h = x.mul(3).retainGrad();
    Tensor other = x.mul(4);
    h.square().sum().backward();
    assertArrayEquals(new double[] {6, 12}, h.grad().toDoubleArray());
    assertNull(other.grad());
    assertArrayEquals(new double[] {18, 36}, x.grad().toDoubleArray());
    assertThrows(IllegalStateException.class, () -> Tensor.of(1).retainGrad());
  }

  @Test
  void noGradScopesArePerThreadAndNest() throws Exception {
    Tensor x = Tensor.of(1, 2).requiresGrad(true);
    assertTrue(Autograd.isGradEnabled());
    try (GradScope s = Autograd.noGrad()) {
      assertFalse(Autograd.isGradEnabled());
      Tensor y = x.mul(2);
      assertFalse(y.requiresGrad());
      assertNull(y.gradFn());
      ExecutorService pool = Executors.newSingleThreadExecutor();
      try {
        Future<Boolean> other = pool.submit(() -> Autograd.isGradEnabled() && x.mul(2).requiresGrad());
        assertTrue(other.get());
      } finally {
        pool.shutdown();
      }
      try (GradScope inner = Autograd.enableGrad()) {
        assertTrue(x.mul(2).requiresGrad());
      }
      assertFalse(Autograd.isGradEnabled());
    }
    assertTrue(Autograd.isGradEnabled());
    assertEquals("MulBackward", x.mul(2).gradFn());
  }

  @Test
  void inPlaceOnALeafThatRequiresGradIsRefusedUnlessInNoGrad() {
    Tensor w = Tensor.of(1, 2, 3).requiresGrad(true);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> w.set(5, 1));
    assertTrue(e.getMessage().startsWith("set: a leaf Variable that requires grad is being used in"
        + " an in-place operation."), e.getMessage());
    assertThrows(IllegalStateException.class, () -> w.addInPlace(Tensor.of(1, 1, 1)));
    assertThrows(IllegalStateException.class, () -> w.mulInPlace(2));
    assertThrows(IllegalStateException.class, w::zero);
    w.mul(w).sum().backward();
    try (GradScope s = Autograd.noGrad()) {
      w.subInPlace(w.grad().mul(0.5));
    }
    assertArrayEquals(new double[] {0, 0, 0}, w.toDoubleArray());
  }

  @Test
  void inPlaceOnRecordedTensorsRebasesTheirHistory() {
    Tensor x = Tensor.of(1, 2).requiresGrad(true);
    Tensor y = x.mul(2);
    y.addInPlace(x);
    assertEquals("AddBackward", y.gradFn());
    y.mulInPlace(3);
    assertEquals("MulBackward", y.gradFn());
    assertArrayEquals(new double[] {9, 18}, y.toDoubleArray());
    y.sum().backward();
    assertArrayEquals(new double[] {9, 9}, x.grad().toDoubleArray());

    x.clearGrad();
    Tensor z = x.mul(2);
    z.fill(5);
    assertEquals("FillBackward", z.gradFn());
    z.add(x).sum().backward();
    assertArrayEquals(new double[] {1, 1}, x.grad().toDoubleArray());

    x.clearGrad();
    Tensor zeroed = x.mul(2);
    zeroed.zero();
    zeroed.sum().backward();
    assertArrayEquals(new double[] {0, 0}, x.grad().toDoubleArray());

    x.clearGrad();
    Tensor plain = Tensor.zeros(2);
    plain.addInPlace(x.mul(4));
    assertEquals("AddBackward", plain.gradFn());
    Tensor copy = Tensor.zeros(2);
    copy.copyFrom(x.mul(3));
    assertEquals("CopyBackwards", copy.gradFn());
    plain.add(copy).sum().backward();
    assertArrayEquals(new double[] {7, 7}, x.grad().toDoubleArray());
  }

  @Test
  void inPlaceThatCannotBeRecordedIsRefused() {
    Tensor x = Tensor.of(1, 2).requiresGrad(true);
    Tensor v = x.mul(2);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> v.select(0, 0).fill(0));
    assertTrue(e.getMessage().startsWith("fill: in-place change of a view, or of a tensor that has"
        + " views, inside a recorded graph"), e.getMessage());
    assertThrows(IllegalStateException.class, () -> v.fill(0));
    Tensor w = x.mul(2);
    Tensor sq = w.mul(w);
    w.addInPlace(1);
    IllegalStateException ver = assertThrows(IllegalStateException.class, () -> sq.sum().backward());
    assertTrue(ver.getMessage().contains("which is output 0 of AddBackward and is saved by"
        + " MulBackward, is at version 1; expected version 0"), ver.getMessage());
  }

  @Test
  void zeroingAGradRecordedWithCreateGraphWorksLikeSeed004() {
    Tensor x = Tensor.scalar(2).requiresGrad(true);
    x.pow(2).backward(GradOption.CREATE_GRAPH);
    Tensor dydx = x.grad().copy();
    x.grad().zero();
    dydx.backward();
    assertEquals("tensor(4., grad_fn=<CloneBackward>)", dydx.toString());
    assertEquals("tensor(2., grad_fn=<ZeroBackward>)", x.grad().toString());
  }

  @Test
  void modifyingASavedTensorBreaksItsBackward() {
    Tensor x = Tensor.of(1, 2, 3).requiresGrad(true);
    Tensor c = Tensor.of(2, 2, 2);
    Tensor y = x.mul(c).sum();
    c.mulInPlace(10);
    IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
    assertEquals("one of the variables needed for gradient computation has been modified by an"
        + " inplace operation: [float32 [3]], which is a leaf tensor and is saved by MulBackward,"
        + " is at version 1; expected version 0 instead. Hint: compute the in-place change on a"
        + " copy (or out of place), or do it after the backward pass.", e.getMessage());
    Tensor a = Tensor.of(1, 2).requiresGrad(true);
    Tensor ex = a.exp();
    Tensor z = ex.sum();
    try (GradScope s = Autograd.noGrad()) {
      ex.detach().fill(0);
    }
    IllegalStateException e2 = assertThrows(IllegalStateException.class, z::backward);
    assertTrue(e2.getMessage().contains("which is output 0 of ExpBackward and is saved by ExpBackward,"
        + " is at version 1; expected version 0"), e2.getMessage());
  }

  @Test
  void onlyTensorsARuleNeedsAreSaved() {
    Tensor w = Tensor.of(1, 2).requiresGrad(true);
    Tensor x = Tensor.of(3, 4);
    Tensor y = x.mul(w).sum().add(Tensor.of(1, 1).matmul(w));
    try (GradScope s = Autograd.noGrad()) {
      w.mulInPlace(10);   // w is not needed for w's own gradient in x * w or ones @ w
    }
    y.backward();
    assertArrayEquals(new double[] {4, 5}, w.grad().toDoubleArray());
    Tensor v = Tensor.of(1, 2).requiresGrad(true);
    Tensor z = x.mul(v).sum();
    x.mulInPlace(2);   // but x is
    assertThrows(IllegalStateException.class, z::backward);
  }

  @Test
  void deepGraphsDoNotOverflowTheStack() {
    Tensor x = Tensor.scalar(1).to(DType.FLOAT64).requiresGrad(true);
    Tensor y = x;
    for (int i = 0; i < 200_000; i++) {
      y = y.mul(1.0);
    }
    y.backward();
    assertEquals(1, x.grad().item());
  }

  @Test
  void independentGraphsOnSeveralThreadsGiveSequentialResults() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<double[]>> results = new java.util.ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int seed = t;
        results.add(pool.submit(() -> gradOfSmallModel(seed)));
      }
      for (int t = 0; t < 8; t++) {
        assertArrayEquals(gradOfSmallModel(t), results.get(t).get());
      }
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void threadsSharingALeafAccumulateEveryGradient() throws Exception {
    Tensor w = Tensor.of(1, 2, 3).to(DType.FLOAT64).requiresGrad(true);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new java.util.ArrayList<>();
      for (int t = 0; t < 4; t++) {
        done.add(pool.submit(() -> {
          for (int i = 0; i < 200; i++) {
            w.mul(w).sum().backward();
          }
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    assertArrayEquals(new double[] {1600, 3200, 4800}, w.grad().toDoubleArray());
  }

  private static double[] gradOfSmallModel(int seed) {
    java.util.Random rnd = new java.util.Random(seed);
    Tensor w = Tensor.randn(rnd, 4, 3).requiresGrad(true);
    Tensor x = Tensor.randn(rnd, 5, 4);
    for (int i = 0; i < 50; i++) {
      w.clearGrad();
      Tensor loss = Tensor.crossEntropy(x.matmul(w).tanh(), new int[] {0, 1, 2, 1, 0});
      loss.backward();
    }
    return w.grad().toDoubleArray();
  }

  @Test
  void broadcastGradientsAreSummedToTheInputShape() {
    Tensor b = Tensor.of(1, 2, 3).requiresGrad(true);
    Tensor m = Tensor.ones(4, 3);
    m.add(b).sum().backward();
    assertArrayEquals(new double[] {4, 4, 4}, b.grad().toDoubleArray());
    Tensor s = Tensor.scalar(2).requiresGrad(true);
    Tensor.arange(6).reshape(2, 3).mul(s).sum().backward();
    assertEquals(15, s.grad().item());
    assertArrayEquals(new int[0], s.grad().shape());
  }

  @Test
  void gradOfAnExpandedSeedIsCopiedIntoTheLeaf() {
    Tensor x = Tensor.of(1, 2).requiresGrad(true);
    Tensor seed = Tensor.of(5, 6);
    x.add(0).backward(seed);
    seed.set(100, 0);
    assertArrayEquals(new double[] {5, 6}, x.grad().toDoubleArray());
    Tensor y = Tensor.of(1, 2).requiresGrad(true);
    y.sum().backward();
    y.sum().backward();
    assertClose(new double[] {2, 2}, y.grad(), 0);
    assertSame(y.grad(), y.grad());
  }
}
