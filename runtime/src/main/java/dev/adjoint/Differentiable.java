package dev.adjoint;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method whose gradient the Adjoint annotation processor writes at compile time.
 *
 * <p>For a method {@code m} of class {@code p.Foo}, the processor generates {@code p.FooGradients}
 * with {@code m(...)} (value and gradient of a scalar result), {@code mVjp(..., seed)} (a
 * vector-Jacobian product) and the record {@code MGradient(value, dX, ...)}:
 *
 * <pre>{@code
 * @Differentiable
 * static double rosenbrock(double x, double y) {
 *   double a = 1 - x;
 *   double b = y - x * x;
 *   return a * a + 100 * b * b;
 * }
 *
 * FooGradients.RosenbrockGradient g = FooGradients.rosenbrock(1.5, -0.5);
 * double value = g.value(), dx = g.dX(), dy = g.dY();
 * }</pre>
 *
 * <p>Differentiable parameter types are {@code double}, {@code float} and arrays of them of any
 * rank; other parameters are constants. Mistakes are compile errors with stable ids such as
 * {@code [Adjoint:NotDifferentiable]}.
 */
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Differentiable {
  /**
   * The names of the parameters to differentiate with respect to; empty means every
   * differentiable parameter.
   *
   * @return parameter names, e.g. {@code {"x", "y"}}
   */
  String[] wrt() default {};

  /**
   * How the gradient is computed.
   *
   * @return the strategy; {@link Strategy#AUTO} by default
   */
  Strategy strategy() default Strategy.AUTO;

  /**
   * Also generate forward mode: {@code mJvp(..., tangents)}, a Jacobian-vector product (JAX's {@code jvp}),
   * and its record {@code MTangent(value, tangent)}. Forward mode costs one run of the method per direction
   * and keeps nothing for a reverse sweep, so it is the cheaper derivative of a function of few inputs (a
   * directional derivative, a column of the Jacobian). Each {@code wrt} parameter gets a tangent parameter
   * of its type after the method's own parameters:
   *
   * <pre>{@code
   * @Differentiable(jvp = true)
   * static double f(double x, double y) { return x * Math.sin(y); }
   *
   * // d f / d y at (2, 0.5): the tangent of f in the direction (0, 1)
   * double dfdy = FooGradients.fJvp(2, 0.5, 0, 1).tangent();
   * }</pre>
   *
   * <p>Supported for methods of {@code double}, {@code float} and arrays of them (not {@code Tensor} code, for
   * which {@link Autograd#jvp} records on the tape). A {@code @Differentiable} method it calls needs
   * {@code jvp = true} too.
   *
   * @return true to generate {@code mJvp}; false by default
   */
  boolean jvp() default false;

  /**
   * Generate reverse mode ({@code m}, {@code mVjp} and the gradient record); true by default. {@code vjp = false},
   * with {@code jvp = true}, writes forward mode only. That is what forward over reverse needs: a method that
   * reads another method's generated gradient, whose reverse sweep keeps values on stacks (a loop that
   * overwrites what its reverse reads), can be differentiated in forward mode (the stacks get tangent stacks
   * beside them) but not again in reverse. JAX's {@code jax.jvp(jax.grad(f), ...)}, a Hessian-vector product:
   *
   * <pre>{@code
   * @Differentiable(wrt = "c", jvp = true, vjp = false)
   * static double[] gradient(double[] p, double[] c) { return CostGradients.cost(p, c).dC(); }
   *
   * // the gradient (value) and the Hessian times v (tangent), in one run
   * var hv = FooGradients.gradientJvp(p, c, v);
   * }</pre>
   *
   * <p>A forward-only method cannot be called from a method whose reverse mode is generated: mark the caller
   * forward-only too.
   *
   * @return false to generate forward mode only (needs {@code jvp = true}); true by default
   */
  boolean vjp() default true;

  /** How the gradient of a method is computed. */
  enum Strategy {
    /** A generated adjoint where the method can be reversed statically, the tape otherwise. */
    AUTO,
    /** Always a generated adjoint; a compile error where that is impossible. */
    GENERATED,
    /** Always the dynamic tape (needs {@code Tensor} parameters). */
    TAPE
  }
}
