package dev.adjoint.processor.transform;

import dev.adjoint.processor.analysis.Activity;
import dev.adjoint.processor.analysis.IrWalk;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.IrMethod;
import dev.adjoint.processor.ir.JType;
import dev.adjoint.processor.ir.Stmt;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The last step of the reverse mode: cuts the finished body of {@code mVjp} where its sweeps meet into
 * {@code mForward}'s and {@code mReverse}'s ({@link ReverseMode.Split}), with what the reverse reads of the
 * forward sweep, for a method with an array result.
 */
final class SweepSplitter {
  /** Separates the sweeps in the body until {@link #split} cuts it. */
  private static final String SWEEPS_MEET = "-- the forward sweep ends here --";

  private SweepSplitter() {}

  static Stmt sweepsMeet() {
    return new Stmt.Comment(SWEEPS_MEET);
  }

  /** The body as {@code mVjp} runs it: both sweeps, without the mark between them. */
  static List<Stmt> joint(List<Stmt> body) {
    List<Stmt> joint = new ArrayList<>(body);
    joint.removeIf(SweepSplitter::isSweepsMeet);
    return joint;
  }

  /** Where the sweeps meet in a top-level body (the mark's index), or -1. */
  static int meetIndex(List<Stmt> body) {
    int meet = -1;
    for (int i = 0; i < body.size(); i++) {
      if (isSweepsMeet(body.get(i))) {
        meet = i;
      }
    }
    return meet;
  }

  private static boolean isSweepsMeet(Stmt s) {
    return s instanceof Stmt.Comment c && c.text().equals(SWEEPS_MEET);
  }

  /** Cuts the body where the sweeps meet (see {@link ReverseMode.Split}). */
  static ReverseMode.Split split(ReverseContext ctx, List<Stmt> body, List<String> gradients, Set<String> tapeLocals) {
    IrMethod method = ctx.method;
    Activity activity = ctx.activity;
    int cut = meetIndex(body);
    if (cut < 0) {
      throw new IllegalStateException("the sweeps' boundary is missing");
    }
    List<Stmt> forward = body.subList(0, cut);
    List<Stmt> reverse = body.subList(cut + 1, body.size());
    Set<String> readByReverse = new HashSet<>(gradients);
    readByReverse.add(Activity.RESULT);
    IrWalk.statements(reverse, s -> IrWalk.ownExpressions(s, e -> {
      if (e instanceof Expr.Var v) {
        readByReverse.add(v.name());
      } else if (e instanceof Expr.Invoke inv && inv.target() != null) {
        readByReverse.add(inv.target());
      }
    }));
    boolean[] seedInForward = {false};
    IrWalk.statements(forward, s -> IrWalk.ownExpressions(s, e -> seedInForward[0] |= e instanceof Expr.Var v && v.name().equals(ctx.seedName)));
    if (seedInForward[0]) {
      throw new IllegalStateException("the forward sweep reads the seed");
    }
    if (method.result().rank() > 1 || activity.isExternal(Activity.RESULT)) {
      return new ReverseMode.Split(List.copyOf(forward), List.copyOf(reverse), null, Set.of());
    }
    // adjoint arrays of parameters the method never writes into, and that only its reverse sweep uses:
    // mReverseInto adds into the caller's arrays directly instead of into arrays of its own
    Set<String> writtenGroups = new HashSet<>();
    IrWalk.statements(ctx.body, s -> {
      Expr t = Activity.targetOf(s);
      if (t != null && IrWalk.rootVar(t) != null) {
        writtenGroups.add(activity.group(IrWalk.rootVar(t)));
      }
    });
    Set<String> direct = new HashSet<>();
    for (String p : into(method)) {
      String adjoint = "_d_" + p;
      int[] uses = {0};
      IrWalk.statements(forward, s -> IrWalk.ownExpressions(s, e -> uses[0] += e instanceof Expr.Var v && v.name().equals(adjoint) ? 1 : 0));
      boolean declaredOnce = forward.stream().filter(s -> s instanceof Stmt.Decl d && d.var().name().equals(adjoint)).count() == 1;
      if (!writtenGroups.contains(activity.group(p)) && declaredOnce && uses[0] == 0) {
        direct.add(p);
      }
    }
    if (!direct.isEmpty()) {
      List<Stmt> trimmed = new ArrayList<>(forward);
      trimmed.removeIf(s -> s instanceof Stmt.Decl d && d.var().name().startsWith("_d_") && direct.contains(d.var().name().substring(3)));
      forward = trimmed;
      readByReverse.addAll(direct); // their lengths size the arrays when the caller gives none
    }
    List<Stmt> allocatedByReverse = adjointsOnlyTheReverseUses(method, forward);
    if (!allocatedByReverse.isEmpty()) {
      List<Stmt> trimmed = new ArrayList<>(forward);
      trimmed.removeAll(allocatedByReverse);
      forward = trimmed;
      List<Stmt> prefixed = new ArrayList<>(allocatedByReverse);
      prefixed.addAll(reverse);
      reverse = prefixed;
      for (Stmt s : allocatedByReverse) {
        IrWalk.ownExpressions(s, e -> {
          if (e instanceof Expr.Var v) {
            readByReverse.add(v.name()); // the primal array whose length sizes it
          }
        });
      }
    }
    List<Expr.Var> kept = new ArrayList<>();
    kept.add(new Expr.Var(Activity.RESULT, method.result()));
    if (!method.isStatic()) {
      kept.add(new Expr.Var("self", JType.ref(method.ownerClass())));
    }
    for (IrMethod.Param p : method.params()) {
      if (readByReverse.contains(p.name())) {
        kept.add(new Expr.Var(p.name(), p.type()));
      }
    }
    for (Stmt s : forward) {
      if (s instanceof Stmt.Decl d && !d.var().name().equals(Activity.RESULT) && readByReverse.contains(d.var().name())) {
        JType t = d.var().type();
        if (t.kind() == JType.Kind.VAR) {
          if (!tapeLocals.contains(d.var().name())) {
            return new ReverseMode.Split(List.copyOf(forward), List.copyOf(reverse), null, Set.of());
          }
          t = Exprs.OBJECT;
        }
        kept.add(new Expr.Var(d.var().name(), t));
      }
    }
    return new ReverseMode.Split(List.copyOf(forward), List.copyOf(reverse), List.copyOf(kept), Set.copyOf(direct));
  }

