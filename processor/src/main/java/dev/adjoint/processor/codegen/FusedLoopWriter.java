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
  private static final ClassName TENSOR_ADJOINTS = ClassName.get("dev.adjoint.support", "TensorAdjoints");
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

  /**
   * {@code if (fusable) return mFusedFloat32(...) or mFusedFloat64(...);}, the first statement of {@code mVjp}. A sum's
   * or mean's seed is checked there as the tensor adjoint checks it ({@code TensorAdjoints.checkSeed}, the one check
   * behind {@code TensorAdjoints.seed}): the loop reads only its number. An elementwise result's seed is one of the
   * operands {@code Lanes.fusable} accepts, so it already has the result's shape and dtype.
   *
   * @param what the method as messages name it, {@code Class.name}
   */
  static CodeBlock guard(String method, String what, FusedLoop loop, List<String> argNames) {
    List<String> operands = new ArrayList<>(loop.loaded());
    CodeBlock seedTest;
    if (loop.reduces()) {
      seedTest = CodeBlock.of(" && $T.fusableSeed(seed)", LANES);
    } else {
      operands.add("seed");
      seedTest = CodeBlock.of(" && seed != null");
    }
    List<String> args = new ArrayList<>(argNames);
    args.add("seed");
    return CodeBlock.builder()
        .add("// elementwise operations only: one loop over the elements when the operands allow it\n")
        .beginControlFlow("if ($T.fusable($L)$L)", LANES, String.join(", ", operands), seedTest)
        .add(loop.reduces() ? CodeBlock.builder().addStatement("$T.checkSeed(seed, new int[0], $L.dtype(), $S, $S)",
            TENSOR_ADJOINTS, loop.loaded().get(0), what, Names.vjp(method)).build() : CodeBlock.of(""))
        .addStatement("return $L.dtype() == $T.FLOAT32 ? $L($T.of($L), $L) : $L($T.of($L), $L)", loop.loaded().get(0), DTYPE,
            name(method, ElementType.FLOAT32), LANES, loop.loaded().get(0), String.join(", ", args),
            name(method, ElementType.FLOAT64), LANES, loop.loaded().get(0), String.join(", ", args))
        .endControlFlow()
        .build();
  }

  /** The method of {@code method}'s fused loop that computes its last, partial vector. */
  static String tailName(String method, ElementType type) {
    return method + "FusedTail" + type.suffix;
  }

  /**
   * The fused loop of {@code method}, returning {@code record}, and the method that computes its last, partial vector.
   * The loop itself reads and writes whole vectors only: were the masked loads and stores of the last vector in its
   * body, a loop run often on small tensors would have them in its profile, and C2, inlining them, would stop
   * inlining before the loop's last rules (NodeCountInliningCutoff) and box their vectors on every trip.
   */
  static List<MethodSpec> methods(String method, ElementType type, String signature, String fileName, FusedLoop loop,
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
    CodeBlock.Builder body = CodeBlock.builder();
    body.addStatement("int _n = $L.numel()", first);
    body.addStatement("int _whole = _n - _n % _lanes.length()");
    for (FusedLoop.Gradient g : loop.gradients()) {
      body.addStatement("$T $L = $T.like($L)", TENSOR, gradientTensor(g.parameter()), LANES, first);
    }
    MethodSpec tail = tail(method, type, fileName, loop, params, result, thrown);
    // the tail's arguments are its parameters' names, the first element of the last vector for its _i
    List<String> tailArgs = tail.parameters().stream().map(p -> p.name().equals("_i") ? "_whole" : p.name()).toList();
    if (loop.reduces()) {
      body.addStatement("$T $L = $L", v, FusedLoop.SEED, reducedSeed(loop));
      body.addStatement("double _sum = 0");
      body.beginControlFlow("for (int _block = 0; _block < _whole; _block += $L * _lanes.length())", VECTORS_PER_SUM);
      body.addStatement("$T _acc = _lanes.broadcast(0)", v);
      body.beginControlFlow("for (int _i = _block, _end = Math.min(_whole, _block + $L * _lanes.length()); _i < _end;"
          + " _i += _lanes.length())", VECTORS_PER_SUM);
    } else {
      body.addStatement("$T _value = $T.like($L)", TENSOR, LANES, first);
      body.beginControlFlow("for (int _i = 0; _i < _whole; _i += _lanes.length())");
    }
    vector(body, v, loop, type, fileName, false);
    body.endControlFlow();
    if (loop.reduces()) {
      body.addStatement("_sum += _lanes.sumLanes(_acc)");
      body.endControlFlow();
    }
    body.beginControlFlow("if (_whole < _n)");
    body.addStatement("$L$L($L)", loop.reduces() ? "_sum += " : "", tailName(method, type), String.join(", ", tailArgs));
    body.endControlFlow();
    List<CodeBlock> fields = new ArrayList<>();
    fields.add(loop.reduces() ? CodeBlock.of("$T.scalarLike(_sum$L, $L)", LANES, overElements(loop), first)
        : CodeBlock.of("_value"));
    loop.gradients().forEach(g -> fields.add(CodeBlock.of("$L", gradientTensor(g.parameter()))));
    body.addStatement("return new $T($L)", record, CodeBlock.join(fields, ", "));
    out.addCode(body.build());
    return List.of(out.build(), tail);
  }

  /** The seed of each element of a sum or mean. */
  private static CodeBlock reducedSeed(FusedLoop loop) {
    return CodeBlock.of("_lanes.broadcast((seed == null ? 1 : seed.item())$L)", overElements(loop));
  }

  /** A mean is the sum over the number of elements, and so is each element's seed: {@code " / _n"} for a mean. */
  private static String overElements(FusedLoop loop) {
    return loop.reduction() == FusedLoop.Reduction.MEAN ? " / _n" : "";
  }

  /** {@code mFusedTailFloat32}: the loop's steps on elements {@code _i .. _n - 1}, fewer than one vector. */
  private static MethodSpec tail(String method, ElementType type, String fileName, FusedLoop loop,
      List<ParameterSpec> params, TypeName result, List<TypeName> thrown) {
    TypeVariableName v = TypeVariableName.get("V");
    MethodSpec.Builder out = MethodSpec.methodBuilder(tailName(method, type))
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addTypeVariable(v)
        .returns(loop.reduces() ? TypeName.DOUBLE : TypeName.VOID)
        .addParameter(ParameterizedTypeName.get(LANES, v), "_lanes")
        .addParameter(TypeName.INT, "_i")
        .addParameter(TypeName.INT, "_n")
        .addParameters(params)
        .addParameter(result, "seed")
        .addExceptions(thrown)
        .addJavadoc("The last vector of {@code $L}'s loop, elements {@code _i} to {@code _n - 1}$L.\n",
            name(method, type), loop.reduces() ? ": their adjoints, and the sum of their values" : "");
    loop.gradients().forEach(g -> out.addParameter(TENSOR, gradientTensor(g.parameter())));
    if (!loop.reduces()) {
      out.addParameter(TENSOR, "_value");
    }
    CodeBlock.Builder body = CodeBlock.builder();
    if (loop.reduces()) {
      body.addStatement("$T $L = $L", v, FusedLoop.SEED, reducedSeed(loop));
    }
    vector(body, v, loop, type, fileName, true);
    if (loop.reduces()) {
      body.addStatement("return _lanes.sumLanes(_acc)");
    }
    return out.addCode(body.build()).build();
  }

  /**
   * One vector's steps: load the operands, the primal, its sum or store, the reverse sweep, store the adjoints.
   * A whole vector in the loop ({@code _acc} adds to the loop's sum); the last, partial one in its own method
   * ({@code _acc} is its sum, counting only the elements).
   */
  private static void vector(CodeBlock.Builder body, TypeVariableName v, FusedLoop loop, ElementType type, String fileName,
      boolean partial) {
    String upTo = partial ? ", _n" : "";
    for (String p : loop.loaded()) {
      body.addStatement("$T $L = _lanes.load($L, _i$L)", v, FusedLoop.lanesOf(p), p, upTo);
    }
    steps(body, v, loop.forward(), type, fileName);
    if (loop.reduces() && partial) {
      body.addStatement("$T _acc = _lanes.onlyBelow($L, _i, _n)", v, loop.result());
    } else if (loop.reduces()) {
      body.addStatement("_acc = _lanes.add(_acc, $L)", loop.result());
    } else {
      body.addStatement("_lanes.store($L, _value, _i$L)", loop.result(), upTo);
      body.addStatement("$T $L = _lanes.load(seed, _i$L)", v, FusedLoop.SEED, upTo);
    }
    steps(body, v, loop.reverse(), type, fileName);
    for (FusedLoop.Gradient g : loop.gradients()) {
      body.addStatement("_lanes.store($L, $L, _i$L)", g.lanes(), gradientTensor(g.parameter()), upTo);
    }
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
