package dev.adjoint.processor.property;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Writes random, well-typed {@code @Differentiable static double} methods: straight-line code with
 * Math functions on safe domains, branches on active values, for/while/do loops with constant and
 * value-dependent trip counts, enhanced for, break/continue/early return, local arrays updated in
 * place, and calls to earlier generated methods (also in other classes). Values are kept bounded by
 * construction (squashing functions, contracting updates) so finite differences stay meaningful.
 *
 * <p>Deterministic for a given seed.
 */
final class ProgramGenerator {
  static final String PACKAGE = "gen";
  /** Length of every array argument the test passes, and of every local array. */
  static final int ARRAY_LENGTH = 3;

  record Param(String name, boolean array) {}

  /** A generated method; {@code wrt} names the differentiated parameters (empty: all of them). */
  /**
   * A generated method. One with an array result ({@code arrayResult}) is checked through its callers:
   * they run its forward sweep where they call it and its reverse in theirs, and may write into its result.
   */
  record GenMethod(String className, String name, List<Param> params, String source, List<String> wrt, boolean arrayResult) {
    GenMethod(String className, String name, List<Param> params, String source) {
      this(className, name, params, source, List.of(), false);
    }

    String qualifiedClass() {
      return PACKAGE + "." + className;
    }

    /** Generated with {@code vjp = false}: only its {@code mJvp} exists. */
    boolean forwardOnly() {
      return source.contains("vjp = false");
    }

    boolean differentiated(Param p) {
      return wrt.isEmpty() || wrt.contains(p.name());
    }
  }

  record Program(Map<String, String> sources, List<GenMethod> methods) {}

  private final Random rnd;
  private final List<GenMethod> done = new ArrayList<>();

  // per-method state
  private StringBuilder out;
  private int indent;
  private int names;
  private final Deque<List<String>> scalarScopes = new ArrayDeque<>();
  private final Deque<List<String>> arrayScopes = new ArrayDeque<>();
  private final Deque<List<String>> counterScopes = new ArrayDeque<>();
  /** Innermost enclosing loop kinds: 'f' for (continue allowed), 'w' while/do (break only). */
  private final Deque<Character> loops = new ArrayDeque<>();
  private int nesting;
  private String currentClass;
  /** Whether the method being generated returns an array (its early returns return new arrays). */
  private boolean returnsArray;

  /** Whether methods take and return float (float[] arrays, float locals) instead of double. */
  private final boolean floats;
  /** Whether every method asks for forward mode too ({@code jvp = true}). */
  private final boolean jvp;

  ProgramGenerator(long seed) {
    this(seed, false);
  }

  ProgramGenerator(long seed, boolean floats) {
    this(seed, floats, false);
  }

  ProgramGenerator(long seed, boolean floats, boolean jvp) {
    this.rnd = new Random(seed);
    this.floats = floats;
    this.jvp = jvp;
  }

  boolean floats() {
    return floats;
  }

  /** The scalar type of parameters, results and declared locals. */
  private String t() {
    return floats ? "float" : "double";
  }

  /** A value assigned to a scalar or element of type {@link #t()}: Math returns double, so narrow it. */
  private String cast(String e) {
    return floats ? "(float) (" + e + ")" : e;
  }

  Program generate(int classes, int methodsPerClass) {
    Map<String, StringBuilder> bodies = new LinkedHashMap<>();
    for (int c = 0; c < classes; c++) {
      bodies.put("Gen" + c, new StringBuilder());
    }
    // Interleave classes so calls go both ways between classes (never cyclic: only to earlier methods).
    int total = classes * methodsPerClass;
    for (int g = 0; g < total; g++) {
      currentClass = "Gen" + (g % classes);
      GenMethod m = method("m" + g);
      done.add(m);
      bodies.get(currentClass).append(m.source()).append('\n');
    }
    Map<String, String> sources = new LinkedHashMap<>();
    bodies.forEach((name, body) -> sources.put(PACKAGE + "." + name,
        "package " + PACKAGE + ";\n\nimport dev.adjoint.AD;\nimport dev.adjoint.Differentiable;\n\nfinal class " + name + " {\n  private "
            + name + "() {}\n\n" + body + "}\n"));
    return new Program(sources, List.copyOf(done));
  }

