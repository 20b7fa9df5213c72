package dev.adjoint.bench.gradbench.evals;

import dev.adjoint.Differentiable;

/**
 * The two fixed charges of GradBench's {@code particle} (evals/particle/README.md): at (10, 0) and (10, 10 - w). Its
 * own class because the particle's equations read the potential's generated derivatives ({@code ChargesGradients}),
 * which Adjoint writes before it differentiates them.
 */
public final class Charges {
  private Charges() {}

  /** The electric potential at (x1, x2) of the charges at (10, 0) and (10, 10 - w). */
  @Differentiable(jvp = true)
  public static double potential(double x1, double x2, double w) {
    double dx = 10 - x1;
    double toLower = Math.sqrt(dx * dx + x2 * x2);
    double up = 10 - w - x2;
    double toUpper = Math.sqrt(dx * dx + up * up);
    return 1 / toLower + 1 / toUpper;
  }
}
