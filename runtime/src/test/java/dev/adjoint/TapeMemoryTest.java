package dev.adjoint;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.optim.Sgd;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * 100 000 training steps of a small model keep the heap flat: every step's graph (nodes, saved
 * tensors, gradients of intermediates) is released once backward has run.
 */
class TapeMemoryTest {
  private static final int STEPS = 100_000;

  private static long usedAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long best = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      best = Math.min(best, memory.getHeapMemoryUsage().getUsed());
    }
    return best;
  }

  @Test
  void heapStaysFlatOver100kSteps() {
    Random r = new Random(7);
    Tensor x = Tensor.randn(r, 4, 3);
    Tensor y = Tensor.randn(r, 4, 1);
    Tensor w = Tensor.randn(r, 3, 1).mul(0.1).detach().requiresGrad(true);
    Tensor b = Tensor.zeros(1).requiresGrad(true);
    Sgd sgd = new Sgd(List.of(w, b), 0.05);

    double firstLoss = Double.NaN;
    double lastLoss = Double.NaN;
    long baseline = 0;
    long midway = 0;
    for (int step = 0; step < STEPS; step++) {
      if (step == 10_000) {
        baseline = usedAfterGc();
      } else if (step == 55_000) {
        midway = usedAfterGc();
      }
      sgd.zeroGrad();
      Tensor loss = x.matmul(w).add(b).tanh().mseLoss(y);
      loss.backward();
      sgd.step();
      if (step == 0) {
        firstLoss = loss.item();
      }
      lastLoss = loss.item();
    }
    long end = usedAfterGc();
    long growth = Math.max(midway, end) - baseline;
    assertTrue(lastLoss < firstLoss, "training made progress: " + firstLoss + " -> " + lastLoss);
    // 90 000 leaked graphs of ~10 nodes would be tens of megabytes; allow GC noise only.
    assertTrue(growth < 4L * 1024 * 1024,
        "heap grew by " + growth / 1024 + " KiB over 90 000 steps (baseline " + baseline / 1024
            + " KiB, midway " + midway / 1024 + " KiB, end " + end / 1024
            + " KiB): graphs are kept alive");
  }
}
