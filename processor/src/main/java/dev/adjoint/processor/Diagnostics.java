package dev.adjoint.processor;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import javax.lang.model.element.Element;
import java.util.IdentityHashMap;
import java.util.Map;
import javax.tools.Diagnostic;

/**
 * The one reporter of a method's diagnostics: every message starts with its stable id and is
 * printed on the exact tree ({@code Trees.printMessage}), falling back to the method.
 */
public final class Diagnostics implements DiagnosticSink {
  private final Trees trees;
  private final CompilationUnitTree unit;
  private final Tree fallback;
  private final Map<Object, Tree> origins;
  private boolean errors;
  private javax.annotation.processing.Messager messager;
  /** While trying the generated path of a method the tape could take instead: what would be reported. */
  private final java.util.List<Pending> pending;

  /** A report held back by a buffering reporter. */
  public record Pending(DiagnosticId id, Diagnostic.Kind kind, Object site, String message) {}

  /** Where to report when there is no tree (elements from class files). */
  public Diagnostics withMessager(javax.annotation.processing.Messager messager) {
    this.messager = messager;
    return this;
  }

  public Diagnostics(Trees trees, CompilationUnitTree unit, Tree fallback) {
    this(trees, unit, fallback, new IdentityHashMap<>(), null);
  }

  private Diagnostics(Trees trees, CompilationUnitTree unit, Tree fallback, Map<Object, Tree> origins,
      java.util.List<Pending> pending) {
    this.trees = trees;
    this.unit = unit;
    this.fallback = fallback;
    this.origins = origins;
    this.pending = pending;
  }

  /**
   * A reporter for the same method that holds its reports back ({@link #pending}) until they are
   * {@link #replayTo replayed} or dropped: the generated path of a Tensor method is tried this way, and
   * its Unsupported errors become the reason the tape takes the method instead.
   */
  public Diagnostics buffered() {
    return new Diagnostics(trees, unit, fallback, origins, new java.util.ArrayList<>()).withMessager(messager);
  }

  /** The reports held back so far (empty for a reporter that prints at once). */
  public java.util.List<Pending> pending() {
    return pending == null ? java.util.List.of() : java.util.List.copyOf(pending);
  }

  /** Prints the held-back reports through {@code target}. */
  public void replayTo(Diagnostics target) {
    for (Pending p : pending()) {
      target.report(p.id(), p.kind(), p.site(), p.message());
    }
  }

  /** The line of a site (a tree, or an IR node the lowering mapped to one), or 0 if unknown. */
  public long lineOf(Object site) {
    Tree tree = site instanceof Tree t ? t : origins.get(site);
    if (tree == null || unit == null) {
      return 0;
    }
    long start = trees.getSourcePositions().getStartPosition(unit, tree);
    return start < 0 ? 0 : unit.getLineMap().getLineNumber(start);
  }

  /** The source text of a site (a tree, or an IR node the lowering mapped to one) on one line, and its line number. */
  public String describe(Object site) {
    Tree tree = site instanceof Tree t ? t : origins.get(site);
    if (tree == null || unit == null) {
      return String.valueOf(site);
    }
    return describe(trees, unit, tree);
  }

  /**
   * The source text of {@code tree} in {@code unit} on one line, and its line number:
   * {@code `quantize(w)` at line 13} (the tree's own printing where the source cannot be read).
   */
  public static String describe(Trees trees, CompilationUnitTree unit, Tree tree) {
    com.sun.source.util.SourcePositions sp = trees.getSourcePositions();
    long start = sp.getStartPosition(unit, tree);
    long end = sp.getEndPosition(unit, tree);
    String text = tree.toString();
    try {
      CharSequence source = unit.getSourceFile().getCharContent(true);
      if (start >= 0 && end > start && end <= source.length()) {
        text = source.subSequence((int) start, (int) end).toString();
      }
    } catch (java.io.IOException | RuntimeException e) {
      // the tree's own printing will do
    }
    return "`" + text.replaceAll("\\s+", " ") + "` at line " + (start < 0 ? "?" : unit.getLineMap().getLineNumber(start));
  }

  /** Remembers which tree an IR node came from, so later stages can point at it. */
  public void origin(Object irNode, Tree tree) {
    if (irNode != null && tree != null) {
      origins.putIfAbsent(irNode, tree);
    }
  }

  @Override
  public void report(DiagnosticId id, Diagnostic.Kind kind, Object site, String message) {
    if (kind == Diagnostic.Kind.ERROR) {
      errors = true;
    }
    if (pending != null) {
      pending.add(new Pending(id, kind, site, message));
      return;
    }
    if (site instanceof AnnotationSite a) {
      TreePath path = trees.getPath(a.element(), a.annotation(), a.value());
      if (path == null) {
        path = trees.getPath(a.element(), a.annotation());
      }
      if (path != null) {
        trees.printMessage(kind, id.prefix() + " " + message, path.getLeaf(), path.getCompilationUnit());
        return;
      }
      site = a.element();
    }
    if (site instanceof Element element) {
      TreePath path = trees.getPath(element);
      if (path != null) {
        trees.printMessage(kind, id.prefix() + " " + message, path.getLeaf(), path.getCompilationUnit());
        return;
      }
    }
    Tree tree = site instanceof Tree t ? t : origins.get(site);
    if (tree == null) {
      tree = fallback;
    }
    if (tree == null || unit == null) {
      // an element from a class file: no source position to point at
      if (messager != null) {
        messager.printMessage(kind, id.prefix() + " " + message, site instanceof Element e ? e : null);
      }
      return;
    }
    trees.printMessage(kind, id.prefix() + " " + message, tree, unit);
  }

  @Override
  public boolean hasErrors() {
    return errors;
  }
}
