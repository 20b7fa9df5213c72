package dev.adjoint.processor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.tools.Diagnostic;

/**
 * Copies of the generated {@code *Gradients.java} sources (and {@code *GradientsImpl.java}, for a class that
 * infers types from its gradients: see {@code UnwrittenTypes}) kept in the user's repository, so that a
 * review sees an adjoint change whenever the processor or an annotated method changes.
 *
 * <p>{@code -Aadjoint.keep=DIR} names the directory of the kept copies (laid out by package, like a
 * source folder). {@code -Aadjoint.keep.mode=check} (the default) makes the compile fail where a kept
 * copy is missing, differs from what the processor writes now (naming the file and the first
 * differing line) or belongs to a class that no longer has gradients; {@code refresh} rewrites the
 * copies that differ, writes the missing ones and deletes the stale ones. Without
 * {@code adjoint.keep} nothing is read or written.
 */
final class KeptSources {
  static final String DIR_OPTION = "adjoint.keep";
  static final String MODE_OPTION = "adjoint.keep.mode";
  private static final String PREFIX = DiagnosticId.KEPT.prefix() + " ";
  private static final String SUFFIX = "Gradients.java";
  /** FooGradientsImpl, written beside FooGradients for a class that infers types from it (var). */
  private static final String IMPL_SUFFIX = "GradientsImpl.java";
  private static final int SHOWN_CHARS = 160;

  /** What to do with a kept copy that differs from the generated source. */
  enum Mode { CHECK, REFRESH }

  private final Path dir;
  private final Mode mode;
  private final Messager messager;
  private final Elements elements;
  private final Set<String> written = new HashSet<>();
  private final Set<String> compiledTypes = new HashSet<>();
  private final List<Refresh> refreshes = new ArrayList<>();

  /** A kept copy to write once the compile is known to be free of errors. */
  private record Refresh(Path file, String text, boolean created) {}

  private KeptSources(Path dir, Mode mode, Messager messager, Elements elements) {
    this.dir = dir;
    this.mode = mode;
    this.messager = messager;
    this.elements = elements;
  }

  /** Reads the two options; a mode that is neither check nor refresh is an error and keeps nothing. */
  static KeptSources from(ProcessingEnvironment env) {
    String dirOption = env.getOptions().get(DIR_OPTION);
    String modeOption = env.getOptions().get(MODE_OPTION);
    Messager messager = env.getMessager();
    Mode mode = Mode.CHECK;
    if (modeOption != null && !modeOption.isBlank()) {
      try {
        mode = Mode.valueOf(modeOption.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        messager.printMessage(Diagnostic.Kind.ERROR, PREFIX + "-A" + MODE_OPTION + "=" + modeOption
            + " is not a mode: use check (fail when a kept copy differs) or refresh (rewrite the kept copies)");
        return new KeptSources(null, mode, messager, env.getElementUtils());
      }
    }
    if (dirOption == null || dirOption.isBlank()) {
      if (modeOption != null && !modeOption.isBlank()) {
        messager.printMessage(Diagnostic.Kind.WARNING, PREFIX + "-A" + MODE_OPTION + " is set but -A" + DIR_OPTION
            + " is not, so no generated source is kept: add -A" + DIR_OPTION + "=<directory of the kept copies>");
      }
      return new KeptSources(null, mode, messager, env.getElementUtils());
    }
    try {
      return new KeptSources(Paths.get(dirOption.trim()), mode, messager, env.getElementUtils());
    } catch (InvalidPathException e) {
      messager.printMessage(Diagnostic.Kind.ERROR, PREFIX + "-A" + DIR_OPTION + "=" + dirOption
          + " is not a directory path: " + e.getReason());
      return new KeptSources(null, mode, messager, env.getElementUtils());
    }
  }

  /** Whether kept copies are checked or refreshed at all. */
  boolean active() {
    return dir != null;
  }

  /** Notes the top-level types javac compiles in a round: only their kept copies can be stale. */
  void sawRoots(Set<? extends Element> rootElements) {
    for (Element e : rootElements) {
      if (e instanceof TypeElement t) {
        compiledTypes.add(t.getQualifiedName().toString());
      }
    }
  }

  /** Compares the kept copy of one generated class with its text (check), or notes it for rewriting (refresh). */
  void generated(String qualifiedName, CharSequence text, Element origin) {
    if (dir == null) {
      return;
    }
    written.add(qualifiedName);
    Path kept = dir.resolve(qualifiedName.replace('.', '/') + ".java");
    String now = text.toString();
    String before;
    try {
      before = Files.exists(kept) ? normalized(Files.readString(kept, StandardCharsets.UTF_8)) : null;
    } catch (IOException | UncheckedIOException e) {
      messager.printMessage(Diagnostic.Kind.ERROR, PREFIX + "cannot read the kept copy " + kept + ": " + e, origin);
      return;
    }
    if (now.equals(before)) {
      return;
    }
    if (mode == Mode.REFRESH) {
      refreshes.add(new Refresh(kept, now, before == null));
      return;
    }
    String problem = before == null
        ? kept + " is missing: the processor writes " + qualifiedName + " but no copy of it is kept"
        : kept + " differs from what the processor writes now, " + firstDifference(before, now);
    messager.printMessage(Diagnostic.Kind.ERROR, PREFIX + problem + "; review the change, then " + refreshHint(), origin);
  }

  /**
   * At the end of the compile: refresh writes the copies that differ; a kept copy whose class was
   * compiled now (or no longer exists) but got no gradients is stale. Nothing is written or deleted
   * after errors: a method with an error gets a stub adjoint, a class with one may get none.
   */
  void finish(boolean errorRaised) {
    if (dir == null) {
      return;
    }
    if (errorRaised) {
      if (!refreshes.isEmpty()) {
        messager.printMessage(Diagnostic.Kind.NOTE, PREFIX + "the kept copies in " + dir
            + " were not refreshed: the compile has errors (a method with an error gets a stub adjoint)");
      }
      return;
    }
    for (Refresh r : refreshes) {
      try {
        Files.createDirectories(r.file().getParent());
        Files.writeString(r.file(), r.text(), StandardCharsets.UTF_8);
        messager.printMessage(Diagnostic.Kind.NOTE, PREFIX + (r.created() ? "wrote " : "refreshed ") + r.file());
      } catch (IOException e) {
        messager.printMessage(Diagnostic.Kind.ERROR, PREFIX + "cannot write the kept copy " + r.file() + ": " + e);
      }
    }
    if (!Files.isDirectory(dir)) {
      return;
    }
    List<Path> stale = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      files.filter(p -> (p.getFileName().toString().endsWith(SUFFIX) || p.getFileName().toString().endsWith(IMPL_SUFFIX))
              && Files.isRegularFile(p))
          .filter(p -> isStale(qualifiedName(p)))
          .sorted()
          .forEach(stale::add);
    } catch (IOException | UncheckedIOException e) {
      messager.printMessage(Diagnostic.Kind.ERROR, PREFIX + "cannot list the kept copies in " + dir + ": " + e);
      return;
    }
    for (Path p : stale) {
      if (mode == Mode.REFRESH) {
        try {
          Files.delete(p);
          messager.printMessage(Diagnostic.Kind.NOTE, PREFIX + "deleted " + p + ": its class has no @Differentiable method now");
        } catch (IOException e) {
          messager.printMessage(Diagnostic.Kind.ERROR, PREFIX + "cannot delete the stale kept copy " + p + ": " + e);
        }
      } else {
        messager.printMessage(Diagnostic.Kind.ERROR, PREFIX + p + " is kept, but the processor no longer writes "
            + qualifiedName(p) + " (its class has no @Differentiable method, or is gone): delete it, or " + refreshHint());
      }
    }
  }

