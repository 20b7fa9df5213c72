package dev.adjoint.sample.seeds;

import dev.adjoint.Autograd;
import dev.adjoint.GradOption;
import dev.adjoint.Tensor;
import dev.adjoint.sample.calculus.WaveSlopeGradients;
import java.util.List;

/** Seed 000: autograd.grad of a sum, detach for plotting, polynomial, second derivatives. */
final class Seed000 implements SeedExample {
  @Override
  public String id() {
    return "000";
  }

  @Override
  public String title() {
    return "Auto-differentiation (grad of a sum, detach, create_graph)";
  }

  private static double[] grid(double from, double to, int n) {
    double[] g = new double[n];
    for (int i = 0; i < n; i++) {
      g[i] = from + (to - from) * i / (n - 1);
    }
    return g;
  }

  /** Prints a few sample points (instead of a plot) and the largest error against {@code exact}. */
  private static void samples(Printer p, Tensor x, Tensor[] curves, String[] names, int[] at) {
    for (int i : at) {
      StringBuilder sb = new StringBuilder(String.format("x[%3d] = %9.5f", i, x.get(i)));
      for (int c = 0; c < curves.length; c++) {
        sb.append(String.format("   %s = %11.6f", names[c], curves[c].get(i)));
      }
      p.line("  " + sb);
    }
  }

  private static double maxError(Tensor actual, double[] expected) {
    double[] a = actual.toDoubleArray();
    double worst = 0;
    for (int i = 0; i < a.length; i++) {
      worst = Math.max(worst, Math.abs(a[i] - expected[i]));
    }
    return worst;
  }

  @Override
  public void run(Printer p) {
    p.example("x = linspace(0, 5, 100); y = cos(x^2); [dydx] = autograd.grad(y.sum(), [x])");
    Tensor x = Tensor.linspace(0, 5, 100).requiresGrad(true);
    Tensor y = x.pow(2).cos();
    Tensor s = y.sum();
    Tensor dydx = Autograd.grad(s, List.of(x)).get(0);
    p.show("s", s);
    samples(p, x.detach(), new Tensor[] {y.detach(), dydx}, new String[] {"y", "dy/dx"},
        new int[] {0, 1, 17, 50, 99});
    double[] xv = x.toDoubleArray();
    double[] exact = new double[xv.length];
    for (int i = 0; i < xv.length; i++) {
      exact[i] = -2 * xv[i] * Math.sin(xv[i] * xv[i]);
    }
    p.show("max |dydx - (-2x sin x^2)|", maxError(dydx, exact));
    p.show("y.detach().requiresGrad()", y.detach().requiresGrad());

    p.example("exercise: y = x^3 - 6x^2 + 8x on linspace(-2, 6, 100); y.backward(onesLike(x))");
    Tensor x2 = Tensor.of(grid(-2, 6, 100), 100).requiresGrad(true);
    Tensor y2 = x2.pow(3).sub(x2.pow(2).mul(6)).add(x2.mul(8));
    y2.backward(Tensor.onesLike(x2));
    samples(p, x2.detach(), new Tensor[] {y2.detach(), x2.grad()}, new String[] {"y", "y'"},
        new int[] {0, 1, 33, 66, 99});
    double[] x2v = x2.toDoubleArray();
    double[] exact2 = new double[100];
    for (int i = 0; i < 100; i++) {
      exact2[i] = 3 * x2v[i] * x2v[i] - 12 * x2v[i] + 8;
    }
    p.show("max |y' - (3x^2 - 12x + 8)|", maxError(x2.grad(), exact2));

    p.example("y = sin(x) x^2 / 4 on linspace(-6, 6, 200); f' with CREATE_GRAPH, then f''");
    Tensor x3 = Tensor.of(grid(-6, 6, 200), 200).requiresGrad(true);
    Tensor y3 = x3.sin().mul(x3.pow(2)).div(4);
    Tensor g1 = Autograd.grad(y3.sum(), x3, GradOption.CREATE_GRAPH);
    Tensor g2 = Autograd.grad(g1.sum(), x3);
    samples(p, x3.detach(), new Tensor[] {y3.detach(), g1.detach(), g2},
        new String[] {"f", "f'", "f''"}, new int[] {0, 1, 57, 100, 199});
    p.note("PyTorch: x[0] = -6: f = 2.514740, f' = 7.803287, f'' = -8.136053");

    p.example("the same f'' on generated code: f' read from f's generated derivative, differentiated again");
    p.show("WaveSlopeGradients.byReverse(-6).dX()           (reverse over reverse)",
        String.format("%.6f", WaveSlopeGradients.byReverse(-6).dX()));
    p.show("WaveSlopeGradients.byReverseJvp(-6, 1).tangent() (forward over reverse)",
        String.format("%.6f", WaveSlopeGradients.byReverseJvp(-6, 1).tangent()));
    p.show("WaveSlopeGradients.byForward(-6).dX()           (reverse over forward)",
        String.format("%.6f", WaveSlopeGradients.byForward(-6).dX()));
    p.show("WaveSlopeGradients.byForwardJvp(-6, 1).tangent() (forward over forward)",
        String.format("%.6f", WaveSlopeGradients.byForwardJvp(-6, 1).tangent()));
  }
}
