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

  /**
   * The rules of the rules: for a rule of {@code DoubleRules} that code differentiating generated code meets, the
   * rule of each of its arguments before the seed ({@code sin(x, seed)}: {@code sinWrtX}), called as
   * {@code (arguments, seed, dot)}; null where that derivative is zero: the rules of piecewise-linear functions
   * ({@code abs}, {@code max}, {@code min}) are constant between their kinks, and those of linear ones
   * ({@code toRadians}) do not depend on their argument, so they contribute no term and need no tangent or adjoint
   * of their arguments. A rule not here has no second derivative yet.
   */
  private static final Map<String, List<String>> RULES_OF_RULES =
      Map.ofEntries(
          Map.entry("sin", List.of("sinWrtX")),
          Map.entry("cos", List.of("cosWrtX")),
          Map.entry("sinFromCos", List.of("sinFromCosWrtCosX")),
          Map.entry("cosFromSin", List.of("cosFromSinWrtSinX")),
          Map.entry("tan", List.of("tanWrtX")),
          Map.entry("asin", List.of("asinWrtX")),
          Map.entry("acos", List.of("acosWrtX")),
          Map.entry("atan", List.of("atanWrtX")),
          Map.entry("sinh", List.of("sinhWrtX")),
          Map.entry("cosh", List.of("coshWrtX")),
          Map.entry("tanh", List.of("tanhWrtX")),
          Map.entry("tanhFromResult", List.of("tanhFromResultWrtY")),
          Map.entry("exp", List.of("expWrtX")),
          Map.entry("expFromResult", List.of("expFromResultWrtY")),
          Map.entry("expm1", List.of("expm1WrtX")),
          Map.entry("log", List.of("logWrtX")),
          Map.entry("log10", List.of("log10WrtX")),
          Map.entry("log1p", List.of("log1pWrtX")),
          Map.entry("sqrt", List.of("sqrtWrtX")),
          Map.entry("sqrtFromResult", List.of("sqrtFromResultWrtY")),
          Map.entry("cbrt", List.of("cbrtWrtX")),
          Map.entry("cbrtFromResult", List.of("cbrtFromResultWrtY")),
          Map.entry("abs", nullable((String) null)),
          Map.entry("toRadians", nullable((String) null)),
          Map.entry("toDegrees", nullable((String) null)),
          Map.entry("powX", List.of("powXWrtX", "powXWrtY")),
          Map.entry("powY", List.of("powYWrtX", "powYWrtY")),
          Map.entry("atan2Y", List.of("atan2YWrtY", "atan2YWrtX")),
          Map.entry("atan2X", List.of("atan2XWrtY", "atan2XWrtX")),
          Map.entry("hypotX", List.of("hypotXWrtX", "hypotXWrtY")),
          Map.entry("hypotY", List.of("hypotYWrtX", "hypotYWrtY")),
          Map.entry("maxX", nullable(null, null)),
          Map.entry("maxY", nullable(null, null)),
          Map.entry("minX", nullable(null, null)),
          Map.entry("minY", nullable(null, null)));

  private MathFunctions() {}

  /** The rules of the arguments (before its seed) of a {@code DoubleRules} rule, or null if it has none. */
  public static List<String> rulesOfRule(String rule) {
    return RULES_OF_RULES.get(rule);
  }

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
