package dev.adjoint.seeds;

import static dev.adjoint.seeds.Approx.F32;
import static dev.adjoint.seeds.Approx.assertScalar;
import static dev.adjoint.seeds.Approx.assertValues;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.Autograd;
import dev.adjoint.GradOption;
import dev.adjoint.Tensor;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Seed 004 ("Automatic Differentiation in PyTorch", PINN tutorial): backward, the
 * second-backward error, retain_graph accumulation, create_graph through backward,
 * autograd.grad with several inputs and grad_outputs, and the Jacobian of [x^2 y, 5x + sin y].
 * Numbers from PyTorch 1.13 running the seed's code.
 */
class Seed004BackwardVersusAutogradGradTest {

  /**
   * <pre>
   * x = torch.tensor(1.0, requires_grad=True)
   * def tanh(x): y = torch.exp(-2.0 * x); return (1.0 - y) / (1.0 + y)
   * y = tanh(x); y.backward(); print(y.item(), x.grad.item())
   * # 0.7615941166877747 0.41997429728507996      (the seed prints tensor(0.4200))
   * </pre>
   */
  @Test
  void handWrittenTanh() {
    Tensor x = Tensor.scalar(1.0).requiresGrad(true);
    Tensor e = x.mul(-2.0).exp();
    Tensor y = e.neg().add(1.0).div(e.add(1.0));
    y.backward();
    assertScalar(0.7615941166877747, y, F32);
    assertScalar(0.41997429728507996, x.grad(), F32);
  }

  /**
   * The seed draws {@code x = 2*torch.rand(5) - 1}; its printed values are used here.
   *
   * <pre>
   * x = torch.tensor([0.1589, 0.7113, 0.5476, 0.9500, 0.0543], requires_grad=True)
   * y = torch.sum(x**2); y.backward(); print(x.grad.tolist())
   * # [0.31779998540878296, 1.4226000308990479, 1.0951999425888062, 1.899999976158142,
   * #  0.10859999805688858]
   * y.backward()
   * # RuntimeError: Trying to backward through the graph a second time ... Specify
   * # retain_graph=True if you need to backward through the graph a second time ...
   * </pre>
   */
  @Test
  void normGradientThenSecondBackwardFails() {
    Tensor x = Tensor.of(0.1589, 0.7113, 0.5476, 0.9500, 0.0543).requiresGrad(true);
    Tensor y = x.pow(2).sum();
    y.backward();
    assertValues(new double[] {0.31779998540878296, 1.4226000308990479, 1.0951999425888062,
        1.899999976158142, 0.10859999805688858}, x.grad(), 0);
    assertValues(x.mul(2).toDoubleArray(), x.grad(), 0);
    IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
    assertTrue(e.getMessage().contains("RETAIN_GRAPH"), e.getMessage());
    assertTrue(e.getMessage().contains("second time"), e.getMessage());
  }

  /**
   * <pre>
   * x = torch.tensor(2.0, requires_grad=True); y = x**3
   * y.backward(retain_graph=True); print(x.grad)  # tensor(12.)
   * y.backward(); print(x.grad)                   # tensor(24.)
   * # and with x.grad.zero_() between the two:      tensor(12.) tensor(12.)
   * </pre>
   */
  @Test
  void retainGraphAllowsASecondBackward() {
    Tensor x = Tensor.scalar(2.0).requiresGrad(true);
    Tensor y = x.pow(3);
    y.backward(GradOption.RETAIN_GRAPH);
    assertScalar(12, x.grad(), 0);
    y.backward();
    assertScalar(24, x.grad(), 0);

    Tensor x2 = Tensor.scalar(2.0).requiresGrad(true);
    Tensor y2 = x2.pow(3);
    y2.backward(GradOption.RETAIN_GRAPH);
    assertScalar(12, x2.grad(), 0);
    x2.grad().zero();
    y2.backward();
    assertScalar(12, x2.grad(), 0);
  }

  /**
   * <pre>
   * x = torch.tensor(2.0, requires_grad=True); y = x**2
   * y.backward(create_graph=True); dydx = x.grad.clone(); x.grad.zero_()
   * dydx.backward(); d2ydx2 = x.grad
   * print(dydx, d2ydx2)    # tensor(4., grad_fn=&lt;CloneBackward0&gt;) tensor(2., grad_fn=&lt;ZeroBackward0&gt;)
   * </pre>
   *
   * In Java {@code copy()} is the clone, recorded as {@code CloneBackward}.
   */
  @Test
  void createGraphThroughBackward() {
    Tensor x = Tensor.scalar(2.0).requiresGrad(true);
    Tensor y = x.pow(2);
    y.backward(GradOption.CREATE_GRAPH);
    Tensor dydx = x.grad().copy();
    assertTrue(dydx.requiresGrad(), "CREATE_GRAPH records the gradient");
    assertEquals("CloneBackward", dydx.gradFn());
    x.grad().zero();
    dydx.backward();
    Tensor d2ydx2 = x.grad();
    assertScalar(4, dydx, 0);
    assertScalar(2, d2ydx2, 0);
    assertEquals("ZeroBackward", d2ydx2.gradFn());
  }

