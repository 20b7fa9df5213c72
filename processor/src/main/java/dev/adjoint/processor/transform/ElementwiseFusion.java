package dev.adjoint.processor.transform;

import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.FusedLoop;
import dev.adjoint.processor.ir.FusedLoop.Kind;
import dev.adjoint.processor.ir.FusedLoop.Step;
import dev.adjoint.processor.ir.IrMethod;
import dev.adjoint.processor.ir.JType;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.TensorRule;
import dev.adjoint.processor.lower.TensorOps;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the tensor methods whose whole body is a chain of elementwise operations, perhaps ending in
 * {@code sum()} or {@code mean()}, and plans them as one loop over the elements ({@link FusedLoop}): the primal and its
 * reverse sweep on the lanes of one vector, with no tensor made in between. Such a method's tensor adjoint
 * makes one pass over memory per operation and per rule; the loop makes one in all, and that is what
 * makes a chain of cheap operations run at the speed of its transcendental functions.
 *
 * <p>The rule of each operand is the one {@link TensorOps} names for the tensor adjoint; the loop calls
 * it in {@code FloatLaneRules} or {@code DoubleLaneRules}, expanded from the template the tensor rule of the same
 * name is written in
 * ({@code ElementwiseRules}). A method with any
 * other statement, operation or rule (a broadcast scalar tensor, a reduction before the end, a
 * differentiated number parameter) is not planned and keeps only its tensor adjoint.
 */
public final class ElementwiseFusion {
  /** Tensor methods with a lanes operation of the same name, by their non-tensor parameter types. */
  private static final Set<String> UNARY = Set.of("neg", "exp", "log", "sin", "cos", "tan", "tanh", "sigmoid", "sqrt",
      "square", "reciprocal");
  private static final Set<String> WITH_TENSOR = Set.of("add", "sub", "mul", "div");
  private static final Set<String> WITH_NUMBER = Set.of("add", "sub", "rsub", "mul", "div", "rdiv");
  /** The rules {@code ElementwiseRules} and its lanes copies write; the others are the tensor adjoint's only. */
  private static final Set<String> LANE_RULES = Set.of("mul", "neg", "divLeft", "divRight", "mulScalar", "divScalar",
      "rdivScalarFromResult", "expFromResult", "log", "sin", "cos", "tanFromResult", "tanhFromResult", "sigmoidFromResult",
      "sqrtFromResult", "square", "reciprocalFromResult");
  /**
   * The lane rules that take {@code seedIsFree} (the ones whose tensor form computes in the seed itself); the one-pass
   * rules take it in {@code TensorRules} only, where it lets {@code Lanes.rule} write into the seed's elements.
   */
  private static final Set<String> LANE_RULES_TAKING_SEED_IS_FREE = Set.of("mul", "neg", "mulScalar", "expFromResult",
      "square");

  /** The variable a normalized body returns its value in ({@link Normalizer}). */
  private static final String RESULT = "_value";

  private final IrMethod method;
  /** Tensor variables and parameters: the lanes that hold their current value. */
  private final Map<String, String> lanes = new HashMap<>();
  /** Lanes that depend on a differentiated parameter. */
  private final Set<String> active = new HashSet<>();
  private final List<Step> forward = new ArrayList<>();
  /** Per forward step defining lanes, the operation it ran (for its rules). */
  private final Map<String, Expr.Call> calls = new HashMap<>();
  private final List<String> loaded = new ArrayList<>();
  private int next;

  private ElementwiseFusion(IrMethod method) {
    this.method = method;
  }

  /** The fused loop of {@code method}, whose body normalized is {@code body}, or empty if it is not such a chain. */
  public static Optional<FusedLoop> plan(IrMethod method, List<Stmt> body) {
    if (!method.isStatic() || !method.records().isEmpty() || !method.result().isTensor()) {
      return Optional.empty();
    }
    for (IrMethod.Param p : method.params()) {
      boolean number = p.type().isFloating() || p.type().isIntegral();
      if (!p.type().isTensor() && !(number && !method.wrt().contains(p.name()))) {
        return Optional.empty();
      }
    }
    try {
      return Optional.of(new ElementwiseFusion(method).planBody(body));
    } catch (NotFusable e) {
      return Optional.empty();
    }
  }

  private FusedLoop planBody(List<Stmt> body) {
    Expr returned = null;
    for (Stmt s : body) {
      if (returned != null) {
        throw new NotFusable();
      }
      if (s instanceof Stmt.Comment) {
        continue;
      } else if (s instanceof Stmt.Decl d && d.var().name().equals(RESULT) && d.init() != null) {
        returned = d.init();
      } else if (s instanceof Stmt.Assign a && a.target() instanceof Expr.Var v && v.name().equals(RESULT) && a.op().equals("=")) {
        returned = a.value();
      } else if (s instanceof Stmt.Decl d && d.var().type().isTensor() && d.init() != null) {
        lanes.put(d.var().name(), lanesOf(d.init(), s.line()));
      } else if (s instanceof Stmt.Assign a && a.op().equals("=") && a.target() instanceof Expr.Var v && v.type().isTensor()
          && !isParameter(v.name())) {
        lanes.put(v.name(), lanesOf(a.value(), s.line()));
      } else if (s instanceof Stmt.Return r && r.value() != null) {
        returned = r.value();
      } else {
        throw new NotFusable();
      }
    }
    if (returned == null) {
      throw new NotFusable();
    }
    FusedLoop.Reduction reduction = FusedLoop.Reduction.NONE;
    if (returned instanceof Expr.Call c && c.kind() == Expr.CallKind.TENSOR && c.args().isEmpty() && c.receiver() != null
        && (c.name().equals("sum") || c.name().equals("mean"))) {
      reduction = c.name().equals("sum") ? FusedLoop.Reduction.SUM : FusedLoop.Reduction.MEAN;
    }
    boolean sum = reduction != FusedLoop.Reduction.NONE;
    int returnLine = body.get(body.size() - 1).line();
    String result = lanesOf(sum ? ((Expr.Call) returned).receiver() : returned, returnLine);
    if (loaded.isEmpty()) {
      throw new NotFusable();
    }
    List<Step> reverse = reverse(result);
    Set<String> adjoints = new HashSet<>();
    reverse.forEach(s -> adjoints.add(s.target()));
    List<FusedLoop.Gradient> gradients = new ArrayList<>();
    for (IrMethod.Param p : method.params()) {
      if (method.wrt().contains(p.name())) {
        String d = adjointOf(FusedLoop.lanesOf(p.name()));
        if (!adjoints.contains(d)) {
          // a parameter the result does not depend on: the tensor adjoint says how to report it
          throw new NotFusable();
        }
        gradients.add(new FusedLoop.Gradient(p.name(), d));
      }
    }
    return new FusedLoop(List.copyOf(loaded), List.copyOf(forward), result, reduction, reverse, gradients);
  }

