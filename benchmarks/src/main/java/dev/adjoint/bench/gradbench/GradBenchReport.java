package dev.adjoint.bench.gradbench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One markdown table of the GradBench evals: Adjoint's primal and derivative times and their ratio, measured
 * through GradBench's own evals (which validate every output against GradBench's C++ reference), beside
 * GradBench's PyTorch tool and its hand-written C++ ({@code manual}) measured in the same run.
 *
 * <pre>
 * # run the evals (a GradBench checkout with its C++ reference built, see the README's GradBench section):
 * java --add-modules=jdk.incubator.vector -cp benchmarks/target/benchmarks.jar \
 *     dev.adjoint.bench.gradbench.GradBenchReport --gradbench DIR [--pythonpath SHIM] [--evals gmm,ba]
 *     [--eval-args "gmm=-d 2 10 -k 5"] [--tool-java-options "-Xms8g -Xmx8g -XX:+AlwaysPreTouch"] [--out DIR]
 * # or tabulate logs written before (files named TOOL-EVAL.jsonl, TOOL one of adjoint, pytorch, manual):
 * java -cp benchmarks/target/benchmarks.jar dev.adjoint.bench.gradbench.GradBenchReport --logs DIR
 * </pre>
 *
 * {@link #table} is the same table for another report to embed.
 */
public final class GradBenchReport {
  private GradBenchReport() {}

  /** Every eval the tool answers, in the table's order. */
  public static final List<String> EVALS =
      List.of("hello", "lse", "llsq", "det", "ode", "gmm", "ba", "lstm", "kmeans", "saddle", "particle");

  /**
   * The tool's heap, fixed and touched at start-up: on this project's machines (virtual machines whose memory
   * the host backs on first touch) a run that grew the heap into fresh memory sometimes took 2-10 times as long
   * as the runs around it (ba's largest sizes, 0.5-1.9 s against 0.1-0.26 s, with no GC pause over 50 ms).
   * {@code --tool-java-options} replaces these.
   */
  public static final List<String> TOOL_JAVA_OPTIONS = List.of("-Xms8g", "-Xmx8g", "-XX:+AlwaysPreTouch");

  /** The evals GradBench's PyTorch tool implements (of ours). */
  static final List<String> PYTORCH_EVALS = List.of("lse", "gmm", "ba", "lstm", "kmeans");

  /** The evals whose primal is compared with GradBench's hand-written C++. */
  static final List<String> MANUAL_EVALS = List.of("lse", "llsq", "det", "ode", "gmm", "ba", "lstm", "kmeans");

  /** PyTorch's derivative/primal ratios in GradBench's nightly of 2026-03-14 (geometric mean over sizes). */
  static final Map<String, Double> PYTORCH_PUBLISHED =
      Map.of("lse", 5.48, "gmm", 3.29, "ba", 6.37, "lstm", 2.68, "kmeans", 10.19);

  /** The primal and derivative function of each eval that has both. */
  static final Map<String, String[]> FUNCTIONS = Map.of(
      "hello", new String[] {"square", "double"},
      "lse", new String[] {"primal", "gradient"},
      "llsq", new String[] {"primal", "gradient"},
      "det", new String[] {"primal", "gradient"},
      "ode", new String[] {"primal", "gradient"},
      "gmm", new String[] {"objective", "jacobian"},
      "ba", new String[] {"objective", "jacobian"},
      "lstm", new String[] {"objective", "jacobian"},
      "kmeans", new String[] {"cost", "dir"});

  /** Options of a run; see the class comment. */
  public record Options(Path gradbench, String python, String pythonPath, Path out, List<String> evals,
      Map<String, String> evalArgs, boolean pytorch, boolean manual, List<String> toolJavaOptions) {}

  /** Debian's python3, the one with GradBench's dependencies and PyTorch installed by apt. */
  public static final String DEFAULT_PYTHON = "/usr/bin/python3";
  /** Where the run's JSONL logs go unless {@code --out} says otherwise. */
  public static final Path DEFAULT_OUT = Path.of("benchmarks", "target", "gradbench-logs");

  public static void main(String[] args) throws IOException, InterruptedException {
    Path logs = null;
    Path gradbench = null;
    String python = DEFAULT_PYTHON;
    String pythonPath = "";
    Path out = DEFAULT_OUT;
    List<String> evals = EVALS;
    Map<String, String> evalArgs = new LinkedHashMap<>();
    boolean pytorch = true;
    boolean manual = true;
    List<String> toolJavaOptions = TOOL_JAVA_OPTIONS;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--logs" -> logs = Path.of(args[++i]);
        case "--gradbench" -> gradbench = Path.of(args[++i]);
        case "--python" -> python = args[++i];
        case "--pythonpath" -> pythonPath = args[++i];
        case "--out" -> out = Path.of(args[++i]);
        case "--evals" -> evals = List.of(args[++i].split(","));
        case "--eval-args" -> {
          String[] kv = args[++i].split("=", 2);
          evalArgs.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
        case "--no-pytorch" -> pytorch = false;
        case "--no-manual" -> manual = false;
        case "--tool-java-options" -> toolJavaOptions = List.of(args[++i].trim().split("\\s+"));
        default -> {
          System.err.println("unknown option " + a + "; see the Javadoc of " + GradBenchReport.class.getName());
          System.exit(2);
        }
      }
    }
    if (logs == null && gradbench == null) {
      System.err.println("give --gradbench DIR (run the evals) or --logs DIR (tabulate logs)");
      System.exit(2);
    }
    String note = "";
    if (logs == null) {
      Options options = new Options(gradbench.toAbsolutePath(), python, pythonPath, out.toAbsolutePath(), evals,
          evalArgs, pytorch, manual, toolJavaOptions);
      note = run(options);
      logs = options.out();
    }
    System.out.println(table(logs, evals));
    if (!note.isEmpty()) {
      System.out.println();
      System.out.println(note);
    }
  }

  /** Runs the evals against Adjoint's tool, PyTorch's and the C++ reference; returns a note on what was skipped. */
  public static String run(Options o) throws IOException, InterruptedException {
    Files.createDirectories(o.out());
    Path stderr = o.out().resolve("stderr.txt");
    String torch = o.pytorch() ? pytorchProblem(o) : "PyTorch not run (--no-pytorch).";
    for (String eval : o.evals()) {
      List<String> evalCommand = new ArrayList<>(List.of(o.python(),
          "python/gradbench/gradbench/evals/" + eval + "/run.py"));
      String extra = o.evalArgs().getOrDefault(eval, "").trim();
      if (!extra.isEmpty()) {
        evalCommand.addAll(Arrays.asList(extra.split("\\s+")));
      }
      System.err.println("gradbench: " + eval + " (adjoint)");
      Intermediary.run(pythonEnv(o, evalCommand), ourTool(o.toolJavaOptions()), o.gradbench(), o.out().resolve("adjoint-" + eval + ".jsonl"),
          stderr);
      if (torch.isEmpty() && PYTORCH_EVALS.contains(eval)) {
        System.err.println("gradbench: " + eval + " (pytorch)");
        Intermediary.run(pythonEnv(o, evalCommand),
            pythonEnv(o, List.of(o.python(), "python/gradbench/gradbench/tools/pytorch/run.py")), o.gradbench(),
            o.out().resolve("pytorch-" + eval + ".jsonl"), stderr);
      }
      if (o.manual() && MANUAL_EVALS.contains(eval)
          && Files.isExecutable(o.gradbench().resolve("tools/manual/bin/" + eval))) {
        System.err.println("gradbench: " + eval + " (manual)");
        Intermediary.run(pythonEnv(o, evalCommand),
            pythonEnv(o, List.of(o.python(), "python/gradbench/gradbench/cpp.py", "manual")), o.gradbench(),
            o.out().resolve("manual-" + eval + ".jsonl"), stderr);
      }
    }
    return torch;
  }

  /** Empty if Debian's PyTorch with an optimised BLAS can run; otherwise why the PyTorch columns are empty. */
  private static String pytorchProblem(Options o) throws IOException, InterruptedException {
    // An n=1024 float32 matmul takes ~10 ms with OpenBLAS and ~40x longer on the reference BLAS.
    String probe = "import time, torch\n"
        + "a = torch.rand(1024, 1024); b = torch.rand(1024, 1024); a @ b\n"
        + "t = time.perf_counter(); a @ b; print((time.perf_counter() - t) * 1e3)\n";
    Process p = new ProcessBuilder(pythonEnv(o, List.of(o.python(), "-c", probe))).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      return "PyTorch not run: `import torch` failed with " + o.python() + " (install python3-torch and"
          + " libopenblas0-pthread).";
    }
    String[] lines = output.split("\n");
    double ms = Double.parseDouble(lines[lines.length - 1].trim());
    if (ms > 100) {
      return String.format(Locale.ROOT, "PyTorch not run: its n=1024 matmul took %.0f ms, so it runs on the reference"
          + " BLAS (install libopenblas0-pthread); that would be no comparison.", ms);
    }
    return "";
  }

  /** A command run with PYTHONPATH set for GradBench's Python package (and the pydantic shim, if given). */
  private static List<String> pythonEnv(Options o, List<String> command) {
    String path = "python/gradbench" + (o.pythonPath().isEmpty() ? "" : File.pathSeparator + o.pythonPath());
    List<String> withEnv = new ArrayList<>(List.of("env", "PYTHONPATH=" + path));
    withEnv.addAll(command);
    return withEnv;
  }

  /**
   * This JVM's java, with the Vector API when this JVM has it, running the tool from this class path (made
   * absolute: the tool starts in GradBench's directory).
   */
  private static List<String> ourTool(List<String> javaOptions) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(javaOptions);
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
      command.add("--add-modules=jdk.incubator.vector");
    }
    command.add("-cp");
    command.add(Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .map(entry -> Path.of(entry).toAbsolutePath().toString())
        .collect(Collectors.joining(File.pathSeparator)));
    command.add(GradBenchTool.class.getName());
    return command;
  }

  /** The markdown table of the logs in {@code logs} ({@code adjoint-EVAL.jsonl}, ...) for {@code evals}. */
  public static String table(Path logs, List<String> evals) throws IOException {
    StringBuilder sb = new StringBuilder();
    sb.append("| eval | workloads validated | Adjoint primal | Adjoint derivative | derivative / primal"
        + " | PyTorch primal | PyTorch derivative | PyTorch derivative / primal (published) | C++ primal"
        + " | Adjoint primal / C++ primal |\n");
    sb.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (String eval : evals) {
      RunLog ours = load(logs.resolve("adjoint-" + eval + ".jsonl"));
      if (ours == null) {
        continue;
      }
      RunLog torch = load(logs.resolve("pytorch-" + eval + ".jsonl"));
      RunLog cpp = load(logs.resolve("manual-" + eval + ".jsonl"));
      String published = PYTORCH_PUBLISHED.containsKey(eval)
          ? String.format(Locale.ROOT, " (%.1f)", PYTORCH_PUBLISHED.get(eval)) : "";
      String[] fns = FUNCTIONS.get(eval);
      String validated = ours.validCount() + " / " + ours.evaluations().size();
      if (fns == null) {
        // saddle, particle: four nestings of the derivatives, no primal.
        StringBuilder times = new StringBuilder();
        for (String f : List.of("rr", "rf", "fr", "ff")) {
          Map<String, Double> m = ours.means(f);
          if (!m.isEmpty()) {
            times.append(times.length() == 0 ? "" : ", ").append(f).append(' ')
                .append(time(geomean(m.values())));
          }
        }
        sb.append("| ").append(eval).append(" | ").append(validated).append(" | — | ").append(times)
            .append(" | — | — | — | —").append(published).append(" | — | — |\n");
        continue;
      }
      Stats us = Stats.of(ours, fns);
      Stats them = torch == null ? null : Stats.of(torch, fns);
      Stats ref = cpp == null ? null : Stats.of(cpp, fns);
      sb.append("| ").append(eval).append(" | ").append(validated)
          .append(" | ").append(time(us.primal())).append(" | ").append(time(us.derivative()))
          .append(" | ").append(ratio(us.ratio()))
          .append(" | ").append(them == null ? "—" : time(them.primal()) + them.count(us))
          .append(" | ").append(them == null ? "—" : time(them.derivative()))
          .append(" | ").append(them == null ? "—" : ratio(them.ratio())).append(published)
          .append(" | ").append(ref == null ? "—" : time(ref.primal()))
          .append(" | ").append(ref == null ? "—" : ratio(us.primalOver(ref)))
          .append(" |\n");
    }
    return sb.toString();
  }

  /**
   * One eval's figures from a run's logs, for tables that set GradBench's evals beside other workloads.
   *
   * @param eval the eval's name
   * @param label the row's name: the eval, and for saddle and particle the nesting whose time is shown ({@code rr})
   * @param validated how many of our outputs GradBench's eval validated
   * @param workloads how many it evaluated
   * @param derivativeNs our derivative's time (geometric mean over the eval's sizes)
   * @param ratio GradBench's derivative / primal ratio of ours; NaN where the eval has no primal
   * @param pytorchDerivativeNs PyTorch's GradBench tool's derivative time, NaN when its log is missing
   * @param pytorchOverOurs PyTorch's derivative time over ours, geometric mean over the sizes both ran
   */
  public record EvalSummary(String eval, String label, long validated, int workloads, double derivativeNs,
      double ratio, double pytorchDerivativeNs, double pytorchOverOurs) {}

  /** The summaries of the evals in {@code evals} whose Adjoint log is in {@code logs}, in that order. */
  public static List<EvalSummary> summaries(Path logs, List<String> evals) throws IOException {
    List<EvalSummary> rows = new ArrayList<>();
    for (String eval : evals) {
      RunLog ours = load(logs.resolve("adjoint-" + eval + ".jsonl"));
      if (ours == null) {
        continue;
      }
      RunLog torch = load(logs.resolve("pytorch-" + eval + ".jsonl"));
      String[] fns = FUNCTIONS.getOrDefault(eval, new String[] {null, "rr"});
      Stats us = Stats.of(ours, fns);
      Stats them = torch == null ? null : Stats.of(torch, fns);
      rows.add(new EvalSummary(eval, fns[0] == null ? eval + " (" + fns[1] + ")" : eval, ours.validCount(),
          ours.evaluations().size(), us.derivative(), fns[0] == null ? Double.NaN : us.ratio(),
          them == null ? Double.NaN : them.derivative(), them == null ? Double.NaN : them.derivativeOver(us)));
    }
    return rows;
  }

  /** Geometric means over the workloads of one tool's log. */
  record Stats(Map<String, Double> primals, Map<String, Double> derivatives) {
    static Stats of(RunLog log, String[] fns) {
      return new Stats(fns[0] == null ? Map.of() : log.means(fns[0]), log.means(fns[1]));
    }

    double primal() {
      return geomean(primals.values());
    }

    double derivative() {
      return geomean(derivatives.values());
    }

    /** GradBench's ratio: the geometric mean over workloads of derivative time / primal time. */
    double ratio() {
      return geomeanOfRatios(derivatives, primals);
    }

    /** The geometric mean over shared workloads of this primal over {@code other}'s. */
    double primalOver(Stats other) {
      return geomeanOfRatios(primals, other.primals);
    }

    /** The geometric mean over shared workloads of this derivative's time over {@code other}'s. */
    double derivativeOver(Stats other) {
      return geomeanOfRatios(derivatives, other.derivatives);
    }

    /** The geometric mean, over the workloads both maps hold, of {@code over}'s time over {@code under}'s. */
    private static double geomeanOfRatios(Map<String, Double> over, Map<String, Double> under) {
      List<Double> r = new ArrayList<>();
      for (Map.Entry<String, Double> e : over.entrySet()) {
        Double u = under.get(e.getKey());
        if (u != null) {
          r.add(e.getValue() / u);
        }
      }
      return geomean(r);
    }

    /** " (n of N workloads)" when this tool ran fewer workloads than {@code all}. */
    String count(Stats all) {
      return primals.size() < all.primals.size()
          ? " (" + primals.size() + " of " + all.primals.size() + " workloads)" : "";
    }
  }

  private static RunLog load(Path file) throws IOException {
    return Files.isRegularFile(file) ? RunLog.read(file) : null;
  }

  static double geomean(Iterable<Double> values) {
    double logSum = 0;
    int n = 0;
    for (double v : values) {
      logSum += Math.log(v);
      n++;
    }
    return n == 0 ? Double.NaN : Math.exp(logSum / n);
  }

  static String time(double nanos) {
    if (Double.isNaN(nanos)) {
      return "—";
    }
    if (nanos >= 1e9) {
      return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
    }
    if (nanos >= 1e6) {
      return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
    }
    if (nanos >= 1e3) {
      return String.format(Locale.ROOT, "%.1f µs", nanos / 1e3);
    }
    return String.format(Locale.ROOT, "%.0f ns", nanos);
  }

  private static String ratio(double r) {
    return Double.isNaN(r) ? "—" : String.format(Locale.ROOT, "%.2f", r);
  }
}
