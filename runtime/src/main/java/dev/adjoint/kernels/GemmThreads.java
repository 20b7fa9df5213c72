package dev.adjoint.kernels;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

/**
 * How many threads a large matrix product may use, and the pool that runs its parts.
 *
 * <p>The cap is the system property {@code adjoint.threads} (default: the available processors). It
 * is read on every large product, so a benchmark can change it between runs; small products never
 * look at it.
 */
final class GemmThreads {
  /** Below this many floating-point operations ({@code 2·m·n·k}) a product stays on one thread. */
  static final long PARALLEL_FLOPS = 1L << 21;

  private static volatile ForkJoinPool pool;

  private GemmThreads() {}

  /** The thread cap from {@code adjoint.threads}, at least 1. */
  static int cap() {
    return parseCap(System.getProperty("adjoint.threads"), Runtime.getRuntime().availableProcessors());
  }

  /** The cap a property value asks for; {@code fallback} when absent; refuses nonsense loudly. */
  static int parseCap(String value, int fallback) {
    if (value == null || value.isBlank()) {
      return Math.max(1, fallback);
    }
    try {
      int threads = Integer.parseInt(value.trim());
      if (threads >= 1) {
        return threads;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("-Dadjoint.threads=" + value
        + " is not a thread count: give a whole number of at least 1, or leave it unset to use all "
        + Math.max(1, fallback) + " processors");
  }

  /** Runs every part, the first on the calling thread, and returns when all are done. */
  static void runAll(Runnable[] parts) {
    if (parts.length == 1) {
      parts[0].run();
      return;
    }
    ForkJoinPool p = pool();
    ForkJoinTask<?>[] forked = new ForkJoinTask<?>[parts.length];
    for (int i = 1; i < parts.length; i++) {
      forked[i] = p.submit(parts[i]);
    }
    RuntimeException failure = null;
    try {
      parts[0].run();
    } catch (RuntimeException e) {
      failure = e;
    }
    // join() waits without being interruptible: the parts write into the caller's arrays and read
    // its packing buffer, so none may outlive this call.
    for (int i = 1; i < parts.length; i++) {
      try {
        forked[i].join();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static ForkJoinPool pool() {
    ForkJoinPool p = pool;
    if (p == null) {
      synchronized (GemmThreads.class) {
        p = pool;
        if (p == null) {
          // Our own pool: the common pool has only processors - 1 workers and is shared with user code.
          p = new ForkJoinPool(Runtime.getRuntime().availableProcessors());
          pool = p;
        }
      }
    }
    return p;
  }
}
