package dev.adjoint.rules;

/**
 * The vector-Jacobian rules of the {@code java.lang.Math} functions, for scalar code.
 *
 * <p>This is the one table of scalar derivatives: code generated for {@code @Differentiable}
 * methods calls these methods (the processor only maps a {@code Math} method to a rule here, it
 * never writes a derivative formula itself). Each rule takes the function's arguments and the
 * seed (the adjoint of the function's result) and returns the adjoint of one argument:
 *
 * <pre>{@code
 * double dx = DoubleRules.sin(x, seed);        // seed * cos(x)
 * double dBase = DoubleRules.powX(x, y, seed); // seed * y * x^(y-1)
 * double dExp = DoubleRules.powY(x, y, seed);  // seed * x^y * log(x)
 * }</pre>
 *
 * <p>One-argument functions have a rule of the same name; functions of several arguments have one
 * rule per differentiable argument, suffixed with the argument's role ({@code powX}/{@code powY},
 * {@code atan2Y}/{@code atan2X}). The piecewise-constant functions {@code floor}, {@code ceil},
 * {@code rint}, {@code signum}, {@code round} and {@code ulp} have derivative zero almost everywhere;
 * their rules return {@code 0}. {@code abs}, {@code min} and {@code max} use subgradients: 0 at
 * {@code abs(0)}, and half of the seed to each argument when {@code min}/{@code max} tie (PyTorch's
 * convention). Float overloads exist where {@code Math} has them.
 */
public final class DoubleRules {
  private DoubleRules() {}

  private static final double LN10 = Math.log(10);

  /**
   * Adjoint rule of {@code Math.sin}: sine.
   *
   * @param x an argument of the function
   * @param seed the seed, the adjoint of the result
   * @return the adjoint contribution
   */
  public static double sin(double x, double seed) {
    return sinFromCos(Math.cos(x), seed);
  }

  /**
   * Adjoint rule of {@code Math.sin} in terms of the cosine of its argument, for code that already holds
   * {@code c = Math.cos(x)} (the derivative of the sine is the cosine): generated adjoints read that value
   * instead of computing the cosine again.
   *
   * @param cosX the cosine of the function's argument
   * @param seed the seed, the adjoint of the result
   * @return the adjoint contribution to its argument
   */
  public static double sinFromCos(double cosX, double seed) {
    return seed * cosX;
  }

  /**
   * Adjoint rule of {@code Math.cos}: cosine.
   *
   * @param x an argument of the function
   * @param seed the seed, the adjoint of the result
   * @return the adjoint contribution
   */
  public static double cos(double x, double seed) {
    return cosFromSin(Math.sin(x), seed);
  }

  /**
   * Adjoint rule of {@code Math.cos} in terms of the sine of its argument, for code that already holds
   * {@code s = Math.sin(x)} (the derivative of the cosine is minus the sine): generated adjoints read that
   * value instead of computing the sine again.
   *
   * @param sinX the sine of the function's argument
   * @param seed the seed, the adjoint of the result
   * @return the adjoint contribution to its argument
   */
  public static double cosFromSin(double sinX, double seed) {
    return -seed * sinX;
  }

  /**
   * Adjoint rule of {@code Math.tan}: tangent.
   *
   * @param x an argument of the function
   * @param seed the seed, the adjoint of the result
   * @return the adjoint contribution
   */
  public static double tan(double x, double seed) { double c = Math.cos(x); return seed / (c * c); }

  /**
   * Adjoint rule of {@code Math.asin}: arc sine.
   *
   * @param x an argument of the function
   * @param seed the seed, the adjoint of the result
   * @return the adjoint contribution
   */
  public static double asin(double x, double seed) {
    return seed / Math.sqrt(1 - x * x);
  }

  /**
   * Adjoint rule of {@code Math.acos}: arc cosine.
   *
   * @param x an argument of the function
   * @param seed the seed, the adjoint of the result
   * @return the adjoint contribution
   */
  public static double acos(double x, double seed) {
    return -seed / Math.sqrt(1 - x * x);
  }

  /**
   * Adjoint rule of {@code Math.atan}: arc tangent.
   *
   * @param x an argument of the function
   * @param seed the seed, the adjoint of the result
   * @return the adjoint contribution
   */
  public static double atan(double x, double seed) {
    return seed / (1 + x * x);
  }

  /**
   * Adjoint rule of {@code Math.sinh}: hyperbolic sine.
   *
   * @param x an argument of the function
   * @param seed the seed, the adjoint of the result
   * @return the adjoint contribution
   */
  public static double sinh(double x, double seed) {
    return seed * Math.cosh(x);
  }

  /**
   * Adjoint rule of {@code Math.cosh}: hyperbolic cosine.
   *
   * @param x an argument of the function
   * @param seed the seed, the adjoint of the result
   * @return the adjoint contribution
   */
  public static double cosh(double x, double seed) {
    return seed * Math.sinh(x);
  }

  /**
   * Adjoint rule of {@code Math.tanh}: hyperbolic tangent.
   *
   * @param x an argument of the function
   * @param seed the seed, the adjoint of the result
   * @return the adjoint contribution
   */
  public static double tanh(double x, double seed) {
    return tanhFromResult(Math.tanh(x), seed);
  }

  /**
   * Adjoint rule of {@code Math.tanh} in terms of its result, for code that already holds
   * {@code y = Math.tanh(x)} (the derivative is 1 - y^2): generated adjoints keep the forward value instead of
   * computing the function again.
   *
   * @param y the function's result
   * @param seed the seed, the adjoint of the result
   * @return the adjoint contribution to its argument
   */
  public static double tanhFromResult(double y, double seed) {
    return seed * (1 - y * y);
  }

