package dev.adjoint.processor.codegen;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.JType;
import dev.adjoint.processor.ir.Stmt;
import java.util.ArrayList;
import java.util.List;

/** Prints IR statements and expressions as Java through JavaPoet (which handles imports). */
public final class JavaEmitter {
  private JavaEmitter() {}

  /** A JavaPoet type for an IR type. */
  public static TypeName typeName(JType t) {
    if (t.kind() == JType.Kind.VAR) {
      return ClassName.get("", "var");
    }
    return parseType(t.source());
  }

  static TypeName parseType(String s) {
    s = s.trim();
    if (s.endsWith("[]")) {
      return ArrayTypeName.of(parseType(s.substring(0, s.length() - 2)));
    }
    switch (s) {
      case "double": return TypeName.DOUBLE;
      case "float": return TypeName.FLOAT;
      case "int": return TypeName.INT;
      case "long": return TypeName.LONG;
      case "short": return TypeName.SHORT;
      case "byte": return TypeName.BYTE;
      case "char": return TypeName.CHAR;
      case "boolean": return TypeName.BOOLEAN;
      case "void": return TypeName.VOID;
      default: break;
    }
    int lt = s.indexOf('<');
    if (lt > 0 && s.endsWith(">")) {
      ClassName raw = className(s.substring(0, lt));
      List<TypeName> args = new ArrayList<>();
      int depth = 0;
      int start = lt + 1;
      for (int i = lt + 1; i < s.length() - 1; i++) {
        char c = s.charAt(i);
        if (c == '<') {
          depth++;
        } else if (c == '>') {
          depth--;
        } else if (c == ',' && depth == 0) {
          args.add(parseType(s.substring(start, i)));
          start = i + 1;
        }
      }
      args.add(parseType(s.substring(start, s.length() - 1)));
      return ParameterizedTypeName.get(raw, args.toArray(new TypeName[0]));
    }
    return className(s);
  }

  /** A class name from a qualified source name ({@code p.Outer.Inner}). */
  public static ClassName className(String qualified) {
    try {
      return ClassName.bestGuess(qualified);
    } catch (IllegalArgumentException e) {
      int dot = qualified.lastIndexOf('.');
      return dot < 0 ? ClassName.get("", qualified) : ClassName.get(qualified.substring(0, dot), qualified.substring(dot + 1));
    }
  }

  // ------------------------------------------------------------------ statements

  /**
   * Prints the statements as one CodeBlock: a single format string (with {@code $>}/{@code $<} for
   * indentation and {@code $T} for types, so JavaPoet still manages imports). JavaPoet's cost grows with
   * the number of format parts it splits and re-indents, and the processor usually runs interpreted in a
   * fresh class loader, so one part per body instead of one per statement is a large share of its time.
   */
  public static void emit(List<Stmt> stmts, CodeBlock.Builder out) {
    Fmt f = new Fmt();
    statements(stmts, f);
    out.add(f.build());
  }

  private static void statements(List<Stmt> stmts, Fmt f) {
    for (Stmt s : stmts) {
      statement(s, f);
    }
  }

