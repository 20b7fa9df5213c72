package dev.adjoint;

import static dev.adjoint.TestSupport.checkGrad;
import static dev.adjoint.TestSupport.checkSecondOrder;
import static dev.adjoint.TestSupport.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Every differentiable operation's gradient against central finite differences (FLOAT64). */
class BackwardRulesTest {
  private static final double TOL = 1e-6;
  private final Random rnd = new Random(11);

  private Tensor r(double lo, double hi, int... shape) {
    return random(rnd, DType.FLOAT64, lo, hi, shape);
  }

  private void unary(Function<Tensor, Tensor> f, double lo, double hi) {
    checkGrad(x -> f.apply(x[0]), TOL, r(lo, hi, 3, 4));
    checkGrad(x -> f.apply(x[0].t()), TOL, r(lo, hi, 4, 3));
    checkGrad(x -> f.apply(x[0]), TOL, r(lo, hi));
  }

  @Test
  void binaryArithmeticWithBroadcasting() {
    int[][][] pairs = {{{3, 4}, {3, 4}}, {{3, 4}, {4}}, {{2, 1, 3}, {4, 1}}, {{}, {2, 2}}};
    for (int[][] p : pairs) {
      checkGrad(x -> x[0].add(x[1]), TOL, r(-1, 1, p[0]), r(-1, 1, p[1]));
      checkGrad(x -> x[0].sub(x[1]), TOL, r(-1, 1, p[0]), r(-1, 1, p[1]));
      checkGrad(x -> x[0].mul(x[1]), TOL, r(-1, 1, p[0]), r(-1, 1, p[1]));
      checkGrad(x -> x[0].div(x[1]), TOL, r(-1, 1, p[0]), r(0.5, 2, p[1]));
      checkGrad(x -> x[0].pow(x[1]), TOL, r(0.5, 2, p[0]), r(-1, 2, p[1]));
      checkGrad(x -> x[0].maximum(x[1]), TOL, r(-1, 1, p[0]), r(-1, 1, p[1]));
      checkGrad(x -> x[0].minimum(x[1]), TOL, r(-1, 1, p[0]), r(-1, 1, p[1]));
    }
  }

  @Test
  void scalarArithmetic() {
    unary(x -> x.add(2.5), -1, 1);
    unary(x -> x.sub(2.5), -1, 1);
    unary(x -> x.rsub(2.5), -1, 1);
    unary(x -> x.mul(-3), -1, 1);
    unary(x -> x.div(4), -1, 1);
    unary(x -> x.rdiv(2), 0.5, 2);
    unary(Tensor::neg, -1, 1);
    unary(x -> x.pow(3), -1, 1);
    unary(x -> x.pow(2), -1, 1);
    unary(x -> x.pow(1), -1, 1);
    unary(x -> x.pow(0), -1, 1);
    unary(x -> x.pow(-1.5), 0.5, 2);
  }

  @Test
  void unaryFunctions() {
    unary(Tensor::exp, -2, 2);
    unary(Tensor::log, 0.5, 3);
    unary(Tensor::sin, -3, 3);
    unary(Tensor::cos, -3, 3);
    unary(Tensor::tan, -1, 1);
    unary(Tensor::tanh, -2, 2);
    unary(Tensor::sigmoid, -3, 3);
    unary(Tensor::relu, -2, 2);
    unary(Tensor::sqrt, 0.5, 3);
    unary(Tensor::abs, -2, 2);
    unary(Tensor::square, -2, 2);
    unary(Tensor::reciprocal, 0.5, 2);
    unary(x -> x.clamp(-0.5, 0.7), -1, 1);
  }

