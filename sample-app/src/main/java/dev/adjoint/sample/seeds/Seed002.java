package dev.adjoint.sample.seeds;

import dev.adjoint.Autograd;
import dev.adjoint.GradScope;
import dev.adjoint.Tensor;

/** Seed 002: computation graphs, detach, noGrad, DAGs, RETAIN_GRAPH error, accumulation, max. */
final class Seed002 implements SeedExample {
  @Override
  public String id() {
    return "002";
  }

  @Override
  public String title() {
    return "torch.autograd: computing derivatives (graphs, detach, in-place, max)";
  }

  @Override
  public void run(Printer p) {
    p.example("x = 5 (constant), w = 3 (requires grad), z = x * w^2");
    Tensor x = Tensor.scalar(5.0);
    Tensor w = Tensor.scalar(3.0).requiresGrad(true);
    Tensor z = x.mul(w.pow(2));
    p.show("z", z);
    z.backward();
    p.show("x.grad()", x.grad());
    p.show("w.grad()", w.grad());
    p.show("2 * x * w", x.mul(2).mul(w));

    p.example("dz/dx for z = x * (x * x): tracked, detached, under noGrad");
    Tensor x1 = Tensor.scalar(2.0).requiresGrad(true);
    Tensor y1 = x1.mul(x1);
    p.show("y.requiresGrad()", y1.requiresGrad());
    x1.mul(y1).backward();
    p.show("dz/dx", x1.grad());
    Tensor x2 = Tensor.scalar(2.0).requiresGrad(true);
    Tensor y2 = x2.mul(x2).detach();
    p.show("y.detach().requiresGrad()", y2.requiresGrad());
    x2.mul(y2).backward();
    p.show("dz/dx", x2.grad());
    Tensor x3 = Tensor.scalar(2.0).requiresGrad(true);
    Tensor y3;
    try (GradScope s = Autograd.noGrad()) {
      y3 = x3.mul(x3);
    }
    p.show("y.requiresGrad() (noGrad)", y3.requiresGrad());
    x3.mul(y3).backward();
    p.show("dz/dx", x3.grad());

    p.example("a DAG: w = 3x + x^2 + x");
    Tensor x4 = Tensor.scalar(2.0).requiresGrad(true);
    x4.mul(3).add(x4.pow(2)).add(x4).backward();
    p.show("x.grad()", x4.grad());

    p.example("y = x^2; z1 = 3y; z2 = 4y; z1.backward(); z2.backward()");
    Tensor x5 = Tensor.scalar(3.0).requiresGrad(true);
    Tensor y5 = x5.pow(2);
    Tensor z1 = y5.mul(3);
    Tensor z2 = y5.mul(4);
    z1.backward();
    p.show("x.grad()", x5.grad());
    try {
      z2.backward();
    } catch (IllegalStateException e) {
      p.show("z2.backward()", "IllegalStateException: " + e.getMessage());
    }

    p.example("accumulation: two backward passes of 3x^2");
    Tensor x6 = Tensor.scalar(3.0).requiresGrad(true);
    p.show("x.grad()", x6.grad());
    x6.pow(2).mul(3).backward();
    p.show("x.grad()", x6.grad());
    x6.pow(2).mul(3).backward();
    p.show("x.grad()", x6.grad());

    p.example("x = [1, 2, 3]; (x^2).sum().backward()");
    Tensor x7 = Tensor.of(1.0, 2.0, 3.0).requiresGrad(true);
    x7.pow(2).sum().backward();
    p.show("x.grad()", x7.grad());

    p.example("in place: x[1] = x[2] + 1 on a leaf that requires grad");
    Tensor x8 = Tensor.of(1.0, 2.0, 3.0).requiresGrad(true);
    try {
      x8.set(x8.get(2) + 1, 1);
    } catch (RuntimeException e) {
      p.show("x.set(x.get(2) + 1, 1)", e.getClass().getSimpleName() + ": " + e.getMessage());
    }

    p.example("max is differentiable: the gradient goes to the arg-max");
    Tensor x9 = Tensor.of(1.0, 2.0, 4.0, 3.0, 0.5).requiresGrad(true);
    Tensor m = x9.max();
    p.show("max(x)", m);
    m.backward();
    p.show("x.grad()", x9.grad());
  }
}
