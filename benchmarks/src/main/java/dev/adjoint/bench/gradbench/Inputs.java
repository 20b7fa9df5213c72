package dev.adjoint.bench.gradbench;

import com.fasterxml.jackson.databind.JsonNode;

/** Reading the fields of an evaluate message's input, with messages that name the field on a mistake. */
final class Inputs {
  private Inputs() {}

  static JsonNode field(JsonNode input, String name) {
    JsonNode v = input == null ? null : input.get(name);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException("input has no field \"" + name + "\"");
    }
    return v;
  }

  static int integer(JsonNode input, String name) {
    JsonNode v = field(input, name);
    if (!v.canConvertToInt() || !v.isIntegralNumber()) {
      throw new IllegalArgumentException("input field \"" + name + "\" must be an integer, got " + abbreviate(v));
    }
    return v.intValue();
  }

  static double number(JsonNode input, String name) {
    return numberValue(field(input, name), "\"" + name + "\"");
  }

  /** {@code v} as a number; {@code what} names it in the error. */
  static double numberValue(JsonNode v, String what) {
    if (v == null) {
      throw new IllegalArgumentException(what + " is missing");
    }
    if (!v.isNumber()) {
      throw new IllegalArgumentException(what + " must be a number, got " + abbreviate(v));
    }
    return v.doubleValue();
  }

  /** A JSON array of numbers. */
  static double[] vector(JsonNode input, String name) {
    return vectorValue(field(input, name), "\"" + name + "\"");
  }

  private static double[] vectorValue(JsonNode v, String what) {
    if (!v.isArray()) {
      throw new IllegalArgumentException(what + " must be an array of numbers, got " + abbreviate(v));
    }
    double[] out = new double[v.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = numberValue(v.get(i), what + "[" + i + "]");
    }
    return out;
  }

  /** A JSON array of arrays of numbers (a matrix, rows of any length). */
  static double[][] rows(JsonNode input, String name) {
    JsonNode v = field(input, name);
    if (!v.isArray()) {
      throw new IllegalArgumentException("\"" + name + "\" must be an array of arrays, got " + abbreviate(v));
    }
    double[][] out = new double[v.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = vectorValue(v.get(i), "\"" + name + "\"[" + i + "]");
    }
    return out;
  }

  /** A JSON matrix in row-major order, every row {@code width} long. */
  static double[] flat(double[][] rows, int width, String name) {
    double[] out = new double[rows.length * width];
    for (int i = 0; i < rows.length; i++) {
      if (rows[i].length != width) {
        throw new IllegalArgumentException("\"" + name + "\"[" + i + "] has " + rows[i].length
            + " entries, expected " + width);
      }
      System.arraycopy(rows[i], 0, out, i * width, width);
    }
    return out;
  }

  /** Splits a row-major matrix into {@code count} rows of {@code width}. */
  static double[][] unflat(double[] flat, int count, int width) {
    double[][] out = new double[count][];
    for (int i = 0; i < out.length; i++) {
      out[i] = java.util.Arrays.copyOfRange(flat, i * width, (i + 1) * width);
    }
    return out;
  }

  static String abbreviate(JsonNode v) {
    String s = v.toString();
    return s.length() > 60 ? s.substring(0, 57) + "..." : s;
  }
}
