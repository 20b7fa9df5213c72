package dev.adjoint.sample;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Prints which kernels are active and why. */
@Command(name = "kernels", mixinStandardHelpOptions = true,
    description = "Prints which numeric kernels (Vector API or scalar) are active.")
final class KernelsCommand implements Callable<Integer> {
  private final PrintStream out;

  KernelsCommand(PrintStream out) {
    this.out = out;
  }

  @Override
  public Integer call() {
    KernelReport.print(out);
    return 0;
  }
}
