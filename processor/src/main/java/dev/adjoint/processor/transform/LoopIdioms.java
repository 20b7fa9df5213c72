package dev.adjoint.processor.transform;

import dev.adjoint.processor.analysis.IrWalk;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.JType;
import dev.adjoint.processor.ir.Stmt;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the adjoint loops of a generated body that only add multiples of one array run into other arrays into
 * one {@code Adjoints.addScaledTo} call per statement over the whole run. The reverse sweep of a dot product
 * or a matrix-vector product has this shape:
 *
 * <pre>{@code
 * for (int i = n - 1; i >= 0; i--) {                 Adjoints.addScaledTo(_d_w, o * n, x, 0, n, _d_s);
 *   _d_w[o * n + i] += _d_s * x[i];          ==>     Adjoints.addScaledTo(_d_x, 0, w, o * n, n, _d_s);
 *   _d_x[i] += w[o * n + i] * _d_s;
 * }
 * }</pre>
 *
 * <p>The runtime runs each call with vector instructions; C2 does not vectorize such a loop itself, because
 * its accesses are at different offsets of different arrays (it cannot rule out that they overlap).
 *
 * <p>A loop is rewritten only when its iterations may run in any order and each statement on its own, which
 * holds when:
 *
 * <ul>
 *   <li>it is {@code for (int v = start; v OP bound; v++ or v--)} with {@code <}/{@code <=} ascending or
 *       {@code >=}/{@code >} descending, and {@code start} and {@code bound} are loop-invariant;
 *   <li>every statement is {@code A[e + v] += (or -=) k1 * ... * B[f + v] * ... kn} (or {@code += B[f + v]}), of
 *       the array's element type, {@code float} or {@code double};
 *   <li>each written array {@code A} is an adjoint ({@code _d_...}) and each read array {@code B} is not, so
 *       nothing the loop reads is written by it (adjoint arrays share storage only with adjoint arrays);
 *   <li>{@code e}, {@code f}, the factors {@code k}, the rows' indices ({@code _d_w[o]}) and the range read
 *       neither {@code v} nor any array element, call nothing and divide no integers, so they cannot throw; a
 *       local the generator declares in the body for such a value ({@code float _r0 = 2f * -_d_s;}) moves
 *       before the calls.
 * </ul>
 *
 * <p>Where an array operand is a row, the calls run only for a non-empty run, as the loop would have read the
 * row only then.
 *
 * <p>Every contribution is then computed from values the loop does not change, and the additions into one
 * element happen in another order only where two statements write the same element (aliased adjoints), which
 * changes the sum by rounding only. The scale is the product of the factors other than {@code B[f + v]}, and the
 * runtime multiplies with a fused multiply-add: both differ from the loop by rounding only.
 */
public final class LoopIdioms {
  private static final String ADJOINT_PREFIX = "_d_";

  private LoopIdioms() {}

  /** The body with every such loop, at any depth, replaced by its calls. */
  public static List<Stmt> apply(List<Stmt> body) {
    List<Stmt> out = new ArrayList<>(body.size());
    for (Stmt s : body) {
      if (s instanceof Stmt.Loop loop) {
        List<Stmt> calls = asCalls(loop);
        if (calls != null) {
          out.addAll(calls);
        } else {
          out.add(loop.withBody(apply(loop.body())));
        }
      } else if (s instanceof Stmt.If f) {
        out.add(f.withBranches(apply(f.then()), apply(f.otherwise())));
      } else {
        out.add(s);
      }
    }
    return out;
  }

  /** The run a counted loop covers: its first index and how many indices. */
  private record Run(Expr first, Expr count) {}

  /** One statement of the loop: {@code target[targetIndex] += scale * source[sourceIndex]}. */
  private record Accumulation(Expr target, Expr targetIndex, Expr source, Expr sourceIndex, Expr scale) {}

  private static List<Stmt> asCalls(Stmt.Loop loop) {
    String v = counter(loop);
    if (v == null || loop.body().isEmpty()) {
      return null;
    }
    Run run = run(loop, v);
    if (run == null) {
      return null;
    }
    List<Stmt> invariants = new ArrayList<>();
    List<Accumulation> accumulations = new ArrayList<>();
    for (Stmt s : loop.body()) {
      if (s instanceof Stmt.Decl d && d.init() != null && d.var().type().rank() == 0 && invariant(d.init(), v)) {
        invariants.add(d); // a factor the generator named once per trip (float _r0 = 2f * -_d_s;): computed once
        continue;
      }
      Accumulation a = accumulation(s, v);
      if (a == null) {
        return null;
      }
      accumulations.add(a);
    }
    if (accumulations.isEmpty()) {
      return null;
    }
    List<Stmt> calls = new ArrayList<>();
    boolean rows = false;
    for (Accumulation a : accumulations) {
      Expr targetFrom = Simplify.sum(substitute(a.targetIndex(), v, run.first()));
      Expr sourceFrom = Simplify.sum(substitute(a.sourceIndex(), v, run.first()));
      calls.add(new Stmt.ExprStmt(new Expr.Invoke(null, Exprs.ADJOINTS, "addScaledTo",
          List.of(a.target(), targetFrom, a.source(), sourceFrom, run.count(), a.scale()), JType.VOID), loop.line()));
      rows |= a.target() instanceof Expr.Index || a.source() instanceof Expr.Index;
    }
    List<Stmt> out = new ArrayList<>(invariants);
    if (rows) {
      // a row (_d_w[o]) the loop body would not have read when the run is empty must not be read then either
      out.add(new Stmt.If(new Expr.Binary(">", run.count(), Exprs.lit(0), JType.BOOLEAN), calls, List.of(),
          loop.line()));
    } else {
      out.addAll(calls);
    }
    return out;
  }