  /**
   * <pre>
   * x = torch.tensor(2.0, requires_grad=True); y = torch.tensor(3.0, requires_grad=True)
   * f = x*y + y**2
   * grads = torch.autograd.grad(f, (x, y))   # (tensor(3.), tensor(8.))
   * print(x.grad, y.grad)                    # None None
   * f.backward(); print(x.grad, y.grad)      # tensor(3.) tensor(8.)
   * </pre>
   */
  @Test
  void autogradGradWithSeveralInputsLeavesGradAlone() {
    Tensor x = Tensor.scalar(2.0).requiresGrad(true);
    Tensor y = Tensor.scalar(3.0).requiresGrad(true);
    Tensor f = x.mul(y).add(y.pow(2));
    List<Tensor> grads = Autograd.grad(f, List.of(x, y));
    assertScalar(3, grads.get(0), 0);
    assertScalar(8, grads.get(1), 0);
    assertNull(x.grad());
    assertNull(y.grad());

    Tensor x2 = Tensor.scalar(2.0).requiresGrad(true);
    Tensor y2 = Tensor.scalar(3.0).requiresGrad(true);
    x2.mul(y2).add(y2.pow(2)).backward();
    assertScalar(3, x2.grad(), 0);
    assertScalar(8, y2.grad(), 0);
  }

  /**
   * The seed draws {@code x = torch.rand(8)}; these are its printed 2x values halved.
   *
   * <pre>
   * y = model(x); y.backward()   # RuntimeError: grad can be implicitly created only for scalar outputs
   * grads = torch.autograd.grad(y, x, grad_outputs=torch.ones_like(y))
   * # (tensor([1.6904, 0.8537, 1.5016, 0.3693, 0.5401, 0.0414, 0.1508, 1.6516]),)  == 2*x
   * </pre>
   */
  @Test
  void gradOutputsGiveTheVectorJacobianProduct() {
    Tensor x = Tensor.of(0.8452, 0.42685, 0.7508, 0.18465, 0.27005, 0.0207, 0.0754, 0.8258)
        .requiresGrad(true);
    Tensor y = x.pow(2);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> y.backward());
    assertTrue(e.getMessage().contains("scalar"), e.getMessage());

    List<Tensor> grads = Autograd.grad(List.of(y), List.of(x), List.of(Tensor.onesLike(y)));
    assertValues(new double[] {1.6904, 0.8537, 1.5016, 0.3693, 0.5401, 0.0414, 0.1508, 1.6516},
        grads.get(0), F32);
    assertValues(x.mul(2).toDoubleArray(), grads.get(0), 0);
  }

  /**
   * <pre>
   * x = torch.tensor(2.0, requires_grad=True); y = torch.tensor(torch.pi/2, requires_grad=True)
   * def func(xy): x, y = xy; return torch.stack([(x**2)*y, 5*x + torch.sin(y)])
   * xy = torch.stack([x,y]); J = torch.autograd.functional.jacobian(func, xy)
   * print(func(xy).tolist(), J.tolist())
   * # [6.2831854820251465, 11.0] [[6.2831854820251465, 4.0], [5.0, -4.371138828673793e-08]]
   * </pre>
   */
  @Test
  void jacobianOfTwoByTwoFunction() {
    Tensor x = Tensor.scalar(2.0).requiresGrad(true);
    Tensor y = Tensor.scalar(Math.PI / 2).requiresGrad(true);
    Function<Tensor, Tensor> func = xy -> {
      Tensor a = xy.select(0, 0);
      Tensor b = xy.select(0, 1);
      return Tensor.stack(0, a.pow(2).mul(b), a.mul(5).add(b.sin()));
    };
    Tensor xy = Tensor.stack(0, x, y);
    Tensor value = func.apply(xy);
    assertValues(new double[] {6.2831854820251465, 11.0}, value, F32);

    Tensor jacobian = Autograd.jacobian(func, xy);
    assertArrayEquals(new int[] {2, 2}, jacobian.shape());
    assertValues(new double[] {6.2831854820251465, 4.0, 5.0, 0}, jacobian, F32);
    // cos(float(pi/2)) is not 0 in float32: PyTorch prints -4.3711e-08, so do we.
    assertEquals(-4.371138828673793e-08, jacobian.get(1, 1), 1e-12);
    // The seed prints grad_fn=<StackBackward0> for f(xy).
    assertEquals("StackBackward", value.gradFn());
  }
}
