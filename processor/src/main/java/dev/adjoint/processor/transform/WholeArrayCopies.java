package dev.adjoint.processor.transform;

import dev.adjoint.processor.analysis.Activity;
import dev.adjoint.processor.analysis.IrWalk;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.JType;
import dev.adjoint.processor.ir.Stmt;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * A written-out reverse sweep's whole-array saves as loops over their elements, for reverse mode to differentiate
 * again. A reverse sweep keeps an array a loop overwrites by pushing its copy ({@code _t1.push(h.clone())}) and
 * restores it by copying the popped array back ({@code System.arraycopy(_t1.pop(), 0, h, 0, h.length)}); outside
 * loops it keeps the copy in a local. Reverse mode differentiates stacks of numbers (each gets a stack of adjoints)
 * and element writes, so: the stack becomes a stack of numbers, the push a loop pushing each element, the restore a
 * loop popping them back last first; a local copy is a new array filled by a loop, its restore a loop. A stack used
 * any other way stays as it is (and the inliner refuses it). Forward mode keeps the copies (a tangent copy each).
 */
final class WholeArrayCopies {
  private WholeArrayCopies() {}

  /**
   * The statements with the whole-array saves written as element loops.
   *
   * @param body the written-out reverse sweep
   * @param loopIds the ids of the loops written
   * @param prefix the prefix of the counters written (unique per written-out derivative)
   */
  static List<Stmt> asElementLoops(List<Stmt> body, IntSupplier loopIds, String prefix) {
    Map<String, JType> arrayStacks = new HashMap<>();
    IrWalk.statements(body, s -> {
      if (s instanceof Stmt.Decl d && Exprs.isStack(d.var().type()) && d.var().type().source().contains("ObjectStack<")) {
        arrayStacks.put(d.var().name(), null);
      }
    });
    Set<String> other = new HashSet<>();
    IrWalk.statements(body, s -> classify(s, arrayStacks, other));
    other.forEach(arrayStacks::remove);
    arrayStacks.values().removeIf(java.util.Objects::isNull);
    return new Rewriter(arrayStacks, loopIds, prefix).block(body);
  }

  /** Writes the copies of the arrays {@code arrayStacks} keeps, and local copies, as element loops. */
  private static final class Rewriter {
    private final Map<String, JType> arrayStacks;
    private final IntSupplier loopIds;
    private final String prefix;
    private int counter;

    Rewriter(Map<String, JType> arrayStacks, IntSupplier loopIds, String prefix) {
      this.arrayStacks = arrayStacks;
      this.loopIds = loopIds;
      this.prefix = prefix;
    }

    List<Stmt> block(List<Stmt> stmts) {
      List<Stmt> out = new ArrayList<>();
      for (Stmt s : stmts) {
        statement(s, out);
      }
      return out;
    }

    private void statement(Stmt s, List<Stmt> out) {
      String pushed = pushedCopyStack(s);
      Expr.Invoke copy = s instanceof Stmt.ExprStmt e && e.expr() instanceof Expr.Invoke i && isWholeCopy(i) ? i : null;
      Expr.Var i = new Expr.Var(prefix + counter + "_i", JType.INT);
      if (s instanceof Stmt.Decl d && arrayStacks.containsKey(d.var().name())) {
        JType stack = Saves.stackType(arrayStacks.get(d.var().name()).element());
        out.add(new Stmt.Decl(new Expr.Var(d.var().name(), stack), new Expr.NewObject(stack, List.of()), d.line()));
      } else if (pushed != null && arrayStacks.containsKey(pushed)) {
        Expr.Var array = clonedArray(((Expr.Invoke) ((Stmt.ExprStmt) s).expr()).args().get(0));
        counter++;
        out.add(Exprs.countingUp(loopIds.getAsInt(), i, new Expr.Length(array), new Stmt.ExprStmt(new Expr.Invoke(pushed, null, "push",
            List.of(new Expr.Index(array, i, array.type().element())), JType.VOID), 0)));
      } else if (copy != null && copy.args().get(0) instanceof Expr.Invoke pop && arrayStacks.containsKey(pop.target())) {
        Expr.Var array = (Expr.Var) copy.args().get(2);
        counter++;
        out.add(downLoop(loopIds.getAsInt(), i, array, new Stmt.Assign(new Expr.Index(array, i, array.type().element()), "=",
            new Expr.Invoke(pop.target(), null, "pop", List.of(), array.type().element()), 0)));
      } else if (s instanceof Stmt.Decl d && d.init() != null && clonedArray(d.init()) != null) {
        Expr.Var array = clonedArray(d.init());
        counter++;
        out.add(new Stmt.Decl(d.var(), new Expr.NewArray(array.type(), List.of(new Expr.Length(array)), null), d.line()));
        out.add(Exprs.countingUp(loopIds.getAsInt(), i, new Expr.Length(array), new Stmt.Assign(new Expr.Index(d.var(), i, array.type().element()), "=",
            new Expr.Index(array, i, array.type().element()), 0)));
      } else if (copy != null && copy.args().get(0) instanceof Expr.Var saved) {
        Expr.Var array = (Expr.Var) copy.args().get(2);
        counter++;
        out.add(Exprs.countingUp(loopIds.getAsInt(), i, new Expr.Length(array), new Stmt.Assign(new Expr.Index(array, i, array.type().element()), "=",
            new Expr.Index(saved, i, array.type().element()), 0)));
      } else if (s instanceof Stmt.If f) {
        out.add(f.withBranches(block(f.then()), block(f.otherwise())));
      } else if (s instanceof Stmt.Loop l) {
        out.add(new Stmt.Loop(l.id(), l.label(), l.kind(), block(l.init()), l.cond(), block(l.update()), block(l.body()),
            l.line()));
      } else {
        out.add(s);
      }
    }
  }

