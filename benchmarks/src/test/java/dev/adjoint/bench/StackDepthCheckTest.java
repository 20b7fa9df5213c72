package dev.adjoint.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The stack-depth check: its frames, its directive, its spread. */
class StackDepthCheckTest {
  @Test
  void eachDepthAddsOneFrameAndCallsTheTargetOnce() throws Exception {
    int[] calls = new int[1];
    StackDepthCheck.Result r = StackDepthCheck.run(() -> calls[0]++, 3, 1, 1e-9);
    assertEquals(3, r.nanos().length);
    int before = calls[0];
    assertEquals(5, StackDepthCheck.down(5, 0));
    assertEquals(before + 1, calls[0]);
  }

  @Test
  void theCheckRunsTheGeneratedChainAtEveryDepthWithItsDirectiveInstalled() {
    // a 256-element chain: the check's machinery, not its timing, which benchmarks measure
    StackDepthCheck.Result r = StackDepthCheck.chain(8);
    assertEquals(StackDepthCheck.DEPTHS, r.nanos().length);
    for (double t : r.nanos()) {
      assertTrue(t > 0 && t < 1e9, r.report("chain"));
    }
  }

  @Test
  void theSpreadIsTheSlowestDepthOverTheFastest() {
    StackDepthCheck.Result r = new StackDepthCheck.Result(new double[] {2.5e6, 3.25e6, 2.6e6});
    assertEquals(1.3, r.spread(), 1e-12);
    String report = r.report("chain");
    assertTrue(report.contains("  1 extra frame  3.25 ms"), report);
    assertTrue(report.contains("slowest depth / fastest: 1.30×"), report);
    assertThrows(IllegalArgumentException.class, () -> new StackDepthCheck.Result(new double[] {1}));
  }
}
