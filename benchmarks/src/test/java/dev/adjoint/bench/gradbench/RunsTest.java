package dev.adjoint.bench.gradbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The warm-up and timed runs of one evaluation. */
class RunsTest {

  @Test
  void warmUpGoesOnWhileRunsStillGetFaster() {
    assertTrue(Runs.stillImproving(List.of(9L, 9L, 9L)), "too few runs to tell");
    assertTrue(Runs.stillImproving(List.of(9L, 9L, 8L, 8L, 4L, 4L)));
    assertFalse(Runs.stillImproving(List.of(9L, 9L, 5L, 5L, 5L, 5L)));
    assertFalse(Runs.stillImproving(List.of(5L, 5L, 5L, 5L, 6L, 6L)), "noise that is not a speed-up");
  }

  @Test
  void timesAtLeastTheRunsAskedForAndReportsWarmUpApart() {
    AtomicInteger calls = new AtomicInteger();
    Runs.Result r = new Runs(2, 0).run(() -> calls.incrementAndGet(), 3, 0);
    long warmup = r.timings().stream().filter(t -> t.name().equals("warmup")).count();
    long evaluate = r.timings().stream().filter(t -> t.name().equals("evaluate")).count();
    assertEquals(2, warmup);
    assertEquals(3, evaluate);
    assertEquals(5, calls.get());
    assertEquals(5, r.output(), "the output of the last run");
  }
}
