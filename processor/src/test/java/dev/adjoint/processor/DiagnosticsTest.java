package dev.adjoint.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.adjoint.processor.Sources.compile;
import static dev.adjoint.processor.Sources.source;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.adjoint.DType;
import dev.adjoint.Tensor;
import javax.tools.JavaFileObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One test per diagnostic id: the message, the file and the line. */
class DiagnosticsTest {
  /** p.Foo with the given member lines, and a class Helper whose g has no derivative. */
  static JavaFileObject foo(String... body) {
    String[] lines = new String[body.length + 6];
    lines[0] = "package p;";
    lines[1] = "import dev.adjoint.*;";
    lines[2] = "class Foo {";
    System.arraycopy(body, 0, lines, 3, body.length);
    lines[body.length + 3] = "}";
    lines[body.length + 4] = "class Helper { static double g(double x) { return x * 2; } }";
    lines[body.length + 5] = "";
    return source("p.Foo", lines);
  }

  private static void assertOnlyError(Compilation c, JavaFileObject file, String line, String... fragments) {
    assertThat(c).failed();
    assertEquals(1, c.errors().size(), () -> "errors: " + c.errors());
    for (String f : fragments) {
      assertThat(c).hadErrorContaining(f).inFile(file).onLineContaining(line);
    }
  }

  @Test
  void returnTypeWithoutDerivative() {
    JavaFileObject f = foo("  @Differentiable static int f(double x) { return (int) x; }");
    assertOnlyError(compile(f), f, "static int f",
        "[Adjoint:Return] Foo.f returns int, which has no derivative",
        "must return double, float, an array of them (double[], float[][], ...), a Tensor, or a record whose components are these");
  }

  @Test
  void returnTypeOfATensorMethodNamesTensorAndRecordResults() {
    JavaFileObject f = foo("  @Differentiable static String g(Tensor x) { return x.toString(); }");
    assertOnlyError(compile(f), f, "static String g",
        "[Adjoint:Return] Foo.g returns java.lang.String, which has no derivative: a @Differentiable method must return double,"
            + " float, an array of them (double[], float[][], ...), a Tensor, or a record whose components are these");
  }

  @Test
  void wrtNamesUnknownParameter() {
    JavaFileObject f = foo("  @Differentiable(wrt = \"z\")", "  static double f(double x, int n) { return x * n; }");
    assertOnlyError(compile(f), f, "wrt = \"z\"",
        "[Adjoint:Wrt] wrt names \"z\", but Foo.f has no parameter of that name; its differentiable parameters are: x");
  }

  @Test
  void wrtNamesConstantParameter() {
    JavaFileObject f = foo("  @Differentiable(wrt = {\"x\", \"n\"})", "  static double f(double x, int n) { return x * n; }");
    assertOnlyError(compile(f), f, "wrt = {\"x\", \"n\"}", "[Adjoint:Wrt] wrt names \"n\", which is a int and has no derivative");
  }

  @Test
  void wrtNamesANestedTensorArray() {
    JavaFileObject f = foo("  @Differentiable(wrt = {\"x\", \"layers\"})",
        "  static Tensor mlp(Tensor x, Tensor[][] layers) {",
        "    Tensor h = x;",
        "    for (int i = 0; i < layers.length; i++) h = h.matmul(layers[i][0]).add(layers[i][1]).tanh();",
        "    return h.sum();",
        "  }");
    assertOnlyError(compile(f), f, "wrt = {\"x\", \"layers\"}",
        "[Adjoint:Wrt] wrt names \"layers\", a Tensor[][], which cannot be differentiated: differentiate with respect to"
            + " parameters of type double, float, their arrays, Tensor, Tensor[] or a record of these (x); hold its tensors in"
            + " one Tensor[] ({w0, b0, w1, b1}) or in a record with Tensor[] components (record Layers(Tensor[] w, Tensor[] b))");
  }

  @Test
  void wrtNamesANestedTensorArrayOfATapeMethod() {
    JavaFileObject f = foo("  @Differentiable(wrt = {\"x\", \"layers\"}, strategy = Differentiable.Strategy.TAPE)",
        "  static Tensor f(Tensor x, Tensor[][] layers) { return x.matmul(layers[0][0]).sum(); }");
    assertOnlyError(compile(f), f, "wrt = {\"x\", \"layers\"}",
        "[Adjoint:Wrt] wrt names \"layers\", a Tensor[][], which cannot be differentiated: differentiate with respect to"
            + " its parameters of type Tensor, Tensor[] or a record of these (x); hold its tensors in one Tensor[]");
  }

  /**
   * Without wrt a method is differentiated with respect to its tensors: tensors held in a type that is not differentiated
   * are constants, which a note says (named in wrt they are an error, above); a double method taking a Tensor[][] compiles.
   */
  @Test
  void tensorsInAListAMapOrANestedArrayAreNotedAsConstants() {
    JavaFileObject f = foo(
        "  @Differentiable static Tensor a(Tensor x, java.util.List<Tensor> ws) { return x.mul(ws.get(0)).sum(); }",
        "  @Differentiable static Tensor b(Tensor x, Tensor[][] ws) { return x.mul(ws[0][0]).sum(); }",
        "  @Differentiable static Tensor c(Tensor x, java.util.Map<String, Tensor> p) { return x.mul(p.get(\"w\")).sum(); }",
        "  @Differentiable(wrt = \"x\") static Tensor d(Tensor x, java.util.List<Tensor> ws) { return x.mul(ws.get(0)).sum(); }",
        "  @Differentiable static double e(double s, Tensor[][] ts) { return s * s * ts.length; }");
    Compilation c = compile(f);
    assertThat(c).succeeded();
    assertThat(c).hadNoteContaining("[Adjoint:Wrt] the parameter ws of Foo.a is a List<Tensor>, which is not differentiated"
        + " (Tensor, Tensor[] and records of these are), so its tensors are constants and the gradient has no component for"
        + " it. To differentiate them, pass a Tensor[] or a record with Tensor[] components (record Layers(Tensor[] w, Tensor[] b));"
        + " if they are constants, name the differentiated parameters in wrt (wrt = {\"x\"}) and this note goes")
        .inFile(f).onLineContaining("static Tensor a(");
    assertThat(c).hadNoteContaining("the parameter ws of Foo.b is a Tensor[][], which is not differentiated")
        .inFile(f).onLineContaining("static Tensor b(");
    assertThat(c).hadNoteContaining("the parameter p of Foo.c is a Map<String,Tensor>, which is not differentiated")
        .inFile(f).onLineContaining("static Tensor c(");
    assertThat(c).hadNoteContaining("the parameter ts of Foo.e is a Tensor[][], which is not differentiated")
        .inFile(f).onLineContaining("static double e(");
    assertEquals(4, c.notes().stream().filter(n -> n.getMessage(null).contains("[Adjoint:Wrt]")).count(), () -> "notes: " + c.notes());
    String generated = generatedSource(c, "p.FooGradients");
    assertTrue(generated.contains("record BGradient(Tensor value, Tensor dX)"), generated);
    assertTrue(generated.contains("record EGradient(double value, double dS)"), generated);
  }

