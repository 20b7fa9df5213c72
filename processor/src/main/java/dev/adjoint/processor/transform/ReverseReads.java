package dev.adjoint.processor.transform;

import dev.adjoint.processor.analysis.Activity;
import dev.adjoint.processor.analysis.IrWalk;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.JType;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.TensorRule;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the reverse sweep reads, and so what the forward sweep must save: the variables (alias groups)
 * read by the reverse of some statement ({@code needed}: operands of {@code *} and {@code /}, arguments
 * of calls, indices, ternary conditions), and the floating locals better saved where they are read than
 * where they are written.
 */
final class ReverseReads {
  private final ReverseContext ctx;
  private final Activity activity;
  /** The alias groups the reverse sweep reads anywhere. */
  private final Set<String> needed = new HashSet<>();
  /** Where {@link #collectNeeded} puts what it finds: the set of the statement {@link #reverseReadsOf} is working on. */
  private Set<String> readSink;
  private final Map<Stmt, Set<String>> reverseReads = new IdentityHashMap<>();
  private final Set<String> saveAtReads = new HashSet<>();
  private final Set<String> refilledArrays = new HashSet<>();

  ReverseReads(ReverseContext ctx) {
    this.ctx = ctx;
    this.activity = ctx.activity;
  }

  /** Records what the reverse of every statement of the body reads. */
  void collect(List<Stmt> body) {
    IrWalk.statements(body, s -> needed.addAll(reverseReadsOf(s)));
    order(body, new java.util.ArrayList<>());
  }

  /** Each statement's place in program order (pre-order) and the loops around it. */
  private final Map<Stmt, Integer> position = new IdentityHashMap<>();
  private final Map<Stmt, List<Stmt.Loop>> loopsAround = new IdentityHashMap<>();

  private void order(List<Stmt> body, List<Stmt.Loop> loops) {
    for (Stmt s : body) {
      position.put(s, position.size());
      loopsAround.put(s, List.copyOf(loops));
      if (s instanceof Stmt.If f) {
        order(f.then(), loops);
        order(f.otherwise(), loops);
      } else if (s instanceof Stmt.Loop l) {
        List<Stmt.Loop> inner = new java.util.ArrayList<>(loops);
        inner.add(l);
        order(l.init(), loops);
        order(l.body(), inner);
        order(l.update(), inner);
      }
    }
  }

  /**
   * As {@link #isNeeded}, for an element write at statement {@code at}: the old element matters only to a
   * reverse that runs after this write's reverse and reads the array, so to a statement before it in program
   * order, or one in a loop around both (a later trip's reverse runs first). An array only statements after
   * it read in reverse (a sum of squares after a fill loop) keeps no saved elements.
   */
  boolean isNeededAt(Expr target, Stmt at) {
    if (!(target instanceof Expr.Index) || !position.containsKey(at) || !isNeeded(target)) {
      return isNeeded(target);
    }
    String group = activity.group(IrWalk.rootVar(target));
    int here = position.get(at);
    List<Stmt.Loop> around = loopsAround.get(at);
    for (Map.Entry<Stmt, Set<String>> r : reverseReads.entrySet()) {
      Stmt reader = r.getKey();
      if (!r.getValue().contains(group) || !position.containsKey(reader)) {
        continue;
      }
      if (position.get(reader) <= here || loopsAround.get(reader).stream().anyMatch(around::contains)) {
        return true;
      }
    }
    return false;
  }

  /** The variables (alias groups) the reverse of this one statement reads. */
  Set<String> reverseReadsOf(Stmt s) {
    return reverseReads.computeIfAbsent(s, st -> {
      Set<String> saved = readSink;
      readSink = new TreeSet<>();
      try {
        collectNeeded(st);
        return readSink;
      } finally {
        readSink = saved;
      }
    });
  }

  /**
   * A floating-point or tensor local overwritten more often than the reverse sweep reads it (an accumulator
   * {@code v += ...} in an inner loop, read once after it) is saved where it is read instead of
   * where it is written: before each statement whose reverse reads it, restored at that
   * statement's reverse. Counts are weighted by 10^(loop depth).
   */
  void chooseSavePoints(List<Stmt> body) {
    Map<String, Double> reads = new HashMap<>();
    Map<String, Double> writes = new HashMap<>();
    countAccesses(body, 0, reads, writes);
    for (Map.Entry<String, Double> w : writes.entrySet()) {
      String x = w.getKey();
      JType t = ctx.varTypes.get(x);
      if (t != null && (t.isFloating() || t.isTensor()) && !isJumpFlag(x) && reads.getOrDefault(x, 0.0) < w.getValue()) {
        saveAtReads.add(x);
      }
    }
  }

