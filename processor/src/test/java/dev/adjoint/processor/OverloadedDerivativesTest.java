package dev.adjoint.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.adjoint.processor.Sources.compile;
import static dev.adjoint.processor.Sources.source;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A derivative of a derivative of an overloaded method writes out the overload the call names, whichever is declared
 * last: {@code f(double x, int n) = x^n} and {@code f(double x, double y) = x² y} have one name and one arity, and
 * differentiating {@code OvGradients.f(x, 3).dX()} (the first, 3x²) again must give 6x, not the other's 2y.
 */
class OverloadedDerivativesTest {
  private static final String POWER = "  @Differentiable(jvp = true) public static double f(double x, int n) {"
      + " double p = 1; for (int i = 0; i < n; i++) p *= x; return p; }";
  private static final String PRODUCT = "  @Differentiable(jvp = true) public static double f(double x, double y) {"
      + " return x * x * y; }";

  @ParameterizedTest(name = "power declared first: {0}")
  @ValueSource(booleans = {true, false})
  void eachCallWritesOutTheOverloadItNames(boolean powerFirst) throws Exception {
    List<String> overloads = powerFirst ? List.of(POWER, PRODUCT) : List.of(PRODUCT, POWER);
    Compilation c = compile(
        source("p.Ov", "package p;", "import dev.adjoint.Differentiable;", "public class Ov {", overloads.get(0),
            overloads.get(1), "}"),
        source("p.Use", "package p;", "import dev.adjoint.Differentiable;", "public class Use {",
            "  @Differentiable(jvp = true) public static double power(double x) { return OvGradients.f(x, 3).dX(); }",
            "  @Differentiable(jvp = true) public static double product(double x) { return OvGradients.f(x, 3.0).dX(); }",
            "  @Differentiable(jvp = true) public static double powerTangent(double x) {"
                + " return OvGradients.fJvp(x, 3, 1).tangent(); }",
            "}"));
    assertThat(c).succeeded();
    IntegrationTest.Loaded loaded = new IntegrationTest.Loaded(c);
    double x = 0.7;
    // d/dx of 3x² is 6x; of 2xy with y = 3 is 6; each in reverse and in forward mode
    assertEquals(6 * x, IntegrationTest.component(loaded.call("p.UseGradients", "power", x), "dX"), 1e-12);
    assertEquals(6 * x, IntegrationTest.component(loaded.call("p.UseGradients", "powerJvp", x, 1.0), "tangent"), 1e-12);
    assertEquals(6 * x, IntegrationTest.component(loaded.call("p.UseGradients", "powerTangent", x), "dX"), 1e-12);
    assertEquals(6, IntegrationTest.component(loaded.call("p.UseGradients", "product", x), "dX"), 1e-12);
  }
}
