package dev.adjoint.sample;

import dev.adjoint.sample.report.JavaSource.Member;
import dev.adjoint.sample.report.ReviewSources;
import dev.adjoint.sample.report.ReviewSources.AnnotatedMethod;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Prints what the annotation processor generated for one of the app's annotated methods. */
@Command(name = "gradient", mixinStandardHelpOptions = true,
    description = "Prints the generated source (the adjoint) of one of the app's @Differentiable methods.")
final class GradientCommand implements Callable<Integer> {
  private final PrintStream out;

  @Spec
  CommandSpec spec;

  @Parameters(arity = "0..1", paramLabel = "CLASS#METHOD",
      description = "The method, e.g. Spirals#loss or dev.adjoint.sample.calculus.Calculus#rosenbrock.")
  String target;

  @Option(names = "--list", description = "List the annotated methods.")
  boolean list;

  @Option(names = "--source", description = "Also print the method's own source first.")
  boolean source;

  GradientCommand(PrintStream out) {
    this.out = out;
  }

  @Override
  public Integer call() {
    List<AnnotatedMethod> methods = ReviewSources.load();
    if (list) {
      methods.forEach(m -> out.println(m.id() + "  (" + m.packageName() + ")"));
      return 0;
    }
    if (target == null) {
      throw new ParameterException(spec.commandLine(), "name a method as CLASS#METHOD, e.g. Spirals#loss"
          + " ('gradient --list' lists them)");
    }
    List<AnnotatedMethod> found = find(methods, target);
    if (found.isEmpty()) {
      String owner = target.contains("#") ? simpleName(target.substring(0, target.indexOf('#'))) : "";
      List<String> ofClass = methods.stream().filter(m -> m.source().owner().equals(owner)).map(AnnotatedMethod::id)
          .distinct().toList();
      throw new ParameterException(spec.commandLine(), "no annotated method '" + target + "'"
          + (ofClass.isEmpty() ? "; 'gradient --list' lists them" : "; " + owner + " has " + String.join(", ", ofClass)));
    }
    for (AnnotatedMethod m : found) {
      if (source) {
        out.println("// " + m.sourceFile() + ":" + m.source().firstLine());
        out.println(m.source().text());
        out.println();
      }
      out.println("// " + m.gradientsFile() + ": generated for " + m.source().signature());
      for (Member g : m.generated()) {
        out.println(g.text());
        out.println();
      }
    }
    return 0;
  }

  /** The methods named {@code Class#method}, the class simple or qualified (overloads: all of them). */
  static List<AnnotatedMethod> find(List<AnnotatedMethod> methods, String target) {
    int hash = target.indexOf('#');
    if (hash < 0) {
      return List.of();
    }
    String type = target.substring(0, hash).trim();
    String name = target.substring(hash + 1).trim();
    return methods.stream().filter(m -> m.source().name().equals(name))
        .filter(m -> type.equals(m.source().owner()) || type.equals(m.packageName() + "." + m.source().owner()))
        .toList();
  }

  private static String simpleName(String type) {
    return type.substring(type.lastIndexOf('.') + 1).trim();
  }
}
