package dev.adjoint.kernels;

/** Chooses the kernels once: the Vector API class when its module is present, else scalar. */
final class KernelsHolder {
  static final Kernels INSTANCE = choose();

  private KernelsHolder() {}

  private static Kernels choose() {
    if (!Boolean.parseBoolean(System.getProperty("adjoint.simd", "true"))) {
      return ScalarKernels.INSTANCE;
    }
    if (!ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
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
