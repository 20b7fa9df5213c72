package dev.adjoint.processor;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.ImportTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreeScanner;
import com.sun.source.util.Trees;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.Elements;

/**
 * Which classes javac must not attribute yet, in one round: those where it would infer a type (a
 * {@code var} local, an implicitly typed lambda parameter) that may involve a generated class that does
 * not exist yet ({@code var g = FooGradients.f(x);} before {@code FooGradients} is written).
 *
 * <p>Why: reading a method's types makes javac attribute its whole top-level class (and its superclasses
 * first). Attribution replaces the implicit type of each such variable by a tree of the type it
 * inferred, an error type when the initializer names a class that is missing; javac keeps that tree for
 * the next rounds (it resets the symbols and types of the trees, not that one). Once the class exists,
 * the variable still has the error type and javac reports nothing, so it goes on and crashes (javac 17
 * and 25: {@code NullPointerException} in {@code Flow}, {@code ClassCastException} or {@code AssertionError}
 * in {@code TransTypes}, {@code AssertionError} in {@code Code.typecode}). A variable inferred from a class
 * that never appears is harmless: javac reports the missing class itself.
 *
 * <p>A top-level class is at risk if it has an implicitly typed variable and it mentions a class named
 * {@code ...Gradients} that does not resolve, or a member whose declared type (of any class of this
 * compilation) is an error type, as {@code static FooGradients.FGradient make()} in a helper class.
 * Only the parse trees and the elements' signatures are read: nothing is attributed.
 */
final class UnwrittenTypes {
  private final Trees trees;
  private final Elements elements;
  private final Collection<String> rootTypes;
  private final Map<TypeElement, String> awaited = new HashMap<>();
  private Set<String> membersOfUnknownType;

  /**
   * @param rootTypes the qualified names of the top-level classes compiled from source so far (their
   *     members' signatures are checked for error types)
   */
  UnwrittenTypes(Trees trees, Elements elements, Collection<String> rootTypes) {
    this.trees = trees;
    this.elements = elements;
    this.rootTypes = rootTypes;
  }

  /**
   * Why javac must not attribute {@code type} now (it, its enclosing classes and its source superclasses):
   * what it would infer a type from before it exists (a class, or a member whose declared type does not exist
   * yet), said for a message; or null if javac can attribute it.
   */
  String awaited(TypeElement type) {
    for (TypeElement top : attributedWith(type)) {
      String awaited = this.awaited.computeIfAbsent(top, t -> Objects.requireNonNullElse(awaitedBy(t), ""));
      if (!awaited.isEmpty()) {
        return awaited;
      }
    }
    return null;
  }

  /** The top-level classes javac attributes with {@code type}: its own, and those of its source superclasses. */
  private Set<TypeElement> attributedWith(TypeElement type) {
    Set<TypeElement> tops = new LinkedHashSet<>();
    Set<TypeElement> seen = new HashSet<>();
    Deque<TypeElement> work = new ArrayDeque<>();
    work.add(type);
    while (!work.isEmpty()) {
      TypeElement t = work.pop();
      if (!seen.add(t)) {
        continue;
      }
      TypeElement top = t;
      for (Element e = t; e instanceof TypeElement te; e = te.getEnclosingElement()) {
        top = te;
        if (te.getSuperclass() instanceof DeclaredType s && s.asElement() instanceof TypeElement superclass
            && trees.getPath(superclass) != null) {
          work.add(superclass);
        }
      }
      tops.add(top);
    }
    return tops;
  }

  private String awaitedBy(TypeElement top) {
    TreePath path = trees.getPath(top);
    if (path == null) {
      return null;
    }
    CompilationUnitTree unit = path.getCompilationUnit();
    Mentions mentions = new Mentions();
    mentions.scan(path.getLeaf(), null);
    if (!mentions.inferred) {
      return null;
    }
    String pkg = unit.getPackageName() == null ? "" : unit.getPackageName().toString();
    for (String name : mentions.gradientsNames) {
      if (!resolves(name, pkg, unit, top, mentions)) {
        return name + ", which Adjoint writes during this compilation";
      }
    }
    for (String dotted : mentions.qualifiedGradientsNames) {
      int dot = dotted.lastIndexOf('.');
      if (elements.getTypeElement(dotted) == null && elements.getPackageElement(dotted.substring(0, dot)) != null) {
        return dotted + ", which Adjoint writes during this compilation";
      }
    }
    Set<String> unknown = membersOfUnknownType();
    for (String name : mentions.names) {
      if (unknown.contains(name)) {
        return name + ", whose declared type does not exist yet";
      }
    }
    return null;
  }

