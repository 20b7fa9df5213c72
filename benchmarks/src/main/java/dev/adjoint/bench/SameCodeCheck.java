package dev.adjoint.bench;

import dev.adjoint.Tensor;
import dev.adjoint.bench.generated.TensorWorkloadsGradients;
import java.util.Arrays;
import java.util.Locale;

/**
 * Whether a workload's speed is its code's: the generated elementwise chain and its twin (the same
 * {@code @Differentiable} method written twice, so the same fused loop generated twice) timed in turns, batch after
 * batch, in one JVM on the same input, with a loop that keeps to registers as a reference for the clock. When the
 * two run at different speeds in the same moment, something besides the source decides; when both change speed
 * together while the reference does not, it is neither the code nor the clock, but what they share: their callers'
 * frames, which {@link StackDepthCheck} shows deciding the speed (docs/findings/SPEED-FINDINGS.md, "The generated
 * chain's speeds move with time, not with its code or data").
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
   * The times per call, batch by batch: batch {@code i} of the first twin ran just before batch {@code i} of the
   * second, and that just before batch {@code i} of the reference.
   *
   * @param first nanoseconds per call of the first twin, per batch
   * @param twin the same for the second
   * @param reference the same for {@link #clockLoop}, which keeps to registers: its time follows the core's clock
   *     and nothing else, so when the twins slow down and it does not, the clock did not
   */
  record Result(double[] first, double[] twin, double[] reference) {
    Result {
      if (first.length != twin.length || first.length != reference.length || first.length == 0) {
        throw new IllegalArgumentException("one time per batch for each twin and the reference, as many for all"
            + " three; got " + first.length + ", " + twin.length + " and " + reference.length);
      }
      first = first.clone();
      twin = twin.clone();
      reference = reference.clone();
    }

    /** The slowest batch over the fastest: how far a speed moved during the run. */
    static double spread(double[] times) {
      return max(times) / min(times);
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
      out.append(String.format(Locale.ROOT, "%s and its twin (the same generated loop), then the register-only"
          + " reference, batch by batch:%n", name));
      for (int i = 0; i < first.length; i++) {
        out.append(String.format(Locale.ROOT, "%3d  %-10s %-10s %.2f×  reference %s%n", i + 1, Report.time(first[i]),
            Report.time(twin[i]), first[i] / twin[i], Report.time(reference[i])));
      }
      out.append(String.format(Locale.ROOT, "first: %s; twin: %s; widest between the twins in one moment: %.2f×;"
          + " reference (the clock): %s%n", range(first), range(twin), widestBetweenTwins(), range(reference)));
      return out.toString();
    }

    private static String range(double[] times) {
      return String.format(Locale.ROOT, "%s to %s (%.2f×)", Report.time(min(times)), Report.time(max(times)),
          spread(times));
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
    Tensor x = TableA.chainInput(log);
    return run(() -> TableA.sink = TensorWorkloadsGradients.elementwiseChain(x).dX().get(0),
        () -> TableA.sink = TensorWorkloadsGradients.elementwiseChainTwin(x).dX().get(0),
        () -> TableA.sink = clockLoop(1 << 20), ROUNDS, BATCH_SECONDS, 1.0);
  }

  private static long clockState = 1;

  /**
   * {@code iterations} dependent steps of a 64-bit mixing generator (shift, xor, multiply, add), in registers: no
   * memory, no branch the predictor can miss, so its time is cycles over the clock. The xor keeps it nonlinear: a
   * plain linear congruential step was folded by Java 25's compiler into 15 times fewer cycles.
   */
  static long clockLoop(int iterations) {
    long x = clockState;
    for (int i = 0; i < iterations; i++) {
      x = (x ^ (x >>> 29)) * 6364136223846793005L + 1442695040888963407L;
    }
    clockState = x;
    return x;
  }

  /**
   * Warms each up for at least {@code warmUpSeconds}, then times {@code rounds} batches of each in turns, each batch
   * as many calls as take about {@code batchSeconds} (the reference's batches a third of that).
   */
  static Result run(Runnable first, Runnable twin, Runnable reference, int rounds, double batchSeconds,
      double warmUpSeconds) {
    double perCall = Math.max(Timing.steadyNanos(first, warmUpSeconds, 20, 3, batchSeconds),
        Timing.steadyNanos(twin, warmUpSeconds, 20, 3, batchSeconds));
    double referencePerCall = Timing.steadyNanos(reference, warmUpSeconds / 4, 20, 3, batchSeconds / 3);
    long calls = Math.max(1, (long) Math.ceil(batchSeconds * 1e9 / perCall));
    long referenceCalls = Math.max(1, (long) Math.ceil(batchSeconds / 3 * 1e9 / referencePerCall));
    double[] a = new double[rounds];
    double[] b = new double[rounds];
    double[] c = new double[rounds];
    for (int i = 0; i < rounds; i++) {
      a[i] = batch(first, calls);
      b[i] = batch(twin, calls);
      c[i] = batch(reference, referenceCalls);
    }
    return new Result(a, b, c);
  }

  private static double batch(Runnable r, long calls) {
    long start = Timing.now();
    for (long i = 0; i < calls; i++) {
      r.run();
    }
    return (Timing.now() - start) / (double) calls;
  }
}
