package dev.adjoint.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.bench.gradbench.GradBenchReport;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The comparison table's arithmetic: SIMD over scalar, the tape over the generated adjoint on both of a
 * workload's rows, PyTorch's time found under its own name for a generated row, and "—" where a column does not
 * apply.
 */
class ComparisonTableTest {
  private static final String CHAIN = "elementwise_chain_fwdbwd n=2^20";

  @Test
  void tableARowsCombineTheMeasurements() {
    List<String> ids = List.of(CHAIN, "generated " + CHAIN, "sgemm n=256", "mlp_train_step_b128");
    Map<String, Double> simd = Map.of(CHAIN, 6e6, "generated " + CHAIN, 2e6, "sgemm n=256", 2e5);
    Map<String, Double> scalar = Map.of(CHAIN, 12e6, "generated " + CHAIN, 10e6, "sgemm n=256", 4e6);
    Map<String, Double> ratios = Map.of(CHAIN, 3.5, "generated " + CHAIN, 1.25);
    Map<String, Double> torch = Map.of(CHAIN, 30e6, "sgemm n=256", 3e5);
    List<ComparisonTable.Row> rows = ComparisonTable.tableA(ids, simd, scalar, ratios, torch);

    assertEquals(3, rows.size(), "the MLP was not timed: no row");
    ComparisonTable.Row tape = rows.get(0);
    assertEquals(2.0, tape.simdOverScalar(), 1e-12);
    assertEquals(3.0, tape.tapeOverGenerated(), 1e-12);
    assertEquals(5.0, tape.pytorchOverOurs(), 1e-12);
    ComparisonTable.Row generated = rows.get(1);
    assertEquals(3.0, generated.tapeOverGenerated(), 1e-12, "the same pair, shown on both rows");
    assertEquals(30e6, generated.pytorchNs(), 0, "PyTorch's chain under its own name");
    assertEquals(15.0, generated.pytorchOverOurs(), 1e-12);
    assertEquals(1.25, generated.gradientOverPrimal(), 0);
    ComparisonTable.Row sgemm = rows.get(2);
    assertTrue(Double.isNaN(sgemm.gradientOverPrimal()) && Double.isNaN(sgemm.tapeOverGenerated()));
    assertEquals(20.0, sgemm.simdOverScalar(), 1e-12);

    String[] lines = ComparisonTable.markdown(rows).split("\n");
    assertEquals(5, lines.length);
    assertEquals("| generated " + CHAIN + " | 2.00 ms | 1.25 | 5.00× | 3.00× | 30.00 ms | 15.00× |", lines[3]);
    assertEquals("| sgemm n=256 | 200.0 µs | — | 20.00× | — | 300.0 µs | 1.50× |", lines[4]);
  }

  @Test
  void aGradBenchRowCarriesItsEvalsFigures() {
    ComparisonTable.Row row = ComparisonTable.gradBench(
        new GradBenchReport.EvalSummary("gmm", "gmm", 50, 50, 6e6, 2.59, Double.NaN, Double.NaN));
    assertEquals("| GradBench gmm (50 / 50 validated) | 6.00 ms | 2.59 | — | — | — | — |",
        ComparisonTable.markdown(List.of(row)).split("\n")[2]);
  }
}