  /** A value the reverse reads beyond what the statements' reverses read (a replayed update's operand). */
  void alsoNeeded(String name) {
    needed.add(activity.group(name));
    saveAtReads.remove(name); // (no statement reads it there: it is kept where it is written)
  }

  /** A local saved before the statements whose reverse reads it (see {@link #chooseSavePoints}). */
  boolean savedAtReads(String name) {
    return saveAtReads.contains(name);
  }

  /** The reverse of its block runs the loop that fills this array again: its elements need no saving. */
  void refilled(String array) {
    refilledArrays.add(array);
  }

  private void countAccesses(List<Stmt> body, int depth, Map<String, Double> reads, Map<String, Double> writes) {
    double weight = Math.pow(10, Math.min(depth, 6));
    for (Stmt s : body) {
      if (s instanceof Stmt.If f) {
        countAccesses(f.then(), depth, reads, writes);
        countAccesses(f.otherwise(), depth, reads, writes);
      } else if (s instanceof Stmt.Loop l) {
        countAccesses(l.init(), depth, reads, writes);
        countAccesses(l.body(), depth + 1, reads, writes);
        countAccesses(l.update(), depth + 1, reads, writes);
      } else {
        for (String r : reverseReadsOf(s)) {
          reads.merge(r, weight, Double::sum);
        }
        Expr t = s instanceof Stmt.Assign a ? a.target() : s instanceof Stmt.IncDec i ? i.target()
            : s instanceof Stmt.Decl d && depth > 0 ? d.var() : null;
        if (t instanceof Expr.Var v) {
          writes.merge(v.name(), weight, Double::sum);
        }
      }
    }
  }

  /**
   * The normalizer's guard flags ({@code _jumpN}): set only before the jumps of the statement just
   * before their guard, never inside the guarded code.
   */
  private static boolean isJumpFlag(String name) {
    return name.startsWith("_jump");
  }

  /**
   * A guard on jump flags: its decision is read back from the flag in the reverse sweep, since the
   * forward sweep may leave the loop before reaching the guard (so it cannot always be recorded).
   */
  static boolean onJumpFlags(Expr cond) {
    boolean[] ok = {true};
    IrWalk.expressions(cond, x -> {
      if (x instanceof Expr.Var v && !isJumpFlag(v.name())) {
        ok[0] = false;
      }
      if (x instanceof Expr.Call || x instanceof Expr.Index || x instanceof Expr.Invoke
          || x instanceof Expr.Field f && !f.isFinal()) {
        ok[0] = false; // (a written-out reverse sweep's branch pops its decision: the reverse may not pop it again)
      }
    });
    return ok[0];
  }

  /** The calls of the statement being read whose unit pullback the forward sweep runs (their arguments stay unread). */
  private Set<Expr.Call> scaledPullbacks = Set.of();

  /** The statement {@link #collectNeeded} is reading. */
  private Stmt current;

  private void collectNeeded(Stmt s) {
    current = s;
    scaledPullbacks = CallSplitting.scaledPullbacksOf(s, ctx);
    if (s instanceof Stmt.If f && onJumpFlags(f.cond())) {
      allVars(f.cond());
      return;
    }
    Expr target = Activity.targetOf(s);
    Expr value = Activity.valueOf(s);
    if (s instanceof Stmt.Assign a && !a.op().equals("=")) {
      value = new Expr.Binary(a.op().substring(0, a.op().length() - 1), a.target(), a.value(), a.target().type());
    }
    if (target == null || value == null) {
      return;
    }
    // an element write the forward saves (any array the reverse reads, active or not) is restored at the
    // same index: the index's variables must have their values back by then
    allVarsOfIndices(target);
    String root = IrWalk.rootVar(target);
    if (root == null || !activity.isActive(root)) {
      return;
    }
    if (target.type().isArray()) {
      if (value instanceof Expr.NewArray n && n.elements() != null) {
        n.elements().forEach(e -> need(e));
      } else if (value instanceof Expr.Call c) {
        need(c);
      } else if (value instanceof Expr.Cond c) {
        allVars(c.cond());
      }
      return;
    }
    need(value);
  }

