package dev.adjoint.processor.lower;

import dev.adjoint.processor.ir.JType;
import javax.lang.model.type.TypeKind;

/** javac's primitive type kinds as the IR's. */
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
}
