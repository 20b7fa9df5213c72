package dev.adjoint.processor.analysis;

import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.IrMethod;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.lower.TensorOps;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds control flow that depends on the value of a tensor computed from a {@code wrt} input: a
 * condition of {@code if}, a loop or {@code ?:}, or an array index, that reads such a tensor's value
 * ({@code b.norm().item() < 1000}), directly or through a number computed from one. A static adjoint
 * cannot know which way such code goes, so under {@code AUTO} the method runs on the dynamic tape.
 * Tensors that reach control flow only from constants do not count.
 */
public final class TensorValueReads {
  private final Activity activity;
  private final Set<String> tainted = new HashSet<>();

  private TensorValueReads(Activity activity) {
    this.activity = activity;
  }

  /**
   * The control-flow expressions (conditions and indices, in source order) that read the value of a
   * tensor depending on a {@code wrt} input; empty if there are none.
   */
  public static List<Expr> find(IrMethod method, Activity activity) {
    TensorValueReads r = new TensorValueReads(activity);
    List<Stmt> all = new ArrayList<>();
    IrWalk.statements(method.body(), all::add);
    // numbers computed from such values: a fixed point over assignments
    for (boolean changed = true; changed; ) {
      changed = false;
      for (Stmt s : all) {
        Expr target = Activity.targetOf(s);
        Expr value = Activity.valueOf(s);
        String root = target == null ? null : IrWalk.rootVar(target);
        if (root != null && value != null && !r.tainted.contains(root) && r.readsValue(value)) {
          r.tainted.add(root);
          changed = true;
        }
      }
    }
    List<Expr> found = new ArrayList<>();
    for (Stmt s : all) {
      if (s instanceof Stmt.If f && r.readsValue(f.cond())) {
        found.add(f.cond());
      } else if (s instanceof Stmt.Loop l && l.cond() != null && r.readsValue(l.cond())) {
        found.add(l.cond());
      }
      IrWalk.ownExpressions(s, e -> {
        if (e instanceof Expr.Cond c && r.readsValue(c.cond()) && !found.contains(c.cond())) {
          found.add(c.cond());
        } else if (e instanceof Expr.Index i && r.readsValue(i.index()) && !found.contains(i.index())) {
          found.add(i.index());
        }
      });
    }
    return found;
  }

  /** True if e reads the value of a varied tensor, or a number computed from one. */
  private boolean readsValue(Expr e) {
    boolean[] reads = {false};
    IrWalk.expressions(e, x -> {
      if (x instanceof Expr.Call c && c.kind() == Expr.CallKind.OTHER && c.owner().equals(TensorOps.TENSOR)
          && TensorOps.VALUE_READS.contains(c.name()) && c.receiver() != null && activity.isVaried(c.receiver())) {
        reads[0] = true;
      } else if (x instanceof Expr.Var v && tainted.contains(v.name())) {
        reads[0] = true;
      }
    });
    return reads[0];
  }
}
