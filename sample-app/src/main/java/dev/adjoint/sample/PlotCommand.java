package dev.adjoint.sample;

import dev.adjoint.Autograd;
import dev.adjoint.DType;
import dev.adjoint.GradOption;
import dev.adjoint.Tensor;
import dev.adjoint.sample.models.Curves;
import dev.adjoint.sample.models.CurvesGradients;
import dev.adjoint.sample.report.Charts;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import org.knowm.xchart.XYChart;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The autograd tutorial's curves and their derivatives as charts: f' from the generated
 * {@code CurvesGradients}, f'' from the tape, each printed at a few points beside the exact value.
 */
@Command(name = "plot", mixinStandardHelpOptions = true,
    description = "Plots the tutorials' functions with f' (generated adjoints) and f'' (the tape) as PNG charts,"
        + " and prints them at a few points beside the exact derivatives.")
final class PlotCommand extends PartCommand<PlotCommand.Result> {
  /** A function of the tutorial with its exact derivatives. */
  record Curve(String name, String formula, String file, double from, double to, UnaryOperator<Tensor> f,
      UnaryOperator<Tensor> generatedDerivative, DoubleUnaryOperator exact1, DoubleUnaryOperator exact2,
      boolean plotSecond) {}

  /** Where the pictures went and how far the derivatives are from the exact ones. */
  record Result(List<Path> pictures, int points, double maxFirstError, double maxSecondError) implements Drawn {}

  static final List<Curve> CURVES = List.of(
      new Curve("cubic", "x³ − 6x² + 8x", "plot-cubic.png", -2, 6, Curves::cubic,
          x -> CurvesGradients.cubicVjp(x, Tensor.onesLike(x)).dX(),
          x -> 3 * x * x - 12 * x + 8, x -> 6 * x - 12, false),
      new Curve("cosOfSquare", "cos(x²)", "plot-cos-of-square.png", 0, 5, Curves::cosOfSquare,
          x -> CurvesGradients.cosOfSquareVjp(x, Tensor.onesLike(x)).dX(),
          x -> -2 * x * Math.sin(x * x), x -> -2 * Math.sin(x * x) - 4 * x * x * Math.cos(x * x), false),
      new Curve("wave", "sin(x)·x²/4", "plot-wave.png", -6, 6, Curves::wave,
          x -> CurvesGradients.waveVjp(x, Tensor.onesLike(x)).dX(),
          x -> (2 * x * Math.sin(x) + x * x * Math.cos(x)) / 4,
          x -> ((2 - x * x) * Math.sin(x) + 4 * x * Math.cos(x)) / 4, true),
      new Curve("tanh", "tanh(x)", "plot-tanh.png", -4, 4, Curves::tanh,
          x -> CurvesGradients.tanhVjp(x, Tensor.onesLike(x)).dX(),
          x -> 1 - Math.tanh(x) * Math.tanh(x),
          x -> -2 * Math.tanh(x) * (1 - Math.tanh(x) * Math.tanh(x)), false));

  @Option(names = "--points", description = "Grid points per curve (default: ${DEFAULT-VALUE}).")
  int points = 200;

  /** The table of values at a few points; the tour leaves it out. */
  boolean table = true;

  PlotCommand(PrintStream out) {
    super(out);
  }

  @Override
  void validate() {
    OutputOptions.atLeast(output.spec, "--points", points, 5);
  }

  @Override
  Result run(Path dir, boolean progress) throws IOException {
    return run(dir, points, out, table);
  }

  /** How far the derivatives are from the exact ones. */
  @Override
  String summary(Result r) {
    return String.format("%d curves on %d points; largest error against the exact derivative: f' (generated) %.1e,"
        + " f'' (tape) %.1e", CURVES.size(), r.points(), r.maxFirstError(), r.maxSecondError());
  }

  /** Draws every curve on a grid of {@code n} points; prints a table of values when {@code table}. */
  static Result run(Path dir, int n, PrintStream out, boolean table) throws IOException {
    List<Path> pictures = new ArrayList<>();
    double maxFirst = 0;
    double maxSecond = 0;
    out.println("== plot: the tutorials' functions; f' from the generated CurvesGradients (vjp with a seed of"
        + " ones), f'' from the tape (grad of grad, CREATE_GRAPH)");
    if (table) {
      out.printf("  %-22s %8s %12s %12s %12s %12s %12s%n", "function", "x", "f", "f'", "exact f'", "f''",
          "exact f''");
    }
    for (Curve c : CURVES) {
      Tensor grid = Tensor.linspace(c.from(), c.to(), n).to(DType.FLOAT64);
      double[] x = grid.toDoubleArray();
      double[] f = c.f().apply(grid).toDoubleArray();
      double[] d1 = c.generatedDerivative().apply(grid).toDoubleArray();
      double[] d2 = secondDerivative(c.f(), grid).toDoubleArray();
      for (int i = 0; i < n; i++) {
        maxFirst = Math.max(maxFirst, Math.abs(d1[i] - c.exact1().applyAsDouble(x[i])));
        maxSecond = Math.max(maxSecond, Math.abs(d2[i] - c.exact2().applyAsDouble(x[i])));
      }
      if (table) {
        for (int i : new int[] {0, n / 3, n / 2, 2 * n / 3, n - 1}) {
          out.printf("  %-22s %8.4f %12.6f %12.6f %12.6f %12.6f %12.6f%n", i == 0 ? c.formula() : "", x[i], f[i],
              d1[i], c.exact1().applyAsDouble(x[i]), d2[i], c.exact2().applyAsDouble(x[i]));
        }
      }
      XYChart chart = Charts.chart(c.formula() + " and its derivatives", "x", "");
      Charts.line(chart, "f(x) = " + c.formula(), x, f);
      Charts.line(chart, "f'(x), generated adjoint", x, d1);
      if (c.plotSecond()) {
        Charts.line(chart, "f''(x), tape", x, d2);
      }
      pictures.add(Charts.save(chart, dir.resolve(c.file())));
    }
    return new Result(pictures, n, maxFirst, maxSecond);
  }

  /** The elementwise second derivative, differentiating the first derivative on the tape. */
  static Tensor secondDerivative(UnaryOperator<Tensor> f, Tensor grid) {
    Tensor x = grid.detach().requiresGrad(true);
    Tensor first = Autograd.grad(f.apply(x).sum(), x, GradOption.CREATE_GRAPH);
    return Autograd.grad(first.sum(), x);
  }
}
