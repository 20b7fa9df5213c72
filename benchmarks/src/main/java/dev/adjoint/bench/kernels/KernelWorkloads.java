package dev.adjoint.bench.kernels;

import dev.adjoint.bench.Report.Contenders;
import dev.adjoint.bench.Report.Workload;
import dev.adjoint.kernels.BinaryOp;
import dev.adjoint.kernels.Kernels;
import dev.adjoint.kernels.UnaryOp;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** The kernel workloads of BENCHMARKS.md, shared by the JMH suites and the report rows. */
public final class KernelWorkloads {
  private KernelWorkloads() {}

  /** {@code n} uniform floats in {@code [-2, 2)}, reproducible. */
  public static float[] randomFloats(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (r.nextDouble() * 4 - 2);
    }
    return x;
  }

  /** The SIMD kernels, refusing to time the scalar ones under a "vector" label. */
  public static Kernels vector() {
    Kernels k = Kernels.get();
    if (!k.name().startsWith("vector")) {
      throw new IllegalStateException("The Vector API kernels are not active (" + k.name()
          + "): run with --add-modules=jdk.incubator.vector and without -Dadjoint.simd=false");
    }
    return k;
  }

  /** {@code C = A·B} for row-major {@code n × n} float matrices. */
  public static void sgemm(Kernels k, int n, float[] a, float[] b, float[] c) {
    k.gemm(n, n, n, a, 0, n, 1, b, 0, n, 1, c, 0, n, false);
  }

  /**
   * {@code y = sin(x)·exp(-x²) + tanh(x)} as a tensor library runs it: one kernel call per
   * operation, each over the whole array, with {@code s} and {@code t} as temporaries.
   */
  public static void chainForward(Kernels k, float[] x, float[] y, float[] s, float[] t) {
    int n = x.length;
    k.map(UnaryOp.SIN, x, 0, s, 0, n);               // s = sin(x)
    k.map(UnaryOp.SQUARE, x, 0, t, 0, n);            // t = x²
    k.map(UnaryOp.NEG, t, 0, t, 0, n);               // t = -x²
    k.map(UnaryOp.EXP, t, 0, t, 0, n);               // t = exp(-x²)
    k.zip(BinaryOp.MUL, s, 0, t, 0, s, 0, n);        // s = sin(x)·exp(-x²)
    k.map(UnaryOp.TANH, x, 0, t, 0, n);              // t = tanh(x)
    k.zip(BinaryOp.ADD, s, 0, t, 0, y, 0, n);        // y = s + t
  }

  /** Rows for {@link dev.adjoint.bench.Report}: SIMD kernels against the scalar kernels. */
  public static List<Workload> rows() {
    List<Workload> rows = new ArrayList<>();
    String[] torchSgemm = {"0.50 ms", "33 ms"};
    int[] sizes = {256, 1024};
    for (int s = 0; s < sizes.length; s++) {
      int n = sizes[s];
      for (int threads : new int[] {1, 2}) {
        String ref = threads == 1 ? torchSgemm[s] : "—";
        rows.add(new Workload("sgemm n=" + n + ", " + threads + " thread" + (threads > 1 ? "s" : "")
            + " (vs scalar, 1 thread)", ref, 2.0 * n * n * n, () -> {
              System.setProperty("adjoint.threads", Integer.toString(threads));
              float[] a = randomFloats(n * n, 1);
              float[] b = randomFloats(n * n, 2);
              float[] c = new float[n * n];
              Kernels v = vector();
              return new Contenders(() -> sgemm(v, n, a, b, c),
                  () -> sgemm(Kernels.scalar(), n, a, b, c), "sgemm" + n);
            }));
      }
    }
    int n20 = 1 << 20;
    rows.add(reduction("sum", n20, (k, x, y) -> k.sum(x, 0, x.length)));
    rows.add(reduction("max", n20, (k, x, y) -> k.max(x, 0, x.length)));
    rows.add(reduction("dot", n20, (k, x, y) -> k.dot(x, 0, y, 0, x.length)));
    String[] torchChain = {"(fwd+bwd: 42.8 ms)", "(fwd+bwd: 2.03 s)"};
    int[] chainSizes = {1 << 20, 1 << 24};
    for (int s = 0; s < chainSizes.length; s++) {
      int n = chainSizes[s];
      rows.add(new Workload("sin(x)·exp(-x²)+tanh(x) forward, n=2^" + Integer.numberOfTrailingZeros(n)
          + " float32", torchChain[s], 0, () -> {
            float[] x = randomFloats(n, 3);
            float[] y = new float[n];
            float[] tmp1 = new float[n];
            float[] tmp2 = new float[n];
            Kernels v = vector();
            return new Contenders(() -> chainForward(v, x, y, tmp1, tmp2),
                () -> chainForward(Kernels.scalar(), x, y, tmp1, tmp2), null);
          }));
    }
    rows.add(new Workload("one kernel call (zipScalar MUL) on 16 floats", "—", 0, () -> {
      float[] x = randomFloats(16, 4);
      float[] y = new float[16];
      Kernels v = vector();
      return new Contenders(() -> v.zipScalar(BinaryOp.MUL, x, 0, 1.0001f, y, 0, 16),
          () -> Kernels.scalar().zipScalar(BinaryOp.MUL, x, 0, 1.0001f, y, 0, 16), null);
    }));
    return rows;
  }

  /** A reduction of two float arrays; the result is kept so the JIT cannot drop the call. */
  @FunctionalInterface
  interface Reduction {
    double apply(Kernels k, float[] x, float[] y);
  }

  /** Defeats dead-code elimination in the report's plain timing loop. */
  static volatile double sink;

  private static Workload reduction(String name, int n, Reduction f) {
    return new Workload(name + ", n=2^" + Integer.numberOfTrailingZeros(n) + " float32", "—",
        name.equals("dot") ? 2.0 * n : n, () -> {
          float[] x = randomFloats(n, 5);
          float[] y = randomFloats(n, 6);
          Kernels v = vector();
          return new Contenders(() -> sink = f.apply(v, x, y),
              () -> sink = f.apply(Kernels.scalar(), x, y), null);
        });
  }
}
