package dev.adjoint.processor.transform;

import dev.adjoint.processor.DiagnosticId;
import dev.adjoint.processor.DiagnosticSink;
import dev.adjoint.processor.analysis.Activity;
import dev.adjoint.processor.analysis.IrWalk;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.IrMethod;
import dev.adjoint.processor.ir.JType;
import dev.adjoint.processor.ir.Names;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.lower.MathFunctions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reverse mode: builds the body of {@code mVjp} from a normalized method.
 *
 * <p>The forward sweep is the original code plus what the reverse sweep needs: before an
 * assignment overwrites a value the reverse sweep reads, the old value is saved (in a local
 * outside loops, on a typed stack inside loops); branch decisions are recorded unless the
 * condition can be recomputed; loop trip counts are counted unless the loop is a counted loop
 * whose trips can be recomputed. The reverse sweep walks the statements backwards: it first
 * restores what the statement overwrote (so every variable has the value it had before the
 * statement) and then propagates the statement's adjoint ({@code _d_x += ...}) to its operands.
 */
public final class ReverseMode {
  private static final String SUPPORT = "dev.adjoint.support.";
  private static final String ADJOINTS = SUPPORT + "Adjoints";
  private static final String RULES = "dev.adjoint.rules.DoubleRules";

  /**
   * The generated body.
   *
   * @param body statements of {@code mVjp} before its final {@code return}
   * @param valueVar the local holding the primal result
   * @param gradients the local holding each wrt parameter's adjoint, in parameter order
   * @param seedName the name of the seed parameter
   */
  public record Result(List<Stmt> body, String valueVar, List<String> gradients, String seedName, Split split) {}

  /**
   * The adjoint cut between its sweeps, for a method with an array result ({@code mForward} runs
   * {@code forward} and keeps {@code kept}; {@code mReverse} restores them and runs {@code reverse}), so a
   * caller can run the forward sweep where it calls the method and the reverse in its own reverse sweep,
   * instead of calling {@code mVjp} there, which runs the method again.
   *
   * @param kept the parameters and forward locals the reverse sweep reads, {@code _value} first; a kept
   *     callee's forward record has type {@code Object} (the reverse only hands it back to its callee). The
   *     caller gets a copy of the result: it may write into it, and the reverse reads the original. Null if
   *     the reverse reads a local whose type the generated code cannot name (typed {@code var}; scalar
   *     callees' pullback records are kept in typed locals in such methods), or the result is not an array this method created (it may be an
   *     argument, whose identity the caller may rely on) or has rows (a copy would share them): mForward
   *     then runs {@code forward} for the value and keeps the arguments, and mReverse calls mVjp
   * @param direct the parameters (of {@link #takesAdjointArray}) whose adjoint is the array a caller hands
   *     mReverseInto: the method never writes them, and only its reverse sweep uses their adjoints
   */
  public record Split(List<Stmt> forward, List<Stmt> reverse, List<Expr.Var> kept, Set<String> direct) {}

  /**
   * The parameters mReverseInto takes an adjoint array for, in order: differentiated parameters of type
   * {@code double[]} or {@code float[]}. Callers compute the same list from the callee's signature.
   */
  public static boolean takesAdjointArray(JType type, boolean differentiated) {
    return differentiated && type.rank() == 1 && type.element().isFloating();
  }

  /** Separates the sweeps in the body until {@link #split} cuts it. */
  static final String SWEEPS_MEET = "-- the forward sweep ends here --";
  static final JType OBJECT = JType.ref("java.lang.Object");

  private final IrMethod method;
  private final Activity activity;
  private final DiagnosticSink sink;
  private final String seedName;
  private final Set<String> needed = new HashSet<>();
  private final Set<String> counterVars = new HashSet<>();
  private final Map<Integer, LoopInfo> loopInfo = new HashMap<>();
  private final List<Stmt> hoisted = new ArrayList<>();
  private final Map<String, JType> hoistedNames = new LinkedHashMap<>();
  private final Set<String> topLevelDecls = new HashSet<>();
  private final Set<String> declared = new HashSet<>();
  private final Map<String, Integer> counters = new HashMap<>();
  private final List<LoopInfo> loopStack = new ArrayList<>();
  private final java.util.Deque<List<Stmt>> rematerialized = new java.util.ArrayDeque<>();
  private final Set<String> writtenArrays = new HashSet<>();
  private final Set<String> loopLocals = new HashSet<>();
  private boolean suppressSave;
  private List<Stmt> normalizedBody = List.of();
  private final Set<String> refilledArrays = new HashSet<>();
  private final Set<String> coveredReads = new HashSet<>();
  private Set<String> readSink = needed;
  private final Map<Stmt, Set<String>> reverseReads = new java.util.IdentityHashMap<>();
  private final Set<String> saveAtReads = new HashSet<>();
  private final Map<String, JType> varTypes = new HashMap<>();
  /** Local arrays saved whole around the loop being transformed: its element writes save nothing. */
  private final Set<String> arraysSavedWhole = new HashSet<>();
  /** Fresh local arrays nothing has read yet at the top-level statement being transformed. */
  private Set<String> unreadFreshArrays = Set.of();
  private int nesting;
  /** Math functions that cost more than a stack push and pop: worth keeping from the forward sweep in loops. */
  private static final Set<String> EXPENSIVE_MATH = Set.of("sin", "cos", "tan", "asin", "acos", "atan", "atan2",
      "sinh", "cosh", "tanh", "exp", "expm1", "log", "log10", "log1p", "pow", "cbrt", "hypot");
  /**
   * The {@code @Differentiable} calls of the assignment being transformed that the forward sweep could run
   * through their pullback (compared by identity: each occurrence of a call runs once).
   */
  private Set<Expr.Call> forwardPullbackCandidates = Set.of();
  /** The candidates whose pullback the reverse takes from the forward sweep, each with its record's local. */
  private final Map<Expr.Call, Expr.Var> forwardPullbacks = new java.util.IdentityHashMap<>();
  /** Candidates with an array result whose forward sweep runs here ({@code gForward}), each with its record's local. */
  private final Map<Expr.Call, Expr.Var> forwardTapes = new java.util.IdentityHashMap<>();
  /** Every local holding a callee's forward record: typed {@code var}, kept as {@code Object}. */
  private final Set<String> tapeLocals = new HashSet<>();
  /** Statements of loop headers ({@code for (init; ; update)}): no declarations can be added next to them. */
  private final Set<Stmt> loopHeaderStatements = Collections.newSetFromMap(new java.util.IdentityHashMap<>());

  /** What the transform knows about a loop. */
  private record LoopInfo(
      int id, boolean canonical, String counterVar, String brokeVar, boolean nestedInLoop,
      String counterStack, String brokeStack, Stmt.Loop loop) {}

  private ReverseMode(IrMethod method, Activity activity, DiagnosticSink sink) {
    this.method = method;
    this.activity = activity;
    this.sink = sink;
    this.seedName = "seed";
  }

  /** Builds the adjoint body of a normalized method. */
  public static Result transform(IrMethod method, List<Stmt> normalized, Activity activity, DiagnosticSink sink) {
    return new ReverseMode(method, activity, sink).run(normalized);
  }

  private String fresh(String prefix) {
    int n = counters.merge(prefix, 1, Integer::sum) - 1;
    return prefix + n;
  }

  // ------------------------------------------------------------------ driver

  private Result run(List<Stmt> body) {
    body = hoistCalls(body);
    normalizedBody = body;
    for (Stmt s : body) {
      if (s instanceof Stmt.Decl d) {
        topLevelDecls.add(d.var().name());
      }
    }
    for (IrMethod.Param p : method.params()) {
      declared.add(p.name());
    }
    declared.add(Activity.RESULT);
    IrWalk.statements(body, s -> {
      if (s instanceof Stmt.Decl d) {
        declared.add(d.var().name());
      }
    });
    IrWalk.statements(body, this::collectNeeded);
    for (IrMethod.Param p : method.params()) {
      varTypes.put(p.name(), p.type());
    }
    IrWalk.statements(body, st -> {
      if (st instanceof Stmt.Decl d) {
        varTypes.put(d.var().name(), d.var().type());
      }
    });
    chooseSavePoints(body);
    IrWalk.statements(body, s -> {
      Expr t = s instanceof Stmt.Assign a ? a.target() : s instanceof Stmt.IncDec i ? i.target() : null;
      if (t instanceof Expr.Index) {
        writtenArrays.add(activity.group(IrWalk.rootVar(t) == null ? "" : IrWalk.rootVar(t)));
      }
      if (t instanceof Expr.Var v && v.type().isArray()) {
        writtenArrays.add(activity.group(v.name()));
      }
    });
    IrWalk.statements(body, s -> {
      if (s instanceof Stmt.Loop l) {
        IrWalk.statements(l.body(), st -> {
          if (st instanceof Stmt.Decl d) {
            loopLocals.add(d.var().name());
          }
        });
      }
    });
    IrWalk.statements(body, st -> {
      if (st instanceof Stmt.Loop l) {
        IrWalk.statements(l.init(), loopHeaderStatements::add);
        IrWalk.statements(l.update(), loopHeaderStatements::add);
      }
    });
    planLoops(body, new ArrayList<>(), new HashSet<>());
    List<Stmt> forward = new ArrayList<>();
    List<Stmt> reverse = new ArrayList<>();
    block(body, forward, reverse, true);

    List<Stmt> out = new ArrayList<>();
    boolean resultDeclared = topLevelDecls.contains(Activity.RESULT);
    if (!resultDeclared) {
      out.add(new Stmt.Decl(new Expr.Var(Activity.RESULT, method.result()), zero(method.result()), 0));
    }
    // array parameters' adjoints exist before the forward sweep: local arrays may alias them
    List<String> gradients = new ArrayList<>();
    List<Stmt> scalarAdjoints = new ArrayList<>();
    Set<String> declaredAdjoints = new HashSet<>();
    for (IrMethod.Param p : method.params()) {
      boolean wrt = method.wrt().contains(p.name());
      if (!wrt && !activity.isActive(p.name())) {
        continue;
      }
      Expr.Var adj = adjVar(p.name(), p.type());
      declaredAdjoints.add(adj.name());
      if (p.type().isArray()) {
        out.add(new Stmt.Decl(adj, zerosLike(new Expr.Var(p.name(), p.type())), 0));
      } else {
        scalarAdjoints.add(new Stmt.Decl(adj, zero(p.type()), 0));
      }
      if (wrt) {
        gradients.add(adj.name());
      }
    }
    out.addAll(hoisted);
    out.addAll(forward);
    out.add(new Stmt.Comment(SWEEPS_MEET));
    // scalar adjoints of locals: every active scalar the reverse sweep touches
    Set<String> touched = new java.util.TreeSet<>();
    Map<String, JType> touchedTypes = new HashMap<>();
    IrWalk.statements(reverse, s -> IrWalk.ownExpressions(s, e -> {
      if (e instanceof Expr.Var v && v.name().startsWith("_d_") && v.type().rank() == 0) {
        touched.add(v.name());
        touchedTypes.put(v.name(), v.type());
      }
    }));
    for (String name : orderedAdjoints(touched)) {
      if (declaredAdjoints.add(name)) {
        scalarAdjoints.add(new Stmt.Decl(new Expr.Var(name, touchedTypes.get(name)), zero(touchedTypes.get(name)), 0));
      }
    }
    out.addAll(scalarAdjoints);
    out.addAll(reverse);
    List<Stmt> releases = new ArrayList<>();
    for (Stmt h : hoisted) {
      if (h instanceof Stmt.Decl d && d.init() instanceof Expr.NewObject n && n.type().rank() == 0
          && n.type().source().startsWith(SUPPORT) && !n.type().source().contains("ObjectStack")) {
        releases.add(new Stmt.ExprStmt(new Expr.Invoke(d.var().name(), null, "release", List.of(), JType.VOID), 0));
      }
    }
    if (!releases.isEmpty()) {
      out.add(new Stmt.Comment("the next gradient on this thread reuses the stacks' storage"));
      out.addAll(releases);
    }
    Set<String> returned = new HashSet<>(gradients);
    returned.add(Activity.RESULT);
    List<Stmt> simplified = AdjointSimplifier.simplify(out, returned);
    Split split = method.result().isArray() ? split(simplified, gradients) : null;
    List<Stmt> joint = new ArrayList<>(simplified);
    joint.removeIf(s -> s instanceof Stmt.Comment c && c.text().equals(SWEEPS_MEET));
    return new Result(joint, Activity.RESULT, gradients, seedName, split);
  }