  /**
   * Adjoint rule of {@code Math.exp}: {@code e^x}.
   *
   * @param x an argument of the function
   * @param seed the seed, the adjoint of the result
   * @return the adjoint contribution
   */
  public static double exp(double x, double seed) {
    return expFromResult(Math.exp(x), seed);
  }

  /**
   * Adjoint rule of {@code Math.exp} in terms of its result, for code that already holds
   * {@code y = Math.exp(x)} (the derivative is y itself): generated adjoints keep the forward value instead of
   * computing the function again.
   *
   * @param y the function's result
   * @param seed the seed, the adjoint of the result
   * @return the adjoint contribution to its argument
   */
  public static double expFromResult(double y, double seed) {
    return seed * y;
  }

  /**
   * Adjoint rule of {@code Math.expm1}: {@code e^x - 1}.
   *
   * @param x an argument of the function
   * @param seed the seed, the adjoint of the result
   * @return the adjoint contribution
   */
  public static double expm1(double x, double seed) {
    return seed * Math.exp(x);
  }

  /**
   * Adjoint rule of {@code Math.log}: natural logarithm.
   *
   * @param x an argument of the function
   * @param seed the seed, the adjoint of the result
   * @return the adjoint contribution
   */
  public static double log(double x, double seed) {
    return seed / x;
  }

  /**
   * Adjoint rule of {@code Math.log10}: base-10 logarithm.
   *
   * @param x an argument of the function
   * @param seed the seed, the adjoint of the result
   * @return the adjoint contribution
   */
  public static double log10(double x, double seed) {
    return seed / (x * LN10);
  }

  /**
   * Adjoint rule of {@code Math.log1p}: {@code log(1 + x)}.
   *
   * @param x an argument of the function
   * @param seed the seed, the adjoint of the result
   * @return the adjoint contribution
   */
  public static double log1p(double x, double seed) {
    return seed / (1 + x);
  }

  /**
   * Adjoint rule of {@code Math.sqrt}: square root.
   *
   * @param x an argument of the function
   * @param seed the seed, the adjoint of the result
   * @return the adjoint contribution
   */
  public static double sqrt(double x, double seed) {
    return sqrtFromResult(Math.sqrt(x), seed);
  }

  /**
   * Adjoint rule of {@code Math.sqrt} in terms of its result, for code that already holds
   * {@code y = Math.sqrt(x)} (the derivative is 1 / (2y)): generated adjoints keep the forward value instead of
   * computing the function again.
   *
   * @param y the function's result
   * @param seed the seed, the adjoint of the result
   * @return the adjoint contribution to its argument
   */
  public static double sqrtFromResult(double y, double seed) {
    return seed / (2 * y);
  }

  /**
   * Adjoint rule of {@code Math.cbrt}: cube root.
   *
   * @param x an argument of the function
   * @param seed the seed, the adjoint of the result
   * @return the adjoint contribution
   */
  public static double cbrt(double x, double seed) {
    return cbrtFromResult(Math.cbrt(x), seed);
  }

  /**
   * Adjoint rule of {@code Math.cbrt} in terms of its result, for code that already holds
   * {@code y = Math.cbrt(x)} (the derivative is 1 / (3y^2)): generated adjoints keep the forward value instead of
   * computing the function again.
   *
   * @param y the function's result
   * @param seed the seed, the adjoint of the result
   * @return the adjoint contribution to its argument
   */
  public static double cbrtFromResult(double y, double seed) {
    return seed / (3 * y * y);
  }

  /**
   * Adjoint rule of {@code Math.abs}: absolute value; the subgradient at 0 is 0, as in PyTorch.
   *
   * @param x an argument of the function
   * @param seed the seed, the adjoint of the result
   * @return the adjoint contribution
   */
  public static double abs(double x, double seed) {
    return x > 0 ? seed : x < 0 ? -seed : 0;
  }

  /**
   * Adjoint rule of {@code Math.toRadians}: degrees to radians.
   *
   * @param x an argument of the function
   * @param seed the seed, the adjoint of the result
   * @return the adjoint contribution
   */
  public static double toRadians(double x, double seed) {
    return seed * (Math.PI / 180);
  }

  /**
   * Adjoint rule of {@code Math.toDegrees}: radians to degrees.
   *
   * @param x an argument of the function
   * @param seed the seed, the adjoint of the result
   * @return the adjoint contribution
   */
  public static double toDegrees(double x, double seed) {
    return seed * (180 / Math.PI);
  }

  /**
   * Adjoint rule of {@code Math.nextUp}: the next larger double, differentiated as the identity.
   *
   * @param x an argument of the function
   * @param seed the seed, the adjoint of the result
   * @return the adjoint contribution
   */
  public static double nextUp(double x, double seed) {
    return seed;
  }

  /**
   * Adjoint rule of {@code Math.nextDown}: the next smaller double, differentiated as the identity.
   *
   * @param x an argument of the function
   * @param seed the seed, the adjoint of the result
   * @return the adjoint contribution
   */
  public static double nextDown(double x, double seed) {
    return seed;
  }

  /**
   * Adjoint rule of {@code Math.floor}: piecewise constant, so the derivative is zero (almost everywhere).
   *
   * @param x an argument of the function
   * @param seed the seed, the adjoint of the result
   * @return the adjoint contribution
   */
  public static double floor(double x, double seed) {
    return 0;
  }

  /**
   * Adjoint rule of {@code Math.ceil}: piecewise constant, so the derivative is zero (almost everywhere).
   *
   * @param x an argument of the function
   * @param seed the seed, the adjoint of the result
   * @return the adjoint contribution
   */
  public static double ceil(double x, double seed) {
    return 0;
  }

  /**
   * Adjoint rule of {@code Math.rint}: piecewise constant, so the derivative is zero (almost everywhere).
   *
   * @param x an argument of the function
   * @param seed the seed, the adjoint of the result
   * @return the adjoint contribution
   */
  public static double rint(double x, double seed) {
    return 0;
  }

