package dev.adjoint.autograd;

import dev.adjoint.FusedBackward;
import dev.adjoint.Tensor;
import java.util.ArrayDeque;

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
    /**
     * Nodes numbered below this cannot reach any target node (see {@link Node#topologicalNr});
     * {@code Integer.MAX_VALUE} when no target is a node. With {@link #leafHorizon}, a gradient with
     * respect to a recent intermediate (the inner gradient of a derivative of a derivative, taken at
     * every step of a simulation) costs the part of the graph after it, not the whole history before it.
     */
    private final int nodeHorizon;
    /**
     * Nodes made before this many accumulators existed cannot reach any target leaf (see
     * {@link Node#epoch}); {@code Long.MAX_VALUE} when no target is a leaf.
     */
    private final long leafHorizon;

    Pass(Object[] targets, boolean create) {
      this.targets = targets;
      this.results = targets == null ? null : new Tensor[targets.length];
      this.create = create;
      int lowestNode = Integer.MAX_VALUE;
      long lowestLeaf = Long.MAX_VALUE;
      if (targets != null) {
        for (Object t : targets) {
          if (t instanceof Node n) {
            lowestNode = Math.min(lowestNode, n.topologicalNr);
          } else if (t instanceof GradAccumulator a) {
            lowestLeaf = Math.min(lowestLeaf, a.epoch);
          }
        }
      }
      this.nodeHorizon = lowestNode;
      this.leafHorizon = lowestLeaf;
    }

    /** The node that produced an input, or null when there is none or it cannot reach a target. */
    private Node reachable(Node m) {
      if (m == null || targets == null) {
        return m;
      }
      return m.topologicalNr < nodeHorizon && m.epoch < leafHorizon ? null : m;
    }

    Tensor[] execute(Node[] roots, GradAccumulator[] rootLeaves, Tensor[] seeds, boolean retain) {
      countDependencies(roots);
      if (targets != null) {
        markNeeded(roots);
      }
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
        boolean gOwned = n.pendingOwned && !create;
        n.pending = null;
        n.pendingOwned = false;
        n.passToken = null;
        if (targets != null) {
          for (int j = 0; j < targets.length; j++) {
            if (targets[j] == n && g != null) {
              results[j] = accumulate(results[j], g);
              gOwned = false;
            }
          }
        } else if (n.retainGrad && g != null) {
          n.retainedGrad = n.retainedGrad == null ? (create ? g : g.copy())
              : (create ? n.retainedGrad.add(g) : n.retainedGrad.addInPlace(g));
        }
        // worthFusing first: most nodes are small, and the pass's method references would be made for nothing
        if (g != null && !create && (targets == null || n.needed) && FusedBackward.worthFusing(g)) {
          ElementwiseRegion region = ElementwiseRegion.grow(n, g, this::reachable, this::mayJoinRegion);
          if (region != null) {
            runRegion(region, g, ready, retain);
            continue;
          }
        }
        Tensor[] inputGrads = null;
        if (g != null && (targets == null || n.needed)) {
          n.checkUsable();
          n.gradOwned = gOwned;
          try {
            inputGrads = n.op.rule().vjp(n, g);
          } finally {
            n.gradOwned = false;
          }
        }
        for (int i = 0; i < n.inputCount(); i++) {
          Node m = reachable(n.next(i));
          GradAccumulator leaf = n.leaf(i);
          if (m == null && leaf == null) {
            continue;
          }
          Tensor gi = inputGrads == null ? null : inputGrads[i];
          boolean owned = false;
          if (gi != null) {
            owned = exclusive(gi, g, gOwned, inputGrads, i);
            Tensor fitted = fit(n, i, gi);
            owned |= fitted != gi;
            gi = fitted;
          }
          if (m != null) {
            deliverToNode(m, gi, owned, 1, ready);
          } else if (gi != null) {
            deliverToLeaf(leaf, gi, owned);
          }
        }
        if (!retain && inputGrads != null) {
          n.release();
        }
      }
      return results;
    }

    /**
     * Adds {@code gi} (null: no gradient came along these edges) to what {@code m} has received, and counts
     * {@code edges} of its dependencies as done; {@code m} is ready once none is left.
     */
    private void deliverToNode(Node m, Tensor gi, boolean owned, int edges, ArrayDeque<Node> ready) {
      if (gi != null) {
        if (m.pending == null) {
          m.pending = gi;
          m.pendingOwned = owned;
        } else if (m.pendingOwned && !create) {
          m.pending.addInPlace(gi);
        } else {
          m.pending = m.pending.add(gi);
          m.pendingOwned = true;
        }
      }
      m.dependencies -= edges;
      if (m.dependencies == 0) {
        ready.push(m);
      }
    }

    /** A node whose gradient nobody asked to see, so it may stay inside a fused region. */
    private boolean mayJoinRegion(Node m) {
      return targets == null ? !m.retainGrad : m.needed && !isTarget(m);
    }

    /**
     * Runs the rules of a region's members in one chunked pass and delivers what leaves the region as the
     * members' own rules would have: to the producers outside it, counting each edge, and to leaves.
     */
    private void runRegion(ElementwiseRegion region, Tensor g, ArrayDeque<Node> ready, boolean retain) {
      for (Node member : region.members()) {
        member.checkUsable();
      }
      Tensor[] grads = FusedBackward.run(region, g);
      for (int e = 0; e < region.externalCount(); e++) {
        Object target = region.externals().get(e);
        Tensor gi = grads[e];
        if (target instanceof Node m) {
          deliverToNode(m, gi, true, region.edges()[e], ready);
        } else {
          deliverToLeaf((GradAccumulator) target, gi, true);
        }
      }
      if (!retain) {
        for (Node member : region.members()) {
          member.release();
        }
      }
    }

    private void countDependencies(Node[] roots) {
      ArrayDeque<Node> stack = new ArrayDeque<>();
      for (Node r : roots) {
        if (r != null && r.passToken != token) {
          r.passToken = token;
          r.dependencies = 0;
          r.pending = null;
          r.pendingOwned = false;
          stack.push(r);
        }
      }
      while (!stack.isEmpty()) {
        Node n = stack.pop();
        for (int j = 0; j < n.inputCount(); j++) {
          Node m = reachable(n.next(j));
          if (m == null) {
            continue;
          }
          if (m.passToken != token) {
            m.passToken = token;
            m.dependencies = 0;
            m.pending = null;
            m.pendingOwned = false;
            stack.push(m);
          }
          m.dependencies++;
        }
      }
    }

    /**
     * For {@code Autograd.grad}: marks the nodes from which a target can be reached; the others'
     * rules are not run (their results could reach no target). Iterative post-order over the DAG.
     */
    private void markNeeded(Node[] roots) {
      Object pruneToken = new Object();
      ArrayDeque<Node> stack = new ArrayDeque<>();
      for (Node r : roots) {
        if (r == null || r.pruneToken == pruneToken) {
          continue;
        }
        r.pruneToken = pruneToken;
        r.needed = false;
        r.cursor = 0;
        stack.push(r);
        while (!stack.isEmpty()) {
          Node n = stack.peek();
          if (n.cursor < n.inputCount()) {
            int i = n.cursor++;
            Node m = reachable(n.next(i));
            if (m == null) {
              if (n.leaf(i) != null && isTarget(n.leaf(i))) {
                n.needed = true;
              }
            } else if (m.pruneToken != pruneToken) {
              m.pruneToken = pruneToken;
              m.needed = false;
              m.cursor = 0;
              stack.push(m);
            } else if (m.needed) {
              n.needed = true;
            }
            continue;
          }
          stack.pop();
          if (isTarget(n)) {
            n.needed = true;
          }
          Node parent = stack.peek();
          if (parent != null && n.needed) {
            parent.needed = true;
          }
        }
      }
    }

    private boolean isTarget(Object o) {
      for (Object t : targets) {
        if (t == o) {
          return true;
        }
      }
      return false;
    }

    /** Sums a gradient down to the input's shape and checks its dtype. */
    private static Tensor fit(Node n, int i, Tensor gi) {
      int[] want = n.shapeOf(i);
      if (!gi.hasShape(want)) {
        gi = gi.sumToShape(want);
      }
      if (gi.dtype() != n.inputType(i)) {
        throw new IllegalStateException("backward: " + n.name() + " produced a gradient of dtype "
            + gi.dtype() + " for input " + i + " of dtype " + n.inputType(i)
            + "; gradients must have their input's dtype (mixing dtypes is an error)");
      }
      return gi;
    }

    /**
     * True when no one else holds {@code gi}: a fresh result of the rule (or the node's own
     * gradient, if the node owned it) returned once.
     */
    private static boolean exclusive(Tensor gi, Tensor g, boolean gOwned, Tensor[] all, int i) {
      if (gi.isView() || (gi == g && !gOwned)) {
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
      // Independent graphs may share a leaf (e.g. parameters trained from several threads).
      synchronized (leaf) {
        accumulateIntoLeaf(leaf, gi, exclusive);
      }
    }

    private void accumulateIntoLeaf(GradAccumulator leaf, Tensor gi, boolean exclusive) {
      if (leaf.grad == null) {
        // The leaf's grad must be its own tensor (users may change it in place), so a gradient
        // that someone else also holds is copied (a recorded copy under CREATE_GRAPH).
        leaf.grad = exclusive ? gi : gi.copy();
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
