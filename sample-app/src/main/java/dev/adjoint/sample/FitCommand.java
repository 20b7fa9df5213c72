package dev.adjoint.sample;

import dev.adjoint.sample.models.Regression;
import dev.adjoint.sample.models.RegressionGradients;
import dev.adjoint.sample.report.Charts;
import dev.adjoint.sample.training.Progress;
import java.awt.Color;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.knowm.xchart.XYChart;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Linear and cubic regression by plain gradient descent on generated data, the gradients from the
 * generated {@code RegressionGradients}.
 */
@Command(name = "fit", mixinStandardHelpOptions = true,
    description = "Fits a line and a cubic to generated noisy data by gradient descent (generated adjoints);"
        + " prints the fitted parameters and draws data and fits.")
final class FitCommand extends PartCommand<FitCommand.Result> {
  /** The line and cubic the data come from, and the noise added to them. */
  static final double TRUE_SLOPE = 2.5;
  static final double TRUE_INTERCEPT = -1;
  static final double[] TRUE_CUBIC = {1, -0.5, -1, 0.5};
  static final double NOISE = 0.2;

  /** The fitted parameters, the loss per epoch of each fit, and the pictures. */
  record Result(double slope, double intercept, double[] lineLosses, double[] cubic, double[] cubicLosses,
      List<Path> pictures) implements Drawn {
    double lineLoss() {
      return lineLosses[lineLosses.length - 1];
    }

    double cubicLoss() {
      return cubicLosses[cubicLosses.length - 1];
    }
  }

  @Option(names = "--points", description = "Data points (default: ${DEFAULT-VALUE}).")
  int points = 100;

  @Mixin
  TrainingOptions training = new TrainingOptions(1000, 0.05, 7);

  FitCommand(PrintStream out) {
    super(out);
  }

  @Override
  void validate() {
    OutputOptions.atLeast(output.spec, "--points", points, 2);
    training.validate();
  }

  @Override
  Result run(Path dir, boolean progress) throws IOException {
    return run(dir, points, training.epochs, training.lr, training.seed, progress, out);
  }

  /** The fitted parameters against the true ones, and the final losses. */
  @Override
  String summary(Result r) {
    return String.format("line y = %.3f x %+.3f (data from %.1f x %+.1f), cubic %s (data from %s); losses %.4f"
        + " and %.4f, the noise alone gives about %.2f", r.slope(), r.intercept(), TRUE_SLOPE, TRUE_INTERCEPT,
        format(r.cubic()), format(TRUE_CUBIC), r.lineLoss(), r.cubicLoss(), NOISE * NOISE);
  }

  static Result run(Path dir, int n, int epochs, double lr, long seed, boolean progress, PrintStream out)
      throws IOException {
    Random random = new Random(seed);
    double[] xs = new double[n];
    double[] lineYs = new double[n];
    double[] cubicYs = new double[n];
    for (int i = 0; i < n; i++) {
      xs[i] = -2 + 4 * random.nextDouble();
      lineYs[i] = TRUE_SLOPE * xs[i] + TRUE_INTERCEPT + NOISE * random.nextGaussian();
      cubicYs[i] = Regression.polynomial(TRUE_CUBIC, xs[i]) + NOISE * random.nextGaussian();
    }
    out.printf("== fit: %d points, %d epochs of gradient descent (lr %s) with RegressionGradients%n", n, epochs, lr);

    double w = 0;
    double b = 0;
    double[] lineLosses = new double[epochs];
    try (Progress bar = Progress.start(progress, out, "line ", epochs)) {
      for (int e = 0; e < epochs; e++) {
        var g = RegressionGradients.lineLoss(w, b, xs, lineYs);
        lineLosses[e] = g.value();
        w -= lr * g.dW();
        b -= lr * g.dB();
        bar.update(e + 1, g.value());
      }
    }
    // A cubic's gradient grows with x³: the same rate, scaled down, keeps the steps stable on [-2, 2].
    double cubicRate = lr / 5;
    double[] c = new double[TRUE_CUBIC.length];
    double[] cubicLosses = new double[epochs];
    try (Progress bar = Progress.start(progress, out, "cubic", epochs)) {
      for (int e = 0; e < epochs; e++) {
        var g = RegressionGradients.polynomialLoss(c, xs, cubicYs);
        cubicLosses[e] = g.value();
        for (int k = 0; k < c.length; k++) {
          c[k] -= cubicRate * g.dC()[k];
        }
        bar.update(e + 1, g.value());
      }
    }

    double[] order = xs.clone();
    Arrays.sort(order);
    double[] lineFit = new double[n];
    double[] cubicFit = new double[n];
    for (int i = 0; i < n; i++) {
      lineFit[i] = w * order[i] + b;
      cubicFit[i] = Regression.polynomial(c, order[i]);
    }
    XYChart chart = Charts.chart("Gradient descent on generated data", "x", "y");
    Charts.points(chart, "line data", xs, lineYs, new Color(70, 110, 200), 6, false);
    Charts.points(chart, "cubic data", xs, cubicYs, new Color(220, 120, 40), 6, false);
    Charts.line(chart, String.format("fit: %.2f x %+.2f", w, b), order, lineFit);
    Charts.line(chart, "fit: cubic", order, cubicFit);
    XYChart losses = Charts.lossCurves("Regression: loss per epoch", List.of("line", "cubic"),
        List.of(lineLosses, cubicLosses));
    List<Path> pictures = List.of(Charts.save(chart, dir.resolve("fit.png")),
        Charts.save(losses, dir.resolve("fit-loss.png")));
    return new Result(w, b, lineLosses, c, cubicLosses, pictures);
  }

  private static String format(double[] v) {
    StringBuilder s = new StringBuilder("[");
    for (int i = 0; i < v.length; i++) {
      s.append(i == 0 ? "" : ", ").append(String.format("%.3f", v[i]));
    }
    return s.append(']').toString();
  }
}
