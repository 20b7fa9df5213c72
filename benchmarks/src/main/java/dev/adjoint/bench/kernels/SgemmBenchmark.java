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
 * float32 {@code C = A·B}, {@code n × n}: the SIMD kernels on 1 and 2 threads (through
 * {@code -Dadjoint.threads}) and the scalar kernel. GFLOP/s = {@code 2n³ / time}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class SgemmBenchmark {
  @Param({"256", "1024"})
  int n;

  /** {@code vector-T} runs the SIMD kernels on at most T threads; {@code scalar} the oracle. */
  @Param({"vector-1", "vector-2", "scalar"})
  String kernels;

  private Kernels k;
  private float[] a;
  private float[] b;
  private float[] c;

  @Setup
  public void setUp() {
    if (kernels.startsWith("vector-")) {
      System.setProperty("adjoint.threads", kernels.substring("vector-".length()));
      k = KernelWorkloads.vector();
    } else {
      k = Kernels.scalar();
    }
    a = KernelWorkloads.randomFloats(n * n, 1);
    b = KernelWorkloads.randomFloats(n * n, 2);
    c = new float[n * n];
  }

  @Benchmark
  public float[] sgemm() {
    KernelWorkloads.sgemm(k, n, a, b, c);
    return c;
  }
}
