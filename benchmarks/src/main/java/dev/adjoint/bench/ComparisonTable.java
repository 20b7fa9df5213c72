package dev.adjoint.bench;

import dev.adjoint.bench.gradbench.GradBenchReport.EvalSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The rows of {@link ComparisonReport}'s one table and its markdown, computed from measurements taken
 * elsewhere: this class only combines them, so the arithmetic is tested without timing anything.
 */
final class ComparisonTable {
  private ComparisonTable() {}

  /** The prefix of the table A workloads that run through a generated adjoint rather than the tape. */
  static final String GENERATED = "generated ";

  /**
   * One row. NaN in a column means that column does not apply to the workload (or was not measured).
   *
   * @param workload the table A workload or GradBench eval
   * @param oursNs our time per call (for an eval, its derivative's geometric mean over the eval's sizes)
   * @param gradientOverPrimal the gradient's time over the primal's
   * @param simdOverScalar how many times faster than with the scalar kernels (scalar time / SIMD time)
   * @param tapeOverGenerated the tape's time over the generated adjoint's, for a workload that has both
   * @param pytorchNs PyTorch's time for the same workload in the same run
   * @param pytorchOverOurs PyTorch's time over ours
   */
  record Row(String workload, double oursNs, double gradientOverPrimal, double simdOverScalar,
      double tapeOverGenerated, double pytorchNs, double pytorchOverOurs) {}

  /**
   * The rows of BENCHMARKS.md table A, in the order of {@code ids}.
   *
   * @param simd each workload's time with the SIMD kernels (a workload missing here has no row)
   * @param scalar each workload's time with the scalar kernels
   * @param gradientOverPrimal each gradient workload's gradient / primal ratio
   * @param pytorch PyTorch's times by PyTorch's names ({@code "generated X"} is PyTorch's {@code X})
   */
  static List<Row> tableA(List<String> ids, Map<String, Double> simd, Map<String, Double> scalar,
      Map<String, Double> gradientOverPrimal, Map<String, Double> pytorch) {
    List<Row> rows = new ArrayList<>();
    for (String id : ids) {
      Double ours = simd.get(id);
      if (ours == null) {
        continue;
      }
      String tapeId = id.startsWith(GENERATED) ? id.substring(GENERATED.length()) : id;
      Double tape = simd.get(tapeId);
      Double generated = simd.get(GENERATED + tapeId);
      Double torch = pytorch.get(tapeId);
      rows.add(new Row(id, ours,
          gradientOverPrimal.getOrDefault(id, Double.NaN),
          scalar.containsKey(id) ? scalar.get(id) / ours : Double.NaN,
          tape != null && generated != null ? tape / generated : Double.NaN,
          torch == null ? Double.NaN : torch,
          torch == null ? Double.NaN : torch / ours));
    }
    return rows;
  }

  /** A GradBench eval's row: its derivative's time and ratio, and PyTorch's GradBench tool beside it. */
  static Row gradBench(EvalSummary s) {
    return new Row("GradBench " + s.label() + " (" + s.validated() + " / " + s.workloads() + " validated)",
        s.derivativeNs(), s.ratio(), Double.NaN, Double.NaN, s.pytorchDerivativeNs(), s.pytorchOverOurs());
  }

  /** The markdown table of {@code rows}. */
  static String markdown(List<Row> rows) {
    StringBuilder sb = new StringBuilder();
    sb.append("| workload | ours | gradient / primal | SIMD / scalar | tape / generated | PyTorch, same run"
        + " | PyTorch / ours |\n");
    sb.append("|---|---:|---:|---:|---:|---:|---:|\n");
    for (Row r : rows) {
      sb.append("| ").append(r.workload())
          .append(" | ").append(Double.isNaN(r.oursNs()) ? "—" : Report.time(r.oursNs()))
          .append(" | ").append(number(r.gradientOverPrimal(), ""))
          .append(" | ").append(number(r.simdOverScalar(), "×"))
          .append(" | ").append(number(r.tapeOverGenerated(), "×"))
          .append(" | ").append(Double.isNaN(r.pytorchNs()) ? "—" : Report.time(r.pytorchNs()))
          .append(" | ").append(number(r.pytorchOverOurs(), "×"))
          .append(" |\n");
    }
    return sb.toString();
  }

  private static String number(double v, String unit) {
    return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.2f%s", v, unit);
  }
}
