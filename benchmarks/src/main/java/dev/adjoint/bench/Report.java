package dev.adjoint.bench;

import dev.adjoint.bench.kernels.KernelWorkloads;
import dev.adjoint.kernels.Kernels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * Prints two markdown tables: the kernels, each timed as "ours" against a baseline (the scalar
 * kernels), with the ratio, GFLOP/s where the work is known, and the PyTorch reference from
 * BENCHMARKS.md; then every gradient workload against its primal ({@link GradientTable}). A plain timing loop (warm-up, then the median of several batches) keeps the whole
 * run within a couple of minutes; JMH suites in the same module give the careful numbers.
 *
 * <p>Run: {@code mvn -B -q -pl benchmarks -am package -DskipTests} then
 * {@code java --add-modules=jdk.incubator.vector -cp benchmarks/target/benchmarks.jar dev.adjoint.bench.Report}
 * (optionally a regular expression to select rows by name).
 *
 * <p>{@code Report --order [regex]} runs the order check instead ({@link OrderCheck}): every
 * workload of BENCHMARKS.md table A alone in a fresh JVM and in both orders, the spread, and
 * PyTorch's times from the same run beside our slowest. {@code --measure} is that check's child.
 * {@code Report --placement <workload>} times one workload before and after full collections
 * ({@link PlacementCheck}). {@code Report --same-code [log2 length]} times the generated chain and its twin, the same
 * generated loop twice, in turns in one JVM ({@link SameCodeCheck}); {@code Report --stack-depth [log2 length]}
 * times it under 0-7 extra interpreted frames ({@link StackDepthCheck}).
 */
public final class Report {
  private static final double WARM_UP_SECONDS = 0.25;
  private static final int MAX_WARM_UP_ROUNDS = 12;
  private static final double BATCH_SECONDS = 0.08;
  private static final int REPETITIONS = 5;

  private Report() {}

  /**
   * A row of the table.
   *
   * @param name what is measured, e.g. {@code "sgemm n=1024, 1 thread"}
   * @param reference the PyTorch figure from BENCHMARKS.md, or {@code "—"}
   * @param flops floating-point operations per call, or 0 when not meaningful
   * @param prepare allocates the inputs (only when the row is measured) and returns what to time
   */
  public record Workload(String name, String reference, double flops,
      Supplier<Contenders> prepare) {}

  /**
   * What one row times.
   *
   * @param ours our implementation, one call per run
   * @param baseline what we compare against, one call per run
   * @param baselineKey rows with the same key share one baseline measurement (e.g. the scalar
   *     sgemm for the 1- and 2-thread rows); {@code null} to always measure
   */
  public record Contenders(Runnable ours, Runnable baseline, String baselineKey) {}

