package dev.adjoint.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.adjoint.processor.Gradients.array;
import static dev.adjoint.processor.Gradients.assertGradient;
import static dev.adjoint.processor.Gradients.component;
import static dev.adjoint.processor.Gradients.gaussian;
import static dev.adjoint.processor.Sources.compile;
import static dev.adjoint.processor.Sources.generatedMethod;
import static dev.adjoint.processor.Sources.source;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.lang.reflect.InvocationTargetException;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A {@code @Differentiable} method with a number result that takes a {@code double[]} has sweeps a caller runs
 * apart ({@code mForward} where it calls it, {@code mReverseInto} adding into the caller's adjoint of the
 * array). A loop calling {@code rowLoss(x, i)} then costs what the callee reads per trip, not the length of
 * {@code x}: a pullback with seed 1 would allocate, fill and add an adjoint as long as {@code x} on every trip.
 * Every gradient is checked against central finite differences.
 */
class ScalarCalleeSweepsTest {
  private static IntegrationTest.Loaded loaded;
  private static String code;

  @BeforeAll
  static void compileOnce() throws Exception {
    Compilation compilation = compile(source("p.Rows",
        "package p;",
        "import dev.adjoint.Differentiable;",
        "public class Rows {",
        "  @Differentiable static double rowLoss(double[] x, int i, int d) {",
        "    double s = 0;",
        "    for (int j = 0; j < d; j++) {",
        "      double e = x[i * d + j] - j;",
        "      s += e * e;",
        "    }",
        "    return Math.log(1 + s);",
        "  }",
        // trips that share only a sum: each trip's reverse runs right after it, reading the record's local
        "  @Differentiable public static double total(double[] x, int n, int d) {",
        "    double s = 0;",
        "    for (int i = 0; i < n; i++) {",
        "      s += rowLoss(x, i, d);",
        "    }",
        "    return s;",
        "  }",
        // a carried value: the trips are reversed after the loop, the records come back off a stack
        "  @Differentiable public static double discounted(double[] x, int n, int d) {",
        "    double s = 0;",
        "    for (int i = 0; i < n; i++) {",
        "      s = 0.5 * s + x[0] * rowLoss(x, i, d);",
        "    }",
        "    return s;",
        "  }",
        // the call's value stored into an array element, then read
        "  @Differentiable public static double stored(double[] x, int n, int d) {",
        "    double[] r = new double[n];",
        "    for (int i = 0; i < n; i++) {",
        "      r[i] = rowLoss(x, i, d);",
        "    }",
        "    double s = 0;",
        "    for (int i = 0; i < n; i++) {",
        "      s += r[i] * r[i];",
        "    }",
        "    return s;",
        "  }",
        // data the caller does not differentiate, handed to a helper that differentiates all it is given
        "  @Differentiable static double sampleLoss(double[] w, double[] x, int i) {",
        "    double z = 0;",
        "    for (int j = 0; j < w.length; j++) {",
        "      z += w[j] * x[i * w.length + j];",
        "    }",
        "    return Math.log(1 + Math.exp(-z));",
        "  }",
        "  @Differentiable(wrt = \"w\") public static double perSample(double[] w, double[] x, int n) {",
        "    double s = 0;",
        "    for (int i = 0; i < n; i++) {",
        "      s += sampleLoss(w, x, i);",
        "    }",
        "    return s / n;",
        "  }",
        "}"));
    assertThat(compilation).succeededWithoutWarnings();
    code = compilation.generatedSourceFile("p.RowsGradients").orElseThrow().getCharContent(true).toString();
    loaded = new IntegrationTest.Loaded(compilation);
  }

  private static final int N = 5;
  private static final int D = 3;

  private static double[] point() {
    return gaussian(new Random(17), N * D);
  }

  private static void assertGradientOf(String name) throws Exception {
    double[] x = point();
    Object g = loaded.call("p.RowsGradients", name, x, N, D);
    assertEquals((double) loaded.call("p.Rows", name, x, N, D), (double) component(g, "value"), 1e-12, name);
    assertGradient(array(g, "dX"), x, v -> (double) loaded.call("p.Rows", name, v, N, D));
  }

  @Test
  void independentTripsReadTheirRecordFromALocal() throws Exception {
    String vjp = generatedMethod(code, "totalVjp");
    assertTrue(vjp.contains("var _f0 = RowsGradients.rowLossForward(x, i, d);"), vjp);
    assertTrue(vjp.contains("RowsGradients.rowLossReverseInto(_f0, "), vjp);
    assertFalse(vjp.contains("Stack") || vjp.contains("addScaledTo") || vjp.contains("rowLossVjp"), vjp);
    assertGradientOf("total");
  }

