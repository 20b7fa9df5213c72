package dev.adjoint.sample.report;

import static dev.adjoint.sample.report.Highlighter.escape;

import dev.adjoint.sample.report.JavaSource.Member;
import dev.adjoint.sample.report.ReviewSources.AnnotatedMethod;
import dev.adjoint.sample.report.SourceLines.Piece;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tour's page, {@code index.html}: the results, the pictures, the training curves, and every
 * annotated method of the app beside its generated adjoint, cut where the adjoint's comments name
 * a source line. Plain HTML and CSS: no script, nothing fetched.
 */
public final class ReviewPage {
  /** One part of the tour: what it ran, one sentence of results, its pictures and training curves. */
  public record Part(String title, String command, String summary, List<Path> pictures, List<Path> curves) {}

  private static final String STYLE = """
      body { font: 15px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 1500px; padding: 0 24px 48px; color: #222; }
      h1 { margin-top: 28px; } h2 { border-bottom: 1px solid #ddd; padding-bottom: 4px; margin-top: 40px; }
      nav a { margin-right: 16px; }
      table.results td, table.results th { text-align: left; padding: 4px 12px 4px 0; vertical-align: top; }
      figure { display: inline-block; margin: 8px 16px 16px 0; }
      figure img { border: 1px solid #ddd; max-width: 100%; height: auto; }
      figcaption { font-size: 13px; color: #555; }
      ul.toc li { margin: 2px 0; }
      article.method { margin: 28px 0 40px; }
      article.method h3 { margin-bottom: 6px; font-family: ui-monospace, monospace; }
      article.method h3 small { font: 13px system-ui, sans-serif; color: #666; margin-left: 12px; }
      table.aligned { border-collapse: collapse; width: 100%; table-layout: fixed; }
      table.aligned th { text-align: left; font: 13px ui-monospace, monospace; background: #f3f3f3; padding: 4px 8px; }
      table.aligned td { vertical-align: top; border-top: 1px solid #e6e6e6; padding: 0; width: 50%; }
      table.aligned td.source { background: #fbfbf7; }
      pre { margin: 0; padding: 4px 8px; font: 12.5px/1.4 ui-monospace, monospace; overflow-x: auto; white-space: pre; }
      .ln { display: inline-block; width: 3.2em; color: #aaa; user-select: none; }
      .c { color: #6a737d; } .s { color: #0a7c2f; } .k { color: #a626a4; font-weight: 600; }
      .n { color: #b35900; } .a { color: #4078f2; } .t { color: #986801; }
      details { margin-top: 8px; } summary { cursor: pointer; color: #555; }
      footer { margin-top: 48px; color: #666; font-size: 13px; }
      """;

  private ReviewPage() {}

  /** Writes {@code index.html} into {@code dir} (where the pictures are) and returns its path. */
  public static Path write(Path dir, List<Part> parts, List<AnnotatedMethod> methods, String footer)
      throws IOException {
    StringBuilder h = new StringBuilder(1 << 18);
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>Adjoint: the tour</title>\n")
        // no favicon request
        .append("<link rel=\"icon\" href=\"data:,\">\n")
        .append("<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n");
    h.append("<h1>Adjoint: the tour</h1>\n<p>Reverse-mode automatic differentiation for Java: an annotation")
        .append(" processor writes the gradient of each <code>@Differentiable</code> method as Java source while")
        .append(" javac compiles it. Below: what the tour computed, its pictures, and every annotated method of")
        .append(" the app beside the adjoint the processor generated for it.</p>\n");
    h.append("<nav><a href=\"#results\">Results</a><a href=\"#pictures\">Pictures</a>")
        .append("<a href=\"#training\">Training curves</a><a href=\"#methods\">Annotated methods</a></nav>\n");

    h.append("<section id=\"results\">\n<h2>Results</h2>\n<table class=\"results\">\n")
        .append("<tr><th>part</th><th>command</th><th>result</th></tr>\n");
    for (Part p : parts) {
      h.append("<tr><td>").append(escape(p.title())).append("</td><td><code>").append(escape(p.command()))
          .append("</code></td><td>").append(escape(p.summary())).append("</td></tr>\n");
    }
    h.append("</table>\n</section>\n");

    h.append("<section id=\"pictures\">\n<h2>Pictures</h2>\n");
    for (Part p : parts) {
      figures(h, p.pictures(), p.title());
    }
    h.append("</section>\n<section id=\"training\">\n<h2>Training curves</h2>\n");
    for (Part p : parts) {
      figures(h, p.curves(), p.title());
    }
    h.append("</section>\n");

    h.append("<section id=\"methods\">\n<h2>Annotated methods and their adjoints</h2>\n")
        .append("<p>Each method's source (left) beside the generated method that computes its gradient (right),")
        .append(" cut where the adjoint's comments name a source line: the forward sweep follows the source")
        .append(" down, the reverse sweep climbs back up. The full generated text of each method is folded")
        .append(" under it. The generated sources are kept in the repository (<code>sample-app/src/main/adjoint</code>)")
        .append(" and the build checks them.</p>\n");
    Map<String, String> anchors = anchors(methods);
    Map<String, List<String>> toc = new LinkedHashMap<>();
    for (AnnotatedMethod m : methods) {
      toc.computeIfAbsent(m.source().owner(), k -> new ArrayList<>()).add("<a href=\"#" + anchors.get(key(m)) + "\">"
          + escape(m.source().name()) + "</a>");
    }
    h.append("<ul class=\"toc\">\n");
    toc.forEach((owner, links) -> h.append("<li><b>").append(escape(owner)).append("</b>: ")
        .append(String.join(", ", links)).append("</li>\n"));
    h.append("</ul>\n");
    for (AnnotatedMethod m : methods) {
      method(h, m, anchors.get(key(m)));
    }
    h.append("</section>\n<footer>").append(escape(footer)).append("</footer>\n</body>\n</html>\n");
    Path page = dir.resolve("index.html");
    Files.writeString(page, h, StandardCharsets.UTF_8);
    return page;
  }