  /** Every workload, in table order. Other suites add their rows here. */
  public static List<Workload> workloads() {
    List<Workload> all = new ArrayList<>();
    all.addAll(KernelWorkloads.rows());
    return all;
  }

  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("--order")) {
      OrderCheck.run(args.length > 1 ? args[1] : ".*");
      return;
    }
    if (args.length > 1 && args[0].equals("--measure")) {
      OrderCheck.measure(args[1]);
      return;
    }
    if (args.length > 1 && args[0].equals("--placement")) {
      String warning = PlacementCheck.unpretouchedHeapWarning(
          java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
      if (warning != null) {
        System.err.println(warning);
      }
      System.out.println(PlacementCheck.run(args[1]));
      return;
    }
    if (args.length > 0 && (args[0].equals("--same-code") || args[0].equals("--stack-depth"))) {
      int log = args.length > 1 ? lengthLog(args[0], args[1]) : 20;
      String name = "generated elementwise_chain_fwdbwd n=2^" + log;
      System.out.println(machine());
      System.out.print(args[0].equals("--same-code") ? SameCodeCheck.chain(log).report(name)
          : StackDepthCheck.chain(log).report(name));
      return;
    }
    String filter = args.length > 0 ? args[0] : ".*";
    System.out.println("Adjoint benchmark report — kernels: " + Kernels.get().name()
        + "; baseline: " + Kernels.scalar().name());
    System.out.println(machine());
    System.out.println();
    System.out.println("| workload | ours | baseline | baseline / ours | GFLOP/s (ours) "
        + "| PyTorch 1.13, 1 thread |");
    System.out.println("|---|---:|---:|---:|---:|---:|");
    Map<String, Double> baselines = new HashMap<>();
    long start = System.nanoTime();
    for (Workload w : workloads()) {
      if (!w.name().matches(filter)) {
        continue;
      }
      Properties saved = (Properties) System.getProperties().clone();
      try {
        Contenders c = w.prepare().get();
        double ours = medianNanos(c.ours());
        Double base = c.baselineKey() == null ? null : baselines.get(c.baselineKey());
        if (base == null) {
          base = medianNanos(c.baseline());
          if (c.baselineKey() != null) {
            baselines.put(c.baselineKey(), base);
          }
        }
        String gflops = w.flops() > 0 ? String.format(Locale.ROOT, "%.1f", w.flops() / ours) : "—";
        System.out.printf(Locale.ROOT, "| %s | %s | %s | %.1f× | %s | %s |%n", w.name(),
            time(ours), time(base), base / ours, gflops, w.reference());
      } catch (RuntimeException e) {
        // One broken row (say, SIMD kernels not active) should not hide the others.
        System.out.printf("| %s | not run: %s | | | | %s |%n", w.name(), e.getMessage(),
            w.reference());
      } finally {
        System.setProperties(saved);
      }
    }
    System.out.println();
    System.out.println("Gradients: the tape (primal = the same tensor code under noGrad) and the generated"
        + " adjoints (primal = the plain Java method); alternating batches, medians.");
    System.out.println();
    GradientTable.print(GradientTable.rows(filter));
    System.out.printf(Locale.ROOT, "%nTotal report time %.0f s.%n", (System.nanoTime() - start) / 1e9);
  }

  /**
   * Warm up until the JIT has settled, then the median over {@link #REPETITIONS} batches of the
   * time per call ({@link Timing}).
   */
  static double medianNanos(Runnable r) {
    return Timing.steadyNanos(r, WARM_UP_SECONDS, MAX_WARM_UP_ROUNDS, REPETITIONS, BATCH_SECONDS);
  }

  static String time(double nanos) {
    if (nanos < 1e3) {
      return String.format(Locale.ROOT, "%.0f ns", nanos);
    }
    if (nanos < 1e6) {
      return String.format(Locale.ROOT, "%.1f µs", nanos / 1e3);
    }
    if (nanos < 1e9) {
      return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
    }
    return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
  }

  /**
   * The argument of {@code --same-code} or {@code --stack-depth}: the base-2 logarithm of the chain's length.
   *
   * @param option the option it follows, for the message
   * @param argument what followed it
   * @throws IllegalArgumentException saying what is accepted, for anything but a whole number from 4 to 26
   */
  static int lengthLog(String option, String argument) {
    try {
      int log = Integer.parseInt(argument.trim());
      if (log >= 4 && log <= 26) {
        return log;
      }
    } catch (NumberFormatException e) {
      // reported below, with what is accepted
    }
    throw new IllegalArgumentException(option + " takes the base-2 logarithm of the chain's length, a whole number"
        + " from 4 to 26 (20: 2^20 floats, the default); got '" + argument + "'. Example: Report " + option + " 24");
  }

  /** One line describing the machine and JVM the table was measured on. */
  static String machine() {
    List<String> cpuinfo = List.of();
    try {
      cpuinfo = Files.readAllLines(Path.of("/proc/cpuinfo"));
    } catch (Exception e) {
      // not Linux: the CPU stays unknown
    }
    return CpuDescription.parse(cpuinfo) + ", " + Runtime.getRuntime().availableProcessors() + " cores, "
        + System.getProperty("os.arch") + ", Java " + System.getProperty("java.version")
        + " (" + System.getProperty("java.vm.name") + ")";
  }
}
