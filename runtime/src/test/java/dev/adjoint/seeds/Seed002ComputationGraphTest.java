package dev.adjoint.seeds;

import static dev.adjoint.seeds.Approx.assertScalar;
import static dev.adjoint.seeds.Approx.assertValues;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.Autograd;
import dev.adjoint.GradScope;
import dev.adjoint.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Seed 002 ("torch.autograd: Computing derivatives"): leaves without grad, detach, no_grad, DAGs,
 * the second-backward error, accumulation, in-place refusal, max. Expected numbers are the seed's.
 */
class Seed002ComputationGraphTest {

  /**
   * <pre>
   * x = torch.tensor(5.0); w = torch.tensor(3.0, requires_grad=True)
   * z = x * w**2; z                  # tensor(45., grad_fn=&lt;MulBackward0&gt;)
   * z.backward(); x.grad, w.grad     # None, tensor(30.)
   * 2 * x * w                        # tensor(30., grad_fn=&lt;MulBackward0&gt;)
   * </pre>
   */
  @Test
  void onlyTensorsThatRequireGradGetOne() {
    Tensor x = Tensor.scalar(5.0);
    Tensor w = Tensor.scalar(3.0).requiresGrad(true);
    Tensor z = x.mul(w.pow(2));
    assertScalar(45, z, 0);
    assertEquals("MulBackward", z.gradFn());
    z.backward();
    assertNull(x.grad());
    assertScalar(30, w.grad(), 0);
    assertScalar(30, x.mul(2).mul(w), 0);
  }

  /**
   * <pre>
   * x = torch.tensor(2.0, requires_grad=True); y = x*x   # y.requires_grad = True
   * z = x*y; z.backward()                               # dz/dx = 12.0
   * y = (x*x).detach()                                  # y.requires_grad = False; dz/dx = 4.0
   * with torch.no_grad(): y = x*x                       # y.requires_grad = False; dz/dx = 4.0
   * </pre>
   */
  @Test
  void detachAndNoGradMakeConstants() {
    Tensor x = Tensor.scalar(2.0).requiresGrad(true);
    Tensor y = x.mul(x);
    assertTrue(y.requiresGrad());
    x.mul(y).backward();
    assertScalar(12, x.grad(), 0);

    Tensor x2 = Tensor.scalar(2.0).requiresGrad(true);
    Tensor y2 = x2.mul(x2).detach();
    assertFalse(y2.requiresGrad());
    x2.mul(y2).backward();
    assertScalar(4, x2.grad(), 0);

    Tensor x3 = Tensor.scalar(2.0).requiresGrad(true);
    Tensor y3;
    try (GradScope s = Autograd.noGrad()) {
      assertFalse(Autograd.isGradEnabled());
      y3 = x3.mul(x3);
    }
    assertTrue(Autograd.isGradEnabled());
    assertFalse(y3.requiresGrad());
    x3.mul(y3).backward();
    assertScalar(4, x3.grad(), 0);
  }

  /**
   * <pre>
   * x = torch.tensor(2.0, requires_grad=True); y = 3*x; z = x**2; w = y + z + x
   * w.backward(); x.grad        # tensor(8.)
   * 3 + 2*x + 1                 # tensor(8., grad_fn=&lt;AddBackward0&gt;)
   * </pre>
   */
  @Test
  void graphsAreDags() {
    Tensor x = Tensor.scalar(2.0).requiresGrad(true);
    Tensor w = x.mul(3).add(x.pow(2)).add(x);
    w.backward();
    assertScalar(8, x.grad(), 0);
    assertScalar(8, x.mul(2).add(3).add(1), 0);
  }

  /**
   * <pre>
   * x = torch.tensor(3.0, requires_grad=True); y = x**2; z1 = 3*y; z2 = 4*y
   * z1.backward(); x.grad     # tensor(18.)
   * z2.backward()             # RuntimeError: Trying to backward through the graph a second time ...
   * </pre>
   */
  @Test
  void secondBackwardThroughFreedGraphFails() {
    Tensor x = Tensor.scalar(3.0).requiresGrad(true);
    Tensor y = x.pow(2);
    Tensor z1 = y.mul(3);
    Tensor z2 = y.mul(4);
    z1.backward();
    assertScalar(18, x.grad(), 0);
    IllegalStateException e = assertThrows(IllegalStateException.class, z2::backward);
    assertTrue(e.getMessage().contains("RETAIN_GRAPH"), e.getMessage());
  }

  /**
   * <pre>
   * x = torch.tensor(3.0, requires_grad=True); y = x**2; z = 3*y
   * print(x.grad)                  # None
   * z.backward(); print(x.grad)    # tensor(18.)
   * y = x**2; z = 3*y; z.backward(); print(x.grad)   # tensor(36.)
   * </pre>
   */
  @Test
  void gradientsAccumulate() {
    Tensor x = Tensor.scalar(3.0).requiresGrad(true);
    Tensor z = x.pow(2).mul(3);
    assertNull(x.grad());
    z.backward();
    assertScalar(18, x.grad(), 0);
    x.pow(2).mul(3).backward();
    assertScalar(36, x.grad(), 0);
  }

  /**
   * <pre>
   * x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True); y = (x**2).sum(); y.backward()
   * x.grad     # tensor([2., 4., 6.])
   * </pre>
   */
  @Test
  void scalarOfVector() {
    Tensor x = Tensor.of(1.0, 2.0, 3.0).requiresGrad(true);
    x.pow(2).sum().backward();
    assertValues(new double[] {2, 4, 6}, x.grad(), 0);
  }

  /**
   * <pre>
   * x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
   * x[1] = x[2] + 1     # RuntimeError: a leaf Variable that requires grad is being used in an
   *                     # in-place operation.
   * </pre>
   */
  @Test
  void inPlaceChangeOfALeafThatRequiresGradIsRefused() {
    Tensor x = Tensor.of(1.0, 2.0, 3.0).requiresGrad(true);
    RuntimeException e = assertThrows(RuntimeException.class, () -> x.set(x.get(2) + 1, 1));
    assertTrue(e.getMessage().contains("leaf"), e.getMessage());
    assertValues(new double[] {1, 2, 3}, x, 0);
    // "But it's fine to do x = 4 * x"
    Tensor y = x.mul(4).pow(2).sum();
    y.backward();
    assertValues(new double[] {32, 64, 96}, x.grad(), 0);
  }

  /**
   * <pre>
   * x = torch.tensor([1.0, 2.0, 4.0, 3.0, 0.5], requires_grad=True)
   * max_x = torch.max(x); max_x      # tensor(4., grad_fn=&lt;MaxBackward1&gt;)
   * max_x.backward(); x.grad         # tensor([0., 0., 1., 0., 0.])
   * </pre>
   */
  @Test
  void maxSendsTheGradientToTheArgMax() {
    Tensor x = Tensor.of(1.0, 2.0, 4.0, 3.0, 0.5).requiresGrad(true);
    Tensor maxX = x.max();
    assertScalar(4, maxX, 0);
    assertTrue(maxX.gradFn().startsWith("Max"), maxX.gradFn());
    maxX.backward();
    assertValues(new double[] {0, 0, 1, 0, 0}, x.grad(), 0);
  }
}
