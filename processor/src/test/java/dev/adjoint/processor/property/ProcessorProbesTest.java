package dev.adjoint.processor.property;

import static org.junit.jupiter.api.Assertions.fail;

import dev.adjoint.processor.property.GeneratedMethodChecker.Outcome;
import dev.adjoint.processor.property.ProgramGenerator.GenMethod;
import dev.adjoint.processor.property.ProgramGenerator.Param;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Small probes compiled one by one with the real processor (see {@link Probes}): user mistakes must give
 * their [Adjoint:...] diagnostic on the right line; legal corner cases must compile to a correct gradient
 * (or, for EITHER probes, be diagnosed). Never a javac crash, never an error inside generated code.
 * Diagnosed EITHER probes are printed, so unsupported-but-legal constructs are visible.
 */
class ProcessorProbesTest {

  @Test
  void userErrorsGetTheirDiagnostics() throws Exception {
    run(Probes.userErrors());
  }

  @Test
  void cornerCasesCompileToCorrectGradients() throws Exception {
    run(Probes.cornerCases());
  }

  private void run(List<ProbeCase> probes) throws Exception {
    Path work = Files.createTempDirectory("adjoint-probes-");
    List<String> failures = new ArrayList<>();
    List<String> diagnosed = new ArrayList<>();
    List<String> known = new ArrayList<>();
    for (ProbeCase p : probes) {
      String problem = check(p, work.resolve(p.name()), diagnosed);
      String report = p.name() + " (" + p.kind() + "): " + problem + "\n--- source:\n" + numbered(p.source());
      if (p.knownBug() != null) {
        if (problem == null) {
          failures.add(p.name() + " passes now: known bug " + p.knownBug() + " is fixed; remove .knownBug(...)");
        } else {
          known.add("[" + p.knownBug() + "] " + report);
        }
      } else if (problem != null) {
        failures.add(report);
      }
    }
    if (!known.isEmpty()) {
      System.out.println(known.size() + " probes still reproduce known bugs (not failing the build):\n\n"
          + String.join("\n\n", known));
    }
    if (!diagnosed.isEmpty()) {
      System.out.println("probes diagnosed instead of compiled (legal Java the processor rejects):\n  "
          + String.join("\n  ", diagnosed));
    }
    if (!failures.isEmpty()) {
      fail(failures.size() + " of " + probes.size() + " probes failed (files kept in " + work + "):\n\n"
          + String.join("\n\n", failures));
    }
    GeneratedProgramsPropertyTest.deleteRecursively(work);
  }

