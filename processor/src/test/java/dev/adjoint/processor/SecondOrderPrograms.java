package dev.adjoint.processor;

import java.util.ArrayList;
import java.util.List;

/** Methods several second-order tests differentiate, each test putting its own annotation on them. */
final class SecondOrderPrograms {
  private SecondOrderPrograms() {}

  /** The k-means cost: sum over points p[n*d] of the squared distance to the closest centroid of c[k*d]. */
  static String[] kmeans(String annotation) {
    return new String[] {
        "  " + annotation + " public static double kmeans(double[] p, double[] c, int n, int k, int d) {",
        "    double cost = 0;",
        "    for (int i = 0; i < n; i++) {",
        "      double closest = Double.POSITIVE_INFINITY;",
        "      for (int j = 0; j < k; j++) {",
        "        double dist = 0;",
        "        for (int l = 0; l < d; l++) { double e = p[i * d + l] - c[j * d + l]; dist += e * e; }",
        "        closest = Math.min(closest, dist);",
        "      }",
        "      cost += closest;",
        "    }",
        "    return cost;",
        "  }"};
  }

  /** A recurrence through a local array filled whole on every step: its reverse sweep restores the array whole. */
  static String[] recurrent(String annotation) {
    return new String[] {
        "  " + annotation + " public static double recurrent(double[] w, double[] x, int steps) {",
        "    double[] h = new double[w.length];",
        "    double s = 0.3;",
        "    for (int t = 0; t < steps; t++) {",
        "      for (int i = 0; i < h.length; i++) { h[i] = Math.tanh(w[i] * s + x[t]); }",
        "      s = 0;",
        "      for (int i = 0; i < h.length; i++) { s += h[i] * w[i]; }",
        "    }",
        "    return s * s;",
        "  }"};
  }

  /** The lines of a source file: each part a line or an array of them, in order. */
  static String[] lines(Object... parts) {
    List<String> out = new ArrayList<>();
    for (Object p : parts) {
      if (p instanceof String[] many) {
        out.addAll(List.of(many));
      } else {
        out.add((String) p);
      }
    }
    return out.toArray(String[]::new);
  }
}
