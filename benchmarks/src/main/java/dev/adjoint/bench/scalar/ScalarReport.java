package dev.adjoint.bench.scalar;

import dev.adjoint.Autograd;
import dev.adjoint.DType;
import dev.adjoint.GradOption;
import dev.adjoint.GradScope;
import dev.adjoint.Tensor;
import dev.adjoint.bench.gradbench.evals.KMeans;
import dev.adjoint.bench.gradbench.evals.KMeansNewton;
import dev.adjoint.bench.gradbench.evals.KMeansOnTape;
import dev.adjoint.bench.gmm.GmmHandWritten;
import dev.adjoint.bench.gmm.GmmInput;
import dev.adjoint.bench.gmm.GmmObjective;
import dev.adjoint.bench.gmm.GmmObjectiveGradients;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Prints gradient/primal time ratios of the generated adjoints for scalar_rosenbrock_grad,
 * scalar_expr20_grad (BENCHMARKS.md table A, next to PyTorch's times) and GradBench gmm, in a few seconds
 * and without JMH: each workload runs in its own loop (so no megamorphic call per operation), warmed up,
 * then primal and gradient are timed in alternating batches of at least 20 ms; medians are reported. JMH's numbers
 * ({@link ScalarBenchmarks}, {@code GmmBenchmarks}) are the reference; this is for pasting into the README.
 *
 * <p>Before timing, the gmm gradient is checked against central differences on a small instance.
 *
 * <p>Run: {@code mvn -B -q -pl benchmarks -am package -DskipTests} then
 * {@code java --add-modules=jdk.incubator.vector -cp benchmarks/target/benchmarks.jar dev.adjoint.bench.scalar.ScalarReport [--quick]}.
 */
public final class ScalarReport {
  private ScalarReport() {}

  /** Runs a workload {@code reps} times and returns something derived from every result. */
  public interface Loop {
    double run(int reps);
  }

  private static final int POINTS = 1024;
  private static final double[] RX = jitter(1.5);
  private static final double[] RY = jitter(-0.5);
  private static final double[] EX = jitter(0.7);
  private static final double[] EY = jitter(1.3);
  static volatile double sink;

  /** Inputs within 1e-9 of the benchmark point, so the JIT cannot treat them as constants. */
  private static double[] jitter(double v) {
    double[] out = new double[POINTS];
    for (int i = 0; i < POINTS; i++) {
      out[i] = v + i * 1e-12;
    }
    return out;
  }

  public static double rosenbrockPrimal(int reps) {
    double s = 0;
    for (int i = 0; i < reps; i++) {
      s += ScalarWorkloads.rosenbrock(RX[i & (POINTS - 1)], RY[i & (POINTS - 1)]);
    }
    return s;
  }

  public static double rosenbrockGradient(int reps) {
    double s = 0;
    for (int i = 0; i < reps; i++) {
      var g = ScalarWorkloadsGradients.rosenbrock(RX[i & (POINTS - 1)], RY[i & (POINTS - 1)]);
      s += g.value() + g.dX() + g.dY();
    }
    return s;
  }

  public static double expr20Primal(int reps) {
    double s = 0;
    for (int i = 0; i < reps; i++) {
      s += ScalarWorkloads.expr20(EX[i & (POINTS - 1)], EY[i & (POINTS - 1)]);
    }
    return s;
  }

  /** expr20's gradient by forward mode: one mJvp per input direction. */
  public static double expr20Forward(int reps) {
    double s = 0;
    for (int i = 0; i < reps; i++) {
      double x = EX[i & (POINTS - 1)];
      double y = EY[i & (POINTS - 1)];
      s += ScalarWorkloadsGradients.expr20Jvp(x, y, 1, 0).tangent() + ScalarWorkloadsGradients.expr20Jvp(x, y, 0, 1).tangent();
    }
    return s;
  }

  public static double expr20Gradient(int reps) {
    double s = 0;
    for (int i = 0; i < reps; i++) {
      var g = ScalarWorkloadsGradients.expr20(EX[i & (POINTS - 1)], EY[i & (POINTS - 1)]);
      s += g.value() + g.dX() + g.dY();
    }
    return s;
  }

  public static double rosenbrockHandWritten(int reps) {
    double s = 0;
    for (int i = 0; i < reps; i++) {
      double[] g = ScalarHandWritten.rosenbrock(RX[i & (POINTS - 1)], RY[i & (POINTS - 1)]);
      s += g[0] + g[1] + g[2];
    }
    return s;
  }

  public static double expr20HandWritten(int reps) {
    double s = 0;
    for (int i = 0; i < reps; i++) {
      double[] g = ScalarHandWritten.expr20(EX[i & (POINTS - 1)], EY[i & (POINTS - 1)]);
      s += g[0] + g[1] + g[2];
    }
    return s;
  }

  /**
   * Largest relative difference between the hand-written scalar gradients ({@link ScalarHandWritten}) and the
   * generated ones at the benchmark points: a wrong calibration row would be worse than none.
   */
  static double scalarHandWrittenCheck() {
    var r = ScalarWorkloadsGradients.rosenbrock(RX[0], RY[0]);
    var e = ScalarWorkloadsGradients.expr20(EX[0], EY[0]);
    double[][] generated = {{r.value(), r.dX(), r.dY()}, {e.value(), e.dX(), e.dY()}};
    double[][] hand = {ScalarHandWritten.rosenbrock(RX[0], RY[0]), ScalarHandWritten.expr20(EX[0], EY[0])};
    double worst = 0;
    for (int w = 0; w < 2; w++) {
      for (int k = 0; k < 3; k++) {
        worst = Math.max(worst, Math.abs(generated[w][k] - hand[w][k]) / Math.max(1, Math.abs(hand[w][k])));
      }
    }
    return worst;
  }

  /** Repetitions for a batch of at least 20 ms, found while warming up for {@code warmupSeconds}. */
  private static int calibrate(Loop loop, double warmupSeconds) {
    int reps = 1;
    long warmEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
    while (System.nanoTime() < warmEnd) {
      long t0 = System.nanoTime();
      sink += loop.run(reps);
      long dt = System.nanoTime() - t0;
      if (dt < 20_000_000L) {
        reps = (int) Math.min(Integer.MAX_VALUE / 2, reps * 2L);
      }
    }
    return reps;
  }

  private static double batch(Loop loop, int reps) {
    long t0 = System.nanoTime();
    sink += loop.run(reps);
    return (System.nanoTime() - t0) / (double) reps;
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }

  /**
   * Times primal and gradient in alternating batches, so a change of machine load hits both alike, and
   * takes the median of the per-pair ratios as well as of each time (shared 2-core machines are noisy).
   */
  public static Row measure(String workload, Loop primal, Loop gradient, double warm, int batches, String peer) {
    int pr = calibrate(primal, warm);
    int gr = calibrate(gradient, warm);
    double[] p = new double[batches];
    double[] g = new double[batches];
    double[] ratio = new double[batches];
    for (int b = 0; b < batches; b++) {
      p[b] = batch(primal, pr);
      g[b] = batch(gradient, gr);
      ratio[b] = g[b] / p[b];
    }
    return new Row(workload, median(p), median(g), median(ratio), peer);
  }

  public record Row(String workload, double primalNs, double gradientNs, double ratio, String peer) {}

  /**
   * Largest relative error of a gmm gradient against central differences, over all entries:
   * the generated one, or (handWritten) {@link GmmHandWritten}.
   */
  static double gmmGradientCheck(boolean handWritten) {
    GmmInput in = GmmInput.generate(7, 3, 4, 20);
    var g = in.gradient();
    double[][] params = {in.alpha(), in.mu(), in.q(), in.l()};
    double[][] grads = {g.dAlpha(), g.dMu(), g.dQ(), g.dL()};
    if (handWritten) {
      double[][] h = GmmHandWritten.gradient(in.d(), in.k(), in.n(), in.alpha(), in.mu(), in.q(), in.l(), in.x(),
          in.gamma(), in.m());
      grads = new double[][] {h[1], h[2], h[3], h[4]};
    }
    double worst = 0;
    for (int p = 0; p < params.length; p++) {
      for (int i = 0; i < params[p].length; i++) {
        double keep = params[p][i];
        double h = 1e-5;
        params[p][i] = keep + h;
        double up = in.objective();
        params[p][i] = keep - h;
        double down = in.objective();
        params[p][i] = keep;
        double fd = (up - down) / (2 * h);
        worst = Math.max(worst, Math.abs(grads[p][i] - fd) / Math.max(1, Math.abs(fd)));
      }
    }
    return worst;
  }

  /** Largest absolute difference between the two MLP formulations' gradients (they compute one function). */
  static double mlpCheck(MlpWorkload.Input net) {
    var a = MlpWorkloadGradients.loss(net.w1(), net.b1(), net.w2(), net.b2(), net.x(), net.y());
    var b = MlpWorkloadGradients.lossInlined(net.w1(), net.b1(), net.w2(), net.b2(), net.x(), net.y());
    double worst = Math.abs(a.value() - b.value());
    double[][] ga = {a.dW1(), a.dB1(), a.dW2(), a.dB2()};
    double[][] gb = {b.dW1(), b.dB1(), b.dW2(), b.dB2()};
    for (int p = 0; p < ga.length; p++) {
      for (int i = 0; i < ga[p].length; i++) {
        worst = Math.max(worst, Math.abs(ga[p][i] - gb[p][i]));
      }
    }
    return worst;
  }

  /** Largest absolute difference between the two per-sample formulations' gradients (they compute one function). */
  static double perSampleCheck(PerSampleWorkload.Input data) {
    var a = PerSampleWorkloadGradients.loss(data.w(), data.x(), data.y());
    var b = PerSampleWorkloadGradients.lossInlined(data.w(), data.x(), data.y());
    double worst = Math.abs(a.value() - b.value());
    for (int j = 0; j < a.dW().length; j++) {
      worst = Math.max(worst, Math.abs(a.dW()[j] - b.dW()[j]));
    }
    return worst;
  }

  public static void main(String[] args) {
    boolean quick = Arrays.asList(args).contains("--quick");
    double warm = quick ? 0.3 : 3.0; // C2 needs about a second for the larger adjoints (gmm) on 2 cores
    int batches = quick ? 5 : 9;
    System.out.printf(Locale.ROOT, "gmm gradient vs central differences: max relative error %.2e (generated), "
        + "%.2e (hand-written)%n", gmmGradientCheck(false), gmmGradientCheck(true));
    System.out.printf(Locale.ROOT, "hand-written scalar gradients vs generated: max relative difference %.2e%n",
        scalarHandWrittenCheck());

    List<Row> rows = new ArrayList<>();
    rows.add(measure("scalar_rosenbrock_grad", ScalarReport::rosenbrockPrimal, ScalarReport::rosenbrockGradient,
        warm, batches, "PyTorch 262 us"));
    rows.add(measure("  (hand-written Java adjoint)", ScalarReport::rosenbrockPrimal,
        ScalarReport::rosenbrockHandWritten, warm, batches, ""));
    rows.add(measure("scalar_expr20_grad", ScalarReport::expr20Primal, ScalarReport::expr20Gradient,
        warm, batches, "PyTorch 681 us"));
    rows.add(measure("  (hand-written Java adjoint)", ScalarReport::expr20Primal, ScalarReport::expr20HandWritten,
        warm, batches, ""));
    rows.add(measure("  (generated forward mode, 2 mJvp)", ScalarReport::expr20Primal, ScalarReport::expr20Forward,
        warm, batches, ""));
    int[][] sizes = quick ? new int[][] {{2, 5}, {10, 5}} : new int[][] {{2, 5}, {10, 5}, {2, 10}, {10, 10}, {20, 25}};
    for (int[] dk : sizes) {
      GmmInput in = GmmInput.generate(31337, dk[0], dk[1], 1000);
      Loop primal = reps -> {
        double s = 0;
        for (int i = 0; i < reps; i++) {
          s += GmmObjective.objective(in.d(), in.k(), in.n(), in.alpha(), in.mu(), in.q(), in.l(), in.x(),
              in.gamma(), in.m());
        }
        return s;
      };
      Loop gradient = reps -> {
        double s = 0;
        for (int i = 0; i < reps; i++) {
          var g = GmmObjectiveGradients.objective(in.d(), in.k(), in.n(), in.alpha(), in.mu(), in.q(), in.l(),
              in.x(), in.gamma(), in.m());
          s += g.value() + g.dAlpha()[0];
        }
        return s;
      };
      Loop handWritten = reps -> {
        double s = 0;
        for (int i = 0; i < reps; i++) {
          double[][] g = GmmHandWritten.gradient(in.d(), in.k(), in.n(), in.alpha(), in.mu(), in.q(), in.l(),
              in.x(), in.gamma(), in.m());
          s += g[0][0] + g[1][0];
        }
        return s;
      };
      rows.add(measure("gmm " + in, primal, gradient, warm, batches, "C++ 2.4x, Tapenade 3.3x, PyTorch 3.3x"));
      rows.add(measure("  (hand-written Java adjoint)", primal, handWritten, warm, batches, ""));
    }

    MlpWorkload.Input net = MlpWorkload.Input.generate(64, 64, 10);
    Loop mlpPrimal = reps -> {
      double s = 0;
      for (int i = 0; i < reps; i++) {
        s += MlpWorkload.loss(net.w1(), net.b1(), net.w2(), net.b2(), net.x(), net.y());
      }
      return s;
    };
    Loop mlpGradient = reps -> {
      double s = 0;
      for (int i = 0; i < reps; i++) {
        var g = MlpWorkloadGradients.loss(net.w1(), net.b1(), net.w2(), net.b2(), net.x(), net.y());
        s += g.value() + g.dW1()[0];
      }
      return s;
    };
    Loop mlpInlined = reps -> {
      double s = 0;
      for (int i = 0; i < reps; i++) {
        var g = MlpWorkloadGradients.lossInlined(net.w1(), net.b1(), net.w2(), net.b2(), net.x(), net.y());
        s += g.value() + g.dW1()[0];
      }
      return s;
    };
    System.out.printf(Locale.ROOT, "mlp: layers as calls vs inlined: max difference of the gradients %.2e%n", mlpCheck(net));
    rows.add(measure(net + " (layers as calls)", mlpPrimal, mlpGradient, warm, batches, ""));
    rows.add(measure("  (the same, layers inlined)", mlpPrimal, mlpInlined, warm, batches, ""));

    for (int[] nd : quick ? new int[][] {{2000, 8}} : new int[][] {{2000, 8}, {2000, 64}}) {
      PerSampleWorkload.Input data = PerSampleWorkload.Input.generate(nd[0], nd[1]);
      Loop perSamplePrimal = reps -> {
        double s = 0;
        for (int i = 0; i < reps; i++) {
          s += PerSampleWorkload.loss(data.w(), data.x(), data.y());
        }
        return s;
      };
      Loop perSampleGradient = reps -> {
        double s = 0;
        for (int i = 0; i < reps; i++) {
          var g = PerSampleWorkloadGradients.loss(data.w(), data.x(), data.y());
          s += g.value() + g.dW()[0];
        }
        return s;
      };
      Loop perSampleInlined = reps -> {
        double s = 0;
        for (int i = 0; i < reps; i++) {
          var g = PerSampleWorkloadGradients.lossInlined(data.w(), data.x(), data.y());
          s += g.value() + g.dW()[0];
        }
        return s;
      };
      System.out.printf(Locale.ROOT, "%s: helper vs inlined: max difference of the gradients %.2e%n", data,
          perSampleCheck(data));
      rows.add(measure(data + " (helper calls)", perSamplePrimal, perSampleGradient, warm, batches, ""));
      rows.add(measure("  (the same, helper inlined)", perSamplePrimal, perSampleInlined, warm, batches, ""));
    }

    hessianVectorProducts(rows, quick ? 100 : 1000, warm, batches);
    for (int[] knd : quick ? new int[][] {{10, 1000, 8}} : new int[][] {{10, 1000, 8}, {100, 1000, 16}, {10, 10000, 16}}) {
      kmeansDirections(rows, knd[0], knd[1], knd[2], warm, batches);
    }

    System.out.printf(Locale.ROOT, "%-44s %14s %14s %8s   %s%n", "workload", "primal", "gradient", "ratio",
        "reference");
    for (Row r : rows) {
      System.out.printf(Locale.ROOT, "%-44s %14s %14s %8.2f   %s%n", r.workload(), human(r.primalNs()),
          human(r.gradientNs()), r.ratio(), r.peer());
    }
    System.out.println("(medians of " + batches + " alternating primal/gradient batches of >= 20 ms each, after "
        + warm + " s warm-up; ratio = median of the per-pair ratios; JVM " + Runtime.version() + ", "
        + Runtime.getRuntime().availableProcessors() + " cpus)");
  }

  /**
   * The extended Rosenbrock function of n variables: its generated gradient, its Hessian times a vector by forward
   * over reverse (one generated {@code gradientJvp}), and the same product on the tape (the gradient with
   * {@code CREATE_GRAPH}, then the gradient of its dot product with the vector), each against its own primal.
   */
  private static void hessianVectorProducts(List<Row> rows, int n, double warm, int batches) {
    double[] x = new double[n];
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = 0.5 + 0.01 * i;
      v[i] = Math.sin(i);
    }
    Tensor xt = Tensor.of(DType.FLOAT64, x.clone(), n);
    Tensor vt = Tensor.of(DType.FLOAT64, v.clone(), n);
    double[] generated = RosenbrockNHessianGradients.gradientJvp(x, v).tangent();
    double[] tape = tapeHessianTimes(xt, vt).toDoubleArray();
    double worst = 0;
    for (int i = 0; i < n; i++) {
      worst = Math.max(worst, Math.abs(generated[i] - tape[i]) / Math.max(1, Math.abs(tape[i])));
    }
    System.out.printf(Locale.ROOT, "rosenbrock n=%d: Hessian-vector product, forward over reverse vs tape: max relative "
        + "difference %.2e%n", n, worst);
    Loop primal = reps -> {
      double s = 0;
      for (int i = 0; i < reps; i++) {
        s += RosenbrockN.value(x);
      }
      return s;
    };
    Loop gradient = reps -> {
      double s = 0;
      for (int i = 0; i < reps; i++) {
        s += RosenbrockNGradients.value(x).dX()[0];
      }
      return s;
    };
    Loop hvp = reps -> {
      double s = 0;
      for (int i = 0; i < reps; i++) {
        s += RosenbrockNHessianGradients.gradientJvp(x, v).tangent()[0];
      }
      return s;
    };
    Loop tapePrimal = reps -> {
      double s = 0;
      try (GradScope off = Autograd.noGrad()) {
        for (int i = 0; i < reps; i++) {
          s += RosenbrockN.value(xt).item();
        }
      }
      return s;
    };
    Loop tapeHvp = reps -> {
      double s = 0;
      for (int i = 0; i < reps; i++) {
        s += tapeHessianTimes(xt, vt).toDoubleArray()[0];
      }
      return s;
    };
    rows.add(measure("rosenbrock n=" + n + " gradient", primal, gradient, warm, batches, ""));
    rows.add(measure("  Hessian-vector product, forward over reverse", primal, hvp, warm, batches, ""));
    rows.add(measure("  Hessian-vector product, tape (vs tape primal)", tapePrimal, tapeHvp, warm, batches, ""));
  }

  /**
   * GradBench's kmeans direction J / diag(H) at one of its sizes: by forward over reverse of the loops' generated
   * gradient ({@link KMeansNewton}, against the loops' primal), and by double backward on the tape
   * ({@link KMeansOnTape}, against its tensor primal, whose distances are one matrix product).
   */
  private static void kmeansDirections(List<Row> rows, int k, int n, int d, double warm, int batches) {
    Random random = new Random(k + n + d);
    double[] p = new double[n * d];
    for (int i = 0; i < p.length; i++) {
      p[i] = random.nextDouble();
    }
    double[] c = Arrays.copyOfRange(p, 0, k * d);
    Tensor pt = Tensor.of(DType.FLOAT64, p, n, d);
    Tensor ct = Tensor.of(DType.FLOAT64, c, k, d);
    double[] generated = KMeansNewton.direction(p, c, n, k, d);
    double[] tape = KMeansOnTape.direction(pt, ct).toDoubleArray();
    double worst = 0;
    for (int i = 0; i < generated.length; i++) {
      worst = Math.max(worst, Math.abs(generated[i] - tape[i]) / Math.max(1, Math.abs(tape[i])));
    }
    System.out.printf(Locale.ROOT, "kmeans k=%d n=%d d=%d: direction, forward over reverse vs tape: max relative "
        + "difference %.2e%n", k, n, d, worst);
    String size = "kmeans " + k + "x" + n + "x" + d;
    rows.add(measure(size + " direction, fwd over rev", reps -> {
      double s = 0;
      for (int i = 0; i < reps; i++) {
        s += KMeans.cost(p, c, n, k, d);
      }
      return s;
    }, reps -> {
      double s = 0;
      for (int i = 0; i < reps; i++) {
        s += KMeansNewton.direction(p, c, n, k, d)[0];
      }
      return s;
    }, warm, batches, ""));
    rows.add(measure("  direction, tape (vs tape primal)", reps -> {
      double s = 0;
      for (int i = 0; i < reps; i++) {
        s += KMeansOnTape.costValue(pt, ct);
      }
      return s;
    }, reps -> {
      double s = 0;
      for (int i = 0; i < reps; i++) {
        s += KMeansOnTape.direction(pt, ct).toDoubleArray()[0];
      }
      return s;
    }, warm, batches, ""));
  }

  private static Tensor tapeHessianTimes(Tensor x, Tensor v) {
    try (GradScope on = Autograd.enableGrad()) {
      Tensor leaf = x.detach().requiresGrad(true);
      Tensor g = Autograd.grad(RosenbrockN.value(leaf), leaf, GradOption.CREATE_GRAPH);
      return Autograd.grad(g.mul(v).sum(), leaf);
    }
  }

  public static String human(double ns) {
    if (ns < 1e3) {
      return String.format(Locale.ROOT, "%.1f ns", ns);
    }
    if (ns < 1e6) {
      return String.format(Locale.ROOT, "%.2f us", ns / 1e3);
    }
    return String.format(Locale.ROOT, "%.2f ms", ns / 1e6);
  }
}
