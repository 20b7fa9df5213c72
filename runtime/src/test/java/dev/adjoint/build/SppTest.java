package dev.adjoint.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The template expander the build runs before compiling the runtime. */
class SppTest {
  private static final Path TEMPLATE = Path.of("X-Box.java.template");

  private static String expand(String className, String template) {
    List<String> lines = template.lines().toList();
    for (Spp.Expansion e : Spp.expansions(TEMPLATE, lines)) {
      if (e.className().equals(className)) {
        String out = Spp.expand(TEMPLATE, lines, e);
        return out.substring(out.indexOf('\n') + 1); // without the "Generated from" line
      }
    }
    throw new AssertionError("no expansion " + className);
  }

  @Test
  void replacesVariablesAndKeepsTheBranchOfEachFlag() {
    String t = """
        #expand FloatBox float type=float Type=Float
        #expand DoubleBox type=double Type=Double
        final class $Type$Box {
        #if[float]
          static final int WIDTH = 32;
        #else[float]
          static final int WIDTH = 64;
        #end[float]
        #if[!float]
          // not float
        #end[!float]
          $type$ zero = {#if[float]?0f:0.0};
          $type$ one = 1{#if[float]?f};
        }
        """;
    assertEquals("""
        final class FloatBox {
          static final int WIDTH = 32;
          float zero = 0f;
          float one = 1f;
        }
        """, expand("FloatBox", t));
    assertEquals("""
        final class DoubleBox {
          static final int WIDTH = 64;
          // not float
          double zero = 0.0;
          double one = 1;
        }
        """, expand("DoubleBox", t));
  }

  @Test
  void nestedBranchesAreKeptOnlyWhenEveryEnclosingOneIs() {
    String t = """
        #expand A a
        #expand B b
        #expand AB a b
        #if[a]
        a
        #if[b]
        a and b
        #end[b]
        #else[a]
        not a
        #if[b]
        b without a
        #end[b]
        #end[a]
        """;
    assertEquals("a\n", expand("A", t));
    assertEquals("not a\nb without a\n", expand("B", t));
    assertEquals("a\na and b\n", expand("AB", t));
  }

  @Test
  void anUndefinedVariableIsAnErrorNamingTheLine() {
    String t = "#expand FloatBox type=float\nclass $Type$Box {}\n";
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> expand("FloatBox", t));
    assertTrue(e.getMessage().contains("X-Box.java.template:2"), e.getMessage());
    assertTrue(e.getMessage().contains("$Type$ is not defined for FloatBox"), e.getMessage());
  }

  @Test
  void unbalancedDirectivesAreErrors() {
    IllegalArgumentException open = assertThrows(IllegalArgumentException.class,
        () -> expand("A", "#expand A a\n#if[a]\nx\n"));
    assertTrue(open.getMessage().contains("#if[a] is never closed"), open.getMessage());
    IllegalArgumentException crossed = assertThrows(IllegalArgumentException.class,
        () -> expand("A", "#expand A a\n#if[a]\n#end[b]\n"));
    assertTrue(crossed.getMessage().contains("X-Box.java.template:3: #end[b] does not match the open #if[a]"),
        crossed.getMessage());
    IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
        () -> Spp.expansions(TEMPLATE, List.of("class X {}")));
    assertTrue(none.getMessage().contains("#expand"), none.getMessage());
  }

  @Test
  void writesOneSourcePerExpansionAndRewritesOnlyWhatChanged(@TempDir Path dir) throws IOException {
    Path templates = dir.resolve("templates");
    Path pkg = Files.createDirectories(templates.resolve("p"));
    Files.writeString(pkg.resolve("X-Box.java.template"),
        "#expand IntBox type=int\n#expand LongBox type=long\npackage p;\nclass $type$Box {}\n");
    Path out = dir.resolve("out");
    assertEquals(new Spp.Result(1, 2, 2), Spp.generate(templates, out));
    assertTrue(Files.readString(out.resolve("p/IntBox.java")).endsWith("package p;\nclass intBox {}\n"));
    assertEquals(new Spp.Result(1, 2, 0), Spp.generate(templates, out));
    Files.writeString(pkg.resolve("X-Box.java.template"),
        "#expand IntBox type=int\n#expand LongBox type=long\npackage p;\nclass $type$Box { }\n");
    assertEquals(new Spp.Result(1, 2, 2), Spp.generate(templates, out));
  }

  /** The runtime's own templates: each expansion declares the class it is named after, with Javadoc. */
  @Test
  void everyRuntimeTemplateExpandsToDocumentedClasses() throws IOException {
    List<Path> templates;
    try (Stream<Path> walk = Files.walk(Path.of("src/main/templates"))) {
      templates = walk.filter(p -> p.toString().endsWith(".java.template")).toList();
    }
    assertFalse(templates.isEmpty());
    int classes = 0;
    for (Path template : templates) {
      List<String> lines = Files.readAllLines(template);
      for (Spp.Expansion e : Spp.expansions(template, lines)) {
        String source = Spp.expand(template, lines, e);
        Matcher declaration = Pattern.compile("\\*/\\n(public )?final class " + e.className() + "\\b")
            .matcher(source);
        assertTrue(declaration.find(), template + " -> " + e.className()
            + ": the class declaration must follow its Javadoc");
        classes++;
      }
    }
    assertTrue(classes >= 10, classes + " classes");
  }
}
