package dev.adjoint.processor.property;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.adjoint.processor.property.GeneratedMethodChecker.Outcome;
import dev.adjoint.processor.property.ProgramGenerator.GenMethod;
import dev.adjoint.processor.property.ProgramGenerator.Program;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import org.junit.jupiter.api.Test;

/**
 * Property test: a few hundred random @Differentiable methods (see {@link ProgramGenerator}), compiled in
 * this JVM with the real processor in one compilation, loaded, and every generated gradient compared with
 * finite differences of the primal; every method also asks for forward mode, whose tangent along a random
 * direction must equal the gradient's product with it. There must be no processor crash, no error diagnostic, no generated
 * Java that fails to compile, and no wrong gradient. Seeded and deterministic; any failure prints the
 * generated method's source and, where it can, a minimal reproducer (the method and its callees alone).
 */
class GeneratedProgramsPropertyTest {
  /** Fixed so the build is deterministic; {@code -Dadjoint.property.seed=N} explores other programs. */
  static final long SEED = Long.getLong("adjoint.property.seed", 0x5EED_4ADL);
  static final int CLASSES = 6;
  static final int METHODS_PER_CLASS = 50;
  static final int POINTS_PER_METHOD = 3;

  /**
   * Reported processor bugs (docs/findings/QA-FINDINGS.md) still open: a method whose every failure is one of these
   * exceptions thrown by generated code is listed, not failed. Never a wrong value. Once a bug no longer
   * shows up, the test fails so the entry gets removed.
   */
  static final Map<String, String> KNOWN_BUGS = Map.of();

  /** As {@link #KNOWN_BUGS}, for the float program. */
  static final Map<String, String> KNOWN_FLOAT_BUGS = Map.of();

  @Test
  void everyGeneratedGradientMatchesFiniteDifferences() throws Exception {
    Program program = new ProgramGenerator(SEED, false, true).generate(CLASSES, METHODS_PER_CLASS);
    assertEquals(CLASSES * METHODS_PER_CLASS, program.methods().size());
    checkAll(program, 1e-5, KNOWN_BUGS);
  }

  /** The same with float parameters, results and locals (finite differences in float: looser tolerance). */
  @Test
  void everyGeneratedFloatGradientMatchesFiniteDifferences() throws Exception {
    Program program = new ProgramGenerator(SEED + 1, true, true).generate(2, 40);
    checkAll(program, 5e-3, KNOWN_FLOAT_BUGS);
  }

  /**
   * Derivatives of derivatives on random code: for each method with a number result that calls at most methods that
   * call none (up to 60), a method reading its
   * generated forward mode along a fixed direction ({@code GenNGradients.mJvp(..., tangents).tangent()}). Its
   * generated gradient is then reverse mode over the written-out forward mode and its mJvp forward over forward;
   * both are checked like any generated method, against differences of the first derivative. The methods it calls
   * (here leaves) have their derivatives written out in turn.
   */
  @Test
  void everyDerivativeOfADerivativeMatchesFiniteDifferences() throws Exception {
    Program base = new ProgramGenerator(SEED + 2, false, true).generate(CLASSES, METHODS_PER_CLASS);
    StringBuilder second = new StringBuilder();
    List<GenMethod> seconds = new ArrayList<>();
    // each derivative is written out with its callees' (a copy per call): a method and the methods it calls directly
    Map<String, GenMethod> byName = byName(base);
    for (GenMethod m : base.methods()) {
      List<GenMethod> callees = callees(m, byName);
      if (m.arrayResult() || callees == null || !callees.stream().allMatch(GeneratedProgramsPropertyTest::callsNone) || seconds.size() == 60) {
        continue;
      }
      List<String> args = new ArrayList<>();
      List<String> tangents = new ArrayList<>();
      String sig = signature(m, args);
      int t = 0;
      for (ProgramGenerator.Param p : m.params()) {
        if (m.differentiated(p)) {
          double v = 0.3 + 0.2 * t++;
          tangents.add(p.array() ? "new double[] {" + v + ", " + (-v) + ", " + (1 - v) + "}" : Double.toString(v));
        }
      }
      args.addAll(tangents);
      String name = "s" + m.name().substring(1);
      String source = "  @Differentiable(jvp = true)\n  static double " + name + "(" + sig + ") {\n    return "
          + m.className() + "Gradients." + m.name() + "Jvp(" + String.join(", ", args) + ").tangent();\n  }\n";
      second.append(source).append('\n');
      seconds.add(new GenMethod("Second", name, m.params(), source));
    }
    assertTrue(seconds.size() >= 30, "only " + seconds.size() + " methods call at most one level deep");
    checkAll(withSecond(base, second, seconds), 1e-5, Map.of());
  }

