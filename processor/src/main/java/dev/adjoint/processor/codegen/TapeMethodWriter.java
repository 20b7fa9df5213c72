package dev.adjoint.processor.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.adjoint.processor.ir.IrMethod;
import dev.adjoint.processor.ir.Names;
import dev.adjoint.processor.ir.RecordLayout;
import dev.adjoint.processor.ir.TapeMethod;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
  private static final ClassName GRAD_SCOPE = ClassName.get("dev.adjoint", "GradScope");
  private static final ClassName TAPE_LEAVES = ClassName.get("dev.adjoint.support", "TapeLeaves");
  private static final ClassName TENSOR_ADJOINTS = ClassName.get("dev.adjoint.support", "TensorAdjoints");

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
    if (tape.self() != null) {
      ctor.addParameter(JavaEmitter.className(m.ownerClass()), Names.component("self"));
      doc.append("@param ").append(Names.component("self")).append(" the adjoint of the receiver: its tensors' gradients,"
          + " its other components copied\n");
    }
    for (TapeMethod.Param p : wrt) {
      ctor.addParameter(JavaEmitter.typeName(p.type()), Names.component(p.sourceName()));
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
    if (!tape.ok()) {
      run.addStatement("throw new $T($S)", IllegalStateException.class,
          GradientsWriter.failedMessage(originalClass, m.name()));
    } else {
      run.addCode(body(tape, record, originalClass));
    }
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
    List<String> userArgs = tape.params().stream().map(TapeMethod.Param::name).toList();
    MethodSpec.Builder forward = MethodSpec.methodBuilder(Names.forward(m.name()))
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(forwardRecord)
        .addParameters(params)
        .addExceptions(thrown)
        .addJavadoc("The value of {@code $L} and what {@code $L} needs to finish its gradient on the tape.\n",
            e.signature(), Names.reverse(m.name()));
    forward.addStatement("$T _value = $L", TENSOR, userCall(m, "self", userArgs));
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

  /**
   * The body: every differentiated tensor (a parameter, an element of a {@code Tensor[]}, a tensor of a
   * differentiated record) becomes a leaf through one {@code TapeLeaves}, the method runs on the leaves (records
   * rebuilt from them), and the gradients come back in the order the leaves were made.
   */
  private static CodeBlock body(TapeMethod tape, ClassName record, String originalClass) {
    IrMethod m = tape.signature();
    Set<String> used = new HashSet<>(List.of("self", "seed"));
    tape.params().forEach(p -> used.add(p.name()));
    String recording = fresh("_recording", used);
    String leaves = fresh("_leaves", used);
    String value = fresh("_value", used);
    CodeBlock.Builder code = CodeBlock.builder();
    code.add("// Leaf copies sharing storage (the caller's tensors get no grad()), recorded copies where the caller records\n");
    code.addStatement("$T $L = new $T()", TAPE_LEAVES, leaves, TAPE_LEAVES);
    code.add("// Record even inside the caller's noGrad(); closing the scope restores the caller's mode\n");
    code.beginControlFlow("try ($T $L = $T.enableGrad())", GRAD_SCOPE, recording, AUTOGRAD);
    String receiver = "self";
    if (tape.self() != null) {
      receiver = fresh("_self", used);
      code.addStatement("$T $L = $L", JavaEmitter.className(m.ownerClass()), receiver, rebuild(tape.self(), "self", "this", leaves, true));
    }
    List<String> callArgs = new ArrayList<>();
    for (TapeMethod.Param p : tape.params()) {
      String arg = p.name();
      switch (p.role()) {
        case RECORD -> {
          arg = fresh("_" + p.name(), used);
          code.addStatement("$T $L = $L", JavaEmitter.typeName(p.type()), arg, rebuild(p.layout(), p.name(), p.sourceName(), leaves, true));
        }
        case WRT -> {
          arg = fresh("_" + p.name(), used);
          code.addStatement("$T $L = $L.track($L, $S)", JavaEmitter.typeName(p.type()), arg, leaves, p.name(),
              p.sourceName());
        }
        case CONSTANT_TENSOR -> {
          arg = fresh("_" + p.name(), used);
          code.addStatement("$T $L = $L.constant($L, $S)", JavaEmitter.typeName(p.type()), arg, leaves, p.name(),
              p.sourceName());
        }
        case PASSED -> { }
      }
      callArgs.add(arg);
    }
    call(code, tape, value, receiver, callArgs);
    // ones for a one-element result without a seed; a seed must have the result's shape and dtype
    code.addStatement("seed = $T.seed($L, seed, $S, $S)", TENSOR_ADJOINTS, value, originalClass + "." + m.name(), Names.vjp(m.name()));
    code.addStatement("$L.backward($L, seed)", leaves, value);
    code.add("// The gradients in the order the leaves were made; a tensor the result does not depend on gets zeros\n");
    List<String> fields = new ArrayList<>();
    fields.add(leaves + ".result(" + value + ")");
    if (tape.self() != null) {
      String d = fresh("_d_self", used);
      code.addStatement("$T $L = $L", JavaEmitter.className(m.ownerClass()), d, rebuild(tape.self(), "self", "this", leaves, false));
      fields.add(d);
    }
    for (TapeMethod.Param p : tape.wrtParams()) {
      String d = fresh("_d_" + p.name(), used);
      if (p.role() == TapeMethod.Role.RECORD) {
        code.addStatement("$T $L = $L", JavaEmitter.typeName(p.type()), d, rebuild(p.layout(), p.name(), p.sourceName(), leaves, false));
      } else {
        code.addStatement("$T $L = $L.gradient($L)", JavaEmitter.typeName(p.type()), d, leaves, p.name());
      }
      fields.add(d);
    }
    code.addStatement("return new $T($L)", record, String.join(", ", fields));
    code.endControlFlow();
    return code.build();
  }

  /**
   * {@code new R(...)} from {@code javaPath}'s components: its tensors tracked as leaves ({@code track}) or
   * replaced by their gradients ({@code !track}), nested records rebuilt the same way, constants copied.
   */
  private static CodeBlock rebuild(RecordLayout layout, String javaPath, String sourcePath, String leaves, boolean track) {
    List<CodeBlock> args = new ArrayList<>();
    for (RecordLayout.Part part : layout.parts()) {
      String access = javaPath + "." + part.accessor() + "()";
      String source = sourcePath + "." + part.accessor() + "()";
      if (part.nested() != null) {
        args.add(rebuild(part.nested(), access, source, leaves, track));
      } else if (!part.differentiable()) {
        args.add(CodeBlock.of("$L", access));
      } else if (track) {
        args.add(CodeBlock.of("$L.track($L, $S)", leaves, access, source));
      } else {
        args.add(CodeBlock.of("$L.gradient($L)", leaves, access));
      }
    }
    return CodeBlock.of("new $T($L)", JavaEmitter.typeName(layout.type()), CodeBlock.join(args, ",$W"));
  }

  /** The line comment, the value-dependence comment and the call of the user's method. */
  private static void call(CodeBlock.Builder code, TapeMethod tape, String value, String receiver, List<String> callArgs) {
    IrMethod m = tape.signature();
    String lines = tape.firstLine() == tape.lastLine() ? Integer.toString(tape.firstLine())
        : tape.firstLine() + "-" + tape.lastLine();
    code.add("// $L:$L\n", tape.fileName(), lines);
    if (tape.valueDependence() != null) {
      TapeMethod.Condition c = tape.valueDependence();
      code.add("// The $L condition at line $L, `$L`, reads a tensor's value: the tape records the path this call takes\n",
          c.keyword(), c.line(), c.text());
    }
    code.addStatement("$T $L = $L", TENSOR, value, userCall(m, receiver, callArgs));
  }

  /** The call of the user's method: {@code Owner.m(args)}, or {@code receiver.m(args)} for an instance method. */
  private static CodeBlock userCall(IrMethod m, String receiver, List<String> args) {
    return m.isStatic() ? CodeBlock.of("$T.$L($L)", JavaEmitter.className(m.ownerClass()), m.name(), String.join(", ", args))
        : CodeBlock.of("$L.$L($L)", receiver, m.name(), String.join(", ", args));
  }

  private static String fresh(String base, Set<String> used) {
    String name = base;
    for (int i = 2; !used.add(name); i++) {
      name = base + i;
    }
    return name;
  }
}
