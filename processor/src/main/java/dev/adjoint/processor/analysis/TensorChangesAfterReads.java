package dev.adjoint.processor.analysis;

import dev.adjoint.processor.DiagnosticId;
import dev.adjoint.processor.DiagnosticSink;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.TensorRule;
import dev.adjoint.processor.lower.TensorOps;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code [Adjoint:SideEffect]} for a tensor changed in place after an operation read it for the gradient. The
 * generated adjoint keeps the tensors its reverse sweep reads by reference (no copies), so such a change makes the
 * reverse read the new values: a wrong gradient, where the tape's version counters refuse it at run time. Active
 * tensors are refused wherever they are changed ({@link Checks}); this covers the others the method can see: a
 * constant local (a mask), a tensor parameter that is not differentiated (a buffer), and a {@code detach()} or
 * {@code AD.withoutDerivative} alias of an active tensor, with the views taken of them. A tensor changed by code the
 * method calls, or reached through a field, is out of its sight.
 */
final class TensorChangesAfterReads {
  /** In-place operations that change a tensor's values (the others in {@link TensorOps#IN_PLACE} change its flags). */
  private static final Set<String> CHANGES_VALUES = Set.of("zero", "fill", "addInPlace", "subInPlace", "mulInPlace",
      "set", "copyFrom");

  /** Operations whose result may share storage with their receiver (a view, or the receiver itself). */
  private static final Set<String> SHARES_STORAGE = Set.of("detach", "t", "transpose", "permute", "reshape", "view",
      "flatten", "squeeze", "unsqueeze", "slice", "select", "expand", "expandAs", "narrow", "to", "contiguous");

  /** A statement's place: its order in the body and the loops around it (outermost first). */
  private record Place(int order, List<Integer> loops, int line) {}

  /** A tensor variable read for the gradient, where. */
  private record Read(String var, Place place) {}

  /** An in-place change of the tensor a variable holds. */
  private record Change(Expr.Call call, String var, Place place) {}

  private final Activity activity;
  private final DiagnosticSink sink;
  private final UnionFind aliases = new UnionFind(v -> false);
  /** The loops around each local's declaration (parameters: none). */
  private final Map<String, List<Integer>> declaredIn = new HashMap<>();
  private final List<Read> reads = new ArrayList<>();
  private final List<Change> changes = new ArrayList<>();
  private int order;

  private TensorChangesAfterReads(Activity activity, DiagnosticSink sink) {
    this.activity = activity;
    this.sink = sink;
  }

  static void check(List<Stmt> body, Activity activity, DiagnosticSink sink) {
    TensorChangesAfterReads c = new TensorChangesAfterReads(activity, sink);
    c.walk(body, List.of());
    c.report();
  }

  private void walk(List<Stmt> body, List<Integer> loops) {
    for (Stmt s : body) {
      Place place = new Place(order++, loops, s.line());
      if (s instanceof Stmt.Decl d) {
        declaredIn.put(d.var().name(), loops);
      }
      Expr target = Activity.targetOf(s);
      Expr value = Activity.valueOf(s);
      if (target instanceof Expr.Var v && v.type().isTensor() && value != null) {
        aliases(v.name(), value);
      }
      Expr whole = s instanceof Stmt.Decl || s instanceof Stmt.Assign ? value : null;
      IrWalk.ownExpressions(s, e -> visit(e, whole, target, place));
      if (s instanceof Stmt.If f) {
        walk(f.then(), loops);
        walk(f.otherwise(), loops);
      } else if (s instanceof Stmt.Loop l) {
        List<Integer> inner = new ArrayList<>(loops);
        inner.add(l.id());
        walk(l.init(), inner);
        walk(l.update(), inner);
        walk(l.body(), inner);
      }
    }
  }

  private void aliases(String target, Expr value) {
    if (value instanceof Expr.Cond c) {
      aliases(target, c.ifTrue());
      aliases(target, c.ifFalse());
      return;
    }
    String r = root(value);
    if (r != null) {
      union(target, r);
    }
  }