  @Test
  void tripsReversedAfterTheLoopPopTheirRecords() throws Exception {
    String vjp = generatedMethod(code, "discountedVjp");
    assertTrue(vjp.contains("RowsGradients.rowLossForward(x, i, d)"), vjp);
    assertTrue(vjp.contains("ObjectStack<Object>"), vjp);
    assertFalse(vjp.contains("addScaledTo") || vjp.contains("rowLossVjp"), vjp);
    assertGradientOf("discounted");
  }

  @Test
  void aCallStoredIntoAnElementRunsApartToo() throws Exception {
    String vjp = generatedMethod(code, "storedVjp");
    assertTrue(vjp.contains("RowsGradients.rowLossForward(x, i, d)"), vjp);
    assertFalse(vjp.contains("rowLossVjp"), vjp);
    assertGradientOf("stored");
  }

  /**
   * The adjoint of data the caller does not differentiate goes into one array the caller allocates once: left
   * to the callee, it would allocate one as long as the data on every trip.
   */
  @Test
  void undifferentiatedDataGoesIntoOneSinkPerCall() throws Exception {
    String vjp = generatedMethod(code, "perSampleVjp");
    assertTrue(vjp.contains("double[] _sink0 = new double[x.length];"), vjp);
    assertTrue(vjp.contains("RowsGradients.sampleLossReverseInto(_f0, _d__out0, _d_w, _sink0);"), vjp);
    assertEquals(1, vjp.split("new double\\[x.length\\]", -1).length - 1, vjp);
    double[] w = gaussian(new Random(3), D);
    double[] x = point();
    Object g = loaded.call("p.RowsGradients", "perSample", w, x, N);
    assertEquals((double) loaded.call("p.Rows", "perSample", w, x, N), (double) component(g, "value"), 1e-12);
    assertGradient(array(g, "dW"), w, v -> (double) loaded.call("p.Rows", "perSample", v, x, N));
  }

  /**
   * A float callee, an instance method's callee on the receiver, and a callee of another class called in both
   * branches of an if inside a loop: each runs apart and each gradient matches central differences.
   */
  @Test
  void floatInstanceAndOtherClassCalleesRunApart() throws Exception {
    Compilation c = compile(source("v.Other",
        "package v;",
        "import dev.adjoint.Differentiable;",
        "public class Other {",
        "  @Differentiable public static double cube(double[] x, int i) { return x[i] * x[i] * x[i]; }",
        "}"), source("v.Vars",
        "package v;",
        "import dev.adjoint.Differentiable;",
        "public class Vars {",
        "  final double scale;",
        "  public Vars(double scale) { this.scale = scale; }",
        "  @Differentiable static float rowF(float[] x, int i) { return x[i] * x[i] + (float) Math.sin(x[i]); }",
        "  @Differentiable public static float totalF(float[] x) {",
        "    float s = 0;",
        "    for (int i = 0; i < x.length; i++) { s += rowF(x, i); }",
        "    return s;",
        "  }",
        "  @Differentiable double scaled(double[] x, int i) { return scale * x[i] * x[(i + 1) % x.length]; }",
        "  @Differentiable public double viaInstance(double[] x) {",
        "    double s = 1;",
        "    for (int i = 0; i < x.length; i++) { s = s * 0.9 + scaled(x, i); }",
        "    return s;",
        "  }",
        "  @Differentiable public static double viaOther(double[] x, double t) {",
        "    double s = 0;",
        "    for (int i = 0; i < x.length; i++) {",
        "      if (x[i] > 0) { s += t * Other.cube(x, i); } else { s -= Other.cube(x, i) / (1 + t * t); }",
        "    }",
        "    return s;",
        "  }",
        "}"));
    assertThat(c).succeededWithoutWarnings();
    String vars = c.generatedSourceFile("v.VarsGradients").orElseThrow().getCharContent(true).toString();
    assertTrue(generatedMethod(vars, "totalFVjp").contains("VarsGradients.rowFReverseInto(_f0, "), vars);
    assertTrue(generatedMethod(vars, "viaInstanceVjp").contains("VarsGradients.scaledForward(self, x, i)"), vars);
    assertEquals(2, generatedMethod(vars, "viaOtherVjp").split("OtherGradients.cubeReverseInto\\(", -1).length - 1, vars);
    IntegrationTest.Loaded l = new IntegrationTest.Loaded(c);
    double[] x = gaussian(new Random(5), 6);

    float[] xf = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      xf[i] = (float) x[i];
    }
    Object gf = l.call("v.VarsGradients", "totalF", (Object) xf);
    float[] dxf = (float[]) component(gf, "dX");
    double[] dx = new double[dxf.length];
    for (int i = 0; i < dx.length; i++) {
      dx[i] = dxf[i];
    }
    assertGradient(dx, x, v -> {
      float[] p = new float[v.length];
      for (int i = 0; i < v.length; i++) {
        p[i] = (float) v[i];
      }
      return (float) l.call("v.Vars", "totalF", (Object) p);
    }, 1e-2, 1e-3);

