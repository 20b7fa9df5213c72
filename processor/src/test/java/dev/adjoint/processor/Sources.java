package dev.adjoint.processor;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.adjoint.Differentiable;
import java.io.File;
import java.net.URISyntaxException;
import java.util.List;
import javax.tools.JavaFileObject;

/** Compiles test sources with the real processor, in-process. */
public final class Sources {
  private Sources() {}

  static File runtimeClasses() {
    try {
      return new File(Differentiable.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static JavaFileObject source(String qualifiedName, String... lines) {
    return JavaFileObjects.forSourceLines(qualifiedName, lines);
  }

  /**
   * The text of the generated method whose record type ends in {@code Gradient} (or {@code Tangent}, for forward
   * mode) and whose name is {@code name}, up to its end.
   */
  public static String generatedMethod(String code, String name) {
    int start = code.indexOf("Gradient " + name + "(");
    if (start < 0) {
      start = code.indexOf("Tangent " + name + "(");
    }
    return code.substring(start, code.indexOf("\n  }\n", start));
  }

  static Compilation compile(JavaFileObject... sources) {
    return javac()
        .withProcessors(new AdjointProcessor())
        .withClasspath(List.of(runtimeClasses()))
        .compile(sources);
  }
}