  private void visit(Expr e, Expr whole, Expr target, Place place) {
    if (!(e instanceof Expr.Call c)) {
      return;
    }
    if (c.kind() == Expr.CallKind.OTHER && c.owner().equals(TensorOps.TENSOR) && CHANGES_VALUES.contains(c.name())
        && c.receiver() != null && !activity.isVaried(c.receiver())) { // (an active one is refused as it is)
      String r = root(c.receiver());
      if (r != null) {
        changes.add(new Change(c, r, place));
      }
    } else if (c.kind() == Expr.CallKind.TENSOR) {
      List<Expr> operands = c.operands();
      for (int k = 0; k < operands.size(); k++) {
        TensorRule rule = c.tensorRule(k);
        if (rule == null || rule.method() == null || !activity.isActive(operands.get(k))) {
          continue;
        }
        for (TensorRule.Slot slot : rule.args()) {
          if (slot.kind() == TensorRule.SlotKind.OPERAND) {
            read(operands.get(slot.operand()), place);
          } else if (slot.kind() == TensorRule.SlotKind.RESULT && c == whole && target instanceof Expr.Var v) {
            read(v, place);
          }
        }
      }
    } else if ((c.kind() == Expr.CallKind.DIFFERENTIABLE || c.kind() == Expr.CallKind.CUSTOM_RULE)
        && c.operands().stream().anyMatch(activity::isActive)) {
      // the callee's reverse (or rule) reads the tensors it was given
      c.operands().forEach(o -> read(o, place));
    }
  }

  private void read(Expr operand, Place place) {
    String r = operand.type().isTensor() ? root(operand) : null;
    if (r != null) {
      reads.add(new Read(r, place));
    }
  }

  /** The tensor variable whose storage e may share (through views and detach), or null. */
  private static String root(Expr e) {
    while (true) {
      if (e instanceof Expr.Var v) {
        return v.type().isTensor() ? v.name() : null;
      }
      if (e instanceof Expr.Index i && e.type().isTensor()) {
        return IrWalk.rootVar(i); // an element of a Tensor[]: the array stands for all of them
      }
      if (e instanceof Expr.Call c && c.kind() == Expr.CallKind.WITHOUT_DERIVATIVE) {
        e = c.receiver() != null ? c.receiver() : c.args().isEmpty() ? null : c.args().get(0);
      } else if (e instanceof Expr.Call c && c.receiver() != null && c.receiver().type().isTensor()
          && SHARES_STORAGE.contains(c.name())) {
        e = c.receiver();
      } else {
        return null;
      }
    }
  }

  private void report() {
    Set<Expr.Call> reported = new HashSet<>();
    for (Change change : changes) {
      Expr.Call c = change.call();
      String changed = change.var();
      Place at = change.place();
      for (Read r : reads) {
        if (!find(r.var()).equals(find(changed)) || !before(r.place(), at, find(changed)) || !reported.add(c)) {
          continue;
        }
        String shares = r.var().equals(changed) ? "" : ", which shares storage with " + r.var() + ",";
        String when = r.place().order() < at.order() ? "after line " + r.place().line() + " read " + r.var()
            : "and line " + r.place().line() + " reads " + r.var() + " on every trip of the loop around both";
        sink.error(DiagnosticId.SIDE_EFFECT, c, "`" + changed + "." + c.name() + "(...)` changes " + changed + " in place"
            + shares + " " + when + " for the gradient: the generated adjoint keeps that tensor by reference, so its"
            + " reverse sweep would read the changed values and give a wrong gradient; " + fix(c, changed)
            + " instead, or make the change after the gradient is taken");
      }
    }
  }

  /**
   * True if the reverse of the read may run after the change: the read comes first, or a loop around both runs
   * the read again after the change on a tensor that is not new on each trip.
   */
  private boolean before(Place read, Place change, String group) {
    if (read.order() < change.order()) {
      return true;
    }
    for (int loop : read.loops()) {
      if (change.loops().contains(loop) && aliases.names().stream().filter(v -> find(v).equals(group))
          .anyMatch(v -> !declaredIn.getOrDefault(v, List.of()).contains(loop))) {
        return true;
      }
    }
    return false;
  }

  private static String fix(Expr.Call c, String v) {
    String value = c.args().size() == 1 && c.args().get(0) instanceof Expr.Lit l ? l.text() : "value";
    String outOfPlace = Checks.outOfPlace(c.name(), v, value);
    return c.name().equals("set") ? outOfPlace : "write " + outOfPlace;
  }

  private String find(String v) {
    return aliases.find(v);
  }

  private void union(String a, String b) {
    aliases.union(a, b);
  }
}
