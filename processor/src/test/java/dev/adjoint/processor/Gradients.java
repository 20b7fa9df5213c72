package dev.adjoint.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** What the tests of generated gradients share: central differences, record components, random points. */
final class Gradients {
  private Gradients() {}

  /** A scalar function of one array, evaluated through reflection. */
  interface Objective {
    double at(double[] point) throws Exception;
  }

  /** Central differences of {@code f} around {@code at}, element by element, against {@code gradient}. */
  static void assertGradient(double[] gradient, double[] at, Objective f) throws Exception {
    assertGradient(gradient, at, f, 1e-6, 1e-6);
  }

  /**
   * As {@link #assertGradient(double[], double[], Objective)} with step {@code h} and relative tolerance
   * {@code tolerance} (a float function needs a larger step and a looser tolerance).
   */
  static void assertGradient(double[] gradient, double[] at, Objective f, double h, double tolerance) throws Exception {
    double[] point = at.clone();
    assertEquals(point.length, gradient.length);
    List<String> wrong = new ArrayList<>();
    for (int i = 0; i < point.length; i++) {
      double keep = point[i];
      point[i] = keep + h;
      double up = f.at(point);
      point[i] = keep - h;
      double down = f.at(point);
      point[i] = keep;
      double expected = (up - down) / (2 * h);
      if (Math.abs(expected - gradient[i]) > tolerance * Math.max(1, Math.abs(expected))) {
        wrong.add("element " + i + ": finite differences " + expected + ", gradient " + gradient[i]);
      }
    }
    assertTrue(wrong.isEmpty(), String.join("\n", wrong));
  }

  /** A scalar function of one matrix, evaluated through reflection. */
  interface MatrixObjective {
    double at(double[][] point) throws Exception;
  }

  /** Central differences of {@code f} around the matrix {@code at}, row by row, against {@code gradient}. */
  static void assertMatrixGradient(double[][] gradient, double[][] at, MatrixObjective f) throws Exception {
    assertEquals(at.length, gradient.length);
    for (int i = 0; i < at.length; i++) {
      int row = i;
      assertGradient(gradient[i], at[i], v -> {
        double[][] moved = at.clone();
        moved[row] = v;
        return f.at(moved);
      });
    }
  }

  /** The component {@code name} of a gradient record. */
  static Object component(Object record, String name) throws Exception {
    for (RecordComponent c : record.getClass().getRecordComponents()) {
      if (c.getName().equals(name)) {
        return c.getAccessor().invoke(record);
      }
    }
    throw new IllegalArgumentException(name);
  }

  /** The number component {@code name} of a generated record ({@code float} too), as a double. */
  static double number(Object record, String name) throws Exception {
    return ((Number) component(record, name)).doubleValue();
  }

  /** The {@code double[]} component {@code name} of a gradient record. */
  static double[] array(Object record, String name) throws Exception {
    return (double[]) component(record, name);
  }

  /** {@code n} standard normal values. */
  static double[] gaussian(Random random, int n) {
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = random.nextGaussian();
    }
    return a;
  }
}
