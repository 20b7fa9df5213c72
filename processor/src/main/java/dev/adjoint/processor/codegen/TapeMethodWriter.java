package dev.adjoint.processor.codegen;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.adjoint.processor.ir.IrMethod;
import dev.adjoint.processor.ir.Names;
import dev.adjoint.processor.ir.TapeMethod;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;

/**
 * Writes the DESIGN section 3 API ({@code m}, {@code mVjp}, {@code MGradient}) for a method
 * differentiated on the dynamic tape: a private {@code _mTape} switches recording on, calls the
 * user's method with leaf copies of the wrt tensors, and asks {@code Autograd.grad} for the
 * vector-Jacobian product.
 */
final class TapeMethodWriter {
  private static final ClassName TENSOR = ClassName.get("dev.adjoint", "Tensor");
  private static final ClassName AUTOGRAD = ClassName.get("dev.adjoint", "Autograd");
  private static final ClassName GRAD_OPTION = ClassName.get("dev.adjoint", "GradOption");
  private static final ClassName GRAD_SCOPE = ClassName.get("dev.adjoint", "GradScope");
  private static final ClassName LIST = ClassName.get("java.util", "List");
  private static final ClassName COLLECTIONS = ClassName.get("java.util", "Collections");

  private TapeMethodWriter() {}

  static void add(TypeSpec.Builder type, TapeMethod tape, GradientsWriter.Entry e, String originalClass) {
    IrMethod m = tape.signature();
    ClassName record = ClassName.get("", e.recordName());
    String tapeName = "_" + m.name() + "Tape";
    List<ParameterSpec> params = new ArrayList<>();
    List<String> args = new ArrayList<>();
    if (!m.isStatic()) {
      params.add(ParameterSpec.builder(JavaEmitter.className(m.ownerClass()), "self").build());
      args.add("self");
    }
    for (TapeMethod.Param p : tape.params()) {
      params.add(ParameterSpec.builder(JavaEmitter.typeName(p.type()), p.name()).build());
      args.add(p.name());
    }
    List<TypeName> thrown = tape.thrown().stream().map(JavaEmitter::parseType).toList();
    List<TapeMethod.Param> wrt = tape.wrtParams();

    // record
    MethodSpec.Builder ctor = MethodSpec.constructorBuilder().addParameter(TENSOR, "value");
    StringBuilder doc = new StringBuilder();
    for (TapeMethod.Param p : wrt) {
      ctor.addParameter(p.type().isArray() ? ArrayTypeName.of(TENSOR) : TENSOR, Names.component(p.sourceName()));
      doc.append("@param ").append(Names.component(p.sourceName())).append(" the adjoint of {@code ")
          .append(p.sourceName()).append("}, with its shape\n");
    }
    type.addType(TypeSpec.recordBuilder(e.recordName())
        .addModifiers(Modifier.PUBLIC)
        .addJavadoc("The value of {@code $L} and the adjoints of its parameters, from the dynamic tape.\n\n"
            + "@param value the method's result (detached: it records nothing)\n$L", e.signature(), doc.toString())
        .recordConstructor(ctor.build())
        .build());

    String withSeed = String.join(", ", args) + (args.isEmpty() ? "" : ", ");
    // m(...)
    type.addMethod(MethodSpec.methodBuilder(m.name())
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(record)
        .addParameters(params)
        .addExceptions(thrown)
        .addJavadoc("Value and gradient of {@code $L}, recorded on the dynamic tape. The result must have one element;\n"
            + "otherwise call {@code $L} with a seed.\n", e.signature(), Names.vjp(m.name()))
        .addStatement("return $L($Lnull)", tapeName, withSeed)
        .build());

    // mVjp(..., seed)
    type.addMethod(MethodSpec.methodBuilder(Names.vjp(m.name()))
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(record)
        .addParameters(params)
        .addParameter(TENSOR, "seed")
        .addExceptions(thrown)
        .addJavadoc("Vector-Jacobian product of {@code $L}, recorded on the dynamic tape: the value, and {@code seed}\n"
            + "(the result's shape and dtype) times the derivative of the result with respect to each parameter.\n", e.signature())
        .addStatement("$T.requireNonNull(seed, $S)", ClassName.get("java.util", "Objects"),
            Names.vjp(m.name()) + ": seed is null; pass a tensor of the result's shape (or call " + m.name() + " for a one-element result)")
        .addStatement("return $L($Lseed)", tapeName, withSeed)
        .build());

    if (e.sweeps()) {
      addSweeps(type, tape, e, params, args, thrown, record);
    }

    // _mTape(..., seed): the work
    MethodSpec.Builder run = MethodSpec.methodBuilder(tapeName)
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(record)
        .addParameters(params)
        .addParameter(TENSOR, "seed")
        .addExceptions(thrown)
        .addJavadoc("Records {@code $L} on the tape and runs the backward pass; a null {@code seed} means the gradient of a\n"
            + "one-element result.\n", e.signature());
    run.addCode(tape.ok() ? body(tape, record, originalClass) : CodeBlock.builder()
        .addStatement("throw new $T($S)", IllegalStateException.class,
            "Adjoint could not differentiate " + originalClass + "." + m.name() + "; see the compile errors")
        .build());
    type.addMethod(run.build());
  }

