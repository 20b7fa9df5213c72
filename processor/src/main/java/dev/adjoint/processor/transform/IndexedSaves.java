package dev.adjoint.processor.transform;

import dev.adjoint.processor.analysis.IrWalk;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.JType;
import dev.adjoint.processor.ir.Stmt;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A stack of numbers pushed once per trip of a nest of counted loops and popped once per trip of the nest's
 * reverse, as an array indexed by the loops' counters, as Enzyme caches values of loops whose trip counts are
 * known when they start:
 *
 * <pre>{@code
 * DoubleStack _t2 = new DoubleStack();             double[] _t2 = new double[Adjoints.cells(k, d)];
 * for (int c = 0; c < k; c++) {                    for (int c = 0; c < k; c++) {
 *   for (int row = 0; row < d; row++) {              for (int row = 0; row < d; row++) {
 *     ...; _t2.push(qx);                     ==>       ...; _t2[c * d + row] = qx;
 *   }                                                }
 * }                                                }
 * for (int c = k - 1; c >= 0; c--) {              for (int c = k - 1; c >= 0; c--) {
 *   for (int row = d - 1; row >= 0; row--) {         for (int row = d - 1; row >= 0; row--) {
 *     qx = _t2.pop(); ...                              qx = _t2[c * d + row]; ...
 *   }                                                }
 * }                                                }
 * }</pre>
 *
 * <p>The trip that pops a slot is the trip that pushed it, so the values read are those the stack would have
 * returned; the saves and reads are then plain array accesses at offsets the loops compute, with no size to keep
 * and no capacity to check (gmm's gradient, whose trip over a point saves one number per component and row, took
 * about a tenth less time). A stack is rewritten only when all of this holds, else it stays a stack:
 *
 * <ul>
 *   <li>it is declared at the top level, pushed by one statement, popped by one ({@code x = _t.pop()}), released
 *       at most once, and named nowhere else;
 *   <li>the push is a statement of the innermost of a nest of loops, each the body's statement of the one around
 *       it (no {@code if} between them), each {@code for (int v = a; v < b (or <=); v++)}; the pop likewise in a
 *       nest of as many loops {@code for (int v = last; v >= a; v--)} over the same counters and ranges, the
 *       reverse the generator writes for a counted loop; the two nests are statements of one block, the push's
 *       first, and no jump leaves either;
 *   <li>every bound reads only literals, the lengths of arrays and variables assigned nowhere in the method but
 *       by their declarations: parameters, or locals declared at the top level before the statement holding the
 *       nests, where the array is allocated; so the bounds, and each slot's index, are the same when pushing and
 *       when popping.
 * </ul>
 *
 * <p>Only the printed {@code mVjp} is rewritten: code that differentiates generated IR again (forward over
 * reverse) reads the stacks, which its rules know.
 */
public final class IndexedSaves {
  private IndexedSaves() {}

  /**
   * Where a statement is: the blocks around it, outermost first (the method's body not counted), and the loop or
   * branch owning each.
   */
  private record Place(List<List<Stmt>> blocks, List<Stmt> owners) {}

  /** A stack's statements. */
  private static final class Uses {
    Stmt.Decl decl;
    int declIndex = -1;
    Stmt push;
    Place pushPlace;
    Stmt pop;
    Place popPlace;
    final List<Stmt> releases = new ArrayList<>();
    boolean other;
  }

  /** The body with every stack that qualifies replaced by an indexed array. */
  public static List<Stmt> apply(List<Stmt> body) {
    Map<String, Uses> stacks = new LinkedHashMap<>();
    for (int k = 0; k < body.size(); k++) {
      if (body.get(k) instanceof Stmt.Decl d && Exprs.isStack(d.var().type()) && element(d.var().type()) != null
          && d.init() instanceof Expr.NewObject) {
        Uses u = new Uses();
        u.decl = d;
        u.declIndex = k;
        stacks.put(d.var().name(), u);
      }
    }
    if (stacks.isEmpty()) {
      return body;
    }
    find(body, new ArrayList<>(), new ArrayList<>(), stacks);
    Set<String> assigned = assignedVariables(body);
    Set<String> declared = new HashSet<>();
    IrWalk.statements(body, x -> {
      if (x instanceof Stmt.Decl d) {
        declared.add(d.var().name()); // loop counters too: the walk visits loops' init
      }
    });
    Map<Stmt, Stmt> replaced = new IdentityHashMap<>();
    Map<Stmt, List<Stmt>> before = new IdentityHashMap<>();
    for (Map.Entry<String, Uses> e : stacks.entrySet()) {
      plan(e.getKey(), e.getValue(), body, assigned, declared, replaced, before);
    }
    if (replaced.isEmpty()) {
      return body;
    }
    List<Stmt> out = rewrite(body, replaced, before);
    boolean[] releases = {false};
    IrWalk.statements(out, s -> releases[0] |= s instanceof Stmt.ExprStmt e && e.expr() instanceof Expr.Invoke i
        && i.target() != null && i.method().equals("release") && i.args().isEmpty());
    if (!releases[0]) {
      out.removeIf(s -> s instanceof Stmt.Comment c && c.text().equals(BodyAssembler.RELEASE_COMMENT));
    }
    return out;
  }

