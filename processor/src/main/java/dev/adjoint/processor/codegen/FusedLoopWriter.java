package dev.adjoint.processor.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeVariableName;
import dev.adjoint.processor.ir.FusedLoop;
import dev.adjoint.processor.ir.FusedLoop.Step;
import dev.adjoint.processor.ir.Names;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Writes a {@link FusedLoop} as {@code mFusedFloat32} and {@code mFusedFloat64}, generic methods over the lanes of a vector
 * ({@code dev.adjoint.Lanes<V>}), and the test with which {@code mVjp} runs it instead of the tensor adjoint.
 * The vector type stays a type variable, so the generated class compiles without the Vector API's module.
 */
final class FusedLoopWriter {
  private static final ClassName LANES = ClassName.get("dev.adjoint", "Lanes");
  private static final ClassName DTYPE = ClassName.get("dev.adjoint", "DType");
  private static final ClassName TENSOR = ClassName.get("dev.adjoint", "Tensor");

  /**
   * The element types a loop is written for, each with its own copy of the rules: a loop and the rules it
   * calls must each see one lanes class, or C2 merges two vector types and boxes them.
   */
  enum ElementType {
    FLOAT32("Float32", "FloatLaneRules"), FLOAT64("Float64", "DoubleLaneRules");

    final String suffix;
    final ClassName rules;

    ElementType(String suffix, String rules) {
      this.suffix = suffix;
      this.rules = ClassName.get("dev.adjoint.rules", rules);
    }
  }
  /** Vectors summed in lanes before their sum is added up in double. */
  private static final int VECTORS_PER_SUM = 64;

  private FusedLoopWriter() {}

  /** The name of the fused loop of method {@code m} for one element type. */
  static String name(String method, ElementType type) {
    return method + "Fused" + type.suffix;
  }

  /** {@code if (fusable) return mFusedFloat32(...) or mFusedFloat64(...);}, the first statement of {@code mVjp}. */
  static CodeBlock guard(String method, FusedLoop loop, List<String> argNames) {
    List<String> operands = new ArrayList<>(loop.loaded());
    String seedTest;
    if (loop.reduces()) {
      seedTest = " && (seed == null || seed.dim() == 0)";
    } else {
      operands.add("seed");
      seedTest = " && seed != null";
    }
    List<String> args = new ArrayList<>(argNames);
    args.add("seed");
    return CodeBlock.builder()
        .add("// elementwise operations only: one loop over the elements when the operands allow it\n")
        .beginControlFlow("if ($T.fusable($L)$L)", LANES, String.join(", ", operands), seedTest)
        .addStatement("return $L.dtype() == $T.FLOAT32 ? $L($T.of($L), $L) : $L($T.of($L), $L)", loop.loaded().get(0), DTYPE,
            name(method, ElementType.FLOAT32), LANES, loop.loaded().get(0), String.join(", ", args),
            name(method, ElementType.FLOAT64), LANES, loop.loaded().get(0), String.join(", ", args))
        .endControlFlow()
        .build();
  }

