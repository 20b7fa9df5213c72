package dev.adjoint.processor.ir;

/**
 * A Java type as the IR sees it: a primitive or reference base type and an array rank.
 *
 * @param kind the base type's kind
 * @param rank the number of array dimensions (0 for a scalar)
 * @param refName for {@link Kind#REF} and {@link Kind#RECORD}, the type's source spelling (fully qualified)
 */
public record JType(Kind kind, int rank, String refName) {
  /** Base type kinds. */
  public enum Kind {
    DOUBLE, FLOAT, LONG, INT, SHORT, BYTE, CHAR, BOOLEAN, REF, VOID,
    /** A record with a differentiable component: its gradient is a record of the same type. */
    RECORD,
    /** {@code var}: only used for generated locals whose type javac infers. */
    VAR;

    /** The Java keyword; computed once, since printing asks for it for every declaration. */
    final String keyword = name().toLowerCase(java.util.Locale.ROOT);
  }

  public static final JType DOUBLE = new JType(Kind.DOUBLE, 0, null);
  public static final JType FLOAT = new JType(Kind.FLOAT, 0, null);
  public static final JType INT = new JType(Kind.INT, 0, null);
  public static final JType LONG = new JType(Kind.LONG, 0, null);
  public static final JType BOOLEAN = new JType(Kind.BOOLEAN, 0, null);
  public static final JType VOID = new JType(Kind.VOID, 0, null);
  public static final JType VAR = new JType(Kind.VAR, 0, null);

  /** {@code dev.adjoint.Tensor}. */
  public static final JType TENSOR = new JType(Kind.REF, 0, "dev.adjoint.Tensor");

  public static JType ref(String name) {
    return new JType(Kind.REF, 0, name);
  }

  /** A differentiable record type (its gradient is a record of the same type). */
  public static JType record(String name) {
    return new JType(Kind.RECORD, 0, name);
  }

  /** double or float scalar. */
  public boolean isFloating() {
    return rank == 0 && (kind == Kind.DOUBLE || kind == Kind.FLOAT);
  }

  /** double, float or Tensor, of any rank: the types that can carry a derivative. */
  public boolean isDifferentiable() {
    return kind == Kind.DOUBLE || kind == Kind.FLOAT || isTensorBase() || kind == Kind.RECORD;
  }

  /** A differentiable record (not an array of them). */
  public boolean isRecord() {
    return rank == 0 && kind == Kind.RECORD;
  }

  /** A {@code Tensor} (not an array of them). */
  public boolean isTensor() {
    return rank == 0 && isTensorBase();
  }

  /** A {@code Tensor} or an array of them. */
  public boolean isTensorBase() {
    return kind == Kind.REF && "dev.adjoint.Tensor".equals(refName);
  }

  public boolean isArray() {
    return rank > 0;
  }

  /** An integral primitive scalar (int, long, short, byte, char). */
  public boolean isIntegral() {
    return rank == 0
        && (kind == Kind.INT || kind == Kind.LONG || kind == Kind.SHORT || kind == Kind.BYTE
            || kind == Kind.CHAR);
  }

  public JType element() {
    return new JType(kind, rank - 1, refName);
  }

  public JType arrayOf() {
    return new JType(kind, rank + 1, refName);
  }

  public JType scalar() {
    return new JType(kind, 0, refName);
  }

  /** Java source spelling, e.g. {@code double[][]}. */
  public String source() {
    String base =
        switch (kind) {
          case REF, RECORD -> refName;
          default -> kind.keyword;
        };
    return rank == 0 ? base : base + "[]".repeat(rank);
  }

  /** The default value literal, for hoisted declarations. */
  public String zero() {
    if (rank > 0 || kind == Kind.REF || kind == Kind.RECORD) {
      return "null";
    }
    return switch (kind) {
      case BOOLEAN -> "false";
      case FLOAT -> "0f";
      case LONG -> "0L";
      case CHAR -> "'\\0'";
      default -> "0";
    };
  }

  @Override
  public String toString() {
    return source();
  }
}
