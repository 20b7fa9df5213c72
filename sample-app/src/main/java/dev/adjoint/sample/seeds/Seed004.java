package dev.adjoint.sample.seeds;

import dev.adjoint.Autograd;
import dev.adjoint.GradOption;
import dev.adjoint.Tensor;
import java.util.List;
import java.util.function.Function;

/** Seed 004: backward versus autograd.grad, retain/create graph, grad_outputs, the Jacobian. */
final class Seed004 implements SeedExample {
  @Override
  public String id() {
    return "004";
  }

  @Override
  public String title() {
    return "Automatic Differentiation in PyTorch: backward() versus autograd.grad()";
  }

  @Override
  public void run(Printer p) {
    p.example("hand-written tanh at x = 1");
    Tensor x = Tensor.scalar(1.0).requiresGrad(true);
    Tensor e = x.mul(-2.0).exp();
    Tensor y = e.neg().add(1.0).div(e.add(1.0));
    y.backward();
    p.show("x.grad()", x.grad());
    p.note("should be 0.42, since dy/dx = 1 - tanh(x)^2");

    p.example("squared norm of a 5-vector; a second backward without RETAIN_GRAPH");
    Tensor v = Tensor.of(0.1589, 0.7113, 0.5476, 0.9500, 0.0543).requiresGrad(true);
    Tensor n = v.pow(2).sum();
    n.backward();
    p.show("x", v);
    p.show("x.grad()", v.grad());
    p.show("2 * x", v.mul(2));
    try {
      n.backward();
    } catch (IllegalStateException ex) {
      p.show("y.backward()", "IllegalStateException: " + ex.getMessage());
    }

    p.example("RETAIN_GRAPH: two backward passes of x^3 at 2 accumulate");
    Tensor x2 = Tensor.scalar(2.0).requiresGrad(true);
    Tensor y2 = x2.pow(3);
    y2.backward(GradOption.RETAIN_GRAPH);
    p.show("x.grad()", x2.grad());
    y2.backward();
    p.show("x.grad()", x2.grad());

    p.example("CREATE_GRAPH through backward: d2/dx2 of x^2 at 2");
    Tensor x3 = Tensor.scalar(2.0).requiresGrad(true);
    x3.pow(2).backward(GradOption.CREATE_GRAPH);
    Tensor dydx = x3.grad().copy();
    x3.grad().zero();
    dydx.backward();
    p.show("dydx", dydx);
    p.show("d2ydx2", x3.grad());
    p.note("PyTorch: tensor(4., grad_fn=<CloneBackward0>) tensor(2., grad_fn=<ZeroBackward0>)");

    p.example("autograd.grad(f, (x, y)) for f = xy + y^2 at (2, 3)");
    Tensor a = Tensor.scalar(2.0).requiresGrad(true);
    Tensor b = Tensor.scalar(3.0).requiresGrad(true);
    List<Tensor> grads = Autograd.grad(a.mul(b).add(b.pow(2)), List.of(a, b));
    p.show("df/dx", grads.get(0));
    p.show("df/dy", grads.get(1));
    p.show("x.grad(), y.grad()", a.grad() + ", " + b.grad());

    p.example("non-scalar output: backward() refuses, grad with gradOutputs works");
    Tensor xs = Tensor.of(0.8452, 0.42685, 0.7508, 0.18465, 0.27005, 0.0207, 0.0754, 0.8258)
        .requiresGrad(true);
    Tensor ys = xs.pow(2);
    try {
      ys.backward();
    } catch (IllegalArgumentException ex) {
      p.show("y.backward()", "IllegalArgumentException: " + ex.getMessage());
    }
    p.show("grad(y, x, gradOutputs = onesLike(y))",
        Autograd.grad(List.of(ys), List.of(xs), List.of(Tensor.onesLike(ys))).get(0));
    p.show("2 * x", xs.mul(2));

    p.example("the Jacobian of f(x, y) = [x^2 y, 5x + sin y] at (2, pi/2)");
    Function<Tensor, Tensor> func = xy -> Tensor.stack(0,
        xy.select(0, 0).pow(2).mul(xy.select(0, 1)),
        xy.select(0, 0).mul(5).add(xy.select(0, 1).sin()));
    Tensor xy = Tensor.stack(0, Tensor.scalar(2.0).requiresGrad(true),
        Tensor.scalar(Math.PI / 2).requiresGrad(true));
    p.show("f(xy)", func.apply(xy));
    p.show("Autograd.jacobian(f, xy)", Autograd.jacobian(func, xy));
    p.note("PyTorch: [[6.2832e+00, 4.0000e+00], [5.0000e+00, -4.3711e-08]]");
  }
}
