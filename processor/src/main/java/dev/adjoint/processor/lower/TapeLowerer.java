package dev.adjoint.processor.lower;

import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.tree.WhileLoopTree;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import dev.adjoint.processor.DiagnosticId;
import dev.adjoint.processor.Diagnostics;
import dev.adjoint.processor.ir.IrMethod;
import dev.adjoint.processor.ir.JType;
import dev.adjoint.processor.ir.Names;
import dev.adjoint.processor.ir.RecordLayout;
import dev.adjoint.processor.ir.TapeMethod;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.tools.Diagnostic;

/**
 * Stage 1 for methods with Tensor parameters: they are differentiated on the dynamic tape (this
 * version does not generate static Tensor adjoints). Checks the signature, the strategy and
 * {@code wrt}, finds control flow that depends on a tensor's value (for the {@code [Adjoint:Tape]}
 * note and the generated comment), and produces a {@link TapeMethod}. The body is only read, never
 * lowered.
 */
public final class TapeLowerer {
  private final Trees trees;
  private final Elements elements;
  private final RuleIndex rules;

  public TapeLowerer(Trees trees, Elements elements, RuleIndex rules) {
    this.trees = trees;
    this.elements = elements;
    this.rules = rules;
  }

  /**
   * True if the method works on tensors: a Tensor parameter, or a record of tensors as a parameter or as its
   * receiver. Such a method goes to the tape under strategy TAPE, or under AUTO when the generator cannot take it.
   */
  public static boolean usesTape(ExecutableElement method) {
    for (VariableElement p : method.getParameters()) {
      if (RuleIndex.isTensorValue(p.asType())) {
        return true;
      }
    }
    return RecordShape.ofReceiver(method) != null && RuleIndex.isTensorValue(method.getEnclosingElement().asType());
  }

  /**
   * Why the tape takes a method under {@code AUTO}: reported as the {@code [Adjoint:Tape]} note.
   *
   * @param site the tree or IR node the note points at
   * @param message the note
   */
  public record Reason(Object site, String message) {}