  /** A simple name ending in {@code Gradients}: a type of this package, imported, declared or inherited here, or a variable. */
  private boolean resolves(String name, String pkg, CompilationUnitTree unit, TypeElement top, Mentions mentions) {
    if (mentions.declared.contains(name) || elements.getTypeElement(pkg.isEmpty() ? name : pkg + "." + name) != null
        || elements.getTypeElement("java.lang." + name) != null) {
      return true;
    }
    for (ImportTree i : unit.getImports()) {
      String imported = i.getQualifiedIdentifier().toString();
      if (imported.endsWith("." + name) && elements.getTypeElement(imported) != null
          || imported.endsWith(".*") && elements.getTypeElement(imported.substring(0, imported.length() - 1) + name) != null) {
        return true;
      }
    }
    return inheritedBy(top, name);
  }

  /** A member (a nested type or a field) named {@code name} that {@code type} or one of its member classes inherits. */
  private boolean inheritedBy(TypeElement type, String name) {
    for (Element member : elements.getAllMembers(type)) {
      if (member.getSimpleName().contentEquals(name)
          || member instanceof TypeElement nested && nested.getEnclosingElement().equals(type) && inheritedBy(nested, name)) {
        return true;
      }
    }
    return false;
  }

  /** The simple names of the methods and fields, of every class compiled from source, whose declared type is an error. */
  private Set<String> membersOfUnknownType() {
    if (membersOfUnknownType == null) {
      membersOfUnknownType = new HashSet<>();
      for (String name : rootTypes) {
        TypeElement t = elements.getTypeElement(name);
        if (t != null) {
          collectMembersOfUnknownType(t);
        }
      }
    }
    return membersOfUnknownType;
  }

  private void collectMembersOfUnknownType(TypeElement type) {
    for (Element member : type.getEnclosedElements()) {
      if (member instanceof TypeElement nested) {
        collectMembersOfUnknownType(nested);
      } else if (member instanceof ExecutableElement m && m.getKind() == ElementKind.METHOD && hasError(m.getReturnType())
          || member instanceof VariableElement f && hasError(f.asType())) {
        membersOfUnknownType.add(member.getSimpleName().toString());
      }
    }
  }

  private static boolean hasError(TypeMirror t) {
    if (t.getKind() == TypeKind.ERROR) {
      return true;
    }
    if (t instanceof ArrayType a) {
      return hasError(a.getComponentType());
    }
    if (t instanceof WildcardType w) {
      return w.getExtendsBound() != null && hasError(w.getExtendsBound()) || w.getSuperBound() != null && hasError(w.getSuperBound());
    }
    if (t instanceof DeclaredType d) {
      for (TypeMirror a : d.getTypeArguments()) {
        if (hasError(a)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean gradientsLike(String name) {
    return name.length() > "Gradients".length() && name.endsWith("Gradients") && Character.isUpperCase(name.charAt(0));
  }

  /** What one compilation unit mentions, read from its parse tree. */
  private final class Mentions extends TreeScanner<Void, Void> {
    /** An implicitly typed variable: {@code var}, or a lambda parameter without a type. */
    boolean inferred;
    final Set<String> names = new HashSet<>();
    final Set<String> gradientsNames = new LinkedHashSet<>();
    final Set<String> qualifiedGradientsNames = new LinkedHashSet<>();
    /** Classes and variables declared in the class, by simple name. */
    final Set<String> declared = new HashSet<>();

    @Override
    public Void visitClass(ClassTree tree, Void p) {
      declared.add(tree.getSimpleName().toString());
      return super.visitClass(tree, p);
    }

    @Override
    public Void visitVariable(VariableTree tree, Void p) {
      inferred |= tree.getType() == null;
      declared.add(tree.getName().toString());
      return super.visitVariable(tree, p);
    }

    @Override
    public Void visitIdentifier(IdentifierTree tree, Void p) {
      String name = tree.getName().toString();
      names.add(name);
      if (gradientsLike(name)) {
        gradientsNames.add(name);
      }
      return null;
    }

    @Override
    public Void visitMemberSelect(MemberSelectTree tree, Void p) {
      String name = tree.getIdentifier().toString();
      names.add(name);
      if (gradientsLike(name) && dotted(tree.getExpression())) {
        qualifiedGradientsNames.add(tree.toString());
      }
      return super.visitMemberSelect(tree, p);
    }

    private boolean dotted(ExpressionTree e) {
      while (e instanceof MemberSelectTree s) {
        e = s.getExpression();
      }
      return e instanceof IdentifierTree;
    }
  }
}
