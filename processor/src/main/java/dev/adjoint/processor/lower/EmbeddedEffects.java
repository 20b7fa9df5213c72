package dev.adjoint.processor.lower;

import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.TreeScanner;
import com.sun.source.util.Trees;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;

/**
 * Finds the increments, decrements and chained assignments a statement makes inside its expressions
 * ({@code s += x[i++]}, {@code a = b = 0}) that can run as statements of their own without changing what
 * the statement computes, so the lowering can split them out: a prefix change or an inner assignment
 * runs before the statement, a postfix change after it, and the expression reads the variable instead.
 *
 * <p>The move keeps the program's meaning when the variable changed is a local that the statement uses
 * nowhere else (no other use can tell the old value from the new one; an assignment's own value, evaluated
 * before it either way, may read it: {@code c = a = a.add(b)}), and the change runs exactly once
 * (not in a branch of {@code ?:}, behind {@code &&}/{@code ||}, in a switch expression or a lambda). An
 * assignment inside an expression must also be the whole value of an assignment, a declaration or a
 * return ({@code a = b = v}): anywhere else moving it would move its value's evaluation ahead of the
 * operands to its left. Everything else is refused, with the reason, and stays an error.
 */
final class EmbeddedEffects {
  /**
   * What to split out of one statement.
   *
   * @param before changes to run as statements before it, in the order Java evaluates them
   * @param after changes to run as statements after it
   * @param readInstead the change expressions that now read their variable
   * @param refused the change expressions that stay inside, with why they cannot move
   */
  record Plan(List<TreePath> before, List<TreePath> after, Set<Tree> readInstead, Map<Tree, String> refused) {
    static final Plan NONE = new Plan(List.of(), List.of(), Set.of(), Map.of());

    /** Why the change {@code t} cannot run as a statement of its own. */
    String whyRefused(Tree t) {
      return refused.getOrDefault(t, "it is in a condition or a loop header, where no statement can run before "
          + "or after it");
    }
  }

  private static final String NOT_A_CHAIN = "only a chain of assignments (`a = b = value`) can be split, where "
      + "the inner assignment is the whole value of the outer one, of a declaration or of a return";

  private final Trees trees;
  private final Map<Element, Integer> uses = new HashMap<>();
  private final List<TreePath> before = new ArrayList<>();
  private final List<TreePath> after = new ArrayList<>();
  private final Set<Tree> readInstead = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Map<Tree, String> refused = new IdentityHashMap<>();

  private EmbeddedEffects(Trees trees) {
    this.trees = trees;
  }

  /** True for the statements whose expressions may carry changes to split out. */
  static boolean splits(Tree statement) {
    return statement instanceof VariableTree || statement instanceof ExpressionStatementTree
        || statement instanceof ReturnTree;
  }

  /**
   * The plan for one statement: a local declaration, an expression statement (also a for loop's update) or a
   * return.
   */
  static Plan of(TreePath statement, Trees trees) {
    EmbeddedEffects e = new EmbeddedEffects(trees);
    e.uses.putAll(e.usesIn(statement));
    Tree leaf = statement.getLeaf();
    if (leaf instanceof VariableTree v && v.getInitializer() != null) {
      e.scan(new TreePath(statement, v.getInitializer()), false, null);
    } else if (leaf instanceof ReturnTree r && r.getExpression() != null) {
      e.scan(new TreePath(statement, r.getExpression()), false, null);
    } else if (leaf instanceof ExpressionStatementTree s) {
      e.statementExpression(new TreePath(statement, s.getExpression()));
    }
    if (e.readInstead.isEmpty() && e.refused.isEmpty()) {
      return Plan.NONE;
    }
    // a return ends the method: what would run after it never does
    List<TreePath> after = leaf instanceof ReturnTree ? List.of() : List.copyOf(e.after);
    return new Plan(List.copyOf(e.before), after, e.readInstead, e.refused);
  }

  /** The statement's own assignment or change is not embedded; its parts are. */
  private void statementExpression(TreePath path) {
    Tree t = path.getLeaf();
    if (t instanceof AssignmentTree a) {
      lvalueParts(new TreePath(path, a.getVariable()));
      // Java evaluates a call in the target (a[index(k)] = b = v) before v: moving b = v ahead would reorder them
      scan(new TreePath(path, a.getExpression()), false, callsIn(a.getVariable())
          ? "the assigned element's index calls a method, which must run before the inner assignment's value" : null);
    } else if (t instanceof CompoundAssignmentTree a) {
      lvalueParts(new TreePath(path, a.getVariable()));
      scan(new TreePath(path, a.getExpression()), false, NOT_A_CHAIN);
    } else if (t instanceof UnaryTree u && isChange(u)) {
      lvalueParts(new TreePath(path, u.getExpression()));
    } else {
      scan(path, false, NOT_A_CHAIN);
    }
  }

  /** An assigned element's index and array are evaluated as expressions; a plain variable is not read. */
  private void lvalueParts(TreePath target) {
    Tree t = unparenthesized(target.getLeaf());
    if (!(t instanceof IdentifierTree)) {
      scan(target, false, NOT_A_CHAIN);
    }
  }

