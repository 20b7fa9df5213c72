package dev.adjoint.bench;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * A reproducer for the JVM, without Adjoint: the same vector loop runs up to twice as slowly depending on how many
 * interpreted frames are below it. The loop keeps four 64-byte vectors live across a call into the JDK's vector
 * math library ({@code COS}); C2 spills them to the stack around the call, and HotSpot aligns x86-64 stacks to 16
 * bytes only, so the spill slots' addresses modulo 64 follow the frames below. A control loop that loads the same
 * operands after the call (nothing live across it) runs alike at every depth. See
 * docs/findings/UPSTREAM-STACK-ALIGNMENT.md for the report and the measured output.
 *
 * <p>Single-file, so it can be attached to a report as is:
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -XX:CompileCommand=quiet \
 *     -XX:CompileCommand=exclude,dev.adjoint.bench.StackAlignmentRepro::down \
 *     benchmarks/src/main/java/dev/adjoint/bench/StackAlignmentRepro.java [512|256]
 * </pre>
 */
public final class StackAlignmentRepro {
  /** The compile command that keeps {@link #down} interpreted, so each level adds an interpreter frame. */
  static final String EXCLUDE = "-XX:CompileCommand=exclude,dev.adjoint.bench.StackAlignmentRepro::down";

  static final int DEPTHS = 8;
  private static final int ROUNDS = 15;
  private static final int CALLS_PER_ROUND = 5;
  private static final int WARM_UP_CALLS = 200;

  private final VectorSpecies<Float> species;
  private final float[] x;
  private final float[] s;
  private final float[] e;
  private final float[] t;
  private final float[] out;
  private boolean live;

  StackAlignmentRepro(int bits, int length, long seed) {
    species = switch (bits) {
      case 512 -> FloatVector.SPECIES_512;
      case 256 -> FloatVector.SPECIES_256;
      default -> throw new IllegalArgumentException("vector bits must be 512 or 256, not " + bits);
    };
    if (length <= 0 || length % species.length() != 0) {
      throw new IllegalArgumentException("length must be a positive multiple of " + species.length() + ", not " + length);
    }
    Random r = new Random(seed);
    x = new float[length];
    s = new float[length];
    e = new float[length];
    t = new float[length];
    out = new float[length];
    for (int i = 0; i < length; i++) {
      x[i] = r.nextFloat() * 4 - 2;
      s[i] = r.nextFloat();
      e[i] = r.nextFloat();
      t[i] = r.nextFloat();
    }
  }

  /** {@code out = e·cos(x) + s·x + t²}, its four operands loaded before the call: live across it. */
  void liveAcrossCall() {
    for (int i = 0; i < x.length; i += species.length()) {
      FloatVector vx = FloatVector.fromArray(species, x, i);
      FloatVector vs = FloatVector.fromArray(species, s, i);
      FloatVector ve = FloatVector.fromArray(species, e, i);
      FloatVector vt = FloatVector.fromArray(species, t, i);
      FloatVector c = vx.lanewise(VectorOperators.COS);
      ve.mul(c).add(vs.mul(vx)).add(vt.mul(vt)).intoArray(out, i);
    }
  }

  /** The same arithmetic with the operands loaded after the call: nothing vector-sized is live across it. */
  void loadedAfterCall() {
    for (int i = 0; i < x.length; i += species.length()) {
      FloatVector c = FloatVector.fromArray(species, x, i).lanewise(VectorOperators.COS);
      FloatVector vx = FloatVector.fromArray(species, x, i);
      FloatVector vs = FloatVector.fromArray(species, s, i);
      FloatVector ve = FloatVector.fromArray(species, e, i);
      FloatVector vt = FloatVector.fromArray(species, t, i);
      ve.mul(c).add(vs.mul(vx)).add(vt.mul(vt)).intoArray(out, i);
    }
  }

  /** The loop's last output, for tests. */
  float[] output() {
    return out.clone();
  }

  /**
   * {@code depth} interpreter frames, then the loop. The {@code long} makes each frame move the stack by 16 bytes
   * modulo 32; with an {@code int} alone the frames are multiples of 32 bytes and every depth runs alike.
   */
  long down(int depth, long level) {
    if (depth == 0) {
      if (live) {
        liveAcrossCall();
      } else {
        loadedAfterCall();
      }
      return level;
    }
    return down(depth - 1, level + 1);
  }

