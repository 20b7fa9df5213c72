package dev.adjoint.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Whether a workload's speed depends on what the JVM ran before it. Each workload of
 * {@link TableA} is timed alone in a fresh JVM, then all of them in one JVM in table order and in
 * one JVM in reverse order; the table shows the three times and their spread (slowest / fastest). With
 * {@code -Dadjoint.order.rounds=N} all of it runs N times and each order's time is the median of its rounds,
 * beside the range of the rounds: on a noisy machine one round's spread mixes the order's effect with the noise.
 * The JIT compiles shared code with the profiles it has seen, so a kernel that some earlier
 * workload made megamorphic shows up here as a spread well above 1.
 *
 * <p>When Debian's python3 has PyTorch, {@code benchmarks/pytorch/reference.py} runs in the same
 * run and a second table sets each workload's slowest time beside PyTorch's ({@link PyTorchReference}).
 */
final class OrderCheck {
  private OrderCheck() {}

  /** The line prefix a measuring child prints before each result. */
  private static final String RESULT = "order-check\t";
  /** At least this much warm-up ({@code -Dadjoint.order.warmup=seconds} for longer runs). */
  private static final double MIN_WARM_UP_SECONDS =
      Double.parseDouble(System.getProperty("adjoint.order.warmup", "4.0"));
  private static final int MAX_WARM_UP_ROUNDS = 16;
  private static final double BATCH_SECONDS = 0.1;
  private static final int BATCHES = 7;
  /**
   * Rounds of the three orders ({@code -Dadjoint.order.rounds=3}): with more than one, each order's time is the
   * median of its rounds and the table also shows how far the rounds of one order lie apart, which is the
   * machine's noise, not an effect of the order.
   */
  private static final int ROUNDS = Integer.getInteger("adjoint.order.rounds", 1);
  /** The children's heap, fixed ({@code -Xms} = {@code -Xmx}) and pretouched unless this JVM was given either. */
  private static final String HEAP = "4g";

  /** The speed goals against PyTorch (PyTorch's time / ours, slowest order). */
  private static final Map<String, Double> TARGETS = Map.of(
      "mlp_train_step_b128", 1.0,
      "matmul_fwdbwd n=1024", 1.0,
      "elementwise_chain_fwdbwd n=2^20", 5.0,
      "generated elementwise_chain_fwdbwd n=2^20", 5.0,
      "tiny_100ops_fwdbwd", 20.0);

  /** The three orders a workload is timed in. */
  private enum Order {
    ALONE("alone"), FORWARD("first to last"), REVERSE("last to first");

    final String label;

    Order(String label) {
      this.label = label;
    }
  }

  /**
   * The child side: times the workloads named in {@code ids} (comma-separated), in that order, and
   * prints one result line per workload.
   */
  static void measure(String ids) {
    for (String id : ids.split(",")) {
      TableA.Workload w = TableA.named(id);
      double nanos = Timing.steadyNanos(w.prepare().get(), MIN_WARM_UP_SECONDS,
          MAX_WARM_UP_ROUNDS, BATCHES, BATCH_SECONDS) / w.calls();
      System.out.println(RESULT + id + "\t" + nanos);
      System.out.flush();
    }
  }

