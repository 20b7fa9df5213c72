package dev.adjoint.processor.transform;

import static dev.adjoint.processor.transform.Exprs.SUPPORT;
import static dev.adjoint.processor.transform.Exprs.zero;
import static dev.adjoint.processor.transform.Exprs.zerosLike;

import dev.adjoint.processor.analysis.Activity;
import dev.adjoint.processor.analysis.IrWalk;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.IrMethod;
import dev.adjoint.processor.ir.JType;
import dev.adjoint.processor.ir.RecordLayout;
import dev.adjoint.processor.ir.Stmt;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Joins the sweeps into the body of {@code mVjp}: the result local, the parameters' adjoint arrays (local
 * arrays may alias them), the hoisted declarations, the forward sweep, the mark where the sweeps meet, the
 * scalar adjoints the reverse sweep touches, the reverse sweep, and the release of the stacks.
 */
final class BodyAssembler {
  /** The comment above the stacks' releases at the end of mVjp. */
  static final String RELEASE_COMMENT = "the next gradient on this thread reuses the stacks' storage";

  /**
   * The joined body.
   *
   * @param body the statements, with the sweeps' meeting mark
   * @param gradients the adjoint local of each wrt parameter, in parameter order
   */
  record Body(List<Stmt> body, List<String> gradients) {}

  private BodyAssembler() {}

