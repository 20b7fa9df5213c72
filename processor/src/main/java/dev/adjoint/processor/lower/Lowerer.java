package dev.adjoint.processor.lower;

import com.sun.source.tree.*;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import dev.adjoint.processor.DiagnosticId;
import dev.adjoint.processor.Diagnostics;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.IrMethod;
import dev.adjoint.processor.ir.JType;
import dev.adjoint.processor.ir.Names;
import dev.adjoint.processor.ir.RecordLayout;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.TensorRule;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Stage 1: reads a {@code @Differentiable} method through javac's trees (every call resolved with
 * {@code Trees.getElement}, every expression typed) and lowers it to the IR. Reports constructs it
 * cannot represent as {@code [Adjoint:Unsupported]} on the exact tree.
 */
public final class Lowerer {
  /**
   * The outcome: a method, or null with errors reported, or null with {@code notYetKnown} naming a
   * symbol javac could not resolve yet (a class generated later in this round).
   */
  public record Result(IrMethod method, String notYetKnown) {}

  /** The simple name of the class Adjoint writes for the method's own class ({@code FooGradients}). */
  private String ownGradients;
  /** The method being lowered gets reverse mode (not {@code vjp = false}): its callees need theirs. */
  private boolean reverse;

  /** Thrown when an error type shows up: the method is retried in the next round. */
  private static final class NotYetKnown extends RuntimeException {
    NotYetKnown(String what) {
      super(what, null, false, false);
    }
  }

  private final Trees trees;
  private final Elements elements;
  private final Types types;
  private final RuleIndex rules;

  private Diagnostics diags;
  private CompilationUnitTree unit;
  private CharSequence source;
  private final Map<Element, String> names = new HashMap<>();
  private final Set<String> used = new HashSet<>();
  private final Set<Element> assigned = new HashSet<>();
  private final Set<String> fixedSynthetics = new HashSet<>();
  private final Deque<int[]> loopIds = new ArrayDeque<>();
  private final Deque<String> loopLabels = new ArrayDeque<>();
  /** The {@code break} that ends a switch case: the if/else chain the switch becomes needs none. */
  private final Set<Tree> caseEndingBreaks = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
  /** The {@code yield} that ends an arm of a switch expression, and the statement its value becomes. */
  private final Map<Tree, java.util.function.Function<Expr, Stmt>> caseEndingYields = new java.util.IdentityHashMap<>();
  private String pendingLabel;
  private int nextLoopId;
  private int nextSynthetic;
  /** Record parameters, locals and the receiver split into one variable per component. */
  private final Map<Element, Split> splits = new HashMap<>();
  /** The receiver, when the method is an instance method of a differentiable record, split likewise. */
  private Split selfSplit;
  /** The expression of the return statement being lowered (a record a callee returns may be passed on whole there). */
  private Tree currentReturn;
  /** The changes the statement being lowered makes inside its expressions, split out as statements of their own. */
  private EmbeddedEffects.Plan effects = EmbeddedEffects.Plan.NONE;

  /**
   * A record held as one variable per component: each part is the component's variable, or for a nested
   * record its own split.
   */
  private record Split(RecordShape shape, List<Object> parts) {
    Expr asExpr() {
      List<Expr> components = new ArrayList<>();
      List<String> accessors = new ArrayList<>();
      for (int i = 0; i < parts.size(); i++) {
        accessors.add(shape.components().get(i).name());
        components.add(parts.get(i) instanceof Split s ? s.asExpr() : (Expr.Var) parts.get(i));
      }
      return new Expr.NewRecord(JType.record(shape.name()), List.copyOf(accessors), List.copyOf(components));
    }

    RecordLayout layout() {
      List<RecordLayout.Part> out = new ArrayList<>();
      for (int i = 0; i < parts.size(); i++) {
        RecordShape.Component c = shape.components().get(i);
        if (parts.get(i) instanceof Split s) {
          out.add(new RecordLayout.Part(c.name(), null, JType.record(s.shape().name()), true, s.layout()));
        } else {
          Expr.Var v = (Expr.Var) parts.get(i);
          out.add(new RecordLayout.Part(c.name(), v.name(), v.type(), c.differentiable(), null));
        }
      }
      return new RecordLayout(JType.record(shape.name()), List.copyOf(out));
    }

    /** The variables of the differentiable leaves, nested ones included. */
    void differentiableVariables(List<String> out) {
      for (int i = 0; i < parts.size(); i++) {
        if (parts.get(i) instanceof Split s) {
          s.differentiableVariables(out);
        } else if (shape.components().get(i).differentiable()) {
          out.add(((Expr.Var) parts.get(i)).name());
        }
      }
    }
  }

  public Lowerer(Trees trees, Elements elements, Types types, RuleIndex rules) {
    this.trees = trees;
    this.elements = elements;
    this.types = types;
    this.rules = rules;
  }

  public Result lower(ExecutableElement method, Diagnostics diags) {
    return lower(method, trees.getPath(method), diags);
  }

  /** As {@link #lower(ExecutableElement, Diagnostics)}, with the method's tree path already known. */
  public Result lower(ExecutableElement method, TreePath methodPath, Diagnostics diags) {
    this.diags = diags;
    this.ownGradients = gradientsSimpleName((TypeElement) method.getEnclosingElement());
    this.reverse = Annotations.vjp(elements, Annotations.find(method, Annotations.DIFFERENTIABLE));
    names.clear();
    used.clear();
    assigned.clear();
    fixedSynthetics.clear();
    loopIds.clear();
    loopLabels.clear();
    caseEndingBreaks.clear();
    caseEndingYields.clear();
    splits.clear();
    selfSplit = null;
    effects = EmbeddedEffects.Plan.NONE;
    pendingLabel = null;
    nextLoopId = 0;
    nextSynthetic = 0;
    MethodTree tree = (MethodTree) methodPath.getLeaf();
    unit = methodPath.getCompilationUnit();
    try {
      source = unit.getSourceFile().getCharContent(true);
    } catch (IOException | RuntimeException e) {
      source = null;
    }
    try {
      attribute(methodPath);
      return new Result(lowerMethod(method, tree, methodPath), null);
    } catch (NotYetKnown e) {
      return new Result(null, e.getMessage());
    }
  }

  /** Calls getElement on every node once: javac attributes the statements as a side effect. */
  private void attribute(TreePath methodPath) {
    new TreePathScanner<Void, Void>() {
      @Override
      public Void scan(Tree tree, Void p) {
        if (tree instanceof StatementTree && getCurrentPath() != null
            && getCurrentPath().getLeaf() instanceof MethodTree) {
          trees.getElement(new TreePath(getCurrentPath(), tree));
        }
        return super.scan(tree, p);
      }

      @Override
      public Void visitAssignment(AssignmentTree node, Void p) {
        markAssigned(new TreePath(getCurrentPath(), node.getVariable()));
        return super.visitAssignment(node, p);
      }

      @Override
      public Void visitCompoundAssignment(CompoundAssignmentTree node, Void p) {
        markAssigned(new TreePath(getCurrentPath(), node.getVariable()));
        return super.visitCompoundAssignment(node, p);
      }

      @Override
      public Void visitUnary(UnaryTree node, Void p) {
        switch (node.getKind()) {
          case PREFIX_INCREMENT, PREFIX_DECREMENT, POSTFIX_INCREMENT, POSTFIX_DECREMENT ->
              markAssigned(new TreePath(getCurrentPath(), node.getExpression()));
          default -> {}
        }
        return super.visitUnary(node, p);
      }
    }.scan(methodPath, null);
  }

  private void markAssigned(TreePath variable) {
    Element e = trees.getElement(variable);
    if (e != null) {
      assigned.add(e);
    }
  }

  // ---------------------------------------------------------------- method

  /** Reports, for either strategy, a method without a body: true if it has none. */
  static boolean noBody(MethodTree tree, String what, Diagnostics diags) {
    if (tree.getBody() != null) {
      return false;
    }
    diags.error(DiagnosticId.UNSUPPORTED, tree, what + " has no body (abstract or native): only a method with a body can be differentiated; remove @Differentiable");
    return true;
  }

  /** Reports, for either strategy, a method with type parameters: true if it has some. */
  static boolean generic(ExecutableElement method, MethodTree tree, String what, Diagnostics diags) {
    if (method.getTypeParameters().isEmpty()) {
      return false;
    }
    diags.error(DiagnosticId.UNSUPPORTED, tree.getTypeParameters().get(0), "a generic method (type parameters) cannot be differentiated: " + what + " should use concrete types");
    return true;
  }