  @Test
  void callWithoutDerivativeNamesTheFixAndTheChain() {
    JavaFileObject f = foo(
        "  @Differentiable static double f(double x) {",
        "    double y = x * x;",
        "    return Helper.g(y) + 1;",
        "  }");
    assertOnlyError(compile(f), f, "return Helper.g(y)",
        "[Adjoint:NotDifferentiable] call to Helper.g(double) uses an active value but has no derivative: mark Helper.g @Differentiable or write a @Derivative(of = \"p.Helper#g\") rule",
        "(call chain: Foo.f -> Helper.g)");
  }

  @Test
  void activeValueWrittenToAField() {
    JavaFileObject f = foo(
        "  static double last;",
        "  @Differentiable static double f(double x) {",
        "    last = x * 2;",
        "    return x;",
        "  }");
    assertOnlyError(compile(f), f, "last = x * 2",
        "[Adjoint:SideEffect] Foo.f writes an active value to the field Foo.last: its derivative would be lost");
  }

  @Test
  void fieldWrittenAndUsedInTheDerivative() {
    JavaFileObject f = foo(
        "  static double scale = 2;",
        "  @Differentiable static double f(double x) {",
        "    double y = scale * x;",
        "    scale = scale + 1;",
        "    return y * scale;",
        "  }");
    assertOnlyError(compile(f), f, "scale = scale + 1",
        "[Adjoint:SideEffect] Foo.f writes the field Foo.scale and also uses it in the derivative's computation");
  }

  @Test
  void activeValueWrittenIntoAParameterArray() {
    JavaFileObject f = foo(
        "  @Differentiable static double f(double x, double[] out) {",
        "    out[0] = x * x;",
        "    return x;",
        "  }");
    assertOnlyError(compile(f), f, "out[0] = x * x",
        "[Adjoint:SideEffect] Foo.f writes an active value into the array out, which belongs to a parameter or a field");
  }

  @Test
  void activeTensorWrittenIntoATensorArrayParameterSuggestsACopyOfItsType() {
    JavaFileObject f = foo(
        "  @Differentiable static Tensor f(Tensor x, Tensor[] ws) {",
        "    ws[0] = x.mul(2);",
        "    return x.sum();",
        "  }");
    Compilation c = compile(f);
    assertOnlyError(c, f, "ws[0] = x.mul(2)",
        "[Adjoint:SideEffect] Foo.f writes an active value into the array ws, which belongs to a parameter or a field (the caller's"
            + " array would change and its adjoint would be lost); write into a local array instead, e.g. Tensor[] copy = ws.clone()");
    assertTrue(c.errors().stream().noneMatch(e -> e.getMessage(null).contains("double[]")), () -> "errors: " + c.errors());
  }

  @Test
  void errorsSuppressTheDependenceWarningTheyWouldMakeFalse() {
    // each error cuts the flow from x to the result, which then seemed not to depend on x
    JavaFileObject f = source("p.Broken", SecondOrderPrograms.lines(
        "package p;",
        "import dev.adjoint.*;",
        "class Broken {",
        "  static Tensor cache;",
        "  static Tensor block(Tensor x) { return x.sigmoid().add(1); }",
        "  @Differentiable static Tensor noRule(Tensor x) { return block(x).sum(); }",
        "  @Differentiable static Tensor field(Tensor x) { cache = x.sin(); return cache.sum(); }",
        "  @Differentiable static Tensor inPlace(Tensor x) {",
        "    Tensor out = Tensor.zeros(DType.FLOAT64, 3);",
        "    out.copyFrom(x.sin());",
        "    return out.sum();",
        "  }",
        "  @Differentiable static double scalar(double x) { return Helper.g(x * x); }",
        "}",
        "class Helper { static double g(double x) { return x * 2; } }"));
    Compilation c = compile(f);
    assertThat(c).failed();
    assertThat(c).hadErrorContaining("[Adjoint:NotDifferentiable] call to Broken.block(dev.adjoint.Tensor)").inFile(f)
        .onLineContaining("block(x).sum()");
    assertThat(c).hadErrorContaining("[Adjoint:SideEffect] Broken.field writes an active value to the field Broken.cache").inFile(f)
        .onLineContaining("cache = x.sin()");
    assertThat(c).hadErrorContaining("[Adjoint:SideEffect] `copyFrom` changes an active tensor in place").inFile(f)
        .onLineContaining("out.copyFrom(x.sin())");
    assertThat(c).hadErrorContaining("[Adjoint:NotDifferentiable] call to Helper.g(double)").inFile(f)
        .onLineContaining("Helper.g(x * x)");
    assertEquals(List.of(), c.warnings().stream().map(w -> w.getMessage(null)).filter(m -> m.contains("[Adjoint:")).toList());
  }

  @Test
  void unsupportedConstructIsNamed() {
    JavaFileObject f = foo(
        "  @Differentiable static double f(double x, int k) {",
        "    synchronized (Foo.class) { return k * x; }",
        "  }");
    assertOnlyError(compile(f), f, "synchronized (Foo.class)", "[Adjoint:Unsupported] a synchronized block cannot be differentiated");
  }

  @Test
  void arrayResultSharingAParameterIsAnError() {
    JavaFileObject f = foo(
        "  @Differentiable static double[] scaled(double[] x, double k) {",
        "    double[] y = x;",
        "    return y;",
        "  }");
    assertOnlyError(compile(f), f, "return y;",
        "[Adjoint:Unsupported] Foo.scaled returns an array that may share storage with its parameter x:",
        "return a new array (for example x.clone())");
  }

  @Test
  void writingEvenAConstantIntoAParametersArrayIsASideEffect() {
    JavaFileObject f = foo(
        "  @Differentiable static double f(double[] x) {",
        "    double s = x[0] * x[1];",
        "    x[0] = 0.0;",
        "    return s;",
        "  }");
    assertOnlyError(compile(f), f, "x[0] = 0.0;",
        "[Adjoint:SideEffect] Foo.f writes into the array of its parameter x: a caller's gradient cannot see that write",
        "double[] copy = x.clone()");
  }

  @Test
  void switchCaseFallingThroughIsNamedWithItsFix() {
    JavaFileObject f = foo(
        "  @Differentiable static double f(double x, int k) {",
        "    double y = x;",
        "    switch (k) {",
        "      case 1: y *= x;",
        "      case 2: y += x; break;",
        "      default: y = 0;",
        "    }",
        "    return y;",
        "  }");
    assertOnlyError(compile(f), f, "case 1: y *= x;",
        "[Adjoint:Unsupported] a switch case that falls through into the next one cannot be differentiated by the generated adjoint:"
            + " end every case with break, return, throw or continue");
  }

