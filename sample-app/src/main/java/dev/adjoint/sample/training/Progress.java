package dev.adjoint.sample.training;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A training loop's progress bar (epoch and loss), or nothing when the output is not a terminal. */
public final class Progress implements AutoCloseable {
  private static final int UPDATE_MILLIS = 100;
  private final ProgressBar bar;

  private Progress(ProgressBar bar) {
    this.bar = bar;
  }

  /** A bar over {@code epochs} steps named {@code task} on {@code out}, or a silent one. */
  public static Progress start(boolean shown, PrintStream out, String task, long epochs) {
    if (!shown) {
      return new Progress(null);
    }
    return new Progress(new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(epochs)
        .setUnit(" epochs", 1)
        .setStyle(ProgressBarStyle.ASCII)
        .setUpdateIntervalMillis(UPDATE_MILLIS)
        .setConsumer(new ConsoleProgressBarConsumer(out))
        .build());
  }

  /** Whether standard output is an interactive terminal (progress bars redraw a line there). */
  public static boolean interactive() {
    java.io.Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      // JDK 22+ returns a Console for redirected output too; isTerminal() says which.
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }

  /** Moves to {@code epoch} and shows the loss. */
  public void update(long epoch, double loss) {
    if (bar != null) {
      bar.stepTo(epoch);
      bar.setExtraMessage(String.format(" loss %.4g", loss));
    }
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
    }
  }
}