  /**
   * Adjoint rule of {@code Math.signum}: piecewise constant, so the derivative is zero (almost everywhere).
   *
   * @param x an argument of the function
   * @param seed the seed, the adjoint of the result
   * @return the adjoint contribution
   */
  public static double signum(double x, double seed) {
    return 0;
  }

  /**
   * Adjoint rule of {@code Math.round}: piecewise constant, so the derivative is zero (almost everywhere).
   *
   * @param x an argument of the function
   * @param seed the seed, the adjoint of the result
   * @return the adjoint contribution
   */
  public static double round(double x, double seed) {
    return 0;
  }

  /**
   * Adjoint rule of {@code Math.ulp}: piecewise constant, so the derivative is zero (almost everywhere).
   *
   * @param x an argument of the function
   * @param seed the seed, the adjoint of the result
   * @return the adjoint contribution
   */
  public static double ulp(double x, double seed) {
    return 0;
  }

  /**
   * Adjoint rule of {@code Math.abs}: absolute value (float); subgradient 0 at 0.
   *
   * @param x an argument of the function
   * @param seed the seed, the adjoint of the result
   * @return the adjoint contribution
   */
  public static float abs(float x, float seed) {
    return x > 0 ? seed : x < 0 ? -seed : 0;
  }

  /**
   * Adjoint rule of {@code Math.nextUp}: identity derivative (float).
   *
   * @param x an argument of the function
   * @param seed the seed, the adjoint of the result
   * @return the adjoint contribution
   */
  public static float nextUp(float x, float seed) {
    return seed;
  }

  /**
   * Adjoint rule of {@code Math.nextDown}: identity derivative (float).
   *
   * @param x an argument of the function
   * @param seed the seed, the adjoint of the result
   * @return the adjoint contribution
   */
  public static float nextDown(float x, float seed) {
    return seed;
  }

  /**
   * Adjoint rule of {@code Math.signum}: zero derivative (float).
   *
   * @param x an argument of the function
   * @param seed the seed, the adjoint of the result
   * @return the adjoint contribution
   */
  public static float signum(float x, float seed) {
    return 0;
  }

  /**
   * Adjoint rule of {@code Math.round}: zero derivative (float).
   *
   * @param x an argument of the function
   * @param seed the seed, the adjoint of the result
   * @return the adjoint contribution
   */
  public static float round(float x, float seed) {
    return 0;
  }

  /**
   * Adjoint rule of {@code Math.ulp}: zero derivative (float).
   *
   * @param x an argument of the function
   * @param seed the seed, the adjoint of the result
   * @return the adjoint contribution
   */
  public static float ulp(float x, float seed) {
    return 0;
  }

  /**
   * Adjoint rule of {@code Math.powX}: {@code pow(x, y)} with respect to {@code x}: {@code seed * y * x^(y-1)}, 0 when {@code y == 0}.
   *
   * @param x an argument of the function
   * @param y an argument of the function
   * @param seed the seed, the adjoint of the result
   * @return the adjoint contribution
   */
  public static double powX(double x, double y, double seed) {
    return y == 0 ? 0 : seed * y * Math.pow(x, y - 1);
  }

  /**
   * Adjoint rule of {@code Math.powY}: {@code pow(x, y)} with respect to {@code y}: {@code seed * x^y * log(x)}, 0 when {@code x == 0}.
   *
   * @param x an argument of the function
   * @param y an argument of the function
   * @param seed the seed, the adjoint of the result
   * @return the adjoint contribution
   */
  public static double powY(double x, double y, double seed) {
    return x == 0 ? 0 : seed * Math.pow(x, y) * Math.log(x);
  }

  /**
   * Adjoint rule of {@code Math.atan2Y}: {@code atan2(y, x)} with respect to {@code y}: {@code seed * x / (x^2 + y^2)}.
   *
   * @param y an argument of the function
   * @param x an argument of the function
   * @param seed the seed, the adjoint of the result
   * @return the adjoint contribution
   */
  public static double atan2Y(double y, double x, double seed) {
    return seed * x / (x * x + y * y);
  }

  /**
   * Adjoint rule of {@code Math.atan2X}: {@code atan2(y, x)} with respect to {@code x}: {@code -seed * y / (x^2 + y^2)}.
   *
   * @param y an argument of the function
   * @param x an argument of the function
   * @param seed the seed, the adjoint of the result
   * @return the adjoint contribution
   */
  public static double atan2X(double y, double x, double seed) {
    return -seed * y / (x * x + y * y);
  }

  /**
   * Adjoint rule of {@code Math.hypotX}: {@code hypot(x, y)} with respect to {@code x}: {@code seed * x / hypot(x, y)}.
   *
   * @param x an argument of the function
   * @param y an argument of the function
   * @param seed the seed, the adjoint of the result
   * @return the adjoint contribution
   */
  public static double hypotX(double x, double y, double seed) { double h = Math.hypot(x, y); return h == 0 ? 0 : seed * x / h; }

  /**
   * Adjoint rule of {@code Math.hypotY}: {@code hypot(x, y)} with respect to {@code y}: {@code seed * y / hypot(x, y)}.
   *
   * @param x an argument of the function
   * @param y an argument of the function
   * @param seed the seed, the adjoint of the result
   * @return the adjoint contribution
   */
  public static double hypotY(double x, double y, double seed) { double h = Math.hypot(x, y); return h == 0 ? 0 : seed * y / h; }

  /**
   * Adjoint rule of {@code Math.maxX}: {@code max(x, y)} with respect to {@code x}: the seed if {@code x > y}, half of it on a tie.
   *
   * @param x an argument of the function
   * @param y an argument of the function
   * @param seed the seed, the adjoint of the result
   * @return the adjoint contribution
   */
  public static double maxX(double x, double y, double seed) {
    return x > y ? seed : x < y ? 0 : 0.5 * seed;
  }

