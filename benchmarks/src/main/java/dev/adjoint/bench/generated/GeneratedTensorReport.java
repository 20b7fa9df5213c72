package dev.adjoint.bench.generated;

import dev.adjoint.Autograd;
import dev.adjoint.GradScope;
import dev.adjoint.Tensor;
import dev.adjoint.bench.scalar.ScalarReport;
import dev.adjoint.bench.scalar.ScalarReport.Loop;
import dev.adjoint.bench.scalar.ScalarReport.Row;
import dev.adjoint.bench.tape.TapeWorkloads;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.DoubleSupplier;

/**
 * Generated Tensor adjoints against the tape on BENCHMARKS.md table A's tensor workloads, each pair
 * timed in alternating batches in one JVM ({@link ScalarReport#measure}: medians after warm-up). Prints
 * one markdown table: tape time, generated time, tape / generated. Run:
 * {@code java --add-modules=jdk.incubator.vector -cp benchmarks/target/benchmarks.jar dev.adjoint.bench.generated.GeneratedTensorReport}
 */
public final class GeneratedTensorReport {
  private GeneratedTensorReport() {}

  private static final double WARM_UP_SECONDS = 3.0;
  private static final int BATCHES = 7;
  static volatile double sink;

  private static Loop loop(DoubleSupplier body) {
    return reps -> {
      double s = 0;
      for (int i = 0; i < reps; i++) {
        s += body.getAsDouble();
      }
      sink = s;
      return s;
    };
  }

  /** The rows: each workload through the tape (the "primal" column of Row) and generated (the "gradient" column). */
  public static List<Row> rows() {
    Random rnd = new Random(7);
    List<Row> rows = new ArrayList<>();
    Tensor tiny = Tensor.rand(rnd, 16).requiresGrad(true);
    Tensor tinyPlain = tiny.detach();
    rows.add(ScalarReport.measure("tiny_100ops_fwdbwd", loop(() -> TapeWorkloads.tiny100Ops(tiny)),
        loop(() -> TensorWorkloadsGradients.tiny100(tinyPlain).dX().get(0)), WARM_UP_SECONDS, BATCHES, ""));
    for (int log : new int[] {20, 24}) {
      Tensor x = Tensor.rand(rnd, 1 << log).mul(4).sub(2).requiresGrad(true);
      Tensor plain = x.detach();
      rows.add(ScalarReport.measure("elementwise_chain_fwdbwd n=2^" + log, loop(() -> TapeWorkloads.elementwiseChainFwdBwd(x)),
          loop(() -> TensorWorkloadsGradients.elementwiseChain(plain).dX().get(0)), WARM_UP_SECONDS, log == 24 ? 3 : BATCHES, ""));
    }
    TapeWorkloads.Mlp mlp = new TapeWorkloads.Mlp(rnd);
    Tensor batch = Tensor.randn(rnd, 128, 784);
    int[] targets = new int[128];
    for (int i = 0; i < targets.length; i++) {
      targets[i] = rnd.nextInt(10);
    }
    GeneratedMlp generated = new GeneratedMlp(new Random(7));
    rows.add(ScalarReport.measure("mlp_train_step_b128 (784-256-256-10)", loop(() -> mlp.trainStep(batch, targets, 0.01)),
        loop(() -> generated.trainStep(batch, targets, 0.01)), WARM_UP_SECONDS, BATCHES, ""));
    rows.add(ScalarReport.measure("mlp loss gradient only, b128", loop(() -> {
      Tensor loss = mlp.loss(batch, targets);
      loss.backward();
      double v = loss.item();
      mlp.clearGrads();
      return v;
    }), loop(() -> generated.gradient(batch, targets).value().item()), WARM_UP_SECONDS, BATCHES, ""));
    return rows;
  }

  /** The same MLP trained with the generated gradient and plain SGD (parameters need no requiresGrad). */
  static final class GeneratedMlp {
    private final Tensor[] p;

    GeneratedMlp(Random rnd) {
      p = new Tensor[] {init(rnd, 784, 256), Tensor.zeros(256), init(rnd, 256, 256), Tensor.zeros(256),
          init(rnd, 256, 10), Tensor.zeros(10)};
    }

    private static Tensor init(Random rnd, int in, int out) {
      double bound = 1 / Math.sqrt(in);
      return Tensor.rand(rnd, in, out).mul(2 * bound).sub(bound);
    }

    TensorWorkloadsGradients.MlpLossGradient gradient(Tensor x, int[] targets) {
      return TensorWorkloadsGradients.mlpLoss(p[0], p[1], p[2], p[3], p[4], p[5], x, targets);
    }

    double trainStep(Tensor x, int[] targets, double lr) {
      TensorWorkloadsGradients.MlpLossGradient g = gradient(x, targets);
      Tensor[] grads = {g.dW1(), g.dB1(), g.dW2(), g.dB2(), g.dW3(), g.dB3()};
      try (GradScope s = Autograd.noGrad()) {
        for (int i = 0; i < p.length; i++) {
          p[i].addInPlace(grads[i], -lr);
        }
      }
      return g.value().item();
    }
  }

  public static void main(String[] args) {
    List<Row> rows = rows();
    System.out.println("| workload | tape | generated | tape / generated |");
    System.out.println("|---|---:|---:|---:|");
    for (Row r : rows) {
      System.out.printf(Locale.ROOT, "| %s | %s | %s | %.2f |%n", r.workload(), ScalarReport.human(r.primalNs()),
          ScalarReport.human(r.gradientNs()), r.ratio() == 0 ? 0 : 1 / r.ratio());
    }
  }
}
