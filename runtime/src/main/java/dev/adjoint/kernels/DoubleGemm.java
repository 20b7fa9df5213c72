package dev.adjoint.kernels;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code double} matrix product in the BLIS loop order: for each {@link #NC}-column block of B and
 * {@link #KC}-deep slice, B is packed into {@link #NR}-wide column panels (shared by all rows, kept
 * in L2/L3); for each {@link #MC}-row block, A is packed into {@link #MR}-tall row panels (kept in
 * L2); then an {@code MR × NR} register tile of C is computed by broadcast-FMA over the slice. The
 * packing routines read A and B through arbitrary strides, so transposed views need no copy, and
 * they pad partial panels with zeros so the micro-kernel never branches on the edge.
 *
 * <p>Large products ({@link GemmThreads#PARALLEL_FLOPS}) run on up to {@code -Dadjoint.threads}
 * threads: they pack each B block together, then each computes a band of rows (or columns) of C,
 * packing its own A. Small products skip packing altogether.
 *
 * <p>This is {@link FloatGemm} with the element type replaced; keep the two in step.
 */
final class DoubleGemm {
  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  /** Rows of the register tile. 6 rows × 2 vectors keep 12 accumulators, within 16 AVX2 registers. */
  static final int MR = 6;
  /** Columns of the register tile: two vectors. */
  static final int NR = 2 * L;
  /**
   * Depth of a packed slice: an A panel ({@code MR × KC}) stays in L1 while the B panels of the
   * block stream past it from L2. Deeper products take several slices, each adding to C.
   */
  static final int KC = 256;
  /** Rows of a packed A block ({@code MC × KC} doubles, in L2). */
  static final int MC = 120;
  /** Columns of a packed B block ({@code KC × NC} doubles, in L3). */
  static final int NC = 512; // half the float width: the same bytes per block
  /** Products with fewer multiply-adds than this skip packing (packing pays off from about 8³). */
  static final long DIRECT_WORK = 1L << 9;

  private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

  /** Per-thread packing space, grown to the largest blocks this thread has needed. */
  private static final class Buffers {
    double[] a = new double[0];
    double[] b = new double[0];
    final double[] tile = new double[MR * NR];

    void ensureA(int size) {
      if (a.length < size) {
        a = new double[size];
      }
    }

    void ensureB(int size) {
      if (b.length < size) {
        b = new double[size];
      }
    }
  }

  private DoubleGemm() {}

  /** See {@link Kernels#gemm(int, int, int, double[], int, int, int, double[], int, int, int, double[], int, int, boolean)}. */
  static void gemm(int m, int n, int k,
      double[] a, int ao, int aRow, int aCol,
      double[] b, int bo, int bRow, int bCol,
      double[] c, int co, int ldc, boolean accumulate) {
    if (m <= 0 || n <= 0) {
      return;
    }
    if (k <= 0) {
      if (!accumulate) {
        for (int i = 0; i < m; i++) {
          Arrays.fill(c, co + i * ldc, co + i * ldc + n, 0);
        }
      }
      return;
    }
    long work = (long) m * n * k;
    if (work < DIRECT_WORK || m < 3) {
      direct(m, n, k, a, ao, aRow, aCol, b, bo, bRow, bCol, c, co, ldc, accumulate);
      return;
    }
    int threads = 2 * work >= GemmThreads.PARALLEL_FLOPS ? GemmThreads.cap() : 1;
    blocked(m, n, k, a, ao, aRow, aCol, b, bo, bRow, bCol, c, co, ldc, accumulate, threads);
  }

  private static int roundUp(int x, int multiple) {
    return (x + multiple - 1) / multiple * multiple;
  }

  /**
   * Small or skinny products without packing: a row of C at a time as vector axpys when B's rows
   * are contiguous, or one dot product per element when A's rows and B's columns are (a
   * transposed B, as in the backward pass of a vector-matrix product).
   */
  private static void direct(int m, int n, int k,
      double[] a, int ao, int aRow, int aCol,
      double[] b, int bo, int bRow, int bCol,
      double[] c, int co, int ldc, boolean accumulate) {
    if (bCol != 1 && aCol == 1 && bRow == 1 && k >= L) {
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          int ci = co + i * ldc + j;
          double dot = dot(a, ao + i * aRow, b, bo + j * bCol, k);
          c[ci] = accumulate ? c[ci] + dot : dot;
        }
      }
      return;
    }
    if (bCol != 1 || n < L) {
      ScalarKernels.INSTANCE.gemm(m, n, k, a, ao, aRow, aCol, b, bo, bRow, bCol, c, co, ldc,
          accumulate);
      return;
    }
    int bound = S.loopBound(n);
    for (int i = 0; i < m; i++) {
      int ci = co + i * ldc;
      if (!accumulate) {
        Arrays.fill(c, ci, ci + n, 0);
      }
      for (int p = 0; p < k; p++) {
        double aip = a[ao + i * aRow + p * aCol];
        DoubleVector va = DoubleVector.broadcast(S, aip);
        int bp = bo + p * bRow;
        int j = 0;
        for (; j < bound; j += L) {
          va.fma(DoubleVector.fromArray(S, b, bp + j), DoubleVector.fromArray(S, c, ci + j))
              .intoArray(c, ci + j);
        }
        for (; j < n; j++) {
          c[ci + j] += aip * b[bp + j];
        }
      }
    }
  }

  /** {@code sum(x[xo + p] * y[yo + p])} for {@code p < k}, in two vector accumulators. */
  private static double dot(double[] x, int xo, double[] y, int yo, int k) {
    DoubleVector s0 = DoubleVector.zero(S);
    DoubleVector s1 = s0;
    int p = 0;
    for (int bound = k - k % (2 * L); p < bound; p += 2 * L) {
      s0 = DoubleVector.fromArray(S, x, xo + p).fma(DoubleVector.fromArray(S, y, yo + p), s0);
      s1 = DoubleVector.fromArray(S, x, xo + p + L).fma(DoubleVector.fromArray(S, y, yo + p + L), s1);
    }
    // -0 first: a receiver of exact type (see kernel).
    double sum = DoubleVector.broadcast(S, -0.0).add(s0).add(s1).reduceLanes(VectorOperators.ADD);
    for (; p < k; p++) {
      sum += x[xo + p] * y[yo + p];
    }
    return sum;
  }

  /**
   * The blocked loop nest. Each packed B block is shared: with several threads, they first pack
   * its panels together, then each computes a band of rows of C (or of columns, when C has too few
   * rows to keep every thread busy) with its own packed A.
   */
  static void blocked(int m, int n, int k,
      double[] a, int ao, int aRow, int aCol,
      double[] b, int bo, int bRow, int bCol,
      double[] c, int co, int ldc, boolean accumulate, int threads) {
    int kcMax = Math.min(KC, k);
    // The calling thread's buffer: workers only touch it while the caller waits for them.
    Buffers own = BUFFERS.get();
    own.ensureB(roundUp(Math.min(NC, n), NR) * kcMax);
    double[] packedB = own.b;
    boolean byRows = m >= 2 * MR * threads;
    for (int jc = 0; jc < n; jc += NC) {
      int nc = Math.min(NC, n - jc);
      int panels = (nc + NR - 1) / NR;
      for (int pc = 0; pc < k; pc += KC) {
        int kc = Math.min(KC, k - pc);
        int bBase = bo + pc * bRow + jc * bCol;
        int aBase = ao + pc * aCol;
        int cBase = co + jc;
        boolean overwrite = pc == 0 && !accumulate;
        if (threads == 1) {
          packB(b, bBase, bRow, bCol, kc, nc, 0, panels, packedB);
          bands(m, kc, a, aBase, aRow, aCol, 0, m, packedB, 0, nc, c, cBase, ldc, overwrite);
          continue;
        }
        int packParts = Math.min(threads, panels);
        Runnable[] pack = new Runnable[packParts];
        for (int t = 0; t < packParts; t++) {
          int from = panels * t / packParts;
          int to = panels * (t + 1) / packParts;
          pack[t] = () -> packB(b, bBase, bRow, bCol, kc, nc, from, to, packedB);
        }
        GemmThreads.runAll(pack);
        Runnable[] compute;
        if (byRows) {
          int band = roundUp((m + threads - 1) / threads, MR);
          compute = new Runnable[(m + band - 1) / band];
          for (int t = 0; t < compute.length; t++) {
            int i0 = t * band;
            int i1 = Math.min(m, i0 + band);
            compute[t] = () -> bands(m, kc, a, aBase, aRow, aCol, i0, i1, packedB, 0, nc,
                c, cBase, ldc, overwrite);
          }
        } else {
          int band = roundUp((nc + threads - 1) / threads, NR);
          compute = new Runnable[(nc + band - 1) / band];
          for (int t = 0; t < compute.length; t++) {
            int j0 = t * band;
            int j1 = Math.min(nc, j0 + band);
            compute[t] = () -> bands(m, kc, a, aBase, aRow, aCol, 0, m, packedB, j0, j1,
                c, cBase, ldc, overwrite);
          }
        }
        GemmThreads.runAll(compute);
      }
    }
  }

  /**
   * Rows {@code [i0, i1)} and columns {@code [j0, j1)} (a multiple of NR from the block start) of
   * one packed block: packs A by {@link #MC}-row blocks into this thread's buffer and runs the
   * micro-kernel over every tile.
   */
  private static void bands(int m, int kc, double[] a, int aBase, int aRow, int aCol, int i0,
      int i1, double[] packedB, int j0, int j1, double[] c, int cBase, int ldc, boolean overwrite) {
    Buffers buf = BUFFERS.get();
    buf.ensureA(roundUp(Math.min(MC, m), MR) * kc);
    double[] packedA = buf.a;
    for (int ic = i0; ic < i1; ic += MC) {
      int mc = Math.min(MC, i1 - ic);
      packA(a, aBase + ic * aRow, aRow, aCol, mc, kc, packedA);
      for (int ir = 0; ir < mc; ir += MR) {
        int rows = Math.min(MR, mc - ir);
        for (int jr = j0; jr < j1; jr += NR) {
          int cols = Math.min(NR, j1 - jr);
          kernel(kc, packedA, ir * kc, packedB, jr * kc,
              c, cBase + (ic + ir) * ldc + jr, ldc, rows, cols, overwrite, buf.tile);
        }
      }
    }
  }

  /**
   * Packs the {@code mc × kc} block of A at {@code base} into panels of {@link #MR} rows: panel
   * {@code q} holds, for each depth {@code p}, its MR row values in a row ({@code MR·kc} doubles).
   */
  private static void packA(double[] a, int base, int aRow, int aCol, int mc, int kc, double[] dst) {
    for (int ir = 0; ir < mc; ir += MR) {
      int rows = Math.min(MR, mc - ir);
      int panel = ir * kc;
      if (rows < MR) {
        Arrays.fill(dst, panel, panel + MR * kc, 0);
      }
      if (aRow == 1) {
        // Columns of A are contiguous (a transposed view): read down them.
        for (int p = 0; p < kc; p++) {
          int src = base + ir + p * aCol;
          int d = panel + p * MR;
          for (int r = 0; r < rows; r++) {
            dst[d + r] = a[src + r];
          }
        }
      } else {
        for (int r = 0; r < rows; r++) {
          int src = base + (ir + r) * aRow;
          int d = panel + r;
          for (int p = 0; p < kc; p++) {
            dst[d + p * MR] = a[src + p * aCol];
          }
        }
      }
    }
  }

  /**
   * Packs panels {@code [fromPanel, toPanel)} of the {@code kc × nc} block of B at {@code base}:
   * panel {@code q} holds columns {@code q·NR ..} and, for each depth {@code p}, its NR column
   * values in a row ({@code NR·kc} doubles).
   */
  private static void packB(double[] b, int base, int bRow, int bCol, int kc, int nc,
      int fromPanel, int toPanel, double[] dst) {
    for (int jr = fromPanel * NR; jr < Math.min(nc, toPanel * NR); jr += NR) {
      int cols = Math.min(NR, nc - jr);
      int panel = jr * kc;
      if (cols < NR) {
        Arrays.fill(dst, panel, panel + NR * kc, 0);
      }
      if (bCol == 1) {
        for (int p = 0; p < kc; p++) {
          System.arraycopy(b, base + p * bRow + jr, dst, panel + p * NR, cols);
        }
      } else if (bRow == 1) {
        // Columns of B are contiguous (a transposed view): read down them.
        for (int j = 0; j < cols; j++) {
          int src = base + (jr + j) * bCol;
          int d = panel + j;
          for (int p = 0; p < kc; p++) {
            dst[d + p * NR] = b[src + p];
          }
        }
      } else {
        for (int p = 0; p < kc; p++) {
          int src = base + p * bRow + jr * bCol;
          int d = panel + p * NR;
          for (int j = 0; j < cols; j++) {
            dst[d + j] = b[src + j * bCol];
          }
        }
      }
    }
  }

  /**
   * The register tile: {@code C[0..rows, 0..cols) (+)= Apanel · Bpanel} over depth {@code kc}, with
   * twelve vector accumulators. A full tile that adds to C starts its accumulators from C and
   * always ends in plain stores: a single store path keeps the compiled kernel small enough for
   * C2 to inline everything (with a load-add-or-store choice at the end, products whose depth
   * exceeds {@link #KC} ran 4-8 times slower). Edge tiles go through {@code tile} so only real
   * elements of C are touched.
   */
  private static void kernel(int kc, double[] ap, int aOff, double[] bp, int bOff,
      double[] c, int cOff, int ldc, int rows, int cols, boolean overwrite, double[] tile) {
    boolean full = rows == MR && cols == NR;
    DoubleVector c00;
    DoubleVector c01;
    DoubleVector c10;
    DoubleVector c11;
    DoubleVector c20;
    DoubleVector c21;
    DoubleVector c30;
    DoubleVector c31;
    DoubleVector c40;
    DoubleVector c41;
    DoubleVector c50;
    DoubleVector c51;
    if (full && !overwrite) {
      c00 = DoubleVector.fromArray(S, c, cOff);
      c01 = DoubleVector.fromArray(S, c, cOff + L);
      c10 = DoubleVector.fromArray(S, c, cOff + ldc);
      c11 = DoubleVector.fromArray(S, c, cOff + ldc + L);
      c20 = DoubleVector.fromArray(S, c, cOff + 2 * ldc);
      c21 = DoubleVector.fromArray(S, c, cOff + 2 * ldc + L);
      c30 = DoubleVector.fromArray(S, c, cOff + 3 * ldc);
      c31 = DoubleVector.fromArray(S, c, cOff + 3 * ldc + L);
      c40 = DoubleVector.fromArray(S, c, cOff + 4 * ldc);
      c41 = DoubleVector.fromArray(S, c, cOff + 4 * ldc + L);
      c50 = DoubleVector.fromArray(S, c, cOff + 5 * ldc);
      c51 = DoubleVector.fromArray(S, c, cOff + 5 * ldc + L);
    } else {
      c00 = DoubleVector.zero(S);
      c01 = c00;
      c10 = c00;
      c11 = c00;
      c20 = c00;
      c21 = c00;
      c30 = c00;
      c31 = c00;
      c40 = c00;
      c41 = c00;
      c50 = c00;
      c51 = c00;
    }
    for (int p = 0; p < kc; p++) {
      DoubleVector b0 = DoubleVector.fromArray(S, bp, bOff);
      DoubleVector b1 = DoubleVector.fromArray(S, bp, bOff + L);
      DoubleVector av = DoubleVector.broadcast(S, ap[aOff]);
      c00 = av.fma(b0, c00);
      c01 = av.fma(b1, c01);
      av = DoubleVector.broadcast(S, ap[aOff + 1]);
      c10 = av.fma(b0, c10);
      c11 = av.fma(b1, c11);
      av = DoubleVector.broadcast(S, ap[aOff + 2]);
      c20 = av.fma(b0, c20);
      c21 = av.fma(b1, c21);
      av = DoubleVector.broadcast(S, ap[aOff + 3]);
      c30 = av.fma(b0, c30);
      c31 = av.fma(b1, c31);
      av = DoubleVector.broadcast(S, ap[aOff + 4]);
      c40 = av.fma(b0, c40);
      c41 = av.fma(b1, c41);
      av = DoubleVector.broadcast(S, ap[aOff + 5]);
      c50 = av.fma(b0, c50);
      c51 = av.fma(b1, c51);
      aOff += MR;
      bOff += NR;
    }
    // The accumulators leave the loop typed only as DoubleVector, so a store on them would
    // dispatch through the receiver profile of the shared DoubleVector.intoArray, which other
    // species (VectorKernels' half-width doubles) pollute; C2 then fails to intrinsify the store
    // and boxes the accumulators on every FMA, 20-40 times slower for good once the kernel is
    // recompiled. Storing -0 + c (exact in IEEE arithmetic) from a vector of known class instead
    // gives each store a receiver of exact type.
    DoubleVector keep = DoubleVector.broadcast(S, -0.0);
    if (full) {
      keep.add(c00).intoArray(c, cOff);
      keep.add(c01).intoArray(c, cOff + L);
      keep.add(c10).intoArray(c, cOff + ldc);
      keep.add(c11).intoArray(c, cOff + ldc + L);
      keep.add(c20).intoArray(c, cOff + 2 * ldc);
      keep.add(c21).intoArray(c, cOff + 2 * ldc + L);
      keep.add(c30).intoArray(c, cOff + 3 * ldc);
      keep.add(c31).intoArray(c, cOff + 3 * ldc + L);
      keep.add(c40).intoArray(c, cOff + 4 * ldc);
      keep.add(c41).intoArray(c, cOff + 4 * ldc + L);
      keep.add(c50).intoArray(c, cOff + 5 * ldc);
      keep.add(c51).intoArray(c, cOff + 5 * ldc + L);
      return;
    }
    keep.add(c00).intoArray(tile, 0);
    keep.add(c01).intoArray(tile, L);
    keep.add(c10).intoArray(tile, NR);
    keep.add(c11).intoArray(tile, NR + L);
    keep.add(c20).intoArray(tile, 2 * NR);
    keep.add(c21).intoArray(tile, 2 * NR + L);
    keep.add(c30).intoArray(tile, 3 * NR);
    keep.add(c31).intoArray(tile, 3 * NR + L);
    keep.add(c40).intoArray(tile, 4 * NR);
    keep.add(c41).intoArray(tile, 4 * NR + L);
    keep.add(c50).intoArray(tile, 5 * NR);
    keep.add(c51).intoArray(tile, 5 * NR + L);
    for (int r = 0; r < rows; r++) {
      int row = cOff + r * ldc;
      for (int j = 0; j < cols; j++) {
        c[row + j] = overwrite ? tile[r * NR + j] : c[row + j] + tile[r * NR + j];
      }
    }
  }
}
