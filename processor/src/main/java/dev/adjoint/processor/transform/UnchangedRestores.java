package dev.adjoint.processor.transform;

import dev.adjoint.processor.analysis.IrWalk;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Stmt;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * On the joined body: a local saved into a temporary at the top level ({@code _t2 = s;}) and restored from it
 * later at the top level ({@code s = _t2;}), with no statement in between that writes the local, needs neither:
 * the restore would write the value the local already holds. lse's {@code s}, saved around the return's
 * {@code Math.log(s)} because its loop overwrites it more often than the reverse reads it, is one. The pair and
 * the temporary's declaration go when the temporary is used nowhere else.
 */
final class UnchangedRestores {
  private UnchangedRestores() {}

  /** The body without such pairs (the same list when there are none). */
  static List<Stmt> drop(List<Stmt> body) {
    Set<Stmt> dropped = Collections.newSetFromMap(new IdentityHashMap<>());
    for (int i = 0; i < body.size(); i++) {
      if (!(body.get(i) instanceof Stmt.Assign save) || !save.op().equals("=")
          || !(save.target() instanceof Expr.Var temp) || !(save.value() instanceof Expr.Var local)) {
        continue;
      }
      int restore = restoreOf(body, i + 1, local.name(), temp.name());
      Stmt.Decl declaration = declarationOf(body, temp.name());
      if (restore < 0 || declaration == null || uses(body, temp.name()) != 3
          || IrWalk.assignedNames(body.subList(i + 1, restore)).contains(local.name())) {
        continue;
      }
      dropped.add(save);
      dropped.add(body.get(restore));
      dropped.add(declaration);
    }
    if (dropped.isEmpty()) {
      return body;
    }
    List<Stmt> out = new ArrayList<>(body.size());
    for (Stmt s : body) {
      if (!dropped.contains(s)) {
        out.add(s);
      }
    }
    return out;
  }

  /** The index of the first top-level {@code local = temp;} from {@code from}, or -1. */
  private static int restoreOf(List<Stmt> body, int from, String local, String temp) {
    for (int j = from; j < body.size(); j++) {
      if (body.get(j) instanceof Stmt.Assign a && a.op().equals("=") && a.target() instanceof Expr.Var t
          && t.name().equals(local) && a.value() instanceof Expr.Var v && v.name().equals(temp)) {
        return j;
      }
    }
    return -1;
  }

  /** The top-level declaration of {@code name} without a value other than a literal, or null. */
  private static Stmt.Decl declarationOf(List<Stmt> body, String name) {
    for (Stmt s : body) {
      if (s instanceof Stmt.Decl d && d.var().name().equals(name) && (d.init() == null || d.init() instanceof Expr.Lit)) {
        return d;
      }
    }
    return null;
  }

  /** How many times the statements name the variable (declarations included). */
  private static int uses(List<Stmt> body, String name) {
    int[] count = {0};
    IrWalk.statements(body, s -> {
      if (s instanceof Stmt.Decl d && d.var().name().equals(name)) {
        count[0]++;
      }
      IrWalk.ownExpressions(s, e -> {
        if (e instanceof Expr.Var v && v.name().equals(name)) {
          count[0]++;
        }
      });
    });
    return count[0];
  }
}
