package dev.adjoint.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.adjoint.processor.Sources.compile;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import java.util.List;
import java.util.Locale;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * {@code [Adjoint:ZeroDerivative]} per parameter: each wrt parameter (named in {@code wrt} or implied) whose
 * derivative is always zero gets its own warning on its declaration, naming it and its gradient component.
 */
class ZeroDerivativeTest {
  private static final String ID = "[Adjoint:ZeroDerivative]";

  /** Foo with the given member lines; each parameter on a line of its own, so a warning's line names it. */
  private static JavaFileObject foo(String... body) {
    return DiagnosticsTest.foo(body);
  }

  private static List<String> zeroDerivatives(Compilation c) {
    return c.warnings().stream().map(d -> d.getMessage(Locale.ROOT)).filter(m -> m.contains(ID)).toList();
  }

  @Test
  void implicitWrtParameterTheResultIgnoresWarnsOnItsDeclaration() {
    JavaFileObject f = foo(
        "  @Differentiable static double f(",
        "      double x,",
        "      double y) {",
        "    return y * y;",
        "  }");
    Compilation c = compile(f);
    assertThat(c).succeeded();
    assertThat(c).hadWarningContaining(ID + " the result of Foo.f does not depend on x (no derivative flows from it), so dX is always zero")
        .inFile(f).onLineContaining("double x,");
    assertEquals(1, zeroDerivatives(c).size(), () -> "warnings: " + c.warnings());
  }

  @Test
  void explicitWrtParameterTheResultIgnoresWarns() {
    JavaFileObject f = foo(
        "  @Differentiable(wrt = {\"x\", \"y\"}) static double f(",
        "      double[] x,",
        "      double y,",
        "      double z) {",
        "    return y * z;",
        "  }");
    Compilation c = compile(f);
    assertThat(c).succeeded();
    assertThat(c).hadWarningContaining(ID + " the result of Foo.f does not depend on x").inFile(f).onLineContaining("double[] x,");
    assertThat(c).hadWarningContaining("so dX is always zero: if x is a constant, leave it out of @Differentiable(wrt = ...)")
        .inFile(f).onLineContaining("double[] x,");
    // z is not differentiated, so its zero derivative is nobody's business
    assertEquals(1, zeroDerivatives(c).size(), () -> "warnings: " + c.warnings());
  }

  @Test
  void everyParameterTheResultIgnoresGetsItsOwnWarning() {
    JavaFileObject f = foo(
        "  @Differentiable static double f(",
        "      double x,",
        "      float y,",
        "      int n) {",
        "    return 3.0 * n;",
        "  }");
    Compilation c = compile(f);
    assertThat(c).succeeded();
    assertThat(c).hadWarningContaining(ID + " the result of Foo.f does not depend on x (no derivative flows from it, nor from any other"
        + " wrt parameter), so dX is always zero").inFile(f).onLineContaining("double x,");
    assertThat(c).hadWarningContaining(ID + " the result of Foo.f does not depend on y (no derivative flows from it, nor from any other"
        + " wrt parameter), so dY is always zero").inFile(f).onLineContaining("float y,");
    assertEquals(2, zeroDerivatives(c).size(), () -> "warnings: " + c.warnings());
  }

  @Test
  void aParameterOnlyInAConditionHasAZeroDerivative() {
    JavaFileObject f = foo(
        "  @Differentiable double f(",
        "      double x,",
        "      double y) {",
        "    double s = x > 0 ? y : -y;",
        "    return s * y;",
        "  }");
    Compilation c = compile(f);
    assertThat(c).succeeded();
    assertThat(c).hadWarningContaining(ID + " the result of Foo.f does not depend on x").inFile(f).onLineContaining("double x,");
    assertEquals(1, zeroDerivatives(c).size(), () -> "warnings: " + c.warnings());
  }

  @Test
  void aParameterReadThroughALocalAndALoopIsADependency() {
    JavaFileObject f = foo(
        "  @Differentiable static double f(",
        "      double x,",
        "      double[] w) {",
        "    double s = 0;",
        "    for (int i = 0; i < w.length; i++) {",
        "      s += w[i] * s + 1;",
        "    }",
        "    double t = x;",
        "    s = s + t;",
        "    return s;",
        "  }");
    Compilation c = compile(f);
    assertThat(c).succeededWithoutWarnings();
  }

  @Test
  void withoutDerivativeSaysTheZeroIsIntended() {
    JavaFileObject f = foo(
        "  @Differentiable static double f(",
        "      double x,",
        "      double y) {",
        "    return y * y + AD.withoutDerivative(x * 2);",
        "  }");
    Compilation c = compile(f);
    assertThat(c).succeededWithoutWarnings();
  }

  @Test
  void aRecordParameterCountsThroughItsComponents() {
    JavaFileObject f = foo(
        "  record P(double a, double b, int n) {}",
        "  @Differentiable static double used(",
        "      P p,",
        "      double y) {",
        "    return p.a() * y;",
        "  }",
        "  @Differentiable static double unused(",
        "      P q,",
        "      double z) {",
        "    return z * z;",
        "  }");
    Compilation c = compile(f);
    assertThat(c).succeeded();
    assertThat(c).hadWarningContaining(ID + " the result of Foo.unused does not depend on q (no derivative flows from it), so dQ is"
        + " always zero").inFile(f).onLineContaining("P q,");
    assertEquals(1, zeroDerivatives(c).size(), () -> "warnings: " + c.warnings());
  }

  @Test
  void aRenamedParameterIsNamedAsWritten() {
    JavaFileObject f = foo(
        "  @Differentiable static double f(",
        "      double seed,",
        "      double _x) {",
        "    return seed * seed;",
        "  }");
    Compilation c = compile(f);
    assertThat(c).succeeded();
    assertThat(c).hadWarningContaining(ID + " the result of Foo.f does not depend on _x (no derivative flows from it), so d_x is always zero")
        .inFile(f).onLineContaining("double _x)");
    assertEquals(1, zeroDerivatives(c).size(), () -> "warnings: " + c.warnings());
  }
}
