package dev.adjoint.bench;

import dev.adjoint.Tensor;
import dev.adjoint.bench.generated.TensorWorkloadsGradients;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * Whether a workload's speed is its code's: the generated elementwise chain and its twin (the same
 * {@code @Differentiable} method written twice, so the same fused loop generated twice) timed in turns, batch after
 * batch, in one JVM on the same input. When the two run at different speeds in the same moment, something besides
 * the source decides (where each copy's compiled code sits, or state it alone uses); when both change speed together
 * during the run, with nothing else running in the program, the cause is neither the code nor the order workloads
 * ran in (docs/findings/SPEED-FINDINGS.md, "The generated chain's speeds move with time").
 *
 * <p>{@code java --add-modules=jdk.incubator.vector -Xms4g -Xmx4g -XX:+AlwaysPreTouch -cp
 * benchmarks/target/benchmarks.jar dev.adjoint.bench.Report --same-code [log2 of the length, default 20]}.
 */
final class SameCodeCheck {
  /** How many batches each twin runs. */
  static final int ROUNDS = 24;

  private static final double BATCH_SECONDS = 0.15;

  private SameCodeCheck() {}

  /**
   * The two twins' times per call, batch by batch (batch {@code i} of the first ran just before batch {@code i} of
   * the second).
   *
   * @param first nanoseconds per call of the first twin, per batch
   * @param twin the same for the second
   */
  record Result(double[] first, double[] twin) {
    Result {
      if (first.length != twin.length || first.length == 0) {
        throw new IllegalArgumentException("one time per batch for each twin, as many for both; got "
            + first.length + " and " + twin.length);
      }
      first = first.clone();
      twin = twin.clone();
    }

    /** The slowest batch of one twin over its fastest: how far its speed moved during the run. */
    static double spread(double[] times) {
      return Arrays.stream(times).max().orElseThrow() / Arrays.stream(times).min().orElseThrow();
    }

    /** The widest ratio of one twin's batch to the other's next to it: the same code, at the same moment. */
    double widestBetweenTwins() {
      double widest = 1;
      for (int i = 0; i < first.length; i++) {
        widest = Math.max(widest, Math.max(first[i] / twin[i], twin[i] / first[i]));
      }
      return widest;
    }

    /** The report: one line per batch, then the spreads. */
    String report(String name) {
      StringBuilder out = new StringBuilder();
      out.append(String.format(Locale.ROOT, "%s and its twin (the same generated loop), batch by batch:%n", name));
      for (int i = 0; i < first.length; i++) {
        out.append(String.format(Locale.ROOT, "%3d  %-10s %-10s %.2f×%n", i + 1, Report.time(first[i]),
            Report.time(twin[i]), first[i] / twin[i]));
      }
      out.append(String.format(Locale.ROOT,
          "first: %s to %s (%.2f×); twin: %s to %s (%.2f×); widest between the twins in one moment: %.2f×%n",
          Report.time(min(first)), Report.time(max(first)), spread(first), Report.time(min(twin)),
          Report.time(max(twin)), spread(twin), widestBetweenTwins()));
      return out.toString();
    }

    private static double min(double[] times) {
      return Arrays.stream(times).min().orElseThrow();
    }

    private static double max(double[] times) {
      return Arrays.stream(times).max().orElseThrow();
    }
  }

  /** Runs the check on the generated chain over {@code 2^log} floats. */
  static Result chain(int log) {
    Tensor x = Tensor.rand(new Random(2), 1 << log).mul(4).sub(2);
    return run(() -> TableA.sink = TensorWorkloadsGradients.elementwiseChain(x).dX().get(0),
        () -> TableA.sink = TensorWorkloadsGradients.elementwiseChainTwin(x).dX().get(0), ROUNDS, BATCH_SECONDS, 1.0);
  }

  /**
   * Warms each up for at least {@code warmUpSeconds}, then times {@code rounds} batches of each in turns, each batch
   * as many calls as take about {@code batchSeconds}.
   */
  static Result run(Runnable first, Runnable twin, int rounds, double batchSeconds, double warmUpSeconds) {
    double perCall = Math.max(Timing.steadyNanos(first, warmUpSeconds, 20, 3, batchSeconds),
        Timing.steadyNanos(twin, warmUpSeconds, 20, 3, batchSeconds));
    long calls = Math.max(1, (long) Math.ceil(batchSeconds * 1e9 / perCall));
    double[] a = new double[rounds];
    double[] b = new double[rounds];
    for (int i = 0; i < rounds; i++) {
      a[i] = batch(first, calls);
      b[i] = batch(twin, calls);
    }
    return new Result(a, b);
  }

  private static double batch(Runnable r, long calls) {
    long start = Timing.now();
    for (long i = 0; i < calls; i++) {
      r.run();
    }
    return (Timing.now() - start) / (double) calls;
  }
}