  /**
   * Forward over reverse: for methods that call at most leaf methods of numbers, a forward-only method
   * ({@code vjp = false}) returning one entry of the method's generated gradient, whose reverse sweep may keep values
   * on stacks and hold callees' pullbacks; its mJvp (a row of the Hessian times a direction) against central
   * differences of the gradient. (A reverse sweep that runs a callee's split sweeps, {@code cForward} and
   * {@code cReverse}, cannot be written out yet.)
   */
  @Test
  void everyForwardOverReverseMatchesFiniteDifferences() throws Exception {
    Program base = new ProgramGenerator(SEED + 3, false, true).generate(CLASSES, METHODS_PER_CLASS);
    checkAll(entriesOfGradients(base, "jvp = true, vjp = false", null, 30), 1e-5, Map.of());
  }

  /**
   * Reverse over reverse: as {@link #everyForwardOverReverseMatchesFiniteDifferences}, the method reading one entry
   * of the gradient differentiated in both modes; its gradient (the stacks of the written-out reverse sweep get
   * adjoint stacks; its runs of arrays added, {@code Adjoints.addScaledTo}, and its whole-array saves are written out
   * as loops over elements; its stacks of array references get stacks of adjoint arrays) against central
   * differences, and its mJvp against its gradient. Methods whose reverse sweep runs a callee's split sweeps are left
   * out: a written-out sweep cannot hold those yet.
   */
  @Test
  void everyReverseOverReverseMatchesFiniteDifferences() throws Exception {
    Program base = new ProgramGenerator(SEED + 4, false, true).generate(CLASSES, METHODS_PER_CLASS);
    Path work = Files.createTempDirectory("adjoint-property-");
    InProcessJavac.Result compiled = compileOrReport(base, work);
    Set<String> leftOut = new java.util.HashSet<>();
    for (GenMethod m : base.methods()) {
      String gradients = Files.readString(compiled.generatedSources().resolve(m.qualifiedClass().replace('.', '/') + "Gradients.java"));
      int start = gradients.indexOf("Gradient " + m.name() + "Vjp(");
      int end = gradients.indexOf("\n  }\n", start);
      String vjp = start < 0 ? "" : gradients.substring(start, end);
      if (vjp.contains("Reverse(") || vjp.contains("ReverseInto(")) {
        leftOut.add(m.name());
      }
    }
    deleteRecursively(work);
    checkAll(entriesOfGradients(base, "jvp = true", leftOut, 20), 1e-5, Map.of());
  }

