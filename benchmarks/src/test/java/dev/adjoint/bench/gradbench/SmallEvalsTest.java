package dev.adjoint.bench.gradbench;

import static dev.adjoint.bench.gradbench.Harness.assertClose;
import static dev.adjoint.bench.gradbench.Harness.centralDifferences;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** hello, lse, llsq, det and ode through their modules: gradients against central finite differences. */
class SmallEvalsTest {
  private final Random rnd = new Random(7);

  @Test
  void helloSquaresAndDoubles() {
    assertEquals(9.0, Harness.scalar(SmallEvals.hello(), "square", 3.0));
    assertEquals(-5.0, Harness.scalar(SmallEvals.hello(), "double", -2.5));
  }

  @Test
  void lseGradientMatchesFiniteDifferences() {
    EvalModule lse = SmallEvals.lse();
    double[] x = Harness.uniform(rnd, 9, -3, 3);
    double direct = 0;
    for (double v : x) {
      direct += Math.exp(v);
    }
    assertEquals(Math.log(direct), Harness.scalar(lse, "primal", Map.of("x", x)), 1e-12);
    double[] gradient = (double[]) Harness.run(lse, "gradient", Map.of("x", x));
    double[] fd = centralDifferences(v -> Harness.scalar(lse, "primal", Map.of("x", v)), x, 1e-6);
    assertClose(fd, gradient, 1e-8, "d lse / d x");
  }

  @Test
  void llsqGradientMatchesFiniteDifferences() {
    EvalModule llsq = SmallEvals.llsq();
    double[] x = Harness.uniform(rnd, 6, -1, 1);
    double[] gradient = (double[]) Harness.run(llsq, "gradient", Map.of("x", x, "n", 9));
    double[] fd = centralDifferences(v -> Harness.scalar(llsq, "primal", Map.of("x", v, "n", 9)), x, 1e-6);
    assertClose(fd, gradient, 1e-7, "d llsq / d x");
  }

  @Test
  void detIsTheDeterminantAndItsGradientTheCofactors() {
    EvalModule det = SmallEvals.det();
    double[] a = {1, 2, 3, 4, 5, 6, 7, 8, 10};
    assertEquals(-3.0, Harness.scalar(det, "primal", Map.of("A", a, "ell", 3)), 1e-12);
    assertClose(new double[] {2, 2, -3, 4, -11, 6, -3, 6, -3},
        (double[]) Harness.run(det, "gradient", Map.of("A", a, "ell", 3)), 1e-12, "cofactors");
    double[] b = Harness.uniform(rnd, 25, -1, 1);
    double[] gradient = (double[]) Harness.run(det, "gradient", Map.of("A", b, "ell", 5));
    double[] fd = centralDifferences(v -> Harness.scalar(det, "primal", Map.of("A", v, "ell", 5)), b, 1e-6);
    assertClose(fd, gradient, 1e-8, "d det / d A");
  }

  @Test
  void odeGradientOfTheLastOutputMatchesFiniteDifferences() {
    EvalModule ode = SmallEvals.ode();
    double[] x = Harness.uniform(rnd, 5, 0, 1);
    double[] gradient = (double[]) Harness.run(ode, "gradient", Map.of("x", x, "s", 4));
    double[] fd = centralDifferences(v -> {
      double[] y = (double[]) Harness.run(ode, "primal", Map.of("x", v, "s", 4));
      return y[y.length - 1];
    }, x, 1e-6);
    assertClose(fd, gradient, 1e-8, "d y_last / d x");
  }

  @Test
  void odeSolvesTheLinearCaseExactly() {
    // y0' = x0 with y0(0) = 0: Runge-Kutta is exact, y0(2) = 2 x0.
    double[] y = (double[]) Harness.run(SmallEvals.ode(), "primal", Map.of("x", new double[] {0.5, 0, 0}, "s", 3));
    assertEquals(1.0, y[0], 1e-14);
  }
}
