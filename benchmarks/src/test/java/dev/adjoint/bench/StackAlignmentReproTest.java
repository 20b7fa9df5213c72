package dev.adjoint.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The JVM reproducer: its two loops compute the same thing, its guard, its report. Its timing is for benchmarks. */
class StackAlignmentReproTest {
  private static final int LENGTH = 256;

  /** {@code e·cos(x) + s·x + t²} per element, from the same seeded inputs the reproducer draws. */
  private static double[] expected(long seed) {
    Random r = new Random(seed);
    float[][] in = new float[4][LENGTH];
    for (int i = 0; i < LENGTH; i++) {
      in[0][i] = r.nextFloat() * 4 - 2;
      in[1][i] = r.nextFloat();
      in[2][i] = r.nextFloat();
      in[3][i] = r.nextFloat();
    }
    double[] out = new double[LENGTH];
    for (int i = 0; i < LENGTH; i++) {
      out[i] = in[2][i] * Math.cos(in[0][i]) + in[1][i] * in[0][i] + in[3][i] * in[3][i];
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(ints = {512, 256})
  void bothLoopsComputeTheSameFormula(int bits) {
    StackAlignmentRepro repro = new StackAlignmentRepro(bits, LENGTH, 7);
    double[] want = expected(7);
    repro.liveAcrossCall();
    float[] live = repro.output();
    repro.loadedAfterCall();
    float[] loaded = repro.output();
    for (int i = 0; i < LENGTH; i++) {
      assertEquals(want[i], live[i], 2e-6 * (1 + Math.abs(want[i])), "live across the call, element " + i);
      assertEquals(want[i], loaded[i], 2e-6 * (1 + Math.abs(want[i])), "loaded after the call, element " + i);
    }
  }

  @Test
  void eachLevelOfDownIsOneCallDeeperAndRunsTheLoopOnce() {
    StackAlignmentRepro repro = new StackAlignmentRepro(512, LENGTH, 3);
    assertEquals(6, repro.down(6, 0));
    StackAlignmentRepro.Timings t = repro.measure(3, 1, 1, 1);
    assertEquals(3, t.live().length);
    for (int d = 0; d < 3; d++) {
      assertTrue(t.live()[d] > 0 && t.loaded()[d] > 0, t.report("tiny"));
    }
    double[] want = expected(3);
    float[] out = repro.output();
    assertEquals(want[LENGTH - 1], out[LENGTH - 1], 2e-6 * (1 + Math.abs(want[LENGTH - 1])));
  }

  @Test
  void refusesToRunWithoutTheFlagThatKeepsItsFramesInterpreted() {
    assertNull(StackAlignmentRepro.missingExclude(List.of("-Xmx1g", StackAlignmentRepro.EXCLUDE)));
    String message = StackAlignmentRepro.missingExclude(List.of("-Xmx1g"));
    assertTrue(message.contains(StackAlignmentRepro.EXCLUDE) && message.contains("inlines the recursion"), message);
  }

  @Test
  void rejectsSizesItCannotRun() {
    IllegalArgumentException bits = assertThrows(IllegalArgumentException.class,
        () -> new StackAlignmentRepro(128, LENGTH, 1));
    assertTrue(bits.getMessage().contains("512 or 256"), bits.getMessage());
    IllegalArgumentException length = assertThrows(IllegalArgumentException.class,
        () -> new StackAlignmentRepro(512, 100, 1));
    assertTrue(length.getMessage().contains("multiple of 16"), length.getMessage());
  }

  @Test
  void theReportGivesEachDepthAndBothSpreads() {
    StackAlignmentRepro.Timings t = new StackAlignmentRepro.Timings(
        new double[] {1.0e6, 2.0e6, 1.1e6}, new double[] {1.0e6, 1.05e6, 1.0e6});
    assertEquals(2.0, StackAlignmentRepro.Timings.spread(t.live()), 1e-12);
    String report = t.report("header");
    assertTrue(report.startsWith("header\n"), report);
    assertTrue(report.contains("           1                        2.00 ms                 1.05 ms"), report);
    assertTrue(report.contains("2.00x live across the call, 1.05x loaded after it"), report);
    assertThrows(IllegalArgumentException.class,
        () -> new StackAlignmentRepro.Timings(new double[] {1}, new double[] {1, 2}));
  }
}
