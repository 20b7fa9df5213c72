package dev.adjoint.sample.tape;

import dev.adjoint.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One generated gradient and its tape twin: how to call the generated {@code …Gradients} method, the
 * same function written with FLOAT64 tensors, and the inputs with their sampling domains (copied from
 * the functional tests' {@code GeneratedGradientTest}, whose cases are package-private there).
 */
final class TwinCase {
  enum Kind { DOUBLE, FLOAT, DOUBLE_ARRAY, FLOAT_ARRAY, DOUBLE_MATRIX }

  /** An input sampled uniformly in [lo, hi] (elementwise); inactive inputs are constants on the tape. */
  record Input(Kind kind, boolean active, double lo, double hi, int rows, int cols) {
    int entries() {
      return rows * cols;
    }

    boolean isFloat() {
      return kind == Kind.FLOAT || kind == Kind.FLOAT_ARRAY;
    }
  }

  /** The tape twin: receives one FLOAT64 tensor per input (0-D, 1-D or 2-D) and returns the result. */
  @FunctionalInterface
  interface Twin {
    Tensor apply(Tensor[] in);
  }

  final String label;
  final Function<TwinArgs, Record> generated;
  final Twin twin;
  final List<Input> inputs = new ArrayList<>();
  /** Length of an array result (0 for a scalar result): the generated vjp then gets a seed of this length. */
  int resultLength;
  Predicate<TwinArgs> valid = a -> true;
  /** A docs/findings/TWIN-FINDINGS.md entry this case reproduces: reported as aborted, and fails once fixed. */
  String knownBug;
  int points = 4;

  private TwinCase(String label, Function<TwinArgs, Record> generated, Twin twin) {
    this.label = label;
    this.generated = generated;
    this.twin = twin;
  }

  static TwinCase of(String label, Function<TwinArgs, Record> generated, Twin twin) {
    return new TwinCase(label, generated, twin);
  }

  TwinCase d(double lo, double hi) {
    return add(new Input(Kind.DOUBLE, true, lo, hi, 1, 1));
  }

  /** A double input outside the wrt set: a constant tensor on the tape, no gradient compared. */
  TwinCase dConst(double lo, double hi) {
    return add(new Input(Kind.DOUBLE, false, lo, hi, 1, 1));
  }

  TwinCase f(double lo, double hi) {
    return add(new Input(Kind.FLOAT, true, lo, hi, 1, 1));
  }

  TwinCase arr(int n, double lo, double hi) {
    return add(new Input(Kind.DOUBLE_ARRAY, true, lo, hi, n, 1));
  }

  TwinCase arrConst(int n, double lo, double hi) {
    return add(new Input(Kind.DOUBLE_ARRAY, false, lo, hi, n, 1));
  }

  TwinCase farr(int n, double lo, double hi) {
    return add(new Input(Kind.FLOAT_ARRAY, true, lo, hi, n, 1));
  }

  TwinCase mat(int rows, int cols, double lo, double hi) {
    return add(new Input(Kind.DOUBLE_MATRIX, true, lo, hi, rows, cols));
  }

  /** The method returns an array of this length: compare vector-Jacobian products with a random seed. */
  TwinCase arrayResult(int length) {
    this.resultLength = length;
    return this;
  }

  /** Keeps only sample points for which {@code valid} holds (e.g. away from ties of max/min). */
  TwinCase where(Predicate<TwinArgs> valid) {
    this.valid = valid;
    return this;
  }

  TwinCase withPoints(int points) {
    this.points = points;
    return this;
  }

  /** Marks a case that reproduces a finding in docs/findings/TWIN-FINDINGS.md; see {@link TwinChecker#check}. */
  TwinCase knownBug(String finding) {
    this.knownBug = finding;
    return this;
  }

  boolean usesFloat() {
    return inputs.stream().anyMatch(Input::isFloat);
  }

  private TwinCase add(Input in) {
    inputs.add(in);
    return this;
  }

  @Override
  public String toString() {
    return label;
  }
}