  private GenMethod method(String name) {
    out = new StringBuilder();
    indent = 2;
    names = 0;
    nesting = 0;
    scalarScopes.clear();
    arrayScopes.clear();
    counterScopes.clear();
    loops.clear();
    List<Param> params = new ArrayList<>();
    int scalars = 1 + rnd.nextInt(3);
    for (int i = 0; i < scalars; i++) {
      params.add(new Param("x" + i, false));
    }
    if (rnd.nextInt(3) == 0) {
      params.add(new Param("a", true));
    }
    pushScope();
    StringBuilder sig = new StringBuilder();
    for (Param p : params) {
      sig.append(sig.length() == 0 ? "" : ", ").append(p.array() ? t() + "[] " : t() + " ").append(p.name());
      (p.array() ? arrayScopes : scalarScopes).peek().add(p.name());
    }
    List<String> wrt = new ArrayList<>();
    if (params.size() >= 2 && rnd.nextInt(4) == 0) {
      // A proper, non-empty subset: callers must pass AD.withoutDerivative(...) into the others.
      for (Param p : params) {
        // Arrays stay differentiated: a caller has only active arrays to pass.
        if (p.array() || rnd.nextBoolean()) {
          wrt.add(p.name());
        }
      }
      if (wrt.size() == params.size()) {
        wrt.remove(params.get(0).name()); // x0: always a scalar
      }
      if (wrt.isEmpty()) {
        wrt.add(params.get(params.size() - 1).name());
      }
    }
    boolean arrayResult = done.size() >= 2 && rnd.nextInt(4) == 0;
    returnsArray = arrayResult;
    List<String> members = new ArrayList<>();
    if (!wrt.isEmpty()) {
      members.add("wrt = {\"" + String.join("\", \"", wrt) + "\"}");
    }
    if (jvp) {
      members.add("jvp = true");
    }
    line(members.isEmpty() ? "@Differentiable" : "@Differentiable(" + String.join(", ", members) + ")");
    line("static " + t() + (arrayResult ? "[] " : " ") + name + "(" + sig + ") {");
    indent++;
    int statements = 3 + rnd.nextInt(6);
    for (int i = 0; i < statements; i++) {
      statement();
    }
    if (arrayResult) {
      // a new array: a local one the body filled (its elements read back in the reverse), or a fresh one
      List<String> locals = localArrays();
      if (!locals.isEmpty() && rnd.nextBoolean()) {
        line("return " + locals.get(rnd.nextInt(locals.size())) + ";");
      } else {
        String r = fresh("res");
        line(t() + "[] " + r + " = new " + t() + "[" + ARRAY_LENGTH + "];");
        for (int k = 0; k < ARRAY_LENGTH; k++) {
          line(r + "[" + k + "] = " + cast(returnExpr()) + ";");
        }
        line("return " + r + ";");
      }
    } else {
      line("return " + cast(returnExpr()) + ";");
    }
    indent--;
    line("}");
    popScope();
    return new GenMethod(currentClass, name, List.copyOf(params), out.toString(), List.copyOf(wrt), arrayResult);
  }

  // ---- statements ----

  private void statement() {
    int pick = rnd.nextInt(100);
    boolean canNest = nesting < 2;
    if (pick < 18) {
      if (nesting > 0 && rnd.nextInt(10) < 7) {
        assignScalar(); // a local declared in a nested block is often dead: prefer writing outer ones
      } else {
        declareScalar();
      }
    } else if (pick < 30) {
      assignScalar();
    } else if (pick < 40) {
      compoundAssign();
    } else if (pick < 48 && canNest) {
      ifElse();
    } else if (pick < 56 && canNest) {
      forLoop();
    } else if (pick < 61 && canNest) {
      whileActive();
    } else if (pick < 64 && canNest) {
      doWhile();
    } else if (pick < 70) {
      declareArray();
    } else if (pick < 74) {
      arrayWrite();
    } else if (pick < 76) {
      steppedRead();
    } else if (pick < 78) {
      chainedAssign();
    } else if (pick < 82 && canNest && !allArrays().isEmpty()) {
      enhancedFor();
    } else if (pick < 87 && !loops.isEmpty() && loops.peek() != 's') {
      breakOrContinue();
    } else if (pick < 90) {
      earlyReturn();
    } else if (pick < 93 && canNest) {
      labeledNested();
    } else if (pick < 95 && canNest) {
      whileTrue();
    } else if (pick < 97) {
      matrix();
    } else if (canNest) {
      switchStatement();
    } else {
      declareScalar();
    }
  }

