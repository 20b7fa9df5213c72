package dev.adjoint.processor.transform;

import dev.adjoint.processor.DiagnosticId;
import dev.adjoint.processor.DiagnosticSink;
import dev.adjoint.processor.analysis.Activity;
import dev.adjoint.processor.analysis.IrWalk;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.IrMethod;
import dev.adjoint.processor.ir.JType;
import dev.adjoint.processor.ir.Stmt;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What every stage of the reverse mode shares for one method: the method and its analysis, facts read
 * once from its body, the generated names, the declarations hoisted to the top of {@code mVjp}, and where
 * the statement walk stands (the loops around it, how deeply it is nested).
 */
final class ReverseContext {
  final IrMethod method;
  final Activity activity;
  final DiagnosticSink sink;
  final String seedName = "seed";
  /** The body the sweeps are built from (normalized, foreign calls hoisted). */
  final List<Stmt> body;
  /** Locals declared at the top level of the body. */
  final Set<String> topLevelDecls = new HashSet<>();
  /** Parameters, the result and every declared local (other targets are flags the normalizer introduced). */
  final Set<String> declared = new HashSet<>();
  /** The declared type of every parameter and local. */
  final Map<String, JType> varTypes = new HashMap<>();
  /** Alias groups of arrays some statement writes (an element, or the variable). */
  final Set<String> writtenArrays = new HashSet<>();
  /** Locals declared inside a loop. */
  final Set<String> loopLocals = new HashSet<>();
  /** Statements of loop headers ({@code for (init; ; update)}): no declarations can be added next to them. */
  final Set<Stmt> loopHeaderStatements = Collections.newSetFromMap(new IdentityHashMap<>());

  /** Declarations at the top of {@code mVjp}: saved values, stacks, flags, locals of nested blocks. */
  final List<Stmt> hoisted = new ArrayList<>();
  private final Map<String, JType> hoistedNames = new LinkedHashMap<>();
  private final Map<String, Integer> counters = new HashMap<>();

  /** The loops around the statement being transformed, outermost first. */
  final List<LoopPlans.LoopInfo> loopStack = new ArrayList<>();
  /** Passive locals the reverse of the loop being built replays instead of restoring ({@link RecurrenceReplay}). */
  final Set<String> replaying = new HashSet<>();
  /** How many branches and loops enclose the statement being transformed. */
  int nesting;

  /**
   * True when the sweeps are built for callers that run them apart ({@code mForward}/{@code mReverse} of a
   * method with a number result): no trip's reverse runs inside the forward sweep, and callees' records are
   * kept in locals the split can name.
   */
  final boolean forCallers;

  ReverseContext(IrMethod method, List<Stmt> body, Activity activity, DiagnosticSink sink, boolean forCallers) {
    this.method = method;
    this.forCallers = forCallers;
    this.body = body;
    this.activity = activity;
    this.sink = sink;
    for (Stmt s : body) {
      if (s instanceof Stmt.Decl d) {
        topLevelDecls.add(d.var().name());
      }
    }
    for (IrMethod.Param p : method.params()) {
      declared.add(p.name());
      varTypes.put(p.name(), p.type());
    }
    declared.add(Activity.RESULT);
    IrWalk.statements(body, s -> {
      if (s instanceof Stmt.Decl d) {
        declared.add(d.var().name());
        varTypes.put(d.var().name(), d.var().type());
      }
      Expr t = s instanceof Stmt.Assign a ? a.target() : s instanceof Stmt.IncDec i ? i.target() : null;
      if (t instanceof Expr.Index) {
        writtenArrays.add(activity.group(IrWalk.rootVar(t) == null ? "" : IrWalk.rootVar(t)));
      }
      if (t instanceof Expr.Var v && v.type().isArray()) {
        writtenArrays.add(activity.group(v.name()));
      }
      if (s instanceof Stmt.Loop l) {
        IrWalk.statements(l.body(), st -> {
          if (st instanceof Stmt.Decl d) {
            loopLocals.add(d.var().name());
          }
        });
        IrWalk.statements(l.init(), loopHeaderStatements::add);
        IrWalk.statements(l.update(), loopHeaderStatements::add);
      }
    });
  }

