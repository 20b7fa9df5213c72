package dev.adjoint.sample.functional;

/** Hand-written stand-in for generated code: f is right, g's derivative is wrong, h ignores the seed. */
public final class HandWrittenGradients {
  private HandWrittenGradients() {}

  public record FGradient(double value, double dX, double dY) {}

  public record GGradient(double value, double dX) {}

  public record HGradient(double[] value, double dX) {}

  public static FGradient f(double x, double y) {
    return fVjp(x, y, 1);
  }

  public static FGradient fVjp(double x, double y, double seed) {
    return new FGradient(x * x * y, seed * 2 * x * y, seed * x * x);
  }

  public static GGradient g(double x) {
    return gVjp(x, 1);
  }

  public static GGradient gVjp(double x, double seed) {
    return new GGradient(Math.sin(x), seed * Math.cos(x) * 1.01);
  }

  public static HGradient h(double x) {
    throw new IllegalArgumentException("h returns an array: use hVjp with a seed");
  }

  public static HGradient hVjp(double x, double[] seed) {
    return new HGradient(HandWritten.h(x), 1 + 2 * x);
  }
}