    Object self = l.loadClass("v.Vars").getConstructor(double.class).newInstance(1.5);
    Object gi = l.call("v.VarsGradients", "viaInstance", self, x);
    java.lang.reflect.Method viaInstance = self.getClass().getMethod("viaInstance", double[].class);
    assertGradient(array(gi, "dX"), x, v -> (double) viaInstance.invoke(self, (Object) v));

    Object go = l.call("v.VarsGradients", "viaOther", x, 0.7);
    assertGradient(array(go, "dX"), x, v -> (double) l.call("v.Vars", "viaOther", v, 0.7));
    assertGradient(new double[] {(double) component(go, "dT")}, new double[] {0.7},
        t -> (double) l.call("v.Vars", "viaOther", x, t[0]));
  }

  /**
   * A data matrix as {@code double[][]}, handed to a per-row helper: the helper's reverse adds into the
   * caller's adjoint of the matrix when the caller differentiates it, and into one scratch matrix when not.
   */
  @Test
  void aMatrixHandedToAPerRowHelper() throws Exception {
    Compilation c = compile(source("m.Rows2",
        "package m;",
        "import dev.adjoint.Differentiable;",
        "public class Rows2 {",
        "  @Differentiable static double rowLoss(double[] w, double[][] x, int i) {",
        "    double z = 0;",
        "    for (int j = 0; j < w.length; j++) {",
        "      z += w[j] * x[i][j];",
        "    }",
        "    return z * z;",
        "  }",
        "  @Differentiable(wrt = \"w\") public static double overW(double[] w, double[][] x) {",
        "    double s = 0;",
        "    for (int i = 0; i < x.length; i++) {",
        "      s += rowLoss(w, x, i);",
        "    }",
        "    return s;",
        "  }",
        "  @Differentiable public static double overBoth(double[] w, double[][] x) {",
        "    double s = 0;",
        "    for (int i = 0; i < x.length; i++) {",
        "      s += Math.sin(rowLoss(w, x, i));",
        "    }",
        "    return s;",
        "  }",
        "}"));
    assertThat(c).succeededWithoutWarnings();
    String gradients = c.generatedSourceFile("m.Rows2Gradients").orElseThrow().getCharContent(true).toString();
    String overW = generatedMethod(gradients, "overWVjp");
    assertTrue(overW.contains("double[][] _sink0 = Adjoints.zerosLike(x);"), overW);
    assertTrue(overW.contains("Rows2Gradients.rowLossReverseInto(_f0, _d__out0, _d_w, _sink0);"), overW);
    assertTrue(generatedMethod(gradients, "overBothVjp").contains(", _d_w, _d_x);"), gradients);
    IntegrationTest.Loaded l = new IntegrationTest.Loaded(c);
    double[] w = gaussian(new Random(8), 3);
    double[][] x = {gaussian(new Random(9), 3), gaussian(new Random(10), 3), gaussian(new Random(11), 3)};
    Object gw = l.call("m.Rows2Gradients", "overW", w, x);
    assertGradient(array(gw, "dW"), w, v -> (double) l.call("m.Rows2", "overW", v, x));
    Object gb = l.call("m.Rows2Gradients", "overBoth", w, x);
    assertGradient(array(gb, "dW"), w, v -> (double) l.call("m.Rows2", "overBoth", v, x));
    Gradients.assertMatrixGradient((double[][]) component(gb, "dX"), x, v -> (double) l.call("m.Rows2", "overBoth", w, v));
  }

  /** The sweeps are public: a forward record reversed with a seed gives mVjp's result, and only once. */
  @Test
  void theSweepsGiveWhatTheVjpGives() throws Exception {
    double[] x = point();
    Object forward = loaded.call("p.RowsGradients", "totalForward", x, N, D);
    Object reversed = loaded.call("p.RowsGradients", "totalReverse", forward, 2.5);
    Object vjp = loaded.call("p.RowsGradients", "totalVjp", x, N, D, 2.5);
    assertEquals((double) component(vjp, "value"), (double) component(reversed, "value"), 0);
    assertArrayEquals(array(vjp, "dX"), array(reversed, "dX"), 1e-12);
    InvocationTargetException again = assertThrows(InvocationTargetException.class,
        () -> loaded.call("p.RowsGradients", "totalReverse", forward, 2.5));
    assertTrue(again.getCause() instanceof IllegalStateException, String.valueOf(again.getCause()));
    // mReverseInto adds into the arrays it is given
    double[] into = new double[x.length];
    into[0] = 1;
    Object forwardAgain = loaded.call("p.RowsGradients", "totalForward", x, N, D);
    loaded.call("p.RowsGradients", "totalReverseInto", forwardAgain, 2.5, into);
    assertEquals(1 + array(vjp, "dX")[0], into[0], 1e-12);
  }
  /**
   * A method whose sweeps would keep more values than a Java record holds (255 slots, two per double): its
   * {@code mForward} runs the joint body for the value and {@code mReverse} calls {@code mVjp}, instead of a forward
   * record javac refuses ("too many parameters").
   */
  @Test
  void sweepsKeepingMoreThanARecordHoldsStillCompile() throws Exception {
    Compilation c = compile(source("p.Long", "package p;", "import dev.adjoint.Differentiable;", "public class Long {",
        chainOf140("double", "v140"), "}"));
    assertThat(c).succeededWithoutWarnings();
    String generated = c.generatedSourceFile("p.LongGradients").orElseThrow().getCharContent(true).toString();
    String record = generated.substring(generated.indexOf("record ChainForward("));
    assertFalse(record.substring(0, record.indexOf(')')).contains("v140"), record);
    IntegrationTest.Loaded l = new IntegrationTest.Loaded(c);
    double[] x = {0.3, -0.2, 0.7};
    double[] gradient = array(l.call("p.LongGradients", "chain", x.clone()), "dX");
    Object split = l.call("p.LongGradients", "chainReverse", l.call("p.LongGradients", "chainForward", x.clone()), 1.0);
    assertArrayEquals(gradient, array(split, "dX"), 0);
    assertGradient(gradient, x, at -> (double) l.call("p.Long", "chain", at));
  }
  /** The same for an array result, whose mVjp otherwise runs mReverse on mForward's record. */
  @Test
  void sweepsOfAnArrayResultKeepingMoreThanARecordHoldsStillCompile() throws Exception {
    Compilation c = compile(source("p.LongArray", "package p;", "import dev.adjoint.Differentiable;", "public class LongArray {",
        chainOf140("double[]", "new double[] {v140, v70 * v140}"), "}"));
    assertThat(c).succeededWithoutWarnings();
    IntegrationTest.Loaded l = new IntegrationTest.Loaded(c);
    double[] x = {0.3, -0.2, 0.7};
    double[] seed = {0.4, -1.1};
    double[] gradient = array(l.call("p.LongArrayGradients", "chainVjp", x.clone(), seed), "dX");
    Object split = l.call("p.LongArrayGradients", "chainReverse", l.call("p.LongArrayGradients", "chainForward", x.clone()), seed);
    assertArrayEquals(gradient, array(split, "dX"), 0);
    assertGradient(gradient, x, at -> {
      double[] y = (double[]) l.call("p.LongArray", "chain", at);
      return seed[0] * y[0] + seed[1] * y[1];
    });
  }

  /** {@code chain(double[] x)}: 140 locals, each the sine of the one before plus an entry of x, then {@code returned}. */
  private static String chainOf140(String result, String returned) {
    StringBuilder body = new StringBuilder("  @Differentiable public static " + result + " chain(double[] x) {\n    double v0 = x[0];\n");
    for (int k = 1; k <= 140; k++) {
      body.append("    double v").append(k).append(" = Math.sin(v").append(k - 1).append(" + x[").append(k % 3).append("]);\n");
    }
    return body.append("    return ").append(returned).append(";\n  }").toString();
  }
}
