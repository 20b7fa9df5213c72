package dev.adjoint.processor.lower;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import dev.adjoint.processor.Diagnostics;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * The calls of functions with a {@code @Derivative} rule in the code the tape runs. The tape runs a method's own
 * code and records the tensor operations it performs, so a ruled function called there runs its plain code and
 * its rule is never applied: the gradient would be the plain code's, silently. This finds such calls in the
 * method and, through the methods it calls whose source is in the same top-level class (javac has attributed
 * that class to read the method; reading another would attribute it too, which may not be safe yet, see
 * {@code UnwrittenTypes}), in its callees.
 */
final class TapeRuledCalls {
  /**
   * A call in the method that reaches a function with a rule.
   *
   * @param site the call (or method reference) in the method's own body
   * @param siteText its source text and line, {@code `quantize(w)` at line 13}
   * @param through the callees between the method and the ruled function ({@code Ste.block}), or empty if
   *     {@code site} is the ruled call itself
   * @param ruledText the ruled call's source text and line ({@code siteText} if {@code through} is empty)
   * @param target the function with the rule
   * @param rule its {@code @Derivative} method
   */
  record Found(Tree site, String siteText, List<String> through, String ruledText, ExecutableElement target,
      ExecutableElement rule) {}

  private final Trees trees;
  private final RuleIndex rules;
  private final TypeElement top;
  /** Callees read before that reach no ruled call. */
  private final Set<ExecutableElement> clean = new HashSet<>();

  private TapeRuledCalls(Trees trees, RuleIndex rules, TypeElement top) {
    this.trees = trees;
    this.rules = rules;
    this.top = top;
  }

  /** Every call (or method reference) in the method's body that reaches a ruled function, in source order. */
  static List<Found> find(Trees trees, RuleIndex rules, ExecutableElement method, TreePath path) {
    TapeRuledCalls finder = new TapeRuledCalls(trees, rules, topLevel(method));
    List<Found> found = new ArrayList<>();
    MethodTree tree = (MethodTree) path.getLeaf();
    if (tree.getBody() == null) {
      return found;
    }
    Set<ExecutableElement> visiting = new HashSet<>();
    visiting.add(method);
    finder.scan(new TreePath(path, tree.getBody()), path.getCompilationUnit(), (site, callee) -> {
      Found f = finder.reached(site, callee, path.getCompilationUnit(), visiting);
      if (f != null) {
        found.add(f);
      }
    });
    return found;
  }

  /**
   * The ruled call {@code site} reaches: itself if {@code callee} has a rule, else the first ruled call in
   * {@code callee}'s source (the callees on the way in {@link Found#through}); null if none.
   */
  private Found reached(Tree site, ExecutableElement callee, CompilationUnitTree unit, Set<ExecutableElement> visiting) {
    ExecutableElement rule = rules.ruleFor(callee);
    if (rule != null) {
      String text = describe(site, unit);
      return new Found(site, text, List.of(), text, callee, rule);
    }
    Found inner = through(callee, visiting);
    return inner == null ? null
        : new Found(site, describe(site, unit), inner.through(), inner.ruledText(), inner.target(), inner.rule());
  }

  /**
   * The first ruled call {@code callee}'s source reaches, with {@code callee} and the callees after it in
   * {@link Found#through}; null if none, or if its source is not read here.
   */
  private Found through(ExecutableElement callee, Set<ExecutableElement> visiting) {
    if (top == null || !top.equals(topLevel(callee)) || clean.contains(callee) || !visiting.add(callee)) {
      return null;
    }
    try {
      TreePath path = trees.getPath(callee);
      if (path == null || !(path.getLeaf() instanceof MethodTree tree) || tree.getBody() == null) {
        return null;
      }
      Found[] first = {null};
      scan(new TreePath(path, tree.getBody()), path.getCompilationUnit(), (site, next) -> {
        if (first[0] == null) {
          first[0] = reached(site, next, path.getCompilationUnit(), visiting);
        }
      });
      if (first[0] == null) {
        clean.add(callee);
        return null;
      }
      List<String> chain = new ArrayList<>();
      chain.add(callee.getEnclosingElement().getSimpleName() + "." + callee.getSimpleName());
      chain.addAll(first[0].through());
      Found f = first[0];
      return new Found(f.site(), f.siteText(), List.copyOf(chain), f.ruledText(), f.target(), f.rule());
    } finally {
      visiting.remove(callee);
    }
  }

  /** What to do with each call or method reference of a method under {@code body}. */
  private interface Visit {
    void call(Tree site, ExecutableElement callee);
  }

  private void scan(TreePath body, CompilationUnitTree unit, Visit visit) {
    new TreePathScanner<Void, Void>() {
      @Override
      public Void visitMethodInvocation(MethodInvocationTree node, Void p) {
        super.visitMethodInvocation(node, p); // the arguments run first
        visitElement(node);
        return null;
      }

      @Override
      public Void visitMemberReference(MemberReferenceTree node, Void p) {
        super.visitMemberReference(node, p);
        visitElement(node);
        return null;
      }

      @Override
      public Void visitClass(ClassTree node, Void p) {
        return null; // a local or anonymous class: its methods are not this body's code
      }

      private void visitElement(Tree node) {
        Element e = trees.getElement(getCurrentPath());
        if (e instanceof ExecutableElement callee && callee.getEnclosingElement() instanceof TypeElement) {
          visit.call(node, callee);
        }
      }
    }.scan(body, null);
  }

  /** {@code `quantize(w)` at line 13}: the source text on one line. */
  private String describe(Tree tree, CompilationUnitTree unit) {
    return Diagnostics.describe(trees, unit, tree);
  }

  private static TypeElement topLevel(Element e) {
    TypeElement top = null;
    for (Element x = e; x != null; x = x.getEnclosingElement()) {
      if (x instanceof TypeElement t) {
        top = t;
      }
    }
    return top;
  }
}
