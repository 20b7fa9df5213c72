package dev.adjoint.bench;

import dev.adjoint.Autograd;
import dev.adjoint.GradScope;
import dev.adjoint.Tensor;
import dev.adjoint.bench.generated.TensorWorkloads;
import dev.adjoint.bench.generated.TensorWorkloadsGradients;
import dev.adjoint.bench.gmm.GmmInput;
import dev.adjoint.bench.gmm.GmmObjective;
import dev.adjoint.bench.gmm.GmmObjectiveGradients;
import dev.adjoint.bench.scalar.ScalarReport;
import dev.adjoint.bench.scalar.ScalarReport.Loop;
import dev.adjoint.bench.scalar.ScalarReport.Row;
import dev.adjoint.bench.scalar.ScalarWorkloads;
import dev.adjoint.bench.tape.TapeWorkloads;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.DoubleSupplier;

/**
 * The gradient workloads of BENCHMARKS.md table A and GradBench gmm, each timed against its
 * primal in alternating batches ({@link ScalarReport#measure}): through the tape (the primal runs
 * the same tensor code under {@code noGrad}) and through the generated adjoints (the primal is the
 * plain Java method).
 */
final class GradientTable {
  private GradientTable() {}

  private static final double WARM_UP_SECONDS = 3.0; // C2 needs about a second for the larger adjoints (gmm) on 2 cores
  private static final int BATCHES = 7;

  private static Loop loop(DoubleSupplier body) {
    return reps -> {
      double s = 0;
      for (int i = 0; i < reps; i++) {
        s += body.getAsDouble();
      }
      return s;
    };
  }

  private static Loop noGrad(DoubleSupplier body) {
    return reps -> {
      try (GradScope g = Autograd.noGrad()) {
        return loop(body).run(reps);
      }
    };
  }

  static List<Row> rows(String filter) {
    List<Row> rows = new ArrayList<>();
    Random rnd = new Random(7);

    add(rows, filter, "tape: tiny_100ops_fwdbwd", () -> {
      Tensor x = Tensor.rand(rnd, 16).requiresGrad(true);
      return new Loop[] {noGrad(() -> tinyForward(x)), loop(() -> TapeWorkloads.tiny100Ops(x))};
    }, "1.79 ms");
    for (int log : new int[] {20, 24}) {
      add(rows, filter, "tape: elementwise_chain_fwdbwd n=2^" + log, () -> {
        Tensor x = Tensor.rand(rnd, 1 << log).mul(4).sub(2).requiresGrad(true);
        return new Loop[] {
            noGrad(() -> TapeWorkloads.elementwiseChain(x).sum().item()),
            loop(() -> TapeWorkloads.elementwiseChainFwdBwd(x))};
      }, log == 20 ? "42.8 ms" : "2.03 s");
    }
    for (int n : new int[] {256, 1024}) {
      add(rows, filter, "tape: matmul_fwdbwd n=" + n, () -> {
        Tensor a = Tensor.randn(rnd, n, n).requiresGrad(true);
        Tensor b = Tensor.randn(rnd, n, n).requiresGrad(true);
        return new Loop[] {
            noGrad(() -> a.matmul(b).sum().item()), loop(() -> TapeWorkloads.matmulFwdBwd(a, b))};
      }, n == 256 ? "1.75 ms" : "80 ms");
    }
    add(rows, filter, "tape: mlp_train_step_b128", () -> {
      TapeWorkloads.Mlp mlp = new TapeWorkloads.Mlp(rnd);
      Tensor x = Tensor.randn(rnd, 128, 784);
      int[] targets = new int[128];
      for (int i = 0; i < targets.length; i++) {
        targets[i] = rnd.nextInt(10);
      }
      return new Loop[] {
          noGrad(() -> Tensor.crossEntropy(mlp.forward(x), targets).item()),
          loop(() -> mlp.trainStep(x, targets, 0.01))};
    }, "4.37 ms");
    add(rows, filter, "tape: scalar_rosenbrock_grad", () -> new Loop[] {
        loop(() -> ScalarWorkloads.rosenbrock(1.5, -0.5)),
        loop(() -> TapeWorkloads.rosenbrockGrad(1.5, -0.5))}, "262 µs");
    add(rows, filter, "tape: scalar_expr20_grad", () -> new Loop[] {
        loop(() -> ScalarWorkloads.expr20(0.7, 1.3)),
        loop(() -> TapeWorkloads.expr20Grad(0.7, 1.3))}, "681 µs");

    // Inputs jittered around the benchmark point, or the JIT folds the whole call away.
    add(rows, filter, "generated: scalar_rosenbrock_grad", () -> new Loop[] {
        ScalarReport::rosenbrockPrimal, ScalarReport::rosenbrockGradient}, "262 µs");
    add(rows, filter, "generated: scalar_expr20_grad", () -> new Loop[] {
        ScalarReport::expr20Primal, ScalarReport::expr20Gradient}, "681 µs");
    for (int log : new int[] {20, 24}) {
      add(rows, filter, "generated: elementwise_chain_fwdbwd n=2^" + log, () -> {
        Tensor x = Tensor.rand(rnd, 1 << log).mul(4).sub(2);
        return new Loop[] {
            loop(() -> TensorWorkloads.elementwiseChain(x).item()),
            loop(() -> TensorWorkloadsGradients.elementwiseChain(x).dX().get(0))};
      }, log == 20 ? "42.8 ms" : "2.03 s");
    }
    for (int[] dk : new int[][] {{2, 5}, {10, 5}, {20, 25}}) {
      GmmInput in = GmmInput.generate(31337, dk[0], dk[1], 1000);
      add(rows, filter, "generated: gmm " + in, () -> new Loop[] {
          loop(() -> GmmObjective.objective(in.d(), in.k(), in.n(), in.alpha(), in.mu(), in.q(),
              in.l(), in.x(), in.gamma(), in.m())),
          loop(() -> GmmObjectiveGradients.objective(in.d(), in.k(), in.n(), in.alpha(), in.mu(),
              in.q(), in.l(), in.x(), in.gamma(), in.m()).dAlpha()[0])},
          "ratio: C++ 2.4, Tapenade 3.3, PyTorch 3.3");
    }
    return rows;
  }

  /** The primal of tiny_100ops: the same 100 operations and the sum, nothing recorded. */
  private static double tinyForward(Tensor x) {
    Tensor y = x;
    for (int i = 0; i < 50; i++) {
      y = y.mul(1.0001).add(0.001);
    }
    return y.sum().item();
  }

  private interface Setup {
    Loop[] primalAndGradient();
  }

  private static void add(List<Row> rows, String filter, String name, Setup setup, String peer) {
    if (!name.matches(filter)) {
      return;
    }
    Loop[] loops = setup.primalAndGradient();
    rows.add(ScalarReport.measure(name, loops[0], loops[1], WARM_UP_SECONDS, BATCHES, peer));
  }

  static void print(List<Row> rows) {
    System.out.println("| workload | primal | gradient | gradient / primal | PyTorch 1.13, 1 thread (BENCHMARKS.md) |");
    System.out.println("|---|---:|---:|---:|---:|");
    for (Row r : rows) {
      System.out.printf(Locale.ROOT, "| %s | %s | %s | %.2f | %s |%n", r.workload(),
          ScalarReport.human(r.primalNs()), ScalarReport.human(r.gradientNs()), r.ratio(), r.peer());
    }
  }
}
