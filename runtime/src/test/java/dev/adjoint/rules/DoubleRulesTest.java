package dev.adjoint.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/** Every scalar rule against a central finite difference of its Math function, at several points. */
class DoubleRulesTest {
  private static final double SEED = 1.7;

  private interface Rule1 {
    double apply(double x, double seed);
  }

  private interface Rule2 {
    double apply(double x, double y, double seed);
  }

  private static void check(String name, DoubleUnaryOperator f, Rule1 rule, double... xs) {
    for (double x : xs) {
      double h = 1e-6 * Math.max(1, Math.abs(x));
      double fd = (f.applyAsDouble(x + h) - f.applyAsDouble(x - h)) / (2 * h);
      assertEquals(SEED * fd, rule.apply(x, SEED), 1e-6 * Math.max(1, Math.abs(fd)), name + " at " + x);
    }
  }

  private static void check2(String name, DoubleBinaryOperator f, Rule2 dx, Rule2 dy, double[][] points) {
    for (double[] p : points) {
      double x = p[0];
      double y = p[1];
      double h = 1e-6;
      double fdx = (f.applyAsDouble(x + h, y) - f.applyAsDouble(x - h, y)) / (2 * h);
      double fdy = (f.applyAsDouble(x, y + h) - f.applyAsDouble(x, y - h)) / (2 * h);
      assertEquals(SEED * fdx, dx.apply(x, y, SEED), 1e-6 * Math.max(1, Math.abs(fdx)), name + " d/dx at " + x + ", " + y);
      if (dy != null) {
        assertEquals(SEED * fdy, dy.apply(x, y, SEED), 1e-6 * Math.max(1, Math.abs(fdy)), name + " d/dy at " + x + ", " + y);
      }
    }
  }

  @Test
  void unaryRulesMatchFiniteDifferences() {
    double[] any = {-2.3, -0.4, 0.3, 1.1, 3.7};
    double[] unit = {-0.8, -0.3, 0.2, 0.7};
    double[] positive = {0.05, 0.6, 2.5, 40};
    check("sin", Math::sin, DoubleRules::sin, any);
    check("cos", Math::cos, DoubleRules::cos, any);
    check("tan", Math::tan, DoubleRules::tan, unit);
    check("asin", Math::asin, DoubleRules::asin, unit);
    check("acos", Math::acos, DoubleRules::acos, unit);
    check("atan", Math::atan, DoubleRules::atan, any);
    check("sinh", Math::sinh, DoubleRules::sinh, any);
    check("cosh", Math::cosh, DoubleRules::cosh, any);
    check("tanh", Math::tanh, DoubleRules::tanh, any);
    check("exp", Math::exp, DoubleRules::exp, any);
    check("expm1", Math::expm1, DoubleRules::expm1, any);
    check("log", Math::log, DoubleRules::log, positive);
    check("log10", Math::log10, DoubleRules::log10, positive);
    check("log1p", Math::log1p, DoubleRules::log1p, new double[] {-0.5, 0, 0.3, 7});
    check("sqrt", Math::sqrt, DoubleRules::sqrt, positive);
    check("cbrt", Math::cbrt, DoubleRules::cbrt, any);
    check("abs", Math::abs, DoubleRules::abs, any);
    check("toRadians", Math::toRadians, DoubleRules::toRadians, any);
    check("toDegrees", Math::toDegrees, DoubleRules::toDegrees, any);
    check("floor", Math::floor, DoubleRules::floor, new double[] {-2.3, 0.4, 1.5});
    check("ceil", Math::ceil, DoubleRules::ceil, new double[] {-2.3, 0.4, 1.6});
    check("rint", Math::rint, DoubleRules::rint, new double[] {-2.3, 0.4, 1.7});
    check("signum", Math::signum, DoubleRules::signum, new double[] {-2.3, 0.4});
  }

  @Test
  void rulesFromTheResultMatchFiniteDifferencesAndTheArgumentForm() {
    double[] positive = {0.05, 0.4, 1.1, 3.7};
    double[] any = {-2.3, -0.4, 0.3, 1.1, 3.7};
    check("expFromResult", Math::exp, (x, s) -> DoubleRules.expFromResult(Math.exp(x), s), any);
    check("tanhFromResult", Math::tanh, (x, s) -> DoubleRules.tanhFromResult(Math.tanh(x), s), any);
    check("sqrtFromResult", Math::sqrt, (x, s) -> DoubleRules.sqrtFromResult(Math.sqrt(x), s), positive);
    check("cbrtFromResult", Math::cbrt, (x, s) -> DoubleRules.cbrtFromResult(Math.cbrt(x), s), any);
    // generated code may use either form for the same call: they must agree to the last bit
    for (double x : any) {
      assertEquals(DoubleRules.exp(x, SEED), DoubleRules.expFromResult(Math.exp(x), SEED), 0.0);
      assertEquals(DoubleRules.tanh(x, SEED), DoubleRules.tanhFromResult(Math.tanh(x), SEED), 0.0);
      assertEquals(DoubleRules.cbrt(x, SEED), DoubleRules.cbrtFromResult(Math.cbrt(x), SEED), 0.0);
    }
    for (double x : positive) {
      assertEquals(DoubleRules.sqrt(x, SEED), DoubleRules.sqrtFromResult(Math.sqrt(x), SEED), 0.0);
    }
  }

