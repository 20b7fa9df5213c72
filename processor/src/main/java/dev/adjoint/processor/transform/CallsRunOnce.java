package dev.adjoint.processor.transform;

import dev.adjoint.processor.DiagnosticId;
import dev.adjoint.processor.DiagnosticSink;
import dev.adjoint.processor.analysis.IrWalk;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Stmt;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The last step of the reverse mode, a check: the generated body calls the user's code no more often than the
 * method does. A function with a {@code @Derivative} rule, a passive method (an {@code OTHER} call) and
 * {@code Math.random} may be impure (a random draw, a counter) or expensive, so each runs where the source runs
 * it and the reverse sweep reads what it returned (kept by {@code ForeignCallHoister} and {@code CallSplitting}). Where the reverse would still evaluate one again (a
 * construct none of them keeps a value of), the gradient would silently use a second draw: that is an
 * {@code [Adjoint:Unsupported]} error at the call instead, saying how to give the value a local of its own.
 */
final class CallsRunOnce {
  private CallsRunOnce() {}

  /** Reports each call of the method's user code that the generated body evaluates more often than the method. */
  static void check(String method, List<Stmt> source, List<Stmt> generated, DiagnosticSink sink) {
    Map<String, Expr> first = new LinkedHashMap<>();
    Map<String, Integer> inSource = count(source, first);
    Map<String, Integer> inGenerated = count(generated, new HashMap<>());
    for (Map.Entry<String, Expr> call : first.entrySet()) {
      if (inGenerated.getOrDefault(call.getKey(), 0) > inSource.get(call.getKey())) {
        String name = call.getKey().substring(0, call.getKey().indexOf('('));
        sink.error(DiagnosticId.UNSUPPORTED, call.getValue(), "the gradient of " + method + " would call " + name
            + " again in its reverse sweep, where the value it returned here cannot be kept (" + name + " may be impure"
            + " or expensive, so it must run once per call, as in " + method + "): assign its result to a local variable"
            + " of its own (`var v = " + name + "(...);`) and use that");
      }
    }
  }

  /** How often the statements evaluate each user-code call (by method), and the first occurrence of each. */
  private static Map<String, Integer> count(List<Stmt> body, Map<String, Expr> first) {
    Map<String, Integer> counts = new HashMap<>();
    IrWalk.statements(body, s -> IrWalk.ownExpressions(s, e -> {
      String key = userCode(e);
      if (key != null) {
        counts.merge(key, 1, Integer::sum);
        first.putIfAbsent(key, e);
      }
    }));
    return counts;
  }

  /**
   * A query of a tensor the runtime answers without changing anything ({@code t.item()}, {@code t.toDoubleArray()}: not
   * an in-place operation, whose name ends in {@code _}): the reverse may evaluate it again, as it does a tensor
   * operation (a recomputed ternary's condition reads {@code mask.sum().item()} again).
   */
  private static boolean readsATensor(Expr.Call c) {
    return c.receiver() != null && "dev.adjoint.Tensor".equals(c.owner()) && !c.name().endsWith("_");
  }

  /**
   * The method a call of the user's code names ({@code Owner.name(types)}), or null for any other expression (a
   * constructor too: a reverse sweep written out to be differentiated again makes the stacks it pushes on).
   */
  private static String userCode(Expr e) {
    if (e instanceof Expr.Call c && (c.kind() == Expr.CallKind.CUSTOM_RULE
        || c.kind() == Expr.CallKind.OTHER && !readsATensor(c)
        || c.kind() == Expr.CallKind.MATH && c.name().equals("random"))) {
      String owner = c.owner() == null ? "" : c.owner().substring(c.owner().lastIndexOf('.') + 1) + ".";
      return owner + c.name() + "(" + c.paramTypes() + ")";
    }
    return null;
  }
}
