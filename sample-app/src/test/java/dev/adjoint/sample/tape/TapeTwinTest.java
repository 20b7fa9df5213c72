package dev.adjoint.sample.tape;

import static dev.adjoint.sample.tape.TwinCase.of;

import dev.adjoint.sample.functional.ArrayFnsGradients;
import dev.adjoint.sample.functional.CallsGradients;
import dev.adjoint.sample.functional.ControlGradients;
import dev.adjoint.sample.functional.CustomRulesGradients;
import dev.adjoint.sample.functional.FloatFnsGradients;
import dev.adjoint.sample.functional.LayersGradients;
import dev.adjoint.sample.functional.MathFnsGradients;
import dev.adjoint.sample.functional.ModelGradients;
import dev.adjoint.sample.functional.PingGradients;
import dev.adjoint.sample.functional.PongGradients;
import dev.adjoint.sample.functional.StraightGradients;
import dev.adjoint.sample.functional.SwitchesGradients;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every generated gradient of the functional tests (sample-app/src/test/.../functional) compared with its
 * tape twin: the same function written with FLOAT64 {@code Tensor}s and differentiated by the dynamic tape,
 * so each gradient is checked against central finite differences and against the tape. Domains are the
 * functional tests' own. See {@link TwinChecker} for the comparison.
 *
 * <p>Not expressible on the tape, so not twinned here (finite differences still check them):
 * <ul>
 *   <li>{@code MathFns.asin}, {@code MathFns.acos}, {@code MathFns.atan}, {@code MathFns.atan2} (both
 *       cases): the tensor API has no inverse trigonometric functions, and no identity in terms of the
 *       ones it has.
 *   <li>{@code Outer.Inner.inner}, {@code Outer.outer}: both use {@code Math.atan}.
 * </ul>
 * Written with identities instead of a missing primitive (the tape's derivative is still the true one):
 * sinh, cosh, expm1, log10, log1p, cbrt ({@code pow(1/3)}, odd-extended), hypot, copySign, IEEEremainder,
 * nextUp, and the piecewise-constant floor/ceil/rint/round/signum.
 *
 * <p>Switch selectors and other non-differentiable arguments (int, char, String, enum, boxed Integer) are
 * plain Java values handed to both sides; they are not inputs of the {@link TwinCase}.
 */
class TapeTwinTest {

  private static double frac(double v) {
    return v - Math.floor(v);
  }

  private static boolean awayFromIntegers(double v) {
    double f = frac(v);
    return f > 1e-3 && f < 1 - 1e-3;
  }

  static Stream<TwinCase> straightLine() {
    return Stream.of(
        of("Straight.poly", a -> StraightGradients.poly(a.d(0), a.d(1)),
            t -> StraightTwins.poly(t[0], t[1])).d(-2, 2).d(0.5, 2),
        of("Straight.rosenbrock", a -> StraightGradients.rosenbrock(a.d(0), a.d(1)),
            t -> StraightTwins.rosenbrock(t[0], t[1])).d(-2, 2).d(-2, 2),
        of("Straight.locals", a -> StraightGradients.locals(a.d(0), a.d(1)),
            t -> StraightTwins.locals(t[0], t[1])).d(-2, 2).d(-2, 2),
        of("Straight.compound", a -> StraightGradients.compound(a.d(0), a.d(1)),
            t -> StraightTwins.compound(t[0], t[1])).d(-2, 2).d(-2, 2),
        of("Straight.reassign", a -> StraightGradients.reassign(a.d(0)),
            t -> StraightTwins.reassign(t[0])).d(-1.5, 1.5),
        of("Straight.unaryAndParens", a -> StraightGradients.unaryAndParens(a.d(0), a.d(1)),
            t -> StraightTwins.unaryAndParens(t[0], t[1])).d(-2, 2).d(-2, 2),
        of("Straight.constantsMixed(flip=true)", a -> StraightGradients.constantsMixed(a.d(0), 3, true),
            t -> StraightTwins.constantsMixed(t[0], 3, true)).d(-2, 2),
        of("Straight.constantsMixed(flip=false)", a -> StraightGradients.constantsMixed(a.d(0), 3, false),
            t -> StraightTwins.constantsMixed(t[0], 3, false)).d(-2, 2),
        of("Straight.intCounterArith", a -> StraightGradients.intCounterArith(a.d(0)),
            t -> StraightTwins.intCounterArith(t[0])).d(-2, 2),
        of("Straight.floatConstants", a -> StraightGradients.floatConstants(a.d(0)),
            t -> StraightTwins.floatConstants(t[0])).d(-2, 2),
        of("Straight.expr20", a -> StraightGradients.expr20(a.d(0), a.d(1)),
            t -> StraightTwins.expr20(t[0], t[1])).d(-2, 2).d(-2, 2),
        of("Straight.divisionChain", a -> StraightGradients.divisionChain(a.d(0), a.d(1)),
            t -> StraightTwins.divisionChain(t[0], t[1])).d(-2, 2).d(-2, 2),
        of("Straight.selfAliasing", a -> StraightGradients.selfAliasing(a.d(0)),
            t -> StraightTwins.selfAliasing(t[0])).d(-1.5, 1.5),
        of("Straight.sameVarBothSides", a -> StraightGradients.sameVarBothSides(a.d(0), a.d(1)),
            t -> StraightTwins.sameVarBothSides(t[0], t[1])).d(-2, 2).d(-2, 2),
        of("Straight.deadAndShared", a -> StraightGradients.deadAndShared(a.d(0), a.d(1)),
            t -> StraightTwins.deadAndShared(t[0], t[1])).d(-2, 2).d(-2, 2),
        of("Straight.constantLocal", a -> StraightGradients.constantLocal(a.d(0)),
            t -> StraightTwins.constantLocal(t[0])).d(-2, 2),
        of("Straight.paramReassigned", a -> StraightGradients.paramReassigned(a.d(0), a.d(1)),
            t -> StraightTwins.paramReassigned(t[0], t[1])).d(-2, 2).d(-2, 2));
  }

  static Stream<TwinCase> mathFunctions() {
    return Stream.of(
        of("MathFns.sin", a -> MathFnsGradients.sin(a.d(0)), t -> t[0].sin()).d(-3, 3),
        of("MathFns.cos", a -> MathFnsGradients.cos(a.d(0)), t -> t[0].cos()).d(-3, 3),
        of("MathFns.tan", a -> MathFnsGradients.tan(a.d(0)), t -> t[0].tan()).d(-1.2, 1.2),
        of("MathFns.sinh", a -> MathFnsGradients.sinh(a.d(0)), t -> MathTwins.sinh(t[0])).d(-2, 2),
        of("MathFns.cosh", a -> MathFnsGradients.cosh(a.d(0)), t -> MathTwins.cosh(t[0])).d(-2, 2),
        of("MathFns.tanh", a -> MathFnsGradients.tanh(a.d(0)), t -> t[0].tanh()).d(-2, 2),
        of("MathFns.exp", a -> MathFnsGradients.exp(a.d(0)), t -> t[0].exp()).d(-2, 2),
        of("MathFns.expm1", a -> MathFnsGradients.expm1(a.d(0)), t -> MathTwins.expm1(t[0])).d(-2, 2),
        of("MathFns.log", a -> MathFnsGradients.log(a.d(0)), t -> t[0].log()).d(0.1, 3),
        of("MathFns.log10", a -> MathFnsGradients.log10(a.d(0)), t -> MathTwins.log10(t[0])).d(0.1, 3),
        of("MathFns.log1p", a -> MathFnsGradients.log1p(a.d(0)), t -> MathTwins.log1p(t[0])).d(-0.5, 3),
        of("MathFns.sqrt", a -> MathFnsGradients.sqrt(a.d(0)), t -> t[0].sqrt()).d(0.1, 3),
        of("MathFns.cbrt", a -> MathFnsGradients.cbrt(a.d(0)), t -> MathTwins.cbrt(t[0])).d(0.1, 3),
        of("MathFns.cbrt(negative)", a -> MathFnsGradients.cbrt(a.d(0)), t -> MathTwins.cbrt(t[0])).d(-3, -0.1),
        of("MathFns.pow", a -> MathFnsGradients.pow(a.d(0), a.d(1)), t -> MathTwins.pow(t[0], t[1]))
            .d(0.2, 2).d(-2, 2),
        of("MathFns.powConstExponent", a -> MathFnsGradients.powConstExponent(a.d(0)),
            t -> MathTwins.powConstExponent(t[0])).d(0.1, 2),
        of("MathFns.powConstBase", a -> MathFnsGradients.powConstBase(a.d(0)),
            t -> MathTwins.powConstBase(t[0])).d(-2, 2),
        of("MathFns.hypot", a -> MathFnsGradients.hypot(a.d(0), a.d(1)), t -> MathTwins.hypot(t[0], t[1]))
            .d(-2, 2).d(-2, 2).where(a -> Math.hypot(a.d(0), a.d(1)) > 0.1),
        of("MathFns.abs", a -> MathFnsGradients.abs(a.d(0)), t -> MathTwins.abs(t[0])).d(-2, 2)
            .where(a -> Math.abs(a.d(0)) > 1e-3),
        of("MathFns.max", a -> MathFnsGradients.max(a.d(0), a.d(1)), t -> MathTwins.max(t[0], t[1]))
            .d(-2, 2).d(-2, 2).where(a -> Math.abs(a.d(0) - a.d(1)) > 1e-3),
        of("MathFns.min", a -> MathFnsGradients.min(a.d(0), a.d(1)), t -> MathTwins.min(t[0], t[1]))
            .d(-2, 2).d(-2, 2).where(a -> Math.abs(a.d(0) - a.d(1)) > 1e-3),
        of("MathFns.toRadians", a -> MathFnsGradients.toRadians(a.d(0)), t -> MathTwins.toRadians(t[0]))
            .d(-200, 200),
        of("MathFns.toDegrees", a -> MathFnsGradients.toDegrees(a.d(0)), t -> MathTwins.toDegrees(t[0]))
            .d(-2, 2),
        of("MathFns.fma", a -> MathFnsGradients.fma(a.d(0), a.d(1), a.d(2)),
            t -> MathTwins.fma(t[0], t[1], t[2])).d(-2, 2).d(-2, 2).d(-2, 2),
        of("MathFns.scalb", a -> MathFnsGradients.scalb(a.d(0)), t -> MathTwins.scalb(t[0])).d(-2, 2),
        of("MathFns.copySign", a -> MathFnsGradients.copySign(a.d(0), a.d(1)),
            t -> MathTwins.copySign(t[0], t[1])).d(-2, 2).d(-2, 2)
            .where(a -> Math.abs(a.d(0)) > 1e-3 && Math.abs(a.d(1)) > 1e-3),
        of("MathFns.ieeeRemainder", a -> MathFnsGradients.ieeeRemainder(a.d(0), a.d(1)),
            t -> MathTwins.ieeeRemainder(t[0], t[1])).d(-3, 3).d(0.5, 2)
            .where(a -> awayFromIntegers(a.d(0) / a.d(1) + 0.5)),
        of("MathFns.nextUp", a -> MathFnsGradients.nextUp(a.d(0)), t -> MathTwins.nextUp(t[0])).d(-2, 2),
        of("MathFns.exact", a -> MathFnsGradients.exact(a.d(0)), t -> MathTwins.exact(t[0])).d(0.2, 2),
        of("MathFns.floorCeil", a -> MathFnsGradients.floorCeil(a.d(0), a.d(1)),
            t -> MathTwins.floorCeil(t[0], t[1])).d(-3, 3).d(-3, 3)
            .where(a -> awayFromIntegers(a.d(0)) && awayFromIntegers(a.d(1))),
        of("MathFns.rint", a -> MathFnsGradients.rint(a.d(0)), t -> MathTwins.rint(t[0])).d(-3, 3)
            .where(a -> awayFromIntegers(a.d(0) + 0.5)),
        of("MathFns.signum", a -> MathFnsGradients.signum(a.d(0)), t -> MathTwins.signum(t[0])).d(-2, 2)
            .where(a -> Math.abs(a.d(0)) > 1e-3),
        of("MathFns.round", a -> MathFnsGradients.round(a.d(0)), t -> MathTwins.round(t[0])).d(-3, 3)
            .where(a -> awayFromIntegers(a.d(0) + 0.5)));
  }

  static Stream<TwinCase> controlFlow() {
    return Stream.of(
        of("Control.ifElseAssign", a -> ControlGradients.ifElseAssign(a.d(0), a.d(1)),
            t -> ControlTwins.ifElseAssign(t[0], t[1])).d(-1, 2).d(-2, 2),
        of("Control.ifWithoutElse", a -> ControlGradients.ifWithoutElse(a.d(0)),
            t -> ControlTwins.ifWithoutElse(t[0])).d(-2, 2),
        of("Control.elseIfChain", a -> ControlGradients.elseIfChain(a.d(0)),
            t -> ControlTwins.elseIfChain(t[0])).d(-2, 2.5).withPoints(8),
        of("Control.ternary", a -> ControlGradients.ternary(a.d(0), a.d(1)),
            t -> ControlTwins.ternary(t[0], t[1])).d(-2, 2).d(-2, 2),
        of("Control.nestedTernary", a -> ControlGradients.nestedTernary(a.d(0), a.d(1)),
            t -> ControlTwins.nestedTernary(t[0], t[1])).d(-2, 2).d(-2, 2).withPoints(8),
        of("Control.ternaryOnConstant(true)", a -> ControlGradients.ternaryOnConstant(a.d(0), true),
            t -> ControlTwins.ternaryOnConstant(t[0], true)).d(-2, 2),
        of("Control.ternaryOnConstant(false)", a -> ControlGradients.ternaryOnConstant(a.d(0), false),
            t -> ControlTwins.ternaryOnConstant(t[0], false)).d(-2, 2),
        of("Control.forConst", a -> ControlGradients.forConst(a.d(0)), t -> ControlTwins.forConst(t[0])).d(-2, 2),
        of("Control.forProduct", a -> ControlGradients.forProduct(a.d(0), a.d(1)),
            t -> ControlTwins.forProduct(t[0], t[1])).d(-2, 2).d(-2, 2),
        of("Control.countDownStepTwo", a -> ControlGradients.countDownStepTwo(a.d(0)),
            t -> ControlTwins.countDownStepTwo(t[0])).d(-2, 2),
        of("Control.whileLoop", a -> ControlGradients.whileLoop(a.d(0)), t -> ControlTwins.whileLoop(t[0]))
            .d(-2, 2),
        of("Control.doWhile", a -> ControlGradients.doWhile(a.d(0), a.d(1)),
            t -> ControlTwins.doWhile(t[0], t[1])).d(-1.2, 1.2).d(-2, 2),
        of("Control.nestedLoops", a -> ControlGradients.nestedLoops(a.d(0), a.d(1)),
            t -> ControlTwins.nestedLoops(t[0], t[1])).d(-2, 2).d(-2, 2),
        of("Control.triangularLoops", a -> ControlGradients.triangularLoops(a.d(0)),
            t -> ControlTwins.triangularLoops(t[0])).d(-2, 2),
        of("Control.activeTripCount", a -> ControlGradients.activeTripCount(a.d(0)),
            t -> ControlTwins.activeTripCount(t[0])).d(0.05, 5).withPoints(8),
        of("Control.activeLoopBound", a -> ControlGradients.activeLoopBound(a.d(0)),
            t -> ControlTwins.activeLoopBound(t[0])).d(0.1, 3).withPoints(8),
        of("Control.powerUntil", a -> ControlGradients.powerUntil(a.d(0)), t -> ControlTwins.powerUntil(t[0]))
            .d(1.2, 3).withPoints(8),
        of("Control.breakOnActive", a -> ControlGradients.breakOnActive(a.d(0)),
            t -> ControlTwins.breakOnActive(t[0])).d(0.5, 2).withPoints(8),
        of("Control.continueOnConstant", a -> ControlGradients.continueOnConstant(a.d(0), a.d(1)),
            t -> ControlTwins.continueOnConstant(t[0], t[1])).d(-2, 2).d(-2, 2),
        of("Control.continueOnActive", a -> ControlGradients.continueOnActive(a.d(0), a.d(1)),
            t -> ControlTwins.continueOnActive(t[0], t[1])).d(-2, 2).d(-2, 2).withPoints(8),
        of("Control.earlyReturnInLoop", a -> ControlGradients.earlyReturnInLoop(a.d(0)),
            t -> ControlTwins.earlyReturnInLoop(t[0])).d(0.1, 3).withPoints(8),
        of("Control.earlyReturnTop", a -> ControlGradients.earlyReturnTop(a.d(0), a.d(1)),
            t -> ControlTwins.earlyReturnTop(t[0], t[1])).d(-2, 2).d(-2, 2)
            .where(a -> a.d(0) < 0 || a.d(0) > 0.05).withPoints(8),
        of("Control.enhancedForOverParam", a -> ControlGradients.enhancedForOverParam(a.d(0), a.arr(1)),
            t -> ControlTwins.enhancedForOverParam(t[0], t[1])).d(-1.5, 1.5).arr(4, -2, 2),
        of("Control.enhancedForOverLocal", a -> ControlGradients.enhancedForOverLocal(a.d(0)),
            t -> ControlTwins.enhancedForOverLocal(t[0])).d(-1.5, 1.5),
        of("Control.localDeclaredInLoop", a -> ControlGradients.localDeclaredInLoop(a.d(0)),
            t -> ControlTwins.localDeclaredInLoop(t[0])).d(-1, 1),
        of("Control.breakAndContinue", a -> ControlGradients.breakAndContinue(a.d(0), a.d(1)),
            t -> ControlTwins.breakAndContinue(t[0], t[1])).d(-1, 1.5).d(-2, 2).withPoints(8),
        of("Control.branchInLoop", a -> ControlGradients.branchInLoop(a.d(0)),
            t -> ControlTwins.branchInLoop(t[0])).d(-1.5, 1.5).withPoints(8),
        of("Control.labeledBreak", a -> ControlGradients.labeledBreak(a.d(0)),
            t -> ControlTwins.labeledBreak(t[0])).d(0.5, 2));
  }

  static Stream<TwinCase> arrays() {
    int[] idx = {0, 2, 2, 3, 1, 0};
    return Stream.of(
        of("ArrayFns.sumSquares", a -> ArrayFnsGradients.sumSquares(a.arr(0)), t -> ArrayTwins.sumSquares(t[0]))
            .arr(5, -2, 2),
        of("ArrayFns.dot", a -> ArrayFnsGradients.dot(a.arr(0), a.arr(1)), t -> ArrayTwins.dot(t[0], t[1]))
            .arr(4, -2, 2).arr(4, -2, 2),
        of("ArrayFns.horner", a -> ArrayFnsGradients.horner(a.d(0), a.arr(1)),
            t -> ArrayTwins.horner(t[0], t[1])).d(-1.5, 1.5).arr(5, -2, 2),
        of("ArrayFns.localArray", a -> ArrayFnsGradients.localArray(a.d(0), a.d(1)),
            t -> ArrayTwins.localArray(t[0], t[1])).d(-2, 2).d(-2, 2),
        of("ArrayFns.arrayInitializer", a -> ArrayFnsGradients.arrayInitializer(a.d(0), a.d(1)),
            t -> ArrayTwins.arrayInitializer(t[0], t[1])).d(-2, 2).d(-2, 2),
        of("ArrayFns.localArrayOverwrite", a -> ArrayFnsGradients.localArrayOverwrite(a.d(0)),
            t -> ArrayTwins.localArrayOverwrite(t[0])).d(-1.5, 1.5),
        of("ArrayFns.lengthAndNew", a -> ArrayFnsGradients.lengthAndNew(a.arr(0)),
            t -> ArrayTwins.lengthAndNew(t[0])).arr(6, -1, 1),
        of("ArrayFns.prefixRecurrence", a -> ArrayFnsGradients.prefixRecurrence(a.arr(0)),
            t -> ArrayTwins.prefixRecurrence(t[0])).arr(5, -1.2, 1.2),
        of("ArrayFns.slotReuse", a -> ArrayFnsGradients.slotReuse(a.d(0), a.arr(1)),
            t -> ArrayTwins.slotReuse(t[0], t[1])).d(-1, 1).arr(5, -1, 1),
        of("ArrayFns.gather", a -> ArrayFnsGradients.gather(a.arr(0), idx.clone()),
            t -> ArrayTwins.gather(t[0], idx)).arr(4, -2, 2),
        of("ArrayFns.frobeniusTrace", a -> ArrayFnsGradients.frobeniusTrace(a.mat(0)),
            t -> ArrayTwins.frobeniusTrace(t[0])).mat(3, 3, -2, 2),
        of("ArrayFns.local2dDeterminant", a -> ArrayFnsGradients.local2dDeterminant(a.d(0), a.d(1)),
            t -> ArrayTwins.local2dDeterminant(t[0], t[1])).d(-2, 2).d(-2, 2),
        of("ArrayFns.matVecSquared", a -> ArrayFnsGradients.matVecSquared(a.mat(0), a.arr(1)),
            t -> ArrayTwins.matVecSquared(t[0], t[1])).mat(3, 4, -2, 2).arr(4, -2, 2),
        of("ArrayFns.outerProductSum", a -> ArrayFnsGradients.outerProductSum(a.arr(0), a.arr(1)),
            t -> ArrayTwins.outerProductSum(t[0], t[1])).arr(3, -2, 2).arr(4, -2, 2),
        of("ArrayFns.logSumExp", a -> ArrayFnsGradients.logSumExp(a.arr(0)), t -> ArrayTwins.logSumExp(t[0]))
            .arr(5, -3, 3),
        of("ArrayFns.scale", a -> ArrayFnsGradients.scaleVjp(a.d(0), a.arr(1), a.seed()),
            t -> ArrayTwins.scale(t[0], t[1])).d(-2, 2).arr(4, -2, 2).arrayResult(4),
        of("ArrayFns.polar", a -> ArrayFnsGradients.polarVjp(a.d(0), a.d(1), a.seed()),
            t -> ArrayTwins.polar(t[0], t[1])).d(0.1, 3).d(-3, 3).arrayResult(2),
        of("ArrayFns.cumulativeProduct", a -> ArrayFnsGradients.cumulativeProductVjp(a.arr(0), a.seed()),
            t -> ArrayTwins.cumulativeProduct(t[0])).arr(5, -1.5, 1.5).arrayResult(5));
  }

  static Stream<TwinCase> floats() {
    return Stream.of(
        of("FloatFns.product", a -> FloatFnsGradients.product(a.f(0), a.f(1)),
            t -> CallTwins.product(t[0], t[1])).f(-2, 2).f(-2, 2),
        of("FloatFns.mathCast", a -> FloatFnsGradients.mathCast(a.f(0)), t -> CallTwins.mathCast(t[0])).f(-2, 2),
        of("FloatFns.mixed", a -> FloatFnsGradients.mixed(a.f(0), a.d(1)), t -> CallTwins.mixed(t[0], t[1]))
            .f(-2, 2).d(-2, 2),
        of("FloatFns.floatLoop", a -> FloatFnsGradients.floatLoop(a.f(0)), t -> CallTwins.floatLoop(t[0]))
            .f(-1.5, 1.5),
        of("FloatFns.floatArraySum", a -> FloatFnsGradients.floatArraySum(a.farr(0)),
            t -> CallTwins.floatArraySum(t[0])).farr(5, -2, 2),
        of("FloatFns.floatArrayResult", a -> FloatFnsGradients.floatArrayResultVjp(a.f(0), a.farr(1), a.fseed()),
            t -> CallTwins.floatArrayResult(t[0], t[1])).f(-2, 2).farr(4, -2, 2).arrayResult(4),
        of("FloatFns.floatAbsMax", a -> FloatFnsGradients.floatAbsMax(a.f(0), a.f(1)),
            t -> CallTwins.floatAbsMax(t[0], t[1])).f(-2, 2).f(-2, 2)
            .where(a -> Math.abs(a.d(0)) > 0.05 && Math.abs(a.d(0) - a.d(1)) > 0.05),
        of("Calls.overloaded(float)", a -> CallsGradients.overloaded(a.f(0)),
            t -> CallTwins.overloadedFloat(t[0])).f(-2, 2));
  }

  static Stream<TwinCase> calls() {
    return Stream.of(
        of("Calls.sq", a -> CallsGradients.sq(a.d(0)), t -> CallTwins.sq(t[0])).d(-2, 2),
        of("Calls.usesHelper", a -> CallsGradients.usesHelper(a.d(0), a.d(1)),
            t -> CallTwins.usesHelper(t[0], t[1])).d(-1.5, 1.5).d(-1.5, 1.5),
        of("Calls.callInLoop", a -> CallsGradients.callInLoop(a.d(0)), t -> CallTwins.callInLoop(t[0])).d(-1, 1),
        of("Calls.norm2", a -> CallsGradients.norm2(a.arr(0)), t -> CallTwins.norm2(t[0])).arr(4, -2, 2),
        of("Calls.callWithLocalArray", a -> CallsGradients.callWithLocalArray(a.d(0), a.d(1)),
            t -> CallTwins.callWithLocalArray(t[0], t[1])).d(-2, 2).d(-2, 2)
            .where(a -> Math.abs(a.d(0)) + Math.abs(a.d(1)) > 0.1),
        of("Calls.callWithParamArray", a -> CallsGradients.callWithParamArray(a.arr(0), a.d(1)),
            t -> CallTwins.callWithParamArray(t[0], t[1])).arr(3, -2, 2).d(-2, 2),
        of("Calls.callArrayResult", a -> CallsGradients.callArrayResult(a.d(0), a.arr(1)),
            t -> CallTwins.callArrayResult(t[0], t[1])).d(-2, 2).arr(4, -2, 2),
        of("Calls.crossClass", a -> CallsGradients.crossClass(a.d(0), a.d(1)),
            t -> CallTwins.crossClass(t[0], t[1])).d(-2, 2).d(-2, 2),
        of("Calls.callChain", a -> CallsGradients.callChain(a.d(0)), t -> CallTwins.callChain(t[0])).d(-1.2, 1.2),
        of("Calls.overloaded(double)", a -> CallsGradients.overloaded(a.d(0)), t -> CallTwins.overloaded(t[0]))
            .d(-2, 2),
        of("Calls.overloaded(double, double)", a -> CallsGradients.overloaded(a.d(0), a.d(1)),
            t -> CallTwins.overloaded(t[0], t[1])).d(-2, 2).d(-2, 2),
        of("Calls.onlyY", a -> CallsGradients.onlyY(a.d(0), a.d(1)), t -> CallTwins.onlyY(t[0], t[1]))
            .dConst(-1.5, 1.5).d(-1.5, 1.5),
        of("Calls.someParams", a -> CallsGradients.someParams(a.d(0), a.arr(1), a.d(2), a.arr(3)),
            t -> CallTwins.someParams(t[0], t[1], t[2], t[3])).d(-2, 2).arr(3, -2, 2).dConst(-2, 2)
            .arrConst(3, -2, 2),
        of("Calls.callsOnlyY", a -> CallsGradients.callsOnlyY(a.d(0)), t -> CallTwins.callsOnlyY(t[0]))
            .d(-1.5, 1.5),
        of("Calls.stopGradient", a -> CallsGradients.stopGradient(a.d(0), a.d(1)),
            t -> CallTwins.stopGradient(t[0], t[1])).d(-2, 2).d(-2, 2),
        of("Calls.stopGradientInLoop", a -> CallsGradients.stopGradientInLoop(a.d(0)),
            t -> CallTwins.stopGradientInLoop(t[0])).d(-1.5, 1.5),
        of("Calls.callsConstantHelper", a -> CallsGradients.callsConstantHelper(a.d(0), 4),
            t -> CallTwins.callsConstantHelper(t[0], 4)).d(-2, 2),
        of("Ping.ping", a -> PingGradients.ping(a.d(0)), t -> CallTwins.ping(t[0])).d(-2, 2),
        of("Ping.pingPong", a -> PingGradients.pingPong(a.d(0), a.d(1)), t -> CallTwins.pingPong(t[0], t[1]))
            .d(-1.5, 1.5).d(-1.5, 1.5),
        of("Pong.pong", a -> PongGradients.pong(a.d(0)), t -> CallTwins.pong(t[0])).d(-2, 2),
        of("Pong.pongPing", a -> PongGradients.pongPing(a.d(0)), t -> CallTwins.pongPing(t[0])).d(-2, 2));
  }

  private static final double[] PREDICT_WEIGHTS = {1, -2, 0.3};
  private static final double[] WEIGHTED_WEIGHTS = {0.7, -1.1, 2};
  private static final double[] FEATURE_WEIGHTS = {0.7, -1.1, 2};

  static Stream<TwinCase> instanceMethods() {
    return Stream.of(
        of("Model.predict", a -> generatedOnModel("predict", 0.5, PREDICT_WEIGHTS, a.d(0)),
            t -> CallTwins.predict(0.5, PREDICT_WEIGHTS, t[0])).d(-2, 2),
        of("Model.loss", a -> generatedOnModel("loss", 0.5, PREDICT_WEIGHTS, a.d(0), a.d(1)),
            t -> CallTwins.loss(0.5, PREDICT_WEIGHTS, t[0], t[1])).d(-2, 2).d(-2, 2),
        of("Model.weighted", a -> generatedOnModel("weighted", -0.25, WEIGHTED_WEIGHTS, a.arr(0)),
            t -> CallTwins.weighted(-0.25, WEIGHTED_WEIGHTS, t[0])).arr(3, -2, 2),
        of("Model.features", a -> generatedOnModel("featuresVjp", 0.1, FEATURE_WEIGHTS, a.arr(0), a.seed()),
            t -> CallTwins.features(0.1, FEATURE_WEIGHTS, t[0])).arr(4, -2, 2).arrayResult(4),
        of("Model.featureLoss", a -> generatedOnModel("featureLoss", 0.1, FEATURE_WEIGHTS, a.arr(0)),
            t -> CallTwins.featureLoss(0.1, FEATURE_WEIGHTS, t[0])).arr(4, -2, 2));
  }

  /** Custom @Derivative rules: the tape differentiates the function itself, so it checks the rule. */
  static Stream<TwinCase> customRules() {
    return Stream.of(
        of("CustomRules.usesSoftplus", a -> CustomRulesGradients.usesSoftplus(a.d(0), a.d(1)),
            t -> CallTwins.usesSoftplus(t[0], t[1])).d(-3, 3).d(-3, 3),
        of("CustomRules.usesLogAddExp", a -> CustomRulesGradients.usesLogAddExp(a.d(0), a.d(1)),
            t -> CallTwins.usesLogAddExp(t[0], t[1])).d(-2, 2).d(-2, 2),
        of("CustomRules.usesErf", a -> CustomRulesGradients.usesErf(a.d(0)), t -> CallTwins.usesErf(t[0]))
            .d(-1.5, 1.5),
        of("CustomRules.usesRuleFromOtherClass", a -> CustomRulesGradients.usesRuleFromOtherClass(a.d(0)),
            t -> CallTwins.usesRuleFromOtherClass(t[0])).d(-2, 2));
  }

  /**
   * Exactly at kinks, where finite differences say nothing: the processor's rules and the tape must make
   * the same choice (DESIGN.md §7, one table): half the gradient to each side of a max/min tie, 0 for
   * abs at 0; and pow at a zero base, where d/dy = x^y log x must be 0, not 0 * -inf. A domain with
   * lo == hi pins the point.
   */
  static Stream<TwinCase> kinkConventions() {
    return Stream.of(
        of("MathFns.max at a tie", a -> MathFnsGradients.max(a.d(0), a.d(1)), t -> MathTwins.max(t[0], t[1]))
            .d(1.25, 1.25).d(1.25, 1.25).withPoints(2),
        of("MathFns.min at a tie", a -> MathFnsGradients.min(a.d(0), a.d(1)), t -> MathTwins.min(t[0], t[1]))
            .d(-0.75, -0.75).d(-0.75, -0.75).withPoints(2),
        of("MathFns.abs at 0", a -> MathFnsGradients.abs(a.d(0)), t -> MathTwins.abs(t[0])).d(0, 0).withPoints(2),
        of("MathFns.signum at 0", a -> MathFnsGradients.signum(a.d(0)), t -> MathTwins.signum(t[0]))
            .d(0, 0).withPoints(2),
        of("MathFns.copySign at x = 0, y < 0", a -> MathFnsGradients.copySign(a.d(0), a.d(1)),
            t -> MathTwins.copySign(t[0], t[1])).d(0, 0).d(-1.5, -0.5).withPoints(2),
        // Regression (TWIN-FINDINGS.md #1): the rule once gave d/dx = 1 here.
        of("MathFns.copySign at x = 0, y > 0", a -> MathFnsGradients.copySign(a.d(0), a.d(1)),
            t -> MathTwins.copySign(t[0], t[1])).d(0, 0).d(0.5, 1.5).withPoints(2),
        of("MathFns.pow at x = 0", a -> MathFnsGradients.pow(a.d(0), a.d(1)), t -> MathTwins.pow(t[0], t[1]))
            .d(0, 0).d(1.5, 3).withPoints(2),
        of("FloatFns.floatAbsMax at a tie", a -> FloatFnsGradients.floatAbsMax(a.f(0), a.f(1)),
            t -> CallTwins.floatAbsMax(t[0], t[1])).f(0.75, 0.75).f(0.75, 0.75).withPoints(2));
  }

  /**
   * Every selector value that GeneratedGradientTest.switches() covers, with its domains. The twin gets
   * the same selector as a plain Java value and switches on it.
   */
  static Stream<TwinCase> switches() {
    Stream.Builder<TwinCase> cases = Stream.builder();
    for (int m = 0; m < 4; m++) {
      int mode = m;
      cases.add(of("Switches.oldStyleReturns(mode=" + mode + ")",
          a -> SwitchesGradients.oldStyleReturns(a.d(0), mode),
          t -> SwitchTwins.oldStyleReturns(t[0], mode)).d(-2, 2));
      cases.add(of("Switches.oldStyleBreaks(mode=" + mode + ")",
          a -> SwitchesGradients.oldStyleBreaks(a.d(0), mode),
          t -> SwitchTwins.oldStyleBreaks(t[0], mode)).d(-2, 2));
      cases.add(of("Switches.defaultInTheMiddle(mode=" + mode + ")",
          a -> SwitchesGradients.defaultInTheMiddle(a.d(0), mode),
          t -> SwitchTwins.defaultInTheMiddle(t[0], mode)).d(-2, 2));
      cases.add(of("Switches.expressionWithYield(mode=" + mode + ")",
          a -> SwitchesGradients.expressionWithYield(a.d(0), mode),
          t -> SwitchTwins.expressionWithYield(t[0], mode)).d(-2, 2));
      cases.add(of("Switches.inLoop(offset=" + mode + ")", a -> SwitchesGradients.inLoop(a.arr(0), mode),
          t -> SwitchTwins.inLoop(t[0], mode)).arr(6, -1.5, 1.5));
      int outer = mode % 2;
      int inner = mode / 2;
      cases.add(of("Switches.nested(a=" + outer + ", b=" + inner + ")",
          a -> SwitchesGradients.nested(a.d(0), outer, inner),
          t -> SwitchTwins.nested(t[0], outer, inner)).d(-2, 2));
    }
    for (Enum<?> act : activations()) {
      SwitchTwins.Activation twinAct = SwitchTwins.Activation.valueOf(act.name());
      cases.add(of("Switches.activation(" + act + ")", a -> generatedActivation(a.d(0), act),
          t -> SwitchTwins.activation(t[0], twinAct)).d(-2, 2).where(a -> Math.abs(a.d(0)) > 1e-3));
    }
    for (String op : new String[] {"square", "cube", "third"}) {
      cases.add(of("Switches.byName(\"" + op + "\")", a -> SwitchesGradients.byName(a.d(0), op),
          t -> SwitchTwins.byName(t[0], op)).d(-2, 2));
    }
    for (char ch : new char[] {'a', 'b', 'z'}) {
      cases.add(of("Switches.byChar('" + ch + "')", a -> SwitchesGradients.byChar(a.d(0), ch),
          t -> SwitchTwins.byChar(t[0], ch)).d(-2, 2));
    }
    for (Integer mode : new Integer[] {1, 7}) {
      cases.add(of("Switches.boxedSelector(" + mode + ")", a -> SwitchesGradients.boxedSelector(a.d(0), mode),
          t -> SwitchTwins.boxedSelector(t[0], mode)).d(-2, 2));
    }
    cases.add(of("Switches.intoArray(n=5)", a -> SwitchesGradients.intoArray(a.d(0), 5),
        t -> SwitchTwins.intoArray(t[0], 5)).d(-2, 2));
    cases.add(of("Switches.asserted", a -> SwitchesGradients.asserted(a.d(0)),
        t -> SwitchTwins.asserted(t[0])).d(-2, 2));
    return cases.build();
  }

  /**
   * Networks of array-returning layers, with GeneratedGradientTest.layers()'s cases and array sizes. The
   * layers whose result is an array (dense, twoLayers) are compared through their vjp with a random seed;
   * mlpLoss and deep reach them through the generated mForward/mReverse pairs, the tape through the twins.
   */
  static Stream<TwinCase> layers() {
    return Stream.of(
        of("Layers.mlpLoss", a -> LayersGradients.mlpLoss(a.arr(0), a.arr(1), a.arr(2), a.arr(3), a.arr(4), a.arr(5)),
            t -> LayerTwins.mlpLoss(t[0], t[1], t[2], t[3], t[4], t[5]))
            .arr(12, -1, 1).arr(4, -0.5, 0.5).arr(8, -1, 1).arr(2, -0.5, 0.5).arr(3, -1, 1).arr(2, -1, 1),
        of("Layers.deep(depth=3)", a -> LayersGradients.deep(a.arr(0), a.arr(1), a.arr(2), 3),
            t -> LayerTwins.deep(t[0], t[1], t[2], 3)).arr(9, -1, 1).arr(3, -0.5, 0.5).arr(3, -1, 1),
        of("Layers.deep(depth=0)", a -> LayersGradients.deep(a.arr(0), a.arr(1), a.arr(2), 0),
            t -> LayerTwins.deep(t[0], t[1], t[2], 0)).arr(9, -1, 1).arr(3, -0.5, 0.5).arr(3, -1, 1),
        of("Layers.twoLayers", a -> LayersGradients.twoLayersVjp(a.arr(0), a.arr(1), a.arr(2), a.seed()),
            t -> LayerTwins.twoLayers(t[0], t[1], t[2])).arr(9, -1, 1).arr(3, -0.5, 0.5).arr(3, -1, 1)
            .arrayResult(3),
        of("Layers.dense(out=2)", a -> LayersGradients.denseVjp(a.arr(0), a.arr(1), a.arr(2), 2, a.seed()),
            t -> LayerTwins.dense(t[0], t[1], t[2], 2)).arr(6, -1, 1).arr(2, -0.5, 0.5).arr(3, -1, 1)
            .arrayResult(2));
  }

  private static final String ACTIVATION = "dev.adjoint.sample.functional.Switches$Activation";

  /** The constants of Switches.Activation, which is package-private in the functional package. */
  private static Enum<?>[] activations() {
    try {
      return Arrays.stream(Class.forName(ACTIVATION).getEnumConstants()).map(e -> (Enum<?>) e)
          .toArray(Enum<?>[]::new);
    } catch (ClassNotFoundException e) {
      throw new AssertionError("cannot load " + ACTIVATION, e);
    }
  }

  /** Calls SwitchesGradients.activation, whose signature names the package-private Switches.Activation. */
  private static Record generatedActivation(double x, Enum<?> act) {
    try {
      Method m = SwitchesGradients.class.getMethod("activation", double.class, act.getDeclaringClass());
      return (Record) m.invoke(null, x, act);
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new RuntimeException(e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("cannot call SwitchesGradients.activation", e);
    }
  }

  /**
   * Calls a generated ModelGradients method on a fresh Model. Model is package-private in the functional
   * package, so neither it nor the generated signatures that mention it can be named from here.
   */
  private static Record generatedOnModel(String method, double bias, double[] weights, Object... args) {
    try {
      Class<?> model = Class.forName("dev.adjoint.sample.functional.Model");
      Constructor<?> ctor = model.getDeclaredConstructor(double.class, double[].class);
      ctor.setAccessible(true);
      Object self = ctor.newInstance(bias, weights.clone());
      Object[] all = new Object[args.length + 1];
      all[0] = self;
      System.arraycopy(args, 0, all, 1, args.length);
      for (Method m : ModelGradients.class.getMethods()) {
        if (m.getName().equals(method) && m.getParameterCount() == all.length) {
          return (Record) m.invoke(null, all);
        }
      }
      throw new AssertionError("ModelGradients has no method " + method + " with " + all.length + " parameters");
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new RuntimeException(e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("cannot call ModelGradients." + method, e);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("straightLine")
  void straightLineCode(TwinCase c) {
    TwinChecker.check(c);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mathFunctions")
  void mathFunctions(TwinCase c) {
    TwinChecker.check(c);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("controlFlow")
  void controlFlow(TwinCase c) {
    TwinChecker.check(c);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("arrays")
  void arrays(TwinCase c) {
    TwinChecker.check(c);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("floats")
  void floats(TwinCase c) {
    TwinChecker.check(c);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("calls")
  void calls(TwinCase c) {
    TwinChecker.check(c);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("instanceMethods")
  void instanceMethods(TwinCase c) {
    TwinChecker.check(c);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinkConventions")
  void kinkConventions(TwinCase c) {
    TwinChecker.check(c);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("customRules")
  void customRules(TwinCase c) {
    TwinChecker.check(c);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("switches")
  void switches(TwinCase c) {
    TwinChecker.check(c);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("layers")
  void layers(TwinCase c) {
    TwinChecker.check(c);
  }
}
