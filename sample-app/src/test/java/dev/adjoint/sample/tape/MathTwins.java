package dev.adjoint.sample.tape;

import static dev.adjoint.sample.tape.Tape.c;

import dev.adjoint.Tensor;

/**
 * Tape twins of functional/MathFns.java. Functions the tensor API lacks are written with the identities
 * a PyTorch user would use (sinh from exp, log10 from log, hypot from sqrt, ...), so the tape's derivative
 * is still the true one. Piecewise-constant functions (floor, ceil, rint, round, the quotient inside
 * IEEEremainder) read {@code item()} and enter as constants, exactly as on a dynamic tape.
 */
final class MathTwins {
  private MathTwins() {}

  static Tensor sinh(Tensor x) {
    return x.exp().sub(x.neg().exp()).mul(0.5);
  }

  static Tensor cosh(Tensor x) {
    return x.exp().add(x.neg().exp()).mul(0.5);
  }

  static Tensor expm1(Tensor x) {
    return x.exp().sub(1);
  }

  static Tensor log10(Tensor x) {
    return x.log().div(Math.log(10));
  }

  static Tensor log1p(Tensor x) {
    return x.add(1).log();
  }

  /** cbrt as a real power, odd-extended to negative arguments. */
  static Tensor cbrt(Tensor x) {
    return x.item() >= 0 ? x.pow(1.0 / 3) : x.neg().pow(1.0 / 3).neg();
  }

  static Tensor pow(Tensor x, Tensor y) {
    return x.pow(y);
  }

  static Tensor powConstExponent(Tensor x) {
    return x.pow(3.0).add(x.pow(2.5));
  }

  static Tensor powConstBase(Tensor y) {
    return c(2.0).pow(y);
  }

  static Tensor hypot(Tensor x, Tensor y) {
    return x.mul(x).add(y.mul(y)).sqrt();
  }

  static Tensor abs(Tensor x) {
    return x.abs().mul(x);
  }

  static Tensor max(Tensor x, Tensor y) {
    return x.maximum(y).mul(y);
  }

  static Tensor min(Tensor x, Tensor y) {
    return x.minimum(y).mul(x);
  }

  static Tensor toRadians(Tensor x) {
    return x.mul(Math.toRadians(1.0));
  }

  static Tensor toDegrees(Tensor x) {
    return x.mul(Math.toDegrees(1.0));
  }

  static Tensor fma(Tensor x, Tensor y, Tensor z) {
    return x.mul(y).add(z);
  }

  static Tensor scalb(Tensor x) {
    return x.mul(8);
  }

  /** copySign(x, y) = |x| sign(y); sign carries no gradient. */
  static Tensor copySign(Tensor x, Tensor y) {
    return x.abs().mul(y.sign());
  }

  /** IEEEremainder(x, y) = x - n y with n = rint(x / y), an integer constant between jumps. */
  static Tensor ieeeRemainder(Tensor x, Tensor y) {
    double n = Math.rint(x.item() / y.item());
    return x.sub(y.mul(n));
  }

  /** nextUp(x) = x + (one ulp), the ulp a constant. */
  static Tensor nextUp(Tensor x) {
    double ulp = Math.nextUp(x.item()) - x.item();
    return x.add(ulp).mul(x);
  }

  static Tensor exact(Tensor x) {
    return x.sqrt().mul(x.log()).sub(x.neg().mul(x).exp());
  }

  static Tensor floorCeil(Tensor x, Tensor y) {
    return x.mul(Math.floor(x.item())).add(y.mul(Math.ceil(y.item())));
  }

  static Tensor rint(Tensor x) {
    return x.add(Math.rint(x.item()));
  }

  static Tensor signum(Tensor x) {
    return x.sign().mul(x).mul(x);
  }

  static Tensor round(Tensor x) {
    return x.mul(x).add((double) Math.round(x.item()));
  }
}
