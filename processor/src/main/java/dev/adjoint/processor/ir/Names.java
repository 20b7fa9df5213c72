package dev.adjoint.processor.ir;

import java.util.List;

/** The names of the generated API (DESIGN.md section 3), in one place. */
public final class Names {
  private Names() {}

  /** {@code Foo} gives {@code FooGradients}; nested {@code Foo.Bar} gives {@code Foo_BarGradients}. */
  public static String gradientsClass(List<String> nestedSimpleNames) {
    return String.join("_", nestedSimpleNames) + "Gradients";
  }

  /**
   * {@code FooGradients} gives {@code FooGradientsImpl}: where FooGradients's methods are, when FooGradients is
   * written from signatures first (its class infers types from it, see {@code UnwrittenTypes}).
   */
  public static String implementationClass(String gradientsClass) {
    return gradientsClass + "Impl";
  }

  /** {@code m} gives {@code mVjp}. */
  public static String vjp(String method) {
    return method + "Vjp";
  }

  /**
   * {@code m} gives {@code MGradient}; the n-th (1-based) {@code @Differentiable} overload of the
   * same name, in declaration order, gives {@code M2Gradient}, {@code M3Gradient}, ...
   */
  public static String record(String method, int overloadIndex) {
    return capitalize(method) + (overloadIndex <= 1 ? "" : Integer.toString(overloadIndex)) + "Gradient";
  }

  /** {@code m} gives {@code mForward}: the forward sweep of a method with an array result, kept for mReverse. */
  public static String forward(String method) {
    return method + "Forward";
  }

  /** {@code m} gives {@code mReverse}: the reverse sweep that finishes what mForward kept. */
  public static String reverse(String method) {
    return method + "Reverse";
  }

  /** {@code m} gives {@code mReverseInto}: mReverse adding into the caller's adjoint arrays. */
  public static String reverseInto(String method) {
    return method + "ReverseInto";
  }

  /** {@code m} gives {@code mJvp}: forward mode, the Jacobian-vector product. */
  public static String jvp(String method) {
    return method + "Jvp";
  }

  /** {@code MGradient} gives {@code MTangent}, the record mJvp returns. */
  public static String tangentRecord(String gradientRecord) {
    return gradientRecord.substring(0, gradientRecord.length() - "Gradient".length()) + "Tangent";
  }

  /** {@code x} gives {@code _t_x}: the tangent of x in forward mode (a parameter of mJvp for a wrt parameter). */
  public static String tangent(String variable) {
    return "_t_" + variable;
  }

  /** {@code MGradient} gives {@code MForward}, the record mForward returns. */
  public static String forwardRecord(String gradientRecord) {
    return gradientRecord.substring(0, gradientRecord.length() - "Gradient".length()) + "Forward";
  }

  /** {@code x} gives {@code dX}. */
  public static String component(String param) {
    return "d" + capitalize(param);
  }

  /**
   * The name generated code gives a user's local or parameter: generated names start with {@code _} (so
   * {@code _x} becomes {@code v_x}), capitalised names could shadow classes ({@code Math} becomes
   * {@code vMath}), and {@code seed}, {@code self} and {@code value} are taken by the generated API.
   */
  public static String safeLocal(String name) {
    if (name.startsWith("_") || Character.isUpperCase(name.charAt(0))) {
      return "v" + name;
    }
    return name.equals("seed") || name.equals("self") || name.equals("value") ? name + "_" : name;
  }

  /** {@code base}, or {@code base_2}, {@code base_3}, ... : the first not in {@code used}, which it is added to. */
  public static String unique(String base, java.util.Set<String> used) {
    String name = base;
    for (int i = 2; !used.add(name); i++) {
      name = base + "_" + i;
    }
    return name;
  }

  public static String capitalize(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
