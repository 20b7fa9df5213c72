package dev.adjoint.sample;

import dev.adjoint.Tensor;
import dev.adjoint.sample.models.Spirals;
import dev.adjoint.sample.models.SpiralsGradients;
import dev.adjoint.sample.report.Charts;
import dev.adjoint.sample.training.Parameters;
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
 * A small perceptron learns to tell two interleaved spirals apart; its gradient is the generated
 * {@code SpiralsGradients.loss}, its optimiser the runtime's Adam.
 */
@Command(name = "mlp", mixinStandardHelpOptions = true,
    description = "Trains a 2-H-H-1 tanh perceptron (plain arrays, generated adjoints) with Adam on two"
        + " interleaved spirals; prints the accuracy and draws the decision boundary and the loss.")
final class MlpCommand extends PartCommand<MlpCommand.Result> {
  private static final double NOISE = 0.03;
  private static final double EXTENT = 1.2;
  private static final int GRID = 90;

  /** Points {@code (xs[2k], xs[2k+1])} with labels ±1. */
  record Data(double[] xs, double[] labels) {}

  /** The accuracy on the training points, the loss per epoch, and the pictures. */
  record Result(double accuracy, int points, double[] losses, List<Path> pictures) implements Drawn {
    double loss() {
      return losses[losses.length - 1];
    }
  }

  @Option(names = "--points", description = "Points per spiral (default: ${DEFAULT-VALUE}).")
  int points = 100;

  @Option(names = "--hidden", description = "Units per hidden layer (default: ${DEFAULT-VALUE}).")
  int hidden = 16;

  @Mixin
  TrainingOptions training = new TrainingOptions(800, 0.02, 3);

  MlpCommand(PrintStream out) {
    super(out);
  }

  @Override
  void validate() {
    OutputOptions.atLeast(output.spec, "--points", points, 2);
    OutputOptions.atLeast(output.spec, "--hidden", hidden, 1);
    training.validate();
  }

  @Override
  Result run(Path dir, boolean progress) throws IOException {
    return run(dir, points, hidden, training.epochs, training.lr, training.seed, progress, out);
  }

  /** Accuracy and final loss. */
  @Override
  String summary(Result r) {
    return String.format("accuracy %.1f%% on the %d training points after %d epochs, loss %.4f", 100 * r.accuracy(),
        r.points(), r.losses().length, r.loss());
  }

  /** Two spirals of {@code perSpiral} points, one and a half turns each, with a little noise. */
  static Data spirals(int perSpiral, Random random) {
    double[] xs = new double[4 * perSpiral];
    double[] labels = new double[2 * perSpiral];
    for (int spiral = 0; spiral < 2; spiral++) {
      for (int k = 0; k < perSpiral; k++) {
        int i = spiral * perSpiral + k;
        double t = (double) k / perSpiral;
        double radius = 0.1 + 0.9 * t;
        double angle = 3 * Math.PI * t + spiral * Math.PI;
        xs[2 * i] = radius * Math.cos(angle) + NOISE * random.nextGaussian();
        xs[2 * i + 1] = radius * Math.sin(angle) + NOISE * random.nextGaussian();
        labels[i] = spiral == 0 ? 1 : -1;
      }
    }
    return new Data(xs, labels);
  }

