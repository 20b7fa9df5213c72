package dev.adjoint.processor.codegen;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.FusedLoop;
import dev.adjoint.processor.ir.IrMethod;
import dev.adjoint.processor.ir.JType;
import dev.adjoint.processor.ir.Names;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.TapeMethod;
import dev.adjoint.processor.transform.ForwardMode;
import dev.adjoint.processor.transform.ReverseMode;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/** Stage 5: writes {@code FooGradients} with JavaPoet: per method {@code m}, {@code mVjp} and {@code MGradient}. */
public final class GradientsWriter {
  /**
   * One method to write.
   *
   * @param method the lowered method (signature)
   * @param componentNames the source names of the wrt parameters, for the record components
   * @param recordName the record's simple name
   * @param adjoint the transformed body, or null if differentiation failed (a throwing stub is written
   *     so that the generated class and its callers still compile)
   * @param signature how the original method reads, for Javadoc
   * @param tape for a method differentiated on the dynamic tape (Tensor parameters), what
   *     {@link TapeMethodWriter} needs; null for a generated adjoint
   */
  /**
   * One method to write; {@code sweeps}: also mForward/mReverse ({@code Annotations.hasSweepMethods}); {@code jvp}:
   * also mJvp and MTangent, from {@code tangent} (a throwing stub where it is null).
   */
  public record Entry(IrMethod method, List<String> componentNames, String recordName, ReverseMode.Result adjoint, String signature,
      TapeMethod tape, boolean sweeps, boolean jvp, ForwardMode.Result tangent, boolean reverse, FusedLoop fused) {}

  private static final ClassName ADJOINTS = ClassName.get("dev.adjoint.support", "Adjoints");
  private static final ClassName REVERSALS = ClassName.get("dev.adjoint.support", "Reversals");

  private GradientsWriter() {}

  /** What a stub throws where the method's body could not be differentiated. */
  static String failedMessage(String originalClass, String method) {
    return "Adjoint could not differentiate " + originalClass + "." + method + "; see the compile errors";
  }

  /** Called when a method's body cannot be printed; its stub is written instead. */
  public interface FailureHandler {
    void failed(Entry entry, RuntimeException e);
  }

  public static JavaFile write(String packageName, String simpleName, String originalClass, List<Entry> entries,
      FailureHandler onFailure) {
    TypeSpec.Builder type = TypeSpec.classBuilder(simpleName)
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .addAnnotation(AnnotationSpec.builder(ClassName.get("javax.annotation.processing", "Generated"))
            .addMember("value", "$S", "dev.adjoint.processor.AdjointProcessor").build())
        .addJavadoc("Gradients of the {@code @Differentiable} methods of {@code $L}, written by Adjoint's annotation processor.\n"
            + "\n<p>Do not edit: regenerated on every build.\n", originalClass)
        .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
    for (Entry e : entries) {
      addMethod(type, e, originalClass, onFailure);
    }
    return JavaFile.builder(packageName, type.build()).skipJavaLangImports(true).indent("  ").build();
  }

