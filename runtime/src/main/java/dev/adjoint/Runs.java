package dev.adjoint;

/**
 * Walks a shape over up to three strided operands, one innermost run at a time, so that the caller
 * can hand each run to a contiguous kernel (stride 1) or a scalar-broadcast kernel (stride 0).
 * Size-1 dimensions are dropped and adjacent dimensions that are laid out contiguously for every
 * operand are merged first, so broadcast and sliced cases still get long runs.
 *
 * <pre>{@code
 * for (Runs r = Runs.over(shape, st0, off0, st1, off1, null, 0); r.next(); ) {
 *   kernel(r.o0, r.o1, r.n);   // r.s0, r.s1: the run's strides
 * }
 * }</pre>
 *
 * <p>A cursor rather than a callback: the loop and the kernel calls in it stay in the caller's
 * code. With a callback, one call site in here ran the bodies of every caller; once it had seen
 * several, C2 compiled it as a megamorphic call and each body on its own, so how well a body's
 * kernels were compiled depended on which other operations the program had used before.
 */
final class Runs {
  /** The current run: each operand's offset, the run's length and each operand's stride in it. */
  int o0;
  int o1;
  int o2;
  int n;
  int s0;
  int s1;
  int s2;

  private final int outer;
  private final int[] sh;
  private final int[] a;
  private final int[] b;
  private final int[] c;
  private final int[] idx;
  /** Whether {@link #next()} has not been called yet; -1 once the walk is over. */
  private int state;

  private Runs(int[] sh, int[] a, int[] b, int[] c, int r, int off0, int off1, int off2) {
    this.sh = sh;
    this.a = a;
    this.b = b;
    this.c = c;
    this.o0 = off0;
    this.o1 = off1;
    this.o2 = off2;
    if (r < 0) {
      outer = 0;
      idx = null;
      state = -1;
      return;
    }
    if (r == 0) {
      n = 1;
      s0 = 1;
      s1 = 1;
      s2 = 1;
      outer = 0;
    } else {
      n = sh[r - 1];
      s0 = a[r - 1];
      s1 = b[r - 1];
      s2 = c[r - 1];
      outer = r - 1;
    }
    idx = new int[outer];
    state = 1;
  }

  /**
   * The runs of {@code shape} over operands with strides {@code st0..st2} (null for an absent
   * operand, which then gets stride 0) starting at {@code off0..off2}. An empty shape has no run;
   * a 0-dimensional one has one run of length 1.
   */
  static Runs over(int[] shape, int[] st0, int off0, int[] st1, int off1, int[] st2, int off2) {
    int rank = shape.length;
    int[] sh = new int[Math.max(rank, 1)];
    int[] a = new int[sh.length];
    int[] b = new int[sh.length];
    int[] c = new int[sh.length];
    int r = 0;
    for (int i = 0; i < rank; i++) {
      int n = shape[i];
      if (n == 0) {
        return new Runs(sh, a, b, c, -1, off0, off1, off2);
      }
      if (n == 1) {
        continue;
      }
      int sa = st0 == null ? 0 : st0[i];
      int sb = st1 == null ? 0 : st1[i];
      int sc = st2 == null ? 0 : st2[i];
      if (r > 0 && a[r - 1] == sa * n && b[r - 1] == sb * n && c[r - 1] == sc * n) {
        sh[r - 1] *= n;
        a[r - 1] = sa;
        b[r - 1] = sb;
        c[r - 1] = sc;
      } else {
        sh[r] = n;
        a[r] = sa;
        b[r] = sb;
        c[r] = sc;
        r++;
      }
    }
    return new Runs(sh, a, b, c, r, off0, off1, off2);
  }

  /** Moves to the next run; false when there is none left. */
  boolean next() {
    if (state == 1) {
      state = 0;
      return true;
    }
    if (state < 0) {
      return false;
    }
    int d = outer - 1;
    while (d >= 0) {
      idx[d]++;
      o0 += a[d];
      o1 += b[d];
      o2 += c[d];
      if (idx[d] < sh[d]) {
        return true;
      }
      o0 -= a[d] * sh[d];
      o1 -= b[d] * sh[d];
      o2 -= c[d] * sh[d];
      idx[d] = 0;
      d--;
    }
    state = -1;
    return false;
  }
}
