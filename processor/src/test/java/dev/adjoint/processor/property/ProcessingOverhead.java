package dev.adjoint.processor.property;

import dev.adjoint.processor.property.ProgramGenerator.Program;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Measures what annotation processing adds to a compile: the same 100 generated @Differentiable methods
 * compiled in this JVM with the Adjoint processor (which also compiles the Gradients classes it writes)
 * and with {@code -proc:none}, alternately, after warm-up; prints medians and the difference.
 *
 * <p>Run: {@code mvn -B -q -pl processor -am verify -Dtest=ProcessingOverheadTest -Dadjoint.overhead=true
 * -Dsurefire.failIfNoSpecifiedTests=false}, or this class's main with the processor's test class path.
 */
public final class ProcessingOverhead {
  private ProcessingOverhead() {}

  /** Medians in milliseconds. */
  record Measurement(int methods, double withoutMs, double withMs, double firstWithoutMs, double firstWithMs) {
    double addedMs() {
      return withMs - withoutMs;
    }

    double addedPer100Methods() {
      return addedMs() * 100.0 / methods;
    }

    @Override
    public String toString() {
      return String.format(java.util.Locale.ROOT,
          "%d annotated methods: javac %.0f ms without processing, %.0f ms with the Adjoint processor "
              + "(median of warm runs) -> +%.0f ms, %.0f ms per 100 methods; first (cold) runs %.0f / %.0f ms",
          methods, withoutMs, withMs, addedMs(), addedPer100Methods(), firstWithoutMs, firstWithMs);
    }
  }

  static Measurement measure(int methods, int warmups, int reps) throws Exception {
    Program program = new ProgramGenerator(100).generate(2, methods / 2);
    Path work = Files.createTempDirectory("adjoint-overhead-");
    double firstWithout = 0;
    double firstWith = 0;
    double[] without = new double[reps];
    double[] with = new double[reps];
    try {
      for (int i = -warmups; i < reps; i++) {
        double a = time(program, work.resolve("n" + i), false);
        double b = time(program, work.resolve("p" + i), true);
        if (i == -warmups) {
          firstWithout = a;
          firstWith = b;
        }
        if (i >= 0) {
          without[i] = a;
          with[i] = b;
        }
      }
    } finally {
      GeneratedProgramsPropertyTest.deleteRecursively(work);
    }
    return new Measurement(methods, median(without), median(with), firstWithout, firstWith);
  }

  private static double time(Program program, Path dir, boolean process) {
    long t0 = System.nanoTime();
    InProcessJavac.Result r = InProcessJavac.compile(program.sources(), dir,
        process ? InProcessJavac.adjointProcessor() : null);
    long t1 = System.nanoTime();
    if (!r.success()) {
      throw new IllegalStateException("compilation failed: " + r.errors());
    }
    return (t1 - t0) / 1e6;
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  public static void main(String[] args) throws Exception {
    int reps = args.length > 0 ? Integer.parseInt(args[0]) : 9;
    System.out.println(measure(100, 5, reps));
  }
}
