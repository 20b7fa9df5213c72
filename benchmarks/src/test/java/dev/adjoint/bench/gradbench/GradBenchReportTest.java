package dev.adjoint.bench.gradbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's table from GradBench session logs: means, GradBench's ratio, validation counts. */
class GradBenchReportTest {
  @TempDir
  Path logs;

  /** A session log as gradbench writes it: each evaluate answered with its timings, then the eval's analysis. */
  private void log(String file, String tool, String[][] evaluations) throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add("{ \"elapsed\": { \"nanoseconds\": 1 }, \"message\": {\"id\": 0, \"kind\": \"start\"} }");
    lines.add("{ \"elapsed\": { \"nanoseconds\": 2 }, \"response\": {\"id\": 0, \"tool\": \"" + tool + "\"} }");
    int id = 1;
    for (String[] e : evaluations) {
      lines.add("{ \"elapsed\": { \"nanoseconds\": 3 }, \"message\": {\"id\": " + id + ", \"kind\": \"evaluate\","
          + " \"module\": \"gmm\", \"function\": \"" + e[0] + "\", \"input\": {\"big\": [1, 2, 3]},"
          + " \"description\": \"" + e[1] + "\"} }");
      lines.add("{ \"elapsed\": { \"nanoseconds\": 4 }, \"response\": {\"id\": " + id + ", \"success\": true,"
          + " \"output\": 1.0, \"timings\": [{\"name\": \"warmup\", \"nanoseconds\": 999999},"
          + " {\"name\": \"evaluate\", \"nanoseconds\": " + e[2] + "},"
          + " {\"name\": \"evaluate\", \"nanoseconds\": " + e[3] + "}]} }");
      lines.add("{ \"elapsed\": { \"nanoseconds\": 5 }, \"message\": {\"id\": " + (id + 1) + ", \"kind\": \"analysis\","
          + " \"of\": " + id + ", \"valid\": " + e[4] + "} }");
      lines.add("{ \"elapsed\": { \"nanoseconds\": 6 }, \"response\": {\"id\": " + (id + 1) + "} }");
      id += 2;
    }
    Files.write(logs.resolve(file), lines);
  }

  @Test
  void tabulatesMeansRatiosAndValidation() throws IOException {
    // Size a: primal 1 ms, jacobian 2 ms; size b: primal 4 ms, jacobian 32 ms. Ratios 2 and 8: geometric mean 4.
    log("adjoint-gmm.jsonl", "adjoint", new String[][] {
        {"objective", "a", "900000", "1100000", "true"},
        {"jacobian", "a", "2000000", "2000000", "true"},
        {"objective", "b", "4000000", "4000000", "true"},
        {"jacobian", "b", "30000000", "34000000", "false"}});
    // C++: primal 0.5 ms and 4 ms: ours over it 2 and 1, geometric mean 1.41.
    log("manual-gmm.jsonl", "manual", new String[][] {
        {"objective", "a", "500000", "500000", "true"},
        {"jacobian", "a", "1000000", "1000000", "true"},
        {"objective", "b", "4000000", "4000000", "true"},
        {"jacobian", "b", "8000000", "8000000", "true"}});
    RunLog ours = RunLog.read(logs.resolve("adjoint-gmm.jsonl"));
    assertEquals("adjoint", ours.tool());
    assertEquals(4, ours.evaluations().size());
    assertEquals(3, ours.validCount());
    assertFalse(ours.allValid());
    assertEquals(1e6, ours.means("objective").get("a"), 1e-9, "warm-up runs do not count");

    String table = GradBenchReport.table(logs, List.of("gmm", "ba"));
    String[] lines = table.split("\n");
    assertEquals(3, lines.length, "header, rule, one row (no ba log): " + table);
    String[] cells = lines[2].split("\\|");
    assertEquals("gmm", cells[1].trim());
    assertEquals("3 / 4", cells[2].trim());
    assertEquals("2.00 ms", cells[3].trim(), "geometric mean of 1 ms and 4 ms");
    assertEquals("8.00 ms", cells[4].trim(), "geometric mean of 2 ms and 32 ms");
    assertEquals("4.00", cells[5].trim());
    assertEquals("— (3.3)", cells[8].trim(), "no PyTorch log; its published ratio");
    assertEquals("1.41", cells[10].trim());
    assertTrue(table.startsWith("| eval |"));
  }

  @Test
  void summarisesAnEvalBesidePyTorchsToolOverTheSizesBothRan() throws IOException {
    // Ours: derivatives 2 ms (a) and 32 ms (b), ratios 2 and 8.
    log("adjoint-gmm.jsonl", "adjoint", new String[][] {
        {"objective", "a", "1000000", "1000000", "true"},
        {"jacobian", "a", "2000000", "2000000", "true"},
        {"objective", "b", "4000000", "4000000", "true"},
        {"jacobian", "b", "32000000", "32000000", "true"}});
    // PyTorch ran size a only: 8 ms, 4x ours there.
    log("pytorch-gmm.jsonl", "pytorch", new String[][] {
        {"objective", "a", "3000000", "3000000", "true"},
        {"jacobian", "a", "8000000", "8000000", "true"}});
    List<GradBenchReport.EvalSummary> rows = GradBenchReport.summaries(logs, List.of("gmm", "lstm"));
    assertEquals(1, rows.size(), "no lstm log, no lstm row");
    GradBenchReport.EvalSummary gmm = rows.get(0);
    assertEquals("gmm", gmm.label());
    assertEquals(4, gmm.validated());
    assertEquals(4, gmm.workloads());
    assertEquals(8e6, gmm.derivativeNs(), 1e-3, "geometric mean of 2 ms and 32 ms");
    assertEquals(4.0, gmm.ratio(), 1e-12);
    assertEquals(8e6, gmm.pytorchDerivativeNs(), 1e-3);
    assertEquals(4.0, gmm.pytorchOverOurs(), 1e-12, "over size a, the one both ran, not 8 ms over 8 ms");
  }
}
