package dev.adjoint.sample;

import dev.adjoint.DType;
import dev.adjoint.Tensor;
import dev.adjoint.sample.calculus.Calculus;
import dev.adjoint.sample.calculus.CalculusGradients;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.function.DoubleBinaryOperator;
import picocli.CommandLine.Command;

/**
 * Prints gradients that the annotation processor generated at compile time for the
 * {@code @Differentiable} methods of {@link Calculus}, next to central finite differences (and, for
 * Rosenbrock's function, the dynamic tape's answer).
 */
@Command(name = "gradients", mixinStandardHelpOptions = true,
    description = "Prints compile-time generated gradients (CalculusGradients) against finite differences.")
final class GradientsCommand implements Callable<Integer> {
  private static final double H = 1e-6;
  private final PrintStream out;

  GradientsCommand(PrintStream out) {
    this.out = out;
  }

  @Override
  public Integer call() {
    out.println("== generated adjoints (CalculusGradients, written by the annotation processor)");
    var r = CalculusGradients.rosenbrock(1.5, -0.5);
    show("rosenbrock(1.5, -0.5)", r.value(), new double[] {r.dX(), r.dY()}, Calculus::rosenbrock, 1.5, -0.5);
    Tensor x = Tensor.scalar(1.5, DType.FLOAT64).requiresGrad(true);
    Tensor y = Tensor.scalar(-0.5, DType.FLOAT64).requiresGrad(true);
    Tensor a = x.rsub(1);
    Tensor b = y.sub(x.square());
    a.square().add(b.square().mul(100)).backward();
    out.printf("  tape (Tensor.scalar):  d = [%.6f, %.6f]%n", x.grad().item(), y.grad().item());

    var e = CalculusGradients.expr20(0.7, 1.3);
    show("expr20(0.7, 1.3)", e.value(), new double[] {e.dX(), e.dY()}, Calculus::expr20, 0.7, 1.3);

    var it = CalculusGradients.iterate(0.5, 0.25);
    show("iterate(0.5, 0.25)  (while loop, break, early return)", it.value(),
        new double[] {it.dX(), it.dY()}, Calculus::iterate, 0.5, 0.25);

    double[] coefficients = {1, -2, 3};
    var p = CalculusGradients.polynomial(coefficients, 0.5);
    show("polynomial([1, -2, 3], 0.5)  (wrt = x)", p.value(), new double[] {p.dX()},
        (c, v) -> Calculus.polynomial(coefficients, v), Double.NaN, 0.5);

    double[] v = {3, 4};
    var n = CalculusGradients.norm(v);
    out.printf("%s%n  value = %.6f  generated d = %s  (expected v / |v| = [0.6, 0.8])%n",
        "norm([3, 4])", n.value(), Arrays.toString(n.dV()));

    var end = Calculus.descend(-1, 1, 20_000, 1e-3);
    out.printf("gradient descent on rosenbrock from (-1, 1), 20000 steps of 1e-3 (Calculus.descend)%n"
        + "  reached (%.4f, %.4f), value = %.2e  (minimum at (1, 1), value 0)%n", end[0], end[1], Calculus.rosenbrock(end[0], end[1]));
    return 0;
  }

  /** Prints the generated gradient and central differences in each argument that is a number. */
  private void show(String what, double value, double[] generated, DoubleBinaryOperator f,
      double x, double y) {
    double[] numeric = new double[generated.length];
    int k = 0;
    if (!Double.isNaN(x)) {
      numeric[k++] = (f.applyAsDouble(x + H, y) - f.applyAsDouble(x - H, y)) / (2 * H);
    }
    numeric[k] = (f.applyAsDouble(x, y + H) - f.applyAsDouble(x, y - H)) / (2 * H);
    out.printf("%s%n  value = %.6f  generated d = %s  finite differences = %s%n", what, value,
        format(generated), format(numeric));
  }

  private static String format(double[] values) {
    StringBuilder s = new StringBuilder("[");
    for (int i = 0; i < values.length; i++) {
      s.append(i == 0 ? "" : ", ").append(String.format("%.6f", values[i]));
    }
    return s.append(']').toString();
  }
}