  private IrMethod lowerMethod(ExecutableElement method, MethodTree tree, TreePath path) {
    TypeElement owner = (TypeElement) method.getEnclosingElement();
    String what = owner.getSimpleName() + "." + method.getSimpleName();
    AnnotationMirror ann = Annotations.find(method, Annotations.DIFFERENTIABLE);
    boolean ok = true;
    if (noBody(tree, what, diags)) {
      return null;
    }
    if (generic(method, tree, what, diags)) {
      ok = false;
    }
    boolean isStatic = method.getModifiers().contains(Modifier.STATIC);
    if (!isStatic && !owner.getTypeParameters().isEmpty()) {
      diags.error(DiagnosticId.UNSUPPORTED, tree, "an instance method of a generic class cannot be differentiated yet: make " + what + " static, or move it to a non-generic class");
      ok = false;
    }
    if (!isStatic && owner.getNestingKind() == javax.lang.model.element.NestingKind.MEMBER
        && !owner.getModifiers().contains(Modifier.STATIC)) {
      diags.error(DiagnosticId.UNSUPPORTED, tree, "an instance method of an inner (non-static) class cannot be differentiated: make " + owner.getSimpleName() + " a static nested class, or " + what + " static");
      ok = false;
    }
    if (!accessible(owner)) {
      diags.error(DiagnosticId.ACCESS, tree, "the generated class " + gradientsName(owner) + " cannot see the private class " + owner.getQualifiedName() + ": make it package-private (remove `private`)");
      ok = false;
    }
    String strategy = Annotations.strategy(elements, ann);
    // Methods with Tensor parameters never get here: TapeLowerer takes them
    if (strategy.equals("TAPE")) {
      diags.error(DiagnosticId.UNSUPPORTED, Annotations.memberTree(tree, "wrt"), "strategy TAPE records " + what + " on the dynamic tape, which needs Tensor parameters, and it has none: use strategy AUTO or GENERATED for double and array code");
      return null;
    }
    JType result = jtype(method.getReturnType(), tree.getReturnType());
    if (!result.isDifferentiable() && RecordShape.of(method.getReturnType()) == null) {
      diags.error(DiagnosticId.RETURN, tree.getReturnType() == null ? tree : tree.getReturnType(),
          what + " returns " + method.getReturnType() + ", which has no derivative: a @Differentiable method must return double, float, an array of them (double[], float[][], ...), a Tensor, or a record whose components are these (record Params(Tensor w, double b))");
      ok = false;
    }
    List<IrMethod.Param> params = new ArrayList<>();
    Map<String, JType> byOriginalName = new HashMap<>();
    // record parameters (and a record receiver) are read into one variable per component first
    List<Stmt> prologue = new ArrayList<>();
    Map<String, RecordLayout> records = new java.util.LinkedHashMap<>();
    RecordShape receiver = RecordShape.ofReceiver(method);
    if (receiver != null) {
      selfSplit = splitOf("self", receiver, new Expr.Self(JType.ref(owner.getQualifiedName().toString())), prologue, line(tree));
      records.put("self", selfSplit.layout());
    }
    for (int i = 0; i < method.getParameters().size(); i++) {
      VariableElement p = method.getParameters().get(i);
      JType t = jtype(p.asType(), tree.getParameters().get(i));
      String name = declare(p);
      RecordShape shape = RecordShape.of(p.asType());
      if (shape != null) {
        String problem = shape.problem();
        if (problem != null) {
          diags.error(DiagnosticId.ACCESS, tree.getParameters().get(i), "the parameter " + p.getSimpleName() + " is a record whose"
              + " gradient the generated class must build, but " + problem);
          ok = false;
        }
        t = JType.record(shape.name());
        Split split = splitOf(name, shape, new Expr.Var(name, t), prologue, line(tree));
        splits.put(p, split);
        records.put(name, split.layout());
      }
      params.add(new IrMethod.Param(name, t));
      byOriginalName.put(p.getSimpleName().toString(), t);
    }
    Set<String> wrt = new LinkedHashSet<>();
    List<String> requested = Annotations.wrt(elements, ann);
    String differentiableList = String.join(", ", method.getParameters().stream()
        .filter(p -> RuleIndex.isDifferentiable(p.asType())).map(p -> p.getSimpleName().toString()).toList());
    if (requested.isEmpty()) {
      for (VariableElement p : method.getParameters()) {
        if (RuleIndex.differentiatedByDefault(method, p)) {
          wrt.add(names.get(p));
        }
      }
    } else {
      Tree at = Annotations.memberTree(tree, "wrt");
      for (String w : requested) {
        JType t = byOriginalName.get(w);
        if (w.equals("this") && selfSplit != null) {
          continue; // the receiver, a differentiable record
        }
        if (t == null) {
          diags.error(DiagnosticId.WRT, at, "wrt names \"" + w + "\", but " + what + " has no parameter of that name; its differentiable parameters are: " + (differentiableList.isEmpty() ? "none" : differentiableList));
          ok = false;
        } else if (t.isTensorBase() && t.rank() > 1) {
          TypeMirror type = method.getParameters().stream().filter(p -> p.getSimpleName().contentEquals(w)).findFirst().orElseThrow().asType();
          diags.error(DiagnosticId.WRT, at, RuleIndex.nestedTensorArrayWrt(w, type,
              "parameters of type double, float, their arrays, Tensor, Tensor[] or a record of these",
              differentiableList.isEmpty() ? "none here" : differentiableList));
          ok = false;
        } else if (!t.isDifferentiable()) {
          diags.error(DiagnosticId.WRT, at, "wrt names \"" + w + "\", which is a " + t + " and has no derivative: differentiate with respect to parameters of type double, float, their arrays, Tensor, Tensor[] or a record of these (" + (differentiableList.isEmpty() ? "none here" : differentiableList) + ")");
          ok = false;
        } else {
          for (VariableElement p : method.getParameters()) {
            if (p.getSimpleName().contentEquals(w)) {
              wrt.add(names.get(p));
            }
          }
        }
      }
    }
    if (selfSplit != null && RuleIndex.differentiatesReceiver(requested)) {
      wrt.add("self");
    }
    for (Map.Entry<Element, Split> e : splits.entrySet()) {
      if (wrt.contains(names.get(e.getKey()))) {
        List<String> leaves = new ArrayList<>();
        e.getValue().differentiableVariables(leaves);
        wrt.addAll(leaves);
      }
    }
    if (wrt.contains("self")) {
      List<String> leaves = new ArrayList<>();
      selfSplit.differentiableVariables(leaves);
      wrt.addAll(leaves);
    }
    RecordShape resultShape = RecordShape.of(method.getReturnType());
    if (resultShape != null) {
      result = JType.record(resultShape.name());
      if (resultShape.problem() != null) {
        diags.error(DiagnosticId.ACCESS, tree.getReturnType(), what + " returns a record whose gradient's seed the generated"
            + " class must take apart, but " + resultShape.problem());
        ok = false;
      }
    }
    if (!ok) {
      return null;
    }
    List<Stmt> body = new ArrayList<>(prologue);
    TreePath bodyPath = new TreePath(path, tree.getBody());
    for (StatementTree s : tree.getBody().getStatements()) {
      stmt(new TreePath(bodyPath, s), body);
    }
    if (diags.hasErrors()) {
      return null;
    }
    Set<String> effectivelyFinal = new HashSet<>(fixedSynthetics);
    for (Map.Entry<Element, String> e : names.entrySet()) {
      if (!assigned.contains(e.getKey())) {
        effectivelyFinal.add(e.getValue());
      }
    }
    List<String> thrown = method.getThrownTypes().stream().map(TypeMirror::toString).toList();
    String file = unit.getSourceFile().getName();
    file = file.substring(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
    return new IrMethod(owner.getQualifiedName().toString(), method.getSimpleName().toString(), isStatic,
        params, wrt, result, body, thrown, file, effectivelyFinal, Map.copyOf(records));
  }

  /**
   * Splits a record value into one local per component ({@code base$w}), declared into {@code out} from the
   * accessors read off {@code source}; nested records recursively ({@code base$l1$w = base.l1().w()}).
   */
  private Split splitOf(String base, RecordShape shape, Expr source, List<Stmt> out, int line) {
    List<Object> parts = new ArrayList<>();
    for (RecordShape.Component c : shape.components()) {
      Expr read = new Expr.Call(Expr.CallKind.ACCESSOR, shape.name(), c.name(), source, List.of(), List.of(),
          c.nested() != null ? JType.ref(c.nested().name()) : jtype(c.type(), null), Expr.CallInfo.NONE);
      if (c.nested() != null) {
        parts.add(splitOf(base + "$" + c.name(), c.nested(), read, out, line));
      } else {
        String name = unique(base + "$" + c.name());
        Expr.Var v = new Expr.Var(name, read.type());
        fixedSynthetics.add(name);
        out.add(new Stmt.Decl(v, read, line));
        parts.add(v);
      }
    }
    return new Split(shape, parts);
  }

  /** Splits a record value that is itself a split record or a {@code new R(...)} into fresh locals. */
  private Split splitLocal(String base, RecordShape shape, Expr.NewRecord value, List<Stmt> out, int line) {
    List<Object> parts = new ArrayList<>();
    for (int i = 0; i < shape.components().size(); i++) {
      RecordShape.Component c = shape.components().get(i);
      Expr component = value.components().get(i);
      if (c.nested() != null && component instanceof Expr.NewRecord inner) {
        parts.add(splitLocal(base + "$" + c.name(), c.nested(), inner, out, line));
      } else {
        String name = unique(base + "$" + c.name());
        Expr.Var v = new Expr.Var(name, component.type().isRecord() ? JType.ref(c.nested().name()) : jtype(c.type(), null));
        out.add(new Stmt.Decl(v, component, line));
        parts.add(v);
      }
    }
    return new Split(shape, parts);
  }

  /** Assigns a new record value, component by component, to the locals of a split record. */
  private void assignSplit(Split split, Expr.NewRecord value, List<Stmt> out, int line) {
    for (int i = 0; i < split.parts().size(); i++) {
      Expr component = value.components().get(i);
      if (split.parts().get(i) instanceof Split inner && component instanceof Expr.NewRecord innerValue) {
        assignSplit(inner, innerValue, out, line);
      } else if (split.parts().get(i) instanceof Expr.Var v) {
        out.add(new Stmt.Assign(v, "=", component, line));
      }
    }
  }

  /** True if e builds a record somewhere (a record the method holds, passed on whole). */
  private static boolean containsRecord(Expr e) {
    if (e == null) {
      return false;
    }
    if (e instanceof Expr.NewRecord) {
      return true;
    }
    if (e instanceof Expr.Cond c) {
      return containsRecord(c.ifTrue()) || containsRecord(c.ifFalse());
    }
    return false;
  }

  private String unique(String base) {
    return Names.unique(base, used);
  }


  // ---------------------------------------------------------------- names

  private String declare(Element e) {
    String name = unique(Names.safeLocal(e.getSimpleName().toString()));
    names.put(e, name);
    return name;
  }

  private String synthetic(String prefix) {
    String name = prefix + nextSynthetic++;
    used.add(name);
    return name;
  }

  // ---------------------------------------------------------------- statements

  private int line(Tree t) {
    SourcePositions sp = trees.getSourcePositions();
    long pos = sp.getStartPosition(unit, t);
    return pos < 0 ? 0 : (int) unit.getLineMap().getLineNumber(pos);
  }

  /** As {@link #unsupported(Tree, String)}, for a construct with one specific rewrite. */
  private void unsupported(Tree t, String construct, String fix) {
    diags.error(DiagnosticId.UNSUPPORTED, t, construct + " cannot be differentiated by the generated adjoint: " + fix);
  }

  private void unsupported(Tree t, String construct) {
    diags.error(DiagnosticId.UNSUPPORTED, t, construct + " cannot be differentiated by the generated adjoint; rewrite it with the supported statements (assignments, if/else, for/while/do, break/continue, return) or move it out of the @Differentiable method");
  }

  private void stmt(TreePath path, List<Stmt> out) {
    Tree t = path.getLeaf();
    if (EmbeddedEffects.splits(t)) {
      withEffects(path, out, () -> statement(path, out));
    } else {
      statement(path, out);
    }
  }

  /**
   * Lowers a statement that may change variables inside its expressions ({@code s += x[i++]}): the changes that
   * run before it become statements before it, those after it statements after it.
   */
  private void withEffects(TreePath path, List<Stmt> out, Runnable lowerStatement) {
    EmbeddedEffects.Plan outer = effects;
    effects = EmbeddedEffects.of(path, trees);
    try {
      int line = line(path.getLeaf());
      for (TreePath change : effects.before()) {
        exprStmt(change, line, out);
      }
      lowerStatement.run();
      for (TreePath change : effects.after()) {
        exprStmt(change, line, out);
      }
    } finally {
      effects = outer;
    }
  }

  private void statement(TreePath path, List<Stmt> out) {
    Tree t = path.getLeaf();
    int line = line(t);
    switch (t.getKind()) {
      case VARIABLE -> {
        VariableTree vt = (VariableTree) t;
        Element e = trees.getElement(path);
        if (e == null) {
          throw new NotYetKnown(vt.getName().toString());
        }
        JType type = jtype(e.asType(), vt);
        if (switchExpression(vt.getInitializer()) != null) {
          Expr.Var var = new Expr.Var(declare(e), type);
          diags.origin(var, t);
          add(out, new Stmt.Decl(var, null, line), t);
          switchExpressionTo(new TreePath(path, vt.getInitializer()), value -> new Stmt.Assign(var, "=", value, line), line, out);
          return;
        }
        Expr init = vt.getInitializer() == null ? null : expr(new TreePath(path, vt.getInitializer()));
        String name = declare(e);
        RecordShape shape = RecordShape.of(e.asType());
        if (shape != null && init instanceof Expr.NewRecord value) {
          // a record local: one local per component
          splits.put(e, splitLocal(name, shape, value, out, line));
          return;
        }
        if (shape != null && containsRecord(init)) {
          unsupported(vt.getInitializer(), "a record chosen or computed from records the method holds (`"
              + abbreviate(vt.getInitializer()) + "`)", "build it with its constructor (new " + shape.type().getSimpleName()
              + "(...)), choosing each component instead");
        }
        Expr.Var var = new Expr.Var(name, type);
        diags.origin(var, t);
        add(out, new Stmt.Decl(var, init, line), t);
      }
      case EXPRESSION_STATEMENT -> {
        ExpressionTree e = ((ExpressionStatementTree) t).getExpression();
        TreePath ep = new TreePath(path, e);
        exprStmt(ep, line, out);
      }
      case BLOCK -> {
        for (StatementTree s : ((BlockTree) t).getStatements()) {
          stmt(new TreePath(path, s), out);
        }
      }
      case IF -> {
        IfTree it = (IfTree) t;
        Expr cond = expr(new TreePath(path, it.getCondition()));
        List<Stmt> then = new ArrayList<>();
        stmt(new TreePath(path, it.getThenStatement()), then);
        List<Stmt> otherwise = new ArrayList<>();
        if (it.getElseStatement() != null) {
          stmt(new TreePath(path, it.getElseStatement()), otherwise);
        }
        add(out, new Stmt.If(cond, then, otherwise, line), t);
      }
      case FOR_LOOP -> {
        ForLoopTree ft = (ForLoopTree) t;
        int id = enterLoop();
        List<Stmt> init = new ArrayList<>();
        for (StatementTree s : ft.getInitializer()) {
          stmt(new TreePath(path, s), init);
        }
        Expr cond = ft.getCondition() == null ? null : expr(new TreePath(path, ft.getCondition()));
        List<Stmt> update = new ArrayList<>();
        for (ExpressionStatementTree s : ft.getUpdate()) {
          TreePath updatePath = new TreePath(path, s);
          withEffects(updatePath, update, () -> exprStmt(new TreePath(updatePath, s.getExpression()), line, update));
        }
        List<Stmt> body = new ArrayList<>();
        stmt(new TreePath(path, ft.getStatement()), body);
        String label = exitLoop();
        add(out, new Stmt.Loop(id, label, Stmt.LoopKind.FOR, init, cond, update, body, line), t);
      }
      case ENHANCED_FOR_LOOP -> enhancedFor(path, (EnhancedForLoopTree) t, line, out);
      case WHILE_LOOP -> {
        WhileLoopTree wt = (WhileLoopTree) t;
        int id = enterLoop();
        Expr cond = expr(new TreePath(path, wt.getCondition()));
        List<Stmt> body = new ArrayList<>();
        stmt(new TreePath(path, wt.getStatement()), body);
        String label = exitLoop();
        add(out, new Stmt.Loop(id, label, Stmt.LoopKind.WHILE, List.of(), cond, List.of(), body, line), t);
      }
      case DO_WHILE_LOOP -> {
        DoWhileLoopTree dt = (DoWhileLoopTree) t;
        int id = enterLoop();
        List<Stmt> body = new ArrayList<>();
        stmt(new TreePath(path, dt.getStatement()), body);
        Expr cond = expr(new TreePath(path, dt.getCondition()));
        String label = exitLoop();
        add(out, new Stmt.Loop(id, label, Stmt.LoopKind.DO, List.of(), cond, List.of(), body, line), t);
      }
      case LABELED_STATEMENT -> {
        LabeledStatementTree lt = (LabeledStatementTree) t;
        switch (lt.getStatement().getKind()) {
          case FOR_LOOP, ENHANCED_FOR_LOOP, WHILE_LOOP, DO_WHILE_LOOP -> {
            pendingLabel = lt.getLabel().toString();
            stmt(new TreePath(path, lt.getStatement()), out);
          }
          default -> unsupported(t, "a labelled statement that is not a loop");
        }
      }
      case BREAK -> {
        if (caseEndingBreaks.contains(t)) {
          return;
        }
        BreakTree bt = (BreakTree) t;
        int[] target = jumpTarget(t, bt.getLabel() == null ? null : bt.getLabel().toString(), "break");
        if (target != null) {
          add(out, new Stmt.Break(target[0], target[1] == 1 ? bt.getLabel().toString() : null, line), t);
        }
      }
      case CONTINUE -> {
        ContinueTree ct = (ContinueTree) t;
        int[] target = jumpTarget(t, ct.getLabel() == null ? null : ct.getLabel().toString(), "continue");
        if (target != null) {
          add(out, new Stmt.Continue(target[0], target[1] == 1 ? ct.getLabel().toString() : null, line), t);
        }
      }
      case RETURN -> {
        ReturnTree rt = (ReturnTree) t;
        if (switchExpression(rt.getExpression()) != null) {
          switchExpressionTo(new TreePath(path, rt.getExpression()), value -> new Stmt.Return(value, line), line, out);
          return;
        }
        currentReturn = rt.getExpression();
        add(out, new Stmt.Return(expr(new TreePath(path, rt.getExpression())), line), t);
        currentReturn = null;
      }
      case THROW -> add(out, new Stmt.Throw(expr(new TreePath(path, ((ThrowTree) t).getExpression())), line), t);
      case EMPTY_STATEMENT -> {}
      case SWITCH -> {
        SwitchTree st = (SwitchTree) t;
        switchArms(path, st.getExpression(), st.getCases(), null, line, out);
      }
      case YIELD -> {
        var yieldTo = caseEndingYields.get(t);
        if (yieldTo == null) {
          unsupported(t, "a `yield` before the end of its case", "make it the last statement of the case (assign a local in the branches, then yield it)");
          return;
        }
        add(out, yieldTo.apply(expr(new TreePath(path, ((YieldTree) t).getValue()))), t);
      }
      case TRY -> unsupported(t, "try/catch/finally");
      case SYNCHRONIZED -> unsupported(t, "a synchronized block");
      case ASSERT -> {
        AssertTree at = (AssertTree) t;
        Expr cond = expr(new TreePath(path, at.getCondition()));
        Expr detail = at.getDetail() == null ? null : expr(new TreePath(path, at.getDetail()));
        add(out, new Stmt.Assert(cond, detail, line), t);
      }
      case CLASS, INTERFACE, ENUM, RECORD -> unsupported(t, "a local class");
      default -> unsupported(t, "the statement `" + abbreviate(t) + "`");
    }
  }

  private static String abbreviate(Tree t) {
    String s = t.toString().replaceAll("\\s+", " ");
    return s.length() > 60 ? s.substring(0, 57) + "..." : s;
  }

  private void add(List<Stmt> out, Stmt s, Tree t) {
    diags.origin(s, t);
    out.add(s);
  }

  private int enterLoop() {
    int id = nextLoopId++;
    loopIds.push(new int[] {id});
    loopLabels.push(pendingLabel == null ? "" : pendingLabel);
    pendingLabel = null;
    return id;
  }

  private String exitLoop() {
    loopIds.pop();
    String label = loopLabels.pop();
    return label.isEmpty() ? null : label;
  }

  /** Returns {loop id, 1 if the label must be printed}. */
  private int[] jumpTarget(Tree t, String label, String what) {
    if (label == null) {
      for (int[] id : loopIds) {
        if (id[0] != SWITCH) {
          return new int[] {id[0], 0};
        }
        if (what.equals("break")) {
          unsupported(t, "a `break` before the end of a switch case",
              "make it the case's last statement (put the rest of the case in an if/else)");
          return null;
        }
      }
      unsupported(t, "`" + what + "` outside a loop (in a labelled block)");
      return null;
    }
    var ids = loopIds.iterator();
    var labels = loopLabels.iterator();
    boolean innermost = true;
    while (ids.hasNext()) {
      int id = ids.next()[0];
      String loopLabel = labels.next();
      if (id == SWITCH) {
        continue; // becomes an if/else: not a loop a label must name past
      }
      if (loopLabel.equals(label)) {
        return new int[] {id, innermost ? 0 : 1};
      }
      innermost = false;
    }
    unsupported(t, "`" + what + " " + label + "` to a labelled block");
    return null;
  }

  private void exprStmt(TreePath ep, int line, List<Stmt> out) {
    Tree e = ep.getLeaf();
    switch (e.getKind()) {
      case ASSIGNMENT -> {
        AssignmentTree a = (AssignmentTree) e;
        Split split = splits.get(trees.getElement(new TreePath(ep, a.getVariable())));
        if (split != null) {
          Expr value = expr(new TreePath(ep, a.getExpression()));
          if (value instanceof Expr.NewRecord record) {
            assignSplit(split, record, out, line);
          } else {
            unsupported(e, "assigning a record that is not built here (`" + abbreviate(e) + "`)", "build it with its constructor, or assign its components");
          }
          return;
        }
        Expr target = lvalue(new TreePath(ep, a.getVariable()));
        if (switchExpression(a.getExpression()) != null) {
          if (target != null) {
            switchExpressionTo(new TreePath(ep, a.getExpression()), value -> new Stmt.Assign(target, "=", value, line), line, out);
          }
          return;
        }
        Expr value = expr(new TreePath(ep, a.getExpression()));
        if (target != null) {
          add(out, new Stmt.Assign(target, "=", value, line), e);
        }
      }
      case MULTIPLY_ASSIGNMENT, DIVIDE_ASSIGNMENT, REMAINDER_ASSIGNMENT, PLUS_ASSIGNMENT, MINUS_ASSIGNMENT,
          LEFT_SHIFT_ASSIGNMENT, RIGHT_SHIFT_ASSIGNMENT, UNSIGNED_RIGHT_SHIFT_ASSIGNMENT, AND_ASSIGNMENT,
          XOR_ASSIGNMENT, OR_ASSIGNMENT -> {
        CompoundAssignmentTree a = (CompoundAssignmentTree) e;
        Expr target = lvalue(new TreePath(ep, a.getVariable()));
        Expr value = expr(new TreePath(ep, a.getExpression()));
        if (target != null) {
          add(out, new Stmt.Assign(target, binaryOp(e.getKind().name().replace("_ASSIGNMENT", "")) + "=", value, line), e);
        }
      }
      case PREFIX_INCREMENT, POSTFIX_INCREMENT, PREFIX_DECREMENT, POSTFIX_DECREMENT -> {
        Expr target = lvalue(new TreePath(ep, ((UnaryTree) e).getExpression()));
        if (target != null) {
          add(out, new Stmt.IncDec(target, e.getKind().name().endsWith("INCREMENT") ? "++" : "--", line), e);
        }
      }
      case METHOD_INVOCATION, NEW_CLASS -> add(out, new Stmt.ExprStmt(expr(ep), line), e);
      default -> unsupported(e, "the expression statement `" + abbreviate(e) + "`");
    }
  }

  private void enhancedFor(TreePath path, EnhancedForLoopTree t, int line, List<Stmt> out) {
    TreePath arrayPath = new TreePath(path, t.getExpression());
    TypeMirror arrayType = type(arrayPath);
    if (arrayType.getKind() != TypeKind.ARRAY) {
      unsupported(t, "an enhanced for over a " + arrayType + " (only arrays)");
      return;
    }
    Expr array = expr(arrayPath);
    if (!(array instanceof Expr.Var v && !assignedName(v.name()))) {
      Expr.Var tmp = new Expr.Var(synthetic("_arr"), array.type());
      fixedSynthetics.add(tmp.name());
      out.add(new Stmt.Decl(tmp, array, line));
      array = tmp;
    }
    int id = enterLoop();
    Expr.Var index = new Expr.Var(synthetic("_i"), JType.INT);
    TreePath varPath = new TreePath(path, t.getVariable());
    Element ve = trees.getElement(varPath);
    if (ve == null) {
      throw new NotYetKnown(t.getVariable().getName().toString());
    }
    JType elemType = jtype(ve.asType(), t.getVariable());
    Expr.Var elem = new Expr.Var(declare(ve), elemType);
    diags.origin(elem, t.getVariable());
    List<Stmt> body = new ArrayList<>();
    Expr read = new Expr.Index(array, index, array.type().element());
    body.add(new Stmt.Decl(elem, elemType.equals(read.type()) ? read : new Expr.Cast(elemType, read), line));
    stmt(new TreePath(path, t.getStatement()), body);
    String label = exitLoop();
    add(out, new Stmt.Loop(id, label, Stmt.LoopKind.FOR,
        List.of(new Stmt.Decl(index, new Expr.Lit("0", JType.INT), line)),
        new Expr.Binary("<", index, new Expr.Length(array), JType.BOOLEAN),
        List.of(new Stmt.IncDec(index, "++", line)), body, line), t);
  }

  // ---------------------------------------------------------------- switch

  /** Marks a switch on the loop stack: a {@code break} that reaches it leaves a case, not a loop. */
  private static final int SWITCH = -1;

  /** The switch expression {@code t} is (through parentheses), or null. */
  private static SwitchExpressionTree switchExpression(Tree t) {
    return EmbeddedEffects.unparenthesized(t) instanceof SwitchExpressionTree s ? s : null;
  }

  /** A switch expression whose value each arm hands to {@code yieldTo} (an assignment or a return). */
  private void switchExpressionTo(TreePath path, java.util.function.Function<Expr, Stmt> yieldTo, int line, List<Stmt> out) {
    while (path.getLeaf() instanceof ParenthesizedTree p) {
      path = new TreePath(path, p.getExpression());
    }
    SwitchExpressionTree s = (SwitchExpressionTree) path.getLeaf();
    switchArms(path, s.getExpression(), s.getCases(), yieldTo, line, out);
  }

  /** One arm of a switch: its labels (none for {@code default}) and its statements. */
  private record Arm(List<Expr> labels, boolean isDefault, List<Stmt> body) {}

  /**
   * Lowers a switch on an int-like value, a String or an enum to an if/else chain on its labels; the
   * reverse sweep then treats it as any branch. A switch expression ({@code yieldTo} not null) hands each
   * arm's value to {@code yieldTo}. Cases must not fall through into a non-empty case: that has no if/else
   * form, and is rare enough to ask the user to rewrite.
   */
  private void switchArms(TreePath path, ExpressionTree selector, List<? extends CaseTree> cases,
      java.util.function.Function<Expr, Stmt> yieldTo, int line, List<Stmt> out) {
    TreePath selectorPath = new TreePath(path, selector);
    TypeMirror selectorType = type(selectorPath);
    Boolean byEquals = comparesByEquals(selectorType);
    if (byEquals == null) {
      unsupported(selector, "a switch on a " + selectorType + " (pattern matching)",
          "switch on an int, char, String or enum, or use if/else with instanceof outside the @Differentiable method");
      return;
    }
    Expr sel = expr(selectorPath);
    if (!(sel instanceof Expr.Var || sel instanceof Expr.Lit)) {
      Expr.Var tmp = new Expr.Var(synthetic("_sw"), sel.type());
      fixedSynthetics.add(tmp.name());
      out.add(new Stmt.Decl(tmp, sel, line));
      sel = tmp;
    }
    List<Arm> arms = new ArrayList<>();
    List<Expr> labels = new ArrayList<>();
    boolean isDefault = false;
    loopIds.push(new int[] {SWITCH});
    loopLabels.push("");
    try {
      for (int c = 0; c < cases.size(); c++) {
        CaseTree ct = cases.get(c);
        TreePath casePath = new TreePath(path, ct);
        if (!plainLabels(ct)) {
          return;
        }
        if (ct.getExpressions().isEmpty() || hasDefaultLabel(ct)) {
          isDefault = true;
        }
        for (ExpressionTree label : ct.getExpressions()) {
          if (label.getKind() == Tree.Kind.NULL_LITERAL) {
            unsupported(label, "`case null`", "test for null with if/else before the switch");
            return;
          }
          labels.add(expr(new TreePath(casePath, label)));
        }
        List<Stmt> body = new ArrayList<>();
        if (ct.getCaseKind() == CaseTree.CaseKind.RULE) {
          Tree rule = ct.getBody();
          TreePath rulePath = new TreePath(casePath, rule);
          if (rule instanceof ExpressionTree) {
            if (yieldTo != null) {
              add(body, yieldTo.apply(expr(rulePath)), rule);
            } else {
              exprStmt(rulePath, line(rule), body);
            }
          } else {
            markCaseEnd(rule, yieldTo);
            stmt(rulePath, body);
          }
        } else {
          List<? extends StatementTree> statements = ct.getStatements();
          boolean last = c == cases.size() - 1;
          if (statements.isEmpty() && !last) {
            continue; // `case 1: case 2:`: the labels share the next case's statements
          }
          if (!statements.isEmpty()) {
            markCaseEnd(statements.get(statements.size() - 1), yieldTo);
          }
          if (!last && mayFallThrough(statements)) {
            unsupported(ct, "a switch case that falls through into the next one",
                "end every case with break, return, throw or continue (or merge the two cases' labels)");
            return;
          }
          for (StatementTree s : statements) {
            stmt(new TreePath(casePath, s), body);
          }
        }
        arms.add(new Arm(List.copyOf(labels), isDefault, body));
        labels.clear();
        isDefault = false;
      }
    } finally {
      loopIds.pop();
      loopLabels.pop();
    }
    List<Stmt> chain = new ArrayList<>();
    for (Arm arm : arms) {
      if (arm.isDefault()) {
        chain = arm.body();
      }
    }
    if (chain.isEmpty() && yieldTo != null && arms.stream().noneMatch(Arm::isDefault)) {
      // an enum switch expression without default covers every constant; javac throws this for a new one
      chain = List.of(new Stmt.Throw(new Expr.NewObject(JType.ref("java.lang.IncompatibleClassChangeError"), List.of()), line));
    }
    for (int i = arms.size() - 1; i >= 0; i--) {
      Arm arm = arms.get(i);
      if (arm.isDefault()) {
        continue;
      }
      Expr cond = null;
      for (Expr label : arm.labels()) {
        Expr test = byEquals
            ? new Expr.Call(Expr.CallKind.OTHER, "java.lang.String", "equals", sel, List.of(label),
                List.of(JType.ref("java.lang.Object")), JType.BOOLEAN, Expr.CallInfo.NONE)
            : new Expr.Binary("==", sel, label, JType.BOOLEAN);
        cond = cond == null ? test : new Expr.Binary("||", cond, test, JType.BOOLEAN);
      }
      chain = List.of(new Stmt.If(cond, arm.body(), chain, line));
    }
    out.addAll(chain);
  }

  /** True for a String selector, false for one compared with == (int-like, boxed, enum), null for others. */
  private static Boolean comparesByEquals(TypeMirror t) {
    switch (t.getKind()) {
      case INT, CHAR, SHORT, BYTE:
        return false;
      case DECLARED:
        Element e = ((DeclaredType) t).asElement();
        if (e.getKind() == ElementKind.ENUM) {
          return false;
        }
        String name = ((TypeElement) e).getQualifiedName().toString();
        if (name.equals("java.lang.String")) {
          return true;
        }
        return switch (name) {
          case "java.lang.Integer", "java.lang.Character", "java.lang.Short", "java.lang.Byte" -> false;
          default -> null;
        };
      default:
        return null;
    }
  }

  /** Registers the statement that ends a case: its {@code break} is dropped, its {@code yield} assigns. */
  private void markCaseEnd(Tree last, java.util.function.Function<Expr, Stmt> yieldTo) {
    while (last instanceof BlockTree b && !b.getStatements().isEmpty()) {
      last = b.getStatements().get(b.getStatements().size() - 1);
    }
    if (last instanceof BreakTree br && br.getLabel() == null) {
      caseEndingBreaks.add(last);
    } else if (last instanceof YieldTree && yieldTo != null) {
      caseEndingYields.put(last, yieldTo);
    }
  }

  /** Whether control can reach the end of a case's statements (and so run into the next case). */
  private static boolean mayFallThrough(List<? extends StatementTree> statements) {
    return statements.isEmpty() || mayCompleteNormally(statements.get(statements.size() - 1));
  }

  private static boolean mayCompleteNormally(StatementTree s) {
    return switch (s.getKind()) {
      case BREAK, CONTINUE, RETURN, THROW, YIELD -> false;
      case BLOCK -> mayFallThrough(((BlockTree) s).getStatements());
      case IF -> ((IfTree) s).getElseStatement() == null || mayCompleteNormally(((IfTree) s).getThenStatement())
          || mayCompleteNormally(((IfTree) s).getElseStatement());
      default -> true;
    };
  }

  /**
   * False (after reporting) for a case with a pattern or a guard: trees of JDK 21+ (and of 17's preview),
   * reached by reflection since this processor builds against 17's standard API.
   */
  private boolean plainLabels(CaseTree ct) {
    for (Tree label : labels(ct)) {
      String kind = label.getKind().name();
      // JDK 17 (preview API) gives a constant label as the expression itself; 21+ wraps it
      if (!(label instanceof ExpressionTree) && !kind.equals("CONSTANT_CASE_LABEL") && !kind.equals("DEFAULT_CASE_LABEL")) {
        unsupported(label, "a pattern in a switch case", "switch on an int, char, String or enum constant");
        return false;
      }
    }
    Object guard = caseTreeMethod(ct, "getGuard");
    if (guard != null) {
      unsupported(ct, "a guarded switch case (`when`)", "test the condition with if/else inside the case");
      return false;
    }
    return true;
  }

  private static boolean hasDefaultLabel(CaseTree ct) {
    return labels(ct).stream().anyMatch(label -> label.getKind().name().equals("DEFAULT_CASE_LABEL"));
  }

  /** A case's labels ({@code getLabels}, preview on 17, standard from 21); none if this javac has no such method. */
  private static List<Tree> labels(CaseTree ct) {
    List<Tree> out = new ArrayList<>();
    if (caseTreeMethod(ct, "getLabels") instanceof List<?> labels) {
      for (Object label : labels) {
        out.add((Tree) label);
      }
    }
    return out;
  }

  /** The result of a CaseTree method this processor's API level (17) does not declare, or null without it. */
  private static Object caseTreeMethod(CaseTree ct, String name) {
    try {
      return CaseTree.class.getMethod(name).invoke(ct);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  private boolean assignedName(String name) {
    for (Element e : assigned) {
      if (name.equals(names.get(e))) {
        return true;
      }
    }
    return false;
  }

  private Expr lvalue(TreePath path) {
    Tree t = path.getLeaf();
    switch (t.getKind()) {
      case PARENTHESIZED:
        return lvalue(new TreePath(path, ((ParenthesizedTree) t).getExpression()));
      case IDENTIFIER, MEMBER_SELECT, ARRAY_ACCESS:
        Expr e = expr(path);
        if (e instanceof Expr.Var || e instanceof Expr.Index || e instanceof Expr.Field) {
          return e;
        }
        // fall through
      default:
        unsupported(t, "assigning to `" + abbreviate(t) + "`");
        return null;
    }
  }

  // ---------------------------------------------------------------- expressions

  private TypeMirror type(TreePath path) {
    TypeMirror t = trees.getTypeMirror(path);
    if (t == null || t.getKind() == TypeKind.ERROR) {
      throw new NotYetKnown(path.getLeaf().toString());
    }
    return t;
  }

  private JType jtype(TypeMirror t, Tree site) {
    JType.Kind primitive = PrimitiveKinds.of(t.getKind());
    if (primitive != null) {
      return new JType(primitive, 0, null);
    }
    switch (t.getKind()) {
      case VOID: return JType.VOID;
      case ARRAY: return jtype(((ArrayType) t).getComponentType(), site).arrayOf();
      case ERROR: throw new NotYetKnown(String.valueOf(site));
      case DECLARED:
        for (TypeMirror arg : ((DeclaredType) t).getTypeArguments()) {
          if (arg.getKind() == TypeKind.ERROR) {
            throw new NotYetKnown(String.valueOf(site));
          }
        }
        return JType.ref(t.toString());
      default:
        return JType.ref(t.toString());
    }
  }

  private Expr expr(TreePath path) {
    Tree t = path.getLeaf();
    Expr e = exprInner(path, t);
    diags.origin(e, t);
    return e;
  }

  private String sourceText(Tree t) {
    SourcePositions sp = trees.getSourcePositions();
    long start = sp.getStartPosition(unit, t);
    long end = sp.getEndPosition(unit, t);
    if (source != null && start >= 0 && end > start && end <= source.length()) {
      return source.subSequence((int) start, (int) end).toString();
    }
    return t.toString();
  }

  private Expr exprInner(TreePath path, Tree t) {
    switch (t.getKind()) {
      case PARENTHESIZED:
        return expr(new TreePath(path, ((ParenthesizedTree) t).getExpression()));
      case INT_LITERAL, LONG_LITERAL, FLOAT_LITERAL, DOUBLE_LITERAL, BOOLEAN_LITERAL, CHAR_LITERAL,
          STRING_LITERAL, NULL_LITERAL:
        return new Expr.Lit(sourceText(t), t.getKind() == Tree.Kind.NULL_LITERAL ? JType.ref("java.lang.Object") : jtype(type(path), t));
      case IDENTIFIER: {
        IdentifierTree id = (IdentifierTree) t;
        if (id.getName().contentEquals("this") && selfSplit != null) {
          return selfSplit.asExpr();
        }
        if (id.getName().contentEquals("this")) {
          return new Expr.Self(jtype(type(path), t));
        }
        Element e = trees.getElement(path);
        if (e == null) {
          throw new NotYetKnown(id.getName().toString());
        }
        switch (e.getKind()) {
          case LOCAL_VARIABLE, PARAMETER, EXCEPTION_PARAMETER, RESOURCE_VARIABLE, BINDING_VARIABLE: {
            String name = names.get(e);
            if (name == null) {
              unsupported(t, "the variable " + id.getName() + " (declared outside the method)");
              return new Expr.Lit("0", JType.INT);
            }
            if (splits.containsKey(e)) {
              return splits.get(e).asExpr();
            }
            return new Expr.Var(name, jtype(type(path), t));
          }
          case FIELD, ENUM_CONSTANT:
            return field((VariableElement) e, null, path, t);
          default:
            unsupported(t, "the name " + id.getName() + " used as a value");
            return new Expr.Lit("0", JType.INT);
        }
      }
      case MEMBER_SELECT: {
        MemberSelectTree ms = (MemberSelectTree) t;
        TreePath target = new TreePath(path, ms.getExpression());
        if (ms.getIdentifier().contentEquals("length") && trees.getTypeMirror(target) != null
            && trees.getTypeMirror(target).getKind() == TypeKind.ARRAY) {
          return new Expr.Length(expr(target));
        }
        Element e = trees.getElement(path);
        if (e == null) {
          throw new NotYetKnown(ms.toString());
        }
        if (e.getKind() == ElementKind.FIELD || e.getKind() == ElementKind.ENUM_CONSTANT) {
          Expr receiver = e.getModifiers().contains(Modifier.STATIC) ? null : expr(target);
          return field((VariableElement) e, receiver, path, t);
        }
        unsupported(t, "`" + abbreviate(t) + "`");
        return new Expr.Lit("0", JType.INT);
      }
      case ARRAY_ACCESS: {
        ArrayAccessTree a = (ArrayAccessTree) t;
        return new Expr.Index(expr(new TreePath(path, a.getExpression())), expr(new TreePath(path, a.getIndex())), jtype(type(path), t));
      }
      case UNARY_MINUS, UNARY_PLUS, LOGICAL_COMPLEMENT, BITWISE_COMPLEMENT: {
        String op = switch (t.getKind()) {
          case UNARY_MINUS -> "-";
          case UNARY_PLUS -> "+";
          case LOGICAL_COMPLEMENT -> "!";
          default -> "~";
        };
        return new Expr.Unary(op, expr(new TreePath(path, ((UnaryTree) t).getExpression())), jtype(type(path), t));
      }
      case PREFIX_INCREMENT, PREFIX_DECREMENT, POSTFIX_INCREMENT, POSTFIX_DECREMENT:
        if (effects.readInstead().contains(t)) {
          return expr(new TreePath(path, ((UnaryTree) t).getExpression()));
        }
        unsupported(t, "an increment or decrement inside an expression (`" + abbreviate(t) + "`)",
            effects.whyRefused(t) + "; write it as a statement of its own");
        return new Expr.Lit("0", JType.INT);
      case CONDITIONAL_EXPRESSION: {
        ConditionalExpressionTree c = (ConditionalExpressionTree) t;
        return new Expr.Cond(expr(new TreePath(path, c.getCondition())), expr(new TreePath(path, c.getTrueExpression())),
            expr(new TreePath(path, c.getFalseExpression())), jtype(type(path), t));
      }
      case TYPE_CAST: {
        TypeCastTree c = (TypeCastTree) t;
        return new Expr.Cast(jtype(type(path), t), expr(new TreePath(path, c.getExpression())));
      }
      case METHOD_INVOCATION:
        return call(path, (MethodInvocationTree) t);
      case NEW_ARRAY: {
        NewArrayTree na = (NewArrayTree) t;
        JType type = jtype(type(path), t);
        List<Expr> dims = new ArrayList<>();
        for (ExpressionTree d : na.getDimensions()) {
          dims.add(expr(new TreePath(path, d)));
        }
        List<Expr> elems = null;
        if (na.getInitializers() != null) {
          elems = new ArrayList<>();
          for (ExpressionTree d : na.getInitializers()) {
            elems.add(expr(new TreePath(path, d)));
          }
        }
        return new Expr.NewArray(type, dims, elems);
      }
      case NEW_CLASS: {
        NewClassTree nc = (NewClassTree) t;
        if (nc.getClassBody() != null || nc.getEnclosingExpression() != null) {
          unsupported(t, "an anonymous or inner class instance");
          return new Expr.Lit("null", JType.ref("java.lang.Object"));
        }
        Element ctor = trees.getElement(path);
        if (ctor != null && !accessible(ctor)) {
          accessError(t, ctor, "constructor of " + ctor.getEnclosingElement().getSimpleName());
        }
        List<Expr> args = new ArrayList<>();
        for (ExpressionTree a : nc.getArguments()) {
          args.add(expr(new TreePath(path, a)));
        }
        RecordShape shape = RecordShape.of(type(path));
        if (shape != null && ctor instanceof ExecutableElement c && c.getParameters().size() == shape.components().size()
            && canonical(c, shape)) {
          return new Expr.NewRecord(JType.record(shape.name()),
              shape.components().stream().map(RecordShape.Component::name).toList(), args);
        }
        return new Expr.NewObject(jtype(type(path), t), args);
      }
      case ASSIGNMENT, MULTIPLY_ASSIGNMENT, DIVIDE_ASSIGNMENT, REMAINDER_ASSIGNMENT, PLUS_ASSIGNMENT,
          MINUS_ASSIGNMENT, LEFT_SHIFT_ASSIGNMENT, RIGHT_SHIFT_ASSIGNMENT, UNSIGNED_RIGHT_SHIFT_ASSIGNMENT,
          AND_ASSIGNMENT, XOR_ASSIGNMENT, OR_ASSIGNMENT:
        if (effects.readInstead().contains(t)) {
          return expr(new TreePath(path, ((AssignmentTree) t).getVariable()));
        }
        unsupported(t, "an assignment inside an expression (`" + abbreviate(t) + "`)",
            effects.whyRefused(t) + "; write it as a statement of its own");
        return new Expr.Lit("0", JType.INT);
      case LAMBDA_EXPRESSION:
        unsupported(t, "a lambda");
        return new Expr.Lit("null", JType.ref("java.lang.Object"));
      case MEMBER_REFERENCE:
        unsupported(t, "a method reference");
        return new Expr.Lit("null", JType.ref("java.lang.Object"));
      case INSTANCE_OF:
        unsupported(t, "instanceof");
        return new Expr.Lit("false", JType.BOOLEAN);
      case SWITCH_EXPRESSION:
        unsupported(t, "a switch expression inside a larger expression",
            "assign it to a local variable first (`double v = switch (...) { ... };`) and use the variable");
        return new Expr.Lit("0", jtype(type(path), t));
      default:
        if (t instanceof BinaryTree b) {
          return new Expr.Binary(binaryOp(t.getKind().name()), expr(new TreePath(path, b.getLeftOperand())),
              expr(new TreePath(path, b.getRightOperand())), jtype(type(path), t));
        }
        unsupported(t, "the expression `" + abbreviate(t) + "`");
        return new Expr.Lit("0", JType.INT);
    }
  }

  private static String binaryOp(String kind) {
    return switch (kind) {
      case "PLUS" -> "+";
      case "MINUS" -> "-";
      case "MULTIPLY" -> "*";
      case "DIVIDE" -> "/";
      case "REMAINDER" -> "%";
      case "LEFT_SHIFT" -> "<<";
      case "RIGHT_SHIFT" -> ">>";
      case "UNSIGNED_RIGHT_SHIFT" -> ">>>";
      case "LESS_THAN" -> "<";
      case "GREATER_THAN" -> ">";
      case "LESS_THAN_EQUAL" -> "<=";
      case "GREATER_THAN_EQUAL" -> ">=";
      case "EQUAL_TO" -> "==";
      case "NOT_EQUAL_TO" -> "!=";
      case "AND" -> "&";
      case "XOR" -> "^";
      case "OR" -> "|";
      case "CONDITIONAL_AND" -> "&&";
      case "CONDITIONAL_OR" -> "||";
      default -> throw new IllegalStateException("operator " + kind);
    };
  }

  private Expr field(VariableElement f, Expr receiver, TreePath path, Tree t) {
    if (!f.getModifiers().contains(Modifier.STATIC)) {
      String declaring = ((TypeElement) f.getEnclosingElement()).getQualifiedName().toString();
      Expr record = receiver == null && selfSplit != null && selfSplit.shape().name().equals(declaring) ? selfSplit.asExpr() : receiver;
      if (record instanceof Expr.NewRecord r && r.accessors().contains(f.getSimpleName().toString())) {
        // a component of a record held as one variable per component: read from its local, not the field
        return r.components().get(r.accessors().indexOf(f.getSimpleName().toString()));
      }
    }
    Object constant = f.getConstantValue();
    boolean visible = accessible(f);
    if (constant != null && !visible) {
      return new Expr.Lit(sourceText(t).equals(f.getSimpleName().toString()) ? constantText(constant) : constantText(constant), jtype(f.asType(), t));
    }
    if (!visible) {
      accessError(t, f, "field " + f.getEnclosingElement().getSimpleName() + "." + f.getSimpleName());
    }
    JType type = jtype(type(path), t);
    String owner = ((TypeElement) f.getEnclosingElement()).getQualifiedName().toString();
    boolean isFinal = f.getModifiers().contains(Modifier.FINAL);
    if (f.getModifiers().contains(Modifier.STATIC)) {
      return new Expr.Field(null, owner, f.getSimpleName().toString(), type, isFinal);
    }
    if (receiver == null) {
      receiver = new Expr.Self(JType.ref(owner));
    }
    return new Expr.Field(receiver, owner, f.getSimpleName().toString(), type, isFinal);
  }

  private static String constantText(Object c) {
    if (c instanceof Double d) {
      if (d.isNaN()) {
        return "Double.NaN";
      }
      if (d.isInfinite()) {
        return d > 0 ? "Double.POSITIVE_INFINITY" : "Double.NEGATIVE_INFINITY";
      }
      return d.toString();
    }
    if (c instanceof Float fl) {
      if (fl.isNaN()) {
        return "Float.NaN";
      }
      if (fl.isInfinite()) {
        return fl > 0 ? "Float.POSITIVE_INFINITY" : "Float.NEGATIVE_INFINITY";
      }
      return fl + "f";
    }
    if (c instanceof Long l) {
      return l + "L";
    }
    if (c instanceof String s) {
      StringBuilder b = new StringBuilder("\"");
      for (char ch : s.toCharArray()) {
        switch (ch) {
          case '"' -> b.append("\\\"");
          case '\\' -> b.append("\\\\");
          case '\n' -> b.append("\\n");
          case '\r' -> b.append("\\r");
          case '\t' -> b.append("\\t");
          default -> {
            if (ch < 0x20 || ch > 0x7e) {
              b.append(String.format("\\u%04x", (int) ch));
            } else {
              b.append(ch);
            }
          }
        }
      }
      return b.append('"').toString();
    }
    if (c instanceof Character ch) {
      return String.format("'\\u%04x'", (int) ch);
    }
    if (c instanceof Integer || c instanceof Short || c instanceof Byte) {
      return "(" + (c instanceof Integer ? "" : c instanceof Short ? "(short) " : "(byte) ") + c + ")";
    }
    return c.toString();
  }

  private void accessError(Tree t, Element e, String what) {
    TypeElement owner = enclosingType(e);
    diags.error(DiagnosticId.ACCESS, t, "the generated class (in the same package) needs the private " + what
        + ": make it package-private (remove `private`)" + (owner != null && !accessible(owner) && e != owner ? ", and its class " + owner.getSimpleName() : ""));
  }

  private static TypeElement enclosingType(Element e) {
    Element c = e.getEnclosingElement();
    while (c != null && !(c instanceof TypeElement)) {
      c = c.getEnclosingElement();
    }
    return (TypeElement) c;
  }

  /** True if a class in the same package can use the element (nothing private on the way out). */
  public static boolean accessible(Element e) {
    for (Element c = e; c != null && !(c instanceof PackageElement); c = c.getEnclosingElement()) {
      if (c.getModifiers().contains(Modifier.PRIVATE)) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code GGradients.gJvp(x, t).tangent()}, {@code GGradients.g(x).dX()} or {@code GGradients.gVjp(x, s).dX()}: a
   * component of a derivative Adjoint generated for {@code @Differentiable} method g, as a DERIVATIVE call (whose
   * arguments are the generated method's); null for any other call.
   */
  private Expr derivativeCall(TreePath path, MethodInvocationTree mi, ExecutableElement accessor) {
    if (!(mi.getMethodSelect() instanceof MemberSelectTree ms) || !(ms.getExpression() instanceof MethodInvocationTree inner)
        || !mi.getArguments().isEmpty()) {
      return null;
    }
    TreePath innerPath = new TreePath(new TreePath(path, ms), inner);
    if (!(trees.getElement(innerPath) instanceof ExecutableElement generated)
        || !(generated.getEnclosingElement() instanceof TypeElement gradients) || !generatedByAdjoint(gradients)) {
      return null;
    }
    TypeElement origin = originOfGradients(elements, gradients.getQualifiedName().toString());
    if (origin == null) {
      return null;
    }
    String simple = gradients.getSimpleName().toString();
    String name = generated.getSimpleName().toString();
    int args = generated.getParameters().size();
    for (ExecutableElement g : ElementFilter.methodsIn(origin.getEnclosedElements())) {
      if (!Annotations.has(g, Annotations.DIFFERENTIABLE)) {
        continue;
      }
      String gName = g.getSimpleName().toString();
      int arity = g.getParameters().size();
      // an instance method's generated derivatives take the receiver first: recognised, to be refused by name below
      int receiver = g.getModifiers().contains(Modifier.STATIC) ? 0 : 1;
      Expr.DerivativeForm form = name.equals(gName) && args == arity + receiver ? Expr.DerivativeForm.GRADIENT
          : name.equals(Names.vjp(gName)) && args == arity + receiver + 1 ? Expr.DerivativeForm.VJP
          : name.equals(Names.jvp(gName)) && args > arity + receiver ? Expr.DerivativeForm.JVP : null;
      if (form == null || receiver == 0 && !sameLeadingTypes(g, generated)) {
        continue;
      }
      String what = simple + "." + name + "(...)." + accessor.getSimpleName() + "()";
      if (!g.getModifiers().contains(Modifier.STATIC)) {
        unsupported(mi, "a derivative of the instance method " + origin.getSimpleName() + "." + gName + " (`" + what + "`)",
            "differentiate a derivative of a static method");
        return new Expr.Lit("0", JType.INT);
      }
      List<Expr> callArgs = new ArrayList<>();
      List<JType> paramTypes = new ArrayList<>();
      for (int i = 0; i < inner.getArguments().size(); i++) {
        callArgs.add(expr(new TreePath(innerPath, inner.getArguments().get(i))));
        paramTypes.add(jtype(generated.getParameters().get(i).asType(), inner));
      }
      JType result = jtype(type(path), mi);
      return new Expr.Call(Expr.CallKind.DERIVATIVE, gradients.getQualifiedName().toString(), gName, null, callArgs, paramTypes,
          result, Expr.CallInfo.derivative(new Expr.Derivative(gName, arity, form, accessor.getSimpleName().toString(), simple + "." + name,
              g.getParameters().stream().map(p -> types.erasure(p.asType()).toString()).toList())));
    }
    return null;
  }

  /** True if the generated method's parameters start with g's, in order. */
  private boolean sameLeadingTypes(ExecutableElement g, ExecutableElement generated) {
    for (int i = 0; i < g.getParameters().size(); i++) {
      if (!types.isSameType(types.erasure(g.getParameters().get(i).asType()),
          types.erasure(generated.getParameters().get(i).asType()))) {
        return false;
      }
    }
    return true;
  }

  /** A class Adjoint's processor wrote ({@code @Generated("dev.adjoint.processor.AdjointProcessor")}). */
  private static boolean generatedByAdjoint(TypeElement type) {
    for (AnnotationMirror a : type.getAnnotationMirrors()) {
      if (a.getAnnotationType().toString().equals("javax.annotation.processing.Generated")) {
        return a.getElementValues().values().stream().anyMatch(v -> String.valueOf(v.getValue()).contains("dev.adjoint.processor"));
      }
    }
    return false;
  }

  private Expr call(TreePath path, MethodInvocationTree mi) {
    Element el = trees.getElement(path);
    if (!(el instanceof ExecutableElement m)) {
      String select = mi.getMethodSelect().toString();
      if (select.startsWith(ownGradients + ".")) {
        // the class's own gradients, which this very method's adjoint would have to be written into first
        unsupported(mi, "a derivative from " + ownGradients + ", which Adjoint writes for this method's own class (`"
            + abbreviate(mi) + "`)", "move the method whose derivative it reads to another class, whose gradients are"
            + " written first");
        return new Expr.Lit("0", JType.INT);
      }
      throw new NotYetKnown(select);
    }
    Expr derivative = derivativeCall(path, mi, m);
    if (derivative != null) {
      return derivative;
    }
    TypeMirror resultMirror = type(path);
    TypeElement owner = (TypeElement) m.getEnclosingElement();
    String ownerName = owner.getQualifiedName().toString();
    String name = m.getSimpleName().toString();
    ExpressionTree select = mi.getMethodSelect();
    Expr receiver = null;
    if (!m.getModifiers().contains(Modifier.STATIC)) {
      if (select instanceof MemberSelectTree ms) {
        if (ms.getExpression().toString().equals("super")) {
          unsupported(mi, "a call through super");
          return new Expr.Lit("0", JType.INT);
        }
        receiver = expr(new TreePath(new TreePath(path, select), ms.getExpression()));
      } else if (selfSplit != null && selfSplit.shape().name().equals(ownerName)) {
        receiver = selfSplit.asExpr();
      } else {
        receiver = new Expr.Self(JType.ref(ownerName));
      }
    } else if (select instanceof MemberSelectTree ms) {
      // evaluate nothing: a static call through a type name (or, rarely, an instance expression)
      Element target = trees.getElement(new TreePath(new TreePath(path, select), ms.getExpression()));
      if (target != null && !(target instanceof TypeElement) && !(target instanceof PackageElement)) {
        unsupported(mi, "a static call through an instance expression (`" + abbreviate(ms) + "`); call it through the class name, and");
      }
    }
    List<Expr> args = new ArrayList<>();
    for (ExpressionTree a : mi.getArguments()) {
      args.add(expr(new TreePath(path, a)));
    }
    List<JType> paramTypes = new ArrayList<>();
    for (VariableElement p : m.getParameters()) {
      paramTypes.add(jtype(p.asType(), mi));
    }
    JType result = jtype(resultMirror, mi);
    if (receiver instanceof Expr.NewRecord record && args.isEmpty() && record.accessors().contains(name)
        && ownerName.equals(record.type().refName())) {
      // p.w() of a record held as one variable per component is that variable
      return record.components().get(record.accessors().indexOf(name));
    }
    if (name.equals("clone") && receiver != null && receiver.type().rank() == 1 && receiver.type().isDifferentiable()
        && args.isEmpty()) {
      return new Expr.Call(Expr.CallKind.ARRAY_CLONE, ownerName, name, receiver, args, paramTypes, receiver.type(), Expr.CallInfo.NONE);
    }
    if (ownerName.equals(TensorOps.TENSOR)) {
      return tensorCall(m, name, receiver, args, paramTypes, result);
    }
    if (MathFunctions.isMathClass(ownerName)) {
      List<String> ruleNames = args.size() == paramTypes.size() ? MathFunctions.rules(name, paramTypes, result) : null;
      if (ruleNames != null) {
        return new Expr.Call(Expr.CallKind.MATH, ownerName, name, null, args, paramTypes, result, Expr.CallInfo.math(ruleNames));
      }
      return new Expr.Call(Expr.CallKind.OTHER, ownerName, name, null, args, paramTypes, result, Expr.CallInfo.NONE);
    }
    if (ownerName.equals("dev.adjoint.AD") && name.equals("withoutDerivative")) {
      return new Expr.Call(Expr.CallKind.WITHOUT_DERIVATIVE, ownerName, name, null, args, paramTypes, result, Expr.CallInfo.NONE);
    }
    if (generatedByAdjoint(owner) && !(path.getParentPath().getLeaf() instanceof MemberSelectTree)) {
      // a generated derivative kept whole (var r = gJvp(...)): its component must be read where it is called
      unsupported(mi, "a generated derivative kept as a record (`" + abbreviate(mi) + "`)", "read the component you need right"
          + " where you call it (" + owner.getSimpleName() + "." + name + "(...).value(), .tangent() or .dX()), so Adjoint can"
          + " differentiate it again");
      return new Expr.Lit("0", JType.INT);
    }
    if (!accessible(m)) {
      accessError(mi, m, "method " + owner.getSimpleName() + "." + name);
    }
    boolean variableArity = passesVarArgs(m, args, paramTypes);
    if (variableArity && !paramTypes.get(paramTypes.size() - 1).isDifferentiable()) {
      return new Expr.Call(Expr.CallKind.OTHER, ownerName, name, receiver, args, paramTypes, result, Expr.CallInfo.NONE);
    }
    if (variableArity) {
      args = packVarArgs(args, paramTypes);
    }
    AnnotationMirror diff = Annotations.find(m, Annotations.DIFFERENTIABLE);
    if (diff != null && RecordShape.of(m.getReturnType()) != null && mi != currentReturn) {
      unsupported(mi, "a record returned by a @Differentiable call inside differentiated code (`" + abbreviate(mi) + "`)",
          "return the record's components from separate methods, or differentiate the caller as a whole");
    }
    if (diff != null && RuleIndex.isDifferentiable(m.getReturnType()) && reverse && !Annotations.vjp(elements, diff)) {
      diags.error(DiagnosticId.UNSUPPORTED, mi, owner.getSimpleName() + "." + name + " has forward mode only (vjp = false),"
          + " and this method's reverse mode would call its gradient: mark this method @Differentiable(jvp = true, vjp = false)"
          + " too, or remove vjp = false from " + owner.getSimpleName() + "." + name);
    }
    if (diff != null && RuleIndex.isDifferentiable(m.getReturnType())) {
      return new Expr.Call(Expr.CallKind.DIFFERENTIABLE, ownerName, name, receiver, args, paramTypes, result,
          differentiableInfo(m, owner, diff));
    }
    ExecutableElement rule = rules.ruleFor(m);
    if (rule != null) {
      List<Boolean> diffArgs = new ArrayList<>();
      for (VariableElement p : m.getParameters()) {
        diffArgs.add(RuleIndex.isDifferentiable(p.asType()));
      }
      if (!accessible(rule)) {
        accessError(mi, rule, "rule " + rule.getEnclosingElement().getSimpleName() + "." + rule.getSimpleName());
      }
      return new Expr.Call(Expr.CallKind.CUSTOM_RULE, ownerName, name, receiver, args, paramTypes, result,
          Expr.CallInfo.rule(((TypeElement) rule.getEnclosingElement()).getQualifiedName().toString(),
              rule.getSimpleName().toString(), rules.ruleArray(m) == null ? null : jtype(rules.ruleArray(m), mi), diffArgs));
    }
    return new Expr.Call(Expr.CallKind.OTHER, ownerName, name, receiver, args, paramTypes, result, Expr.CallInfo.NONE);
  }

  /** True if a call of a variable-arity method passes its trailing arguments one by one, not as the array. */
  private static boolean passesVarArgs(ExecutableElement m, List<Expr> args, List<JType> paramTypes) {
    return m.isVarArgs() && (args.size() != paramTypes.size()
        || args.get(args.size() - 1).type().rank() != paramTypes.get(paramTypes.size() - 1).rank());
  }

  /**
   * The trailing arguments of a variable-arity call as the one array the method receives, so the callee's gradient
   * (or rule) sees the parameter it declares and the adjoints reach each element.
   */
  private static List<Expr> packVarArgs(List<Expr> args, List<JType> paramTypes) {
    List<Expr> packed = new ArrayList<>(args.subList(0, paramTypes.size() - 1));
    packed.add(new Expr.NewArray(paramTypes.get(paramTypes.size() - 1), List.of(),
        List.copyOf(args.subList(paramTypes.size() - 1, args.size()))));
    return packed;
  }

  /**
   * A call of a {@code Tensor} method: its rules from {@link TensorOps} (TENSOR), a constant on purpose
   * ({@code detach()}), or, without a rule, OTHER (a value read, an in-place change, a method that has no
   * derivative). A variable-arity call passes its trailing arguments as one array, as the rules expect.
   */
  private Expr tensorCall(ExecutableElement m, String name, Expr receiver, List<Expr> args, List<JType> paramTypes, JType result) {
    boolean isStatic = m.getModifiers().contains(Modifier.STATIC);
    if (passesVarArgs(m, args, paramTypes)) {
      args = packVarArgs(args, paramTypes);
    }
    return switch (TensorOps.kind(name, paramTypes, isStatic)) {
      case DIFFERENTIABLE -> new Expr.Call(Expr.CallKind.TENSOR, TensorOps.TENSOR, name, receiver, args, paramTypes, result,
          Expr.CallInfo.tensor(TensorOps.rules(name, paramTypes, isStatic)));
      case ZERO_DERIVATIVE -> {
        List<TensorRule> none = new ArrayList<>();
        for (int k = 0; k < args.size() + (receiver == null ? 0 : 1); k++) {
          none.add(null);
        }
        yield new Expr.Call(Expr.CallKind.TENSOR, TensorOps.TENSOR, name, receiver, args, paramTypes, result,
            Expr.CallInfo.tensor(none));
      }
      case DETACH -> new Expr.Call(Expr.CallKind.WITHOUT_DERIVATIVE, TensorOps.TENSOR, name, receiver, args, paramTypes, result,
          Expr.CallInfo.NONE);
      case NONE -> new Expr.Call(Expr.CallKind.OTHER, TensorOps.TENSOR, name, receiver, args, paramTypes, result, Expr.CallInfo.NONE);
    };
  }

  /**
   * {@code dSelf} when the callee is an instance method of a differentiable record that differentiates its
   * receiver (by default, or {@code wrt = "this"}), else null.
   */
  private static String selfAccessor(ExecutableElement m, List<String> wrt) {
    return RecordShape.ofReceiver(m) != null && RuleIndex.differentiatesReceiver(wrt) ? Names.component("self") : null;
  }

  /** The record's canonical constructor: one parameter per component, of the component's type. */
  private boolean canonical(ExecutableElement ctor, RecordShape shape) {
    for (int i = 0; i < shape.components().size(); i++) {
      if (!types.isSameType(types.erasure(ctor.getParameters().get(i).asType()), types.erasure(shape.components().get(i).type()))) {
        return false;
      }
    }
    return true;
  }

  private static String gradientsName(TypeElement owner) {
    String pkg = outermost(owner).getEnclosingElement() instanceof PackageElement p && !p.isUnnamed()
        ? p.getQualifiedName() + "." : "";
    return pkg + gradientsSimpleName(owner);
  }

  /**
   * The class whose gradients the class {@code gradientsClass} (qualified) holds: {@code p.Foo_BarGradients} gives
   * {@code p.Foo.Bar} (or {@code p.Foo_Bar}, a class so named); null if there is none.
   */
  public static TypeElement originOfGradients(Elements elements, String gradientsClass) {
    if (!gradientsClass.endsWith("Gradients")) {
      return null;
    }
    String base = gradientsClass.substring(0, gradientsClass.length() - "Gradients".length());
    int dot = base.lastIndexOf('.');
    TypeElement nested = elements.getTypeElement(base.substring(0, dot + 1) + base.substring(dot + 1).replace('_', '.'));
    return nested != null ? nested : elements.getTypeElement(base);
  }

  /** {@code FooGradients}, or {@code Foo_BarGradients} for the nested {@code Foo.Bar}. */
  static String gradientsSimpleName(TypeElement owner) {
    List<String> nest = new ArrayList<>();
    for (Element e = owner; e instanceof TypeElement te; e = te.getEnclosingElement()) {
      nest.add(0, te.getSimpleName().toString());
    }
    return Names.gradientsClass(nest);
  }

  private static TypeElement outermost(TypeElement t) {
    while (t.getEnclosingElement() instanceof TypeElement outer) {
      t = outer;
    }
    return t;
  }

  private Expr.CallInfo differentiableInfo(ExecutableElement m, TypeElement owner, AnnotationMirror diff) {
    String gradients = gradientsName(owner);
    List<String> wrt = Annotations.wrt(elements, diff);
    List<String> accessors = new ArrayList<>();
    for (VariableElement p : m.getParameters()) {
      String n = p.getSimpleName().toString();
      boolean d = RuleIndex.differentiates(m, p, wrt);
      accessors.add(d ? Names.component(n) : null);
    }
    // A callee from a library: read the accessor names from its compiled gradient record, since
    // class files may not keep parameter names.
    TypeElement existing = elements.getTypeElement(gradients);
    boolean sweeps = Annotations.hasSweepMethods(m, types);
    if (existing != null) {
      // compiled before this version wrote them?
      sweeps &= ElementFilter.methodsIn(existing.getEnclosedElements()).stream()
          .anyMatch(f -> f.getSimpleName().contentEquals(Names.forward(m.getSimpleName().toString())));
      for (ExecutableElement vjp : ElementFilter.methodsIn(existing.getEnclosedElements())) {
        int extra = m.getModifiers().contains(Modifier.STATIC) ? 1 : 2;
        if (vjp.getSimpleName().contentEquals(Names.vjp(m.getSimpleName().toString()))
            && vjp.getParameters().size() == m.getParameters().size() + extra
            && vjp.getReturnType() instanceof DeclaredType rt
            && rt.asElement().getKind() == ElementKind.RECORD) {
          boolean same = true;
          int offset = extra - 1;
          for (int i = 0; i < m.getParameters().size(); i++) {
            same &= types.isSameType(types.erasure(vjp.getParameters().get(i + offset).asType()),
                types.erasure(m.getParameters().get(i).asType()));
          }
          if (!same) {
            continue;
          }
          List<? extends RecordComponentElement> comps = ((TypeElement) rt.asElement()).getRecordComponents();
          int c = selfAccessor(m, wrt) != null ? 2 : 1; // after value (and dSelf, which comes first)
          for (int i = 0; i < accessors.size(); i++) {
            if (accessors.get(i) != null && c < comps.size()) {
              accessors.set(i, comps.get(c++).getSimpleName().toString());
            }
          }
        }
      }
    }
    boolean jvp = Annotations.jvp(elements, Annotations.find(m, Annotations.DIFFERENTIABLE));
    if (existing != null) {
      // a library compiled before forward mode was written has no gJvp
      jvp &= ElementFilter.methodsIn(existing.getEnclosedElements()).stream()
          .anyMatch(f -> f.getSimpleName().contentEquals(Names.jvp(m.getSimpleName().toString())));
    }
    return Expr.CallInfo.differentiable(gradients, Names.vjp(m.getSimpleName().toString()), accessors, sweeps, selfAccessor(m, wrt),
        jvp);
  }
}