  @Test
  void binaryRulesMatchFiniteDifferences() {
    double[][] points = {{0.7, 1.3}, {2.1, -0.6}, {1.4, 0.9}, {-1.2, 0.5}};
    double[][] positiveBase = {{0.7, 1.3}, {2.1, -0.6}, {1.4, 0.9}, {3.0, 2.0}};
    check2("pow", Math::pow, DoubleRules::powX, DoubleRules::powY, positiveBase);
    check2("atan2", Math::atan2, DoubleRules::atan2Y, DoubleRules::atan2X, points);
    check2("hypot", Math::hypot, DoubleRules::hypotX, DoubleRules::hypotY, points);
    check2("max", Math::max, DoubleRules::maxX, DoubleRules::maxY, points);
    check2("min", Math::min, DoubleRules::minX, DoubleRules::minY, points);
    check2("IEEEremainder", Math::IEEEremainder, DoubleRules::IEEEremainderX, DoubleRules::IEEEremainderY,
        new double[][] {{0.7, 1.3}, {5.3, 2.0}});
    check2("copySign", Math::copySign, DoubleRules::copySignMagnitude, null, points);
  }

  @Test
  void subgradientsFollowPyTorch() {
    assertEquals(0, DoubleRules.abs(0, SEED));
    assertEquals(0.5 * SEED, DoubleRules.maxX(2, 2, SEED));
    assertEquals(0.5 * SEED, DoubleRules.maxY(2, 2, SEED));
    assertEquals(0.5 * SEED, DoubleRules.minX(2, 2, SEED));
    assertEquals(0, DoubleRules.powX(0, 0, SEED));
    assertEquals(0, DoubleRules.powY(0, 2, SEED));
    assertEquals(0, DoubleRules.hypotX(0, 0, SEED));
  }

  @Test
  void fmaAndScalbAndFloatOverloads() {
    assertEquals(SEED * 3, DoubleRules.fmaA(2, 3, 4, SEED));
    assertEquals(SEED * 2, DoubleRules.fmaB(2, 3, 4, SEED));
    assertEquals(SEED, DoubleRules.fmaC(2, 3, 4, SEED));
    assertEquals(SEED * 8, DoubleRules.scalb(1.5, 3, SEED));
    assertEquals(-1.5f, DoubleRules.abs(-2f, 1.5f));
    assertEquals(0.75f, DoubleRules.maxX(1f, 1f, 1.5f));
  }

  /**
   * Every rule of a rule ({@code sinWrtX}: the derivative of the rule {@code sin(x, seed)} in x) against central
   * differences of the rule itself, at points away from kinks and the edges of each domain ({@code name:k} is the
   * argument it differentiates).
   */
  @Test
  void rulesOfRulesAreTheRulesDerivatives() throws Exception {
    String[] rulesOfRules = {"sinWrtX:0", "cosWrtX:0", "sinFromCosWrtCosX:0", "cosFromSinWrtSinX:0", "tanWrtX:0",
        "asinWrtX:0", "acosWrtX:0", "atanWrtX:0", "sinhWrtX:0", "coshWrtX:0", "tanhWrtX:0", "tanhFromResultWrtY:0",
        "expWrtX:0", "expFromResultWrtY:0", "expm1WrtX:0", "logWrtX:0", "log10WrtX:0", "log1pWrtX:0", "sqrtWrtX:0",
        "sqrtFromResultWrtY:0", "cbrtWrtX:0", "cbrtFromResultWrtY:0", "powXWrtX:0", "powXWrtY:1", "powYWrtX:0",
        "powYWrtY:1", "atan2YWrtY:0", "atan2YWrtX:1", "atan2XWrtY:0", "atan2XWrtX:1", "hypotXWrtX:0", "hypotXWrtY:1",
        "hypotYWrtX:0", "hypotYWrtY:1"};
    double[][] points = {{0.3, 0.7}, {0.62, 1.4}, {0.45, -0.8}};
    double dot = 0.9;
    for (String entry : rulesOfRules) {
      String name = entry.substring(0, entry.indexOf(':'));
      int k = Integer.parseInt(entry.substring(entry.indexOf(':') + 1));
      String ruleName = name.substring(0, name.indexOf("Wrt"));
      int arity = k + 1;
      java.lang.reflect.Method rule = null;
      for (int n = 1; n <= 2 && rule == null; n++) {
        try {
          Class<?>[] types = new Class<?>[n + 1];
          java.util.Arrays.fill(types, double.class);
          rule = DoubleRules.class.getMethod(ruleName, types);
          arity = n;
        } catch (NoSuchMethodException tryMore) {
          // one argument more
        }
      }
      Class<?>[] types = new Class<?>[arity + 2];
      java.util.Arrays.fill(types, double.class);
      java.lang.reflect.Method second = DoubleRules.class.getMethod(name, types);
      for (double[] point : points) {
        Object[] args = new Object[arity + 1];
        for (int i = 0; i < arity; i++) {
          args[i] = point[i];
        }
        args[arity] = SEED;
        double h = 1e-6;
        Object[] up = args.clone();
        Object[] down = args.clone();
        up[k] = point[k] + h;
        down[k] = point[k] - h;
        double fd = ((double) rule.invoke(null, up) - (double) rule.invoke(null, down)) / (2 * h);
        Object[] withDot = java.util.Arrays.copyOf(args, arity + 2);
        withDot[arity + 1] = dot;
        double got = (double) second.invoke(null, withDot);
        assertEquals(dot * fd, got, 1e-6 * Math.max(1, Math.abs(fd)), name + " at " + java.util.Arrays.toString(point));
      }
    }
  }
}