  @Test
  void kinksUseTheDocumentedSubgradient() {
    Tensor x = Tensor.of(-1, 0, 2).to(DType.FLOAT64).requiresGrad(true);
    x.relu().sum().backward();
    assertArrayEquals(new double[] {0, 0, 1}, x.grad().toDoubleArray());
    x.clearGrad();
    x.abs().sum().backward();
    assertArrayEquals(new double[] {-1, 0, 1}, x.grad().toDoubleArray());
    x.clearGrad();
    x.clamp(0, 2).sum().backward();
    assertArrayEquals(new double[] {0, 1, 1}, x.grad().toDoubleArray());
    x.clearGrad();
    x.maximum(Tensor.of(0, 0, 0).to(DType.FLOAT64)).sum().backward();
    assertArrayEquals(new double[] {0, 0.5, 1}, x.grad().toDoubleArray());
    Tensor y = Tensor.of(1, 3, 3, 2).requiresGrad(true);
    y.max().backward();
    assertArrayEquals(new double[] {0, 1, 0, 0}, y.grad().toDoubleArray());
    Tensor z = Tensor.of(new double[] {5, 1, 5, 1, 0, 0}, 2, 3).requiresGrad(true);
    z.max(1, false).sum().backward();
    assertArrayEquals(new double[] {1, 0, 0, 1, 0, 0}, z.grad().toDoubleArray());
    Tensor n = Tensor.zeros(3).requiresGrad(true);
    n.norm().backward();
    assertArrayEquals(new double[] {0, 0, 0}, n.grad().toDoubleArray());
  }

  @Test
  void reductions() {
    Tensor x = r(-1, 1, 2, 3, 4);
    checkGrad(a -> a[0].sum(), TOL, x);
    checkGrad(a -> a[0].mean(), TOL, x);
    checkGrad(a -> a[0].max(), TOL, x);
    checkGrad(a -> a[0].min(), TOL, x);
    checkGrad(a -> a[0].norm(), TOL, x);
    for (int dim = -3; dim < 3; dim++) {
      int d = dim;
      checkGrad(a -> a[0].sum(d, false), TOL, x);
      checkGrad(a -> a[0].sum(d, true), TOL, x);
      checkGrad(a -> a[0].mean(d, false), TOL, x);
      checkGrad(a -> a[0].mean(d, true), TOL, x);
      checkGrad(a -> a[0].max(d, false), TOL, x);
      checkGrad(a -> a[0].min(d, true), TOL, x);
      checkGrad(a -> a[0].logSumExp(d), TOL, x);
      checkGrad(a -> a[0].softmax(d), TOL, x);
      checkGrad(a -> a[0].logSoftmax(d), TOL, x);
    }
  }

  @Test
  void linearAlgebra() {
    checkGrad(a -> a[0].dot(a[1]), TOL, r(-1, 1, 5), r(-1, 1, 5));
    checkGrad(a -> a[0].matmul(a[1]), TOL, r(-1, 1, 3, 4), r(-1, 1, 4, 2));
    checkGrad(a -> a[0].t().matmul(a[1].t()), TOL, r(-1, 1, 4, 3), r(-1, 1, 2, 4));
    checkGrad(a -> a[0].matmul(a[1]), TOL, r(-1, 1, 4), r(-1, 1, 4, 2));
    checkGrad(a -> a[0].matmul(a[1]), TOL, r(-1, 1, 3, 4), r(-1, 1, 4));
    checkGrad(a -> a[0].matmul(a[1]), TOL, r(-1, 1, 2, 1, 3, 4), r(-1, 1, 2, 4, 2));
    checkGrad(a -> a[0].matmul(a[1]), TOL, r(-1, 1, 2, 3, 4), r(-1, 1, 4, 5));
    checkGrad(a -> a[0].matmul(a[1]), TOL, r(-1, 1, 3, 4), r(-1, 1, 2, 4, 5));
  }

