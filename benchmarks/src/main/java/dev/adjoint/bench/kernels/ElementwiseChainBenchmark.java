package dev.adjoint.bench.kernels;

import dev.adjoint.kernels.Kernels;
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
 * {@code y = sin(x)·exp(-x²) + tanh(x)} forward on float32, one kernel call per operation
 * ({@link KernelWorkloads#chainForward}): SIMD kernels against the scalar {@code Math} loops.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx2g"})
public class ElementwiseChainBenchmark {
  @Param({"1048576", "16777216"})
  int n;

  @Param({"vector", "scalar"})
  String kernels;

  private Kernels k;
  private float[] x;
  private float[] y;
  private float[] s;
  private float[] t;

  @Setup
  public void setUp() {
    k = kernels.equals("vector") ? KernelWorkloads.vector() : Kernels.scalar();
    x = KernelWorkloads.randomFloats(n, 3);
    y = new float[n];
    s = new float[n];
    t = new float[n];
  }

  @Benchmark
  public float[] forward() {
    KernelWorkloads.chainForward(k, x, y, s, t);
    return y;
  }
}
