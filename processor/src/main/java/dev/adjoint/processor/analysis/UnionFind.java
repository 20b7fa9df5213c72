package dev.adjoint.processor.analysis;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/** Groups of variable names that may share storage (arrays, tensors), with path compression. */
final class UnionFind {
  private final Map<String, String> parent = new HashMap<>();
  /** A root this accepts stays the root of a merged group (Activity keeps parameters as roots). */
  private final Predicate<String> keepsRoot;

  UnionFind(Predicate<String> keepsRoot) {
    this.keepsRoot = keepsRoot;
  }

  /** The representative of {@code v}'s group (v itself if it was never joined to another); registers v. */
  String find(String v) {
    String p = parent.putIfAbsent(v, v);
    if (p == null || p.equals(v)) {
      return v;
    }
    String root = find(p);
    parent.put(v, root);
    return root;
  }

  /** Joins the groups of {@code a} and {@code b}. */
  void union(String a, String b) {
    String ra = find(a);
    String rb = find(b);
    if (!ra.equals(rb)) {
      if (keepsRoot.test(ra)) {
        parent.put(rb, ra);
      } else {
        parent.put(ra, rb);
      }
    }
  }

  /** Every name seen so far. */
  Set<String> names() {
    return parent.keySet();
  }
}
