package dev.adjoint.sample.functional;

import dev.adjoint.Differentiable;

/** Every java.lang.Math function with a derivative, plus the piecewise-constant ones. */
final class MathFns {
  private MathFns() {}

  @Differentiable static double sin(double x) { return Math.sin(x); }
  @Differentiable static double cos(double x) { return Math.cos(x); }
  @Differentiable static double tan(double x) { return Math.tan(x); }
  @Differentiable static double asin(double x) { return Math.asin(x); }
  @Differentiable static double acos(double x) { return Math.acos(x); }
  @Differentiable static double atan(double x) { return Math.atan(x); }
  @Differentiable static double atan2(double y, double x) { return Math.atan2(y, x); }
  @Differentiable static double sinh(double x) { return Math.sinh(x); }
  @Differentiable static double cosh(double x) { return Math.cosh(x); }
  @Differentiable static double tanh(double x) { return Math.tanh(x); }
  @Differentiable static double exp(double x) { return Math.exp(x); }
  @Differentiable static double expm1(double x) { return Math.expm1(x); }
  @Differentiable static double log(double x) { return Math.log(x); }
  @Differentiable static double log10(double x) { return Math.log10(x); }
  @Differentiable static double log1p(double x) { return Math.log1p(x); }
  @Differentiable static double sqrt(double x) { return Math.sqrt(x); }
  @Differentiable static double cbrt(double x) { return Math.cbrt(x); }
  @Differentiable static double pow(double x, double y) { return Math.pow(x, y); }
  @Differentiable static double powConstExponent(double x) { return Math.pow(x, 3.0) + Math.pow(x, 2.5); }
  @Differentiable static double powConstBase(double y) { return Math.pow(2.0, y); }
  @Differentiable static double hypot(double x, double y) { return Math.hypot(x, y); }
  @Differentiable static double abs(double x) { return Math.abs(x) * x; }
  @Differentiable static double max(double x, double y) { return Math.max(x, y) * y; }
  @Differentiable static double min(double x, double y) { return Math.min(x, y) * x; }
  @Differentiable static double toRadians(double x) { return Math.toRadians(x); }
  @Differentiable static double toDegrees(double x) { return Math.toDegrees(x); }
  @Differentiable static double fma(double x, double y, double z) { return Math.fma(x, y, z); }
  @Differentiable static double scalb(double x) { return Math.scalb(x, 3); }
  @Differentiable static double copySign(double x, double y) { return Math.copySign(x, y); }
  @Differentiable static double ieeeRemainder(double x, double y) { return Math.IEEEremainder(x, y); }
  @Differentiable static double nextUp(double x) { return Math.nextUp(x) * x; }
  @Differentiable static double exact(double x) { return Math.sqrt(x) * Math.log(x) - Math.exp(-x * x); }

  /** Piecewise constant: zero derivative away from the jumps. */
  @Differentiable static double floorCeil(double x, double y) { return Math.floor(x) * x + Math.ceil(y) * y; }
  @Differentiable static double rint(double x) { return Math.rint(x) + x; }
  @Differentiable static double signum(double x) { return Math.signum(x) * x * x; }
  /** Math.round returns a long: the processor warns ([Adjoint:ZeroDerivative]) and the path carries no gradient. */
  @Differentiable static double round(double x) { return Math.round(x) + x * x; }
}
