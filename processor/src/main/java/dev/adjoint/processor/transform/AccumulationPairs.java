package dev.adjoint.processor.transform;

import dev.adjoint.processor.analysis.IrWalk;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.JType;
import dev.adjoint.processor.ir.Stmt;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Two adjacent {@code Adjoints.addScaledTo} runs of the same length and scale as one {@code addScaledToBoth}
 * call, which makes one pass over both: the reverse sweep of a dot product adds into both operands' adjoints.
 *
 * <pre>{@code
 * Adjoints.addScaledTo(_d_q, o, c, 0, row + 1, _d_qx);          ==>   Adjoints.addScaledToBoth(_d_q, o, c, 0,
 * Adjoints.addScaledTo(_d_c, 0, q, o, row + 1, _d_qx);                    _d_c, 0, q, o, row + 1, _d_qx);
 * }</pre>
 *
 * <p>The runtime then loads the scale once and runs one loop instead of two: for the short rows of a triangular
 * product (GradBench's gmm at d = 10: rows of 1 to 10 elements) the loops' overhead is much of their cost. Two
 * calls are joined only when each writes an adjoint array ({@code _d_...}) and reads a primal one, so neither reads
 * what the other writes; the two targets may still be one array (aliased adjoints), which the runtime allows. The
 * length and scale must be the same expression and read no array element and call nothing, so evaluating them
 * once is evaluating them twice. Code that reads generated IR to differentiate it again takes the calls apart
 * first ({@link #split}).
 */
final class AccumulationPairs {
  static final String PAIR = "addScaledToBoth";
  private static final String SINGLE = "addScaledTo";
  private static final String ADJOINT_PREFIX = "_d_";

  private AccumulationPairs() {}

  /** The body with adjacent pairs of runs, at any depth, joined. */
  static List<Stmt> join(List<Stmt> body) {
    List<Stmt> out = new ArrayList<>(body.size());
    for (int k = 0; k < body.size(); k++) {
      Stmt s = body.get(k);
      Expr.Invoke first = run(s);
      Expr.Invoke second = k + 1 < body.size() ? run(body.get(k + 1)) : null;
      if (first != null && second != null && joinable(first, second)) {
        List<Expr> args = new ArrayList<>(first.args().subList(0, 4));
        args.addAll(second.args().subList(0, 4));
        args.add(first.args().get(4));
        args.add(first.args().get(5));
        out.add(new Stmt.ExprStmt(new Expr.Invoke(null, Exprs.ADJOINTS, PAIR, args, JType.VOID),
            ((Stmt.ExprStmt) s).line()));
        k++;
      } else {
        out.add(nested(s, AccumulationPairs::join));
      }
    }
    return out;
  }

  /** The body with every joined pair, at any depth, two {@code addScaledTo} calls again. */
  static List<Stmt> split(List<Stmt> body) {
    List<Stmt> out = new ArrayList<>(body.size());
    for (Stmt s : body) {
      if (s instanceof Stmt.ExprStmt e && e.expr() instanceof Expr.Invoke pair && isPair(pair)) {
        List<Expr> a = pair.args();
        List<Expr> tail = a.subList(8, 10);
        for (List<Expr> head : List.of(a.subList(0, 4), a.subList(4, 8))) {
          List<Expr> args = new ArrayList<>(head);
          args.addAll(tail);
          out.add(new Stmt.ExprStmt(new Expr.Invoke(null, Exprs.ADJOINTS, SINGLE, args, JType.VOID), e.line()));
        }
      } else {
        out.add(nested(s, AccumulationPairs::split));
      }
    }
    return out;
  }

  /** True for a joined call. */
  static boolean isPair(Expr.Invoke i) {
    return i.target() == null && Exprs.ADJOINTS.equals(i.owner()) && i.method().equals(PAIR) && i.args().size() == 10;
  }

  private static Stmt nested(Stmt s, UnaryOperator<List<Stmt>> f) {
    if (s instanceof Stmt.Loop l) {
      return l.withBody(f.apply(l.body()));
    }
    if (s instanceof Stmt.If i) {
      return i.withBranches(f.apply(i.then()), f.apply(i.otherwise()));
    }
    return s;
  }

  /** {@code Adjoints.addScaledTo(target, from, source, from, length, scale)} into an adjoint from a primal array. */
  private static Expr.Invoke run(Stmt s) {
    if (s instanceof Stmt.ExprStmt e && e.expr() instanceof Expr.Invoke i && i.target() == null
        && Exprs.ADJOINTS.equals(i.owner()) && i.method().equals(SINGLE) && i.args().size() == 6
        && adjoint(i.args().get(0)) && i.args().get(2) instanceof Expr.Var source
        && !source.name().startsWith(ADJOINT_PREFIX)) {
      return i;
    }
    return null;
  }

  private static boolean adjoint(Expr target) {
    String root = IrWalk.rootVar(target);
    return root != null && root.startsWith(ADJOINT_PREFIX);
  }

  private static boolean joinable(Expr.Invoke first, Expr.Invoke second) {
    Expr length = first.args().get(4);
    Expr scale = first.args().get(5);
    return length.equals(second.args().get(4)) && scale.equals(second.args().get(5)) && pure(length) && pure(scale)
        && first.args().get(0).type().equals(second.args().get(0).type());
  }

  /** Reads locals and literals only: evaluating it once or twice is the same. */
  private static boolean pure(Expr e) {
    boolean[] ok = {true};
    IrWalk.expressions(e, x -> ok[0] &= !(x instanceof Expr.Call || x instanceof Expr.Invoke
        || x instanceof Expr.Index || x instanceof Expr.NewArray || x instanceof Expr.NewObject
        || x instanceof Expr.Field));
    return ok[0];
  }
}
