package dev.adjoint.sample;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The sample app: a tour of Adjoint through the autograd tutorials, with pictures and a review page.
 * Without a subcommand it runs the tour.
 *
 * <pre>
 *   java --add-modules=jdk.incubator.vector -jar sample-app/target/adjoint-sample.jar          # the tour
 *   java ... -jar adjoint-sample.jar mlp --epochs 3000 --out /tmp/pictures
 *   java ... -jar adjoint-sample.jar gradient Spirals#loss
 * </pre>
 */
@Command(
    name = "adjoint-sample",
    mixinStandardHelpOptions = true,
    version = "adjoint-sample 0.1.0",
    description = "A tour of Adjoint, reverse-mode automatic differentiation for Java, through the PyTorch and"
        + " TensorFlow autograd tutorials. Without a command: the tour.",
    subcommands = {TourCommand.class, PlotCommand.class, SeedsCommand.class, FitCommand.class, MlpCommand.class,
        PinnCommand.class, GradientCommand.class, KernelsCommand.class, GradCheckCommand.class})
public final class Main implements Callable<Integer> {
  private final PrintStream out;

  @Mixin
  OutputOptions output;

  Main(PrintStream out) {
    this.out = out;
  }

  @Override
  public Integer call() throws IOException {
    return TourCommand.tour(output, out);
  }

  /** Runs the command line and exits with its status. */
  public static void main(String[] args) {
    // Charts are drawn off screen.
    System.setProperty("java.awt.headless", "true");
    int status = run(System.out, System.err, args);
    System.out.flush();
    System.exit(status);
  }

  /**
   * Runs the command line, printing results to {@code out} and usage errors to {@code err}; returns the
   * exit status: 0, 2 for bad arguments, 1 when a command fails.
   */
  public static int run(PrintStream out, PrintStream err, String... args) {
    CommandLine cli = new CommandLine(new Main(out), new Factory(out));
    cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    cli.setParameterExceptionHandler((e, ignoredArgs) -> {
      CommandLine c = e.getCommandLine();
      c.getErr().println(c.getCommandName() + ": " + e.getMessage() + " (see '" + qualifiedName(c) + " --help')");
      return CommandLine.ExitCode.USAGE;
    });
    cli.setExecutionExceptionHandler((e, c, ignoredResult) -> {
      c.getErr().println(c.getCommandName() + " failed: " + e);
      return CommandLine.ExitCode.SOFTWARE;
    });
    return cli.execute(args);
  }

  private static String qualifiedName(CommandLine c) {
    return c.getParent() == null ? c.getCommandName() : qualifiedName(c.getParent()) + " " + c.getCommandName();
  }

  /** Builds commands with the app's output stream. */
  private static final class Factory implements CommandLine.IFactory {
    private final PrintStream out;

    Factory(PrintStream out) {
      this.out = out;
    }

    @Override
    public <K> K create(Class<K> cls) throws Exception {
      for (var c : cls.getDeclaredConstructors()) {
        if (c.getParameterCount() == 1 && c.getParameterTypes()[0] == PrintStream.class) {
          c.setAccessible(true);
          return cls.cast(c.newInstance(out));
        }
      }
      return CommandLine.defaultFactory().create(cls);
    }
  }
}
