package dev.adjoint.support;

import java.lang.ref.SoftReference;
import java.util.ArrayList;
import java.util.function.IntFunction;
import java.util.function.ToIntFunction;

/**
 * Backing arrays of the primitive stacks, kept per thread between gradient calls: a generated adjoint
 * creates its stacks at the start of every call and grows them to the size of the tape, so reusing
 * the last call's arrays saves the reallocations and copies of growing again (about a fifth of a
 * gmm gradient). Per thread, so there is nothing to lock. Last in, first out: a generated adjoint gives
 * its stacks back in the reverse order it created them, so each stack of the next call gets the array
 * it grew to in this one.
 *
 * <p>Arrays up to {@value #STRONG_LENGTH} elements are kept as they are; longer ones (a tape of
 * millions of values) through a {@link SoftReference}, which the collector clears before the heap runs
 * out, so a huge call never pins memory the program needs.
 */
final class BufferPool<A> {
  /** Arrays kept per thread and element type. */
  private static final int MAX_KEPT = 16;
  /** Longer arrays are kept only softly. */
  static final int STRONG_LENGTH = 1 << 20;

  private final ThreadLocal<ArrayList<Object>> free = ThreadLocal.withInitial(ArrayList::new);
  private final IntFunction<A> allocate;
  private final ToIntFunction<A> length;

  BufferPool(IntFunction<A> allocate, ToIntFunction<A> length) {
    this.allocate = allocate;
    this.length = length;
  }

  /** The most recently returned array of this thread still kept, or a new one of {@code initialLength}. */
  @SuppressWarnings("unchecked")
  A take(int initialLength) {
    ArrayList<Object> list = free.get();
    while (!list.isEmpty()) {
      Object kept = list.remove(list.size() - 1);
      Object array = kept instanceof SoftReference<?> soft ? soft.get() : kept;
      if (array != null) {
        return (A) array;
      }
    }
    return allocate.apply(initialLength);
  }

  /** Keeps an array no stack uses any more, for the next {@link #take}. */
  void give(A array) {
    ArrayList<Object> list = free.get();
    if (list.size() < MAX_KEPT) {
      list.add(length.applyAsInt(array) <= STRONG_LENGTH ? array : new SoftReference<>(array));
    }
  }
}