  /**
   * A switch on a loop counter or a branch decision, old-style (each case a block ending in break) or
   * with arrows. No break/continue directly in a case: a break there would leave the switch mid-case.
   */
  private void switchStatement() {
    List<String> counters = new ArrayList<>();
    counterScopes.forEach(counters::addAll);
    String selector = counters.isEmpty()
        ? "(" + condition() + " ? 1 : 0)"
        : "(" + counters.get(rnd.nextInt(counters.size())) + " + " + rnd.nextInt(3) + ") % 3";
    boolean arrows = rnd.nextBoolean();
    int arms = 2 + rnd.nextInt(2);
    line("switch (" + selector + ") {");
    loops.push('s');
    indent++;
    for (int a = 0; a < arms; a++) {
      String label = a == arms - 1 && rnd.nextBoolean() ? "default" : "case " + a;
      line(label + (arrows ? " -> {" : ": {"));
      block();
      if (!arrows) {
        indent++;
        line("break;");
        indent--;
      }
      line("}");
    }
    indent--;
    loops.pop();
    line("}");
  }

  private void declareScalar() {
    String v = fresh("v");
    line((rnd.nextInt(4) == 0 ? "var " : t() + " ") + v + " = " + cast(boundedRhs()) + ";");
    scalarScopes.peek().add(v);
  }

  private void assignScalar() {
    List<String> targets = allScalars();
    String v = targets.get(rnd.nextInt(targets.size()));
    line(v + " = " + cast(boundedRhs()) + ";");
  }

  private void compoundAssign() {
    List<String> targets = allScalars();
    String v = targets.get(rnd.nextInt(targets.size()));
    switch (rnd.nextInt(4)) {
      case 0 -> line(v + " += " + c(0.1, 0.5) + " * Math.sin(" + expr(2) + ");");
      case 1 -> line(v + " -= " + c(0.1, 0.5) + " * Math.tanh(" + expr(2) + ");");
      case 2 -> line(v + " *= 0.9 + 0.1 * Math.cos(" + expr(2) + ");");
      default -> line(v + " /= 2.0 + Math.sin(" + expr(2) + ");");
    }
  }

  private void ifElse() {
    line("if (" + condition() + ") {");
    block();
    if (rnd.nextBoolean()) {
      line("} else {");
      block();
    }
    line("}");
  }

  private void forLoop() {
    String i = fresh("i");
    int trips = 1 + rnd.nextInt(4);
    line("for (int " + i + " = 0; " + i + " < " + trips + "; " + i + "++) {");
    loops.push('f');
    block(i);
    loops.pop();
    line("}");
  }

  /** A loop whose trip count depends on an active value: u grows by 0.2..0.6 until it passes 1.5. */
  private void whileActive() {
    String u = fresh("u");
    String n = fresh("n");
    line("double " + u + " = " + c(-1.5, 0.5) + " + 0.5 * Math.sin(" + someVar() + " + " + expr(1) + ");");
    line("int " + n + " = 0;");
    line("while (" + u + " < 1.5 && " + n + " < 8) {");
    loops.push('w');
    pushScope();
    nesting++;
    indent++;
    line(u + " += 0.4 + 0.2 * Math.sin(" + someVar() + " * " + expr(1) + ");");
    int k = 1 + rnd.nextInt(2);
    for (int s = 0; s < k; s++) {
      statement();
    }
    line(n + "++;");
    indent--;
    nesting--;
    popScope();
    loops.pop();
    line("}");
    scalarScopes.peek().add(u);
  }

