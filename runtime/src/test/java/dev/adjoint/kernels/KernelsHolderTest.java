package dev.adjoint.kernels;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which kernels start-up picks for each value of {@code -Dadjoint.simd} and module presence. */
class KernelsHolderTest {
  @Test
  void simdFalseForcesScalar() {
    assertSame(ScalarKernels.INSTANCE, KernelsHolder.choose("false", true));
    assertSame(ScalarKernels.INSTANCE, KernelsHolder.choose(" FALSE ", true));
  }

  @Test
  void unsetOrTrueTakesTheVectorKernelsWhenTheModuleIsPresent() {
    assertInstanceOf(VectorKernels.class, KernelsHolder.choose(null, true));
    assertInstanceOf(VectorKernels.class, KernelsHolder.choose("true", true));
    assertTrue(KernelsHolder.choose(null, true).name().startsWith("vector("));
  }

  @Test
  void withoutTheModuleItIsScalarWhateverTheProperty() {
    assertSame(ScalarKernels.INSTANCE, KernelsHolder.choose(null, false));
    assertSame(ScalarKernels.INSTANCE, KernelsHolder.choose("true", false));
  }

  @Test
  void anUnknownValueIsReportedAndTreatedAsUnset() {
    assertInstanceOf(VectorKernels.class, KernelsHolder.choose("yes", true));
  }

  @Test
  void theStartupChoiceFollowsThisJvmsSettings() {
    Kernels expected = KernelsHolder.choose(System.getProperty("adjoint.simd"),
        ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent());
    assertSame(expected, Kernels.get());
    assertSame(ScalarKernels.INSTANCE, Kernels.scalar());
  }
}