  static Body join(ReverseContext ctx, List<Stmt> forward, List<Stmt> reverse) {
    IrMethod method = ctx.method;
    List<Stmt> out = new ArrayList<>();
    boolean resultDeclared = ctx.topLevelDecls.contains(Activity.RESULT);
    if (!resultDeclared) {
      out.add(new Stmt.Decl(new Expr.Var(Activity.RESULT, method.result()), zero(method.result()), 0));
    }
    // array parameters' adjoints exist before the forward sweep: local arrays may alias them
    List<String> gradients = new ArrayList<>();
    List<Stmt> scalarAdjoints = new ArrayList<>();
    Set<String> declaredAdjoints = new HashSet<>();
    if (method.records().containsKey("self") && method.wrt().contains("self")) {
      gradients.add("_d_self"); // built from its components' adjoints at the end
    }
    for (IrMethod.Param p : method.params()) {
      boolean wrt = method.wrt().contains(p.name());
      if (p.type().isRecord()) {
        if (wrt) {
          gradients.add("_d_" + p.name()); // built from its components' adjoints at the end
        }
        continue;
      }
      if (!wrt && !ctx.activity.isActive(p.name())) {
        continue;
      }
      Expr.Var adj = ctx.adjVar(p.name(), p.type());
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
    // a Tensor parameter the method reassigns: its gradient's zeros (if nothing reaches it) take the shape it came with
    List<Stmt> tensorInputs = new ArrayList<>();
    Map<String, String> inputOf = new HashMap<>();
    for (IrMethod.Param p : method.params()) {
      if (p.type().isTensorBase() && method.wrt().contains(p.name())) {
        if (p.type().isArray()) {
          // a null element fails here, naming it, not somewhere inside an operation
          tensorInputs.add(new Stmt.ExprStmt(new Expr.Invoke(null, Exprs.TENSOR_ADJOINTS, "requireElements",
              List.of(new Expr.Var(p.name(), p.type()), new Expr.Lit(quoted(p.name()), JType.ref("java.lang.String"))), JType.VOID), 0));
        }
        String input = p.name();
        if (!method.effectivelyFinal().contains(p.name())) {
          input = ctx.fresh("_in_" + p.name());
          tensorInputs.add(new Stmt.Decl(new Expr.Var(input, p.type()), new Expr.Var(p.name(), p.type()), 0));
        }
        inputOf.put(p.name(), input);
      }
    }
    out.addAll(0, tensorInputs);
    // a stack whose pushes and pops were dropped (TripwiseLoops: restored values the variable still held)
    Set<String> mentioned = new HashSet<>();
    java.util.function.Consumer<Stmt> mentions = s -> IrWalk.ownExpressions(s, e -> {
      if (e instanceof Expr.Invoke i && i.target() != null) {
        mentioned.add(i.target());
      }
      if (e instanceof Expr.Var v) {
        mentioned.add(v.name());
      }
    });
    IrWalk.statements(forward, mentions);
    IrWalk.statements(reverse, mentions);
    List<Stmt> hoisted = new ArrayList<>();
    for (Stmt h : ctx.hoisted) {
      if (!isStack(h) || mentioned.contains(((Stmt.Decl) h).var().name())) {
        hoisted.add(h);
      }
    }
    out.addAll(hoisted);
    int forwardStart = out.size();
    out.addAll(forward);
    out.add(SweepSplitter.sweepsMeet());
    if (method.result().isTensor()) {
      // m passes no seed: ones for a one-element result (an error naming mVjp otherwise); mVjp's must fit the result
      Expr.Var seed = new Expr.Var(ctx.seedName, JType.TENSOR);
      out.add(new Stmt.Assign(seed, "=", new Expr.Invoke(null, Exprs.TENSOR_ADJOINTS, "seed",
          List.of(new Expr.Var(Activity.RESULT, JType.TENSOR), seed,
              new Expr.Lit(quoted(simpleName(method.ownerClass()) + "." + method.name()), JType.ref("java.lang.String")),
              new Expr.Lit(quoted(dev.adjoint.processor.ir.Names.vjp(method.name())), JType.ref("java.lang.String"))),
          JType.TENSOR), 0));
    } else if (method.result().isTensorBase() && method.result().rank() == 1) {
      // one seed per element, each fitting its element or null (zero): checked here, not as an error inside a rule
      Expr.Var seed = new Expr.Var(ctx.seedName, method.result());
      out.add(new Stmt.ExprStmt(new Expr.Invoke(null, Exprs.TENSOR_ADJOINTS, "checkSeeds",
          List.of(new Expr.Var(Activity.RESULT, method.result()), seed,
              new Expr.Lit(quoted(simpleName(method.ownerClass()) + "." + method.name()), JType.ref("java.lang.String")),
              new Expr.Lit(quoted(dev.adjoint.processor.ir.Names.vjp(method.name())), JType.ref("java.lang.String"))),
          method.result()), 0));
    }
    // scalar adjoints of locals: every active scalar the reverse sweep touches
    Set<String> touched = new TreeSet<>();
    Map<String, JType> touchedTypes = new HashMap<>();
    collectScalarAdjoints(reverse, touched, touchedTypes);
    // a loop reversed trip by trip (TripwiseLoops) runs its reverse in the forward sweep
    boolean forwardTouches = collectScalarAdjoints(forward, touched, touchedTypes);
    for (String name : orderedAdjoints(method, touched)) {
      if (declaredAdjoints.add(name)) {
        scalarAdjoints.add(new Stmt.Decl(new Expr.Var(name, touchedTypes.get(name)), zero(touchedTypes.get(name)), 0));
      }
    }
    if (forwardTouches) {
      out.addAll(forwardStart, scalarAdjoints);
    } else {
      out.addAll(scalarAdjoints);
    }
    out.addAll(reverse);
    // record parameters (and a record receiver): a record of their components' adjoints, constants copied
    Set<String> declared = new HashSet<>();
    IrWalk.statements(out, s -> {
      if (s instanceof Stmt.Decl d) {
        declared.add(d.var().name());
      }
    });
    for (Map.Entry<String, RecordLayout> r : method.records().entrySet()) {
      if (method.wrt().contains(r.getKey())) {
        out.add(new Stmt.Decl(new Expr.Var("_d_" + r.getKey(), r.getValue().type()), recordAdjoint(r.getValue(), declared), 0));
      }
    }
    for (IrMethod.Param p : method.params()) {
      String input = inputOf.get(p.name());
      if (input != null) {
        // nothing reached it: zeros of its shape, as the tape gives
        Expr.Var adj = ctx.adjVar(p.name(), p.type());
        out.add(new Stmt.Assign(adj, "=", new Expr.Invoke(null, Exprs.TENSOR_ADJOINTS, "orZeros",
            List.of(adj, new Expr.Var(input, p.type())), p.type()), 0));
      }
    }
    // last created, first given back: each stack of the next call on this thread gets the array it grew to
    List<Stmt> releases = new ArrayList<>();
    for (int i = hoisted.size() - 1; i >= 0; i--) {
      Stmt h = hoisted.get(i);
      if (isStack(h) && !((Expr.NewObject) ((Stmt.Decl) h).init()).type().source().contains("ObjectStack")) {
        releases.add(new Stmt.ExprStmt(new Expr.Invoke(((Stmt.Decl) h).var().name(), null, "release", List.of(), JType.VOID), 0));
      }
    }
    if (!releases.isEmpty()) {
      out.add(new Stmt.Comment(RELEASE_COMMENT));
      out.addAll(releases);
    }
    return new Body(out, gradients);
  }

  /** Adds the scalar adjoints the statements mention, with their types; true if there is one. */
  private static boolean collectScalarAdjoints(List<Stmt> stmts, Set<String> names, Map<String, JType> types) {
    boolean[] found = {false};
    IrWalk.statements(stmts, s -> IrWalk.ownExpressions(s, e -> {
      if (e instanceof Expr.Var v && v.name().startsWith("_d_") && v.type().rank() == 0) {
        names.add(v.name());
        types.put(v.name(), v.type());
        found[0] = true;
      }
    }));
    return found[0];
  }

  /** A hoisted declaration of one of the runtime's stacks (or another support object). */
  private static boolean isStack(Stmt h) {
    return h instanceof Stmt.Decl d && d.init() instanceof Expr.NewObject n && n.type().rank() == 0
        && n.type().source().startsWith(SUPPORT);
  }

  /** {@code new R(_d_p$w, ..., p$count)}: each differentiable component's adjoint (zeros if it has none), constants as they are. */
  private static Expr recordAdjoint(RecordLayout layout, Set<String> declared) {
    List<Expr> components = new ArrayList<>();
    List<String> accessors = new ArrayList<>();
    for (RecordLayout.Part part : layout.parts()) {
      accessors.add(part.accessor());
      if (part.nested() != null) {
        components.add(recordAdjoint(part.nested(), declared));
        continue;
      }
      Expr.Var value = new Expr.Var(part.variable(), part.type());
      if (!part.differentiable()) {
        components.add(value);
        continue;
      }
      String adjoint = "_d_" + part.variable();
      JType t = part.type();
      Expr.Var adj = new Expr.Var(adjoint, t);
      boolean has = declared.contains(adjoint);
      if (t.isTensor()) {
        components.add(has ? new Expr.Invoke(null, Exprs.TENSOR_ADJOINTS, "orZeros", List.of(adj, value), t)
            : new Expr.Invoke(null, "dev.adjoint.Tensor", "zerosLike", List.of(value), t));
      } else if (t.isTensorBase()) {
        components.add(new Expr.Invoke(null, Exprs.TENSOR_ADJOINTS, "orZeros",
            List.of(has ? adj : zerosLike(value), value), t));
      } else if (has) {
        components.add(adj);
      } else {
        components.add(t.isArray() ? zerosLike(value) : zero(t));
      }
    }
    return new Expr.NewRecord(layout.type(), List.copyOf(accessors), List.copyOf(components));
  }

  private static String simpleName(String qualified) {
    return qualified.substring(qualified.lastIndexOf('.') + 1);
  }

  private static String quoted(String javaName) {
    return "\"" + javaName + "\"";
  }

  /** Parameters first (in order), then locals in order of declaration. */
  private static List<String> orderedAdjoints(IrMethod method, Set<String> names) {
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
}
