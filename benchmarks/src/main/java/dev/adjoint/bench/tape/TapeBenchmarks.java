package dev.adjoint.bench.tape;

import dev.adjoint.Tensor;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH for the tape workloads of BENCHMARKS.md table A. Run with
 * {@code java -jar benchmarks/target/benchmarks.jar 'dev.adjoint.bench.tape'}.
 */
@BenchmarkMode(Mode.AverageTime)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
@Warmup(iterations = 5, time = 3)
@Measurement(iterations = 5, time = 2)
public class TapeBenchmarks {

  /** tiny_100ops_fwdbwd: per-op overhead of recording and differentiating (101 ops). */
  @State(Scope.Thread)
  public static class Tiny {
    Tensor x;

    /** A 16-element leaf. */
    @Setup
    public void setup() {
      x = Tensor.rand(new Random(1), 16).requiresGrad(true);
    }
  }

  /** tiny_100ops_fwdbwd. */
  @Benchmark
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public double tiny100OpsFwdBwd(Tiny s) {
    return TapeWorkloads.tiny100Ops(s.x);
  }

  /** Inputs of elementwise_chain. */
  @State(Scope.Thread)
  public static class Chain {
    @Param({"1048576", "16777216"})
    int n;
    Tensor x;
    Tensor constant;

    /** Uniform inputs in [-2, 2). */
    @Setup
    public void setup() {
      x = Tensor.rand(new Random(2), n).mul(4).sub(2).requiresGrad(true);
      constant = x.detach();
    }
  }

  /** elementwise_chain forward only, on a tensor that does not require grad (the primal). */
  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public Tensor elementwiseChainForward(Chain s) {
    return TapeWorkloads.elementwiseChain(s.constant);
  }

  /** elementwise_chain_fwdbwd. */
  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public double elementwiseChainFwdBwd(Chain s) {
    return TapeWorkloads.elementwiseChainFwdBwd(s.x);
  }

  /** GELU (tanh approximation) written with ten tensor operations, forward and backward. */
  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public double geluFwdBwd(Chain s) {
    return TapeWorkloads.geluFwdBwd(s.x);
  }

  /** Inputs of matmul_fwdbwd. */
  @State(Scope.Thread)
  public static class Matmul {
    @Param({"256", "1024"})
    int n;
    Tensor a;
    Tensor b;

    /** Standard normal square matrices. */
    @Setup
    public void setup() {
      Random rnd = new Random(3);
      a = Tensor.randn(rnd, n, n).requiresGrad(true);
      b = Tensor.randn(rnd, n, n).requiresGrad(true);
    }
  }

  /** matmul forward only (the primal of matmul_fwdbwd). */
  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public Tensor matmulForward(Matmul s) {
    return s.a.detach().matmul(s.b.detach());
  }

  /** matmul_fwdbwd. */
  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public double matmulFwdBwd(Matmul s) {
    return TapeWorkloads.matmulFwdBwd(s.a, s.b);
  }

  /** The model and a batch for mlp_train_step_b128. */
  @State(Scope.Thread)
  public static class MlpState {
    TapeWorkloads.Mlp mlp;
    Tensor x;
    int[] targets;

    /** Random weights, inputs and labels. */
    @Setup
    public void setup() {
      Random rnd = new Random(4);
      mlp = new TapeWorkloads.Mlp(rnd);
      x = Tensor.rand(rnd, 128, 784);
      targets = new int[128];
      for (int i = 0; i < targets.length; i++) {
        targets[i] = rnd.nextInt(10);
      }
    }
  }

  /** mlp_train_step_b128. */
  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public double mlpTrainStepB128(MlpState s) {
    return s.mlp.trainStep(s.x, s.targets, 0.01);
  }

  /** scalar_rosenbrock_grad through the tape. */
  @Benchmark
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public double scalarRosenbrockGradTape() {
    return TapeWorkloads.rosenbrockGrad(1.5, -0.5);
  }

  /** scalar_expr20_grad through the tape. */
  @Benchmark
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public double scalarExpr20GradTape() {
    return TapeWorkloads.expr20Grad(0.7, 1.3);
  }
}
