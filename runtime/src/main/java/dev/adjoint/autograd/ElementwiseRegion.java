package dev.adjoint.autograd;

import dev.adjoint.DType;
import dev.adjoint.FusedBackward;
import dev.adjoint.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Elementwise nodes of one type and shape whose gradients come only from each other, found from the node the
 * backward pass is about to run: the root's rule and those of every member can then run in one chunked pass
 * ({@link FusedBackward}), since no gradient from outside the region is still to arrive at a member.
 *
 * @param members the root first, then the other members in decreasing topological number (every node before
 *     the nodes it consumes)
 * @param inputs for member {@code i} and its input {@code j}: the index of the member that produced it, or
 *     {@code -1 - e} for external input {@code e}, or {@link #NO_GRADIENT}
 * @param externals the producers outside the region ({@link Node}s) and the leaves ({@link GradAccumulator}s)
 *     the members' inputs come from
 * @param edges for each external, how many member inputs it feeds
 * @param dtype the members' element type
 * @param shape the members' shape
 */
public record ElementwiseRegion(List<Node> members, int[][] inputs, List<Object> externals, int[] edges,
    DType dtype, int[] shape) {
  /** An input that needs no gradient: a constant, or a producer that cannot reach what is asked for. */
  public static final int NO_GRADIENT = Integer.MIN_VALUE;

  /**
   * How many distinct producers and leaves outside the region receive gradients.
   *
   * @return the number of externals
   */
  public int externalCount() {
    return externals.size();
  }

  /**
   * The region the backward pass can run from {@code root} with gradient {@code seed} (which
   * {@link FusedBackward#worthFusing} accepted), or null when it would be one node (or none).
   *
   * @param root the node whose gradient is complete
   * @param seed its gradient
   * @param reachable the pass's view of an input's producer: null if the pass does not go there
   * @param mayJoin whether the pass lets a node's gradient stay inside a region (not retained, not asked for)
   */
  static ElementwiseRegion grow(Node root, Tensor seed, UnaryOperator<Node> reachable, Predicate<Node> mayJoin) {
    DType dtype = seed.dtype();
    int[] shape = seed.shape();
    if (root.freed() || !FusedBackward.accepts(root, dtype, shape)) {
      return null;
    }
    List<Node> members = new ArrayList<>();
    Map<Node, Integer> index = new IdentityHashMap<>();
    Map<Node, Integer> edgesFromMembers = new IdentityHashMap<>();
    // Highest topological number first: a node's consumers all come before it, so when it is taken every
    // member that could consume it is already known.
    PriorityQueue<Node> candidates =
        new PriorityQueue<>(Comparator.comparingInt((Node n) -> n.topologicalNr).reversed());
    join(root, members, index, edgesFromMembers, candidates, reachable);
    Set<Node> decided = Collections.newSetFromMap(new IdentityHashMap<>());
    while (!candidates.isEmpty()) {
      Node m = candidates.poll();
      if (!decided.add(m)) {
        continue; // queued once per edge from a member
      }
      boolean onlyMembersConsume = edgesFromMembers.get(m) == m.dependencies;
      if (onlyMembersConsume && m.pending == null && !m.freed() && mayJoin.test(m)
          && FusedBackward.accepts(m, dtype, shape)) {
        join(m, members, index, edgesFromMembers, candidates, reachable);
      }
    }
    if (members.size() < 2) {
      return null;
    }
    List<Object> externals = new ArrayList<>();
    Map<Object, Integer> externalIndex = new IdentityHashMap<>();
    List<Integer> edges = new ArrayList<>();
    int[][] inputs = new int[members.size()][];
    for (int i = 0; i < members.size(); i++) {
      Node n = members.get(i);
      inputs[i] = new int[n.inputCount()];
      for (int j = 0; j < n.inputCount(); j++) {
        Node producer = reachable.apply(n.next(j));
        Object target = producer != null ? producer : n.leaf(j);
        if (target == null) {
          inputs[i][j] = NO_GRADIENT;
        } else if (producer != null && index.containsKey(producer)) {
          inputs[i][j] = index.get(producer);
        } else {
          Integer e = externalIndex.get(target);
          if (e == null) {
            e = externals.size();
            externalIndex.put(target, e);
            externals.add(target);
            edges.add(0);
          }
          edges.set(e, edges.get(e) + 1);
          inputs[i][j] = -1 - e;
        }
      }
    }
    return new ElementwiseRegion(List.copyOf(members), inputs, List.copyOf(externals),
        edges.stream().mapToInt(Integer::intValue).toArray(), dtype, shape);
  }

  private static void join(Node n, List<Node> members, Map<Node, Integer> index,
      Map<Node, Integer> edgesFromMembers, PriorityQueue<Node> candidates, UnaryOperator<Node> reachable) {
    index.put(n, members.size());
    members.add(n);
    for (int j = 0; j < n.inputCount(); j++) {
      Node m = reachable.apply(n.next(j));
      if (m != null) {
        edgesFromMembers.merge(m, 1, Integer::sum);
        candidates.add(m);
      }
    }
  }
}
