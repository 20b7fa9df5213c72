package dev.adjoint.processor.property;

import dev.adjoint.processor.property.ProgramGenerator.Program;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;

/**
 * Measures what annotation processing adds to a compile: the same 100 generated @Differentiable methods
 * compiled in this JVM with the Adjoint processor (which also compiles the Gradients classes it writes)
 * and with {@code -proc:none}, alternately, after warm-up; prints medians and the difference.
 *
 * <p>A measurement, not a test (timing is never asserted). Run, after {@code mvn install -DskipTests}:
 * {@code mvn -B -q -pl processor test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.adjoint.processor.property.ProcessingOverhead [-Dexec.args=REPETITIONS]}.
 */
public final class ProcessingOverhead {
  private ProcessingOverhead() {}

  /** Medians in milliseconds; processorMs is the processor's own time as it reports it (-Aadjoint.timing). */
  record Measurement(int methods, double withoutMs, double withMs, double processorMs, double firstWithoutMs,
      double firstWithMs) {
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
              + "(median of warm runs) -> +%.0f ms, %.0f ms per 100 methods; of that the processor itself "
              + "%.0f ms (the rest is javac compiling the generated adjoints); first (cold) runs %.0f / %.0f ms",
          methods, withoutMs, withMs, addedMs(), addedPer100Methods(), processorMs, firstWithoutMs, firstWithMs);
    }
  }

  /** Random methods from {@link ProgramGenerator} (loops, branches, arrays, calls; about 25 lines each). */
  static Measurement measure(int methods, int warmups, int reps) throws Exception {
    return measure(new ProgramGenerator(100).generate(2, methods / 2), methods, warmups, reps);
  }

  /** Small straight-line methods the size of the README's examples (rosenbrock, expr20). */
  static Measurement measureSmall(int methods, int warmups, int reps) throws Exception {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < methods; i++) {
      body.append("  @Differentiable\n  static double f").append(i).append("(double x, double y) {\n")
          .append("    double a = Math.sin(x) * Math.exp(-y) + ").append(i).append(";\n")
          .append("    double b = Math.tanh(a + x * y);\n")
          .append("    return a * b + (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x);\n  }\n\n");
    }
    String src = "package gen;\n\nimport dev.adjoint.Differentiable;\n\nfinal class Small {\n" + body + "}\n";
    return measure(new Program(Map.of("gen.Small", src), List.of()), methods, warmups, reps);
  }

  private static Measurement measure(Program program, int methods, int warmups, int reps) throws Exception {
    Path work = Files.createTempDirectory("adjoint-overhead-");
    Map<String, String> withGenerated = withGeneratedSources(program, work.resolve("g"));
    double[] generatedOnly = new double[reps];
    double firstWithout = 0;
    double firstWith = 0;
    double[] without = new double[reps];
    double[] with = new double[reps];
    double[] self = new double[reps];
    try {
      for (int i = -warmups; i < reps; i++) {
        double a = time(program, work.resolve("n" + i), false, null);
        double[] reported = new double[1];
        double b = time(program, work.resolve("p" + i), true, reported);
        double c = time(new Program(withGenerated, List.of()), work.resolve("c" + i), false, null);
        if (i >= 0) {
          generatedOnly[i] = c;
        }
        if (i == -warmups) {
          firstWithout = a;
          firstWith = b;
        }
        if (i >= 0) {
          without[i] = a;
          with[i] = b;
          self[i] = reported[0];
        }
      }
    } finally {
      GeneratedProgramsPropertyTest.deleteRecursively(work);
    }
    System.out.printf("  (user sources and the generated sources together with -proc:none: %.0f ms)%n", median(generatedOnly));
    return new Measurement(methods, median(without), median(with), median(self), firstWithout, firstWith);
  }

  /** The program's sources plus the Gradients sources the processor writes for it. */
  private static Map<String, String> withGeneratedSources(Program program, Path dir) throws Exception {
    InProcessJavac.Result r = InProcessJavac.compile(program.sources(), dir, InProcessJavac.adjointProcessor());
    if (!r.success()) {
      throw new IllegalStateException("compilation failed: " + r.errors());
    }
    Map<String, String> all = new java.util.HashMap<>(program.sources());
    try (var files = Files.walk(r.generatedSources())) {
      for (Path f : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".java"))::iterator) {
        String name = r.generatedSources().relativize(f).toString().replace('/', '.').replaceAll("\\.java$", "");
        all.put(name, Files.readString(f));
      }
    }
    return all;
  }

  private static final Pattern TIMING = Pattern.compile("Adjoint: \\d+ @Differentiable methods in ([0-9.]+) ms");

  private static double time(Program program, Path dir, boolean process, double[] reportedMs) {
    long t0 = System.nanoTime();
    InProcessJavac.Result r = InProcessJavac.compile(program.sources(), dir,
        process ? InProcessJavac.adjointProcessor() : null,
        process ? List.of("-Aadjoint.timing=true") : List.of());
    long t1 = System.nanoTime();
    if (!r.success()) {
      throw new IllegalStateException("compilation failed: " + r.errors());
    }
    if (reportedMs != null) {
      for (String note : r.messages(Diagnostic.Kind.NOTE)) {
        Matcher m = TIMING.matcher(note);
        if (m.find()) {
          reportedMs[0] = Double.parseDouble(m.group(1));
        }
      }
    }
    return (t1 - t0) / 1e6;
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  public static void main(String[] args) throws Exception {
    int reps = args.length > 0 ? Integer.parseInt(args[0]) : 7;
    System.out.println("small methods:  " + measureSmall(100, 15, reps));
    System.out.println("random methods: " + measure(100, 10, reps));
  }
}
