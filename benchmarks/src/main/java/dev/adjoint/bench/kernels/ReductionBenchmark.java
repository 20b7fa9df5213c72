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

/** sum, max and dot of 2^20 floats: SIMD kernels against the scalar kernels. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class ReductionBenchmark {
  @Param({"1048576"})
  int n;

  @Param({"vector", "scalar"})
  String kernels;

  private Kernels k;
  private float[] x;
  private float[] y;

  @Setup
  public void setUp() {
    k = kernels.equals("vector") ? KernelWorkloads.vector() : Kernels.scalar();
    x = KernelWorkloads.randomFloats(n, 5);
    y = KernelWorkloads.randomFloats(n, 6);
  }

  @Benchmark
  public double sum() {
    return k.sum(x, 0, n);
  }

  @Benchmark
  public double max() {
    return k.max(x, 0, n);
  }

  @Benchmark
  public double dot() {
    return k.dot(x, 0, y, 0, n);
  }
}