  /** A new generated name: prefix followed by how many names it has given that prefix before. */
  String fresh(String prefix) {
    int n = counters.merge(prefix, 1, Integer::sum) - 1;
    return prefix + n;
  }

  /** Declares v (zero) at the top of {@code mVjp}, once. */
  void hoist(Expr.Var v) {
    if (hoistedNames.putIfAbsent(v.name(), v.type()) == null) {
      hoisted.add(new Stmt.Decl(v, Exprs.zero(v.type()), 0));
    }
  }

  /** Declares a new stack (or other support object) of the given type at the top of {@code mVjp}, once. */
  void hoistNew(String name, JType type) {
    if (hoistedNames.putIfAbsent(name, type) == null) {
      hoisted.add(new Stmt.Decl(new Expr.Var(name, type), new Expr.NewObject(type, List.of()), 0));
    }
  }

  private final Map<String, Expr.Var> sinks = new HashMap<>();

  /**
   * An array as long as the parameter {@code param}, declared at the top of {@code mVjp} once, for a callee's
   * {@code gReverseInto} to add the adjoint of an argument this method does not differentiate into: given
   * none, the callee would allocate one as long as the argument on every call (a data array handed to a
   * per-sample helper in a loop). Nothing reads it.
   */
  Expr.Var sinkFor(Expr.Var param) {
    return sinks.computeIfAbsent(param.name(), k -> {
      Expr.Var sink = new Expr.Var(fresh("_sink"), param.type());
      hoistedNames.put(sink.name(), sink.type());
      hoisted.add(new Stmt.Decl(sink, Exprs.zerosLike(param), 0));
      return sink;
    });
  }

  boolean isHoisted(String name) {
    return hoistedNames.containsKey(name);
  }

  boolean inLoop() {
    return !loopStack.isEmpty();
  }

  /** The counters of the enclosing counted loops: fixed for the whole trip being reversed. */
  Set<String> enclosingCounters() {
    Set<String> counters = new HashSet<>();
    for (LoopPlans.LoopInfo info : loopStack) {
      if (info.canonical()) {
        counters.add(((Stmt.Decl) info.loop().init().get(0)).var().name());
      }
    }
    return counters;
  }

  /** The adjoint of a variable: {@code _d_x}, the seed for the result. */
  Expr.Var adjVar(String var, JType type) {
    if (var.equals(Activity.RESULT)) {
      return new Expr.Var(seedName, type);
    }
    return new Expr.Var("_d_" + var, type);
  }

  /** The adjoint of a variable or an array element ({@code _d_a[i]}). */
  Expr adjLvalue(Expr e) {
    if (IrWalk.rootVar(e) == null) {
      sink.error(DiagnosticId.UNSUPPORTED, e, "indexing an array that is not held in a variable (such as a call's result, `g(x)[1]`) cannot be differentiated; assign it to a local array first (double[] r = g(x);)");
      return new Expr.Var("_unsupported", e.type());
    }
    if (e instanceof Expr.Var v) {
      return adjVar(v.name(), v.type());
    }
    if (e instanceof Expr.Index i) {
      return new Expr.Index(adjLvalue(i.array()), i.index(), i.type());
    }
    throw new IllegalStateException("no adjoint for " + e);
  }

  /** A seed read more than once: a local of its own unless it is already a variable or a literal. */
  Expr bind(Expr seed, List<Stmt> out) {
    if (seed instanceof Expr.Var || seed instanceof Expr.Lit) {
      return seed;
    }
    JType type = seed.type().isFloating() || seed.type().isTensorBase() ? seed.type() : JType.DOUBLE;
    Expr.Var r = new Expr.Var(fresh("_r"), type);
    out.add(new Stmt.Decl(r, seed, 0));
    return r;
  }
}
