package dev.adjoint.seeds;

import static dev.adjoint.seeds.Approx.assertScalar;
import static dev.adjoint.seeds.Approx.assertValues;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.GradOption;
import dev.adjoint.Autograd;
import dev.adjoint.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Seed 001 (d2l-style "Automatic Differentiation"): y = 2 x.x, accumulation and zero_, non-scalar
 * backward with a seed, detach, Python control flow, second derivative of x^3. Expected numbers are
 * the ones the seed prints (checked again with PyTorch 1.13).
 */
class Seed001D2lAutogradTest {

  /**
   * <pre>
   * x = torch.arange(4.0); x.requires_grad_(True); print(x.grad)   # None
   * y = 2*torch.dot(x, x); print(y)      # tensor(28., grad_fn=&lt;MulBackward0&gt;)
   * y.backward(); x.grad                  # tensor([ 0.,  4.,  8., 12.])
   * x*4 == x.grad                         # tensor([True, True, True, True])
   * x.grad.zero_(); y = x.sum(); y.backward(); x.grad   # tensor([1., 1., 1., 1.])
   * </pre>
   */
  @Test
  void dotProductGradientAndAccumulation() {
    Tensor x = Tensor.arange(4.0);
    assertValues(new double[] {0, 1, 2, 3}, x, 0);
    x.requiresGrad(true);
    assertNull(x.grad());

    Tensor y = x.dot(x).mul(2);
    assertScalar(28, y, 0);
    assertEquals("MulBackward", y.gradFn());
    assertTrue(y.toString().contains("28"), y.toString());
    assertTrue(y.toString().contains("MulBackward"), y.toString());

    y.backward();
    assertValues(new double[] {0, 4, 8, 12}, x.grad(), 0);
    assertValues(new double[] {1, 1, 1, 1}, x.mul(4).eq(x.grad()), 0);

    x.grad().zero();
    x.sum().backward();
    assertValues(new double[] {1, 1, 1, 1}, x.grad(), 0);
  }

  /**
   * <pre>
   * x.grad.zero_(); y = x * x; print(y)   # tensor([0., 1., 4., 9.], grad_fn=&lt;MulBackward0&gt;)
   * y.backward(gradient=torch.ones(len(y))); x.grad   # tensor([0., 2., 4., 6.])
   * </pre>
   */
  @Test
  void nonScalarBackwardNeedsASeed() {
    Tensor x = Tensor.arange(4.0).requiresGrad(true);
    Tensor y = x.mul(x);
    assertValues(new double[] {0, 1, 4, 9}, y, 0);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> y.backward(),
        "backward() of a non-scalar needs a seed");
    assertTrue(e.getMessage().contains("scalar"), e.getMessage());
    y.backward(Tensor.ones(4));
    assertValues(new double[] {0, 2, 4, 6}, x.grad(), 0);
  }

  /**
   * <pre>
   * x.grad.zero_(); y = x * x; u = y.detach(); z = x * u
   * z.sum().backward(); x.grad     # tensor([0., 1., 4., 9.])
   * z                               # tensor([ 0.,  1.,  8., 27.], grad_fn=&lt;MulBackward0&gt;)
   * x.grad.zero_(); y.sum().backward(); print(x.grad)   # tensor([0., 2., 4., 6.])
   * print(x.grad == 2*x)                                # tensor([True, True, True, True])
   * </pre>
   */
  @Test
  void detachCutsTheGraph() {
    Tensor x = Tensor.arange(4.0).requiresGrad(true);
    Tensor y = x.mul(x);
    Tensor u = y.detach();
    assertFalse(u.requiresGrad());
    Tensor z = x.mul(u);
    z.sum().backward();
    assertValues(new double[] {0, 1, 4, 9}, x.grad(), 0);
    assertValues(new double[] {0, 1, 8, 27}, z, 0);
    assertEquals("MulBackward", z.gradFn());

    x.grad().zero();
    y.sum().backward();
    assertValues(new double[] {0, 2, 4, 6}, x.grad(), 0);
    assertValues(new double[] {1, 1, 1, 1}, x.grad().eq(x.mul(2)), 0);
  }

  /** The seed's {@code f}: a while loop and an if on tensor values. */
  static Tensor f(Tensor a) {
    Tensor b = a.mul(2);
    while (b.norm().item() < 1000) {
      b = b.mul(2);
    }
    Tensor c;
    if (b.sum().item() > 0) {
      c = b;
    } else {
      c = b.mul(100);
    }
    return c;
  }

  /**
   * The seed draws {@code a = torch.randn(())} and prints d = -185575.1406, a.grad = 819200; that
   * is a = -0.22653216 (d / 819200). Other starting points take other branches and loop counts:
   *
   * <pre>
   * for av in [-185575.1406/819200, 0.5, 1500.0, -3.0]:
   *     a = torch.tensor(av, requires_grad=True); d = f(a); d.backward()
   *     print(repr(a.item()), d, a.grad, d/a, (a.grad == d/a).item())
   * # -0.22653216123580933 tensor(-185575.1406, grad_fn=&lt;MulBackward0&gt;) tensor(819200.) ... True
   * # 0.5 tensor(1024., grad_fn=&lt;MulBackward0&gt;) tensor(2048.) ... True
   * # 1500.0 tensor(3000., grad_fn=&lt;MulBackward0&gt;) tensor(2.) ... True
   * # -3.0 tensor(-153600., grad_fn=&lt;MulBackward0&gt;) tensor(51200.) ... True
   * print(repr(d.item()))  # -185575.140625 for the first
   * </pre>
   */
  @Test
  void controlFlowGradientEqualsDOverA() {
    double[] as = {-0.22653216123580933, 0.5, 1500.0, -3.0};
    double[] ds = {-185575.140625, 1024, 3000, -153600};
    double[] grads = {819200, 2048, 2, 51200};
    for (int k = 0; k < as.length; k++) {
      Tensor a = Tensor.scalar(as[k]).requiresGrad(true);
      Tensor d = f(a);
      d.backward();
      assertScalar(ds[k], d, 0);
      assertScalar(grads[k], a.grad(), 0);
      assertEquals(d.div(a).item(), a.grad().item(), 0, "a.grad == d / a for a = " + as[k]);
    }
  }

  /**
   * <pre>
   * x = torch.tensor(2.0, requires_grad=True); y = x**3
   * y.backward(retain_graph=True)
   * dy_dx = torch.autograd.grad(y, x, create_graph=True)[0]
   * d2y_dx2 = torch.autograd.grad(dy_dx, x)[0]
   * # First derivative (dy/dx) at x=2: 12.0
   * # Second derivative (d2y/dx2) at x=2: 12.0
   * </pre>
   */
  @Test
  void secondDerivativeOfCube() {
    Tensor x = Tensor.scalar(2.0).requiresGrad(true);
    Tensor y = x.pow(3);
    y.backward(GradOption.RETAIN_GRAPH);
    assertScalar(12, x.grad(), 0);
    Tensor dydx = Autograd.grad(y, x, GradOption.CREATE_GRAPH);
    Tensor d2ydx2 = Autograd.grad(dydx, x);
    assertNotNull(dydx);
    assertEquals(12.0, dydx.item(), 0);
    assertEquals(12.0, d2ydx2.item(), 0);
    // autograd.grad left .grad alone
    assertScalar(12, x.grad(), 0);
  }
}
