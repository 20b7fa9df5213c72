package dev.adjoint.bench.scalar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The per-sample workload's two formulations give one gradient, and it is the loss's derivative. */
class PerSampleWorkloadTest {
  @Test
  void helperCallsAndInlinedLoopGiveTheCentralDifferences() {
    PerSampleWorkload.Input data = PerSampleWorkload.Input.generate(50, 6);
    var helper = PerSampleWorkloadGradients.loss(data.w(), data.x(), data.y());
    var inlined = PerSampleWorkloadGradients.lossInlined(data.w(), data.x(), data.y());
    assertEquals(PerSampleWorkload.loss(data.w(), data.x(), data.y()), helper.value(), 1e-15);
    assertArrayEquals(inlined.dW(), helper.dW(), 1e-14);
    double h = 1e-6;
    for (int j = 0; j < data.w().length; j++) {
      double[] up = data.w().clone();
      double[] down = data.w().clone();
      up[j] += h;
      down[j] -= h;
      double fd = (PerSampleWorkload.loss(up, data.x(), data.y()) - PerSampleWorkload.loss(down, data.x(), data.y())) / (2 * h);
      assertEquals(fd, helper.dW()[j], 1e-8, "dW[" + j + "]");
    }
  }
}
