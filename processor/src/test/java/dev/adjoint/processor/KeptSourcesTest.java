package dev.adjoint.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static dev.adjoint.processor.Sources.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** -Aadjoint.keep: the kept copies of generated sources, checked against the processor's output and refreshed. */
class KeptSourcesTest {
  private static final JavaFileObject DEMO = demo("Math.sin(y)");

  /** The same class after an edit of f: its adjoint changes. */
  private static final JavaFileObject DEMO_EDITED = demo("Math.cos(y)");

  private static JavaFileObject demo(String factor) {
    return source("p.Demo",
        "package p;",
        "import dev.adjoint.Differentiable;",
        "public final class Demo {",
        "  @Differentiable",
        "  public static double f(double x, double y) {",
        "    return x * " + factor + ";",
        "  }",
        "  public static final class Inner {",
        "    @Differentiable",
        "    public static double g(double x) {",
        "      return x * x;",
        "    }",
        "  }",
        "}");
  }

  @TempDir
  Path dir;

  private Compilation compile(String mode, JavaFileObject... sources) {
    List<String> options = new ArrayList<>(List.of("-Aadjoint.keep=" + dir));
    if (mode != null) {
      options.add("-Aadjoint.keep.mode=" + mode);
    }
    return javac().withProcessors(new AdjointProcessor()).withClasspath(List.of(Sources.runtimeClasses()))
        .withOptions(options).compile(sources);
  }

  private static String generated(Compilation c, String qualifiedName) throws IOException {
    return c.generatedFile(StandardLocation.SOURCE_OUTPUT, qualifiedName.replace('.', '/') + ".java")
        .orElseThrow().getCharContent(false).toString();
  }

  private Path kept(String qualifiedName) {
    return dir.resolve(qualifiedName.replace('.', '/') + ".java");
  }

  /** Demo with a var of its own gradients, or without: its gradients in two files, or in one. */
  private static JavaFileObject demoUsingVar(boolean var) {
    return source("p.Demo",
        "package p;",
        "import dev.adjoint.Differentiable;",
        "public final class Demo {",
        "  @Differentiable",
        "  public static double f(double x) {",
        "    return x * x;",
        "  }",
        "  static double slope(double x) {",
        var ? "    var g = DemoGradients.f(x);" : "    DemoGradients.FGradient g = DemoGradients.f(x);",
        "    return g.dX();",
        "  }",
        "}");
  }

  @Test
  void theImplementationOfGradientsWrittenInTwoStepsIsKeptAndGoesStaleWithTheVar() throws IOException {
    assertThat(compile("refresh", demoUsingVar(true))).succeeded();
    assertTrue(Files.exists(kept("p.DemoGradientsImpl")));
    assertThat(compile("check", demoUsingVar(true))).succeededWithoutWarnings();

    Compilation check = compile("check", demoUsingVar(false));
    assertThat(check).failed();
    assertThat(check).hadErrorContaining("[Adjoint:Kept] " + kept("p.DemoGradients") + " differs from what the processor writes now");
    Compilation refresh = compile("refresh", demoUsingVar(false));
    assertThat(refresh).succeeded();
    assertThat(refresh).hadNoteContaining("[Adjoint:Kept] deleted " + kept("p.DemoGradientsImpl"));
    assertFalse(Files.exists(kept("p.DemoGradientsImpl")));
    assertEquals(generated(refresh, "p.DemoGradients"), Files.readString(kept("p.DemoGradients")));

    // a stale implementation alone (its API kept as the processor writes it now) is an error of its own
    Files.writeString(kept("p.DemoGradientsImpl"), "package p;\n");
    Compilation stale = compile("check", demoUsingVar(false));
    assertThat(stale).failed();
    assertThat(stale).hadErrorContaining("[Adjoint:Kept] " + kept("p.DemoGradientsImpl") + " is kept, but the processor no longer"
        + " writes p.DemoGradientsImpl");
  }

  @Test
  void refreshWritesEveryGeneratedClassAndCheckThenPasses() throws IOException {
    Compilation refresh = compile("refresh", DEMO);
    assertThat(refresh).succeeded();
    assertThat(refresh).hadNoteContaining("[Adjoint:Kept] wrote " + kept("p.DemoGradients"));
    assertEquals(generated(refresh, "p.DemoGradients"), Files.readString(kept("p.DemoGradients")));
    assertEquals(generated(refresh, "p.Demo_InnerGradients"), Files.readString(kept("p.Demo_InnerGradients")));

    Compilation check = compile(null, DEMO);
    assertThat(check).succeededWithoutWarnings();
    assertThat(compile("check", DEMO)).succeededWithoutWarnings();
  }

