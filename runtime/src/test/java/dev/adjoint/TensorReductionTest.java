package dev.adjoint;

import static dev.adjoint.TestSupport.assertClose;
import static dev.adjoint.TestSupport.layouts;
import static dev.adjoint.TestSupport.numel;
import static dev.adjoint.TestSupport.unravel;
import static dev.adjoint.TestSupport.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TensorReductionTest {
  private static final int[][] SHAPES = {{6}, {3, 4}, {2, 3, 5}, {1, 7}, {4, 1, 3}};

  /** Reference reduction along dim: rows[j] lists the values of output position j. */
  private static double[][] rowsAlong(Tensor x, int dim) {
    int[] s = x.shape();
    int size = s[dim];
    int outer = numel(s) / size;
    double[][] rows = new double[outer][size];
    int[] outShape = new int[s.length - 1];
    for (int i = 0, k = 0; i < s.length; i++) {
      if (i != dim) {
        outShape[k++] = s[i];
      }
    }
    for (int j = 0; j < outer; j++) {
      int[] o = unravel(j, outShape);
      int[] idx = new int[s.length];
      for (int i = 0, k = 0; i < s.length; i++) {
        idx[i] = i == dim ? 0 : o[k++];
      }
      for (int r = 0; r < size; r++) {
        idx[dim] = r;
        rows[j][r] = x.get(idx);
      }
    }
    return rows;
  }

  @ParameterizedTest
  @EnumSource(DType.class)
  void reductionsMatchReference(DType dt) {
    Random rnd = new Random(4);
    double tol = dt == DType.FLOAT32 ? 1e-5 : 1e-12;
    for (int[] shape : SHAPES) {
      for (Tensor x : layouts(rnd, dt, -2, 2, shape)) {
        double[] v = values(x);
        double sum = 0, max = Double.NEGATIVE_INFINITY, min = Double.POSITIVE_INFINITY, sq = 0;
        for (double e : v) {
          sum += e;
          max = Math.max(max, e);
          min = Math.min(min, e);
          sq += e * e;
        }
        assertEquals(sum, x.sum().item(), tol * 10);
        assertArrayEquals(new int[0], x.sum().shape());
        assertEquals(sum / v.length, x.mean().item(), tol * 10);
        assertEquals(max, x.max().item());
        assertEquals(min, x.min().item());
        assertEquals(Math.sqrt(sq), x.norm().item(), tol * 10);
        for (int dim = 0; dim < shape.length; dim++) {
          double[][] rows = rowsAlong(x, dim);
          double[] s = new double[rows.length], mx = new double[rows.length];
          double[] am = new double[rows.length], lse = new double[rows.length];
          double[] mn = new double[rows.length];
          for (int j = 0; j < rows.length; j++) {
            mx[j] = Double.NEGATIVE_INFINITY;
            mn[j] = Double.POSITIVE_INFINITY;
            for (int r = 0; r < rows[j].length; r++) {
              s[j] += rows[j][r];
              if (rows[j][r] > mx[j]) {
                mx[j] = rows[j][r];
                am[j] = r;
              }
              mn[j] = Math.min(mn[j], rows[j][r]);
            }
            double e = 0;
            for (double q : rows[j]) {
              e += Math.exp(q - mx[j]);
            }
            lse[j] = mx[j] + Math.log(e);
          }
          int[] kept = shape.clone();
          kept[dim] = 1;
          Tensor sd = x.sum(dim, true);
          assertArrayEquals(kept, sd.shape());
          assertClose(s, sd, tol);
          assertClose(s, x.sum(dim, false), tol);
          double[] mean = s.clone();
          for (int j = 0; j < mean.length; j++) {
            mean[j] /= shape[dim];
          }
          assertClose(mean, x.mean(dim, false), tol);
          assertArrayEquals(kept, x.mean(dim, true).shape());
          assertClose(mx, x.max(dim, false), 0);
          assertClose(mn, x.min(dim, true), 0);
          assertClose(am, x.argmax(dim), 0);
          assertClose(lse, x.logSumExp(dim), tol);
          // softmax / logSoftmax along dim, compared element by element
          Tensor sm = x.softmax(dim);
          Tensor lsm = x.logSoftmax(dim);
          assertArrayEquals(shape, sm.shape());
          int[] outShape = x.logSumExp(dim).shape();
          for (int i = 0; i < v.length; i++) {
            int[] idx = unravel(i, shape);
            int[] o = new int[shape.length - 1];
            for (int a = 0, k = 0; a < shape.length; a++) {
              if (a != dim) {
                o[k++] = idx[a];
              }
            }
            int j = 0;
            for (int a = 0; a < o.length; a++) {
              j = j * outShape[a] + o[a];
            }
            double expect = Math.exp(x.get(idx) - lse[j]);
            assertEquals(expect, sm.get(idx), tol);
            assertEquals(x.get(idx) - lse[j], lsm.get(idx), tol * 10);
          }
        }
      }
    }
  }

  @Test
  void argmaxTakesTheFirstOfTies() {
    Tensor x = Tensor.of(new double[] {1, 3, 3, 0, 5, 5}, 2, 3);
    assertArrayEquals(new double[] {1, 1}, x.argmax(1).toDoubleArray());
    assertArrayEquals(new double[] {0, 1, 1}, x.argmax(0).toDoubleArray());
    assertArrayEquals(new double[] {0, 0}, x.argmin(1).toDoubleArray());
  }

  @Test
  void softmaxIsStableForLargeInputs() {
    Tensor x = Tensor.of(1000, 1001, 1002);
    assertClose(new double[] {0.09003057, 0.24472847, 0.66524096}, x.softmax(0), 1e-6);
    assertClose(new double[] {-2.40760596, -1.40760596, -0.40760596}, x.logSoftmax(0), 1e-6);
    assertEquals(1002.40760596, x.logSumExp(0).item(), 1e-3);
    Tensor y = Tensor.of(-1000, -1000);
    assertClose(new double[] {0.5, 0.5}, y.softmax(0), 1e-7);
  }

  @Test
  void reductionMistakesNameTheDimension() {
    IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
        () -> Tensor.zeros(2, 3).sum(2, false));
    assertEquals("sum: dimension 2 is out of range for a tensor with 2 dimensions (expected -2 to 1)",
        e.getMessage());
    IllegalArgumentException m = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(0).max());
    assertTrue(m.getMessage().startsWith("max: the tensor is empty"), m.getMessage());
    assertEquals(0.0, Tensor.zeros(0).sum().item());
    assertTrue(Double.isNaN(Tensor.zeros(0).mean().item()));
  }
}
