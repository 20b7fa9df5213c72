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
    ProcessingOverhead.Measurement small = ProcessingOverhead.measureSmall(100, 3, 7);
    System.out.println("processing overhead, small methods: " + small);
    ProcessingOverhead.Measurement random = ProcessingOverhead.measure(100, 3, 7);
    System.out.println("processing overhead, random methods: " + random);
    assertTrue(small.withMs() > 0 && random.withMs() > 0);
  }
}