  /** The element type of a stack of numbers this pass rewrites, or null. */
  private static JType element(JType stack) {
    String s = stack.source();
    return s.endsWith(".DoubleStack") ? JType.DOUBLE : s.endsWith(".FloatStack") ? JType.FLOAT
        : s.endsWith(".IntStack") ? JType.INT : null;
  }

  private static void find(List<Stmt> block, List<List<Stmt>> blocks, List<Stmt> owners, Map<String, Uses> stacks) {
    for (Stmt s : block) {
      Uses pushed = stackCalled(s, "push", stacks);
      Uses popped = popInto(s, stacks);
      Uses released = stackCalled(s, "release", stacks);
      if (pushed != null) {
        pushed.other |= pushed.push != null;
        pushed.push = s;
        pushed.pushPlace = new Place(List.copyOf(blocks), List.copyOf(owners));
      } else if (popped != null) {
        popped.other |= popped.pop != null;
        popped.pop = s;
        popped.popPlace = new Place(List.copyOf(blocks), List.copyOf(owners));
      } else if (released != null) {
        released.releases.add(s);
      }
      // any other mention of a stack keeps it a stack: in the value pushed, or in a statement not matched above
      if (pushed != null) {
        IrWalk.expressions(((Expr.Invoke) ((Stmt.ExprStmt) s).expr()).args().get(0), x -> markMention(x, stacks));
      } else if (popped == null && released == null) {
        IrWalk.ownExpressions(s, e -> IrWalk.expressions(e, x -> markMention(x, stacks)));
      }
      if (s instanceof Stmt.Decl d && stacks.containsKey(d.var().name()) && stacks.get(d.var().name()).decl != d) {
        stacks.get(d.var().name()).other = true;
      }
      List<List<Stmt>> children = s instanceof Stmt.Loop l ? List.of(l.body())
          : s instanceof Stmt.If f ? List.of(f.then(), f.otherwise()) : List.of();
      for (List<Stmt> child : children) {
        blocks.add(child);
        owners.add(s);
        find(child, blocks, owners, stacks);
        blocks.remove(blocks.size() - 1);
        owners.remove(owners.size() - 1);
      }
    }
  }

  /** Marks the stack {@code x} names (a variable other than its declaration's, or a call's receiver) as used otherwise. */
  private static void markMention(Expr x, Map<String, Uses> stacks) {
    String name = x instanceof Expr.Var v && stacks.containsKey(v.name()) && stacks.get(v.name()).decl.var() != v
        ? v.name() : x instanceof Expr.Invoke i ? i.target() : null;
    if (name != null && stacks.containsKey(name)) {
      stacks.get(name).other = true;
    }
  }

  private static Uses stackCalled(Stmt s, String method, Map<String, Uses> stacks) {
    if (s instanceof Stmt.ExprStmt e && e.expr() instanceof Expr.Invoke i && i.target() != null && i.owner() == null
        && i.method().equals(method) && stacks.containsKey(i.target())
        && i.args().size() == (method.equals("push") ? 1 : 0)) {
      return stacks.get(i.target());
    }
    return null;
  }

  private static Uses popInto(Stmt s, Map<String, Uses> stacks) {
    Expr value = s instanceof Stmt.Assign a && a.op().equals("=") && a.target() instanceof Expr.Var ? a.value()
        : s instanceof Stmt.Decl d ? d.init() : null;
    if (value instanceof Expr.Invoke i && i.target() != null && i.owner() == null && i.method().equals("pop")
        && i.args().isEmpty() && stacks.containsKey(i.target())) {
      return stacks.get(i.target());
    }
    return null;
  }

  /** One counted loop of a nest: its counter, first value and number of trips. */
  private record Counted(String counter, Expr first, Expr trips) {}

