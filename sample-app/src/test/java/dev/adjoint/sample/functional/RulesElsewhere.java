package dev.adjoint.sample.functional;

/** A function whose rule is declared in another class ({@link CustomRules#cubeVjp}, the "pkg.Class#name" form). */
final class RulesElsewhere {
  private RulesElsewhere() {}

  static double cube(double x) {
    return x * x * x;
  }
}
