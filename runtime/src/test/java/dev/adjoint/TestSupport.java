package dev.adjoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleBinaryOperator;
import java.util.function.Function;

/** Reference computations (plain loops over doubles), layout variants and finite differences. */
final class TestSupport {
  private TestSupport() {}

  static int numel(int[] shape) {
    int n = 1;
    for (int s : shape) {
      n *= s;
    }
    return n;
  }

  static int[] unravel(int flat, int[] shape) {
    int[] idx = new int[shape.length];
    for (int i = shape.length - 1; i >= 0; i--) {
      idx[i] = flat % shape[i];
      flat /= shape[i];
    }
    return idx;
  }

  /** Index into a tensor broadcast to {@code outShape}: drops leading dims, clamps size-1 dims. */
  static int[] broadcastIndex(int[] outIdx, int[] shape) {
    int[] idx = new int[shape.length];
    int off = outIdx.length - shape.length;
    for (int i = 0; i < shape.length; i++) {
      idx[i] = shape[i] == 1 ? 0 : outIdx[i + off];
    }
    return idx;
  }

  static int[] broadcast(int[] a, int[] b) {
    int r = Math.max(a.length, b.length);
    int[] out = new int[r];
    for (int i = 0; i < r; i++) {
      int x = i - (r - a.length) >= 0 ? a[i - (r - a.length)] : 1;
      int y = i - (r - b.length) >= 0 ? b[i - (r - b.length)] : 1;
      out[i] = Math.max(x, y);
    }
    return out;
  }

  /** {@code op(a, b)} elementwise with broadcasting, computed element by element via {@code get}. */
  static double[] refBinary(Tensor a, Tensor b, DoubleBinaryOperator op) {
    int[] out = broadcast(a.shape(), b.shape());
    double[] r = new double[numel(out)];
    for (int i = 0; i < r.length; i++) {
      int[] idx = unravel(i, out);
      r[i] = op.applyAsDouble(a.get(broadcastIndex(idx, a.shape())), b.get(broadcastIndex(idx, b.shape())));
    }
    return r;
  }

  /** The values of {@code t} read one by one through {@code get} (independent of the kernels). */
  static double[] values(Tensor t) {
    int[] s = t.shape();
    double[] r = new double[numel(s)];
    for (int i = 0; i < r.length; i++) {
      r[i] = t.get(unravel(i, s));
    }
    return r;
  }

  static void assertClose(double[] expected, Tensor actual, double tol) {
    assertClose(expected, actual.toDoubleArray(), tol);
  }

  static void assertClose(double[] expected, double[] actual, double tol) {
    assertEquals(expected.length, actual.length, "length");
    for (int i = 0; i < expected.length; i++) {
      double e = expected[i], a = actual[i];
      if (Double.isNaN(e)) {
        assertTrue(Double.isNaN(a), "element " + i + ": expected NaN, got " + a);
        continue;
      }
      if (Double.isInfinite(e)) {
        assertEquals(e, a, "element " + i);
        continue;
      }
      double err = Math.abs(e - a);
      if (err > tol * Math.max(1, Math.abs(e))) {
        fail("element " + i + ": expected " + e + ", got " + a + " (error " + err + ", tol " + tol + ")");
      }
    }
  }

  static double tol(DType dt) {
    return dt == DType.FLOAT32 ? 2e-5 : 1e-12;
  }

  static Tensor random(Random rnd, DType dt, double lo, double hi, int... shape) {
    double[] v = new double[numel(shape)];
    for (int i = 0; i < v.length; i++) {
      v[i] = lo + (hi - lo) * rnd.nextDouble();
    }
    return Tensor.of(dt, v, shape);
  }

