package dev.adjoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Behaviour checked against PyTorch 1.13 (float64, {@code torch.set_num_threads(1)}); the Python that gave each
 * expected value is in the comment beside it.
 */
class PyTorchParityTest {
  private static final double EXACT = 1e-12;

  @Test
  void inPlaceArithmeticOnAnExpandedTensorIsRefused() {
    // torch.tensor([1.]).expand(3).mul_(2): RuntimeError "more than one element of the written-to tensor
    // refers to a single memory location"; the same for add_, sub_ and copy_, while fill_ and zero_ work.
    Tensor base = Tensor.of(1.0);
    Tensor e = base.expand(3);
    List<Runnable> refused = List.of(
        () -> e.mulInPlace(2), () -> e.addInPlace(2), () -> e.addInPlace(Tensor.of(1, 2, 3)),
        () -> e.addInPlace(Tensor.of(1, 2, 3), 0.5), () -> e.subInPlace(Tensor.of(1.0)),
        () -> e.mulInPlace(Tensor.of(1, 2, 3)), () -> e.copyFrom(Tensor.of(1, 2, 3)));
    for (Runnable r : refused) {
      IllegalStateException x = assertThrows(IllegalStateException.class, r::run);
      assertTrue(x.getMessage().contains("more than one element of the tensor written to refers to the same"
          + " memory (dimension 0 of shape [3] has stride 0, as after expand)"), x.getMessage());
    }
    assertArrayEquals(new double[] {1}, base.toDoubleArray(), "a refused change leaves the storage as it was");
    e.fill(2);
    assertArrayEquals(new double[] {2, 2, 2}, e.toDoubleArray());
    assertArrayEquals(new double[] {2}, base.toDoubleArray());
    e.zero();
    assertArrayEquals(new double[] {0}, base.toDoubleArray());
    // An expanded dimension of size 1 shares nothing: allowed, as in PyTorch.
    Tensor column = Tensor.of(new double[][] {{1}, {2}}).expand(2, 1);
    column.mulInPlace(3);
    assertArrayEquals(new double[] {3, 6}, column.toDoubleArray());
  }

  @Test
  void float32SumsOverADimensionAreAddedInDouble() {
    // torch.full((n, 3), 0.1).sum(0)[0]: 1000.0002 (n = 10^4), 99999.95 (n = 10^6); rows added one by one in
    // float32 gave 999.90 and 100958.34.
    for (int n : new int[] {10_000, 1_000_000}) {
      float[] tenths = new float[n * 3];
      Arrays.fill(tenths, 0.1f);
      Tensor t = Tensor.of(tenths).reshape(n, 3);
      double exact = (double) 0.1f * n;
      float nearest = (float) exact;
      // Rows are added 8 at a time in float, those partial sums in double: within 2 ulps of the nearest float
      // (PyTorch's 99999.95 for n = 10^6 is 3 ulps off, rows added one by one in float 12,000).
      double ulps = 2 * Math.ulp(nearest);
      for (double v : t.sum(0).toDoubleArray()) {
        assertEquals(nearest, v, ulps, "sum(0) of " + n + " rows");
      }
      assertEquals(nearest, t.sum(0, true).get(0, 2), ulps);
      assertEquals(0.1f, t.mean(0).get(1), 2 * Math.ulp(0.1f), "the mean: the rounded sum times 1/n");
      assertEquals(nearest, t.sumToShape(3).get(0), ulps);
      assertEquals(nearest, t.t().sum(1).get(2), ulps, "a strided reduction");
    }
  }

  @Test
  void biasGradientsOfManyRowsKeepFloat32Precision() {
    // b = zeros(3, requires_grad); (zeros(N, 3) + b).mul(0.1).sum().backward(); b.grad: 1000.0002 for N = 10^4
    int n = 10_000;
    Tensor b = Tensor.zeros(3).requiresGrad(true);
    Tensor.zeros(n, 3).add(b).mul(0.1).sum().backward();
    float nearest = (float) ((double) 0.1f * n);
    for (double g : b.grad().toDoubleArray()) {
      assertEquals(nearest, g, 2 * Math.ulp(nearest));
    }
  }

  @Test
  void setOnARecordedTensorIsRecorded() {
    // x = tensor([1., 2, 3], requires_grad=True); b = x.mul(2); b[1] = 7.; (b * b).sum().backward()
    // x.grad: [8, 0, 24]
    Tensor x = Tensor.of(DType.FLOAT64, new double[] {1, 2, 3}, 3).requiresGrad(true);
    Tensor b = x.mul(2);
    b.set(7, 1);
    assertEquals("CopySlices", b.gradFn());
    b.mul(b).sum().backward();
    assertArrayEquals(new double[] {8, 0, 24}, x.grad().toDoubleArray(), EXACT);
    // x = [[1., 2], [3, 4]]; b = x.pow(3); b[-1, 0] = 5.; g = grad(b.sum(), x, create_graph=True)
    // g: [[3, 12], [0, 48]]; grad(g.sum(), x): [[6, 12], [0, 24]]
    Tensor m = Tensor.of(DType.FLOAT64, new double[] {1, 2, 3, 4}, 2, 2).requiresGrad(true);
    Tensor p = m.pow(3);
    p.set(5, -1, 0);
    Tensor g = Autograd.grad(p.sum(), m, GradOption.CREATE_GRAPH);
    assertArrayEquals(new double[] {3, 12, 0, 48}, g.toDoubleArray(), EXACT);
    assertArrayEquals(new double[] {6, 12, 0, 24}, Autograd.grad(g.sum(), m).toDoubleArray(), EXACT);
  }

