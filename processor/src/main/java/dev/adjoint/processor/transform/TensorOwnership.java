package dev.adjoint.processor.transform;

import dev.adjoint.processor.analysis.IrWalk;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.JType;
import dev.adjoint.processor.ir.Stmt;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Lets the reverse sweep overwrite tensor adjoints it alone holds, on the finished body: a tensor local
 * <em>owns</em> its value when it was set from a rule's fresh result (or handed over by a local that owned it
 * and is not read again), and nothing else has read it since (a call it was passed to might keep it). A rule
 * whose seed is an owned local read for the last time gets {@code seedIsFree} (it may compute in place), and
 * so does an accumulation of such a local. A loop whose trips leave an adjoint owned gets a copy of it on
 * entry ({@code TensorAdjoints.copyOf}), so every trip may overwrite it: one copy instead of an allocation per
 * trip. The runtime still refuses in place for views and while recording, so ownership is all this decides.
 */
final class TensorOwnership {
  /** Rules with an overload taking {@code seedIsFree} after the seed, their last argument. */
  private static final Set<String> FREEABLE = dev.adjoint.processor.lower.TensorOps.seedMayBeFreeMethods();

  private final Set<String> returned;
  /** For an owning local, the local whose value it was handed over from (itself for a fresh value). */
  private final java.util.Map<String, String> origin = new java.util.HashMap<>();
  /** The origins of the locals passed as free seeds so far. */
  private final Set<String> freed = new HashSet<>();

  private TensorOwnership(Set<String> returned) {
    this.returned = returned;
  }

  static List<Stmt> apply(List<Stmt> body, Set<String> returned) {
    return new TensorOwnership(returned).block(body, new HashSet<>(), true);
  }

  /** Rewrites a block; {@code owned} holds the owning locals on entry and is left as they are at its end. */
  private List<Stmt> block(List<Stmt> body, Set<String> owned, boolean topLevel) {
    List<Stmt> out = new ArrayList<>(body.size());
    Set<String> declaredHere = new HashSet<>();
    for (int i = 0; i < body.size(); i++) {
      Stmt s = body.get(i);
      List<Stmt> rest = body.subList(i + 1, body.size());
      if (s instanceof Stmt.Decl d) {
        declaredHere.add(d.var().name());
      }
      if (s instanceof Stmt.If f) {
        if (!nullCheck(f.cond())) {
          forgetRead(f.cond(), owned);
        }
        Set<String> afterThen = new HashSet<>(owned);
        Set<String> afterElse = new HashSet<>(owned);
        List<Stmt> then = block(f.then(), afterThen, false);
        List<Stmt> otherwise = block(f.otherwise(), afterElse, false);
        owned.clear();
        owned.addAll(afterThen);
        owned.retainAll(afterElse);
        out.add(f.withBranches(then, otherwise));
      } else if (s instanceof Stmt.Loop l) {
        out.addAll(loop(l, owned));
      } else if ((s instanceof Stmt.Decl || s instanceof Stmt.Assign a && a.op().equals("=")) && tensorTarget(s) != null) {
        out.add(assignment(s, rest, declaredHere, owned, topLevel));
      } else {
        IrWalk.ownExpressions(s, e -> forgetRead(e, owned));
        Expr target = s instanceof Stmt.Assign a ? a.target() : null;
        if (target instanceof Expr.Var v) {
          owned.remove(v.name());
        }
        out.add(s);
      }
    }
    return out;
  }

  private static Expr.Var tensorTarget(Stmt s) {
    Expr.Var v = s instanceof Stmt.Decl d ? d.var() : s instanceof Stmt.Assign a && a.target() instanceof Expr.Var t ? t : null;
    return v != null && v.type().isTensor() ? v : null;
  }

  private Stmt assignment(Stmt s, List<Stmt> rest, Set<String> declaredHere, Set<String> owned, boolean topLevel) {
    Expr.Var target = tensorTarget(s);
    Expr value = s instanceof Stmt.Decl d ? d.init() : ((Stmt.Assign) s).value();
    if (value == null) {
      owned.remove(target.name());
      return s;
    }
    if (value instanceof Expr.Var w) {
      // a handover: the target owns the value if the source did and is not read again
      boolean handover = owned.contains(w.name()) && deadAfter(w.name(), rest, declaredHere, topLevel);
      owned.remove(w.name());
      owned.remove(target.name());
      if (handover) {
        owned.add(target.name());
        origin.put(target.name(), origin.getOrDefault(w.name(), w.name()));
      }
      return s;
    }
    boolean accumulation = value instanceof Expr.Invoke acc && acc.method().equals("accumulate")
        && Exprs.TENSOR_ADJOINTS.equals(acc.owner()) && acc.args().get(0) instanceof Expr.Var first
        && first.name().equals(target.name());
    boolean targetOwned = owned.contains(target.name());
    Expr rewritten = freeSeeds(value, rest, declaredHere, owned, topLevel);
    IrWalk.expressions(rewritten, e -> {
      if (e instanceof Expr.Var v) {
        owned.remove(v.name());
      }
    });
    owned.remove(target.name());
    boolean fresh = accumulation
        ? targetOwned && AdjointPropagation.owned(((Expr.Invoke) rewritten).args().get(1))
        : AdjointPropagation.owned(rewritten);
    if (fresh) {
      owned.add(target.name());
      origin.put(target.name(), accumulation ? origin.getOrDefault(target.name(), target.name()) : target.name());
    }
    if (rewritten == value) {
      return s;
    }
    return s instanceof Stmt.Decl d ? new Stmt.Decl(d.var(), rewritten, d.line()) : new Stmt.Assign(target, "=", rewritten, s.line());
  }

