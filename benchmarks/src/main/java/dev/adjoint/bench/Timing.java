package dev.adjoint.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

/**
 * The one timing loop of the report mains: warm up until the JIT has settled, then the median of
 * several batches. The clock is the wall clock, or this thread's CPU time under
 * {@code -Dadjoint.order.clock=cpu}: for comparing builds on a machine others load (it leaves out
 * the time the thread waited for a core, and the garbage collector's and JIT's threads).
 */
final class Timing {
  private Timing() {}

  private static final boolean CPU_CLOCK = "cpu".equals(System.getProperty("adjoint.order.clock"));
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  /** {@code -Dadjoint.order.trace=true} prints every warm-up round's time on stderr. */
  private static final boolean TRACE = Boolean.getBoolean("adjoint.order.trace");
  private static final double ROUND_SECONDS = 0.25;

  /** Whether timings use this thread's CPU time. */
  static boolean cpuClock() {
    return CPU_CLOCK;
  }

  /** Nanoseconds on the clock the timings use. */
  static long now() {
    return CPU_CLOCK ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
  }

  /**
   * The time per call of {@code r} once the JIT has settled: at least {@code minWarmUpSeconds} of
   * warm-up, then rounds of a quarter second until one is no more than 5% faster than the one
   * before (the Vector API is orders of magnitude slower before C2 compiles it, and on a busy
   * machine that can take seconds; at most {@code maxSettlingRounds} rounds), then the median of
   * {@code batches} batches of about {@code batchSeconds} each.
   */
  static double steadyNanos(Runnable r, double minWarmUpSeconds, int maxSettlingRounds,
      int batches, double batchSeconds) {
    long warmEnd = System.nanoTime() + (long) (minWarmUpSeconds * 1e9);
    double previous = Double.MAX_VALUE;
    double perCall = round(r);
    int settling = 0;
    while (System.nanoTime() < warmEnd
        || (perCall < 0.95 * previous && settling++ < maxSettlingRounds)) {
      previous = perCall;
      perCall = round(r);
      if (TRACE) {
        System.err.printf(Locale.ROOT, "  warm-up: %s%n", Report.time(perCall));
      }
    }
    long batch = Math.max(1, (long) Math.ceil(batchSeconds * 1e9 / perCall));
    double[] samples = new double[batches];
    for (int b = 0; b < batches; b++) {
      long s = now();
      for (long i = 0; i < batch; i++) {
        r.run();
      }
      samples[b] = (now() - s) / (double) batch;
    }
    Arrays.sort(samples);
    return samples[batches / 2];
  }

  /** Runs {@code r} for at least a round (and at least once); the wall-clock time per call. */
  private static double round(Runnable r) {
    long t0 = System.nanoTime();
    long calls = 0;
    long elapsed;
    do {
      r.run();
      calls++;
      elapsed = System.nanoTime() - t0;
    } while (elapsed < ROUND_SECONDS * 1e9);
    return elapsed / (double) calls;
  }
}