  /**
   * The tape method, or null if its signature cannot be written at all (errors reported); a method
   * with other errors comes back with {@code ok() == false}, so that stubs keep callers compiling.
   */
  public TapeMethod lower(ExecutableElement method, TreePath path, Diagnostics diags, Reason reason) {
    MethodTree tree = (MethodTree) path.getLeaf();
    CompilationUnitTree unit = path.getCompilationUnit();
    TypeElement owner = (TypeElement) method.getEnclosingElement();
    String what = owner.getSimpleName() + "." + method.getSimpleName();
    AnnotationMirror ann = Annotations.find(method, Annotations.DIFFERENTIABLE);
    RecordShape receiver = RecordShape.ofReceiver(method);
    List<String> tensorNames = new ArrayList<>(method.getParameters().stream()
        .filter(p -> RuleIndex.isTensorValue(p.asType())).map(p -> p.getSimpleName().toString()).toList());
    if (receiver != null) {
      tensorNames.add(0, "this");
    }
    String tensors = String.join(", ", tensorNames);
    boolean ok = true;

    if (Lowerer.noBody(tree, what, diags) || Lowerer.generic(method, tree, what, diags)) {
      return null;
    }
    boolean isStatic = method.getModifiers().contains(Modifier.STATIC);
    if (!isStatic && !owner.getTypeParameters().isEmpty()) {
      diags.error(DiagnosticId.UNSUPPORTED, tree, "an instance method of a generic class cannot be differentiated yet: make " + what + " static, or move it to a non-generic class");
      return null;
    }
    if (!RuleIndex.isTensor(method.getReturnType())) {
      diags.error(DiagnosticId.RETURN, tree.getReturnType() == null ? tree : tree.getReturnType(),
          what + " takes Tensor parameters (" + tensors + "), so it is differentiated on the dynamic tape, which needs a Tensor result, but it returns "
              + method.getReturnType() + ": return the Tensor itself (e.g. the loss before item())");
      return null;
    }
    if (method.getModifiers().contains(Modifier.PRIVATE)) {
      diags.error(DiagnosticId.ACCESS, tree, what + " is private, but the generated class " + Lowerer.gradientsSimpleName(owner)
          + " calls it to record it on the tape: make it package-private (remove `private`)");
      ok = false;
    }
    if (!Lowerer.accessible(owner)) {
      diags.error(DiagnosticId.ACCESS, tree, "the generated class " + Lowerer.gradientsSimpleName(owner) + " cannot see the private class "
          + owner.getQualifiedName() + ": make it package-private (remove `private`)");
      ok = false;
    }

    List<String> requested = Annotations.wrt(elements, ann);
    for (String w : requested) {
      VariableElement p = method.getParameters().stream().filter(v -> v.getSimpleName().contentEquals(w)).findFirst().orElse(null);
      if (p == null && w.equals("this") && receiver != null) {
        continue;
      }
      if (p == null) {
        diags.error(DiagnosticId.WRT, Annotations.memberTree(tree, "wrt"), "wrt names \"" + w + "\", but " + what
            + " has no parameter of that name; its differentiable parameters are: " + tensors);
        ok = false;
      } else if (RuleIndex.isNestedTensorArray(p.asType())) {
        diags.error(DiagnosticId.WRT, Annotations.memberTree(tree, "wrt"), RuleIndex.nestedTensorArrayWrt(w, p.asType(),
            "its parameters of type Tensor, Tensor[] or a record of these", tensors));
        ok = false;
      } else if (!RuleIndex.isTensorParameter(p) && RecordShape.of(p.asType()) == null) {
        diags.error(DiagnosticId.WRT, Annotations.memberTree(tree, "wrt"), "wrt names \"" + w + "\", a " + p.asType() + " parameter of " + what
            + ", which is differentiated on the dynamic tape (see the note): there, " + p.asType()
            + " parameters are constants. Differentiate with respect to its Tensor parameters (" + tensors
            + "), or make " + w + " a Tensor (Tensor.scalar(" + w + ") at the call)");
        ok = false;
      }
    }

    List<TapeMethod.Param> params = new ArrayList<>();
    List<IrMethod.Param> irParams = new ArrayList<>();
    Set<String> wrt = new LinkedHashSet<>();
    Set<String> used = new HashSet<>(List.of("self"));
    java.util.Map<String, RecordLayout> records = new java.util.LinkedHashMap<>();
    RecordLayout self = null;
    if (receiver != null && RuleIndex.differentiatesReceiver(requested)) {
      self = tapeLayout(receiver, "this", tree, what, diags);
      ok &= self != null;
      if (self != null) {
        wrt.add("self");
        records.put("self", self);
      }
    }
    for (int i = 0; i < method.getParameters().size(); i++) {
      VariableElement p = method.getParameters().get(i);
      String source = p.getSimpleName().toString();
      String name = Names.unique(Names.safeLocal(source), used);
      JType type = PrimitiveKinds.typeOf(p.asType());
      RecordShape shape = RecordShape.of(p.asType());
      boolean differentiated = RuleIndex.differentiates(method, p, requested);
      RecordLayout layout = null;
      TapeMethod.Role role;
      if (shape != null) {
        layout = differentiated ? tapeLayout(shape, source, tree.getParameters().get(i), what, diags) : null;
        ok &= layout != null || !differentiated;
        role = layout != null ? TapeMethod.Role.RECORD : TapeMethod.Role.PASSED;
      } else if (RuleIndex.isTensorParameter(p)) {
        role = differentiated ? TapeMethod.Role.WRT : TapeMethod.Role.CONSTANT_TENSOR;
      } else {
        role = TapeMethod.Role.PASSED;
      }
      params.add(new TapeMethod.Param(name, source, type, role, layout));
      irParams.add(new IrMethod.Param(name, type));
      if (role == TapeMethod.Role.WRT || role == TapeMethod.Role.RECORD) {
        wrt.add(name);
      }
      if (layout != null) {
        records.put(name, layout);
      }
    }

    List<TapeMethod.Condition> conditions = valueDependentConditions(path, unit);
    if (reason != null) {
      diags.report(DiagnosticId.TAPE, Diagnostic.Kind.NOTE, reason.site(), reason.message());
    }
    reportRuledCalls(method, path, what, reason, diags);

    String file = unit.getSourceFile().getName();
    file = file.substring(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
    SourcePositions sp = trees.getSourcePositions();
    // from the declaration (its return type), not from the annotations above it
    int first = line(unit, sp.getStartPosition(unit, tree.getReturnType() != null ? tree.getReturnType() : tree));
    int last = line(unit, sp.getEndPosition(unit, tree.getBody()));
    List<String> thrown = method.getThrownTypes().stream().map(TypeMirror::toString).toList();
    IrMethod signature = new IrMethod(owner.getQualifiedName().toString(), method.getSimpleName().toString(), isStatic,
        irParams, wrt, JType.ref(TensorOps.TENSOR), List.of(), thrown, file, Set.of(), records);
    return new TapeMethod(signature, params, thrown, file, first, last,
        conditions.isEmpty() ? null : conditions.get(0), self, ok && !diags.hasErrors());
  }

  /**
   * An error on each call the tape would run through a function's own code, ignoring its {@code @Derivative} rule
   * ({@link TapeRuledCalls}): the tape cannot apply a rule inside code it runs as written, and the gradient would be
   * the plain code's, silently wrong. The message says why the method is on the tape ({@code reason}, null for
   * strategy TAPE), which call has the rule, and how to keep the rule.
   */
  private void reportRuledCalls(ExecutableElement method, TreePath path, String what, Reason reason, Diagnostics diags) {
    String why = reason == null ? what + " is differentiated on the dynamic tape (strategy = TAPE)" : reason.message();
    String fix = reason == null
        ? "use strategy AUTO or GENERATED so that the adjoint of " + what + " is generated (it applies the rule)"
        : reason.message().contains("reads the value of a tensor")
            ? "make the control flow of " + what + " independent of tensor values so that its adjoint is generated (it"
                + " applies the rule)"
            : "avoid the construct named there so that the adjoint of " + what + " is generated (it applies the rule)";
    for (TapeRuledCalls.Found f : TapeRuledCalls.find(trees, rules, method, path)) {
      String target = f.target().getEnclosingElement().getSimpleName() + "." + f.target().getSimpleName();
      String rule = f.rule().getEnclosingElement().getSimpleName() + "." + f.rule().getSimpleName();
      String call = f.through().isEmpty() ? f.siteText() + " calls " + target
          : f.siteText() + " reaches " + target + " at " + f.ruledText() + " (call chain: " + what + " -> "
              + String.join(" -> ", f.through()) + " -> " + target + ")";
      diags.error(DiagnosticId.UNSUPPORTED, f.site(), why + "; the tape runs that code as written, and " + call
          + ", whose @Derivative rule " + rule + " the tape cannot apply inside code it runs: it would differentiate "
          + target + "'s own operations instead, a different gradient. To keep the rule, " + fix
          + ", or call " + target + " only from methods whose adjoint is generated, not from code the tape runs");
    }
  }

  /**
   * How the tape takes a record apart: its Tensor and Tensor[] components become leaves, nested records
   * recurse, constants are copied. Null, with an error at {@code site}, if the record cannot be rebuilt or has a
   * component only the generated path can differentiate (a double, an array of numbers): the tape
   * differentiates tensors only, and a silent zero would be a wrong gradient.
   */
  private static RecordLayout tapeLayout(RecordShape shape, String source, Tree site, String what, Diagnostics diags) {
    String problem = shape.problem();
    if (problem != null) {
      diags.error(DiagnosticId.ACCESS, site, what + " differentiates the record " + source + ", a "
          + shape.type().getSimpleName() + ", whose gradient the generated class must build, but " + problem);
      return null;
    }
    List<String> numbers = new ArrayList<>();
    RecordLayout layout = tapeLayout(shape, source, numbers);
    if (!numbers.isEmpty()) {
      String which = String.join(", ", numbers);
      diags.error(DiagnosticId.UNSUPPORTED, site, what + " is differentiated on the dynamic tape (see the note), which"
          + " differentiates tensors only, but " + (source.equals("this") ? "its receiver" : "its parameter " + source)
          + " carries " + which + ": make " + (numbers.size() > 1 ? "them Tensors" : "it a Tensor") + " (Tensor.scalar(...)),"
          + " or leave " + source + " out of wrt (@Differentiable(wrt = ...) naming the other parameters), or remove"
          + " the control flow on a tensor's value so the adjoint can be generated");
      return null;
    }
    return layout;
  }

  private static RecordLayout tapeLayout(RecordShape shape, String path, List<String> numbers) {
    List<RecordLayout.Part> parts = new ArrayList<>();
    for (RecordShape.Component c : shape.components()) {
      String access = path + "." + c.name() + "()";
      if (c.nested() != null) {
        parts.add(new RecordLayout.Part(c.name(), null, JType.record(c.nested().name()), true, tapeLayout(c.nested(), access, numbers)));
        continue;
      }
      JType t = PrimitiveKinds.typeOf(c.type());
      boolean tensor = t.isTensorBase() && t.rank() <= 1;
      if (c.differentiable() && !tensor) {
        numbers.add("the " + c.type() + " " + access);
      }
      parts.add(new RecordLayout.Part(c.name(), null, t, c.differentiable() && tensor, null));
    }
    return new RecordLayout(JType.record(shape.name()), List.copyOf(parts));
  }

  /**
   * Conditions of {@code if}, loops and ternaries that read a tensor's value: directly
   * ({@code b.norm().item() < 1000}) or through a local computed from one
   * ({@code double n = b.norm().item(); while (n < 1000)}), in source order.
   */
  private List<TapeMethod.Condition> valueDependentConditions(TreePath methodPath, CompilationUnitTree unit) {
    MethodTree tree = (MethodTree) methodPath.getLeaf();
    TreePath bodyPath = new TreePath(methodPath, tree.getBody());
    for (StatementTree s : tree.getBody().getStatements()) {
      trees.getElement(new TreePath(bodyPath, s)); // attributes the statements, so that expressions have types
    }
    // locals that hold a value read from a tensor: a fixed point over assignments
    Set<Element> tainted = new HashSet<>();
    for (boolean changed = true; changed; ) {
      int before = tainted.size();
      new TreePathScanner<Void, Void>() {
        @Override
        public Void visitVariable(VariableTree node, Void p) {
          if (node.getInitializer() != null && readsTensorValue(new TreePath(getCurrentPath(), node.getInitializer()), tainted)) {
            addIfLocal(trees.getElement(getCurrentPath()));
          }
          return super.visitVariable(node, p);
        }

        @Override
        public Void visitAssignment(AssignmentTree node, Void p) {
          if (readsTensorValue(new TreePath(getCurrentPath(), node.getExpression()), tainted)) {
            addIfLocal(trees.getElement(new TreePath(getCurrentPath(), node.getVariable())));
          }
          return super.visitAssignment(node, p);
        }

        @Override
        public Void visitCompoundAssignment(CompoundAssignmentTree node, Void p) {
          if (readsTensorValue(new TreePath(getCurrentPath(), node.getExpression()), tainted)) {
            addIfLocal(trees.getElement(new TreePath(getCurrentPath(), node.getVariable())));
          }
          return super.visitCompoundAssignment(node, p);
        }

        private void addIfLocal(Element e) {
          if (e != null && (e.getKind() == ElementKind.LOCAL_VARIABLE || e.getKind() == ElementKind.PARAMETER)
              && !RuleIndex.isTensor(e.asType())) {
            tainted.add(e);
          }
        }
      }.scan(bodyPath, null);
      changed = tainted.size() != before;
    }
    List<TapeMethod.Condition> found = new ArrayList<>();
    CharSequence source;
    try {
      source = unit.getSourceFile().getCharContent(true);
    } catch (IOException | RuntimeException e) {
      source = null;
    }
    CharSequence text = source;
    new TreePathScanner<Void, Void>() {
      private void check(String keyword, ExpressionTree condition) {
        if (condition == null) {
          return;
        }
        while (condition instanceof ParenthesizedTree p) {
          condition = p.getExpression();
        }
        if (readsTensorValue(new TreePath(getCurrentPath(), condition), tainted)) {
          SourcePositions sp = trees.getSourcePositions();
          long start = sp.getStartPosition(unit, condition);
          long end = sp.getEndPosition(unit, condition);
          String t = text != null && start >= 0 && end > start && end <= text.length()
              ? text.subSequence((int) start, (int) end).toString().replaceAll("\\s+", " ") : condition.toString();
          found.add(new TapeMethod.Condition(keyword, t, line(unit, start)));
        }
      }

      @Override
      public Void visitIf(IfTree node, Void p) {
        check("if", node.getCondition());
        return super.visitIf(node, p);
      }

      @Override
      public Void visitWhileLoop(WhileLoopTree node, Void p) {
        check("while", node.getCondition());
        return super.visitWhileLoop(node, p);
      }

      @Override
      public Void visitDoWhileLoop(DoWhileLoopTree node, Void p) {
        check("do-while", node.getCondition());
        return super.visitDoWhileLoop(node, p);
      }

      @Override
      public Void visitForLoop(ForLoopTree node, Void p) {
        check("for", node.getCondition());
        return super.visitForLoop(node, p);
      }

      @Override
      public Void visitConditionalExpression(ConditionalExpressionTree node, Void p) {
        check("?:", node.getCondition());
        return super.visitConditionalExpression(node, p);
      }
    }.scan(bodyPath, null);
    return found;
  }

  /** True if the expression reads a tensor's value ({@code t.item()}, {@code t.get(i)}, ...) or a local holding one. */
  private boolean readsTensorValue(TreePath expr, Set<Element> tainted) {
    boolean[] reads = {false};
    new TreePathScanner<Void, Void>() {
      @Override
      public Void visitMethodInvocation(MethodInvocationTree node, Void p) {
        if (node.getMethodSelect() instanceof MemberSelectTree select
            && TensorOps.VALUE_READS.contains(select.getIdentifier().toString())) {
          TypeMirror receiver = trees.getTypeMirror(new TreePath(new TreePath(getCurrentPath(), select), select.getExpression()));
          if (receiver != null && RuleIndex.isTensor(receiver)) {
            reads[0] = true;
          }
        }
        return super.visitMethodInvocation(node, p);
      }

      @Override
      public Void visitIdentifier(IdentifierTree node, Void p) {
        if (tainted.contains(trees.getElement(getCurrentPath()))) {
          reads[0] = true;
        }
        return null;
      }

      @Override
      public Void visitClass(com.sun.source.tree.ClassTree node, Void p) {
        return null; // a lambda or local class body is not this expression's value
      }
    }.scan(expr, null);
    return reads[0];
  }

  private static int line(CompilationUnitTree unit, long pos) {
    return pos < 0 ? 0 : (int) unit.getLineMap().getLineNumber(pos);
  }



}
