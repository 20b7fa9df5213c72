package dev.adjoint.bench.scalar;

import dev.adjoint.Differentiable;

/**
 * {@link RosenbrockN}'s gradient, differentiated in forward mode only: its {@code gradientJvp} gives the gradient and
 * the Hessian times a direction in one run (forward over reverse, JAX's {@code jvp(grad(f))}).
 */
public final class RosenbrockNHessian {
  private RosenbrockNHessian() {}

  /** The generated gradient of {@link RosenbrockN#value(double[])}. */
  @Differentiable(jvp = true, vjp = false)
  public static double[] gradient(double[] x) {
    return RosenbrockNGradients.value(x).dX();
  }
}
