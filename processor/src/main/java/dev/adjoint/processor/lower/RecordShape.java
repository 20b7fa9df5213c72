package dev.adjoint.processor.lower;

import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;

/**
 * A record type seen as a differentiable value: its components in declaration order, each either a
 * differentiable leaf ({@code double}, {@code float}, arrays of them, {@code Tensor}, {@code Tensor[]}), a
 * nested record, or a constant (an {@code int} count, a {@code String} name). A record with at least one
 * differentiable leaf is a differentiable type: the lowering splits it into one variable per component, and
 * its gradient is a record of the same type whose constants are copied unchanged.
 *
 * @param type the record class
 * @param components its components
 */
public record RecordShape(TypeElement type, List<Component> components) {
  /**
   * One component.
   *
   * @param name the component's (and its accessor's) name
   * @param type its declared type
   * @param nested the nested record's shape, or null
   * @param differentiable whether it carries a derivative (a differentiable leaf, or a differentiable record)
   */
  public record Component(String name, TypeMirror type, RecordShape nested, boolean differentiable) {}

  /** The shape of a differentiable record type, or null for any other type (generic records are not split). */
  public static RecordShape of(TypeMirror t) {
    return of(t, 0);
  }

  private static RecordShape of(TypeMirror t, int depth) {
    if (depth > 8 || t.getKind() != TypeKind.DECLARED || !(((DeclaredType) t).asElement() instanceof TypeElement te)
        || te.getKind() != ElementKind.RECORD || !te.getTypeParameters().isEmpty()) {
      return null;
    }
    List<Component> components = new ArrayList<>();
    boolean any = false;
    for (RecordComponentElement c : te.getRecordComponents()) {
      TypeMirror ct = c.asType();
      RecordShape nested = of(ct, depth + 1);
      boolean leaf = nested == null && RuleIndex.isDifferentiableLeaf(ct);
      boolean differentiable = leaf || nested != null;
      any |= differentiable;
      components.add(new Component(c.getSimpleName().toString(), ct, nested, differentiable));
    }
    return any ? new RecordShape(te, List.copyOf(components)) : null;
  }

  /**
   * Where a type holds an array of records with differentiable components.
   *
   * @param path the component that is the array ({@code "layers"}, {@code "net.layers"}), {@code ""} for the type
   *     itself
   * @param type the array's type as javac prints it
   */
  public record RecordArray(String path, String type) {}

  /**
   * Where {@code t} holds an array of records with differentiable components (itself, or a component of a record
   * it is, at any depth), which nothing differentiates, or null if it holds none.
   */
  public static RecordArray recordArrayIn(TypeMirror t) {
    return recordArrayIn(t, "", 0);
  }

  private static RecordArray recordArrayIn(TypeMirror t, String path, int depth) {
    if (depth > 8) {
      return null;
    }
    TypeMirror element = t;
    while (element instanceof ArrayType a) {
      element = a.getComponentType();
    }
    if (element != t && (of(element) != null || recordArrayIn(element, "", depth + 1) != null)) {
      return new RecordArray(path, t.toString());
    }
    if (t.getKind() == TypeKind.DECLARED && ((DeclaredType) t).asElement() instanceof TypeElement te
        && te.getKind() == ElementKind.RECORD) {
      for (RecordComponentElement c : te.getRecordComponents()) {
        RecordArray found = recordArrayIn(c.asType(), path.isEmpty() ? c.getSimpleName().toString()
            : path + "." + c.getSimpleName(), depth + 1);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  /** The shape of m's receiver if m is an instance method of a differentiable record, else null. */
  public static RecordShape ofReceiver(ExecutableElement m) {
    return m.getModifiers().contains(Modifier.STATIC) ? null : of(m.getEnclosingElement().asType());
  }

  /** The record's qualified name. */
  public String name() {
    return type.getQualifiedName().toString();
  }

  /** The accessor of component {@code name}, or -1. */
  public int indexOf(String name) {
    for (int i = 0; i < components.size(); i++) {
      if (components.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Why generated code cannot take this record apart and build it again, or null if it can: it, an accessor
   * or its canonical constructor is private.
   */
  public String problem() {
    if (!Lowerer.accessible(type)) {
      return "the record " + type.getSimpleName() + " is private (make it package-private)";
    }
    for (ExecutableElement c : ElementFilter.constructorsIn(type.getEnclosedElements())) {
      if (c.getParameters().size() == components.size() && c.getModifiers().contains(Modifier.PRIVATE)) {
        return "the canonical constructor of " + type.getSimpleName() + " is private (make it package-private)";
      }
    }
    for (ExecutableElement m : ElementFilter.methodsIn(type.getEnclosedElements())) {
      if (m.getParameters().isEmpty() && indexOf(m.getSimpleName().toString()) >= 0 && m.getModifiers().contains(Modifier.PRIVATE)) {
        return "the accessor " + type.getSimpleName() + "." + m.getSimpleName() + "() is private";
      }
    }
    for (Component c : components) {
      if (c.nested() != null && c.nested().problem() != null) {
        return c.nested().problem();
      }
    }
    return null;
  }
}
