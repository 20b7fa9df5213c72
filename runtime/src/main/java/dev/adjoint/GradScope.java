package dev.adjoint;

import dev.adjoint.autograd.GradMode;

/**
 * A region of code with gradient recording switched on or off for the current thread; closing it
 * restores the previous mode. Obtained from {@link Autograd#noGrad()} or {@link Autograd#enableGrad()}.
 *
 * <pre>{@code
 * try (GradScope s = Autograd.noGrad()) {
 *   w.subInPlace(w.grad().mul(0.1));   // an optimiser step, not recorded
 * }
 * }</pre>
 */
public final class GradScope implements AutoCloseable {
  private final boolean previous;
  private final Thread owner;
  private boolean closed;

  GradScope(boolean enabled) {
    this.previous = GradMode.isEnabled();
    this.owner = Thread.currentThread();
    GradMode.setEnabled(enabled);
  }

  /** Restores the grad mode that was active when this scope was opened; closing twice does nothing. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    if (Thread.currentThread() != owner) {
      throw new IllegalStateException(
          "GradScope.close: a grad-mode scope must be closed on the thread that opened it ("
              + owner.getName() + "), not on " + Thread.currentThread().getName());
    }
    closed = true;
    GradMode.setEnabled(previous);
  }
}