  /**
   * Tensors with the same values (drawn in {@code [lo, hi)}) in different layouts: contiguous, a
   * transposed view, a sliced view, and (when some dimension has size 1) an expanded view.
   */
  static List<Tensor> layouts(Random rnd, DType dt, double lo, double hi, int... shape) {
    List<Tensor> out = new ArrayList<>();
    Tensor base = random(rnd, dt, lo, hi, shape);
    out.add(base);
    if (shape.length >= 2) {
      int r = shape.length;
      int[] ts = shape.clone();
      ts[r - 1] = shape[r - 2];
      ts[r - 2] = shape[r - 1];
      Tensor t = Tensor.zeros(dt, ts).transpose(r - 1, r - 2);
      t.copyFrom(base);
      assertTrue(!t.isContiguous() || shape[r - 1] == 1 || shape[r - 2] == 1);
      out.add(t);
    }
    if (shape.length >= 1) {
      int[] big = shape.clone();
      big[shape.length - 1] += 3;
      Tensor s = Tensor.zeros(dt, big).slice(shape.length - 1, 1, 1 + shape[shape.length - 1]);
      s.copyFrom(base);
      out.add(s);
    }
    for (int i = 0; i < shape.length; i++) {
      if (shape[i] == 1) {
        continue;
      }
      int[] small = shape.clone();
      small[i] = 1;
      Tensor e = random(rnd, dt, lo, hi, small).expand(shape);
      out.add(e);
      break;
    }
    return out;
  }

  /**
   * Checks the reverse-mode gradients of {@code f} at {@code inputs} (FLOAT64) against central
   * differences of the random projection {@code sum(w * f(x))}.
   */
  static void checkGrad(Function<Tensor[], Tensor> f, double tol, Tensor... inputs) {
    Tensor[] xs = new Tensor[inputs.length];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = inputs[i].to(DType.FLOAT64).detach().requiresGrad(true);
    }
    Tensor y = f.apply(xs);
    Random rnd = new Random(7);
    Tensor w = random(rnd, DType.FLOAT64, 0.5, 1.5, y.shape());
    List<Tensor> grads = Autograd.grad(List.of(y), List.of(xs), List.of(w), GradOption.ALLOW_UNUSED);
    double eps = 1e-6;
    for (int i = 0; i < xs.length; i++) {
      double[] x0 = xs[i].toDoubleArray();
      double[] numeric = new double[x0.length];
      for (int j = 0; j < x0.length; j++) {
        numeric[j] = (project(f, xs, i, x0, j, eps, w) - project(f, xs, i, x0, j, -eps, w)) / (2 * eps);
      }
      Tensor g = grads.get(i);
      double[] analytic = g == null ? new double[x0.length] : g.toDoubleArray();
      assertArrayEquals(xs[i].shape(), g == null ? xs[i].shape() : g.shape(), "gradient shape");
      for (int j = 0; j < x0.length; j++) {
        double err = Math.abs(numeric[j] - analytic[j]);
        if (err > tol * Math.max(1, Math.abs(numeric[j]))) {
          fail("input " + i + " element " + j + ": analytic " + analytic[j] + ", numeric "
              + numeric[j]);
        }
      }
    }
  }

  private static double project(Function<Tensor[], Tensor> f, Tensor[] xs, int i, double[] x0,
      int j, double delta, Tensor w) {
    Tensor[] args = xs.clone();
    double[] v = x0.clone();
    v[j] += delta;
    args[i] = Tensor.of(DType.FLOAT64, v, xs[i].shape());
    try (GradScope s = Autograd.noGrad()) {
      Tensor y = f.apply(args);
      double[] yv = y.toDoubleArray();
      double[] wv = w.toDoubleArray();
      double sum = 0;
      for (int k = 0; k < yv.length; k++) {
        sum += yv[k] * wv[k];
      }
      return sum;
    }
  }

  /** Checks second derivatives: the gradient (computed with CREATE_GRAPH) checked by finite differences. */
  static void checkSecondOrder(Function<Tensor, Tensor> f, double tol, Tensor x) {
    checkGrad(xs -> {
      Tensor z = xs[0];
      if (!z.requiresGrad()) {
        z = z.detach().requiresGrad(true);
        try (GradScope s = Autograd.enableGrad()) {
          return Autograd.grad(f.apply(z).sum(), z).detach();
        }
      }
      return Autograd.grad(f.apply(z).sum(), z, GradOption.CREATE_GRAPH);
    }, tol, x);
  }
}
