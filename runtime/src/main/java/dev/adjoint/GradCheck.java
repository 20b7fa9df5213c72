package dev.adjoint;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.function.Function;

/**
 * Checks the tape's gradients of a function against central finite differences computed in
 * {@link DType#FLOAT64}.
 *
 * <p>Only the inputs that {@linkplain Tensor#requiresGrad() require grad} are checked; the others
 * are passed through as constants. The analytic Jacobian is computed in the inputs' own dtype (so a
 * {@code FLOAT32} check exercises the float kernels and rules); the numeric one always evaluates
 * {@code f} on {@code FLOAT64} copies of the inputs. An entry passes when
 * {@code |analytic - numeric| <= atol + rtol * |numeric|}.
 *
 * <pre>{@code
 * Tensor x = Tensor.of(0.5, 1.0, 2.0).to(DType.FLOAT64).requiresGrad(true);
 * GradCheck.Result r = GradCheck.check(in -> in.get(0).sin().mul(in.get(0)), List.of(x));
 * assert r.passed() : r;
 * }</pre>
 *
 * <p>While it evaluates {@code f} on the FLOAT64 copies, GradCheck sets
 * {@link Tensor#setDefaultDType the default dtype} to FLOAT64 (and restores it afterwards), so
 * constants that {@code f} creates without a dtype match; tensors captured from outside {@code f}
 * must be FLOAT64 or converted inside it. The default dtype is global: do not create tensors on
 * other threads while a check runs.
 *
 * <p>{@link #checkSecondOrder} does the same for the gradient itself (PyTorch's
 * {@code gradgradcheck}): it differentiates the backward pass recorded with
 * {@link GradOption#CREATE_GRAPH}.
 */
public final class GradCheck {
  private GradCheck() {}

  /**
   * Step and tolerances of a check.
   *
   * @param eps the finite-difference step (in FLOAT64 input units)
   * @param atol absolute tolerance
   * @param rtol tolerance relative to the numeric value
   */
  public record Options(double eps, double atol, double rtol) {
    /** Validates the numbers. */
    public Options {
      if (!(eps > 0) || !(atol >= 0) || !(rtol >= 0)) {
        throw new IllegalArgumentException(
            "GradCheck.Options: need eps > 0, atol >= 0 and rtol >= 0, got eps=" + eps + ", atol="
                + atol + ", rtol=" + rtol);
      }
    }

    /** PyTorch's {@code gradcheck} defaults: eps 1e-6, atol 1e-5, rtol 1e-3 (for FLOAT64 inputs). */
    public static Options float64() {
      return new Options(1e-6, 1e-5, 1e-3);
    }

    /**
     * Defaults for FLOAT32 inputs: the numeric side is still FLOAT64, but the analytic side is
     * computed in float arithmetic and agrees only to about float precision: eps 1e-6, atol 1e-4,
     * rtol 1e-3.
     */
    public static Options float32() {
      return new Options(1e-6, 1e-4, 1e-3);
    }

    /** The defaults for inputs of the given dtype. */
    public static Options defaultsFor(DType dtype) {
      return dtype == DType.FLOAT64 ? float64() : float32();
    }

    /** A copy with another step. */
    public Options withEps(double newEps) {
      return new Options(newEps, atol, rtol);
    }

    /** A copy with another absolute tolerance. */
    public Options withAtol(double newAtol) {
      return new Options(eps, newAtol, rtol);
    }

    /** A copy with another relative tolerance. */
    public Options withRtol(double newRtol) {
      return new Options(eps, atol, newRtol);
    }
  }

  /**
   * The worst entry of a comparison: the one that exceeds its tolerance by the largest factor.
   *
   * @param input which input (position in the list handed to the check)
   * @param inputIndex the element of that input
   * @param outputIndex the element of the output
   * @param analytic the tape's derivative
   * @param numeric the finite-difference derivative
   * @param allowed the tolerance for this entry
   */
  public record Entry(
      int input, int[] inputIndex, int[] outputIndex, double analytic, double numeric,
      double allowed) {
    /** {@code |analytic - numeric|}. */
    public double absError() {
      return Math.abs(analytic - numeric);
    }
  }

