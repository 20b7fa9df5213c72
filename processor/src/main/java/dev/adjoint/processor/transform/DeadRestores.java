package dev.adjoint.processor.transform;

import dev.adjoint.processor.analysis.IrWalk;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Stmt;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * On the joined body: a local the forward sweep pushes before overwriting it ({@code _t0.push(k1)}) and the
 * reverse sweep pops back ({@code k1 = _t0.pop()}), where nothing in the reverse sweep reads the local, needs
 * neither: the restored value is never used. A Runge-Kutta step's {@code k1 = derivative(x, y)}, whose callee's
 * reverse reads its own record and not {@code k1}, is one. The decision is made on the generated statements,
 * so a value the reverse recomputes from the local ({@code v = row[_i1]}) counts as a read. Only stacks used by
 * nothing else are dropped, and only when every pop is in the reverse sweep proper (after the sweeps meet: a
 * trip reversed right after itself pops inside the forward loop).
 */
final class DeadRestores {
  private DeadRestores() {}

  /** The body without such pushes and pops, and without the stacks' declarations and releases. */
  static List<Stmt> drop(List<Stmt> body) {
    int meet = SweepSplitter.meetIndex(body);
    if (meet < 0) {
      return body;
    }
    List<Stmt> forward = body.subList(0, meet);
    List<Stmt> reverse = body.subList(meet + 1, body.size());
    Map<String, Uses> stacks = new HashMap<>();
    IrWalk.statements(forward, s -> classify(s, stacks, false));
    IrWalk.statements(reverse, s -> classify(s, stacks, true));
    Map<String, Integer> reverseReads = new HashMap<>();
    IrWalk.statements(reverse, s -> IrWalk.ownExpressions(s, e -> {
      if (e instanceof Expr.Var v) {
        reverseReads.merge(v.name(), 1, Integer::sum);
      }
    }));
    Set<Stmt> dropped = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Uses u : stacks.values()) {
      if (!u.other && u.local != null && !u.pops.isEmpty() && !u.pushes.isEmpty()
          && reverseReads.getOrDefault(u.local, 0) == u.pops.size()) {
        dropped.addAll(u.pushes);
        dropped.addAll(u.pops);
        dropped.addAll(u.declarationsAndReleases);
      }
    }
    return dropped.isEmpty() ? body : without(body, dropped);
  }

  /** How one stack is used: pushes and pops of one local only, or anything else ({@code other}). */
  private static final class Uses {
    String local;
    boolean other;
    final List<Stmt> pushes = new ArrayList<>();
    final List<Stmt> pops = new ArrayList<>();
    final List<Stmt> declarationsAndReleases = new ArrayList<>();

    void of(String name) {
      if (local != null && !local.equals(name)) {
        other = true;
      }
      local = name;
    }
  }

  private static void classify(Stmt s, Map<String, Uses> stacks, boolean inReverse) {
    String type = s instanceof Stmt.Decl d ? d.var().type().refName() : null;
    if (s instanceof Stmt.Decl d && type != null && type.startsWith("dev.adjoint.support.") && type.contains("Stack")) {
      stacks.computeIfAbsent(d.var().name(), k -> new Uses()).declarationsAndReleases.add(s);
      if (d.init() != null && !(d.init() instanceof Expr.NewObject)) {
        stacks.get(d.var().name()).other = true;
      }
      return;
    }
    if (s instanceof Stmt.ExprStmt e && e.expr() instanceof Expr.Invoke i && i.target() != null && i.args().size() == 1
        && i.method().equals("push") && i.args().get(0) instanceof Expr.Var v && !inReverse) {
      Uses u = stacks.computeIfAbsent(i.target(), k -> new Uses());
      u.of(v.name());
      u.pushes.add(s);
      return;
    }
    if (s instanceof Stmt.ExprStmt e && e.expr() instanceof Expr.Invoke i && i.target() != null && i.args().isEmpty()
        && i.method().equals("release")) {
      stacks.computeIfAbsent(i.target(), k -> new Uses()).declarationsAndReleases.add(s);
      return;
    }
    if (s instanceof Stmt.Assign a && a.op().equals("=") && a.target() instanceof Expr.Var v
        && a.value() instanceof Expr.Invoke i && i.target() != null && i.args().isEmpty() && i.method().equals("pop")
        && inReverse) {
      Uses u = stacks.computeIfAbsent(i.target(), k -> new Uses());
      u.of(v.name());
      u.pops.add(s);
      return;
    }
    // any other mention of a stack (a pop into a declaration, a pop in the forward sweep, a peek) keeps it
    IrWalk.ownExpressions(s, e -> {
      if (e instanceof Expr.Invoke i && i.target() != null) {
        stacks.computeIfAbsent(i.target(), k -> new Uses()).other = true;
      }
      if (e instanceof Expr.Var v) {
        Uses u = stacks.get(v.name());
        if (u != null) {
          u.other = true;
        }
      }
    });
  }

  /** The statements without those in {@code dropped} (by identity), nested ones included. */
  static List<Stmt> without(List<Stmt> stmts, Set<Stmt> dropped) {
    List<Stmt> out = new ArrayList<>(stmts.size());
    for (Stmt s : stmts) {
      if (dropped.contains(s)) {
        continue;
      }
      if (s instanceof Stmt.If f) {
        out.add(f.withBranches(without(f.then(), dropped), without(f.otherwise(), dropped)));
      } else if (s instanceof Stmt.Loop l) {
        out.add(new Stmt.Loop(l.id(), l.label(), l.kind(), without(l.init(), dropped), l.cond(),
            without(l.update(), dropped), without(l.body(), dropped), l.line()));
      } else {
        out.add(s);
      }
    }
    return out;
  }
}