  private static void statement(Stmt s, Fmt f) {
    if (s instanceof Stmt.Decl d) {
      f.type(typeName(d.var().type())).raw(" ").raw(d.var().name());
      if (d.init() != null) {
        f.raw(" = ").expr(d.init(), 0);
      }
      f.endStatement();
    } else if (s instanceof Stmt.Assign a) {
      f.expr(a.target(), 0).raw(" ").raw(a.op()).raw(" ").expr(a.value(), 0).endStatement();
    } else if (s instanceof Stmt.IncDec i) {
      f.expr(i.target(), 15).raw(i.op()).endStatement();
    } else if (s instanceof Stmt.ExprStmt e) {
      f.expr(e.expr(), 0).endStatement();
    } else if (s instanceof Stmt.Throw t) {
      f.raw("throw ").expr(t.exception(), 0).endStatement();
    } else if (s instanceof Stmt.Assert a) {
      f.raw("assert ").expr(a.cond(), 0);
      if (a.detail() != null) {
        f.raw(" : ").expr(a.detail(), 0);
      }
      f.endStatement();
    } else if (s instanceof Stmt.Comment c) {
      f.raw("// ").raw(c.text()).raw("\n");
    } else if (s instanceof Stmt.Break b) {
      f.raw(b.label() == null ? "break" : "break " + b.label()).endStatement();
    } else if (s instanceof Stmt.Continue c) {
      f.raw(c.label() == null ? "continue" : "continue " + c.label()).endStatement();
    } else if (s instanceof Stmt.If i) {
      f.raw("if (").expr(i.cond(), 0).openBlock(") {");
      statements(i.then(), f);
      List<Stmt> otherwise = i.otherwise();
      while (otherwise.size() == 1 && otherwise.get(0) instanceof Stmt.If elseIf) {
        f.closeBlock("} else if (").expr(elseIf.cond(), 0).openBlock(") {");
        statements(elseIf.then(), f);
        otherwise = elseIf.otherwise();
      }
      if (!otherwise.isEmpty()) {
        f.closeBlock("} else").openBlock(" {");
        statements(otherwise, f);
      }
      f.closeBlock("}").raw("\n");
    } else if (s instanceof Stmt.Loop l) {
      String label = l.label() == null ? "" : l.label() + ": ";
      switch (l.kind()) {
        case FOR -> {
          f.raw(label).raw("for (");
          forInit(l.init(), f);
          f.raw("; ");
          if (l.cond() != null) {
            f.expr(l.cond(), 0);
          }
          f.raw("; ");
          expressionList(l.update(), f);
          f.openBlock(") {");
          statements(l.body(), f);
          f.closeBlock("}").raw("\n");
        }
        case WHILE -> {
          statements(l.init(), f);
          f.raw(label).raw("while (");
          condition(l.cond(), f);
          f.openBlock(") {");
          statements(l.body(), f);
          statements(l.update(), f);
          f.closeBlock("}").raw("\n");
        }
        case DO -> {
          statements(l.init(), f);
          f.raw(label).openBlock("do {");
          statements(l.body(), f);
          statements(l.update(), f);
          f.closeBlock("} while (");
          condition(l.cond(), f);
          f.raw(")").endStatement();
        }
      }
    } else {
      throw new IllegalStateException("cannot print " + s);
    }
  }

  private static void condition(Expr cond, Fmt f) {
    if (cond == null) {
      f.raw("true");
    } else {
      f.expr(cond, 0);
    }
  }

  private static void forInit(List<Stmt> init, Fmt f) {
    if (init.size() == 1 && init.get(0) instanceof Stmt.Decl d) {
      f.type(typeName(d.var().type())).raw(" ").raw(d.var().name()).raw(" = ").expr(d.init(), 0);
    } else {
      expressionList(init, f);
    }
  }

  private static void expressionList(List<Stmt> stmts, Fmt f) {
    for (int k = 0; k < stmts.size(); k++) {
      if (k > 0) {
        f.raw(", ");
      }
      Stmt s = stmts.get(k);
      if (s instanceof Stmt.Assign a) {
        f.expr(a.target(), 0).raw(" ").raw(a.op()).raw(" ").expr(a.value(), 0);
      } else if (s instanceof Stmt.IncDec i) {
        f.expr(i.target(), 15).raw(i.op());
      } else if (s instanceof Stmt.ExprStmt e) {
        f.expr(e.expr(), 0);
      } else {
        throw new IllegalStateException("not an expression statement: " + s);
      }
    }
  }

  // ------------------------------------------------------------------ expressions

  private static int precedence(Expr e) {
    if (e instanceof Expr.Binary b) {
      return switch (b.op()) {
        case "*", "/", "%" -> 13;
        case "+", "-" -> 12;
        case "<<", ">>", ">>>" -> 11;
        case "<", ">", "<=", ">=" -> 10;
        case "==", "!=" -> 9;
        case "&" -> 8;
        case "^" -> 7;
        case "|" -> 6;
        case "&&" -> 5;
        case "||" -> 4;
        default -> 1;
      };
    }
    if (e instanceof Expr.Unary || e instanceof Expr.Cast) {
      return 14;
    }
    if (e instanceof Expr.Cond) {
      return 3;
    }
    if (e instanceof Expr.Lit l && l.text().startsWith("-")) {
      return 14;
    }
    return 16;
  }

  /**
   * Builds one format string (with {@code $T} for types, so JavaPoet manages imports) per method
   * body instead of a CodeBlock per node: printing is a large part of the processor's time.
   */
  private static final class Fmt {
    private final StringBuilder format = new StringBuilder();
    private final List<Object> args = new ArrayList<>();

    CodeBlock build() {
      return CodeBlock.of(format.toString(), args.toArray());
    }

    /** Ends a statement, as {@code addStatement} does (no line of ours is ever wrapped). */
    Fmt endStatement() {
      format.append(";\n");
      return this;
    }