  /**
   * {@code mForward}/{@code mReverse} for callers whose generated adjoints run a Tensor callee's sweeps
   * apart: on the tape, the forward computes the value and keeps the arguments, and the reverse records the
   * method again ({@code mVjp}), which is all the tape can do without a graph kept across calls.
   */
  private static void addSweeps(TypeSpec.Builder type, TapeMethod tape, GradientsWriter.Entry e, List<ParameterSpec> params,
      List<String> args, List<TypeName> thrown, ClassName record) {
    IrMethod m = tape.signature();
    ClassName forwardRecord = ClassName.get("", Names.forwardRecord(e.recordName()));
    List<ParameterSpec> components = new ArrayList<>();
    components.add(ParameterSpec.builder(TENSOR, "value").build());
    components.addAll(params);
    type.addType(TypeSpec.recordBuilder(forwardRecord.simpleName())
        .addModifiers(Modifier.PUBLIC)
        .addJavadoc("What {@code $L} keeps of {@code $L} for {@code $L}: its value and its arguments.\n",
            Names.forward(m.name()), e.signature(), Names.reverse(m.name()))
        .recordConstructor(MethodSpec.constructorBuilder().addParameters(components).build())
        .build());
    String call = m.isStatic() ? "$T.$L($L)" : "self.$L($L)";
    List<String> userArgs = tape.params().stream().map(TapeMethod.Param::name).toList();
    MethodSpec.Builder forward = MethodSpec.methodBuilder(Names.forward(m.name()))
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(forwardRecord)
        .addParameters(params)
        .addExceptions(thrown)
        .addJavadoc("The value of {@code $L} and what {@code $L} needs to finish its gradient on the tape.\n",
            e.signature(), Names.reverse(m.name()));
    if (m.isStatic()) {
      forward.addStatement("$T _value = " + call, TENSOR, JavaEmitter.className(m.ownerClass()), m.name(), String.join(", ", userArgs));
    } else {
      forward.addStatement("$T _value = " + call, TENSOR, m.name(), String.join(", ", userArgs));
    }
    List<String> kept = new ArrayList<>();
    kept.add("_value");
    kept.addAll(args);
    forward.addStatement("return new $T($L)", forwardRecord, String.join(", ", kept));
    type.addMethod(forward.build());
    List<String> again = new ArrayList<>();
    for (String a : args) {
      again.add("_fw." + a + "()");
    }
    again.add("seed");
    type.addMethod(MethodSpec.methodBuilder(Names.reverse(m.name()))
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(record)
        .addParameter(Object.class, "_forward")
        .addParameter(TENSOR, "seed")
        .addExceptions(thrown)
        .addJavadoc("The gradient of {@code $L} for the record {@code $L} returned: {@code $L} with the arguments kept.\n",
            e.signature(), Names.forward(m.name()), Names.vjp(m.name()))
        .addStatement("$T _fw = ($T) _forward", forwardRecord, forwardRecord)
        .addStatement("return $L($L)", Names.vjp(m.name()), String.join(", ", again))
        .build());
  }

