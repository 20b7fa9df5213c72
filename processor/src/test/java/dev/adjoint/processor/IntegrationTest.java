package dev.adjoint.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static dev.adjoint.processor.Sources.compile;
import static dev.adjoint.processor.Sources.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.lang.reflect.RecordComponent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Builds the way users build: several classes, several rounds, wrapped environments; runs the result. */
class IntegrationTest {
  /** Loads the classes a compilation produced. */
  static final class Loaded extends ClassLoader {
    private final Map<String, byte[]> classes = new HashMap<>();

    Loaded(Compilation c) throws IOException {
      super(IntegrationTest.class.getClassLoader());
      for (JavaFileObject f : c.generatedFiles()) {
        if (f.getKind() == JavaFileObject.Kind.CLASS) {
          String path = f.toUri().getPath();
          String name = path.substring(path.indexOf("/CLASS_OUTPUT/") + 14, path.length() - 6).replace('/', '.');
          try (InputStream in = f.openInputStream()) {
            classes.put(name, in.readAllBytes());
          }
        }
      }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      byte[] b = classes.get(name);
      if (b == null) {
        throw new ClassNotFoundException(name);
      }
      return defineClass(name, b, 0, b.length);
    }

    Object call(String cls, String method, Object... args) throws Exception {
      for (Method m : loadClass(cls).getDeclaredMethods()) {
        if (m.getName().equals(method) && m.getParameterCount() == args.length) {
          m.setAccessible(true);
          return m.invoke(null, args);
        }
      }
      throw new NoSuchMethodException(cls + "." + method);
    }
  }

  static double component(Object record, String name) throws Exception {
    for (RecordComponent c : record.getClass().getRecordComponents()) {
      if (c.getName().equals(name)) {
        return ((Number) c.getAccessor().invoke(record)).doubleValue();
      }
    }
    throw new IllegalArgumentException(name);
  }

  static double central(Loaded l, String cls, String method, double x, int depth) throws Exception {
    double h = 1e-6;
    return ((double) l.call(cls, method, x + h, depth) - (double) l.call(cls, method, x - h, depth)) / (2 * h);
  }

  @Test
  void twoClassesWhoseMethodsCallEachOther() throws Exception {
    JavaFileObject a = source("p.A",
        "package p;",
        "import dev.adjoint.Differentiable;",
        "public class A {",
        "  @Differentiable public static double f(double x, int depth) {",
        "    if (depth <= 0) return Math.sin(x);",
        "    return B.g(x * 1.5, depth - 1) + x;",
        "  }",
        "}");
    JavaFileObject b = source("p.B",
        "package p;",
        "import dev.adjoint.Differentiable;",
        "public class B {",
        "  @Differentiable public static double g(double y, int depth) {",
        "    return y * A.f(y - 0.25, depth);",
        "  }",
        "}");
    Compilation c = compile(a, b);
    assertThat(c).succeededWithoutWarnings();
    Loaded l = new Loaded(c);
    for (int depth = 0; depth < 4; depth++) {
      Object g = l.call("p.AGradients", "f", 0.7, depth);
      assertEquals((double) l.call("p.A", "f", 0.7, depth), component(g, "value"), 0);
      assertEquals(central(l, "p.A", "f", 0.7, depth), component(g, "dX"), 1e-6);
    }
  }

  /** Writes, in the first round, a class with a @Differentiable method that user code calls. */
  static final class LateSourceProcessor extends AbstractProcessor {
    private boolean done;

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return Set.of("*");
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      if (!done) {
        done = true;
        try (Writer w = processingEnv.getFiler().createSourceFile("p.Late").openWriter()) {
          w.write("package p;\nimport dev.adjoint.Differentiable;\npublic class Late {\n"
              + "  @Differentiable public static double sq(double x) { return x * x; }\n}\n");
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      }
      return false;
    }
  }

  @Test
  void methodsOfClassesGeneratedInLaterRounds() throws Exception {
    JavaFileObject user = source("p.User",
        "package p;",
        "import dev.adjoint.Differentiable;",
        "public class User {",
        "  @Differentiable public static double f(double x, int unused) { return Late.sq(x) * 3; }",
        "}");
    Compilation c = javac()
        .withProcessors(new LateSourceProcessor(), new AdjointProcessor())
        .withClasspath(List.of(Sources.runtimeClasses()))
        .compile(user);
    assertThat(c).succeededWithoutWarnings();
    Loaded l = new Loaded(c);
    Object g = l.call("p.UserGradients", "f", 2.0, 0);
    assertEquals(12.0, component(g, "value"), 0);
    assertEquals(12.0, component(g, "dX"), 1e-12);
  }

  @Test
  void unwrapsIntellijProxiesAndDelegates() {
    ProcessingEnvironment inner = (ProcessingEnvironment) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {ProcessingEnvironment.class}, (p, m, a) -> null);
    // IntelliJ: a proxy whose handler is an anonymous class capturing `delegateTo`
    InvocationHandler handler = new InvocationHandler() {
      @SuppressWarnings("unused")
      final ProcessingEnvironment val$delegateTo = inner;

      @Override
      public Object invoke(Object proxy, Method method, Object[] args) {
        return null;
      }
    };
    ProcessingEnvironment wrapped = (ProcessingEnvironment) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {ProcessingEnvironment.class}, handler);
    assertSame(inner, AdjointProcessor.unwrap(wrapped));
  }
}