  @Test
  void checkFailsOnAChangedKeptCopyNamingTheFileAndTheFirstDifferingLine() throws IOException {
    assertThat(compile("refresh", DEMO)).succeeded();
    Path file = kept("p.DemoGradients");
    List<String> lines = new ArrayList<>(Files.readAllLines(file));
    int changed = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains("Math.sin(y)")) {
        lines.set(i, lines.get(i).replace("Math.sin(y)", "Math.sin(y + 1)"));
        changed = i + 1;
        break;
      }
    }
    assertTrue(changed > 0, "the generated source computes Math.sin(y):\n" + lines);
    Files.writeString(file, String.join("\n", lines) + "\n");

    Compilation check = compile("check", DEMO);
    assertThat(check).failed();
    assertThat(check).hadErrorCount(1);
    assertThat(check).hadErrorContaining("[Adjoint:Kept] " + file + " differs from what the processor writes now,"
        + " first at line " + changed + ": kept `");
    assertThat(check).hadErrorContaining("Math.sin(y + 1)");
    assertThat(check).hadErrorContaining("-Aadjoint.keep.mode=refresh");

    Compilation refresh = compile("refresh", DEMO);
    assertThat(refresh).succeeded();
    assertThat(refresh).hadNoteContaining("[Adjoint:Kept] refreshed " + file);
    assertFalse(Files.readString(file).contains("Math.sin(y + 1)"));
    assertThat(compile("check", DEMO)).succeededWithoutWarnings();
  }

  @Test
  void anEditedMethodChangesItsKeptAdjoint() throws IOException {
    assertThat(compile("refresh", DEMO)).succeeded();
    String before = Files.readString(kept("p.DemoGradients"));
    Compilation check = compile("check", DEMO_EDITED);
    assertThat(check).failed();
    assertThat(check).hadErrorContaining(kept("p.DemoGradients") + " differs");
    assertThat(compile("refresh", DEMO_EDITED)).succeeded();
    String after = Files.readString(kept("p.DemoGradients"));
    assertTrue(before.contains("Math.sin(y)") && after.contains("Math.cos(y)"), after);
    assertThat(compile("check", DEMO_EDITED)).succeededWithoutWarnings();
  }

  @Test
  void checkFailsOnAMissingKeptCopy() {
    Compilation check = compile(null, DEMO);
    assertThat(check).failed();
    assertThat(check).hadErrorContaining("[Adjoint:Kept] " + kept("p.DemoGradients") + " is missing:"
        + " the processor writes p.DemoGradients but no copy of it is kept");
    assertThat(check).hadErrorContaining(kept("p.Demo_InnerGradients") + " is missing");
  }

  @Test
  void aKeptCopyWhoseClassLostItsGradientsIsStale() throws IOException {
    assertThat(compile("refresh", DEMO)).succeeded();
    // Demo still compiles, but without @Differentiable methods: both kept copies are stale.
    JavaFileObject plain = source("p.Demo", "package p;", "public final class Demo {",
        "  static double f(double x) { return x; }", "  static final class Inner {}", "}");
    Compilation check = compile("check", plain);
    assertThat(check).failed();
    assertThat(check).hadErrorContaining("[Adjoint:Kept] " + kept("p.DemoGradients")
        + " is kept, but the processor no longer writes p.DemoGradients");
    assertThat(check).hadErrorContaining(kept("p.Demo_InnerGradients") + " is kept");

    Compilation refresh = compile("refresh", plain);
    assertThat(refresh).succeeded();
    assertThat(refresh).hadNoteContaining("[Adjoint:Kept] deleted " + kept("p.DemoGradients"));
    assertFalse(Files.exists(kept("p.DemoGradients")));
    assertFalse(Files.exists(kept("p.Demo_InnerGradients")));
  }

  @Test
  void aKeptCopyOfAClassThatIsGoneIsStaleAndOneNotCompiledNowIsKept() throws IOException {
    assertThat(compile("refresh", DEMO)).succeeded();
    Path gone = kept("q.GoneGradients");
    Files.createDirectories(gone.getParent());
    Files.writeString(gone, "package q;\nfinal class GoneGradients {}\n");
    // java.lang.String exists but is not compiled here (as in an IDE's partial build): its copy stays.
    Path notCompiled = kept("java.lang.StringGradients");
    Files.createDirectories(notCompiled.getParent());
    Files.writeString(notCompiled, "// kept\n");

    Compilation check = compile("check", DEMO);
    assertThat(check).failed();
    assertThat(check).hadErrorCount(1);
    assertThat(check).hadErrorContaining(gone + " is kept, but the processor no longer writes q.GoneGradients");

    assertThat(compile("refresh", DEMO)).succeeded();
    assertFalse(Files.exists(gone));
    assertTrue(Files.exists(notCompiled));
  }

  @Test
  void windowsLineEndingsInAKeptCopyAreNoDifference() throws IOException {
    assertThat(compile("refresh", DEMO)).succeeded();
    Path file = kept("p.DemoGradients");
    Files.writeString(file, Files.readString(file).replace("\n", "\r\n"), StandardCharsets.UTF_8);
    assertThat(compile("check", DEMO)).succeededWithoutWarnings();
  }

  @Test
  void aCompileWithErrorsDeletesNothing() throws IOException {
    assertThat(compile("refresh", DEMO)).succeeded();
    String before = Files.readString(kept("p.DemoGradients"));
    // f now returns a String: an [Adjoint:Return] error, and f gets a stub adjoint; Inner is gone.
    JavaFileObject broken = source("p.Demo", "package p;", "import dev.adjoint.Differentiable;",
        "public final class Demo {", "  @Differentiable", "  public static String f(double x) { return \"\" + x; }", "}");
    Compilation refresh = compile("refresh", broken);
    assertThat(refresh).failed();
    assertThat(refresh).hadErrorContaining("[Adjoint:Return]");
    assertThat(refresh).hadNoteContaining("were not refreshed: the compile has errors");
    assertEquals(before, Files.readString(kept("p.DemoGradients")));
    assertTrue(Files.exists(kept("p.Demo_InnerGradients")));
  }

  @Test
  void anUnknownModeOrPathIsAnErrorAndAModeWithoutADirectoryAWarning() {
    Compilation bad = compile("rewrite", DEMO);
    assertThat(bad).failed();
    assertThat(bad).hadErrorContaining("[Adjoint:Kept] -Aadjoint.keep.mode=rewrite is not a mode:"
        + " use check (fail when a kept copy differs) or refresh (rewrite the kept copies)");

    Compilation badDir = javac().withProcessors(new AdjointProcessor()).withClasspath(List.of(Sources.runtimeClasses()))
        .withOptions("-Aadjoint.keep=kept\u0000copies").compile(DEMO);
    assertThat(badDir).failed();
    assertThat(badDir).hadErrorContaining("[Adjoint:Kept] -Aadjoint.keep=kept");
    assertThat(badDir).hadErrorContaining("is not a directory path");

    Compilation noDir = javac().withProcessors(new AdjointProcessor()).withClasspath(List.of(Sources.runtimeClasses()))
        .withOptions("-Aadjoint.keep.mode=refresh").compile(DEMO);
    assertThat(noDir).succeeded();
    assertThat(noDir).hadWarningContaining("-Aadjoint.keep.mode is set but -Aadjoint.keep is not");
  }

  @Test
  void withoutTheOptionNothingIsKept() throws IOException {
    Compilation c = javac().withProcessors(new AdjointProcessor()).withClasspath(List.of(Sources.runtimeClasses()))
        .compile(DEMO);
    assertThat(c).succeededWithoutWarnings();
    try (var files = Files.list(dir)) {
      assertEquals(0, files.count());
    }
  }

  @Test
  void firstDifferenceSaysWhichSideEndsFirst() {
    assertEquals("first at line 2: kept `b`, now `c`", KeptSources.firstDifference("a\nb\n", "a\nc\n"));
    assertEquals("first at line 1: kept `x = 1;  `, now `x = 1;` (they differ in white space)",
        KeptSources.firstDifference("  x = 1;  \n", "  x = 1;\n"));
    assertEquals("first at line 3: the kept copy ends there, now it goes on with `x`",
        KeptSources.firstDifference("a\nb", "a\nb\nx"));
    assertEquals("first at line 2: the kept copy goes on with `b`, now it ends there",
        KeptSources.firstDifference("a\nb", "a"));
  }
}
