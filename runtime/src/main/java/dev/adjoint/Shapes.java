package dev.adjoint;

import java.util.Arrays;

/** Shape arithmetic shared by tensor operations: strides, element counts, broadcasting. */
final class Shapes {
  private Shapes() {}

  static int[] contiguousStrides(int[] shape) {
    int[] st = new int[shape.length];
    int s = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      st[i] = s;
      s *= Math.max(shape[i], 1);
    }
    return st;
  }

  static boolean isContiguous(int[] shape, int[] strides) {
    int s = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      if (shape[i] != 1 && strides[i] != s) {
        return false;
      }
      s *= shape[i];
    }
    return true;
  }

  /** The element count of {@code shape}, refusing negative sizes and counts beyond an int. */
  static int checkedNumel(String op, int[] shape) {
    long n = 1;
    for (int s : shape) {
      if (s < 0) {
        throw new IllegalArgumentException(
            op + ": negative size " + s + " in shape " + Arrays.toString(shape));
      }
      n *= s;
      if (n > Integer.MAX_VALUE) {
        long total = 1;
        boolean overflow = false;
        for (int t : shape) {
          try {
            total = Math.multiplyExact(total, (long) t);
          } catch (ArithmeticException e) {
            overflow = true;
            break;
          }
        }
        throw new IllegalArgumentException(op + ": shape " + Arrays.toString(shape) + " has "
            + (overflow ? "more than 2^63" : Long.toString(total)) + " elements, more than the "
            + Integer.MAX_VALUE + " a tensor can hold");
      }
    }
    return (int) n;
  }

  static int normDim(String op, int dim, int rank) {
    int r = Math.max(rank, 1);
    if (dim < -r || dim >= r) {
      throw new IndexOutOfBoundsException(op + ": dimension " + dim + " is out of range for a tensor"
          + " with " + rank + " dimension" + (rank == 1 ? "" : "s") + " (expected " + (-r) + " to "
          + (r - 1) + ")");
    }
    return dim < 0 ? dim + r : dim;
  }

  static int[] broadcastShapes(String op, int[] a, int[] b) {
    if (Arrays.equals(a, b)) {
      return a;
    }
    int r = Math.max(a.length, b.length);
    int[] out = new int[r];
    for (int i = 0; i < r; i++) {
      int ai = i - (r - a.length);
      int bi = i - (r - b.length);
      int x = ai >= 0 ? a[ai] : 1;
      int y = bi >= 0 ? b[bi] : 1;
      if (x != y && x != 1 && y != 1) {
        throw new IllegalArgumentException(op + ": shapes " + Arrays.toString(a) + " and "
            + Arrays.toString(b) + " cannot be broadcast (dimension " + i + ": " + x + " vs " + y + ")");
      }
      out[i] = x == 1 ? y : x;
    }
    return out;
  }

  static int[] removeDim(int[] a, int dm) {
    int[] r = new int[a.length - 1];
    System.arraycopy(a, 0, r, 0, dm);
    System.arraycopy(a, dm + 1, r, dm, a.length - dm - 1);
    return r;
  }

  static int[] insertDim(int[] a, int dm, int v) {
    int[] r = new int[a.length + 1];
    System.arraycopy(a, 0, r, 0, dm);
    r[dm] = v;
    System.arraycopy(a, dm, r, dm + 1, a.length - dm);
    return r;
  }
}
