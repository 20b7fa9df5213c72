package dev.adjoint.support;

import java.util.ArrayList;
import java.util.function.IntFunction;
import java.util.function.ToIntFunction;

/**
 * Backing arrays of the primitive stacks, kept per thread between gradient calls: a generated adjoint
 * creates its stacks at the start of every call and grows them to the size of the tape, so reusing
 * the last call's arrays saves the reallocations and copies of growing again (about a fifth of a
 * gmm gradient). Per thread, so there is nothing to lock; bounded, so a rare huge call does not pin
 * memory.
 */
final class BufferPool<A> {
  /** Arrays kept per thread and element type. */
  private static final int MAX_KEPT = 16;
  /** Larger arrays are left to the garbage collector. */
  private static final int MAX_LENGTH = 1 << 20;

  private final ThreadLocal<ArrayList<A>> free = ThreadLocal.withInitial(ArrayList::new);
  private final IntFunction<A> allocate;
  private final ToIntFunction<A> length;

  BufferPool(IntFunction<A> allocate, ToIntFunction<A> length) {
    this.allocate = allocate;
    this.length = length;
  }

  /** The most recently returned array of this thread, or a new one of {@code initialLength}. */
  A take(int initialLength) {
    ArrayList<A> list = free.get();
    return list.isEmpty() ? allocate.apply(initialLength) : list.remove(list.size() - 1);
  }

  /** Keeps an array no stack uses any more, for the next {@link #take}. */
  void give(A array) {
    ArrayList<A> list = free.get();
    if (list.size() < MAX_KEPT && length.applyAsInt(array) <= MAX_LENGTH) {
      list.add(array);
    }
  }
}