  /**
   * The outcome of a check.
   *
   * @param passed whether every entry of every checked Jacobian is within tolerance
   * @param maxAbsError the largest {@code |analytic - numeric|} over all entries
   * @param worst the entry that exceeds its tolerance most (or comes closest to it); null if there
   *     was nothing to compare (for example an empty input)
   * @param entries how many Jacobian entries were compared
   * @param options the step and tolerances used
   * @param problem a structural failure (wrong gradient shape or dtype, an exception), or null
   * @param what a short description of what was checked ("first order", "second order")
   */
  public record Result(
      boolean passed, double maxAbsError, Entry worst, long entries, Options options,
      String problem, String what) {
    /**
     * A readable report: the verdict, the worst entry with input and index, analytic versus
     * numeric values.
     */
    @Override
    public String toString() {
      StringBuilder s = new StringBuilder("GradCheck (").append(what).append("): ");
      s.append(passed ? "passed" : "FAILED");
      if (problem != null) {
        s.append(": ").append(problem);
        return s.toString();
      }
      s.append(String.format(" (max abs error %.3e over %d entries; eps=%.1e, atol=%.1e, rtol=%.1e)",
          maxAbsError, entries, options.eps(), options.atol(), options.rtol()));
      if (worst != null) {
        s.append(passed ? "; closest to tolerance: " : "; worst: ");
        s.append(String.format("input %d at %s, output at %s: analytic %.9g vs numeric %.9g"
                + " (abs error %.3e, allowed %.3e)",
            worst.input(), Arrays.toString(worst.inputIndex()), Arrays.toString(worst.outputIndex()),
            worst.analytic(), worst.numeric(), worst.absError(), worst.allowed()));
      }
      return s.toString();
    }
  }

  /**
   * Checks first derivatives of {@code f} at {@code inputs} with the default options for the
   * inputs' dtype ({@link Options#float64()} when every checked input is FLOAT64, else
   * {@link Options#float32()}).
   *
   * @param f the function; it must only use its arguments (and constants) and return a tensor
   * @param inputs the point; the ones that require grad are checked
   * @return the comparison
   * @throws IllegalArgumentException if no input requires grad
   */
  public static Result check(Function<List<Tensor>, Tensor> f, List<Tensor> inputs) {
    return check(f, inputs, defaultOptions(inputs));
  }

  /**
   * Checks first derivatives of {@code f} at {@code inputs} with the given step and tolerances.
   *
   * @param f the function
   * @param inputs the point; the ones that require grad are checked
   * @param options step and tolerances
   * @return the comparison
   */
  public static Result check(
      Function<List<Tensor>, Tensor> f, List<Tensor> inputs, Options options) {
    return compare(f, inputs, options, "first order");
  }

  /**
   * Checks second derivatives: the gradient of {@code f} (a vector-Jacobian product with a fixed
   * pseudo-random seed when the output has several elements), computed with
   * {@link GradOption#CREATE_GRAPH}, is itself checked against finite differences. Default options
   * as in {@link #check(Function, List)}.
   *
   * @param f the function
   * @param inputs the point; the ones that require grad are checked
   * @return the comparison
   */
  public static Result checkSecondOrder(Function<List<Tensor>, Tensor> f, List<Tensor> inputs) {
    return checkSecondOrder(f, inputs, defaultOptions(inputs));
  }

  /**
   * Checks second derivatives with the given step and tolerances; see
   * {@link #checkSecondOrder(Function, List)}.
   *
   * @param f the function
   * @param inputs the point; the ones that require grad are checked
   * @param options step and tolerances
   * @return the comparison
   */
  public static Result checkSecondOrder(
      Function<List<Tensor>, Tensor> f, List<Tensor> inputs, Options options) {
    Objects.requireNonNull(f, "f");
    List<Integer> checked = checkedPositions(inputs);
    Function<List<Tensor>, Tensor> gradientOfF = in -> {
      Tensor out = f.apply(in);
      List<Tensor> differentiable = new ArrayList<>();
      for (int i : checked) {
        differentiable.add(in.get(i));
      }
      if (!out.requiresGrad()) {
        // f does not depend on its inputs: the gradient is zero, and so is its derivative.
        return zerosOfTotalSize(differentiable, out.dtype());
      }
      Tensor seed = seedLike(out);
      List<Tensor> grads = Autograd.grad(List.of(out), differentiable, List.of(seed),
          GradOption.CREATE_GRAPH, GradOption.ALLOW_UNUSED);
      List<Tensor> flat = new ArrayList<>();
      for (int k = 0; k < grads.size(); k++) {
        Tensor g = grads.get(k);
        flat.add(g == null
            ? zeros(new int[] {differentiable.get(k).numel()}, out.dtype())
            : g.reshape(-1));
      }
      return Tensor.cat(0, flat.toArray(new Tensor[0]));
    };
    return compare(gradientOfF, inputs, options, "second order");
  }

