package dev.adjoint.bench.gmm;

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
 * GradBench gmm (n = 1000): the objective against its generated gradient with respect to alpha, mu, q and l.
 * Run: {@code java -jar benchmarks/target/benchmarks.jar Gmm}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class GmmBenchmarks {
  /** d x k, GradBench's smallest sizes (n = 1000). */
  @Param({"2x5", "10x5", "2x10", "10x10", "20x25"})
  public String size;

  GmmInput input;

  @Setup
  public void setUp() {
    String[] dk = size.split("x");
    input = GmmInput.generate(31337, Integer.parseInt(dk[0]), Integer.parseInt(dk[1]), 1000);
  }

  @Benchmark
  public double objective() {
    return input.objective();
  }

  @Benchmark
  public Object gradient() {
    return input.gradient();
  }
}