  /**
   * Visits an expression in Java's order of evaluation.
   *
   * @param conditional whether the expression may not run (a branch of {@code ?:}, behind {@code &&}/{@code ||})
   * @param chainRefusal null where an assignment may be split out (the whole value of an assignment, a
   *     declaration or a return), else why not
   */
  private void scan(TreePath path, boolean conditional, String chainRefusal) {
    Tree t = path.getLeaf();
    switch (t.getKind()) {
      case PARENTHESIZED -> scan(new TreePath(path, ((ParenthesizedTree) t).getExpression()), conditional, chainRefusal);
      case PREFIX_INCREMENT, PREFIX_DECREMENT, POSTFIX_INCREMENT, POSTFIX_DECREMENT -> {
        UnaryTree u = (UnaryTree) t;
        String refusal = refusal(new TreePath(path, u.getExpression()), conditional, "increment", Map.of());
        if (refusal != null) {
          refused.put(t, refusal);
          scan(new TreePath(path, u.getExpression()), conditional, NOT_A_CHAIN);
        } else {
          readInstead.add(t);
          boolean prefix = t.getKind() == Tree.Kind.PREFIX_INCREMENT || t.getKind() == Tree.Kind.PREFIX_DECREMENT;
          (prefix ? before : after).add(path);
        }
      }
      case ASSIGNMENT -> {
        AssignmentTree a = (AssignmentTree) t;
        String refusal = chainRefusal != null ? chainRefusal
            : refusal(new TreePath(path, a.getVariable()), conditional, "assignment",
                // its own value is evaluated before it either way (c = a = a.add(b))
                usesIn(new TreePath(path, a.getExpression())));
        if (refusal != null) {
          refused.put(t, refusal);
          scan(new TreePath(path, a.getExpression()), conditional, NOT_A_CHAIN);
        } else {
          // its value first: a chain a = b = c = v runs c = v, then b = c, then a = b
          scan(new TreePath(path, a.getExpression()), conditional, null);
          readInstead.add(t);
          before.add(path);
        }
      }
      case MULTIPLY_ASSIGNMENT, DIVIDE_ASSIGNMENT, REMAINDER_ASSIGNMENT, PLUS_ASSIGNMENT, MINUS_ASSIGNMENT,
          LEFT_SHIFT_ASSIGNMENT, RIGHT_SHIFT_ASSIGNMENT, UNSIGNED_RIGHT_SHIFT_ASSIGNMENT, AND_ASSIGNMENT,
          XOR_ASSIGNMENT, OR_ASSIGNMENT -> {
        refused.put(t, "only `=` can be split out of an expression, not a compound assignment");
        scan(new TreePath(path, ((CompoundAssignmentTree) t).getExpression()), conditional, NOT_A_CHAIN);
      }
      case CONDITIONAL_EXPRESSION -> {
        ConditionalExpressionTree c = (ConditionalExpressionTree) t;
        scan(new TreePath(path, c.getCondition()), conditional, NOT_A_CHAIN);
        scan(new TreePath(path, c.getTrueExpression()), true, NOT_A_CHAIN);
        scan(new TreePath(path, c.getFalseExpression()), true, NOT_A_CHAIN);
      }
      case CONDITIONAL_AND, CONDITIONAL_OR -> {
        BinaryTree b = (BinaryTree) t;
        scan(new TreePath(path, b.getLeftOperand()), conditional, NOT_A_CHAIN);
        scan(new TreePath(path, b.getRightOperand()), true, NOT_A_CHAIN);
      }
      case LAMBDA_EXPRESSION, SWITCH_EXPRESSION -> {
        // their statements are lowered (or refused) on their own
      }
      default -> {
        if (t instanceof NewClassTree n && n.getClassBody() != null) {
          return;
        }
        new TreePathScanner<Void, Void>() {
          @Override
          public Void scan(Tree tree, Void p) {
            if (tree == null) {
              return null;
            }
            if (tree != t && tree instanceof ExpressionTree) {
              EmbeddedEffects.this.scan(new TreePath(getCurrentPath(), tree), conditional, NOT_A_CHAIN);
              return null;
            }
            return super.scan(tree, p);
          }
        }.scan(path, null);
      }
    }
  }

  /** Null if the change of {@code target} can run as a statement of its own, else why it cannot. */
  private String refusal(TreePath target, boolean conditional, String what, Map<Element, Integer> harmlessUses) {
    Tree t = unparenthesized(target.getLeaf());
    Element e = t instanceof IdentifierTree ? trees.getElement(target) : null;
    if (e == null || (e.getKind() != ElementKind.LOCAL_VARIABLE && e.getKind() != ElementKind.PARAMETER)) {
      return "only the " + what + " of a local variable can be split out of an expression";
    }
    if (conditional) {
      return "it runs only on one side of `?:`, `&&` or `||`";
    }
    if (uses.getOrDefault(e, 0) - harmlessUses.getOrDefault(e, 0) > 1) {
      return "`" + e.getSimpleName() + "` is used elsewhere in the statement too, so which use sees the old value "
          + "matters";
    }
    return null;
  }

  /** How often each variable is named in the tree. */
  private Map<Element, Integer> usesIn(TreePath tree) {
    Map<Element, Integer> counts = new HashMap<>();
    new TreePathScanner<Void, Void>() {
      @Override
      public Void visitIdentifier(IdentifierTree node, Void p) {
        Element e = trees.getElement(getCurrentPath());
        if (e != null) {
          counts.merge(e, 1, Integer::sum);
        }
        return null;
      }
    }.scan(tree, null);
    return counts;
  }

  private static boolean callsIn(Tree t) {
    boolean[] found = {false};
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitMethodInvocation(MethodInvocationTree node, Void p) {
        found[0] = true;
        return null;
      }

      @Override
      public Void visitNewClass(NewClassTree node, Void p) {
        found[0] = true;
        return null;
      }
    }.scan(t, null);
    return found[0];
  }

  private static boolean isChange(UnaryTree u) {
    return switch (u.getKind()) {
      case PREFIX_INCREMENT, PREFIX_DECREMENT, POSTFIX_INCREMENT, POSTFIX_DECREMENT -> true;
      default -> false;
    };
  }

  /** The tree inside any parentheses around it. */
  static Tree unparenthesized(Tree t) {
    while (t instanceof ParenthesizedTree p) {
      t = p.getExpression();
    }
    return t;
  }
}
