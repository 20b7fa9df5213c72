package dev.adjoint.processor.analysis;

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
 * Activity analysis: a variable is <em>active</em> if it is varied (depends on a {@code wrt}
 * parameter) and useful (the result depends on it). Only active variables get adjoints.
 *
 * <p>Flow-insensitive (a fixed point over every assignment of the method), which is exact enough
 * for the small methods people annotate and never misses a dependency. Arrays that may share
 * storage ({@code double[] b = a;}, {@code row = m[i]}) form one alias group and are active
 * together.
 */
public final class Activity {
  /** The synthetic variable holding the method's result. */
  public static final String RESULT = "_value";

  private final Map<String, JType> types = new HashMap<>();
  private final Set<String> varied = new HashSet<>();
  private final Set<String> useful = new HashSet<>();
  private final Set<String> external = new HashSet<>();
  private final Set<String> params = new HashSet<>();
  // parameters stay roots, so "is this a parameter's array" is a root check
  private final UnionFind aliases = new UnionFind(params::contains);

  private Activity() {}

  /** Runs the analysis. */
  public static Activity analyze(IrMethod method) {
    Activity a = new Activity();
    a.run(method);
    return a;
  }

  private void run(IrMethod m) {
    for (IrMethod.Param p : m.params()) {
      types.put(p.name(), p.type());
      params.add(p.name());
      if (p.type().isArray()) {
        external.add(p.name());
      }
    }
    types.put(RESULT, m.result());
    List<Stmt> all = new ArrayList<>();
    IrWalk.statements(m.body(), all::add);
    // alias groups of arrays
    for (Stmt s : all) {
      if (s instanceof Stmt.Decl d) {
        types.put(d.var().name(), d.var().type());
      }
    }
    for (Stmt s : all) {
      Expr target = targetOf(s);
      Expr value = valueOf(s);
      if (target != null && value != null && target.type().isArray()) {
        String t = IrWalk.rootVar(target);
        if (t != null) {
          unionArraySources(t, value);
        }
      }
    }
    // external storage: arrays that come from parameters, fields or other calls
    for (Stmt s : all) {
      Expr target = targetOf(s);
      Expr value = valueOf(s);
      if (target instanceof Expr.Var v && v.type().isArray() && value != null && isExternalArray(value)) {
        external.add(find(v.name()));
      }
    }
    Set<String> ext = new HashSet<>();
    for (String e : external) {
      ext.add(find(e));
    }
    external.clear();
    external.addAll(ext);
    for (String w : m.wrt()) {
      varied.add(find(w));
    }
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Stmt s : all) {
        Write w = writeOf(s);
        String t = w == null ? null : IrWalk.rootVar(w.target());
        if (t != null && w.target().type().isDifferentiable() && !varied.contains(find(t))
            && w.values().stream().anyMatch(this::isVaried)) {
          varied.add(find(t));
          changed = true;
        }
      }
    }
    useful.add(find(RESULT));
    changed = true;
    while (changed) {
      changed = false;
      for (Stmt s : all) {
        Write w = writeOf(s);
        String t = w == null ? null : IrWalk.rootVar(w.target());
        if (t != null && useful.contains(find(t))) {
          List<String> reads = new ArrayList<>();
          for (Expr value : w.values()) {
            IrWalk.expressions(value, x -> {
              if (x instanceof Expr.Var v) {
                reads.add(find(v.name()));
              } else if (x instanceof Expr.Invoke pop && isStackOperation(pop, "pop")) {
                reads.add(find(pop.target())); // what is popped was pushed
              }
            });
          }
          for (String r : reads) {
            changed |= useful.add(r);
          }
        }
      }
    }
  }

  /** What a statement writes and the values it writes from. */
  private record Write(Expr target, List<Expr> values) {}

  /**
   * The write of an assignment-like statement; and of a written-out reverse sweep's push (its stack holds what is
   * pushed on it) and {@code Adjoints} accumulation ({@code addScaledTo(target, ..., source, ..., scale)}: the target
   * from the source and the scale). Null for other statements.
   */
  private static Write writeOf(Stmt s) {
    if (s instanceof Stmt.ExprStmt e && e.expr() instanceof Expr.Invoke push && isStackOperation(push, "push")) {
      return new Write(new Expr.Var(push.target(), push.args().get(0).type()), List.of(push.args().get(0)));
    }
    if (s instanceof Stmt.ExprStmt e && e.expr() instanceof Expr.Invoke add && isAdjointAccumulation(add)) {
      return new Write(add.args().get(0), add.args().subList(1, add.args().size()));
    }
    Expr target = targetOf(s);
    Expr value = valueOf(s);
    return target == null || value == null ? null : new Write(target, List.of(value));
  }

  private boolean isExternalArray(Expr value) {
    if (value instanceof Expr.Field) {
      return true;
    }
    if (value instanceof Expr.Call c) {
      return c.kind() == Expr.CallKind.OTHER || c.kind() == Expr.CallKind.WITHOUT_DERIVATIVE
          || c.kind() == Expr.CallKind.ACCESSOR;
    }
    if (value instanceof Expr.Index i) {
      return isExternalArray(i.array());
    }
    if (value instanceof Expr.Cond c) {
      return isExternalArray(c.ifTrue()) || isExternalArray(c.ifFalse());
    }
    return false;
  }

  private void unionArraySources(String target, Expr value) {
    if (value instanceof Expr.Var v) {
      union(target, v.name());
    } else if (value instanceof Expr.Index i) {
      String r = IrWalk.rootVar(i);
      if (r != null) {
        union(target, r);
      }
    } else if (value instanceof Expr.Cond c) {
      unionArraySources(target, c.ifTrue());
      unionArraySources(target, c.ifFalse());
    }
  }

  /** The target written by an assignment-like statement ({@code return} writes {@link #RESULT}). */
  public static Expr targetOf(Stmt s) {
    if (s instanceof Stmt.Decl d) {
      return d.var();
    }
    if (s instanceof Stmt.Assign a) {
      return a.target();
    }
    if (s instanceof Stmt.Return r) {
      return new Expr.Var(RESULT, r.value().type());
    }
    return null;
  }

  /** The value written by an assignment-like statement. */
  public static Expr valueOf(Stmt s) {
    if (s instanceof Stmt.Decl d) {
      return d.init();
    }
    if (s instanceof Stmt.Assign a) {
      return a.value();
    }
    if (s instanceof Stmt.Return r) {
      return r.value();
    }
    return null;
  }

  private String find(String v) {
    return aliases.find(v);
  }

  private void union(String a, String b) {
    aliases.union(a, b);
  }

  /** The alias group of a variable (itself for scalars). */
  public String group(String var) {
    return find(var);
  }

  /** True if the array group may share storage with a parameter, a field or a foreign call's result. */
  public boolean isExternal(String var) {
    return external.contains(find(var));
  }

  /** True if the variable (or its alias group) depends on a wrt parameter. */
  public boolean isVaried(String var) {
    return varied.contains(find(var));
  }

  /** True if the variable carries an adjoint. */
  public boolean isActive(String var) {
    JType t = types.get(var);
    return (t == null || t.isDifferentiable()) && varied.contains(find(var)) && useful.contains(find(var));
  }

  /**
   * True if a stack of a written-out reverse sweep holds values that depend on a wrt parameter and that the result
   * depends on: its pops carry a derivative back to its pushes.
   */
  public boolean isActiveStack(String stack) {
    return varied.contains(find(stack)) && useful.contains(find(stack));
  }

  /** True if the result may depend on the variable. */
  public boolean isUseful(String var) {
    return useful.contains(find(var));
  }

  /**
   * The variables (their alias groups) from which a derivative flows into {@code sinks}: the varied
   * analysis's steps followed backwards, so one pass answers for every parameter at once (a wrt parameter
   * outside the set of {@code RESULT} has a derivative that is always zero).
   */
  public Set<String> flowingInto(List<Stmt> statements, Set<String> sinks) {
    List<String> targets = new ArrayList<>();
    List<Set<String>> reads = new ArrayList<>();
    for (Stmt s : statements) {
      // the same writes as the activity above: a written-out reverse sweep also writes by push and accumulation
      Write w = writeOf(s);
      String t = w == null ? null : IrWalk.rootVar(w.target());
      if (t != null && w.target().type().isDifferentiable()) {
        targets.add(find(t));
        Set<String> r = new HashSet<>();
        for (Expr value : w.values()) {
          r.addAll(derivativeReads(value));
          IrWalk.expressions(value, x -> {
            if (x instanceof Expr.Invoke pop && isStackOperation(pop, "pop")) {
              r.add(find(pop.target())); // what is popped was pushed
            }
          });
        }
        reads.add(r);
      }
    }
    Set<String> reached = new HashSet<>();
    for (String s : sinks) {
      reached.add(find(s));
    }
    boolean changed = true;
    while (changed) {
      changed = false;
      for (int i = 0; i < targets.size(); i++) {
        if (reached.contains(targets.get(i))) {
          changed |= reached.addAll(reads.get(i));
        }
      }
    }
    return reached;
  }

  /** The variables (alias groups) whose derivatives flow into e's value. */
  public Set<String> derivativeReads(Expr e) {
    Set<String> reads = new HashSet<>();
    // dependsOn asks the set about every variable in a position that carries a derivative; answering
    // "no" each time lets it visit them all, so the rule of which positions carry one stays in one place
    dependsOn(e, new java.util.AbstractSet<String>() {
      @Override
      public boolean contains(Object group) {
        reads.add((String) group);
        return false;
      }

      @Override
      public java.util.Iterator<String> iterator() {
        throw new UnsupportedOperationException();
      }

      @Override
      public int size() {
        throw new UnsupportedOperationException();
      }
    }, false);
    return reads;
  }

  /** True if the expression's value depends on a wrt parameter. */
  public boolean isVaried(Expr e) {
    return dependsOn(e, varied, false);
  }

  /** True if the expression reads an active value in a position that carries a derivative. */
  public boolean isActive(Expr e) {
    return dependsOn(e, null, true);
  }

  private boolean dependsOn(Expr e, Set<String> set, boolean active) {
    if (e == null || !e.type().isDifferentiable()) {
      return false;
    }
    if (e instanceof Expr.Var v) {
      return active ? isActive(v.name()) : set.contains(find(v.name()));
    }
    if (e instanceof Expr.Invoke pop && isStackOperation(pop, "pop")) {
      return active ? isActiveStack(pop.target()) : set.contains(find(pop.target()));
    }
    if (e instanceof Expr.Invoke copy && copy.target() != null && copy.method().equals("clone") && copy.args().isEmpty()) {
      // an array saved whole on a stack
      return !active && set.contains(find(copy.target()));
    }
    if (e instanceof Expr.Index i) {
      return dependsOn(i.array(), set, active);
    }
    if (e instanceof Expr.Unary u) {
      return dependsOn(u.operand(), set, active);
    }
    if (e instanceof Expr.Binary b) {
      return dependsOn(b.left(), set, active) || dependsOn(b.right(), set, active);
    }
    if (e instanceof Expr.Cond c) {
      return dependsOn(c.ifTrue(), set, active) || dependsOn(c.ifFalse(), set, active);
    }
    if (e instanceof Expr.Cast c) {
      return dependsOn(c.operand(), set, active);
    }
    if (e instanceof Expr.NewArray n) {
      return n.elements() != null && n.elements().stream().anyMatch(x -> dependsOn(x, set, active));
    }
    if (e instanceof Expr.Call c && c.kind() == Expr.CallKind.ARRAY_CLONE) {
      return dependsOn(c.receiver(), set, active);
    }
    if (e instanceof Expr.NewRecord r) {
      return r.components().stream().anyMatch(x -> dependsOn(x, set, active));
    }
    if (e instanceof Expr.Call c && c.kind() == Expr.CallKind.DIFFERENTIABLE && c.info().selfAccessor() != null
        && dependsOn(c.receiver(), set, active)) {
      return true;
    }
    if (e instanceof Expr.Call c && c.kind() == Expr.CallKind.TENSOR) {
      List<Expr> operands = c.operands();
      for (int k = 0; k < operands.size(); k++) {
        if (c.tensorRule(k) != null && dependsOn(operands.get(k), set, active)) {
          return true;
        }
      }
      return false;
    }
    if (e instanceof Expr.Call c) {
      for (int k = 0; k < c.args().size(); k++) {
        if (carriesDerivative(c, k) && dependsOn(c.args().get(k), set, active)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * True if {@code i} is a push or pop of a stack local: generated code only, a reverse sweep written out to be
   * differentiated again.
   */
  public static boolean isStackOperation(Expr.Invoke i, String method) {
    return i.target() != null && i.owner() == null && i.method().equals(method)
        && i.args().size() == (method.equals("push") ? 1 : 0);
  }

  /**
   * True if {@code i} adds into an adjoint array ({@code Adjoints.addScaledTo}, {@code Adjoints.addTo}): generated code
   * only, a reverse sweep written out to be differentiated again in forward mode.
   */
  public static boolean isAdjointAccumulation(Expr.Invoke i) {
    return i.target() == null && "dev.adjoint.support.Adjoints".equals(i.owner())
        && (i.method().equals("addScaledTo") || i.method().equals("addTo")) && !i.args().isEmpty();
  }

  /** True if argument k of the call (not its receiver) carries a derivative to the call's result. */
  public static boolean carriesDerivative(Expr.Call c, int k) {
    switch (c.kind()) {
      case MATH:
        return c.info().ruleNames().get(k) != null;
      case DIFFERENTIABLE:
        return c.info().accessors().get(k) != null;
      case CUSTOM_RULE:
        return c.info().differentiableArgs().get(k);
      case TENSOR:
        return c.tensorRule(c.receiver() == null ? k : k + 1) != null;
      default:
        return false;
    }
  }
}
