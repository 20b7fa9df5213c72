package dev.adjoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class TensorCreationTest {
  @Test
  void creationFunctionsGiveTheirValues() {
    assertArrayEquals(new int[0], Tensor.scalar(2).shape());
    assertEquals(2.0, Tensor.scalar(2).item());
    assertEquals(DType.FLOAT32, Tensor.of(1.0, 2.0).dtype());
    assertArrayEquals(new double[] {1, 2, 3}, Tensor.of(1, 2, 3).toDoubleArray());
    Tensor m = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
    assertEquals(6.0, m.get(1, 2));
    assertEquals(4.0, m.get(-1, 0));
    assertArrayEquals(new double[] {1, 2, 3, 4}, Tensor.of(new double[][] {{1, 2}, {3, 4}}).toDoubleArray());
    assertArrayEquals(new double[] {0, 0, 0, 0}, Tensor.zeros(2, 2).toDoubleArray());
    assertArrayEquals(new double[] {1, 1, 1}, Tensor.ones(3).toDoubleArray());
    assertArrayEquals(new double[] {7, 7}, Tensor.full(7, 2).toDoubleArray());
    assertArrayEquals(new double[] {0, 1, 2, 3}, Tensor.arange(4).toDoubleArray());
    assertArrayEquals(new double[] {1, 1.5, 2, 2.5}, Tensor.arange(1, 3, 0.5).toDoubleArray());
    assertArrayEquals(new double[] {3, 2}, Tensor.arange(3, 1, -1).toDoubleArray());
    assertArrayEquals(new double[] {0, 0.25, 0.5, 0.75, 1}, Tensor.linspace(0, 1, 5).toDoubleArray());
    assertArrayEquals(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, Tensor.eye(3).toDoubleArray());
    assertArrayEquals(new double[] {0, 0}, Tensor.zerosLike(Tensor.of(5, 6)).toDoubleArray());
    assertArrayEquals(new double[] {1, 1}, Tensor.onesLike(Tensor.of(5, 6)).toDoubleArray());
    Tensor r = Tensor.rand(new Random(3), 1000);
    assertTrue(r.min().item() >= 0 && r.max().item() < 1);
    assertEquals(0.5, r.mean().item(), 0.05);
    Tensor n = Tensor.randn(new Random(3), 4000);
    assertEquals(0, n.mean().item(), 0.06);
    assertEquals(1, n.square().mean().item(), 0.08);
  }

  @Test
  void allCloseComparesWithTolerances() {
    Tensor a = Tensor.of(1, 2, 3);
    assertTrue(a.allClose(Tensor.of(1, 2, 3.00001)));
    assertFalse(a.allClose(Tensor.of(1, 2, 3.01)));
    assertTrue(a.allClose(Tensor.of(1, 2, 3.01), 0, 0.1));
    assertTrue(Tensor.ones(2, 3).allClose(Tensor.scalar(1)));
    assertFalse(Tensor.of(Double.NaN).allClose(Tensor.of(Double.NaN)));
    assertTrue(Tensor.of(Double.POSITIVE_INFINITY).allClose(Tensor.of(Double.POSITIVE_INFINITY)));
  }

  @Test
  void defaultDTypeCanBeChanged() {
    try {
      Tensor.setDefaultDType(DType.FLOAT64);
      assertEquals(DType.FLOAT64, Tensor.of(0.1).dtype());
      assertEquals(0.1, Tensor.of(0.1).item());
      assertEquals("tensor([0.1000])", Tensor.of(0.1).toString());
      assertEquals("tensor([0.1000], dtype=float32)", Tensor.of(0.1).to(DType.FLOAT32).toString());
    } finally {
      Tensor.setDefaultDType(DType.FLOAT32);
    }
    assertEquals((double) 0.1f, Tensor.of(0.1).item());
  }

  @Test
  void conversionsBetweenDTypes() {
    Tensor x = Tensor.of(1.5, -2.25).to(DType.FLOAT64);
    assertEquals(DType.FLOAT64, x.dtype());
    assertArrayEquals(new float[] {1.5f, -2.25f}, x.toFloatArray());
    assertArrayEquals(new double[] {1.5, -2.25}, x.to(DType.FLOAT32).toDoubleArray());
    assertEquals("tensor([ 1.5000, -2.2500], dtype=float64)", x.toString());
  }

  @Test
  void toStringLooksLikePyTorch() {
    assertEquals("tensor([0., 1., 2., 3.])", Tensor.arange(4).toString());
    assertEquals("tensor([ 0.,  4.,  8., 12.])", Tensor.of(0, 4, 8, 12).toString());
    assertEquals("tensor(28.)", Tensor.scalar(28).toString());
    assertEquals("tensor(-185575.1406)", Tensor.scalar(-185575.140625).toString());
    assertEquals("tensor([1.0000, 2.5000], requires_grad=True)",
        Tensor.of(1, 2.5).requiresGrad(true).toString());
    Tensor x = Tensor.of(1, 2).requiresGrad(true);
    assertEquals("tensor([2., 4.], grad_fn=<MulBackward>)", x.mul(2).toString());
    assertEquals("tensor([[1., 2.],\n        [3., 4.]])",
        Tensor.of(new double[][] {{1, 2}, {3, 4}}).toString());
    assertEquals("tensor([[[0., 1.],\n         [2., 3.]],\n\n        [[4., 5.],\n         [6., 7.]]])",
        Tensor.arange(8).reshape(2, 2, 2).toString());
    assertEquals("tensor([1.0000e-05, 1.0000e+00])", Tensor.of(1e-5, 1).to(DType.FLOAT64)
        .to(DType.FLOAT32).toString().replace("0000e-05", "0000e-05"));
    assertEquals("tensor([nan, inf, 1.])", Tensor.of(Double.NaN, Double.POSITIVE_INFINITY, 1).toString());
    String big = Tensor.arange(2000).toString();
    assertEquals("tensor([   0.,    1.,    2.,  ..., 1997., 1998., 1999.])", big);
    assertEquals("tensor([ 0.0000,  1.5000,  3.0000,  4.5000,  6.0000,  7.5000,  9.0000, 10.5000,\n"
        + "        12.0000, 13.5000])", Tensor.arange(10).mul(1.5).toString());
  }

  @Test
  void badInputIsRefusedWithAClearMessage() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Tensor.zeros(100000, 100000));
    assertEquals("zeros: shape [100000, 100000] has 10000000000 elements, more than the 2147483647"
        + " a tensor can hold", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, -1));
    assertEquals("zeros: negative size -1 in shape [2, -1]", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Tensor.of(new double[] {1, 2, 3}, 2, 2));
    assertEquals("of: 3 values cannot fill shape [2, 2], which holds 4", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Tensor.of(1, 2).item());
    assertEquals("item: only one-element tensors can be converted to a number; this one has shape"
        + " [2] (2 elements)", e.getMessage());
    IndexOutOfBoundsException o = assertThrows(IndexOutOfBoundsException.class,
        () -> Tensor.zeros(2, 3).get(1, 3));
    assertEquals("get: index 3 is out of bounds for dimension 1 with size 3 (shape [2, 3])", o.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).get(1));
    assertEquals("get: 1 indices given for a tensor of shape [2, 3], which needs 2", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Tensor.of(new double[][] {{1, 2}, {3}}));
    assertTrue(e.getMessage().contains("row 1 has 1 values but row 0 has 2"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Tensor.arange(0, 1, 0));
    assertTrue(e.getMessage().startsWith("arange:"), e.getMessage());
    assertFalse(Tensor.zeros(0).toString().isEmpty());
  }
}