    /** As JavaPoet's {@code beginControlFlow}: the text, a line break, one more indent. */
    Fmt openBlock(String text) {
      raw(text);
      format.append("\n$>");
      return this;
    }

    /** As JavaPoet's {@code endControlFlow}/{@code nextControlFlow}: one less indent, then the text. */
    Fmt closeBlock(String text) {
      format.append("$<");
      return raw(text);
    }

    private Fmt raw(String text) {
      format.append(text.replace("$", "$$"));
      return this;
    }

    private Fmt type(Object typeName) {
      format.append("$T");
      args.add(typeName);
      return this;
    }

    private void list(List<Expr> items) {
      for (int i = 0; i < items.size(); i++) {
        if (i > 0) {
          raw(", ");
        }
        expr(items.get(i), 0);
      }
    }

    Fmt expr(Expr e, int min) {
      boolean parens = precedence(e) < min;
      if (parens) {
        raw("(");
      }
      inner(e);
      if (parens) {
        raw(")");
      }
      return this;
    }

    private void inner(Expr e) {
      if (e instanceof Expr.Lit l) {
        raw(l.text());
      } else if (e instanceof Expr.Var v) {
        raw(v.name());
      } else if (e instanceof Expr.Self) {
        raw("self");
      } else if (e instanceof Expr.Field fl) {
        if (fl.target() == null) {
          type(className(fl.owner()));
        } else {
          expr(fl.target(), 16);
        }
        raw(".").raw(fl.name());
      } else if (e instanceof Expr.Unary u) {
        Expr o = u.operand();
        boolean clash = (o instanceof Expr.Unary ou && (ou.op().equals(u.op()) || u.op().equals("-") && ou.op().equals("-")))
            || (o instanceof Expr.Lit lit && lit.text().startsWith(u.op()));
        raw(u.op());
        if (clash) {
          raw("(");
          expr(o, 0);
          raw(")");
        } else {
          expr(o, 14);
        }
      } else if (e instanceof Expr.Binary b) {
        int p = precedence(b);
        expr(b.left(), p);
        raw(" " + b.op() + " ");
        expr(b.right(), p + 1);
      } else if (e instanceof Expr.Cond c) {
        expr(c.cond(), 4);
        raw(" ? ");
        expr(c.ifTrue(), 4);
        raw(" : ");
        expr(c.ifFalse(), 3);
      } else if (e instanceof Expr.Cast c) {
        raw("(").type(typeName(c.type())).raw(") ");
        expr(c.operand(), 14);
      } else if (e instanceof Expr.Index i) {
        expr(i.array(), 16);
        raw("[");
        expr(i.index(), 0);
        raw("]");
      } else if (e instanceof Expr.Length l) {
        expr(l.array(), 16);
        raw(".length");
      } else if (e instanceof Expr.NewArray n) {
        raw("new ").type(typeName(n.type().scalar()));
        for (Expr d : n.dims()) {
          raw("[");
          expr(d, 0);
          raw("]");
        }
        raw("[]".repeat(n.type().rank() - n.dims().size()));
        if (n.elements() != null) {
          raw(" ");
          initializer(n);
        }
      } else if (e instanceof Expr.NewObject n) {
        raw("new ").type(typeName(n.type())).raw("(");
        list(n.args());
        raw(")");
      } else if (e instanceof Expr.NewRecord r) {
        raw("new ").type(typeName(r.type())).raw("(");
        list(r.components());
        raw(")");
      } else if (e instanceof Expr.Call c) {
        if (c.receiver() != null) {
          expr(c.receiver(), 16);
        } else {
          type(className(c.owner()));
        }
        raw(".").raw(c.name()).raw("(");
        list(c.args());
        raw(")");
      } else if (e instanceof Expr.Invoke i) {
        if (i.target() != null) {
          raw(i.target());
        } else {
          type(className(i.owner()));
        }
        raw(".").raw(i.method()).raw("(");
        list(i.args());
        raw(")");
      } else {
        throw new IllegalStateException("cannot print " + e);
      }
    }

    private void initializer(Expr.NewArray n) {
      raw("{");
      for (int i = 0; i < n.elements().size(); i++) {
        if (i > 0) {
          raw(", ");
        }
        Expr x = n.elements().get(i);
        if (x instanceof Expr.NewArray inner && inner.dims().isEmpty() && inner.elements() != null) {
          initializer(inner);
        } else {
          expr(x, 0);
        }
      }
      raw("}");
    }
  }
}
