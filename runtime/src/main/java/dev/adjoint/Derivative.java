package dev.adjoint;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a static method as the vector-Jacobian rule of another method, so that differentiable
 * code may call that method on active values.
 *
 * <p>The rule takes the target's arguments followed by the seed (same type as the target's
 * result) and returns the adjoint of the one differentiable parameter, or an array with one entry
 * per differentiable parameter, in order:
 *
 * <pre>{@code
 * static double softplus(double x) { return Math.log1p(Math.exp(x)); }
 *
 * @Derivative(of = "softplus")
 * static double softplusVjp(double x, double seed) { return seed / (1 + Math.exp(-x)); }
 *
 * static double scale(double a, double b) { return a * b; }
 *
 * @Derivative(of = "scale")
 * static double[] scaleVjp(double a, double b, double seed) { return new double[] {seed * b, seed * a}; }
 * }</pre>
 *
 * <p>The processor checks the signature ({@code [Adjoint:CustomRule]}) and says what it expected.
 */
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Derivative {
  /**
   * The method this rule differentiates: a method name in the same class ({@code "f"}), or
   * {@code "pkg.Class#f"} for a method of another class.
   *
   * @return the target method
   */
  String of();
}