  /**
   * Adjoint rule of {@code Math.maxY}: {@code max(x, y)} with respect to {@code y}: the seed if {@code y > x}, half of it on a tie.
   *
   * @param x an argument of the function
   * @param y an argument of the function
   * @param seed the seed, the adjoint of the result
   * @return the adjoint contribution
   */
  public static double maxY(double x, double y, double seed) {
    return y > x ? seed : y < x ? 0 : 0.5 * seed;
  }

  /**
   * Adjoint rule of {@code Math.minX}: {@code min(x, y)} with respect to {@code x}: the seed if {@code x < y}, half of it on a tie.
   *
   * @param x an argument of the function
   * @param y an argument of the function
   * @param seed the seed, the adjoint of the result
   * @return the adjoint contribution
   */
  public static double minX(double x, double y, double seed) {
    return x < y ? seed : x > y ? 0 : 0.5 * seed;
  }

  /**
   * Adjoint rule of {@code Math.minY}: {@code min(x, y)} with respect to {@code y}: the seed if {@code y < x}, half of it on a tie.
   *
   * @param x an argument of the function
   * @param y an argument of the function
   * @param seed the seed, the adjoint of the result
   * @return the adjoint contribution
   */
  public static double minY(double x, double y, double seed) {
    return y < x ? seed : y > x ? 0 : 0.5 * seed;
  }

  /**
   * Adjoint rule of {@code Math.IEEEremainderX}: {@code IEEEremainder(x, y)} with respect to {@code x}: the seed.
   *
   * @param x an argument of the function
   * @param y an argument of the function
   * @param seed the seed, the adjoint of the result
   * @return the adjoint contribution
   */
  public static double IEEEremainderX(double x, double y, double seed) {
    return seed;
  }

  /**
   * Adjoint rule of {@code Math.IEEEremainderY}: {@code IEEEremainder(x, y)} with respect to {@code y}: {@code -seed * rint(x / y)}.
   *
   * @param x an argument of the function
   * @param y an argument of the function
   * @param seed the seed, the adjoint of the result
   * @return the adjoint contribution
   */
  public static double IEEEremainderY(double x, double y, double seed) {
    return -seed * Math.rint(x / y);
  }

  /**
   * Adjoint rule of {@code Math.copySign}: {@code copySign(magnitude, sign)} with respect to the magnitude; the sign argument has derivative zero.
   *
   * @param magnitude an argument of the function
   * @param sign an argument of the function
   * @param seed the seed, the adjoint of the result
   * @return the adjoint contribution
   */
  public static double copySignMagnitude(double magnitude, double sign, double seed) {
    // At a zero magnitude the function is |x| times a constant sign: subgradient 0, as abs'(0).
    return magnitude == 0 ? 0 : (magnitude < 0) == (Math.copySign(1.0, sign) < 0) ? seed : -seed;
  }

  /**
   * Adjoint rule of {@code Math.nextAfter}: {@code nextAfter(start, direction)} with respect to {@code start} (identity); the direction has derivative zero.
   *
   * @param start an argument of the function
   * @param direction an argument of the function
   * @param seed the seed, the adjoint of the result
   * @return the adjoint contribution
   */
  public static double nextAfter(double start, double direction, double seed) {
    return seed;
  }

  /**
   * Adjoint rule of {@code Math.maxX}: {@code max(x, y)} with respect to {@code x}: the seed if {@code x > y}, half of it on a tie (float).
   *
   * @param x an argument of the function
   * @param y an argument of the function
   * @param seed the seed, the adjoint of the result
   * @return the adjoint contribution
   */
  public static float maxX(float x, float y, float seed) {
    return x > y ? seed : x < y ? 0 : 0.5f * seed;
  }

  /**
   * Adjoint rule of {@code Math.maxY}: {@code max(x, y)} with respect to {@code y}: the seed if {@code y > x}, half of it on a tie (float).
   *
   * @param x an argument of the function
   * @param y an argument of the function
   * @param seed the seed, the adjoint of the result
   * @return the adjoint contribution
   */
  public static float maxY(float x, float y, float seed) {
    return y > x ? seed : y < x ? 0 : 0.5f * seed;
  }

  /**
   * Adjoint rule of {@code Math.minX}: {@code min(x, y)} with respect to {@code x}: the seed if {@code x < y}, half of it on a tie (float).
   *
   * @param x an argument of the function
   * @param y an argument of the function
   * @param seed the seed, the adjoint of the result
   * @return the adjoint contribution
   */
  public static float minX(float x, float y, float seed) {
    return x < y ? seed : x > y ? 0 : 0.5f * seed;
  }

  /**
   * Adjoint rule of {@code Math.minY}: {@code min(x, y)} with respect to {@code y}: the seed if {@code y < x}, half of it on a tie (float).
   *
   * @param x an argument of the function
   * @param y an argument of the function
   * @param seed the seed, the adjoint of the result
   * @return the adjoint contribution
   */
  public static float minY(float x, float y, float seed) {
    return y < x ? seed : y > x ? 0 : 0.5f * seed;
  }

  /**
   * Adjoint rule of {@code Math.copySign}: {@code copySign(magnitude, sign)} with respect to the magnitude; the sign argument has derivative zero (float).
   *
   * @param magnitude an argument of the function
   * @param sign an argument of the function
   * @param seed the seed, the adjoint of the result
   * @return the adjoint contribution
   */
  public static float copySignMagnitude(float magnitude, float sign, float seed) {
    return magnitude == 0 ? 0 : (magnitude < 0) == (Math.copySign(1.0f, sign) < 0) ? seed : -seed;
  }

