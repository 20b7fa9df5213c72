package dev.adjoint.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.adjoint.DType;
import dev.adjoint.Tensor;
import dev.adjoint.processor.ir.JType;
import dev.adjoint.processor.ir.TensorRule;
import dev.adjoint.processor.lower.TensorOps;
import dev.adjoint.rules.Op;
import dev.adjoint.rules.TensorRules;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The processor's table of Tensor operations against the runtime: every rule it names exists in
 * {@link TensorRules} with that many parameters, and every primitive the tape records ({@link Op}) can
 * be reached from generated code through some Tensor method the table knows.
 */
class TensorOpsTableTest {
  private static final JType T = JType.TENSOR;
  private static final JType INT = JType.INT;
  private static final JType DOUBLE = JType.DOUBLE;
  private static final JType BOOL = JType.BOOLEAN;
  private static final JType INTS = JType.INT.arrayOf();

  @Test
  void everyRuleTheTableNamesExistsInTensorRules() {
    List<String> missing = new ArrayList<>();
    for (String op : TensorOps.operations()) {
      boolean isStatic = op.startsWith("static ");
      String sig = isStatic ? op.substring(7) : op;
      String name = sig.substring(0, sig.indexOf('('));
      String params = sig.substring(sig.indexOf('(') + 1, sig.length() - 1);
      List<JType> types = new ArrayList<>();
      if (!params.isEmpty()) {
        for (String p : params.split(",")) {
          types.add(parse(p));
        }
      }
      List<TensorRule> rules = TensorOps.rules(name, types, isStatic);
      assertNotNull(rules, op);
      assertEquals(types.size() + (isStatic ? 0 : 1), rules.size(), op + ": one rule per operand");
      for (TensorRule r : rules) {
        if (r == null || r.method() == null) {
          continue;
        }
        boolean found = false;
        for (Method m : TensorRules.class.getMethods()) {
          if (m.getName().equals(r.method()) && Modifier.isStatic(m.getModifiers()) && m.getParameterCount() == r.args().size()) {
            found = true;
          }
        }
        if (!found) {
          missing.add(op + " -> TensorRules." + r.method() + " with " + r.args().size() + " parameters");
        }
        if (r.seedMayBeFree()) {
          boolean freeable = false;
          for (Method m : TensorRules.class.getMethods()) {
            freeable |= m.getName().equals(r.method()) && m.getParameterCount() == r.args().size() + 1
                && m.getParameterTypes()[r.args().size()] == boolean.class;
          }
          if (!freeable) {
            missing.add(op + " -> TensorRules." + r.method() + " with seedIsFree");
          }
        }
      }
    }
    assertTrue(missing.isEmpty(), "rules the table names but TensorRules lacks: " + missing);
  }

  private static JType parse(String source) {
    int rank = 0;
    while (source.endsWith("[]")) {
      rank++;
      source = source.substring(0, source.length() - 2);
    }
    JType base = switch (source) {
      case "int" -> INT;
      case "double" -> DOUBLE;
      case "boolean" -> BOOL;
      default -> JType.ref(source);
    };
    for (int i = 0; i < rank; i++) {
      base = base.arrayOf();
    }
    return base;
  }

  /** A Tensor operation that records {@code op}, and its signature as the processor sees it. */
  private record Witness(String name, List<JType> params, boolean isStatic, Function<Tensor, Tensor> call) {}