  /** Cuts the body where the sweeps meet (see {@link Split}). */
  private Split split(List<Stmt> body, List<String> gradients) {
    int cut = -1;
    for (int i = 0; i < body.size(); i++) {
      if (body.get(i) instanceof Stmt.Comment c && c.text().equals(SWEEPS_MEET)) {
        cut = i;
      }
    }
    if (cut < 0) {
      throw new IllegalStateException("the sweeps' boundary is missing");
    }
    List<Stmt> forward = body.subList(0, cut);
    List<Stmt> reverse = body.subList(cut + 1, body.size());
    Set<String> readByReverse = new HashSet<>(gradients);
    readByReverse.add(Activity.RESULT);
    IrWalk.statements(reverse, s -> IrWalk.ownExpressions(s, e -> {
      if (e instanceof Expr.Var v) {
        readByReverse.add(v.name());
      } else if (e instanceof Expr.Invoke inv && inv.target() != null) {
        readByReverse.add(inv.target());
      }
    }));
    boolean[] seedInForward = {false};
    IrWalk.statements(forward, s -> IrWalk.ownExpressions(s, e -> seedInForward[0] |= e instanceof Expr.Var v && v.name().equals(seedName)));
    if (seedInForward[0]) {
      throw new IllegalStateException("the forward sweep reads the seed");
    }
    if (method.result().rank() > 1 || activity.isExternal(Activity.RESULT)) {
      return new Split(List.copyOf(forward), List.copyOf(reverse), null, Set.of());
    }
    // adjoint arrays of parameters the method never writes into, and that only its reverse sweep uses:
    // mReverseInto adds into the caller's arrays directly instead of into arrays of its own
    Set<String> writtenGroups = new HashSet<>();
    IrWalk.statements(normalizedBody, s -> {
      Expr t = Activity.targetOf(s);
      if (t != null && IrWalk.rootVar(t) != null) {
        writtenGroups.add(activity.group(IrWalk.rootVar(t)));
      }
    });
    Set<String> direct = new HashSet<>();
    for (String p : into()) {
      String adjoint = "_d_" + p;
      int[] uses = {0};
      IrWalk.statements(forward, s -> IrWalk.ownExpressions(s, e -> uses[0] += e instanceof Expr.Var v && v.name().equals(adjoint) ? 1 : 0));
      boolean declaredOnce = forward.stream().filter(s -> s instanceof Stmt.Decl d && d.var().name().equals(adjoint)).count() == 1;
      if (!writtenGroups.contains(activity.group(p)) && declaredOnce && uses[0] == 0) {
        direct.add(p);
      }
    }
    if (!direct.isEmpty()) {
      List<Stmt> trimmed = new ArrayList<>(forward);
      trimmed.removeIf(s -> s instanceof Stmt.Decl d && d.var().name().startsWith("_d_") && direct.contains(d.var().name().substring(3)));
      forward = trimmed;
      readByReverse.addAll(direct); // their lengths size the arrays when the caller gives none
    }
    List<Expr.Var> kept = new ArrayList<>();
    kept.add(new Expr.Var(Activity.RESULT, method.result()));
    if (!method.isStatic()) {
      kept.add(new Expr.Var("self", JType.ref(method.ownerClass())));
    }
    for (IrMethod.Param p : method.params()) {
      if (readByReverse.contains(p.name())) {
        kept.add(new Expr.Var(p.name(), p.type()));
      }
    }
    for (Stmt s : forward) {
      if (s instanceof Stmt.Decl d && !d.var().name().equals(Activity.RESULT) && readByReverse.contains(d.var().name())) {
        JType t = d.var().type();
        if (t.kind() == JType.Kind.VAR) {
          if (!tapeLocals.contains(d.var().name())) {
            return new Split(List.copyOf(forward), List.copyOf(reverse), null, Set.of());
          }
          t = OBJECT;
        }
        kept.add(new Expr.Var(d.var().name(), t));
      }
    }
    return new Split(List.copyOf(forward), List.copyOf(reverse), List.copyOf(kept), Set.copyOf(direct));
  }

  private List<String> into() {
    List<String> into = new ArrayList<>();
    for (IrMethod.Param p : method.params()) {
      if (takesAdjointArray(p.type(), method.wrt().contains(p.name()))) {
        into.add(p.name());
      }
    }
    return into;
  }

