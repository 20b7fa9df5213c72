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

  public static void emit(List<Stmt> stmts, CodeBlock.Builder out) {
    for (Stmt s : stmts) {
      emit(s, out);
    }
  }

  private static void emit(Stmt s, CodeBlock.Builder out) {
    if (s instanceof Stmt.Decl d) {
      if (d.init() == null) {
        out.addStatement("$T $L", typeName(d.var().type()), d.var().name());
      } else {
        out.addStatement("$T $L = $L", typeName(d.var().type()), d.var().name(), expr(d.init(), 0));
      }
    } else if (s instanceof Stmt.Assign a) {
      out.addStatement("$L", inline(a));
    } else if (s instanceof Stmt.IncDec i) {
      out.addStatement("$L", inline(i));
    } else if (s instanceof Stmt.ExprStmt e) {
      out.addStatement("$L", expr(e.expr(), 0));
    } else if (s instanceof Stmt.Throw t) {
      out.addStatement("throw $L", expr(t.exception(), 0));
    } else if (s instanceof Stmt.Comment c) {
      out.add("// $L\n", c.text());
    } else if (s instanceof Stmt.Break b) {
      out.addStatement(b.label() == null ? "break" : "break " + b.label());
    } else if (s instanceof Stmt.Continue c) {
      out.addStatement(c.label() == null ? "continue" : "continue " + c.label());
    } else if (s instanceof Stmt.If f) {
      out.beginControlFlow("if ($L)", expr(f.cond(), 0));
      emit(f.then(), out);
      List<Stmt> otherwise = f.otherwise();
      while (otherwise.size() == 1 && otherwise.get(0) instanceof Stmt.If elseIf) {
        out.nextControlFlow("else if ($L)", expr(elseIf.cond(), 0));
        emit(elseIf.then(), out);
        otherwise = elseIf.otherwise();
      }
      if (!otherwise.isEmpty()) {
        out.nextControlFlow("else");
        emit(otherwise, out);
      }
      out.endControlFlow();
    } else if (s instanceof Stmt.Loop l) {
      String label = l.label() == null ? "" : l.label() + ": ";
      switch (l.kind()) {
        case FOR -> {
          out.beginControlFlow("$Lfor ($L; $L; $L)", label, forInit(l.init()),
              l.cond() == null ? CodeBlock.of("") : expr(l.cond(), 0), forUpdate(l.update()));
          emit(l.body(), out);
          out.endControlFlow();
        }
        case WHILE -> {
          emit(l.init(), out);
          out.beginControlFlow("$Lwhile ($L)", label, l.cond() == null ? CodeBlock.of("true") : expr(l.cond(), 0));
          emit(l.body(), out);
          emit(l.update(), out);
          out.endControlFlow();
        }
        case DO -> {
          emit(l.init(), out);
          out.beginControlFlow("$Ldo", label);
          emit(l.body(), out);
          emit(l.update(), out);
          out.endControlFlow("while ($L)", l.cond() == null ? CodeBlock.of("true") : expr(l.cond(), 0));
        }
      }
    } else {
      throw new IllegalStateException("cannot print " + s);
    }
  }

  private static CodeBlock forInit(List<Stmt> init) {
    if (init.size() == 1 && init.get(0) instanceof Stmt.Decl d) {
      return CodeBlock.of("$T $L = $L", typeName(d.var().type()), d.var().name(), expr(d.init(), 0));
    }
    return forUpdate(init);
  }

  private static CodeBlock forUpdate(List<Stmt> stmts) {
    List<CodeBlock> parts = new ArrayList<>();
    for (Stmt s : stmts) {
      if (s instanceof Stmt.Assign || s instanceof Stmt.IncDec) {
        parts.add(inline(s));
      } else if (s instanceof Stmt.ExprStmt e) {
        parts.add(expr(e.expr(), 0));
      } else {
        throw new IllegalStateException("not an expression statement: " + s);
      }
    }
    return CodeBlock.join(parts, ", ");
  }

  private static CodeBlock inline(Stmt s) {
    if (s instanceof Stmt.Assign a) {
      return CodeBlock.of("$L $L $L", expr(a.target(), 0), a.op(), expr(a.value(), 0));
    }
    Stmt.IncDec i = (Stmt.IncDec) s;
    return CodeBlock.of("$L$L", expr(i.target(), 15), i.op());
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

  /** Prints e, parenthesized if it binds less tightly than {@code min}. */
  public static CodeBlock expr(Expr e, int min) {
    CodeBlock inner = exprInner(e);
    return precedence(e) < min ? CodeBlock.of("($L)", inner) : inner;
  }

  private static CodeBlock args(List<Expr> args) {
    List<CodeBlock> parts = new ArrayList<>();
    for (Expr a : args) {
      parts.add(expr(a, 0));
    }
    return CodeBlock.join(parts, ", ");
  }

  private static CodeBlock exprInner(Expr e) {
    if (e instanceof Expr.Lit l) {
      return CodeBlock.of("$L", l.text());
    }
    if (e instanceof Expr.Var v) {
      return CodeBlock.of("$L", v.name());
    }
    if (e instanceof Expr.Self) {
      return CodeBlock.of("self");
    }
    if (e instanceof Expr.Field f) {
      if (f.target() == null) {
        return CodeBlock.of("$T.$L", className(f.owner()), f.name());
      }
      return CodeBlock.of("$L.$L", expr(f.target(), 16), f.name());
    }
    if (e instanceof Expr.Unary u) {
      Expr o = u.operand();
      boolean clash = (o instanceof Expr.Unary ou && (ou.op().equals(u.op()) || u.op().equals("-") && ou.op().equals("-")))
          || (o instanceof Expr.Lit lit && lit.text().startsWith(u.op()));
      return clash ? CodeBlock.of("$L($L)", u.op(), expr(o, 0)) : CodeBlock.of("$L$L", u.op(), expr(o, 14));
    }
    if (e instanceof Expr.Binary b) {
      int p = precedence(b);
      return CodeBlock.of("$L $L $L", expr(b.left(), p), b.op(), expr(b.right(), p + 1));
    }
    if (e instanceof Expr.Cond c) {
      return CodeBlock.of("$L ? $L : $L", expr(c.cond(), 4), expr(c.ifTrue(), 4), expr(c.ifFalse(), 3));
    }
    if (e instanceof Expr.Cast c) {
      return CodeBlock.of("($T) $L", typeName(c.type()), expr(c.operand(), 14));
    }
    if (e instanceof Expr.Index i) {
      return CodeBlock.of("$L[$L]", expr(i.array(), 16), expr(i.index(), 0));
    }
    if (e instanceof Expr.Length l) {
      return CodeBlock.of("$L.length", expr(l.array(), 16));
    }
    if (e instanceof Expr.NewArray n) {
      TypeName elem = typeName(n.type().scalar());
      StringBuilder dims = new StringBuilder();
      List<Object> argsList = new ArrayList<>();
      argsList.add(elem);
      for (Expr d : n.dims()) {
        dims.append("[$L]");
        argsList.add(expr(d, 0));
      }
      dims.append("[]".repeat(n.type().rank() - n.dims().size()));
      if (n.elements() == null) {
        return CodeBlock.of("new $T" + dims, argsList.toArray());
      }
      argsList.add(initializer(n));
      return CodeBlock.of("new $T" + dims + " $L", argsList.toArray());
    }
    if (e instanceof Expr.NewObject n) {
      return CodeBlock.of("new $T($L)", typeName(n.type()), args(n.args()));
    }
    if (e instanceof Expr.Call c) {
      if (c.receiver() != null) {
        return CodeBlock.of("$L.$L($L)", expr(c.receiver(), 16), c.name(), args(c.args()));
      }
      return CodeBlock.of("$T.$L($L)", className(c.owner()), c.name(), args(c.args()));
    }
    if (e instanceof Expr.Invoke i) {
      if (i.target() != null) {
        return CodeBlock.of("$L.$L($L)", i.target(), i.method(), args(i.args()));
      }
      return CodeBlock.of("$T.$L($L)", className(i.owner()), i.method(), args(i.args()));
    }
    throw new IllegalStateException("cannot print " + e);
  }

  private static CodeBlock initializer(Expr.NewArray n) {
    List<CodeBlock> parts = new ArrayList<>();
    for (Expr x : n.elements()) {
      if (x instanceof Expr.NewArray inner && inner.dims().isEmpty() && inner.elements() != null) {
        parts.add(initializer(inner));
      } else {
        parts.add(expr(x, 0));
      }
    }
    return CodeBlock.of("{$L}", CodeBlock.join(parts, ", "));
  }
}
