package dev.adjoint.support;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@code Adjoints.addScaledTo} and {@code addScaledToBoth} over runs (what generated reverse sweeps of dot
 * products call): every length from empty through several vectors and a tail, at offsets, against the plain
 * loops, the two targets of a pair also one array at overlapping offsets; runs that do not fit throw (before
 * anything is added, for {@code addScaledTo}).
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

  @Test
  void doublePairsMatchTwoPlainLoops() {
    Random random = new Random(5);
    // the second target: another array, then the first at the same offset, one after it and three before it
    int[] secondTargetShift = {Integer.MIN_VALUE, 0, 1, -3};
    for (int shift : secondTargetShift) {
      for (int length = -2; length <= 41; length++) {
        double[] source = random.doubles(50).toArray();
        double[] source2 = random.doubles(50).toArray();
        double[] target = random.doubles(60).toArray();
        double[] target2 = shift == Integer.MIN_VALUE ? random.doubles(60).toArray() : target;
        int target2From = shift == Integer.MIN_VALUE ? 2 : 7 + shift;
        double[] expected = target.clone();
        double[] expected2 = target2 == target ? expected : target2.clone();
        for (int i = 0; i < length; i++) {
          expected[7 + i] += -1.75 * source[3 + i];
        }
        for (int i = 0; i < length; i++) {
          expected2[target2From + i] += -1.75 * source2[i];
        }
        Adjoints.addScaledToBoth(target, 7, source, 3, target2, target2From, source2, 0, length, -1.75);
        String where = "length " + length + ", second target shift " + shift;
        assertArrayEquals(expected, target, 1e-14, where);
        assertArrayEquals(expected2, target2, 1e-14, where);
      }
    }
  }

  @Test
  void floatPairsMatchTwoPlainLoops() {
    Random random = new Random(6);
    for (boolean oneTarget : new boolean[] {false, true}) {
      for (int length = 0; length <= 70; length++) {
        float[] source = floats(random, 80);
        float[] source2 = floats(random, 80);
        float[] target = floats(random, 90);
        float[] target2 = oneTarget ? target : floats(random, 90);
        float[] expected = target.clone();
        float[] expected2 = oneTarget ? expected : target2.clone();
        for (int i = 0; i < length; i++) {
          expected[length % 5 + i] += 0.3f * source[9 + i];
        }
        for (int i = 0; i < length; i++) {
          expected2[2 + i] += 0.3f * source2[i];
        }
        Adjoints.addScaledToBoth(target, length % 5, source, 9, target2, 2, source2, 0, length, 0.3f);
        assertArrayEquals(expected, target, 1e-6f, "length " + length + ", one target " + oneTarget);
        assertArrayEquals(expected2, target2, 1e-6f, "length " + length + ", one target " + oneTarget);
      }
    }
  }

  @Test
  void aPairWithARunThatDoesNotFitThrows() {
    double[] target = new double[20];
    double[] target2 = new double[20];
    double[] source = new double[30];
    for (int length : new int[] {3, 17}) {
      assertThrows(IndexOutOfBoundsException.class,
          () -> Adjoints.addScaledToBoth(target, 0, source, 0, target2, 18, source, 0, length, 1.0));
      assertThrows(IndexOutOfBoundsException.class,
          () -> Adjoints.addScaledToBoth(target, 0, source, 28, target2, 0, source, 0, length, 1.0));
    }
  }

  private static float[] floats(Random random, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = random.nextFloat() - 0.5f;
    }
    return a;
  }
}
