package dev.adjoint.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.adjoint.processor.Sources.compile;
import static dev.adjoint.processor.Sources.source;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * The shape of generated code, compared exactly with files under {@code src/test/resources/golden}.
 * After an intended change, regenerate them with {@code -Dadjoint.updateGolden=true} and review the diff.
 */
class GoldenTest {
  private static String generated(Compilation c, String qualifiedName) throws IOException {
    assertThat(c).succeededWithoutWarnings();
    JavaFileObject file = c.generatedSourceFile(qualifiedName).orElseThrow();
    return file.getCharContent(true).toString();
  }

  private static void assertGolden(String name, String actual) throws IOException {
    Path path = Path.of("src/test/resources/golden", name + ".java.txt");
    if (Boolean.getBoolean("adjoint.updateGolden")) {
      Files.createDirectories(path.getParent());
      Files.writeString(path, actual, StandardCharsets.UTF_8);
    }
    try (InputStream in = GoldenTest.class.getResourceAsStream("/golden/" + name + ".java.txt")) {
      String expected = in == null ? "<missing golden file " + path + ">" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(expected, actual, "generated code for " + name + " differs from " + path);
    }
  }

  static final JavaFileObject BRANCH = source("p.Branch",
      "package p;",
      "import dev.adjoint.Differentiable;",
      "class Branch {",
      "  @Differentiable",
      "  static double relu(double x, double y) {",
      "    double z = x * y;",
      "    if (z > 0) {",
      "      z = z * z;",
      "    } else {",
      "      z = 0.1 * z;",
      "    }",
      "    return Math.exp(z) + (x > y ? x : y);",
      "  }",
      "}");

  static final JavaFileObject SWITCH = source("p.Switch",
      "package p;",
      "import dev.adjoint.Differentiable;",
      "class Switch {",
      "  enum Activation { RELU, TANH }",
      "  @Differentiable",
      "  static double layer(double x, double w, Activation a, int mode) {",
      "    assert !Double.isNaN(x) : \"x is NaN\";",
      "    double z = switch (a) {",
      "      case RELU -> Math.max(0, w * x);",
      "      case TANH -> Math.tanh(w * x);",
      "    };",
      "    switch (mode) {",
      "      case 0:",
      "        z = z * z;",
      "        break;",
      "      default:",
      "        z += x;",
      "    }",
      "    return z;",
      "  }",
      "}");

  static final JavaFileObject LAYERS = source("p.Net",
      "package p;",
      "import dev.adjoint.Differentiable;",
      "class Net {",
      "  @Differentiable",
      "  static double[] layer(double[] w, double[] x) {",
      "    double[] h = new double[x.length];",
      "    for (int i = 0; i < x.length; i++) {",
      "      h[i] = Math.tanh(w[i] * x[i]);",
      "    }",
      "    return h;",
      "  }",
      "  @Differentiable",
      "  static double loss(double[] w, double[] x, int depth) {",
      "    double[] h = x;",
      "    for (int d = 0; d < depth; d++) {",
      "      h = layer(w, h);",
      "    }",
      "    double[] o = layer(w, h);",
      "    return o[0] * o[1];",
      "  }",
      "}");

  static final JavaFileObject LOOP = source("p.Loop",
      "package p;",
      "import dev.adjoint.Differentiable;",
      "class Loop {",
      "  @Differentiable",
      "  static double f(double x, double y) {",
      "    double s = 0;",
      "    for (int i = 0; i < 3; i++) {",
      "      s = s * x + Math.sin(y);",
      "    }",
      "    int n = 0;",
      "    while (s < 100 && n < 20) {",
      "      s = s * 2;",
      "      n++;",
      "      if (s > 50) break;",
      "    }",
      "    return s;",
      "  }",
      "}");

  static final JavaFileObject ARRAY = source("p.Arrays1",
      "package p;",
      "import dev.adjoint.Differentiable;",
      "class Arrays1 {",
      "  @Differentiable",
      "  static double smooth(double[] v, double[][] w) {",
      "    double[] h = new double[v.length];",
      "    for (int i = 0; i < v.length; i++) {",
      "      for (int j = 0; j < v.length; j++) {",
      "        h[i] += w[i][j] * v[j];",
      "      }",
      "      h[i] = Math.tanh(h[i]);",
      "    }",
      "    double s = 0;",
      "    for (double e : h) {",
      "      s += e * e;",
      "    }",
      "    return s;",
      "  }",
      "}");

  static final JavaFileObject CALL = source("p.Calls",
      "package p;",
      "import dev.adjoint.Differentiable;",
      "class Calls {",
      "  @Differentiable",
      "  static double square(double x) {",
      "    return x * x;",
      "  }",
      "  @Differentiable",
      "  double scaled(double x, double y) {",
      "    return factor * square(x + y) + Other.cube(y);",
      "  }",
      "  double factor = 2;",
      "}",
      "class Other {",
      "  @Differentiable(wrt = \"y\")",
      "  static double cube(double y) {",
      "    return y * y * y;",
      "  }",
      "}");