  @Test
  void mulInPlaceByATensorIsRecorded() {
    // x = tensor([1., 2, 3], requires_grad); y = tensor([4., 5, 6], requires_grad); b = x.mul(1); b.mul_(y)
    // (b * b).sum().backward(): x.grad [32, 100, 216], y.grad [8, 40, 108]
    Tensor x = Tensor.of(DType.FLOAT64, new double[] {1, 2, 3}, 3).requiresGrad(true);
    Tensor y = Tensor.of(DType.FLOAT64, new double[] {4, 5, 6}, 3).requiresGrad(true);
    Tensor b = x.mul(1);
    assertSame(b, b.mulInPlace(y));
    assertEquals("MulBackward", b.gradFn());
    b.mul(b).sum().backward();
    assertArrayEquals(new double[] {32, 100, 216}, x.grad().toDoubleArray(), EXACT);
    assertArrayEquals(new double[] {8, 40, 108}, y.grad().toDoubleArray(), EXACT);
    // A broadcast factor and derivatives of derivatives through the old value:
    // x = [[1., 2], [3, 4]]; y = [0.5, -2.]; b = x.sin(); b.mul_(y)
    // gx, gy = grad(b.pow(2).sum(), [x, y], create_graph=True); grad(gy.sum(), [x, y])
    Tensor xm = Tensor.of(DType.FLOAT64, new double[] {1, 2, 3, 4}, 2, 2).requiresGrad(true);
    Tensor yv = Tensor.of(DType.FLOAT64, new double[] {0.5, -2}, 2).requiresGrad(true);
    Tensor s = xm.sin();
    s.mulInPlace(yv);
    List<Tensor> g = Autograd.grad(s.pow(2).sum(), List.of(xm, yv), GradOption.CREATE_GRAPH);
    assertArrayEquals(new double[] {0.2273243567, -3.0272099812, -0.0698538745, 3.9574329865},
        g.get(0).toDoubleArray(), 1e-9);
    assertArrayEquals(new double[] {0.7279882749, -5.5982873093}, g.get(1).toDoubleArray(), 1e-9);
    List<Tensor> h = Autograd.grad(g.get(1).sum(), List.of(xm, yv));
    assertArrayEquals(new double[] {0.9092974268, 3.0272099812, -0.2794154982, -3.9574329865},
        h.get(0).toDoubleArray(), 1e-9);
    assertArrayEquals(new double[] {1.4559765499, 2.7991436547}, h.get(1).toDoubleArray(), 1e-9);
  }

