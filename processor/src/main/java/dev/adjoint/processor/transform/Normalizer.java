package dev.adjoint.processor.transform;

import dev.adjoint.processor.analysis.Activity;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.JType;
import dev.adjoint.processor.ir.Stmt;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Puts the body in the shape the reverse sweep needs: a jump ({@code break}, {@code continue},
 * {@code return}) is always the last statement executed in its block, so that replaying recorded
 * branch decisions replays exactly the statements that ran.
 *
 * <ul>
 *   <li>{@code if (c) { ...; break; } rest} becomes {@code if (c) { ...; break; } else { rest }};
 *   <li>otherwise the rest of a block after a statement that may jump out is guarded by a flag
 *       ({@code _jump0 = true} before the jump, {@code if (!_jump0) { rest }});
 *   <li>{@code return v} becomes an assignment to {@code _value} (plus a {@code break} out of the
 *       outermost loop when it is inside loops), so the method has a single exit.
 * </ul>
 */
public final class Normalizer {
  private int nextFlag;
  private final Map<Integer, Stmt.Loop> loops = new HashMap<>();
  private final JType resultType;

  private Normalizer(JType resultType) {
    this.resultType = resultType;
  }

  /** Normalizes a method body. */
  public static List<Stmt> normalize(List<Stmt> body, JType resultType) {
    Normalizer n = new Normalizer(resultType);
    List<Stmt> loopReturns = n.returnsInLoops(countedBounds(body), new ArrayList<>());
    List<Stmt> jumps = n.block(loopReturns);
    List<Stmt> out = n.returns(jumps, new ArrayList<>());
    if (!out.isEmpty() && out.get(out.size() - 1) instanceof Stmt.Assign a
        && a.target() instanceof Expr.Var v && v.name().equals(Activity.RESULT) && countResultWrites(out) == 1) {
      out.set(out.size() - 1, new Stmt.Decl(v, a.value(), a.line()));
    }
    return out;
  }

