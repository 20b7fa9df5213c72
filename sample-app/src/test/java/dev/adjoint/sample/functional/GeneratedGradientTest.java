package dev.adjoint.sample.functional;

import static dev.adjoint.sample.functional.GradientCase.of;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every @Differentiable method in this package, compiled by the real processor during test-compile:
 * the generated gradient and vjp are compared with central finite differences at several random points
 * (see {@link GradientChecker}).
 */
class GeneratedGradientTest {

  // The same methods are compared with the dynamic tape in dev.adjoint.sample.tape.TapeTwinTest.

  private static double d(Object[] a, int i) {
    return (Double) a[i];
  }

  private static double frac(double v) {
    return v - Math.floor(v);
  }

  private static boolean awayFromIntegers(double v) {
    double f = frac(v);
    return f > 1e-3 && f < 1 - 1e-3;
  }

  static Stream<GradientCase> straightLine() {
    return Stream.of(
        of(Straight.class, "poly").d("x", -2, 2).d("y", 0.5, 2),
        of(Straight.class, "rosenbrock").d("x", -2, 2).d("y", -2, 2),
        of(Straight.class, "locals").d("x", -2, 2).d("y", -2, 2),
        of(Straight.class, "compound").d("x", -2, 2).d("y", -2, 2),
        of(Straight.class, "reassign").d("x", -1.5, 1.5),
        of(Straight.class, "unaryAndParens").d("x", -2, 2).d("y", -2, 2),
        of(Straight.class, "constantsMixed").d("x", -2, 2).fixed("n", int.class, 3).fixed("flip", boolean.class, true)
            .label("Straight.constantsMixed(flip=true)"),
        of(Straight.class, "constantsMixed").d("x", -2, 2).fixed("n", int.class, 3).fixed("flip", boolean.class, false)
            .label("Straight.constantsMixed(flip=false)"),
        of(Straight.class, "intCounterArith").d("x", -2, 2),
        of(Straight.class, "floatConstants").d("x", -2, 2),
        of(Straight.class, "expr20").d("x", -2, 2).d("y", -2, 2),
        of(Straight.class, "divisionChain").d("x", -2, 2).d("y", -2, 2),
        of(Straight.class, "selfAliasing").d("x", -1.5, 1.5),
        of(Straight.class, "sameVarBothSides").d("x", -2, 2).d("y", -2, 2),
        of(Straight.class, "deadAndShared").d("x", -2, 2).d("y", -2, 2),
        of(Straight.class, "constantLocal").d("x", -2, 2),
        of(Straight.class, "paramReassigned").d("x", -2, 2).d("y", -2, 2));
  }