  /**
   * The top-level declarations of local adjoint arrays, fresh and zero ({@code double[] _d_out = new
   * double[out.length]}), that nothing in the forward sweep uses, sized by a primal array assigned once: the
   * reverse sweep allocates them instead, so a forward record carries none of them, and each reverse gets fresh
   * ones (a repeated reverse had to allocate them anew anyway). A bundle-adjustment observation's forward sweep
   * allocated five such arrays over its three calls.
   */
  private static List<Stmt> adjointsOnlyTheReverseUses(IrMethod method, List<Stmt> forward) {
    Map<String, Integer> writes = new HashMap<>();
    Map<String, Integer> mentions = new HashMap<>();
    method.params().forEach(p -> writes.put(p.name(), 1));
    IrWalk.statements(forward, s -> {
      if (s instanceof Stmt.Decl d) {
        writes.merge(d.var().name(), 1, Integer::sum);
      }
      if (IrWalk.writeTarget(s) instanceof Expr.Var v) {
        writes.merge(v.name(), 1, Integer::sum);
      }
      IrWalk.ownExpressions(s, e -> {
        if (e instanceof Expr.Var v) {
          mentions.merge(v.name(), 1, Integer::sum);
        }
      });
    });
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : forward) {
      if (s instanceof Stmt.Decl d && d.var().name().startsWith("_d_") && d.var().type().rank() >= 1
          && writes.getOrDefault(d.var().name(), 0) == 1 && mentions.getOrDefault(d.var().name(), 0) == 0) {
        Expr.Var sizedBy = d.init() instanceof Expr.NewArray n && n.elements() == null && n.dims().size() == 1
            && n.dims().get(0) instanceof Expr.Length len && len.array() instanceof Expr.Var v ? v
            : d.init() instanceof Expr.Invoke inv && inv.method().equals("zerosLike") && inv.args().size() == 1
                && inv.args().get(0) instanceof Expr.Var v2 ? v2 : null;
        if (sizedBy != null && writes.getOrDefault(sizedBy.name(), 0) == 1) {
          out.add(s);
        }
      }
    }
    return out;
  }

  /** The parameters mReverseInto takes an adjoint array for (see {@link ReverseMode#takesAdjointArray}). */
  private static List<String> into(IrMethod method) {
    List<String> into = new ArrayList<>();
    for (IrMethod.Param p : method.params()) {
      if (ReverseMode.takesAdjointArray(p.type(), method.wrt().contains(p.name()))) {
        into.add(p.name());
      }
    }
    return into;
  }
}
