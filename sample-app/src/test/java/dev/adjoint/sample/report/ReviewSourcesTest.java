package dev.adjoint.sample.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.sample.report.ReviewSources.AnnotatedMethod;
import dev.adjoint.sample.report.SourceLines.Piece;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What the page and the gradient command read: every annotated method of the app with its generated
 * members, from the kept copies, which equal what the processor wrote in this build.
 */
class ReviewSourcesTest {
  private static final Path KEPT = Path.of("src/main/adjoint");
  private static final Path GENERATED = Path.of("target/generated-sources/annotations");
  private final List<AnnotatedMethod> methods = ReviewSources.load();

  private static List<Path> files(Path root, String suffix) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(p -> p.toString().endsWith(suffix)).map(root::relativize).sorted().toList();
    }
  }

  @Test
  void theKeptCopiesAreWhatTheProcessorWroteInThisBuild() throws IOException {
    // FooGradientsImpl beside FooGradients: a class that uses its own gradients with var
    for (String suffix : List.of("Gradients.java", "GradientsImpl.java")) {
      List<Path> kept = files(KEPT, suffix);
      assertEquals(files(GENERATED, suffix), kept);
      for (Path p : kept) {
        assertEquals(Files.readString(GENERATED.resolve(p)), Files.readString(KEPT.resolve(p)), p.toString());
      }
    }
    assertFalse(files(KEPT, "GradientsImpl.java").isEmpty(), "Seed001 and Calculus use their gradients with var");
  }

  @Test
  void everyAnnotatedMethodOfTheAppIsFoundWithItsAdjoint() throws IOException {
    long annotated = 0;
    for (Path p : files(Path.of("src/main/java"), ".java")) {
      annotated += Files.readAllLines(Path.of("src/main/java").resolve(p)).stream()
          .filter(l -> l.strip().startsWith("@Differentiable")).count();
    }
    assertEquals(annotated, methods.size());
    Set<String> ids = new HashSet<>();
    for (AnnotatedMethod m : methods) {
      assertTrue(ids.add(m.id()), "one method per id: " + m.id());
      Set<String> names = new HashSet<>();
      m.generated().forEach(g -> names.add(g.name()));
      String name = m.source().name();
      assertTrue(names.contains(name) && names.contains(name + "Vjp"), m.id() + ": " + names);
      assertNotNull(m.adjoint(), m.id());
      assertTrue(m.source().text().contains("@Differentiable"), m.source().text());
    }
    assertEquals(files(KEPT, "Gradients.java").size(),
        methods.stream().map(AnnotatedMethod::gradientsFile).distinct().count());
  }

  @Test
  void theAdjointIsCutWhereItsCommentsNameASourceLine() {
    AnnotatedMethod rosenbrock = methods.stream().filter(m -> m.id().equals("Calculus#rosenbrock")).findFirst()
        .orElseThrow();
    assertEquals("rosenbrockVjp", rosenbrock.adjoint().name());
    List<Piece> pieces = SourceLines.pieces(rosenbrock.adjoint().text(), "Calculus.java");
    // the signature, the forward sweep down the source, the reverse sweep back up
    assertEquals(List.of(0, 17, 18, 19, 18, 17), pieces.stream().map(Piece::firstSourceLine).toList());
    assertEquals("double a = 1 - x;", rosenbrock.sourceLines().get(17 - 1).strip());
    assertTrue(pieces.get(1).generated().contains("  double a = 1 - x;"), pieces.get(1).toString());
    assertTrue(pieces.get(5).generated().contains("  _d_x += -_d_a;"), pieces.get(5).toString());
  }

  @Test
  void theHighlighterEscapesAndKeepsSpansOnOneLine() {
    List<String> lines = Highlighter.lines("if (a < b) { // a & b\n/* one\ntwo */ return \"<x>\"; }");
    assertEquals("<span class=\"k\">if</span> (a &lt; b) { <span class=\"c\">// a &amp; b</span>", lines.get(0));
    assertEquals("<span class=\"c\">/* one</span>", lines.get(1));
    assertEquals("<span class=\"c\">two */</span> <span class=\"k\">return</span> <span class=\"s\">&quot;&lt;x&gt;&quot;</span>; }",
        lines.get(2));
  }
}
