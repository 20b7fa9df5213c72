package dev.adjoint.processor.lower;

import dev.adjoint.processor.ir.JType;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/** javac's primitive type kinds, and the types written from them, as the IR's. */
public final class PrimitiveKinds {
  private PrimitiveKinds() {}

  /** The IR kind of a primitive type (boolean, char and the numeric types), or null for any other kind. */
  public static JType.Kind of(TypeKind kind) {
    return switch (kind) {
      case DOUBLE -> JType.Kind.DOUBLE;
      case FLOAT -> JType.Kind.FLOAT;
      case INT -> JType.Kind.INT;
      case LONG -> JType.Kind.LONG;
      case BOOLEAN -> JType.Kind.BOOLEAN;
      case SHORT -> JType.Kind.SHORT;
      case BYTE -> JType.Kind.BYTE;
      case CHAR -> JType.Kind.CHAR;
      default -> null;
    };
  }

  /**
   * A parameter's or result's type in the IR: a primitive, a declared type ({@code REF}, by its source spelling),
   * or an array of them; null for anything else (a type variable, {@code void}).
   */
  public static JType typeOf(TypeMirror t) {
    int rank = 0;
    while (t instanceof ArrayType a) {
      rank++;
      t = a.getComponentType();
    }
    JType.Kind kind = t.getKind() == TypeKind.DECLARED ? JType.Kind.REF : of(t.getKind());
    return kind == null ? null : new JType(kind, rank, kind == JType.Kind.REF ? t.toString() : null);
  }
}