  /** The parent side: runs the children, prints the spread table and PyTorch's, when present. */
  static void run(String filter) {
    List<String> ids = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (TableA.Workload w : TableA.all()) {
      names.add(w.id());
      if (w.id().matches(filter)) {
        ids.add(w.id());
      }
    }
    if (ids.isEmpty()) {
      throw new IllegalArgumentException("order check: no workload's name matches the regular expression '" + filter
          + "' (it must match the whole name); the names are " + names
          + ". Example: Report --order 'elementwise_chain.*' (quote it in the shell)");
    }
    String command = String.join(" ", childCommand(List.of(), List.of("--measure", "<ids>")));
    System.out.println("Order check, " + LocalDate.now() + ": " + Report.machine());
    System.out.println("Each workload alone in a fresh JVM, then all in one JVM first to last and"
        + " last to first" + (ROUNDS > 1 ? ", " + ROUNDS + " rounds (each order's median shown)" : "")
        + "; one thread; medians of " + BATCHES + " batches after >= "
        + MIN_WARM_UP_SECONDS + " s of warm-up; " + (Timing.cpuClock() ? "the thread's CPU time" : "wall clock")
        + ". Children: " + command);
    long start = System.nanoTime();
    Map<String, double[][]> times = new LinkedHashMap<>();
    for (String id : ids) {
      double[][] t = new double[Order.values().length][ROUNDS];
      for (double[] round : t) {
        Arrays.fill(round, Double.NaN);
      }
      times.put(id, t);
    }
    List<String> reversed = new ArrayList<>(ids);
    java.util.Collections.reverse(reversed);
    // rounds one after another, not order after order, so that a slow phase of the machine falls on every order alike
    for (int round = 0; round < ROUNDS; round++) {
      for (String id : ids) {
        collect(List.of(id), Order.ALONE, round, times);
      }
      collect(ids, Order.FORWARD, round, times);
      collect(reversed, Order.REVERSE, round, times);
    }

    System.out.println();
    StringBuilder header = new StringBuilder("| workload |");
    StringBuilder rule = new StringBuilder("|---|");
    for (Order o : Order.values()) {
      header.append(' ').append(o.label).append(ROUNDS > 1 ? " (median, range)" : "").append(" |");
      rule.append("---:|");
    }
    System.out.println(header + " slowest / fastest |" + (ROUNDS > 1 ? " rounds of one order, widest |" : ""));
    System.out.println(rule + "---:|" + (ROUNDS > 1 ? "---:|" : ""));
    Map<String, Double> slowest = new LinkedHashMap<>();
    for (var e : times.entrySet()) {
      Spread spread = Spread.of(e.getValue());
      slowest.put(e.getKey(), spread.slowest());
      System.out.println("| " + e.getKey() + " |" + spread.cells(ROUNDS > 1));
    }
    System.out.printf(Locale.ROOT, "%nOrder check took %.0f s.%n", (System.nanoTime() - start) / 1e9);
    PyTorchReference.printBesideOurs(slowest, TARGETS);
  }

  /**
   * One workload's times in the three orders.
   *
   * @param medians per order, the median of its rounds (NaN where every round failed)
   * @param fastestRounds per order, its fastest round
   * @param slowestRounds per order, its slowest round
   */
  record Spread(double[] medians, double[] fastestRounds, double[] slowestRounds) {
    /** The spread of {@code rounds[order][round]} (NaN for a round whose JVM failed). */
    static Spread of(double[][] rounds) {
      int orders = rounds.length;
      double[] medians = new double[orders];
      double[] fastest = new double[orders];
      double[] slowest = new double[orders];
      for (int o = 0; o < orders; o++) {
        double[] done = Arrays.stream(rounds[o]).filter(v -> !Double.isNaN(v)).sorted().toArray();
        int n = done.length;
        medians[o] = n == 0 ? Double.NaN : n % 2 == 1 ? done[n / 2] : (done[n / 2 - 1] + done[n / 2]) / 2;
        fastest[o] = n == 0 ? Double.NaN : done[0];
        slowest[o] = n == 0 ? Double.NaN : done[n - 1];
      }
      return new Spread(medians, fastest, slowest);
    }

    /** The slowest order's median: what a user gets in the worst of the three. */
    double slowest() {
      return Arrays.stream(medians).filter(v -> !Double.isNaN(v)).max().orElse(Double.NaN);
    }

    /** Slowest order's median over the fastest order's. */
    double ratio() {
      return slowest() / Arrays.stream(medians).filter(v -> !Double.isNaN(v)).min().orElse(Double.NaN);
    }

    /** The widest spread of one order's rounds (slowest round over fastest): the run-to-run noise. */
    double widestRounds() {
      double widest = 1;
      for (int o = 0; o < medians.length; o++) {
        if (!Double.isNaN(medians[o])) {
          widest = Math.max(widest, slowestRounds[o] / fastestRounds[o]);
        }
      }
      return widest;
    }