  @Test
  void breakBeforeTheEndOfASwitchCaseIsNamed() {
    JavaFileObject f = foo(
        "  @Differentiable static double f(double x, int k) {",
        "    double y = x;",
        "    switch (k) {",
        "      case 1:",
        "        if (x > 0) break;",
        "        y = 2 * x;",
        "        break;",
        "      default: y = 0;",
        "    }",
        "    return y;",
        "  }");
    assertOnlyError(compile(f), f, "if (x > 0) break;",
        "[Adjoint:Unsupported] a `break` before the end of a switch case cannot be differentiated by the generated adjoint:"
            + " make it the case's last statement");
  }

  @Test
  void yieldBeforeTheEndOfItsCaseIsNamed() {
    JavaFileObject f = foo(
        "  @Differentiable static double f(double x, int k) {",
        "    double y = switch (k) {",
        "      case 1 -> {",
        "        if (x > 0) yield x;",
        "        yield -x;",
        "      }",
        "      default -> 0;",
        "    };",
        "    return y;",
        "  }");
    assertOnlyError(compile(f), f, "if (x > 0) yield x;",
        "[Adjoint:Unsupported] a `yield` before the end of its case cannot be differentiated by the generated adjoint");
  }

  @Test
  void switchExpressionInsideAnExpressionAsksForALocal() {
    JavaFileObject f = foo(
        "  @Differentiable static double f(double x, int k) {",
        "    return 2 * switch (k) { case 1 -> x; default -> x * x; };",
        "  }");
    assertOnlyError(compile(f), f, "switch (k) { case 1 -> x;",
        "[Adjoint:Unsupported] a switch expression inside a larger expression cannot be differentiated by the generated adjoint:"
            + " assign it to a local variable first");
  }

  @Test
  void tapeStrategyNeedsTensors() {
    JavaFileObject f = foo(
        "  @Differentiable(strategy = Differentiable.Strategy.TAPE)",
        "  static double f(double x) { return x; }");
    assertOnlyError(compile(f), f, "strategy = Differentiable.Strategy.TAPE",
        "[Adjoint:Unsupported] strategy TAPE records Foo.f on the dynamic tape, which needs Tensor parameters");
  }

  @Test
  void resultThatDoesNotDependOnWrtWarns() {
    JavaFileObject f = foo("  @Differentiable(wrt = \"x\")", "  static double f(double x, double y) { return y * 2; }");
    Compilation c = compile(f);
    assertThat(c).succeeded();
    assertThat(c).hadWarningContaining("[Adjoint:ZeroDerivative] the result of Foo.f does not depend on x")
        .inFile(f).onLineContaining("static double f(double x, double y)");
  }

  @Test
  void castToIntegerWarns() {
    JavaFileObject f = foo(
        "  @Differentiable static double f(double x) {",
        "    int k = (int) (x * 3);",
        "    return k + x;",
        "  }");
    Compilation c = compile(f);
    assertThat(c).succeeded();
    assertThat(c).hadWarningContaining("[Adjoint:ZeroDerivative] casting an active value to int drops its derivative")
        .inFile(f).onLineContaining("int k = (int) (x * 3)");
  }

  @Test
  void boxingWarns() {
    JavaFileObject f = foo(
        "  @Differentiable static double f(double x) {",
        "    Double d = x * 2;",
        "    return d * x;",
        "  }");
    Compilation c = compile(f);
    assertThat(c).succeeded();
    assertThat(c).hadWarningContaining("[Adjoint:ZeroDerivative] storing an active value in a java.lang.Double drops its derivative")
        .inFile(f).onLineContaining("Double d = x * 2");
  }

  @Test
  void withoutDerivativeSilencesZeroDerivative() {
    JavaFileObject f = foo("  @Differentiable static double f(double x) { return AD.withoutDerivative(x) * 2; }");
    Compilation c = compile(f);
    assertThat(c).succeededWithoutWarnings();
  }

  @Test
  void customRuleWithWrongSignature() {
    JavaFileObject f = foo(
        "  static double soft(double x) { return Math.log1p(Math.exp(x)); }",
        "  @Derivative(of = \"soft\")",
        "  static double softVjp(double x) { return x; }");
    assertOnlyError(compile(f), f, "static double softVjp",
        "[Adjoint:CustomRule] the signature of Foo.softVjp does not fit its target: for Foo.soft(double) expected static double softVjp(double x, double seed)");
  }

  @Test
  void customRuleForTwoTensorsReturnsATensorArray() {
    JavaFileObject f = foo(
        "  static Tensor f2(Tensor a, Tensor b) { return a.mul(b); }",
        "  @Derivative(of = \"f2\")",
        "  static double[] f2Vjp(Tensor a, Tensor b, Tensor seed) { return null; }");
    assertOnlyError(compile(f), f, "static double[] f2Vjp",
        "[Adjoint:CustomRule] the signature of Foo.f2Vjp does not fit its target: for Foo.f2(Tensor, Tensor) expected"
            + " static Tensor[] f2Vjp(Tensor a, Tensor b, Tensor seed), but it returns double[]: return Tensor[], one adjoint"
            + " per differentiable parameter in order (new Tensor[] {da, db})");
  }

  @Test
  void customRuleForATensorAndANumberReturnsAnObjectArray() {
    JavaFileObject f = foo(
        "  static Tensor scaled(Tensor x, double s) { return x.mul(s); }",
        "  @Derivative(of = \"scaled\")",
        "  static Tensor[] scaledVjp(Tensor x, double s, Tensor seed) { return null; }");
    assertOnlyError(compile(f), f, "static Tensor[] scaledVjp",
        "expected static Object[] scaledVjp(Tensor x, double s, Tensor seed), but it returns Tensor[]: return Object[],"
            + " one adjoint per differentiable parameter in order (new Object[] {dx, ds})");
  }

  @Test
  void customRuleWithAWrongSeed() {
    JavaFileObject f = foo(
        "  static Tensor twice(Tensor x) { return x.mul(2); }",
        "  @Derivative(of = \"twice\")",
        "  static Tensor twiceVjp(Tensor x, double seed) { return x; }");
    assertOnlyError(compile(f), f, "static Tensor twiceVjp",
        "but its seed seed is double: make it Tensor, the target's result type");
  }

  @Test
  void customRuleForUnknownMethod() {
    JavaFileObject f = foo(
        "  @Derivative(of = \"nope\")",
        "  static double nopeVjp(double x, double seed) { return x; }");
    assertOnlyError(compile(f), f, "@Derivative(of = \"nope\")", "[Adjoint:CustomRule] @Derivative(of = \"nope\") on Foo.nopeVjp: Foo has no method named nope");
  }

  @Test
  void aForwardOnlyMethodReadingADerivativeArrayDependsOnItsInputs() {
    // written out for forward mode only, the callee's reverse sweep adds into its adjoint array by accumulation
    // calls, which count as writes: no false "does not depend on v" warning
    JavaFileObject k = source("p.K", "package p;", "import dev.adjoint.*;", "public class K {",
        "  @Differentiable static double overwrite(double[] v, double s) {",
        "    double[] c = v.clone();",
        "    for (int k = 0; k < 3; k++) for (int i = 0; i < c.length; i++) c[i] = Math.sin(c[i] * s) + c[(i + 1) % c.length];",
        "    return c[0] + c[1];",
        "  }",
        "}");
    JavaFileObject l = source("p.L", "package p;", "import dev.adjoint.*;", "public class L {",
        "  @Differentiable(jvp = true, vjp = false)",
        "  static double dv(double[] v, double s) { return KGradients.overwrite(v, s).dV()[1]; }",
        "}");
    assertThat(compile(k, l)).succeededWithoutWarnings();
  }