  private void doWhile() {
    String n = fresh("n");
    int trips = 1 + rnd.nextInt(3);
    line("int " + n + " = 0;");
    line("do {");
    loops.push('w');
    pushScope();
    nesting++;
    indent++;
    int k = 1 + rnd.nextInt(2);
    for (int s = 0; s < k; s++) {
      statement();
    }
    line(n + "++;");
    indent--;
    nesting--;
    popScope();
    loops.pop();
    line("} while (" + n + " < " + trips + ");");
  }

  private void declareArray() {
    String r = fresh("r");
    List<GenMethod> arrayMethods = callable(true);
    if (!arrayMethods.isEmpty() && rnd.nextInt(3) == 0) {
      line(t() + "[] " + r + " = " + callOf(arrayMethods.get(rnd.nextInt(arrayMethods.size())), 2) + ";");
    } else if (rnd.nextBoolean()) {
      line(t() + "[] " + r + " = {" + cast(boundedRhs()) + ", " + cast(boundedRhs()) + ", " + cast(boundedRhs())
          + "};");
    } else {
      line(t() + "[] " + r + " = new " + t() + "[" + ARRAY_LENGTH + "];");
      for (int k = 0; k < ARRAY_LENGTH; k++) {
        if (rnd.nextInt(4) != 0) {
          line(r + "[" + k + "] = " + cast(boundedRhs()) + ";");
        }
      }
    }
    arrayScopes.peek().add(r);
  }

  private void arrayWrite() {
    List<String> locals = localArrays();
    if (locals.isEmpty()) {
      declareArray();
      return;
    }
    String r = locals.get(rnd.nextInt(locals.size()));
    String idx = index();
    switch (rnd.nextInt(5)) {
      case 0 -> line(r + "[" + idx + "] = " + cast("0.5 * " + r + "[" + idx + "] + 0.5 * Math.tanh(" + expr(2) + ")") + ";");
      case 1 -> line(r + "[" + idx + "] += " + c(0.1, 0.4) + " * Math.sin(" + expr(2) + ");");
      case 2 -> line(r + "[" + idx + "] *= 0.9 + 0.1 * Math.cos(" + expr(2) + ");");
      case 3 -> line(r + "[" + idx + "] -= " + c(0.1, 0.4) + " * Math.tanh(" + expr(2) + ");");
      default -> line(r + "[" + idx + "] = " + cast(boundedRhs()) + ";");
    }
  }

  /**
   * Reads through a cursor stepped inside the expression ({@code v += 0.3 * a[k++ % 3] * (...)}), the way packed
   * data is read; the cursor is used nowhere else in the statement, so the step runs as a statement of its own.
   */
  private void steppedRead() {
    List<String> arrays = allArrays();
    if (arrays.isEmpty()) {
      declareScalar();
      return;
    }
    String k = fresh("k");
    line("int " + k + " = " + rnd.nextInt(ARRAY_LENGTH) + ";");
    for (int n = 1 + rnd.nextInt(2); n > 0; n--) {
      List<String> targets = allScalars();
      String v = targets.get(rnd.nextInt(targets.size()));
      String step = rnd.nextBoolean() ? k + "++" : "++" + k;
      String read = arrays.get(rnd.nextInt(arrays.size())) + "[" + step + " % " + ARRAY_LENGTH + "]";
      line(v + " += " + cast(c(0.1, 0.5) + " * " + read + " * Math.tanh(" + expr(1) + ")") + ";");
    }
  }

  /**
   * {@code u = v = value}: the inner assignment runs first, then the outer one copies it; the value may read
   * either variable. Only for double programs: float ones mix float and double locals, and a double inner
   * value does not fit a float.
   */
  private void chainedAssign() {
    if (floats) {
      assignScalar();
      return;
    }
    List<String> targets = allScalars();
    String outer = targets.get(rnd.nextInt(targets.size()));
    String inner = targets.get(rnd.nextInt(targets.size()));
    String value = cast(boundedRhs());
    if (outer.equals(inner)) {
      assignScalar();
      return;
    }
    line(outer + " = " + inner + " = " + value + ";");
  }

