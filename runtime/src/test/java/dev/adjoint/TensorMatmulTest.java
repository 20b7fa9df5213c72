package dev.adjoint;

import static dev.adjoint.TestSupport.assertClose;
import static dev.adjoint.TestSupport.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TensorMatmulTest {
  /** Reference product of a [m,k] and b [k,n] read through get. */
  private static double[] ref2d(Tensor a, Tensor b) {
    int m = a.size(0), k = a.size(1), n = b.size(1);
    double[] c = new double[m * n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int p = 0; p < k; p++) {
          s += a.get(i, p) * b.get(p, j);
        }
        c[i * n + j] = s;
      }
    }
    return c;
  }

  @ParameterizedTest
  @EnumSource(DType.class)
  void twoDimensionalIncludingTransposedViews(DType dt) {
    Random rnd = new Random(5);
    double tol = dt == DType.FLOAT32 ? 1e-5 : 1e-12;
    int[][] mkn = {{1, 1, 1}, {3, 5, 7}, {17, 9, 13}, {64, 33, 20}};
    for (int[] s : mkn) {
      Tensor a = random(rnd, dt, -1, 1, s[0], s[1]);
      Tensor b = random(rnd, dt, -1, 1, s[1], s[2]);
      assertClose(ref2d(a, b), a.matmul(b), tol);
      Tensor at = random(rnd, dt, -1, 1, s[1], s[0]).t();
      Tensor bt = random(rnd, dt, -1, 1, s[2], s[1]).t();
      assertClose(ref2d(at, bt), at.matmul(bt), tol);
      Tensor as = random(rnd, dt, -1, 1, s[0], s[1] + 4).slice(1, 2, 2 + s[1]);
      assertClose(ref2d(as, b), as.matmul(b), tol);
    }
  }

  @Test
  void vectorCasesFollowTorchMatmul() {
    Tensor v = Tensor.of(1, 2, 3);
    Tensor m = Tensor.arange(6).reshape(3, 2);
    assertEquals(14, v.matmul(v).item());
    assertArrayEquals(new int[0], v.matmul(v).shape());
    Tensor vm = v.matmul(m);
    assertArrayEquals(new int[] {2}, vm.shape());
    assertArrayEquals(new double[] {16, 22}, vm.toDoubleArray());
    Tensor mv = m.t().matmul(v);
    assertArrayEquals(new int[] {2}, mv.shape());
    assertArrayEquals(new double[] {16, 22}, mv.toDoubleArray());
    assertEquals(14, v.dot(v).item());
  }

  @Test
  void batchedWithBroadcastBatchDimensions() {
    Random rnd = new Random(6);
    Tensor a = random(rnd, DType.FLOAT64, -1, 1, 2, 1, 3, 4);
    Tensor b = random(rnd, DType.FLOAT64, -1, 1, 5, 4, 2);
    Tensor c = a.matmul(b);
    assertArrayEquals(new int[] {2, 5, 3, 2}, c.shape());
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 5; j++) {
        double[] expect = ref2d(a.select(0, i).select(0, 0), b.select(0, j));
        assertClose(expect, c.select(0, i).select(0, j), 1e-12);
      }
    }
    Tensor w = random(rnd, DType.FLOAT64, -1, 1, 4, 6);
    Tensor aw = a.matmul(w);
    assertArrayEquals(new int[] {2, 1, 3, 6}, aw.shape());
    assertClose(ref2d(a.select(0, 1).select(0, 0), w), aw.select(0, 1).select(0, 0), 1e-12);
    Tensor bv = b.matmul(Tensor.of(1, 2).to(DType.FLOAT64));
    assertArrayEquals(new int[] {5, 4}, bv.shape());
  }

  @Test
  void shapeMistakesNameBothShapes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Tensor.zeros(2, 3).matmul(Tensor.zeros(4, 5)));
    assertEquals("matmul: shapes [2, 3] and [4, 5] cannot be multiplied (3 vs 4)", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(3).dot(Tensor.zeros(4)));
    assertEquals("dot: needs two 1-D tensors of equal length, got shapes [3] and [4]", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 2, 3).matmul(Tensor.zeros(3, 3, 1)));
    assertEquals("matmul: batch dimensions of shapes [2, 2, 3] and [3, 3, 1] cannot be broadcast", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Tensor.scalar(1).matmul(Tensor.zeros(3)));
    assertEquals("matmul: both arguments need at least 1 dimension, got shapes [] and [3]", e.getMessage());
  }
}
