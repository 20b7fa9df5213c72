package dev.adjoint.sample.report;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A generated method cut where its comments name a source line ({@code // Foo.java:12} or
 * {@code // Foo.java:3-6}): each piece beside the lines it came from.
 */
public final class SourceLines {
  private static final Pattern ANCHOR = Pattern.compile("^\\s*// ([\\w$]+\\.java):(\\d+)(?:-(\\d+))?\\s*$");

  /**
   * Consecutive generated lines and the source lines they came from ({@code 0, -1} for lines before
   * the first comment, such as the signature and declarations).
   */
  public record Piece(int firstSourceLine, int lastSourceLine, List<String> generated) {
    public boolean anchored() {
      return firstSourceLine > 0;
    }
  }

  private SourceLines() {}

  /** The pieces of {@code generated}, cut at each comment naming a line of {@code sourceFile}. */
  public static List<Piece> pieces(String generated, String sourceFile) {
    List<Piece> pieces = new ArrayList<>();
    int first = 0;
    int last = -1;
    List<String> lines = new ArrayList<>();
    for (String line : generated.split("\n", -1)) {
      Matcher m = ANCHOR.matcher(line);
      if (m.matches() && m.group(1).equals(sourceFile)) {
        int from = Integer.parseInt(m.group(2));
        int to = m.group(3) == null ? from : Integer.parseInt(m.group(3));
        // a comment naming the lines the piece before it named continues that piece
        if (!lines.isEmpty() && (from != first || to != last)) {
          pieces.add(new Piece(first, last, List.copyOf(lines)));
          lines.clear();
        }
        first = from;
        last = to;
      }
      lines.add(line);
    }
    if (!lines.isEmpty()) {
      pieces.add(new Piece(first, last, List.copyOf(lines)));
    }
    return pieces;
  }

  /** How many comments of {@code generated} name a line of {@code sourceFile}. */
  static int anchors(String generated, String sourceFile) {
    return (int) pieces(generated, sourceFile).stream().filter(Piece::anchored).count();
  }
}