  @Test
  void shapeOperations() {
    Tensor x = r(-1, 1, 2, 3, 4);
    checkGrad(a -> a[0].transpose(0, 2), TOL, x);
    checkGrad(a -> a[0].permute(2, 0, 1), TOL, x);
    checkGrad(a -> a[0].reshape(4, -1), TOL, x);
    checkGrad(a -> a[0].transpose(1, 2).reshape(6, 4), TOL, x);
    checkGrad(a -> a[0].flatten(), TOL, x);
    checkGrad(a -> a[0].unsqueeze(1), TOL, x);
    checkGrad(a -> a[0].unsqueeze(1).squeeze(1), TOL, x);
    checkGrad(a -> a[0].slice(2, 1, 3), TOL, x);
    checkGrad(a -> a[0].select(1, 2), TOL, x);
    checkGrad(a -> a[0].indexSelect(2, new int[] {3, 0, 3}), TOL, x);
    checkGrad(a -> a[0].indexAdd(new int[] {2, 3, 5}, 2, new int[] {4, 0, 4, 1}), TOL, r(-1, 1, 2, 3, 4));
    checkGrad(a -> a[0].sliceScatter(new int[] {2, 5, 4}, 1, 1, 4), TOL, x);
    checkGrad(a -> a[0].expand(2, 3, 4), TOL, r(-1, 1, 3, 1));
    checkGrad(a -> a[0].sumToShape(3, 1), TOL, r(-1, 1, 2, 3, 4));
    checkGrad(a -> a[0].copy(), TOL, x);
    checkGrad(a -> a[0].transpose(0, 1).contiguous(), TOL, x);
    checkGrad(a -> Tensor.cat(1, a[0], a[1]), TOL, r(-1, 1, 2, 3), r(-1, 1, 2, 5));
    checkGrad(a -> Tensor.stack(0, a[0], a[1]), TOL, r(-1, 1, 2, 3), r(-1, 1, 2, 3));
    // More than two inputs (a node keeps inputs 2 and on apart from the first two): a constant among them, one
    // input computed from another, the same tensor twice.
    Tensor constant = r(-1, 1, 2, 2);
    checkGrad(a -> Tensor.cat(1, a[0], a[1].sin(), constant, a[2].mul(a[0])), TOL,
        r(-1, 1, 2, 3), r(-1, 1, 2, 5), r(-1, 1, 2, 3));
    checkGrad(a -> Tensor.stack(0, a[0], a[1], a[0].exp(), a[1]), TOL, r(-1, 1, 2, 3), r(-1, 1, 2, 3));
    Tensor cond = Tensor.of(new double[] {1, 0, 1, 0, 0, 1}, 2, 3).to(DType.FLOAT64);
    checkGrad(a -> Tensor.where(cond, a[0], a[1]), TOL, r(-1, 1, 2, 3), r(-1, 1, 3));
  }

  @Test
  void powAtBaseZeroFollowsPyTorch() {
    Tensor x = Tensor.of(0.0, 2.0).requiresGrad(true);
    Tensor p = Tensor.of(2.0, 3.0).requiresGrad(true);
    x.pow(p).sum().backward();
    assertEquals(0, p.grad().get(0));
    assertEquals(8 * Math.log(2), p.grad().get(1), 1e-5);
    assertArrayEquals(new double[] {0, 12}, x.grad().toDoubleArray());
    Tensor b = Tensor.of(0.0).requiresGrad(true);
    b.pow(Tensor.of(0.0)).sum().backward();
    assertEquals(0, b.grad().get(0));
  }

  @Test
  void stackHasItsOwnName() {
    Tensor x = Tensor.of(1, 2).requiresGrad(true);
    assertEquals("StackBackward", Tensor.stack(0, x, x).gradFn());
  }

  @Test
  void dtypeConversionIsDifferentiable() {
    Tensor x = Tensor.of(1, 2).to(DType.FLOAT64).requiresGrad(true);
    Tensor y = x.to(DType.FLOAT32).mul(3).sum();
    y.backward();
    assertEquals(DType.FLOAT64, x.grad().dtype());
    assertArrayEquals(new double[] {3, 3}, x.grad().toDoubleArray());
  }

  @Test
  void losses() {
    int[] targets = {2, 0, 1};
    checkGrad(a -> Tensor.crossEntropy(a[0], targets), TOL, r(-2, 2, 3, 4));
    checkGrad(a -> a[0].mseLoss(a[1]), TOL, r(-2, 2, 3, 4), r(-2, 2, 3, 4));
  }