  @Test
  void everyRecordedPrimitiveIsReachableFromGeneratedCode() {
    Map<Op, Witness> w = new EnumMap<>(Op.class);
    Tensor other = Tensor.of(DType.FLOAT64, new double[] {0.5, -1, 2, 3, 1, 0.25}, 2, 3);
    w.put(Op.ADD, new Witness("add", List.of(T), false, x -> x.add(other)));
    w.put(Op.SUB, new Witness("sub", List.of(T), false, x -> x.sub(other)));
    w.put(Op.MUL, new Witness("mul", List.of(T), false, x -> x.mul(other)));
    w.put(Op.DIV, new Witness("div", List.of(T), false, x -> x.div(other)));
    w.put(Op.ADD_SCALAR, new Witness("add", List.of(DOUBLE), false, x -> x.add(2)));
    w.put(Op.SUB_SCALAR, new Witness("sub", List.of(DOUBLE), false, x -> x.sub(2)));
    w.put(Op.RSUB_SCALAR, new Witness("rsub", List.of(DOUBLE), false, x -> x.rsub(2)));
    w.put(Op.MUL_SCALAR, new Witness("mul", List.of(DOUBLE), false, x -> x.mul(2)));
    w.put(Op.DIV_SCALAR, new Witness("div", List.of(DOUBLE), false, x -> x.div(2)));
    w.put(Op.RDIV_SCALAR, new Witness("rdiv", List.of(DOUBLE), false, x -> x.rdiv(2)));
    w.put(Op.NEG, new Witness("neg", List.of(), false, Tensor::neg));
    w.put(Op.POW_SCALAR, new Witness("pow", List.of(DOUBLE), false, x -> x.pow(3)));
    w.put(Op.POW, new Witness("pow", List.of(T), false, x -> x.pow(other)));
    w.put(Op.EXP, new Witness("exp", List.of(), false, Tensor::exp));
    w.put(Op.LOG, new Witness("log", List.of(), false, Tensor::log));
    w.put(Op.SIN, new Witness("sin", List.of(), false, Tensor::sin));
    w.put(Op.COS, new Witness("cos", List.of(), false, Tensor::cos));
    w.put(Op.TAN, new Witness("tan", List.of(), false, Tensor::tan));
    w.put(Op.TANH, new Witness("tanh", List.of(), false, Tensor::tanh));
    w.put(Op.SIGMOID, new Witness("sigmoid", List.of(), false, Tensor::sigmoid));
    w.put(Op.RELU, new Witness("relu", List.of(), false, Tensor::relu));
    w.put(Op.SQRT, new Witness("sqrt", List.of(), false, Tensor::sqrt));
    w.put(Op.ABS, new Witness("abs", List.of(), false, Tensor::abs));
    w.put(Op.SIGN, new Witness("sign", List.of(), false, Tensor::sign));
    w.put(Op.SQUARE, new Witness("square", List.of(), false, Tensor::square));
    w.put(Op.RECIPROCAL, new Witness("reciprocal", List.of(), false, Tensor::reciprocal));
    w.put(Op.MAXIMUM, new Witness("maximum", List.of(T), false, x -> x.maximum(other)));
    w.put(Op.MINIMUM, new Witness("minimum", List.of(T), false, x -> x.minimum(other)));
    w.put(Op.CLAMP, new Witness("clamp", List.of(DOUBLE, DOUBLE), false, x -> x.clamp(0, 1)));
    w.put(Op.SUM, new Witness("sum", List.of(), false, Tensor::sum));
    w.put(Op.SUM_DIM, new Witness("sum", List.of(INT, BOOL), false, x -> x.sum(1, true)));
    w.put(Op.MEAN, new Witness("mean", List.of(), false, Tensor::mean));
    w.put(Op.MEAN_DIM, new Witness("mean", List.of(INT, BOOL), false, x -> x.mean(0, false)));
    w.put(Op.MAX, new Witness("max", List.of(), false, Tensor::max));
    w.put(Op.MIN, new Witness("min", List.of(), false, Tensor::min));
    w.put(Op.MAX_DIM, new Witness("max", List.of(INT, BOOL), false, x -> x.max(1, false)));
    w.put(Op.MIN_DIM, new Witness("min", List.of(INT, BOOL), false, x -> x.min(1, false)));
    w.put(Op.NORM, new Witness("norm", List.of(), false, Tensor::norm));
    w.put(Op.LOG_SUM_EXP, new Witness("logSumExp", List.of(INT), false, x -> x.logSumExp(1)));
    w.put(Op.SOFTMAX, new Witness("softmax", List.of(INT), false, x -> x.softmax(1)));
    w.put(Op.LOG_SOFTMAX, new Witness("logSoftmax", List.of(INT), false, x -> x.logSoftmax(1)));
    w.put(Op.DOT, new Witness("dot", List.of(T), false, x -> x.flatten().dot(other.flatten())));
    w.put(Op.MATMUL, new Witness("matmul", List.of(T), false, x -> x.matmul(other.t())));
    w.put(Op.TRANSPOSE, new Witness("transpose", List.of(INT, INT), false, x -> x.transpose(0, 1)));
    w.put(Op.PERMUTE, new Witness("permute", List.of(INTS), false, x -> x.permute(1, 0)));
    w.put(Op.RESHAPE, new Witness("reshape", List.of(INTS), false, x -> x.reshape(3, 2)));
    w.put(Op.EXPAND, new Witness("expand", List.of(INTS), false, x -> x.unsqueeze(0).expand(4, 2, 3)));
    w.put(Op.SQUEEZE, new Witness("squeeze", List.of(INT), false, x -> x.unsqueeze(0).squeeze(0)));
    w.put(Op.UNSQUEEZE, new Witness("unsqueeze", List.of(INT), false, x -> x.unsqueeze(0)));
    w.put(Op.SLICE, new Witness("slice", List.of(INT, INT, INT), false, x -> x.slice(1, 0, 2)));
    w.put(Op.SELECT, new Witness("select", List.of(INT, INT), false, x -> x.select(0, 1)));
    w.put(Op.INDEX_SELECT, new Witness("indexSelect", List.of(INT, INTS), false, x -> x.indexSelect(1, new int[] {2, 0})));
    w.put(Op.INDEX_ADD, new Witness("indexAdd", List.of(INTS, INT, INTS), false, x -> x.indexAdd(new int[] {2, 4}, 1, new int[] {3, 0, 1})));
    w.put(Op.SLICE_SCATTER, new Witness("sliceScatter", List.of(INTS, INT, INT, INT), false, x -> x.sliceScatter(new int[] {2, 5}, 1, 1, 4)));
    w.put(Op.STACK, new Witness("stack", List.of(INT, T.arrayOf()), true, x -> Tensor.stack(0, x, other)));
    w.put(Op.CAT, new Witness("cat", List.of(INT, T.arrayOf()), true, x -> Tensor.cat(0, x, other)));
    w.put(Op.WHERE, new Witness("where", List.of(T, T, T), true, x -> Tensor.where(other.gt(1), x, other)));
    w.put(Op.CROSS_ENTROPY, new Witness("crossEntropy", List.of(T, INTS), true, x -> Tensor.crossEntropy(x, new int[] {2, 0})));
    w.put(Op.SUM_TO_SHAPE, new Witness("sumToShape", List.of(INTS), false, x -> x.sumToShape(1, 3)));
    w.put(Op.TO_DTYPE, new Witness("to", List.of(JType.ref("dev.adjoint.DType")), false, x -> x.to(DType.FLOAT32)));
    w.put(Op.CLONE, new Witness("copy", List.of(), false, Tensor::copy));
    // In-place changes of recorded tensors: generated code refuses them on active tensors (SideEffect)
    List<Op> refusedByDesign = List.of(Op.ZERO, Op.FILL, Op.COPY, Op.SET);
    for (Op op : Op.values()) {
      if (refusedByDesign.contains(op)) {
        continue;
      }
      Witness witness = w.get(op);
      if (witness == null) {
        fail(op + " is recorded by the tape, but no Tensor method reaching it is known to generated code: add it to"
            + " TensorOps (and a witness here)");
      }
      Tensor x = Tensor.of(DType.FLOAT64, new double[] {1, 2, 3, 4, 5, 6}, 2, 3).requiresGrad(true);
      Tensor y = witness.call().apply(x);
      assertEquals(op.backwardName(), y.gradFn(), op + ": the witness records another primitive");
      TensorOps.Kind kind = TensorOps.kind(witness.name(), witness.params(), witness.isStatic());
      boolean reachable = kind == TensorOps.Kind.DIFFERENTIABLE || op == Op.SIGN && kind == TensorOps.Kind.ZERO_DERIVATIVE;
      assertTrue(reachable, op + ": Tensor." + witness.name() + witness.params() + " is " + kind + " in TensorOps");
    }
  }
}
