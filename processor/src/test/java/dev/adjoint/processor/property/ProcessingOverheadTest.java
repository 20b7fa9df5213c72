package dev.adjoint.processor.property;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Prints the processing overhead (see {@link ProcessingOverhead}); opt-in with {@code -Dadjoint.overhead=true}
 * because it compiles 100 methods ~30 times. Timing is reported, never asserted.
 */
class ProcessingOverheadTest {

  @Test
  @EnabledIfSystemProperty(named = "adjoint.overhead", matches = "true")
  void reportProcessingOverhead() throws Exception {
    ProcessingOverhead.Measurement m = ProcessingOverhead.measure(100, 5, 9);
    System.out.println("processing overhead: " + m);
    assertTrue(m.withMs() > 0 && m.withoutMs() > 0);
  }
}
