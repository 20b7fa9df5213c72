package dev.adjoint.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.adjoint.processor.Sources.compile;
import static dev.adjoint.processor.Sources.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.adjoint.Autograd;
import dev.adjoint.DType;
import dev.adjoint.GradScope;
import dev.adjoint.Tensor;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A method made only of elementwise tensor operations gets, beside its tensor adjoint, one loop over its
 * elements on the lanes of a vector ({@code mFusedFloat32}, {@code mFusedFloat64}), which {@code mVjp} runs when the
 * operands allow it.
 * Each fused result is checked against the tensor adjoint of the same method (the same rules, run on whole
 * tensors), the dynamic tape, and central differences; at sizes around the vector length and the loop's
 * blocks, in both floating types; and the cases the loop must leave to the tensor adjoint are checked to
 * give the tape's numbers too.
 */
class ElementwiseFusionTest {
  private static IntegrationTest.Loaded loaded;
  private static String code;

  /** Sizes below, at and around a vector of 4-16 lanes, and over several blocks of 64 vectors. */
  private static final int[] SIZES = {1, 3, 8, 17, 32, 33, 1000, 2048, 2500};

  @BeforeAll
  static void compileOnce() throws Exception {
    Compilation compilation = compile(source("f.Chains", SecondOrderPrograms.lines(
        "package f;",
        "import dev.adjoint.Differentiable;",
        "import dev.adjoint.Tensor;",
        "public class Chains {",
        "  @Differentiable public static Tensor chain(Tensor x) {",
        "    return x.sin().mul(x.square().neg().exp()).add(x.tanh()).sum();",
        "  }",
        // every fused operation, two tensors, a number parameter, locals reassigned, an elementwise result
        "  @Differentiable(wrt = {\"x\", \"y\"}) public static Tensor mixed(Tensor x, Tensor y, double s) {",
        "    Tensor u = x.mul(y).add(s).sigmoid();",
        "    Tensor v = y.square().add(1).log().sqrt();",
        "    u = u.div(v).sub(x.cos().mul(0.5)).rsub(2);",
        "    Tensor w = x.tan().reciprocal().rdiv(3).div(2.0).sub(1.5);",
        "    return u.mul(w).add(y.exp().neg()).sub(v);",
        "  }",
        "  @Differentiable public static Tensor squares(Tensor x, Tensor y) {",
        "    return x.mul(x).add(y.div(x.square().add(1))).sum();",
        "  }",
        // a mean squared error: the loop's sum over the number of elements
        "  @Differentiable public static Tensor mse(Tensor x, Tensor y) {",
        "    Tensor d = x.sub(y);",
        "    return d.square().mean();",
        "  }",
        // a value that is not 0 at 0: lanes past the last element must not reach the sum
        "  @Differentiable public static Tensor shifted(Tensor x) {",
        "    return x.sigmoid().add(1).mean();",
        "  }",
        // not fused: a reduction inside, a matrix product
        "  @Differentiable public static Tensor normalized(Tensor x) {",
        "    return x.div(x.sum()).exp();",
        "  }",
        "  @Differentiable public static Tensor product(Tensor a, Tensor b) {",
        "    return a.matmul(b).tanh().sum();",
        "  }",
        "}")));
    assertThat(compilation).succeededWithoutWarnings();
    code = compilation.generatedSourceFile("f.ChainsGradients").orElseThrow().getCharContent(true).toString();
    loaded = new IntegrationTest.Loaded(compilation);
  }

