package dev.adjoint.bench.scalar;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * scalar_rosenbrock_grad and scalar_expr20_grad (BENCHMARKS.md table A): the primal against the generated
 * gradient (value and both partials). Run: {@code java -jar benchmarks/target/benchmarks.jar Scalar}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class ScalarBenchmarks {
  // Fields, not constants, so the JIT cannot fold the workloads away.
  double rx = 1.5;
  double ry = -0.5;
  double ex = 0.7;
  double ey = 1.3;

  @Benchmark
  public double rosenbrockPrimal() {
    return ScalarWorkloads.rosenbrock(rx, ry);
  }

  @Benchmark
  public ScalarWorkloadsGradients.RosenbrockGradient rosenbrockGradient() {
    return ScalarWorkloadsGradients.rosenbrock(rx, ry);
  }

  @Benchmark
  public double expr20Primal() {
    return ScalarWorkloads.expr20(ex, ey);
  }

  @Benchmark
  public ScalarWorkloadsGradients.Expr20Gradient expr20Gradient() {
    return ScalarWorkloadsGradients.expr20(ex, ey);
  }
}
