package dev.adjoint.sample.regress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MinorsTest {
  @Test
  void indicesWrittenThroughACounterAreRestoredWithTheCounter() {
    double[] a = {0.5, -1.25, 2.0, 0.75};
    MinorsGradients.LeaveOneOutGradient g = MinorsGradients.leaveOneOut(a);
    assertEquals(Minors.leaveOneOut(a), g.value(), 1e-12);
    for (int i = 0; i < a.length; i++) {
      double[] up = a.clone();
      double[] down = a.clone();
      up[i] += 1e-6;
      down[i] -= 1e-6;
      double fd = (Minors.leaveOneOut(up) - Minors.leaveOneOut(down)) / 2e-6;
      assertEquals(fd, g.dA()[i], 1e-6, "dA[" + i + "]");
    }
  }
}