  @Test
  void aDerivativeOfARecordsInstanceMethodIsRefusedByName() {
    JavaFileObject lin = source("p.Lin", "package p;", "import dev.adjoint.*;", "public record Lin(double a, double b) {",
        "  @Differentiable public double f(double x) { return a * x * x + b; }",
        "}");
    JavaFileObject use = source("p.Use", "package p;", "import dev.adjoint.*;", "public class Use {",
        "  @Differentiable static double slope(double x, double a) { return LinGradients.f(new Lin(a, 1), x).dX(); }",
        "}");
    Compilation c = compile(lin, use);
    assertThat(c).hadErrorContaining("[Adjoint:Unsupported] a derivative of the instance method Lin.f"
        + " (`LinGradients.f(...).dX()`) cannot be differentiated by the generated adjoint").inFile(use)
        .onLineContaining("static double slope");
    assertFalse(c.errors().toString().contains("mark LinGradients.f @Differentiable"), c.errors().toString());
  }

  @Test
  void aDerivativeThatCallsARuleCannotBeDifferentiatedAgainInEitherMode() {
    JavaFileObject in = source("p.In", "package p;", "import dev.adjoint.*;", "public class In {",
        "  static double softplus(double x) { return Math.log1p(Math.exp(x)); }",
        "  @Derivative(of = \"softplus\")",
        "  static double softplusVjp(double x, double seed) { return seed / (1 + Math.exp(-x)); }",
        "  @Differentiable(jvp = true) static double withRule(double x) { return softplus(x * x); }",
        "}");
    JavaFileObject out = source("p.Out", "package p;", "import dev.adjoint.*;", "public class Out {",
        "  @Differentiable static double twice(double x) { return InGradients.withRuleJvp(x, 1).tangent(); }",
        "}");
    Compilation c = compile(in, out);
    assertThat(c).hadErrorContaining("[Adjoint:Unsupported] the code of InGradients.withRuleJvp calls In.softplusVjp,"
        + " which Adjoint cannot differentiate again yet: the called method's code has no derivative of its own; if it is"
        + " a @Derivative rule, make the function it differentiates @Differentiable instead").inFile(out)
        .onLineContaining("static double twice");
    assertFalse(c.errors().toString().contains("call the forward mode"), c.errors().toString());
  }

  @Test
  void aJdkCallOnAnActiveArrayIsToBeWrittenAsALoop() {
    JavaFileObject f = foo(
        "  @Differentiable static double copy(double[] a, double x) {",
        "    double[] c = new double[a.length + 1];",
        "    System.arraycopy(a, 0, c, 1, a.length);",
        "    c[0] = x;",
        "    return c[0] * c[1];",
        "  }");
    assertOnlyError(compile(f), f, "System.arraycopy(a, 0, c, 1, a.length);",
        "uses an active value but has no derivative: write what it does as a loop in Foo.copy (for an array copy:"
            + " for (int i = 0; i < n; i++) c[i + 1] = a[i];), whose derivative Adjoint writes");
  }

  @Test
  void anActiveValueHandedToACallThatMayStoreIt() {
    JavaFileObject f = foo(
        "  static void put(double[] r, int i, double v) { r[i] = v; }",
        "  @Differentiable static double viaHelper(double x) {",
        "    double[] a = new double[2];",
        "    put(a, 0, x * x);",
        "    return a[0] + x;",
        "  }");
    assertOnlyError(compile(f), f, "put(a, 0, x * x);",
        "[Adjoint:NotDifferentiable] call to Foo.put(double[], int, double) passes an active value to a method without a"
            + " derivative, which may store it in its argument a, where its derivative would be lost: write the store in"
            + " Foo.viaHelper itself (a loop of a[i] = v; a local variable for a sum), mark Foo.put @Differentiable");
    JavaFileObject g = foo(
        "  @Differentiable static double viaList(double x) {",
        "    java.util.ArrayList<Double> xs = new java.util.ArrayList<>();",
        "    xs.add(x * x);",
        "    return xs.get(0) + x;",
        "  }");
    assertOnlyError(compile(g), g, "xs.add(x * x);", "which may store it in the object xs");
    // a JDK method is not offered to be marked; printing a value keeps nothing
    JavaFileObject h = foo(
        "  @Differentiable static double fill(double x) {",
        "    double[] a = new double[3];",
        "    java.util.Arrays.fill(a, x);",
        "    System.out.println(x);",
        "    return a[0] * a[1] + x;",
        "  }");
    Compilation c = compile(h);
    assertOnlyError(c, h, "java.util.Arrays.fill(a, x);", "which may store it in its argument a");
    assertFalse(c.errors().get(0).getMessage(null).contains("mark Arrays.fill @Differentiable"), c.errors().toString());
  }

  @Test
  void anIntOrBooleanFromAPlainHelperIsADecisionNotAMissingDerivative() {
    JavaFileObject f = foo(
        "  static boolean positive(Tensor t) { return t.sum().item() > 0; }",
        "  static int bestRow(Tensor t) { return (int) t.sum(1).argmax(0).item(); }",
        "  @Differentiable static Tensor index(Tensor x) { return x.select(0, bestRow(x)).exp().sum(); }",
        "  @Differentiable static Tensor ternary(Tensor x) { return (positive(x) ? x.exp() : x.sin()).sum(); }");
    Compilation c = compile(f);
    assertThat(c).succeeded();
    // the ternary would call positive again in its reverse sweep: the tape runs it, and the note says how to avoid that
    assertThat(c).hadNoteContaining("[Adjoint:Tape] Foo.ternary is differentiated on the dynamic tape").inFile(f)
        .onLineContaining("static Tensor ternary");
    // a helper returning a double is still refused: its value could carry a derivative
    JavaFileObject g = foo(
        "  static double total(Tensor t) { return t.sum().item(); }",
        "  @Differentiable static Tensor f(Tensor x) { return x.mul(total(x)).sum(); }");
    assertOnlyError(compile(g), g, "return x.mul(total(x))", "call to Foo.total(dev.adjoint.Tensor) uses an active value but has no"
        + " derivative");
  }