  static Stream<GradientCase> mathFunctions() {
    return Stream.of(
        of(MathFns.class, "sin").d("x", -3, 3),
        of(MathFns.class, "cos").d("x", -3, 3),
        of(MathFns.class, "tan").d("x", -1.2, 1.2),
        of(MathFns.class, "asin").d("x", -0.9, 0.9),
        of(MathFns.class, "acos").d("x", -0.9, 0.9),
        of(MathFns.class, "atan").d("x", -3, 3),
        of(MathFns.class, "atan2").d("y", -2, 2).d("x", 0.3, 2),
        of(MathFns.class, "atan2").d("y", 0.3, 2).d("x", -2, 2).label("MathFns.atan2(upper half plane)"),
        of(MathFns.class, "sinh").d("x", -2, 2),
        of(MathFns.class, "cosh").d("x", -2, 2),
        of(MathFns.class, "tanh").d("x", -2, 2),
        of(MathFns.class, "exp").d("x", -2, 2),
        of(MathFns.class, "expm1").d("x", -2, 2),
        of(MathFns.class, "log").d("x", 0.1, 3),
        of(MathFns.class, "log10").d("x", 0.1, 3),
        of(MathFns.class, "log1p").d("x", -0.5, 3),
        of(MathFns.class, "sqrt").d("x", 0.1, 3),
        of(MathFns.class, "cbrt").d("x", 0.1, 3),
        of(MathFns.class, "cbrt").d("x", -3, -0.1).label("MathFns.cbrt(negative)"),
        of(MathFns.class, "pow").d("x", 0.2, 2).d("y", -2, 2),
        of(MathFns.class, "powConstExponent").d("x", 0.1, 2),
        of(MathFns.class, "powConstBase").d("y", -2, 2),
        of(MathFns.class, "hypot").d("x", -2, 2).d("y", -2, 2).where(a -> Math.hypot(d(a, 0), d(a, 1)) > 0.1),
        of(MathFns.class, "abs").d("x", -2, 2).where(a -> Math.abs(d(a, 0)) > 1e-3),
        of(MathFns.class, "max").d("x", -2, 2).d("y", -2, 2).where(a -> Math.abs(d(a, 0) - d(a, 1)) > 1e-3),
        of(MathFns.class, "min").d("x", -2, 2).d("y", -2, 2).where(a -> Math.abs(d(a, 0) - d(a, 1)) > 1e-3),
        of(MathFns.class, "toRadians").d("x", -200, 200),
        of(MathFns.class, "toDegrees").d("x", -2, 2),
        of(MathFns.class, "fma").d("x", -2, 2).d("y", -2, 2).d("z", -2, 2),
        of(MathFns.class, "scalb").d("x", -2, 2),
        of(MathFns.class, "copySign").d("x", -2, 2).d("y", -2, 2)
            .where(a -> Math.abs(d(a, 0)) > 1e-3 && Math.abs(d(a, 1)) > 1e-3),
        of(MathFns.class, "ieeeRemainder").d("x", -3, 3).d("y", 0.5, 2)
            .where(a -> awayFromIntegers(d(a, 0) / d(a, 1) + 0.5)),
        of(MathFns.class, "nextUp").d("x", -2, 2),
        of(MathFns.class, "exact").d("x", 0.2, 2),
        of(MathFns.class, "floorCeil").d("x", -3, 3).d("y", -3, 3)
            .where(a -> awayFromIntegers(d(a, 0)) && awayFromIntegers(d(a, 1))),
        of(MathFns.class, "rint").d("x", -3, 3).where(a -> awayFromIntegers(d(a, 0) + 0.5)),
        of(MathFns.class, "signum").d("x", -2, 2).where(a -> Math.abs(d(a, 0)) > 1e-3),
        of(MathFns.class, "round").d("x", -3, 3).where(a -> awayFromIntegers(d(a, 0) + 0.5)));
  }

  static Stream<GradientCase> controlFlow() {
    return Stream.of(
        of(Control.class, "ifElseAssign").d("x", -1, 2).d("y", -2, 2).where(a -> Math.abs(d(a, 0) - 0.3) > 1e-3),
        of(Control.class, "ifWithoutElse").d("x", -2, 2).where(a -> Math.abs(d(a, 0)) > 1e-3),
        of(Control.class, "elseIfChain").d("x", -2, 2.5)
            .where(a -> Math.abs(d(a, 0) + 1) > 1e-3 && Math.abs(d(a, 0)) > 1e-3 && Math.abs(d(a, 0) - 1) > 1e-3)
            .label("Control.elseIfChain").withPoints(8),
        of(Control.class, "ternary").d("x", -2, 2).d("y", -2, 2).where(a -> Math.abs(d(a, 0) - d(a, 1)) > 1e-3),
        of(Control.class, "nestedTernary").d("x", -2, 2).d("y", -2, 2)
            .where(a -> Math.abs(d(a, 0)) > 1e-3 && Math.abs(d(a, 1)) > 1e-3).withPoints(8),
        of(Control.class, "ternaryOnConstant").d("x", -2, 2).fixed("b", boolean.class, true)
            .label("Control.ternaryOnConstant(true)"),
        of(Control.class, "ternaryOnConstant").d("x", -2, 2).fixed("b", boolean.class, false)
            .label("Control.ternaryOnConstant(false)"),
        of(Control.class, "forConst").d("x", -2, 2),
        of(Control.class, "forProduct").d("x", -2, 2).d("y", -2, 2),
        of(Control.class, "countDownStepTwo").d("x", -2, 2),
        of(Control.class, "whileLoop").d("x", -2, 2),
        of(Control.class, "doWhile").d("x", -1.2, 1.2).d("y", -2, 2),
        of(Control.class, "nestedLoops").d("x", -2, 2).d("y", -2, 2),
        of(Control.class, "triangularLoops").d("x", -2, 2),
        of(Control.class, "activeTripCount").d("x", 0.05, 5).smooth().withPoints(8),
        of(Control.class, "activeLoopBound").d("x", 0.1, 3).where(a -> awayFromIntegers(d(a, 0) / 0.5)).withPoints(8),
        of(Control.class, "powerUntil").d("x", 1.2, 3).smooth().withPoints(8),
        of(Control.class, "breakOnActive").d("x", 0.5, 2).smooth().withPoints(8),
        of(Control.class, "continueOnConstant").d("x", -2, 2).d("y", -2, 2),
        of(Control.class, "continueOnActive").d("x", -2, 2).d("y", -2, 2).withPoints(8),
        of(Control.class, "earlyReturnInLoop").d("x", 0.1, 3).smooth().withPoints(8),
        of(Control.class, "earlyReturnTop").d("x", -2, 2).d("y", -2, 2)
            .where(a -> d(a, 0) < -1e-3 || d(a, 0) > 0.05).withPoints(8),
        of(Control.class, "enhancedForOverParam").d("x", -1.5, 1.5).arr("a", 4, -2, 2),
        of(Control.class, "enhancedForOverLocal").d("x", -1.5, 1.5),
        of(Control.class, "localDeclaredInLoop").d("x", -1, 1),
        of(Control.class, "breakAndContinue").d("x", -1, 1.5).d("y", -2, 2).smooth().withPoints(8),
        of(Control.class, "branchInLoop").d("x", -1.5, 1.5).smooth().withPoints(8),
        of(Control.class, "labeledBreak").d("x", 0.5, 2));
  }

