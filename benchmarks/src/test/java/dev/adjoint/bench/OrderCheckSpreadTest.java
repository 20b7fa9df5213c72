package dev.adjoint.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The order check's summary of one workload: each order's median over its rounds, the spread between the orders'
 * medians, and the widest spread of one order's rounds (the noise the spread is read against); a failed JVM is left
 * out of its order, an order with none left says so.
 */
class OrderCheckSpreadTest {
  @Test
  void mediansOfRoundsAndTheirSpread() {
    double nan = Double.NaN;
    OrderCheck.Spread s = OrderCheck.Spread.of(new double[][] {
        {1000, 3000, 2000},       // alone: median 2000, rounds 1000-3000
        {2500, 2400, nan},        // first to last: one JVM failed, median of two
        {5000, 5000, 5000}});     // last to first
    assertArrayEquals(new double[] {2000, 2450, 5000}, s.medians(), 0);
    assertEquals(5000, s.slowest(), 0);
    assertEquals(2.5, s.ratio(), 1e-12);
    assertEquals(3.0, s.widestRounds(), 1e-12);
    assertEquals(" 2.0 µs (1.0 µs-3.0 µs) | 2.5 µs (2.4 µs-2.5 µs) | 5.0 µs (5.0 µs-5.0 µs) | 2.50× | 3.00× |", s.cells(true));
  }

  @Test
  void oneRoundIsTheTimeItself() {
    OrderCheck.Spread s = OrderCheck.Spread.of(new double[][] {{1.2e6}, {1.5e6}, {1.0e6}});
    assertEquals(1.5e6, s.slowest(), 0);
    assertEquals(1.5, s.ratio(), 1e-12);
    assertEquals(1.0, s.widestRounds(), 0);
    assertEquals(" 1.20 ms | 1.50 ms | 1.00 ms | 1.50× |", s.cells(false));
  }

  @Test
  void anOrderWhoseEveryRoundFailedSaysSo() {
    OrderCheck.Spread s = OrderCheck.Spread.of(new double[][] {{100, 120}, {Double.NaN, Double.NaN}, {110, 130}});
    assertEquals(120, s.slowest(), 0);
    assertEquals(120 / 110.0, s.ratio(), 1e-12);
    assertEquals(" 110 ns (100 ns-120 ns) | failed | 120 ns (110 ns-130 ns) | 1.09× | 1.20× |", s.cells(true));
  }

  @Test
  void aFilterThatMatchesNoWorkloadIsRefusedWithTheNames() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> OrderCheck.run("chain_fwdbwd n=2\\^20"));
    assertTrue(e.getMessage().startsWith("order check: no workload's name matches the regular expression"), e.getMessage());
    assertTrue(e.getMessage().contains("generated elementwise_chain_fwdbwd n=2^20"), e.getMessage());
  }
}