  @Test
  void anActiveClampBoundHasNoDerivative() {
    JavaFileObject f = foo(
        "  @Differentiable(wrt = {\"x\", \"lo\"})",
        "  static Tensor f(Tensor x, double lo) { return x.clamp(lo, 10.0).mul(lo).sum(); }");
    assertOnlyError(compile(f), f, "return x.clamp(lo, 10.0)",
        "[Adjoint:NotDifferentiable] argument 1 of Tensor.clamp(double, double) is active, but Adjoint has no derivative"
            + " of Tensor.clamp with respect to it: write the bounds as tensors,"
            + " x.maximum(Tensor.scalar(lo)).minimum(Tensor.scalar(hi)), whose gradients reach them");
    // a constant bound, or one passed through AD.withoutDerivative, is fine
    JavaFileObject g = foo(
        "  @Differentiable(wrt = {\"x\", \"lo\"})",
        "  static Tensor f(Tensor x, double lo) { return x.clamp(AD.withoutDerivative(lo), 10.0).mul(lo).sum(); }");
    assertThat(compile(g)).succeeded();
  }

  @Test
  void parametersWhoseComponentsWouldClash() {
    JavaFileObject f = foo(
        "  @Differentiable static Tensor f(Tensor x, Tensor X) { return X.matmul(x).sin().sum(); }");
    assertOnlyError(compile(f), f, "static Tensor f(Tensor x, Tensor X)",
        "[Adjoint:Unsupported] parameters x and X would both be the component dX of the gradient record FGradient (a"
            + " component is d and the parameter's name capitalised): rename one of them");
    JavaFileObject g = foo(
        "  @Differentiable static double g(double rate, double Rate) { return rate * Rate; }");
    assertOnlyError(compile(g), g, "static double g(double rate, double Rate)",
        "parameters rate and Rate would both be the component dRate");
  }

  @Test
  void generatedNamesThatWouldClash() {
    JavaFileObject f = foo(
        "  @Differentiable static double f(double x) { return x * x; }",
        "  @Differentiable static double fVjp(double x, double y) { return x * y; }");
    assertOnlyError(compile(f), f, "static double fVjp(double x, double y)",
        "[Adjoint:Unsupported] the generated class would need two methods fVjp(double, double), which the gradient of Foo.f(double x) also needs: rename one of the two @Differentiable methods");
  }

  @Test
  void privateMemberNeededByTheGeneratedClass() {
    JavaFileObject f = foo(
        "  private static double w = 3;",
        "  @Differentiable static double f(double x) {",
        "    return w * x;",
        "  }");
    assertOnlyError(compile(f), f, "return w * x",
        "[Adjoint:Access] the generated class (in the same package) needs the private field Foo.w: make it package-private (remove `private`)");
  }

  @Test
  void errorsLeaveCompilableGeneratedCode() {
    JavaFileObject f = foo(
        "  @Differentiable static double f(double x) { return Helper.g(x); }",
        "  @Differentiable static double caller(double x) { return f(x) * x; }");
    Compilation c = compile(f);
    assertEquals(1, c.errors().size(), () -> "only the user's error, no error in generated code: " + c.errors());
  }

  // ------------------------------------------------------------------ Tensor methods: generated, or the tape

  @Test
  void autoNamesTheValueDependentConditionThatChoseTheTape() {
    JavaFileObject f = foo(
        "  @Differentiable static Tensor grow(Tensor a) {",
        "    Tensor b = a.mul(2);",
        "    double n = b.norm().item();",
        "    if (a.sum().item() > 0) {",
        "      b = b.neg();",
        "    }",
        "    while (n < 1000) {",
        "      b = b.mul(2);",
        "      n = b.norm().item();",
        "    }",
        "    return b.sum();",
        "  }");
    Compilation c = compile(f);
    assertThat(c).succeededWithoutWarnings();
    assertThat(c).hadNoteContaining("[Adjoint:Tape] Foo.grow is differentiated on the dynamic tape: `a.sum().item() > 0` at line 7"
        + " (and the condition at line 10) reads the value of a tensor computed from a, so the path it takes is known only at run time")
        .inFile(f).onLineContaining("if (a.sum().item() > 0)");
    // the note names the inputs the condition depends on, not every differentiated one
    JavaFileObject g = foo(
        "  @Differentiable static Tensor f(Tensor x, Tensor w) {",
        "    Tensor scale = x.sum();",
        "    Tensor h = x.mul(w);",
        "    if (scale.item() > 0) {",
        "      h = h.exp();",
        "    }",
        "    return h.sum();",
        "  }");
    assertThat(compile(g)).hadNoteContaining("reads the value of a tensor computed from x, so the path").inFile(g)
        .onLineContaining("if (scale.item() > 0)");
  }

  @Test
  void tensorMethodWithoutValueDependentControlFlowIsGenerated() {
    JavaFileObject f = foo(
        "  @Differentiable static Tensor f(double s,",
        "      Tensor x) {",
        "    return x.mul(x).sum().mul(s > 0 ? s : -s);",
        "  }");
    Compilation c = compile(f);
    assertThat(c).succeededWithoutWarnings();
    assertEquals(0, c.notes().stream().filter(n -> n.getMessage(null).contains("[Adjoint:")).count(), () -> "notes: " + c.notes());
    assertTrue(generatedSource(c, "p.FooGradients").contains("TensorRules."), "a generated adjoint calling the rules");
  }

  @Test
  void valuesFromConstantTensorsInConditionsKeepTheMethodGenerated() {
    JavaFileObject f = foo(
        "  @Differentiable(wrt = \"x\") static Tensor f(Tensor x, Tensor mask) {",
        "    return mask.sum().item() > 0 ? x.exp().sum() : x.sum();",
        "  }");
    Compilation c = compile(f);
    assertThat(c).succeededWithoutWarnings();
    assertEquals(0, c.notes().stream().filter(n -> n.getMessage(null).contains("[Adjoint:Tape]")).count(), () -> "notes: " + c.notes());
  }

  @Test
  void unsupportedConstructSendsATensorMethodToTheTapeWithItsReason() {
    JavaFileObject f = foo(
        "  @Differentiable static Tensor f(Tensor x) {",
        "    java.util.function.UnaryOperator<Tensor> sq = t -> t.mul(t);",
        "    return sq.apply(x).sum();",
        "  }");
    Compilation c = compile(f);
    assertThat(c).succeededWithoutWarnings();
    assertThat(c).hadNoteContaining("[Adjoint:Tape] Foo.f is differentiated on the dynamic tape: its adjoint cannot be generated because "
        + "a lambda cannot be differentiated").inFile(f).onLineContaining("t -> t.mul(t)");
  }

  @Test
  void strategyTapeAsksForTheTapeSoNoNote() {
    JavaFileObject f = foo(
        "  @Differentiable(strategy = Differentiable.Strategy.TAPE)",
        "  static Tensor f(Tensor x) { return x.norm().item() > 1 ? x.sum() : x.mul(2).sum(); }");
    Compilation c = compile(f);
    assertThat(c).succeededWithoutWarnings();
    assertEquals(0, c.notes().stream().filter(n -> n.getMessage(null).contains("[Adjoint:")).count(), () -> "notes: " + c.notes());
  }