  private static void plan(String name, Uses u, List<Stmt> body, Set<String> assigned, Set<String> declaredInBody,
      Map<Stmt, Stmt> replaced, Map<Stmt, List<Stmt>> before) {
    if (u.other || u.push == null || u.pop == null || u.releases.size() > 1) {
      return;
    }
    Place push = u.pushPlace;
    Place pop = u.popPlace;
    int common = 0;
    while (common < push.blocks().size() && common < pop.blocks().size()
        && push.blocks().get(common) == pop.blocks().get(common)) {
      common++;
    }
    List<Stmt> pushLoops = push.owners().subList(common, push.owners().size());
    List<Stmt> popLoops = pop.owners().subList(common, pop.owners().size());
    if (pushLoops.isEmpty() || pushLoops.size() != popLoops.size()) {
      return;
    }
    List<Stmt> shared = common == 0 ? body : push.blocks().get(common - 1);
    int first = indexOf(shared, pushLoops.get(0));
    int firstPop = indexOf(shared, popLoops.get(0));
    if (first < 0 || firstPop <= first) {
      return;
    }
    // the statement of the top level holding both nests: the array is allocated before it
    Stmt holder = common == 0 ? pushLoops.get(0) : push.owners().get(0);
    int holderIndex = indexOf(body, holder);
    if (holderIndex < 0) {
      return;
    }
    Set<String> declaredBefore = new HashSet<>();
    for (int k = 0; k < holderIndex; k++) {
      if (body.get(k) instanceof Stmt.Decl d) {
        declaredBefore.add(d.var().name());
      }
    }
    List<Counted> nest = new ArrayList<>();
    for (int j = 0; j < pushLoops.size(); j++) {
      Counted c = countedUp(pushLoops.get(j));
      if (c == null || !countedDown(popLoops.get(j), c, ((Stmt.Loop) pushLoops.get(j)))
          || !stable(c.first(), assigned, declaredInBody, declaredBefore)
          || !stable(c.trips(), assigned, declaredInBody, declaredBefore)
          || jumps(pushLoops.get(j)) || jumps(popLoops.get(j))
          || IrWalk.assignedNames(((Stmt.Loop) pushLoops.get(j)).body()).contains(c.counter())
          || IrWalk.assignedNames(((Stmt.Loop) popLoops.get(j)).body()).contains(c.counter())) {
        return;
      }
      nest.add(c);
    }
    JType element = element(u.decl.var().type());
    JType arrayType = element.arrayOf();
    Expr.Var array = new Expr.Var(name, arrayType);
    List<Expr> trips = nest.stream().map(Counted::trips).toList();
    Expr size = new Expr.Invoke(null, Exprs.ADJOINTS, "cells", trips, JType.INT);
    Expr.NewArray allocation = new Expr.NewArray(arrayType, List.of(size), null);
    Expr index = index(nest);
    Stmt.ExprStmt pushStmt = (Stmt.ExprStmt) u.push;
    Expr value = ((Expr.Invoke) pushStmt.expr()).args().get(0);
    replaced.put(u.push, new Stmt.Assign(new Expr.Index(array, index, element), "=", value, pushStmt.line()));
    Expr read = new Expr.Index(array, index, element);
    replaced.put(u.pop, u.pop instanceof Stmt.Assign a ? new Stmt.Assign(a.target(), "=", read, a.line())
        : new Stmt.Decl(((Stmt.Decl) u.pop).var(), read, ((Stmt.Decl) u.pop).line()));
    if (u.declIndex < holderIndex && trips.stream().allMatch(t -> readsOnly(t, declaredInBody))) {
      replaced.put(u.decl, new Stmt.Decl(array, allocation, u.decl.line()));
    } else {
      replaced.put(u.decl, new Stmt.Decl(array, null, u.decl.line()));
      before.computeIfAbsent(holder, h -> new ArrayList<>()).add(new Stmt.Assign(array, "=", allocation, 0));
    }
    u.releases.forEach(r -> replaced.put(r, null));
  }

  /** {@code for (int v = a; v < b (or <= b); v++)}: its counter, a and the trips, else null. */
  private static Counted countedUp(Stmt s) {
    if (!(s instanceof Stmt.Loop l) || l.kind() != Stmt.LoopKind.FOR || l.label() != null || l.init().size() != 1
        || !(l.init().get(0) instanceof Stmt.Decl d) || d.init() == null || !d.var().type().equals(JType.INT)
        || l.update().size() != 1 || !(l.update().get(0) instanceof Stmt.IncDec step)
        || !step.op().equals("++") || !(step.target() instanceof Expr.Var sv) || !sv.name().equals(d.var().name())
        || !(l.cond() instanceof Expr.Binary c) || !(c.left() instanceof Expr.Var cv)
        || !cv.name().equals(d.var().name()) || !(c.op().equals("<") || c.op().equals("<="))) {
      return null;
    }
    Expr a = d.init();
    Expr end = c.op().equals("<") ? c.right() : new Expr.Binary("+", c.right(), Exprs.lit(1), JType.INT);
    Expr trips = isZero(a) ? end : new Expr.Binary("-", end, a, JType.INT);
    return new Counted(d.var().name(), a, trips);
  }