  private void enhancedFor() {
    List<String> arrays = allArrays();
    String arr = arrays.get(rnd.nextInt(arrays.size()));
    String e = fresh("e");
    List<String> targets = allScalars();
    String v = targets.get(rnd.nextInt(targets.size()));
    line("for (double " + e + " : " + arr + ") {");
    loops.push('f');
    pushScope();
    scalarScopes.peek().add(e);
    nesting++;
    indent++;
    line(v + " = " + cast("0.7 * " + v + " + 0.3 * Math.sin(" + e + " * " + expr(1) + ")") + ";");
    if (rnd.nextBoolean()) {
      statement();
    }
    indent--;
    nesting--;
    popScope();
    loops.pop();
    line("}");
  }

  /** Two nested for loops with a labeled break or continue out of the inner one. */
  private void labeledNested() {
    String label = fresh("outer");
    String i = fresh("i");
    String j = fresh("i");
    line(label + ":");
    line("for (int " + i + " = 0; " + i + " < " + (1 + rnd.nextInt(3)) + "; " + i + "++) {");
    indent++;
    line("for (int " + j + " = 0; " + j + " < " + (1 + rnd.nextInt(3)) + "; " + j + "++) {");
    loops.push('f');
    loops.push('f');
    pushScope();
    counterScopes.peek().add(i);
    counterScopes.peek().add(j);
    nesting += 2;
    indent++;
    statement();
    line("if (" + condition() + ") {");
    indent++;
    line((rnd.nextBoolean() ? "break " : "continue ") + label + ";");
    indent--;
    line("}");
    statement();
    indent--;
    nesting -= 2;
    popScope();
    loops.pop();
    loops.pop();
    line("}");
    indent--;
    line("}");
  }

  /** {@code while (true)} left by a break on a counter, with the counter bumped first. */
  private void whileTrue() {
    String n = fresh("n");
    line("int " + n + " = 0;");
    line("while (true) {");
    loops.push('w');
    pushScope();
    nesting++;
    indent++;
    line(n + " += 1;");
    line("if (" + n + " > " + (1 + rnd.nextInt(3)) + ") {");
    indent++;
    line("break;");
    indent--;
    line("}");
    statement();
    indent--;
    nesting--;
    popScope();
    loops.pop();
    line("}");
  }

  /** A 2 x 3 local matrix filled with bounded values and reduced into a scalar. */
  private void matrix() {
    String g = fresh("g");
    String target = someVar();
    line("double[][] " + g + " = new double[2][3];");
    for (int a = 0; a < 2; a++) {
      for (int b = 0; b < 3; b++) {
        if (rnd.nextInt(3) != 0) {
          line(g + "[" + a + "][" + b + "] = " + boundedRhs() + ";");
        }
      }
    }
    if (rnd.nextBoolean()) {
      line(g + "[" + rnd.nextInt(2) + "][" + rnd.nextInt(3) + "] *= 0.5 + 0.25 * Math.sin(" + expr(1) + ");");
    }
    String i = fresh("i");
    line("for (int " + i + " = 0; " + i + " < " + g + ".length; " + i + "++) {");
    indent++;
    line(target + " = " + cast("0.8 * " + target + " + 0.2 * Math.tanh(" + g + "[" + i + "][" + rnd.nextInt(3)
        + "] * " + leaf() + ")") + ";");
    indent--;
    line("}");
  }

  private void breakOrContinue() {
    boolean canContinue = loops.peek() == 'f';
    String jump = canContinue && rnd.nextBoolean() ? "continue" : "break";
    line("if (" + condition() + ") {");
    indent++;
    line(jump + ";");
    indent--;
    line("}");
  }

