package dev.adjoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Second derivatives through operations whose first derivative is piecewise constant. The expected
 * numbers were printed by PyTorch 1.13 (Debian, float64) for the same inputs: the first gradient of
 * {@code sum(f(x)^2)} (and of {@code sum(f(x))}), then the gradient of that gradient's sum.
 */
class SecondOrderPiecewiseTest {
  private static final double[] X = {-1.5, 0.0, 2.0, 3.0};
  private static final double[] OTHER = {0.0, 0.0, 2.0, 5.0};

  static Stream<Arguments> squaredCases() {
    // f, PyTorch's d/dx sum(f(x)^2), PyTorch's d/dx sum(that gradient)
    return Stream.of(
        Arguments.of("clamp", (Function<Tensor, Tensor>) t -> t.clamp(-1, 2.5),
            new double[] {0, 0, 4, 0}, new double[] {0, 2, 2, 0}),
        Arguments.of("maximum", (Function<Tensor, Tensor>) t -> t.maximum(other()),
            new double[] {0, 0, 2, 0}, new double[] {0, 0.5, 0.5, 0}),
        Arguments.of("minimum", (Function<Tensor, Tensor>) t -> t.minimum(other()),
            new double[] {-3, 0, 2, 6}, new double[] {2, 0.5, 0.5, 2}),
        Arguments.of("max(dim)", (Function<Tensor, Tensor>) t -> t.reshape(2, 2).max(1, false),
            new double[] {0, 0, 0, 6}, new double[] {0, 2, 0, 2}),
        Arguments.of("min(dim)", (Function<Tensor, Tensor>) t -> t.reshape(2, 2).min(1, false),
            new double[] {-3, 0, 4, 0}, new double[] {2, 0, 2, 0}));
  }

