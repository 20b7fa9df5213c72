package dev.adjoint.processor.property;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.adjoint.processor.property.ProgramGenerator.GenMethod;
import dev.adjoint.processor.property.ProgramGenerator.Program;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Mistakes injected into random @Differentiable methods, many per compilation: each must get its
 * [Adjoint:...] error on the injected line; no javac crash, no [Adjoint:Internal], no error inside
 * generated code (also for the methods that call a broken one), and no error on untouched methods
 * that do not call a broken one.
 */
class UserErrorFuzzTest {

  /** One kind of mistake: the statement to insert (x0 is always an active parameter) and the id it must get. */
  record Mutation(String id, String statement, boolean needsArray) {}

  static final List<Mutation> MUTATIONS = List.of(
      new Mutation("SideEffect", "SINK = x0 * 2;", false),
      new Mutation("SideEffect", "a[0] = x0;", true),
      new Mutation("NotDifferentiable", "x0 = opaque(x0);", false),
      new Mutation("NotDifferentiable", "x0 = x0 + Double.valueOf(x0);", false),
      new Mutation("Access", "x0 = x0 * hidden(2);", false),
      new Mutation("Unsupported", "x0 = x0 * (SCALE = 2.0);", false));

  private static final String HELPERS = "  static double SINK;\n  static double SCALE = 1;\n"
      + "  static double opaque(double v) {\n    return v * 3;\n  }\n"
      + "  private static double hidden(int n) {\n    return n + 0.5;\n  }\n\n";

  @Test
  void injectedMistakesGetDiagnosticsAndNeverBreakGeneratedCode() throws Exception {
    Program base = new ProgramGenerator(99).generate(3, 30);
    Random rnd = new Random(99);
    Map<String, Mutation> injected = new LinkedHashMap<>();
    Map<String, Integer> injectedLine = new HashMap<>();
    Map<String, StringBuilder> classes = new LinkedHashMap<>();
    for (GenMethod m : base.methods()) {
      StringBuilder cls = classes.computeIfAbsent(m.className(), k -> new StringBuilder(
          "package gen;\n\nimport dev.adjoint.AD;\nimport dev.adjoint.Differentiable;\n\nfinal class " + k + " {\n" + HELPERS));
      String src = m.source();
      // (into methods with a scalar result: the mistake is put on the path to the final return's value)
      if (!m.arrayResult() && rnd.nextInt(3) == 0 && (m.wrt().isEmpty() || m.wrt().contains("x0"))) {
        boolean hasArray = m.params().stream().anyMatch(ProgramGenerator.Param::array);
        List<Mutation> fitting = MUTATIONS.stream().filter(x -> !x.needsArray() || hasArray).toList();
        Mutation mu = fitting.get(rnd.nextInt(fitting.size()));
        int at = src.lastIndexOf("\n    return ");
        // The final return also uses x0, so the mistake is on the path to the result (a call without a
        // derivative is only an error when its value matters).
        int end = src.indexOf(";\n", at);
        src = src.substring(0, at + 1) + "    " + mu.statement() + "\n    return (" + src.substring(at + 12, end)
            + ") + x0" + src.substring(end);
        injected.put(m.name(), mu);
        int lineOfMethodStart = (int) cls.chars().filter(ch -> ch == '\n').count() + 1;
        int offset = (int) src.substring(0, at + 1).chars().filter(ch -> ch == '\n').count();
        injectedLine.put(m.name(), lineOfMethodStart + offset);
      }
      cls.append(src).append('\n');
    }
    Map<String, String> sources = new LinkedHashMap<>();
    classes.forEach((k, v) -> sources.put("gen." + k, v + "}\n"));
    Program program = new Program(sources, base.methods());

    Path work = Files.createTempDirectory("adjoint-fuzz-");
    InProcessJavac.Result r;
    try {
      r = InProcessJavac.compile(sources, work, InProcessJavac.adjointProcessor());
    } catch (RuntimeException crash) {
      StringWriter sw = new StringWriter();
      crash.printStackTrace(new PrintWriter(sw));
      GeneratedProgramsPropertyTest.writeSources(program, work);
      fail("javac crashed (sources in " + work + "/src):\n" + sw);
      return;
    }

    Set<String> broken = callersOf(base, injected.keySet());
    List<String> failures = new ArrayList<>();
    Set<String> diagnosed = new HashSet<>();
    for (Diagnostic<? extends JavaFileObject> d : r.diagnostics()) {
      if (d.getKind() != Diagnostic.Kind.ERROR) {
        continue;
      }
      String msg = d.getMessage(Locale.ROOT);
      if (generated(d, r)) {
        failures.add("error inside generated code: " + InProcessJavac.format(d));
        continue;
      }
      if (msg.contains("[Adjoint:Internal]")) {
        failures.add("internal error: " + InProcessJavac.format(d));
      }
      String method = methodAt(d);
      Mutation mu = injected.get(method);
      if (mu != null && msg.contains("[Adjoint:" + mu.id() + "]") && d.getLineNumber() == injectedLine.get(method)) {
        diagnosed.add(method);
      } else if (method == null || !broken.contains(method)) {
        failures.add("unexpected error on " + method + ": " + InProcessJavac.format(d));
      }
    }
    for (Map.Entry<String, Mutation> e : injected.entrySet()) {
      if (!diagnosed.contains(e.getKey())) {
        failures.add(e.getKey() + ": no [Adjoint:" + e.getValue().id() + "] error on line "
            + injectedLine.get(e.getKey()) + " for the injected `" + e.getValue().statement() + "`");
      }
    }
    System.out.printf("fuzz: %d methods, %d with an injected mistake, %d diagnosed as expected%n",
        base.methods().size(), injected.size(), diagnosed.size());
    if (!failures.isEmpty()) {
      GeneratedProgramsPropertyTest.writeSources(program, work);
      fail(failures.size() + " problem(s) (sources in " + work + "/src):\n  " + String.join("\n  ", failures));
    }
    assertTrue(injected.size() >= 20, "too few mutations to mean much: " + injected.size());
    GeneratedProgramsPropertyTest.deleteRecursively(work);
  }

