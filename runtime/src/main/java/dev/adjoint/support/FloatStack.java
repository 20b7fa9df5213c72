package dev.adjoint.support;

import java.util.Arrays;

/**
 * A growable stack of {@code float} values without boxing, used by generated adjoints to save
 * values in the forward sweep and restore them, last in first out, in the reverse sweep.
 *
 * <pre>{@code
 * FloatStack saved = new FloatStack();
 * saved.push(x);      // forward: before x is overwritten
 * x = saved.pop();    // reverse: restore it
 * }</pre>
 */
public final class FloatStack {
  private float[] items;
  private int size;

  private static final BufferPool<float[]> POOL = new BufferPool<>(float[]::new, a -> a.length);

  /** Creates an empty stack (on an array a released stack of this thread left, if there is one). */
  public FloatStack() {
    items = POOL.take(16);
  }

  /**
   * Gives the stack's storage back for the next stack this thread creates; generated adjoints call it
   * when their reverse sweep is done. The stack must not be used afterwards.
   */
  public void release() {
    if (items != null) {
      POOL.give(items);
      items = null;
      size = 0;
    }
  }

  /**
   * Pushes a value.
   *
   * @param value the value to save
   */
  public void push(float value) {
    if (size == items.length) {
      items = Arrays.copyOf(items, size * 2);
    }
    items[size++] = value;
  }

  /**
   * Removes and returns the most recently pushed value.
   *
   * @return the value pushed last
   * @throws IllegalStateException if the stack is empty (a bug in generated code)
   */
  public float pop() {
    if (size == 0) {
      throw new IllegalStateException("pop from an empty stack");
    }
    return items[--size];
  }

  /**
   * Returns the most recently pushed value without removing it.
   *
   * @return the value pushed last
   * @throws IllegalStateException if the stack is empty
   */
  public float peek() {
    if (size == 0) {
      throw new IllegalStateException("peek at an empty stack");
    }
    return items[size - 1];
  }

  /**
   * Returns the number of values on the stack.
   *
   * @return the size
   */
  public int size() {
    return size;
  }

  /**
   * Tells whether the stack is empty.
   *
   * @return true if nothing is on the stack
   */
  public boolean isEmpty() {
    return size == 0;
  }
}
