package dev.adjoint.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.sample.Cli.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command line: the seeds' numbers, help on every command, and one-line errors with exit code 2. */
class MainTest {
  @TempDir
  Path dir;

  private static void assertPrints(String out, String... expected) {
    for (String e : expected) {
      assertTrue(out.contains(e), "missing '" + e + "' in output:\n" + out);
    }
  }

  /** A usage error: exit code 2, nothing on standard output, one line on standard error, no stack trace. */
  private static void assertUsageError(Run r, String message) {
    assertEquals(2, r.status(), r.out() + r.err());
    assertEquals("", r.out());
    assertEquals(1, r.err().lines().count(), "one line:\n" + r.err());
    assertTrue(r.err().contains(message), "missing '" + message + "' in:\n" + r.err());
    assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
  }

  @Test
  void seedsPrintTheTutorialsNumbers() {
    Run r = Cli.run("seeds");
    assertEquals(0, r.status(), r.out() + r.err());
    assertPrints(r.out(),
        "== seed 000", "== seed 001", "== seed 002", "== seed 003", "== seed 004",
        // 000: f'' at x = -6, on the tape and on generated code in all four nestings
        "f'' =   -8.136053",
        "(reverse over reverse) = -8.136053", "(forward over reverse) = -8.136053",
        "(reverse over forward) = -8.136053", "(forward over forward) = -8.136053",
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
  void selectedSeedsOnly() {
    Run r = Cli.run("seeds", "1", "004");
    assertEquals(0, r.status(), r.err());
    assertPrints(r.out(), "== seed 001", "== seed 004");
    assertFalse(r.out().contains("== seed 002"), r.out());
    assertPrints(Cli.run("seeds", "--list").out(), "000  ", "004  ");
  }

  @ParameterizedTest
  @ValueSource(strings = {"tour", "plot", "seeds", "fit", "mlp", "pinn", "gradient", "kernels", "gradcheck"})
  void everyCommandHasHelp(String command) {
    Run r = Cli.run(command, "--help");
    assertEquals(0, r.status(), r.err());
    assertPrints(r.out(), "Usage: adjoint-sample " + command, "-h, --help");
  }

  @Test
  void theTopLevelHelpListsTheCommandsAndTheTourIsTheDefault() {
    Run r = Cli.run("--help");
    assertEquals(0, r.status(), r.err());
    assertPrints(r.out(), "Without a command: the tour", "tour", "plot", "seeds", "fit", "mlp", "pinn", "gradient",
        "--out=DIR");
  }

  @Test
  void badArgumentsGetOneLineAndExitCode2() throws IOException {
    assertUsageError(Cli.run("nonsense"), "adjoint-sample: Unmatched argument at index 0: 'nonsense'");
    assertUsageError(Cli.run("fit", "--epochs", "many"), "fit: Invalid value for option '--epochs': 'many' is not an int");
    assertUsageError(Cli.run("fit", "--epochs", "0", "--out", dir.toString()), "fit: --epochs must be at least 1, got 0");
    assertUsageError(Cli.run("mlp", "--lr", "-1", "--out", dir.toString()), "mlp: --lr must be at least");
    assertUsageError(Cli.run("pinn", "--bogus"), "pinn: Unknown option: '--bogus' (see 'adjoint-sample pinn --help')");
    assertUsageError(Cli.run("seeds", "7"), "seeds: unknown seed '7'; the seeds are 000 to 004");
    assertUsageError(Cli.run("gradient"), "gradient: name a method as CLASS#METHOD");
    assertUsageError(Cli.run("gradient", "Calculus#nope"), "no annotated method 'Calculus#nope'; Calculus has Calculus#rosenbrock");
    assertUsageError(Cli.run("gradient", "Nowhere#f"), "no annotated method 'Nowhere#f'; 'gradient --list' lists them");
    Path file = Files.writeString(dir.resolve("a-file"), "x");
    assertUsageError(Cli.run("plot", "--out", file.toString()), "plot: --out " + file + " is a file, not a directory");
    assertUsageError(Cli.run("--out", file.toString()), "--out " + file + " is a file, not a directory");
    assertEquals(List.of("a-file"), List.of(dir.toFile().list()), "a usage error writes nothing");
  }

  @Test
  void gradientPrintsTheGeneratedSourceOfOneMethod() {
    Run r = Cli.run("gradient", "Calculus#rosenbrock");
    assertEquals(0, r.status(), r.err());
    assertPrints(r.out(), "// CalculusGradients.java: generated for Calculus.rosenbrock(double x, double y)",
        "public static RosenbrockGradient rosenbrockVjp(double x, double y, double seed) {",
        "// Calculus.java:17", "double _d_a = 2 * (seed * a);", "public record RosenbrockGradient(double value, double dX, double dY)");
    assertFalse(r.out().contains("expr20"), r.out());

    Run qualified = Cli.run("gradient", "dev.adjoint.sample.models.Spirals#dense", "--source");
    assertEquals(0, qualified.status(), qualified.err());
    assertPrints(qualified.out(), "// Spirals.java:", "public static double[] dense(double[] w, double[] b, double[] x) {",
        "public static DenseForward denseForward(", "public static DenseGradient denseReverse(");

    Run list = Cli.run("gradient", "--list");
    assertPrints(list.out(), "Calculus#rosenbrock", "Spirals#loss", "Oscillator#residualLoss", "Curves#wave",
        "Regression#polynomialLoss", "TensorModels#ridge", "Seed001#f");
  }

  @Test
  void kernelsAndGradcheck() {
    assertPrints(Cli.run("kernels").out(), "kernels: ", "jdk.incubator.vector module: present");
    Run r = Cli.run("gradcheck", "--second-order");
    assertEquals(0, r.status(), r.err());
    assertEquals(6, r.out().split("passed", -1).length - 1, r.out());
    assertPrints(r.out(), "FAILED (max abs error", "worst: input 0 at [");
  }
}
