package dev.adjoint.processor.transform;

import dev.adjoint.processor.DiagnosticId;
import dev.adjoint.processor.DiagnosticSink;
import dev.adjoint.processor.analysis.Activity;
import dev.adjoint.processor.analysis.IrWalk;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.IrMethod;
import dev.adjoint.processor.ir.JType;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.lower.MathFunctions;
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
 * Derivatives of derivatives: a {@code @Differentiable} method that calls a derivative Adjoint generated for
 * another ({@code PotentialGradients.potentialJvp(x, y, 1, 0).tangent()}) gets that derivative's code written in
 * place of the call, as IR, before anything else looks at it. The stages after this one then differentiate it like
 * code the user wrote: a call of a {@code DoubleRules} rule in it is a function whose own rules are the rules of
 * the rule ({@link MathFunctions#rulesOfRule}), so the one table serves the second derivative too.
 */
public final class DerivativeInliner {
  /**
   * The code of one generated derivative, to be written in place of its call.
   *
   * @param params the derivative's parameters, in the order of the call's arguments
   * @param extraArgs values for the parameters after the call's arguments (the seed 1 of {@code g(x)})
   * @param body its statements
   * @param components what each record component the caller may read is, in the body's names
   */
  public record Inlinable(List<IrMethod.Param> params, List<Expr> extraArgs, List<Stmt> body, Map<String, Expr> components) {}

  /**
   * Gives the code of derivative {@code d}, a method of the generated class {@code gradientsClass} (its
   * {@code arity} -1 for forward mode read from a callee's record: the method whose parameters and tangents make up
   * the arguments), or null after reporting on {@code site} why it cannot.
   */
  public interface Source {
    Inlinable derivative(String gradientsClass, Expr.Derivative d, Expr site, DiagnosticSink diags);
  }

  /**
   * How many statements the derivatives one method reads may take written out. Each call's derivative is a copy,
   * and so are its callees': past this the method's gradient outgrows what javac compiles into one method (64 KB
   * of bytecode; its forward record, 255 values), and the error says so here instead of in generated code.
   */
  static final int WRITTEN_OUT_LIMIT = 2_000;

  private final Source source;
  private final DiagnosticSink diags;
  /**
   * The method is differentiated in forward mode only ({@code vjp = false}), which can differentiate more of a
   * reverse sweep than reverse mode can: arrays of arrays saved whole on stacks, and {@code Adjoints} accumulations
   * into arrays of arrays. Reverse mode gets an accumulation into an array written out as its loop
   * ({@link AccumulationLoops}), an array saved whole as loops over its elements ({@link WholeArrayCopies}), and a
   * stack of array references paired with a stack of their adjoint arrays; forward mode keeps the calls and copies.
   */
  private final boolean forwardOnly;
  /**
   * The written-out stacks (a reverse sweep's saves), whose operations pass through: all in forward mode only
   * ({@link #forwardOnly}), those of numbers in reverse too.
   */
  private final Map<String, JType> stacks = new HashMap<>();
  /** The written-out stacks that keep array references, which reverse mode differentiates too. */
  private final Set<String> referenceStacks = new HashSet<>();
  private int written;
  private boolean overLimit;
  /** Sites already told that their derivative cannot be differentiated again (one message each). */
  private final Set<Expr.Call> refused = Collections.newSetFromMap(new IdentityHashMap<>());
  private int nextSite;
  private int nextLoopId;
  private int nextAccumulation;

  private DerivativeInliner(Source source, DiagnosticSink diags, int firstLoopId, boolean forwardOnly) {
    this.source = source;
    this.diags = diags;
    this.forwardOnly = forwardOnly;
    this.nextLoopId = firstLoopId;
  }

  /**
   * The method with every derivative call replaced by the derivative's code; the same method if it has none.
   * {@code forwardOnly}: the method gets forward mode only, which can differentiate more of a reverse sweep.
   */
  public static IrMethod inline(IrMethod m, Source source, DiagnosticSink diags, boolean forwardOnly) {
    boolean[] any = {false};
    IrWalk.statements(m.body(), s -> IrWalk.ownExpressions(s, e -> IrWalk.expressions(e, x ->
        any[0] |= x instanceof Expr.Call c && c.kind() == Expr.CallKind.DERIVATIVE)));
    if (!any[0]) {
      return m;
    }
    int[] maxLoop = {0};
    IrWalk.statements(m.body(), s -> {
      if (s instanceof Stmt.Loop l) {
        maxLoop[0] = Math.max(maxLoop[0], l.id());
      }
    });
    DerivativeInliner inliner = new DerivativeInliner(source, diags, maxLoop[0] + 1, forwardOnly);
    List<Stmt> body = inliner.block(m.body());
    // the written-out locals never assigned after their declaration count as fixed, as the method's own do (a
    // loop bound that is one still makes a counted loop)
    Set<String> declared = new HashSet<>();
    Set<String> reassigned = new HashSet<>();
    IrWalk.statements(body, s -> {
      if (s instanceof Stmt.Decl d && d.var().name().startsWith("_in")) {
        declared.add(d.var().name());
      }
      if (IrWalk.writeTarget(s) instanceof Expr.Var v) {
        reassigned.add(v.name());
      }
    });
    Set<String> effectivelyFinal = new HashSet<>(m.effectivelyFinal());
    declared.stream().filter(n -> !reassigned.contains(n)).forEach(effectivelyFinal::add);
    return new IrMethod(m.ownerClass(), m.name(), m.isStatic(), m.params(), m.wrt(), m.result(), body, m.thrown(), m.fileName(),
        effectivelyFinal, m.records());
  }

  private List<Stmt> block(List<Stmt> stmts) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : stmts) {
      statement(s, out);
    }
    return out;
  }

  private void statement(Stmt s, List<Stmt> out) {
    if (s instanceof Stmt.Decl d && d.init() != null) {
      out.add(new Stmt.Decl(d.var(), replace(d.init(), out), d.line()));
    } else if (s instanceof Stmt.Assign a) {
      out.add(new Stmt.Assign(a.target(), a.op(), replace(a.value(), out), a.line()));
    } else if (s instanceof Stmt.Return r && r.value() != null) {
      out.add(new Stmt.Return(replace(r.value(), out), r.line()));
    } else if (s instanceof Stmt.ExprStmt e) {
      out.add(new Stmt.ExprStmt(replace(e.expr(), out), e.line()));
    } else if (s instanceof Stmt.If i) {
      refuseIn(i.cond());
      out.add(i.withBranches(block(i.then()), block(i.otherwise())));
    } else if (s instanceof Stmt.Loop l) {
      if (l.cond() != null) {
        refuseIn(l.cond());
      }
      l.update().forEach(u -> IrWalk.ownExpressions(u, this::refuseIn));
      out.add(new Stmt.Loop(l.id(), l.label(), l.kind(), block(l.init()), l.cond(), l.update(), block(l.body()), l.line()));
    } else {
      IrWalk.ownExpressions(s, this::refuseIn);
      out.add(s);
    }
  }

  private void refuseIn(Expr e) {
    IrWalk.expressions(e, x -> {
      if (x instanceof Expr.Call c && c.kind() == Expr.CallKind.DERIVATIVE) {
        diags.error(DiagnosticId.UNSUPPORTED, c, "a generated derivative (" + c.info().derivative().generatedName()
            + ") in a condition or a loop header cannot be differentiated again: assign it to a local first");
      }
    });
  }

  /** e with each derivative call replaced by the local its inlined code leaves the component in. */
  private Expr replace(Expr e, List<Stmt> out) {
    return IrRewriter.rewrite(e, x -> {
      if (!(x instanceof Expr.Call c) || c.kind() != Expr.CallKind.DERIVATIVE) {
        return null;
      }
      List<Expr> args = new ArrayList<>();
      for (Expr a : c.args()) {
        args.add(replace(a, out));
      }
      return inlineCall(c, args, out);
    });
  }

  private Expr inlineCall(Expr.Call c, List<Expr> args, List<Stmt> out) {
    Expr.Derivative d = c.info().derivative();
    Map<String, Expr> components = writeOut(c.owner(), d, c, args, out, 0);
    if (components == null) {
      return new Expr.Lit("0.0", c.type());
    }
    Expr component = components.get(d.accessor());
    if (component == null) {
      diags.error(DiagnosticId.UNSUPPORTED, c, d.generatedName() + "(...)." + d.accessor() + "() cannot be differentiated again:"
          + " read value(), " + String.join("(), ", components.keySet().stream().filter(k -> !k.equals("value")).toList())
          + "() instead");
      return new Expr.Lit("0.0", c.type());
    }
    return component;
  }

  /**
   * Writes out the code of derivative {@code d}, a method of class {@code gradientsClass}, with these arguments; returns its
   * record's components in the written-out names, or null after reporting why not. The derivatives it calls itself
   * (a {@code @Differentiable} callee's {@code var _j0 = CGradients.cJvp(...)} or {@code var _c0 = CGradients.cVjp(...)})
   * are written out in turn, their records' reads replaced by their components.
   */
  private Map<String, Expr> writeOut(String gradientsClass, Expr.Derivative d, Expr.Call site, List<Expr> args, List<Stmt> out, int depth) {
    if (depth > 16) {
      diags.error(DiagnosticId.UNSUPPORTED, site, d.generatedName() + " calls derivatives more than 16 deep: Adjoint writes"
          + " out no deeper");
      return null;
    }
    Inlinable code = source.derivative(gradientsClass, d, site, diags);
    if (code == null) {
      return null;
    }
    String prefix = "_in" + nextSite++ + "_";
    Renaming names = new Renaming(prefix, nextLoopId);
    out.add(new Stmt.Comment(d.generatedName() + ", written out to be differentiated again"));
    List<Expr> all = new ArrayList<>(args);
    all.addAll(code.extraArgs());
    for (int i = 0; i < code.params().size(); i++) {
      IrMethod.Param p = code.params().get(i);
      out.add(new Stmt.Decl(new Expr.Var(prefix + p.name(), p.type()), all.get(i), 0));
    }
    // a reverse sweep's tests of zero adjoints hold in forward mode with the adjoints' tangents added to them, not
    // in reverse (a zero adjoint there still has a derivative)
    // and its joined accumulations are read as the two runs they add (which the rules of this file know)
    List<Stmt> body = names.block(AccumulationPairs.split(
        forwardOnly ? code.body() : ZeroAdjointSkips.unguard(code.body())));
    if (!forwardOnly) {
      body = WholeArrayCopies.asElementLoops(body, () -> names.nextLoopId++, prefix + "copy");
    }
    nextLoopId = names.nextLoopId;
    IrWalk.statements(body, x -> {
      if (x instanceof Stmt.Decl decl && Exprs.isStack(decl.var().type())) {
        stacks.put(decl.var().name(), decl.var().type());
      }
    });
    referenceStacks.addAll(referenceStacks(body));
    int[] size = {0};
    IrWalk.statements(body, x -> size[0]++);
    written += size[0];
    if (written > WRITTEN_OUT_LIMIT) {
      if (!overLimit) {
        overLimit = true;
        diags.error(DiagnosticId.UNSUPPORTED, site, "the derivatives this method reads take more than " + WRITTEN_OUT_LIMIT
            + " statements written out (" + d.generatedName() + " and what it calls, each call a copy), more than javac"
            + " compiles into one method: read fewer derivatives here, or split the method");
      }
      return null;
    }
    Map<String, Map<String, Expr>> records = new HashMap<>();
    if (!expand(body, records, site, out, depth)) {
      return null;
    }
    Map<String, Expr> components = new LinkedHashMap<>();
    code.components().forEach((k, v) -> components.put(k, readRecords(names.expr(v), records)));
    return components;
  }

  /**
   * The written-out statements, each callee's derivative written out in turn where its record is declared (inside
   * loops and branches too), and every rule made a function with rules of its own. False if a callee's cannot be.
   */
  private boolean expand(List<Stmt> body, Map<String, Map<String, Expr>> records, Expr.Call site, List<Stmt> out, int depth) {
    for (Stmt s : body) {
      if (s instanceof Stmt.Decl decl && decl.init() instanceof Expr.Invoke call && call.target() == null
          && call.owner() != null && call.owner().endsWith("Gradients")) {
        if (call.method().endsWith("Forward")) {
          // a callee run in split sweeps: its forward here, its reverse from a record much later
          if (refused.add(site)) {
            String callee = call.owner().substring(call.owner().lastIndexOf('.') + 1) + "." + call.method();
            diags.error(DiagnosticId.UNSUPPORTED, site, "the code of " + site.info().derivative().generatedName() + " runs "
                + callee + " and its reverse apart (split sweeps), which Adjoint cannot write out to differentiate again"
                + " yet: " + otherWays(site, false));
          }
          return false;
        }
        Map<String, Expr> callee = writeOut(call.owner(), calleeDerivative(call), site,
            call.args().stream().map(a -> rulesAsFunctions(readRecords(a, records), site)).toList(),
            out, depth + 1);
        if (callee == null) {
          return false;
        }
        records.put(decl.var().name(), callee);
      } else if (s instanceof Stmt.If i) {
        List<Stmt> then = new ArrayList<>();
        List<Stmt> otherwise = new ArrayList<>();
        if (!expand(i.then(), records, site, then, depth) || !expand(i.otherwise(), records, site, otherwise, depth)) {
          return false;
        }
        out.add(new Stmt.If(rulesAsFunctions(readRecords(i.cond(), records), site), then, otherwise, i.line()));
      } else if (s instanceof Stmt.Loop l) {
        List<Stmt> init = new ArrayList<>();
        List<Stmt> update = new ArrayList<>();
        List<Stmt> loopBody = new ArrayList<>();
        if (!expand(l.init(), records, site, init, depth) || !expand(l.update(), records, site, update, depth)
            || !expand(l.body(), records, site, loopBody, depth)) {
          return false;
        }
        out.add(new Stmt.Loop(l.id(), l.label(), l.kind(), init, l.cond() == null ? null : rulesAsFunctions(readRecords(l.cond(), records), site),
            update, loopBody, l.line()));
      } else {
        Stmt read = IrRewriter.rewrite(s, x -> x instanceof Expr.Invoke i && records.containsKey(i.target())
            ? component(records, i, site) : null);
        List<Stmt> loop = forwardOnly ? null : accumulationAsLoop(read);
        for (Stmt x : loop != null ? loop : List.of(read)) {
          out.add(rulesAsFunctions(x, site));
        }
      }
    }
    return true;
  }

  /**
   * The stacks of a written-out reverse sweep that keep array references: every push an array variable, every pop
   * the whole value of an assignment to one (a loop pointing a local at a new array saves the old one this way).
   * Reverse mode pairs each with a stack of adjoint arrays.
   */
  private static Set<String> referenceStacks(List<Stmt> body) {
    Set<String> candidates = new HashSet<>();
    Set<String> other = new HashSet<>();
    IrWalk.statements(body, s -> {
      if (s instanceof Stmt.Decl d && Exprs.isStack(d.var().type()) && d.var().type().source().contains("ObjectStack<")
          && d.var().type().source().contains("[]")) {
        candidates.add(d.var().name());
      }
    });
    IrWalk.statements(body, s -> {
      Expr top = s instanceof Stmt.ExprStmt e ? e.expr()
          : s instanceof Stmt.Assign a && a.op().equals("=") && a.target() instanceof Expr.Var v && v.type().isArray() ? a.value()
          : null;
      boolean reference = top instanceof Expr.Invoke i && candidates.contains(i.target())
          && (Activity.isStackOperation(i, "push") && i.args().get(0) instanceof Expr.Var v && v.type().isArray()
              || Activity.isStackOperation(i, "pop") && s instanceof Stmt.Assign
              || i.method().equals("release") && i.args().isEmpty());
      IrWalk.ownExpressions(s, x -> {
        if (x instanceof Expr.Invoke i && candidates.contains(i.target()) && !(reference && x == top)) {
          other.add(i.target());
        }
      });
    });
    candidates.removeAll(other);
    return candidates;
  }

  /** An {@code Adjoints} accumulation as its loop, which reverse mode differentiates; null for other statements. */
  private List<Stmt> accumulationAsLoop(Stmt s) {
    if (s instanceof Stmt.ExprStmt e && e.expr() instanceof Expr.Invoke add && Activity.isAdjointAccumulation(add)) {
      List<Stmt> loop = AccumulationLoops.of(add, nextLoopId, "_inAcc" + nextAccumulation + "_");
      if (loop != null) {
        nextLoopId++;
        nextAccumulation++;
      }
      return loop;
    }
    return null;
  }

  /** Which derivative a generated call in a derivative's code is: {@code cJvp}, {@code cVjp}, or {@code c}. */
  private static Expr.Derivative calleeDerivative(Expr.Invoke call) {
    String m = call.method();
    String simple = call.owner().substring(call.owner().lastIndexOf('.') + 1) + "." + m;
    List<String> argTypes = call.args().stream().map(a -> a.type().source()).toList();
    if (m.endsWith("Jvp")) {
      return new Expr.Derivative(m.substring(0, m.length() - 3), -1, Expr.DerivativeForm.JVP, null, simple, argTypes);
    } else if (m.endsWith("Vjp")) {
      return new Expr.Derivative(m.substring(0, m.length() - 3), call.args().size() - 1, Expr.DerivativeForm.VJP, null, simple,
          argTypes);
    }
    return new Expr.Derivative(m, call.args().size(), Expr.DerivativeForm.GRADIENT, null, simple, argTypes);
  }

  private Expr readRecords(Expr e, Map<String, Map<String, Expr>> records) {
    return IrRewriter.rewrite(e, x -> x instanceof Expr.Invoke i && records.containsKey(i.target()) ? records.get(i.target()).get(i.method()) : null);
  }

  private Expr component(Map<String, Map<String, Expr>> records, Expr.Invoke read, Expr.Call site) {
    Expr c = records.get(read.target()).get(read.method());
    if (c == null) {
      diags.error(DiagnosticId.INTERNAL, site, "a written-out derivative reads " + read.method() + "() of a callee's record,"
          + " which has no such component; please report");
      return new Expr.Lit("0.0", read.type());
    }
    return c;
  }

  /**
   * A statement whose calls of {@code DoubleRules} rules become functions the next stages differentiate:
   * {@code rule(a, seed)} is {@code seed * rule(a, 1)} (rules are linear in their seed), and {@code rule(a, 1)} is a
   * function of {@code a} whose rule per argument is a rule of the rule.
   */
  private Stmt rulesAsFunctions(Stmt s, Expr.Call site) {
    return IrRewriter.rewrite(s, x -> x instanceof Expr.Invoke i ? ruleAsFunction(i, site) : null);
  }

  private Expr rulesAsFunctions(Expr e, Expr.Call site) {
    return IrRewriter.rewrite(e, x -> x instanceof Expr.Invoke i ? ruleAsFunction(i, site) : null);
  }

  private Expr ruleAsFunction(Expr.Invoke i, Expr.Call site) {
    boolean stack = i.target() != null && stacks.containsKey(i.target());
    boolean numberStack = stack && !stacks.get(i.target()).source().contains("ObjectStack");
    boolean referenceStack = stack && referenceStacks.contains(i.target());
    // what forward mode differentiates and reverse mode not yet: arrays of arrays kept whole or added (an
    // accumulation into an array or an array saved whole reaches here in forward mode only: reverse mode got loops)
    boolean forwardModeOnly = stack && !numberStack && !referenceStack || Activity.isAdjointAccumulation(i)
        || wholeArraySave(i);
    if (numberStack || referenceStack || forwardOnly && forwardModeOnly || Exprs.ADJOINTS.equals(i.owner()) && i.method().equals("zerosLike")) {
      // push, pop, release: forward mode gives each stack of values with tangents a tangent stack (an array saved whole
      // pushes its copy, restored by a copy back), and it differentiates the accumulations of adjoint arrays; reverse
      // mode gives a stack of numbers an adjoint stack; a new adjoint array of zeros is a constant
      return new Expr.Invoke(i.target(), i.owner(), i.method(), i.args().stream().map(a -> rulesAsFunctions(a, site)).toList(), i.type());
    }
    if (!MathFunctions.RULES_CLASS.equals(i.owner())) {
      if (refused.add(site)) {
        String what = stack
            ? "keeps values on a stack for its reverse sweep that reverse mode cannot differentiate again (arrays of"
                + " arrays saved whole)"
            : "calls " + (i.owner() != null ? i.owner().substring(i.owner().lastIndexOf('.') + 1) : i.target()) + "." + i.method();
        // a call of other code (a @Derivative rule) stays in the forward mode's code too: forward mode is no way out
        String ways = stack ? otherWays(site, !forwardOnly && forwardModeOnly)
            : "the called method's code has no derivative of its own; if it is a @Derivative rule, make the function it"
                + " differentiates @Differentiable instead of giving it a rule, so that its derivative is written out and"
                + " can be differentiated again";
        diags.error(DiagnosticId.UNSUPPORTED, site, "the code of " + site.info().derivative().generatedName() + " " + what
            + ", which Adjoint cannot differentiate again" + (forwardOnly || !stack ? "" : " in reverse mode") + " yet: "
            + ways);
      }
      return i;
    }
    List<String> rulesOfRule = MathFunctions.rulesOfRule(i.method());
    if (rulesOfRule == null) {
      diags.error(DiagnosticId.NOT_DIFFERENTIABLE, site, "the code of " + site.info().derivative().generatedName()
          + " calls the rule DoubleRules." + i.method() + ", which has no second derivative in Adjoint's table yet");
      return i;
    }
    List<Expr> args = new ArrayList<>();
    for (Expr a : i.args().subList(0, i.args().size() - 1)) {
      args.add(rulesAsFunctions(a, site));
    }
    args.add(new Expr.Lit("1.0", JType.DOUBLE));
    List<String> ruleNames = new ArrayList<>(rulesOfRule);
    ruleNames.add(null);
    Expr derivative = new Expr.Call(Expr.CallKind.MATH, MathFunctions.RULES_CLASS, i.method(), null, args,
        Collections.nCopies(args.size(), JType.DOUBLE), JType.DOUBLE, Expr.CallInfo.math(ruleNames));
    Expr seed = rulesAsFunctions(i.args().get(i.args().size() - 1), site);
    return new Expr.Binary("*", seed, derivative, JType.DOUBLE);
  }

  /**
   * What else the user can do where a derivative cannot be written out: its forward mode, forward over reverse (when
   * {@code forwardOverReverse}: the construct is one only forward mode differentiates), the tape.
   */
  private static String otherWays(Expr.Call site, boolean forwardOverReverse) {
    return "call the forward mode (" + site.info().derivative().method() + "Jvp) instead, "
        + (forwardOverReverse ? "or differentiate this method in forward mode only (@Differentiable(jvp = true, vjp = false):"
            + " forward over reverse), " : "")
        + "or differentiate the derivative on the tape (Autograd.grad with CREATE_GRAPH)";
  }

  /** {@code a.clone()} pushed on a stack, or {@code System.arraycopy(stack.pop(), ...)} restoring it. */
  private boolean wholeArraySave(Expr.Invoke i) {
    return i.target() != null && i.method().equals("clone") && i.args().isEmpty()
        || "java.lang.System".equals(i.owner()) && i.method().equals("arraycopy")
            && i.args().get(0) instanceof Expr.Invoke pop && pop.target() != null && stacks.containsKey(pop.target());
  }

  /**
   * The inlined code's names: every local prefixed, every loop a fresh id; its statements lose their lines, which
   * are lines of the other file (its comments name them). A name declared a second time (generated code's reverse
   * loops reuse their forward loops' counters, each in its own scope) gets a name of its own in its scope, since the
   * stages after this one take one name for one variable.
   */
  private static final class Renaming {
    private final String prefix;
    private final Map<Integer, Integer> loops = new HashMap<>();
    private final Set<String> declared = new HashSet<>();
    private final Map<String, String> scoped = new HashMap<>();
    private int nextLoopId;
    private int nextScoped;

    Renaming(String prefix, int firstLoopId) {
      this.prefix = prefix;
      this.nextLoopId = firstLoopId;
    }

    private String name(String local) {
      return prefix + scoped.getOrDefault(local, local);
    }

    Expr expr(Expr e) {
      return IrRewriter.rewrite(e, x -> x instanceof Expr.Var v ? new Expr.Var(name(v.name()), v.type())
          : x instanceof Expr.Invoke i && i.target() != null ? new Expr.Invoke(name(i.target()), i.owner(), i.method(),
              i.args().stream().map(this::expr).toList(), i.type()) : null);
    }

    List<Stmt> block(List<Stmt> stmts) {
      Map<String, String> outer = new HashMap<>(scoped);
      List<Stmt> out = new ArrayList<>();
      for (Stmt s : stmts) {
        out.add(stmt(s));
      }
      scoped.clear();
      scoped.putAll(outer);
      return out;
    }

    private int loop(int id) {
      // a generated reverse loop has no id of its own (-1): each gets a fresh one
      return id < 0 ? nextLoopId++ : loops.computeIfAbsent(id, k -> nextLoopId++);
    }

    private String label(String label) {
      return label == null ? null : prefix + label;
    }

    private Stmt stmt(Stmt s) {
      if (s instanceof Stmt.Decl d) {
        Expr init = d.init() == null ? null : expr(d.init());
        String local = d.var().name();
        if (!declared.add(local)) {
          scoped.put(local, local + "_" + nextScoped++);
        }
        return new Stmt.Decl((Expr.Var) expr(d.var()), init, 0);
      } else if (s instanceof Stmt.Assign a) {
        return new Stmt.Assign(expr(a.target()), a.op(), expr(a.value()), 0);
      } else if (s instanceof Stmt.IncDec i) {
        return new Stmt.IncDec(expr(i.target()), i.op(), 0);
      } else if (s instanceof Stmt.ExprStmt e) {
        return new Stmt.ExprStmt(expr(e.expr()), 0);
      } else if (s instanceof Stmt.If i) {
        return new Stmt.If(expr(i.cond()), block(i.then()), block(i.otherwise()), 0);
      } else if (s instanceof Stmt.Loop l) {
        int id = loop(l.id());
        // the counter declared in the header is seen by the condition, update and body
        Map<String, String> outer = new HashMap<>(scoped);
        List<Stmt> init = new ArrayList<>();
        for (Stmt i : l.init()) {
          init.add(stmt(i));
        }
        Stmt.Loop renamed = new Stmt.Loop(id, label(l.label()), l.kind(), init, l.cond() == null ? null : expr(l.cond()),
            block(l.update()), block(l.body()), 0);
        scoped.clear();
        scoped.putAll(outer);
        return renamed;
      } else if (s instanceof Stmt.Break b) {
        return new Stmt.Break(loop(b.target()), label(b.label()), 0);
      } else if (s instanceof Stmt.Continue c) {
        return new Stmt.Continue(loop(c.target()), label(c.label()), 0);
      } else if (s instanceof Stmt.Return r) {
        throw new IllegalStateException("a generated derivative's code has a return: " + r);
      } else if (s instanceof Stmt.Throw t) {
        return new Stmt.Throw(expr(t.exception()), 0);
      } else if (s instanceof Stmt.Assert a) {
        return new Stmt.Assert(expr(a.cond()), a.detail() == null ? null : expr(a.detail()), 0);
      }
      return s; // comments
    }
  }
}