  private void earlyReturn() {
    line("if (" + condition() + ") {");
    indent++;
    if (returnsArray) {
      line("return new " + t() + "[] {" + cast(returnExpr()) + ", " + cast(returnExpr()) + ", " + cast(returnExpr()) + "};");
    } else {
      line("return " + cast(returnExpr()) + ";");
    }
    indent--;
    line("}");
  }

  private void block(String... counters) {
    pushScope();
    counterScopes.peek().addAll(List.of(counters));
    nesting++;
    indent++;
    int k = 1 + rnd.nextInt(3);
    for (int s = 0; s < k; s++) {
      statement();
    }
    indent--;
    nesting--;
    popScope();
  }

  // ---- expressions ----

  private String condition() {
    return switch (rnd.nextInt(3)) {
      case 0 -> expr(1) + " > " + expr(1);
      case 1 -> expr(2) + " < " + c(-1, 1);
      default -> "Math.sin(" + expr(1) + ") >= " + c(-0.5, 0.5);
    };
  }

  /** A right-hand side whose magnitude cannot grow without bound when repeated. */
  private String boundedRhs() {
    List<String> vars = allScalars();
    String v = vars.get(rnd.nextInt(vars.size()));
    return switch (rnd.nextInt(6)) {
      case 0 -> "2 * Math.tanh(" + expr(2) + ")";
      case 1 -> "Math.sin(" + expr(2) + ") + 0.5 * " + v;
      case 2 -> "Math.atan(" + expr(2) + ")";
      case 3 -> c(0.2, 0.6) + " * " + leaf() + " - " + c(0.1, 0.4) + " * " + leaf();
      case 4 -> leaf() + " * Math.cos(" + expr(1) + ")";
      default -> "(" + expr(1) + ") / (1.0 + " + v + " * " + v + ")";
    };
  }

  private String returnExpr() {
    return rnd.nextBoolean() ? expr(2) : boundedRhs();
  }

  String expr(int depth) {
    if (depth <= 0 || rnd.nextInt(4) == 0) {
      return leaf();
    }
    int d = depth - 1;
    return switch (rnd.nextInt(24)) {
      case 0, 1 -> "(" + expr(d) + " + " + expr(d) + ")";
      case 2, 3 -> "(" + expr(d) + " - " + expr(d) + ")";
      case 4, 5 -> "(" + expr(d) + " * " + expr(d) + ")";
      case 6 -> "(" + expr(d) + " / (1.5 + Math.cos(" + expr(d) + ")))";
      case 7 -> "Math.sin(" + expr(d) + ")";
      case 8 -> "Math.cos(" + expr(d) + ")";
      case 9 -> "Math.tanh(" + expr(d) + ")";
      case 10 -> "Math.atan(" + expr(d) + ")";
      case 11 -> "Math.exp(Math.sin(" + expr(d) + "))";
      case 12 -> {
        String e = expr(d);
        yield "Math.exp(-0.5 * " + e + " * " + e + ")";
      }
      case 13 -> "Math.log(1.2 + Math.sin(" + expr(d) + "))";
      case 14 -> {
        String e = expr(d);
        yield "Math.sqrt(1.0 + " + e + " * " + e + ")";
      }
      case 15 -> "Math.pow(1.5 + Math.sin(" + expr(d) + "), " + c(0.5, 2.5) + ")";
      case 16 -> "Math.hypot(" + expr(d) + ", " + c(0.5, 1.5) + ")";
      case 17 -> "Math.cbrt(2.5 + Math.cos(" + expr(d) + "))";
      case 18 -> "Math.max(" + expr(d) + ", " + expr(d) + ")";
      case 19 -> "Math.abs(" + expr(d) + ")";
      case 20 -> "(" + expr(d) + " > " + expr(d) + " ? " + expr(d) + " : " + expr(d) + ")";
      case 21 -> "Math.sinh(0.5 * Math.sin(" + expr(d) + "))";
      case 22, 23 -> call(d);
      default -> throw new AssertionError();
    };
  }

