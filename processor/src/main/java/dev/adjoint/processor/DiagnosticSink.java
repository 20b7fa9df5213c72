package dev.adjoint.processor;

import javax.tools.Diagnostic;

/**
 * Where pipeline stages report problems. {@code site} is a javac tree, or an IR node that the
 * lowering mapped back to the tree it came from; the reporter resolves it to the exact expression.
 */
public interface DiagnosticSink {
  void report(DiagnosticId id, Diagnostic.Kind kind, Object site, String message);

  default void error(DiagnosticId id, Object site, String message) {
    report(id, Diagnostic.Kind.ERROR, site, message);
  }

  /** A mandatory warning: javac prints it even under {@code -Xlint:none}. */
  default void warning(DiagnosticId id, Object site, String message) {
    report(id, Diagnostic.Kind.MANDATORY_WARNING, site, message);
  }

  /** A site inside an annotation: the value of one of its members. */
  record AnnotationSite(javax.lang.model.element.Element element, javax.lang.model.element.AnnotationMirror annotation,
      javax.lang.model.element.AnnotationValue value) {}

  /** True if an error was reported through this sink. */
  boolean hasErrors();

  /**
   * A sink that drops what it is told: for a second build of the same method (the sweeps a caller runs apart),
   * whose reports the first build already made.
   */
  static DiagnosticSink silent() {
    return new DiagnosticSink() {
      @Override
      public void report(DiagnosticId id, Diagnostic.Kind kind, Object site, String message) {}

      @Override
      public boolean hasErrors() {
        return false;
      }
    };
  }
}