  /** {@code for (int v = last; v >= a; v--)}, the reverse the generator writes for {@code forward}. */
  private static boolean countedDown(Stmt s, Counted c, Stmt.Loop forward) {
    if (!(s instanceof Stmt.Loop l) || l.kind() != Stmt.LoopKind.FOR || l.init().size() != 1
        || !(l.init().get(0) instanceof Stmt.Decl d) || !d.var().name().equals(c.counter())
        || l.update().size() != 1 || !(l.update().get(0) instanceof Stmt.IncDec step) || !step.op().equals("--")
        || !(step.target() instanceof Expr.Var sv) || !sv.name().equals(c.counter())
        || !(l.cond() instanceof Expr.Binary cond) || !cond.op().equals(">=")
        || !(cond.left() instanceof Expr.Var cv) || !cv.name().equals(c.counter())
        || !cond.right().equals(c.first())) {
      return false;
    }
    Expr.Binary fc = (Expr.Binary) forward.cond();
    Expr last = fc.op().equals("<=") ? fc.right()
        : fc.right() instanceof Expr.Lit bound && bound.text().matches("\\d+")
            ? Exprs.lit(Integer.parseInt(bound.text()) - 1)
            : new Expr.Binary("-", fc.right(), Exprs.lit(1), JType.INT);
    return last.equals(d.init());
  }

  /** ((v0 - a0) * trips1 + (v1 - a1)) * trips2 + ...: each innermost trip its own slot. */
  private static Expr index(List<Counted> nest) {
    Expr index = null;
    for (Counted c : nest) {
      Expr v = new Expr.Var(c.counter(), JType.INT);
      Expr offset = isZero(c.first()) ? v : new Expr.Binary("-", v, c.first(), JType.INT);
      index = index == null ? offset
          : new Expr.Binary("+", new Expr.Binary("*", index, c.trips(), JType.INT), offset, JType.INT);
    }
    return index;
  }

  private static boolean isZero(Expr e) {
    return e instanceof Expr.Lit lit && lit.text().equals("0");
  }

  /**
   * Literals, lengths of arrays and variables the method assigns only where it declares them (parameters, or
   * locals declared at the top level before the nests), joined by + - *: the same value wherever it is read.
   */
  private static boolean stable(Expr e, Set<String> assigned, Set<String> declaredInBody, Set<String> declaredBefore) {
    if (e instanceof Expr.Lit) {
      return true;
    }
    if (e instanceof Expr.Var v) {
      return !assigned.contains(v.name()) && (!declaredInBody.contains(v.name()) || declaredBefore.contains(v.name()));
    }
    if (e instanceof Expr.Length len) {
      return len.array() instanceof Expr.Var && stable(len.array(), assigned, declaredInBody, declaredBefore);
    }
    if (e instanceof Expr.Binary b && (b.op().equals("+") || b.op().equals("-") || b.op().equals("*"))) {
      return stable(b.left(), assigned, declaredInBody, declaredBefore)
          && stable(b.right(), assigned, declaredInBody, declaredBefore);
    }
    return false;
  }

  /** True if e reads no variable declared in the body (parameters only): it can size the array where declared. */
  private static boolean readsOnly(Expr e, Set<String> declaredInBody) {
    boolean[] ok = {true};
    IrWalk.expressions(e, x -> ok[0] &= !(x instanceof Expr.Var v && declaredInBody.contains(v.name())));
    return ok[0];
  }

  /** Variables assigned anywhere but by their declaration (assignments, ++ and --, loop updates included). */
  private static Set<String> assignedVariables(List<Stmt> body) {
    Set<String> out = new HashSet<>();
    IrWalk.statements(body, s -> {
      if (IrWalk.writeTarget(s) instanceof Expr.Var v) {
        out.add(v.name());
      }
    });
    return out;
  }

  private static boolean jumps(Stmt loop) {
    boolean[] found = {false};
    IrWalk.statements(List.of(loop), s -> found[0] |= s instanceof Stmt.Break || s instanceof Stmt.Continue
        || s instanceof Stmt.Return || s instanceof Stmt.Throw);
    return found[0];
  }

  private static int indexOf(List<Stmt> block, Stmt s) {
    for (int k = 0; k < block.size(); k++) {
      if (block.get(k) == s) {
        return k;
      }
    }
    return -1;
  }

  private static List<Stmt> rewrite(List<Stmt> block, Map<Stmt, Stmt> replaced, Map<Stmt, List<Stmt>> before) {
    List<Stmt> out = new ArrayList<>(block.size());
    for (Stmt s : block) {
      out.addAll(before.getOrDefault(s, List.of()));
      if (replaced.containsKey(s)) {
        if (replaced.get(s) != null) {
          out.add(replaced.get(s));
        }
      } else if (s instanceof Stmt.Loop l) {
        out.add(l.withBody(rewrite(l.body(), replaced, before)));
      } else if (s instanceof Stmt.If f) {
        out.add(f.withBranches(rewrite(f.then(), replaced, before), rewrite(f.otherwise(), replaced, before)));
      } else {
        out.add(s);
      }
    }
    return out;
  }
}