  /**
   * For each method that calls at most leaf methods of numbers (a callee taking or returning an array runs in split
   * sweeps, which a written-out reverse sweep cannot hold yet), neither it nor its callees in {@code leftOut}, a method of class
   * {@code Second} with {@code @Differentiable(annotation)} returning one entry of its generated gradient; at least
   * {@code minimum} of them.
   */
  private static Program entriesOfGradients(Program base, String annotation, Set<String> leftOut, int minimum) {
    StringBuilder second = new StringBuilder();
    List<GenMethod> seconds = new ArrayList<>();
    Map<String, GenMethod> byName = byName(base);
    for (GenMethod m : base.methods()) {
      List<GenMethod> callees = callees(m, byName);
      boolean numberLeaves = callees != null && callees.stream().allMatch(c -> !c.arrayResult()
          && c.params().stream().noneMatch(ProgramGenerator.Param::array) && callsNone(c)
          && (leftOut == null || !leftOut.contains(c.name())));
      ProgramGenerator.Param first = m.params().stream().filter(m::differentiated).findFirst().orElse(null);
      if (m.arrayResult() || !numberLeaves || first == null || leftOut != null && leftOut.contains(m.name())
          || seconds.size() == 60) {
        continue;
      }
      List<String> args = new ArrayList<>();
      String sig = signature(m, args);
      String component = "d" + Character.toUpperCase(first.name().charAt(0)) + first.name().substring(1) + "()"
          + (first.array() ? "[1]" : "");
      String name = "r" + m.name().substring(1);
      String wrt = m.wrt().isEmpty() ? "" : "wrt = {\"" + String.join("\", \"", m.wrt()) + "\"}, ";
      String source = "  @Differentiable(" + wrt + annotation + ")\n  static double " + name + "(" + sig + ") {\n"
          + "    return " + m.className() + "Gradients." + m.name() + "(" + String.join(", ", args) + ")." + component + ";\n  }\n";
      second.append(source).append('\n');
      seconds.add(new GenMethod("Second", name, m.params(), source, m.wrt(), false));
    }
    assertTrue(seconds.size() >= minimum, "only " + seconds.size() + " methods call at most leaf methods of numbers");
    return withSecond(base, second, seconds);
  }

  private static Map<String, GenMethod> byName(Program base) {
    Map<String, GenMethod> byName = new LinkedHashMap<>();
    base.methods().forEach(m -> byName.put(m.name(), m));
    return byName;
  }

  /** The generated methods m calls, or null if it calls one the program does not have. */
  private static List<GenMethod> callees(GenMethod m, Map<String, GenMethod> byName) {
    List<GenMethod> out = new ArrayList<>();
    Matcher calls = CALL.matcher(m.source().substring(m.source().indexOf('{')));
    while (calls.find()) {
      GenMethod callee = byName.get(calls.group(1));
      if (callee == null) {
        return null;
      }
      out.add(callee);
    }
    return out;
  }

  /** m's parameters as declared ({@code double x0, double[] a}); their names go into {@code names}. */
  private static String signature(GenMethod m, List<String> names) {
    StringBuilder sig = new StringBuilder();
    for (ProgramGenerator.Param p : m.params()) {
      sig.append(sig.length() == 0 ? "" : ", ").append(p.array() ? "double[] " : "double ").append(p.name());
      names.add(p.name());
    }
    return sig.toString();
  }

  /** The program with a class {@code Second} of these methods. */
  private static Program withSecond(Program base, StringBuilder second, List<GenMethod> seconds) {
    Map<String, String> sources = new LinkedHashMap<>(base.sources());
    sources.put(ProgramGenerator.PACKAGE + ".Second", "package " + ProgramGenerator.PACKAGE + ";\n\nimport dev.adjoint.Differentiable;\n\n"
        + "final class Second {\n  private Second() {}\n\n" + second + "}\n");
    return new Program(sources, seconds);
  }

  /** A call between the generated methods ({@code m12(}). */
  private static final Pattern CALL = Pattern.compile("\\b(m\\d+)\\(");

  private static boolean callsNone(GenMethod m) {
    return !CALL.matcher(m.source().substring(m.source().indexOf('{'))).find();
  }

