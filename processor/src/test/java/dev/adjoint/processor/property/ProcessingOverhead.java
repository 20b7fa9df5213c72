package dev.adjoint.processor.property;

import dev.adjoint.processor.property.ProgramGenerator.Program;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;

/**
 * Measures what annotation processing adds to a compile, per 100 {@code @Differentiable} methods.
 *
 * <p>Each program is compiled in this JVM, alternately, after warm-up, in four ways: without processing
 * ({@code -proc:none}); with its sources and the Gradients sources the processor writes for it, without
 * processing (what compiling the output costs by itself); with a processor that does no work and writes
 * the same Gradients sources in its first round (the floor: what any processor that writes this output
 * costs, its own time aside); with the processor loaded once (its code is
 * JIT-compiled, as in a long-lived daemon or IDE); and with the processor loaded in a fresh class loader
 * for every compile, which is what javac does with {@code -processorpath} and Maven's
 * {@code annotationProcessorPaths} (its code starts interpreted every time). Every figure is a median;
 * "per 100 methods" is the difference between programs of {@code n} and of 1 method, scaled, so that the
 * fixed cost of loading the processor is reported apart from the cost that grows with the code.
 *
 * <p>A measurement, not a test (timing is never asserted). Run, after {@code mvn install -DskipTests}:
 * {@code mvn -B -q -pl processor test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.adjoint.processor.property.ProcessingOverhead [-Dexec.args=REPETITIONS]}.
 */
public final class ProcessingOverhead {
  private ProcessingOverhead() {}

  /** How a program is compiled. */
  enum Mode {
    WITHOUT("javac -proc:none"),
    OUTPUT_ONLY("javac -proc:none, sources + generated sources"),
    FLOOR("javac + a processor that only writes that output"),
    WARM("javac + processor (loaded once)"),
    FRESH("javac + processor (fresh class loader)");

    final String label;

    Mode(String label) {
      this.label = label;
    }
  }

  /** Median milliseconds of one program compiled in every mode, and the processor's own time in each. */
  record Timings(int methods, Map<Mode, Double> compileMs, Map<Mode, Double> processorMs) {
    double added(Mode mode) {
      return compileMs.get(mode) - compileMs.get(Mode.WITHOUT);
    }
  }