  /** The methods generated so far with a scalar (or, if arrayResult, an array) result that can be called here. */
  private List<GenMethod> callable(boolean arrayResult) {
    List<GenMethod> callable = new ArrayList<>();
    boolean haveArray = !allArrays().isEmpty();
    for (GenMethod m : done) {
      boolean needsArray = m.params().stream().anyMatch(Param::array);
      if ((!needsArray || haveArray) && m.arrayResult() == arrayResult) {
        callable.add(m);
      }
    }
    return callable;
  }

  private String call(int depth) {
    List<GenMethod> callable = callable(false);
    if (callable.isEmpty()) {
      return leaf();
    }
    return callOf(callable.get(rnd.nextInt(callable.size())), depth);
  }

  private String callOf(GenMethod m, int depth) {
    StringBuilder sb = new StringBuilder();
    if (!m.className().equals(currentClass)) {
      sb.append(m.className()).append('.');
    }
    sb.append(m.name()).append('(');
    List<String> arrays = allArrays();
    for (int i = 0; i < m.params().size(); i++) {
      sb.append(i == 0 ? "" : ", ");
      Param p = m.params().get(i);
      String arg = p.array() ? arrays.get(rnd.nextInt(arrays.size())) : cast("Math.tanh(" + expr(depth) + ")");
      // Into a non-wrt parameter goes a value that carries no derivative on purpose. It must not depend on
      // the caller's inputs either, or finite differences of the caller would see a path the gradient
      // (rightly) leaves out.
      sb.append(m.differentiated(p) ? arg : "AD.withoutDerivative(" + cast(c(-1, 1)) + ")");
    }
    return sb.append(')').toString();
  }

  private String someVar() {
    List<String> vars = allScalars();
    return vars.get(rnd.nextInt(vars.size()));
  }

  private String leaf() {
    int pick = rnd.nextInt(20);
    List<String> arrays = allArrays();
    if (pick < 14) {
      return someVar();
    }
    if (pick < 17 && !arrays.isEmpty()) {
      return arrays.get(rnd.nextInt(arrays.size())) + "[" + index() + "]";
    }
    List<String> counters = allCounters();
    if (pick < 19 && !counters.isEmpty()) {
      return "(" + counters.get(rnd.nextInt(counters.size())) + " * " + c(0.1, 0.5) + ")";
    }
    return c(-1.5, 1.5);
  }

  private String index() {
    List<String> counters = allCounters();
    if (!counters.isEmpty() && rnd.nextBoolean()) {
      return counters.get(rnd.nextInt(counters.size())) + " % " + ARRAY_LENGTH;
    }
    return Integer.toString(rnd.nextInt(ARRAY_LENGTH));
  }

  private String c(double lo, double hi) {
    double v = lo + (hi - lo) * rnd.nextDouble();
    String s = String.format(Locale.ROOT, "%.2f", v);
    if (s.equals("-0.00")) {
      s = "0.00";
    }
    return s.startsWith("-") ? "(" + s + ")" : s;
  }

  // ---- scopes ----

  private String fresh(String prefix) {
    return prefix + names++;
  }

  private void pushScope() {
    scalarScopes.push(new ArrayList<>());
    arrayScopes.push(new ArrayList<>());
    counterScopes.push(new ArrayList<>());
  }

  private void popScope() {
    scalarScopes.pop();
    arrayScopes.pop();
    counterScopes.pop();
  }

  private List<String> allScalars() {
    List<String> all = new ArrayList<>();
    scalarScopes.descendingIterator().forEachRemaining(all::addAll);
    return all;
  }

  private List<String> allArrays() {
    List<String> all = new ArrayList<>();
    arrayScopes.descendingIterator().forEachRemaining(all::addAll);
    return all;
  }

  private List<String> localArrays() {
    List<String> all = allArrays();
    all.remove("a"); // parameters' arrays are read-only for active values ([Adjoint:SideEffect])
    return all;
  }

  private List<String> allCounters() {
    List<String> all = new ArrayList<>();
    counterScopes.descendingIterator().forEachRemaining(all::addAll);
    return all;
  }

  private void line(String s) {
    out.append("  ".repeat(indent - 1)).append(s).append('\n');
  }
}
