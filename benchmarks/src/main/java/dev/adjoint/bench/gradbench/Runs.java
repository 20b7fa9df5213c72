package dev.adjoint.bench.gradbench;

import java.util.ArrayList;
import java.util.List;

/**
 * How an evaluation is repeated. First JIT warm-up runs, reported as {@code "warmup"} (GradBench does not count
 * them): at least {@code warmupRuns} runs and {@code warmupSeconds}, then on while the runs still get faster (the
 * JIT's optimising compiler reaches a method called once per evaluation only after thousands of calls, later on
 * a loaded machine), up to {@value #SETTLE_FACTOR} times {@code warmupSeconds} or {@link #MAX_WARMUP_RUNS} runs.
 * Then timed runs ({@code "evaluate"}) until both the message's {@code min_runs} and {@code min_seconds} are
 * reached, as the protocol asks.
 */
record Runs(int warmupRuns, double warmupSeconds) {
  static final int MAX_WARMUP_RUNS = 20_000;
  static final int SETTLE_FACTOR = 5;

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
    List<Long> warmup = new ArrayList<>();
    Object output = null;
    long warmupTotal = 0;
    long total = 0;
    int timed = 0;
    // One loop and one call site for both phases, so the timed runs call the code the warm-up compiled: a
    // second loop would be a call site the JIT may first reach after compiling this method (an uncommon trap,
    // then a run in less optimised code).
    boolean warming = true;
    while (true) {
      warming = warming && (warmup.size() < warmupRuns || (warmup.size() < MAX_WARMUP_RUNS
          && (warmupTotal < warmupSeconds * 1e9 || (warmupTotal < SETTLE_FACTOR * warmupSeconds * 1e9
              && stillImproving(warmup)))));
      if (!warming && timed >= Math.max(1, minRuns) && total >= minSeconds * 1e9) {
        break;
      }
      long start = System.nanoTime();
      output = computation.run();
      long took = System.nanoTime() - start;
      if (warming) {
        warmupTotal += took;
        warmup.add(took);
        timings.add(new Timing("warmup", took));
      } else {
        total += took;
        timed++;
        timings.add(new Timing("evaluate", took));
      }
    }
    return new Result(computation.encode(output), timings);
  }

  /** The last third of the warm-up runs is more than 5% faster than the third before it. */
  static boolean stillImproving(List<Long> runs) {
    int third = runs.size() / 3;
    if (third < 2) {
      return true;
    }
    double middle = mean(runs, runs.size() - 2 * third, runs.size() - third);
    double last = mean(runs, runs.size() - third, runs.size());
    return last < 0.95 * middle;
  }

  private static double mean(List<Long> runs, int from, int to) {
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += runs.get(i);
    }
    return sum / (to - from);
  }
}
