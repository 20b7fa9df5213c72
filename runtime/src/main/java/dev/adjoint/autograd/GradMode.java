package dev.adjoint.autograd;

/**
 * Whether operations are recorded on the tape, per thread (on by default). Users switch it with
 * {@code Autograd.noGrad()} / {@code Autograd.enableGrad()}.
 */
public final class GradMode {
  private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[] {true});

  private GradMode() {}

  /** True when operations on tensors that require grad are recorded on this thread. */
  public static boolean isEnabled() {
    return ENABLED.get()[0];
  }

  /** Switches recording on or off for this thread. */
  public static void setEnabled(boolean enabled) {
    ENABLED.get()[0] = enabled;
  }
}
