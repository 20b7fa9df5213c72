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
  private final Map<Integer, String> labels = new HashMap<>();
  private final JType resultType;

  private Normalizer(JType resultType) {
    this.resultType = resultType;
  }

  /** Normalizes a method body. */
  public static List<Stmt> normalize(List<Stmt> body, JType resultType) {
    Normalizer n = new Normalizer(resultType);
    List<Stmt> jumps = n.block(body);
    List<Stmt> out = n.returns(jumps, new ArrayList<>());
    if (!out.isEmpty() && out.get(out.size() - 1) instanceof Stmt.Assign a
        && a.target() instanceof Expr.Var v && v.name().equals(Activity.RESULT) && countResultWrites(out) == 1) {
      out.set(out.size() - 1, new Stmt.Decl(v, a.value(), a.line()));
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
      if (original instanceof Stmt.If f) {
        List<Stmt> then = block(f.then());
        List<Stmt> otherwise = block(f.otherwise());
        if (alwaysJumps(then) && !alwaysJumps(otherwise)) {
          List<Stmt> merged = new ArrayList<>(f.otherwise());
          merged.addAll(rest);
          out.add(new Stmt.If(f.cond(), then, block(merged), f.line()));
          return out;
        }
        if (alwaysJumps(otherwise) && !alwaysJumps(then)) {
          List<Stmt> merged = new ArrayList<>(f.then());
          merged.addAll(rest);
          out.add(new Stmt.If(f.cond(), block(merged), otherwise, f.line()));
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
      return new Stmt.If(f.cond(), block(f.then()), block(f.otherwise()), f.line());
    }
    if (s instanceof Stmt.Loop l) {
      Stmt.Loop n = new Stmt.Loop(l.id(), l.label(), l.kind(), l.init(), l.cond(), l.update(), block(l.body()), l.line());
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
      return new Stmt.If(f.cond(), markJumps(f.then(), flag, inner), markJumps(f.otherwise(), flag, inner), f.line());
    }
    if (s instanceof Stmt.Loop l) {
      Set<Integer> in2 = new HashSet<>(inner);
      in2.add(l.id());
      Stmt.Loop n = new Stmt.Loop(l.id(), l.label(), l.kind(), l.init(), l.cond(), l.update(), markJumps(l.body(), flag, in2), l.line());
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

  private List<Stmt> returns(List<Stmt> in, List<Stmt.Loop> enclosing) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : in) {
      if (s instanceof Stmt.Return r) {
        Expr.Var result = new Expr.Var(Activity.RESULT, resultType);
        out.add(new Stmt.Assign(result, "=", r.value(), r.line()));
        if (!enclosing.isEmpty()) {
          Stmt.Loop outer = enclosing.get(0);
          String label = null;
          if (enclosing.size() > 1) {
            label = labels.computeIfAbsent(outer.id(), id -> outer.label() != null ? outer.label() : "_return" + id);
          }
          out.add(new Stmt.Break(outer.id(), label, r.line()));
        }
      } else if (s instanceof Stmt.If f) {
        out.add(new Stmt.If(f.cond(), returns(f.then(), enclosing), returns(f.otherwise(), enclosing), f.line()));
      } else if (s instanceof Stmt.Loop l) {
        List<Stmt.Loop> en2 = new ArrayList<>(enclosing);
        en2.add(l);
        List<Stmt> body = returns(l.body(), en2);
        String label = l.label() != null ? l.label() : labels.get(l.id());
        out.add(new Stmt.Loop(l.id(), label, l.kind(), l.init(), l.cond(), l.update(), body, l.line()));
      } else {
        out.add(s);
      }
    }
    return out;
  }
}