  static Stream<GradientCase> arrays() {
    return Stream.of(
        of(ArrayFns.class, "sumSquares").arr("a", 5, -2, 2),
        of(ArrayFns.class, "dot").arr("a", 4, -2, 2).arr("b", 4, -2, 2),
        of(ArrayFns.class, "horner").d("x", -1.5, 1.5).arr("c", 5, -2, 2),
        of(ArrayFns.class, "localArray").d("x", -2, 2).d("y", -2, 2),
        of(ArrayFns.class, "arrayInitializer").d("x", -2, 2).d("y", -2, 2),
        of(ArrayFns.class, "localArrayOverwrite").d("x", -1.5, 1.5),
        of(ArrayFns.class, "lengthAndNew").arr("a", 6, -1, 1),
        of(ArrayFns.class, "prefixRecurrence").arr("a", 5, -1.2, 1.2),
        of(ArrayFns.class, "slotReuse").d("x", -1, 1).arr("a", 5, -1, 1),
        of(ArrayFns.class, "gather").arr("a", 4, -2, 2).fixed("idx", int[].class, new int[] {0, 2, 2, 3, 1, 0}),
        of(ArrayFns.class, "frobeniusTrace").mat("m", 3, 3, -2, 2),
        of(ArrayFns.class, "local2dDeterminant").d("x", -2, 2).d("y", -2, 2),
        of(ArrayFns.class, "matVecSquared").mat("a", 3, 4, -2, 2).arr("v", 4, -2, 2),
        of(ArrayFns.class, "outerProductSum").arr("a", 3, -2, 2).arr("b", 4, -2, 2),
        of(ArrayFns.class, "logSumExp").arr("a", 5, -3, 3),
        of(ArrayFns.class, "scale").d("x", -2, 2).arr("a", 4, -2, 2),
        of(ArrayFns.class, "polar").d("r", 0.1, 3).d("t", -3, 3),
        of(ArrayFns.class, "cumulativeProduct").arr("a", 5, -1.5, 1.5));
  }

  static Stream<GradientCase> floats() {
    return Stream.of(
        of(FloatFns.class, "product").f("x", -2, 2).f("y", -2, 2),
        of(FloatFns.class, "mathCast").f("x", -2, 2),
        of(FloatFns.class, "mixed").f("x", -2, 2).d("y", -2, 2),
        of(FloatFns.class, "floatLoop").f("x", -1.5, 1.5),
        of(FloatFns.class, "floatArraySum").farr("a", 5, -2, 2),
        of(FloatFns.class, "floatArrayResult").f("x", -2, 2).farr("a", 4, -2, 2),
        of(FloatFns.class, "floatAbsMax").f("x", -2, 2).f("y", -2, 2)
            .where(a -> Math.abs((Float) a[0]) > 0.05 && Math.abs((Float) a[0] - (Float) a[1]) > 0.05));
  }