  private static void addMethod(TypeSpec.Builder type, Entry e, String originalClass, FailureHandler onFailure) {
    if (e.tape() != null) {
      TapeMethodWriter.add(type, e.tape(), e, originalClass);
      return;
    }
    IrMethod m = e.method();
    ClassName record = ClassName.get("", e.recordName());
    TypeName result = JavaEmitter.typeName(m.result());
    List<ParameterSpec> params = new ArrayList<>();
    List<String> argNames = new ArrayList<>();
    if (!m.isStatic()) {
      params.add(ParameterSpec.builder(JavaEmitter.className(m.ownerClass()), "self").build());
      argNames.add("self");
    }
    for (IrMethod.Param p : m.params()) {
      params.add(ParameterSpec.builder(JavaEmitter.typeName(p.type()), p.name()).build());
      argNames.add(p.name());
    }
    List<TypeName> thrown = m.thrown().stream().map(JavaEmitter::parseType).toList();
    if (!e.reverse()) {
      // vjp = false: forward mode only
      addJvp(type, e, params, thrown, result, originalClass, onFailure);
      return;
    }

    // record
    MethodSpec.Builder ctor = MethodSpec.constructorBuilder()
        .addParameter(ParameterSpec.builder(result, "value").build());
    List<IrMethod.Param> wrtParams = m.params().stream().filter(p -> m.wrt().contains(p.name())).toList();
    StringBuilder doc = new StringBuilder();
    if (m.records().containsKey("self") && m.wrt().contains("self")) {
      // the receiver, a differentiable record: its gradient is a record of the same type
      ctor.addParameter(ParameterSpec.builder(JavaEmitter.typeName(m.records().get("self").type()), Names.component("self")).build());
      doc.append("@param ").append(Names.component("self")).append(" the adjoint of the receiver\n");
    }
    for (int i = 0; i < wrtParams.size(); i++) {
      ctor.addParameter(ParameterSpec.builder(JavaEmitter.typeName(wrtParams.get(i).type()), Names.component(e.componentNames().get(i))).build());
      doc.append("@param ").append(Names.component(e.componentNames().get(i))).append(" the adjoint of {@code ")
          .append(e.componentNames().get(i)).append("}\n");
    }
    type.addType(TypeSpec.recordBuilder(e.recordName())
        .addModifiers(Modifier.PUBLIC)
        .addJavadoc("The value of {@code $L} and the adjoints of its parameters.\n\n@param value the method's result\n$L",
            e.signature(), doc.toString())
        .recordConstructor(ctor.build())
        .build());

    // m(...)
    MethodSpec.Builder grad = MethodSpec.methodBuilder(m.name())
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(record)
        .addParameters(params)
        .addExceptions(thrown)
        .addJavadoc("Value and gradient of {@code $L}.\n", e.signature());
    if (m.result().isArray() || m.result().isRecord()) {
      grad.addStatement("throw new $T($S)", IllegalArgumentException.class, m.name() + " returns "
          + (m.result().isArray() ? "an array" : "a record") + ", so it has no gradient: call " + Names.vjp(m.name()) + " with a seed");
    } else if (m.result().isTensor()) {
      // no seed: mVjp takes ones for a one-element result and refuses a larger one, naming mVjp
      List<String> args = new ArrayList<>(argNames);
      args.add("($T) null");
      grad.addStatement("return $L(" + String.join(", ", args) + ")", Names.vjp(m.name()), result);
    } else {
      List<String> args = new ArrayList<>(argNames);
      args.add(m.result().kind() == JType.Kind.FLOAT ? "1f" : "1.0");
      grad.addStatement("return $L($L)", Names.vjp(m.name()), String.join(", ", args));
    }
    type.addMethod(grad.build());

    // mVjp(..., seed)
    MethodSpec.Builder vjp = MethodSpec.methodBuilder(Names.vjp(m.name()))
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(record)
        .addParameters(params)
        .addParameter(result, "seed")
        .addExceptions(thrown)
        .addJavadoc("Vector-Jacobian product of {@code $L}: the value, and {@code seed} times the derivative of the result with respect to each parameter.\n", e.signature());
    CodeBlock code = null;
    if (e.adjoint() != null) {
      try {
        CodeBlock.Builder body = CodeBlock.builder();
        JavaEmitter.emit(e.adjoint().printedBody(), body);
        List<String> fields = new ArrayList<>();
        fields.add(e.adjoint().valueVar());
        fields.addAll(e.adjoint().gradients());
        body.addStatement("return new $T($L)", record, String.join(", ", fields));
        code = body.build();
      } catch (RuntimeException ex) {
        onFailure.failed(e, ex);
      }
    }
    Sweeps sweeps = e.sweeps()
        ? addSplit(type, e, params, argNames, thrown, record, result, originalClass, code != null, onFailure)
        : new Sweeps(List.of(), false);
    if (code != null && e.fused() != null) {
      vjp.addCode(FusedLoopWriter.guard(m.name(), m.displayName(), e.fused(), argNames));
      for (FusedLoopWriter.ElementType t : FusedLoopWriter.ElementType.values()) {
        FusedLoopWriter.methods(m.name(), t, e.signature(), m.fileName(), e.fused(), record, params, result, thrown)
            .forEach(type::addMethod);
      }
    }
    if (code == null) {
      vjp.addStatement("throw new $T($S)", IllegalStateException.class,
          failedMessage(originalClass, m.name()));
    } else if (sweeps.holdTheAdjoint() && (m.result().isArray() || m.result().isTensor())) {
      // the adjoint is written once, in mForward and mReverse
      vjp.addStatement("return $L($L($L), seed)", Names.reverse(m.name()), Names.forward(m.name()), String.join(", ", argNames));
    } else {
      vjp.addCode(code);
    }
    type.addMethod(vjp.build());
    sweeps.methods().forEach(type::addMethod);
    if (e.jvp()) {
      addJvp(type, e, params, thrown, result, originalClass, onFailure);
    }
  }

