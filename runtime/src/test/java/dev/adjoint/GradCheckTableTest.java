package dev.adjoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every differentiable operation of DESIGN §5, checked with {@link GradCheck} against central
 * differences, first and second order ({@link GradOption#CREATE_GRAPH}), in FLOAT64 (tight
 * tolerances) and FLOAT32 (the analytic side in float arithmetic, looser tolerances). Inputs are
 * drawn from a seeded generator inside each operation's domain, away from kinks and ties.
 */
class GradCheckTableTest {

  /** Where an operation's inputs are drawn from. */
  enum Domain {
    /** Uniform in [-1.5, 1.5]. */
    REAL,
    /** Uniform in [0.5, 2]: log, sqrt, pow with a real exponent, divisors. */
    POSITIVE,
    /** Uniform in [-1, 1]: tan. */
    UNIT,
    /** |x| in [0.2, 1.5] with a random sign: relu, abs, reciprocal (away from the kink). */
    AWAY_FROM_ZERO,
    /** Distinct values at least 0.1 apart, shuffled: max, min (no ties). */
    DISTINCT,
    /** In [-1, -0.6], [-0.4, 0.4] or [0.6, 1]: clamp(-0.5, 0.5) away from its bounds. */
    CLAMP_SAFE,
    /** The second input is the first plus or minus [0.2, 0.6] (same shape): maximum, minimum. */
    APART;

    double[][] sample(Random random, int[][] shapes) {
      double[][] values = new double[shapes.length][];
      for (int i = 0; i < shapes.length; i++) {
        int n = 1;
        for (int d : shapes[i]) {
          n *= d;
        }
        values[i] = new double[n];
        for (int k = 0; k < n; k++) {
          values[i][k] = one(random, this == APART && i > 0 ? values[0][k] : Double.NaN, k, n);
        }
        if (this == DISTINCT) {
          shuffle(random, values[i]);
        }
      }
      return values;
    }

    private double one(Random r, double partner, int k, int n) {
      switch (this) {
        case REAL:
          return -1.5 + 3 * r.nextDouble();
        case POSITIVE:
          return 0.5 + 1.5 * r.nextDouble();
        case UNIT:
          return -1 + 2 * r.nextDouble();
        case AWAY_FROM_ZERO:
          return (r.nextBoolean() ? 1 : -1) * (0.2 + 1.3 * r.nextDouble());
        case DISTINCT:
          return -1 + 0.25 * k + 0.1 * r.nextDouble();
        case CLAMP_SAFE: {
          double u = r.nextDouble();
          int band = r.nextInt(3);
          return band == 0 ? -1 + 0.4 * u : band == 1 ? -0.4 + 0.8 * u : 0.6 + 0.4 * u;
        }
        case APART:
          if (Double.isNaN(partner)) {
            return -1.5 + 3 * r.nextDouble();
          }
          return partner + (r.nextBoolean() ? 1 : -1) * (0.2 + 0.4 * r.nextDouble());
        default:
          throw new AssertionError(this);
      }
    }

    private static void shuffle(Random r, double[] a) {
      for (int i = a.length - 1; i > 0; i--) {
        int j = r.nextInt(i + 1);
        double t = a[i];
        a[i] = a[j];
        a[j] = t;
      }
    }
  }

  /** One operation: its name, the domain and shapes of its inputs, and the function. */
  record Op(String name, Domain domain, int[][] shapes, Function<List<Tensor>, Tensor> f) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static int[] s(int... dims) {
    return dims;
  }

  private static Op unary(String name, Domain d, Function<Tensor, Tensor> f) {
    return new Op(name, d, new int[][] {s(2, 3)}, in -> f.apply(in.get(0)));
  }

  private static Op unary(String name, Domain d, int[] shape, Function<Tensor, Tensor> f) {
    return new Op(name, d, new int[][] {shape}, in -> f.apply(in.get(0)));
  }

  private static Op binary(String name, Domain d, int[] a, int[] b,
      java.util.function.BinaryOperator<Tensor> f) {
    return new Op(name, d, new int[][] {a, b}, in -> f.apply(in.get(0), in.get(1)));
  }

  /** The table: every differentiable operation of DESIGN §5, with broadcasting variants. */
  static List<Op> operations() {
    List<Op> ops = new ArrayList<>();
    // Elementwise, unary.
    ops.add(unary("neg", Domain.REAL, Tensor::neg));
    ops.add(unary("exp", Domain.REAL, Tensor::exp));
    ops.add(unary("log", Domain.POSITIVE, Tensor::log));
    ops.add(unary("sin", Domain.REAL, Tensor::sin));
    ops.add(unary("cos", Domain.REAL, Tensor::cos));
    ops.add(unary("tan", Domain.UNIT, Tensor::tan));
    ops.add(unary("tanh", Domain.REAL, Tensor::tanh));
    ops.add(unary("sigmoid", Domain.REAL, Tensor::sigmoid));
    ops.add(unary("relu", Domain.AWAY_FROM_ZERO, Tensor::relu));
    ops.add(unary("sqrt", Domain.POSITIVE, Tensor::sqrt));
    ops.add(unary("abs", Domain.AWAY_FROM_ZERO, Tensor::abs));
    ops.add(unary("square", Domain.REAL, Tensor::square));
    ops.add(unary("reciprocal", Domain.AWAY_FROM_ZERO, Tensor::reciprocal));
    ops.add(unary("pow(2.0)", Domain.REAL, x -> x.pow(2.0)));
    ops.add(unary("pow(3.0)", Domain.REAL, x -> x.pow(3.0)));
    ops.add(unary("pow(2.5)", Domain.POSITIVE, x -> x.pow(2.5)));
    ops.add(unary("pow(-1.5)", Domain.POSITIVE, x -> x.pow(-1.5)));
    ops.add(unary("pow(0.0)", Domain.REAL, x -> x.pow(0.0)));
    ops.add(unary("clamp(-0.5,0.5)", Domain.CLAMP_SAFE, x -> x.clamp(-0.5, 0.5)));
    // Elementwise with a double.
    ops.add(unary("add(double)", Domain.REAL, x -> x.add(1.5)));
    ops.add(unary("sub(double)", Domain.REAL, x -> x.sub(0.7)));
    ops.add(unary("mul(double)", Domain.REAL, x -> x.mul(-2.0)));
    ops.add(unary("div(double)", Domain.REAL, x -> x.div(3.0)));
    // Elementwise, binary, same shape and broadcast.
    int[][][] shapePairs = {
        {s(2, 3), s(2, 3)}, {s(2, 3), s(3)}, {s(2, 1), s(1, 3)}, {s(), s(2, 3)}, {s(3), s(2, 3)}};
    for (int[][] p : shapePairs) {
      String shapes = java.util.Arrays.toString(p[0]) + "," + java.util.Arrays.toString(p[1]);
      ops.add(binary("add" + shapes, Domain.REAL, p[0], p[1], Tensor::add));
      ops.add(binary("sub" + shapes, Domain.REAL, p[0], p[1], Tensor::sub));
      ops.add(binary("mul" + shapes, Domain.REAL, p[0], p[1], Tensor::mul));
      ops.add(binary("div" + shapes, Domain.POSITIVE, p[0], p[1], Tensor::div));
      ops.add(binary("pow(Tensor)" + shapes, Domain.POSITIVE, p[0], p[1], Tensor::pow));
    }
    ops.add(binary("maximum", Domain.APART, s(2, 3), s(2, 3), Tensor::maximum));
    ops.add(binary("minimum", Domain.APART, s(2, 3), s(2, 3), Tensor::minimum));
    ops.add(new Op("where", Domain.REAL, new int[][] {s(2, 3), s(2, 3)}, in -> Tensor.where(
        constantMask(in.get(0)), in.get(0), in.get(1))));
    ops.add(new Op("where[broadcast]", Domain.REAL, new int[][] {s(2, 3), s(3)}, in -> Tensor.where(
        constantMask(in.get(0)), in.get(0), in.get(1))));
    // Reductions.
    ops.add(unary("sum()", Domain.REAL, Tensor::sum));
    ops.add(unary("sum(1,false)", Domain.REAL, x -> x.sum(1, false)));
    ops.add(unary("sum(0,true)", Domain.REAL, x -> x.sum(0, true)));
    ops.add(unary("mean()", Domain.REAL, Tensor::mean));
    ops.add(unary("mean(1,true)", Domain.REAL, x -> x.mean(1, true)));
    ops.add(unary("mean(0,false)", Domain.REAL, x -> x.mean(0, false)));
    ops.add(unary("max()", Domain.DISTINCT, Tensor::max));
    ops.add(unary("min()", Domain.DISTINCT, Tensor::min));
    ops.add(unary("max(1,false)", Domain.DISTINCT, x -> x.max(1, false)));
    ops.add(unary("max(0,true)", Domain.DISTINCT, x -> x.max(0, true)));
    ops.add(unary("norm()", Domain.REAL, Tensor::norm));
    ops.add(unary("logSumExp(1)", Domain.REAL, x -> x.logSumExp(1)));
    ops.add(unary("logSumExp(0)", Domain.REAL, x -> x.logSumExp(0)));
    ops.add(unary("softmax(1)", Domain.REAL, x -> x.softmax(1)));
    ops.add(unary("softmax(0)", Domain.REAL, x -> x.softmax(0)));
    ops.add(unary("logSoftmax(1)", Domain.REAL, x -> x.logSoftmax(1)));
    ops.add(unary("logSoftmax(0)", Domain.REAL, x -> x.logSoftmax(0)));
    // Linear algebra.
    ops.add(binary("dot", Domain.REAL, s(4), s(4), Tensor::dot));
    ops.add(binary("matmul 2-D", Domain.REAL, s(2, 3), s(3, 4), Tensor::matmul));
    ops.add(binary("matmul 1-D,1-D", Domain.REAL, s(3), s(3), Tensor::matmul));
    ops.add(binary("matmul 1-D,2-D", Domain.REAL, s(3), s(3, 2), Tensor::matmul));
    ops.add(binary("matmul 2-D,1-D", Domain.REAL, s(2, 3), s(3), Tensor::matmul));
    ops.add(binary("matmul batched", Domain.REAL, s(2, 2, 3), s(2, 3, 2), Tensor::matmul));
    ops.add(binary("matmul batched,2-D", Domain.REAL, s(2, 2, 3), s(3, 2), Tensor::matmul));
    // Shape.
    ops.add(unary("t()", Domain.REAL, x -> x.t().mul(x.t())));
    ops.add(unary("transpose(0,2)", Domain.REAL, s(2, 3, 2), x -> x.transpose(0, 2).exp()));
    ops.add(unary("reshape(3,2)", Domain.REAL, x -> x.reshape(3, 2).sin()));
    ops.add(unary("reshape(-1)", Domain.REAL, x -> x.reshape(-1).mul(x.reshape(-1))));
    ops.add(unary("reshape of transpose", Domain.REAL, x -> x.t().reshape(6).square()));
    ops.add(unary("permute(2,0,1)", Domain.REAL, s(2, 3, 2), x -> x.permute(2, 0, 1).square()));
    ops.add(unary("squeeze(1)", Domain.REAL, s(2, 1, 3), x -> x.squeeze(1).square()));
    ops.add(unary("unsqueeze(0)", Domain.REAL, x -> x.unsqueeze(0).square()));
    ops.add(unary("unsqueeze(2)", Domain.REAL, x -> x.unsqueeze(2).square()));
    ops.add(unary("expand(2,3)", Domain.REAL, s(2, 1), x -> x.expand(2, 3).square()));
    ops.add(unary("expand(4,2,3)", Domain.REAL, x -> x.expand(4, 2, 3).square()));
    ops.add(unary("flatten()", Domain.REAL, s(2, 3, 2), x -> x.flatten().square()));
    ops.add(unary("slice(1,1,3)", Domain.REAL, x -> x.slice(1, 1, 3).square()));
    ops.add(unary("slice(0,0,1)", Domain.REAL, x -> x.slice(0, 0, 1).square()));
    ops.add(unary("select(1,2)", Domain.REAL, x -> x.select(1, 2).square()));
    ops.add(unary("select(0,1)", Domain.REAL, x -> x.select(0, 1).square()));
    ops.add(unary("indexSelect(0,[2,0,2])", Domain.REAL, s(3, 2),
        x -> x.indexSelect(0, new int[] {2, 0, 2}).square()));
    ops.add(unary("indexSelect(1,[1,1])", Domain.REAL, x -> x.indexSelect(1, new int[] {1, 1})
        .square()));
    ops.add(binary("cat(0)", Domain.REAL, s(2, 3), s(1, 3), (a, b) -> Tensor.cat(0, a, b).square()));
    ops.add(binary("cat(1)", Domain.REAL, s(2, 3), s(2, 2), (a, b) -> Tensor.cat(1, a, b).square()));
    ops.add(binary("stack(0)", Domain.REAL, s(2, 3), s(2, 3),
        (a, b) -> Tensor.stack(0, a, b).square()));
    ops.add(binary("stack(2)", Domain.REAL, s(2, 3), s(2, 3),
        (a, b) -> Tensor.stack(2, a, b).square()));
    // Losses.
    ops.add(unary("crossEntropy", Domain.REAL, s(3, 4),
        x -> Tensor.crossEntropy(x, new int[] {1, 0, 3})));
    ops.add(binary("mseLoss", Domain.REAL, s(2, 3), s(2, 3), Tensor::mseLoss));
    // Graphs that reuse tensors (several gradients meet in one node or leaf).
    ops.add(unary("x + x", Domain.REAL, x -> x.add(x)));
    ops.add(unary("x * x * x", Domain.REAL, x -> x.mul(x).mul(x)));
    ops.add(unary("diamond exp", Domain.REAL, x -> {
      Tensor a = x.exp();
      return a.mul(a).add(a.sin()).sub(a);
    }));
    ops.add(unary("views of one input", Domain.REAL, x -> x.reshape(6).mul(x.t().reshape(6))
        .add(x.select(0, 1).sum())));
    ops.add(binary("broadcast both ways", Domain.REAL, s(2, 1), s(3),
        (a, b) -> a.mul(b).add(a).mul(b.exp())));
    // A small composite: two layers.
    ops.add(new Op("mlp", Domain.REAL, new int[][] {s(4, 3), s(3, 5), s(5), s(5, 2)},
        in -> Tensor.crossEntropy(
            in.get(0).matmul(in.get(1)).add(in.get(2)).tanh().matmul(in.get(3)),
            new int[] {0, 1, 1, 0})));
    return ops;
  }

  /** A mask computed from the inputs' values but carrying no gradient. */
  private static Tensor constantMask(Tensor x) {
    return x.detach().gt(Tensor.zerosLike(x.detach()));
  }

  /**
   * The table's rows: (operation with its input domain, dtype, tolerance). Every operation passes
   * with GradCheck's defaults for the dtype (FLOAT64: atol 1e-5, rtol 1e-3; FLOAT32: atol 1e-4,
   * rtol 1e-3, the numeric side still in FLOAT64); a row that needed looser numbers would say so
   * here.
   */
  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (Op op : operations()) {
      for (DType dtype : DType.values()) {
        cases.add(Arguments.of(op, dtype, GradCheck.Options.defaultsFor(dtype)));
      }
    }
    return cases.stream();
  }

  private static List<Tensor> inputs(Op op, DType dtype) {
    Random random = new Random(op.name().hashCode());
    double[][] values = op.domain().sample(random, op.shapes());
    List<Tensor> in = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      in.add(GradCheck.tensorOf(values[i], op.shapes()[i], dtype).requiresGrad(true));
    }
    return in;
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("cases")
  void firstOrder(Op op, DType dtype, GradCheck.Options tolerance) {
    GradCheck.Result r = GradCheck.check(op.f(), inputs(op, dtype), tolerance);
    assertTrue(r.passed(), op.name() + " " + dtype + ": " + r);
    assertTrue(r.entries() > 0, "nothing was compared: " + r);
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("cases")
  void secondOrder(Op op, DType dtype, GradCheck.Options tolerance) {
    GradCheck.Result r = GradCheck.checkSecondOrder(op.f(), inputs(op, dtype), tolerance);
    assertTrue(r.passed(), op.name() + " " + dtype + ": " + r);
    assertTrue(r.entries() > 0, "nothing was compared: " + r);
  }

  /**
   * backward() twice on fresh graphs accumulates exactly twice the gradient Autograd.grad returns,
   * and neither pass changes the inputs: catches rules or the engine writing in place into a
   * tensor someone else still holds (an input, a saved tensor, the seed, an earlier gradient).
   */
  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void backwardAccumulatesWithoutTouchingInputs(Op op, DType dtype, GradCheck.Options unused) {
    List<Tensor> in = inputs(op, dtype);
    List<double[]> before = new ArrayList<>();
    for (Tensor t : in) {
      before.add(t.toDoubleArray());
    }
    Tensor out = op.f().apply(in);
    Random random = new Random(3);
    double[] seedValues = new double[out.numel()];
    for (int i = 0; i < seedValues.length; i++) {
      seedValues[i] = 0.5 + random.nextDouble();
    }
    Tensor seed = GradCheck.tensorOf(seedValues, out.shape(), out.dtype());
    double[] seedBefore = seed.toDoubleArray();
    List<Tensor> once = Autograd.grad(List.of(out), in, List.of(seed), GradOption.ALLOW_UNUSED);
    for (int pass = 0; pass < 2; pass++) {
      op.f().apply(in).backward(seed);
    }
    assertArrayEquals(seedBefore, seed.toDoubleArray(), 0.0, op.name() + ": the seed changed");
    for (int i = 0; i < in.size(); i++) {
      assertArrayEquals(before.get(i), in.get(i).toDoubleArray(), 0.0,
          op.name() + ": backward changed input " + i);
      Tensor g1 = once.get(i);
      Tensor acc = in.get(i).grad();
      if (g1 == null) {
        assertTrue(acc == null || allZero(acc), op.name() + ": input " + i + " got " + acc);
        continue;
      }
      double[] expected = g1.toDoubleArray();
      double[] actual = acc.toDoubleArray();
      double tol = dtype == DType.FLOAT64 ? 1e-12 : 1e-5;
      for (int k = 0; k < expected.length; k++) {
        assertEquals(2 * expected[k], actual[k], tol * Math.max(1, Math.abs(expected[k])),
            op.name() + ": accumulated gradient of input " + i + " at " + k + " = " + acc
                + " but one pass gives " + g1);
      }
    }
  }

  private static boolean allZero(Tensor t) {
    for (double v : t.toDoubleArray()) {
      if (v != 0) {
        return false;
      }
    }
    return true;
  }

  // ---------------------------------------------------------------------------------------------
  // Where finite differences cannot judge: kinks, ties and special points. Expected gradients are
  // PyTorch 1.13's (float32):
  //   x = torch.tensor([0.0, -1, 2], requires_grad=True); x.relu().sum().backward()  # [0, 0, 1]
  //   x.abs().sum().backward()                                                        # [0, -1, 1]
  //   x = torch.tensor([-0.5, 0.5, 0, 2], requires_grad=True)
  //   x.clamp(-0.5, 0.5).sum().backward()                                             # [1, 1, 1, 0]
  //   x = torch.tensor([1.0, 2]); y = torch.tensor([1.0, 1]); x.maximum(y).sum().backward()
  //                                                     # x.grad [0.5, 1], y.grad [0.5, 0]
  //   x = torch.tensor([0.0, 0], requires_grad=True); x.norm().backward()             # [0, 0]
  //   x = torch.tensor([0.0, 2]); p = torch.tensor([2.0, 3]); x.pow(p).sum().backward()
  //                                                     # x.grad [0, 12], p.grad [0, 5.5452]
  //   x = torch.tensor([0.0, 2], requires_grad=True); x.pow(0.0).sum().backward()     # [0, 0]

  record Special(String name, double[][] inputs, Function<List<Tensor>, Tensor> f,
      double[][] expectedGrads) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Special> specialPoints() {
    return List.of(
        new Special("relu at 0", new double[][] {{0, -1, 2}}, in -> in.get(0).relu().sum(),
            new double[][] {{0, 0, 1}}),
        new Special("abs at 0", new double[][] {{0, -1, 2}}, in -> in.get(0).abs().sum(),
            new double[][] {{0, -1, 1}}),
        new Special("clamp at its bounds", new double[][] {{-0.5, 0.5, 0, 2}},
            in -> in.get(0).clamp(-0.5, 0.5).sum(), new double[][] {{1, 1, 1, 0}}),
        new Special("maximum at a tie", new double[][] {{1, 2}, {1, 1}},
            in -> in.get(0).maximum(in.get(1)).sum(), new double[][] {{0.5, 1}, {0.5, 0}}),
        new Special("minimum at a tie", new double[][] {{1, 0}, {1, 1}},
            in -> in.get(0).minimum(in.get(1)).sum(), new double[][] {{0.5, 1}, {0.5, 0}}),
        new Special("norm at 0", new double[][] {{0, 0}}, in -> in.get(0).norm(),
            new double[][] {{0, 0}}),
        new Special("pow(Tensor) with base 0", new double[][] {{0, 2}, {2, 3}},
            in -> in.get(0).pow(in.get(1)).sum(),
            new double[][] {{0, 12}, {0, 8 * Math.log(2)}}),
        new Special("pow(0.0) at 0", new double[][] {{0, 2}}, in -> in.get(0).pow(0.0).sum(),
            new double[][] {{0, 0}}));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("specialPoints")
  void subgradientsAtSpecialPointsMatchPyTorch(Special c) {
    List<Tensor> in = new ArrayList<>();
    for (double[] v : c.inputs()) {
      in.add(Tensor.of(v).requiresGrad(true));
    }
    c.f().apply(in).backward();
    for (int i = 0; i < in.size(); i++) {
      assertArrayEquals(c.expectedGrads()[i], in.get(i).grad().toDoubleArray(), 1e-5,
          c.name() + ": gradient of input " + i + " = " + in.get(i).grad());
    }
  }

  /**
   * At a tie, max() and min() send the whole gradient to one arg-max (DESIGN §5), where PyTorch
   * 1.13 splits it evenly ([0, 0.5, 0.5] for max of [1, 3, 3]); either is a valid subgradient:
   * non-negative, only on tied extremes, summing to 1.
   */
  @Test
  void maxAndMinAtTiesGiveAValidSubgradient() {
    double[] values = {1, 3, 3, -2, -2};
    for (boolean max : new boolean[] {true, false}) {
      Tensor x = Tensor.of(values).requiresGrad(true);
      (max ? x.max() : x.min()).backward();
      double[] g = x.grad().toDoubleArray();
      double extreme = max ? 3 : -2;
      double sum = 0;
      for (int i = 0; i < g.length; i++) {
        assertTrue(g[i] >= 0 && (g[i] == 0 || values[i] == extreme), (max ? "max" : "min")
            + " gradient " + x.grad());
        sum += g[i];
      }
      assertEquals(1.0, sum, 1e-6, (max ? "max" : "min") + " gradient " + x.grad());
    }
  }
}