  static Stream<GradientCase> switches() {
    Stream.Builder<GradientCase> cases = Stream.builder();
    for (int mode = 0; mode < 4; mode++) {
      cases.add(of(Switches.class, "oldStyleReturns").d("x", -2, 2).fixed("mode", int.class, mode));
      cases.add(of(Switches.class, "oldStyleBreaks").d("x", -2, 2).fixed("mode", int.class, mode));
      cases.add(of(Switches.class, "defaultInTheMiddle").d("x", -2, 2).fixed("mode", int.class, mode));
      cases.add(of(Switches.class, "expressionWithYield").d("x", -2, 2).fixed("mode", int.class, mode));
      cases.add(of(Switches.class, "inLoop").arr("xs", 6, -1.5, 1.5).fixed("offset", int.class, mode));
      cases.add(of(Switches.class, "nested").d("x", -2, 2).fixed("a", int.class, mode % 2).fixed("b", int.class, mode / 2));
    }
    for (Switches.Activation a : Switches.Activation.values()) {
      cases.add(of(Switches.class, "activation").d("x", -2, 2).fixed("a", Switches.Activation.class, a)
          .where(v -> Math.abs(d(v, 0)) > 1e-3));
    }
    for (String op : new String[] {"square", "cube", "third"}) {
      cases.add(of(Switches.class, "byName").d("x", -2, 2).fixed("op", String.class, op));
    }
    for (char c : new char[] {'a', 'b', 'z'}) {
      cases.add(of(Switches.class, "byChar").d("x", -2, 2).fixed("c", char.class, c));
    }
    cases.add(of(Switches.class, "boxedSelector").d("x", -2, 2).fixed("mode", Integer.class, 1));
    cases.add(of(Switches.class, "boxedSelector").d("x", -2, 2).fixed("mode", Integer.class, 7));
    cases.add(of(Switches.class, "intoArray").d("x", -2, 2).fixed("n", int.class, 5));
    cases.add(of(Switches.class, "asserted").d("x", -2, 2));
    return cases.build();
  }

  static Stream<GradientCase> layers() {
    return Stream.of(
        of(Layers.class, "mlpLoss").arr("w1", 12, -1, 1).arr("b1", 4, -0.5, 0.5).arr("w2", 8, -1, 1)
            .arr("b2", 2, -0.5, 0.5).arr("x", 3, -1, 1).arr("y", 2, -1, 1),
        of(Layers.class, "deep").arr("w", 9, -1, 1).arr("b", 3, -0.5, 0.5).arr("x", 3, -1, 1).fixed("depth", int.class, 3),
        of(Layers.class, "deep").arr("w", 9, -1, 1).arr("b", 3, -0.5, 0.5).arr("x", 3, -1, 1).fixed("depth", int.class, 0),
        of(Layers.class, "twoLayers").arr("w", 9, -1, 1).arr("b", 3, -0.5, 0.5).arr("x", 3, -1, 1),
        of(Layers.class, "dense").arr("w", 6, -1, 1).arr("b", 2, -0.5, 0.5).arr("x", 3, -1, 1).fixed("out", int.class, 2));
  }