  @Test
  void mulInPlaceByAnAliasOfItselfIsRefusedAtBackward() {
    // x = tensor([1., 2, 3], dtype=float64, requires_grad=True); h = x * 1.0; h.mul_(h.detach()); h.sum().backward():
    // RuntimeError "one of the variables needed for gradient computation has been modified by an inplace
    // operation"; with a copy, h.mul_(h.detach().clone()): x.grad [1, 2, 3]
    Tensor x = Tensor.of(DType.FLOAT64, new double[] {1, 2, 3}, 3).requiresGrad(true);
    Tensor h = x.mul(1.0);
    h.mulInPlace(h.detach());
    assertArrayEquals(new double[] {1, 4, 9}, h.toDoubleArray(), EXACT);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> h.sum().backward());
    assertTrue(e.getMessage().contains("modified by an inplace operation") && e.getMessage().contains("version 1;"
        + " expected version 0"), e.getMessage());
    Tensor copied = x.mul(1.0);
    copied.mulInPlace(copied.detach().copy());
    copied.sum().backward();
    assertArrayEquals(new double[] {1, 2, 3}, x.grad().toDoubleArray(), EXACT);
  }

  @Test
  void aReciprocalTimesANumberSavesItsResult() {
    // x = tensor([1., 2, 3], dtype=float64, requires_grad=True); h = x * 1; y = 2 / h; h.add_(1)
    // y.sum().backward(): x.grad [-2, -0.5, -0.2222222222] (2 / h saves 1/h, not h, so h may change in place)
    Tensor x = Tensor.of(DType.FLOAT64, new double[] {1, 2, 3}, 3).requiresGrad(true);
    Tensor h = x.mul(1.0);
    Tensor y = h.rdiv(2);
    h.addInPlace(1.0);
    y.sum().backward();
    assertArrayEquals(new double[] {-2, -0.5, -2.0 / 9}, x.grad().toDoubleArray(), EXACT);
    // 0 / h: x.grad [-0, -0, -0]; second derivative through the result: grad(grad(3 / x).sum(), x) = 6 / x^3
    x.clearGrad();
    x.mul(1.0).rdiv(0).sum().backward();
    assertArrayEquals(new double[] {0, 0, 0}, x.grad().toDoubleArray(), EXACT);
    Tensor g = Autograd.grad(x.rdiv(3).sum(), x, GradOption.CREATE_GRAPH);
    assertArrayEquals(new double[] {-3, -0.75, -1.0 / 3}, g.toDoubleArray(), EXACT);
    assertArrayEquals(new double[] {6, 0.75, 6.0 / 27}, Autograd.grad(g.sum(), x).toDoubleArray(), 1e-12);
  }

  @Test
  void inPlaceChangesOfADetachedTensorAreRecorded() {
    // w = ones(3, requires_grad=True); buf = zeros(3).detach(); buf.add_(w); buf.mul_(w * 2)
    // buf.grad_fn: MulBackward0; buf.sum().backward(): w.grad [4, 4, 4]
    Tensor w = Tensor.ones(DType.FLOAT64, 3).requiresGrad(true);
    Tensor buf = Tensor.zeros(DType.FLOAT64, 3).detach();
    buf.addInPlace(w);
    assertEquals("AddBackward", buf.gradFn());
    buf.mulInPlace(w.mul(2));
    assertEquals("MulBackward", buf.gradFn());
    buf.sum().backward();
    assertArrayEquals(new double[] {4, 4, 4}, w.grad().toDoubleArray(), EXACT);
    // a view of a detached tensor is still a view: t = zeros(2, 3).detach().t(); t.add_(ones(3, 2, requires_grad))
    // is recorded by PyTorch (CopySlices), which the tape does not do: refused, not silently wrong
    Tensor t = Tensor.zeros(DType.FLOAT64, 2, 3).detach().t();
    Tensor ones = Tensor.ones(DType.FLOAT64, 3, 2).requiresGrad(true);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.addInPlace(ones));
    assertTrue(e.getMessage().contains("in-place change of a view"), e.getMessage());
  }

  @Test
  void float32MeanOverADimensionDividesItsSum() {
    // torch.ones(2, n).mean(1)[0].item(): 1.0 for n = 10, 41, 107 (a multiplication by a rounded 1/n gives
    // 0.99999994 for 41 and 107)
    for (int n : new int[] {10, 41, 107}) {
      Tensor m = Tensor.ones(2, n).mean(1);
      assertEquals(DType.FLOAT32, m.dtype());
      assertEquals(1.0, m.get(0), 0.0, "n = " + n);
      assertEquals(1.0, m.get(1), 0.0, "n = " + n);
    }
  }

  @Test
  void clampWithMinAboveMaxGivesMax() {
    // x = tensor([-1., 0.5, 3], requires_grad=True); c = x.clamp(1, 0); c: [0, 0, 0]; x.grad: [0, 0, 0]
    Tensor x = Tensor.of(DType.FLOAT64, new double[] {-1, 0.5, 3}, 3).requiresGrad(true);
    Tensor c = x.clamp(1, 0);
    assertArrayEquals(new double[] {0, 0, 0}, c.toDoubleArray());
    c.sum().backward();
    assertArrayEquals(new double[] {0, 0, 0}, x.grad().toDoubleArray());
  }

  @Test
  void derivativesThatAreConstantStayConnected() {
    // x = tensor([1.5, -2.], requires_grad); g = grad(x.pow(1.0).sum(), x, create_graph=True): [1, 1];
    // grad(g.sum(), x): [0, 0]
    Tensor x = Tensor.of(DType.FLOAT64, new double[] {1.5, -2}, 2).requiresGrad(true);
    Tensor g = Autograd.grad(x.pow(1.0).sum(), x, GradOption.CREATE_GRAPH);
    assertArrayEquals(new double[] {1, 1}, g.toDoubleArray());
    assertArrayEquals(new double[] {0, 0}, Autograd.grad(g.sum(), x).toDoubleArray());
    // The norm at 0: its gradient is 0 (as PyTorch); a second derivative is 0 here (NaN in PyTorch), not an error.
    Tensor z = Tensor.zeros(DType.FLOAT64, 2).requiresGrad(true);
    Tensor gz = Autograd.grad(z.norm(), z, GradOption.CREATE_GRAPH);
    assertArrayEquals(new double[] {0, 0}, gz.toDoubleArray());
    assertArrayEquals(new double[] {0, 0}, Autograd.grad(gz.sum(), z).toDoubleArray());
  }

  @Test
  void requiresGradTrueOnARecordedResultIsANoOp() {
    // y = x * 2; y.requires_grad_(True) returns y; y.requires_grad_(False) raises
    Tensor x = Tensor.of(1, 2).requiresGrad(true);
    Tensor y = x.mul(2);
    assertSame(y, y.requiresGrad(true));
    assertEquals("MulBackward", y.gradFn());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.requiresGrad(false));
    assertTrue(e.getMessage().startsWith("requiresGrad: you can only change requires_grad flags of leaf"),
        e.getMessage());
  }
}
