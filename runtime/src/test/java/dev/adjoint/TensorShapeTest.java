package dev.adjoint;

import static dev.adjoint.TestSupport.assertClose;
import static dev.adjoint.TestSupport.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TensorShapeTest {
  private static Tensor grid() {
    return Tensor.arange(24).reshape(2, 3, 4);
  }

  @Test
  void transposeAndPermuteAreViews() {
    Tensor x = grid();
    Tensor t = x.transpose(0, 2);
    assertArrayEquals(new int[] {4, 3, 2}, t.shape());
    assertFalse(t.isContiguous());
    assertEquals(x.get(1, 2, 3), t.get(3, 2, 1));
    Tensor p = x.permute(1, 2, 0);
    assertArrayEquals(new int[] {3, 4, 2}, p.shape());
    for (int a = 0; a < 2; a++) {
      for (int b = 0; b < 3; b++) {
        for (int c = 0; c < 4; c++) {
          assertEquals(x.get(a, b, c), p.get(b, c, a));
        }
      }
    }
    Tensor m = Tensor.arange(6).reshape(2, 3);
    assertArrayEquals(new double[] {0, 3, 1, 4, 2, 5}, m.t().toDoubleArray());
    // views share storage: writing through one shows in the other
    m.t().set(100, 2, 1);
    assertEquals(100, m.get(1, 2));
  }

  @Test
  void reshapeSharesContiguousDataAndCopiesOtherwise() {
    Tensor x = Tensor.arange(6);
    Tensor r = x.reshape(2, -1);
    assertArrayEquals(new int[] {2, 3}, r.shape());
    r.set(42, 1, 1);
    assertEquals(42, x.get(4));
    Tensor t = Tensor.arange(6).reshape(2, 3).t();
    Tensor c = t.reshape(6);
    assertArrayEquals(new double[] {0, 3, 1, 4, 2, 5}, c.toDoubleArray());
    assertArrayEquals(new double[] {0, 3, 1, 4, 2, 5}, t.flatten().toDoubleArray());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.reshape(4, 2));
    assertEquals("reshape: shape [4, 2] is invalid for a tensor of shape [6] (6 elements)", e.getMessage());
  }

  @Test
  void squeezeUnsqueezeExpand() {
    Tensor x = Tensor.of(1, 2, 3);
    Tensor u = x.unsqueeze(0);
    assertArrayEquals(new int[] {1, 3}, u.shape());
    assertArrayEquals(new int[] {3, 1}, x.unsqueeze(-1).shape());
    assertArrayEquals(new int[] {3}, u.squeeze(0).shape());
    assertSame(x, x.squeeze(0));
    assertArrayEquals(new int[] {3}, x.unsqueeze(0).unsqueeze(2).squeeze().shape());
    assertArrayEquals(new int[] {}, Tensor.of(5).squeeze().shape());
    assertArrayEquals(new double[] {3, 12}, Tensor.arange(6).reshape(2, 3).sum(1).toDoubleArray());
    assertArrayEquals(new double[] {1.5, 2.5, 3.5}, Tensor.arange(6).reshape(2, 3).mean(0).toDoubleArray());
    Tensor e = x.unsqueeze(1).expand(3, 4);
    assertArrayEquals(new int[] {3, 4}, e.shape());
    assertEquals(3, e.get(2, 3));
    assertArrayEquals(new int[] {2, 3}, x.expand(2, -1).shape());
    assertArrayEquals(new double[] {1, 2, 3, 1, 2, 3}, x.expand(2, 3).toDoubleArray());
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> x.expand(4));
    assertTrue(ex.getMessage().startsWith("expand: shape [3] cannot be expanded to [4]"), ex.getMessage());
  }

  @Test
  void sliceSelectIndexSelect() {
    Tensor x = grid();
    Tensor s = x.slice(2, 1, 3);
    assertArrayEquals(new int[] {2, 3, 2}, s.shape());
    assertEquals(x.get(1, 2, 2), s.get(1, 2, 1));
    assertArrayEquals(new int[] {2, 3, 1}, x.slice(2, -1, 4).shape());
    Tensor sel = x.select(1, 2);
    assertArrayEquals(new int[] {2, 4}, sel.shape());
    assertEquals(x.get(1, 2, 3), sel.get(1, 3));
    Tensor is = x.indexSelect(1, new int[] {2, 0, 2});
    assertArrayEquals(new int[] {2, 3, 4}, is.shape());
    assertEquals(x.get(1, 2, 3), is.get(1, 0, 3));
    assertEquals(x.get(1, 0, 3), is.get(1, 1, 3));
    IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> x.select(0, 2));
    assertEquals("select: index 2 is out of bounds for dimension 0 with size 2 (shape [2, 3, 4])", e.getMessage());
    e = assertThrows(IndexOutOfBoundsException.class, () -> x.slice(2, 2, 7));
    assertEquals("slice: range [2, 7) is out of bounds for dimension 2 with size 4 (shape [2, 3, 4])", e.getMessage());
    e = assertThrows(IndexOutOfBoundsException.class, () -> x.indexSelect(0, new int[] {0, 5}));
    assertTrue(e.getMessage().startsWith("indexSelect: index 5 at position 1"), e.getMessage());
  }

  @Test
  void catAndStack() {
    Tensor a = Tensor.arange(6).reshape(2, 3);
    Tensor b = Tensor.arange(3).add(10).reshape(1, 3);
    Tensor c = Tensor.cat(0, a, b);
    assertArrayEquals(new int[] {3, 3}, c.shape());
    assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5, 10, 11, 12}, c.toDoubleArray());
    Tensor d = Tensor.cat(1, a, a.t().t());
    assertArrayEquals(new double[] {0, 1, 2, 0, 1, 2, 3, 4, 5, 3, 4, 5}, d.toDoubleArray());
    Tensor s = Tensor.stack(0, Tensor.of(1, 2), Tensor.of(3, 4));
    assertArrayEquals(new double[] {1, 2, 3, 4}, s.toDoubleArray());
    Tensor s1 = Tensor.stack(1, Tensor.of(1, 2), Tensor.of(3, 4));
    assertArrayEquals(new double[] {1, 3, 2, 4}, s1.toDoubleArray());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.cat(0, a, Tensor.zeros(2, 2)));
    assertEquals("cat: shapes [2, 3] and [2, 2] (tensor 1) differ outside dimension 0", e.getMessage());
  }

  @Test
  void operationsOnExpandedAndSlicedViewsReadTheRightElements() {
    Tensor base = Tensor.arange(12).reshape(3, 4);
    Tensor v = base.slice(1, 1, 3).t();   // shape [2, 3], strided
    double[] expect = values(v);
    for (int i = 0; i < expect.length; i++) {
      expect[i] = Math.exp(expect[i] / 10);
    }
    assertClose(expect, v.div(10).exp(), 1e-6);
    Tensor col = Tensor.of(1, 2, 3).unsqueeze(1).expand(3, 4);
    assertClose(new double[] {1, 2, 3, 4, 6, 7, 8, 9, 11, 12, 13, 14}, base.add(col), 0);
    assertEquals(4 * (1 + 2 + 3), col.sum().item());
  }
}