  /** Graphs where intermediates feed several consumers, so gradients fan out and meet again. */
  private static final List<Function<Tensor[], Tensor>> SHARED = List.of(
      a -> {
        Tensor e = a[0].exp();
        Tensor b = e.mul(e);
        Tensor c = b.neg().add(e);
        Tensor d = c.mul(a[0]).sin();
        return d.add(d).mul(3).add(b.sum()).mul(c);
      },
      a -> {
        Tensor h = a[0].mul(2).add(1);
        Tensor s = h.square().mul(h).neg();
        return s.add(h.mul(-0.5)).add(a[0].tanh().mul(h)).sum().mul(h).exp().mul(0.01);
      },
      a -> {
        Tensor x = a[0].reshape(2, 3);
        Tensor y = x.matmul(x.t()).mul(0.5);
        Tensor z = y.softmax(1).mul(y).sum(0, false);
        return z.add(x.sum(1, false)).mul(z);
      });

  @Test
  void sharedIntermediatesGetCorrectGradients() {
    for (Function<Tensor[], Tensor> f : SHARED) {
      Tensor x0 = r(-1, 1, 6);
      checkGrad(f, TOL, x0);
      // backward() into grad(), Autograd.grad, and the recorded (CREATE_GRAPH) pass agree exactly
      Tensor x = x0.detach().requiresGrad(true);
      Tensor seed = r(0.5, 1.5, f.apply(new Tensor[] {x0}).shape());
      f.apply(new Tensor[] {x}).backward(seed);
      Tensor viaGrad = Autograd.grad(List.of(f.apply(new Tensor[] {x})), List.of(x), List.of(seed)).get(0);
      Tensor viaCreate = Autograd.grad(List.of(f.apply(new Tensor[] {x})), List.of(x), List.of(seed),
          GradOption.CREATE_GRAPH).get(0);
      assertArrayEquals(x.grad().toDoubleArray(), viaGrad.toDoubleArray(), 1e-12);
      assertArrayEquals(viaCreate.toDoubleArray(), viaGrad.toDoubleArray(), 1e-12);
    }
  }

  @Test
  void seedIsNeverModified() {
    Tensor x = Tensor.of(1, 2, 3).requiresGrad(true);
    Tensor seed = Tensor.of(1, 1, 1);
    x.mul(2).neg().exp().backward(seed);
    assertArrayEquals(new double[] {1, 1, 1}, seed.toDoubleArray());
    Tensor s2 = Tensor.scalar(1);
    x.sum().mul(3).neg().backward(s2);
    assertEquals(1, s2.item());
  }

  @Test
  void secondOrder() {
    checkSecondOrder(x -> x.pow(3), 1e-5, r(0.5, 2, 4));
    checkSecondOrder(Tensor::exp, 1e-5, r(-1, 1, 4));
    checkSecondOrder(Tensor::sin, 1e-5, r(-2, 2, 4));
    checkSecondOrder(Tensor::tanh, 1e-5, r(-2, 2, 4));
    checkSecondOrder(Tensor::sigmoid, 1e-5, r(-2, 2, 4));
    checkSecondOrder(Tensor::log, 1e-5, r(0.5, 2, 4));
    checkSecondOrder(x -> x.mul(x).div(x.add(3)), 1e-5, r(0.5, 2, 4));
    checkSecondOrder(x -> x.softmax(0).mul(Tensor.of(1, 2, 3, 4).to(DType.FLOAT64)), 1e-5, r(-1, 1, 4));
    checkSecondOrder(x -> x.logSumExp(0), 1e-5, r(-1, 1, 4));
    checkSecondOrder(x -> x.reshape(2, 2).matmul(x.reshape(2, 2)), 1e-5, r(-1, 1, 4));
    checkSecondOrder(x -> Tensor.crossEntropy(x.reshape(2, 2), new int[] {1, 0}), 1e-5, r(-1, 1, 4));
    checkSecondOrder(x -> x.norm(), 1e-5, r(0.5, 1, 4));
  }
}