  /**
   * {@code for (int i = a; i + 1 < n; i++)} becomes {@code for (int i = a; i < n - 1; i++)}: the same trips (but for a
   * bound within k of {@code Integer.MIN_VALUE}, where {@code n - k} wraps around), in the form of a counted loop,
   * whose trips the reverse sweep recomputes instead of counting them and saving what each overwrites.
   */
  private static List<Stmt> countedBounds(List<Stmt> body) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : body) {
      if (s instanceof Stmt.Loop l) {
        Expr cond = l.cond();
        if (l.init().size() == 1 && l.init().get(0) instanceof Stmt.Decl d && d.var().type().equals(JType.INT)
            && cond instanceof Expr.Binary c && (c.op().equals("<") || c.op().equals("<="))
            && c.left() instanceof Expr.Binary sum && sum.op().equals("+") && sum.left() instanceof Expr.Var v
            && v.name().equals(d.var().name()) && sum.right() instanceof Expr.Lit k && k.text().matches("\\d+")
            && c.right().type().equals(JType.INT)) {
          cond = new Expr.Binary(c.op(), v, new Expr.Binary("-", c.right(), k, JType.INT), c.type());
        }
        out.add(new Stmt.Loop(l.id(), l.label(), l.kind(), l.init(), cond, l.update(), countedBounds(l.body()), l.line()));
      } else if (s instanceof Stmt.If i) {
        out.add(i.withBranches(countedBounds(i.then()), countedBounds(i.otherwise())));
      } else {
        out.add(s);
      }
    }
    return out;
  }

  private static int countResultWrites(List<Stmt> body) {
    int[] n = {0};
    dev.adjoint.processor.analysis.IrWalk.statements(body, s -> {
      if (s instanceof Stmt.Assign a && a.target() instanceof Expr.Var v && v.name().equals(Activity.RESULT)) {
        n[0]++;
      }
    });
    return n[0];
  }

  // ------------------------------------------------------------------ jumps

  private List<Stmt> block(List<Stmt> in) {
    List<Stmt> out = new ArrayList<>();
    for (int i = 0; i < in.size(); i++) {
      Stmt original = in.get(i);
      List<Stmt> rest = in.subList(i + 1, in.size());
      Stmt s = stmt(original);
      if (alwaysJumps(s)) {
        out.add(s);
        return out;
      }
      if (rest.isEmpty() || !mayJump(s, new HashSet<>())) {
        out.add(s);
        continue;
      }
      if (original instanceof Stmt.If f && s instanceof Stmt.If normalized) {
        List<Stmt> then = normalized.then();
        List<Stmt> otherwise = normalized.otherwise();
        if (alwaysJumps(then) && !alwaysJumps(otherwise)) {
          List<Stmt> merged = new ArrayList<>(f.otherwise());
          merged.addAll(rest);
          out.add(f.withBranches(then, block(merged)));
          return out;
        }
        if (alwaysJumps(otherwise) && !alwaysJumps(then)) {
          List<Stmt> merged = new ArrayList<>(f.then());
          merged.addAll(rest);
          out.add(f.withBranches(block(merged), otherwise));
          return out;
        }
      }
      Expr.Var flag = new Expr.Var("_jump" + nextFlag++, JType.BOOLEAN);
      out.add(new Stmt.Assign(flag, "=", new Expr.Lit("false", JType.BOOLEAN), 0));
      out.add(markJumps(s, flag, new HashSet<>()));
      out.add(new Stmt.If(new Expr.Unary("!", flag, JType.BOOLEAN), block(new ArrayList<>(rest)), List.of(), 0));
      return out;
    }
    return out;
  }

  private Stmt stmt(Stmt s) {
    if (s instanceof Stmt.If f) {
      return f.withBranches(block(f.then()), block(f.otherwise()));
    }
    if (s instanceof Stmt.Loop l) {
      Stmt.Loop n = l.withBody(block(l.body()));
      loops.put(l.id(), n);
      return n;
    }
    return s;
  }

  private static boolean alwaysJumps(Stmt s) {
    if (s instanceof Stmt.Break || s instanceof Stmt.Continue || s instanceof Stmt.Return) {
      return true;
    }
    if (s instanceof Stmt.If f) {
      return alwaysJumps(f.then()) && alwaysJumps(f.otherwise());
    }
    return false;
  }

  private static boolean alwaysJumps(List<Stmt> block) {
    return block.stream().anyMatch(Normalizer::alwaysJumps);
  }

  /** True if a jump inside s leaves s (targets a loop not inside s, or returns). */
  private static boolean mayJump(Stmt s, Set<Integer> inner) {
    if (s instanceof Stmt.Return) {
      return true;
    }
    if (s instanceof Stmt.Break b) {
      return !inner.contains(b.target());
    }
    if (s instanceof Stmt.Continue c) {
      return !inner.contains(c.target());
    }
    if (s instanceof Stmt.If f) {
      return f.then().stream().anyMatch(x -> mayJump(x, inner)) || f.otherwise().stream().anyMatch(x -> mayJump(x, inner));
    }
    if (s instanceof Stmt.Loop l) {
      Set<Integer> in2 = new HashSet<>(inner);
      in2.add(l.id());
      return l.body().stream().anyMatch(x -> mayJump(x, in2));
    }
    return false;
  }

  private Stmt markJumps(Stmt s, Expr.Var flag, Set<Integer> inner) {
    if (s instanceof Stmt.If f) {
      return f.withBranches(markJumps(f.then(), flag, inner), markJumps(f.otherwise(), flag, inner));
    }
    if (s instanceof Stmt.Loop l) {
      Set<Integer> in2 = new HashSet<>(inner);
      in2.add(l.id());
      Stmt.Loop n = l.withBody(markJumps(l.body(), flag, in2));
      loops.put(l.id(), n);
      return n;
    }
    return s;
  }

  private List<Stmt> markJumps(List<Stmt> block, Expr.Var flag, Set<Integer> inner) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : block) {
      if (mayJump(s, inner) && (s instanceof Stmt.Break || s instanceof Stmt.Continue || s instanceof Stmt.Return)) {
        out.add(new Stmt.Assign(flag, "=", new Expr.Lit("true", JType.BOOLEAN), 0));
        out.add(s);
      } else {
        out.add(markJumps(s, flag, inner));
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ returns

  private static final Expr.Var RETURNED = new Expr.Var("_returned", JType.BOOLEAN);

  /** A jump that leaves more than one loop, carried out one loop at a time through a flag. */
  private record Escape(Expr.Var flag, int target, boolean isContinue) {}

  /**
   * Jumps that leave several loops at once ({@code return} inside loops, {@code break outer},
   * {@code continue outer}) set a flag and leave only the innermost loop; after each loop, an
   * {@code if (flag)} continues the jump one level further out. Control thus reaches (and records)
   * every branch on the way out, which the reverse sweep replays.
   */
  private List<Stmt> returnsInLoops(List<Stmt> in, List<Stmt.Loop> enclosing) {
    return levels(in, enclosing, new java.util.LinkedHashSet<>());
  }

  private List<Stmt> levels(List<Stmt> in, List<Stmt.Loop> enclosing, Set<Escape> escapes) {
    List<Stmt> out = new ArrayList<>();
    Stmt.Loop innermost = enclosing.isEmpty() ? null : enclosing.get(enclosing.size() - 1);
    for (Stmt s : in) {
      if (s instanceof Stmt.Return r && innermost != null && r.value() != null) {
        out.add(new Stmt.Assign(new Expr.Var(Activity.RESULT, resultType), "=", r.value(), r.line()));
        out.add(new Stmt.Assign(RETURNED, "=", new Expr.Lit("true", JType.BOOLEAN), 0));
        out.add(new Stmt.Break(innermost.id(), null, r.line()));
        escapes.add(new Escape(RETURNED, -1, false));
      } else if (s instanceof Stmt.Break b && innermost != null && b.target() != innermost.id()) {
        Expr.Var flag = new Expr.Var("_break" + b.target(), JType.BOOLEAN);
        out.add(new Stmt.Assign(flag, "=", new Expr.Lit("true", JType.BOOLEAN), 0));
        out.add(new Stmt.Break(innermost.id(), null, b.line()));
        escapes.add(new Escape(flag, b.target(), false));
      } else if (s instanceof Stmt.Continue c && innermost != null && c.target() != innermost.id()) {
        Expr.Var flag = new Expr.Var("_continue" + c.target(), JType.BOOLEAN);
        out.add(new Stmt.Assign(flag, "=", new Expr.Lit("true", JType.BOOLEAN), 0));
        out.add(new Stmt.Break(innermost.id(), null, c.line()));
        escapes.add(new Escape(flag, c.target(), true));
      } else if (s instanceof Stmt.If f) {
        out.add(f.withBranches(levels(f.then(), enclosing, escapes), levels(f.otherwise(), enclosing, escapes)));
      } else if (s instanceof Stmt.Loop l) {
        List<Stmt.Loop> en2 = new ArrayList<>(enclosing);
        en2.add(l);
        Set<Escape> inner = new java.util.LinkedHashSet<>();
        out.add(l.withBody(levels(l.body(), en2, inner)));
        for (Escape e : inner) {
          Expr.Lit no = new Expr.Lit("false", JType.BOOLEAN);
          if (innermost != null && e.target() == innermost.id()) {
            Stmt jump = e.isContinue() ? new Stmt.Continue(innermost.id(), null, 0) : new Stmt.Break(innermost.id(), null, 0);
            out.add(new Stmt.If(e.flag(), List.of(new Stmt.Assign(e.flag(), "=", no, 0), jump), List.of(), 0));
          } else if (innermost == null) {
            out.add(new Stmt.If(e.flag(), List.of(new Stmt.Return(null, 0)), List.of(), 0));
          } else {
            out.add(new Stmt.If(e.flag(), List.of(new Stmt.Break(innermost.id(), null, 0)), List.of(), 0));
            escapes.add(e);
          }
        }
      } else {
        out.add(s);
      }
    }
    return out;
  }

  private static boolean containsReturn(List<Stmt> body) {
    boolean[] found = {false};
    dev.adjoint.processor.analysis.IrWalk.statements(body, s -> {
      if (s instanceof Stmt.Return) {
        found[0] = true;
      }
    });
    return found[0];
  }

  private List<Stmt> returns(List<Stmt> in, List<Stmt.Loop> enclosing) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : in) {
      if (s instanceof Stmt.Return r) {
        if (r.value() != null) {
          out.add(new Stmt.Assign(new Expr.Var(Activity.RESULT, resultType), "=", r.value(), r.line()));
        }
      } else if (s instanceof Stmt.If f) {
        out.add(f.withBranches(returns(f.then(), enclosing), returns(f.otherwise(), enclosing)));
      } else if (s instanceof Stmt.Loop l) {
        List<Stmt.Loop> en2 = new ArrayList<>(enclosing);
        en2.add(l);
        out.add(l.withBody(returns(l.body(), en2)));
      } else {
        out.add(s);
      }
    }
    return out;
  }
}