  /**
   * Adjoint rule of {@code Math.nextAfter}: {@code nextAfter(start, direction)} with respect to {@code start} (identity); the direction has derivative zero (float).
   *
   * @param start an argument of the function
   * @param direction an argument of the function
   * @param seed the seed, the adjoint of the result
   * @return the adjoint contribution
   */
  public static float nextAfter(float start, float direction, float seed) {
    return seed;
  }

  /**
   * Adjoint rule of {@code Math.scalb}: {@code scalb(d, n) = d * 2^n} with respect to {@code d}.
   *
   * @param d an argument of the function
   * @param scaleFactor an argument of the function
   * @param seed the seed, the adjoint of the result
   * @return the adjoint contribution
   */
  public static double scalb(double d, int scaleFactor, double seed) {
    return Math.scalb(seed, scaleFactor);
  }

  /**
   * Adjoint rule of {@code Math.scalb}: {@code scalb(d, n) = d * 2^n} with respect to {@code d} (float).
   *
   * @param d an argument of the function
   * @param scaleFactor an argument of the function
   * @param seed the seed, the adjoint of the result
   * @return the adjoint contribution
   */
  public static float scalb(float d, int scaleFactor, float seed) {
    return Math.scalb(seed, scaleFactor);
  }

  /**
   * Adjoint rule of {@code Math.fmaA}: {@code fma(a, b, c) = a * b + c} with respect to {@code a}: {@code seed * b}.
   *
   * @param a an argument of the function
   * @param b an argument of the function
   * @param c an argument of the function
   * @param seed the seed, the adjoint of the result
   * @return the adjoint contribution
   */
  public static double fmaA(double a, double b, double c, double seed) {
    return seed * b;
  }

  /**
   * Adjoint rule of {@code Math.fmaB}: {@code fma(a, b, c) = a * b + c} with respect to {@code b}: {@code seed * a}.
   *
   * @param a an argument of the function
   * @param b an argument of the function
   * @param c an argument of the function
   * @param seed the seed, the adjoint of the result
   * @return the adjoint contribution
   */
  public static double fmaB(double a, double b, double c, double seed) {
    return seed * a;
  }

  /**
   * Adjoint rule of {@code Math.fmaC}: {@code fma(a, b, c) = a * b + c} with respect to {@code c}: the seed.
   *
   * @param a an argument of the function
   * @param b an argument of the function
   * @param c an argument of the function
   * @param seed the seed, the adjoint of the result
   * @return the adjoint contribution
   */
  public static double fmaC(double a, double b, double c, double seed) {
    return seed;
  }

  /**
   * Adjoint rule of {@code Math.fmaA}: {@code fma(a, b, c) = a * b + c} with respect to {@code a}: {@code seed * b}.
   *
   * @param a an argument of the function
   * @param b an argument of the function
   * @param c an argument of the function
   * @param seed the seed, the adjoint of the result
   * @return the adjoint contribution
   */
  public static float fmaA(float a, float b, float c, float seed) {
    return seed * b;
  }

  /**
   * Adjoint rule of {@code Math.fmaB}: {@code fma(a, b, c) = a * b + c} with respect to {@code b}: {@code seed * a}.
   *
   * @param a an argument of the function
   * @param b an argument of the function
   * @param c an argument of the function
   * @param seed the seed, the adjoint of the result
   * @return the adjoint contribution
   */
  public static float fmaB(float a, float b, float c, float seed) {
    return seed * a;
  }

  /**
   * Adjoint rule of {@code Math.fmaC}: {@code fma(a, b, c) = a * b + c} with respect to {@code c}: the seed.
   *
   * @param a an argument of the function
   * @param b an argument of the function
   * @param c an argument of the function
   * @param seed the seed, the adjoint of the result
   * @return the adjoint contribution
   */
  public static float fmaC(float a, float b, float c, float seed) {
    return seed;
  }

  /**
   * Adjoint rule of {@code Math.clamp(value, min, max)} (JDK 21+) with respect to the value: the
   * seed where the value lies inside {@code [min, max]}, zero where it is clamped.
   *
   * @param value the clamped argument
   * @param min the lower bound
   * @param max the upper bound
   * @param seed the seed, the adjoint of the result
   * @return the adjoint contribution
   */
  public static double clampValue(double value, double min, double max, double seed) {
    return value >= min && value <= max ? seed : 0;
  }

  /**
   * Adjoint rule of {@code Math.clamp(value, min, max)} with respect to the lower bound: the seed
   * where the value is below it.
   *
   * @param value the clamped argument
   * @param min the lower bound
   * @param max the upper bound
   * @param seed the seed, the adjoint of the result
   * @return the adjoint contribution
   */
  public static double clampMin(double value, double min, double max, double seed) {
    return value < min ? seed : 0;
  }

  /**
   * Adjoint rule of {@code Math.clamp(value, min, max)} with respect to the upper bound: the seed
   * where the value is above it.
   *
   * @param value the clamped argument
   * @param min the lower bound
   * @param max the upper bound
   * @param seed the seed, the adjoint of the result
   * @return the adjoint contribution
   */
  public static double clampMax(double value, double min, double max, double seed) {
    return value > max ? seed : 0;
  }

  // ------------------------------------------------------------------ rules of the rules

  /*
   * Second derivatives, for code that differentiates generated code (a derivative of a derivative): each rule
   * above is a function of its arguments and its seed, linear in the seed, and its derivative with respect to
   * an argument a is <rule>Wrt<A>(arguments, seed, dot), dot times d rule / d a. Its derivative with respect to
   * the seed is the rule itself. The rules of piecewise-linear functions (abs, max, min) and of linear ones
   * (toRadians, toDegrees) have none here: their derivatives are zero, which the processor's table of these names
   * records, so generated code writes no term for them. Where a second derivative is a rule above (sin'' is cos'),
   * or goes through the function's result (tanh, sqrt, cbrt), it calls that rule.
   */

