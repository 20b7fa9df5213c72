package dev.adjoint;

import static dev.adjoint.TestSupport.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TensorLossAndInPlaceTest {
  @Test
  void crossEntropyMatchesPyTorchDefinition() {
    double[][] logits = {{1, 2, 0.5}, {-1, 0, 3}};
    int[] targets = {1, 2};
    double expect = 0;
    for (int i = 0; i < 2; i++) {
      double m = Math.max(Math.max(logits[i][0], logits[i][1]), logits[i][2]);
      double s = 0;
      for (double v : logits[i]) {
        s += Math.exp(v - m);
      }
      expect += -(logits[i][targets[i]] - m - Math.log(s));
    }
    expect /= 2;
    Tensor x = Tensor.of(logits).to(DType.FLOAT64);
    assertEquals(expect, Tensor.crossEntropy(x, targets).item(), 1e-12);
    IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
        () -> Tensor.crossEntropy(x, new int[] {1, 3}));
    assertEquals("crossEntropy: target 3 at row 1 is out of bounds for 3 classes", e.getMessage());
    IllegalArgumentException a = assertThrows(IllegalArgumentException.class,
        () -> Tensor.crossEntropy(x, new int[] {1}));
    assertEquals("crossEntropy: 1 targets for logits of shape [2, 3]; need one per row (2)", a.getMessage());
  }

  @Test
  void mseLossIsTheMeanSquaredError() {
    Tensor a = Tensor.of(1, 2, 3);
    Tensor b = Tensor.of(2, 2, 5);
    assertEquals((1 + 0 + 4) / 3.0, a.mseLoss(b).item(), 1e-6);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Tensor.ones(2, 3).mseLoss(Tensor.ones(3)));
    assertTrue(e.getMessage().startsWith("mseLoss: input shape [2, 3] and target shape [3] differ"), e.getMessage());
  }

  @Test
  void inPlaceOperationsModifyStorageAndBumpTheVersion() {
    Tensor x = Tensor.zeros(2, 3);
    assertEquals(0, x.version());
    x.fill(2);
    assertEquals(1, x.version());
    x.addInPlace(Tensor.of(1, 2, 3));
    assertArrayEquals(new double[] {3, 4, 5, 3, 4, 5}, x.toDoubleArray());
    x.subInPlace(Tensor.scalar(1));
    x.mulInPlace(2);
    assertArrayEquals(new double[] {4, 6, 8, 4, 6, 8}, x.toDoubleArray());
    x.set(-1, 1, 2);
    assertEquals(-1, x.get(1, 2));
    Tensor row = x.select(0, 0);
    row.zero();
    assertArrayEquals(new double[] {0, 0, 0, 4, 6, -1}, x.toDoubleArray());
    assertEquals(x.version(), row.version());
    x.copyFrom(Tensor.arange(6).reshape(2, 3));
    assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5}, x.toDoubleArray());
    // a transposed view written through its strides
    x.t().copyFrom(Tensor.arange(6).reshape(3, 2));
    assertArrayEquals(new double[] {0, 2, 4, 1, 3, 5}, x.toDoubleArray());
    // an overlapping source is read before it is overwritten
    x.select(0, 1).copyFrom(x.select(0, 0));
    x.slice(1, 1, 3).copyFrom(x.slice(1, 0, 2));
    assertArrayEquals(new double[] {0, 0, 2, 0, 0, 2}, x.toDoubleArray());
    assertEquals(10, x.version());
  }

  @Test
  void addInPlaceWithAlphaIsPyTorchsAddUnderscoreWithAlpha() {
    // float32, same shape: the one-pass path (fma, so compare with a tolerance)
    Tensor w = Tensor.of(1, 2, 3, 4);
    w.addInPlace(Tensor.of(10, 20, 30, 40), -0.5);
    assertClose(new double[] {-4, -8, -12, -16}, w.toDoubleArray(), 1e-6);
    assertEquals(1, w.version());
    // float64 over more than one vector and a tail
    Tensor big = Tensor.arange(37).to(DType.FLOAT64);
    big.addInPlace(Tensor.ones(37).to(DType.FLOAT64), 2.5);
    for (int i = 0; i < 37; i++) {
      assertEquals(i + 2.5, big.get(i), 0);
    }
    // broadcasting, a strided destination and an aliased source take the general path
    Tensor x = Tensor.zeros(2, 3);
    x.addInPlace(Tensor.of(1, 2, 3), 2);
    assertArrayEquals(new double[] {2, 4, 6, 2, 4, 6}, x.toDoubleArray());
    x.t().addInPlace(Tensor.of(1, 1, 1).reshape(3, 1), -1);
    assertArrayEquals(new double[] {1, 3, 5, 1, 3, 5}, x.toDoubleArray());
    x.addInPlace(x, 1);
    assertArrayEquals(new double[] {2, 6, 10, 2, 6, 10}, x.toDoubleArray());
    // recorded: the product is a node of its own, so the gradient reaches both inputs
    Tensor a = Tensor.of(1, 2).requiresGrad(true);
    Tensor b = Tensor.of(3, 4).requiresGrad(true);
    Tensor y = a.mul(1);
    y.addInPlace(b, 3);
    y.sum().backward();
    assertArrayEquals(new double[] {1, 1}, a.grad().toDoubleArray());
    assertArrayEquals(new double[] {3, 3}, b.grad().toDoubleArray());
    assertArrayEquals(new double[] {10, 14}, y.detach().toDoubleArray());
    // the leaf check and the dtype check still apply
    assertThrows(IllegalStateException.class, () -> a.addInPlace(b, 0.1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Tensor.zeros(2).addInPlace(Tensor.zeros(2).to(DType.FLOAT64), 2));
    assertTrue(e.getMessage().startsWith("addInPlace: dtypes FLOAT32 and FLOAT64 differ"), e.getMessage());
  }

  @Test
  void inPlaceShapeMistakesAreRefused() {
    Tensor x = Tensor.zeros(2, 3);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> x.addInPlace(Tensor.zeros(2, 2, 3)));
    assertEquals("addInPlace: shape [2, 2, 3] cannot be broadcast to the shape [2, 3] of the tensor"
        + " modified in place", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> x.copyFrom(Tensor.zeros(4)));
    assertTrue(e.getMessage().startsWith("copyFrom: shapes [2, 3] and [4] cannot be broadcast"), e.getMessage());
  }
}
