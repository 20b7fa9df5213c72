package dev.adjoint.processor;

/** The stable ids of Adjoint's compile-time diagnostics (DESIGN.md section 4). */
public enum DiagnosticId {
  RETURN("Return"),
  WRT("Wrt"),
  NOT_DIFFERENTIABLE("NotDifferentiable"),
  SIDE_EFFECT("SideEffect"),
  UNSUPPORTED("Unsupported"),
  TAPE("Tape"),
  ZERO_DERIVATIVE("ZeroDerivative"),
  CUSTOM_RULE("CustomRule"),
  ACCESS("Access"),
  /** A kept copy of generated sources ({@code -Aadjoint.keep}) is missing, differs or is stale. */
  KEPT("Kept"),
  /** An internal failure: reported on the method, never as a stack trace. */
  INTERNAL("Internal");

  private final String tag;

  DiagnosticId(String tag) {
    this.tag = tag;
  }

  /** The message prefix, e.g. {@code [Adjoint:Return]}. */
  public String prefix() {
    return "[Adjoint:" + tag + "]";
  }
}
