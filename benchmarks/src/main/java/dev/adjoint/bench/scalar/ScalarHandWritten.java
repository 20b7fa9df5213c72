package dev.adjoint.bench.scalar;

/**
 * Hand-written reverse-mode gradients of {@link ScalarWorkloads}, for calibration: what a gradient written by
 * hand (shared subexpressions, no recomputation) costs in the same harness as the generated one.
 */
public final class ScalarHandWritten {
  private ScalarHandWritten() {}

  /** {value, d/dx, d/dy} of {@link ScalarWorkloads#rosenbrock}. */
  public static double[] rosenbrock(double x, double y) {
    double a = 1 - x;
    double b = y - x * x;
    double value = a * a + 100 * b * b;
    double da = 2 * a;
    double db = 200 * b;
    return new double[] {value, -da - 2 * x * db, db};
  }

  /** {value, d/dx, d/dy} of {@link ScalarWorkloads#expr20}. */
  public static double[] expr20(double x, double y) {
    double sx = Math.sin(x);
    double ey = Math.exp(-y);
    double a = sx * ey;
    double b = Math.tanh(a + x * y);
    double q = Math.sqrt(1 + b * b);
    double den = 1 + x * x;
    double c = q / den;
    double lc = Math.log(1 + c);
    double cy = Math.cos(y);
    double d = lc * cy + a * b * c;
    double sg = 1 / (1 + Math.exp(-(d - x)));
    double value = d * d + sg;

    double dz = sg * (1 - sg);
    double dd = 2 * d + dz;
    double dx = -dz;
    double dc = dd * (cy / (1 + c) + a * b);
    double dy = -dd * lc * Math.sin(y);
    double da = dd * b * c;
    double db = dd * a * c;
    double dq = dc / den;
    dx -= dc * c / den * 2 * x;
    db += dq * b / q;
    double dt = db * (1 - b * b);
    da += dt;
    dx += dt * y;
    dy += dt * x;
    dx += da * ey * Math.cos(x);
    dy -= da * a;
    return new double[] {value, dx, dy};
  }
}
