package dev.adjoint.processor.property;

import static dev.adjoint.processor.property.ProbeCase.either;
import static dev.adjoint.processor.property.ProbeCase.error;
import static dev.adjoint.processor.property.ProbeCase.gradient;
import static dev.adjoint.processor.property.ProbeCase.warning;

import java.util.List;

/** The probe table: user mistakes that need a diagnostic, and legal corner cases that need a right answer. */
final class Probes {
  private Probes() {}

  static List<ProbeCase> userErrors() {
    return List.of(
        error("ErrReturnInt", "Return", "static int f",
            "  @Differentiable\n  static int f(double x) {\n    return (int) x;\n  }"),
        error("ErrWrtUnknown", "Wrt", "wrt",
            "  @Differentiable(wrt = \"z\")\n  static double f(double x) {\n    return x * x;\n  }"),
        error("ErrWrtInt", "Wrt", "wrt",
            "  @Differentiable(wrt = \"n\")\n  static double f(double x, int n) {\n    return x * n;\n  }"),
        error("ErrNotDifferentiable", "NotDifferentiable", "plain(x)",
            "  static double plain(double x) {\n    return x * 2;\n  }\n\n"
                + "  @Differentiable\n  static double f(double x) {\n    return plain(x) + 1;\n  }"),
        error("ErrNotDifferentiableChain", "NotDifferentiable", "middle(x)",
            "  static double plain(double x) {\n    return x * 2;\n  }\n\n"
                + "  static double middle(double x) {\n    return plain(x);\n  }\n\n"
                + "  @Differentiable\n  static double f(double x) {\n    return middle(x) + 1;\n  }"),
        error("ErrNotDifferentiableLibrary", "NotDifferentiable", "Double.valueOf",
            "  @Differentiable\n  static double f(double x) {\n    return Double.valueOf(x).doubleValue() * x;\n  }"),
        error("ErrSideEffectField", "SideEffect", "last = x",
            "  static double last;\n\n"
                + "  @Differentiable\n  static double f(double x) {\n    last = x;\n    return x * x;\n  }"),
        error("ErrSideEffectParamArray", "SideEffect", "a[0] = x",
            "  @Differentiable\n  static double f(double x, double[] a) {\n    a[0] = x;\n    return a[0] * x;\n  }"),
        error("ErrSideEffectFieldArray", "SideEffect", "BUF[0] = x",
            "  static final double[] BUF = new double[1];\n\n"
                + "  @Differentiable\n  static double f(double x) {\n    BUF[0] = x;\n    return x;\n  }"),
        error("ErrCustomRuleArity", "CustomRule", "gVjp",
            "  static double g(double x) {\n    return x * x;\n  }\n\n"
                + "  @Derivative(of = \"g\")\n  static double gVjp(double x) {\n    return 2 * x;\n  }"),
        error("ErrCustomRuleReturn", "CustomRule", "gVjp",
            "  static double g(double x, double y) {\n    return x * y;\n  }\n\n"
                + "  @Derivative(of = \"g\")\n  static double gVjp(double x, double y, double seed) {\n"
                + "    return seed * y;\n  }"),
        error("ErrCustomRuleUnknown", "CustomRule", "nothere",
            "  @Derivative(of = \"nothere\")\n  static double gVjp(double x, double seed) {\n    return seed;\n  }"),
        error("ErrPrivateField", "Access", "SCALE",
            "  private static double SCALE = 2;\n\n"
                + "  @Differentiable\n  static double f(double x) {\n    return SCALE * x * x;\n  }"),
        error("ErrPrivateHelper", "Access", "helper(",
            "  private static double helper(int n) {\n    return n + 0.5;\n  }\n\n"
                + "  @Differentiable\n  static double f(double x) {\n    return helper(3) * x;\n  }"),
        error("ErrSwitchFallthrough", "Unsupported", "case 0",
            "  @Differentiable(strategy = Differentiable.Strategy.GENERATED)\n  static double f(double x, int k) {\n"
                + "    double r = x;\n    switch (k) {\n      case 0: r = x * x;\n      default: r = -r;\n    }\n"
                + "    return r;\n  }"),
        error("ErrUnsupportedTry", "Unsupported", "try",
            "  @Differentiable(strategy = Differentiable.Strategy.GENERATED)\n  static double f(double x) {\n"
                + "    double r = x;\n    try {\n      r = x * x;\n    } finally {\n      r += 1;\n    }\n    return r;\n  }"),
        error("ErrUnsupportedLambda", "Unsupported", "->",
            "  @Differentiable(strategy = Differentiable.Strategy.GENERATED)\n  static double f(double x) {\n"
                + "    java.util.function.DoubleUnaryOperator op = v -> v * x;\n    return op.applyAsDouble(x);\n  }"),
        // the tape runs the method's code as written: a ruled function called there would run its own code
        error("ErrTapeRunsRuledCall", "Unsupported", "round(w)",
            "  static dev.adjoint.Tensor round(dev.adjoint.Tensor x) {\n    return x.detach();\n  }\n\n"
                + "  @Derivative(of = \"round\")\n  static dev.adjoint.Tensor roundVjp(dev.adjoint.Tensor x, dev.adjoint.Tensor seed) {\n"
                + "    return seed;\n  }\n\n"
                + "  @Differentiable\n  static dev.adjoint.Tensor f(dev.adjoint.Tensor w) {\n"
                + "    dev.adjoint.Tensor l = round(w).mul(w).sum();\n    return l.item() > 1e12 ? l.mul(0) : l;\n  }"),
        warning("WarnZeroDerivative", "ZeroDerivative",
            "  @Differentiable\n  static double f(double x) {\n    return 3.0;\n  }"),
        warning("WarnIntCast", "ZeroDerivative",
            "  @Differentiable\n  static double f(double x) {\n    int k = (int) (x * 10);\n    return k * 0.1 + x * x;\n  }"),
        either("ClashTop_Bar",
            "//unit\nfinal class ClashTop {\n  static final class Bar {\n    @Differentiable\n"
                + "    static double f(double x) {\n      return x * x;\n    }\n  }\n}\n\n"
                + "final class ClashTop_Bar {\n  @Differentiable\n  static double f(double x) {\n"
                + "    return x * x * x;\n  }\n}\n"));
  }