  @Test
  void elementwiseChainsAreWrittenAsOneLoopOnLanes() {
    for (String m : List.of("chain", "mixed", "squares", "mse", "shifted")) {
      assertTrue(code.contains("private static <V> " + Character.toUpperCase(m.charAt(0)) + m.substring(1)
          + "Gradient " + m + "FusedFloat32(Lanes<V> _lanes"), m + " has a fused loop:\n" + code);
      assertTrue(code.contains(m + "FusedFloat64(Lanes<V> _lanes"), m + " has a fused loop for doubles:\n" + code);
    }
    assertFalse(code.contains("normalizedFused"), "a sum inside the chain is not an elementwise step");
    assertFalse(code.contains("productFused"), "a matrix product is not an elementwise step");
    String chain = code.substring(code.indexOf("ChainGradient chainFusedFloat32("), code.indexOf("double chainFusedTailFloat32("));
    // the rules are FloatLaneRules', expanded from the template of ElementwiseRules, which the tensor adjoint's
    // TensorRules call; one load, one store per vector, of whole vectors only
    assertTrue(chain.contains("V _d_x = FloatLaneRules.tanhFromResult(_lanes, _p5, _d_p5);"), chain);
    assertTrue(chain.contains("_d_x = _lanes.add(_d_x, FloatLaneRules.sin(_lanes, _x, _d_p0));"), chain);
    assertEquals(1, count(chain, "_lanes.load("), chain);
    assertTrue(chain.contains("V _x = _lanes.load(x, _i);"), chain);
    assertEquals(1, count(chain, "_lanes.store("), chain);
    assertTrue(chain.contains("_lanes.store(_d_x, _grad_x, _i);"), chain);
    assertFalse(chain.contains("onlyBelow"), chain);
    assertFalse(chain.contains("Tensor _p"), "no tensor in between:\n" + chain);
    // the last, partial vector in a method of its own, with masked loads and stores
    assertTrue(chain.contains("_sum += chainFusedTailFloat32(_lanes, _whole, _n, x, seed, _grad_x);"), chain);
    String tail = code.substring(code.indexOf("double chainFusedTailFloat32("), code.indexOf("ChainGradient chainFusedFloat64("));
    assertTrue(tail.contains("V _x = _lanes.load(x, _i, _n);"), tail);
    assertTrue(tail.contains("_lanes.store(_d_x, _grad_x, _i, _n);"), tail);
    assertTrue(tail.contains("V _acc = _lanes.onlyBelow(_p6, _i, _n);"), tail);
    // an elementwise result: the seed's lanes loaded beside the operands', the value stored, in the loop and its tail
    String mixed = code.substring(code.indexOf("MixedGradient mixedFusedFloat32("), code.indexOf("MixedGradient mixedFusedFloat64("));
    assertTrue(mixed.contains("V _seed = _lanes.load(seed, _i);"), mixed);
    assertTrue(mixed.contains("V _seed = _lanes.load(seed, _i, _n);"), mixed);
    assertTrue(mixed.contains("mixedFusedTailFloat32(_lanes, _whole, _n, x, y, s, seed, _grad_x, _grad_y, _value);"), mixed);
    // the vector type is a type variable: the generated class compiles without the Vector API's module
    assertFalse(code.contains("jdk.incubator"), code);
    assertTrue(code.contains("if (Lanes.fusable(x) && Lanes.fusableSeed(seed)) {\n"
        + "      TensorAdjoints.checkSeed(seed, new int[0], x.dtype(), \"Chains.chain\", \"chainVjp\");\n"
        + "      return x.dtype() == DType.FLOAT32"
        + " ? chainFusedFloat32(Lanes.of(x), x, seed) : chainFusedFloat64(Lanes.of(x), x, seed);"), code);
    String doubles = code.substring(code.indexOf("ChainGradient chainFusedFloat64("));
    assertTrue(doubles.contains("DoubleLaneRules.sin(_lanes, _x, _d_p0)"), doubles);
    String mse = code.substring(code.indexOf("MseGradient mseFusedFloat32("), code.indexOf("MseGradient mseFusedFloat64("));
    assertTrue(mse.contains("V _seed = _lanes.broadcast((seed == null ? 1 : seed.item()) / _n);"), mse);
    assertTrue(mse.contains("return new MseGradient(Lanes.scalarLike(_sum / _n, x), _grad_x, _grad_y);"), mse);
    assertTrue(code.contains("if (Lanes.fusable(x, y, seed) && seed != null) {"), code);
  }

