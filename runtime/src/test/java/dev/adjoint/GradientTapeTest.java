package dev.adjoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** TensorFlow's GradientTape semantics on top of the tape. */
class GradientTapeTest {

  private static void assertValues(double[] expected, Tensor t, double tol) {
    assertArrayEquals(expected, t.toDoubleArray(), tol);
  }

  @Test
  void nonPersistentTapeAnswersOnce() {
    Tensor x = Tensor.scalar(3.0);
    Tensor y;
    GradientTape tape = GradientTape.begin();
    try (tape) {
      tape.watch(x);
      y = x.pow(3);
    }
    assertFalse(tape.isPersistent());
    assertFalse(tape.isRecording());
    assertEquals(27.0, tape.gradient(y, x).item(), 1e-5);
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> tape.gradient(y, x));
    assertTrue(e.getMessage().contains("persistent"), e.getMessage());
  }

  @Test
  void persistentTapeAnswersRepeatedly() {
    Tensor x = Tensor.of(1.0, 2.0).requiresGrad(true);
    try (GradientTape tape = GradientTape.persistent()) {
      Tensor y = x.mul(x).sum();
      for (int i = 0; i < 3; i++) {
        assertValues(new double[] {2, 4}, tape.gradient(y, x), 0);
      }
    }
    assertNull(x.grad(), "a tape never accumulates into grad()");
  }

  @Test
  void nonScalarTargetGivesTheGradientOfItsSum() {
    Tensor x = Tensor.of(1.0, 2.0, 3.0);
    try (GradientTape tape = GradientTape.begin()) {
      tape.watch(x);
      Tensor y = x.mul(x); // [1, 4, 9], d sum / dx = 2x
      assertValues(new double[] {2, 4, 6}, tape.gradient(y, x), 0);
    }
  }

  @Test
  void listOfSourcesAndOutputGradients() {
    Tensor a = Tensor.of(1.0, 2.0);
    Tensor b = Tensor.of(3.0, 4.0);
    try (GradientTape tape = GradientTape.persistent()) {
      tape.watch(a, b);
      Tensor y = a.mul(b);
      List<Tensor> g = tape.gradient(y, List.of(a, b));
      assertValues(new double[] {3, 4}, g.get(0), 0);
      assertValues(new double[] {1, 2}, g.get(1), 0);
      List<Tensor> weighted = tape.gradient(y, List.of(a, b), Tensor.of(10.0, -1.0));
      assertValues(new double[] {30, -4}, weighted.get(0), 0);
      assertValues(new double[] {10, -2}, weighted.get(1), 0);
    }
  }

  @Test
  void watchedConstantIsRecordedOnlyInsideTheScope() {
    Tensor x = Tensor.scalar(2.0);
    assertFalse(x.requiresGrad());
    try (GradientTape tape = GradientTape.begin()) {
      tape.watch(x);
      assertTrue(x.requiresGrad());
      assertEquals(List.of(x), tape.watched());
    }
    assertFalse(x.requiresGrad(), "the tape switched requiresGrad off again");
    assertFalse(x.mul(x).requiresGrad(), "operations after the tape are not recorded");
  }

  @Test
  void unconnectedWatchedSourceGetsZeros() {
    Tensor x = Tensor.of(1.0, 2.0);
    Tensor unused = Tensor.of(5.0, 6.0, 7.0);
    try (GradientTape tape = GradientTape.begin()) {
      tape.watch(x, unused);
      Tensor y = x.exp().sum();
      List<Tensor> g = tape.gradient(y, List.of(x, unused));
      assertValues(new double[] {Math.exp(1), Math.exp(2)}, g.get(0), 1e-5);
      assertValues(new double[] {0, 0, 0}, g.get(1), 0);
    }
  }

  @Test
  void targetComputedOnlyFromConstantsHasZeroGradient() {
    Tensor x = Tensor.of(1.0, 2.0);
    try (GradientTape tape = GradientTape.begin()) {
      tape.watch(x);
      Tensor y = Tensor.of(3.0, 4.0).sum();
      assertValues(new double[] {0, 0}, tape.gradient(y, x), 0);
    }
  }

  @Test
  void nestedTapesGiveSecondDerivatives() {
    // TensorFlow:
    // with tf.GradientTape() as t2:
    //   with tf.GradientTape() as t1: y = x * x * x
    //   dy_dx = t1.gradient(y, x)        # 3x^2 = 27 at x = 3
    // d2y_dx2 = t2.gradient(dy_dx, x)    # 6x = 18
    Tensor x = Tensor.scalar(3.0);
    Tensor dydx;
    GradientTape outer = GradientTape.begin();
    try (outer) {
      outer.watch(x);
      try (GradientTape inner = GradientTape.begin()) {
        inner.watch(x);
        Tensor y = x.mul(x).mul(x);
        dydx = inner.gradient(y, x);
      }
      assertTrue(x.requiresGrad(), "still watched by the outer tape");
    }
    assertFalse(x.requiresGrad());
    assertEquals(27.0, dydx.item(), 1e-4);
    assertEquals(18.0, outer.gradient(dydx, x).item(), 1e-4);
  }

  @Test
  void persistentTapeDifferentiatesItsOwnGradient() {
    Tensor x = Tensor.scalar(2.0);
    try (GradientTape tape = GradientTape.persistent()) {
      tape.watch(x);
      Tensor y = x.pow(4);
      Tensor dy = tape.gradient(y, x);     // 4x^3 = 32
      Tensor d2y = tape.gradient(dy, x);   // 12x^2 = 48
      assertEquals(32.0, dy.item(), 1e-4);
      assertEquals(48.0, d2y.item(), 1e-4);
    }
  }

  @Test
  void jacobianOfAVectorFunction() {
    Tensor x = Tensor.of(2.0, Math.PI / 2);
    try (GradientTape tape = GradientTape.begin()) {
      tape.watch(x);
      Tensor a = x.select(0, 0);
      Tensor b = x.select(0, 1);
      Tensor f = Tensor.stack(0, a.pow(2).mul(b), a.mul(5).add(b.sin()));
      Tensor j = tape.jacobian(f, x);
      assertArrayEquals(new int[] {2, 2}, j.shape());
      assertValues(new double[] {2 * 2 * Math.PI / 2, 4, 5, 0}, j, 1e-5);
    }
  }

  @Test
  void tapeRecordsEvenInsideNoGrad() {
    Tensor x = Tensor.scalar(1.5);
    try (GradScope off = Autograd.noGrad()) {
      try (GradientTape tape = GradientTape.begin()) {
        assertTrue(Autograd.isGradEnabled());
        tape.watch(x);
        Tensor y = x.square();
        assertEquals(3.0, tape.gradient(y, x).item(), 1e-6);
      }
      assertFalse(Autograd.isGradEnabled(), "closing the tape restores the previous mode");
    }
  }

  @Test
  void misuseIsExplained() {
    Tensor c = Tensor.scalar(1.0);
    GradientTape tape = GradientTape.begin();
    tape.close();
    IllegalStateException closed = assertThrows(IllegalStateException.class, () -> tape.watch(c));
    assertTrue(closed.getMessage().contains("closed"), closed.getMessage());
    try (GradientTape t = GradientTape.begin()) {
      Tensor y = c.mul(2);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> t.gradient(y, c));
      assertTrue(e.getMessage().contains("tape.watch"), e.getMessage());
    }
  }

  @Test
  void stopRecordingPausesTheTape() {
    Tensor x = Tensor.scalar(2.0);
    try (GradientTape tape = GradientTape.begin()) {
      tape.watch(x);
      Tensor y = x.square();
      Tensor constant;
      try (GradScope paused = tape.stopRecording()) {
        constant = x.mul(10);
      }
      assertFalse(constant.requiresGrad());
      Tensor z = y.add(constant);
      assertEquals(4.0, tape.gradient(z, x).item(), 1e-6);
    }
  }

  @Test
  void nonPersistentTapeFreesTheGraph() {
    Tensor x = Tensor.scalar(2.0).requiresGrad(true);
    try (GradientTape tape = GradientTape.begin()) {
      Tensor y = x.exp();
      Tensor z = y.mul(y);
      assertEquals(2 * Math.exp(4), tape.gradient(z, x).item(), 1e-3);
      IllegalStateException e = assertThrows(IllegalStateException.class, z::backward);
      assertTrue(e.getMessage().contains("RETAIN_GRAPH"), e.getMessage());
    }
  }

  @Test
  void outputGradientMustMatchTheTarget() {
    Tensor x = Tensor.of(1.0, 2.0).requiresGrad(true);
    try (GradientTape tape = GradientTape.persistent()) {
      Tensor y = x.mul(3);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> tape.gradient(y, List.of(x), Tensor.ones(3)));
      assertTrue(e.getMessage().contains("outputGradient has shape [3]"), e.getMessage());
    }
  }

  @Test
  void severalTargetsAddUp() {
    Tensor x = Tensor.of(1.0, 2.0);
    try (GradientTape tape = GradientTape.begin()) {
      tape.watch(x);
      Tensor a = x.mul(x);          // d sum / dx = 2x
      Tensor b = x.mul(3).sum();    // 3
      Tensor c = Tensor.of(7.0);    // constant: contributes nothing
      List<Tensor> g = tape.gradient(List.of(a, b, c), List.of(x));
      assertValues(new double[] {5, 7}, g.get(0), 0);
    }
  }
}