  /**
   * Per depth, the median over the rounds of the best of a few calls, in nanoseconds, for both loops.
   *
   * @param live per depth, the loop with vectors live across the call
   * @param loaded per depth, the control loop
   */
  record Timings(double[] live, double[] loaded) {
    Timings {
      if (live.length != loaded.length || live.length == 0) {
        throw new IllegalArgumentException("one time per depth for each loop; got " + live.length + " and "
            + loaded.length);
      }
      live = live.clone();
      loaded = loaded.clone();
    }

    /** The slowest depth over the fastest, for one loop. */
    static double spread(double[] nanos) {
      return Arrays.stream(nanos).max().orElseThrow() / Arrays.stream(nanos).min().orElseThrow();
    }

    /** A table of milliseconds per depth, then each loop's spread. */
    String report(String header) {
      StringBuilder b = new StringBuilder(header).append('\n');
      b.append("extra frames   vectors live across the call   loaded after the call\n");
      for (int d = 0; d < live.length; d++) {
        b.append(String.format(Locale.ROOT, "%12d   %25.2f ms   %18.2f ms%n", d, live[d] / 1e6, loaded[d] / 1e6));
      }
      b.append(String.format(Locale.ROOT, "slowest depth / fastest: %.2fx live across the call, %.2fx loaded after it%n",
          spread(live), spread(loaded)));
      return b.toString();
    }
  }

  /** Warms both loops up at depth 0, then times every depth for both loops in turns. */
  Timings measure(int depths, int rounds, int callsPerRound, int warmUpCalls) {
    for (int w = 0; w < warmUpCalls; w++) {
      live = true;
      down(0, 0);
      live = false;
      down(0, 0);
    }
    long[][][] nanos = new long[2][depths][rounds];
    for (int round = 0; round < rounds; round++) {
      for (int d = 0; d < depths; d++) {
        for (int loop = 0; loop < 2; loop++) {
          live = loop == 0;
          long best = Long.MAX_VALUE;
          for (int c = 0; c < callsPerRound; c++) {
            long start = System.nanoTime();
            down(d, 0);
            best = Math.min(best, System.nanoTime() - start);
          }
          nanos[loop][d][round] = best;
        }
      }
    }
    double[][] medians = new double[2][depths];
    for (int loop = 0; loop < 2; loop++) {
      for (int d = 0; d < depths; d++) {
        long[] sorted = nanos[loop][d].clone();
        Arrays.sort(sorted);
        medians[loop][d] = sorted[sorted.length / 2];
      }
    }
    return new Timings(medians[0], medians[1]);
  }

  /**
   * Null if {@code jvmArguments} keep {@link #down} interpreted, else what to add.
   *
   * @param jvmArguments this JVM's input arguments
   */
  static String missingExclude(List<String> jvmArguments) {
    boolean excluded = jvmArguments.stream().anyMatch(a -> a.startsWith("-XX:CompileCommand=exclude")
        && a.contains("StackAlignmentRepro") && a.contains("down"));
    return excluded ? null
        : "without " + EXCLUDE + " the JIT compiles down() and inlines the recursion: the depths would add no"
            + " frames. Run: java --add-modules jdk.incubator.vector -XX:CompileCommand=quiet " + EXCLUDE
            + " StackAlignmentRepro.java [512|256]";
  }

  /**
   * Runs the reproducer.
   *
   * @param args optionally the vector size in bits, 512 (default) or 256
   */
  public static void main(String[] args) {
    String missing = missingExclude(ManagementFactory.getRuntimeMXBean().getInputArguments());
    if (missing != null) {
      System.err.println(missing);
      System.exit(2);
    }
    int bits = args.length > 0 ? Integer.parseInt(args[0]) : 512;
    int length = 1 << 20;
    StackAlignmentRepro repro = new StackAlignmentRepro(bits, length, 1);
    Timings timings = repro.measure(DEPTHS, ROUNDS, CALLS_PER_ROUND, WARM_UP_CALLS);
    System.out.print(timings.report(String.format(Locale.ROOT,
        "Java %s (%s), %s; %d-bit vectors, %d floats; best of %d calls, median of %d rounds",
        System.getProperty("java.vm.version"), System.getProperty("java.vm.name"), System.getProperty("os.arch"),
        bits, length, CALLS_PER_ROUND, ROUNDS)));
  }
}
