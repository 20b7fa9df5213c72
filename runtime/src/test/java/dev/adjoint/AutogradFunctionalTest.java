package dev.adjoint;

import static dev.adjoint.TestSupport.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** jacobian, hessian, vjp and jvp against closed forms. */
class AutogradFunctionalTest {
  private static final Function<Tensor, Tensor> F = v -> Tensor.stack(0,
      v.select(0, 0).square().mul(v.select(0, 1)),
      v.select(0, 0).mul(5).add(v.select(0, 1).sin()));

  private static Tensor point() {
    return Tensor.of(DType.FLOAT64, new double[] {1.5, -0.7}, 2);
  }

  private static double[] jacobianAt(double x, double y) {
    return new double[] {2 * x * y, x * x, 5, Math.cos(y)};
  }

  @Test
  void jacobianOfAVectorFunction() {
    Tensor j = Autograd.jacobian(F, point());
    assertArrayEquals(new int[] {2, 2}, j.shape());
    assertClose(jacobianAt(1.5, -0.7), j, 1e-12);
    Tensor m = Tensor.of(DType.FLOAT64, new double[] {1, 2, 3, 4, 5, 6}, 3, 2);
    Tensor jm = Autograd.jacobian(x -> m.matmul(x), point());
    assertClose(m.toDoubleArray(), jm, 0);
    Tensor jc = Autograd.jacobian(x -> Tensor.ones(DType.FLOAT64, 3), point());
    assertArrayEquals(new int[] {3, 2}, jc.shape());
    assertClose(new double[6], jc, 0);
  }

  @Test
  void hessianOfAScalarFunction() {
    // f(x, y) = x^3 y + exp(x y): H = [[6xy + y^2 e, 3x^2 + e + xy e], [same, x^2 e]]
    Function<Tensor, Tensor> f = v -> {
      Tensor x = v.select(0, 0);
      Tensor y = v.select(0, 1);
      return x.pow(3).mul(y).add(x.mul(y).exp());
    };
    double x = 0.5, y = -1.2, e = Math.exp(x * y);
    double hxy = 3 * x * x + e + x * y * e;
    Tensor h = Autograd.hessian(f, Tensor.of(DType.FLOAT64, new double[] {x, y}, 2));
    assertArrayEquals(new int[] {2, 2}, h.shape());
    assertClose(new double[] {6 * x * y + y * y * e, hxy, hxy, x * x * e}, h, 1e-12);
    Tensor lin = Autograd.hessian(v -> v.sum().mul(3), point());
    assertClose(new double[4], lin, 0);
  }

  @Test
  void aFunctionReturningNullIsNamed() {
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> Autograd.jacobian(x -> null, point()));
    org.junit.jupiter.api.Assertions.assertEquals("jacobian: the function returned null; it must"
        + " return a tensor computed from its argument", e.getMessage());
  }

  @Test
  void vjpAndJvp() {
    double[] j = jacobianAt(1.5, -0.7);
    Tensor v = Tensor.of(DType.FLOAT64, new double[] {2, -3}, 2);
    Tensor vjp = Autograd.vjp(F, point(), v);
    assertClose(new double[] {2 * j[0] - 3 * j[2], 2 * j[1] - 3 * j[3]}, vjp, 1e-12);
    Tensor jvp = Autograd.jvp(F, point(), v);
    assertClose(new double[] {2 * j[0] - 3 * j[1], 2 * j[2] - 3 * j[3]}, jvp, 1e-12);
  }
}
