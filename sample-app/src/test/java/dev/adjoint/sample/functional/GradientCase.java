package dev.adjoint.sample.functional;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One @Differentiable method to check: its parameters with their sampling domains, which of them
 * are differentiated (the {@code wrt} set), an optional receiver, and a predicate that keeps sample
 * points away from kinks and jumps (where finite differences are meaningless).
 */
final class GradientCase {
  enum Kind { DOUBLE, FLOAT, DOUBLE_ARRAY, FLOAT_ARRAY, DOUBLE_MATRIX, FIXED }

  /** A parameter: sampled uniformly in [lo, hi] (arrays elementwise), or fixed to {@code value}. */
  record Param(String name, Kind kind, boolean active, double lo, double hi, int rows, int cols,
      Class<?> fixedType, Object value) {
    Class<?> type() {
      return switch (kind) {
        case DOUBLE -> double.class;
        case FLOAT -> float.class;
        case DOUBLE_ARRAY -> double[].class;
        case FLOAT_ARRAY -> float[].class;
        case DOUBLE_MATRIX -> double[][].class;
        case FIXED -> fixedType;
      };
    }

    /** Number of scalar entries the gradient has for this parameter. */
    int entries() {
      return switch (kind) {
        case DOUBLE, FLOAT -> 1;
        case DOUBLE_ARRAY, FLOAT_ARRAY -> rows;
        case DOUBLE_MATRIX -> rows * cols;
        case FIXED -> 0;
      };
    }

    boolean isFloat() {
      return kind == Kind.FLOAT || kind == Kind.FLOAT_ARRAY;
    }
  }

  final Class<?> owner;
  final String method;
  final List<Param> params = new ArrayList<>();
  Object receiver;
  Predicate<Object[]> valid = a -> true;
  /** Keep only points where the primal is smooth within 1e-3 of every active entry. */
  boolean smooth;
  /** An analytic gradient replacing finite differences (for AD.withoutDerivative): args → per active param. */
  Function<Object[], double[][]> expected;
  /** A processor bug (docs/findings/QA-FINDINGS.md entry) this case reproduces: reported as aborted, and fails once fixed. */
  String knownBug;
  int points = 4;
  private String label;

  private GradientCase(Class<?> owner, String method) {
    this.owner = owner;
    this.method = method;
  }

  static GradientCase of(Class<?> owner, String method) {
    return new GradientCase(owner, method);
  }

  /** An active double parameter. */
  GradientCase d(String name, double lo, double hi) {
    return add(new Param(name, Kind.DOUBLE, true, lo, hi, 1, 1, null, null));
  }

  /** A double parameter outside the wrt set. */
  GradientCase dConst(String name, double lo, double hi) {
    return add(new Param(name, Kind.DOUBLE, false, lo, hi, 1, 1, null, null));
  }

  GradientCase f(String name, double lo, double hi) {
    return add(new Param(name, Kind.FLOAT, true, lo, hi, 1, 1, null, null));
  }

  GradientCase arr(String name, int n, double lo, double hi) {
    return add(new Param(name, Kind.DOUBLE_ARRAY, true, lo, hi, n, 1, null, null));
  }

  GradientCase arrConst(String name, int n, double lo, double hi) {
    return add(new Param(name, Kind.DOUBLE_ARRAY, false, lo, hi, n, 1, null, null));
  }

  GradientCase farr(String name, int n, double lo, double hi) {
    return add(new Param(name, Kind.FLOAT_ARRAY, true, lo, hi, n, 1, null, null));
  }

  GradientCase mat(String name, int rows, int cols, double lo, double hi) {
    return add(new Param(name, Kind.DOUBLE_MATRIX, true, lo, hi, rows, cols, null, null));
  }

  /** A constant parameter (int, boolean, int[], ...) with a fixed value. */
  GradientCase fixed(String name, Class<?> type, Object value) {
    return add(new Param(name, Kind.FIXED, false, 0, 0, 0, 0, type, value));
  }

  /** Makes this an instance-method case with the given receiver. */
  GradientCase on(Object receiver) {
    this.receiver = receiver;
    return this;
  }

  /** Keeps only sample points for which {@code valid} holds (arguments in declaration order). */
  GradientCase where(Predicate<Object[]> valid) {
    this.valid = valid;
    return this;
  }

  /**
   * Keeps only points where the primal has no kink or jump within 1e-3 of any active entry (for loops
   * and branches whose decisions depend on active values, where writing the predicate by hand is long).
   * Checks the primal only, never the generated code.
   */
  GradientCase smooth() {
    this.smooth = true;
    return this;
  }

  /** Compares with an analytic gradient instead of finite differences (seed 1). */
  GradientCase expect(Function<Object[], double[][]> expected) {
    this.expected = expected;
    return this;
  }

  GradientCase withPoints(int points) {
    this.points = points;
    return this;
  }

  /** Marks a case that reproduces a reported processor bug; see {@link GradientChecker#check}. */
  GradientCase knownBug(String finding) {
    this.knownBug = finding;
    return this;
  }

  GradientCase label(String label) {
    this.label = label;
    return this;
  }

  private GradientCase add(Param p) {
    params.add(p);
    return this;
  }

  Class<?>[] paramTypes() {
    return params.stream().map(Param::type).toArray(Class<?>[]::new);
  }

  boolean usesFloat(Class<?> resultType) {
    return resultType == float.class || resultType == float[].class
        || params.stream().anyMatch(p -> p.active() && p.isFloat());
  }

  @Override
  public String toString() {
    if (label != null) {
      return label;
    }
    StringBuilder sb = new StringBuilder(owner.getSimpleName()).append('.').append(method).append('(');
    for (int i = 0; i < params.size(); i++) {
      sb.append(i == 0 ? "" : ", ").append(params.get(i).type().getSimpleName());
    }
    return sb.append(')').toString();
  }
}