  private void checkAll(Program program, double rtol, Map<String, String> knownBugs) throws Exception {
    Path work = Files.createTempDirectory("adjoint-property-");
    long t0 = System.nanoTime();
    InProcessJavac.Result compiled = compileOrReport(program, work);
    long t1 = System.nanoTime();

    List<String> failures = new ArrayList<>();
    List<String> known = new ArrayList<>();
    Set<String> seenBugs = new java.util.TreeSet<>();
    int checked = 0;
    int rejected = 0;
    int methodsWithoutPoints = 0;
    try (URLClassLoader loader = new URLClassLoader(new URL[] {compiled.classes().toUri().toURL()},
        getClass().getClassLoader())) {
      GeneratedMethodChecker checker = new GeneratedMethodChecker(loader, rtol);
      Random rnd = new Random(SEED);
      for (GenMethod m : program.methods()) {
        if (m.arrayResult()) {
          continue; // checked through its callers
        }
        Outcome o = checker.check(m, POINTS_PER_METHOD, rnd);
        checked += o.checkedPoints();
        rejected += o.rejectedPoints();
        if (o.checkedPoints() == 0) {
          methodsWithoutPoints++;
        }
        String bug = knownBug(o.failures(), knownBugs);
        if (bug != null) {
          seenBugs.add(bug);
          known.add(m.qualifiedClass() + "." + m.name() + " [" + bug + "]");
        } else if (!o.failures().isEmpty()) {
          failures.add(m.qualifiedClass() + "." + m.name() + ":\n    " + String.join("\n    ", o.failures())
              + "\n" + m.source() + "  generated: " + compiled.generatedSources().resolve(
                  m.qualifiedClass().replace('.', '/') + "Gradients.java"));
        }
      }
    }
    long t2 = System.nanoTime();
    System.out.printf("property: %d methods, compile %.1f s, check %.1f s; %d points checked, %d rejected near "
            + "kinks, %d methods without a smooth point, %d processor warnings%n",
        program.methods().size(), (t1 - t0) / 1e9, (t2 - t1) / 1e9, checked, rejected, methodsWithoutPoints,
        compiled.messages(Diagnostic.Kind.WARNING).size() + compiled.messages(Diagnostic.Kind.MANDATORY_WARNING).size());
    if (!known.isEmpty()) {
      System.out.println("property: methods failing only with known bugs (not failing the build): " + known);
    }
    for (String bug : knownBugs.keySet()) {
      if (!seenBugs.contains(bug)) {
        failures.add("known bug " + bug + " (" + knownBugs.get(bug) + ") no longer shows up: remove it from the known bugs");
      }
    }
    if (!failures.isEmpty()) {
      fail(failures.size() + " generated method(s) with wrong gradients (sources kept in " + work + "):\n\n"
          + String.join("\n", failures));
    }
    // Most methods must actually be checked, or the property says little.
    assertTrue(methodsWithoutPoints <= program.methods().size() / 20,
        methodsWithoutPoints + " methods had no smooth sample point");
    deleteRecursively(work);
  }

  /** The known bug all of these failures are instances of, or null. */
  private static String knownBug(List<String> failures, Map<String, String> knownBugs) {
    String found = null;
    for (String f : failures) {
      String match = null;
      for (Map.Entry<String, String> e : knownBugs.entrySet()) {
        if (f.startsWith(e.getValue())) {
          match = e.getKey();
        }
      }
      if (match == null) {
        return null;
      }
      found = match;
    }
    return found;
  }

  /** Compiles, and on any error or crash fails with the diagnostics, the offending sources and reproducers. */
  static InProcessJavac.Result compileOrReport(Program program, Path work) throws IOException {
    InProcessJavac.Result r;
    try {
      r = InProcessJavac.compile(program.sources(), work, InProcessJavac.adjointProcessor());
    } catch (RuntimeException crash) {
      StringWriter sw = new StringWriter();
      crash.printStackTrace(new PrintWriter(sw));
      writeSources(program, work);
      fail("javac crashed with the Adjoint processor (sources in " + work + "/src):\n" + sw
          + isolateAll(program, program.methods(), work));
      throw new AssertionError();
    }
    if (!r.success() || !r.errors().isEmpty()) {
      writeSources(program, work);
      StringBuilder sb = new StringBuilder("compilation failed (sources in " + work + "/src):\n");
      List<GenMethod> suspects = new ArrayList<>();
      for (Diagnostic<?> d : r.diagnostics()) {
        if (d.getKind() != Diagnostic.Kind.ERROR) {
          continue;
        }
        sb.append("  ").append(InProcessJavac.format(castDiag(d))).append('\n');
        GenMethod m = locate(program, r, d);
        if (m != null && !suspects.contains(m)) {
          suspects.add(m);
          sb.append(m.source());
        }
      }
      sb.append(isolateAll(program, suspects, work));
      fail(sb.toString());
    }
    return r;
  }

