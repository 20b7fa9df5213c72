package dev.adjoint.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The CLI: every seed prints the tutorials' numbers; subcommands and errors behave. */
class MainTest {
  private record Run(int status, String out) {}

  private static Run run(String... args) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    int status = Main.run(out, args);
    return new Run(status, bytes.toString(StandardCharsets.UTF_8));
  }

  private static void assertPrints(String out, String... expected) {
    for (String e : expected) {
      assertTrue(out.contains(e), "missing '" + e + "' in output:\n" + out);
    }
  }

  @Test
  void seedsPrintTheTutorialsNumbers() {
    Run r = run("seeds");
    assertEquals(0, r.status(), r.out());
    assertPrints(r.out(),
        "== seed 000", "== seed 001", "== seed 002", "== seed 003", "== seed 004",
        // 000: f'' at x = -6
        "f'' =   -8.136053",
        // 001
        "y = tensor(28., grad_fn=<MulBackward>)",
        "x.grad() = tensor([ 0.,  4.,  8., 12.])",
        "d = tensor(-185575.1406, grad_fn=<MulBackward>)",
        "a.grad() = tensor(819200.)",
        "a.grad() == d / a = true",
        "Seed001Gradients.f(a).dA() = tensor(819200.)",
        "equals the tape's a.grad() = true",
        "Seed001Gradients.twiceDot([0, 1, 2, 3]).dX() = [0.0, 4.0, 8.0, 12.0]",
        "First derivative (dy/dx) at x=2 = 12.0",
        "Second derivative (d2y/dx2) at x=2 = 12.0",
        // 002
        "w.grad() = tensor(30.)",
        "z2.backward() = IllegalStateException: Trying to backward through the graph a second time",
        "x.grad() = tensor([0., 0., 1., 0., 0.])",
        // 003
        "y.grad() with retainGrad = tensor(-0.9111)",
        "tape.gradient(z, x) = tensor(-5.4668",
        // 004
        "x.grad() = tensor(0.4200)",
        "d2ydx2 = tensor(2., grad_fn=<ZeroBackward>)",
        "df/dy = tensor(8.)",
        "-4.3711e-08");
  }

  @Test
  void defaultRunsKernelsSeedsAndTraining() {
    Run r = run();
    assertEquals(0, r.status(), r.out());
    assertPrints(r.out(), "kernels: ", "jdk.incubator.vector module: ", "== seed 004", "== train");
  }

  @Test
  void gradientsPrintsGeneratedAdjointsNextToFiniteDifferences() {
    Run r = run("gradients");
    assertEquals(0, r.status(), r.out());
    // Rosenbrock at (1.5, -0.5) by hand: f = 0.25 + 100 * 2.75^2, df/dx = 1 + 1650, df/dy = -550.
    assertPrints(r.out(),
        "value = 756.500000  generated d = [1651.000000, -550.000000]"
            + "  finite differences = [1651.000000, -550.000000]",
        "tape (Tensor.scalar):  d = [1651.000000, -550.000000]",
        "generated d = [0.6000000000000001, 0.8]",
        "reached (0.9999, 0.9997), value = 1.88e-08");
  }

  @Test
  void selectedSeedsOnly() {
    Run r = run("seeds", "1", "004");
    assertEquals(0, r.status(), r.out());
    assertPrints(r.out(), "== seed 001", "== seed 004");
    assertTrue(!r.out().contains("== seed 002"), r.out());
    Run list = run("seeds", "--list");
    assertPrints(list.out(), "000  ", "004  ");
  }

  @Test
  void unknownSeedIsExplained() {
    Run r = run("seeds", "7");
    assertEquals(2, r.status());
    assertPrints(r.out(), "unknown seed '7'");
  }

  @Test
  void trainingLowersTheLoss() {
    for (String optimizer : new String[] {"sgd", "adam"}) {
      Run r = run("train", "--optimizer", optimizer, "--steps", "100");
      assertEquals(0, r.status(), r.out());
      Matcher m = Pattern.compile("loss (\\d+\\.\\d+)").matcher(r.out());
      double first = Double.NaN;
      double last = Double.NaN;
      while (m.find()) {
        double loss = Double.parseDouble(m.group(1));
        if (Double.isNaN(first)) {
          first = loss;
        }
        last = loss;
      }
      assertTrue(last < 0.5 * first, optimizer + ": loss " + first + " -> " + last + "\n" + r.out());
    }
  }

  @Test
  void gradcheckReportsPassesAndTheDeliberateFailure() {
    Run r = run("gradcheck", "--second-order");
    assertEquals(0, r.status(), r.out());
    assertEquals(6, r.out().split("passed", -1).length - 1, r.out());
    assertPrints(r.out(), "FAILED (max abs error", "worst: input 0 at [");
  }
}