  @Test
  void fusedLoopsAgreeWithTheTensorAdjointTheTapeAndDifferences() throws Exception {
    for (DType type : List.of(DType.FLOAT64, DType.FLOAT32)) {
      double tol = type == DType.FLOAT64 ? 1e-12 : 2e-5;
      for (int n : SIZES) {
        Random rnd = new Random(n);
        Tensor x = Tensor.rand(rnd, n).mul(2).sub(1).to(type);
        Tensor y = Tensor.rand(rnd, n).mul(2).sub(1).to(type);
        Tensor seed = Tensor.randn(rnd, n).to(type);
        String where = type + " n=" + n;

        Object fused = loaded.call("f.ChainsGradients", "chainVjp", x, null);
        Object tensors = loaded.call("f.ChainsGradients", "chainReverse", loaded.call("f.ChainsGradients", "chainForward", x), null);
        assertClose(tensors, fused, tol, "chain " + where);
        assertMatchesTape(fused, tol, "chain " + where, null, t -> call("chain", t[0]), x);

        fused = loaded.call("f.ChainsGradients", "mixedVjp", x, y, 0.3, seed);
        tensors = loaded.call("f.ChainsGradients", "mixedReverse", loaded.call("f.ChainsGradients", "mixedForward", x, y, 0.3), seed);
        assertClose(tensors, fused, tol, "mixed " + where);
        assertMatchesTape(fused, tol, "mixed " + where, seed, t -> call("mixed", t[0], t[1], 0.3), x, y);

        fused = loaded.call("f.ChainsGradients", "squaresVjp", x, y, Tensor.scalar(-1.5, type));
        tensors = loaded.call("f.ChainsGradients", "squaresReverse", loaded.call("f.ChainsGradients", "squaresForward", x, y),
            Tensor.scalar(-1.5, type));
        assertClose(tensors, fused, tol, "squares " + where);

        fused = loaded.call("f.ChainsGradients", "shiftedVjp", x, null);
        tensors = loaded.call("f.ChainsGradients", "shiftedReverse", loaded.call("f.ChainsGradients", "shiftedForward", x), null);
        assertClose(tensors, fused, tol, "shifted " + where);
        assertMatchesTape(fused, tol, "shifted " + where, null, t -> call("shifted", t[0]), x);

        fused = loaded.call("f.ChainsGradients", "mseVjp", x, y, Tensor.scalar(0.7, type));
        tensors = loaded.call("f.ChainsGradients", "mseReverse", loaded.call("f.ChainsGradients", "mseForward", x, y),
            Tensor.scalar(0.7, type));
        assertClose(tensors, fused, tol, "mse " + where);
        assertMatchesTape(loaded.call("f.ChainsGradients", "mse", x, y), tol, "mse " + where, null,
            t -> call("mse", t[0], t[1]), x, y);
      }
    }
  }

