package dev.adjoint.sample;

import dev.adjoint.sample.training.Progress;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --out} and {@code --progress}, shared by the commands that write pictures or train. */
final class OutputOptions {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(names = "--out", paramLabel = "DIR",
      description = "Directory for the pictures and the page; nothing is written elsewhere (default: ${DEFAULT-VALUE}).")
  Path out = Path.of("adjoint-out");

  @Option(names = "--progress", negatable = true,
      description = "Show progress bars (default: when the output is a terminal).")
  Boolean progress;

  /** The output directory, created if needed; a path that cannot be a directory is a usage error. */
  Path directory() {
    try {
      if (Files.exists(out) && !Files.isDirectory(out)) {
        throw new ParameterException(spec.commandLine(), "--out " + out + " is a file, not a directory");
      }
      return Files.createDirectories(out);
    } catch (IOException e) {
      throw new ParameterException(spec.commandLine(), "--out " + out + " cannot be created: " + e.getMessage());
    }
  }

  boolean showProgress() {
    return progress != null ? progress : Progress.interactive();
  }

  /** Prints a part's one-line result and where its pictures went. */
  static void report(PrintStream out, String summary, List<Path> pictures) {
    out.println("  " + summary);
    out.println("  pictures: " + String.join(", ", pictures.stream().map(Path::toString).toList()));
  }

  /** A numeric option below its smallest sensible value is a usage error. */
  static void atLeast(CommandSpec spec, String option, double value, double min) {
    if (!(value >= min)) {
      throw new ParameterException(spec.commandLine(), option + " must be at least " + format(min) + ", got " + format(value));
    }
  }

  private static String format(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
