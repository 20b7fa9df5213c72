package dev.adjoint.kernels;

/** Chooses the kernels once: the Vector API class when its module is present, else scalar. */
final class KernelsHolder {
  static final Kernels INSTANCE = choose(
      System.getProperty("adjoint.simd"),
      ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent());

  private KernelsHolder() {}

  /**
   * The kernels for a value of {@code -Dadjoint.simd} ({@code null} when unset) and whether the
   * module {@code jdk.incubator.vector} is present. {@code false} forces the scalar kernels;
   * unset or {@code true} takes the Vector API ones when they load. Any other value is reported on
   * stderr (a static initialiser must not throw) and treated as unset.
   */
  static Kernels choose(String simdProperty, boolean vectorModulePresent) {
    if (simdProperty != null && !simdProperty.isBlank()) {
      String value = simdProperty.trim();
      if (value.equalsIgnoreCase("false")) {
        return ScalarKernels.INSTANCE;
      }
      if (!value.equalsIgnoreCase("true")) {
        System.err.println("adjoint: ignoring -Dadjoint.simd=" + simdProperty
            + " (expected true or false); using the default, SIMD when available");
      }
    }
    if (!vectorModulePresent) {
      return ScalarKernels.INSTANCE;
    }
    try {
      // Loaded by name so that no other class links against jdk.incubator.vector.
      Class<?> simd = Class.forName("dev.adjoint.kernels.VectorKernels");
      return (Kernels) simd.getDeclaredField("INSTANCE").get(null);
    } catch (ReflectiveOperationException | LinkageError e) {
      return ScalarKernels.INSTANCE;
    }
  }
}