  /** The loop's counter if the loop is {@code for (int v = start; cond; v++ or v--)}, else null. */
  private static String counter(Stmt.Loop loop) {
    if (loop.kind() != Stmt.LoopKind.FOR || loop.label() != null || loop.init().size() != 1
        || loop.update().size() != 1 || !(loop.init().get(0) instanceof Stmt.Decl d) || d.init() == null
        || d.var().type().kind() != JType.Kind.INT || d.var().type().rank() != 0) {
      return null;
    }
    return d.var().name();
  }

  private static Run run(Stmt.Loop loop, String v) {
    Expr start = ((Stmt.Decl) loop.init().get(0)).init();
    if (!(loop.update().get(0) instanceof Stmt.IncDec step) || !(step.target() instanceof Expr.Var sv)
        || !sv.name().equals(v) || !(loop.cond() instanceof Expr.Binary cond)
        || !(cond.left() instanceof Expr.Var cv) || !cv.name().equals(v)) {
      return null;
    }
    Expr bound = cond.right();
    if (!invariant(start, v) || !invariant(bound, v)) {
      return null;
    }
    boolean up = step.op().equals("++");
    Expr one = Exprs.lit(1);
    return switch (cond.op()) {
      case "<" -> up ? new Run(start, Simplify.sum(minus(bound, start))) : null;
      case "<=" -> up ? new Run(start, Simplify.sum(plus(minus(bound, start), one))) : null;
      case ">=" -> up ? null : new Run(bound, Simplify.sum(plus(minus(start, bound), one)));
      case ">" -> up ? null : new Run(Simplify.sum(plus(bound, one)), Simplify.sum(minus(start, bound)));
      default -> null;
    };
  }

  private static Accumulation accumulation(Stmt s, String v) {
    if (!(s instanceof Stmt.Assign a) || !(a.op().equals("+=") || a.op().equals("-="))
        || !(a.target() instanceof Expr.Index target)) {
      return null;
    }
    JType element = target.type();
    if (!(element.kind() == JType.Kind.DOUBLE || element.kind() == JType.Kind.FLOAT) || element.rank() != 0
        || !a.value().type().equals(element) || !isArrayOf(target.array(), element, true, v)
        || !unitStep(target.index(), v)) {
      return null;
    }
    List<Expr> factors = new ArrayList<>();
    flattenProduct(a.value(), factors);
    Expr.Index source = null;
    List<Expr> scale = new ArrayList<>();
    for (Expr factor : factors) {
      if (source == null && factor instanceof Expr.Index i && i.type().equals(element)
          && isArrayOf(i.array(), element, false, v) && unitStep(i.index(), v)) {
        source = i;
      } else if (invariant(factor, v)) {
        scale.add(factor);
      } else {
        return null;
      }
    }
    if (source == null) {
      return null;
    }
    Expr product = scale.isEmpty() ? new Expr.Lit(element.kind() == JType.Kind.FLOAT ? "1f" : "1.0", element)
        : scale.get(0);
    for (int i = 1; i < scale.size(); i++) {
      Expr factor = scale.get(i);
      if (!product.type().isFloating() && !factor.type().isFloating()) {
        // n * m would be an int product where the loop multiplied each into a floating value: no overflow
        product = new Expr.Cast(element, product);
      }
      product = new Expr.Binary("*", product, factor, Exprs.promote(product.type(), factor.type()));
    }
    if (!product.type().equals(element)) {
      product = new Expr.Cast(element, product);
    }
    if (a.op().equals("-=")) {
      product = Exprs.neg(product);
    }
    return new Accumulation(target.array(), target.index(), source.array(), source.index(), product);
  }

  /** The factors of a product tree {@code a * (b * c)}, left to right. */
  private static void flattenProduct(Expr e, List<Expr> factors) {
    if (e instanceof Expr.Binary b && b.op().equals("*") && (b.type().kind() == JType.Kind.DOUBLE
        || b.type().kind() == JType.Kind.FLOAT)) {
      flattenProduct(b.left(), factors);
      flattenProduct(b.right(), factors);
    } else {
      factors.add(e);
    }
  }

