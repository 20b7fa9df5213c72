package dev.adjoint.sample.tape;

import static org.junit.jupiter.api.Assertions.fail;

import dev.adjoint.Autograd;
import dev.adjoint.DType;
import dev.adjoint.GradOption;
import dev.adjoint.Tensor;
import dev.adjoint.sample.tape.TwinCase.Input;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;

/**
 * Compares a generated gradient with its tape twin at seeded random points: the values must agree, and
 * every gradient entry must agree to about 1e-9 relative (both are exact derivatives computed in double,
 * so they differ only by rounding). Float cases run the generated code in float and the tape in double on
 * the same float inputs, so they get a float-sized tolerance.
 *
 * <p>Even-numbered points differentiate the tape with {@link Autograd#grad}, odd ones with
 * {@link Tensor#backward} and {@link Tensor#grad()}, so both entry points of the tape are compared.
 */
final class TwinChecker {
  static final double DOUBLE_RTOL = 1e-9;
  static final double FLOAT_RTOL = 2e-5;
  private static final int MAX_TRIES = 1000;

  private TwinChecker() {}

  static void check(TwinCase c) {
    List<String> failures = new ArrayList<>();
    Random rnd = new Random(c.label.hashCode());
    for (int p = 0; p < c.points; p++) {
      TwinArgs args = sample(c, rnd);
      checkPoint(c, args, p % 2 == 1, failures);
    }
    String report = c + ": " + failures.size() + " problem(s)\n  " + String.join("\n  ", failures);
    if (c.knownBug != null) {
      // Keeps the build green while a reported bug is open, shows it as aborted (not passed), and fails
      // as soon as the bug is gone so the marker gets removed.
      if (failures.isEmpty()) {
        fail(c + " agrees now: known bug " + c.knownBug + " is fixed; remove .knownBug(...) from the case");
      }
      Assumptions.abort("known bug " + c.knownBug + " still reproduces: " + report);
    }
    if (!failures.isEmpty()) {
      fail(report);
    }
  }

  static TwinArgs sample(TwinCase c, Random rnd) {
    boolean floatResult = c.usesFloat();
    for (int t = 0; t < MAX_TRIES; t++) {
      double[][] values = new double[c.inputs.size()][];
      for (int i = 0; i < values.length; i++) {
        Input in = c.inputs.get(i);
        values[i] = new double[in.entries()];
        for (int k = 0; k < values[i].length; k++) {
          double v = in.lo() + (in.hi() - in.lo()) * rnd.nextDouble();
          values[i][k] = in.isFloat() ? (float) v : v;
        }
      }
      double[] seed = null;
      if (c.resultLength > 0) {
        seed = new double[c.resultLength];
        for (int k = 0; k < seed.length; k++) {
          double v = 2 * rnd.nextDouble() - 1;
          seed[k] = floatResult ? (float) v : v;
        }
      }
      TwinArgs args = new TwinArgs(c, values, seed);
      if (c.valid.test(args)) {
        return args;
      }
    }
    throw new AssertionError(c + ": no valid sample point in " + MAX_TRIES + " tries; widen the domain");
  }

  private static void checkPoint(TwinCase c, TwinArgs args, boolean viaBackward, List<String> failures) {
    String at = " at " + args + (viaBackward ? " (backward)" : " (Autograd.grad)");
    Record generated;
    try {
      generated = c.generated.apply(args);
    } catch (RuntimeException e) {
      failures.add("generated code threw " + e + at);
      return;
    }
    RecordComponent[] comps = generated.getClass().getRecordComponents();
    List<Input> active = c.inputs.stream().filter(Input::active).toList();
    if (comps.length != 1 + active.size()) {
      failures.add(generated.getClass().getSimpleName() + " has components " + Arrays.toString(comps)
          + ", expected value and " + active.size() + " gradient(s)");
      return;
    }

    Tensor[] tensors = new Tensor[c.inputs.size()];
    List<Tensor> activeTensors = new ArrayList<>();
    for (int i = 0; i < tensors.length; i++) {
      Input in = c.inputs.get(i);
      double[] v = args.values[i];
      tensors[i] = switch (in.kind()) {
        case DOUBLE, FLOAT -> Tensor.scalar(v[0], DType.FLOAT64);
        case DOUBLE_ARRAY, FLOAT_ARRAY -> Tensor.of(DType.FLOAT64, v.clone(), v.length);
        case DOUBLE_MATRIX -> Tensor.of(DType.FLOAT64, v.clone(), in.rows(), in.cols());
      };
      if (in.active()) {
        tensors[i].requiresGrad(true);
        activeTensors.add(tensors[i]);
      }
    }
    Tensor out;
    List<double[]> tapeGrads;
    try {
      out = c.twin.apply(tensors);
      if (out.dtype() != DType.FLOAT64) {
        failures.add("the twin computed in " + out.dtype() + ", expected FLOAT64 throughout" + at);
        return;
      }
      tapeGrads = tapeGradients(c, args, out, activeTensors, viaBackward);
    } catch (RuntimeException e) {
      failures.add("the tape threw " + e + at);
      return;
    }

    double rtol = c.usesFloat() ? FLOAT_RTOL : DOUBLE_RTOL;
    double[] genValue = flatten(component(generated, comps[0]));
    double[] tapeValue = out.toDoubleArray();
    compare("value", genValue, tapeValue, rtol, at, failures);
    for (int j = 0; j < active.size(); j++) {
      double[] g = flatten(component(generated, comps[j + 1]));
      compare(comps[j + 1].getName(), g, tapeGrads.get(j), rtol, at, failures);
    }
  }

