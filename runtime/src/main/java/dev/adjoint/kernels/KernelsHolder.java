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
   * {@code true} takes the Vector API ones whenever they load; unset takes them when they load and
   * are profitable on this processor (x86 with vectors of 256 bits or more; elsewhere the JDK has
   * no vector math library and lanewise functions run far slower than plain loops). Any other
   * value is reported on stderr (a static initialiser must not throw) and treated as unset.
   */
  static Kernels choose(String simdProperty, boolean vectorModulePresent) {
    boolean forced = false;
    if (simdProperty != null && !simdProperty.isBlank()) {
      String value = simdProperty.trim();
      if (value.equalsIgnoreCase("false")) {
        return ScalarKernels.INSTANCE;
      }
      if (value.equalsIgnoreCase("true")) {
        forced = true;
      } else {
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
      if (!forced && !simd.getDeclaredField("PROFITABLE").getBoolean(null)) {
        return ScalarKernels.INSTANCE;
      }
      return (Kernels) simd.getDeclaredField("INSTANCE").get(null);
    } catch (ReflectiveOperationException | LinkageError e) {
      return ScalarKernels.INSTANCE;
    }
  }
}