  @SuppressWarnings("unchecked")
  private static Diagnostic<? extends javax.tools.JavaFileObject> castDiag(Diagnostic<?> d) {
    return (Diagnostic<? extends javax.tools.JavaFileObject>) d;
  }

  /** The generated method a diagnostic points into: in a primal source by line, in a Gradients file by name. */
  private static GenMethod locate(Program program, InProcessJavac.Result r, Diagnostic<?> d) throws IOException {
    if (!(d.getSource() instanceof javax.tools.JavaFileObject file)) {
      return null;
    }
    String text = file.getCharContent(true).toString();
    String[] lines = text.split("\n", -1);
    Pattern sig = Pattern.compile("\\b(m\\d+)(?:Vjp)?\\(");
    for (int i = (int) Math.min(d.getLineNumber(), lines.length) - 1; i >= 0; i--) {
      if (lines[i].contains("static")) {
        Matcher mm = sig.matcher(lines[i]);
        if (mm.find()) {
          String name = mm.group(1);
          return program.methods().stream().filter(m -> m.name().equals(name)).findFirst().orElse(null);
        }
      }
    }
    return null;
  }

  /** For each suspect, compiles it alone with its callees and reports whether that still fails. */
  private static String isolateAll(Program program, List<GenMethod> suspects, Path work) {
    StringBuilder sb = new StringBuilder();
    int n = 0;
    for (GenMethod m : suspects) {
      if (n++ == 5) {
        sb.append("\n(more suspects not isolated)\n");
        break;
      }
      Map<String, String> alone = isolate(program, m);
      try {
        Path dir = work.resolve("isolated-" + m.name());
        InProcessJavac.Result r = InProcessJavac.compile(alone, dir, InProcessJavac.adjointProcessor());
        sb.append("\n--- reproducer for ").append(m.name()).append(r.success() ? " (compiles alone)" : " (fails alone)")
            .append(":\n");
        alone.values().forEach(sb::append);
        r.errors().forEach(e -> sb.append("  ").append(e).append('\n'));
      } catch (RuntimeException crash) {
        sb.append("\n--- reproducer for ").append(m.name()).append(" crashes javac: ").append(crash).append('\n');
        alone.values().forEach(sb::append);
      }
    }
    return sb.toString();
  }

  /** The method and everything it calls, transitively, in their classes. */
  static Map<String, String> isolate(Program program, GenMethod root) {
    Map<String, GenMethod> byName = new LinkedHashMap<>();
    program.methods().forEach(m -> byName.put(m.name(), m));
    Set<GenMethod> needed = new LinkedHashSet<>();
    List<GenMethod> todo = new ArrayList<>(List.of(root));
    Pattern call = Pattern.compile("\\b(m\\d+)\\(");
    while (!todo.isEmpty()) {
      GenMethod m = todo.remove(todo.size() - 1);
      if (!needed.add(m)) {
        continue;
      }
      Matcher mm = call.matcher(m.source());
      while (mm.find()) {
        GenMethod callee = byName.get(mm.group(1));
        if (callee != null && callee != m) {
          todo.add(callee);
        }
      }
    }
    Map<String, StringBuilder> classes = new LinkedHashMap<>();
    program.methods().stream().filter(needed::contains).forEach(m ->
        classes.computeIfAbsent(m.className(), k -> new StringBuilder()).append(m.source()).append('\n'));
    Map<String, String> out = new LinkedHashMap<>();
    classes.forEach((name, body) -> out.put(ProgramGenerator.PACKAGE + "." + name,
        "package " + ProgramGenerator.PACKAGE + ";\n\nimport dev.adjoint.AD;\nimport dev.adjoint.Differentiable;\n\nfinal class " + name
            + " {\n" + body + "}\n"));
    return out;
  }

  static void writeSources(Program program, Path work) throws IOException {
    for (Map.Entry<String, String> e : program.sources().entrySet()) {
      Path p = work.resolve("src").resolve(e.getKey().replace('.', '/') + ".java");
      Files.createDirectories(p.getParent());
      Files.writeString(p, e.getValue(), StandardCharsets.UTF_8);
    }
  }

  static void deleteRecursively(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}
