package dev.adjoint.processor.lower;

import dev.adjoint.processor.DiagnosticId;
import dev.adjoint.processor.DiagnosticSink;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Finds the {@code @Derivative} rule of a method and checks that each rule's signature fits its
 * target. Rules are indexed from the sources of every round and, lazily, from the target's class
 * (so rules shipped in a library's class files are found too).
 */
public final class RuleIndex {
  private final Elements elements;
  private final Types types;
  private final Map<String, ExecutableElement> byTarget = new HashMap<>();
  private final Set<String> scannedClasses = new HashSet<>();
  private final Set<String> checked = new HashSet<>();

  public RuleIndex(Elements elements, Types types) {
    this.elements = elements;
    this.types = types;
  }

  /** The rule for {@code target}, or null. */
  public ExecutableElement ruleFor(ExecutableElement target) {
    TypeElement owner = (TypeElement) target.getEnclosingElement();
    scan(owner);
    return byTarget.get(key(target));
  }

  private void scan(TypeElement owner) {
    if (!scannedClasses.add(owner.getQualifiedName().toString())) {
      return;
    }
    for (Element e : owner.getEnclosedElements()) {
      if (e.getKind() == ElementKind.METHOD && Annotations.has(e, Annotations.DERIVATIVE)) {
        add((ExecutableElement) e, null);
      }
    }
  }

  /**
   * Indexes a rule; with a sink, also reports {@code [Adjoint:CustomRule]} if its signature does not
   * fit. Returns true if the rule is usable.
   */
  public boolean add(ExecutableElement rule, DiagnosticSink sink) {
    String ruleKey = key(rule);
    boolean report = sink != null && checked.add(ruleKey);
    DiagnosticSink out = report ? sink : null;
    AnnotationMirror ann = Annotations.find(rule, Annotations.DERIVATIVE);
    AnnotationValue ofValue = Annotations.value(elements, ann, "of");
    String of = ofValue == null ? "" : String.valueOf(ofValue.getValue());
    TypeElement ruleOwner = (TypeElement) rule.getEnclosingElement();
    String ruleName = ruleOwner.getSimpleName() + "." + rule.getSimpleName();
    TypeElement targetOwner = ruleOwner;
    String targetName = of;
    int hash = of.indexOf('#');
    if (hash >= 0) {
      targetOwner = elements.getTypeElement(of.substring(0, hash));
      targetName = of.substring(hash + 1);
      if (targetOwner == null) {
        failAtOf(out, rule, "@Derivative(of = \"" + of + "\") on " + ruleName + " names the class "
            + of.substring(0, hash) + ", which does not exist: write the qualified name, e.g. \"pkg.Class#method\"");
        return false;
      }
    }
    List<ExecutableElement> candidates = new ArrayList<>();
    for (Element e : targetOwner.getEnclosedElements()) {
      if (e.getKind() == ElementKind.METHOD && e.getSimpleName().contentEquals(targetName) && !e.equals(rule)) {
        candidates.add((ExecutableElement) e);
      }
    }
    if (candidates.isEmpty()) {
      failAtOf(out, rule, "@Derivative(of = \"" + of + "\") on " + ruleName + ": " + targetOwner.getSimpleName()
          + " has no method named " + targetName + "; name a method of this class, or use \"pkg.Class#method\"");
      return false;
    }
    if (!rule.getModifiers().contains(Modifier.STATIC)) {
      fail(out, rule, "the rule " + ruleName + " must be static: generated code calls it as "
          + ruleOwner.getSimpleName() + "." + rule.getSimpleName() + "(...)");
      return false;
    }
    List<String> expectations = new ArrayList<>();
    for (ExecutableElement target : candidates) {
      String expected = expectedSignature(target, rule.getSimpleName().toString());
      if (expected == null) {
        expectations.add(describe(target) + " has no differentiable parameter (double, float, Tensor, arrays of them or"
            + " records of them) to take an adjoint for");
        continue;
      }
      String mismatch = mismatch(rule, target);
      if (mismatch == null) {
        byTarget.put(key(target), rule);
        return true;
      }
      expectations.add("for " + describe(target) + " expected " + expected + ", but " + mismatch);
    }
    fail(out, rule, "the signature of " + ruleName + " does not fit its target: "
        + String.join("; ", expectations)
        + " (the target's parameters, then the seed of the result's type; return the adjoint of the one differentiable"
        + " parameter, or an array with one entry per differentiable parameter, in order: double[] for numbers, Tensor[]"
        + " for tensors, Object[] for a mix)");
    return false;
  }

  /** What in the rule's signature does not fit the target (the first thing, in reading order), or null if it fits. */
  private String mismatch(ExecutableElement rule, ExecutableElement target) {
    List<? extends VariableElement> rp = rule.getParameters();
    List<? extends VariableElement> tp = target.getParameters();
    if (rp.size() != tp.size() + 1) {
      return "it takes " + rp.size() + " parameter" + (rp.size() == 1 ? "" : "s") + ": give it the target's " + tp.size()
          + " and the seed last";
    }
    for (int i = 0; i < tp.size(); i++) {
      if (!types.isSameType(types.erasure(rp.get(i).asType()), types.erasure(tp.get(i).asType()))) {
        return "its parameter " + rp.get(i).getSimpleName() + " is " + simple(rp.get(i).asType()) + ": make it "
            + simple(tp.get(i).asType()) + ", the type of the target's parameter " + tp.get(i).getSimpleName();
      }
    }
    VariableElement seed = rp.get(tp.size());
    if (!types.isSameType(seed.asType(), target.getReturnType())) {
      return "its seed " + seed.getSimpleName() + " is " + simple(seed.asType()) + ": make it "
          + simple(target.getReturnType()) + ", the target's result type";
    }
    TypeMirror expectedReturn = expectedReturn(target);
    if (!types.isSameType(rule.getReturnType(), expectedReturn)) {
      List<VariableElement> diff = differentiableParams(target);
      String entries = diff.stream().map(p -> "d" + p.getSimpleName()).collect(Collectors.joining(", "));
      return "it returns " + simple(rule.getReturnType()) + ": " + (diff.size() == 1
          ? "return " + simple(expectedReturn) + ", the adjoint of " + diff.get(0).getSimpleName()
          : "return " + simple(expectedReturn) + ", one adjoint per differentiable parameter in order (new "
              + simple(entryType(diff.stream().map(VariableElement::asType).collect(Collectors.toList()))) + "[] {"
              + entries + "})");
    }
    return null;
  }

  /**
   * The type the rule must return, or null if the target has no differentiable parameter: the adjoint of the
   * one differentiable parameter (its own type), or an array of {@link #entryType} with one entry per
   * differentiable parameter, in order.
   */
  private TypeMirror expectedReturn(ExecutableElement target) {
    List<TypeMirror> diff = differentiableParams(target).stream().map(VariableElement::asType).collect(Collectors.toList());
    if (diff.isEmpty()) {
      return null;
    }
    if (diff.size() == 1) {
      return diff.get(0);
    }
    return types.getArrayType(entryType(diff));
  }

  /**
   * The element type of a rule's array of adjoints, one that holds each parameter's adjoint as it is: double
   * when every differentiable parameter is a number (a float's adjoint widened), their one type when they all
   * share it ({@code Tensor}, {@code double[]}), and Object for a mix (a number's adjoint boxed).
   */
  private TypeMirror entryType(List<TypeMirror> diff) {
    if (diff.stream().allMatch(t -> t.getKind() == TypeKind.DOUBLE || t.getKind() == TypeKind.FLOAT)) {
      return types.getPrimitiveType(TypeKind.DOUBLE);
    }
    TypeMirror first = diff.get(0);
    if (diff.stream().allMatch(t -> types.isSameType(t, first))) {
      return first;
    }
    return elements.getTypeElement("java.lang.Object").asType();
  }

  /**
   * The array type the rule for this target returns, one entry per differentiable parameter ({@link #entryType}),
   * or null when it returns the adjoint of the one differentiable parameter.
   */
  public TypeMirror ruleArray(ExecutableElement target) {
    return differentiableParams(target).size() > 1 ? expectedReturn(target) : null;
  }

  public static boolean isDifferentiable(TypeMirror t) {
    return isDifferentiableLeaf(t) || RecordShape.of(t) != null;
  }

  /**
   * double or float or arrays of them, Tensor or Tensor[]: a value (not a record) that carries a derivative. An array
   * of Tensor arrays is not one (the runtime's adjoint helpers stop at Tensor[]), so it is a constant, as a
   * {@code List<Tensor>} is, and naming it in {@code wrt} is an error ({@link #isNestedTensorArray}).
   */
  public static boolean isDifferentiableLeaf(TypeMirror t) {
    if (isNestedTensorArray(t)) {
      return false;
    }
    while (t.getKind() == TypeKind.ARRAY) {
      t = ((javax.lang.model.type.ArrayType) t).getComponentType();
    }
    return t.getKind() == TypeKind.DOUBLE || t.getKind() == TypeKind.FLOAT || isTensor(t);
  }

  /** {@code Tensor[][]}, {@code Tensor[][][]}, ...: Tensor arrays of more than one dimension. */
  public static boolean isNestedTensorArray(TypeMirror t) {
    int rank = 0;
    while (t.getKind() == TypeKind.ARRAY) {
      t = ((javax.lang.model.type.ArrayType) t).getComponentType();
      rank++;
    }
    return rank > 1 && isTensor(t);
  }

  /**
   * The error for {@code wrt} naming a {@code Tensor[][]} (or deeper) parameter, with the types that can be named and
   * the two ways to hold such tensors that can.
   *
   * @param w the name in {@code wrt}
   * @param type the parameter's type
   * @param allowed the parameter types that can be differentiated here, in words
   * @param differentiable this method's parameters of those types, comma separated, or "none here"
   */
  public static String nestedTensorArrayWrt(String w, TypeMirror type, String allowed, String differentiable) {
    return "wrt names \"" + w + "\", a " + simple(type) + ", which cannot be differentiated: differentiate with respect to "
        + allowed + " (" + differentiable + "); hold its tensors in one Tensor[] ({w0, b0, w1, b1}) or in a record with"
        + " Tensor[] components (record Layers(Tensor[] w, Tensor[] b))";
  }

  /** A Tensor, a Tensor[], or a differentiable record with a Tensor (or Tensor[]) among its components. */
  static boolean isTensorValue(TypeMirror t) {
    if (isTensor(t) || t.getKind() == TypeKind.ARRAY && isTensor(((javax.lang.model.type.ArrayType) t).getComponentType())) {
      return true;
    }
    RecordShape shape = RecordShape.of(t);
    return shape != null && shape.components().stream().anyMatch(c -> c.differentiable() && isTensorValue(c.type()));
  }

  /** {@code dev.adjoint.Tensor} (not an array of them). */
  public static boolean isTensor(TypeMirror t) {
    return t.getKind() == TypeKind.DECLARED && t.toString().equals(TensorOps.TENSOR);
  }

  /** A {@code Tensor} or {@code Tensor[]} parameter. */
  public static boolean isTensorParameter(VariableElement p) {
    TypeMirror t = p.asType();
    return isTensor(t) || t.getKind() == TypeKind.ARRAY && isTensor(((javax.lang.model.type.ArrayType) t).getComponentType());
  }

  /**
   * Whether parameter p of m is differentiated when {@code wrt} names none: a method with Tensor (or
   * Tensor[]) parameters is differentiated with respect to those, as a PyTorch user marks tensors (and
   * the tape can differentiate nothing else); any other method with respect to every differentiable
   * parameter. Callers, the record and the tape decide with this one test.
   */
  public static boolean differentiatedByDefault(ExecutableElement m, VariableElement p) {
    boolean tensors = m.getParameters().stream().anyMatch(q -> isTensorValue(q.asType()));
    return tensors ? isTensorValue(p.asType()) : isDifferentiable(p.asType());
  }

  /** Whether parameter p of m is differentiated, given the names its {@code wrt} lists (none: the default). */
  public static boolean differentiates(ExecutableElement m, VariableElement p, List<String> wrt) {
    return wrt.isEmpty() ? differentiatedByDefault(m, p) : isDifferentiable(p.asType()) && wrt.contains(p.getSimpleName().toString());
  }

  /** Whether a method that can differentiate its receiver (a record's) does, given its {@code wrt}: by default, or as "this". */
  public static boolean differentiatesReceiver(List<String> wrt) {
    return wrt.isEmpty() || wrt.contains("this");
  }

  public static List<VariableElement> differentiableParams(ExecutableElement target) {
    List<VariableElement> out = new ArrayList<>();
    for (VariableElement p : target.getParameters()) {
      if (isDifferentiable(p.asType())) {
        out.add(p);
      }
    }
    return out;
  }

  private String expectedSignature(ExecutableElement target, String ruleName) {
    TypeMirror ret = expectedReturn(target);
    if (ret == null) {
      return null;
    }
    String params = target.getParameters().stream()
        .map(p -> simple(p.asType()) + " " + p.getSimpleName())
        .collect(Collectors.joining(", "));
    return "static " + simple(ret) + " " + ruleName + "(" + params + (params.isEmpty() ? "" : ", ")
        + simple(target.getReturnType()) + " seed)";
  }

  private static String describe(ExecutableElement m) {
    return m.getEnclosingElement().getSimpleName() + "." + m.getSimpleName() + "("
        + m.getParameters().stream().map(p -> simple(p.asType())).collect(Collectors.joining(", ")) + ")";
  }

  /**
   * A type that is not differentiable but holds tensors: {@code Tensor[][]}, {@code List<Tensor>},
   * {@code Map<String, Tensor>}, {@code Optional<Tensor[]>}. Its tensors are constants of the method.
   */
  public static boolean holdsUndifferentiatedTensors(TypeMirror t) {
    return !isDifferentiable(t) && mentionsTensor(t);
  }

  private static boolean mentionsTensor(TypeMirror t) {
    if (isTensor(t)) {
      return true;
    }
    if (t.getKind() == TypeKind.ARRAY) {
      return mentionsTensor(((javax.lang.model.type.ArrayType) t).getComponentType());
    }
    if (t instanceof javax.lang.model.type.WildcardType w) {
      return w.getExtendsBound() != null && mentionsTensor(w.getExtendsBound());
    }
    return t instanceof javax.lang.model.type.DeclaredType d && d.getTypeArguments().stream().anyMatch(RuleIndex::mentionsTensor);
  }

  /** A type as the user writes it with the usual imports: {@code Tensor[]}, {@code double}, {@code Object[]}. */
  public static String simple(TypeMirror t) {
    return t.toString().replaceAll("\\b(?:[a-z_][\\w]*\\.)+([A-Z])", "$1");
  }

  private void fail(DiagnosticSink sink, ExecutableElement rule, String message) {
    if (sink != null) {
      sink.error(DiagnosticId.CUSTOM_RULE, rule, message);
    }
  }

  /** Reports on the annotation's {@code of} value (the name that does not resolve). */
  private void failAtOf(DiagnosticSink sink, ExecutableElement rule, String message) {
    if (sink != null) {
      AnnotationMirror ann = Annotations.find(rule, Annotations.DERIVATIVE);
      AnnotationValue of = ann == null ? null : Annotations.value(elements, ann, "of");
      sink.error(DiagnosticId.CUSTOM_RULE, ann == null ? rule : new DiagnosticSink.AnnotationSite(rule, ann, of), message);
    }
  }

  private String key(ExecutableElement m) {
    return ((TypeElement) m.getEnclosingElement()).getQualifiedName() + "#" + m.getSimpleName() + "("
        + m.getParameters().stream().map(p -> types.erasure(p.asType()).toString()).collect(Collectors.joining(",")) + ")";
  }
}