  /**
   * {@code mJvp(..., _t_x, ...)}: forward mode, the method's value and its tangent for the wrt parameters' tangents
   * (one per wrt parameter, after the method's own parameters), in record {@code MTangent(value, tangent)}.
   */
  private static void addJvp(TypeSpec.Builder type, Entry e, List<ParameterSpec> params, List<TypeName> thrown, TypeName result,
      String originalClass, FailureHandler onFailure) {
    IrMethod m = e.method();
    ClassName record = ClassName.get("", Names.tangentRecord(e.recordName()));
    type.addType(TypeSpec.recordBuilder(record.simpleName())
        .addModifiers(Modifier.PUBLIC)
        .addJavadoc("The value of {@code $L} and its tangent (forward mode).\n\n@param value the method's result\n"
            + "@param tangent the derivative of the result in the direction of the parameters' tangents\n", e.signature())
        .recordConstructor(MethodSpec.constructorBuilder()
            .addParameter(result, "value")
            .addParameter(result, "tangent")
            .build())
        .build());
    StringBuilder doc = new StringBuilder();
    MethodSpec.Builder jvp = MethodSpec.methodBuilder(Names.jvp(m.name()))
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(record)
        .addParameters(params)
        .addExceptions(thrown);
    int component = 0;
    for (IrMethod.Param p : m.params()) {
      if (m.wrt().contains(p.name())) {
        String source = e.componentNames().get(component++);
        jvp.addParameter(JavaEmitter.typeName(p.type()), Names.tangent(p.name()));
        doc.append("@param ").append(Names.tangent(p.name())).append(" the tangent of {@code ").append(source).append("}\n");
      }
    }
    jvp.addJavadoc("Jacobian-vector product of {@code $L} (forward mode): its value, and its derivative in the direction"
        + " of the tangents given for its parameters (JAX's {@code jvp}). One run of the method per direction: the"
        + " tangent of a unit vector is one column of the Jacobian.\n\n", e.signature());
    jvp.addJavadoc("$L@return the value and its tangent\n", doc.toString());
    CodeBlock code = null;
    if (e.tangent() != null) {
      try {
        CodeBlock.Builder body = CodeBlock.builder();
        JavaEmitter.emit(e.tangent().body(), body);
        Expr tangent = e.tangent().tangent();
        if (tangent instanceof Expr.Var v) {
          body.addStatement("return new $T($L, $L)", record, e.tangent().valueVar(), v.name());
        } else {
          JavaEmitter.emit(List.of(new Stmt.Decl(new Expr.Var("_tangent", m.result()), tangent, 0)), body);
          body.addStatement("return new $T($L, _tangent)", record, e.tangent().valueVar());
        }
        code = body.build();
      } catch (RuntimeException ex) {
        onFailure.failed(e, ex);
      }
    }
    if (code == null) {
      jvp.addStatement("throw new $T($S)", IllegalStateException.class,
          failedMessage(originalClass, m.name()));
    } else {
      jvp.addCode(code);
    }
    type.addMethod(jvp.build());
  }

  /**
   * {@code value()} of a forward record of an array result: a copy of the result, which the caller may change
   * (the reverse reads the original, {@code _value}; generated callers that only read it take that).
   */
  static MethodSpec copyOfValue(TypeName result, String valueVar) {
    return MethodSpec.methodBuilder("value")
        .addModifiers(Modifier.PUBLIC)
        .returns(result)
        .addJavadoc("The method's result: a new copy on each call, which the caller may change.\n\n@return a copy of the"
            + " result\n")
        .addStatement("return $L.clone()", valueVar)
        .build();
  }

  /** {@code public static MGradient name(Object _forward, T seed)}: the shape of mReverse and mReverseInto. */
  private static MethodSpec.Builder reverseSweep(String name, ClassName record, TypeName result, List<TypeName> thrown) {
    return MethodSpec.methodBuilder(name)
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(record)
        .addParameter(Object.class, "_forward")
        .addParameter(result, "seed")
        .addExceptions(thrown);
  }

  /** mForward and mReverse, and whether they hold the adjoint's code (else mReverse calls mVjp). */
  private record Sweeps(List<MethodSpec> methods, boolean holdTheAdjoint) {}

