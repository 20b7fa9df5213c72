package dev.adjoint.sample.functional;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A function with a {@code @Derivative} rule, or a passive helper, is the user's code: it may be impure or
 * expensive, so a generated gradient runs it exactly as often as the method does, and its reverse sweep reads
 * the values the forward sweep got instead of calling it again. (The gradients themselves are checked against
 * central differences in {@link GeneratedGradientTest}.)
 */
class CustomRuleCallsTest {
  /** How often {@code run} calls the counted functions of {@link CustomRules}. */
  private static int calls(Supplier<?> run) {
    CustomRules.calls = 0;
    run.get();
    return CustomRules.calls;
  }

  private static void runsAsOftenAsTheMethod(int expected, Supplier<?> method, Supplier<?> gradient, String what) {
    assertEquals(expected, calls(method), what + ": the method itself");
    assertEquals(expected, calls(gradient), what + ": its generated gradient");
  }

  @Test
  void aValueTheReverseReadsIsTakenFromTheForwardSweep() {
    runsAsOftenAsTheMethod(1, () -> CustomRules.softplusTimesX(0.4, -1.2),
        () -> CustomRulesGradients.softplusTimesX(0.4, -1.2), "x * f(x y)");
  }

  @Test
  void eachTripOfALoopRunsTheFunctionOnce() {
    runsAsOftenAsTheMethod(4, () -> CustomRules.softplusChain(0.3),
        () -> CustomRulesGradients.softplusChain(0.3), "s = s * f(s x), four trips");
  }

  @Test
  void aBranchOfATernaryRunsTheFunctionOnce() {
    runsAsOftenAsTheMethod(1, () -> CustomRules.softplusBranch(0.7, 1),
        () -> CustomRulesGradients.softplusBranch(0.7, 1), "y > 0 ? f(x) * x : x");
    runsAsOftenAsTheMethod(0, () -> CustomRules.softplusBranch(0.7, -1),
        () -> CustomRulesGradients.softplusBranch(0.7, -1), "the other branch");
  }

  @Test
  void anArrayFunctionHandedToADifferentiableCalleeRunsOnce() {
    double[] x = {0.3, -0.7, 1.1, 0.4};
    runsAsOftenAsTheMethod(1, () -> CustomRules.squaresDot(x), () -> CustomRulesGradients.squaresDot(x),
        "dotWith(squares(x), x) * sin(x[0])");
  }

  @Test
  void aPassiveHelperInAnIndexRunsOncePerCall() {
    double[] x = {0.3, -0.7, 1.1, 0.4};
    // per trip: index(i) twice and the counted softplus once
    runsAsOftenAsTheMethod(12, () -> CustomRules.passiveIndex(x), () -> CustomRulesGradients.passiveIndex(x),
        "x[index(i)] * x[index(i)] * f(x[i])");
  }
}
