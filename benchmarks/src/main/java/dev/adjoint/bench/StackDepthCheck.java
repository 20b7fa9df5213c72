package dev.adjoint.bench;

import dev.adjoint.Tensor;
import dev.adjoint.bench.generated.TensorWorkloadsGradients;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import javax.management.ObjectName;

/**
 * Whether a compiled vector loop's speed depends on the frames below it: the generated elementwise chain called
 * under 0 to 7 extra interpreted frames ({@link #down}, kept out of the compilers by a compiler directive), the
 * depths timed in turns in one JVM. Nothing differs between the depths but where the stack pointer stands when the
 * loop starts, and with it whether the 64-byte slots C2 spills vectors to (around each call into the vector math
 * library) straddle cache lines: HotSpot aligns the stack to 16 bytes only. Callers that are interpreted, or
 * compiled by C1 or C2, leave frames of different sizes, so the same loop changes speed with the state of its callers
 * (docs/findings/SPEED-FINDINGS.md, "A vector loop's speed follows the stack below it").
 *
 * <p>{@code java --add-modules=jdk.incubator.vector -Xms4g -Xmx4g -XX:+AlwaysPreTouch -cp
 * benchmarks/target/benchmarks.jar dev.adjoint.bench.Report --stack-depth [log2 of the length, default 20]}.
 */
final class StackDepthCheck {
  /** Extra frames: 0 to this minus 1. */
  static final int DEPTHS = 8;

  private static final int ROUNDS = 3;

  /** Keeps {@link #down} interpreted, so that each level adds an interpreter frame. */
  static final String DIRECTIVE = "[{ match: \"dev/adjoint/bench/StackDepthCheck.down\", Exclude: true }]";

  private StackDepthCheck() {}

  /**
   * Per depth, the median over the rounds of the time per call.
   *
   * @param nanos nanoseconds per call under 0, 1, ... extra frames
   */
  record Result(double[] nanos) {
    Result {
      if (nanos.length < 2) {
        throw new IllegalArgumentException("a time for two depths at least; got " + nanos.length);
      }
      nanos = nanos.clone();
    }

    /** The slowest depth over the fastest. */
    double spread() {
      return Arrays.stream(nanos).max().orElseThrow() / Arrays.stream(nanos).min().orElseThrow();
    }

    /** One line per depth, then the spread. */
    String report(String name) {
      StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
          "%s under extra interpreted frames (median of %d rounds):%n", name, ROUNDS));
      for (int d = 0; d < nanos.length; d++) {
        out.append(String.format(Locale.ROOT, "  %d extra frame%s %s%n", d, d == 1 ? " " : "s", Report.time(nanos[d])));
      }
      out.append(String.format(Locale.ROOT, "slowest depth / fastest: %.2f×%n", spread()));
      return out.toString();
    }
  }

  private static Runnable target;

  /**
   * {@code depth} interpreted frames, then the call being timed. The {@code long} parameter is there for the frame's
   * size: with an {@code int} alone each level moved the stack by a multiple of 32 bytes and every depth ran alike.
   */
  static long down(int depth, long level) {
    if (depth == 0) {
      target.run();
      return level;
    }
    return down(depth - 1, level + 1);
  }

  /** Runs the check on the generated chain over {@code 2^log} floats. */
  static Result chain(int log) {
    Tensor x = TableA.chainInput(log);
    // the first call loads the lanes, which install their own directive; this one goes on top of it
    TableA.sink = TensorWorkloadsGradients.elementwiseChain(x).dX().get(0);
    String answer = installDirective();
    if (!answer.contains("1 compiler directives added")) {
      throw new IllegalStateException("--stack-depth needs a compiler directive to keep its frames interpreted, and"
          + " this JVM refused it (" + answer.strip() + "); without it the depths differ in nothing");
    }
    return run(() -> TableA.sink = TensorWorkloadsGradients.elementwiseChain(x).dX().get(0), DEPTHS, ROUNDS, 0.1);
  }

  /** Warms {@code r} up, then times it at each depth, {@code rounds} times in turns; the median per depth. */
  static Result run(Runnable r, int depths, int rounds, double batchSeconds) {
    target = r;
    double perCall = Timing.steadyNanos(() -> down(0, 0), 1.0, 20, 3, batchSeconds);
    long calls = Math.max(1, (long) Math.ceil(batchSeconds * 1e9 / perCall));
    double[][] samples = new double[depths][rounds];
    for (int round = 0; round < rounds; round++) {
      for (int d = 0; d < depths; d++) {
        long start = Timing.now();
        for (long i = 0; i < calls; i++) {
          down(d, 0);
        }
        samples[d][round] = (Timing.now() - start) / (double) calls;
      }
    }
    double[] medians = new double[depths];
    for (int d = 0; d < depths; d++) {
      Arrays.sort(samples[d]);
      medians[d] = samples[d][rounds / 2];
    }
    return new Result(medians);
  }

  private static String installDirective() {
    Path file = null;
    try {
      // the diagnostic command reads directives from a file only
      file = Files.createTempFile("adjoint-stack-depth", ".json");
      Files.writeString(file, DIRECTIVE, StandardCharsets.UTF_8);
      return String.valueOf(ManagementFactory.getPlatformMBeanServer().invoke(
          new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerDirectivesAdd",
          new Object[] {new String[] {file.toString()}}, new String[] {String[].class.getName()}));
    } catch (Exception e) {
      return e.toString();
    } finally {
      if (file != null) {
        file.toFile().delete();
      }
    }
  }
}
