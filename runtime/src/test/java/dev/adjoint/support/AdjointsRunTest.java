package dev.adjoint.support;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@code Adjoints.addScaledTo} over runs (what generated reverse sweeps of dot products call): every length
 * from empty through several vectors and a tail, at offsets, against the plain loop; runs that do not fit
 * throw before anything is added.
 */
class AdjointsRunTest {
  @Test
  void doubleRunsMatchThePlainLoop() {
    Random random = new Random(3);
    for (int length = -2; length <= 41; length++) {
      double[] source = random.doubles(50).toArray();
      double[] target = random.doubles(60).toArray();
      double[] expected = target.clone();
      for (int i = 0; i < length; i++) {
        expected[7 + i] += -1.75 * source[3 + i];
      }
      Adjoints.addScaledTo(target, 7, source, 3, length, -1.75);
      // the vector path multiplies and adds in one rounding, the loop in two
      assertArrayEquals(expected, target, 1e-15, "length " + length);
    }
  }

  @Test
  void floatRunsMatchThePlainLoop() {
    Random random = new Random(4);
    for (int length = 0; length <= 70; length++) {
      float[] source = new float[80];
      float[] target = new float[90];
      for (int i = 0; i < source.length; i++) {
        source[i] = random.nextFloat() - 0.5f;
      }
      for (int i = 0; i < target.length; i++) {
        target[i] = random.nextFloat() - 0.5f;
      }
      float[] expected = target.clone();
      for (int i = 0; i < length; i++) {
        expected[length % 5 + i] += 0.3f * source[9 + i];
      }
      Adjoints.addScaledTo(target, length % 5, source, 9, length, 0.3f);
      assertArrayEquals(expected, target, 1e-6f, "length " + length);
    }
  }

  @Test
  void aRunThatDoesNotFitThrowsBeforeAddingAnything() {
    double[] target = {1, 2, 3, 4};
    double[] source = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
    assertThrows(IndexOutOfBoundsException.class, () -> Adjoints.addScaledTo(target, 2, source, 0, 3, 1.0));
    assertThrows(IndexOutOfBoundsException.class, () -> Adjoints.addScaledTo(target, 0, source, 10, 3, 1.0));
    assertArrayEquals(new double[] {1, 2, 3, 4}, target, 0);
    // an empty run reads no offsets: the loop it replaces would not have run
    Adjoints.addScaledTo(target, 99, source, -5, 0, 1.0);
    assertEquals(4, target[3], 0);
  }
}