  /** Records each array stack's element type from its pushes; a stack used otherwise goes into {@code other}. */
  private static void classify(Stmt s, Map<String, JType> arrayStacks, Set<String> other) {
    String pushed = pushedCopyStack(s);
    if (pushed != null && arrayStacks.containsKey(pushed)) {
      JType array = clonedArray(((Expr.Invoke) ((Stmt.ExprStmt) s).expr()).args().get(0)).type();
      JType known = arrayStacks.get(pushed);
      if (known != null && !known.equals(array)) {
        other.add(pushed);
      }
      arrayStacks.put(pushed, array);
      return;
    }
    if (s instanceof Stmt.ExprStmt e && e.expr() instanceof Expr.Invoke copy && isWholeCopy(copy)
        && copy.args().get(0) instanceof Expr.Invoke pop && arrayStacks.containsKey(pop.target())) {
      if (!Activity.isStackOperation(pop, "pop")) {
        other.add(pop.target());
      }
      return;
    }
    if (s instanceof Stmt.Decl d && arrayStacks.containsKey(d.var().name())) {
      if (!(d.init() instanceof Expr.NewObject)) {
        other.add(d.var().name());
      }
      return;
    }
    if (s instanceof Stmt.ExprStmt e && e.expr() instanceof Expr.Invoke release && arrayStacks.containsKey(release.target())
        && release.method().equals("release") && release.args().isEmpty()) {
      return;
    }
    IrWalk.ownExpressions(s, x -> {
      if (x instanceof Expr.Invoke i && arrayStacks.containsKey(i.target())) {
        other.add(i.target());
      } else if (x instanceof Expr.Var v && arrayStacks.containsKey(v.name())) {
        other.add(v.name());
      }
    });
  }

  /** The stack of {@code stack.push(a.clone())}, or null. */
  private static String pushedCopyStack(Stmt s) {
    return s instanceof Stmt.ExprStmt e && e.expr() instanceof Expr.Invoke push && Activity.isStackOperation(push, "push")
        && clonedArray(push.args().get(0)) != null ? push.target() : null;
  }

  /** The array {@code a} of {@code a.clone()}, a one-dimensional array of numbers; or null. */
  private static Expr.Var clonedArray(Expr e) {
    return e instanceof Expr.Invoke clone && clone.method().equals("clone") && clone.args().isEmpty() && clone.target() != null
        && clone.type().rank() == 1 && clone.type().element().isFloating() ? new Expr.Var(clone.target(), clone.type()) : null;
  }

  /** {@code System.arraycopy(source, 0, a, 0, a.length)} into an array variable. */
  private static boolean isWholeCopy(Expr.Invoke i) {
    if (!"java.lang.System".equals(i.owner()) || !i.method().equals("arraycopy") || i.args().size() != 5
        || !(i.args().get(2) instanceof Expr.Var array) || array.type().rank() != 1) {
      return false;
    }
    return i.args().get(1).equals(Exprs.lit(0)) && i.args().get(3).equals(Exprs.lit(0))
        && i.args().get(4) instanceof Expr.Length n && n.array() instanceof Expr.Var v && v.name().equals(array.name());
  }

  private static Stmt downLoop(int id, Expr.Var i, Expr.Var array, Stmt body) {
    return new Stmt.Loop(id, null, Stmt.LoopKind.FOR,
        List.of(new Stmt.Decl(i, new Expr.Binary("-", new Expr.Length(array), Exprs.lit(1), JType.INT), 0)),
        new Expr.Binary(">=", i, Exprs.lit(0), JType.BOOLEAN), List.of(new Stmt.IncDec(i, "--", 0)),
        List.of(body), 0);
  }
}