  /** Parameters first (in order), then locals in order of declaration. */
  private List<String> orderedAdjoints(Set<String> names) {
    List<String> out = new ArrayList<>();
    for (IrMethod.Param p : method.params()) {
      if (names.contains("_d_" + p.name())) {
        out.add("_d_" + p.name());
      }
    }
    List<String> order = new ArrayList<>();
    IrWalk.statements(method.body(), s -> {
      if (s instanceof Stmt.Decl d) {
        order.add("_d_" + d.var().name());
      }
    });
    for (String o : order) {
      if (names.contains(o) && !out.contains(o)) {
        out.add(o);
      }
    }
    for (String n : names) {
      if (!out.contains(n)) {
        out.add(n);
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ calls evaluated once

  /**
   * A call the transform does not differentiate ({@code OTHER}: it may be impure or expensive)
   * inside an active assignment is evaluated once, into a local, so the reverse sweep reads the
   * local instead of calling it again.
   */
  private List<Stmt> hoistCalls(List<Stmt> body) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : body) {
      if (s instanceof Stmt.If f) {
        out.add(new Stmt.If(f.cond(), hoistCalls(f.then()), hoistCalls(f.otherwise()), f.line()));
      } else if (s instanceof Stmt.Loop l) {
        out.add(new Stmt.Loop(l.id(), l.label(), l.kind(), l.init(), l.cond(), l.update(), hoistCalls(l.body()), l.line()));
      } else if ((s instanceof Stmt.Decl || s instanceof Stmt.Assign) && Activity.valueOf(s) != null
          && IrWalk.rootVar(Activity.targetOf(s)) != null && activity.isActive(IrWalk.rootVar(Activity.targetOf(s)))) {
        List<Stmt> before = new ArrayList<>();
        Expr value = extractCalls(Activity.valueOf(s), before, s.line());
        out.addAll(before);
        if (s instanceof Stmt.Decl d) {
          out.add(new Stmt.Decl(d.var(), value, d.line()));
        } else {
          Stmt.Assign a = (Stmt.Assign) s;
          out.add(new Stmt.Assign(a.target(), a.op(), value, a.line()));
        }
      } else {
        out.add(s);
      }
    }
    return out;
  }

  private Expr extractCalls(Expr e, List<Stmt> before, int line) {
    boolean foreign = (e instanceof Expr.Call c && (c.kind() == Expr.CallKind.OTHER
            || c.kind() == Expr.CallKind.MATH && c.name().equals("random")))
        || e instanceof Expr.NewObject;
    if (foreign && e.type().kind() != JType.Kind.VOID) {
      Expr.Var v = new Expr.Var(fresh("_call"), e.type());
      before.add(new Stmt.Decl(v, e, line));
      return v;
    }
    if (e instanceof Expr.Unary u) {
      return new Expr.Unary(u.op(), extractCalls(u.operand(), before, line), u.type());
    }
    if (e instanceof Expr.Binary b) {
      if (b.op().equals("&&") || b.op().equals("||")) {
        return b; // short-circuit: evaluating the right side early would change the program
      }
      return new Expr.Binary(b.op(), extractCalls(b.left(), before, line), extractCalls(b.right(), before, line), b.type());
    }
    if (e instanceof Expr.Cast c) {
      return new Expr.Cast(c.type(), extractCalls(c.operand(), before, line));
    }
    if (e instanceof Expr.Call c && c.kind() != Expr.CallKind.WITHOUT_DERIVATIVE) {
      List<Expr> args = new ArrayList<>();
      for (Expr a : c.args()) {
        args.add(extractCalls(a, before, line));
      }
      return new Expr.Call(c.kind(), c.owner(), c.name(), c.receiver(), args, c.paramTypes(), c.type(), c.info());
    }
    return e; // ternaries evaluate one branch only: left as they are
  }

  // ------------------------------------------------------------------ what the reverse sweep reads

  /** The variables (alias groups) the reverse of this one statement reads. */
  private Set<String> reverseReadsOf(Stmt s) {
    return reverseReads.computeIfAbsent(s, st -> {
      Set<String> saved = readSink;
      readSink = new java.util.TreeSet<>();
      try {
        collectNeeded(st);
        return readSink;
      } finally {
        readSink = saved;
      }
    });
  }

  /**
   * A floating-point local overwritten more often than the reverse sweep reads it (an accumulator
   * {@code v += ...} in an inner loop, read once after it) is saved where it is read instead of
   * where it is written: before each statement whose reverse reads it, restored at that
   * statement's reverse. Counts are weighted by 10^(loop depth).
   */
  private void chooseSavePoints(List<Stmt> body) {
    Map<String, Double> reads = new HashMap<>();
    Map<String, Double> writes = new HashMap<>();
    countAccesses(body, 0, reads, writes);
    for (Map.Entry<String, Double> w : writes.entrySet()) {
      String x = w.getKey();
      JType t = varTypes.get(x);
      if (t != null && t.isFloating() && !counterVars.contains(x) && !x.startsWith("_jump")
          && reads.getOrDefault(x, 0.0) < w.getValue()) {
        saveAtReads.add(x);
      }
    }
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
  private static boolean onJumpFlags(Expr cond) {
    boolean[] ok = {true};
    IrWalk.expressions(cond, x -> {
      if (x instanceof Expr.Var v && !isJumpFlag(v.name())) {
        ok[0] = false;
      }
      if (x instanceof Expr.Call || x instanceof Expr.Index) {
        ok[0] = false;
      }
    });
    return ok[0];
  }

  private void collectNeeded(Stmt s) {
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
    String root = IrWalk.rootVar(target);
    if (root == null || !activity.isActive(root)) {
      return;
    }
    allVarsOfIndices(target);
    if (target.type().isArray()) {
      if (value instanceof Expr.NewArray n && n.elements() != null) {
        n.elements().forEach(e -> need(e, false));
      } else if (value instanceof Expr.Call c) {
        need(c, false);
      } else if (value instanceof Expr.Cond c) {
        allVars(c.cond());
      }
      return;
    }
    need(value, false);
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

  private void need(Expr e, boolean value) {
    if (e == null) {
      return;
    }
    if (value) {
      allVars(e);
      return;
    }
    if (!activity.isActive(e)) {
      return;
    }
    if (e instanceof Expr.Index i) {
      allVarsOfIndices(i);
    } else if (e instanceof Expr.Unary u) {
      need(u.operand(), false);
    } else if (e instanceof Expr.Cast c) {
      need(c.operand(), false);
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
      need(b.left(), false);
      need(b.right(), false);
    } else if (e instanceof Expr.Cond c) {
      allVars(c.cond());
      need(c.ifTrue(), false);
      need(c.ifFalse(), false);
    } else if (e instanceof Expr.Call c) {
      if (c.receiver() != null) {
        allVars(c.receiver());
      }
      for (Expr a : c.args()) {
        allVars(a);
        need(a, false);
      }
    }
  }

  private boolean isNeeded(Expr target) {
    if (target instanceof Expr.Var v && saveAtReads.contains(v.name())) {
      return false;
    }
    if (target instanceof Expr.Index && refilledArrays.contains(IrWalk.rootVar(target))) {
      return false;
    }
    String root = IrWalk.rootVar(target);
    return root != null && (needed.contains(activity.group(root)) || (target.type().isArray() && activity.isActive(root)));
  }

  // ------------------------------------------------------------------ loops

  private void planLoops(List<Stmt> body, List<Stmt.Loop> enclosing, Set<String> enclosingCounters) {
    for (Stmt s : body) {
      if (s instanceof Stmt.If f) {
        planLoops(f.then(), enclosing, enclosingCounters);
        planLoops(f.otherwise(), enclosing, enclosingCounters);
      } else if (s instanceof Stmt.Loop l) {
        boolean canonical = isCanonical(l, enclosingCounters);
        boolean broken = hasAbnormalExit(l);
        boolean nested = !enclosing.isEmpty();
        String counter = canonical ? null : fresh("_loop");
        // only a loop with an update statement needs to know whether its last update ran
        String broke = !canonical && broken && !l.update().isEmpty() ? fresh("_broke") : null;
        String counterStack = nested && counter != null ? counter + "s" : null;
        String brokeStack = nested && broke != null ? broke + "s" : null;
        loopInfo.put(l.id(), new LoopInfo(l.id(), canonical, counter, broke, nested, counterStack, brokeStack, l));
        Set<String> counters2 = new HashSet<>(enclosingCounters);
        if (canonical) {
          String counter2 = ((Stmt.Decl) l.init().get(0)).var().name();
          counterVars.add(counter2);
          counters2.add(counter2);
        }
        List<Stmt.Loop> en2 = new ArrayList<>(enclosing);
        en2.add(l);
        planLoops(l.body(), en2, counters2);
      }
    }
  }

  /** A counted loop {@code for (int j = A; j < B; j++)} with A, B fixed and no early exit: its trips are recomputable. */
  private boolean isCanonical(Stmt.Loop l, Set<String> enclosingCounters) {
    if (l.kind() != Stmt.LoopKind.FOR || l.init().size() != 1 || l.update().size() != 1
        || !(l.init().get(0) instanceof Stmt.Decl d) || d.init() == null || d.var().type().kind() != JType.Kind.INT
        || d.var().type().rank() != 0) {
      return false;
    }
    String j = d.var().name();
    if (!(l.cond() instanceof Expr.Binary c) || !(c.op().equals("<") || c.op().equals("<="))
        || !(c.left() instanceof Expr.Var cv) || !cv.name().equals(j)) {
      return false;
    }
    Stmt u = l.update().get(0);
    boolean increment = (u instanceof Stmt.IncDec inc && inc.op().equals("++") && inc.target() instanceof Expr.Var iv && iv.name().equals(j))
        || (u instanceof Stmt.Assign as && as.op().equals("+=") && as.target() instanceof Expr.Var av && av.name().equals(j)
            && as.value() instanceof Expr.Lit lit && lit.text().equals("1"));
    if (!increment || !fixed(d.init(), enclosingCounters) || !fixed(c.right(), enclosingCounters)) {
      return false;
    }
    boolean[] writes = {false};
    IrWalk.statements(l.body(), s -> {
      Expr t = s instanceof Stmt.Assign a ? a.target() : s instanceof Stmt.IncDec i ? i.target() : s instanceof Stmt.Decl dd ? dd.var() : null;
      if (t instanceof Expr.Var v && v.name().equals(j)) {
        writes[0] = true;
      }
    });
    return !writes[0] && !hasAbnormalExit(l);
  }

  /** Pure, and every variable in it is never reassigned: it has the same value in both sweeps. */
  private boolean fixed(Expr e, Set<String> counters) {
    if (!IrWalk.isPure(e)) {
      return false;
    }
    boolean[] ok = {true};
    IrWalk.expressions(e, x -> {
      if (x instanceof Expr.Var v && (!method.effectivelyFinal().contains(v.name()) || changesPerTrip(v.name()))
          && !counters.contains(v.name())) {
        ok[0] = false;
      }
      if (x instanceof Expr.Field f && f.target() != null) {
        ok[0] = false;
      }
      if (x instanceof Expr.Index i) {
        String r = IrWalk.rootVar(i);
        if (r == null || writtenArrays.contains(activity.group(r)) || !method.effectivelyFinal().contains(r)) {
          ok[0] = false;
        }
      }
    });
    return ok[0];
  }

  /**
   * A local declared inside a loop (effectively final or not) gets a new value on every trip; the
   * reverse sweep sees the value of the trip it reverses only if the forward sweep saves it or it is
   * recomputed, which it is exactly when it is needed.
   */
  private boolean changesPerTrip(String name) {
    return loopLocals.contains(name) && !isNeeded(new Expr.Var(name, varTypes.get(name)));
  }

  /** True if some jump leaves the loop's body without running its update (a break, or a jump to an outer loop). */
  private static boolean hasAbnormalExit(Stmt.Loop l) {
    boolean[] found = {false};
    Set<Integer> inner = new HashSet<>();
    IrWalk.statements(l.body(), s -> {
      if (s instanceof Stmt.Loop il) {
        inner.add(il.id());
      }
    });
    IrWalk.statements(l.body(), s -> {
      if (s instanceof Stmt.Break b && !inner.contains(b.target())) {
        found[0] = true;
      }
      if (s instanceof Stmt.Continue c && c.target() != l.id() && !inner.contains(c.target())) {
        found[0] = true;
      }
    });
    return found[0];
  }

  // ------------------------------------------------------------------ statements

  private boolean inLoop() {
    return !loopStack.isEmpty();
  }

  private void block(List<Stmt> body, List<Stmt> fwd, List<Stmt> rev, boolean topLevel) {
    List<List<Stmt>> reversed = new ArrayList<>();
    List<Stmt> remat = new ArrayList<>();
    rematerialized.push(remat);
    Set<String> freshArrays = new HashSet<>();
    Set<String> readArrays = new HashSet<>();
    for (int index = 0; index < body.size(); index++) {
      Stmt s = body.get(index);
      if (topLevel) {
        if (isFreshArray(s)) {
          freshArrays.add(((Stmt.Decl) s).var().name());
        }
        readArrays.addAll(arraysRead(s, freshArrays));
        unreadFreshArrays = new HashSet<>(freshArrays);
        unreadFreshArrays.removeAll(readArrays);
      }
      if (s instanceof Stmt.Loop l && refillable(l, body.subList(index + 1, body.size()))) {
        // the reverse of this block starts by running the fill loop again instead of restoring elements
        remat.add(new Stmt.Loop(l.id(), null, l.kind(), l.init(), l.cond(), l.update(), l.body(), 0));
      }
      List<Stmt> r = new ArrayList<>();
      if (topLevel && s.line() > 0) {
        fwd.add(new Stmt.Comment(method.fileName() + ":" + s.line()));
      }
      List<Stmt> restores = new ArrayList<>();
      List<String> newlyCovered = new ArrayList<>();
      if (s instanceof Stmt.Decl || s instanceof Stmt.Assign || s instanceof Stmt.IncDec) {
        for (String x : reverseReadsOf(s)) {
          if (saveAtReads.contains(x) && !coveredReads.contains(x)) {
            save(new Expr.Var(x, varTypes.get(x)), fwd, restores);
          }
        }
      } else if (s instanceof Stmt.Loop || s instanceof Stmt.If f && !onJumpFlags(f.cond())) {
        // a loop or branch that reads x but never writes it: save x once around it, not at every read
        // (not around a jump guard: a break can skip it in the forward sweep, yet its reverse runs)
        Set<String> readsInside = new java.util.TreeSet<>();
        Set<String> writesInside = new HashSet<>();
        IrWalk.statements(List.of(s), st -> {
          if (st instanceof Stmt.Decl || st instanceof Stmt.Assign || st instanceof Stmt.IncDec) {
            readsInside.addAll(reverseReadsOf(st));
          }
          Expr t = st instanceof Stmt.Assign a ? a.target() : st instanceof Stmt.IncDec inc ? inc.target()
              : st instanceof Stmt.Decl d ? d.var() : null;
          if (t instanceof Expr.Var v) {
            writesInside.add(v.name());
          }
        });
        for (String x : readsInside) {
          if (saveAtReads.contains(x) && !coveredReads.contains(x) && !writesInside.contains(x)) {
            save(new Expr.Var(x, varTypes.get(x)), fwd, restores);
            coveredReads.add(x);
            newlyCovered.add(x);
          }
        }
      }
      List<String> savedWhole = s instanceof Stmt.Loop l ? arraysFilledBy(l) : List.of();
      for (String a : savedWhole) {
        saveWholeArray(new Expr.Var(a, varTypes.get(a)), fwd, restores);
      }
      arraysSavedWhole.addAll(savedWhole);
      int forwardStart = fwd.size();
      Expr.Call split = splitCall(s);
      boolean caching = (s instanceof Stmt.Decl || s instanceof Stmt.Assign) && Activity.valueOf(s) != null
          && !loopHeaderStatements.contains(s)
          && (!Activity.targetOf(s).type().isArray() || split != null);
      if (split != null) {
        forwardPullbackCandidates = Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        forwardPullbackCandidates.add(split);
      } else if (caching && callsMayMove(Activity.valueOf(s)) && !callsOrReadsField(Activity.targetOf(s))) {
        forwardPullbackCandidates = Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Expr.Call c : unconditionalCalls(Activity.valueOf(s))) {
          if (c.kind() == Expr.CallKind.DIFFERENTIABLE) {
            forwardPullbackCandidates.add(c);
          }
        }
      }
      stmt(s, fwd, r);
      if (caching) {
        cacheCallValues(Activity.valueOf(s), fwd, forwardStart, r);
        forwardPullbackCandidates = Set.of();
        forwardPullbacks.clear();
        forwardTapes.clear();
      }
      savedWhole.forEach(arraysSavedWhole::remove);
      if (topLevel) {
        unreadFreshArrays = Set.of();
      }
      coveredReads.removeAll(newlyCovered);
      r.addAll(0, restores);
      if (topLevel && s.line() > 0 && !r.isEmpty()) {
        r.add(0, new Stmt.Comment(method.fileName() + ":" + s.line()));
      }
      reversed.add(r);
    }
    rematerialized.pop();
    Collections.reverse(reversed);
    if (!remat.isEmpty() && reversed.stream().anyMatch(r -> !r.isEmpty())) {
      rev.addAll(remat);
    }
    reversed.forEach(rev::addAll);
  }

  // ------------------------------------------------------------------ call values kept from the forward sweep

  /**
   * The calls and field reads an expression always evaluates (not those under a ternary's branches or the
   * right side of {@code &&}/{@code ||}), innermost first, in evaluation order: the order their values can
   * be computed ahead of the expression.
   */
  private static List<Expr> unconditionalReads(Expr e) {
    List<Expr> out = new ArrayList<>();
    collectUnconditionalReads(e, out);
    return out;
  }

  private static List<Expr.Call> unconditionalCalls(Expr e) {
    List<Expr.Call> out = new ArrayList<>();
    for (Expr x : unconditionalReads(e)) {
      if (x instanceof Expr.Call c) {
        out.add(c);
      }
    }
    return out;
  }

  private static void collectUnconditionalReads(Expr e, List<Expr> out) {
    if (e == null) {
      return;
    }
    if (e instanceof Expr.Cond c) {
      collectUnconditionalReads(c.cond(), out);
      return;
    }
    if (e instanceof Expr.Binary b && (b.op().equals("&&") || b.op().equals("||"))) {
      collectUnconditionalReads(b.left(), out);
      return;
    }
    for (Expr child : IrWalk.children(e)) {
      collectUnconditionalReads(child, out);
    }
    if (e instanceof Expr.Call || e instanceof Expr.Field f && !isConstant(f)) {
      out.add(e);
    }
  }

  /** A static field named like a constant ({@code Math.PI}, {@code MAX_STEPS}): no callee changes it. */
  private static boolean isConstant(Expr.Field f) {
    if (f.target() != null || f.name().isEmpty() || !Character.isUpperCase(f.name().charAt(0))) {
      return false;
    }
    return f.name().chars().allMatch(ch -> ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' || ch == '_');
  }

  /**
   * True if evaluating e calls a method or reads a field (Java evaluates an assignment's target, and reads
   * it for {@code +=}, before the value: a call moved ahead could change what it reads).
   */
  private static boolean callsOrReadsField(Expr e) {
    boolean[] found = {false};
    IrWalk.expressions(e, x -> found[0] |= x instanceof Expr.Call || x instanceof Expr.Field);
    return found[0];
  }

  /** True if every call inside e is a Math function, withoutDerivative, or one of the calls already moved. */
  private static boolean onlyPureCallsBesides(Expr e, Set<Expr> moved) {
    boolean[] ok = {true};
    IrWalk.expressions(e, x -> {
      if (x instanceof Expr.Call c && !moved.contains(c) && !IrWalk.isPureCall(c)) {
        ok[0] = false;
      }
    });
    return ok[0];
  }

  /**
   * True if the {@code @Differentiable} calls of an expression may be evaluated ahead of it, in their order:
   * its only other calls are Math functions (pure), each of them is always evaluated, returns a scalar and
   * takes no array (so it cannot change what a Math call left in place reads); the fields it reads are
   * always read, so they can move along.
   */
  private static boolean callsMayMove(Expr value) {
    boolean[] differentiable = {false};
    IrWalk.expressions(value, e -> differentiable[0] |= e instanceof Expr.Call c && c.kind() == Expr.CallKind.DIFFERENTIABLE);
    if (!differentiable[0]) {
      return false; // nothing to move
    }
    Set<Expr.Call> unconditional = Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    unconditional.addAll(unconditionalCalls(value));
    boolean[] ok = {true};
    int[] differentiableCalls = {0};
    List<Expr.Call> withArrays = new ArrayList<>();
    IrWalk.expressions(value, e -> {
      if (e instanceof Expr.Call c) {
        boolean pure = IrWalk.isPureCall(c);
        boolean movable = c.kind() == Expr.CallKind.DIFFERENTIABLE && unconditional.contains(c) && c.type().rank() == 0
            && c.type().kind() != JType.Kind.REF && c.type().kind() != JType.Kind.VOID
            && c.args().stream().allMatch(a -> a.type().rank() == 0 || isArrayVariable(a));
        if (c.kind() == Expr.CallKind.DIFFERENTIABLE) {
          differentiableCalls[0]++;
          if (c.args().stream().anyMatch(a -> a.type().rank() > 0)) {
            withArrays.add(c);
          }
        }
        ok[0] &= pure || movable;
      }
      if (e instanceof Expr.NewObject || e instanceof Expr.NewArray || e instanceof Expr.Invoke) {
        ok[0] = false;
      }
    });
    // field reads move with the calls, in order (a callee may write a field, e.g. keep a count): each must be
    // one the expression always evaluates
    Set<Expr> unconditionalReads = Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    unconditionalReads.addAll(unconditionalReads(value));
    IrWalk.expressions(value, e -> ok[0] &= !(e instanceof Expr.Field f) || isConstant(f) || unconditionalReads.contains(f));
    if (ok[0] && !withArrays.isEmpty()) {
      // a callee may write (inactive values) into an array it is given: it moves ahead only as the
      // statement's one call, and only if no other operand reads an array element it could have changed
      ok[0] = differentiableCalls[0] == 1 && countIndexReads(value) == withArrays.get(0).args().stream().mapToInt(ReverseMode::countIndexReads).sum();
    }
    return ok[0];
  }

  /**
   * {@code a = g(args)} or {@code T[] a = g(args)}, g a {@code @Differentiable} method with an array result:
   * g's forward sweep can run right here ({@code gForward}, its arguments evaluated where the call evaluated
   * them) and its reverse in this statement's reverse ({@code gReverse}, which propagates into the arguments
   * as mVjp's result would), so g runs once. The call, or null.
   */
  private Expr.Call splitCall(Stmt s) {
    boolean plainAssignment = s instanceof Stmt.Decl || s instanceof Stmt.Assign a && a.op().equals("=");
    if (!plainAssignment || loopHeaderStatements.contains(s) || !(Activity.targetOf(s) instanceof Expr.Var)
        || !(Activity.valueOf(s) instanceof Expr.Call c) || c.kind() != Expr.CallKind.DIFFERENTIABLE || !c.info().sweeps()) {
      return null;
    }
    boolean simpleReceiver = c.receiver() == null || c.receiver() instanceof Expr.Var || c.receiver() instanceof Expr.Self;
    return simpleReceiver ? c : null;
  }

  /** A local or parameter {@code double[]}/{@code float[]} passed as is: its adjoint is an array variable. */
  private static boolean isArrayVariable(Expr e) {
    return e instanceof Expr.Var v && v.type().rank() == 1 && v.type().element().isFloating();
  }

  private static int countIndexReads(Expr e) {
    int[] n = {0};
    IrWalk.expressions(e, x -> {
      if (x instanceof Expr.Index) {
        n[0]++;
      }
    });
    return n[0];
  }

  /**
   * After an assignment was transformed: computes once, in the forward sweep, the call values its reverse
   * would compute again. A {@code Math} function the reverse reads (as an operand of a product or a
   * quotient) goes into a local {@code _pN}; a {@code @Differentiable} call whose pullback the reverse
   * takes from the forward sweep ({@link #forwardPullbacks}) becomes {@code var _cN = GGradients.gVjp(args,
   * 1.0)}, its value {@code _cN.value()}; the other {@code @Differentiable} calls of the statement move
   * along into {@code _pN} (so their order is kept). The reverse of a statement runs with the variables as
   * they were just before it, so these values are exactly what the reverse would recompute. At the top
   * level (each statement runs once) the reverse reads the locals; inside loops and branches it reads what
   * {@link #keep} saved (only transcendental Math functions are worth a stack push there).
   */
  private void cacheCallValues(Expr value, List<Stmt> fwd, int forwardStart, List<Stmt> rev) {
    // a method with an array result keeps what its reverse reads in typed locals at the top level too: its
    // sweeps are cut apart (mForward/mReverse), and a pullback record typed `var` cannot be kept across
    boolean nested = nesting > 0 || method.result().isArray();
    List<Expr> reads = unconditionalReads(value);
    if (reads.stream().noneMatch(e -> e instanceof Expr.Call)) {
      return; // (field reads move only along with calls)
    }
    Set<Expr> mathInReverse = new HashSet<>();
    Set<Expr> inReverse = Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    List<Expr.Invoke> recordReads = new ArrayList<>();
    IrWalk.statements(rev, st -> IrWalk.ownExpressions(st, e -> {
      inReverse.add(e);
      if (e instanceof Expr.Call c && c.kind() == Expr.CallKind.MATH) {
        mathInReverse.add(c);
      }
      if (e instanceof Expr.Invoke inv && inv.target() != null && inv.target().startsWith("_c") && !recordReads.contains(inv)) {
        recordReads.add(inv);
      }
    }));
    // what the forward sweep reads instead of each moved call, and what the reverse reads
    Map<Expr, Expr> forwardMath = new HashMap<>();
    Map<Expr, Expr> forwardCalls = new java.util.IdentityHashMap<>();
    Map<Expr, Expr> reverseMath = new HashMap<>();
    Map<Expr, Expr> reverseOther = new java.util.IdentityHashMap<>();
    Map<Expr, Expr> reverseRecordReads = new HashMap<>();
    List<Stmt> decls = new ArrayList<>();
    List<Stmt> reversePrefix = new ArrayList<>();
    // The rewriters ask about every node; only calls, fields and record reads can be keys, and a record's
    // hashCode walks its whole subtree, so other nodes are answered without a lookup.
    java.util.function.Function<Expr, Expr> forwardReplacer = e -> {
      if (!(e instanceof Expr.Call || e instanceof Expr.Field)) {
        return null;
      }
      Expr byIdentity = forwardCalls.get(e);
      return byIdentity != null || forwardMath.isEmpty() ? byIdentity : forwardMath.get(e);
    };
    Map<String, Expr> keptTapes = new HashMap<>();
    java.util.function.Function<Expr, Expr> reverseReplacer = e -> {
      if (e instanceof Expr.Var v) {
        return keptTapes.isEmpty() ? null : keptTapes.get(v.name());
      }
      if (e instanceof Expr.Invoke) {
        return reverseRecordReads.isEmpty() ? null : reverseRecordReads.get(e);
      }
      if (!(e instanceof Expr.Call || e instanceof Expr.Field)) {
        return null;
      }
      Expr byIdentity = reverseOther.get(e);
      return byIdentity != null || reverseMath.isEmpty() ? byIdentity : reverseMath.get(e);
    };
    boolean callsMove = reads.stream().anyMatch(forwardPullbackCandidates::contains);
    for (Expr read : reads) {
      if (read instanceof Expr.Field f) {
        if (callsMove) {
          // read where the original order reads it (the reverse reads the field itself, as before)
          Expr.Var local = new Expr.Var(fresh("_p"), f.type());
          decls.add(new Stmt.Decl(local, IrRewriter.rewrite(f, e -> e == f ? null : forwardReplacer.apply(e)), 0));
          forwardCalls.put(f, local);
        }
        continue;
      }
      Expr.Call c = (Expr.Call) read;
      Expr.Var tape = forwardTapes.get(c);
      if (tape != null) {
        List<Expr> args = receiverAndArgs(c, forwardReplacer);
        decls.add(new Stmt.Decl(new Expr.Var(tape.name(), JType.VAR),
            new Expr.Invoke(null, c.info().gradientsClass(), Names.forward(c.name()), args, JType.VAR), 0));
        forwardCalls.put(c, new Expr.Invoke(tape.name(), null, "value", List.of(), c.type()));
        if (nested) {
          keptTapes.put(tape.name(), keep(tape, decls, reversePrefix));
        }
        continue;
      }
      Expr.Var pullback = forwardPullbacks.get(c);
      if (pullback != null) {
        List<Expr> args = receiverAndArgs(c, forwardReplacer);
        args.add(c.type().equals(JType.FLOAT) ? new Expr.Lit("1.0f", JType.FLOAT) : new Expr.Lit("1.0", JType.DOUBLE));
        decls.add(new Stmt.Decl(pullback,
            new Expr.Invoke(null, c.info().gradientsClass(), c.info().vjpName(), args, JType.VAR), 0));
        Expr callValue = new Expr.Invoke(pullback.name(), null, "value", List.of(), c.type());
        forwardCalls.put(c, callValue);
        if (nested) {
          for (Expr.Invoke recordRead : recordReads) {
            if (recordRead.target().equals(pullback.name())) {
              reverseRecordReads.put(recordRead, keep(recordRead, decls, reversePrefix));
            }
          }
          if (inReverse.contains(c)) {
            reverseOther.put(c, keep(callValue, decls, reversePrefix));
          }
        } else {
          reverseOther.put(c, callValue);
        }
      } else if (forwardPullbackCandidates.contains(c)) {
        // moved with the others to keep their order; the reverse reads the value instead of calling again
        Expr.Var local = new Expr.Var(fresh("_p"), c.type());
        decls.add(new Stmt.Decl(local, IrRewriter.rewrite(c, e -> e == c ? null : forwardReplacer.apply(e)), 0));
        forwardCalls.put(c, local);
        if (inReverse.contains(c)) {
          reverseOther.put(c, nested ? keep(local, decls, reversePrefix) : local);
        }
      } else if (c.kind() == Expr.CallKind.MATH && !c.name().equals("random") && c.type().rank() == 0
          && c.type().isFloating() && mathInReverse.contains(c) && !forwardMath.containsKey(c)
          && onlyPureCallsBesides(c, forwardCalls.keySet()) && (!nested || EXPENSIVE_MATH.contains(c.name()))) {
        Expr.Var local = new Expr.Var(fresh("_p"), c.type());
        decls.add(new Stmt.Decl(local, IrRewriter.rewrite(c, e -> e == c ? null : forwardReplacer.apply(e)), 0));
        forwardMath.put(c, local);
        reverseMath.put(c, nested ? keep(local, decls, reversePrefix) : local);
      }
    }
    if (decls.isEmpty()) {
      return;
    }
    List<Stmt> forward = fwd.subList(forwardStart, fwd.size());
    List<Stmt> rewritten = IrRewriter.rewriteAll(forward, forwardReplacer);
    forward.clear();
    forward.addAll(decls);
    forward.addAll(rewritten);
    List<Stmt> reverse = IrRewriter.rewriteAll(rev, reverseReplacer);
    rev.clear();
    rev.addAll(reversePrefix);
    rev.addAll(reverse);
  }

  /** A call's receiver (if any) and arguments, as the forward sweep evaluates them, in a list to extend. */
  private static List<Expr> receiverAndArgs(Expr.Call c, java.util.function.Function<Expr, Expr> forwardReplacer) {
    List<Expr> args = new ArrayList<>();
    if (c.receiver() != null) {
      args.add(IrRewriter.rewrite(c.receiver(), forwardReplacer));
    }
    for (Expr a : c.args()) {
      args.add(IrRewriter.rewrite(a, forwardReplacer));
    }
    return args;
  }

  /**
   * Inside a loop or a branch: makes a value the forward sweep computes readable by the statement's reverse
   * (a stack inside loops, popped into a local when the reverse of the statement starts; a hoisted local
   * in a branch). Returns what the reverse reads.
   */
  private Expr keep(Expr value, List<Stmt> fwd, List<Stmt> reversePrefix) {
    JType t = value.type();
    if (inLoop()) {
      Expr pop = pushOnNewStack(value, t, fwd);
      Expr.Var local = new Expr.Var(fresh("_k"), t);
      reversePrefix.add(new Stmt.Decl(local, pop, 0));
      return local;
    }
    Expr.Var saved = new Expr.Var(fresh("_t"), t);
    hoist(saved);
    fwd.add(new Stmt.Assign(saved, "=", value, 0));
    return saved;
  }

  /**
   * Local arrays whose every element the counted loop {@code for (int c = 0; c < n; c++) { ...
   * a[c] = e; ... }} overwrites ({@code n} being {@code a.length} or the length {@code a} was
   * allocated with), and whose values the loop's reverse never reads: one copy of the array
   * before the loop replaces a saved element per iteration.
   */
  private List<String> arraysFilledBy(Stmt.Loop l) {
    LoopInfo info = loopInfo.get(l.id());
    List<String> out = new ArrayList<>();
    if (info == null || !info.canonical() || !(l.init().get(0) instanceof Stmt.Decl init)
        || !(init.init() instanceof Expr.Lit zero) || !zero.text().equals("0")
        || !(l.cond() instanceof Expr.Binary cond) || !cond.op().equals("<")) {
      return out;
    }
    String counter = init.var().name();
    for (Stmt st : l.body()) {
      if (!(st instanceof Stmt.Assign a) || !a.op().equals("=") || !(a.target() instanceof Expr.Index idx)
          || !(idx.array() instanceof Expr.Var arr) || !(idx.index() instanceof Expr.Var c) || !c.name().equals(counter)
          || arr.type().rank() != 1 || out.contains(arr.name()) || arraysSavedWhole.contains(arr.name())) {
        continue;
      }
      String name = arr.name();
      if (!topLevelDecls.contains(name) || !method.effectivelyFinal().contains(name) || activity.isExternal(name)
          || !activity.group(name).equals(name) || !isNeeded(idx) || unreadFreshArrays.contains(name)) {
        continue;
      }
      Expr length = allocatedLength(name);
      if (!cond.right().equals(new Expr.Length(arr)) && (length == null || !cond.right().equals(length))) {
        continue;
      }
      boolean[] readInReverse = {false};
      IrWalk.statements(List.of(l), inner -> {
        if (reverseReadsOf(inner).contains(name)) {
          readInReverse[0] = true;
        }
      });
      if (!readInReverse[0]) {
        out.add(name);
      }
    }
    return out;
  }

  /** The length expression of {@code T[] name = new T[n]} at the top level, or null. */
  private Expr allocatedLength(String name) {
    for (Stmt st : normalizedBody) {
      if (st instanceof Stmt.Decl d && d.var().name().equals(name) && d.init() instanceof Expr.NewArray n
          && n.dims().size() == 1 && n.elements() == null) {
        return n.dims().get(0);
      }
    }
    return null;
  }

  /** Saves a copy of a whole array before the statement; restore copies it back in place. */
  private void saveWholeArray(Expr.Var array, List<Stmt> fwd, List<Stmt> restore) {
    Expr copy = new Expr.Invoke(array.name(), null, "clone", List.of(), array.type());
    Expr saved;
    if (inLoop()) {
      saved = pushOnNewStack(copy, array.type(), fwd);
    } else {
      Expr.Var local = new Expr.Var(fresh("_t"), array.type());
      hoist(local);
      fwd.add(new Stmt.Assign(local, "=", copy, 0));
      saved = local;
    }
    restore.add(new Stmt.ExprStmt(new Expr.Invoke(null, "java.lang.System", "arraycopy",
        List.of(saved, lit(0), array, lit(0), new Expr.Length(array)), JType.VOID), 0));
  }

  /**
   * {@code T[] a = new T[n]} (or an initializer) at the top level: a local array that is never
   * reassigned and never aliased, so its elements change only through {@code a[i] = ...}.
   */
  private boolean isFreshArray(Stmt s) {
    return s instanceof Stmt.Decl d && d.init() instanceof Expr.NewArray && d.var().type().rank() == 1
        && method.effectivelyFinal().contains(d.var().name()) && !activity.isExternal(d.var().name())
        && activity.group(d.var().name()).equals(d.var().name());
  }

  /**
   * The candidate arrays a statement (with everything nested in it) reads in any way other than as
   * the target of a plain element write {@code a[i] = e}.
   */
  private static Set<String> arraysRead(Stmt statement, Set<String> candidates) {
    Set<String> read = new HashSet<>();
    if (candidates.isEmpty()) {
      return read;
    }
    Consumer<Expr> visit = x -> {
      if (x instanceof Expr.Var v && candidates.contains(v.name())) {
        read.add(v.name());
      }
    };
    IrWalk.statements(List.of(statement), st -> {
      if (st instanceof Stmt.Assign a && a.op().equals("=") && a.target() instanceof Expr.Index target
          && target.array() instanceof Expr.Var) {
        IrWalk.expressions(target.index(), visit);
        IrWalk.expressions(a.value(), visit);
      } else {
        IrWalk.ownExpressions(st, visit);
      }
    });
    return read;
  }

  /**
   * A counted loop {@code for (int j = A; j < B; j++) a[j] = e;} that is the only writer of the
   * local array {@code a}, with {@code e} computed from fixed values, and whose values the reverse
   * sweep reads only in the statements after it in the same block: the reverse of the block runs
   * the loop again, so no element needs saving.
   */
  private boolean refillable(Stmt.Loop l, List<Stmt> rest) {
    LoopInfo info = loopInfo.get(l.id());
    if (info == null || !info.canonical() || l.body().size() != 1 || !(l.body().get(0) instanceof Stmt.Assign a)
        || !a.op().equals("=") || !(a.target() instanceof Expr.Index idx) || !(idx.array() instanceof Expr.Var arr)
        || !(idx.index() instanceof Expr.Var j) || arr.type().rank() != 1) {
      return false;
    }
    String counter = ((Stmt.Decl) l.init().get(0)).var().name();
    if (!j.name().equals(counter) || !topLevelDecls.contains(arr.name()) || !method.effectivelyFinal().contains(arr.name())
        || activity.isExternal(arr.name()) || !activity.group(arr.name()).equals(arr.name()) || IrWalk.reads(a.value(), arr.name())) {
      return false;
    }
    Set<String> counters = new HashSet<>();
    counters.add(counter);
    for (LoopInfo enclosing : loopStack) {
      if (enclosing.canonical()) {
        counters.add(((Stmt.Decl) enclosing.loop().init().get(0)).var().name());
      }
    }
    if (!fixed(a.value(), counters)) {
      return false;
    }
    // the only element writes, and no alias of the array anywhere
    boolean[] ok = {true};
    Set<Stmt> inRest = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    IrWalk.statements(rest, inRest::add);
    IrWalk.statements(normalizedBody, st -> {
      Expr t = st instanceof Stmt.Assign as ? as.target() : st instanceof Stmt.IncDec inc ? inc.target() : null;
      if (t instanceof Expr.Index && arr.name().equals(IrWalk.rootVar(t)) && st != a) {
        ok[0] = false;
      }
      Expr v = Activity.valueOf(st);
      if (v != null && Activity.targetOf(st) != null && Activity.targetOf(st).type().isArray() && IrWalk.reads(v, arr.name())) {
        ok[0] = false;
      }
      if (!(st instanceof Stmt.Loop) && !(st instanceof Stmt.If) && st != a && !inRest.contains(st)
          && reverseReadsOf(st).contains(arr.name())) {
        ok[0] = false;
      }
    });
    if (ok[0]) {
      refilledArrays.add(arr.name());
    }
    return ok[0];
  }

  /**
   * A local declared in a nested block, never reassigned, whose initializer reads only values that
   * stay fixed for the block's whole execution: the reverse sweep recomputes it at the start of the
   * block's reverse instead of saving it.
   */
  private boolean rematerializable(Stmt.Decl d) {
    if (d.init() == null || !method.effectivelyFinal().contains(d.var().name()) || d.var().type().isArray()
        || !IrWalk.isPure(d.init())) {
      return false;
    }
    Set<String> counters = new HashSet<>();
    for (LoopInfo info : loopStack) {
      if (info.canonical()) {
        counters.add(((Stmt.Decl) info.loop().init().get(0)).var().name());
      }
    }
    boolean[] ok = {true};
    IrWalk.expressions(d.init(), x -> {
      if (x instanceof Expr.Var v && (!method.effectivelyFinal().contains(v.name()) || changesPerTrip(v.name()))
          && !counters.contains(v.name())) {
        ok[0] = false;
      }
      if (x instanceof Expr.Index i) {
        String r = IrWalk.rootVar(i);
        if (r == null || writtenArrays.contains(activity.group(r))) {
          ok[0] = false;
        }
      }
      if (x instanceof Expr.Field) {
        ok[0] = false;
      }
    });
    return ok[0];
  }

  private void stmt(Stmt s, List<Stmt> fwd, List<Stmt> rev) {
    if (s instanceof Stmt.Decl d) {
      decl(d, fwd, rev);
    } else if (s instanceof Stmt.Assign a) {
      assign(a.target(), a.op(), a.value(), false, a.line(), fwd, rev);
    } else if (s instanceof Stmt.IncDec i) {
      incDec(i, fwd, rev);
    } else if (s instanceof Stmt.ExprStmt || s instanceof Stmt.Throw || s instanceof Stmt.Assert) {
      fwd.add(s);
    } else if (s instanceof Stmt.If f) {
      ifStmt(f, fwd, rev);
    } else if (s instanceof Stmt.Loop l) {
      loop(l, fwd, rev);
    } else if (s instanceof Stmt.Break b) {
      jump(b.target(), true, fwd);
      fwd.add(s);
    } else if (s instanceof Stmt.Continue c) {
      jump(c.target(), false, fwd);
      fwd.add(s);
    } else if (s instanceof Stmt.Return r) {
      throw new IllegalStateException("return left after normalization");
    } else {
      fwd.add(s);
    }
  }

  private void decl(Stmt.Decl d, List<Stmt> fwd, List<Stmt> rev) {
    Expr.Var v = d.var();
    boolean hoist = nesting > 0 && !counterVars.contains(v.name());
    if (!hoist && v.name().equals(Activity.RESULT) && v.type().isArray()) {
      fwd.add(d);
      resultArrayReverse(d.init(), rev);
      return;
    }
    if (!hoist && d.init() == null) {
      // definitely assigned for javac even where the forward sweep saves it before the first write
      d = new Stmt.Decl(v, zero(v.type()), d.line());
    }
    if (!hoist) {
      fwd.add(d);
      if (v.type().isArray() && activity.isActive(v.name())) {
        Expr adj = arrayAdjointOf(v, d.init());
        fwd.add(new Stmt.Decl(adjVar(v.name(), v.type()), adj, 0));
        arrayReverse(adjVar(v.name(), v.type()), d.init(), rev);
      } else if (d.init() != null) {
        reverseOfAssign(v, "=", d.init(), true, rev);
      }
      return;
    }
    hoist(v);
    if (v.type().isArray() && activity.isActive(v.name())) {
      hoist(adjVar(v.name(), v.type()));
    }
    if (d.init() != null) {
      boolean remat = inLoop() && isNeeded(v) && rematerializable(d);
      if (remat) {
        rematerialized.peek().add(new Stmt.Assign(v, "=", d.init(), 0));
      }
      suppressSave = remat;
      assign(v, "=", d.init(), !inLoop(), d.line(), fwd, rev);
      suppressSave = false;
    }
  }

  private void hoist(Expr.Var v) {
    if (hoistedNames.putIfAbsent(v.name(), v.type()) == null) {
      hoisted.add(new Stmt.Decl(v, zero(v.type()), 0));
    }
  }

  private void assign(Expr target, String op, Expr value, boolean firstDef, int line, List<Stmt> fwd, List<Stmt> rev) {
    if (target instanceof Expr.Var v && !declared.contains(v.name())) {
      hoist(v); // a flag introduced by the normalizer
    }
    String root = IrWalk.rootVar(target);
    boolean active = root != null && activity.isActive(root) && target.type().isDifferentiable();
    if (target.type().isArray()) {
      arrayRefAssign(target, op, value, firstDef, line, fwd, rev);
      return;
    }
    List<Stmt> restore = new ArrayList<>();
    boolean invertible = op.equals("+=") || op.equals("-=");
    // the old element of a fresh array that nothing has read up to here is never read in reverse either
    boolean unreadElement = op.equals("=") && target instanceof Expr.Index i && i.array() instanceof Expr.Var
        && unreadFreshArrays.contains(root);
    boolean savedWhole = target instanceof Expr.Index && arraysSavedWhole.contains(root);
    if (!firstDef && !suppressSave && !unreadElement && !savedWhole && isNeeded(target) && !counterVars.contains(root)) {
      if (target.type().isIntegral() && invertible && target instanceof Expr.Var && value instanceof Expr.Lit) {
        restore.add(new Stmt.Assign(target, op.equals("+=") ? "-=" : "+=", value, 0));
      } else {
        save(target, fwd, restore);
      }
    }
    fwd.add(new Stmt.Assign(target, op, value, line));
    rev.addAll(restore);
    if (active) {
      reverseOfAssign(target, op, value, firstDef, rev);
    }
  }

  private void incDec(Stmt.IncDec i, List<Stmt> fwd, List<Stmt> rev) {
    Expr target = i.target();
    String root = IrWalk.rootVar(target);
    if (root != null && isNeeded(target) && !counterVars.contains(root)) {
      if (target.type().isIntegral()) {
        rev.add(new Stmt.IncDec(target, i.op().equals("++") ? "--" : "++", 0));
      } else {
        List<Stmt> restore = new ArrayList<>();
        save(target, fwd, restore);
        rev.addAll(restore);
      }
    }
    fwd.add(i);
  }

  /**
   * Declares a new stack for values of type t (hoisted to the method's start), pushes value on it in the
   * forward sweep, and returns the expression that pops it back (cast to t where the stack holds a wider type).
   */
  private Expr pushOnNewStack(Expr value, JType t, List<Stmt> fwd) {
    String stackName = fresh("_t");
    JType stackType = stackType(t);
    hoisted.add(new Stmt.Decl(new Expr.Var(stackName, stackType), new Expr.NewObject(stackType, List.of()), 0));
    fwd.add(new Stmt.ExprStmt(new Expr.Invoke(stackName, null, "push", List.of(value), JType.VOID), 0));
    Expr pop = new Expr.Invoke(stackName, null, "pop", List.of(), stackElement(t));
    return !stackElement(t).equals(t) && t.rank() == 0 ? new Expr.Cast(t, pop) : pop;
  }

  /** Saves the current value of target before it is overwritten; restore holds the reverse statement. */
  private void save(Expr target, List<Stmt> fwd, List<Stmt> restore) {
    JType t = target.type();
    if (inLoop()) {
      Expr pop = pushOnNewStack(target, t, fwd);
      restore.add(new Stmt.Assign(target, "=", pop, 0));
    } else {
      Expr.Var saved = new Expr.Var(fresh("_t"), t);
      hoist(saved);
      fwd.add(new Stmt.Assign(saved, "=", target, 0));
      restore.add(new Stmt.Assign(target, "=", saved, 0));
    }
  }

  private static JType stackElement(JType t) {
    if (t.rank() > 0 || t.kind() == JType.Kind.REF) {
      return t;
    }
    return switch (t.kind()) {
      case DOUBLE -> JType.DOUBLE;
      case FLOAT -> JType.FLOAT;
      case LONG -> JType.LONG;
      case BOOLEAN -> JType.BOOLEAN;
      default -> JType.INT;
    };
  }

  private static JType stackType(JType t) {
    if (t.rank() > 0 || t.kind() == JType.Kind.REF) {
      return JType.ref(SUPPORT + "ObjectStack<" + t.source() + ">");
    }
    return switch (t.kind()) {
      case DOUBLE -> JType.ref(SUPPORT + "DoubleStack");
      case FLOAT -> JType.ref(SUPPORT + "FloatStack");
      case LONG -> JType.ref(SUPPORT + "LongStack");
      case BOOLEAN -> JType.ref(SUPPORT + "BooleanStack");
      default -> JType.ref(SUPPORT + "IntStack");
    };
  }

  /** Adjoint propagation of {@code target op value}, run after target was restored. */
  private void reverseOfAssign(Expr target, String op, Expr value, boolean firstDef, List<Stmt> rev) {
    String root = IrWalk.rootVar(target);
    if (root == null || !activity.isActive(root) || !target.type().isFloating()) {
      return;
    }
    Expr adj = adjLvalue(target);
    boolean readsTarget = target instanceof Expr.Var v ? IrWalk.reads(value, v.name()) : true;
    if (op.equals("+=") || op.equals("-=")) {
      // x += e keeps x's adjoint and adds it to e's; copy it first if e reads x (or another element)
      Expr seed = adj;
      if (readsTarget || adj instanceof Expr.Index) {
        Expr.Var r = new Expr.Var(fresh("_r"), adj.type());
        rev.add(new Stmt.Decl(r, adj, 0));
        seed = r;
      }
      propagate(value, op.equals("+=") ? seed : neg(seed), rev);
      return;
    }
    if (!op.equals("=")) {
      value = new Expr.Binary(op.substring(0, op.length() - 1), target, value, target.type());
      readsTarget = true;
    }
    if (readsTarget || adj instanceof Expr.Index) {
      Expr.Var r = new Expr.Var(fresh("_r"), adj.type());
      rev.add(new Stmt.Decl(r, adj, 0));
      rev.add(new Stmt.Assign(adj, "=", zero(adj.type()), 0));
      propagate(value, r, rev);
    } else {
      propagate(value, adj, rev);
      if (!firstDef) {
        rev.add(new Stmt.Assign(adj, "=", zero(adj.type()), 0));
      }
    }
  }

  // ------------------------------------------------------------------ arrays

  private void arrayRefAssign(Expr target, String op, Expr value, boolean firstDef, int line, List<Stmt> fwd, List<Stmt> rev) {
    String root = IrWalk.rootVar(target);
    boolean active = root != null && activity.isActive(root);
    if (!(target instanceof Expr.Var v)) {
      if (active) {
        sink.error(DiagnosticId.UNSUPPORTED, value, "replacing a row of an active multidimensional array (`" + root + "[...] = ...`) cannot be differentiated; write its elements instead");
      }
      fwd.add(new Stmt.Assign(target, op, value, line));
      return;
    }
    if (v.name().equals(Activity.RESULT)) {
      fwd.add(new Stmt.Assign(v, op, value, line));
      resultArrayReverse(value, rev);
      return;
    }
    List<Stmt> restore = new ArrayList<>();
    if (!firstDef && (isNeeded(target) || active)) {
      save(v, fwd, restore);
      if (active) {
        save(adjVar(v.name(), v.type()), fwd, restore);
      }
    }
    fwd.add(new Stmt.Assign(v, op, value, line));
    if (active) {
      fwd.add(new Stmt.Assign(adjVar(v.name(), v.type()), "=", arrayAdjointOf(v, value), 0));
    }
    if (active && !restore.isEmpty()) {
      // the value's adjoint lives in the new adjoint array; the value's operands need the old state
      Expr.Var newAdjoint = new Expr.Var(fresh("_r"), v.type());
      rev.add(new Stmt.Decl(newAdjoint, adjVar(v.name(), v.type()), 0));
      rev.addAll(restore);
      arrayReverse(newAdjoint, value, rev);
    } else {
      rev.addAll(restore);
      if (active) {
        arrayReverse(adjVar(v.name(), v.type()), value, rev);
      }
    }
  }

  /** The reverse of returning an array: the seed array is the result's adjoint. */
  private void resultArrayReverse(Expr value, List<Stmt> rev) {
    if (!activity.isActive(Activity.RESULT)) {
      return;
    }
    Expr.Var seed = new Expr.Var(seedName, method.result());
    if (value instanceof Expr.NewArray n && n.elements() != null) {
      initializerReverse(n, seed, rev);
    } else if (value instanceof Expr.Cond c) {
      List<Stmt> a = new ArrayList<>();
      List<Stmt> b = new ArrayList<>();
      resultArrayReverse(c.ifTrue(), a);
      resultArrayReverse(c.ifFalse(), b);
      rev.add(new Stmt.If(c.cond(), a, b, 0));
    } else {
      addArray(value, seed, rev);
    }
  }

  /** The adjoint array for a new value of an array variable: shared storage for aliases, zeros otherwise. */
  private Expr arrayAdjointOf(Expr.Var v, Expr value) {
    Expr alias = value == null ? null : adjointAlias(value);
    return alias != null ? alias : value == null ? zero(v.type()) : zerosLike(v);
  }

  private Expr adjointAlias(Expr value) {
    if (value instanceof Expr.Var || value instanceof Expr.Index) {
      String r = IrWalk.rootVar(value);
      return r != null && activity.isActive(r) ? adjLvalue(value) : null;
    }
    if (value instanceof Expr.Cond c) {
      Expr a = adjointAlias(c.ifTrue());
      Expr b = adjointAlias(c.ifFalse());
      return a != null && b != null ? new Expr.Cond(c.cond(), a, b, c.type()) : null;
    }
    return null;
  }

  /** Propagates the adjoint array {@code adjoint} of a new array value into the value's operands. */
  private void arrayReverse(Expr.Var adjoint, Expr value, List<Stmt> rev) {
    if (value instanceof Expr.NewArray n && n.elements() != null) {
      initializerReverse(n, adjoint, rev);
    } else if (value instanceof Expr.Call c && c.kind() == Expr.CallKind.ARRAY_CLONE && activity.isActive(c)) {
      addArray(c.receiver(), adjoint, rev);
    } else if (value instanceof Expr.Call c && activity.isActive(c)) {
      propagate(c, adjoint, rev);
    }
  }

  /** {@code {a, {b, c}}}: each element's adjoint is the matching element of the adjoint array. */
  private void initializerReverse(Expr.NewArray n, Expr adjoint, List<Stmt> rev) {
    for (int k = n.elements().size() - 1; k >= 0; k--) {
      Expr element = n.elements().get(k);
      Expr seed = new Expr.Index(adjoint, lit(k), adjoint.type().element());
      if (element instanceof Expr.NewArray inner && inner.elements() != null) {
        initializerReverse(inner, seed, rev);
      } else if (element.type().rank() == 0) {
        propagate(element, seed, rev);
      } else if (activity.isActive(element)) {
        addArray(element, seed, rev);
      }
    }
  }

  private void addArray(Expr arrayExpr, Expr contribution, List<Stmt> rev) {
    if (arrayExpr instanceof Expr.Var || arrayExpr instanceof Expr.Index) {
      rev.add(new Stmt.ExprStmt(new Expr.Invoke(null, ADJOINTS, "addTo", List.of(adjLvalue(arrayExpr), contribution), JType.VOID), 0));
    } else if (arrayExpr instanceof Expr.Call c && c.kind() == Expr.CallKind.ARRAY_CLONE) {
      addArray(c.receiver(), contribution, rev);
    } else if (arrayExpr instanceof Expr.Call c) {
      propagate(c, contribution, rev);
    } else if (activity.isActive(arrayExpr)) {
      sink.error(DiagnosticId.UNSUPPORTED, arrayExpr, "this array expression cannot be differentiated here; assign it to a local array variable first");
    }
  }

  // ------------------------------------------------------------------ control flow

  private void ifStmt(Stmt.If f, List<Stmt> fwd, List<Stmt> rev) {
    List<Stmt> fThen = new ArrayList<>();
    List<Stmt> rThen = new ArrayList<>();
    List<Stmt> fElse = new ArrayList<>();
    List<Stmt> rElse = new ArrayList<>();
    nesting++;
    block(f.then(), fThen, rThen, false);
    block(f.otherwise(), fElse, rElse, false);
    nesting--;
    if (rThen.isEmpty() && rElse.isEmpty()) {
      fwd.add(new Stmt.If(f.cond(), fThen, fElse, f.line()));
      return;
    }
    Expr decision;
    Set<String> counters = new HashSet<>();
    for (LoopInfo info : loopStack) {
      if (info.canonical()) {
        counters.add(((Stmt.Decl) info.loop().init().get(0)).var().name());
      }
    }
    if (fixed(f.cond(), counters) || onJumpFlags(f.cond())) {
      decision = f.cond();
      fwd.add(new Stmt.If(f.cond(), fThen, fElse, f.line()));
    } else if (inLoop()) {
      String stack = fresh("_c");
      JType st = JType.ref(SUPPORT + "BooleanStack");
      hoisted.add(new Stmt.Decl(new Expr.Var(stack, st), new Expr.NewObject(st, List.of()), 0));
      List<Stmt> t2 = new ArrayList<>();
      t2.add(new Stmt.ExprStmt(new Expr.Invoke(stack, null, "push", List.of(lit(true)), JType.VOID), 0));
      t2.addAll(fThen);
      List<Stmt> e2 = new ArrayList<>();
      e2.add(new Stmt.ExprStmt(new Expr.Invoke(stack, null, "push", List.of(lit(false)), JType.VOID), 0));
      e2.addAll(fElse);
      fwd.add(new Stmt.If(f.cond(), t2, e2, f.line()));
      decision = new Expr.Invoke(stack, null, "pop", List.of(), JType.BOOLEAN);
    } else {
      Expr.Var c = new Expr.Var(fresh("_c"), JType.BOOLEAN);
      hoist(c);
      List<Stmt> t2 = new ArrayList<>();
      t2.add(new Stmt.Assign(c, "=", lit(true), 0));
      t2.addAll(fThen);
      fwd.add(new Stmt.If(f.cond(), t2, fElse, f.line()));
      decision = c;
    }
    if (rThen.isEmpty()) {
      rev.add(new Stmt.If(not(decision), rElse, List.of(), 0));
    } else {
      rev.add(new Stmt.If(decision, rThen, rElse, 0));
    }
  }

  private void loop(Stmt.Loop l, List<Stmt> fwd, List<Stmt> rev) {
    LoopInfo info = loopInfo.get(l.id());
    List<Stmt> fInit = new ArrayList<>();
    List<Stmt> rInit = new ArrayList<>();
    if (info.canonical()) {
      fInit.addAll(l.init());
    } else {
      nesting++;
      block(l.init(), fInit, rInit, false);
      nesting--;
    }
    loopStack.add(info);
    nesting++;
    List<Stmt> fBody = new ArrayList<>();
    List<Stmt> rBody = new ArrayList<>();
    block(l.body(), fBody, rBody, false);
    List<Stmt> fUpdate = new ArrayList<>();
    List<Stmt> rUpdate = new ArrayList<>();
    if (info.canonical()) {
      fUpdate.addAll(l.update());
    } else {
      block(l.update(), fUpdate, rUpdate, false);
    }
    nesting--;
    loopStack.remove(loopStack.size() - 1);

    boolean reverseNeeded = !rBody.isEmpty() || !rUpdate.isEmpty();
    if (info.canonical()) {
      fwd.add(new Stmt.Loop(l.id(), l.label(), l.kind(), fInit, l.cond(), fUpdate, fBody, l.line()));
      if (reverseNeeded) {
        Stmt.Decl d = (Stmt.Decl) l.init().get(0);
        Expr.Binary c = (Expr.Binary) l.cond();
        Expr last = c.right();
        if (c.op().equals("<")) {
          last = c.right() instanceof Expr.Lit bound && bound.text().matches("\\d+")
              ? lit(Integer.parseInt(bound.text()) - 1)
              : new Expr.Binary("-", c.right(), lit(1), JType.INT);
        }
        rev.add(new Stmt.Loop(-1, null, Stmt.LoopKind.FOR, List.of(new Stmt.Decl(d.var(), last, 0)),
            new Expr.Binary(">=", d.var(), d.init(), JType.BOOLEAN),
            List.of(new Stmt.IncDec(d.var(), "--", 0)), rBody, 0));
      }
      return;
    }
    fwd.addAll(fInit);
    if (!reverseNeeded) {
      fwd.add(new Stmt.Loop(l.id(), l.label(), l.kind(), List.of(), l.cond(), fUpdate, fBody, l.line()));
      rev.addAll(rInit);
      return;
    }
    Expr.Var counter = new Expr.Var(info.counterVar(), JType.INT);
    hoist(counter);
    fwd.add(new Stmt.Assign(counter, "=", lit(0), 0));
    Expr.Var broke = info.brokeVar() == null ? null : new Expr.Var(info.brokeVar(), JType.BOOLEAN);
    if (broke != null) {
      hoist(broke);
      fwd.add(new Stmt.Assign(broke, "=", lit(false), 0));
    }
    List<Stmt> body = new ArrayList<>();
    body.add(new Stmt.IncDec(counter, "++", 0));
    body.addAll(fBody);
    fwd.add(new Stmt.Loop(l.id(), l.label(), l.kind(), List.of(), l.cond(), fUpdate, body, l.line()));
    fwd.addAll(exitBookkeeping(info, false));

    List<Stmt> rLoopBody = new ArrayList<>();
    if (!rUpdate.isEmpty()) {
      if (broke != null) {
        rLoopBody.add(new Stmt.If(broke, List.of(new Stmt.Assign(broke, "=", lit(false), 0)), rUpdate, 0));
      } else {
        rLoopBody.addAll(rUpdate);
      }
    }
    rLoopBody.addAll(rBody);
    if (info.nestedInLoop()) {
      rev.add(new Stmt.Assign(counter, "=", new Expr.Invoke(info.counterStack(), null, "pop", List.of(), JType.INT), 0));
      if (broke != null) {
        rev.add(new Stmt.Assign(broke, "=", new Expr.Invoke(info.brokeStack(), null, "pop", List.of(), JType.BOOLEAN), 0));
      }
    }
    rev.add(new Stmt.Loop(-1, null, Stmt.LoopKind.FOR, List.of(), new Expr.Binary(">", counter, lit(0), JType.BOOLEAN),
        List.of(new Stmt.IncDec(counter, "--", 0)), rLoopBody, 0));
    rev.addAll(rInit);
  }

  /** After a loop (or before a jump out of it): save its trip count if it runs again in an outer loop. */
  private List<Stmt> exitBookkeeping(LoopInfo info, boolean abnormal) {
    List<Stmt> out = new ArrayList<>();
    if (info.canonical()) {
      return out;
    }
    if (!hoistedNames.containsKey(info.counterVar())) {
      // the loop needs no reverse sweep: nothing recorded
      return out;
    }
    if (abnormal && info.brokeVar() != null) {
      out.add(new Stmt.Assign(new Expr.Var(info.brokeVar(), JType.BOOLEAN), "=", lit(true), 0));
    }
    if (info.nestedInLoop()) {
      JType is = JType.ref(SUPPORT + "IntStack");
      if (hoistedNames.putIfAbsent(info.counterStack(), is) == null) {
        hoisted.add(new Stmt.Decl(new Expr.Var(info.counterStack(), is), new Expr.NewObject(is, List.of()), 0));
      }
      out.add(new Stmt.ExprStmt(new Expr.Invoke(info.counterStack(), null, "push", List.of(new Expr.Var(info.counterVar(), JType.INT)), JType.VOID), 0));
      if (info.brokeVar() != null) {
        JType bs = JType.ref(SUPPORT + "BooleanStack");
        if (hoistedNames.putIfAbsent(info.brokeStack(), bs) == null) {
          hoisted.add(new Stmt.Decl(new Expr.Var(info.brokeStack(), bs), new Expr.NewObject(bs, List.of()), 0));
        }
        out.add(new Stmt.ExprStmt(new Expr.Invoke(info.brokeStack(), null, "push", List.of(new Expr.Var(info.brokeVar(), JType.BOOLEAN)), JType.VOID), 0));
      }
    }
    return out;
  }

  /**
   * Before a break or continue: loops it leaves early record that their last update did not run,
   * and save their trip counts (their code after the loop is skipped).
   */
  private void jump(int target, boolean isBreak, List<Stmt> fwd) {
    for (int k = loopStack.size() - 1; k >= 0; k--) {
      LoopInfo info = loopStack.get(k);
      if (info.id() == target) {
        if (isBreak && info.brokeVar() != null) {
          hoist(new Expr.Var(info.brokeVar(), JType.BOOLEAN));
          fwd.add(new Stmt.Assign(new Expr.Var(info.brokeVar(), JType.BOOLEAN), "=", lit(true), 0));
        }
        return;
      }
      if (info.brokeVar() != null) {
        hoist(new Expr.Var(info.brokeVar(), JType.BOOLEAN));
        fwd.add(new Stmt.Assign(new Expr.Var(info.brokeVar(), JType.BOOLEAN), "=", lit(true), 0));
      }
      if (info.counterVar() != null) {
        hoist(new Expr.Var(info.counterVar(), JType.INT));
      }
      fwd.addAll(exitBookkeepingForced(info));
    }
  }

  private List<Stmt> exitBookkeepingForced(LoopInfo info) {
    if (info.canonical() || !info.nestedInLoop()) {
      return List.of();
    }
    return exitBookkeeping(info, false);
  }

  // ------------------------------------------------------------------ adjoint propagation

  /** Emits statements adding {@code seed} times the derivative of e into the adjoints of e's active leaves. */
  private void propagate(Expr e, Expr seed, List<Stmt> out) {
    if (!activity.isActive(e)) {
      return;
    }
    if (e instanceof Expr.Var || e instanceof Expr.Index) {
      if (e.type().isArray()) {
        addArray(e, seed, out);
      } else {
        out.add(new Stmt.Assign(adjLvalue(e), "+=", seed, 0));
      }
    } else if (e instanceof Expr.Unary u) {
      propagate(u.operand(), u.op().equals("-") ? neg(seed) : seed, out);
    } else if (e instanceof Expr.Cast c) {
      propagate(c.operand(), seed, out);
    } else if (e instanceof Expr.Binary b) {
      boolean l = activity.isActive(b.left());
      boolean r = activity.isActive(b.right());
      Expr s = l && r ? bind(seed, out) : seed;
      switch (b.op()) {
        case "+" -> {
          propagate(b.left(), s, out);
          propagate(b.right(), s, out);
        }
        case "-" -> {
          propagate(b.left(), s, out);
          propagate(b.right(), neg(s), out);
        }
        case "*" -> {
          if (l && b.left().equals(b.right()) && IrWalk.isPure(b.left())) {
            // u * u: the two contributions s*u and u*s are the same number and p + p == 2 * p, so one suffices
            // (exact into a fresh adjoint; added to a nonzero one it is rounded once instead of twice)
            propagate(b.left(), mul(new Expr.Lit("2", JType.INT), mul(s, b.right())), out);
            return;
          }
          propagate(b.left(), mul(s, b.right()), out);
          propagate(b.right(), mul(b.left(), s), out);
        }
        case "/" -> {
          propagate(b.left(), div(s, b.right()), out);
          if (r) {
            propagate(b.right(), neg(div(mul(s, b.left()), mul(b.right(), b.right()))), out);
          }
        }
        case "%" -> {
          propagate(b.left(), s, out);
          if (r) {
            sink.error(DiagnosticId.UNSUPPORTED, b, "the remainder `%` with an active right operand cannot be differentiated; use Math.IEEEremainder or rewrite it");
          }
        }
        default -> sink.error(DiagnosticId.UNSUPPORTED, b, "the operator `" + b.op() + "` on active values cannot be differentiated");
      }
    } else if (e instanceof Expr.Cond c) {
      Expr s = bind(seed, out);
      List<Stmt> a = new ArrayList<>();
      List<Stmt> b = new ArrayList<>();
      propagate(c.ifTrue(), s, a);
      propagate(c.ifFalse(), s, b);
      out.add(a.isEmpty() ? new Stmt.If(not(c.cond()), b, List.of(), 0) : new Stmt.If(c.cond(), a, b, 0));
    } else if (e instanceof Expr.Call c) {
      call(c, seed, out);
    } else if (e instanceof Expr.NewArray n && n.elements() != null) {
      initializerReverse(n, seed, out); // an array literal passed straight to a call: g(new double[] {x, y})
    } else {
      // never drop an adjoint silently: an active expression without a rule here is a bug to report
      throw new IllegalStateException("no adjoint propagation for the active expression " + e);
    }
  }

  private void call(Expr.Call c, Expr seed, List<Stmt> out) {
    List<Integer> activeArgs = new ArrayList<>();
    for (int k = 0; k < c.args().size(); k++) {
      if (Activity.carriesDerivative(c, k) && activity.isActive(c.args().get(k))) {
        activeArgs.add(k);
      }
    }
    if (activeArgs.isEmpty()) {
      return;
    }
    switch (c.kind()) {
      case MATH -> {
        Expr s = activeArgs.size() > 1 ? bind(seed, out) : seed;
        for (int k : activeArgs) {
          List<Expr> args = new ArrayList<>(c.args());
          args.add(s);
          // a float rule only when the seed is float too: Java picks the double rule otherwise
          JType ruleType = promote(c.paramTypes().get(k), s.type());
          String rule = c.info().ruleNames().get(k);
          String fromResult = MathFunctions.resultRule(c.name());
          if (fromResult != null && c.args().size() == 1 && c.type().equals(JType.DOUBLE)) {
            // exp'(u) is exp(u): the rule reads the call's value, which cacheCallValues keeps from the forward sweep
            rule = fromResult;
            args = List.of(c, s);
            ruleType = JType.DOUBLE;
          }
          propagate(c.args().get(k), new Expr.Invoke(null, RULES, rule, args, ruleType), out);
        }
      }
      case DIFFERENTIABLE -> {
        if (forwardPullbackCandidates.contains(c) && c.type().isArray()) {
          // the forward sweep ran gForward (cacheCallValues); its record takes g's reverse sweep here
          Expr.Var tape = forwardTapes.computeIfAbsent(c, k -> new Expr.Var(fresh("_f"), OBJECT));
          tapeLocals.add(tape.name());
          // an array variable's adjoint goes to gReverseInto, which adds into it (no array of g's own to add)
          List<Expr> reverseArgs = new ArrayList<>(List.of(tape, seed.type().equals(c.type()) ? seed : new Expr.Cast(c.type(), seed)));
          Set<Integer> addedInto = new HashSet<>();
          for (int k = 0; k < c.args().size(); k++) {
            if (takesAdjointArray(c.paramTypes().get(k), c.info().accessors().get(k) != null)) {
              boolean handOver = activeArgs.contains(k) && isArrayVariable(c.args().get(k))
                  && c.args().get(k).type().equals(c.paramTypes().get(k));
              reverseArgs.add(handOver ? adjLvalue(c.args().get(k)) : new Expr.Lit("null", OBJECT));
              if (handOver) {
                addedInto.add(k);
              }
            }
          }
          String reverseName = reverseArgs.size() > 2 ? Names.reverseInto(c.name()) : Names.reverse(c.name());
          Expr reverseCall = new Expr.Invoke(null, c.info().gradientsClass(), reverseName, reverseArgs, JType.VAR);
          if (activeArgs.stream().allMatch(addedInto::contains)) {
            out.add(new Stmt.ExprStmt(reverseCall, 0));
            return;
          }
          Expr.Var r = new Expr.Var(fresh("_r"), JType.VAR);
          out.add(new Stmt.Decl(r, reverseCall, 0));
          for (int k : activeArgs) {
            if (!addedInto.contains(k)) {
              propagate(c.args().get(k), new Expr.Invoke(r.name(), null, c.info().accessors().get(k), List.of(), c.paramTypes().get(k)), out);
            }
          }
          return;
        }
        if (forwardPullbackCandidates.contains(c) && (c.type().equals(JType.DOUBLE) || c.type().equals(JType.FLOAT))
            && activeArgs.stream().allMatch(k -> c.paramTypes().get(k).equals(JType.DOUBLE)
                || c.paramTypes().get(k).equals(JType.FLOAT) || isArrayVariable(c.args().get(k)))) {
          // the forward sweep runs the pullback once with seed 1 (cacheCallValues); a VJP is linear in its seed
          // (the same occurrence reached twice shares its one forward run)
          Expr.Var record = forwardPullbacks.computeIfAbsent(c, k -> new Expr.Var(fresh("_c"), JType.VAR));
          Expr s = activeArgs.size() > 1 ? bind(seed, out) : seed;
          for (int k : activeArgs) {
            JType paramType = c.paramTypes().get(k);
            Expr derivative = new Expr.Invoke(record.name(), null, c.info().accessors().get(k), List.of(), paramType);
            if (paramType.rank() > 0) {
              JType element = paramType.element();
              Expr scale = s.type().equals(element) ? s : new Expr.Cast(element, s);
              out.add(new Stmt.ExprStmt(new Expr.Invoke(null, ADJOINTS, "addScaledTo",
                  List.of(adjLvalue(c.args().get(k)), derivative, scale), JType.VOID), 0));
            } else {
              propagate(c.args().get(k), mul(s, derivative), out);
            }
          }
          return;
        }
        List<Expr> args = new ArrayList<>();
        if (c.receiver() != null) {
          args.add(c.receiver());
        }
        args.addAll(c.args());
        args.add(seed.type().equals(c.type()) ? seed : new Expr.Cast(c.type(), seed));
        Expr.Var r = new Expr.Var(fresh("_r"), JType.VAR);
        out.add(new Stmt.Decl(r, new Expr.Invoke(null, c.info().gradientsClass(), c.info().vjpName(), args, JType.VAR), 0));
        for (int k : activeArgs) {
          propagate(c.args().get(k), new Expr.Invoke(r.name(), null, c.info().accessors().get(k), List.of(), c.paramTypes().get(k)), out);
        }
      }
      case CUSTOM_RULE -> {
        List<Expr> args = new ArrayList<>(c.args());
        args.add(seed.type().equals(c.type()) ? seed : new Expr.Cast(c.type(), seed));
        if (!c.info().ruleArray()) {
          int k = activeArgs.get(0);
          propagate(c.args().get(k), new Expr.Invoke(null, c.info().ruleOwner(), c.info().ruleName(), args, c.paramTypes().get(k)), out);
        } else {
          JType arr = JType.DOUBLE.arrayOf();
          Expr.Var r = new Expr.Var(fresh("_r"), arr);
          out.add(new Stmt.Decl(r, new Expr.Invoke(null, c.info().ruleOwner(), c.info().ruleName(), args, arr), 0));
          int entry = 0;
          for (int k = 0; k < c.args().size(); k++) {
            if (c.info().differentiableArgs().get(k)) {
              if (activeArgs.contains(k)) {
                propagate(c.args().get(k), new Expr.Index(r, lit(entry), JType.DOUBLE), out);
              }
              entry++;
            }
          }
        }
      }
      default -> {}
    }
  }

  // ------------------------------------------------------------------ expression helpers

  private Expr.Var adjVar(String var, JType type) {
    if (var.equals(Activity.RESULT)) {
      return new Expr.Var(seedName, type);
    }
    return new Expr.Var("_d_" + var, type);
  }

  private Expr adjLvalue(Expr e) {
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

  private Expr bind(Expr seed, List<Stmt> out) {
    if (seed instanceof Expr.Var || seed instanceof Expr.Lit) {
      return seed;
    }
    Expr.Var r = new Expr.Var(fresh("_r"), seed.type().isFloating() ? seed.type() : JType.DOUBLE);
    out.add(new Stmt.Decl(r, seed, 0));
    return r;
  }

  private static JType promote(JType a, JType b) {
    if (a.kind() == JType.Kind.DOUBLE || b.kind() == JType.Kind.DOUBLE) {
      return JType.DOUBLE;
    }
    if (a.kind() == JType.Kind.FLOAT || b.kind() == JType.Kind.FLOAT) {
      return JType.FLOAT;
    }
    return JType.DOUBLE;
  }

  private static Expr mul(Expr a, Expr b) {
    return new Expr.Binary("*", a, b, promote(a.type(), b.type()));
  }

  private static Expr div(Expr a, Expr b) {
    return new Expr.Binary("/", a, b, promote(a.type(), b.type()));
  }

  private static Expr neg(Expr a) {
    if (a instanceof Expr.Unary u && u.op().equals("-")) {
      return u.operand();
    }
    return new Expr.Unary("-", a, a.type());
  }

  private static Expr not(Expr a) {
    if (a instanceof Expr.Unary u && u.op().equals("!")) {
      return u.operand();
    }
    return new Expr.Unary("!", a, JType.BOOLEAN);
  }

  private static Expr.Lit lit(int v) {
    return new Expr.Lit(Integer.toString(v), JType.INT);
  }

  private static Expr.Lit lit(boolean v) {
    return new Expr.Lit(Boolean.toString(v), JType.BOOLEAN);
  }

  private static Expr zero(JType t) {
    return new Expr.Lit(t.zero(), t);
  }

  private static Expr zerosLike(Expr.Var array) {
    if (array.type().rank() == 1) {
      return new Expr.NewArray(array.type(), List.of(new Expr.Length(array)), null);
    }
    return new Expr.Invoke(null, ADJOINTS, "zerosLike", List.of(array), array.type());
  }
}
