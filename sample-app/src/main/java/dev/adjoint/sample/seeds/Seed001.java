package dev.adjoint.sample.seeds;

import dev.adjoint.Autograd;
import dev.adjoint.Differentiable;
import dev.adjoint.GradOption;
import dev.adjoint.Tensor;
import java.util.Arrays;

/** Seed 001: y = 2 x.x, accumulation, non-scalar backward, detach, control flow, x^3. */
final class Seed001 implements SeedExample {
  @Override
  public String id() {
    return "001";
  }

  @Override
  public String title() {
    return "Automatic Differentiation (d2l): dot, detach, control flow";
  }

  /**
   * The tutorial's {@code f}: a while loop and an if on tensor values. Annotated, the processor writes
   * {@code Seed001Gradients.f}, which runs it on the tape (a compile note {@code [Adjoint:Tape]} names the
   * {@code while} condition as the reason).
   */
  @Differentiable
  static Tensor f(Tensor a) {
    Tensor b = a.mul(2);
    while (b.norm().item() < 1000) {
      b = b.mul(2);
    }
    return b.sum().item() > 0 ? b : b.mul(100);
  }

  /** The tutorial's {@code y = 2 x.x} as plain Java: its gradient is generated at compile time. */
  @Differentiable
  static double twiceDot(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v * v;
    }
    return 2 * s;
  }

  @Override
  public void run(Printer p) {
    p.example("y = 2 * dot(x, x)");
    Tensor x = Tensor.arange(4.0).requiresGrad(true);
    p.show("x", x);
    p.show("x.grad()", x.grad());
    Tensor y = x.dot(x).mul(2);
    p.show("y", y);
    y.backward();
    p.show("x.grad()", x.grad());
    p.show("x.mul(4).eq(x.grad())", x.mul(4).eq(x.grad()));

    p.example("gradients accumulate: x.grad().zero(); x.sum().backward()");
    x.grad().zero();
    x.sum().backward();
    p.show("x.grad()", x.grad());

    p.example("non-scalar: y = x * x; y.backward(ones(4))");
    x.grad().zero();
    Tensor yy = x.mul(x);
    p.show("y", yy);
    try {
      yy.backward();
    } catch (IllegalArgumentException e) {
      p.show("y.backward()", "IllegalArgumentException: " + e.getMessage());
    }
    yy.backward(Tensor.ones(4));
    p.show("x.grad()", x.grad());

    p.example("detach: u = (x * x).detach(); z = x * u");
    x.grad().zero();
    Tensor y2 = x.mul(x);
    Tensor u = y2.detach();
    Tensor z = x.mul(u);
    z.sum().backward();
    p.show("x.grad()", x.grad());
    p.show("z", z);
    x.grad().zero();
    y2.sum().backward();
    p.show("x.grad() after y.sum().backward()", x.grad());
    p.show("x.grad().eq(x.mul(2))", x.grad().eq(x.mul(2)));

    p.example("control flow: d = f(a) with while/if on tensor values");
    Tensor a = Tensor.scalar(-0.22653216123580933).requiresGrad(true);
    Tensor d = f(a);
    d.backward();
    p.show("a", a);
    p.show("d", d);
    p.show("a.grad()", a.grad());
    p.show("d.div(a)", d.div(a));
    p.show("a.grad() == d / a", a.grad().item() == d.div(a).item());
    p.note("PyTorch: d = tensor(-185575.1406), a.grad = tensor(819200.)");

    p.example("the same, compiled: @Differentiable f and y = 2 x.x as a double[] method");
    var fg = Seed001Gradients.f(Tensor.scalar(-0.22653216123580933));
    p.show("Seed001Gradients.f(a).dA()", fg.dA());
    p.show("equals the tape's a.grad()", fg.dA().item() == a.grad().item());
    var tg = Seed001Gradients.twiceDot(new double[] {0, 1, 2, 3});
    p.show("Seed001Gradients.twiceDot([0, 1, 2, 3]).dX()", Arrays.toString(tg.dX()));

    p.example("x = 2, y = x^3: backward(RETAIN_GRAPH), then grad with CREATE_GRAPH, twice");
    Tensor x3 = Tensor.scalar(2.0).requiresGrad(true);
    Tensor y3 = x3.pow(3);
    y3.backward(GradOption.RETAIN_GRAPH);
    Tensor dydx = Autograd.grad(y3, x3, GradOption.CREATE_GRAPH);
    Tensor d2ydx2 = Autograd.grad(dydx, x3);
    p.show("First derivative (dy/dx) at x=2", dydx.item());
    p.show("Second derivative (d2y/dx2) at x=2", d2ydx2.item());
  }
}
