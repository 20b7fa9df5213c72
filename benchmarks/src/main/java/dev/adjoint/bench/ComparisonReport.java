package dev.adjoint.bench;

import dev.adjoint.bench.ComparisonTable.Row;
import dev.adjoint.bench.gradbench.GradBenchReport;
import dev.adjoint.bench.scalar.ScalarReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One markdown table for BENCHMARKS.md table A and GradBench's evals: each workload's time, its gradient /
 * primal ratio, how much the SIMD kernels gain over the scalar ones, the tape against the generated adjoint
 * where a workload runs both ways, and PyTorch's time for the same workload measured in the same run.
 *
 * <p>Table A's times come from one fresh JVM running every workload in table order ({@link OrderCheck}'s child,
 * with its fixed, pretouched heap), the scalar kernels' from a second one with {@code -Dadjoint.simd=false}; the
 * ratios from gradient and primal timed in alternating batches in this JVM ({@link GradientTable}); PyTorch's
 * from {@code benchmarks/pytorch/reference.py} (when Debian's torch runs on OpenBLAS; a note otherwise). With
 * {@code --gradbench GB} it also runs GradBench's evals (as {@link GradBenchReport} does, PyTorch's GradBench tool
 * included when it can run) and adds a row per eval; {@code --gradbench-logs DIR} adds the rows of an earlier
 * run's logs instead.
 *
 * <p>Run from the checkout: {@code java --add-modules=jdk.incubator.vector -cp benchmarks/target/benchmarks.jar
 * dev.adjoint.bench.ComparisonReport [--gradbench GB --pythonpath SHIM [--evals gmm,ba,lstm]] [--gradbench-logs
 * DIR]}.
 */
public final class ComparisonReport {
  private ComparisonReport() {}

  /** The gradient workloads of table A as {@link GradientTable} names them. */
  private static final String TABLE_A_GRADIENTS = "(tape|generated): (scalar|tiny|elementwise|matmul|mlp).*";

  /**
   * Prints the table.
   *
   * @param args {@code --gradbench GB}, {@code --pythonpath SHIM}, {@code --python PY}, {@code --evals a,b},
   *     {@code --out DIR} (GradBench's logs), or {@code --gradbench-logs DIR}
   * @throws IOException when GradBench's logs cannot be read or written
   * @throws InterruptedException when interrupted while GradBench runs
   */
  public static void main(String[] args) throws IOException, InterruptedException {
    Path gradbench = null;
    Path logs = null;
    String python = GradBenchReport.DEFAULT_PYTHON;
    String pythonPath = "";
    Path out = GradBenchReport.DEFAULT_OUT;
    List<String> evals = GradBenchReport.EVALS;
    for (int i = 0; i < args.length; i++) {
      if (args[i].startsWith("--") && i + 1 == args.length) {
        System.err.println(args[i] + " needs a value; see the Javadoc of " + ComparisonReport.class.getName());
        System.exit(2);
      }
      switch (args[i]) {
        case "--gradbench" -> gradbench = Path.of(args[++i]);
        case "--gradbench-logs" -> logs = Path.of(args[++i]);
        case "--python" -> python = args[++i];
        case "--pythonpath" -> pythonPath = args[++i];
        case "--out" -> out = Path.of(args[++i]);
        case "--evals" -> evals = List.of(args[++i].split(","));
        default -> {
          System.err.println("unknown option " + args[i] + "; see the Javadoc of " + ComparisonReport.class.getName());
          System.exit(2);
        }
      }
    }
    // checked before the quarter hour of timing, not after it
    if (gradbench != null && !Files.isDirectory(gradbench.resolve("python/gradbench/gradbench/evals"))) {
      System.err.println("--gradbench " + gradbench + ": not a GradBench checkout (no python/gradbench/gradbench/evals"
          + " in it); clone github.com/gradbench/gradbench and set it up as the README's \"Running GradBench's evals\""
          + " says");
      System.exit(2);
    }
    List<GradBenchReport.EvalSummary> earlierRun = logs != null && Files.isDirectory(logs)
        ? GradBenchReport.summaries(logs, evals) : List.of();
    if (logs != null && earlierRun.isEmpty()) {
      System.err.println("--gradbench-logs " + logs + ": no adjoint-EVAL.jsonl log of the evals " + evals
          + " there; give the --out folder of a GradBenchReport or ComparisonReport run");
      System.exit(2);
    }
    long start = System.nanoTime();
    System.out.println("Comparison, " + LocalDate.now() + ": " + Report.machine());
    List<String> ids = TableA.all().stream().map(TableA.Workload::id).toList();
    Map<String, Double> simd = OrderCheck.timeInChild(ids, List.of());
    Map<String, Double> scalar = OrderCheck.timeInChild(ids, List.of("-Dadjoint.simd=false"));
    Map<String, Double> ratios = gradientOverPrimal();
    PyTorchReference.Measured torch = PyTorchReference.measure();
    List<Row> rows = new ArrayList<>(ComparisonTable.tableA(ids, simd, scalar, ratios, torch.times()));

    List<String> notes = new ArrayList<>(torch.lines());
    if (gradbench != null) {
      GradBenchReport.Options options = new GradBenchReport.Options(gradbench.toAbsolutePath(), python, pythonPath,
          out.toAbsolutePath(), evals, Map.of(), true, false, GradBenchReport.TOOL_JAVA_OPTIONS);
      String skipped = GradBenchReport.run(options);
      if (!skipped.isEmpty()) {
        notes.add("GradBench: " + skipped);
      }
      GradBenchReport.summaries(options.out(), evals).forEach(s -> rows.add(ComparisonTable.gradBench(s)));
    } else if (logs != null) {
      notes.add("GradBench rows: the logs in " + logs + " (an earlier run), not measured in this run.");
      earlierRun.forEach(s -> rows.add(ComparisonTable.gradBench(s)));
    } else {
      notes.add("GradBench rows: none (give --gradbench GB to run its evals, or --gradbench-logs DIR).");
    }

    System.out.println("Table A: each workload's time per call in one fresh JVM, in table order (SIMD / scalar:"
        + " the same in a second JVM with -Dadjoint.simd=false); gradient / primal timed in alternating batches"
        + " in this JVM. GradBench: each eval's derivative, geometric mean over its sizes, GradBench's ratio, and"
        + " PyTorch's GradBench tool over the sizes both ran.");
    notes.forEach(System.out::println);
    System.out.println();
    System.out.print(ComparisonTable.markdown(rows));
    System.out.printf("%nComparison took %.0f s.%n", (System.nanoTime() - start) / 1e9);
  }

  /** Gradient / primal of table A's gradient workloads, keyed by their table A names. */
  private static Map<String, Double> gradientOverPrimal() {
    Map<String, Double> ratios = new HashMap<>();
    for (ScalarReport.Row r : GradientTable.rows(TABLE_A_GRADIENTS)) {
      String name = r.workload();
      String id = name.startsWith("tape: ") ? name.substring("tape: ".length())
          : ComparisonTable.GENERATED + name.substring("generated: ".length());
      ratios.put(id, r.ratio());
    }
    return ratios;
  }
}
