package dev.adjoint.sample.report;

import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.LineMap;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.Trees;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/** The methods and nested types of a Java source file as text, read with javac's parser (nothing is compiled). */
public final class JavaSource {
  /** The first {@code {@code Foo.m(...)}} of a generated member's Javadoc: the method it belongs to. */
  private static final Pattern DOC_SIGNATURE = Pattern.compile("\\{@code ([\\w$]+\\.[\\w$]+\\([^)]*\\))}");

  /** What a member is. */
  public enum Kind { METHOD, TYPE }

  /**
   * One member: {@code owner} is the simple name of the type declaring it; {@code text} starts at
   * its Javadoc and is dedented; {@code firstLine} is the line of the file where {@code text} starts;
   * {@code signature} is {@code Owner.name(type name, ...)} for a method; {@code documents} the
   * signature the member's Javadoc names first (generated members name their source method).
   */
  public record Member(String owner, String name, Kind kind, int firstLine, String text, String signature,
      String documents, boolean differentiable) {}

  private JavaSource() {}

  /** Every method and nested type of the file, in order, at any depth. */
  public static List<Member> members(String fileName, String text) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null) {
      throw new IllegalStateException("reading Java sources needs javac's parser (the jdk.compiler module):"
          + " run the app on a JDK, not a JRE");
    }
    JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///" + fileName), JavaFileObject.Kind.SOURCE) {
      @Override
      public CharSequence getCharContent(boolean ignoreEncodingErrors) {
        return text;
      }
    };
    JavacTask task = (JavacTask) javac.getTask(null, null, d -> { }, List.of("-proc:none"), null, List.of(file));
    try {
      CompilationUnitTree unit = task.parse().iterator().next();
      SourcePositions positions = Trees.instance(task).getSourcePositions();
      List<Member> members = new ArrayList<>();
      for (Tree type : unit.getTypeDecls()) {
        if (type instanceof ClassTree c) {
          collect(c, text, unit, positions, members);
        }
      }
      return members;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void collect(ClassTree type, String text, CompilationUnitTree unit, SourcePositions positions,
      List<Member> into) {
    String owner = type.getSimpleName().toString();
    LineMap lines = unit.getLineMap();
    for (Tree member : type.getMembers()) {
      long start = positions.getStartPosition(unit, member);
      long end = positions.getEndPosition(unit, member);
      if (start < 0 || end < 0 || !(member instanceof MethodTree || member instanceof ClassTree)) {
        continue;
      }
      int from = lineStart(text, withJavadoc(text, (int) start));
      int to = text.indexOf('\n', (int) end);
      String body = dedent(text.substring(from, to < 0 ? text.length() : to));
      int firstLine = (int) lines.getLineNumber(from);
      Matcher doc = DOC_SIGNATURE.matcher(body.substring(0, Math.max(0, body.indexOf("*/") + 1)));
      String documents = doc.find() ? doc.group(1) : null;
      if (member instanceof MethodTree m) {
        String name = m.getName().toString();
        if (name.equals("<init>")) {
          continue;
        }
        String signature = owner + "." + name + "(" + m.getParameters().stream()
            .map(JavaSource::parameter).collect(Collectors.joining(", ")) + ")";
        boolean differentiable = m.getModifiers().getAnnotations().stream().anyMatch(JavaSource::isDifferentiable);
        into.add(new Member(owner, name, Kind.METHOD, firstLine, body, signature, documents, differentiable));
      } else {
        ClassTree nested = (ClassTree) member;
        into.add(new Member(owner, nested.getSimpleName().toString(), Kind.TYPE, firstLine, body, null, documents,
            false));
        collect(nested, text, unit, positions, into);
      }
    }
  }

  private static String parameter(VariableTree p) {
    return p.getType() + " " + p.getName();
  }

  private static boolean isDifferentiable(AnnotationTree a) {
    String name = a.getAnnotationType().toString();
    return name.equals("Differentiable") || name.endsWith(".Differentiable");
  }

  /** Moves a member's start back over the Javadoc comment right before it, if any. */
  private static int withJavadoc(String text, int start) {
    int i = start - 1;
    while (i >= 0 && Character.isWhitespace(text.charAt(i))) {
      i--;
    }
    if (i >= 1 && text.charAt(i) == '/' && text.charAt(i - 1) == '*') {
      int open = text.lastIndexOf("/**", i - 1);
      if (open >= 0) {
        return open;
      }
    }
    return start;
  }

  private static int lineStart(String text, int offset) {
    return text.lastIndexOf('\n', offset - 1) + 1;
  }

  /** Removes the indentation all non-blank lines share. */
  static String dedent(String block) {
    String[] lines = block.split("\n", -1);
    int common = Integer.MAX_VALUE;
    for (String line : lines) {
      if (!line.isBlank()) {
        common = Math.min(common, line.length() - line.stripLeading().length());
      }
    }
    if (common == Integer.MAX_VALUE || common == 0) {
      return block;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < lines.length; i++) {
      out.append(lines[i].isBlank() ? "" : lines[i].substring(common)).append(i < lines.length - 1 ? "\n" : "");
    }
    return out.toString();
  }
}
