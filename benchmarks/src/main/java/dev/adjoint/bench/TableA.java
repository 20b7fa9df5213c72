package dev.adjoint.bench;

import dev.adjoint.Tensor;
import dev.adjoint.bench.generated.TensorWorkloadsGradients;
import dev.adjoint.bench.kernels.KernelWorkloads;
import dev.adjoint.bench.scalar.ScalarReport;
import dev.adjoint.bench.tape.TapeWorkloads;
import dev.adjoint.kernels.Kernels;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * The workloads of BENCHMARKS.md table A under the ids {@code benchmarks/pytorch/reference.py}
 * prints, each as a fresh setup and the one call to time. The order check ({@link OrderCheck}) runs
 * them alone and in sequence; {@code reference.py} times PyTorch on the same definitions.
 *
 * <p>Everything runs on one thread (matrix products with {@code adjoint.threads=1}), as PyTorch's
 * reference does.
 */
final class TableA {
  private TableA() {}

  /**
   * One workload.
   *
   * @param id the name {@code reference.py} gives it
   * @param calls how many times one run of {@code prepare}'s result calls the workload (more
   *     than 1 for nanosecond-scale workloads, whose time per run is then divided by it)
   * @param prepare allocates the inputs and returns what to time
   */
  record Workload(String id, int calls, Supplier<Runnable> prepare) {
    Workload(String id, Supplier<Runnable> prepare) {
      this(id, 1, prepare);
    }
  }

  private static final int SCALAR_CALLS = 1024;

  /** Keeps every result alive, so the JIT cannot drop a call. */
  static volatile double sink;

  /**
   * The workload called {@code id}.
   *
   * @throws IllegalArgumentException naming every workload, if none is called that
   */
  static Workload named(String id) {
    List<Workload> all = all();
    return all.stream().filter(w -> w.id().equals(id)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no workload named '" + id + "'; the names are "
            + all.stream().map(Workload::id).toList()));
  }

  /** Every workload, in table order. */
  static List<Workload> all() {
    return List.of(
        new Workload("scalar_rosenbrock_grad", () ->
            () -> sink = TapeWorkloads.rosenbrockGrad(1.5, -0.5)),
        new Workload("scalar_expr20_grad", () -> () -> sink = TapeWorkloads.expr20Grad(0.7, 1.3)),
        new Workload("generated scalar_rosenbrock_grad", SCALAR_CALLS, () ->
            () -> sink = ScalarReport.rosenbrockGradient(SCALAR_CALLS)),
        new Workload("generated scalar_expr20_grad", SCALAR_CALLS, () ->
            () -> sink = ScalarReport.expr20Gradient(SCALAR_CALLS)),
        new Workload("tiny_100ops_fwdbwd", () -> {
          Tensor x = Tensor.rand(new Random(1), 16).requiresGrad(true);
          return () -> sink = TapeWorkloads.tiny100Ops(x);
        }),
        chain(20),
        chain(24),
        generatedChain(20),
        generatedChain(24),
        sgemm(256),
        sgemm(1024),
        matmul(256),
        matmul(1024),
        new Workload("mlp_train_step_b128", () -> {
          Random rnd = new Random(4);
          TapeWorkloads.Mlp mlp = new TapeWorkloads.Mlp(rnd);
          Tensor x = Tensor.randn(rnd, 128, 784);
          int[] targets = new int[128];
          for (int i = 0; i < targets.length; i++) {
            targets[i] = rnd.nextInt(10);
          }
          return () -> sink = mlp.trainStep(x, targets, 0.01);
        }));
  }

  /** The elementwise chain's input: {@code 2^log} floats uniform in [-2, 2), the same in every run. */
  static Tensor chainInput(int log) {
    return Tensor.rand(new Random(2), 1 << log).mul(4).sub(2);
  }

  private static Workload chain(int log) {
    return new Workload("elementwise_chain_fwdbwd n=2^" + log, () -> {
      Tensor x = chainInput(log).requiresGrad(true);
      return () -> sink = TapeWorkloads.elementwiseChainFwdBwd(x);
    });
  }

  /**
   * The same chain through its generated adjoint ({@code TensorWorkloadsGradients.elementwiseChain}),
   * which runs as one fused loop over the elements.
   */
  private static Workload generatedChain(int log) {
    return new Workload("generated elementwise_chain_fwdbwd n=2^" + log, () -> {
      Tensor x = chainInput(log);
      return () -> sink = TensorWorkloadsGradients.elementwiseChain(x).dX().get(0);
    });
  }

  private static Workload sgemm(int n) {
    return new Workload("sgemm n=" + n, () -> {
      float[] a = KernelWorkloads.randomFloats(n * n, 1);
      float[] b = KernelWorkloads.randomFloats(n * n, 2);
      float[] c = new float[n * n];
      Kernels k = Kernels.get();
      return () -> KernelWorkloads.sgemm(k, n, a, b, c);
    });
  }

  private static Workload matmul(int n) {
    return new Workload("matmul_fwdbwd n=" + n, () -> {
      Random rnd = new Random(3);
      Tensor a = Tensor.randn(rnd, n, n).requiresGrad(true);
      Tensor b = Tensor.randn(rnd, n, n).requiresGrad(true);
      return () -> sink = TapeWorkloads.matmulFwdBwd(a, b);
    });
  }
}