  @Test
  void aSeedOfTheWrongDtypeIsRefusedByTheLoopAsByTheTensorAdjoint() throws Exception {
    Tensor x = Tensor.rand(new Random(3), 37).to(DType.FLOAT64);
    Tensor y = Tensor.rand(new Random(4), 37).to(DType.FLOAT64);
    assertTrue(dev.adjoint.Lanes.fusable(x, y), "the fused loop runs for these operands");
    Tensor seed = Tensor.scalar(2.0, DType.FLOAT32);
    String expected = "squaresVjp: seed dtype FLOAT32 does not match the output's dtype FLOAT64 (the shape [] is right);"
        + " pass a seed of dtype FLOAT64 (seed.to(DType.FLOAT64))";
    Exception fused = assertThrows(Exception.class, () -> loaded.call("f.ChainsGradients", "squaresVjp", x, y, seed));
    assertEquals(expected, rootCause(fused).getMessage());
    Exception tensors = assertThrows(Exception.class, () -> loaded.call("f.ChainsGradients", "squaresReverse",
        loaded.call("f.ChainsGradients", "squaresForward", x, y), seed));
    assertEquals(expected, rootCause(tensors).getMessage());
    // a seed of the right dtype scales the gradient
    Object one = loaded.call("f.ChainsGradients", "squaresVjp", x, y, Tensor.scalar(1.0, DType.FLOAT64));
    Object two = loaded.call("f.ChainsGradients", "squaresVjp", x, y, Tensor.scalar(2.0, DType.FLOAT64));
    assertAllClose(((Tensor) component(one, "dX")).mul(2), (Tensor) component(two, "dX"), 1e-12, "seed 2");
  }

  private static Throwable rootCause(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    assertTrue(cause instanceof IllegalArgumentException, "an IllegalArgumentException: " + cause);
    return cause;
  }

  @Test
  void fusedGradientsMatchCentralDifferences() throws Exception {
    Random rnd = new Random(5);
    Tensor x = Tensor.rand(rnd, 19).mul(2).sub(1).to(DType.FLOAT64);
    Tensor y = Tensor.rand(rnd, 19).mul(2).sub(1).to(DType.FLOAT64);
    Tensor seed = Tensor.randn(rnd, 19).to(DType.FLOAT64);
    Object g = loaded.call("f.ChainsGradients", "mixedVjp", x, y, 0.3, seed);
    for (int k = 0; k < 19; k += 6) {
      for (String wrt : List.of("x", "y")) {
        double h = 1e-6;
        Tensor plusX = wrt.equals("x") ? bumped(x, k, h) : x;
        Tensor minusX = wrt.equals("x") ? bumped(x, k, -h) : x;
        Tensor plusY = wrt.equals("y") ? bumped(y, k, h) : y;
        Tensor minusY = wrt.equals("y") ? bumped(y, k, -h) : y;
        double difference = (call("mixed", plusX, plusY, 0.3).mul(seed).sum().item()
            - call("mixed", minusX, minusY, 0.3).mul(seed).sum().item()) / (2 * h);
        double generated = ((Tensor) component(g, wrt.equals("x") ? "dX" : "dY")).get(k);
        assertEquals(difference, generated, 1e-6 * Math.max(1, Math.abs(difference)), wrt + "[" + k + "]");
      }
    }
  }

  @Test
  void viewsInTheLoopOtherOperandsToTheTensorAdjoint() throws Exception {
    Random rnd = new Random(9);
    Tensor m = Tensor.randn(rnd, 5, 4).to(DType.FLOAT64);
    // a transposed view is not contiguous; a broadcast operand has another shape; a seed of another shape
    Tensor transposed = m.t();
    Tensor row = Tensor.randn(rnd, 5).to(DType.FLOAT64);
    Tensor seed = Tensor.randn(rnd, 4, 5).to(DType.FLOAT64);
    Object g = loaded.call("f.ChainsGradients", "mixedVjp", transposed, row, 0.3, seed);
    assertMatchesTape(g, 1e-12, "transposed x, broadcast y", seed, t -> call("mixed", t[0], t[1], 0.3), transposed, row);
    Object h = loaded.call("f.ChainsGradients", "chainVjp", transposed, null);
    assertMatchesTape(h, 1e-12, "transposed chain", null, t -> call("chain", t[0]), transposed);
    // a contiguous view that starts inside its storage (a slice) runs in the loop, from its offset
    Tensor storage = Tensor.randn(rnd, 40).to(DType.FLOAT64);
    Tensor slice = storage.slice(0, 5, 28);
    Tensor other = storage.slice(0, 11, 34);
    Tensor sliceSeed = Tensor.randn(rnd, 60).to(DType.FLOAT64).slice(0, 7, 30);
    assertTrue(slice.isContiguous() && slice.isView(), "a contiguous view");
    Object fromViews = loaded.call("f.ChainsGradients", "mixedVjp", slice, other, 0.3, sliceSeed);
    assertClose(loaded.call("f.ChainsGradients", "mixedReverse", loaded.call("f.ChainsGradients", "mixedForward", slice, other, 0.3),
        sliceSeed), fromViews, 1e-12, "slices");
    assertMatchesTape(fromViews, 1e-12, "slices", sliceSeed, t -> call("mixed", t[0], t[1], 0.3), slice, other);
    // while the tape records, the loop would not: the tensor adjoint runs, so a second derivative exists
    Tensor x = Tensor.randn(rnd, 6).to(DType.FLOAT64).requiresGrad(true);
    Tensor d;
    try (GradScope scope = Autograd.enableGrad()) {
      d = ((Tensor) component(loaded.call("f.ChainsGradients", "chainVjp", x, null), "dX")).sum();
    }
    assertTrue(d.requiresGrad(), "the tensor adjoint recorded the gradient's computation");
  }

