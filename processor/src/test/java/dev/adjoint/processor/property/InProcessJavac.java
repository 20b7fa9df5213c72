package dev.adjoint.processor.property;

import dev.adjoint.Differentiable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.annotation.processing.Processor;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/** Runs the system javac in this JVM, with the real Adjoint processor or with annotation processing off. */
final class InProcessJavac {
  private InProcessJavac() {}

  /** What one compilation produced. */
  record Result(boolean success, List<Diagnostic<? extends JavaFileObject>> diagnostics, Path classes,
      Path generatedSources) {
    List<String> errors() {
      return messages(Diagnostic.Kind.ERROR);
    }

    List<String> messages(Diagnostic.Kind kind) {
      List<String> out = new ArrayList<>();
      for (Diagnostic<? extends JavaFileObject> d : diagnostics) {
        if (d.getKind() == kind) {
          out.add(format(d));
        }
      }
      return out;
    }

    /** Generated source files by path relative to the generated-sources root, sorted. */
    Map<String, byte[]> generatedFiles() {
      Map<String, byte[]> out = new TreeMap<>();
      try (Stream<Path> s = Files.walk(generatedSources)) {
        for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
          out.put(generatedSources.relativize(p).toString(), Files.readAllBytes(p));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return out;
    }
  }

  static String format(Diagnostic<? extends JavaFileObject> d) {
    String where = d.getSource() == null ? "" : d.getSource().getName() + ":" + d.getLineNumber() + ": ";
    return d.getKind() + " " + where + d.getMessage(Locale.ROOT);
  }

  /** A fresh instance of the Adjoint processor, found the way javac finds it (META-INF/services). */
  static Processor adjointProcessor() {
    List<Processor> found = new ArrayList<>();
    for (Processor p : ServiceLoader.load(Processor.class, InProcessJavac.class.getClassLoader())) {
      if (p.getClass().getName().startsWith("dev.adjoint.processor.")) {
        found.add(p);
      }
    }
    if (found.size() != 1) {
      throw new IllegalStateException("expected exactly one Adjoint processor registered in "
          + "META-INF/services/javax.annotation.processing.Processor, found " + found);
    }
    return found.get(0);
  }

  /** The class path generated code needs: the runtime (annotations, rules, support stacks). */
  static String runtimeClassPath() {
    try {
      return Path.of(Differentiable.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Compiles {@code sources} (qualified class name to source text) into fresh directories under {@code work}.
   *
   * @param processor the processor instance to run, or null to compile with {@code -proc:none}
   */
  static Result compile(Map<String, String> sources, Path work, Processor processor) {
    return compile(sources, work, processor, List.of());
  }

  /** As {@link #compile(Map, Path, Processor)}, with extra javac options (e.g. {@code -Aadjoint.timing=true}). */
  static Result compile(Map<String, String> sources, Path work, Processor processor, List<String> extraOptions) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try {
      Path classes = Files.createDirectories(work.resolve("classes"));
      Path generated = Files.createDirectories(work.resolve("generated"));
      List<JavaFileObject> units = new ArrayList<>();
      sources.forEach((name, text) -> units.add(new Source(name, text)));
      List<String> options = new ArrayList<>(List.of(
          "--release", "17", "-classpath", runtimeClassPath(), "-d", classes.toString(),
          "-s", generated.toString(), "-encoding", "UTF-8"));
      // No -Xlint:none: javac then drops every warning, the processor's [Adjoint:ZeroDerivative] too.
      if (processor == null) {
        options.add("-proc:none");
      }
      options.addAll(extraOptions);
      try (StandardJavaFileManager fm = javac.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
        JavaCompiler.CompilationTask task = javac.getTask(null, fm, diagnostics, options, null, units);
        if (processor != null) {
          task.setProcessors(List.of(processor));
        }
        boolean ok = task.call();
        return new Result(ok, diagnostics.getDiagnostics(), classes, generated);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An in-memory compilation unit. */
  private static final class Source extends SimpleJavaFileObject {
    private final String text;

    Source(String qualifiedName, String text) {
      super(URI.create("string:///" + qualifiedName.replace('.', '/') + Kind.SOURCE.extension), Kind.SOURCE);
      this.text = text;
    }

    @Override
    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
      return text;
    }
  }
}