  static List<ProbeCase> cornerCases() {
    return List.of(
        // Names the generated code may also use.
        gradient("NameSeed", "  @Differentiable\n  static double f(double seed) {\n    return seed * seed;\n  }"),
        gradient("NameValue", "  @Differentiable\n  static double f(double value, double x) {\n"
            + "    return value * x;\n  }"),
        gradient("NameUnderscoreLocals", "  @Differentiable\n  static double f(double x) {\n"
            + "    double _d_x = x * 2;\n    double _t0 = _d_x * x;\n    double _value = _t0 + 1;\n"
            + "    int _loop0 = 0;\n    for (int i = 0; i < 3; i++) {\n      _value = _value * x;\n      _loop0++;\n    }\n"
            + "    return _value + _loop0;\n  }"),
        gradient("NameDx", "  @Differentiable\n  static double f(double x, double dX) {\n    return x * dX;\n  }"),
        gradient("NameMath", "  @Differentiable\n  static double f(double x) {\n    double Math = 2;\n"
            + "    return Math * x + java.lang.Math.sin(x);\n  }"),
        either("NameSelf", "//unit\nfinal class NameSelf {\n  final double k = 3;\n\n  @Differentiable\n"
            + "  double g(double self) {\n    return self * k;\n  }\n\n"
            + "  @Differentiable\n  static double f(double x) {\n    return new NameSelf().g(x);\n  }\n}\n"),
        either("ClashFAndFVjp", "  @Differentiable\n  static double f(double x) {\n    return x * x;\n  }\n\n"
            + "  @Differentiable\n  static double fVjp(double x, double y) {\n    return x * y;\n  }"),
        either("ClashCase", "  @Differentiable\n  static double f(double x) {\n    return x * x;\n  }\n\n"
            + "  @Differentiable\n  static double F(double x, double y) {\n    return x * y;\n  }"),
        gradient("Overloads", "  @Differentiable\n  static double f(double x) {\n    return g(x) + g(x, x);\n  }\n\n"
            + "  @Differentiable\n  static double g(double x) {\n    return x * x;\n  }\n\n"
            + "  @Differentiable\n  static double g(double x, double y) {\n    return x * y * y;\n  }\n\n"
            + "  @Differentiable\n  static float g(float x) {\n    return x * x * x;\n  }"),
        // Resolution of Math calls written differently.
        gradient("StaticImportMath", "//unit\nimport static java.lang.Math.*;\n\nfinal class StaticImportMath {\n"
            + "  @Differentiable\n  static double f(double x) {\n    return sin(x) * exp(-x * x) + PI * x;\n  }\n}\n"),
        gradient("QualifiedMath", "  @Differentiable\n  static double f(double x) {\n"
            + "    return java.lang.Math.cos(x) * Math.E;\n  }"),
        either("StrictMathCall", "  @Differentiable\n  static double f(double x) {\n    return StrictMath.sin(x) * x;\n  }"),
        // Expressions.
        either("ChainedAssign", "  @Differentiable\n  static double f(double x) {\n    double a;\n    double b;\n"
            + "    a = b = x * 2;\n    return a * b;\n  }"),
        either("AssignInExpression", "  @Differentiable\n  static double f(double x) {\n    double s;\n"
            + "    double y = (s = x * 2) + s * x;\n    return y;\n  }"),
        gradient("MixedTernary", "  @Differentiable\n  static double f(double x, double y) {\n"
            + "    return (y > 0 ? 1 : x) * x;\n  }"),
        gradient("Widening", "  @Differentiable\n  static double f(double x) {\n    int n = 3;\n    double r = n;\n"
            + "    float g = (float) x;\n    long big = 2L;\n    return r * x + g * x + big * x;\n  }").loose(),
        either("DoubleRemainder", "  @Differentiable\n  static double f(double x, double y) {\n"
            + "    return (x * 3) % (y + 4) + x;\n  }"),
        either("DoubleIncrement", "  @Differentiable\n  static double f(double x) {\n    double s = x * x;\n"
            + "    s++;\n    ++s;\n    s--;\n    return s * x;\n  }"),
        gradient("FloatCompound", "  @Differentiable\n  static double f(double x) {\n    float acc = 1f;\n"
            + "    acc += x;\n    acc *= x;\n    return acc;\n  }").loose(),
        gradient("NegativeLiterals", "  @Differentiable\n  static double f(double x, double y) {\n"
            + "    return -x * -y - x / -2 + -(-x) - 1e-3 * x + 0x1p3 * y - .5 * x;\n  }"),
        gradient("Precedence", "  @Differentiable\n  static double f(double x, double y) {\n"
            + "    return x - y - x * y / (1 + x * x) / (2 + y * y) - (x - (y - x));\n  }"),
        gradient("ShortCircuit", "  @Differentiable\n  static double f(double x, double y) {\n"
            + "    double r = x;\n    if (x > 0 && y > 0 || x < -1) {\n      r = x * y;\n    }\n"
            + "    if (!(y < 0.5)) {\n      r = r * 2;\n    }\n    return r;\n  }"),
        gradient("ConstantsAndFinal", "  static final double SCALE = 2.5;\n  static final double[] W = {1, 2, 3};\n\n"
            + "  @Differentiable\n  static double f(final double x) {\n    final double y = x * SCALE;\n"
            + "    return y * W[2] + Math.PI * x;\n  }"),
        // Statements.
        gradient("UninitializedLocal", "  @Differentiable\n  static double f(double x) {\n    double r;\n"
            + "    if (x > 0) {\n      r = x * x;\n    } else {\n      r = -x;\n    }\n    return r * x;\n  }"),
        gradient("EarlyReturnInnerLoop", "  @Differentiable\n  static double f(double x) {\n    double s = x;\n"
            + "    for (int i = 0; i < 2; i++) {\n      for (int j = 0; j < 2; j++) {\n        if (x < 10) {\n"
            + "          return s * x;\n        }\n      }\n      s = s * x;\n    }\n    return s;\n  }"),
        gradient("ArrayInitializerInLoop", "  @Differentiable\n  static double f(double x) {\n    double s = 0;\n"
            + "    for (int i = 0; i < 2; i++) {\n      double[] r = {x * x};\n      s += r[0];\n    }\n    return s;\n  }"),
        gradient("EmptyAndNestedBlocks", "  @Differentiable\n  static double f(double x) {\n    double s = x;\n"
            + "    ;\n    {\n      {\n        s = s * x;\n      }\n    }\n    return s;\n  }"),
        gradient("VarArrays", "  @Differentiable\n  static double f(double x) {\n    var arr = new double[3];\n"
            + "    var y = x * 2;\n    arr[1] = y;\n    arr[2] = arr[1] * x;\n    return arr[2] + arr[0];\n  }"),
        gradient("MultiVarFor", "  @Differentiable\n  static double f(double x) {\n    double s = 0;\n"
            + "    for (int i = 0, j = 5; i < j; i++, j--) {\n      s = s * x + i * j;\n    }\n    return s;\n  }"),
        either("ForeverWithBreak", "  @Differentiable\n  static double f(double x) {\n    double s = 0;\n"
            + "    int i = 0;\n    for (;;) {\n      s = s * 0.5 + x;\n      if (++i >= 4) {\n        break;\n      }\n    }\n"
            + "    return s;\n  }"),
        gradient("LabeledContinue", "  @Differentiable\n  static double f(double x) {\n    double s = 0;\n"
            + "    outer:\n    for (int i = 0; i < 3; i++) {\n      for (int j = 0; j < 3; j++) {\n"
            + "        if (j > i) {\n          continue outer;\n        }\n        s = s + x * (i + 1) * (j + 1);\n"
            + "      }\n    }\n    return s * x;\n  }"),
        gradient("EnhancedFor2D", "  @Differentiable\n  static double f(double x) {\n"
            + "    double[][] m = {{x, 2 * x}, {x * x, 1}};\n    double s = 0;\n    for (double[] row : m) {\n"
            + "      for (double v : row) {\n        s = s * 0.5 + v * v;\n      }\n    }\n    return s;\n  }"),
        either("LocalArrayAlias", "  @Differentiable\n  static double f(double x) {\n    double[] t = new double[2];\n"
            + "    double[] u = t;\n    u[0] = x * x;\n    t[1] = u[0] * x;\n    return t[0] + u[1];\n  }"),
        either("LocalArrayReassigned", "  @Differentiable\n  static double f(double x) {\n"
            + "    double[] t = {x, x * x};\n    double s = t[0] * t[1];\n    t = new double[] {s, x};\n"
            + "    return t[0] * t[1];\n  }"),
        gradient("LoopArrayInPlace", "  @Differentiable\n  static double f(double x, double[] a) {\n"
            + "    double[] b = new double[a.length];\n    for (int k = 0; k < 3; k++) {\n"
            + "      for (int i = 0; i < b.length; i++) {\n        b[i] = b[i] * x + a[i];\n      }\n    }\n"
            + "    double s = 0;\n    for (double v : b) {\n      s += v;\n    }\n    return s;\n  }"),
        either("JaggedLocal", "  @Differentiable\n  static double f(double x) {\n    double[][] t = new double[3][];\n"
            + "    for (int i = 0; i < 3; i++) {\n      t[i] = new double[i + 1];\n      for (int j = 0; j <= i; j++) {\n"
            + "        t[i][j] = x * (i + j + 1);\n      }\n    }\n    return t[2][2] * t[1][0] + t[0][0];\n  }"),
        either("ArrayCopy", "  @Differentiable\n  static double f(double x, double[] a) {\n"
            + "    double[] c = a.clone();\n    c[0] = c[0] * x;\n    return c[0] + c[1] * a[1];\n  }"),
        gradient("ArrayResultLocal", "  @Differentiable\n  static double[] g(double x) {\n"
            + "    double[] b = new double[1];\n    b[0] = x * x;\n    return b;\n  }\n\n"
            + "  @Differentiable\n  static double f(double x) {\n    double[] r = g(x);\n    return r[0] + x;\n  }"),
        gradient("FloatAbsInDouble", "  @Differentiable\n  static float g(float x) {\n    return x * x;\n  }\n\n"
            + "  @Differentiable\n  static double f(double x) {\n    return Math.sin(Math.abs(g((float) x)));\n  }")
            .loose(),
        gradient("FloatMaxInDouble", "  @Differentiable\n  static float g(float x) {\n    return x * x;\n  }\n\n"
            + "  @Differentiable\n  static double f(double x) {\n    return Math.max(g((float) x), (float) x) * x;\n  }")
            .loose(),
        gradient("FloatMaxOfParams", "  @Differentiable\n  static double f(double x, double y) {\n"
            + "    float a = (float) x;\n    float b = (float) y;\n    return Math.sin(Math.max(a, b)) * Math.abs(a);\n  }")
            .loose(),
        gradient("BreakGuardOnArrayRecreatedInLoop", "  @Differentiable\n  static double f(double x) {\n"
            + "    double u = x;\n    for (int i = 0; i < 3; i++) {\n      double[] r = {u * 2, i};\n"
            + "      if (r[1] > 1.5) {\n        break;\n      }\n      u = u * x;\n    }\n    return u;\n  }"),
        // #14: values that change from trip to trip are not fixed for the reverse sweep.
        gradient("BreakGuardOnScalarDeclaredInLoop", "  @Differentiable\n  static double f(double x) {\n    double u = x;\n"
            + "    for (int i = 0; i < 3; i++) {\n      double t = i;\n      if (t > 1.5) {\n"
            + "        break;\n      }\n      u = u * x;\n    }\n    return u;\n  }"),
        gradient("BranchOnArrayRecreatedInCountedLoop", "  @Differentiable\n  static double f(double x) {\n    double u = x;\n"
            + "    for (int i = 0; i < 3; i++) {\n      double[] r = {u * 2, i};\n"
            + "      if (r[1] > 0.5) {\n        u = u * x;\n      } else {\n        u = u + x * x;\n"
            + "      }\n    }\n    return u;\n  }"),
        gradient("TernaryOnArrayRecreatedInLoop", "  @Differentiable\n  static double f(double x) {\n    double u = x;\n"
            + "    for (int i = 0; i < 3; i++) {\n      double[] r = {u * 2, i};\n"
            + "      u = r[1] > 0.5 ? u * x : u + x * x;\n    }\n    return u;\n  }"),
        gradient("WhileBreakGuardOnArrayRecreatedInLoop", "  @Differentiable\n  static double f(double x) {\n    double u = x;\n    int i = 0;\n"
            + "    while (i < 3) {\n      double[] r = {u * 2, i};\n      if (r[1] > 1.5) {\n"
            + "        break;\n      }\n      u = u * x;\n      i++;\n    }\n    return u;\n  }"),
        gradient("InnerLoopBoundOnArrayRecreatedInLoop", "  @Differentiable\n  static double f(double x) {\n    double u = x;\n"
            + "    for (int i = 0; i < 3; i++) {\n      double[] r = new double[i + 1];\n"
            + "      for (int j = 0; j < r.length; j++) {\n        u = u * x;\n      }\n    }\n"
            + "    return u;\n  }"),
        gradient("BreakGuardOnRowAlias", "  @Differentiable\n  static double f(double x) {\n    double u = x;\n"
            + "    double[][] m = {{0, 1}, {1, 1}, {2, 1}};\n    for (int i = 0; i < 3; i++) {\n"
            + "      double[] row = m[i];\n      if (row[0] > 1.5) {\n        break;\n      }\n"
            + "      u = u * x;\n    }\n    return u;\n  }"),
        gradient("BranchOnActiveRowAlias", "  @Differentiable\n  static double f(double x) {\n    double u = x;\n"
            + "    double[][] m = {{0, x}, {1, x}, {2, x}};\n    for (int i = 0; i < 3; i++) {\n"
            + "      double[] row = m[i];\n      if (row[0] > 0.5) {\n        u = u * row[1];\n"
            + "      } else {\n        u = u + x * x;\n      }\n    }\n    return u;\n  }"),
        gradient("JaggedInactiveEnhancedFor", "  @Differentiable\n  static double f(double x) {\n    double u = x;\n"
            + "    double[][] m = {{1, 2}, {3}, {4, 5, 6}};\n    for (double[] row : m) {\n"
            + "      for (double v : row) {\n        u = u * x + v;\n      }\n    }\n    return u;\n"
            + "  }"),
        gradient("RecomputedLocalReadsLoopLocal", "  @Differentiable\n  static double f(double x) {\n    double u = x;\n"
            + "    for (int i = 0; i < 3; i++) {\n      double t = i * 0.5;\n"
            + "      double w = t + 1;\n      u = u * w * x;\n    }\n    return u;\n  }"),
        // Calls.
        gradient("CallSameArrayTwice", "  @Differentiable\n  static double g(double[] p, double[] q) {\n"
            + "    double s = 0;\n    for (int i = 0; i < p.length; i++) {\n      s += p[i] * q[i];\n    }\n"
            + "    return s;\n  }\n\n  @Differentiable\n  static double f(double[] a) {\n    return g(a, a);\n  }"),
        gradient("LocalArrayChangedAfterCall", "  @Differentiable\n  static double g(double[] p) {\n"
            + "    return p[0] * p[1] * p[1];\n  }\n\n  @Differentiable\n  static double f(double x) {\n"
            + "    double[] t = new double[2];\n    t[0] = x;\n    t[1] = x * x;\n    double s = g(t);\n"
            + "    t[0] = 3 * x;\n    t[1] = Math.sin(x);\n    s += g(t);\n    return s;\n  }"),
        gradient("LocalArrayChangedInLoopAfterCall", "  @Differentiable\n  static double g(double[] p) {\n"
            + "    return Math.sin(p[0]) * p[1];\n  }\n\n  @Differentiable\n  static double f(double x) {\n"
            + "    double[] t = {x, 1};\n    double s = 0;\n    for (int i = 0; i < 3; i++) {\n"
            + "      s += g(t);\n      t[1] = t[1] * x + s;\n    }\n    return s;\n  }"),
        gradient("ScalarChangedAfterCall", "  @Differentiable\n  static double g(double a, double b) {\n"
            + "    return a * Math.exp(b);\n  }\n\n  @Differentiable\n  static double f(double x) {\n"
            + "    double u = x;\n    double s = g(u, x);\n    u = u * u;\n    s = s * g(u, 0.5 * x);\n    return s;\n  }"),
        gradient("InstanceCallsInstance", "//unit\nfinal class InstanceCallsInstance {\n  final double w = 1.5;\n\n"
            + "  @Differentiable\n  double g(double x) {\n    return w * x * x;\n  }\n\n"
            + "  @Differentiable\n  double h(double x) {\n    return g(x) + this.g(2 * x);\n  }\n\n"
            + "  @Differentiable\n  static double f(double x) {\n    return new InstanceCallsInstance().h(x);\n  }\n}\n"),
        gradient("CallResultInArrayInitializer", "  @Differentiable\n  static double g(double x) {\n    return x * x;\n  }\n\n"
            + "  @Differentiable\n  static double f(double x) {\n    double[] t = {g(x), g(2 * x), x};\n"
            + "    return t[0] * t[1] + t[2];\n  }"),
        gradient("CallInTernaryArms", "  @Differentiable\n  static double g(double x) {\n    return Math.exp(x);\n  }\n\n"
            + "  @Differentiable\n  static double f(double x, double y) {\n"
            + "    return x > y ? g(x) * y : g(y) * x;\n  }"),
        gradient("CallInShortCircuitCondition", "  @Differentiable\n  static double g(double x) {\n    return x * x;\n  }\n\n"
            + "  @Differentiable\n  static double f(double x, double y) {\n    double r = x * y;\n"
            + "    if (y > 0 && g(x) > 0.5) {\n      r = r * x;\n    }\n    return r;\n  }"),
        either("Recursion", "  @Differentiable\n  static double f(double x) {\n    return g(x, 3);\n  }\n\n"
            + "  @Differentiable\n  static double g(double x, int n) {\n    return n == 0 ? x : Math.sin(g(x * x, n - 1));\n  }"),
        either("ActiveIntoNonWrtParam", "  @Differentiable(wrt = \"x\")\n  static double g(double x, double y) {\n"
            + "    return x * y;\n  }\n\n  @Differentiable\n  static double f(double x) {\n    return g(x, x * x);\n  }"),
        gradient("CallConstantParam", "  @Differentiable\n  static double g(double x, int n) {\n    return x * n;\n  }\n\n"
            + "  @Differentiable\n  static double f(double x) {\n    return g(x * x, 3) + g(x, -1);\n  }"),
        gradient("CallAsStatementIgnored", "  @Differentiable\n  static double g(double x) {\n    return x * x;\n  }\n\n"
            + "  @Differentiable\n  static double f(double x) {\n    g(x);\n    return x * 3;\n  }"),
        gradient("CallSameArgTwice", "  @Differentiable\n  static double g(double x, double y) {\n"
            + "    return x * Math.sin(y);\n  }\n\n  @Differentiable\n  static double f(double x) {\n"
            + "    return g(x, x);\n  }"),
        either("CallArrayResultIndexed", "  @Differentiable\n  static double[] g(double x) {\n"
            + "    return new double[] {x * x, Math.sin(x)};\n  }\n\n  @Differentiable\n"
            + "  static double f(double x) {\n    return g(x)[1] * g(x * 2)[0];\n  }"),
        gradient("CallInCondition", "  @Differentiable\n  static double g(double x) {\n    return x * x;\n  }\n\n"
            + "  @Differentiable\n  static double f(double x) {\n    double s = x;\n    while (g(s) < 10) {\n"
            + "      s = s * 1.5 + 1.0;\n    }\n    return s;\n  }"),
        gradient("NestedDeep", "//unit\nfinal class NestedDeep {\n  static final class A {\n    static final class B {\n"
            + "      @Differentiable\n      static double g(double x) {\n        return x * x * x;\n      }\n    }\n  }\n\n"
            + "  @Differentiable\n  static double f(double x) {\n    return A.B.g(x) + x;\n  }\n}\n"),
        gradient("GenericClass", "//unit\nfinal class GenericClass<T extends Number> {\n  @Differentiable\n"
            + "  static double f(double x) {\n    return x * x;\n  }\n}\n"),
        either("GenericMethod", "  @Differentiable\n  static double f(double x) {\n"
            + "    return h(x, java.util.List.of(1, 2));\n  }\n\n  @Differentiable\n"
            + "  static <U> double h(double x, java.util.List<U> list) {\n    return x * list.size();\n  }"),
        gradient("OtherPackageTypes", "  @Differentiable\n  static double g(double x, java.util.List<Double> weights,"
            + " java.time.Duration d) {\n    double s = 0;\n    for (int i = 0; i < weights.size(); i++) {\n"
            + "      s += weights.get(i) * x;\n    }\n    return s + d.getSeconds() * x;\n  }\n\n"
            + "  @Differentiable\n  static double f(double x) {\n"
            + "    return g(x, java.util.List.of(1.0, 2.0), java.time.Duration.ofSeconds(3));\n  }"),
        gradient("Varargs", "  @Differentiable\n  static double g(double... xs) {\n    double s = 0;\n"
            + "    for (double v : xs) {\n      s += v * v;\n    }\n    return s;\n  }\n\n"
            + "  @Differentiable\n  static double f(double x, double[] a) {\n    return g(a) + g(x, x * 2);\n  }"),
        either("InstanceInGeneric", "//unit\nfinal class InstanceInGeneric<T> {\n  final double w = 1.5;\n\n"
            + "  @Differentiable\n  double g(double x) {\n    return w * x * x;\n  }\n\n"
            + "  @Differentiable\n  static double f(double x) {\n    return new InstanceInGeneric<String>().g(x);\n  }\n}\n"),
        gradient("InterfaceStatic", "//unit\ninterface InterfaceStatic {\n  @Differentiable\n"
            + "  static double f(double x) {\n    return x * Math.tanh(x);\n  }\n}\n"),
        gradient("EnumStatic", "//unit\nenum EnumStatic {\n  A;\n\n  @Differentiable\n"
            + "  static double f(double x) {\n    return x * x * 2;\n  }\n}\n"),
        gradient("RecordStatic", "//unit\nrecord RecordStatic(double k) {\n  @Differentiable\n"
            + "  static double f(double x) {\n    return x * x * 4;\n  }\n}\n"));
  }
}
