package dev.adjoint.support;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The stacks generated code uses: last in first out across growth, and a clear error when empty. */
class StacksTest {
  @Test
  void doubleStackIsLastInFirstOutAcrossGrowth() {
    DoubleStack s = new DoubleStack();
    for (int i = 0; i < 1000; i++) {
      s.push(i * 0.5);
    }
    assertEquals(1000, s.size());
    assertEquals(499.5, s.peek());
    for (int i = 999; i >= 0; i--) {
      assertEquals(i * 0.5, s.pop());
    }
    assertTrue(s.isEmpty());
    assertThrows(IllegalStateException.class, s::pop);
  }

  @Test
  void primitiveStacksKeepTheirValues() {
    IntStack ints = new IntStack();
    FloatStack floats = new FloatStack();
    LongStack longs = new LongStack();
    BooleanStack bools = new BooleanStack();
    for (int i = 0; i < 100; i++) {
      ints.push(i);
      floats.push(i / 4f);
      longs.push(1L << (i % 63));
      bools.push(i % 3 == 0);
    }
    for (int i = 99; i >= 0; i--) {
      assertEquals(i, ints.pop());
      assertEquals(i / 4f, floats.pop());
      assertEquals(1L << (i % 63), longs.pop());
      assertEquals(i % 3 == 0, bools.pop());
    }
  }

  @Test
  void objectStackReturnsTheSameReferences() {
    ObjectStack<double[]> s = new ObjectStack<>();
    double[] a = {1};
    double[] b = {2};
    s.push(a);
    s.push(null);
    s.push(b);
    assertSame(b, s.pop());
    assertEquals(null, s.pop());
    assertSame(a, s.pop());
    assertThrows(IllegalStateException.class, s::pop);
  }

  @Test
  void adjointsHaveThePrimalShapeAndAccumulate() {
    double[][] ragged = {{1, 2, 3}, {4}};
    double[][] z = Adjoints.zerosLike(ragged);
    assertEquals(2, z.length);
    assertArrayEquals(new double[3], z[0]);
    assertArrayEquals(new double[1], z[1]);
    Adjoints.addTo(z, ragged);
    Adjoints.addTo(z, ragged);
    assertArrayEquals(new double[] {2, 4, 6}, z[0]);
    assertArrayEquals(new double[] {8}, z[1]);
    float[] f = Adjoints.zerosLike(new float[] {1f, 2f});
    Adjoints.addTo(f, new float[] {0.5f, 1.5f});
    assertArrayEquals(new float[] {0.5f, 1.5f}, f);
    assertEquals(null, Adjoints.zerosLike((double[]) null));
  }

  @Test
  void aReleasedStacksStorageServesTheNextStackOfTheSameThreadOnly() throws Exception {
    DoubleStack first = new DoubleStack();
    for (int i = 0; i < 1000; i++) {
      first.push(i);
    }
    java.lang.reflect.Field items = DoubleStack.class.getDeclaredField("items");
    items.setAccessible(true);
    Object grown = items.get(first);
    first.release();
    first.release(); // twice is harmless
    assertThrows(NullPointerException.class, () -> first.push(1));
    // another thread starts from its own (empty) pool: a fresh stack that works as usual
    DoubleStack[] other = new DoubleStack[1];
    Thread t = new Thread(() -> {
      other[0] = new DoubleStack();
      other[0].push(7);
    });
    t.start();
    t.join();
    assertEquals(7.0, other[0].pop());
    // this thread's next stack is empty whatever its array held, and behaves like a new one
    DoubleStack second = new DoubleStack();
    assertSame(grown, items.get(second), "the released, grown array is reused");
    assertTrue(second.isEmpty());
    for (int i = 0; i < 3000; i++) {
      second.push(-i);
    }
    for (int i = 2999; i >= 0; i--) {
      assertEquals(-i, second.pop());
    }
    assertThrows(IllegalStateException.class, second::pop);
    second.release();
    BooleanStack b = new BooleanStack();
    b.push(true);
    b.release();
    BooleanStack b2 = new BooleanStack();
    assertTrue(b2.isEmpty());
    b2.push(false);
    assertEquals(false, b2.pop());
  }
  @Test
  void stacksGivenBackInReverseOrderGetTheirOwnArraysNextCall() throws Exception {
    java.lang.reflect.Field items = DoubleStack.class.getDeclaredField("items");
    items.setAccessible(true);
    DoubleStack small = new DoubleStack();
    DoubleStack large = new DoubleStack();
    for (int i = 0; i < 100; i++) {
      small.push(i);
    }
    for (int i = 0; i < 100_000; i++) {
      large.push(i);
    }
    Object smallArray = items.get(small);
    Object largeArray = items.get(large);
    large.release();
    small.release();
    DoubleStack smallAgain = new DoubleStack();
    DoubleStack largeAgain = new DoubleStack();
    assertSame(smallArray, items.get(smallAgain));
    assertSame(largeArray, items.get(largeAgain), "the large stack need not grow again");
    largeAgain.release();
    smallAgain.release();
  }

  @Test
  void arraysLongerThanTheStronglyKeptLengthAreReusedToo() throws Exception {
    java.lang.reflect.Field items = IntStack.class.getDeclaredField("items");
    items.setAccessible(true);
    IntStack tape = new IntStack();
    for (int i = 0; i <= BufferPool.STRONG_LENGTH; i++) {
      tape.push(i);
    }
    Object grown = items.get(tape);
    assertTrue(((int[]) grown).length > BufferPool.STRONG_LENGTH);
    tape.release();
    IntStack next = new IntStack();
    // kept through a soft reference, which the collector cannot clear while this test holds the array
    assertSame(grown, items.get(next));
    assertTrue(next.isEmpty());
    next.push(3);
    assertEquals(3, next.pop());
    next.release();
  }
}
