package dev.adjoint.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
  void trueTakesTheVectorKernelsWhenTheModuleIsPresent() {
    assertInstanceOf(VectorKernels.class, KernelsHolder.choose("true", true));
    assertTrue(KernelsHolder.choose("true", true).name().startsWith("vector("));
  }

  @Test
  void unsetTakesTheVectorKernelsWhereTheyAreProfitable() {
    Kernels expected = VectorKernels.PROFITABLE ? VectorKernels.INSTANCE : ScalarKernels.INSTANCE;
    assertSame(expected, KernelsHolder.choose(null, true));
  }

  @Test
  void profitableOnWideX86Only() {
    boolean x86 = System.getProperty("os.arch").matches("amd64|x86_64");
    boolean wide = VectorKernels.floatLanes() * Float.SIZE >= 256;
    assertEquals(x86 && wide, VectorKernels.PROFITABLE);
  }

  @Test
  void withoutTheModuleItIsScalarWhateverTheProperty() {
    assertSame(ScalarKernels.INSTANCE, KernelsHolder.choose(null, false));
    assertSame(ScalarKernels.INSTANCE, KernelsHolder.choose("true", false));
  }

  @Test
  void anUnknownValueIsReportedAndTreatedAsUnset() {
    assertSame(KernelsHolder.choose(null, true), KernelsHolder.choose("yes", true));
  }

  @Test
  void theStartupChoiceFollowsThisJvmsSettings() {
    Kernels expected = KernelsHolder.choose(System.getProperty("adjoint.simd"),
        ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent());
    assertSame(expected, Kernels.get());
    assertSame(ScalarKernels.INSTANCE, Kernels.scalar());
  }
}