  @Test
  void strategyGeneratedRefusesValueDependentControlFlow() {
    JavaFileObject f = foo("  @Differentiable(strategy = Differentiable.Strategy.GENERATED)",
        "  static Tensor f(Tensor x) { return x.sum().item() > 0 ? x.sum() : x.neg().sum(); }");
    assertOnlyError(compile(f), f, "x.sum().item() > 0 ?",
        "[Adjoint:Unsupported] strategy GENERATED asks for a static adjoint of Foo.f, but `x.sum().item() > 0` at line 5 reads the value"
            + " of a tensor computed from x, so which way it goes is known only at run time: use strategy AUTO (the dynamic tape records"
            + " it as it runs), or make the condition depend on numbers");
  }

  @Test
  void itemOfAnActiveTensorOnThePathToTheResultWarns() {
    JavaFileObject f = foo("  @Differentiable static Tensor f(Tensor x) {",
        "    double m = x.max().item();",
        "    return x.mul(m).sum();",
        "  }");
    Compilation c = compile(f);
    assertThat(c).succeeded();
    assertThat(c).hadWarningContaining("[Adjoint:ZeroDerivative] Tensor.item turns an active tensor into Java numbers, which carry no"
        + " derivative (as PyTorch's item())").inFile(f).onLineContaining("x.max().item()");
  }

  @Test
  void inPlaceChangeOfAnActiveTensor() {
    JavaFileObject f = foo("  @Differentiable static Tensor f(Tensor x) {",
        "    Tensor y = x.mul(2);",
        "    y.addInPlace(x);",
        "    return y.sum();",
        "  }");
    assertOnlyError(compile(f), f, "y.addInPlace(x)",
        "[Adjoint:SideEffect] `addInPlace` changes an active tensor in place, which the generated adjoint cannot reverse (the old value"
            + " its derivative needs would be gone): y = y.add(...) instead");
    JavaFileObject g = foo("  @Differentiable static Tensor f(Tensor x) {",
        "    Tensor h = x.mul(2);",
        "    h.fill(3.0);",
        "    return h.add(x).sum();",
        "  }");
    assertOnlyError(compile(g), g, "h.fill(3.0)", "(the old value its derivative needs would be gone):"
        + " h = Tensor.full(v, h.shape()) instead");
  }

  @Test
  void constantTensorChangedInPlaceAfterAnOperationReadIt() {
    JavaFileObject f = foo("  @Differentiable static Tensor f(Tensor x) {",
        "    Tensor m = Tensor.ones(4);",
        "    Tensor y = x.mul(m);",
        "    m.fill(3.0);",
        "    return y.add(x.mul(m)).sum();",
        "  }");
    assertOnlyError(compile(f), f, "m.fill(3.0)",
        "[Adjoint:SideEffect] `m.fill(...)` changes m in place after line 6 read m for the gradient: the generated adjoint"
            + " keeps that tensor by reference, so its reverse sweep would read the changed values and give a wrong gradient;"
            + " write m = Tensor.full(3.0, m.shape()) instead, or make the change after the gradient is taken");
  }

  @Test
  void bufferParameterChangedInPlaceAfterAnOperationReadIt() {
    JavaFileObject f = foo("  @Differentiable(wrt = \"x\") static Tensor f(Tensor x, Tensor buf) {",
        "    Tensor y = x.mul(buf);",
        "    buf.mulInPlace(2.0);",
        "    return y.sum();",
        "  }");
    assertOnlyError(compile(f), f, "buf.mulInPlace(2.0)",
        "`buf.mulInPlace(...)` changes buf in place after line 5 read buf for the gradient", "write buf = buf.mul(...) instead");
  }

  @Test
  void detachedAliasOfAnActiveTensorChangedInPlaceAfterAnOperationReadIt() {
    JavaFileObject f = foo("  @Differentiable static Tensor f(Tensor x) {",
        "    Tensor y = x.sin();",
        "    Tensor d = AD.withoutDerivative(x).reshape(-1);",
        "    d.mulInPlace(2.0);",
        "    return y.mul(x).sum();",
        "  }");
    assertOnlyError(compile(f), f, "d.mulInPlace(2.0)",
        "`d.mulInPlace(...)` changes d in place, which shares storage with x, after line 5 read x for the gradient");
  }

  @Test
  void bufferChangedInPlaceBeforeALaterTripReadsItAgain() {
    JavaFileObject f = foo("  @Differentiable static Tensor f(Tensor x) {",
        "    Tensor buf = Tensor.zeros(3);",
        "    Tensor s = x.mul(0.0);",
        "    for (int i = 0; i < 3; i++) {",
        "      buf.fill(i);",
        "      s = s.add(x.mul(buf));",
        "    }",
        "    return s.sum();",
        "  }");
    assertOnlyError(compile(f), f, "buf.fill(i)",
        "`buf.fill(...)` changes buf in place and line 9 reads buf on every trip of the loop around both for the gradient");
  }

  @Test
  void tensorsChangedInPlaceBeforeAnyOperationReadsThemAreFine() {
    JavaFileObject f = foo("  @Differentiable static Tensor f(Tensor x) {",
        "    Tensor m = Tensor.zeros(3);",
        "    m.fill(2.0);",
        "    Tensor s = x.mul(m);",
        "    for (int i = 0; i < 3; i++) {",
        "      Tensor fresh = Tensor.zeros(3);",
        "      fresh.fill(i);",
        "      s = s.add(x.mul(fresh));",
        "    }",
        "    Tensor n = Tensor.ones(3);",
        "    Tensor after = x.add(n);", // add's rule reads no operand: n may change
        "    n.fill(5.0);",
        "    return s.add(after).sum();",
        "  }");
    assertThat(compile(f)).succeededWithoutWarnings();
  }

  @Test
  void valueReadOfAnActiveTensorWarns() {
    JavaFileObject f = foo("  @Differentiable static Tensor g(Tensor x) {",
        "    return Tensor.of(x.toDoubleArray()).sum().add(x.argmax(0).sum()).add(x.detach().sum());",
        "  }");
    Compilation c = compile(f);
    assertThat(c).succeeded();
    assertThat(c).hadWarningContaining("[Adjoint:ZeroDerivative] Tensor.toDoubleArray turns an active tensor into Java numbers")
        .inFile(f).onLineContaining("x.toDoubleArray()");
  }

  @Test
  void tensorMethodWithoutARule() {
    JavaFileObject f = foo("  @Differentiable(wrt = {\"x\", \"s\"})",
        "  static Tensor f(Tensor x, double s) { return Tensor.full(s, 3).mul(x).sum(); }");
    Compilation c = compile(f);
    assertOnlyError(c, f, "Tensor.full(s, 3)",
        "[Adjoint:NotDifferentiable] call to Tensor.full(double, int[]) uses an active number, argument 1 (a double), but Adjoint has"
            + " no derivative of Tensor.full with respect to it: make the number a tensor with Tensor.scalar(...) and combine it with"
            + " Tensor operations (x.mul(s), Tensor.scalar(s).expand(...)), or pass AD.withoutDerivative(...) around the number if no"
            + " gradient should flow through it (call chain: Foo.f -> Tensor.full)");
    // a double has no detach()
    assertTrue(c.errors().stream().noneMatch(e -> e.getMessage(null).contains("detach")), () -> "errors: " + c.errors());
    // an active tensor still can be detached
    JavaFileObject t = foo("  @Differentiable static Tensor f(Tensor x) { return x.grad().sum(); }");
    assertOnlyError(compile(t), t, "x.grad()",
        "[Adjoint:NotDifferentiable] call to Tensor.grad() uses an active value, but Adjoint has no derivative rule for Tensor.grad",
        "or detach() the tensor if no gradient should flow through it (call chain: Foo.f -> Tensor.grad)");
  }

