package dev.adjoint.sample.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Java source as HTML, one string per line, with spans for comments, strings, keywords, numbers,
 * annotations and type names (classes {@code c}, {@code s}, {@code k}, {@code n}, {@code a},
 * {@code t}). A span never crosses a line, so lines can be laid out one by one.
 */
public final class Highlighter {
  private static final Pattern TOKEN = Pattern.compile(
      "(?<c>//[^\\n]*|/\\*[\\s\\S]*?\\*/)"
          + "|(?<s>\"(?:\\\\.|[^\"\\\\\\n])*\"|'(?:\\\\.|[^'\\\\\\n])*')"
          + "|(?<a>@[A-Za-z_$][\\w$.]*)"
          + "|(?<n>\\b\\d[\\d_]*(?:\\.\\d+)?(?:[eE][+-]?\\d+)?[dDfFlL]?\\b)"
          + "|(?<w>\\b[A-Za-z_$][\\w$]*\\b)");
  private static final Set<String> KEYWORDS = Set.of("abstract", "assert", "boolean", "break", "byte", "case",
      "catch", "char", "class", "const", "continue", "default", "do", "double", "else", "enum", "extends", "final",
      "finally", "float", "for", "if", "implements", "import", "instanceof", "int", "interface", "long", "native",
      "new", "package", "private", "protected", "public", "record", "return", "short", "static", "super", "switch",
      "synchronized", "this", "throw", "throws", "transient", "try", "var", "void", "volatile", "while", "yield",
      "true", "false", "null");

  private Highlighter() {}

  /** The lines of {@code source}, highlighted. */
  public static List<String> lines(String source) {
    StringBuilder html = new StringBuilder();
    Matcher m = TOKEN.matcher(source);
    int at = 0;
    while (m.find()) {
      html.append(escape(source.substring(at, m.start())));
      String kind = kind(m);
      String text = m.group();
      if (kind == null) {
        html.append(escape(text));
      } else {
        String open = "<span class=\"" + kind + "\">";
        html.append(open).append(escape(text).replace("\n", "</span>\n" + open)).append("</span>");
      }
      at = m.end();
    }
    html.append(escape(source.substring(at)));
    return new ArrayList<>(List.of(html.toString().split("\n", -1)));
  }

  private static String kind(Matcher m) {
    for (String group : new String[] {"c", "s", "a", "n"}) {
      if (m.group(group) != null) {
        return group;
      }
    }
    String word = m.group("w");
    if (KEYWORDS.contains(word)) {
      return "k";
    }
    return Character.isUpperCase(word.charAt(0)) ? "t" : null;
  }

  /** Text safe inside HTML elements and attribute values. */
  public static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
