package dev.adjoint.support;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.DType;
import dev.adjoint.Tensor;
import org.junit.jupiter.api.Test;

class TensorAdjointsTest {
  private static Tensor t(double... v) {
    return Tensor.of(DType.FLOAT64, v, v.length);
  }

  @Test
  void accumulateTreatsNullAsZeroAndNeverChangesASharedAdjoint() {
    Tensor a = t(1, 2);
    Tensor b = t(10, 20);
    assertNull(TensorAdjoints.accumulate(null, null));
    assertSame(a, TensorAdjoints.accumulate(null, a));
    assertSame(a, TensorAdjoints.accumulate(a, null));
    Tensor sum = TensorAdjoints.accumulate(a, b);
    assertArrayEquals(new double[] {11, 22}, sum.toDoubleArray());
    assertArrayEquals(new double[] {1, 2}, a.toDoubleArray(), "the adjoint is not changed in place");
    assertArrayEquals(new double[] {10, 20}, b.toDoubleArray());
  }

  @Test
  void aFreeContributionIsAddedIntoInPlaceButOnlyIfItIsSafe() {
    Tensor a = t(1, 2);
    Tensor free = t(10, 20);
    Tensor sum = TensorAdjoints.accumulate(a, free, true);
    assertSame(free, sum, "added into the contribution nothing else reads");
    assertArrayEquals(new double[] {11, 22}, sum.toDoubleArray());
    assertArrayEquals(new double[] {1, 2}, a.toDoubleArray());
    Tensor view = Tensor.scalar(3, DType.FLOAT64).expand(2);
    Tensor viaView = TensorAdjoints.accumulate(a, view, true);
    assertNotSame(view, viaView, "a view shares storage: never written into");
    assertArrayEquals(new double[] {4, 5}, viaView.toDoubleArray());
    Tensor wider = TensorAdjoints.accumulate(t(1, 2), Tensor.of(DType.FLOAT64, new double[] {1, 1, 1, 1}, 2, 2), true);
    assertArrayEquals(new int[] {2, 2}, wider.shape(), "shapes that differ broadcast into a new tensor");
  }

  @Test
  void sumToShapeOfUndoesBroadcasting() {
    Tensor g = Tensor.of(DType.FLOAT64, new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
    Tensor row = t(0, 0, 0);
    assertArrayEquals(new double[] {5, 7, 9}, TensorAdjoints.sumToShapeOf(g, row).toDoubleArray());
    assertSame(g, TensorAdjoints.sumToShapeOf(g, g));
  }

  @Test
  void zerosForWhatNothingReached() {
    Tensor p = Tensor.ones(DType.FLOAT64, 2, 3);
    Tensor z = TensorAdjoints.orZeros(null, p);
    assertArrayEquals(new int[] {2, 3}, z.shape());
    assertArrayEquals(new double[6], z.toDoubleArray());
    Tensor g = t(1, 2);
    assertSame(g, TensorAdjoints.orZeros(g, t(0, 0)));
    Tensor[] grads = TensorAdjoints.orZeros(new Tensor[] {g, null}, new Tensor[] {t(0, 0), t(0, 0, 0)});
    assertSame(g, grads[0]);
    assertArrayEquals(new double[3], grads[1].toDoubleArray());
  }

  @Test
  void seedOfAOneElementResultIsOnesElseTheMessageNamesTheVjp() {
    Tensor one = Tensor.scalar(2.5, DType.FLOAT64);
    assertArrayEquals(new double[] {1}, TensorAdjoints.seed(one, null, "Foo.f", "fVjp").toDoubleArray());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TensorAdjoints.seed(t(1, 2), null, "Foo.f", "fVjp"));
    assertTrue(e.getMessage().contains("Foo.f returned a tensor of shape [2], not one element")
        && e.getMessage().contains("call fVjp with a seed"), e.getMessage());
    IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
        () -> TensorAdjoints.seed(t(1, 2), t(1, 2, 3), "Foo.f", "fVjp"));
    assertTrue(shape.getMessage().contains("fVjp: seed shape [3] (FLOAT64) does not match output shape [2]"), shape.getMessage());
    Tensor given = t(5, 6);
    assertSame(given, TensorAdjoints.seed(t(1, 2), given, "Foo.f", "fVjp"));
  }

  @Test
  void aSeedOfTheRightShapeButAnotherDtypeIsNamedADtypeMismatch() {
    IllegalArgumentException dtype = assertThrows(IllegalArgumentException.class,
        () -> TensorAdjoints.seed(Tensor.scalar(1.0, DType.FLOAT64), Tensor.scalar(2.0, DType.FLOAT32), "Foo.f", "fVjp"));
    assertEquals("fVjp: seed dtype FLOAT32 does not match the output's dtype FLOAT64 (the shape [] is right); pass a seed of"
        + " dtype FLOAT64 (seed.to(DType.FLOAT64))", dtype.getMessage());
    // the check without the result, for code that knows the result's shape and dtype first
    IllegalArgumentException early = assertThrows(IllegalArgumentException.class,
        () -> TensorAdjoints.checkSeed(Tensor.scalar(2.0, DType.FLOAT32), new int[0], DType.FLOAT64, "Foo.f", "fVjp"));
    assertEquals(dtype.getMessage(), early.getMessage());
    IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
        () -> TensorAdjoints.checkSeed(t(1, 2), new int[0], DType.FLOAT64, "Foo.f", "fVjp"));
    assertTrue(shape.getMessage().startsWith("fVjp: seed shape [2] (FLOAT64) does not match output shape [] (FLOAT64)"),
        shape.getMessage());
    Tensor given = Tensor.scalar(2.0, DType.FLOAT64);
    assertSame(given, TensorAdjoints.checkSeed(given, new int[0], DType.FLOAT64, "Foo.f", "fVjp"));
    assertNull(TensorAdjoints.checkSeed(null, new int[0], DType.FLOAT64, "Foo.f", "fVjp"));
  }

  @Test
  void nullElementsAreNamed() {
    NullPointerException e = assertThrows(NullPointerException.class,
        () -> TensorAdjoints.requireElements(new Tensor[] {t(1), null}, "layers"));
    assertTrue(e.getMessage().equals("layers[1] is null"), e.getMessage());
  }

  @Test
  void addToAccumulatesEachElement() {
    Tensor[] target = {null, t(1)};
    TensorAdjoints.addTo(target, new Tensor[] {t(2), t(3)});
    assertArrayEquals(new double[] {2}, target[0].toDoubleArray());
    assertArrayEquals(new double[] {4}, target[1].toDoubleArray());
    assertThrows(IllegalArgumentException.class, () -> TensorAdjoints.addTo(target, new Tensor[1]));
  }
}