  /**
   * The derivative of the rule {@code sin} with respect to {@code x}, times {@code dot}.
   *
   * @param x the rule's argument {@code x}
   * @param seed the rule's seed
   * @param dot the tangent of {@code x} (forward mode) or the adjoint of the rule's result (reverse)
   * @return {@code dot} times the partial derivative
   */
  public static double sinWrtX(double x, double seed, double dot) {
    return cos(x, dot * seed); // sin'' = cos'
  }

  /**
   * The derivative of the rule {@code cos} with respect to {@code x}, times {@code dot}.
   *
   * @param x the rule's argument {@code x}
   * @param seed the rule's seed
   * @param dot the tangent of {@code x} (forward mode) or the adjoint of the rule's result (reverse)
   * @return {@code dot} times the partial derivative
   */
  public static double cosWrtX(double x, double seed, double dot) {
    return -sin(x, dot * seed); // cos'' = -sin'
  }

  /**
   * The derivative of the rule {@code sinFromCos} with respect to {@code cosX}, times {@code dot}.
   *
   * @param cosX the rule's argument {@code cosX}
   * @param seed the rule's seed
   * @param dot the tangent of {@code cosX} (forward mode) or the adjoint of the rule's result (reverse)
   * @return {@code dot} times the partial derivative
   */
  public static double sinFromCosWrtCosX(double cosX, double seed, double dot) {
    return dot * seed;
  }

  /**
   * The derivative of the rule {@code cosFromSin} with respect to {@code sinX}, times {@code dot}.
   *
   * @param sinX the rule's argument {@code sinX}
   * @param seed the rule's seed
   * @param dot the tangent of {@code sinX} (forward mode) or the adjoint of the rule's result (reverse)
   * @return {@code dot} times the partial derivative
   */
  public static double cosFromSinWrtSinX(double sinX, double seed, double dot) {
    return -dot * seed;
  }

  /**
   * The derivative of the rule {@code tan} with respect to {@code x}, times {@code dot}.
   *
   * @param x the rule's argument {@code x}
   * @param seed the rule's seed
   * @param dot the tangent of {@code x} (forward mode) or the adjoint of the rule's result (reverse)
   * @return {@code dot} times the partial derivative
   */
  public static double tanWrtX(double x, double seed, double dot) {
    double c = Math.cos(x);
    return 2 * dot * seed * Math.sin(x) / (c * c * c);
  }

  /**
   * The derivative of the rule {@code asin} with respect to {@code x}, times {@code dot}.
   *
   * @param x the rule's argument {@code x}
   * @param seed the rule's seed
   * @param dot the tangent of {@code x} (forward mode) or the adjoint of the rule's result (reverse)
   * @return {@code dot} times the partial derivative
   */
  public static double asinWrtX(double x, double seed, double dot) {
    double u = 1 - x * x;
    return dot * seed * x / (u * Math.sqrt(u));
  }

  /**
   * The derivative of the rule {@code acos} with respect to {@code x}, times {@code dot}.
   *
   * @param x the rule's argument {@code x}
   * @param seed the rule's seed
   * @param dot the tangent of {@code x} (forward mode) or the adjoint of the rule's result (reverse)
   * @return {@code dot} times the partial derivative
   */
  public static double acosWrtX(double x, double seed, double dot) {
    double u = 1 - x * x;
    return -dot * seed * x / (u * Math.sqrt(u));
  }

  /**
   * The derivative of the rule {@code atan} with respect to {@code x}, times {@code dot}.
   *
   * @param x the rule's argument {@code x}
   * @param seed the rule's seed
   * @param dot the tangent of {@code x} (forward mode) or the adjoint of the rule's result (reverse)
   * @return {@code dot} times the partial derivative
   */
  public static double atanWrtX(double x, double seed, double dot) {
    double u = 1 + x * x;
    return -2 * dot * seed * x / (u * u);
  }

  /**
   * The derivative of the rule {@code sinh} with respect to {@code x}, times {@code dot}.
   *
   * @param x the rule's argument {@code x}
   * @param seed the rule's seed
   * @param dot the tangent of {@code x} (forward mode) or the adjoint of the rule's result (reverse)
   * @return {@code dot} times the partial derivative
   */
  public static double sinhWrtX(double x, double seed, double dot) {
    return cosh(x, dot * seed); // sinh'' = cosh'
  }

  /**
   * The derivative of the rule {@code cosh} with respect to {@code x}, times {@code dot}.
   *
   * @param x the rule's argument {@code x}
   * @param seed the rule's seed
   * @param dot the tangent of {@code x} (forward mode) or the adjoint of the rule's result (reverse)
   * @return {@code dot} times the partial derivative
   */
  public static double coshWrtX(double x, double seed, double dot) {
    return sinh(x, dot * seed); // cosh'' = sinh'
  }

  /**
   * The derivative of the rule {@code tanh} with respect to {@code x}, times {@code dot}.
   *
   * @param x the rule's argument {@code x}
   * @param seed the rule's seed
   * @param dot the tangent of {@code x} (forward mode) or the adjoint of the rule's result (reverse)
   * @return {@code dot} times the partial derivative
   */
  public static double tanhWrtX(double x, double seed, double dot) {
    double t = Math.tanh(x);
    return tanhFromResultWrtY(t, seed, tanhFromResult(t, dot)); // through the result: dt = tanh'(x) dx
  }

  /**
   * The derivative of the rule {@code tanhFromResult} with respect to {@code y}, times {@code dot}.
   *
   * @param y the rule's argument {@code y}
   * @param seed the rule's seed
   * @param dot the tangent of {@code y} (forward mode) or the adjoint of the rule's result (reverse)
   * @return {@code dot} times the partial derivative
   */
  public static double tanhFromResultWrtY(double y, double seed, double dot) {
    return -2 * dot * seed * y;
  }