  /** The lanes of a tensor expression, adding the forward steps that compute them. */
  private String lanesOf(Expr e, int line) {
    if (e instanceof Expr.Var v && v.type().isTensor()) {
      String l = lanes.get(v.name());
      if (l != null) {
        return l;
      }
      if (!isParameter(v.name())) {
        throw new NotFusable();
      }
      l = FusedLoop.lanesOf(v.name());
      lanes.put(v.name(), l);
      loaded.add(v.name());
      if (method.wrt().contains(v.name())) {
        active.add(l);
      }
      return l;
    }
    if (!(e instanceof Expr.Call c) || c.kind() != Expr.CallKind.TENSOR || c.receiver() == null) {
      throw new NotFusable();
    }
    List<String> args = new ArrayList<>();
    args.add(lanesOf(c.receiver(), line));
    boolean fusable;
    if (c.args().isEmpty()) {
      fusable = UNARY.contains(c.name());
    } else if (c.args().size() == 1 && c.args().get(0).type().isTensor()) {
      fusable = WITH_TENSOR.contains(c.name());
      args.add(lanesOf(c.args().get(0), line));
    } else if (c.args().size() == 1) {
      fusable = WITH_NUMBER.contains(c.name());
      args.add(number(c.args().get(0)));
    } else {
      fusable = false;
    }
    if (!fusable) {
      throw new NotFusable();
    }
    String target = "_p" + next++;
    forward.add(new Step(target, Kind.LANES, c.name(), args, false, line));
    calls.put(target, c);
    if (args.stream().anyMatch(active::contains)) {
      active.add(target);
    }
    return target;
  }

  /** A number operand: a literal or a number parameter, the same on every lane. */
  private String number(Expr e) {
    if (e instanceof Expr.Lit l && (l.type().isFloating() || l.type().isIntegral())) {
      return l.text();
    }
    if (e instanceof Expr.Var v && isParameter(v.name()) && (v.type().isFloating() || v.type().isIntegral())) {
      return v.name();
    }
    throw new NotFusable();
  }

  /** The reverse sweep from the seed's lanes: for each forward step backwards, the rules of its active operands. */
  private List<Step> reverse(String result) {
    List<Step> out = new ArrayList<>();
    Set<String> defined = new HashSet<>();
    if (!active.contains(result)) {
      throw new NotFusable();
    }
    out.add(new Step(adjointOf(result), Kind.COPY, null, List.of(FusedLoop.SEED), false, 0));
    defined.add(adjointOf(result));
    for (int i = forward.size() - 1; i >= 0; i--) {
      Step f = forward.get(i);
      String seed = adjointOf(f.target());
      if (!defined.contains(seed)) {
        continue;
      }
      Expr.Call call = calls.get(f.target());
      for (int k = 0; k < f.args().size(); k++) {
        String operand = f.args().get(k);
        if (!active.contains(operand)) {
          continue;
        }
        TensorRule rule = call.tensorRule(k);
        if (rule == null) {
          throw new NotFusable();
        }
        String target = adjointOf(operand);
        boolean accumulates = !defined.add(target);
        if (rule.method() == null) {
          out.add(new Step(target, Kind.COPY, null, List.of(seed), accumulates, f.line()));
          continue;
        }
        if (!LANE_RULES.contains(rule.method())) {
          throw new NotFusable();
        }
        List<String> args = new ArrayList<>();
        for (TensorRule.Slot slot : rule.args()) {
          args.add(switch (slot.kind()) {
            case OPERAND -> f.args().get(slot.operand());
            case RESULT -> f.target();
            case SEED -> seed;
            case LITERAL -> slot.literal();
            default -> throw new NotFusable();
          });
        }
        if (rule.seedMayBeFree() && LANE_RULES_TAKING_SEED_IS_FREE.contains(rule.method())) {
          // lanes are registers: any seed may be overwritten
          args.add("true");
        }
        out.add(new Step(target, Kind.RULE, rule.method(), args, accumulates, f.line()));
      }
    }
    return List.copyOf(out);
  }

  private static String adjointOf(String lanes) {
    return "_d" + (lanes.startsWith("_") ? lanes : "_" + lanes);
  }

  private boolean isParameter(String name) {
    return method.params().stream().anyMatch(p -> p.name().equals(name));
  }

  /** Thrown inside the planner when the method is not a fusable chain. */
  private static final class NotFusable extends RuntimeException {
    NotFusable() {
      super(null, null, false, false);
    }
  }
}
