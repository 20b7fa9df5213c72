package dev.adjoint.bench.scalar;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** expr20's forward mode, which the report times, gives its gradient: one Jacobian-vector product per input. */
class ScalarWorkloadsTest {
  @Test
  void forwardModeGivesTheGradient() {
    double x = 0.7;
    double y = 1.3;
    var gradient = ScalarWorkloadsGradients.expr20(x, y);
    var alongX = ScalarWorkloadsGradients.expr20Jvp(x, y, 1, 0);
    var alongY = ScalarWorkloadsGradients.expr20Jvp(x, y, 0, 1);
    assertEquals(ScalarWorkloads.expr20(x, y), alongX.value(), 1e-15);
    assertEquals(gradient.dX(), alongX.tangent(), 1e-13);
    assertEquals(gradient.dY(), alongY.tangent(), 1e-13);
    double h = 1e-6;
    assertEquals((ScalarWorkloads.expr20(x + h, y) - ScalarWorkloads.expr20(x - h, y)) / (2 * h), alongX.tangent(), 1e-8);
  }
}
