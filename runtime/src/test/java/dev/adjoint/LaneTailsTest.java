package dev.adjoint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The last, partial vector of a pass, read and written both ways the lanes can ({@code maskedTails}: with masks, as
 * on JDK 20 and later; or through a small array, as on JDK 17), whatever the JVM running the test: it reads only
 * the elements it is given (zeros in the lanes after them) and writes only those, inside arrays that go on past
 * them, at every count up to two vectors and a bit, in both element types.
 */
class LaneTailsTest {
  private static final double SENTINEL = 1e30;

  private record Kind(String name, Lanes<Object> lanes, DType type) {}

  @SuppressWarnings("unchecked")
  private static List<Kind> kinds() {
    return List.of(
        new Kind("float, masked", (Lanes<Object>) (Lanes<?>) new FloatLanes(true), DType.FLOAT32),
        new Kind("float, through an array", (Lanes<Object>) (Lanes<?>) new FloatLanes(false), DType.FLOAT32),
        new Kind("double, masked", (Lanes<Object>) (Lanes<?>) new DoubleLanes(true), DType.FLOAT64),
        new Kind("double, through an array", (Lanes<Object>) (Lanes<?>) new DoubleLanes(false), DType.FLOAT64));
  }

  @Test
  void theInstanceMasksExactlyWhereTheJdkCompilesMaskedTails() {
    boolean compiled = Runtime.version().feature() >= 20;
    assertEquals(compiled, FloatLanes.MASKED_TAILS_COMPILED);
    assertEquals(compiled, DoubleLanes.MASKED_TAILS_COMPILED);
  }

  @Test
  void everyRuleWritesItsElementsAndNothingPastThem() {
    for (Kind k : kinds()) {
      int lanes = k.lanes().length();
      for (int n = 1; n <= 2 * lanes + 1; n++) {
        for (Lanes.Rule rule : Lanes.Rule.values()) {
          for (boolean seedIsNumber : new boolean[] {false, true}) {
            String where = k.name() + ", " + rule + ", n=" + n + (seedIsNumber ? ", one seed" : "");
            Random rnd = new Random(31L * n + rule.ordinal());
            int ao = 3;
            int go = 5;
            int oo = 2;
            double[] x = filled(rnd, ao + n + lanes, 0.25, 1.75);
            double[] g = filled(rnd, go + n + lanes, -1, 1);
            double[] out = new double[oo + n + lanes];
            Arrays.fill(out, SENTINEL);
            Object xs = storage(x, k.type());
            Object gs = storage(g, k.type());
            Object outs = storage(out, k.type());
            k.lanes().ruleInto(rule, xs, ao, gs, go, seedIsNumber, outs, oo, n);
            double[] written = values(outs);
            double tol = k.type() == DType.FLOAT32 ? 2e-6 : 1e-14;
            for (int i = 0; i < written.length; i++) {
              if (i < oo || i >= oo + n) {
                assertEquals(SENTINEL, written[i], SENTINEL * 1e-6, where + ": element " + i + " is not the pass's");
              } else {
                double xi = values(xs)[ao + i - oo];
                double gi = values(gs)[seedIsNumber ? go : go + i - oo];
                double expected = rule(rule, xi, gi);
                assertEquals(expected, written[i], tol * Math.max(1, Math.abs(expected)), where + " [" + (i - oo) + "]");
              }
            }
          }
        }
      }
    }
  }

  @Test
  void aPartialLoadReadsZerosPastItsElementsAndAPartialStoreWritesOnlyThem() {
    for (Kind k : kinds()) {
      int lanes = k.lanes().length();
      for (int count = 1; count < lanes; count++) {
        String where = k.name() + ", " + count + " of " + lanes + " lanes";
        // a view of elements 1 .. 1 + count of a storage that goes on, with large numbers, past them
        double[] data = new double[1 + lanes + 4];
        Arrays.fill(data, SENTINEL);
        for (int i = 0; i < count; i++) {
          data[1 + i] = i + 1;
        }
        Tensor storage = Tensor.of(k.type(), data, data.length);
        Tensor view = storage.slice(0, 1, 1 + count);
        Object v = k.lanes().load(view, 0, count);
        assertEquals(count * (count + 1) / 2.0, k.lanes().sumLanes(v), 0, where + ": the lanes past the elements read 0");

        Tensor out = Tensor.full(SENTINEL, lanes + 3).to(k.type());
        k.lanes().store(k.lanes().broadcast(7), out, 2, 2 + count);
        double[] stored = out.toDoubleArray();
        for (int i = 0; i < stored.length; i++) {
          double expected = i >= 2 && i < 2 + count ? 7 : SENTINEL;
          assertEquals(expected, stored[i], SENTINEL * 1e-6, where + ": element " + i);
        }

        Object ones = k.lanes().broadcast(1);
        assertEquals(count, k.lanes().sumLanes(k.lanes().onlyBelow(ones, 5, 5 + count)), 0, where + ": onlyBelow");
      }
    }
  }

  /** The rules, written out for one element: the oracle. */
  private static double rule(Lanes.Rule rule, double x, double g) {
    return switch (rule) {
      case SIN -> g * Math.cos(x);
      case COS -> -g * Math.sin(x);
      case TAN_FROM_RESULT -> g * (1 + x * x);
      case TANH_FROM_RESULT -> g * (1 - x * x);
      case SIGMOID_FROM_RESULT -> g * x * (1 - x);
      case SQRT_FROM_RESULT -> g / (2 * x);
      case SQUARE -> 2 * g * x;
      case RECIPROCAL_FROM_RESULT -> -g * x * x;
    };
  }

  private static double[] filled(Random rnd, int length, double lo, double hi) {
    double[] a = new double[length];
    for (int i = 0; i < length; i++) {
      a[i] = lo + (hi - lo) * rnd.nextDouble();
    }
    return a;
  }

  private static Object storage(double[] values, DType type) {
    if (type == DType.FLOAT64) {
      return values.clone();
    }
    float[] f = new float[values.length];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) values[i];
    }
    return f;
  }

  private static double[] values(Object storage) {
    if (storage instanceof double[] d) {
      return d;
    }
    float[] f = (float[]) storage;
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
  }
}