  /**
   * The derivative of the rule {@code exp} with respect to {@code x}, times {@code dot}.
   *
   * @param x the rule's argument {@code x}
   * @param seed the rule's seed
   * @param dot the tangent of {@code x} (forward mode) or the adjoint of the rule's result (reverse)
   * @return {@code dot} times the partial derivative
   */
  public static double expWrtX(double x, double seed, double dot) {
    return exp(x, dot * seed); // exp'' = exp'
  }

  /**
   * The derivative of the rule {@code expFromResult} with respect to {@code y}, times {@code dot}.
   *
   * @param y the rule's argument {@code y}
   * @param seed the rule's seed
   * @param dot the tangent of {@code y} (forward mode) or the adjoint of the rule's result (reverse)
   * @return {@code dot} times the partial derivative
   */
  public static double expFromResultWrtY(double y, double seed, double dot) {
    return dot * seed;
  }

  /**
   * The derivative of the rule {@code expm1} with respect to {@code x}, times {@code dot}.
   *
   * @param x the rule's argument {@code x}
   * @param seed the rule's seed
   * @param dot the tangent of {@code x} (forward mode) or the adjoint of the rule's result (reverse)
   * @return {@code dot} times the partial derivative
   */
  public static double expm1WrtX(double x, double seed, double dot) {
    return expm1(x, dot * seed); // expm1'' = expm1'
  }

  /**
   * The derivative of the rule {@code log} with respect to {@code x}, times {@code dot}.
   *
   * @param x the rule's argument {@code x}
   * @param seed the rule's seed
   * @param dot the tangent of {@code x} (forward mode) or the adjoint of the rule's result (reverse)
   * @return {@code dot} times the partial derivative
   */
  public static double logWrtX(double x, double seed, double dot) {
    return -dot * seed / (x * x);
  }

  /**
   * The derivative of the rule {@code log10} with respect to {@code x}, times {@code dot}.
   *
   * @param x the rule's argument {@code x}
   * @param seed the rule's seed
   * @param dot the tangent of {@code x} (forward mode) or the adjoint of the rule's result (reverse)
   * @return {@code dot} times the partial derivative
   */
  public static double log10WrtX(double x, double seed, double dot) {
    return -dot * seed / (x * x * LN10);
  }

  /**
   * The derivative of the rule {@code log1p} with respect to {@code x}, times {@code dot}.
   *
   * @param x the rule's argument {@code x}
   * @param seed the rule's seed
   * @param dot the tangent of {@code x} (forward mode) or the adjoint of the rule's result (reverse)
   * @return {@code dot} times the partial derivative
   */
  public static double log1pWrtX(double x, double seed, double dot) {
    return -dot * seed / ((1 + x) * (1 + x));
  }

  /**
   * The derivative of the rule {@code sqrt} with respect to {@code x}, times {@code dot}.
   *
   * @param x the rule's argument {@code x}
   * @param seed the rule's seed
   * @param dot the tangent of {@code x} (forward mode) or the adjoint of the rule's result (reverse)
   * @return {@code dot} times the partial derivative
   */
  public static double sqrtWrtX(double x, double seed, double dot) {
    double y = Math.sqrt(x);
    return sqrtFromResultWrtY(y, seed, sqrtFromResult(y, dot)); // through the result: dy = sqrt'(x) dx
  }

  /**
   * The derivative of the rule {@code sqrtFromResult} with respect to {@code y}, times {@code dot}.
   *
   * @param y the rule's argument {@code y}
   * @param seed the rule's seed
   * @param dot the tangent of {@code y} (forward mode) or the adjoint of the rule's result (reverse)
   * @return {@code dot} times the partial derivative
   */
  public static double sqrtFromResultWrtY(double y, double seed, double dot) {
    return -dot * seed / (2 * y * y);
  }

  /**
   * The derivative of the rule {@code cbrt} with respect to {@code x}, times {@code dot}.
   *
   * @param x the rule's argument {@code x}
   * @param seed the rule's seed
   * @param dot the tangent of {@code x} (forward mode) or the adjoint of the rule's result (reverse)
   * @return {@code dot} times the partial derivative
   */
  public static double cbrtWrtX(double x, double seed, double dot) {
    double y = Math.cbrt(x);
    return cbrtFromResultWrtY(y, seed, cbrtFromResult(y, dot)); // through the result: dy = cbrt'(x) dx
  }

  /**
   * The derivative of the rule {@code cbrtFromResult} with respect to {@code y}, times {@code dot}.
   *
   * @param y the rule's argument {@code y}
   * @param seed the rule's seed
   * @param dot the tangent of {@code y} (forward mode) or the adjoint of the rule's result (reverse)
   * @return {@code dot} times the partial derivative
   */
  public static double cbrtFromResultWrtY(double y, double seed, double dot) {
    return -2 * dot * seed / (3 * y * y * y);
  }




  /**
   * The derivative of the rule {@code powX} with respect to {@code x}, times {@code dot}.
   *
   * @param x the rule's argument {@code x}
   * @param y the rule's argument {@code y}
   * @param seed the rule's seed
   * @param dot the tangent of {@code x} (forward mode) or the adjoint of the rule's result (reverse)
   * @return {@code dot} times the partial derivative
   */
  public static double powXWrtX(double x, double y, double seed, double dot) {
    return y == 0 ? 0 : dot * seed * y * (y - 1) * Math.pow(x, y - 2);
  }

  /**
   * The derivative of the rule {@code powX} with respect to {@code y}, times {@code dot}.
   *
   * @param x the rule's argument {@code x}
   * @param y the rule's argument {@code y}
   * @param seed the rule's seed
   * @param dot the tangent of {@code y} (forward mode) or the adjoint of the rule's result (reverse)
   * @return {@code dot} times the partial derivative
   */
  public static double powXWrtY(double x, double y, double seed, double dot) {
    return dot * seed * Math.pow(x, y - 1) * (1 + y * Math.log(x));
  }