  /** The fused loop of {@code method}, returning {@code record}. */
  static MethodSpec method(String method, ElementType type, String signature, String fileName, FusedLoop loop,
      TypeName record, List<ParameterSpec> params, TypeName result, List<TypeName> thrown) {
    TypeVariableName v = TypeVariableName.get("V");
    String first = loop.loaded().get(0);
    MethodSpec.Builder out = MethodSpec.methodBuilder(name(method, type))
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addTypeVariable(v)
        .returns(record)
        .addParameter(ParameterizedTypeName.get(LANES, v), "_lanes")
        .addParameters(params)
        .addParameter(result, "seed")
        .addExceptions(thrown)
        .addJavadoc("The value and adjoints of {@code $L} as one loop over the elements, each vector's value and adjoint"
            + " computed in registers: what {@code $L} computes, for $L operands {@code Lanes.fusable} accepts.\n",
            signature, Names.vjp(method), type.name().toLowerCase(java.util.Locale.ROOT));
    // a mean is the sum over the number of elements, and so is each element's seed
    String mean = loop.reduction() == FusedLoop.Reduction.MEAN ? " / _n" : "";
    CodeBlock.Builder body = CodeBlock.builder();
    body.addStatement("int _n = $L.numel()", first);
    for (FusedLoop.Gradient g : loop.gradients()) {
      body.addStatement("$T $L = $T.like($L)", TENSOR, gradientTensor(g.parameter()), LANES, first);
    }
    if (loop.reduces()) {
      body.addStatement("$T $L = _lanes.broadcast((seed == null ? 1 : seed.item())$L)", v, FusedLoop.SEED, mean);
      body.addStatement("double _sum = 0");
      body.beginControlFlow("for (int _block = 0; _block < _n; _block += $L * _lanes.length())", VECTORS_PER_SUM);
      body.addStatement("$T _acc = _lanes.broadcast(0)", v);
      body.beginControlFlow("for (int _i = _block, _end = Math.min(_n, _block + $L * _lanes.length()); _i < _end;"
          + " _i += _lanes.length())", VECTORS_PER_SUM);
    } else {
      body.addStatement("$T _value = $T.like($L)", TENSOR, LANES, first);
      body.beginControlFlow("for (int _i = 0; _i < _n; _i += _lanes.length())");
    }
    for (String p : loop.loaded()) {
      body.addStatement("$T $L = _lanes.load($L, _i, _n)", v, FusedLoop.lanesOf(p), p);
    }
    steps(body, v, loop.forward(), type, fileName);
    if (loop.reduces()) {
      body.addStatement("_acc = _lanes.add(_acc, _lanes.onlyBelow($L, _i, _n))", loop.result());
    } else {
      body.addStatement("_lanes.store($L, _value, _i, _n)", loop.result());
      body.addStatement("$T $L = _lanes.load(seed, _i, _n)", v, FusedLoop.SEED);
    }
    steps(body, v, loop.reverse(), type, fileName);
    for (FusedLoop.Gradient g : loop.gradients()) {
      body.addStatement("_lanes.store($L, $L, _i, _n)", g.lanes(), gradientTensor(g.parameter()));
    }
    body.endControlFlow();
    List<CodeBlock> fields = new ArrayList<>();
    if (loop.reduces()) {
      body.addStatement("_sum += _lanes.sumLanes(_acc)");
      body.endControlFlow();
      fields.add(CodeBlock.of("$T.scalarLike(_sum$L, $L)", LANES, mean, first));
    } else {
      fields.add(CodeBlock.of("_value"));
    }
    loop.gradients().forEach(g -> fields.add(CodeBlock.of("$L", gradientTensor(g.parameter()))));
    body.addStatement("return new $T($L)", record, CodeBlock.join(fields, ", "));
    return out.addCode(body.build()).build();
  }

  private static String gradientTensor(String parameter) {
    return "_grad_" + parameter;
  }

  /** The steps in order, each source line named once before its first step. */
  private static void steps(CodeBlock.Builder body, TypeVariableName v, List<Step> steps, ElementType type, String fileName) {
    int line = -1;
    for (Step s : steps) {
      if (s.line() > 0 && s.line() != line) {
        line = s.line();
        body.add("// $L:$L\n", fileName, line);
      }
      step(body, v, s, type);
    }
  }

  private static void step(CodeBlock.Builder body, TypeVariableName v, Step s, ElementType type) {
    CodeBlock value = switch (s.kind()) {
      case LANES -> CodeBlock.of("_lanes.$L($L)", s.method(), String.join(", ", s.args()));
      case RULE -> CodeBlock.of("$T.$L(_lanes, $L)", type.rules, s.method(), String.join(", ", s.args()));
      case COPY -> CodeBlock.of("$L", s.args().get(0));
    };
    if (s.accumulates()) {
      body.addStatement("$L = _lanes.add($L, $L)", s.target(), s.target(), value);
    } else {
      body.addStatement("$T $L = $L", v, s.target(), value);
    }
  }
}
