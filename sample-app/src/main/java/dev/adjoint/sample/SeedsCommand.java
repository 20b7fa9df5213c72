package dev.adjoint.sample;

import dev.adjoint.sample.seeds.Printer;
import dev.adjoint.sample.seeds.SeedExample;
import dev.adjoint.sample.seeds.Seeds;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Prints every seed's examples, or only the ones named. */
@Command(name = "seeds", mixinStandardHelpOptions = true,
    description = "Re-enacts the tutorials in seeds/ and prints their numbers beside the ones the tutorials print.")
final class SeedsCommand implements Callable<Integer> {
  private final PrintStream out;

  @Spec
  CommandSpec spec;

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
    List<SeedExample> all = Seeds.all();
    if (list) {
      for (SeedExample s : all) {
        out.println(s.id() + "  " + s.title());
      }
      return 0;
    }
    for (String id : ids) {
      if (all.stream().noneMatch(s -> matches(s, id))) {
        throw new ParameterException(spec.commandLine(),
            "unknown seed '" + id + "'; the seeds are 000 to 004 (see 'seeds --list')");
      }
    }
    run(ids, out);
    return 0;
  }

  /** Runs the seeds named (all when none is), printing to {@code out}; returns how many ran. */
  static int run(List<String> wanted, PrintStream out) {
    Printer p = new Printer(out);
    int ran = 0;
    for (SeedExample s : Seeds.all()) {
      if (wanted.isEmpty() || wanted.stream().anyMatch(id -> matches(s, id))) {
        p.seed(s.id(), s.title());
        s.run(p);
        ran++;
      }
    }
    return ran;
  }

  private static boolean matches(SeedExample s, String id) {
    try {
      return Integer.parseInt(id.trim()) == Integer.parseInt(s.id());
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
