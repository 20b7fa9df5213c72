package dev.adjoint.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The placement check's line: a steady time, one after each full collection, and the bytes allocated per call. */
class PlacementCheckTest {
  @Test
  void timesBeforeAndAfterEachCollectionAndTheBytesPerCall() {
    String[] cells = PlacementCheck.run("scalar_rosenbrock_grad").split("\t");
    assertEquals(6, cells.length, String.join(" | ", cells));
    assertEquals("scalar_rosenbrock_grad", cells[0]);
    assertTrue(cells[1].matches("steady [0-9.]+ (ns|µs)"), cells[1]);
    for (int i = 2; i <= 4; i++) {
      assertTrue(cells[i].matches("after a full collection [0-9.]+ (ns|µs)"), cells[i]);
    }
    // the tape makes tensors and nodes on every call
    long bytes = Long.parseLong(cells[5].replace(" bytes allocated per call", ""));
    assertTrue(bytes > 1000, cells[5]);
  }

  @Test
  void anUnknownWorkloadIsNamedWithTheKnownOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PlacementCheck.run("nope"));
    assertTrue(e.getMessage().contains("'nope'") && e.getMessage().contains("scalar_expr20_grad"), e.getMessage());
  }

  @Test
  void aHeapNotTouchedUpFrontIsWarnedAbout() {
    String warning = PlacementCheck.unpretouchedHeapWarning(List.of("--add-modules=jdk.incubator.vector"));
    assertTrue(warning != null && warning.contains("-XX:+AlwaysPreTouch"), String.valueOf(warning));
    assertNull(PlacementCheck.unpretouchedHeapWarning(List.of("-Xms4g", "-Xmx4g", "-XX:+AlwaysPreTouch")));
  }
}
