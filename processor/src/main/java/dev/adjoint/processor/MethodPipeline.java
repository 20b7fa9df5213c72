package dev.adjoint.processor;

import com.sun.source.tree.MethodTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import dev.adjoint.processor.analysis.Activity;
import dev.adjoint.processor.analysis.Checks;
import dev.adjoint.processor.analysis.TensorValueReads;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.FusedLoop;
import dev.adjoint.processor.ir.IrMethod;
import dev.adjoint.processor.ir.JType;
import dev.adjoint.processor.ir.Names;
import dev.adjoint.processor.ir.RecordLayout;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.TapeMethod;
import dev.adjoint.processor.lower.Annotations;
import dev.adjoint.processor.lower.Lowerer;
import dev.adjoint.processor.lower.PrimitiveKinds;
import dev.adjoint.processor.lower.RecordShape;
import dev.adjoint.processor.lower.RuleIndex;
import dev.adjoint.processor.lower.TapeLowerer;
import dev.adjoint.processor.transform.ArrayCallHoister;
import dev.adjoint.processor.transform.DerivativeInliner;
import dev.adjoint.processor.transform.ElementwiseFusion;
import dev.adjoint.processor.transform.ForwardMode;
import dev.adjoint.processor.transform.Normalizer;
import dev.adjoint.processor.transform.ReverseMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * The stages one {@code @Differentiable} method goes through, in order: lower, hoist array calls, analyse
 * activity, check, normalize, reverse. A method with {@code Tensor} parameters takes the tape's short
 * path: lower for the tape, nothing else. Problems are reported on the method's {@link Diagnostics}; an
 * exception inside a stage becomes an {@code [Adjoint:Internal]} error, never escapes.
 */
final class MethodPipeline {
  /**
   * What the writer takes for one method.
   *
   * @param method the lowered method (its signature), or null if lowering failed (the caller writes a stub)
   * @param tape for a method differentiated on the dynamic tape, what its writer needs; else null
   * @param adjoint the generated adjoint, or null if the method is on the tape or has errors
   * @param notYetKnown true if the method refers to a class javac does not know yet (retry next round)
   * @param tangent forward mode ({@code @Differentiable(jvp = true)}), or null if not asked for or it failed
   * @param fused the method as one loop over its elements ({@link ElementwiseFusion}), or null if it is not such a chain
   */
  record Outcome(IrMethod method, TapeMethod tape, ReverseMode.Result adjoint, boolean notYetKnown, ForwardMode.Result tangent,
      FusedLoop fused) {
    static Outcome withoutAdjoint(IrMethod method, TapeMethod tape) {
      return new Outcome(method, tape, null, false, null, null);
    }
  }

  private final Trees trees;
  private final Elements elements;
  private final Types types;
  private final RuleIndex rules;
  private long lowerNanos;

  MethodPipeline(Trees trees, Elements elements, Types types, RuleIndex rules) {
    this.trees = trees;
    this.elements = elements;
    this.types = types;
    this.rules = rules;
  }

  /**
   * m's signature alone, read from its element without attributing anything: the signature of the stub
   * the writer prints for a method whose body failed, and the one a successful run gives.
   */
  Outcome signature(ExecutableElement m) {
    return Outcome.withoutAdjoint(stubSignature(m), null);
  }

  /** Time spent lowering so far (reading javac's trees), for {@code -Aadjoint.timing}. */
  long lowerNanos() {
    return lowerNanos;
  }

  /**
   * Runs the stages on m. A method whose lowering failed gets the signature of a throwing stub instead (so
   * the generated class and its callers still compile); its method is null only if even that is impossible.
   */
  Outcome run(ExecutableElement m, TreePath path, Diagnostics diags) {
    Outcome outcome = stages(m, path, diags);
    if (outcome.method() != null || outcome.notYetKnown()) {
      return outcome;
    }
    return Outcome.withoutAdjoint(stubSignature(m), outcome.tape());
  }