  private static Tensor other() {
    return Tensor.of(DType.FLOAT64, OTHER, 4);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("squaredCases")
  void secondDerivativeOfSquareMatchesPyTorch(String name, Function<Tensor, Tensor> f, double[] first, double[] second) {
    Tensor x = Tensor.of(DType.FLOAT64, X, 4).requiresGrad(true);
    Tensor y = f.apply(x);
    Tensor g = Autograd.grad(y.mul(y).sum(), x, GradOption.CREATE_GRAPH);
    assertArrayEquals(first, g.toDoubleArray(), 1e-12, name + " first derivative");
    Tensor h = Autograd.grad(g.sum(), x);
    assertArrayEquals(second, h.toDoubleArray(), 1e-12, name + " second derivative");
  }

  static Stream<Arguments> linearCases() {
    // f, PyTorch's d/dx sum(f(x)); the second derivative is zero everywhere
    return Stream.of(
        Arguments.of("relu", (Function<Tensor, Tensor>) Tensor::relu, new double[] {0, 0, 1, 1}),
        Arguments.of("abs", (Function<Tensor, Tensor>) Tensor::abs, new double[] {-1, 0, 1, 1}),
        Arguments.of("sign", (Function<Tensor, Tensor>) Tensor::sign, new double[] {0, 0, 0, 0}),
        Arguments.of("clamp", (Function<Tensor, Tensor>) t -> t.clamp(-1, 2.5), new double[] {0, 1, 1, 0}),
        Arguments.of("max", (Function<Tensor, Tensor>) Tensor::max, new double[] {0, 0, 0, 1}),
        Arguments.of("min", (Function<Tensor, Tensor>) Tensor::min, new double[] {1, 0, 0, 0}),
        Arguments.of("max(dim)", (Function<Tensor, Tensor>) t -> t.reshape(2, 2).max(1, false), new double[] {0, 1, 0, 1}),
        Arguments.of("min(dim)", (Function<Tensor, Tensor>) t -> t.reshape(2, 2).min(1, true), new double[] {1, 0, 1, 0}),
        Arguments.of("maximum", (Function<Tensor, Tensor>) t -> t.maximum(other()), new double[] {0, 0.5, 0.5, 0}),
        Arguments.of("minimum", (Function<Tensor, Tensor>) t -> t.minimum(other()), new double[] {1, 0.5, 0.5, 1}));
  }

  /**
   * The first derivative of {@code sum(f(x))} is piecewise constant and, as DESIGN §6 asks, still has a
   * {@code gradFn} under CREATE_GRAPH: differentiating it again gives zeros of x's shape (PyTorch gives
   * zeros where its graph is connected, relu and abs, and refuses elsewhere).
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("linearCases")
  void piecewiseConstantDerivativeStaysConnected(String name, Function<Tensor, Tensor> f, double[] first) {
    Tensor x = Tensor.of(DType.FLOAT64, X, 4).requiresGrad(true);
    Tensor g = Autograd.grad(f.apply(x).sum(), x, GradOption.CREATE_GRAPH);
    assertArrayEquals(first, g.toDoubleArray(), 1e-12, name + " first derivative");
    assertNotNull(g.gradFn(), name + ": the first derivative must stay connected to x under CREATE_GRAPH");
    List<Tensor> h = Autograd.grad(List.of(g.sum()), List.of(x), null, GradOption.ALLOW_UNUSED);
    assertNotNull(h.get(0), name + ": the graph is connected, so ALLOW_UNUSED gives zeros, not null");
    assertArrayEquals(new int[] {4}, h.get(0).shape());
    assertArrayEquals(new double[4], h.get(0).toDoubleArray(), 0.0, name + " second derivative");
  }

  static Stream<Arguments> inputChangedInPlaceCases() {
    // f, the shape y has, PyTorch's d/dx sum(f(y)) for y = x * 1 changed in place (y *= 2) before backward
    int[] flat = {4};
    int[] square = {2, 2};
    return Stream.of(
        Arguments.of("sign", (Function<Tensor, Tensor>) Tensor::sign, flat, new double[] {0, 0, 0, 0}),
        Arguments.of("max", (Function<Tensor, Tensor>) Tensor::max, flat, new double[] {0, 0, 0, 1}),
        Arguments.of("min", (Function<Tensor, Tensor>) Tensor::min, flat, new double[] {1, 0, 0, 0}),
        Arguments.of("max(dim)", (Function<Tensor, Tensor>) t -> t.max(1, false), square, new double[] {0, 1, 0, 1}),
        Arguments.of("min(dim)", (Function<Tensor, Tensor>) t -> t.min(1, true), square, new double[] {1, 0, 1, 0}));
  }

  /**
   * These rules read no value of their input (the arg-max is recorded at the forward pass), so like
   * PyTorch's sign, max(dim) and min(dim) they run after the input was changed in place (PyTorch
   * refuses for max() and min(), which save their input; the recorded index gives the same gradient).
   * The link that keeps the derivative connected under CREATE_GRAPH goes to the input's old graph.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("inputChangedInPlaceCases")
  void inputChangedInPlaceAfterwardsDoesNotStopBackward(String name, Function<Tensor, Tensor> f, int[] shape,
      double[] first) {
    Tensor x = Tensor.of(DType.FLOAT64, X, 4).requiresGrad(true);
    Tensor y = x.reshape(shape).mul(1);
    Tensor z = f.apply(y);
    y.mulInPlace(2);
    z.sum().backward();
    assertArrayEquals(first, x.grad().toDoubleArray(), 0.0, name + " first derivative");

    Tensor y2 = x.reshape(shape).mul(1);
    Tensor z2 = f.apply(y2);
    y2.mulInPlace(2);
    Tensor g = Autograd.grad(z2.sum(), x, GradOption.CREATE_GRAPH);
    assertNotNull(g.gradFn(), name + ": connected under CREATE_GRAPH");
    List<Tensor> h = Autograd.grad(List.of(g.sum()), List.of(x), null, GradOption.ALLOW_UNUSED);
    assertArrayEquals(new double[4], h.get(0).toDoubleArray(), 0.0, name + " second derivative");
  }

  /** PyTorch 1.13: torch.autograd.functional.hessian of the same function at the same point. */
  @Test
  void hessianOfReluNetworkMatchesPyTorch() {
    Tensor w1 = Tensor.of(new double[][] {{0.5, -1.0}, {1.5, 0.25}, {-0.75, 0.8}}).to(DType.FLOAT64);
    Tensor b1 = Tensor.of(DType.FLOAT64, new double[] {0.1, -0.2, 0.3}, 3);
    Tensor w2 = Tensor.of(new double[][] {{1.0, -2.0, 0.5}}).to(DType.FLOAT64);
    Function<Tensor, Tensor> f = v -> {
      Tensor hidden = w1.matmul(v).add(b1).relu();
      return w2.matmul(hidden).pow(2).sum().add(hidden.sum());
    };
    Tensor v = Tensor.of(DType.FLOAT64, new double[] {0.3, -0.7}, 2);
    assertTrue(Math.abs(f.apply(v).item() - 1.6649999999999998) < 1e-12);
    Tensor h = Autograd.hessian(f, v);
    assertArrayEquals(new int[] {2, 2}, h.shape());
    assertArrayEquals(new double[] {12.5, 7.5, 7.5, 4.5}, h.toDoubleArray(), 1e-12);
  }
}
