package dev.adjoint.processor.transform;

import dev.adjoint.processor.analysis.Activity;
import dev.adjoint.processor.analysis.IrWalk;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.JType;
import dev.adjoint.processor.ir.Stmt;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * On the joined body: a loop of the reverse sweep that only adds into adjoints, from scalar adjoints that are all
 * zero, adds nothing, so it is skipped while they are ({@code if (_d_dist != 0) for (...) ...}). A reverse sweep is
 * linear in its adjoints, and a selection makes most of them zero: the k-means cost's {@code min} over k centroids
 * passes its adjoint to one, and the reverse of the distance loop of every other centroid is skipped.
 *
 * <p>A loop qualifies when it reads no adjoint array element (an incoming adjoint this test cannot see), pops no
 * stack, calls nothing but {@code Math} functions, {@code DoubleRules} and {@code Adjoints} accumulations, writes
 * adjoint arrays only by {@code +=}, and recomputes only locals that it assigns before reading them and nothing
 * after it in the reverse sweep reads. Every scalar adjoint it reads or assigns is in its test (one it only adds
 * into is not: adding zero leaves it as it was). Where the skipped
 * loop would have multiplied a zero adjoint by an infinite or NaN value, the gradient keeps a zero instead of NaN.
 *
 * <p>The test marks its loop with a comment: forward mode over a written-out reverse sweep ({@code vjp = false})
 * adds the adjoints' tangents to it, and a written-out reverse sweep differentiated in reverse drops it ({@link
 * #unguard}): there a zero adjoint still has a nonzero derivative.
 */
final class ZeroAdjointSkips {
  /** The comment before each test; what {@link #unguard} and forward mode look for. */
  static final String MARK = "skipped while its adjoints are zero: it would add nothing";

  private static final String ADJOINT = "_d_";

  private ZeroAdjointSkips() {}

  /**
   * The body with each qualifying loop of its reverse sweep behind a test of its scalar adjoints: after the sweeps
   * meet, and inside the forward sweep where a trip's reverse runs right after it (there a loop may recompute only
   * the locals declared in the loop it reverses, which nothing outside that loop reads before assigning them).
   *
   * @param normalized the method's statements, which say where each local is declared
   */
  static List<Stmt> guard(List<Stmt> body, List<Stmt> normalized) {
    Map<String, Set<String>> declaredInLoop = new HashMap<>();
    IrWalk.statements(normalized, s -> {
      if (s instanceof Stmt.Loop l && !l.init().isEmpty() && l.init().get(0) instanceof Stmt.Decl counter) {
        Set<String> names = new HashSet<>();
        IrWalk.statements(l.body(), x -> {
          if (x instanceof Stmt.Decl d) {
            names.add(d.var().name());
          }
        });
        declaredInLoop.put(counter.var().name(), names);
      }
    });
    int meet = SweepSplitter.meetIndex(body);
    List<Stmt> reverse = meet < 0 ? List.of() : body.subList(meet + 1, body.size());
    List<Stmt> out = new ArrayList<>(block(meet < 0 ? body : body.subList(0, meet + 1), null, false, declaredInLoop));
    out.addAll(block(reverse, reverse, false, declaredInLoop));
    return out;
  }

  /** The statements without their tests: each test's loop in its place. */
  static List<Stmt> unguard(List<Stmt> stmts) {
    List<Stmt> out = new ArrayList<>();
    for (int i = 0; i < stmts.size(); i++) {
      Stmt s = stmts.get(i);
      if (isMark(s) && i + 1 < stmts.size() && stmts.get(i + 1) instanceof Stmt.If test) {
        out.addAll(unguard(test.then()));
        i++;
      } else if (s instanceof Stmt.If f) {
        out.add(f.withBranches(unguard(f.then()), unguard(f.otherwise())));
      } else if (s instanceof Stmt.Loop l) {
        out.add(l.withBody(unguard(l.body())));
      } else {
        out.add(s);
      }
    }
    return out;
  }

  /** {@code test || v != 0}, or {@code v != 0} when there is no test yet. */
  static Expr orNonzero(Expr test, Expr.Var v) {
    Expr nonzero = new Expr.Binary("!=", v, Exprs.lit(0), JType.BOOLEAN);
    return test == null ? nonzero : new Expr.Binary("||", test, nonzero, JType.BOOLEAN);
  }

  static boolean isMark(Stmt s) {
    return s instanceof Stmt.Comment c && c.text().equals(MARK);
  }

