package dev.adjoint.support;

import java.util.Arrays;

/**
 * A growable stack of references (for example arrays a generated adjoint replaces in a loop),
 * last in first out.
 *
 * <pre>{@code
 * ObjectStack<double[]> saved = new ObjectStack<>();
 * saved.push(buffer);
 * buffer = saved.pop();
 * }</pre>
 *
 * @param <T> the element type
 */
public final class ObjectStack<T> {
  private Object[] items = new Object[16];
  private int size;

  /** Creates an empty stack. */
  public ObjectStack() {}

  /**
   * Pushes a reference (may be null).
   *
   * @param value the reference to save
   */
  public void push(T value) {
    if (size == items.length) {
      items = Arrays.copyOf(items, size * 2);
    }
    items[size++] = value;
  }

  /**
   * Removes and returns the most recently pushed reference.
   *
   * @return the reference pushed last
   * @throws IllegalStateException if the stack is empty (a bug in generated code)
   */
  @SuppressWarnings("unchecked")
  public T pop() {
    if (size == 0) {
      throw new IllegalStateException("pop from an empty stack");
    }
    T value = (T) items[--size];
    items[size] = null;
    return value;
  }

  /**
   * Returns the number of references on the stack.
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
