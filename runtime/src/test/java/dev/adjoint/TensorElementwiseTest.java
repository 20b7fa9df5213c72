package dev.adjoint;

import static dev.adjoint.TestSupport.assertClose;
import static dev.adjoint.TestSupport.layouts;
import static dev.adjoint.TestSupport.refBinary;
import static dev.adjoint.TestSupport.tol;
import static dev.adjoint.TestSupport.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class TensorElementwiseTest {
  private static final int[][][] SHAPE_PAIRS = {
      {{2, 3}, {2, 3}},
      {{2, 3}, {3}},
      {{4, 1}, {1, 5}},
      {{3}, {2, 1, 3}},
      {{2, 3, 4}, {1, 3, 1}},
      {{5}, {}},
      {{}, {2, 2}},
      {{1, 17}, {3, 17}},
  };

  private static void checkBinary(DType dt, BiFunction<Tensor, Tensor, Tensor> op,
      DoubleBinaryOperator ref, double lo, double hi) {
    Random rnd = new Random(1);
    for (int[][] pair : SHAPE_PAIRS) {
      List<Tensor> as = layouts(rnd, dt, lo, hi, pair[0]);
      List<Tensor> bs = layouts(rnd, dt, lo, hi, pair[1]);
      for (Tensor a : as) {
        for (Tensor b : bs) {
          Tensor out = op.apply(a, b);
          assertArrayEquals(TestSupport.broadcast(a.shape(), b.shape()), out.shape());
          assertEquals(dt, out.dtype());
          double[] expect = refBinary(a, b, ref);
          if (dt == DType.FLOAT32) {
            // Reference in float precision: round the double result once.
            for (int i = 0; i < expect.length; i++) {
              expect[i] = (float) expect[i];
            }
          }
          assertClose(expect, out, tol(dt));
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(DType.class)
  void binaryOpsMatchReferenceOnBroadcastAndViews(DType dt) {
    checkBinary(dt, Tensor::add, Double::sum, -2, 2);
    checkBinary(dt, Tensor::sub, (x, y) -> x - y, -2, 2);
    checkBinary(dt, Tensor::mul, (x, y) -> x * y, -2, 2);
    checkBinary(dt, Tensor::div, (x, y) -> x / y, 0.5, 2);
    checkBinary(dt, Tensor::pow, Math::pow, 0.5, 2);
    checkBinary(dt, Tensor::maximum, Math::max, -2, 2);
    checkBinary(dt, Tensor::minimum, Math::min, -2, 2);
    checkBinary(dt, Tensor::gt, (x, y) -> x > y ? 1 : 0, -1, 1);
    checkBinary(dt, Tensor::lt, (x, y) -> x < y ? 1 : 0, -1, 1);
    checkBinary(dt, Tensor::ge, (x, y) -> x >= y ? 1 : 0, -1, 1);
    checkBinary(dt, Tensor::le, (x, y) -> x <= y ? 1 : 0, -1, 1);
    checkBinary(dt, (a, b) -> a.eq(b.detach()), (x, y) -> x == y ? 1 : 0, -1, 1);
  }

  @Test
  void equalityMaskFindsEqualElements() {
    Tensor a = Tensor.of(1, 2, 3, 4);
    Tensor b = Tensor.of(1, 0, 3, 5);
    assertArrayEquals(new double[] {1, 0, 1, 0}, a.eq(b).toDoubleArray());
    assertArrayEquals(new double[] {0, 1, 0, 0}, a.eq(2).toDoubleArray());
    assertArrayEquals(new double[] {0, 0, 1, 1}, a.ge(3).toDoubleArray());
  }

  private static void checkUnary(DType dt, Function<Tensor, Tensor> op, DoubleUnaryOperator ref,
      double lo, double hi) {
    Random rnd = new Random(2);
    for (int[] shape : new int[][] {{}, {7}, {3, 5}, {2, 3, 4}, {1, 33}}) {
      for (Tensor x : layouts(rnd, dt, lo, hi, shape)) {
        double[] in = values(x);
        double[] expect = new double[in.length];
        for (int i = 0; i < in.length; i++) {
          expect[i] = ref.applyAsDouble(in[i]);
        }
        Tensor out = op.apply(x);
        assertArrayEquals(x.shape(), out.shape());
        assertClose(expect, out, dt == DType.FLOAT32 ? 1e-5 : 1e-12);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(DType.class)
  void unaryOpsMatchReference(DType dt) {
    checkUnary(dt, Tensor::neg, x -> -x, -3, 3);
    checkUnary(dt, Tensor::exp, Math::exp, -3, 3);
    checkUnary(dt, Tensor::log, Math::log, 0.1, 3);
    checkUnary(dt, Tensor::sin, Math::sin, -3, 3);
    checkUnary(dt, Tensor::cos, Math::cos, -3, 3);
    checkUnary(dt, Tensor::tan, Math::tan, -1, 1);
    checkUnary(dt, Tensor::tanh, Math::tanh, -3, 3);
    checkUnary(dt, Tensor::sigmoid, x -> 1 / (1 + Math.exp(-x)), -3, 3);
    checkUnary(dt, Tensor::relu, x -> Math.max(x, 0), -3, 3);
    checkUnary(dt, Tensor::sqrt, Math::sqrt, 0, 3);
    checkUnary(dt, Tensor::abs, Math::abs, -3, 3);
    checkUnary(dt, Tensor::square, x -> x * x, -3, 3);
    checkUnary(dt, Tensor::reciprocal, x -> 1 / x, 0.5, 3);
    checkUnary(dt, Tensor::sign, Math::signum, -3, 3);
    checkUnary(dt, t -> t.pow(3), x -> x * x * x, -2, 2);
    checkUnary(dt, t -> t.pow(2), x -> x * x, -2, 2);
    checkUnary(dt, t -> t.pow(0.5), Math::sqrt, 0, 2);
    checkUnary(dt, t -> t.clamp(-0.5, 1), x -> Math.min(Math.max(x, -0.5), 1), -3, 3);
    checkUnary(dt, t -> t.add(1.5), x -> x + 1.5, -3, 3);
    checkUnary(dt, t -> t.sub(1.5), x -> x - 1.5, -3, 3);
    checkUnary(dt, t -> t.rsub(1.5), x -> 1.5 - x, -3, 3);
    checkUnary(dt, t -> t.mul(-2.5), x -> x * -2.5, -3, 3);
    checkUnary(dt, t -> t.div(4), x -> x / 4, -3, 3);
    checkUnary(dt, t -> t.rdiv(2), x -> 2 / x, 0.5, 3);
  }

  @Test
  void nanAndInfinityPropagate() {
    Tensor x = Tensor.of(Double.NaN, Double.POSITIVE_INFINITY, -1, 0);
    double[] r = x.add(1).toDoubleArray();
    assertTrue(Double.isNaN(r[0]));
    assertEquals(Double.POSITIVE_INFINITY, r[1]);
    assertTrue(Double.isNaN(x.log().toDoubleArray()[2]));
    assertEquals(Double.NEGATIVE_INFINITY, x.log().toDoubleArray()[3]);
    assertTrue(Double.isNaN(x.relu().toDoubleArray()[0]));
    assertTrue(Double.isNaN(x.sum().item()));
    assertTrue(Double.isNaN(x.max().item()));
    assertEquals(Double.POSITIVE_INFINITY, Tensor.of(1, 0).reciprocal().get(1));
    assertTrue(Double.isNaN(Tensor.of(Double.NaN, 1).maximum(Tensor.of(1, 2)).get(0)));
  }

  @Test
  void whereSelectsWithBroadcasting() {
    Tensor cond = Tensor.of(new double[] {1, 0, 0, 1, 1, 0}, 2, 3);
    Tensor a = Tensor.of(10, 20, 30);
    Tensor b = Tensor.scalar(-1);
    Tensor r = Tensor.where(cond, a, b);
    assertArrayEquals(new double[] {10, -1, -1, 10, 20, -1}, r.toDoubleArray());
    assertArrayEquals(new int[] {2, 3}, r.shape());
  }

  @Test
  void broadcastMistakeNamesOperationAndShapes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Tensor.zeros(2, 3).add(Tensor.zeros(4)));
    assertTrue(e.getMessage().startsWith("add: shapes [2, 3] and [4] cannot be broadcast"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).mul(Tensor.zeros(3, 2)));
    assertTrue(e.getMessage().startsWith("mul: shapes [2, 3] and [3, 2] cannot be broadcast"), e.getMessage());
  }

  @Test
  void mixingDTypesIsAnErrorNotACast() {
    Tensor a = Tensor.zeros(DType.FLOAT32, 2);
    Tensor b = Tensor.zeros(DType.FLOAT64, 2);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.add(b));
    assertEquals("add: dtypes FLOAT32 and FLOAT64 differ (shapes [2] and [2]); convert one"
        + " explicitly, e.g. with .to(DType.FLOAT64)", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> a.matmul(b));
    assertArrayEquals(new double[] {0, 0}, a.to(DType.FLOAT64).add(b).toDoubleArray());
  }
}
