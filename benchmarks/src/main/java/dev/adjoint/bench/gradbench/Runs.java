package dev.adjoint.bench.gradbench;

import java.util.ArrayList;
import java.util.List;

/**
 * How an evaluation is repeated. First JIT warm-up runs (reported as {@code "warmup"}, which GradBench does not
 * count) until both {@code warmupRuns} and {@code warmupSeconds} are reached, or {@link #MAX_WARMUP_RUNS} runs
 * (enough for the JIT's C2 on a tiny function, whose warm-up second would otherwise be millions of runs); then
 * timed runs ({@code "evaluate"}) until both the message's {@code min_runs} and {@code min_seconds} are reached,
 * as the protocol asks.
 */
record Runs(int warmupRuns, double warmupSeconds) {
  static final int MAX_WARMUP_RUNS = 20_000;

  /** One timing entry of a response. */
  record Timing(String name, long nanoseconds) {}

  /** The output of the last run and every run's timing, warm-up first. */
  record Result(Object output, List<Timing> timings) {}

  Runs {
    if (warmupRuns < 0 || warmupSeconds < 0) {
      throw new IllegalArgumentException("warm-up runs and seconds must be >= 0, got " + warmupRuns + " and "
          + warmupSeconds);
    }
  }

  Result run(EvalModule.Computation computation, int minRuns, double minSeconds) {
    List<Timing> timings = new ArrayList<>();
    Object output = null;
    long warmupTotal = 0;
    for (int i = 0; i < warmupRuns || (warmupTotal < warmupSeconds * 1e9 && i < MAX_WARMUP_RUNS); i++) {
      long start = System.nanoTime();
      output = computation.run();
      long took = System.nanoTime() - start;
      warmupTotal += took;
      timings.add(new Timing("warmup", took));
    }
    long total = 0;
    for (int i = 0; i < Math.max(1, minRuns) || total < minSeconds * 1e9; i++) {
      long start = System.nanoTime();
      output = computation.run();
      long took = System.nanoTime() - start;
      total += took;
      timings.add(new Timing("evaluate", took));
    }
    return new Result(computation.encode(output), timings);
  }
}
