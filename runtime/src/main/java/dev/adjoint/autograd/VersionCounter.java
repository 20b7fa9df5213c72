package dev.adjoint.autograd;

/**
 * Counts in-place modifications of one storage; shared by every view of it. A saved tensor
 * remembers the version it had when saved, and the backward pass refuses to use it if it changed.
 */
public final class VersionCounter {
  private int version;

  /** A counter at version 0. */
  public VersionCounter() {}

  /** The number of in-place modifications so far. */
  public int get() {
    return version;
  }

  /** Records one more in-place modification. */
  public void bump() {
    version++;
  }
}