    /** The table cells after the workload's name: each order, the spread, and with rounds their widest range. */
    String cells(boolean rounds) {
      StringBuilder row = new StringBuilder();
      for (int o = 0; o < medians.length; o++) {
        if (Double.isNaN(medians[o])) {
          row.append(" failed |");
          continue;
        }
        row.append(' ').append(Report.time(medians[o]));
        if (rounds) {
          row.append(" (").append(Report.time(fastestRounds[o])).append('-').append(Report.time(slowestRounds[o])).append(')');
        }
        row.append(" |");
      }
      row.append(String.format(Locale.ROOT, " %.2f× |", ratio()));
      if (rounds) {
        row.append(String.format(Locale.ROOT, " %.2f× |", widestRounds()));
      }
      return row.toString();
    }
  }

  /** Runs one child JVM over {@code ids} and stores its results in column {@code order}, round {@code round}. */
  private static void collect(List<String> ids, Order order, int round, Map<String, double[][]> times) {
    Map<String, Double> measured = timeInChild(ids, List.of());
    measured.forEach((id, nanos) -> times.get(id)[order.ordinal()][round] = nanos);
    if (measured.size() < ids.size()) {
      System.err.println("order check: the JVM timing " + ids + " (" + order.label
          + ") did not time every workload; the missing rows say 'failed'");
    }
  }

  /**
   * Times the table A workloads {@code ids}, in that order, in one fresh JVM started with this JVM's options,
   * the order check's defaults and {@code jvmOptions} (say {@code -Dadjoint.simd=false}); returns the time per
   * call of each workload it timed, in nanoseconds (a workload whose JVM failed before it is missing).
   */
  static Map<String, Double> timeInChild(List<String> ids, List<String> jvmOptions) {
    List<String> command = childCommand(jvmOptions, List.of("--measure", String.join(",", ids)));
    Map<String, Double> times = new LinkedHashMap<>();
    try {
      Process p = new ProcessBuilder(command)
          .redirectError(ProcessBuilder.Redirect.INHERIT)
          .start();
      try (BufferedReader out = new BufferedReader(
          new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          if (line.startsWith(RESULT)) {
            String[] f = line.split("\t");
            times.put(f[1], Double.parseDouble(f[2]));
          }
        }
      }
      int exit = p.waitFor();
      if (exit != 0) {
        System.err.println("order check: the JVM timing " + ids + " exited with " + exit);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("order check: could not start " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("order check interrupted", e);
    }
    return times;
  }

  /**
   * This JVM's java and options (so {@code --add-modules} and {@code -D} flags carry over), with
   * matrix products on one thread unless {@code adjoint.threads} was given, a fixed, pretouched heap
   * unless one was given, {@code extraJvmOptions}, and Report's main.
   */
  private static List<String> childCommand(List<String> extraJvmOptions, List<String> args) {
    List<String> c = new ArrayList<>();
    c.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> jvm = ManagementFactory.getRuntimeMXBean().getInputArguments();
    c.addAll(jvm);
    if (jvm.stream().noneMatch(a -> a.startsWith("-Dadjoint.threads="))) {
      c.add("-Dadjoint.threads=1");
    }
    if (jvm.stream().noneMatch(a -> a.startsWith("-Xms") || a.startsWith("-Xmx"))) {
      // A heap of fixed size, its memory touched at start: on these virtual machines the first write to
      // a page is slow, and while G1 grows the default heap into new memory tiny_100ops alone ran 130-260
      // us a call instead of 7-8 us in about one fresh JVM in five (with either build, 2026-12-06); a
      // fixed 4 GB heap without the pretouch made the MLP step 8-12 ms instead of 1.3 ms.
      c.add("-Xms" + HEAP);
      c.add("-Xmx" + HEAP);
      c.add("-XX:+AlwaysPreTouch");
    }
    c.addAll(extraJvmOptions);
    c.add("-cp");
    c.add(System.getProperty("java.class.path"));
    c.add(Report.class.getName());
    c.addAll(args);
    return c;
  }
}
