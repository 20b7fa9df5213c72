package dev.adjoint.autograd;

import dev.adjoint.Tensor;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * The backward pass: visits the recorded graph in dependency order (iteratively, so deep graphs
 * cannot overflow the stack), calls each node's rule once with the sum of the gradients that
 * reached it, sums gradients down to each input's shape (the one place broadcasting is undone),
 * and delivers them to the next nodes, to leaves' {@code grad()} or to the caller.
 *
 * <p>State lives in the nodes of the graph being differentiated and in locals; there is no shared
 * mutable static state, so independent graphs can be differentiated on different threads.
 */
public final class Engine {
  private Engine() {}

  /**
   * Backpropagates {@code seeds[i]} from output {@code i}, which is either the result of node
   * {@code roots[i]} or the leaf with accumulator {@code rootLeaves[i]}.
   *
   * @param targets null to accumulate into leaves' {@code grad()} (and retained gradients);
   *     otherwise the nodes / accumulators whose gradients to return, leaving {@code grad()} alone
   * @param retain keep saved tensors (otherwise freed after use)
   * @param create record the backward pass so that its results can be differentiated
   * @return the gradients of {@code targets} (null entries where no gradient arrived), or null
   */
  public static Tensor[] run(Node[] roots, GradAccumulator[] rootLeaves, Tensor[] seeds,
      Object[] targets, boolean retain, boolean create) {
    boolean previous = GradMode.isEnabled();
    GradMode.setEnabled(create);
    try {
      return new Pass(targets, create).execute(roots, rootLeaves, seeds, retain || create);
    } finally {
      GradMode.setEnabled(previous);
    }
  }

  private static final class Pass {
    private final Object token = new Object();
    private final Object[] targets;
    private final Tensor[] results;
    private final boolean create;

    Pass(Object[] targets, boolean create) {
      this.targets = targets;
      this.results = targets == null ? null : new Tensor[targets.length];
      this.create = create;
    }

    Tensor[] execute(Node[] roots, GradAccumulator[] rootLeaves, Tensor[] seeds, boolean retain) {
      countDependencies(roots);
      ArrayDeque<Node> ready = new ArrayDeque<>();
      for (int i = 0; i < roots.length; i++) {
        Node r = roots[i];
        if (r != null) {
          r.pending = accumulate(r.pending, seeds[i]);
        } else {
          deliverToLeaf(rootLeaves[i], seeds[i], false);
        }
      }
      for (Node r : roots) {
        if (r != null && r.dependencies == 0 && !ready.contains(r)) {
          ready.push(r);
        }
      }
      while (!ready.isEmpty()) {
        Node n = ready.pop();
        Tensor g = n.pending;
        n.pending = null;
        n.passToken = null;
        if (targets != null) {
          for (int j = 0; j < targets.length; j++) {
            if (targets[j] == n && g != null) {
              results[j] = accumulate(results[j], g);
            }
          }
        } else if (n.retainGrad && g != null) {
          n.retainedGrad = n.retainedGrad == null ? (create ? g : g.copy())
              : (create ? n.retainedGrad.add(g) : n.retainedGrad.addInPlace(g));
        }
        Tensor[] inputGrads = null;
        if (g != null) {
          n.checkUsable();
          inputGrads = n.op.rule().vjp(n, g);
        }
        for (int i = 0; i < n.next.length; i++) {
          Node m = n.next[i];
          GradAccumulator leaf = n.leaves[i];
          if (m == null && leaf == null) {
            continue;
          }
          Tensor gi = inputGrads == null ? null : inputGrads[i];
          if (gi != null) {
            gi = fit(n, i, gi);
          }
          if (m != null) {
            if (gi != null) {
              m.pending = accumulate(m.pending, gi);
            }
            if (--m.dependencies == 0) {
              ready.push(m);
            }
          } else if (gi != null) {
            deliverToLeaf(leaf, gi, exclusive(gi, g, inputGrads, i));
          }
        }
        if (!retain) {
          n.release();
        }
      }
      return results;
    }

    private void countDependencies(Node[] roots) {
      ArrayDeque<Node> stack = new ArrayDeque<>();
      for (Node r : roots) {
        if (r != null && r.passToken != token) {
          r.passToken = token;
          r.dependencies = 0;
          r.pending = null;
          stack.push(r);
        }
      }
      while (!stack.isEmpty()) {
        Node n = stack.pop();
        for (Node m : n.next) {
          if (m == null) {
            continue;
          }
          if (m.passToken != token) {
            m.passToken = token;
            m.dependencies = 0;
            m.pending = null;
            stack.push(m);
          }
          m.dependencies++;
        }
      }
    }

    /** Sums a gradient down to the input's shape and checks its dtype. */
    private static Tensor fit(Node n, int i, Tensor gi) {
      int[] want = n.inputShapes[i];
      int[] have = gi.shape();
      if (!Arrays.equals(have, want)) {
        gi = gi.sumToShape(want);
      }
      if (gi.dtype() != n.inputTypes[i]) {
        throw new IllegalStateException("backward: " + n.name() + " produced a gradient of dtype "
            + gi.dtype() + " for input " + i + " of dtype " + n.inputTypes[i]
            + "; gradients must have their input's dtype (mixing dtypes is an error)");
      }
      return gi;
    }

    /** True when no one else holds {@code gi}: a fresh result of the rule, returned once. */
    private static boolean exclusive(Tensor gi, Tensor g, Tensor[] all, int i) {
      if (gi == g || gi.isView()) {
        return false;
      }
      for (int j = 0; j < all.length; j++) {
        if (j != i && all[j] == gi) {
          return false;
        }
      }
      return true;
    }

    private void deliverToLeaf(GradAccumulator leaf, Tensor gi, boolean exclusive) {
      if (targets != null) {
        for (int j = 0; j < targets.length; j++) {
          if (targets[j] == leaf) {
            results[j] = accumulate(results[j], gi);
          }
        }
        return;
      }
      if (leaf.grad == null) {
        leaf.grad = create || exclusive ? gi : gi.copy();
      } else if (create) {
        leaf.grad = leaf.grad.add(gi);
      } else {
        leaf.grad.addInPlace(gi);
      }
    }

    private static Tensor accumulate(Tensor sum, Tensor g) {
      return sum == null ? g : sum.add(g);
    }
  }
}