  private static Tensor call(String method, Object... args) {
    try {
      return (Tensor) loaded.call("f.Chains", method, args);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private interface Primal {
    Tensor apply(Tensor[] inputs);
  }

  /** The tape's value and gradients of {@code primal} at {@code inputs}, against a generated gradient record. */
  private static void assertMatchesTape(Object generated, double tol, String where, Tensor seed, Primal primal,
      Tensor... inputs) throws Exception {
    Tensor[] leaves = new Tensor[inputs.length];
    for (int i = 0; i < inputs.length; i++) {
      leaves[i] = inputs[i].detach().requiresGrad(true);
    }
    Tensor out = primal.apply(leaves);
    List<Tensor> grads = Autograd.grad(List.of(out), List.of(leaves), seed == null ? null : List.of(seed));
    assertAllClose(out, (Tensor) component(generated, "value"), tol, where + " value");
    RecordComponent[] cs = generated.getClass().getRecordComponents();
    for (int i = 0; i < inputs.length; i++) {
      assertAllClose(grads.get(i), (Tensor) cs[i + 1].getAccessor().invoke(generated), tol, where + " " + cs[i + 1].getName());
    }
  }

  private static void assertClose(Object expected, Object actual, double tol, String where) throws Exception {
    for (RecordComponent c : expected.getClass().getRecordComponents()) {
      assertAllClose((Tensor) c.getAccessor().invoke(expected), (Tensor) component(actual, c.getName()), tol,
          where + " " + c.getName());
    }
  }

  private static void assertAllClose(Tensor expected, Tensor actual, double tol, String where) {
    assertEquals(List.of(boxed(expected.shape())), List.of(boxed(actual.shape())), where + " shape");
    assertEquals(expected.dtype(), actual.dtype(), where + " dtype");
    double[] e = expected.contiguous().toDoubleArray();
    double[] a = actual.contiguous().toDoubleArray();
    for (int i = 0; i < e.length; i++) {
      assertEquals(e[i], a[i], tol * Math.max(1, Math.abs(e[i])), where + " [" + i + "]");
    }
  }

  private static Integer[] boxed(int[] shape) {
    return java.util.Arrays.stream(shape).boxed().toArray(Integer[]::new);
  }

  private static Object component(Object record, String name) throws Exception {
    for (RecordComponent c : record.getClass().getRecordComponents()) {
      if (c.getName().equals(name)) {
        return c.getAccessor().invoke(record);
      }
    }
    throw new IllegalArgumentException(name);
  }

  private static Tensor bumped(Tensor t, int k, double h) {
    double[] v = t.toDoubleArray();
    v[k] += h;
    return Tensor.of(DType.FLOAT64, v, t.shape());
  }

  private static int count(String s, String what) {
    int n = 0;
    for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }
}