  static Result run(Path dir, int perSpiral, int hidden, int epochs, double lr, long seed, boolean progress,
      PrintStream out) throws IOException {
    Random random = new Random(seed);
    Data data = spirals(perSpiral, random);
    Parameters p = new Parameters(lr,
        Parameters.weights(random, 2, 2, hidden * 2), Tensor.zeros(hidden),
        Parameters.weights(random, 1, hidden, hidden * hidden), Tensor.zeros(hidden),
        Parameters.weights(random, 1, hidden, hidden), Tensor.zeros(1));
    out.printf("== mlp: 2-%d-%d-1 tanh perceptron on two spirals of %d points, %d epochs of Adam (lr %s),"
        + " gradients from SpiralsGradients.loss%n", hidden, hidden, perSpiral, epochs, lr);
    double[] losses = new double[epochs];
    try (Progress bar = Progress.start(progress, out, "mlp", epochs)) {
      for (int e = 0; e < epochs; e++) {
        var g = SpiralsGradients.loss(p.values(0), p.values(1), p.values(2), p.values(3), p.values(4),
            p.values(5)[0], data.xs(), data.labels());
        losses[e] = g.value();
        p.step(g.dW1(), g.dB1(), g.dW2(), g.dB2(), g.dW3(), new double[] {g.dB3()});
        bar.update(e + 1, g.value());
      }
    }
    Model model = new Model(p.values(0), p.values(1), p.values(2), p.values(3), p.values(4), p.values(5)[0]);
    int right = 0;
    for (int i = 0; i < data.labels().length; i++) {
      if (model.score(data.xs()[2 * i], data.xs()[2 * i + 1]) * data.labels()[i] > 0) {
        right++;
      }
    }
    double accuracy = (double) right / data.labels().length;
    List<Path> pictures = List.of(
        Charts.save(boundary(model, data, accuracy), dir.resolve("mlp-spirals.png")),
        Charts.save(Charts.lossCurves("Two spirals: loss per epoch (Adam)", List.of("loss"), List.of(losses)),
            dir.resolve("mlp-loss.png")));
    return new Result(accuracy, data.labels().length, losses, pictures);
  }

  /** The trained weights; scores a point with the annotated method itself. */
  record Model(double[] w1, double[] b1, double[] w2, double[] b2, double[] w3, double b3) {
    double score(double x0, double x1) {
      return Spirals.score(w1, b1, w2, b2, w3, b3, x0, x1);
    }
  }

  /** The plane coloured by the side the network puts each point on, and the data on top. */
  private static XYChart boundary(Model model, Data data, double accuracy) {
    int cells = GRID * GRID;
    double[][] side = {new double[cells], new double[cells], new double[cells], new double[cells]};
    int[] count = new int[2];
    for (int i = 0; i < GRID; i++) {
      for (int j = 0; j < GRID; j++) {
        double x0 = -EXTENT + 2 * EXTENT * (i + 0.5) / GRID;
        double x1 = -EXTENT + 2 * EXTENT * (j + 0.5) / GRID;
        int s = model.score(x0, x1) > 0 ? 0 : 1;
        side[2 * s][count[s]] = x0;
        side[2 * s + 1][count[s]++] = x1;
      }
    }
    XYChart chart = Charts.chart(String.format("Two spirals: decision boundary (accuracy %.1f%%)", 100 * accuracy),
        "x₀", "x₁");
    chart.getStyler().setXAxisMin(-EXTENT).setXAxisMax(EXTENT).setYAxisMin(-EXTENT).setYAxisMax(EXTENT)
        .setLegendVisible(false);
    Color[] regions = {new Color(200, 215, 245), new Color(250, 220, 195)};
    for (int s = 0; s < 2; s++) {
      if (count[s] > 0) {
        Charts.points(chart, s == 0 ? "region +1" : "region -1", Arrays.copyOf(side[2 * s], count[s]),
            Arrays.copyOf(side[2 * s + 1], count[s]), regions[s], 8, true);
      }
    }
    int n = data.labels().length;
    for (int s = 0; s < 2; s++) {
      double[] x0 = new double[n / 2];
      double[] x1 = new double[n / 2];
      for (int k = 0; k < n / 2; k++) {
        x0[k] = data.xs()[2 * (s * n / 2 + k)];
        x1[k] = data.xs()[2 * (s * n / 2 + k) + 1];
      }
      Charts.points(chart, s == 0 ? "spiral +1" : "spiral -1", x0, x1,
          s == 0 ? new Color(40, 80, 180) : new Color(200, 90, 20), 7, false);
    }
    return chart;
  }
}