  // ------------------------------------------------------------------ @Derivative rules in code the tape runs

  /** Foo with a rounding function whose rule passes the seed through, and the given members. */
  private static JavaFileObject quantized(String... members) {
    String[] lines = new String[members.length + 8];
    lines[0] = "  static Tensor quantize(Tensor x) {";
    lines[1] = "    double[] d = x.toDoubleArray();";
    lines[2] = "    for (int i = 0; i < d.length; i++) d[i] = Math.rint(d[i]);";
    lines[3] = "    return Tensor.of(x.dtype(), d, x.shape());";
    lines[4] = "  }";
    lines[5] = "  @Derivative(of = \"quantize\")";
    lines[6] = "  static Tensor quantizeVjp(Tensor x, Tensor seed) { return seed; }";
    lines[7] = "  static Tensor twice(Tensor x) { return quantize(x).mul(2); }";
    System.arraycopy(members, 0, lines, 8, members.length);
    return foo(lines);
  }

  @Test
  void autoTapeMethodCallingARuledFunctionIsAnError() throws Exception {
    JavaFileObject f = quantized(
        "  @Differentiable static Tensor loss(Tensor w) {",
        "    Tensor l = quantize(w).mul(w).sum();",
        "    if (l.item() > 1e12) return l.mul(0);",
        "    return l;",
        "  }");
    Compilation c = compile(f);
    assertOnlyError(c, f, "Tensor l = quantize(w).mul(w).sum();",
        "[Adjoint:Unsupported] Foo.loss is differentiated on the dynamic tape: `l.item() > 1e12` at line 14 reads the value of a"
            + " tensor computed from w, so the path it takes is known only at run time and is recorded as it runs; the tape runs that"
            + " code as written, and `quantize(w)` at line 13 calls Foo.quantize, whose @Derivative rule Foo.quantizeVjp the tape"
            + " cannot apply inside code it runs: it would differentiate Foo.quantize's own operations instead, a different gradient."
            + " To keep the rule, make the control flow of Foo.loss independent of tensor values so that its adjoint is generated (it"
            + " applies the rule), or call Foo.quantize only from methods whose adjoint is generated, not from code the tape runs");
    assertThat(c).hadNoteContaining("[Adjoint:Tape] Foo.loss is differentiated on the dynamic tape").inFile(f)
        .onLineContaining("if (l.item() > 1e12)");

    // without the condition the adjoint is generated and applies the rule: d/dw of round(w) * w is round(w) + w
    JavaFileObject g = quantized("  @Differentiable static Tensor loss(Tensor w) { return quantize(w).mul(w).sum(); }");
    Compilation generated = compile(g);
    assertThat(generated).succeededWithoutWarnings();
    Object gradient = new IntegrationTest.Loaded(generated).call("p.FooGradients", "loss",
        Tensor.of(DType.FLOAT64, new double[] {0.6, 1.4, -0.7}, 3));
    Tensor dW = (Tensor) gradient.getClass().getMethod("dW").invoke(gradient);
    assertArrayEquals(new double[] {1.6, 2.4, -1.7}, dW.toDoubleArray(), 1e-12);
  }

  @Test
  void tapeStrategyMethodReachingARuledFunctionThroughAHelperIsAnError() {
    JavaFileObject f = quantized(
        "  @Differentiable(strategy = Differentiable.Strategy.TAPE)",
        "  static Tensor loss(Tensor w) {",
        "    return twice(w).mul(w).sum();",
        "  }");
    assertOnlyError(compile(f), f, "return twice(w).mul(w).sum();",
        "[Adjoint:Unsupported] Foo.loss is differentiated on the dynamic tape (strategy = TAPE); the tape runs that code as written,"
            + " and `twice(w)` at line 14 reaches Foo.quantize at `quantize(x)` at line 11 (call chain: Foo.loss -> Foo.twice ->"
            + " Foo.quantize), whose @Derivative rule Foo.quantizeVjp the tape cannot apply inside code it runs",
        "To keep the rule, use strategy AUTO or GENERATED so that the adjoint of Foo.loss is generated (it applies the rule), or call"
            + " Foo.quantize only from methods whose adjoint is generated, not from code the tape runs");
  }

  @Test
  void tapeMethodWithoutRuledCallsCompiles() {
    JavaFileObject f = quantized(
        "  static Tensor scaled(Tensor x, int n) { return n == 0 ? x : scaled(x.mul(2), n - 1); }",
        "  @Differentiable static Tensor loss(Tensor w) {",
        "    Tensor l = scaled(w, 2).mul(w).sum();",
        "    return l.item() > 1e12 ? l.mul(0) : l;",
        "  }");
    Compilation c = compile(f);
    assertThat(c).succeededWithoutWarnings();
    assertThat(c).hadNoteContaining("[Adjoint:Tape] Foo.loss is differentiated on the dynamic tape");
  }

  @Test
  void tapeMethodMustReturnATensor() {
    JavaFileObject f = foo("  @Differentiable static double f(Tensor x) { return x.norm().item() > 1 ? x.sum().item() : 0; }");
    assertOnlyError(compile(f), f, "static double f(Tensor x)",
        "[Adjoint:Return] Foo.f takes Tensor parameters (x), so it is differentiated on the dynamic tape, which needs a Tensor result, "
            + "but it returns double: return the Tensor itself (e.g. the loss before item())");
  }

  @Test
  void wrtNamingADoubleOfATapeMethod() {
    JavaFileObject f = foo("  @Differentiable(wrt = {\"x\", \"s\"})",
        "  static Tensor f(Tensor x, double s) { return x.sum().item() > 0 ? x.mul(s).sum() : x.sum(); }");
    assertOnlyError(compile(f), f, "wrt = {\"x\", \"s\"}",
        "[Adjoint:Wrt] wrt names \"s\", a double parameter of Foo.f, which is differentiated on the dynamic tape (see the note): there, "
            + "double parameters are constants. Differentiate with respect to its Tensor parameters (x), or make s a Tensor");
  }

  @Test
  void wrtNamingADoubleOfAGeneratedTensorMethodGetsADoubleGradient() {
    JavaFileObject f = foo("  @Differentiable(wrt = {\"x\", \"s\"})", "  static Tensor f(Tensor x, double s) { return x.mul(s).sum(); }");
    Compilation c = compile(f);
    assertThat(c).succeededWithoutWarnings();
    assertTrue(generatedSource(c, "p.FooGradients").contains("record FGradient(Tensor value, Tensor dX, double dS)"),
        () -> generatedSource(c, "p.FooGradients"));
  }

