package dev.adjoint.sample.tape;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * The twin checker accepts a gradient that agrees with the tape and rejects one that is off by far less
 * than finite differences could see, so a passing {@link TapeTwinTest} means something.
 */
class TwinCheckerSelfTest {
  /** Shaped like a generated record: value first, then one component per differentiated parameter. */
  record FGradient(double value, double dX) {}

  record VGradient(double[] value, double dX) {}

  record FloatGradient(float value, float dX) {}

  /** f(x) = x sin x, with its exact gradient times {@code factor}. */
  private static TwinCase xSinX(double factor) {
    return TwinCase.of("x sin x",
        a -> new FGradient(a.d(0) * Math.sin(a.d(0)), factor * (Math.sin(a.d(0)) + a.d(0) * Math.cos(a.d(0)))),
        t -> t[0].mul(t[0].sin())).d(-2, 2);
  }

  @Test
  void acceptsAgreeingGradient() {
    assertDoesNotThrow(() -> TwinChecker.check(xSinX(1)));
  }

  @Test
  void rejectsGradientOffByOnePartInTenMillion() {
    AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> TwinChecker.check(xSinX(1 + 1e-7)));
    assertTrue(e.getMessage().contains("dX: generated"), e.getMessage());
    assertTrue(e.getMessage().contains("(Autograd.grad)") && e.getMessage().contains("(backward)"), e.getMessage());
  }

  @Test
  void rejectsWrongValue() {
    TwinCase c = TwinCase.of("x sin x + 1e-6",
        a -> new FGradient(a.d(0) * Math.sin(a.d(0)) + 1e-6, Math.sin(a.d(0)) + a.d(0) * Math.cos(a.d(0))),
        t -> t[0].mul(t[0].sin())).d(-2, 2);
    AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> TwinChecker.check(c));
    assertTrue(e.getMessage().contains("value: generated"), e.getMessage());
  }

  @Test
  void rejectsVjpIgnoringArraySeed() {
    // v(x) = (x, 2x): the vjp with seed s is s0 + 2 s1; this one uses seed (1, 1) whatever it is given.
    TwinCase c = TwinCase.of("(x, 2x)",
        a -> new VGradient(new double[] {a.d(0), 2 * a.d(0)}, 3),
        t -> Tape.stack(t[0], t[0].mul(2))).d(-2, 2).arrayResult(2);
    AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> TwinChecker.check(c));
    assertTrue(e.getMessage().contains("dX: generated 3.0"), e.getMessage());
  }

  @Test
  void floatCaseGetsFloatTolerance() {
    TwinCase c = TwinCase.of("float x sin x",
        a -> new FloatGradient((float) Math.sin(a.f(0)) * a.f(0),
            (float) Math.sin(a.f(0)) + a.f(0) * (float) Math.cos(a.f(0))),
        t -> t[0].mul(t[0].sin())).f(-2, 2);
    assertDoesNotThrow(() -> TwinChecker.check(c));
  }

  @Test
  void knownBugThatStillReproducesIsAborted() {
    TestAbortedException e = assertThrows(TestAbortedException.class,
        () -> TwinChecker.check(xSinX(2).knownBug("#0 self-test")));
    assertTrue(e.getMessage().contains("known bug #0 self-test still reproduces"), e.getMessage());
  }

  @Test
  void knownBugThatNoLongerReproducesFails() {
    AssertionFailedError e = assertThrows(AssertionFailedError.class,
        () -> TwinChecker.check(xSinX(1).knownBug("#0 self-test")));
    assertTrue(e.getMessage().contains("known bug #0 self-test is fixed"), e.getMessage());
  }
}
