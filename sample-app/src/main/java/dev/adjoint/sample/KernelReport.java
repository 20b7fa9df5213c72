package dev.adjoint.sample;

import dev.adjoint.Tensor;
import dev.adjoint.kernels.Kernels;
import java.io.PrintStream;

/** What the runtime chose at start-up: kernels, Vector API availability, default dtype. */
final class KernelReport {
  private KernelReport() {}

  static void print(PrintStream out) {
    boolean vectorModule = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    String simdProperty = System.getProperty("adjoint.simd", "true");
    out.println("kernels: " + Kernels.get().name());
    out.println("  jdk.incubator.vector module: " + (vectorModule ? "present" : "absent"
        + " (run java with --add-modules=jdk.incubator.vector for SIMD kernels)"));
    out.println("  -Dadjoint.simd=" + simdProperty
        + (Boolean.parseBoolean(simdProperty) ? "" : " (scalar kernels forced)"));
    out.println("  scalar reference kernels: " + Kernels.scalar().name());
    out.println("  default dtype: " + Tensor.defaultDType());
    out.println("  java " + System.getProperty("java.version") + " on "
        + Runtime.getRuntime().availableProcessors() + " cores");
  }
}
