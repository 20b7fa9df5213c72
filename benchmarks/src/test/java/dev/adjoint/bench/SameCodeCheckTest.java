package dev.adjoint.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.Tensor;
import dev.adjoint.bench.generated.TensorWorkloadsGradients;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The same-code check: its twins are the same computation, timed in turns, and its spreads. */
class SameCodeCheckTest {
  @Test
  void theTwinsComputeTheSameValueAndGradientBitForBit() {
    // 1003 elements: whole vectors and a partial last one, through both twins' fused loops
    Tensor x = Tensor.rand(new Random(5), 1003).mul(4).sub(2);
    var first = TensorWorkloadsGradients.elementwiseChain(x);
    var twin = TensorWorkloadsGradients.elementwiseChainTwin(x);
    assertEquals(first.value().item(), twin.value().item());
    assertArrayEquals(first.dX().toFloatArray(), twin.dX().toFloatArray());
    // and it is the chain's gradient: d/dx [sin(x) e^(-x^2) + tanh(x)] at one element
    double v = x.get(7);
    double expected = Math.cos(v) * Math.exp(-v * v) - 2 * v * Math.sin(v) * Math.exp(-v * v)
        + 1 - Math.pow(Math.tanh(v), 2);
    assertEquals(expected, first.dX().get(7), 1e-5);
  }

  @Test
  void batchesAlternateBetweenTheTwins() {
    StringBuilder last = new StringBuilder();
    SameCodeCheck.Result r = SameCodeCheck.run(() -> keepLastSix(last, 'a'), () -> keepLastSix(last, 'b'),
        () -> keepLastSix(last, 'c'), 2, 1e-9, 0.01);
    assertEquals(2, r.first().length);
    assertEquals(2, r.twin().length);
    assertEquals(2, r.reference().length);
    assertTrue(r.first()[0] > 0 && r.twin()[1] > 0 && r.reference()[1] > 0, r.report("counter"));
    // after the warm-up, one call per batch (a batch of 1e-9 s is one call), in turns
    assertEquals("abcabc", last.toString());
  }

  private static void keepLastSix(StringBuilder last, char call) {
    last.append(call);
    if (last.length() > 6) {
      last.deleteCharAt(0);
    }
  }

  @Test
  void theSpreadsCompareEachTwinWithItselfAndWithTheOtherAtTheSameMoment() {
    SameCodeCheck.Result r = new SameCodeCheck.Result(new double[] {2.5e6, 3.3e6, 2.5e6},
        new double[] {3.25e6, 2.5e6, 2.6e6}, new double[] {1.1e6, 1.0e6, 1.0e6});
    assertEquals(3.3 / 2.5, SameCodeCheck.Result.spread(r.first()), 1e-12);
    assertEquals(3.25 / 2.5, SameCodeCheck.Result.spread(r.twin()), 1e-12);
    assertEquals(3.3 / 2.5, r.widestBetweenTwins(), 1e-12);
    String report = r.report("chain");
    assertTrue(report.contains("  2  3.30 ms    2.50 ms    1.32×  reference 1.00 ms"), report);
    assertTrue(report.contains("widest between the twins in one moment: 1.32×; reference (the clock): 1.00 ms to"
        + " 1.10 ms (1.10×)"), report);
  }

  @Test
  void theReferenceLoopIsTheGeneratorItSaysItIs() {
    long before = SameCodeCheck.clockLoop(0);
    long expected = before;
    for (int i = 0; i < 3; i++) {
      expected = (expected ^ (expected >>> 29)) * 6364136223846793005L + 1442695040888963407L;
    }
    assertEquals(expected, SameCodeCheck.clockLoop(3));
  }

  @Test
  void theLengthIsALogarithmFrom4To26() {
    assertEquals(20, Report.lengthLog("--same-code", "20"));
    assertEquals(4, Report.lengthLog("--same-code", " 4"));
    assertEquals(26, Report.lengthLog("--same-code", "26"));
    for (String bad : new String[] {"1048576", "3", "27", "2^20", ""}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Report.lengthLog("--same-code", bad));
      assertTrue(e.getMessage().contains("got '" + bad + "'") && e.getMessage().contains("from 4 to 26"),
          e.getMessage());
    }
  }

  @Test
  void aResultNeedsOneTimePerBatchForEachTwin() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new SameCodeCheck.Result(new double[] {1, 2}, new double[] {1}, new double[] {1, 2}));
    assertTrue(e.getMessage().contains("got 2, 1 and 2"), e.getMessage());
  }
}
