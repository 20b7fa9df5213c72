package dev.adjoint.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.adjoint.processor.Sources.compile;
import static dev.adjoint.processor.Sources.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.palantir.javapoet.JavaFile;
import dev.adjoint.processor.IntegrationTest.Loaded;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code var} (and implicitly typed lambda parameters) with generated types, also inside the class whose
 * gradients they are: compiled and run on this JDK (in-process javac) and on a JDK 25 (its javac and java
 * run as processes, when one is installed under /usr/lib/jvm).
 */
class VarOfGeneratedTypesTest {
  private static JavaFileObject[] sources() {
    return VarProject.SOURCES.entrySet().stream()
        .map(e -> source(e.getKey(), e.getValue().split("\n", -1)))
        .toArray(JavaFileObject[]::new);
  }

  private static String runMain(Loaded loaded, String className) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream previous = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      loaded.loadClass(className).getMethod("main", String[].class).invoke(null, (Object) new String[0]);
    } finally {
      System.setOut(previous);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void varWithGeneratedTypesCompilesAndRuns() throws Exception {
    Compilation c = compile(sources());
    assertThat(c).succeededWithoutWarnings();
    VarProject.check(runMain(new Loaded(c), "p.Foo"));
    // classes that infer types from generated ones get their gradients in two steps; the others in one
    for (String split : List.of("p.FooGradientsImpl", "p.Foo_InnerGradientsImpl", "p.BarGradientsImpl", "p.HelperGradientsImpl",
        "p.LineGradientsImpl")) {
      assertThat(c).generatedSourceFile(split);
    }
    assertThat(c).generatedSourceFile("p.PlainGradients");
    assertFalse(c.generatedSourceFile("p.PlainGradientsImpl").isPresent());
  }

  @Test
  void theApiCallsTheImplementationAndKeepsTheRecords() throws Exception {
    Compilation c = compile(sources());
    String api = c.generatedSourceFile("p.FooGradients").orElseThrow().getCharContent(true).toString();
    assertTrue(api.contains("public record SquareGradient(double value, double dX)"), api);
    assertTrue(api.contains("public record TwiceForward(double[] _value, Object sweep)"), api);
    assertTrue(api.contains("return _value.clone();"), api);
    assertTrue(api.contains("return FooGradientsImpl.squareVjp(x, seed);"), api);
    assertTrue(api.contains("return FooGradientsImpl.twiceReverse(((TwiceForward) _forward).sweep(), seed);"), api);
    String impl = c.generatedSourceFile("p.FooGradientsImpl").orElseThrow().getCharContent(true).toString();
    assertTrue(impl.contains("import static p.FooGradients.SquareGradient;"), impl);
    assertTrue(impl.contains("final class FooGradientsImpl {"), impl);
    assertFalse(impl.contains("record SquareGradient"), impl);
  }

  /** Forward mode in a class that infers its own generated types: mJvp and MTangent go through the API too. */
  @Test
  void forwardModeBehindTheApi() throws Exception {
    Compilation c = compile(source("q.Cube",
        "package q;",
        "import dev.adjoint.*;",
        "public class Cube {",
        "  @Differentiable(jvp = true) static double cube(double x) { return x * x * Math.exp(x); }",
        "  public static double slope(double x) {",
        "    var t = CubeGradients.cubeJvp(x, 1);",
        "    return t.tangent();",
        "  }",
        "}"));
    assertThat(c).succeededWithoutWarnings();
    assertThat(c).generatedSourceFile("q.CubeGradientsImpl");
    String api = c.generatedSourceFile("q.CubeGradients").orElseThrow().getCharContent(true).toString();
    assertTrue(api.contains("public record CubeTangent(double value, double tangent)"), api);
    assertTrue(api.contains("return CubeGradientsImpl.cubeJvp(x, _t_x);"), api);
    double x = 0.7;
    double slope = (double) new Loaded(c).call("q.Cube", "slope", x);
    assertEquals((2 * x + x * x) * Math.exp(x), slope, 1e-12);
  }

  @Test
  void anErrorInAMethodIsTheOnlyError() {
    JavaFileObject f = source("p.Foo",
        "package p;",
        "import dev.adjoint.*;",
        "class Foo {",
        "  @Differentiable static double square(double x) { return x * x; }",
        "  @Differentiable static double[] bad(double[] x) { return x; }",
        "  static double use() {",
        "    var g = FooGradients.squareVjp(2, 1.0);",
        "    return g.dX();",
        "  }",
        "}");
    Compilation c = compile(f);
    assertThat(c).failed();
    assertEquals(1, c.errors().size(), () -> "errors: " + c.errors());
    assertThat(c).hadErrorContaining("[Adjoint:Unsupported] Foo.bad returns an array that may share storage with its parameter x")
        .inFile(f).onLineContaining("static double[] bad");
  }

  @Test
  void aMisspelledGeneratedClassIsJavacsOwnErrorNotACrash() {
    JavaFileObject f = source("p.Foo",
        "package p;",
        "import dev.adjoint.*;",
        "class Foo {",
        "  @Differentiable static double square(double x) { return x * x; }",
        "  static double use() {",
        "    var g = FooGradientz.squareVjp(2, 1.0);",
        "    return g.dX();",
        "  }",
        "}");
    Compilation c = compile(f);
    assertThat(c).failed();
    assertThat(c).hadErrorContaining("cannot find symbol").inFile(f).onLineContaining("var g = FooGradientz");
    assertTrue(c.errors().stream().noneMatch(d -> d.getMessage(null).contains("exception")), () -> "errors: " + c.errors());
  }

  @Test
  void theUnnamedPackageAsksForAPackage() {
    JavaFileObject f = source("Foo",
        "import dev.adjoint.*;",
        "class Foo {",
        "  @Differentiable static double square(double x) { return x * x; }",
        "  static double use() {",
        "    var g = FooGradients.squareVjp(2, 1.0);",
        "    return g.dX();",
        "  }",
        "}");
    Compilation c = compile(f);
    assertThat(c).failed();
    assertThat(c).hadErrorContaining("[Adjoint:Unsupported] Foo uses FooGradients, which Adjoint writes during this compilation,"
        + " and infers types (var, or a lambda parameter without a type)").inFile(f).onLineContaining("class Foo");
    assertThat(c).hadErrorContaining("put Foo in a package, or write those types out instead of var");
  }

  @Test
  void theSameProjectWithJavac25(@TempDir Path work) throws Exception {
    Path jdk = jdk25();
    Assumptions.assumeTrue(jdk != null, "no JDK 25 under /usr/lib/jvm: javac 25 not checked here (CI runs all tests on it)");
    Path src = work.resolve("src");
    List<String> files = new ArrayList<>();
    for (Map.Entry<String, String> e : VarProject.SOURCES.entrySet()) {
      Path file = src.resolve(e.getKey().replace('.', '/') + ".java");
      Files.createDirectories(file.getParent());
      Files.writeString(file, e.getValue());
      files.add(file.toString());
    }
    String runtime = Sources.runtimeClasses().toString();
    String processorPath = String.join(File.pathSeparator, locationOf(AdjointProcessor.class), locationOf(JavaFile.class), runtime);
    Path classes = work.resolve("classes");
    List<String> javac = new ArrayList<>(List.of(jdk.resolve("bin/javac").toString(), "-processorpath", processorPath,
        "-cp", runtime, "-d", classes.toString(), "-s", work.resolve("generated").toString(), "-encoding", "UTF-8"));
    javac.addAll(files);
    String compiled = run(javac, work);
    assertTrue(Files.exists(classes.resolve("p/FooGradientsImpl.class")), compiled);
    String output = run(List.of(jdk.resolve("bin/java").toString(), "-cp", classes + File.pathSeparator + runtime, "p.Foo"), work);
    VarProject.check(output);
  }

  /** A JDK 25 installed beside the default one, or null. */
  static Path jdk25() throws IOException {
    Path jvms = Path.of("/usr/lib/jvm");
    if (!Files.isDirectory(jvms)) {
      return null;
    }
    try (Stream<Path> s = Files.list(jvms)) {
      return s.filter(p -> p.getFileName().toString().contains("25") && Files.isExecutable(p.resolve("bin/javac")))
          .sorted().findFirst().orElse(null);
    }
  }

  private static String locationOf(Class<?> c) throws URISyntaxException {
    return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }

  /** Runs a command; its output (stdout and stderr), which must end with exit code 0. */
  private static String run(List<String> command, Path dir) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(5, TimeUnit.MINUTES), "timed out: " + command);
    String text = new String(out, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), () -> String.join(" ", command) + "\n" + text);
    return text;
  }
}
