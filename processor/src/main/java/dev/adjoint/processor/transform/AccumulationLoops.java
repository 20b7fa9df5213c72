package dev.adjoint.processor.transform;

import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.JType;
import dev.adjoint.processor.ir.Stmt;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@code Adjoints} accumulation of a written-out reverse sweep as the loop it runs, for reverse mode to
 * differentiate again: {@code addScaledTo(t, tFrom, s, sFrom, n, c)} is {@code t[tFrom + i] += c * s[sFrom + i]} for
 * i below n, {@code addScaledTo(t, s, c)} and {@code addTo(t, s)} the same over all of {@code s}. The reverse of that
 * loop is ordinary generated code: its saves see the writes into {@code t}, its reads of {@code s} and {@code c}, and
 * {@code LoopIdioms} makes its own adjoint loops runtime calls again. The arrays and the scale are evaluated once,
 * before the loop, into locals of their own where they are more than a name, as the call evaluates them. Forward mode
 * keeps the call (its tangent is the same call on tangents).
 */
final class AccumulationLoops {
  private AccumulationLoops() {}

  /**
   * The statements running {@code add}, or null for an accumulation of arrays of arrays (not written as loops).
   *
   * @param add an {@code Adjoints.addScaledTo} or {@code Adjoints.addTo} call
   * @param loopId the id of the loop written
   * @param prefix the prefix of the locals written (unique per call)
   */
  static List<Stmt> of(Expr.Invoke add, int loopId, String prefix) {
    List<Expr> a = add.args();
    JType array = a.get(0).type();
    if (array.rank() != 1) {
      return null;
    }
    boolean runs = add.method().equals("addScaledTo") && a.size() == 6;
    boolean scaled = add.method().equals("addScaledTo");
    List<Stmt> out = new ArrayList<>();
    Expr target = once(a.get(0), prefix + "target", out);
    // the loop writes elements of the target only, so the ints (offsets, length) stay as they are: a bound that
    // reads fixed locals keeps the loop counted
    Expr targetFrom = runs ? a.get(1) : null;
    Expr source = once(a.get(runs ? 2 : 1), prefix + "source", out);
    Expr sourceFrom = runs ? a.get(3) : null;
    Expr length = runs ? a.get(4) : new Expr.Length(source);
    Expr scale = scaled ? once(a.get(a.size() - 1), prefix + "scale", out) : null;
    Expr.Var i = new Expr.Var(prefix + "i", JType.INT);
    JType element = array.element();
    Expr read = new Expr.Index(source, plus(sourceFrom, i), element);
    Stmt add1 = new Stmt.Assign(new Expr.Index(target, plus(targetFrom, i), element), "+=",
        scale == null ? read : new Expr.Binary("*", scale, read, element), 0);
    out.add(Exprs.countingUp(loopId, i, length, add1));
    return out;
  }

  /** A variable or literal as it is; anything else into a local declared before the loop. */
  private static Expr once(Expr e, String name, List<Stmt> out) {
    if (e instanceof Expr.Var || e instanceof Expr.Lit) {
      return e;
    }
    Expr.Var local = new Expr.Var(name, e.type());
    out.add(new Stmt.Decl(local, e, 0));
    return local;
  }

  private static Expr plus(Expr from, Expr.Var i) {
    return from == null || from.equals(Exprs.lit(0)) ? i : new Expr.Binary("+", from, i, JType.INT);
  }
}