  private Outcome stages(ExecutableElement m, TreePath path, Diagnostics diags) {
    IrMethod lowered = null;
    AnnotationMirror differentiable = Annotations.find(m, Annotations.DIFFERENTIABLE);
    String strategy = Annotations.strategy(elements, differentiable);
    boolean tensors = TapeLowerer.usesTape(m);
    boolean jvp = Annotations.jvp(elements, differentiable);
    if (jvp && tensors) {
      diags.error(DiagnosticId.UNSUPPORTED, Annotations.memberTree((com.sun.source.tree.MethodTree) path.getLeaf(), "jvp"),
          "jvp = true writes forward mode for code over double, float and their arrays, and "
          + m.getEnclosingElement().getSimpleName() + "." + m.getSimpleName() + " works with Tensors: remove jvp = true"
          + " and take Jacobian-vector products with Autograd.jvp");
      jvp = false;
    }
    boolean reverse = Annotations.vjp(elements, differentiable);
    if (!reverse && !jvp) {
      diags.error(DiagnosticId.UNSUPPORTED, Annotations.memberTree((com.sun.source.tree.MethodTree) path.getLeaf(), "vjp"),
          "vjp = false leaves nothing to generate for " + m.getEnclosingElement().getSimpleName() + "." + m.getSimpleName()
          + ": add jvp = true to generate its forward mode only, or remove vjp = false");
      reverse = true;
    }
    if (!recordArraysDifferentiated(m, path, diags)) {
      return Outcome.withoutAdjoint(null, null);
    }
    noteUndifferentiatedTensors(m, path, diags);
    try {
      if (tensors && strategy.equals("TAPE")) {
        return tapePath(m, path, diags, null);
      }
      // a Tensor method under AUTO tries the generated path first, holding its reports back: what the
      // generator cannot do sends it to the tape, with a note saying why
      boolean tapeFallback = tensors && strategy.equals("AUTO");
      Diagnostics trial = tapeFallback ? diags.buffered() : diags;
      long t0 = System.nanoTime();
      Lowerer.Result result = new Lowerer(trees, elements, types, rules).lower(m, path, trial);
      lowerNanos += System.nanoTime() - t0;
      if (result.notYetKnown() != null) {
        return new Outcome(null, null, null, true, null, null);
      }
      lowered = result.method();
      if (lowered != null) {
        lowered = DerivativeInliner.inline(lowered, this::derivativeCode, trial, !reverse);
        if (trial.hasErrors()) {
          lowered = null; // a derivative call left in the code: no later stage knows it
        }
      }
      Outcome generated = lowered == null ? Outcome.withoutAdjoint(null, null) : differentiate(lowered, paramSources(m, path), trial, tensors, strategy,
          Annotations.hasSweepMethods(m, types), jvp ? path.getLeaf() : null, reverse);
      if (tapeFallback) {
        TapeLowerer.Reason reason = tapeReason(m, trial);
        if (reason != null) {
          return tapePath(m, path, diags, reason);
        }
        trial.replayTo(diags);
      }
      return generated;
    } catch (RuntimeException | LinkageError | StackOverflowError e) {
      diags.error(DiagnosticId.INTERNAL, path.getLeaf(), "Adjoint could not differentiate "
          + m.getEnclosingElement().getSimpleName() + "." + m.getSimpleName() + ": " + AdjointProcessor.describe(e) + "; please report");
      return Outcome.withoutAdjoint(lowered, null);
    }
  }

  /**
   * Refuses a parameter differentiated by default that holds an array of records with differentiable components
   * ({@code Layer[] layers}, or a record with such a component): neither path differentiates one, so its gradient
   * would be missing without a word. Named in an explicit {@code wrt} or left out of it, the other checks apply.
   */
  private boolean recordArraysDifferentiated(ExecutableElement m, TreePath path, Diagnostics diags) {
    if (!Annotations.wrt(elements, Annotations.find(m, Annotations.DIFFERENTIABLE)).isEmpty()) {
      return true;
    }
    boolean ok = true;
    MethodTree tree = (MethodTree) path.getLeaf();
    for (int i = 0; i < m.getParameters().size(); i++) {
      VariableElement p = m.getParameters().get(i);
      RecordShape.RecordArray found = RecordShape.recordArrayIn(p.asType());
      if (found == null) {
        continue;
      }
      String where = found.path().isEmpty() ? "the parameter " + p.getSimpleName() + " is a " + found.type()
          : "the parameter " + p.getSimpleName() + " has the component " + found.path() + " of type " + found.type();
      diags.error(DiagnosticId.UNSUPPORTED, tree.getParameters().get(i), where + ", an array of records with"
          + " differentiable components, which Adjoint does not differentiate: its gradient would be missing. Hold the"
          + " parameters as arrays in one record instead (record Layers(Tensor[] w, Tensor[] b)), or as Tensor[]"
          + " parameters; if it is a constant, name the differentiated parameters in wrt");
      ok = false;
    }
    return ok;
  }