  /**
   * {@code inLoop}: only a loop run many times is worth a test (one run once would skip only with a zero seed).
   * {@code reverse}: the reverse sweep, which must not read what a skipped loop recomputes; null before the sweeps meet.
   */
  private static List<Stmt> block(List<Stmt> stmts, List<Stmt> reverse, boolean inLoop, Map<String, Set<String>> declaredInLoop) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : stmts) {
      if (s instanceof Stmt.Loop l) {
        Set<String> adjoints = inLoop ? skippable(l, reverse, declaredInLoop) : null;
        if (adjoints != null) {
          Expr test = null;
          for (String a : adjoints) {
            test = orNonzero(test, new Expr.Var(a, JType.DOUBLE));
          }
          out.add(new Stmt.Comment(MARK));
          out.add(new Stmt.If(test, List.of(l), List.of(), l.line()));
        } else {
          out.add(l.withBody(block(l.body(), reverse, true, declaredInLoop)));
        }
      } else if (s instanceof Stmt.If f) {
        out.add(f.withBranches(block(f.then(), reverse, inLoop, declaredInLoop),
            block(f.otherwise(), reverse, inLoop, declaredInLoop)));
      } else {
        out.add(s);
      }
    }
    return out;
  }

  /** The scalar adjoints whose being zero makes the loop add nothing, or null if it cannot be skipped. */
  private static Set<String> skippable(Stmt.Loop loop, List<Stmt> reverse, Map<String, Set<String>> declaredInLoop) {
    Set<String> adjoints = new TreeSet<>();
    Set<String> declared = new TreeSet<>();
    Set<String> recomputed = new TreeSet<>();
    boolean[] ok = {true};
    IrWalk.statements(List.of(loop), s -> {
      if (s instanceof Stmt.Decl d) {
        declared.add(d.var().name());
      } else if (s instanceof Stmt.Assign a) {
        if (a.target() instanceof Expr.Var v) {
          if (isAdjoint(v.name())) {
            ok[0] &= v.type().rank() == 0;
          } else {
            recomputed.add(v.name());
          }
        } else if (a.target() instanceof Expr.Index i) {
          String root = IrWalk.rootVar(i);
          // only accumulations into adjoint arrays; a primal array written here is a restore
          ok[0] &= root != null && isAdjoint(root) && (a.op().equals("+=") || a.op().equals("-="));
        } else {
          ok[0] = false;
        }
      } else if (s instanceof Stmt.IncDec inc) {
        if (inc.target() instanceof Expr.Var v && !isAdjoint(v.name())) {
          recomputed.add(v.name());
          ok[0] &= declared.contains(v.name()) || isLoopCounter(loop, v.name());
        } else {
          ok[0] = false;
        }
      } else if (s instanceof Stmt.ExprStmt e) {
        ok[0] &= e.expr() instanceof Expr.Invoke add && Activity.isAdjointAccumulation(add)
            && add.args().get(0) instanceof Expr.Var target && isAdjoint(target.name());
      } else if (!(s instanceof Stmt.Loop || s instanceof Stmt.If || s instanceof Stmt.Comment)) {
        ok[0] = false; // jumps, throws
      }
      if (!ok[0]) {
        return;
      }
      IrWalk.ownExpressions(s, e -> {
        // adding zero into an adjoint leaves it as it was: the adjoints added into are not in the test
        boolean accumulatedInto = s instanceof Stmt.Assign a && e == a.target() && a.target() instanceof Expr.Var
            && (a.op().equals("+=") || a.op().equals("-="));
        if (!accumulatedInto) {
          readsOf(e, s, adjoints, ok);
        }
      });
    });
    if (!ok[0] || adjoints.isEmpty()) {
      return null;
    }
    recomputed.removeAll(declared);
    recomputed.removeIf(v -> isLoopCounter(loop, v));
    // the loop it reverses, by its counter (one name per variable in a method): what the user declared in it
    Set<String> userLocals = loop.init().size() == 1 && loop.init().get(0) instanceof Stmt.Decl counter
        ? declaredInLoop.getOrDefault(counter.var().name(), Set.of()) : Set.of();
    for (String v : recomputed) {
      if (!assignedBeforeRead(loop.body(), v)
          || !userLocals.contains(v) && (reverse == null || readOutside(reverse, loop, v))) {
        return null;
      }
    }
    return adjoints;
  }

  private static void readsOf(Expr e, Stmt s, Set<String> adjoints, boolean[] ok) {
    Expr accumulated = s instanceof Stmt.Assign a && a.target() instanceof Expr.Index ? a.target()
        : s instanceof Stmt.ExprStmt x && x.expr() instanceof Expr.Invoke add ? add.args().get(0) : null;
    IrWalk.expressions(e, x -> {
      if (x instanceof Expr.Var v && isAdjoint(v.name())) {
        if (v.type().rank() == 0) {
          adjoints.add(v.name());
        } else if (accumulated == null || !(accumulated == x || accumulated instanceof Expr.Index i && i.array() == x)) {
          ok[0] = false; // an adjoint array read: an incoming adjoint the test cannot see
        }
      } else if (x instanceof Expr.Invoke i) {
        ok[0] &= i.target() == null && (Exprs.RULES.equals(i.owner()) || i == (s instanceof Stmt.ExprStmt st ? st.expr() : null));
      } else if (x instanceof Expr.Call c) {
        ok[0] &= c.kind() == Expr.CallKind.MATH;
      }
    });
  }

  private static boolean isAdjoint(String name) {
    return name.startsWith(ADJOINT);
  }

  private static boolean isLoopCounter(Stmt.Loop loop, String name) {
    boolean[] counter = {false};
    IrWalk.statements(List.of(loop), s -> {
      if (s instanceof Stmt.Loop l) {
        for (Stmt i : l.init()) {
          counter[0] |= i instanceof Stmt.Decl d && d.var().name().equals(name);
        }
      }
    });
    return counter[0];
  }

  /** True if, walking the loop's body in order, v's first mention is an assignment of a value not reading v. */
  private static boolean assignedBeforeRead(List<Stmt> body, String v) {
    for (Stmt s : body) {
      if (s instanceof Stmt.Assign a && a.op().equals("=") && a.target() instanceof Expr.Var t && t.name().equals(v)) {
        return !IrWalk.reads(a.value(), v);
      }
      if (IrWalk.mentionedNames(List.of(s)).contains(v)) {
        return false;
      }
    }
    return false;
  }

  /** True if a statement of the reverse sweep outside the loop reads v. */
  private static boolean readOutside(List<Stmt> reverse, Stmt.Loop loop, String v) {
    Set<Stmt> inside = Collections.newSetFromMap(new IdentityHashMap<>());
    IrWalk.statements(List.of(loop), inside::add);
    boolean[] read = {false};
    IrWalk.statements(reverse, s -> {
      if (!inside.contains(s)) {
        IrWalk.ownExpressions(s, e -> read[0] |= IrWalk.reads(e, v));
      }
    });
    return read[0];
  }
}
