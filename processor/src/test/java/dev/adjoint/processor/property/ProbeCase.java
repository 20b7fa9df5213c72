package dev.adjoint.processor.property;

/**
 * One small compilation unit (class {@code gen.<name>}) and what the processor must do with it.
 *
 * <ul>
 *   <li>{@code ERROR}: compilation fails with an error containing {@code [Adjoint:<id>]} on a line of the
 *       probe containing {@code marker}.
 *   <li>{@code WARNING}: compiles, with a warning containing {@code [Adjoint:<id>]}; the gradient of {@code f}
 *       is checked too.
 *   <li>{@code GRADIENT}: compiles without Adjoint errors; {@code f}'s generated gradient matches finite
 *       differences.
 *   <li>{@code EITHER}: either an {@code [Adjoint:...]} error on the probe's own source, or a correct gradient.
 * </ul>
 * In every case: no javac crash, and no error inside a generated file (uncompilable output).
 */
record ProbeCase(String name, Kind kind, String id, String marker, String body, double rtol, String knownBug) {
  enum Kind { ERROR, WARNING, GRADIENT, EITHER }

  static ProbeCase error(String name, String id, String marker, String body) {
    return new ProbeCase(name, Kind.ERROR, id, marker, body, 1e-5, null);
  }

  static ProbeCase warning(String name, String id, String body) {
    return new ProbeCase(name, Kind.WARNING, id, null, body, 1e-5, null);
  }

  static ProbeCase gradient(String name, String body) {
    return new ProbeCase(name, Kind.GRADIENT, null, null, body, 1e-5, null);
  }

  static ProbeCase either(String name, String body) {
    return new ProbeCase(name, Kind.EITHER, null, null, body, 1e-5, null);
  }

  /** Float rounding inside the primal makes finite differences noisier: compare more loosely. */
  ProbeCase loose() {
    return new ProbeCase(name, kind, id, marker, body, 5e-3, knownBug);
  }

  /**
   * Marks a probe that reproduces a reported processor bug (a docs/findings/QA-FINDINGS.md entry): its failure is printed
   * but does not fail the build, and the probe fails once it passes, so the marker gets removed.
   */
  ProbeCase knownBug(String finding) {
    return new ProbeCase(name, kind, id, marker, body, rtol, finding);
  }

  String qualifiedName() {
    return ProgramGenerator.PACKAGE + "." + name;
  }

  /** The compilation unit: the body goes inside {@code final class <name>}, unless it declares its own types. */
  String source() {
    String header = "package " + ProgramGenerator.PACKAGE + ";\n\nimport dev.adjoint.AD;\nimport dev.adjoint.Derivative;\n"
        + "import dev.adjoint.Differentiable;\n";
    if (body.startsWith("//unit\n")) {
      return header + body;
    }
    return header + "\nfinal class " + name + " {\n" + body + "\n}\n";
  }
}