  /**
   * Without {@code wrt}, a method is differentiated with respect to its tensors, so a parameter that holds tensors in
   * a type Adjoint does not differentiate (a {@code List<Tensor>}) would silently be a constant: a note says so. Not
   * an error, as for arrays of records, since constant tensors in a list or map are ordinary (and compiled before).
   */
  private void noteUndifferentiatedTensors(ExecutableElement m, TreePath path, Diagnostics diags) {
    if (!Annotations.wrt(elements, Annotations.find(m, Annotations.DIFFERENTIABLE)).isEmpty()) {
      return;
    }
    MethodTree tree = (MethodTree) path.getLeaf();
    String differentiated = String.join("\", \"", m.getParameters().stream()
        .filter(q -> RuleIndex.differentiatedByDefault(m, q)).map(q -> q.getSimpleName().toString()).toList());
    for (int i = 0; i < m.getParameters().size(); i++) {
      VariableElement p = m.getParameters().get(i);
      if (!RuleIndex.holdsUndifferentiatedTensors(p.asType())) {
        continue;
      }
      diags.report(DiagnosticId.WRT, javax.tools.Diagnostic.Kind.NOTE, tree.getParameters().get(i), "the parameter "
          + p.getSimpleName() + " of " + m.getEnclosingElement().getSimpleName() + "." + m.getSimpleName() + " is a "
          + RuleIndex.simple(p.asType()) + ", which is not differentiated (Tensor, Tensor[] and records of these are),"
          + " so its tensors are constants and the gradient has no component for it. To differentiate them, pass a"
          + " Tensor[] or a record with Tensor[] components (record Layers(Tensor[] w, Tensor[] b)); if they are"
          + " constants, name the differentiated parameters in wrt"
          + (differentiated.isEmpty() ? "" : " (wrt = {\"" + differentiated + "\"})") + " and this note goes");
    }
  }

  /**
   * Why the tape takes a Tensor method under AUTO, from what its generated path reported: control flow on a
   * tensor's value, or a construct the generator cannot reverse. Null if the generated path is fine, or if
   * it failed for a reason the tape would not fix (an error the user must see).
   */
  private static TapeLowerer.Reason tapeReason(ExecutableElement m, Diagnostics trial) {
    String what = m.getEnclosingElement().getSimpleName() + "." + m.getSimpleName();
    for (Diagnostics.Pending p : trial.pending()) {
      if (p.id() == DiagnosticId.TAPE) {
        return new TapeLowerer.Reason(p.site(), p.message());
      }
    }
    boolean otherErrors = false;
    Diagnostics.Pending unsupported = null;
    for (Diagnostics.Pending p : trial.pending()) {
      if (p.kind() == javax.tools.Diagnostic.Kind.ERROR) {
        if (p.id() == DiagnosticId.UNSUPPORTED && unsupported == null) {
          unsupported = p;
        } else if (p.id() != DiagnosticId.UNSUPPORTED) {
          otherErrors = true;
        }
      }
    }
    if (unsupported == null || otherErrors) {
      return null;
    }
    return new TapeLowerer.Reason(unsupported.site(), what + " is differentiated on the dynamic tape: its adjoint cannot be"
        + " generated because " + unsupported.message());
  }

  /**
   * The differentiated inputs that {@code read}'s value depends on, as the source names them (the receiver is
   * {@code this}; a record's split components are named by their record): each input's activity on its own, so
   * that the note points at the inputs a user would have to detach to keep the method generated.
   */
  private static List<String> inputsOf(IrMethod ir, Expr read) {
    java.util.Set<String> names = new java.util.LinkedHashSet<>();
    for (String input : ir.wrt()) {
      IrMethod alone = new IrMethod(ir.ownerClass(), ir.name(), ir.isStatic(), ir.params(), java.util.Set.of(input), ir.result(),
          ir.body(), ir.thrown(), ir.fileName(), ir.effectivelyFinal(), ir.records());
      if (TensorValueReads.find(alone, Activity.analyze(alone)).contains(read)) {
        names.add(sourceName(input.contains("$") ? input.substring(0, input.indexOf('$')) : input));
      }
    }
    return names.isEmpty() ? ir.wrt().stream().filter(n -> !n.contains("$")).map(MethodPipeline::sourceName).toList()
        : List.copyOf(names);
  }

  /** A differentiated input as the source names it: the receiver is {@code this}. */
  private static String sourceName(String input) {
    return input.equals("self") ? "this" : input;
  }