  static final JavaFileObject RULE = source("p.Rules",
      "package p;",
      "import dev.adjoint.Derivative;",
      "import dev.adjoint.Differentiable;",
      "class Rules {",
      "  static double softplus(double x) {",
      "    return Math.log1p(Math.exp(x));",
      "  }",
      "  @Derivative(of = \"softplus\")",
      "  static double softplusVjp(double x, double seed) {",
      "    return seed / (1 + Math.exp(-x));",
      "  }",
      "  static double mix(double a, double b, int k) {",
      "    return k * a * b;",
      "  }",
      "  @Derivative(of = \"mix\")",
      "  static double[] mixVjp(double a, double b, int k, double seed) {",
      "    return new double[] {seed * k * b, seed * k * a};",
      "  }",
      "  @Differentiable",
      "  static double f(double x, double y) {",
      "    return softplus(x * y) + mix(x, y, 3);",
      "  }",
      "}");

  static final JavaFileObject TAPE = source("p.Grow",
      "package p;",
      "import dev.adjoint.Differentiable;",
      "import dev.adjoint.Tensor;",
      "class Grow {",
      "  @Differentiable",
      "  static Tensor grow(Tensor a, Tensor w, double scale) {",
      "    Tensor b = a.mul(w);",
      "    while (b.norm().item() < 1000) {",
      "      b = b.mul(2);",
      "    }",
      "    return b.mul(scale).sum();",
      "  }",
      "  double bias = 1;",
      "  @Differentiable(wrt = \"x\", strategy = Differentiable.Strategy.TAPE)",
      "  Tensor shift(Tensor x, Tensor seed) {",
      "    return x.add(seed).add(bias);",
      "  }",
      "}");

  /** Generated Tensor adjoints: straight-line code, a layer called in a loop over an int depth, a double scaling a tensor. */
  static final JavaFileObject TENSORS = source("p.TensorNet",
      "package p;",
      "import dev.adjoint.Differentiable;",
      "import dev.adjoint.Tensor;",
      "class TensorNet {",
      "  @Differentiable",
      "  static Tensor mseLinear(Tensor w, Tensor b, Tensor x, Tensor y) {",
      "    return x.matmul(w).add(b).sub(y).square().mean();",
      "  }",
      "  @Differentiable",
      "  static Tensor layer(Tensor w, Tensor b, Tensor x) {",
      "    return x.matmul(w).add(b).tanh();",
      "  }",
      "  @Differentiable(wrt = {\"w\", \"b\", \"x\"})",
      "  static Tensor residual(Tensor w, Tensor b, Tensor x, int depth) {",
      "    Tensor h = x;",
      "    for (int i = 0; i < depth; i++) {",
      "      h = layer(w, b, h).add(h);",
      "    }",
      "    return h.square().sum();",
      "  }",
      "  @Differentiable(wrt = {\"x\", \"s\"})",
      "  static Tensor scaled(Tensor x, double s) {",
      "    Tensor y = x.mul(s).exp();",
      "    if (s > 1) {",
      "      y = y.div(s);",
      "    }",
      "    return y.sum();",
      "  }",
      "}");

  @Test
  void tensors() throws IOException {
    assertGolden("TensorNetGradients", generated(compile(TENSORS), "p.TensorNetGradients"));
  }

  @Test
  void tape() throws IOException {
    assertGolden("GrowGradients", generated(compile(TAPE), "p.GrowGradients"));
  }

  @Test
  void branch() throws IOException {
    assertGolden("BranchGradients", generated(compile(BRANCH), "p.BranchGradients"));
  }

  @Test
  void switchAndAssert() throws IOException {
    assertGolden("SwitchGradients", generated(compile(SWITCH), "p.SwitchGradients"));
  }

  @Test
  void arrayCalleeSplitIntoItsSweeps() throws IOException {
    assertGolden("NetGradients", generated(compile(LAYERS), "p.NetGradients"));
  }

  @Test
  void loop() throws IOException {
    assertGolden("LoopGradients", generated(compile(LOOP), "p.LoopGradients"));
  }

  @Test
  void array() throws IOException {
    assertGolden("Arrays1Gradients", generated(compile(ARRAY), "p.Arrays1Gradients"));
  }

  @Test
  void call() throws IOException {
    Compilation c = compile(CALL);
    assertGolden("CallsGradients", generated(c, "p.CallsGradients"));
    assertGolden("OtherGradients", generated(c, "p.OtherGradients"));
  }

  @Test
  void customRule() throws IOException {
    assertGolden("RulesGradients", generated(compile(RULE), "p.RulesGradients"));
  }

  @Test
  void compilingTwiceGivesIdenticalBytes() throws IOException {
    for (JavaFileObject src : new JavaFileObject[] {BRANCH, LOOP, ARRAY, CALL, RULE, TAPE}) {
      Compilation first = compile(src);
      Compilation second = compile(src);
      assertEquals(first.generatedSourceFiles().size(), second.generatedSourceFiles().size());
      for (int i = 0; i < first.generatedSourceFiles().size(); i++) {
        JavaFileObject a = first.generatedSourceFiles().get(i);
        JavaFileObject b = second.generatedSourceFiles().get(i);
        assertEquals(a.toUri(), b.toUri());
        try (InputStream x = a.openInputStream(); InputStream y = b.openInputStream()) {
          assertArrayEquals(x.readAllBytes(), y.readAllBytes(), a.toUri().toString());
        }
      }
    }
  }
}
