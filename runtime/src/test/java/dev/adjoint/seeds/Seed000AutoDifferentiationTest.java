package dev.adjoint.seeds;

import static dev.adjoint.seeds.Approx.F32;
import static dev.adjoint.seeds.Approx.assertValues;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.Autograd;
import dev.adjoint.GradOption;
import dev.adjoint.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Seed 000 ("Auto-differentiation", vigneashpandiyan): {@code autograd.grad} of a sum, detach for
 * plotting, {@code backward(ones)} of a polynomial, and second derivatives with create_graph.
 * Expected numbers come from PyTorch 1.13 (Debian's python3-torch) running the seed's code.
 */
class Seed000AutoDifferentiationTest {

  /**
   * <pre>
   * x = torch.linspace(0, 5, 100, requires_grad=True)
   * y = (x**2).cos(); s = y.sum()
   * [dydx] = torch.autograd.grad(s, [x])
   * print(s.item()); for i in [0,1,17,50,99]: print(i, x[i].item(), y[i].item(), dydx[i].item())
   * # 13.108224868774414
   * # 0 0.0 1.0 -0.0
   * # 1 0.05050504952669144 0.9999967813491821 -0.00025765225291252136
   * # 17 0.8585858345031738 0.7403740882873535 -1.154274344444275
   * # 50 2.5252525806427 0.9956119060516357 -0.47261741757392883
   * # 99 5.0 0.9912028312683105 1.3235175609588623
   * </pre>
   */
  @Test
  void gradOfSumIsElementwiseDerivative() {
    Tensor x = Tensor.linspace(0, 5, 100).requiresGrad(true);
    Tensor y = x.pow(2).cos();
    Tensor s = y.sum();
    Tensor dydx = Autograd.grad(s, List.of(x)).get(0);

    // PyTorch sums the float32 values in float32; the kernels accumulate in double and round once
    // (the exact sum of these float32 values is 13.1082443...), so the two differ by ~20 ulps.
    assertEquals(13.108224868774414, s.item(), 5e-5);
    int[] at = {0, 1, 17, 50, 99};
    double[] xs = {0.0, 0.05050504952669144, 0.8585858345031738, 2.5252525806427, 5.0};
    double[] ys = {1.0, 0.9999967813491821, 0.7403740882873535, 0.9956119060516357,
        0.9912028312683105};
    double[] ds = {-0.0, -0.00025765225291252136, -1.154274344444275, -0.47261741757392883,
        1.3235175609588623};
    for (int k = 0; k < at.length; k++) {
      assertEquals(xs[k], x.get(at[k]), 1e-6, "x[" + at[k] + "]");
      assertEquals(ys[k], y.get(at[k]), 1e-5, "y[" + at[k] + "]");
      assertEquals(ds[k], dydx.get(at[k]), 1e-5 * Math.max(1, Math.abs(ds[k])), "dydx[" + at[k] + "]");
    }
    // Every element: d/dx cos(x^2) = -2x sin(x^2).
    double[] xv = x.toDoubleArray();
    double[] expected = new double[xv.length];
    for (int i = 0; i < xv.length; i++) {
      expected[i] = -2 * xv[i] * Math.sin(xv[i] * xv[i]);
    }
    assertValues(expected, dydx, 2e-5);
    // autograd.grad does not touch .grad
    assertNull(x.grad());

    // Plotting needs numbers without history: detach.
    Tensor plotted = y.detach();
    assertFalse(plotted.requiresGrad());
    assertTrue(plotted.isLeaf());
    assertNull(plotted.gradFn());
    assertValues(y.toDoubleArray(), plotted, 0);
  }

  /**
   * <pre>
   * x = torch.tensor(np.linspace(-2, 6, 100), requires_grad=True, dtype=torch.float32)
   * y = x**3 - 6*x**2 + 8*x
   * y.backward(torch.ones_like(x))
   * for i in [0,1,33,66,99]: print(i, x[i].item(), y[i].item(), x.grad[i].item())
   * # 0 -2.0 -48.0 44.0
   * # 1 -1.9191919565200806 -44.52227783203125 42.080196380615234
   * # 33 0.6666666865348816 2.9629628658294678 1.3333334922790527
   * # 66 3.3333332538604736 -2.9629650115966797 1.3333320617675781
   * # 99 6.0 48.0 44.0
   * </pre>
   */
  @Test
  void polynomialDerivativeWithOnesSeed() {
    double[] grid = new double[100];
    for (int i = 0; i < 100; i++) {
      grid[i] = -2 + 8.0 * i / 99; // np.linspace(-2, 6, 100), then stored as float32
    }
    Tensor x = Tensor.of(grid, 100).requiresGrad(true);
    Tensor y = x.pow(3).sub(x.pow(2).mul(6)).add(x.mul(8));
    y.backward(Tensor.onesLike(x));
    Tensor dy = x.grad();
    assertNotNull(dy);

    int[] at = {0, 1, 33, 66, 99};
    double[] ys = {-48.0, -44.52227783203125, 2.9629628658294678, -2.9629650115966797, 48.0};
    double[] ds = {44.0, 42.080196380615234, 1.3333334922790527, 1.3333320617675781, 44.0};
    for (int k = 0; k < at.length; k++) {
      assertEquals(ys[k], y.get(at[k]), 1e-5 * Math.max(1, Math.abs(ys[k])), "y[" + at[k] + "]");
      assertEquals(ds[k], dy.get(at[k]), 1e-5 * Math.max(1, Math.abs(ds[k])), "dy[" + at[k] + "]");
    }
    double[] xv = x.toDoubleArray();
    double[] expected = new double[100];
    for (int i = 0; i < 100; i++) {
      expected[i] = 3 * xv[i] * xv[i] - 12 * xv[i] + 8;
    }
    assertValues(expected, dy, 1e-5);
  }

  /**
   * <pre>
   * x = torch.tensor(np.linspace(-6, 6, 200), dtype=torch.float32, requires_grad=True)
   * y = torch.sin(x) * (x**2) / 4
   * grads_1 = torch.autograd.grad(y.sum(), x, create_graph=True)[0]
   * grads_2 = torch.autograd.grad(grads_1.sum(), x)[0]
   * for i in [0,1,57,100,199]: print(i, x[i].item(), y[i].item(), g1[i].item(), g2[i].item())
   * # 0 -6.0 2.514739513397217 7.803286552429199 -8.136053085327148
   * # 1 -5.939698696136475 2.9703316688537598 7.304633140563965 -8.394683837890625
   * # 57 -2.5628139972686768 -0.8981792330741882 -0.673640787601471 2.770090103149414
   * # 100 0.030150754377245903 6.851233592897188e-06 0.0006816288223490119 0.04520329087972641
   * # 199 6.0 -2.514739513397217 7.803286552429199 8.136053085327148
   * </pre>
   */
  @Test
  void secondDerivativesWithCreateGraph() {
    double[] grid = new double[200];
    for (int i = 0; i < 200; i++) {
      grid[i] = -6 + 12.0 * i / 199;
    }
    Tensor x = Tensor.of(grid, 200).requiresGrad(true);
    Tensor y = x.sin().mul(x.pow(2)).div(4);
    Tensor g1 = Autograd.grad(y.sum(), x, GradOption.CREATE_GRAPH);
    assertTrue(g1.requiresGrad(), "create_graph makes the gradient differentiable");
    Tensor g2 = Autograd.grad(g1.sum(), x);

    int[] at = {0, 1, 57, 100, 199};
    double[] ys = {2.514739513397217, 2.9703316688537598, -0.8981792330741882,
        6.851233592897188e-06, -2.514739513397217};
    double[] d1 = {7.803286552429199, 7.304633140563965, -0.673640787601471,
        0.0006816288223490119, 7.803286552429199};
    double[] d2 = {-8.136053085327148, -8.394683837890625, 2.770090103149414,
        0.04520329087972641, 8.136053085327148};
    for (int k = 0; k < at.length; k++) {
      int i = at[k];
      assertEquals(ys[k], y.get(i), 1e-5 * Math.max(1, Math.abs(ys[k])), "y[" + i + "]");
      assertEquals(d1[k], g1.get(i), 1e-5 * Math.max(1, Math.abs(d1[k])), "f'[" + i + "]");
      assertEquals(d2[k], g2.get(i), 1e-5 * Math.max(1, Math.abs(d2[k])), "f''[" + i + "]");
    }
    // Analytic, every element: f = x^2 sin x / 4, f' = (2x sin x + x^2 cos x) / 4,
    // f'' = (2 sin x + 4x cos x - x^2 sin x) / 4.
    double[] xv = x.toDoubleArray();
    double[] e1 = new double[200];
    double[] e2 = new double[200];
    for (int i = 0; i < 200; i++) {
      double v = xv[i];
      e1[i] = (2 * v * Math.sin(v) + v * v * Math.cos(v)) / 4;
      e2[i] = (2 * Math.sin(v) + 4 * v * Math.cos(v) - v * v * Math.sin(v)) / 4;
    }
    assertValues(e1, g1, 2e-5);
    assertValues(e2, g2, 2e-5);
    assertNull(x.grad());
  }
}