  /**
   * hoist array calls -> analyse activity -> check -> (tape needed?) -> normalize -> reverse (unless {@code reverse} is
   * false: {@code vjp = false}) and forward (when {@code jvpSite}, the method's tree, is not null).
   */
  private static Outcome differentiate(IrMethod lowered, List<Checks.ParamSource> sources, Diagnostics diags, boolean tensors,
      String strategy, boolean sweeps, com.sun.source.tree.Tree jvpSite, boolean reverse) {
    IrMethod ir = ArrayCallHoister.hoist(lowered);
    Activity activity = Activity.analyze(ir);
    if (tensors) {
      List<Expr> valueReads = TensorValueReads.find(ir, activity);
      if (!valueReads.isEmpty()) {
        String what = simple(ir.ownerClass()) + "." + ir.name();
        List<String> others = valueReads.subList(1, valueReads.size()).stream()
            .map(e -> Long.toString(diags.lineOf(e))).distinct().toList();
        String where = diags.describe(valueReads.get(0)) + (others.isEmpty() ? ""
            : " (and the condition" + (others.size() > 1 ? "s" : "") + " at line" + (others.size() > 1 ? "s " : " ")
            + String.join(", ", others) + ")");
        String wrt = String.join(", ", inputsOf(ir, valueReads.get(0)));
        if (strategy.equals("GENERATED")) {
          diags.error(DiagnosticId.UNSUPPORTED, valueReads.get(0), "strategy GENERATED asks for a static adjoint of " + what
              + ", but " + where + " reads the value of a tensor computed from " + wrt + ", so which way it goes is known only"
              + " at run time: use strategy AUTO (the dynamic tape records it as it runs), or make the condition depend on numbers");
        } else {
          diags.report(DiagnosticId.TAPE, javax.tools.Diagnostic.Kind.NOTE, valueReads.get(0), what + " is differentiated on the"
              + " dynamic tape: " + where + " reads the value of a tensor computed from " + wrt + ", so the path it takes is"
              + " known only at run time and is recorded as it runs");
        }
        return Outcome.withoutAdjoint(ir, null);
      }
    }
    if (!Checks.run(ir, activity, diags, sources) || diags.hasErrors()) {
      return Outcome.withoutAdjoint(ir, null);
    }
    List<Stmt> normalized = Normalizer.normalize(ir.body(), ir.result());
    ReverseMode.Result adjoint = reverse ? ReverseMode.transform(ir, normalized, activity, diags, sweeps) : null;
    ForwardMode.Result tangent = null;
    if (jvpSite != null && !ir.records().isEmpty()) {
      diags.error(DiagnosticId.UNSUPPORTED, Annotations.memberTree((com.sun.source.tree.MethodTree) jvpSite, "jvp"),
          "jvp = true writes forward mode for parameters of type double, float and their arrays, and "
          + simple(ir.ownerClass()) + "." + ir.name() + " takes a record: pass its components, or remove jvp = true");
    } else if (jvpSite != null) {
      tangent = ForwardMode.transform(ir, normalized, activity, diags);
    }
    // a chain of elementwise operations also gets one loop over its elements, run when the operands allow it
    FusedLoop fused = adjoint != null && tensors ? ElementwiseFusion.plan(ir, normalized).orElse(null) : null;
    return diags.hasErrors() ? Outcome.withoutAdjoint(ir, null) : new Outcome(ir, null, adjoint, false, tangent, fused);
  }

  /**
   * True if {@code candidate}'s parameters have the erased types {@code types} starts with (a JVP's arguments go on
   * with the tangents); false if {@code types} is null.
   */
  private boolean sameParameterTypes(ExecutableElement candidate, List<String> types) {
    if (types == null || types.size() < candidate.getParameters().size()) {
      return false;
    }
    for (int i = 0; i < candidate.getParameters().size(); i++) {
      if (!this.types.erasure(candidate.getParameters().get(i).asType()).toString().equals(types.get(i))) {
        return false;
      }
    }
    return true;
  }

  /** Derivatives being written out for a caller (to refuse one that needs itself), and those written before. */
  private final Set<String> inlining = new HashSet<>();
  private final Map<String, DerivativeInliner.Inlinable> inlinables = new HashMap<>();

