package dev.adjoint.sample.report;

import dev.adjoint.sample.report.JavaSource.Kind;
import dev.adjoint.sample.report.JavaSource.Member;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The app's {@code @Differentiable} methods beside their generated adjoints, read from the sources
 * packaged with the app: its own sources under {@code review/source/}, and the kept copies of the
 * generated {@code *Gradients.java} (which the build checks against the processor's output) under
 * {@code review/adjoint/}.
 */
public final class ReviewSources {
  private static final String SOURCES = "review/source";
  private static final String ADJOINTS = "review/adjoint";
  private static final String SUFFIX = "Gradients.java";
  private static final String IMPL_SUFFIX = "GradientsImpl.java";

  /**
   * One annotated method: {@code sourceFile} and {@code gradientsFile} are file names, {@code
   * sourceLines} every line of the source file (the adjoint's comments name them), {@code generated}
   * the members of the generated class that belong to the method.
   */
  public record AnnotatedMethod(String packageName, String sourceFile, String gradientsFile, List<String> sourceLines,
      Member source, List<Member> generated) {
    /** {@code Owner#name}, as the gradient command takes it. */
    public String id() {
      return source.owner() + "#" + source.name();
    }

    /** The generated member that carries the reverse sweep: the one with the most source-line comments. */
    public Member adjoint() {
      Member best = null;
      int most = -1;
      for (Member m : generated) {
        int comments = SourceLines.anchors(m.text(), sourceFile);
        if (m.kind() == Kind.METHOD && comments > most) {
          best = m;
          most = comments;
        }
      }
      return best;
    }
  }

  private ReviewSources() {}

  /** Every annotated method of the app, class by class (in package and file order), method by method. */
  public static List<AnnotatedMethod> load() {
    try {
      Path classes = Path.of(ReviewSources.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (Files.isDirectory(classes)) {
        return load(classes);
      }
      try (FileSystem jar = FileSystems.newFileSystem(classes)) {
        return load(jar.getPath("/"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the app's packaged sources: " + e.getMessage(), e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The annotated methods whose sources lie under {@code root} ({@code review/source}, {@code review/adjoint}). */
  static List<AnnotatedMethod> load(Path root) throws IOException {
    Path adjoints = root.resolve(ADJOINTS);
    if (!Files.isDirectory(adjoints)) {
      throw new IOException(ADJOINTS + " is missing from " + root + ": build the app with Maven, which packages"
          + " the kept generated sources");
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(adjoints)) {
      files = walk.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
    }
    List<AnnotatedMethod> methods = new ArrayList<>();
    for (Path gradients : files) {
      String relative = adjoints.relativize(gradients).toString().replace('\\', '/');
      int slash = relative.lastIndexOf('/');
      String directory = slash < 0 ? "" : relative.substring(0, slash + 1);
      String gradientsFile = relative.substring(slash + 1);
      String origin = gradientsFile.substring(0, gradientsFile.length() - SUFFIX.length());
      // Foo_BarGradients holds the gradients of the nested class Foo.Bar, declared in Foo.java.
      String sourceFile = origin.split("_")[0] + ".java";
      Path source = root.resolve(SOURCES).resolve(directory + sourceFile);
      String sourceText = Files.readString(source, StandardCharsets.UTF_8);
      List<Member> generated = generatedMembers(gradients, gradientsFile);
      for (Member m : JavaSource.members(sourceFile, sourceText)) {
        if (m.differentiable()) {
          methods.add(new AnnotatedMethod(directory.replace('/', '.').replaceAll("\\.$", ""), sourceFile,
              gradientsFile, List.of(sourceText.split("\n", -1)), m, membersOf(m, generated)));
        }
      }
    }
    return methods;
  }

  /**
   * The members of a generated class. A class that uses its gradients with {@code var} gets them in two
   * files: {@code FooGradients} (the records, and methods that call) and {@code FooGradientsImpl} (the
   * methods themselves): the implementation's members then, with the API's records.
   */
  private static List<Member> generatedMembers(Path gradients, String gradientsFile) throws IOException {
    List<Member> api = JavaSource.members(gradientsFile, Files.readString(gradients, StandardCharsets.UTF_8));
    String implFile = gradientsFile.replace(SUFFIX, IMPL_SUFFIX);
    Path impl = gradients.resolveSibling(implFile);
    if (!Files.exists(impl)) {
      return api;
    }
    List<Member> members = new ArrayList<>(JavaSource.members(implFile, Files.readString(impl, StandardCharsets.UTF_8)));
    List<String> implTypes = members.stream().filter(m -> m.kind() == Kind.TYPE).map(Member::name).toList();
    api.stream().filter(m -> m.kind() == Kind.TYPE && !implTypes.contains(m.name())).forEach(members::add);
    return members;
  }

  /**
   * The generated members of one method: those whose Javadoc names its signature; for a signature
   * written differently in the source, those named after the method ({@code m}, {@code mVjp},
   * {@code mForward}, {@code MGradient}, ...).
   */
  private static List<Member> membersOf(Member method, List<Member> generated) {
    List<Member> bySignature = generated.stream().filter(g -> method.signature().equals(g.documents())).toList();
    if (!bySignature.isEmpty()) {
      return bySignature;
    }
    String name = method.name();
    String type = name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1);
    return generated.stream().filter(g -> g.name().equals(name) || g.name().equals("_" + name + "Tape")
        || (g.name().startsWith(name) && g.name().length() > name.length()
            && Character.isUpperCase(g.name().charAt(name.length())) && g.kind() == Kind.METHOD)
        || (g.kind() == Kind.TYPE && g.name().startsWith(type)
            && (g.name().endsWith("Gradient") || g.name().endsWith("Forward")))).toList();
  }
}