  /**
   * A tensor operation's reverse reads only what its rules take (an operand's value, shape or rank) and,
   * for a broadcasting operand, that operand's shape; its result and pure nested operations are kept
   * from the forward sweep ({@code CallSplitting}), so the variables they read need no saving.
   */
  private void needOfTensorRules(Expr.Call c) {
    List<Expr> operands = c.operands();
    for (int k = 0; k < operands.size(); k++) {
      TensorRule rule = c.tensorRule(k);
      if (rule == null || !activity.isActive(operands.get(k))) {
        continue;
      }
      for (TensorRule.Slot slot : rule.args()) {
        switch (slot.kind()) {
          case OPERAND, SHAPE, DTYPE, IS_MATRIX -> readOperand(operands.get(slot.operand()));
          default -> { }
        }
      }
      if (rule.unbroadcast()) {
        readOperand(operands.get(k));
      }
    }
    for (Expr o : operands) {
      need(o);
    }
  }

  private void readOperand(Expr operand) {
    if (!(operand instanceof Expr.Call c && c.kind() == Expr.CallKind.TENSOR && IrWalk.isPure(c))) {
      allVars(operand);
    }
  }

  private void allVarsOfIndices(Expr target) {
    while (target instanceof Expr.Index i) {
      allVars(i.index());
      target = i.array();
    }
  }

  private void allVars(Expr e) {
    IrWalk.expressions(e, x -> {
      if (x instanceof Expr.Var v) {
        readSink.add(activity.group(v.name()));
      }
    });
  }

  private void need(Expr e) {
    if (e == null) {
      return;
    }
    if (!activity.isActive(e)) {
      return;
    }
    if (e instanceof Expr.Index i) {
      allVarsOfIndices(i);
    } else if (e instanceof Expr.Call c && c.kind() == Expr.CallKind.TENSOR) {
      needOfTensorRules(c);
    } else if (e instanceof Expr.Unary u) {
      need(u.operand());
    } else if (e instanceof Expr.Cast c) {
      need(c.operand());
    } else if (e instanceof Expr.Binary b) {
      boolean l = activity.isActive(b.left());
      boolean r = activity.isActive(b.right());
      switch (b.op()) {
        case "*" -> {
          if (l) {
            allVars(b.right());
          }
          if (r) {
            allVars(b.left());
          }
        }
        case "/" -> {
          allVars(b.right());
          if (r) {
            allVars(b.left());
          }
        }
        default -> {}
      }
      need(b.left());
      need(b.right());
    } else if (e instanceof Expr.Cond c) {
      allVars(c.cond());
      need(c.ifTrue());
      need(c.ifFalse());
    } else if (e instanceof Expr.Call c && CallSplitting.keepsResultOf(current, c, ctx)) {
      // its rule reads the value the forward sweep kept, not the argument
      need(c.args().get(0));
    } else if (e instanceof Expr.Call c && scaledPullbacks.contains(c)) {
      // its reverse scales the derivatives the forward sweep's pullback gave: it reads only what
      // propagating into each argument expression reads (an index list passed along is not read)
      for (int k = 0; k < c.args().size(); k++) {
        if (Activity.carriesDerivative(c, k)) {
          need(c.args().get(k));
        }
      }
    } else if (e instanceof Expr.Call c) {
      if (c.receiver() != null) {
        allVars(c.receiver());
      }
      for (Expr a : c.args()) {
        allVars(a); // every variable of an argument: more than need(a) would add
      }
    }
  }

  /** True if the reverse sweep reads the variable (or array) {@code name} anywhere. */
  boolean readByReverse(String name) {
    return needed.contains(activity.group(name));
  }

  /** True if overwriting target must save its old value: the reverse sweep reads it where it is written. */
  boolean isNeeded(Expr target) {
    if (target instanceof Expr.Var v && saveAtReads.contains(v.name())) {
      return false;
    }
    if (target instanceof Expr.Index && refilledArrays.contains(IrWalk.rootVar(target))) {
      return false;
    }
    String root = IrWalk.rootVar(target);
    return root != null && (needed.contains(activity.group(root)) || (target.type().isArray() && activity.isActive(root)));
  }
}