  /**
   * The derivative of the rule {@code powY} with respect to {@code x}, times {@code dot}.
   *
   * @param x the rule's argument {@code x}
   * @param y the rule's argument {@code y}
   * @param seed the rule's seed
   * @param dot the tangent of {@code x} (forward mode) or the adjoint of the rule's result (reverse)
   * @return {@code dot} times the partial derivative
   */
  public static double powYWrtX(double x, double y, double seed, double dot) {
    return x == 0 ? 0 : dot * seed * Math.pow(x, y - 1) * (y * Math.log(x) + 1);
  }

  /**
   * The derivative of the rule {@code powY} with respect to {@code y}, times {@code dot}.
   *
   * @param x the rule's argument {@code x}
   * @param y the rule's argument {@code y}
   * @param seed the rule's seed
   * @param dot the tangent of {@code y} (forward mode) or the adjoint of the rule's result (reverse)
   * @return {@code dot} times the partial derivative
   */
  public static double powYWrtY(double x, double y, double seed, double dot) {
    if (x == 0) {
      return 0;
    }
    double l = Math.log(x);
    return dot * seed * Math.pow(x, y) * l * l;
  }

  /**
   * The derivative of the rule {@code atan2Y} with respect to {@code y}, times {@code dot}.
   *
   * @param y the rule's argument {@code y}
   * @param x the rule's argument {@code x}
   * @param seed the rule's seed
   * @param dot the tangent of {@code y} (forward mode) or the adjoint of the rule's result (reverse)
   * @return {@code dot} times the partial derivative
   */
  public static double atan2YWrtY(double y, double x, double seed, double dot) {
    double r = x * x + y * y;
    return -2 * dot * seed * x * y / (r * r);
  }

  /**
   * The derivative of the rule {@code atan2Y} with respect to {@code x}, times {@code dot}.
   *
   * @param y the rule's argument {@code y}
   * @param x the rule's argument {@code x}
   * @param seed the rule's seed
   * @param dot the tangent of {@code x} (forward mode) or the adjoint of the rule's result (reverse)
   * @return {@code dot} times the partial derivative
   */
  public static double atan2YWrtX(double y, double x, double seed, double dot) {
    double r = x * x + y * y;
    return dot * seed * (y * y - x * x) / (r * r);
  }

  /**
   * The derivative of the rule {@code atan2X} with respect to {@code y}, times {@code dot}.
   *
   * @param y the rule's argument {@code y}
   * @param x the rule's argument {@code x}
   * @param seed the rule's seed
   * @param dot the tangent of {@code y} (forward mode) or the adjoint of the rule's result (reverse)
   * @return {@code dot} times the partial derivative
   */
  public static double atan2XWrtY(double y, double x, double seed, double dot) {
    double r = x * x + y * y;
    return dot * seed * (y * y - x * x) / (r * r);
  }

  /**
   * The derivative of the rule {@code atan2X} with respect to {@code x}, times {@code dot}.
   *
   * @param y the rule's argument {@code y}
   * @param x the rule's argument {@code x}
   * @param seed the rule's seed
   * @param dot the tangent of {@code x} (forward mode) or the adjoint of the rule's result (reverse)
   * @return {@code dot} times the partial derivative
   */
  public static double atan2XWrtX(double y, double x, double seed, double dot) {
    double r = x * x + y * y;
    return 2 * dot * seed * x * y / (r * r);
  }

  /**
   * The derivative of the rule {@code hypotX} with respect to {@code x}, times {@code dot}.
   *
   * @param x the rule's argument {@code x}
   * @param y the rule's argument {@code y}
   * @param seed the rule's seed
   * @param dot the tangent of {@code x} (forward mode) or the adjoint of the rule's result (reverse)
   * @return {@code dot} times the partial derivative
   */
  public static double hypotXWrtX(double x, double y, double seed, double dot) {
    double h = Math.hypot(x, y);
    return h == 0 ? 0 : dot * seed * y * y / (h * h * h);
  }

  /**
   * The derivative of the rule {@code hypotX} with respect to {@code y}, times {@code dot}.
   *
   * @param x the rule's argument {@code x}
   * @param y the rule's argument {@code y}
   * @param seed the rule's seed
   * @param dot the tangent of {@code y} (forward mode) or the adjoint of the rule's result (reverse)
   * @return {@code dot} times the partial derivative
   */
  public static double hypotXWrtY(double x, double y, double seed, double dot) {
    double h = Math.hypot(x, y);
    return h == 0 ? 0 : -dot * seed * x * y / (h * h * h);
  }

  /**
   * The derivative of the rule {@code hypotY} with respect to {@code x}, times {@code dot}.
   *
   * @param x the rule's argument {@code x}
   * @param y the rule's argument {@code y}
   * @param seed the rule's seed
   * @param dot the tangent of {@code x} (forward mode) or the adjoint of the rule's result (reverse)
   * @return {@code dot} times the partial derivative
   */
  public static double hypotYWrtX(double x, double y, double seed, double dot) {
    double h = Math.hypot(x, y);
    return h == 0 ? 0 : -dot * seed * x * y / (h * h * h);
  }

  /**
   * The derivative of the rule {@code hypotY} with respect to {@code y}, times {@code dot}.
   *
   * @param x the rule's argument {@code x}
   * @param y the rule's argument {@code y}
   * @param seed the rule's seed
   * @param dot the tangent of {@code y} (forward mode) or the adjoint of the rule's result (reverse)
   * @return {@code dot} times the partial derivative
   */
  public static double hypotYWrtY(double x, double y, double seed, double dot) {
    double h = Math.hypot(x, y);
    return h == 0 ? 0 : dot * seed * x * x / (h * h * h);
  }








}
