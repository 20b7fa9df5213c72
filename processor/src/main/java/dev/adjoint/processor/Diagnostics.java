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
  private final Map<Object, Tree> origins = new IdentityHashMap<>();
  private boolean errors;
  private javax.annotation.processing.Messager messager;

  /** Where to report when there is no tree (elements from class files). */
  public Diagnostics withMessager(javax.annotation.processing.Messager messager) {
    this.messager = messager;
    return this;
  }

  public Diagnostics(Trees trees, CompilationUnitTree unit, Tree fallback) {
    this.trees = trees;
    this.unit = unit;
    this.fallback = fallback;
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
