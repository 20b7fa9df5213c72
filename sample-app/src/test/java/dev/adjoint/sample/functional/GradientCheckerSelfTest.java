package dev.adjoint.sample.functional;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The checker accepts a correct gradient and rejects wrong ones, so a passing functional test means something. */
class GradientCheckerSelfTest {

  @Test
  void acceptsCorrectGradient() {
    assertDoesNotThrow(() -> GradientChecker.check(GradientCase.of(HandWritten.class, "f").d("x", -2, 2).d("y", -2, 2)));
  }

  @Test
  void rejectsGradientOffByOnePercent() {
    AssertionFailedError e = assertThrows(AssertionFailedError.class,
        () -> GradientChecker.check(GradientCase.of(HandWritten.class, "g").d("x", -2, 2)));
    assertTrue(e.getMessage().contains("finite differences give"), e.getMessage());
  }

  @Test
  void rejectsVjpIgnoringArraySeed() {
    AssertionFailedError e = assertThrows(AssertionFailedError.class,
        () -> GradientChecker.check(GradientCase.of(HandWritten.class, "h").d("x", -2, 2)));
    assertTrue(e.getMessage().contains("hVjp dX"), e.getMessage());
  }

  @Test
  void rejectsWrongComponentNames() {
    // Declaring the parameter as "z" makes the checker expect component dZ, which the record lacks.
    AssertionFailedError e = assertThrows(AssertionFailedError.class,
        () -> GradientChecker.check(GradientCase.of(HandWritten.class, "g").d("z", -2, 2)));
    assertTrue(e.getMessage().contains("expected [value, dZ]"), e.getMessage());
  }
}
