package dev.adjoint.processor.transform;

import dev.adjoint.processor.analysis.Activity;
import dev.adjoint.processor.analysis.IrWalk;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Stmt;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Forward mode over a written-out reverse sweep gives every stack of values with tangents a tangent stack
 * ({@link ForwardMode}). A tangent popped back is often never read: the popped value may only choose a branch of a
 * rule whose derivative is zero ({@code Math.min}'s rules, in k-means: the popped distance says which centroid is
 * closest, and carries no derivative). Such a tangent stack is work without effect, a push and a pop per trip, which
 * the JIT cannot remove; when no tangent popped from it is read before it is overwritten, its pushes, pops,
 * declaration and release are dropped. Decided by liveness over the generated statements: backward, loops to a
 * fixpoint, and a jump (break, continue, return, throw) counted as reading every name.
 */
final class UnreadTangentStacks {
  private UnreadTangentStacks() {}

  /**
   * The body without the tangent stacks whose popped tangents nothing reads.
   *
   * @param body the forward-mode body
   * @param tangentStacks the names of the tangent stacks forward mode declared
   * @param readAfter the names the code after the body reads (the result and its tangent)
   */
  static List<Stmt> drop(List<Stmt> body, Set<String> tangentStacks, Set<String> readAfter) {
    if (tangentStacks.isEmpty()) {
      return body;
    }
    Map<String, Uses> uses = new HashMap<>();
    tangentStacks.forEach(t -> uses.put(t, new Uses()));
    IrWalk.statements(body, s -> classify(s, uses));
    Set<Stmt> livePops = Collections.newSetFromMap(new IdentityHashMap<>());
    Liveness liveness = new Liveness(IrWalk.mentionedNames(body), uses, livePops);
    liveness.block(body, new HashSet<>(readAfter));
    Set<Stmt> dropped = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Uses u : uses.values()) {
      if (!u.other && u.pops.stream().noneMatch(livePops::contains)) {
        dropped.addAll(u.statements);
        dropped.addAll(u.pops);
      }
    }
    return dropped.isEmpty() ? body : DeadRestores.without(body, dropped);
  }

  /** A tangent stack's statements: its pops into a local, everything else it appears in, and whether it is used otherwise. */
  private static final class Uses {
    final List<Stmt> pops = new ArrayList<>();
    final List<Stmt> statements = new ArrayList<>();
    boolean other;
  }

  private static void classify(Stmt s, Map<String, Uses> uses) {
    if (s instanceof Stmt.Decl d && uses.containsKey(d.var().name())) {
      Uses u = uses.get(d.var().name());
      u.statements.add(s);
      u.other |= !(d.init() instanceof Expr.NewObject);
      return;
    }
    String popped = poppedStack(s);
    if (popped != null && uses.containsKey(popped)) {
      uses.get(popped).pops.add(s);
      return;
    }
    if (s instanceof Stmt.ExprStmt e && e.expr() instanceof Expr.Invoke i && uses.containsKey(i.target())
        && (Activity.isStackOperation(i, "push") || i.method().equals("release") && i.args().isEmpty())) {
      Uses u = uses.get(i.target());
      u.statements.add(s);
      IrWalk.expressions(i.args().isEmpty() ? null : i.args().get(0), x -> markOther(x, uses));
      return;
    }
    IrWalk.ownExpressions(s, x -> markOther(x, uses));
  }

  private static void markOther(Expr x, Map<String, Uses> uses) {
    String name = x instanceof Expr.Invoke i ? i.target() : x instanceof Expr.Var v ? v.name() : null;
    if (name != null && uses.containsKey(name)) {
      uses.get(name).other = true;
    }
  }

  /** The stack a statement {@code x = s.pop()} (or {@code T x = s.pop()}) pops, or null. */
  private static String poppedStack(Stmt s) {
    Expr value = s instanceof Stmt.Assign a && a.op().equals("=") && a.target() instanceof Expr.Var ? a.value()
        : s instanceof Stmt.Decl d ? d.init() : null;
    return value instanceof Expr.Invoke i && Activity.isStackOperation(i, "pop") ? i.target() : null;
  }

  /** Backward liveness of locals over structured statements; records the tangent pops whose local is live after them. */
  private static final class Liveness {
    private final Set<String> everything;
    private final Map<String, Uses> uses;
    private final Set<Stmt> livePops;

    Liveness(Set<String> everything, Map<String, Uses> uses, Set<Stmt> livePops) {
      this.everything = everything;
      this.uses = uses;
      this.livePops = livePops;
    }

    /** The names live before the statements, given those live after them. */
    Set<String> block(List<Stmt> stmts, Set<String> after) {
      Set<String> live = new HashSet<>(after);
      for (int i = stmts.size() - 1; i >= 0; i--) {
        live = statement(stmts.get(i), live);
      }
      return live;
    }

    private Set<String> statement(Stmt s, Set<String> after) {
      if (s instanceof Stmt.If f) {
        Set<String> live = block(f.then(), after);
        live.addAll(block(f.otherwise(), after));
        reads(f.cond(), live);
        return live;
      }
      if (s instanceof Stmt.Loop l) {
        // the names live at the loop's head: after it, its condition's, and its body's (through the update)
        Set<String> head = new HashSet<>(after);
        reads(l.cond(), head);
        while (true) {
          Set<String> next = new HashSet<>(head);
          next.addAll(block(l.body(), block(l.update(), head)));
          if (next.equals(head)) {
            break;
          }
          head = next;
        }
        return block(l.init(), head);
      }
      if (s instanceof Stmt.Break || s instanceof Stmt.Continue || s instanceof Stmt.Return || s instanceof Stmt.Throw) {
        return new HashSet<>(everything);
      }
      String popped = poppedStack(s);
      if (popped != null && uses.containsKey(popped)) {
        String local = s instanceof Stmt.Decl d ? d.var().name() : ((Expr.Var) ((Stmt.Assign) s).target()).name();
        if (after.contains(local)) {
          livePops.add(s);
        }
      }
      Set<String> live = new HashSet<>(after);
      if (s instanceof Stmt.Decl d) {
        live.remove(d.var().name());
        reads(d.init(), live);
      } else if (s instanceof Stmt.Assign a && a.op().equals("=") && a.target() instanceof Expr.Var v) {
        live.remove(v.name());
        reads(a.value(), live);
      } else {
        // compound assignments and element writes read their target; calls, increments, asserts read their operands
        IrWalk.ownExpressions(s, x -> name(x, live));
      }
      return live;
    }

    private static void reads(Expr e, Set<String> live) {
      IrWalk.expressions(e, x -> name(x, live));
    }

    private static void name(Expr x, Set<String> live) {
      if (x instanceof Expr.Var v) {
        live.add(v.name());
      } else if (x instanceof Expr.Invoke i && i.target() != null) {
        live.add(i.target());
      }
    }
  }
}