  /** Returns null when the probe behaves, else what went wrong. */
  private static String check(ProbeCase p, Path dir, List<String> diagnosed) throws IOException {
    InProcessJavac.Result r;
    try {
      r = InProcessJavac.compile(Map.of(p.qualifiedName(), p.source()), dir, InProcessJavac.adjointProcessor());
    } catch (RuntimeException crash) {
      StringWriter sw = new StringWriter();
      crash.printStackTrace(new PrintWriter(sw));
      return "javac crashed:\n" + sw;
    }
    List<String> inGenerated = new ArrayList<>();
    List<Diagnostic<? extends JavaFileObject>> errors = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> d : r.diagnostics()) {
      if (d.getKind() == Diagnostic.Kind.ERROR) {
        errors.add(d);
        if (isGenerated(d, r)) {
          inGenerated.add(InProcessJavac.format(d) + "\n" + context(d));
        }
      }
    }
    if (!inGenerated.isEmpty()) {
      return "generated code does not compile:\n  " + String.join("\n  ", inGenerated);
    }
    String all = String.join("\n  ", r.diagnostics().stream().map(InProcessJavac::format).toList());
    switch (p.kind()) {
      case ERROR -> {
        for (Diagnostic<? extends JavaFileObject> d : errors) {
          String msg = d.getMessage(Locale.ROOT);
          if (msg.contains("[Adjoint:" + p.id() + "]") && lineOf(d).contains(p.marker())) {
            return null;
          }
        }
        return "expected an error [Adjoint:" + p.id() + "] on the line containing '" + p.marker() + "'; got:\n  "
            + (all.isEmpty() ? "(no diagnostics; compiled)" : all);
      }
      case WARNING -> {
        if (!r.success()) {
          return "expected a successful compile with a warning; got:\n  " + all;
        }
        boolean warned = r.diagnostics().stream().anyMatch(d -> d.getKind() != Diagnostic.Kind.ERROR
            && d.getMessage(Locale.ROOT).contains("[Adjoint:" + p.id() + "]"));
        if (!warned) {
          return "expected a warning [Adjoint:" + p.id() + "]; got:\n  " + (all.isEmpty() ? "(no diagnostics)" : all);
        }
        return gradient(p, r);
      }
      case GRADIENT -> {
        if (!r.success()) {
          return "expected to compile; got:\n  " + all;
        }
        return gradient(p, r);
      }
      case EITHER -> {
        if (!r.success()) {
          diagnosed.add(p.name() + ": " + all.replace("\n", " "));
          return null;
        }
        return gradient(p, r);
      }
      default -> throw new AssertionError();
    }
  }

  /** Checks the generated gradient of the probe's static {@code f} against finite differences. */
  private static String gradient(ProbeCase p, InProcessJavac.Result r) throws IOException {
    try (URLClassLoader loader = new URLClassLoader(new URL[] {r.classes().toUri().toURL()},
        ProcessorProbesTest.class.getClassLoader())) {
      Class<?> owner = loader.loadClass(p.qualifiedName());
      Method f = null;
      for (Method m : owner.getDeclaredMethods()) {
        if (m.getName().equals("f")) {
          f = m;
        }
      }
      if (f == null) {
        return "probe has no method f";
      }
      List<Param> params = new ArrayList<>();
      for (Class<?> t : f.getParameterTypes()) {
        params.add(new Param("p" + params.size(), t == double[].class));
      }
      GenMethod m = new GenMethod(p.name(), "f", params, p.source());
      Outcome o = new GeneratedMethodChecker(loader, p.rtol()).check(m, 4, new Random(p.name().hashCode()));
      if (!o.failures().isEmpty()) {
        return "wrong gradient:\n  " + String.join("\n  ", o.failures()) + "\n--- generated:\n"
            + Files.readString(r.generatedSources().resolve(ProgramGenerator.PACKAGE).resolve(p.name() + "Gradients.java"));
      }
      if (o.checkedPoints() == 0) {
        return "no smooth sample point found";
      }
      return null;
    } catch (ClassNotFoundException e) {
      return "class not found: " + e.getMessage();
    }
  }

  private static boolean isGenerated(Diagnostic<? extends JavaFileObject> d, InProcessJavac.Result r) {
    if (d.getSource() == null) {
      return false;
    }
    URI uri = d.getSource().toUri();
    return "file".equals(uri.getScheme()) && Path.of(uri).startsWith(r.generatedSources());
  }

  private static String lineOf(Diagnostic<? extends JavaFileObject> d) {
    try {
      if (d.getSource() == null || d.getLineNumber() < 1) {
        return "";
      }
      String[] lines = d.getSource().getCharContent(true).toString().split("\n", -1);
      return d.getLineNumber() <= lines.length ? lines[(int) d.getLineNumber() - 1] : "";
    } catch (IOException e) {
      return "";
    }
  }

  private static String context(Diagnostic<? extends JavaFileObject> d) {
    try {
      String[] lines = d.getSource().getCharContent(true).toString().split("\n", -1);
      int at = (int) d.getLineNumber() - 1;
      StringBuilder sb = new StringBuilder();
      for (int i = Math.max(0, at - 6); i < Math.min(lines.length, at + 4); i++) {
        sb.append(i == at ? "  >> " : "     ").append(i + 1).append(": ").append(lines[i]).append('\n');
      }
      return sb.toString();
    } catch (IOException e) {
      return "";
    }
  }

  private static String numbered(String source) {
    String[] lines = source.split("\n", -1);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < lines.length; i++) {
      sb.append(String.format(Locale.ROOT, "%3d  %s%n", i + 1, lines[i]));
    }
    return sb.toString();
  }
}
