package dev.adjoint.bench.gradbench.evals;

import dev.adjoint.Differentiable;

/**
 * GradBench {@code ba}: bundle adjustment's reprojection error of one observation (evals/ba/README.md; the maths as
 * in GradBench's C++ reference cpp/gradbench/evals/ba.hpp). A camera is 11 numbers: Rodrigues rotation (0-2),
 * centre (3-5), focal length (6), principal point (7-8), radial distortion (9-10).
 */
public final class Ba {
  private Ba() {}

  /** Rotates {@code pt} by the angle-axis vector in {@code rot[0..2]} (Rodrigues' formula). */
  @Differentiable
  static double[] rotate(double[] rot, double[] pt) {
    double sqTheta = rot[0] * rot[0] + rot[1] * rot[1] + rot[2] * rot[2];
    double[] out = new double[3];
    if (sqTheta != 0) {
      double theta = Math.sqrt(sqTheta);
      double cos = Math.cos(theta);
      double sin = Math.sin(theta);
      double w0 = rot[0] / theta;
      double w1 = rot[1] / theta;
      double w2 = rot[2] / theta;
      double tmp = (w0 * pt[0] + w1 * pt[1] + w2 * pt[2]) * (1 - cos);
      out[0] = pt[0] * cos + (w1 * pt[2] - w2 * pt[1]) * sin + w0 * tmp;
      out[1] = pt[1] * cos + (w2 * pt[0] - w0 * pt[2]) * sin + w1 * tmp;
      out[2] = pt[2] * cos + (w0 * pt[1] - w1 * pt[0]) * sin + w2 * tmp;
    } else {
      out[0] = pt[0] + rot[1] * pt[2] - rot[2] * pt[1];
      out[1] = pt[1] + rot[2] * pt[0] - rot[0] * pt[2];
      out[2] = pt[2] + rot[0] * pt[1] - rot[1] * pt[0];
    }
    return out;
  }

  /** Where the camera sees point {@code x}: rotate, divide by depth, distort radially, scale and shift. */
  @Differentiable
  static double[] project(double[] cam, double[] x) {
    double[] centered = new double[3];
    for (int i = 0; i < 3; i++) {
      centered[i] = x[i] - cam[3 + i];
    }
    double[] xcam = rotate(cam, centered);
    double u = xcam[0] / xcam[2];
    double v = xcam[1] / xcam[2];
    double rsq = u * u + v * v;
    double distortion = 1 + cam[9] * rsq + cam[10] * rsq * rsq;
    double[] proj = new double[2];
    proj[0] = u * distortion * cam[6] + cam[7];
    proj[1] = v * distortion * cam[6] + cam[8];
    return proj;
  }

  /** The weighted reprojection error of one observation: w (projection - feature), two numbers. */
  @Differentiable(wrt = {"cam", "x", "w"})
  public static double[] reprojectionError(double[] cam, double[] x, double w, double[] feat) {
    double[] proj = project(cam, x);
    double[] err = new double[2];
    err[0] = w * (proj[0] - feat[0]);
    err[1] = w * (proj[1] - feat[1]);
    return err;
  }

  /** The weight's error term 1 - w^2. */
  @Differentiable
  public static double weightError(double w) {
    return 1 - w * w;
  }
}
