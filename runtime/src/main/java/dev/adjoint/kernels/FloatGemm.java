package dev.adjoint.kernels;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code float} matrix product in the BLIS loop order: for each {@link #NC}-column block of B and
 * {@link #KC}-deep slice, B is packed into {@link #NR}-wide column panels (shared by all rows, kept
 * in L2/L3); for each {@link #MC}-row block, A is packed into {@link #MR}-tall row panels (kept in
 * L2); then an {@code MR × NR} register tile of C is computed by broadcast-FMA over the slice. The
 * packing routines read A and B through arbitrary strides, so transposed views need no copy, and
 * they pad partial panels with zeros so the micro-kernel never branches on the edge.
 *
 * <p>Large products are split over {@link GemmThreads} by rows or columns of C, each part a
 * complete product with its own packing buffers.
 */
final class FloatGemm {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  /** Rows of the register tile. 6 rows × 2 vectors keep 12 accumulators, within 16 AVX2 registers. */
  static final int MR = 6;
  /** Columns of the register tile: two vectors. */
  static final int NR = 2 * L;
  /**
   * Depth of a packed slice. An A panel ({@code MR × KC} floats) stays in L1 while the B panels
   * stream past it from L2. Deep slices matter most: every further slice reloads and stores each C
   * tile, and with a power-of-two row stride those misses cost more than half the speed at n=1024
   * (measured: KC=256 ~45 GFLOP/s, KC=1024 ~115 GFLOP/s on one core).
   */
  static final int KC = 1024;
  /** Rows of a packed A block ({@code MC × KC} floats, in L2). */
  static final int MC = 120;
  /** Columns of a packed B block ({@code KC × NC} floats, in L3). */
  static final int NC = 1024;
  /** Products with fewer multiply-adds than this skip packing (packing pays off from about 8³). */
  static final long DIRECT_WORK = 1L << 9;

  private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

  /** Per-thread packing space, grown to the largest blocks this thread has needed. */
  private static final class Buffers {
    float[] a = new float[0];
    float[] b = new float[0];
    final float[] tile = new float[MR * NR];

    void ensure(int aSize, int bSize) {
      if (a.length < aSize) {
        a = new float[aSize];
      }
      if (b.length < bSize) {
        b = new float[bSize];
      }
    }
  }

  private FloatGemm() {}

  /** See {@link Kernels#gemm(int, int, int, float[], int, int, int, float[], int, int, int, float[], int, int, boolean)}. */
  static void gemm(int m, int n, int k,
      float[] a, int ao, int aRow, int aCol,
      float[] b, int bo, int bRow, int bCol,
      float[] c, int co, int ldc, boolean accumulate) {
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
    if (threads == 1) {
      blocked(m, n, k, a, ao, aRow, aCol, b, bo, bRow, bCol, c, co, ldc, accumulate);
      return;
    }
    Runnable[] parts;
    if (m >= n) {
      int rows = roundUp((m + threads - 1) / threads, MR);
      parts = new Runnable[(m + rows - 1) / rows];
      for (int t = 0; t < parts.length; t++) {
        int r0 = t * rows;
        int mr = Math.min(rows, m - r0);
        parts[t] = () -> blocked(mr, n, k, a, ao + r0 * aRow, aRow, aCol, b, bo, bRow, bCol,
            c, co + r0 * ldc, ldc, accumulate);
      }
    } else {
      int cols = roundUp((n + threads - 1) / threads, NR);
      parts = new Runnable[(n + cols - 1) / cols];
      for (int t = 0; t < parts.length; t++) {
        int j0 = t * cols;
        int nc = Math.min(cols, n - j0);
        parts[t] = () -> blocked(m, nc, k, a, ao, aRow, aCol, b, bo + j0 * bCol, bRow, bCol,
            c, co + j0, ldc, accumulate);
      }
    }
    GemmThreads.runAll(parts);
  }

  private static int roundUp(int x, int multiple) {
    return (x + multiple - 1) / multiple * multiple;
  }

  /** Small or skinny products: a row of C at a time, as vector axpys when B's rows are contiguous. */
  private static void direct(int m, int n, int k,
      float[] a, int ao, int aRow, int aCol,
      float[] b, int bo, int bRow, int bCol,
      float[] c, int co, int ldc, boolean accumulate) {
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
        float aip = a[ao + i * aRow + p * aCol];
        FloatVector va = FloatVector.broadcast(S, aip);
        int bp = bo + p * bRow;
        int j = 0;
        for (; j < bound; j += L) {
          va.fma(FloatVector.fromArray(S, b, bp + j), FloatVector.fromArray(S, c, ci + j))
              .intoArray(c, ci + j);
        }
        for (; j < n; j++) {
          c[ci + j] += aip * b[bp + j];
        }
      }
    }
  }

  /** One thread's product: the blocked loop nest. */
  static void blocked(int m, int n, int k,
      float[] a, int ao, int aRow, int aCol,
      float[] b, int bo, int bRow, int bCol,
      float[] c, int co, int ldc, boolean accumulate) {
    Buffers buf = BUFFERS.get();
    int kcMax = Math.min(KC, k);
    buf.ensure(roundUp(Math.min(MC, m), MR) * kcMax, roundUp(Math.min(NC, n), NR) * kcMax);
    float[] packedA = buf.a;
    float[] packedB = buf.b;
    for (int jc = 0; jc < n; jc += NC) {
      int nc = Math.min(NC, n - jc);
      for (int pc = 0; pc < k; pc += KC) {
        int kc = Math.min(KC, k - pc);
        packB(b, bo + pc * bRow + jc * bCol, bRow, bCol, kc, nc, packedB);
        boolean overwrite = pc == 0 && !accumulate;
        for (int ic = 0; ic < m; ic += MC) {
          int mc = Math.min(MC, m - ic);
          packA(a, ao + ic * aRow + pc * aCol, aRow, aCol, mc, kc, packedA);
          for (int ir = 0; ir < mc; ir += MR) {
            int rows = Math.min(MR, mc - ir);
            for (int jr = 0; jr < nc; jr += NR) {
              int cols = Math.min(NR, nc - jr);
              kernel(kc, packedA, ir * kc, packedB, jr * kc,
                  c, co + (ic + ir) * ldc + jc + jr, ldc, rows, cols, overwrite, buf.tile);
            }
          }
        }
      }
    }
  }

  /**
   * Packs the {@code mc × kc} block of A at {@code base} into panels of {@link #MR} rows: panel
   * {@code q} holds, for each depth {@code p}, its MR row values in a row ({@code MR·kc} floats).
   */
  private static void packA(float[] a, int base, int aRow, int aCol, int mc, int kc, float[] dst) {
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
   * Packs the {@code kc × nc} block of B at {@code base} into panels of {@link #NR} columns: panel
   * {@code q} holds, for each depth {@code p}, its NR column values in a row ({@code NR·kc} floats).
   */
  private static void packB(float[] b, int base, int bRow, int bCol, int kc, int nc, float[] dst) {
    for (int jr = 0; jr < nc; jr += NR) {
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
   * twelve vector accumulators. Edge tiles go through {@code tile} so only real elements of C are
   * touched.
   */
  private static void kernel(int kc, float[] ap, int aOff, float[] bp, int bOff,
      float[] c, int cOff, int ldc, int rows, int cols, boolean overwrite, float[] tile) {
    FloatVector c00 = FloatVector.zero(S);
    FloatVector c01 = c00;
    FloatVector c10 = c00;
    FloatVector c11 = c00;
    FloatVector c20 = c00;
    FloatVector c21 = c00;
    FloatVector c30 = c00;
    FloatVector c31 = c00;
    FloatVector c40 = c00;
    FloatVector c41 = c00;
    FloatVector c50 = c00;
    FloatVector c51 = c00;
    for (int p = 0; p < kc; p++) {
      FloatVector b0 = FloatVector.fromArray(S, bp, bOff);
      FloatVector b1 = FloatVector.fromArray(S, bp, bOff + L);
      FloatVector av = FloatVector.broadcast(S, ap[aOff]);
      c00 = av.fma(b0, c00);
      c01 = av.fma(b1, c01);
      av = FloatVector.broadcast(S, ap[aOff + 1]);
      c10 = av.fma(b0, c10);
      c11 = av.fma(b1, c11);
      av = FloatVector.broadcast(S, ap[aOff + 2]);
      c20 = av.fma(b0, c20);
      c21 = av.fma(b1, c21);
      av = FloatVector.broadcast(S, ap[aOff + 3]);
      c30 = av.fma(b0, c30);
      c31 = av.fma(b1, c31);
      av = FloatVector.broadcast(S, ap[aOff + 4]);
      c40 = av.fma(b0, c40);
      c41 = av.fma(b1, c41);
      av = FloatVector.broadcast(S, ap[aOff + 5]);
      c50 = av.fma(b0, c50);
      c51 = av.fma(b1, c51);
      aOff += MR;
      bOff += NR;
    }
    if (rows == MR && cols == NR) {
      store(c, cOff, c00, c01, overwrite);
      store(c, cOff + ldc, c10, c11, overwrite);
      store(c, cOff + 2 * ldc, c20, c21, overwrite);
      store(c, cOff + 3 * ldc, c30, c31, overwrite);
      store(c, cOff + 4 * ldc, c40, c41, overwrite);
      store(c, cOff + 5 * ldc, c50, c51, overwrite);
      return;
    }
    c00.intoArray(tile, 0);
    c01.intoArray(tile, L);
    c10.intoArray(tile, NR);
    c11.intoArray(tile, NR + L);
    c20.intoArray(tile, 2 * NR);
    c21.intoArray(tile, 2 * NR + L);
    c30.intoArray(tile, 3 * NR);
    c31.intoArray(tile, 3 * NR + L);
    c40.intoArray(tile, 4 * NR);
    c41.intoArray(tile, 4 * NR + L);
    c50.intoArray(tile, 5 * NR);
    c51.intoArray(tile, 5 * NR + L);
    for (int r = 0; r < rows; r++) {
      int row = cOff + r * ldc;
      for (int j = 0; j < cols; j++) {
        c[row + j] = overwrite ? tile[r * NR + j] : c[row + j] + tile[r * NR + j];
      }
    }
  }

  private static void store(float[] c, int off, FloatVector v0, FloatVector v1, boolean overwrite) {
    if (overwrite) {
      v0.intoArray(c, off);
      v1.intoArray(c, off + L);
    } else {
      FloatVector.fromArray(S, c, off).add(v0).intoArray(c, off);
      FloatVector.fromArray(S, c, off + L).add(v1).intoArray(c, off + L);
    }
  }
}