  static Stream<GradientCase> calls() {
    return Stream.of(
        of(Calls.class, "sq").d("x", -2, 2),
        of(Calls.class, "usesHelper").d("x", -1.5, 1.5).d("y", -1.5, 1.5),
        of(Calls.class, "callInLoop").d("x", -1, 1),
        of(Calls.class, "norm2").arr("a", 4, -2, 2),
        of(Calls.class, "callWithLocalArray").d("x", -2, 2).d("y", -2, 2).where(a -> Math.abs(d(a, 0)) + Math.abs(d(a, 1)) > 0.1),
        of(Calls.class, "callWithParamArray").arr("a", 3, -2, 2).d("x", -2, 2),
        of(Calls.class, "callArrayResult").d("x", -2, 2).arr("a", 4, -2, 2),
        of(Calls.class, "crossClass").d("x", -2, 2).d("y", -2, 2),
        of(Calls.class, "callChain").d("x", -1.2, 1.2),
        of(Calls.class, "overloaded").d("x", -2, 2).label("Calls.overloaded(double)"),
        of(Calls.class, "overloaded").d("x", -2, 2).d("y", -2, 2).label("Calls.overloaded(double, double)"),
        of(Calls.class, "overloaded").f("x", -2, 2).label("Calls.overloaded(float)"),
        of(Calls.class, "onlyY").dConst("x", -1.5, 1.5).d("y", -1.5, 1.5),
        of(Calls.class, "someParams").d("x", -2, 2).arr("a", 3, -2, 2).dConst("z", -2, 2).arrConst("b", 3, -2, 2),
        // onlyY = x^2 y + exp(x y), differentiated in y only: d/dy = x^2 + x exp(x y), at x = 2 and x = y.
        of(Calls.class, "callsOnlyY").d("y", -1.5, 1.5).expect(a -> {
          double y = d(a, 0);
          return new double[][] {{4 + 2 * Math.exp(2 * y) + y * y + y * Math.exp(y * y)}};
        }),
        // AD.withoutDerivative: f = c x + y with c = x y held constant, so df/dx = x y, df/dy = 1.
        of(Calls.class, "stopGradient").d("x", -2, 2).d("y", -2, 2)
            .expect(a -> new double[][] {{d(a, 0) * d(a, 1)}, {1}}),
        // s(k+1) = const(s(k)) x + s(k): ds/dx = 1 + s0 + s1 + s2.
        of(Calls.class, "stopGradientInLoop").d("x", -1.5, 1.5).expect(a -> {
          double x = d(a, 0);
          double s0 = x;
          double s1 = s0 * x + s0;
          double s2 = s1 * x + s1;
          return new double[][] {{1 + s0 + s1 + s2}};
        }),
        of(Calls.class, "callsConstantHelper").d("x", -2, 2).fixed("n", int.class, 4),
        of(Ping.class, "ping").d("x", -2, 2),
        of(Ping.class, "pingPong").d("x", -1.5, 1.5).d("y", -1.5, 1.5),
        of(Pong.class, "pong").d("x", -2, 2),
        of(Pong.class, "pongPing").d("x", -2, 2),
        of(Model.class, "predict").on(new Model(0.5, new double[] {1, -2, 0.3})).d("x", -2, 2),
        of(Model.class, "loss").on(new Model(0.5, new double[] {1, -2, 0.3})).d("x", -2, 2).d("target", -2, 2),
        of(Model.class, "weighted").on(new Model(-0.25, new double[] {0.7, -1.1, 2})).arr("v", 3, -2, 2),
        of(Model.class, "features").on(new Model(0.1, new double[] {0.7, -1.1, 2})).arr("v", 4, -2, 2),
        of(Model.class, "featureLoss").on(new Model(0.1, new double[] {0.7, -1.1, 2})).arr("v", 4, -2, 2),
        of(Outer.Inner.class, "inner").d("x", -2, 2).d("y", -2, 2),
        of(Outer.class, "outer").d("x", -1.5, 1.5),
        of(CustomRules.class, "usesSoftplus").d("x", -3, 3).d("y", -3, 3),
        of(CustomRules.class, "usesLogAddExp").d("x", -2, 2).d("y", -2, 2),
        of(CustomRules.class, "usesErf").d("x", -1.5, 1.5),
        of(CustomRules.class, "usesRuleFromOtherClass").d("x", -2, 2),
        of(CustomRules.class, "softplusTimesX").d("x", -2, 2).d("y", -2, 2),
        of(CustomRules.class, "softplusChain").d("x", -1, 1),
        of(CustomRules.class, "softplusBranch").d("x", -2, 2).d("y", -2, 2),
        of(CustomRules.class, "squaresDot").arr("x", 4, -2, 2),
        of(CustomRules.class, "passiveIndex").arr("x", 4, -2, 2));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("straightLine")
  void straightLineCode(GradientCase c) {
    GradientChecker.check(c);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mathFunctions")
  void mathFunctions(GradientCase c) {
    GradientChecker.check(c);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("controlFlow")
  void controlFlow(GradientCase c) {
    GradientChecker.check(c);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("arrays")
  void arrays(GradientCase c) {
    GradientChecker.check(c);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("floats")
  void floats(GradientCase c) {
    GradientChecker.check(c);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("calls")
  void calls(GradientCase c) {
    GradientChecker.check(c);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("switches")
  void switches(GradientCase c) {
    GradientChecker.check(c);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("layers")
  void layers(GradientCase c) {
    GradientChecker.check(c);
  }
}