  /**
   * The code of the generated derivative a DERIVATIVE call reads (see {@link DerivativeInliner}): the method's own
   * adjoint or forward mode, from running these stages on it again. Null after reporting why not.
   */
  private DerivativeInliner.Inlinable derivativeCode(String gradientsClass, Expr.Derivative d, Expr call, DiagnosticSink sink) {
    TypeElement owner = Lowerer.originOfGradients(elements, gradientsClass);
    // overloads of one arity are told apart by their parameter types: writing out another overload's code would
    // differentiate a different function
    List<ExecutableElement> byArity = new ArrayList<>();
    ExecutableElement g = null;
    for (ExecutableElement candidate : owner == null ? List.<ExecutableElement>of() : ElementFilter.methodsIn(owner.getEnclosedElements())) {
      if (candidate.getSimpleName().contentEquals(d.method()) && Annotations.has(candidate, Annotations.DIFFERENTIABLE)
          && (d.arity() < 0 || candidate.getParameters().size() == d.arity())) {
        byArity.add(candidate);
        if (g == null && sameParameterTypes(candidate, d.paramTypes())) {
          g = candidate;
        }
      }
    }
    if (g == null && byArity.size() == 1) {
      g = byArity.get(0);
    } else if (g == null && byArity.size() > 1) {
      sink.error(DiagnosticId.UNSUPPORTED, call, d.generatedName() + " could be the derivative of " + byArity.size()
          + " overloads of " + owner.getSimpleName() + "." + d.method() + ", and its arguments do not say which: pass"
          + " arguments of the overload's exact parameter types (3.0 for a double, not 3)");
      return null;
    }
    if (g == null) {
      sink.error(DiagnosticId.UNSUPPORTED, call, "Adjoint cannot find the @Differentiable method " + d.method() + " that "
          + d.generatedName() + " differentiates, to differentiate it again");
      return null;
    }
    String what = d.accessor() == null ? d.generatedName() : d.generatedName() + "(...)." + d.accessor() + "()";
    String key = gradientsClass + "#" + g + "#" + d.form();
    if (inlinables.containsKey(key)) {
      return inlinables.get(key);
    }
    TreePath gPath = trees.getPath(g);
    if (gPath == null) {
      sink.error(DiagnosticId.UNSUPPORTED, call, "differentiating " + what + " again needs the source of "
          + owner.getSimpleName() + "." + d.method() + ": compile " + owner.getSimpleName() + " in the same build");
      return null;
    }
    if (!inlining.add(key)) {
      sink.error(DiagnosticId.UNSUPPORTED, call, what + " is needed to differentiate itself: a derivative cannot call itself");
      return null;
    }
    Outcome o;
    try {
      o = stages(g, gPath, new Diagnostics(trees, gPath.getCompilationUnit(), gPath.getLeaf()).buffered());
    } finally {
      inlining.remove(key);
    }
    boolean jvp = d.form() == Expr.DerivativeForm.JVP;
    if (o.method() != null && o.tangent() != null && !jvp && !Annotations.vjp(elements, Annotations.find(g, Annotations.DIFFERENTIABLE))) {
      sink.error(DiagnosticId.UNSUPPORTED, call, what + " is not generated: " + owner.getSimpleName() + "." + d.method()
          + " has forward mode only (vjp = false), so read its " + Names.jvp(d.method()) + " or remove vjp = false");
      return null;
    }
    if (o.method() == null || !jvp && o.adjoint() == null || jvp && o.tangent() == null) {
      sink.error(DiagnosticId.UNSUPPORTED, call, what + " cannot be differentiated again: Adjoint could not generate it"
          + " (see the errors reported on " + owner.getSimpleName() + "." + d.method() + ")");
      return null;
    }
    IrMethod ir = o.method();
    // doubles, their arrays and ints: the rules of the rules are written for double
    boolean doubles = ir.result().kind() == JType.Kind.DOUBLE && ir.params().stream().allMatch(p -> p.type().kind() == JType.Kind.DOUBLE
        || p.type().equals(JType.INT) || p.type().equals(JType.BOOLEAN));
    if (!doubles || !ir.isStatic() || !ir.records().isEmpty()) {
      sink.error(DiagnosticId.UNSUPPORTED, call, what + " cannot be differentiated again: Adjoint differentiates derivatives of"
          + " static methods of doubles, arrays of them, ints and booleans, with a double or double array result, and "
          + owner.getSimpleName() + "." + d.method() + " is not one");
      return null;
    }
    List<IrMethod.Param> params = new ArrayList<>(ir.params());
    Map<String, Expr> components = new LinkedHashMap<>();
    DerivativeInliner.Inlinable code;
    if (jvp) {
      params.addAll(o.tangent().tangentParams());
      components.put("value", new Expr.Var(o.tangent().valueVar(), ir.result()));
      components.put("tangent", o.tangent().tangent());
      code = new DerivativeInliner.Inlinable(params, List.of(), o.tangent().body(), components);
    } else {
      params.add(new IrMethod.Param(o.adjoint().seedName(), ir.result()));
      components.put("value", new Expr.Var(o.adjoint().valueVar(), ir.result()));
      int k = 0;
      for (int i = 0; i < ir.params().size(); i++) {
        if (ir.wrt().contains(ir.params().get(i).name())) {
          components.put(Names.component(g.getParameters().get(i).getSimpleName().toString()),
              new Expr.Var(o.adjoint().gradients().get(k++), ir.params().get(i).type()));
        }
      }
      List<Expr> seed = d.form() == Expr.DerivativeForm.GRADIENT
          ? List.of(new Expr.Lit("1.0", JType.DOUBLE)) : List.of();
      code = new DerivativeInliner.Inlinable(params, seed, o.adjoint().body(), components);
    }
    inlinables.put(key, code);
    return code;
  }

