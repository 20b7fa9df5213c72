package dev.adjoint.processor.lower;

import dev.adjoint.processor.ir.JType;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Maps a {@code java.lang.Math} (or {@code StrictMath}) method to the names of its rules in
 * {@code dev.adjoint.rules.DoubleRules}. Only names live here: the derivative formulas are written
 * once, in DoubleRules.
 */
public final class MathFunctions {
  public static final String RULES_CLASS = "dev.adjoint.rules.DoubleRules";

  /** One-argument functions whose rule has the function's name. */
  private static final Set<String> UNARY =
      Set.of(
          "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "exp", "expm1", "log",
          "log10", "log1p", "sqrt", "cbrt", "abs", "toRadians", "toDegrees", "nextUp", "nextDown",
          "floor", "ceil", "rint", "signum", "ulp");

  /** Functions of several arguments: one rule per argument, null where the derivative is zero. */
  private static final Map<String, List<String>> MULTI =
      Map.of(
          "pow", List.of("powX", "powY"),
          "atan2", List.of("atan2Y", "atan2X"),
          "hypot", List.of("hypotX", "hypotY"),
          "max", List.of("maxX", "maxY"),
          "min", List.of("minX", "minY"),
          "IEEEremainder", List.of("IEEEremainderX", "IEEEremainderY"),
          "copySign", nullable("copySignMagnitude", null),
          "scalb", nullable("scalb", null),
          "fma", List.of("fmaA", "fmaB", "fmaC"),
          "clamp", List.of("clampValue", "clampMin", "clampMax"));

  /**
   * One-argument functions whose derivative is cheapest from their result ({@code exp}: the result itself):
   * the rule taking the result, used where the generated code keeps the forward value.
   */
  private static final Map<String, String> RESULT_RULES =
      Map.of("exp", "expFromResult", "tanh", "tanhFromResult", "sqrt", "sqrtFromResult", "cbrt", "cbrtFromResult");

  /**
   * One-argument functions whose derivative another function's value at the same argument gives (sine: the
   * cosine), with the rule taking that value: where generated code holds that value in a local.
   */
  private static final Map<String, List<String>> COMPANION_RULES =
      Map.of("sin", List.of("cos", "sinFromCos"), "cos", List.of("sin", "cosFromSin"));

  private MathFunctions() {}

  /**
   * For a one-argument function, the function whose value at the same argument its derivative reads and the
   * rule taking {@code (that value, seed)}: its own result for {@link #resultRule} functions, the cosine for
   * the sine, the sine for the cosine; null if none.
   */
  public static List<String> heldValueRule(String name) {
    String own = RESULT_RULES.get(name);
    return own != null ? List.of(name, own) : COMPANION_RULES.get(name);
  }

  /** The name of the rule taking {@code (result, seed)} for a one-argument function, or null if it has none. */
  public static String resultRule(String name) {
    return RESULT_RULES.get(name);
  }

  private static List<String> nullable(String... names) {
    return Collections.unmodifiableList(java.util.Arrays.asList(names));
  }

  /** True for {@code java.lang.Math} and {@code java.lang.StrictMath}. */
  public static boolean isMathClass(String qualifiedName) {
    return qualifiedName.equals("java.lang.Math") || qualifiedName.equals("java.lang.StrictMath");
  }

  /**
   * The rule names per argument, or null if this function has no rule (a call on an active
   * value is then not differentiable). Functions with an integral result or no floating
   * arguments get a list of nulls: they carry no derivative.
   */
  public static List<String> rules(String name, List<JType> params, JType result) {
    boolean floatingArgs = params.stream().anyMatch(JType::isFloating);
    if (!result.isFloating() || !floatingArgs) {
      return Collections.nCopies(params.size(), null);
    }
    if (params.size() == 1 && UNARY.contains(name)) {
      return List.of(name);
    }
    List<String> multi = MULTI.get(name);
    if (multi != null && multi.size() == params.size()) {
      return multi;
    }
    return null;
  }
}
