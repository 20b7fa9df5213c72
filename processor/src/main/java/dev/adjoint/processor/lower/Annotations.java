package dev.adjoint.processor.lower;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/** Reads Adjoint's annotations through mirrors (works for source and class files alike). */
public final class Annotations {
  public static final String DIFFERENTIABLE = "dev.adjoint.Differentiable";
  public static final String DERIVATIVE = "dev.adjoint.Derivative";

  private Annotations() {}

  public static AnnotationMirror find(Element element, String annotation) {
    for (AnnotationMirror m : element.getAnnotationMirrors()) {
      if (((TypeElement) m.getAnnotationType().asElement()).getQualifiedName().contentEquals(annotation)) {
        return m;
      }
    }
    return null;
  }

  public static boolean has(Element element, String annotation) {
    return find(element, annotation) != null;
  }

  /**
   * Whether the Gradients class has {@code mForward}/{@code mReverse} for {@code m}: it returns an array or a
   * tensor, or a number and takes a {@code double[]}/{@code float[]} (a caller's reverse then adds into its own
   * adjoint array of the argument, instead of scaling a pullback's array as long as the argument: a loop
   * calling {@code f(x, i)} would cost the length of {@code x} per trip), and no other {@code @Differentiable}
   * method of its class has its name and result type ({@code mReverse(Object, seed)} would be declared
   * twice). Callers, the reverse mode and the writer decide with this one test.
   */
  public static boolean hasSweepMethods(ExecutableElement m, javax.lang.model.util.Types types) {
    boolean tensor = m.getReturnType().toString().equals(TensorOps.TENSOR);
    boolean number = m.getReturnType().getKind() == javax.lang.model.type.TypeKind.DOUBLE
        || m.getReturnType().getKind() == javax.lang.model.type.TypeKind.FLOAT;
    List<String> wrt = explicitWrt(m);
    boolean takesFloatingArray = m.getParameters().stream().anyMatch(p -> isFloatingArray(p.asType())
        && (wrt.isEmpty() || wrt.contains(p.getSimpleName().toString())));
    // (a method with tensor values may run on the tape, whose sweeps are written for tensor results only)
    if (m.getReturnType().getKind() != javax.lang.model.type.TypeKind.ARRAY && !tensor
        && !(number && takesFloatingArray && !TapeLowerer.usesTape(m))) {
      return false;
    }
    for (Element other : m.getEnclosingElement().getEnclosedElements()) {
      if (other != m && other instanceof ExecutableElement o && o.getSimpleName().contentEquals(m.getSimpleName())
          && has(o, DIFFERENTIABLE) && types.isSameType(types.erasure(o.getReturnType()), types.erasure(m.getReturnType()))) {
        return false;
      }
    }
    return true;
  }

  /** {@code double[]}, {@code float[]}, or an array of them of any rank. */
  private static boolean isFloatingArray(javax.lang.model.type.TypeMirror t) {
    if (!(t instanceof javax.lang.model.type.ArrayType)) {
      return false;
    }
    while (t instanceof javax.lang.model.type.ArrayType a) {
      t = a.getComponentType();
    }
    return t.getKind() == javax.lang.model.type.TypeKind.DOUBLE || t.getKind() == javax.lang.model.type.TypeKind.FLOAT;
  }

  /** The names {@code @Differentiable(wrt = ...)} lists where it is written (empty: every parameter). */
  private static List<String> explicitWrt(ExecutableElement m) {
    AnnotationMirror differentiable = find(m, DIFFERENTIABLE);
    if (differentiable != null) {
      for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e : differentiable.getElementValues().entrySet()) {
        if (e.getKey().getSimpleName().contentEquals("wrt")) {
          return strings(e.getValue());
        }
      }
    }
    return List.of();
  }

  /** The strings of an array-valued annotation member (empty if it has none). */
  private static List<String> strings(AnnotationValue v) {
    List<String> names = new ArrayList<>();
    if (v != null && v.getValue() instanceof List<?> list) {
      for (Object o : list) {
        names.add(String.valueOf(((AnnotationValue) o).getValue()));
      }
    }
    return names;
  }

  /** The value of an annotation member, defaults included, or null. */
  public static AnnotationValue value(Elements elements, AnnotationMirror mirror, String member) {
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e :
        elements.getElementValuesWithDefaults(mirror).entrySet()) {
      if (e.getKey().getSimpleName().contentEquals(member)) {
        return e.getValue();
      }
    }
    return null;
  }

  /** {@code @Differentiable(wrt = ...)} as a list of names (empty = all). */
  public static List<String> wrt(Elements elements, AnnotationMirror differentiable) {
    return strings(value(elements, differentiable, "wrt"));
  }

  /** {@code @Differentiable(jvp = ...)}: true if forward mode ({@code mJvp}) is asked for. */
  public static boolean jvp(Elements elements, AnnotationMirror differentiable) {
    AnnotationValue v = differentiable == null ? null : value(elements, differentiable, "jvp");
    return v != null && Boolean.TRUE.equals(v.getValue());
  }

  /** {@code @Differentiable(vjp = ...)}: false if only forward mode is asked for (reverse mode is by default). */
  public static boolean vjp(Elements elements, AnnotationMirror differentiable) {
    AnnotationValue v = differentiable == null ? null : value(elements, differentiable, "vjp");
    return v == null || !Boolean.FALSE.equals(v.getValue());
  }

  /** {@code @Differentiable(strategy = ...)} as its constant name. */
  public static String strategy(Elements elements, AnnotationMirror differentiable) {
    AnnotationValue v = value(elements, differentiable, "strategy");
    return v == null ? "AUTO" : String.valueOf(v.getValue());
  }

  /**
   * Where to point a diagnostic about a member of the method's {@code @Differentiable}: the member's value
   * in the source, or the annotation if the member is not written, or the method if neither is there.
   */
  public static com.sun.source.tree.Tree memberTree(com.sun.source.tree.MethodTree tree, String member) {
    for (com.sun.source.tree.AnnotationTree a : tree.getModifiers().getAnnotations()) {
      String n = a.getAnnotationType().toString();
      if (n.equals("Differentiable") || n.endsWith(".Differentiable")) {
        for (com.sun.source.tree.ExpressionTree arg : a.getArguments()) {
          if (arg instanceof com.sun.source.tree.AssignmentTree as && as.getVariable().toString().equals(member)) {
            return as.getExpression();
          }
        }
        return a;
      }
    }
    return tree;
  }
}