  @Test
  void wrtNamingAnUnknownParameterOfATensorMethod() {
    JavaFileObject f = foo("  @Differentiable(wrt = \"y\")", "  static Tensor f(Tensor x, double s) { return x.mul(s).sum(); }");
    assertOnlyError(compile(f), f, "wrt = \"y\"",
        "[Adjoint:Wrt] wrt names \"y\", but Foo.f has no parameter of that name; its differentiable parameters are: x, s");
  }

  @Test
  void privateTapeMethod() {
    JavaFileObject f = foo("  @Differentiable",
        "  private static Tensor f(Tensor x) { return x.sum().item() > 0 ? x.sum() : x.neg().sum(); }",
        "  static Tensor use(Tensor x) { return FooGradients.f(x).dX(); }");
    assertOnlyError(compile(f), f, "private static Tensor f",
        "[Adjoint:Access] Foo.f is private, but the generated class FooGradients calls it to record it on the tape: "
            + "make it package-private (remove `private`)");
  }

  @Test
  void privateGeneratedTensorMethodIsFine() {
    JavaFileObject f = foo("  @Differentiable", "  private static Tensor f(Tensor x) { return x.exp().sum(); }",
        "  static Tensor use(Tensor x) { return FooGradients.f(x).dX(); }");
    assertThat(compile(f)).succeededWithoutWarnings();
  }

  @Test
  void tensorMethodsWithParametersNamedLikeGeneratedLocalsCompile() {
    for (String strategy : List.of("AUTO", "TAPE")) {
      JavaFileObject f = foo("  @Differentiable(strategy = Differentiable.Strategy." + strategy + ")",
          "  static Tensor f(Tensor value, Tensor d_value, Tensor seed, Tensor _grads, Tensor recording) {",
          "    return value.mul(d_value).add(seed).add(_grads).add(recording).sum();",
          "  }");
      Compilation c = compile(f);
      assertThat(c).succeeded();
    }
  }

  @Test
  void recordThatCannotBeRebuilt() {
    JavaFileObject f = foo("  private record Secret(double w) {}",
        "  @Differentiable static double f(Secret s) { return s.w() * s.w(); }");
    assertOnlyError(compile(f), f, "Secret s",
        "[Adjoint:Access] the parameter s is a record whose gradient the generated class must build, but the record Secret is"
            + " private (make it package-private)");
  }

  @Test
  void anArrayOfRecordsWithDifferentiableComponentsIsRefused() {
    // Nothing differentiates a Layer[]: its gradient used to be missing from the result without a word.
    JavaFileObject f = foo("  record Layer(Tensor w, Tensor b) {}",
        "  @Differentiable static Tensor arr(Layer[] ls, Tensor x) { return x.matmul(ls[0].w()).add(ls[0].b()).sum(); }");
    assertOnlyError(compile(f), f, "static Tensor arr(Layer[] ls",
        "[Adjoint:Unsupported] the parameter ls is a p.Foo.Layer[], an array of records with differentiable components,"
            + " which Adjoint does not differentiate: its gradient would be missing. Hold the parameters as arrays in one"
            + " record instead (record Layers(Tensor[] w, Tensor[] b)), or as Tensor[] parameters");
    JavaFileObject g = foo("  record Layer(double[] w, double b) {}",
        "  record Model(Layer[] layers) {}",
        "  @Differentiable static double model(Model m, double x) { return m.layers()[0].b() * x; }");
    assertOnlyError(compile(g), g, "static double model(Model m",
        "the parameter m has the component layers of type p.Foo.Layer[], an array of records");
    // A constant array of records, left out of an explicit wrt, is fine.
    JavaFileObject h = foo("  record Layer(Tensor w, Tensor b) {}",
        "  @Differentiable(wrt = \"x\") static Tensor arr(Layer[] ls, Tensor x) { return x.matmul(ls[0].w()).sum(); }");
    assertThat(compile(h)).succeeded();
  }

  @Test
  void recordWithANumberOnTheTape() {
    JavaFileObject f = foo("  record Scaled(Tensor w, double k) {",
        "    @Differentiable Tensor f(Tensor x) {",
        "      Tensor y = x.mul(w).mul(k);",
        "      return y.sum().item() > 0 ? y.exp().sum() : y.sum();",
        "    }",
        "  }");
    Compilation c = compile(f);
    assertOnlyError(c, f, "@Differentiable Tensor f(Tensor x)",
        "[Adjoint:Unsupported] Scaled.f is differentiated on the dynamic tape (see the note), which differentiates tensors only, but"
            + " its receiver carries the double this.k(): make it a Tensor (Tensor.scalar(...)), or leave this out of wrt");
    assertThat(c).hadNoteContaining("[Adjoint:Tape] Scaled.f is differentiated on the dynamic tape: `y.sum().item() > 0` at line")
        .inFile(f).onLineContaining("y.sum().item() > 0");
  }

  @Test
  void recordOfTensorsOnTheTapeKeepsTheGeneratedLayout() {
    JavaFileObject f = foo("  record Layer(Tensor w, Tensor[] extra, int id) {",
        "    @Differentiable Tensor f(Tensor x) {",
        "      Tensor y = x.mul(w);",
        "      return y.sum().item() > 0 ? y.exp().sum() : y.sum();",
        "    }",
        "  }");
    Compilation c = compile(f);
    assertThat(c).succeeded();
    String source = generatedSource(c, "p.Foo_LayerGradients");
    assertTrue(source.contains("record FGradient(Tensor value, Foo.Layer dSelf, Tensor dX)"), source);
    assertTrue(source.contains("_leaves.track(self.w(), \"this.w()\")"), source);
    assertTrue(source.contains("_leaves.gradient(self.extra())"), source);
  }

  @Test
  void recordReturnedByACallInsideDifferentiatedCode() {
    JavaFileObject f = foo("  record Pair(double a, double b) {}",
        "  @Differentiable static Pair make(double x) { return new Pair(x, x * x); }",
        "  @Differentiable static double f(double x) {",
        "    Pair p = make(x);",
        "    return p.a() + p.b();",
        "  }");
    assertOnlyError(compile(f), f, "make(x);",
        "[Adjoint:Unsupported] a record returned by a @Differentiable call inside differentiated code (`make(x)`) cannot be"
            + " differentiated by the generated adjoint: return the record's components from separate methods, or differentiate the"
            + " caller as a whole");
  }

  @Test
  void recordParameterGradientIsARecordOfTheSameType() {
    JavaFileObject f = foo("  record Params(double[] w, double bias, int count) {}",
        "  @Differentiable static double f(Params p, double x) { return p.w()[0] * x + p.bias(); }");
    Compilation c = compile(f);
    assertThat(c).succeededWithoutWarnings();
    assertTrue(generatedSource(c, "p.FooGradients").contains("record FGradient(double value, Foo.Params dP, double dX)"),
        () -> generatedSource(c, "p.FooGradients"));
  }

  private static String generatedSource(Compilation c, String name) {
    try {
      return c.generatedSourceFile(name).orElseThrow().getCharContent(true).toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