  private String qualifiedName(Path kept) {
    String relative = dir.relativize(kept).toString().replace('\\', '/');
    return relative.substring(0, relative.length() - ".java".length()).replace('/', '.');
  }

  /**
   * A kept class nobody wrote this time is stale if the class it was generated for was compiled now,
   * or exists nowhere. A class javac did not compile now (an IDE's partial build) keeps its copy.
   */
  private boolean isStale(String gradientsName) {
    if (written.contains(gradientsName)) {
      return false;
    }
    String origin = gradientsName.substring(0, gradientsName.lastIndexOf("Gradients"));
    int dot = origin.lastIndexOf('.');
    String pkg = dot < 0 ? "" : origin.substring(0, dot + 1);
    String simple = origin.substring(dot + 1);
    // FooGradients belongs to Foo; Foo_BarGradients to the nested class Foo.Bar (or a class named Foo_Bar).
    List<String> candidates = List.of(origin, pkg + simple.replace('_', '.'));
    boolean exists = false;
    for (String candidate : candidates) {
      TypeElement type = elements.getTypeElement(candidate);
      if (type != null) {
        exists = true;
        if (compiledTypes.contains(topLevel(type))) {
          return true;
        }
      }
    }
    return !exists;
  }

  private static String topLevel(TypeElement type) {
    Element e = type;
    while (e.getEnclosingElement() instanceof TypeElement outer) {
      e = outer;
    }
    return ((TypeElement) e).getQualifiedName().toString();
  }

  private String refreshHint() {
    return "refresh the kept copies with -A" + MODE_OPTION + "=refresh (kept in " + dir + ")";
  }

  private static String normalized(String text) {
    return text.replace("\r\n", "\n");
  }

  /** "first at line 12: kept `...`, now `...`", or which side ends first. */
  static String firstDifference(String kept, String now) {
    String[] a = kept.split("\n", -1);
    String[] b = now.split("\n", -1);
    int n = Math.min(a.length, b.length);
    for (int i = 0; i < n; i++) {
      if (!a[i].equals(b[i])) {
        return "first at line " + (i + 1) + ": kept `" + shown(a[i]) + "`, now `" + shown(b[i]) + "`"
            + (a[i].strip().equals(b[i].strip()) ? " (they differ in white space)" : "");
      }
    }
    return a.length < b.length
        ? "first at line " + (n + 1) + ": the kept copy ends there, now it goes on with `" + shown(b[n]) + "`"
        : "first at line " + (n + 1) + ": the kept copy goes on with `" + shown(a[n]) + "`, now it ends there";
  }

  private static String shown(String line) {
    String trimmed = line.stripLeading();
    return trimmed.length() <= SHOWN_CHARS ? trimmed : trimmed.substring(0, SHOWN_CHARS) + "...";
  }
}
