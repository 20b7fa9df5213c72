package dev.adjoint.sample;

import dev.adjoint.Autograd;
import dev.adjoint.DType;
import dev.adjoint.GradScope;
import dev.adjoint.Tensor;
import dev.adjoint.sample.models.Oscillator;
import dev.adjoint.sample.models.OscillatorGradients;
import dev.adjoint.sample.report.Charts;
import dev.adjoint.sample.training.Parameters;
import dev.adjoint.sample.training.Progress;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.knowm.xchart.XYChart;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A physics-informed network learns {@code u'' + u = 0, u(0) = 0, u'(0) = 1} on {@code [0, 2π]}: the
 * loss is the equation's residual, which needs the network's second derivative with respect to its
 * input; the answer is {@code sin x}.
 */
@Command(name = "pinn", mixinStandardHelpOptions = true,
    description = "Solves u'' + u = 0 on [0, 2π] with u(0) = 0, u'(0) = 1 by training a network on the"
        + " equation's residual (second derivatives w.r.t. the input) with Adam, whose learning rate falls to a"
        + " tenth over the epochs; prints the largest error against sin(x) and plots both.")
final class PinnCommand extends PartCommand<PinnCommand.Result> {
  private static final double END = 2 * Math.PI;
  private static final int CHECK_POINTS = 400;

  /** The largest error against sin(x), the loss per epoch, and the pictures. */
  record Result(double maxError, double[] losses, List<Path> pictures) implements Drawn {
    double loss() {
      return losses[losses.length - 1];
    }
  }

  @Option(names = "--points", description = "Collocation points in [0, 2π] (default: ${DEFAULT-VALUE}).")
  int points = 64;

  @Option(names = "--hidden", description = "Units per hidden layer (default: ${DEFAULT-VALUE}).")
  int hidden = 16;

  @Mixin
  TrainingOptions training = new TrainingOptions(3000, 0.01, 1);

  PinnCommand(PrintStream out) {
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

  /** The largest error against sin(x) and the final residual loss. */
  @Override
  String summary(Result r) {
    return String.format("largest |u(x) − sin(x)| %.1e on %d points of [0, 2π] after %d epochs, residual loss %.1e",
        r.maxError(), CHECK_POINTS, r.losses().length, r.loss());
  }

  static Result run(Path dir, int n, int hidden, int epochs, double lr, long seed, boolean progress,
      PrintStream out) throws IOException {
    Random random = new Random(seed);
    // The output layer starts near zero, so training starts from u(x) = x: over a few seeds this
    // converged faster and more evenly than a layer of the usual scale.
    Parameters p = new Parameters(lr,
        Parameters.weights(random, 1, 1, 1, hidden), Tensor.zeros(hidden),
        Parameters.weights(random, 1, hidden, hidden, hidden), Tensor.zeros(hidden),
        Parameters.weights(random, 0.01, hidden, hidden, 1), Tensor.zeros(1));
    Tensor collocation = Tensor.linspace(0, END, n).to(DType.FLOAT64).reshape(n, 1);
    out.printf("== pinn: u(x) = x + x² N(x) with N a 1-%d-%d-1 tanh network, %d collocation points,"
        + " %d epochs of Adam; u'' on the tape, gradients from OscillatorGradients.residualLoss%n",
        hidden, hidden, n, epochs);
    double[] losses = new double[epochs];
    try (Progress bar = Progress.start(progress, out, "pinn", epochs)) {
      for (int e = 0; e < epochs; e++) {
        p.setLearningRate(lr * Math.pow(0.1, (double) e / epochs));
        OscillatorGradients.ResidualLossGradient g;
        try (GradScope numbers = Autograd.noGrad()) {
          // Only the gradient's numbers are wanted: the parameters require grad, so outside noGrad() the
          // gradient would be recorded too (for derivatives of it), which costs time here.
          g = OscillatorGradients.residualLoss(p.tensors(), collocation);
        }
        losses[e] = g.value().item();
        p.step(g.dLayers());
        bar.update(e + 1, losses[e]);
      }
    }
    Tensor x = Tensor.linspace(0, END, CHECK_POINTS).to(DType.FLOAT64).reshape(CHECK_POINTS, 1);
    double[] u;
    try (GradScope ignored = Autograd.noGrad()) {
      u = Oscillator.solution(p.tensors(), x).toDoubleArray();
    }
    double[] xs = x.toDoubleArray();
    double[] exact = new double[CHECK_POINTS];
    double maxError = 0;
    for (int i = 0; i < CHECK_POINTS; i++) {
      exact[i] = Math.sin(xs[i]);
      maxError = Math.max(maxError, Math.abs(u[i] - exact[i]));
    }
    XYChart chart = Charts.chart(String.format("u'' + u = 0, u(0) = 0, u'(0) = 1: largest error %.1e", maxError),
        "x", "u");
    // the exact answer broad and pale, the network's thin on top of it
    Charts.line(chart, "sin(x)", xs, exact).setLineStyle(new BasicStroke(7f)).setLineColor(new Color(170, 200, 240));
    Charts.line(chart, "network u(x)", xs, u).setLineColor(new Color(200, 60, 20));
    List<Path> pictures = List.of(Charts.save(chart, dir.resolve("pinn.png")),
        Charts.save(Charts.lossCurves("PINN: residual loss per epoch", List.of("mean (u'' + u)²"), List.of(losses)),
            dir.resolve("pinn-loss.png")));
    return new Result(maxError, losses, pictures);
  }
}
