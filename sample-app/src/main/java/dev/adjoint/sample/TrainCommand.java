package dev.adjoint.sample;

import dev.adjoint.Tensor;
import dev.adjoint.optim.Adam;
import dev.adjoint.optim.Optimizer;
import dev.adjoint.optim.Sgd;
import java.io.PrintStream;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Trains a small two-layer network on a synthetic two-class problem (points inside or outside a
 * circle) with the dynamic tape and an optimiser, printing the loss and accuracy as it goes.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Trains a tiny MLP with the tape and Sgd or Adam; prints loss and accuracy.")
final class TrainCommand implements Callable<Integer> {
  /** The optimisers the command knows. */
  enum Kind { SGD, ADAM }

  private final PrintStream out;

  @Option(names = "--optimizer", description = "sgd or adam (default: ${DEFAULT-VALUE}).",
      converter = KindConverter.class)
  Kind optimizer = Kind.ADAM;

  @Option(names = "--steps", description = "Training steps (default: ${DEFAULT-VALUE}).")
  int steps = 300;

  @Option(names = "--lr", description = "Learning rate (default: 0.05 for adam, 0.5 for sgd).")
  Double lr;

  @Option(names = "--seed", description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed = 1;

  TrainCommand(PrintStream out) {
    this.out = out;
  }

  static final class KindConverter implements picocli.CommandLine.ITypeConverter<Kind> {
    @Override
    public Kind convert(String value) {
      try {
        return Kind.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.TypeConversionException(
            "unknown optimizer '" + value + "'; use sgd or adam");
      }
    }
  }

  @Override
  public Integer call() {
    if (steps < 1) {
      out.println("--steps must be at least 1, got " + steps);
      return 2;
    }
    Random random = new Random(seed);
    int n = 128;
    Tensor x = Tensor.rand(random, n, 2).mul(4).sub(2);
    double[] xv = x.toDoubleArray();
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      double r2 = xv[2 * i] * xv[2 * i] + xv[2 * i + 1] * xv[2 * i + 1];
      labels[i] = r2 < 1.5 ? 1 : 0;
    }
    Tensor w1 = Tensor.randn(random, 2, 16).mul(0.5).requiresGrad(true);
    Tensor b1 = Tensor.zeros(16).requiresGrad(true);
    Tensor w2 = Tensor.randn(random, 16, 2).mul(0.5).requiresGrad(true);
    Tensor b2 = Tensor.zeros(2).requiresGrad(true);
    List<Tensor> params = List.of(w1, b1, w2, b2);
    double rate = lr != null ? lr : optimizer == Kind.ADAM ? 0.05 : 0.5;
    Optimizer opt = optimizer == Kind.ADAM
        ? Adam.builder(params).lr(rate).build()
        : Sgd.builder(params).lr(rate).momentum(0.9).build();
    out.println("== train: 2-16-2 tanh MLP, " + n + " points (inside/outside a circle), " + opt);
    long start = System.nanoTime();
    for (int step = 1; step <= steps; step++) {
      opt.zeroGrad();
      Tensor logits = x.matmul(w1).add(b1).tanh().matmul(w2).add(b2);
      Tensor loss = Tensor.crossEntropy(logits, labels);
      loss.backward();
      opt.step();
      if (step == 1 || step % Math.max(1, steps / 5) == 0 || step == steps) {
        out.printf("  step %4d  loss %.5f  accuracy %.3f%n", step, loss.item(),
            accuracy(logits.detach(), labels));
      }
    }
    double ms = (System.nanoTime() - start) / 1e6;
    out.printf("  %d steps in %.1f ms (%.1f us/step)%n", steps, ms, 1000 * ms / steps);
    return 0;
  }

  private static double accuracy(Tensor logits, int[] labels) {
    double[] predicted = logits.argmax(1).toDoubleArray();
    int right = 0;
    for (int i = 0; i < labels.length; i++) {
      if ((int) predicted[i] == labels[i]) {
        right++;
      }
    }
    return (double) right / labels.length;
  }
}
