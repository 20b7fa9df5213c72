package dev.adjoint.sample.seeds;

import dev.adjoint.Autograd;
import dev.adjoint.DType;
import dev.adjoint.GradScope;
import dev.adjoint.GradientTape;
import dev.adjoint.Tensor;

/** Seed 003: grad_fn names, retainGrad, vectors, clearing, disabling, TensorFlow's tape. */
final class Seed003 implements SeedExample {
  @Override
  public String id() {
    return "003";
  }

  @Override
  public String title() {
    return "Autograd in PyTorch and GradientTape in TensorFlow";
  }

  private static double[] grid(double from, double to, int n) {
    double[] g = new double[n];
    for (int i = 0; i < n; i++) {
      g[i] = from + (to - from) * i / (n - 1);
    }
    return g;
  }

  @Override
  public void run(Printer p) {
    p.example("x = 3: results and their grad functions");
    Tensor x = Tensor.scalar(3.0).requiresGrad(true);
    Tensor y = x.pow(2);
    p.show("x", x);
    p.show("x.pow(2)", y);
    p.show("x.mul(2)", x.mul(2));
    p.show("x.rdiv(9)  (9 / x)", x.rdiv(9));
    p.show("x.rsub(8)  (8 - x)", x.rsub(8));
    p.show("x.add(11)", x.add(11));
    y.backward();
    p.show("x.grad()", x.grad());

    p.example("z = sin(x^2): y.grad() is null unless y.retainGrad()");
    Tensor xa = Tensor.scalar(3.0).requiresGrad(true);
    Tensor ya = xa.pow(2);
    Tensor za = ya.sin();
    p.show("z", za);
    p.show("2x cos(x^2)", xa.mul(2).mul(xa.pow(2).cos()));
    p.show("cos(y)", ya.cos());
    za.backward();
    p.show("y.grad()", ya.grad());
    p.show("x.grad()", xa.grad());
    Tensor xb = Tensor.scalar(3.0).requiresGrad(true);
    Tensor yb = xb.pow(2).retainGrad();
    yb.sin().backward();
    p.show("y.grad() with retainGrad", yb.grad());
    p.show("x.grad()", xb.grad());

    p.example("vectors: x = linspace(0, 3, 20); y = x^2 (retainGrad); sin(y).sum().backward()");
    Tensor xv = Tensor.of(grid(0, 3, 20), 20).requiresGrad(true);
    Tensor yv = xv.pow(2).retainGrad();
    yv.sin().sum().backward();
    p.show("y.grad()", yv.grad());
    p.show("x.grad()", xv.grad());

    p.example("clearing gradients");
    Tensor xc = Tensor.scalar(2.0).requiresGrad(true);
    xc.pow(2).backward();
    p.show("x.grad()", xc.grad());
    xc.pow(2).backward();
    p.show("x.grad() (accumulated)", xc.grad());
    p.show("x.grad().zero()", xc.grad().zero());
    xc.pow(2).backward();
    p.show("x.grad()", xc.grad());

    p.example("disabling tracking: requiresGrad(false), detach(), noGrad()");
    Tensor xd = Tensor.scalar(2.0).requiresGrad(false);
    p.show("x, x^2", xd + ", " + xd.pow(2));
    Tensor xe = Tensor.scalar(2.0).requiresGrad(true);
    Tensor ze = xe.detach();
    p.show("x, x^2, x.detach(), x.detach()^2", xe + ", " + xe.pow(2) + ", " + ze + ", " + ze.pow(2));
    Tensor yf;
    try (GradScope s = Autograd.noGrad()) {
      yf = xe.pow(2);
    }
    p.show("x, x^2 under noGrad", xe + ", " + yf);

    p.example("TensorFlow: persistent tape on a variable (x = 3, requiresGrad)");
    Tensor tv = Tensor.scalar(3.0).requiresGrad(true);
    Tensor ty;
    Tensor tz;
    GradientTape tape = GradientTape.persistent();
    try (tape) {
      ty = tv.pow(2);
      tz = ty.sin();
    }
    p.show("tape.gradient(z, y)", tape.gradient(tz, ty));
    p.show("tape.gradient(z, x)", tape.gradient(tz, tv));
    p.note("TensorFlow: -0.91113025, -5.4667816");

    p.example("TensorFlow: persistent tape on a watched constant");
    Tensor c = Tensor.scalar(3.0);
    try (GradientTape t = GradientTape.persistent()) {
      t.watch(c);
      Tensor cy = c.pow(2);
      Tensor cz = cy.sin();
      p.show("tape.gradient(z, y)", t.gradient(cz, cy));
      p.show("tape.gradient(z, x)", t.gradient(cz, c));
    }

    p.example("TensorFlow: vectors in float64, x = linspace(0, 3, 10)");
    DType previous = Tensor.defaultDType();
    Tensor xt;
    try {
      Tensor.setDefaultDType(DType.FLOAT64);
      xt = Tensor.of(grid(0, 3, 10), 10).requiresGrad(true);
    } finally {
      Tensor.setDefaultDType(previous);
    }
    try (GradientTape t = GradientTape.persistent()) {
      Tensor yt = xt.pow(2);
      Tensor zt = yt.sin();
      p.show("tape.gradient(z, y)", t.gradient(zt, yt));
      p.show("tape.gradient(z, x)", t.gradient(zt, xt));
    }
  }
}