  /** The injected methods and every method that calls one of them, transitively. */
  private static Set<String> callersOf(Program p, Set<String> roots) {
    Set<String> out = new HashSet<>(roots);
    Pattern call = Pattern.compile("\\b(m\\d+)\\(");
    boolean grew = true;
    while (grew) {
      grew = false;
      for (GenMethod m : p.methods()) {
        if (out.contains(m.name())) {
          continue;
        }
        Matcher mm = call.matcher(m.source());
        while (mm.find()) {
          if (!mm.group(1).equals(m.name()) && out.contains(mm.group(1))) {
            out.add(m.name());
            grew = true;
            break;
          }
        }
      }
    }
    return out;
  }

  /** The generated method whose body contains the diagnostic's line. */
  private static String methodAt(Diagnostic<? extends JavaFileObject> d) {
    try {
      String[] lines = d.getSource().getCharContent(true).toString().split("\n", -1);
      Pattern sig = Pattern.compile("static double (m\\d+)\\(");
      for (int i = (int) Math.min(d.getLineNumber(), lines.length) - 1; i >= 0; i--) {
        Matcher m = sig.matcher(lines[i]);
        if (m.find()) {
          return m.group(1);
        }
      }
    } catch (IOException | RuntimeException e) {
      return null;
    }
    return null;
  }

  private static boolean generated(Diagnostic<? extends JavaFileObject> d, InProcessJavac.Result r) {
    if (d.getSource() == null) {
      return false;
    }
    URI uri = d.getSource().toUri();
    return "file".equals(uri.getScheme()) && Path.of(uri).startsWith(r.generatedSources());
  }
}
