package dev.adjoint.sample;

import dev.adjoint.sample.seeds.Printer;
import dev.adjoint.sample.seeds.SeedExample;
import dev.adjoint.sample.seeds.Seeds;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The sample app: reproduces the tutorials' examples (the seeds) with Adjoint and prints their
 * numbers. Without a subcommand it runs everything quickly: the active kernels, every seed, the
 * gradients the annotation processor generated, GradCheck reports and a short training run.
 *
 * <pre>
 *   mvn -B -q install -DskipTests &amp;&amp; mvn -B -q -pl sample-app exec:exec
 *   java --add-modules=jdk.incubator.vector -cp ... dev.adjoint.sample.Main seeds 001 004
 *   java ... dev.adjoint.sample.Main kernels
 *   java ... dev.adjoint.sample.Main train --optimizer adam --steps 200
 *   java ... dev.adjoint.sample.Main gradcheck --second-order
 * </pre>
 */
@Command(
    name = "adjoint-sample",
    mixinStandardHelpOptions = true,
    version = "adjoint-sample 0.1.0",
    description = "Reproduces the PyTorch/TensorFlow autograd tutorials with Adjoint."
        + " Without a subcommand: kernels, every seed, generated gradients, gradcheck and a short"
        + " training run.",
    subcommands = {Main.SeedsCommand.class, Main.KernelsCommand.class, GradientsCommand.class,
        TrainCommand.class, GradCheckCommand.class})
public final class Main implements Callable<Integer> {
  private final PrintStream out;

  Main(PrintStream out) {
    this.out = out;
  }

  /** Runs the command line and exits with its status. */
  public static void main(String[] args) {
    int status = run(System.out, args);
    System.out.flush();
    System.exit(status);
  }

  /** Runs the command line, printing to {@code out}; returns the exit status. */
  public static int run(PrintStream out, String... args) {
    Main main = new Main(out);
    CommandLine cli = new CommandLine(main, new Factory(out));
    return cli.execute(args);
  }

  @Override
  public Integer call() {
    new KernelsCommand(out).call();
    new SeedsCommand(out).runSeeds(List.of());
    out.println();
    new GradientsCommand(out).call();
    out.println();
    new GradCheckCommand(out).call();
    out.println();
    return new TrainCommand(out).call();
  }

  /** Prints every seed's examples, or only the ones named. */
  @Command(name = "seeds", mixinStandardHelpOptions = true,
      description = "Re-enacts the tutorials in seeds/ and prints their numbers.")
  static final class SeedsCommand implements Callable<Integer> {
    private final PrintStream out;

    @Parameters(arity = "0..*", paramLabel = "ID",
        description = "Seed numbers to run (000 to 004, or 0 to 4); all when none is given.")
    List<String> ids = List.of();

    @Option(names = "--list", description = "Only list the seeds.")
    boolean list;

    SeedsCommand(PrintStream out) {
      this.out = out;
    }

    @Override
    public Integer call() {
      if (list) {
        for (SeedExample s : Seeds.all()) {
          out.println(s.id() + "  " + s.title());
        }
        return 0;
      }
      return runSeeds(ids);
    }

    int runSeeds(List<String> wanted) {
      List<SeedExample> all = Seeds.all();
      for (String id : wanted) {
        if (all.stream().noneMatch(s -> matches(s, id))) {
          out.println("unknown seed '" + id + "'; the seeds are 000 to 004 (see 'seeds --list')");
          return 2;
        }
      }
      Printer p = new Printer(out);
      for (SeedExample s : all) {
        if (wanted.isEmpty() || wanted.stream().anyMatch(id -> matches(s, id))) {
          p.seed(s.id(), s.title());
          s.run(p);
        }
      }
      return 0;
    }

    private static boolean matches(SeedExample s, String id) {
      try {
        return Integer.parseInt(id.trim()) == Integer.parseInt(s.id());
      } catch (NumberFormatException e) {
        return false;
      }
    }
  }

  /** Prints which kernels are active and why. */
  @Command(name = "kernels", mixinStandardHelpOptions = true,
      description = "Prints which numeric kernels (Vector API or scalar) are active.")
  static final class KernelsCommand implements Callable<Integer> {
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

  /** Builds subcommands with the app's output stream. */
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