  /**
   * {@code mForward} and {@code mReverse} for a method with an array result: a caller runs the forward sweep
   * where it calls m and hands the record to mReverse in its own reverse sweep, so m runs once per gradient
   * (the caller's reverse sweep would otherwise call mVjp, which runs m again). A method whose sweeps cannot
   * be cut ({@link ReverseMode.Split}) keeps its arguments instead, and its reverse calls mVjp.
   */
  private static Sweeps addSplit(TypeSpec.Builder type, Entry e, List<ParameterSpec> params, List<String> argNames,
      List<TypeName> thrown, ClassName record, TypeName result, String originalClass, boolean differentiated,
      FailureHandler onFailure) {
    IrMethod m = e.method();
    ClassName forwardRecord = ClassName.get("", Names.forwardRecord(e.recordName()));
    String forwardName = Names.forward(m.name());
    String reverseName = Names.reverse(m.name());
    MethodSpec.Builder forward = MethodSpec.methodBuilder(forwardName)
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(forwardRecord)
        .addParameters(params)
        .addExceptions(thrown)
        .addJavadoc("The forward sweep of {@code $L}: its value, and what {@code $L} needs to finish the gradient"
            + " (a caller's generated adjoint runs the method once this way instead of twice).\n", e.signature(), reverseName);
    MethodSpec.Builder reverse = reverseSweep(reverseName, record, result, thrown)
        .addJavadoc("The reverse sweep of {@code $L} for the record {@code $L} returned: the same as {@code $L} with the"
            + " arguments given to {@code $L}.\n", e.signature(), forwardName, Names.vjp(m.name()), forwardName);
    // the adjoint arrays a caller can hand over (mReverseInto adds into them), and their record accessors
    List<IrMethod.Param> into = new ArrayList<>();
    List<String> intoAccessors = new ArrayList<>();
    int component = 0;
    for (IrMethod.Param p : m.params()) {
      boolean wrt = m.wrt().contains(p.name());
      if (ReverseMode.takesAdjointArray(p.type(), wrt)) {
        into.add(p);
        intoAccessors.add(Names.component(e.componentNames().get(component)));
      }
      component += wrt ? 1 : 0;
    }
    String intoName = Names.reverseInto(m.name());
    MethodSpec.Builder reverseInto = reverseSweep(intoName, record, result, thrown)
        .addJavadoc("As {@code $L}, adding the gradient of each array parameter into the array given for it (if not"
            + " null), whose component of the result is then that array: a caller's adjoint hands over its own.\n",
            reverseName);
    for (IrMethod.Param p : into) {
      reverseInto.addParameter(JavaEmitter.typeName(p.type()), "_into_" + p.name());
    }
    MethodSpec.Builder body = into.isEmpty() ? reverse : reverseInto;
    if (!into.isEmpty()) {
      reverse.addStatement("return $L(_forward, seed$L)", intoName, ", null".repeat(into.size()));
    }
    // an array result is kept as it is (_value, which generated callers that never write into it read); the
    // record's value() gives other callers a copy they may change
    boolean arrayResult = m.result().isArray();
    String valueVar = differentiated ? e.adjoint().valueVar() : "_value";
    List<ParameterSpec> components = new ArrayList<>();
    components.add(ParameterSpec.builder(result, arrayResult ? valueVar : "value").build());
    ReverseMode.Split split = differentiated ? e.adjoint().split() : null;
    boolean written = false;
    if (split != null && split.kept() != null) {
      try {
        List<CodeBlock> keptNames = new ArrayList<>();
        CodeBlock.Builder restore = CodeBlock.builder().addStatement("$T _fw = ($T) _forward", forwardRecord, forwardRecord);
        keptNames.add(CodeBlock.of("$L", e.adjoint().valueVar()));
        if (arrayResult && split.kept().stream().anyMatch(k -> k.name().equals(valueVar))) {
          components.clear(); // (kept below)
          keptNames.clear();
        }
        // a second reverse sweep on the same record is either correct (fresh adjoint arrays) or refused
        boolean reentrant = ReverseReuse.reentrant(split);
        boolean freshAdjoints = split.kept().stream().anyMatch(ReverseReuse::freshAdjoint);
        if (!reentrant || freshAdjoints) {
          components.add(ParameterSpec.builder(REVERSALS, "_reversals").build());
          keptNames.add(CodeBlock.of("new $T()", REVERSALS));
        }
        if (!reentrant) {
          restore.addStatement("_fw._reversals().once($S, $S, $S)", reverseName, forwardName, Names.vjp(m.name()));
        } else if (freshAdjoints) {
          restore.addStatement("boolean _again = _fw._reversals().repeated()");
        }
        for (var kept : split.kept()) {
          components.add(ParameterSpec.builder(JavaEmitter.typeName(kept.type()), kept.name()).build());
          keptNames.add(CodeBlock.of("$L", kept.name()));
          if (reentrant && ReverseReuse.freshAdjoint(kept)) {
            restore.addStatement("$T $L = _again ? $T.zerosLike(_fw.$L()) : _fw.$L()", JavaEmitter.typeName(kept.type()),
                kept.name(), ADJOINTS, kept.name(), kept.name());
          } else {
            restore.addStatement("$T $L = _fw.$L()", JavaEmitter.typeName(kept.type()), kept.name(), kept.name());
          }
        }
        CodeBlock.Builder forwardBody = CodeBlock.builder();
        JavaEmitter.emit(split.forward(), forwardBody);
        forwardBody.addStatement("return new $T($L)", forwardRecord, CodeBlock.join(keptNames, ", "));
        CodeBlock.Builder reverseBody = restore;
        for (IrMethod.Param p : into) {
          if (split.direct().contains(p.name())) {
            CodeBlock fresh = p.type().rank() == 1
                ? CodeBlock.of("new $T[$L.length]", JavaEmitter.typeName(p.type().element()), p.name())
                : CodeBlock.of("$T.zerosLike($L)", ADJOINTS, p.name());
            reverseBody.addStatement("$T _d_$L = _into_$L != null ? _into_$L : $L", JavaEmitter.typeName(p.type()),
                p.name(), p.name(), p.name(), fresh);
          }
        }
        JavaEmitter.emit(split.reverse(), reverseBody);
        for (IrMethod.Param p : into) {
          if (!split.direct().contains(p.name())) {
            reverseBody.beginControlFlow("if (_into_$L != null)", p.name())
                .addStatement("$T.addTo(_into_$L, _d_$L)", ADJOINTS, p.name(), p.name())
                .endControlFlow();
          }
        }
        List<String> fields = new ArrayList<>();
        fields.add(e.adjoint().valueVar());
        fields.addAll(e.adjoint().gradients());
        reverseBody.addStatement("return new $T($L)", record, String.join(", ", fields));
        forward.addCode(forwardBody.build());
        body.addCode(reverseBody.build());
        written = true;
      } catch (RuntimeException ex) {
        onFailure.failed(e, ex);
        components.clear();
        components.add(ParameterSpec.builder(result, arrayResult ? valueVar : "value").build());
      }
    }
    if (!written && split != null) {
      // the value from the forward sweep (the method itself may be private), the arguments as they came in
      // (the sweep may assign the parameters), and mVjp in the reverse
      CodeBlock.Builder forwardBody = CodeBlock.builder();
      List<String> arguments = new ArrayList<>();
      for (ParameterSpec p : params) {
        components.add(ParameterSpec.builder(p.type(), p.name()).build());
        forwardBody.addStatement("$T _in_$L = $L", p.type(), p.name(), p.name());
        arguments.add("_in_" + p.name());
      }
      JavaEmitter.emit(split.forward(), forwardBody);
      forward.addCode(forwardBody.build());
      forward.addStatement("return new $T($L, $L)", forwardRecord, e.adjoint().valueVar(), String.join(", ", arguments));
      List<String> kept = new ArrayList<>();
      for (String a : argNames) {
        kept.add("_fw." + a + "()");
      }
      kept.add("seed");
      body.addStatement("$T _fw = ($T) _forward", forwardRecord, forwardRecord)
          .addStatement("$T _g = $L($L)", record, Names.vjp(m.name()), String.join(", ", kept));
      for (int i = 0; i < into.size(); i++) {
        body.beginControlFlow("if (_into_$L != null)", into.get(i).name())
            .addStatement("$T.addTo(_into_$L, _g.$L())", ADJOINTS, into.get(i).name(), intoAccessors.get(i))
            .endControlFlow();
      }
      body.addStatement("return _g");
    } else if (!written) {
      String failed = failedMessage(originalClass, m.name());
      forward.addStatement("throw new $T($S)", IllegalStateException.class, failed);
      body.addStatement("throw new $T($S)", IllegalStateException.class, failed);
    }
    MethodSpec.Builder ctor = MethodSpec.constructorBuilder().addParameters(components);
    TypeSpec.Builder forwardType = TypeSpec.recordBuilder(forwardRecord.simpleName())
        .addModifiers(Modifier.PUBLIC)
        .addJavadoc("What {@code $L} keeps of {@code $L} for {@code $L}: {@code $L} is the method's result (a copy"
            + " the caller may change).\n",
            forwardName, e.signature(), reverseName, arrayResult ? "value()" : "value")
        .recordConstructor(ctor.build());
    if (arrayResult) {
      forwardType.addMethod(copyOfValue(result, valueVar));
    }
    type.addType(forwardType.build());
    return new Sweeps(into.isEmpty() ? List.of(forward.build(), reverse.build())
        : List.of(forward.build(), reverse.build(), reverseInto.build()), written);
  }
}