  // ---------------------------------------------------------------------------------------------

  private static Options defaultOptions(List<Tensor> inputs) {
    for (int i : checkedPositions(inputs)) {
      if (inputs.get(i).dtype() != DType.FLOAT64) {
        return Options.float32();
      }
    }
    return Options.float64();
  }

  private static List<Integer> checkedPositions(List<Tensor> inputs) {
    Objects.requireNonNull(inputs, "inputs");
    List<Integer> checked = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      Tensor t = Objects.requireNonNull(inputs.get(i), "GradCheck: input " + i + " is null");
      if (t.requiresGrad()) {
        checked.add(i);
      }
    }
    if (checked.isEmpty()) {
      throw new IllegalArgumentException("GradCheck: none of the " + inputs.size()
          + " inputs requires grad, so there is nothing to check; mark the inputs to differentiate"
          + " with requiresGrad(true)");
    }
    return checked;
  }

  /** A fixed pseudo-random seed for a vector-Jacobian product (1 for a one-element output). */
  private static Tensor seedLike(Tensor out) {
    if (out.numel() == 1) {
      return Tensor.onesLike(out);
    }
    Random random = new Random(42);
    double[] v = new double[out.numel()];
    for (int i = 0; i < v.length; i++) {
      v[i] = 0.5 + random.nextDouble();
    }
    return tensorOf(v, out.shape(), out.dtype());
  }

  private static Tensor zerosOfTotalSize(List<Tensor> tensors, DType dtype) {
    int n = 0;
    for (Tensor t : tensors) {
      n += t.numel();
    }
    return zeros(new int[] {n}, dtype);
  }

  private static Tensor zeros(int[] shape, DType dtype) {
    return Tensor.zeros(dtype, shape);
  }

  /** A fresh tensor holding exactly {@code data} in {@code dtype} (no detour through float). */
  static Tensor tensorOf(double[] data, int[] shape, DType dtype) {
    if (dtype == Tensor.defaultDType()) {
      return Tensor.of(data, shape);
    }
    Tensor exact = Tensor.zeros(dtype, shape);
    int[] index = new int[shape.length];
    for (int flat = 0; flat < data.length; flat++) {
      unravel(flat, shape, index);
      exact.set(data[flat], index);
    }
    return exact;
  }

  private static void unravel(int flat, int[] shape, int[] index) {
    for (int d = shape.length - 1; d >= 0; d--) {
      index[d] = flat % shape[d];
      flat /= shape[d];
    }
  }

  private static int[] unravel(int flat, int[] shape) {
    int[] index = new int[shape.length];
    unravel(flat, shape, index);
    return index;
  }

  private static Result compare(
      Function<List<Tensor>, Tensor> f, List<Tensor> inputs, Options options, String what) {
    Objects.requireNonNull(f, "f");
    Objects.requireNonNull(options, "options");
    List<Integer> checked = checkedPositions(inputs);

    // Analytic Jacobians, in the inputs' own dtypes, one backward pass per output element.
    List<Tensor> leaves = new ArrayList<>();
    for (Tensor t : inputs) {
      leaves.add(t.requiresGrad() ? freshLeaf(t.toDoubleArray(), t.shape(), t.dtype()) : t);
    }
    Tensor out;
    try {
      out = f.apply(leaves);
    } catch (RuntimeException e) {
      return problem(options, what, "f threw " + e);
    }
    if (out == null) {
      return problem(options, what, "f returned null");
    }
    int[] outShape = out.shape();
    int outSize = out.numel();
    List<Tensor> differentiable = new ArrayList<>();
    for (int i : checked) {
      differentiable.add(leaves.get(i));
    }
    double[][][] analytic = new double[checked.size()][outSize][];
    for (int j = 0; j < outSize; j++) {
      List<Tensor> grads = null;
      if (out.requiresGrad()) {
        double[] seed = new double[outSize];
        seed[j] = 1;
        try {
          grads = Autograd.grad(List.of(out), differentiable,
              List.of(tensorOf(seed, outShape, out.dtype())), GradOption.RETAIN_GRAPH,
              GradOption.ALLOW_UNUSED);
        } catch (RuntimeException e) {
          return problem(options, what, "the backward pass threw " + e);
        }
      }
      for (int k = 0; k < checked.size(); k++) {
        Tensor x = differentiable.get(k);
        Tensor g = grads == null ? null : grads.get(k);
        if (g == null) {
          analytic[k][j] = new double[x.numel()];
          continue;
        }
        if (!Arrays.equals(g.shape(), x.shape())) {
          return problem(options, what, "the gradient of input " + checked.get(k) + " has shape "
              + Arrays.toString(g.shape()) + " but the input has shape "
              + Arrays.toString(x.shape()));
        }
        if (g.dtype() != x.dtype()) {
          return problem(options, what, "the gradient of input " + checked.get(k) + " is "
              + g.dtype() + " but the input is " + x.dtype());
        }
        analytic[k][j] = g.toDoubleArray();
      }
    }

    // Numeric Jacobians: central differences on FLOAT64 copies, one element at a time.
    List<double[]> values = new ArrayList<>();
    for (Tensor t : inputs) {
      values.add(t.toDoubleArray());
    }
    double worstRatio = -1;
    Entry worst = null;
    double maxAbsError = 0;
    long entries = 0;
    boolean passed = true;
    for (int k = 0; k < checked.size(); k++) {
      int position = checked.get(k);
      Tensor x = inputs.get(position);
      double[] data = values.get(position);
      for (int e = 0; e < data.length; e++) {
        double original = data[e];
        double[] plus;
        double[] minus;
        try {
          data[e] = original + options.eps();
          plus = evaluate64(f, inputs, values, outSize);
          data[e] = original - options.eps();
          minus = evaluate64(f, inputs, values, outSize);
        } catch (RuntimeException ex) {
          return problem(options, what, "f threw on FLOAT64 inputs: " + ex + " (the numeric"
              + " derivative evaluates f on FLOAT64 copies of the inputs; tensors that f captures"
              + " from outside must be converted inside it, e.g. c.to(x.dtype()))");
        } finally {
          data[e] = original;
        }
        for (int j = 0; j < outSize; j++) {
          double numeric = (plus[j] - minus[j]) / (2 * options.eps());
          double a = analytic[k][j][e];
          double err = Math.abs(a - numeric);
          double allowed = options.atol() + options.rtol() * Math.abs(numeric);
          entries++;
          if (!(err <= allowed)) { // also catches NaN
            passed = false;
          }
          double ratio = Double.isNaN(err) ? Double.POSITIVE_INFINITY : err / allowed;
          maxAbsError = Double.isNaN(err) ? Double.NaN : Math.max(maxAbsError, err);
          if (ratio > worstRatio) {
            worstRatio = ratio;
            worst = new Entry(position, unravel(e, x.shape()), unravel(j, outShape), a, numeric,
                allowed);
          }
        }
      }
    }
    return new Result(passed, maxAbsError, worst, entries, options, null, what);
  }

  private static Result problem(Options options, String what, String message) {
    return new Result(false, Double.NaN, null, 0, options, message, what);
  }

  private static Tensor freshLeaf(double[] data, int[] shape, DType dtype) {
    return tensorOf(data, shape, dtype).requiresGrad(true);
  }

  /**
   * Evaluates f on FLOAT64 copies of the current values. Inputs that require grad stay leaves that
   * require grad, so that f may itself differentiate them (as the second-order check does).
   */
  private static double[] evaluate64(
      Function<List<Tensor>, Tensor> f, List<Tensor> inputs, List<double[]> values, int outSize) {
    List<Tensor> copies = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      Tensor t = inputs.get(i);
      Tensor c = tensorOf(values.get(i), t.shape(), DType.FLOAT64);
      copies.add(t.requiresGrad() ? c.requiresGrad(true) : c);
    }
    Tensor out;
    DType previousDefault = Tensor.defaultDType();
    try {
      // Constants that f creates with the default dtype must match the FLOAT64 copies.
      Tensor.setDefaultDType(DType.FLOAT64);
      out = f.apply(copies);
    } finally {
      Tensor.setDefaultDType(previousDefault);
    }
    if (out.dtype() != DType.FLOAT64) {
      throw new IllegalStateException("f returned a " + out.dtype() + " tensor for FLOAT64 inputs;"
          + " create constants inside f with the inputs' dtype");
    }
    double[] result = out.toDoubleArray();
    if (result.length != outSize) {
      throw new IllegalStateException("f returned " + result.length + " elements for FLOAT64 inputs"
          + " but " + outSize + " for the original inputs");
    }
    return result;
  }
}
