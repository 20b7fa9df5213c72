package dev.adjoint.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * PyTorch's times for the same workloads on this machine, taken in the same run: runs
 * {@code benchmarks/pytorch/reference.py --tsv} with Debian's python3 (or {@code -Dadjoint.python})
 * and sets its times beside ours. The script refuses to report when PyTorch's matrix product does
 * not run on OpenBLAS (then no comparison is printed, only why).
 */
final class PyTorchReference {
  private PyTorchReference() {}

  /**
   * PyTorch's times from one run of {@code reference.py}.
   *
   * @param times each workload's time in nanoseconds, by the workload names of BENCHMARKS.md table A; empty when
   *     PyTorch could not be run
   * @param lines what the script printed besides the times (its version and BLAS), or why there are no times
   */
  record Measured(Map<String, Double> times, List<String> lines) {
    /** PyTorch's time for one of our workloads ({@code "generated X"} is PyTorch's {@code X}), or null. */
    Double timeOf(String ourId) {
      return times.get(ourId.startsWith("generated ") ? ourId.substring("generated ".length()) : ourId);
    }
  }

  /** Runs {@code reference.py --tsv} with Debian's python3 (or {@code -Dadjoint.python}) and reads its times. */
  static Measured measure() {
    Path script = script();
    if (script == null) {
      return new Measured(Map.of(), List.of("PyTorch: benchmarks/pytorch/reference.py not found from "
          + Path.of("").toAbsolutePath() + "; run from the checkout (or pass"
          + " -Dadjoint.reference=<path>) to compare with PyTorch in the same run."));
    }
    String python = System.getProperty("adjoint.python", "/usr/bin/python3");
    Map<String, Double> torch = new LinkedHashMap<>();
    List<String> other = new ArrayList<>();
    int exit;
    try {
      List<String> command = new ArrayList<>(List.of(python, script.toString(), "--tsv"));
      if (Timing.cpuClock()) {
        command.addAll(List.of("--clock", "cpu"));
      }
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      try (BufferedReader out = new BufferedReader(
          new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          String[] f = line.split("\t");
          if (f.length == 2 && f[1].matches("[0-9.eE+-]+")) {
            torch.put(f[0], Double.parseDouble(f[1]) * 1e9);
          } else {
            other.add(line);
          }
        }
      }
      exit = p.waitFor();
    } catch (IOException e) {
      return new Measured(Map.of(), List.of("PyTorch: could not run " + python + " (" + e.getMessage()
          + "); install Debian's python3-torch and libopenblas0-pthread to compare in the same run."));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Measured(Map.of(), List.of("PyTorch: interrupted"));
    }
    if (exit != 0 || torch.isEmpty()) {
      List<String> why = new ArrayList<>();
      why.add("PyTorch: no comparison (" + python + " " + script + " exited with " + exit + "):");
      other.forEach(l -> why.add("    " + l));
      return new Measured(Map.of(), why);
    }
    return new Measured(torch, other);
  }

  /**
   * Prints {@code ours} (the slowest order of each workload, nanoseconds) beside PyTorch's times,
   * with the ratio and, where {@code targets} sets one, whether PyTorch / ours reaches it. Prints a
   * note instead when PyTorch cannot be run.
   */
  static void printBesideOurs(Map<String, Double> ours, Map<String, Double> targets) {
    System.out.println();
    Measured torch = measure();
    torch.lines().forEach(System.out::println);
    if (torch.times().isEmpty()) {
      return;
    }
    System.out.println();
    System.out.println("| workload | ours, slowest order | PyTorch, same run | PyTorch / ours | goal |");
    System.out.println("|---|---:|---:|---:|---|");
    for (var e : ours.entrySet()) {
      String id = e.getKey();
      Double t = torch.timeOf(id);
      double mine = e.getValue();
      Double goal = targets.get(id);
      String ratio = t == null ? "—" : String.format(Locale.ROOT, "%.2f×", t / mine);
      String verdict = "";
      if (goal != null && t != null) {
        boolean met = goal == 1 ? t / mine > 1 : t / mine >= goal;
        verdict = (goal == 1 ? "faster" : String.format(Locale.ROOT, "≥ %.0f×", goal))
            + (met ? ": met" : ": NOT met");
      }
      System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", id, Report.time(mine),
          t == null ? "—" : Report.time(t), ratio, verdict);
    }
  }

  private static Path script() {
    String given = System.getProperty("adjoint.reference");
    List<Path> candidates = given != null ? List.of(Path.of(given))
        : List.of(Path.of("benchmarks", "pytorch", "reference.py"), Path.of("pytorch", "reference.py"));
    for (Path p : candidates) {
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    return null;
  }
}