  /**
   * The parameters as written, for diagnostics on their declarations (the trees themselves: finding an
   * element's tree searches the whole compilation unit).
   */
  private static List<Checks.ParamSource> paramSources(ExecutableElement m, TreePath path) {
    List<? extends com.sun.source.tree.VariableTree> trees = ((com.sun.source.tree.MethodTree) path.getLeaf()).getParameters();
    List<Checks.ParamSource> sources = new ArrayList<>();
    for (int i = 0; i < m.getParameters().size(); i++) {
      sources.add(new Checks.ParamSource(m.getParameters().get(i).getSimpleName().toString(), trees.get(i)));
    }
    return sources;
  }

  private static String simple(String qualified) {
    return qualified.substring(qualified.lastIndexOf('.') + 1);
  }

  /** The tape: the signature and the note (its reason under AUTO); nothing to analyse or reverse. */
  private Outcome tapePath(ExecutableElement m, TreePath path, Diagnostics diags, TapeLowerer.Reason reason) {
    long t0 = System.nanoTime();
    TapeMethod tape = new TapeLowerer(trees, elements, rules).lower(m, path, diags, reason);
    lowerNanos += System.nanoTime() - t0;
    return Outcome.withoutAdjoint(tape == null ? null : tape.signature(), tape);
  }

  /** The signature of a method whose body failed, for a throwing stub; null if even that is impossible. */
  private IrMethod stubSignature(ExecutableElement m) {
    if (!RuleIndex.isDifferentiable(m.getReturnType()) || !m.getTypeParameters().isEmpty()
        || RecordShape.of(m.getReturnType()) != null || !visibleToGenerated(m)) {
      return null;
    }
    List<IrMethod.Param> params = new ArrayList<>();
    Set<String> wrt = new LinkedHashSet<>();
    List<String> requested = Annotations.wrt(elements, Annotations.find(m, Annotations.DIFFERENTIABLE));
    for (VariableElement p : m.getParameters()) {
      String n = p.getSimpleName().toString();
      String safe = Names.safeLocal(n);
      JType t = PrimitiveKinds.typeOf(p.asType());
      if (t == null) {
        return null;
      }
      params.add(new IrMethod.Param(safe, t));
      if (RuleIndex.differentiates(m, p, requested)) {
        wrt.add(safe);
      }
    }
    JType result = PrimitiveKinds.typeOf(m.getReturnType());
    // a differentiable record's receiver, differentiated by default or as "this", gets dSelf as the lowering gives it
    Map<String, RecordLayout> records = new LinkedHashMap<>();
    RecordShape receiver = RecordShape.ofReceiver(m);
    if (receiver != null && RuleIndex.differentiatesReceiver(requested)) {
      wrt.add("self");
      records.put("self", new RecordLayout(JType.record(receiver.name()), List.of()));
    }
    return new IrMethod(((TypeElement) m.getEnclosingElement()).getQualifiedName().toString(), m.getSimpleName().toString(),
        m.getModifiers().contains(Modifier.STATIC), params, wrt, result, List.of(),
        m.getThrownTypes().stream().map(Object::toString).toList(), "", Set.of(), records);
  }

  /** False if a parameter's type is private: the generated class could not even declare the stub. */
  private static boolean visibleToGenerated(ExecutableElement m) {
    for (VariableElement p : m.getParameters()) {
      TypeMirror t = p.asType();
      while (t instanceof ArrayType a) {
        t = a.getComponentType();
      }
      if (t instanceof javax.lang.model.type.DeclaredType d && !Lowerer.accessible(d.asElement())) {
        return false;
      }
    }
    return true;
  }
}
