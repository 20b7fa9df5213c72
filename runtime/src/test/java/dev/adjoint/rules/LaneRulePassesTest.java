package dev.adjoint.rules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.Autograd;
import dev.adjoint.DType;
import dev.adjoint.GradScope;
import dev.adjoint.Lanes;
import dev.adjoint.Tensor;
import java.util.List;
import java.util.Random;
import java.util.function.BinaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The rules {@link TensorRules} runs in one pass over the lanes ({@link Lanes#rule}) give what the same
 * rules give on whole tensors, one operation at a time ({@link ElementwiseRules} with
 * {@link TensorRules#TENSORS}), at sizes around the vector length, in both element types; and while the tape
 * records, the rules stay tensor code (their result is recorded).
 */
class LaneRulePassesTest {
  private static final int[] SIZES = {1, 3, 7, 8, 15, 16, 17, 31, 33, 100, 1000};

  private record Case(String name, BinaryOperator<Tensor> onePass, BinaryOperator<Tensor> onTensors,
      BinaryOperator<Tensor> overSeed) {}

  private static final List<Case> CASES = List.of(
      new Case("sin", TensorRules::sin, (a, g) -> ElementwiseRules.sin(TensorRules.TENSORS, a, g),
          (a, g) -> TensorRules.sin(a, g, true)),
      new Case("cos", TensorRules::cos, (a, g) -> ElementwiseRules.cos(TensorRules.TENSORS, a, g),
          (a, g) -> TensorRules.cos(a, g, true)),
      new Case("tanFromResult", TensorRules::tanFromResult, (a, g) -> ElementwiseRules.tanFromResult(TensorRules.TENSORS, a, g),
          (a, g) -> TensorRules.tanFromResult(a, g, true)),
      new Case("tanhFromResult", TensorRules::tanhFromResult,
          (a, g) -> ElementwiseRules.tanhFromResult(TensorRules.TENSORS, a, g),
          (a, g) -> TensorRules.tanhFromResult(a, g, true)),
      new Case("sigmoidFromResult", TensorRules::sigmoidFromResult,
          (a, g) -> ElementwiseRules.sigmoidFromResult(TensorRules.TENSORS, a, g),
          (a, g) -> TensorRules.sigmoidFromResult(a, g, true)),
      new Case("sqrtFromResult", TensorRules::sqrtFromResult,
          (a, g) -> ElementwiseRules.sqrtFromResult(TensorRules.TENSORS, a, g),
          (a, g) -> TensorRules.sqrtFromResult(a, g, true)),
      new Case("square", (a, g) -> TensorRules.square(a, g), (a, g) -> ElementwiseRules.square(TensorRules.TENSORS, a, g, false),
          (a, g) -> TensorRules.square(a, g, true)),
      new Case("reciprocalFromResult", TensorRules::reciprocalFromResult,
          (a, g) -> ElementwiseRules.reciprocalFromResult(TensorRules.TENSORS, a, g),
          (a, g) -> TensorRules.reciprocalFromResult(a, g, true)));

  @Test
  void onePassAgreesWithTheRuleOnWholeTensors() {
    for (DType type : List.of(DType.FLOAT32, DType.FLOAT64)) {
      for (int n : SIZES) {
        Random rnd = new Random(n);
        Tensor a = argument(rnd, n, type);
        Tensor g = Tensor.randn(rnd, n).to(type);
        assertTrue(Lanes.fusable(a, g), "the operands take the one-pass path");
        for (Case c : CASES) {
          Tensor actual = c.onePass().apply(a, g);
          assertEquals(type, actual.dtype(), c.name());
          assertClose(c.onTensors().apply(a, g), actual, c.name() + " " + type + " n=" + n);
        }
      }
    }
  }

  @Test
  void aFreeSeedOfItsOwnIsOverwrittenAndASharedOneIsNot() {
    for (DType type : List.of(DType.FLOAT32, DType.FLOAT64)) {
      for (int n : SIZES) {
        Random rnd = new Random(n);
        Tensor a = argument(rnd, n, type);
        Tensor g = Tensor.randn(rnd, n).to(type);
        for (Case c : CASES) {
          double[] expected = c.onePass().apply(a, g).toDoubleArray();
          Tensor own = g.copy();
          Tensor result = c.overSeed().apply(a, own);
          assertSame(own, result, c.name() + ": the free seed holds the result");
          // within rounding: the JIT may compile the pass between the two calls, and the Vector API's sin in
          // compiled and in interpreted code may differ by an ulp
          assertClose(expected, result.toDoubleArray(), type, c.name() + " " + type + " n=" + n);
          // a reshaped tensor shares its storage: writing into it would change the tensor it views
          Tensor shared = g.copy();
          Tensor view = shared.reshape(1, n).reshape(n);
          assertTrue(view.isView() && Lanes.fusable(a, view), c.name());
          Tensor fresh = c.overSeed().apply(a, view);
          assertNotSame(view, fresh, c.name());
          assertClose(expected, fresh.toDoubleArray(), type, c.name() + " through a view");
          assertArrayEquals(g.toDoubleArray(), shared.toDoubleArray(), 0, c.name() + ": the viewed seed is unchanged");
        }
        Tensor shared = g.copy();
        Tensor view = shared.reshape(1, n).reshape(n);
        assertNotSame(view, Lanes.of(a).rule(Lanes.Rule.SIN, a, view, true), "the lanes do not write into a view");
        assertArrayEquals(g.toDoubleArray(), shared.toDoubleArray(), 0, "the lanes left the viewed seed alone");
      }
    }
  }

  @Test
  void aSeedBroadcastFromOneNumberIsReadAsThatNumber() {
    for (DType type : List.of(DType.FLOAT32, DType.FLOAT64)) {
      for (int n : SIZES) {
        Tensor a = argument(new Random(n), n, type);
        Tensor g = Tensor.scalar(-0.75, type).expand(n);   // the seed sum() hands back, scaled
        assertTrue(Lanes.fusableRule(a, g), "the broadcast seed takes the one-pass path");
        assertEquals(n == 1, Lanes.fusable(a, g), "only one element broadcast is contiguous");
        Tensor contiguous = g.copy();
        for (Case c : CASES) {
          Tensor actual = c.overSeed().apply(a, g);
          assertNotSame(g, actual, c.name());
          assertClose(c.onTensors().apply(a, contiguous), actual, c.name() + " " + type + " n=" + n);
          assertEquals(-0.75, g.get(0), 0, c.name() + ": the seed is unchanged");
        }
      }
    }
  }

  @Test
  void whileTheTapeRecordsTheRulesStayTensorCode() {
    Tensor x = Tensor.randn(new Random(3), 20).to(DType.FLOAT64).requiresGrad(true);
    Tensor g = Tensor.randn(new Random(4), 20).to(DType.FLOAT64);
    try (GradScope s = Autograd.enableGrad()) {
      assertFalse(Lanes.fusable(x, g));
      assertTrue(TensorRules.sin(x, g).requiresGrad(), "sin's rule recorded, for a second derivative");
      assertTrue(TensorRules.square(x, g).requiresGrad(), "square's rule recorded");
    }
  }

  /** Positive arguments keep sqrt's and the reciprocal's results finite. */
  private static Tensor argument(Random rnd, int n, DType type) {
    return Tensor.rand(rnd, n).mul(1.5).add(0.25).to(type);
  }

  private static void assertClose(Tensor expected, Tensor actual, String what) {
    assertClose(expected.toDoubleArray(), actual.toDoubleArray(), expected.dtype(), what);
  }

  private static void assertClose(double[] e, double[] v, DType type, String what) {
    double tol = type == DType.FLOAT32 ? 1e-6 : 1e-14;
    assertEquals(e.length, v.length, what);
    for (int i = 0; i < e.length; i++) {
      assertEquals(e[i], v[i], tol * Math.max(1, Math.abs(e[i])), what + " [" + i + "]");
    }
  }
}
