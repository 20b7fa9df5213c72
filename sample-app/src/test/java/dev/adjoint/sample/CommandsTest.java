package dev.adjoint.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.sample.Cli.Run;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each command at a small size: its numbers, and its pictures. */
class CommandsTest {
  @TempDir
  Path dir;

  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

  @Test
  void plotDerivativesMatchTheExactOnes() throws IOException {
    PlotCommand.Result r = PlotCommand.run(dir, 50, out, true);
    // f' from the generated adjoint, f'' from the tape, both in FLOAT64 against the formulas
    assertTrue(r.maxFirstError() < 1e-12, "f' error " + r.maxFirstError());
    assertTrue(r.maxSecondError() < 1e-10, "f'' error " + r.maxSecondError());
    Pictures.assertCharts(dir, r.pictures(), "plot-cubic.png", "plot-cos-of-square.png", "plot-wave.png",
        "plot-tanh.png");
    // the tutorial's values at x = -6: f = 2.514739, f' = 7.803286, f'' = -8.136053
    String table = printed.toString(StandardCharsets.UTF_8);
    assertTrue(table.contains("-6.0000     2.514739     7.803286     7.803286    -8.136053    -8.136053"), table);
  }

  @Test
  void fitFindsTheLineAndTheCubicTheDataCameFrom() throws IOException {
    FitCommand.Result r = FitCommand.run(dir, 60, 600, 0.05, 7, false, out);
    // the noise has variance 0.04: a fit is good when its loss is near that, below 1.5 times it
    double bound = 1.5 * FitCommand.NOISE * FitCommand.NOISE;
    assertTrue(r.lineLoss() < bound, "line loss " + r.lineLoss());
    assertTrue(r.cubicLoss() < bound, "cubic loss " + r.cubicLoss());
    assertTrue(r.lineLosses()[0] > 10 * r.lineLoss() && r.cubicLosses()[0] > 10 * r.cubicLoss(), "the losses fell");
    assertEquals(FitCommand.TRUE_SLOPE, r.slope(), 0.1);
    assertEquals(FitCommand.TRUE_INTERCEPT, r.intercept(), 0.1);
    for (int k = 0; k < 4; k++) {
      assertEquals(FitCommand.TRUE_CUBIC[k], r.cubic()[k], 0.15, "coefficient " + k);
    }
    Pictures.assertCharts(dir, r.pictures(), "fit.png", "fit-loss.png");
  }

  @Test
  void mlpSeparatesTheSpirals() throws IOException {
    MlpCommand.Result r = MlpCommand.run(dir, 50, 16, 500, 0.02, 3, false, out);
    assertTrue(r.accuracy() >= 0.95, "accuracy " + r.accuracy());
    assertEquals(100, r.points());
    assertTrue(r.loss() < 0.05 && r.losses()[0] > 0.5, "loss " + r.losses()[0] + " -> " + r.loss());
    Pictures.assertCharts(dir, r.pictures(), "mlp-spirals.png", "mlp-loss.png");
  }

  @Test
  void pinnSolvesTheOscillator() throws IOException {
    PinnCommand.Result r = PinnCommand.run(dir, 32, 16, 2500, 0.01, 1, false, out);
    assertTrue(r.maxError() <= 1e-2, "largest error against sin(x): " + r.maxError());
    assertTrue(r.loss() < 1e-3 * r.losses()[0], "loss " + r.losses()[0] + " -> " + r.loss());
    Pictures.assertCharts(dir, r.pictures(), "pinn.png", "pinn-loss.png");
  }

  @Test
  void aProgressBarShowsEpochAndLossWhenAsked() {
    Run r = Cli.run("fit", "--points", "20", "--epochs", "300", "--progress", "--out", dir.toString());
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("300/300") && r.out().contains(" loss "), r.out());
    Run quiet = Cli.run("fit", "--points", "20", "--epochs", "300", "--no-progress", "--out", dir.toString());
    assertTrue(!quiet.out().contains("300/300"), quiet.out());
  }
}
