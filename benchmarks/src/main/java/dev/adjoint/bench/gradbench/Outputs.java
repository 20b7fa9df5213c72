package dev.adjoint.bench.gradbench;

import java.util.List;
import java.util.Map;

/** Checks on what the tool sends back: JSON has no NaN or Infinity. */
final class Outputs {
  private Outputs() {}

  /** Throws if {@code value} (a number, array, list or map of them) holds a NaN or an infinity. */
  static void requireFinite(Object value, String path) {
    if (value instanceof Double d) {
      check(d, path);
    } else if (value instanceof double[] v) {
      for (int i = 0; i < v.length; i++) {
        check(v[i], path + "[" + i + "]");
      }
    } else if (value instanceof Object[] rows) {
      for (int i = 0; i < rows.length; i++) {
        requireFinite(rows[i], path + "[" + i + "]");
      }
    } else if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        requireFinite(list.get(i), path + "[" + i + "]");
      }
    } else if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        requireFinite(e.getValue(), path + "." + e.getKey());
      }
    }
  }

  private static void check(double v, String path) {
    if (!Double.isFinite(v)) {
      throw new ArithmeticException(path + " is " + v + ", which JSON cannot carry");
    }
  }
}
