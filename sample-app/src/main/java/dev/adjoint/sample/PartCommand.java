package dev.adjoint.sample;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/**
 * A part of the tour as a command of its own: it checks its options, computes, draws its pictures
 * into {@code --out} and prints one line of results and where the pictures went.
 *
 * @param <R> what it computes
 */
abstract class PartCommand<R extends PartCommand.Drawn> implements Callable<Integer> {
  /** A result and the pictures drawn of it. */
  interface Drawn {
    List<Path> pictures();
  }

  final PrintStream out;

  @Mixin
  OutputOptions output;

  PartCommand(PrintStream out) {
    this.out = out;
  }

  /** Reports options out of range as usage errors. */
  abstract void validate();

  /** Computes with this command's options, drawing into {@code dir}. */
  abstract R run(Path dir, boolean progress) throws IOException;

  /** One line of results. */
  abstract String summary(R result);

  @Override
  public final Integer call() throws IOException {
    validate();
    R r = run(output.directory(), output.showProgress());
    OutputOptions.report(out, summary(r), r.pictures());
    return 0;
  }
}
