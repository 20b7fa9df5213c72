package dev.adjoint;

/**
 * Walks a shape over up to three strided operands and hands each innermost run to a body, so that
 * the body can call a contiguous kernel (stride 1) or a scalar-broadcast kernel (stride 0) on it.
 * Size-1 dimensions are dropped and adjacent dimensions that are laid out contiguously for every
 * operand are merged first, so broadcast and sliced cases still get long runs.
 */
final class Runs {
  private Runs() {}

  /** Receives one inner run: the three operands' offsets, its length and their inner strides. */
  interface Body {
    void run(int o0, int o1, int o2, int n, int s0, int s1, int s2);
  }

  static void forEach(int[] shape, int[] st0, int off0, int[] st1, int off1, int[] st2, int off2, Body body) {
    int rank = shape.length;
    int[] sh = new int[Math.max(rank, 1)];
    int[] a = new int[sh.length];
    int[] b = new int[sh.length];
    int[] c = new int[sh.length];
    int r = 0;
    for (int i = 0; i < rank; i++) {
      int n = shape[i];
      if (n == 0) {
        return;
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
    if (r == 0) {
      body.run(off0, off1, off2, 1, 1, 1, 1);
      return;
    }
    int inner = sh[r - 1];
    int ia = a[r - 1], ib = b[r - 1], ic = c[r - 1];
    if (r == 1) {
      body.run(off0, off1, off2, inner, ia, ib, ic);
      return;
    }
    int outer = r - 1;
    int[] idx = new int[outer];
    int o0 = off0, o1 = off1, o2 = off2;
    while (true) {
      body.run(o0, o1, o2, inner, ia, ib, ic);
      int d = outer - 1;
      while (d >= 0) {
        idx[d]++;
        o0 += a[d];
        o1 += b[d];
        o2 += c[d];
        if (idx[d] < sh[d]) {
          break;
        }
        o0 -= a[d] * sh[d];
        o1 -= b[d] * sh[d];
        o2 -= c[d] * sh[d];
        idx[d] = 0;
        d--;
      }
      if (d < 0) {
        return;
      }
    }
  }
}
