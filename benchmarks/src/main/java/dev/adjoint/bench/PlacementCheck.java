package dev.adjoint.bench;

import java.util.List;
import java.util.Locale;

/**
 * Whether a workload's speed in this JVM depends on where its objects sit in the heap: its steady time per call,
 * then again after each of three full collections ({@code System.gc()} moves every object and leaves the compiled
 * code as it is), with the bytes it allocates per call. A JVM whose time changes at a collection has two speeds
 * because of data placement, not compilation (docs/findings/SPEED-FINDINGS.md).
 *
 * <p>Run in several fresh JVMs: {@code java --add-modules=jdk.incubator.vector -Xms4g -Xmx4g -XX:+AlwaysPreTouch
 * -cp benchmarks/target/benchmarks.jar dev.adjoint.bench.Report --placement scalar_expr20_grad}.
 */
final class PlacementCheck {
  private static final int COLLECTIONS = 3;

  private PlacementCheck() {}

  /** The line for workload {@code id}: its times, tab-separated, and the bytes it allocates per call. */
  static String run(String id) {
    TableA.Workload w = TableA.named(id);
    Runnable r = w.prepare().get();
    StringBuilder line = new StringBuilder(id);
    line.append(String.format(Locale.ROOT, "\tsteady %s", Report.time(Timing.steadyNanos(r, 1.0, 50, 10, 0.2) / w.calls())));
    for (int k = 0; k < COLLECTIONS; k++) {
      System.gc();
      line.append(String.format(Locale.ROOT, "\tafter a full collection %s",
          Report.time(Timing.steadyNanos(r, 0.5, 20, 10, 0.2) / w.calls())));
    }
    line.append(String.format(Locale.ROOT, "\t%.0f bytes allocated per call", bytesPerCall(r) / w.calls()));
    return line.toString();
  }

  /**
   * A warning for a JVM whose heap is not touched up front ({@code -XX:+AlwaysPreTouch}), or null: on these virtual
   * machines the first write to each page of a growing heap is slow, and a fresh JVM's steady time then came out at
   * 20-60 µs instead of 2.5-5 for expr20 about one run in three (some 300,000 page faults in six seconds).
   *
   * @param jvmArguments the JVM's input arguments
   * @return the warning, or null when the heap is pretouched
   */
  static String unpretouchedHeapWarning(List<String> jvmArguments) {
    if (jvmArguments.contains("-XX:+AlwaysPreTouch")) {
      return null;
    }
    return "warning: the heap is not pretouched, so the first writes to its pages are timed too (20-60 µs"
        + " instead of 2.5-5 for scalar_expr20_grad in about one fresh JVM in three here); run with"
        + " -Xms4g -Xmx4g -XX:+AlwaysPreTouch, as the order check runs its children";
  }

  private static double bytesPerCall(Runnable r) {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().getId();
    int calls = 10_000;
    long before = threads.getThreadAllocatedBytes(id);
    for (int i = 0; i < calls; i++) {
      r.run();
    }
    return (threads.getThreadAllocatedBytes(id) - before) / (double) calls;
  }
}
