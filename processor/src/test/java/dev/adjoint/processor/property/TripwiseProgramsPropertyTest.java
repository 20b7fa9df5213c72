package dev.adjoint.processor.property;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.adjoint.processor.Sources;
import dev.adjoint.processor.property.GeneratedMethodChecker.Outcome;
import dev.adjoint.processor.property.TripwiseProgramGenerator.Case;
import dev.adjoint.processor.property.TripwiseProgramGenerator.Flaw;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Property test for loops reversed trip by trip: random loss-like methods ({@link TripwiseProgramGenerator}),
 * compiled in this JVM with the real processor. A method whose trips share nothing but sums must be reversed trip
 * by trip; one with a flaw that lets a value pass from trip to trip (or out of the loop) must keep the plain
 * reversal; every gradient must match finite differences.
 */
class TripwiseProgramsPropertyTest {
  static final long SEED = Long.getLong("adjoint.property.seed", 0x7219_5EL);
  static final int METHODS = 120;
  static final String MARK = "each trip's reverse right after it";

  @Test
  void tripsAreReversedOneByOneExactlyWhereTheyAreIndependent() throws Exception {
    List<Case> cases = new TripwiseProgramGenerator(SEED).generate(METHODS);
    ProgramGenerator.Program program = TripwiseProgramGenerator.program(cases);
    Path work = Files.createTempDirectory("adjoint-tripwise-property-");
    InProcessJavac.Result compiled = GeneratedProgramsPropertyTest.compileOrReport(program, work);
    String gradients = Files.readString(compiled.generatedSources().resolve("gen/TripsGradients.java"), StandardCharsets.UTF_8);
    List<String> failures = new ArrayList<>();
    int fused = 0;
    try (URLClassLoader loader = new URLClassLoader(new URL[] {compiled.classes().toUri().toURL()}, getClass().getClassLoader())) {
      GeneratedMethodChecker checker = new GeneratedMethodChecker(loader, 1e-5);
      Random rnd = new Random(SEED);
      for (Case c : cases) {
        String name = c.method().name();
        String vjp = Sources.generatedMethod(gradients, name + "Vjp");
        boolean tripwise = vjp.contains(MARK);
        fused += tripwise ? 1 : 0;
        if (tripwise != (c.flaw() == Flaw.NONE)) {
          failures.add(name + " (" + c.flaw() + ") " + (tripwise ? "was" : "was not") + " reversed trip by trip:\n"
              + c.method().source() + vjp);
        }
        Outcome o = checker.check(c.method(), 3, rnd);
        if (!o.failures().isEmpty() || o.checkedPoints() == 0) {
          failures.add(name + " (" + c.flaw() + "): " + String.join("\n    ", o.failures()) + "\n" + c.method().source() + vjp);
        }
      }
    }
    System.out.printf("tripwise property: %d methods, %d reversed trip by trip%n", cases.size(), fused);
    if (!failures.isEmpty()) {
      fail(failures.size() + " method(s) failed (sources in " + work + "):\n\n" + String.join("\n\n", failures));
    }
    GeneratedProgramsPropertyTest.deleteRecursively(work);
    assertTrue(fused >= METHODS / 4, "too few methods without a flaw: " + fused);
  }
}