  private static void figures(StringBuilder h, List<Path> pictures, String title) {
    for (Path p : pictures) {
      String name = p.getFileName().toString();
      h.append("<figure><img src=\"").append(escape(name)).append("\" alt=\"").append(escape(title + ": " + name))
          .append("\" width=\"720\" height=\"450\"><figcaption>").append(escape(name))
          .append("</figcaption></figure>\n");
    }
  }

  private static String key(AnnotatedMethod m) {
    return m.packageName() + "." + m.source().signature();
  }

  /** An id per method: {@code m-Owner-name}, numbered for overloads. */
  private static Map<String, String> anchors(List<AnnotatedMethod> methods) {
    Map<String, String> ids = new HashMap<>();
    Map<String, Integer> seen = new HashMap<>();
    for (AnnotatedMethod m : methods) {
      String base = "m-" + m.source().owner() + "-" + m.source().name();
      int n = seen.merge(base, 1, Integer::sum);
      ids.put(key(m), n == 1 ? base : base + "-" + n);
    }
    return ids;
  }

  private static void method(StringBuilder h, AnnotatedMethod m, String id) {
    Member source = m.source();
    Member adjoint = m.adjoint();
    h.append("<article class=\"method\" id=\"").append(id).append("\" data-method=\"").append(escape(m.id()))
        .append("\">\n<h3>").append(escape(source.owner() + "." + source.name())).append("<small>")
        .append(escape(m.sourceFile() + ":" + source.firstLine() + " → " + m.gradientsFile()))
        .append("</small></h3>\n");
    if (adjoint == null) {
      h.append("<p>No generated method found for it.</p>\n</article>\n");
      return;
    }
    h.append("<table class=\"aligned\">\n<tr><th>").append(escape(m.sourceFile())).append("</th><th>")
        .append(escape(m.gradientsFile().replace(".java", "") + "." + adjoint.name())).append("</th></tr>\n");
    List<String> sourceHtml = Highlighter.lines(String.join("\n", m.sourceLines()));
    List<String> methodHtml = Highlighter.lines(source.text());
    for (Piece piece : SourceLines.pieces(adjoint.text(), m.sourceFile())) {
      h.append("<tr><td class=\"source\"><pre>");
      if (piece.anchored()) {
        for (int line = piece.firstSourceLine(); line <= piece.lastSourceLine() && line <= sourceHtml.size(); line++) {
          numbered(h, line, sourceHtml.get(line - 1).stripLeading());
        }
      } else {
        // beside the signature and declarations: the whole method
        for (int i = 0; i < methodHtml.size(); i++) {
          numbered(h, source.firstLine() + i, methodHtml.get(i));
        }
      }
      h.append("</pre></td><td><pre>");
      h.append(String.join("\n", Highlighter.lines(String.join("\n", piece.generated()))));
      h.append("</pre></td></tr>\n");
    }
    h.append("</table>\n<details><summary>Everything generated for ").append(escape(source.name())).append(" (")
        .append(m.generated().size()).append(" members of ").append(escape(m.gradientsFile()))
        .append(")</summary><pre>");
    for (Member g : m.generated()) {
      h.append(String.join("\n", Highlighter.lines(g.text()))).append("\n\n");
    }
    h.append("</pre></details>\n</article>\n");
  }

  private static void numbered(StringBuilder h, int line, String html) {
    h.append("<span class=\"ln\">").append(line).append("</span>").append(html).append('\n');
  }
}
