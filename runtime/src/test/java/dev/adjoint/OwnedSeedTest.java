package dev.adjoint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The backward pass lets a one-pass rule (sin, tanh, square, ...) write its result over the gradient it was
 * given when nothing else holds that gradient, and only then; a gradient that is one number broadcast (what
 * {@code sum()} hands back) is read as that number. Each case runs at a size with a partial last
 * vector, in both element types, and compares {@code x.grad()} with the derivative written out here.
 */
class OwnedSeedTest {
  private record Unary(String name, UnaryOperator<Tensor> op, DoubleUnaryOperator derivative) {}

  private static final List<Unary> OPS = List.of(
      new Unary("sin", Tensor::sin, Math::cos),
      new Unary("cos", Tensor::cos, x -> -Math.sin(x)),
      new Unary("tan", Tensor::tan, x -> 1 + Math.tan(x) * Math.tan(x)),
      new Unary("tanh", Tensor::tanh, x -> 1 - Math.tanh(x) * Math.tanh(x)),
      new Unary("sigmoid", Tensor::sigmoid, x -> Math.exp(-x) / ((1 + Math.exp(-x)) * (1 + Math.exp(-x)))),
      new Unary("sqrt", Tensor::sqrt, x -> 0.5 / Math.sqrt(x)),
      new Unary("square", Tensor::square, x -> 2 * x),
      new Unary("reciprocal", Tensor::reciprocal, x -> -1 / (x * x)));

  private static final int N = 37;

  @Test
  void aGradientOnlyTheRuleHoldsMayBeOverwritten() {
    // mul(3)'s rule makes a new gradient, so op's rule is handed one it owns
    for (DType type : List.of(DType.FLOAT32, DType.FLOAT64)) {
      for (Unary u : OPS) {
        Tensor x = positive(type);
        u.op().apply(x).mul(3).sum().backward();
        assertGrad(x, v -> 3 * u.derivative().applyAsDouble(v), u.name() + " " + type);
      }
    }
  }

  @Test
  void theSeedOfSumIsOneNumberBroadcast() {
    for (DType type : List.of(DType.FLOAT32, DType.FLOAT64)) {
      for (Unary u : OPS) {
        Tensor x = positive(type);
        u.op().apply(x).sum().backward();
        assertGrad(x, u.derivative(), u.name() + " " + type);
      }
    }
  }

  @Test
  void aGradientHandedToTwoRulesIsNotOverwrittenByTheFirst() {
    // add's rule hands the same gradient to both operands: neither may write over it
    for (DType type : List.of(DType.FLOAT32, DType.FLOAT64)) {
      for (Unary u : OPS) {
        for (Unary w : OPS) {
          Tensor x = positive(type);
          u.op().apply(x).add(w.op().apply(x)).mul(3).sum().backward();
          assertGrad(x, v -> 3 * (u.derivative().applyAsDouble(v) + w.derivative().applyAsDouble(v)),
              u.name() + " + " + w.name() + " " + type);
        }
      }
    }
  }

  @Test
  void aChainOfRulesOverwritesOneGradientInTurn() {
    for (DType type : List.of(DType.FLOAT32, DType.FLOAT64)) {
      Tensor x = positive(type);
      x.square().sin().tanh().mul(2).sum().backward();
      assertGrad(x, v -> {
        double s = Math.sin(v * v);
        double t = Math.tanh(s);
        return 2 * (1 - t * t) * Math.cos(v * v) * 2 * v;
      }, "tanh(sin(x^2)) " + type);
    }
  }

  /** Leaf values in [0.2, 1.2]: inside every operation's domain, away from tan's poles. */
  private static Tensor positive(DType type) {
    return Tensor.rand(new Random(11), N).add(0.2).to(type).requiresGrad(true);
  }

  private static void assertGrad(Tensor x, DoubleUnaryOperator expected, String what) {
    double[] values = x.toDoubleArray();
    double[] grad = x.grad().toDoubleArray();
    double tol = x.dtype() == DType.FLOAT32 ? 2e-5 : 1e-12;
    assertEquals(N, grad.length, what);
    for (int i = 0; i < N; i++) {
      double e = expected.applyAsDouble(values[i]);
      assertEquals(e, grad[i], tol * Math.max(1, Math.abs(e)), what + " at " + i);
    }
  }
}
