package dev.adjoint.build;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Expands the runtime's {@code *.java.template} files into one Java source per element type, as the
 * JDK's Spp does for its {@code X-Buffer} and {@code X-Vector} templates. Run by Maven before
 * compiling ({@code runtime/pom.xml}); a build tool, not part of the runtime jar.
 *
 * <p>Usage: {@code java Spp.java <template root> <output root>}. Every template under the template
 * root becomes one source per {@code #expand} line at its top, in the same package directory:
 *
 * <pre>
 * #expand FloatGemm float type=float Type=Float NC=1024
 * #expand DoubleGemm double type=double Type=Double NC=512
 * </pre>
 *
 * <p>The first word names the class (and file); a bare word ({@code float}) is a flag for
 * {@code #if[float]}, {@code #if[!float]}, {@code #else[float]} and {@code #end[float]} lines and
 * for {@code {#if[float]?yes}} or {@code {#if[float]?yes:no}} inside a line; {@code key=value}
 * replaces {@code $key$}. Any {@code $word$} left undefined, or an unbalanced {@code #if}, is an
 * error naming the template and line. Unchanged outputs are not rewritten, so an incremental build
 * recompiles nothing.
 */
public final class Spp {
  private static final Pattern VARIABLE = Pattern.compile("\\$([A-Za-z][A-Za-z0-9]*)\\$");
  private static final Pattern INLINE_IF =
      Pattern.compile("\\{#if\\[(!?[A-Za-z0-9]+)\\]\\?([^:}]*)(?::([^}]*))?\\}");
  private static final Pattern DIRECTIVE =
      Pattern.compile("^\\s*#(if|else|end)\\[(!?[A-Za-z0-9]+)\\]\\s*$");

  private Spp() {}

  /** One output of a template: its class name, flags and variables. */
  record Expansion(String className, Set<String> flags, Map<String, String> variables) {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: java Spp.java <template root> <output root>");
      System.exit(2);
    }
    try {
      Result r = generate(Path.of(args[0]), Path.of(args[1]));
      System.out.println("Spp: " + r.sources() + " sources from " + r.templates() + " templates, "
          + r.changed() + " changed");
    } catch (IllegalArgumentException e) {
      System.err.println("Spp: " + e.getMessage());
      System.exit(1);
    }
  }

  /** What one run did: templates read, sources expanded, sources (re)written. */
  record Result(int templates, int sources, int changed) {}

  /** Expands every template under {@code templates} into {@code output}. */
  static Result generate(Path templates, Path output) throws IOException {
    List<Path> found;
    try (Stream<Path> walk = Files.walk(templates)) {
      found = walk.filter(p -> p.toString().endsWith(".java.template")).sorted().toList();
    }
    int changed = 0;
    int total = 0;
    for (Path template : found) {
      Path relative = templates.relativize(template).getParent();
      Path dir = relative == null ? output : output.resolve(relative);
      Files.createDirectories(dir);
      List<String> lines = Files.readAllLines(template, StandardCharsets.UTF_8);
      for (Expansion e : expansions(template, lines)) {
        String text = expand(template, lines, e);
        Path target = dir.resolve(e.className() + ".java");
        total++;
        if (!Files.exists(target) || !Files.readString(target, StandardCharsets.UTF_8).equals(text)) {
          Files.writeString(target, text, StandardCharsets.UTF_8);
          changed++;
        }
      }
    }
    return new Result(found.size(), total, changed);
  }

  /** The {@code #expand} lines, which open the template. */
  static List<Expansion> expansions(Path template, List<String> lines) {
    List<Expansion> out = new ArrayList<>();
    for (String line : lines) {
      if (!line.startsWith("#expand ")) {
        break;
      }
      String[] words = line.substring("#expand ".length()).trim().split("\\s+");
      Set<String> flags = new LinkedHashSet<>();
      Map<String, String> variables = new LinkedHashMap<>();
      for (int i = 1; i < words.length; i++) {
        int eq = words[i].indexOf('=');
        if (eq < 0) {
          flags.add(words[i]);
        } else {
          variables.put(words[i].substring(0, eq), words[i].substring(eq + 1));
        }
      }
      out.add(new Expansion(words[0], flags, variables));
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(template + ": a template starts with one '#expand Name"
          + " flag key=value ...' line per class to generate");
    }
    return out;
  }

  /** The source of one expansion, headed by a note that says where it comes from. */
  static String expand(Path template, List<String> lines, Expansion e) {
    StringBuilder out = new StringBuilder();
    out.append("// Generated from ").append(template.getFileName())
        .append(" (runtime/src/main/templates): edit the template, not this file.\n");
    // Each open #if: its key and whether its current branch is kept.
    Deque<String> keys = new ArrayDeque<>();
    Deque<Boolean> keeping = new ArrayDeque<>();
    boolean kept = true;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      String where = template.getFileName() + ":" + (i + 1);
      if (line.startsWith("#expand ")) {
        continue;
      }
      Matcher d = DIRECTIVE.matcher(line);
      if (d.matches()) {
        String key = d.group(2);
        switch (d.group(1)) {
          case "if" -> {
            keys.push(key);
            keeping.push(kept);
            kept = kept && holds(key, e.flags());
          }
          case "else" -> {
            requireOpen(keys, key, where, "#else");
            kept = keeping.peek() && !holds(key, e.flags());
          }
          default -> {
            requireOpen(keys, key, where, "#end");
            keys.pop();
            kept = keeping.pop();
          }
        }
        continue;
      }
      if (kept) {
        out.append(substitute(line, e, where)).append('\n');
      }
    }
    if (!keys.isEmpty()) {
      throw new IllegalArgumentException(template.getFileName() + ": #if[" + keys.peek()
          + "] is never closed with #end[" + keys.peek() + "]");
    }
    return out.toString();
  }

  private static boolean holds(String key, Set<String> flags) {
    return key.startsWith("!") ? !flags.contains(key.substring(1)) : flags.contains(key);
  }

  private static void requireOpen(Deque<String> keys, String key, String where, String what) {
    if (keys.isEmpty() || !keys.peek().equals(key)) {
      throw new IllegalArgumentException(where + ": " + what + "[" + key + "] does not match "
          + (keys.isEmpty() ? "any open #if" : "the open #if[" + keys.peek() + "]"));
    }
  }

  private static String substitute(String line, Expansion e, String where) {
    Matcher inline = INLINE_IF.matcher(line);
    StringBuilder sb = new StringBuilder();
    while (inline.find()) {
      String chosen = holds(inline.group(1), e.flags()) ? inline.group(2)
          : inline.group(3) == null ? "" : inline.group(3);
      inline.appendReplacement(sb, Matcher.quoteReplacement(chosen));
    }
    inline.appendTail(sb);
    Matcher v = VARIABLE.matcher(sb.toString());
    StringBuilder result = new StringBuilder();
    while (v.find()) {
      String value = e.variables().get(v.group(1));
      if (value == null) {
        throw new IllegalArgumentException(where + ": $" + v.group(1) + "$ is not defined for "
            + e.className() + " (its #expand line defines " + e.variables().keySet() + ")");
      }
      v.appendReplacement(result, Matcher.quoteReplacement(value));
    }
    v.appendTail(result);
    return result.toString();
  }
}
