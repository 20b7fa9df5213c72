package dev.adjoint.sample;

import dev.adjoint.kernels.Kernels;
import dev.adjoint.sample.report.ReviewPage;
import dev.adjoint.sample.report.ReviewPage.Part;
import dev.adjoint.sample.report.ReviewSources;
import dev.adjoint.sample.report.ReviewSources.AnnotatedMethod;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * Every part of the app briefly, each with a one-line summary, then the review page: the results,
 * the pictures, the training curves and every annotated method beside its generated adjoint.
 */
@Command(name = "tour", mixinStandardHelpOptions = true,
    description = "Runs plot, seeds, fit, mlp and pinn briefly, prints a summary of each, and writes the pictures"
        + " and the review page (index.html) to --out. The default command.")
final class TourCommand implements Callable<Integer> {
  private final PrintStream out;

  @Mixin
  OutputOptions output;

  TourCommand(PrintStream out) {
    this.out = out;
  }

  @Override
  public Integer call() throws IOException {
    return tour(output, out);
  }

  /** The tour, writing into {@code output}'s directory. */
  static int tour(OutputOptions output, PrintStream out) throws IOException {
    long start = System.nanoTime();
    Path dir = output.directory();
    boolean progress = output.showProgress();
    out.println("Adjoint tour (" + Kernels.get().name() + " kernels, Java " + System.getProperty("java.version")
        + "); pictures and the page go to " + dir);
    List<Part> parts = new ArrayList<>();

    PlotCommand plot = new PlotCommand(out);
    plot.table = false;
    parts.add(part("Curves and derivatives", plot, dir, progress, 4));

    out.println("== seeds: the five tutorials' examples, each result beside the tutorial's");
    ByteArrayOutputStream transcript = new ByteArrayOutputStream();
    int tutorials = SeedsCommand.run(List.of(), new PrintStream(transcript, true, StandardCharsets.UTF_8));
    String text = transcript.toString(StandardCharsets.UTF_8);
    Path seeds = Files.writeString(dir.resolve("seeds.txt"), text, StandardCharsets.UTF_8);
    long examples = text.lines().filter(l -> l.startsWith("-- ")).count();
    String seedsSummary = tutorials + " tutorials, " + examples + " examples re-enacted; the transcript is " + seeds;
    out.println("  " + seedsSummary);
    parts.add(new Part("The tutorials' examples", "seeds", seedsSummary, List.of(), List.of()));

    parts.add(part("Regression", new FitCommand(out), dir, progress, 1));
    parts.add(part("Two spirals", new MlpCommand(out), dir, progress, 1));
    parts.add(part("Physics-informed network", new PinnCommand(out), dir, progress, 1));

    List<AnnotatedMethod> methods = ReviewSources.load();
    double seconds = (System.nanoTime() - start) / 1e9;
    Path page = ReviewPage.write(dir, parts, methods, String.format("Written by adjoint-sample tour on %s with Java %s"
        + " (%s kernels) in %.1f s.", LocalDate.now(), System.getProperty("java.version"), Kernels.get().name(),
        seconds));
    out.println("== page: " + methods.size() + " annotated methods beside their generated adjoints, with the"
        + " pictures and training curves");
    out.println("  open " + page.toAbsolutePath().toUri());
    out.printf("tour done in %.1f s%n", (System.nanoTime() - start) / 1e9);
    return 0;
  }

  /** Runs one part with its command's defaults; its first {@code shown} pictures are pictures, the rest training curves. */
  private static <R extends PartCommand.Drawn> Part part(String title, PartCommand<R> command, Path dir,
      boolean progress, int shown) throws IOException {
    R result = command.run(dir, progress);
    String summary = command.summary(result);
    OutputOptions.report(command.out, summary, result.pictures());
    List<Path> pictures = result.pictures();
    return new Part(title, command.getClass().getAnnotation(Command.class).name(), summary,
        pictures.subList(0, shown), pictures.subList(shown, pictures.size()));
  }
}