  /** Adds {@code true} to rule calls (and accumulations) whose seed is an owned local read for the last time here. */
  private Expr freeSeeds(Expr value, List<Stmt> rest, Set<String> declaredHere, Set<String> owned, boolean topLevel) {
    return IrRewriter.rewrite(value, e -> {
      if (!(e instanceof Expr.Invoke inv) || inv.owner() == null || inv.args().isEmpty()) {
        return null;
      }
      boolean rule = inv.owner().equals(Exprs.TENSOR_RULES) && FREEABLE.contains(inv.method());
      boolean accumulate = inv.owner().equals(Exprs.TENSOR_ADJOINTS) && inv.method().equals("accumulate") && inv.args().size() == 2;
      if (!rule && !accumulate) {
        return null;
      }
      Expr last = inv.args().get(inv.args().size() - 1);
      if (!(last instanceof Expr.Var seed) || !owned.contains(seed.name())
          || !deadAfter(seed.name(), rest, declaredHere, topLevel) || occurrences(value, seed.name()) != 1) {
        return null;
      }
      freed.add(origin.getOrDefault(seed.name(), seed.name()));
      List<Expr> args = new ArrayList<>(inv.args());
      args.add(new Expr.Lit("true", JType.BOOLEAN));
      return new Expr.Invoke(inv.target(), inv.owner(), inv.method(), args, inv.type());
    });
  }

  /** A loop: what it leaves owned at the end of a trip, assumed (and, where needed, made true) on entry. */
  private List<Stmt> loop(Stmt.Loop l, Set<String> owned) {
    IrWalk.expressions(l.cond(), e -> forgetRead(e, owned));
    Set<String> assigned = new HashSet<>();
    IrWalk.statements(l.body(), st -> {
      Expr.Var v = tensorTarget(st);
      if (v != null) {
        assigned.add(v.name());
      }
    });
    Set<String> declaredInside = new HashSet<>();
    IrWalk.statements(l.body(), st -> {
      if (st instanceof Stmt.Decl d) {
        declaredInside.add(d.var().name());
      }
    });
    // adjoints a trip leaves owned when it starts owning them: those are worth one copy on entry
    Set<String> assume = new HashSet<>(owned);
    for (String a : assigned) {
      if (!declaredInside.contains(a)) {
        assume.add(a);
      }
    }
    Set<String> entry;
    List<Stmt> body;
    while (true) {
      Set<String> end = new HashSet<>(assume);
      Set<String> freedBefore = new HashSet<>(freed);
      freed.clear();
      for (String a : assume) {
        origin.put(a, a);
      }
      body = block(l.body(), end, false);
      Set<String> freedHere = new HashSet<>(freed);
      freed.addAll(freedBefore);
      // copying on entry pays only for adjoints a trip then overwrites in place
      boolean useless = assume.removeIf(a -> !owned.contains(a) && !freedHere.contains(a));
      if (!useless && end.containsAll(assume)) {
        entry = assume;
        break;
      }
      assume.retainAll(end);
    }
    List<Stmt> out = new ArrayList<>();
    for (String v : entry) {
      if (!owned.contains(v)) {
        Expr.Var var = new Expr.Var(v, JType.TENSOR);
        out.add(new Stmt.Assign(var, "=", new Expr.Invoke(null, Exprs.TENSOR_ADJOINTS, "copyOf", List.of(var), JType.TENSOR), 0));
      }
    }
    out.add(l.withBody(body));
    owned.clear();
    owned.addAll(entry);
    return out;
  }

  /** True if {@code name}'s value is not read after this statement: killed first, or out of scope, or never read again. */
  private boolean deadAfter(String name, List<Stmt> rest, Set<String> declaredHere, boolean topLevel) {
    for (Stmt s : rest) {
      if (s instanceof Stmt.Assign a && a.op().equals("=") && a.target() instanceof Expr.Var t && t.name().equals(name)
          && !IrWalk.reads(a.value(), name)) {
        return true;
      }
      boolean[] mentioned = {false};
      IrWalk.statements(List.of(s), st -> IrWalk.ownExpressions(st, e -> mentioned[0] |= e instanceof Expr.Var v && v.name().equals(name)));
      if (mentioned[0]) {
        return false;
      }
    }
    return declaredHere.contains(name) || topLevel && !returned.contains(name);
  }

  /** {@code v != null}: reading a reference to compare it shares nothing. */
  private static boolean nullCheck(Expr cond) {
    return cond instanceof Expr.Binary b && (b.op().equals("!=") || b.op().equals("==")) && b.left() instanceof Expr.Var
        && b.right() instanceof Expr.Lit l && l.text().equals("null");
  }

  private static int occurrences(Expr e, String name) {
    int[] n = {0};
    IrWalk.expressions(e, x -> n[0] += x instanceof Expr.Var v && v.name().equals(name) ? 1 : 0);
    return n[0];
  }

  private static void forgetRead(Expr e, Set<String> owned) {
    IrWalk.expressions(e, x -> {
      if (x instanceof Expr.Var v) {
        owned.remove(v.name());
      }
    });
  }
}
