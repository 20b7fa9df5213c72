package dev.adjoint.processor.transform;

import dev.adjoint.processor.ir.Expr;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Math values the method already holds in a local through the whole reverse of a block: outside loops, a
 * local declared once as {@code v = Math.f(u)} and never reassigned, u fixed. A rule that needs {@code f(u)}
 * (the sine's rule needs the cosine) reads v instead of computing it again.
 */
final class HeldValues {
  private record Key(String function, Expr argument) {}

  private final Deque<Map<Key, Expr.Var>> scopes = new ArrayDeque<>();

  /** A block starts: what it registers holds for its statements and the blocks inside it. */
  void enter() {
    scopes.push(new HashMap<>());
  }

  void leave() {
    scopes.pop();
  }

  /** v holds {@code function(argument)} for the whole reverse of the current block. */
  void register(String function, Expr argument, Expr.Var v) {
    scopes.peek().putIfAbsent(new Key(function, argument), v);
  }

  /** The local holding {@code function(argument)} here, or null. */
  Expr.Var find(String function, Expr argument) {
    Key key = new Key(function, argument);
    for (Map<Key, Expr.Var> scope : scopes) {
      Expr.Var v = scope.get(key);
      if (v != null) {
        return v;
      }
    }
    return null;
  }
}