  /**
   * True if {@code e} is a variable or a row ({@code a[i]}) of rank-1 {@code element} arrays, loop-invariant,
   * rooted at an adjoint ({@code adjoint}) or at a primal array (not).
   */
  private static boolean isArrayOf(Expr e, JType element, boolean adjoint, String v) {
    String root = IrWalk.rootVar(e);
    if (root == null || root.startsWith(ADJOINT_PREFIX) != adjoint || e.type().rank() != 1
        || e.type().kind() != element.kind()) {
      return false;
    }
    for (Expr row = e; row instanceof Expr.Index i; row = i.array()) {
      if (!invariant(i.index(), v)) {
        return false;
      }
    }
    return true;
  }

  /** True if {@code index} is {@code v} plus or minus terms that are loop-invariant ({@code o * n + v}). */
  private static boolean unitStep(Expr index, String v) {
    if (index instanceof Expr.Var var) {
      return var.name().equals(v);
    }
    if (index instanceof Expr.Binary b && b.type().kind() == JType.Kind.INT) {
      boolean left = IrWalk.reads(b.left(), v);
      boolean right = IrWalk.reads(b.right(), v);
      if (b.op().equals("+")) {
        return left != right && (left ? unitStep(b.left(), v) && invariant(b.right(), v)
            : unitStep(b.right(), v) && invariant(b.left(), v));
      }
      if (b.op().equals("-")) {
        return left && !right && unitStep(b.left(), v) && invariant(b.right(), v);
      }
    }
    return false;
  }

  /**
   * True if {@code e} does not read {@code v}, reads no array element, calls and creates nothing and divides no
   * integers: the same value on every trip, and safe to compute once even when the run is empty (nothing in it
   * can throw).
   */
  private static boolean invariant(Expr e, String v) {
    boolean[] ok = {true};
    IrWalk.expressions(e, x -> {
      if (x instanceof Expr.Var var && var.name().equals(v)
          || x instanceof Expr.Index
          || x instanceof Expr.Binary b && (b.op().equals("/") || b.op().equals("%")) && !b.type().isFloating()
          || x instanceof Expr.Call || x instanceof Expr.Invoke || x instanceof Expr.NewArray
          || x instanceof Expr.NewObject || x instanceof Expr.NewRecord) {
        ok[0] = false;
      }
    });
    return ok[0];
  }

  private static Expr substitute(Expr e, String v, Expr with) {
    return IrRewriter.rewrite(e, x -> x instanceof Expr.Var var && var.name().equals(v) ? with : null);
  }

  private static Expr plus(Expr a, Expr b) {
    return new Expr.Binary("+", a, b, JType.INT);
  }

  private static Expr minus(Expr a, Expr b) {
    return new Expr.Binary("-", a, b, JType.INT);
  }

  /** Integer sums as a reader would write them: {@code x + 0} is {@code x}, {@code n - 1 + 1} is {@code n}. */
  private static final class Simplify {
    private Simplify() {}

    /** The sum with its integer literals added up and moved to the end, and zero terms dropped. */
    static Expr sum(Expr e) {
      List<Expr> positive = new ArrayList<>();
      List<Expr> negative = new ArrayList<>();
      long[] constant = {0};
      if (!terms(e, true, positive, negative, constant)) {
        return e;
      }
      cancel(positive, negative);
      Expr out = null;
      for (Expr t : positive) {
        out = out == null ? t : plus(out, t);
      }
      for (Expr t : negative) {
        out = out == null ? new Expr.Unary("-", t, JType.INT) : minus(out, t);
      }
      long c = constant[0];
      if (c < Integer.MIN_VALUE || c > Integer.MAX_VALUE) {
        return e;
      }
      if (out == null) {
        return Exprs.lit((int) c);
      }
      if (c > 0) {
        out = plus(out, Exprs.lit((int) c));
      } else if (c < 0) {
        out = minus(out, Exprs.lit((int) -c));
      }
      return out;
    }

    private static boolean terms(Expr e, boolean sign, List<Expr> positive, List<Expr> negative, long[] constant) {
      if (e.type().kind() != JType.Kind.INT) {
        return false;
      }
      if (e instanceof Expr.Binary b && (b.op().equals("+") || b.op().equals("-"))) {
        return terms(b.left(), sign, positive, negative, constant)
            && terms(b.right(), b.op().equals("+") == sign, positive, negative, constant);
      }
      if (e instanceof Expr.Lit l) {
        try {
          long value = Long.parseLong(l.text());
          constant[0] += sign ? value : -value;
          return true;
        } catch (NumberFormatException notDecimal) {
          return false;
        }
      }
      (sign ? positive : negative).add(e);
      return true;
    }

    /** Drops a term that is both added and subtracted ({@code hi - lo + lo}); terms have no side effects here. */
    private static void cancel(List<Expr> positive, List<Expr> negative) {
      for (int n = negative.size() - 1; n >= 0; n--) {
        for (int p = 0; p < positive.size(); p++) {
          if (positive.get(p).equals(negative.get(n))) {
            positive.remove(p);
            negative.remove(n);
            break;
          }
        }
      }
    }
  }
}
