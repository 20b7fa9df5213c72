package dev.adjoint.processor.property;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.adjoint.Autograd;
import dev.adjoint.DType;
import dev.adjoint.GradOption;
import dev.adjoint.Tensor;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.tools.Diagnostic;
import org.junit.jupiter.api.Test;

/**
 * Property test for generated Tensor adjoints: random tensor methods ({@link TensorProgramGenerator}),
 * compiled in this JVM with the real processor, each generated vector-Jacobian product compared with the
 * dynamic tape's for the same method, seed and inputs (both run the same rules, so they agree to rounding).
 * No processor error, no tape fallback, no wrong gradient.
 */
class TensorProgramsPropertyTest {
  static final long SEED = Long.getLong("adjoint.property.seed", 0x7E45_0AL);
  static final int CLASSES = 3;
  static final int METHODS_PER_CLASS = 25;

  @Test
  void everyGeneratedTensorGradientMatchesTheTape() throws Exception {
    TensorProgramGenerator generator = new TensorProgramGenerator(SEED);
    List<TensorProgramGenerator.TensorClass> classes = generator.generate(CLASSES, METHODS_PER_CLASS);
    Path work = Files.createTempDirectory("adjoint-tensor-property-");
    InProcessJavac.Result compiled = InProcessJavac.compile(generator.sources(classes), work, InProcessJavac.adjointProcessor());
    if (!compiled.success() || !compiled.errors().isEmpty()) {
      fail("the generated tensor programs did not compile (sources in " + work + "):\n" + String.join("\n", compiled.errors()));
    }
    List<String> failures = new ArrayList<>();
    int checked = 0;
    try (URLClassLoader loader = new URLClassLoader(new URL[] {compiled.classes().toUri().toURL()}, getClass().getClassLoader())) {
      Random rnd = new Random(SEED);
      for (TensorProgramGenerator.TensorClass c : classes) {
        String gradients = Files.readString(compiled.generatedSources().resolve(c.qualifiedName().replace('.', '/') + "Gradients.java"),
            StandardCharsets.UTF_8);
        if (gradients.contains("TapeLeaves")) {
          failures.add(c.qualifiedName() + ": some method went to the tape, though none reads a tensor's value");
        }
        Class<?> user = loader.loadClass(c.qualifiedName());
        Class<?> generated = loader.loadClass(c.qualifiedName() + "Gradients");
        for (String name : c.methods()) {
          for (int n : new int[] {0, 2}) {
            double s = rnd.nextDouble() * 2 - 1;
            Tensor a = Tensor.randn(rnd, 3, 4).to(DType.FLOAT64);
            Tensor b = Tensor.randn(rnd, 3, 4).to(DType.FLOAT64);
            Tensor cc = Tensor.randn(rnd, 4).to(DType.FLOAT64);
            Tensor seed = Tensor.randn(rnd, 3, 4).to(DType.FLOAT64);
            String where = c.qualifiedName() + "." + name + " (s=" + s + ", n=" + n + ")";
            try {
              String problem = compare(user, generated, name, a, b, cc, s, n, seed);
              if (problem != null) {
                failures.add(where + ": " + problem);
              }
              checked++;
            } catch (ReflectiveOperationException | RuntimeException e) {
              Throwable cause = e instanceof java.lang.reflect.InvocationTargetException ite ? ite.getCause() : e;
              failures.add(where + ": " + cause);
            }
          }
        }
      }
    }
    System.out.printf("tensor property: %d methods, %d calls compared with the tape, %d processor warnings%n",
        CLASSES * METHODS_PER_CLASS, checked,
        compiled.messages(Diagnostic.Kind.WARNING).size() + compiled.messages(Diagnostic.Kind.MANDATORY_WARNING).size());
    if (!failures.isEmpty()) {
      fail(failures.size() + " failure(s) (sources kept in " + work + "):\n" + String.join("\n", failures));
    }
    GeneratedProgramsPropertyTest.deleteRecursively(work);
    assertTrue(checked >= CLASSES * METHODS_PER_CLASS);
  }

  /** Null if the generated VJP agrees with the tape's, else what differs. */
  private static String compare(Class<?> user, Class<?> generated, String name, Tensor a, Tensor b, Tensor c, double s, int n,
      Tensor seed) throws ReflectiveOperationException {
    Method vjp = generated.getMethod(name + "Vjp", Tensor.class, Tensor.class, Tensor.class, double.class, int.class, Tensor.class);
    Object record = vjp.invoke(null, a, b, c, s, n, seed);
    RecordComponent[] parts = record.getClass().getRecordComponents();
    Tensor[] ours = new Tensor[3];
    for (int i = 0; i < 3; i++) {
      ours[i] = (Tensor) parts[i + 1].getAccessor().invoke(record);
    }
    Tensor value = (Tensor) parts[0].getAccessor().invoke(record);
    Method primal = user.getDeclaredMethod(name, Tensor.class, Tensor.class, Tensor.class, double.class, int.class);
    primal.setAccessible(true);
    Tensor la = a.detach().requiresGrad(true);
    Tensor lb = b.detach().requiresGrad(true);
    Tensor lc = c.detach().requiresGrad(true);
    Tensor y = (Tensor) primal.invoke(null, la, lb, lc, s, n);
    String v = differs(y.detach(), value);
    if (v != null) {
      return "value: " + v;
    }
    List<Tensor> tape = y.requiresGrad()
        ? Autograd.grad(List.of(y), List.of(la, lb, lc), List.of(seed), GradOption.ALLOW_UNUSED)
        : java.util.Arrays.asList(null, null, null);
    Tensor[] inputs = {a, b, c};
    for (int i = 0; i < 3; i++) {
      Tensor expected = tape.get(i) != null ? tape.get(i) : Tensor.zerosLike(inputs[i]);
      String d = differs(expected, ours[i]);
      if (d != null) {
        return "d" + "ABC".charAt(i) + ": " + d;
      }
    }
    return null;
  }

  private static String differs(Tensor expected, Tensor actual) {
    if (actual == null) {
      return "null";
    }
    if (!java.util.Arrays.equals(expected.shape(), actual.shape())) {
      return "shape " + java.util.Arrays.toString(actual.shape()) + ", expected " + java.util.Arrays.toString(expected.shape());
    }
    double[] e = expected.toDoubleArray();
    double[] g = actual.toDoubleArray();
    for (int i = 0; i < e.length; i++) {
      if (!(Math.abs(e[i] - g[i]) <= 1e-9 * Math.max(1, Math.abs(e[i])))) {
        return "element " + i + ": " + g[i] + ", the tape gives " + e[i];
      }
    }
    return null;
  }
}