  private static List<double[]> tapeGradients(TwinCase c, TwinArgs args, Tensor out, List<Tensor> inputs,
      boolean viaBackward) {
    List<double[]> grads = new ArrayList<>();
    if (!out.requiresGrad()) {
      // The result does not depend on any input on the tape: every gradient is zero.
      for (Tensor t : inputs) {
        grads.add(new double[t.numel()]);
      }
      return grads;
    }
    Tensor seed = args.seed == null ? null : Tensor.of(DType.FLOAT64, args.seed.clone(), args.seed.length);
    if (c.resultLength > 0 && out.numel() != c.resultLength) {
      throw new IllegalStateException("twin result has " + out.numel() + " entries, expected " + c.resultLength);
    }
    if (viaBackward) {
      if (seed == null) {
        out.backward();
      } else {
        out.backward(seed);
      }
      for (Tensor t : inputs) {
        grads.add(t.grad() == null ? new double[t.numel()] : t.grad().toDoubleArray());
      }
    } else {
      List<Tensor> g = Autograd.grad(List.of(out), inputs, seed == null ? null : List.of(seed),
          GradOption.ALLOW_UNUSED);
      for (int j = 0; j < inputs.size(); j++) {
        grads.add(g.get(j) == null ? new double[inputs.get(j).numel()] : g.get(j).toDoubleArray());
      }
    }
    return grads;
  }

  /** Entrywise agreement, scaled by the largest entry so cancellation in one entry is not over-judged. */
  private static void compare(String what, double[] generated, double[] tape, double rtol, String at,
      List<String> failures) {
    if (generated.length != tape.length) {
      failures.add(what + ": generated has " + generated.length + " entries, tape " + tape.length + at);
      return;
    }
    double scale = 1;
    for (double v : tape) {
      scale = Math.max(scale, Math.abs(v));
    }
    for (int k = 0; k < generated.length; k++) {
      double diff = Math.abs(generated[k] - tape[k]);
      if (!(diff <= rtol * scale) || Double.isNaN(generated[k]) != Double.isNaN(tape[k])) {
        failures.add(what + (generated.length > 1 ? "[" + k + "]" : "") + ": generated " + generated[k]
            + ", tape " + tape[k] + " (difference " + diff + ")" + at);
      }
    }
  }

  private static Object component(Record r, RecordComponent comp) {
    try {
      return comp.getAccessor().invoke(r);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new AssertionError("cannot read " + comp + " of " + r.getClass().getName(), e);
    }
  }

  static double[] flatten(Object o) {
    if (o instanceof Double d) {
      return new double[] {d};
    }
    if (o instanceof Float f) {
      return new double[] {f};
    }
    if (o instanceof double[] a) {
      return a.clone();
    }
    if (o instanceof float[] a) {
      double[] out = new double[a.length];
      for (int k = 0; k < a.length; k++) {
        out[k] = a[k];
      }
      return out;
    }
    if (o instanceof double[][] m) {
      return Arrays.stream(m).flatMapToDouble(Arrays::stream).toArray();
    }
    throw new AssertionError("unexpected gradient component type " + (o == null ? "null" : o.getClass()));
  }
}
