package dev.adjoint.support;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Notes whether a reverse sweep already ran on one forward record of a generated adjoint
 * ({@code mForward}'s result), so that running {@code mReverse} again on the same record is either
 * correct or an error, never a silently wrong gradient. A record whose reverse sweep leaves it as it was (it reads what the
 * forward sweep kept and writes only adjoint arrays) can be reversed any number of times, as a
 * Jacobian needs, one output direction at a time; from the second time on it starts from fresh zero
 * adjoint arrays. A record whose reverse sweep consumes what was kept (pops saved values, restores
 * arrays), or whose adjoint arrays share storage (fresh ones, one by one, would not), refuses a second
 * reverse sweep, as PyTorch refuses a second backward through a freed graph.
 *
 * <pre>{@code
 * var fw = BaGradients.reprojectionErrorForward(cam, x, w, feat);
 * var row0 = BaGradients.reprojectionErrorReverse(fw, new double[] {1, 0});
 * var row1 = BaGradients.reprojectionErrorReverse(fw, new double[] {0, 1});
 * }</pre>
 */
public final class Reversals {
  private static final VarHandle STARTED;

  static {
    try {
      STARTED = MethodHandles.lookup().findVarHandle(Reversals.class, "started", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** One object per forward record: the flag is a field set atomically, not a second object. */
  @SuppressWarnings("unused")
  private volatile boolean started;

  /** A record's flag, before its first reverse sweep. */
  public Reversals() {}

  /**
   * Notes that a reverse sweep starts on the record.
   *
   * @return true when one started before (the record's adjoint arrays may hold its leftovers)
   */
  public boolean repeated() {
    return (boolean) STARTED.getAndSet(this, true);
  }

  /**
   * Notes that a reverse sweep which consumes the record starts, and refuses a second one.
   *
   * @param reverse the generated method, e.g. {@code "fooReverse"}
   * @param forward the method that makes a fresh record, e.g. {@code "fooForward"}
   * @param vjp the method that runs both sweeps, e.g. {@code "fooVjp"}
   * @throws IllegalStateException when a reverse sweep already ran on this record
   */
  public void once(String reverse, String forward, String vjp) {
    if (repeated()) {
      throw new IllegalStateException(reverse + ": this forward record was reversed already, and its"
          + " reverse sweep runs once per record (it consumes what the forward sweep kept, such as saved values"
          + " and arrays it restores, or its adjoint arrays share storage); call " + forward + " again for"
          + " another seed, or " + vjp + " for both sweeps at once");
    }
  }
}
