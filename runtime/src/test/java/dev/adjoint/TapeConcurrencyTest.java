package dev.adjoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Independent graphs built and differentiated on several threads at once give exactly the
 * gradients they give one after the other; grad mode is per thread.
 */
class TapeConcurrencyTest {
  private static final int THREADS = 6;
  private static final int ROUNDS = 40;

  /** One job: a small two-layer model's gradients, second derivative, tape and noGrad use. */
  private static double[] job(int seed) {
    Random r = new Random(seed);
    Tensor x = Tensor.randn(r, 8, 5);
    Tensor w1 = Tensor.randn(r, 5, 7).requiresGrad(true);
    Tensor b1 = Tensor.randn(r, 7).requiresGrad(true);
    Tensor w2 = Tensor.randn(r, 7, 3).requiresGrad(true);
    int[] targets = {0, 1, 2, 0, 1, 2, 0, 1};
    List<Double> out = new ArrayList<>();
    for (int round = 0; round < ROUNDS; round++) {
      Tensor loss = Tensor.crossEntropy(x.matmul(w1).add(b1).tanh().matmul(w2), targets);
      loss.backward();
      // a noGrad region on this thread must not switch recording off on the others
      try (GradScope s = Autograd.noGrad()) {
        w1.subInPlace(w1.grad().mul(0.05));
        w2.subInPlace(w2.grad().mul(0.05));
        b1.subInPlace(b1.grad().mul(0.05));
      }
      w1.clearGrad();
      w2.clearGrad();
      b1.clearGrad();
      out.add(loss.item());
      Tensor z = Tensor.scalar(0.1 * round + seed % 7);
      try (GradientTape tape = GradientTape.begin()) {
        tape.watch(z);
        Tensor y = z.sin().mul(z);
        out.add(tape.gradient(y, z).item());
      }
      Tensor v = Tensor.scalar(0.3 + 0.01 * round).requiresGrad(true);
      Tensor dv = Autograd.grad(v.pow(3).exp(), v, GradOption.CREATE_GRAPH);
      out.add(Autograd.grad(dv, v).item());
    }
    for (Tensor p : List.of(w1, b1, w2)) {
      for (double d : p.toDoubleArray()) {
        out.add(d);
      }
    }
    double[] result = new double[out.size()];
    for (int i = 0; i < result.length; i++) {
      result[i] = out.get(i);
    }
    return result;
  }

  @Test
  void threadsGiveTheSameGradientsAsSequentially() throws Exception {
    double[][] sequential = new double[THREADS][];
    for (int t = 0; t < THREADS; t++) {
      sequential[t] = job(t);
    }
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<double[]>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int seed = t;
        futures.add(pool.submit(() -> {
          start.await();
          return job(seed);
        }));
      }
      start.countDown();
      for (int t = 0; t < THREADS; t++) {
        assertArrayEquals(sequential[t], futures.get(t).get(60, TimeUnit.SECONDS), 0.0,
            "thread " + t);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void gradModeIsPerThread() throws Exception {
    try (GradScope s = Autograd.noGrad()) {
      assertFalse(Autograd.isGradEnabled());
      boolean[] other = new boolean[1];
      Thread t = new Thread(() -> other[0] = Autograd.isGradEnabled());
      t.start();
      t.join();
      assertTrue(other[0], "another thread still records");
    }
    assertTrue(Autograd.isGradEnabled());
  }

  /**
   * Shared parameters, per-thread data: Autograd.grad on several threads at once (which never
   * touches grad()) gives exactly the sequential gradients, and backward() from every thread
   * accumulates the sum of all of them into the shared leaves.
   */
  @Test
  void sharedParametersAcrossThreads() throws Exception {
    Random r = new Random(11);
    Tensor w = Tensor.randn(r, 5, 3).requiresGrad(true);
    Tensor b = Tensor.randn(r, 3).requiresGrad(true);
    Tensor[] inputs = new Tensor[THREADS];
    for (int t = 0; t < THREADS; t++) {
      inputs[t] = Tensor.randn(new Random(100 + t), 4, 5);
    }
    java.util.function.IntFunction<Tensor> loss =
        t -> inputs[t].matmul(w).add(b).tanh().square().sum();

    double[][] sequentialW = new double[THREADS][];
    double[] sumW = new double[15];
    for (int t = 0; t < THREADS; t++) {
      sequentialW[t] = Autograd.grad(loss.apply(t), w).toDoubleArray();
      for (int k = 0; k < 15; k++) {
        sumW[k] += sequentialW[t][k];
      }
    }
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<double[]>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int id = t;
        futures.add(pool.submit(() -> {
          start.await();
          double[] g = null;
          for (int round = 0; round < ROUNDS; round++) {
            g = Autograd.grad(loss.apply(id), w).toDoubleArray();
          }
          loss.apply(id).backward(); // accumulate into the shared w.grad()
          return g;
        }));
      }
      start.countDown();
      for (int t = 0; t < THREADS; t++) {
        assertArrayEquals(sequentialW[t], futures.get(t).get(60, TimeUnit.SECONDS), 0.0,
            "thread " + t);
      }
    } finally {
      pool.shutdownNow();
    }
    // Accumulation order differs between runs: equal up to float rounding.
    assertArrayEquals(sumW, w.grad().toDoubleArray(), 1e-4);
  }
}