  private static CodeBlock body(TapeMethod tape, ClassName record, String originalClass) {
    IrMethod m = tape.signature();
    List<TapeMethod.Param> wrt = tape.wrtParams();
    // generated locals start with '_'; a parameter named value or d_x must not collide with them
    Set<String> used = new HashSet<>(List.of("self", "seed"));
    tape.params().forEach(p -> used.add(p.name()));
    Map<String, String> leaf = new HashMap<>();
    for (TapeMethod.Param p : tape.params()) {
      if (p.role() != TapeMethod.Role.PASSED) {
        leaf.put(p.name(), fresh("_" + p.name(), used));
      }
    }
    String recording = fresh("_recording", used);
    String value = fresh("_value", used);
    String grads = fresh("_grads", used);
    CodeBlock.Builder code = CodeBlock.builder();
    code.add("// Record even inside the caller's noGrad(); closing the scope restores the caller's mode\n");
    code.beginControlFlow("try ($T $L = $T.enableGrad())", GRAD_SCOPE, recording, AUTOGRAD);
    code.add("// Leaf copies (sharing storage): the caller's tensors get no grad() and no new graph\n");
    List<String> callArgs = new ArrayList<>();
    String index = fresh("_i", used);
    for (TapeMethod.Param p : tape.params()) {
      if (p.role() != TapeMethod.Role.PASSED && p.type().isArray()) {
        // a Tensor[]: a leaf copy of each element (a null array or element fails here, naming it)
        code.addStatement("$T[] $L = new $T[$L.length]", TENSOR, leaf.get(p.name()), TENSOR, p.name());
        code.beginControlFlow("for (int $L = 0; $L < $L.length; $L++)", index, index, p.name(), index);
        code.addStatement("$T.requireNonNull($L[$L], $S + $L + $S)", ClassName.get("java.util", "Objects"), p.name(), index,
            p.sourceName() + "[", index, "] is null");
        code.addStatement(p.role() == TapeMethod.Role.WRT ? "$L[$L] = $L[$L].detach().requiresGrad(true)" : "$L[$L] = $L[$L].detach()",
            leaf.get(p.name()), index, p.name(), index);
        code.endControlFlow();
      } else {
        switch (p.role()) {
          case WRT -> code.addStatement("$T $L = $L.detach().requiresGrad(true)", TENSOR, leaf.get(p.name()), p.name());
          case CONSTANT_TENSOR -> code.addStatement("$T $L = $L.detach()", TENSOR, leaf.get(p.name()), p.name());
          case PASSED -> { }
        }
      }
      callArgs.add(p.role() == TapeMethod.Role.PASSED ? p.name() : leaf.get(p.name()));
    }
    String lines = tape.firstLine() == tape.lastLine() ? Integer.toString(tape.firstLine())
        : tape.firstLine() + "-" + tape.lastLine();
    code.add("// $L:$L\n", tape.fileName(), lines);
    if (tape.valueDependence() != null) {
      TapeMethod.Condition c = tape.valueDependence();
      code.add("// The $L condition at line $L, `$L`, reads a tensor's value: the tape records the path this call takes\n",
          c.keyword(), c.line(), c.text());
    }
    if (m.isStatic()) {
      code.addStatement("$T $L = $T.$L($L)", TENSOR, value, JavaEmitter.className(m.ownerClass()), m.name(), String.join(", ", callArgs));
    } else {
      code.addStatement("$T $L = self.$L($L)", TENSOR, value, m.name(), String.join(", ", callArgs));
    }
    code.beginControlFlow("if (seed == null)");
    code.beginControlFlow("if ($L.numel() != 1)", value);
    code.addStatement("throw new $T($S + $T.toString($L.shape())\n+ $S)", IllegalArgumentException.class,
        originalClass + "." + m.name() + " returned a tensor of shape ", java.util.Arrays.class, value,
        ", not one element, so it has no gradient: call " + Names.vjp(m.name()) + " with a seed of that shape");
    code.endControlFlow();
    code.addStatement("seed = $T.onesLike($L)", TENSOR, value);
    code.endControlFlow();
    List<String> fields = new ArrayList<>();
    fields.add(value + ".detach()");
    if (wrt.stream().noneMatch(p -> p.type().isArray())) {
      String inputs = wrt.stream().map(p -> leaf.get(p.name())).collect(Collectors.joining(", "));
      code.add("// Nothing recorded means the result does not depend on any wrt tensor\n");
      code.addStatement("$T $L = $L.requiresGrad()\n? $T.grad($T.of($L), $T.of($L), $T.of(seed), $T.ALLOW_UNUSED)\n: $T.nCopies($L, null)",
          ParameterizedTypeName.get(LIST, TENSOR), grads, value, AUTOGRAD, LIST, value, LIST, inputs, LIST, GRAD_OPTION, COLLECTIONS, wrt.size());
      code.add("// An unused parameter gets zeros of its shape\n");
      for (int i = 0; i < wrt.size(); i++) {
        String d = fresh("_d_" + wrt.get(i).name(), used);
        code.addStatement("$T $L = $L.get($L) != null ? $L.get($L) : $T.zerosLike($L)", TENSOR, d, grads, i, grads, i, TENSOR, wrt.get(i).name());
        fields.add(d);
      }
    } else {
      // Tensor[] parameters: the inputs are all their elements, in order, after the single tensors before them
      String inputs = fresh("_inputs", used);
      String at = fresh("_at", used);
      code.addStatement("$T $L = new $T<>()", ParameterizedTypeName.get(LIST, TENSOR), inputs, ClassName.get("java.util", "ArrayList"));
      for (TapeMethod.Param p : wrt) {
        if (p.type().isArray()) {
          code.addStatement("$T.addAll($L, $L)", COLLECTIONS, inputs, leaf.get(p.name()));
        } else {
          code.addStatement("$L.add($L)", inputs, leaf.get(p.name()));
        }
      }
      code.add("// Nothing recorded means the result does not depend on any wrt tensor\n");
      code.addStatement("$T $L = $L.requiresGrad()\n? $T.grad($T.of($L), $L, $T.of(seed), $T.ALLOW_UNUSED)\n: $T.nCopies($L.size(), null)",
          ParameterizedTypeName.get(LIST, TENSOR), grads, value, AUTOGRAD, LIST, value, inputs, LIST, GRAD_OPTION, COLLECTIONS, inputs);
      code.add("// An unused parameter gets zeros of its shape\n");
      code.addStatement("int $L = 0", at);
      for (TapeMethod.Param p : wrt) {
        String d = fresh("_d_" + p.name(), used);
        if (p.type().isArray()) {
          code.addStatement("$T[] $L = new $T[$L.length]", TENSOR, d, TENSOR, p.name());
          code.beginControlFlow("for (int $L = 0; $L < $L.length; $L++, $L++)", index, index, p.name(), index, at);
          code.addStatement("$L[$L] = $L.get($L) != null ? $L.get($L) : $T.zerosLike($L[$L])", d, index, grads, at, grads, at, TENSOR,
              p.name(), index);
          code.endControlFlow();
        } else {
          code.addStatement("$T $L = $L.get($L) != null ? $L.get($L) : $T.zerosLike($L)", TENSOR, d, grads, at, grads, at, TENSOR, p.name());
          code.addStatement("$L++", at);
        }
        fields.add(d);
      }
    }
    code.addStatement("return new $T($L)", record, String.join(", ", fields));
    code.endControlFlow();
    return code.build();
  }

  private static String fresh(String base, Set<String> used) {
    String name = base;
    for (int i = 2; !used.add(name); i++) {
      name = base + i;
    }
    return name;
  }
}