  /** Small straight-line methods the size of the README's examples (rosenbrock, expr20). */
  static Program small(int methods) {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < methods; i++) {
      body.append("  @Differentiable\n  static double f").append(i).append("(double x, double y) {\n")
          .append("    double a = Math.sin(x) * Math.exp(-y) + ").append(i).append(";\n")
          .append("    double b = Math.tanh(a + x * y);\n")
          .append("    return a * b + (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x);\n  }\n\n");
    }
    String src = "package gen;\n\nimport dev.adjoint.Differentiable;\n\nfinal class Small {\n" + body + "}\n";
    return new Program(Map.of("gen.Small", src), List.of());
  }

  /** Random methods from {@link ProgramGenerator} (loops, branches, arrays, calls; about 25 lines each). */
  static Program random(int methods) {
    return methods < 2 ? new ProgramGenerator(100).generate(1, 1) : new ProgramGenerator(100).generate(2, methods / 2);
  }

  static Timings measure(Program program, int methods, int warmups, int reps) throws Exception {
    Path work = Files.createTempDirectory("adjoint-overhead-");
    try {
      Map<String, String> generated = generatedSources(program, work.resolve("g"));
      Map<String, String> all = new HashMap<>(program.sources());
      all.putAll(generated);
      Program withOutput = new Program(all, List.of());
      Map<Mode, double[]> compile = new HashMap<>();
      Map<Mode, double[]> self = new HashMap<>();
      for (Mode m : Mode.values()) {
        compile.put(m, new double[reps]);
        self.put(m, new double[reps]);
      }
      Class<?> loadedOnce = processorClass();
      for (int i = -warmups; i < reps; i++) {
        for (Mode mode : Mode.values()) {
          Path dir = work.resolve(mode + "-" + (i + warmups));
          double[] reported = new double[1];
          double ms = switch (mode) {
            case WITHOUT -> time(program, dir, null, reported);
            case OUTPUT_ONLY -> time(withOutput, dir, null, reported);
            case FLOOR -> time(program, dir, new WritesOnly(generated), reported);
            case WARM -> time(program, dir, newInstance(loadedOnce), reported);
            case FRESH -> time(program, dir, newInstance(processorClass()), reported);
          };
          if (i >= 0) {
            compile.get(mode)[i] = ms;
            self.get(mode)[i] = reported[0];
          }
        }
      }
      Map<Mode, Double> compileMs = new HashMap<>();
      Map<Mode, Double> processorMs = new HashMap<>();
      for (Mode m : Mode.values()) {
        compileMs.put(m, median(compile.get(m)));
        processorMs.put(m, median(self.get(m)));
      }
      return new Timings(methods, compileMs, processorMs);
    } finally {
      GeneratedProgramsPropertyTest.deleteRecursively(work);
    }
  }

  /** The processor's class, from a new class loader over the processor's classes and JavaPoet (as -processorpath). */
  private static Class<?> processorClass() throws Exception {
    Class<?> found = InProcessJavac.adjointProcessor().getClass();
    List<URL> path = new ArrayList<>();
    path.add(codeSource(found));
    path.add(codeSource(com.palantir.javapoet.JavaFile.class));
    @SuppressWarnings("resource") // the loader lives as long as its classes are in use
    URLClassLoader loader = new ProcessorPathLoader(path.toArray(URL[]::new), ProcessingOverhead.class.getClassLoader());
    return loader.loadClass(found.getName());
  }

  /**
   * Loads the processor and JavaPoet itself (child first), everything else (javac's API, the JDK) from
   * the parent: the test class path also holds the processor, which would otherwise be found there.
   */
  private static final class ProcessorPathLoader extends URLClassLoader {
    ProcessorPathLoader(URL[] urls, ClassLoader parent) {
      super(urls, parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (!name.startsWith("dev.adjoint.processor.") && !name.startsWith("com.palantir.javapoet.")) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> c = findLoadedClass(name);
        if (c == null) {
          c = findClass(name);
        }
        if (resolve) {
          resolveClass(c);
        }
        return c;
      }
    }
  }

  private static URL codeSource(Class<?> c) throws IOException, URISyntaxException {
    return c.getProtectionDomain().getCodeSource().getLocation().toURI().toURL();
  }

  private static Processor newInstance(Class<?> c) throws ReflectiveOperationException {
    return (Processor) c.getDeclaredConstructor().newInstance();
  }

  /** The Gradients sources the processor writes for the program, by qualified class name. */
  private static Map<String, String> generatedSources(Program program, Path dir) throws IOException {
    InProcessJavac.Result r = InProcessJavac.compile(program.sources(), dir, InProcessJavac.adjointProcessor());
    if (!r.success()) {
      throw new IllegalStateException("compilation failed: " + r.errors());
    }
    Map<String, String> all = new HashMap<>();
    try (var files = Files.walk(r.generatedSources())) {
      for (Path f : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".java"))::iterator) {
        String name = r.generatedSources().relativize(f).toString().replace('/', '.').replaceAll("\\.java$", "");
        all.put(name, Files.readString(f));
      }
    }
    return all;
  }

  /**
   * Writes the given sources in the first round and does nothing else: the cost of a compile with it,
   * over one without processing, is what javac spends on this output (an extra round, parsing, entering
   * and compiling it) whatever processor wrote it.
   */
  @SupportedAnnotationTypes("*")
  static final class WritesOnly extends AbstractProcessor {
    private final Map<String, String> sources;
    private boolean written;

    WritesOnly(Map<String, String> sources) {
      this.sources = sources;
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      if (!written) {
        written = true;
        for (Map.Entry<String, String> source : new TreeMap<>(sources).entrySet()) {
          try (Writer w = processingEnv.getFiler().createSourceFile(source.getKey()).openWriter()) {
            w.write(source.getValue());
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      }
      return false;
    }
  }

  private static final Pattern TIMING = Pattern.compile("Adjoint: \\d+ @Differentiable methods in ([0-9.]+) ms");

  private static double time(Program program, Path dir, Processor processor, double[] reportedMs) {
    long t0 = System.nanoTime();
    InProcessJavac.Result r = InProcessJavac.compile(program.sources(), dir, processor,
        processor != null ? List.of("-Aadjoint.timing=true") : List.of());
    long t1 = System.nanoTime();
    if (!r.success()) {
      throw new IllegalStateException("compilation failed: " + r.errors());
    }
    for (String note : r.messages(Diagnostic.Kind.NOTE)) {
      Matcher m = TIMING.matcher(note);
      if (m.find()) {
        reportedMs[0] = Double.parseDouble(m.group(1));
      }
    }
    return (t1 - t0) / 1e6;
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  private static void report(String name, Timings one, Timings many) {
    double scale = 100.0 / (many.methods() - one.methods());
    System.out.printf(Locale.ROOT, "%s (%d methods; fixed cost = the 1-method program's)%n", name, many.methods());
    System.out.printf(Locale.ROOT, "  %-48s %9s %9s %11s %13s%n", "", "compile", "added", "processor", "added/100 m.");
    for (Mode m : Mode.values()) {
      double perHundred = (many.added(m) - one.added(m)) * scale;
      String self = m == Mode.WARM || m == Mode.FRESH
          ? String.format(Locale.ROOT, "%8.0f ms", many.processorMs().get(m)) : "";
      System.out.printf(Locale.ROOT, "  %-48s %6.0f ms %6.0f ms %11s %10.0f ms%n", m.label, many.compileMs().get(m),
          many.added(m), self, m == Mode.WITHOUT ? 0 : perHundred);
    }
    double floor = (many.added(Mode.FLOOR) - one.added(Mode.FLOOR)) * scale;
    double warm = (many.added(Mode.WARM) - one.added(Mode.WARM)) * scale;
    System.out.printf(Locale.ROOT, "  per 100 methods: the floor (javac on this output) %.0f ms; Adjoint's work above it %.0f ms%n",
        floor, warm - floor);
    System.out.printf(Locale.ROOT, "  processor's own time per 100 methods: %.0f ms loaded once, %.0f ms in a fresh loader;"
        + " fixed cost of a fresh loader %.0f ms%n",
        (many.processorMs().get(Mode.WARM) - one.processorMs().get(Mode.WARM)) * scale,
        (many.processorMs().get(Mode.FRESH) - one.processorMs().get(Mode.FRESH)) * scale,
        one.processorMs().get(Mode.FRESH));
  }

  public static void main(String[] args) throws Exception {
    int reps = args.length > 0 ? Integer.parseInt(args[0]) : 9;
    int n = 100;
    report("small straight-line methods", measure(small(1), 1, 20, reps), measure(small(n), n, 20, reps));
    report("random methods (loops, branches, arrays, calls)", measure(random(1), 1, 10, reps),
        measure(random(n), n, 10, reps));
    System.out.printf(Locale.ROOT, "(medians of %d alternating compiles after warm-up; JVM %s, %d cpus)%n", reps,
        Runtime.version(), Runtime.getRuntime().availableProcessors());
  }
}
