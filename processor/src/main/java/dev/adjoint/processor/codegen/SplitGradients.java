package dev.adjoint.processor.codegen;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.adjoint.processor.ir.Names;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;

/**
 * {@code FooGradients} in two files, for a class javac must not attribute before its gradients' types
 * exist ({@code var g = FooGradients.f(x);} in {@code Foo}): the API first, written from the methods'
 * signatures alone, then, one round later, the implementation {@code FooGradientsImpl} that the API's
 * methods call. Both are cut from what {@link GradientsWriter} writes for one class:
 *
 * <ul>
 *   <li>the API keeps the records and the public methods' signatures and Javadoc; each method calls its
 *       twin in the implementation. A forward record ({@code MForward}, whose components the reverse sweep
 *       decides) becomes {@code MForward(value, sweep)}, {@code sweep} being the implementation's record;
 *   <li>the implementation keeps the methods, bodies and all, and its forward records; it imports the
 *       API's gradient records.
 * </ul>
 */
public final class SplitGradients {
  private SplitGradients() {}

  /** The API class: the records and methods of {@code full}, each method calling its twin in {@code implName}. */
  public static JavaFile api(JavaFile full, String implName, List<GradientsWriter.Entry> entries) {
    TypeSpec whole = full.typeSpec();
    Map<String, TypeName> forwardValues = forwardRecords(entries);
    ClassName impl = ClassName.get(full.packageName(), implName);
    TypeSpec.Builder api = TypeSpec.classBuilder(whole.name())
        .addModifiers(whole.modifiers().toArray(Modifier[]::new))
        .addAnnotations(whole.annotations())
        .addJavadoc(whole.javadoc())
        .addJavadoc("\n<p>Its methods call {@code $L}, written one compilation round later: the class these gradients come from"
            + " infers types from this one ({@code var}), so javac reads its methods only once this class exists.\n", implName);
    for (TypeSpec nested : whole.typeSpecs()) {
      TypeName value = forwardValues.get(nested.name());
      if (value == null) {
        api.addType(nested);
        continue;
      }
      // an array result: the original (_value) and value(), a copy, as the implementation's record has them
      boolean array = value instanceof ArrayTypeName;
      String component = array ? "_value" : "value";
      TypeSpec.Builder wrapper = TypeSpec.recordBuilder(nested.name())
          .addModifiers(Modifier.PUBLIC)
          .addJavadoc(nested.javadoc())
          .addJavadoc("\n@param $L the method's result\n@param sweep what {@code $L} keeps for the reverse sweep\n",
              component, implName)
          .recordConstructor(MethodSpec.constructorBuilder()
              .addParameter(value, component)
              .addParameter(Object.class, "sweep")
              .build());
      if (array) {
        wrapper.addMethod(GradientsWriter.copyOfValue(value, "_value"));
      }
      api.addType(wrapper.build());
    }
    for (MethodSpec m : whole.methodSpecs()) {
      if (m.isConstructor()) {
        api.addMethod(m);
      } else if (m.modifiers().contains(Modifier.PUBLIC)) {
        api.addMethod(delegation(m, impl, forwardValues).build());
      }
    }
    return file(full.packageName(), api.build(), null, List.of());
  }

  /** The implementation class: {@code full}'s methods and forward records; its gradient records are the API's. */
  public static JavaFile implementation(JavaFile full, String implName, String apiName, List<GradientsWriter.Entry> entries) {
    TypeSpec whole = full.typeSpec();
    Map<String, TypeName> forwardValues = forwardRecords(entries);
    TypeSpec.Builder impl = TypeSpec.classBuilder(implName)
        .addModifiers(Modifier.FINAL)
        .addAnnotations(whole.annotations())
        .addJavadoc("The gradients behind {@link $L}, which calls these methods; written by Adjoint's annotation processor.\n"
            + "\n<p>Do not edit: regenerated on every build.\n", apiName);
    List<String> records = new ArrayList<>();
    for (TypeSpec nested : whole.typeSpecs()) {
      if (forwardValues.containsKey(nested.name())) {
        impl.addType(nested);
      } else {
        records.add(nested.name());
      }
    }
    impl.addMethods(whole.methodSpecs());
    return file(full.packageName(), impl.build(), ClassName.get(full.packageName(), apiName), records);
  }

  /**
   * m, calling its twin in the implementation: a forward sweep's record is wrapped with its value, and a
   * reverse sweep (first parameter {@code Object _forward}) unwraps it.
   */
  private static MethodSpec.Builder delegation(MethodSpec m, ClassName impl, Map<String, TypeName> forwardValues) {
    MethodSpec.Builder out = signature(m);
    List<String> args = new ArrayList<>();
    m.parameters().forEach(p -> args.add(p.name()));
    String returned = m.returnType() instanceof ClassName c ? c.simpleName() : "";
    if (forwardValues.containsKey(returned)) {
      ClassName sweep = impl.nestedClass(returned);
      return out.addStatement("$T _sweep = $T.$L($L)", sweep, impl, m.name(), String.join(", ", args))
          .addStatement("return new $T(_sweep.$L(), _sweep)", m.returnType(),
              forwardValues.get(returned) instanceof ArrayTypeName ? "_value" : "value");
    }
    if (!m.parameters().isEmpty() && m.parameters().get(0).type().equals(ClassName.OBJECT) && !returned.isEmpty()) {
      String forward = Names.forwardRecord(returned);
      if (forwardValues.containsKey(forward)) {
        args.set(0, String.format("((%s) %s).sweep()", forward, m.parameters().get(0).name()));
      }
    }
    return out.addStatement("return $T.$L($L)", impl, m.name(), String.join(", ", args));
  }

  /**
   * What users compile against, one line per member (no Javadoc, no bodies): the API written first must be
   * the one the implementation fits.
   */
  public static List<String> signatures(JavaFile api) {
    List<String> out = new ArrayList<>();
    for (TypeSpec nested : api.typeSpec().typeSpecs()) {
      out.add(withoutJavadoc(nested.toString()));
    }
    for (MethodSpec m : api.typeSpec().methodSpecs()) {
      out.add(m.modifiers() + " " + m.returnType() + " " + m.name() + "(" + m.parameters().stream()
          .map(p -> p.type().toString()).collect(Collectors.joining(", ")) + ") throws " + m.exceptions());
    }
    return out;
  }

  private static String withoutJavadoc(String source) {
    return source.replaceAll("(?s)/\\*\\*.*?\\*/\\s*", "");
  }

  /** Each forward record's name, with the type of its {@code value} (the method's result). */
  private static Map<String, TypeName> forwardRecords(List<GradientsWriter.Entry> entries) {
    Map<String, TypeName> out = new HashMap<>();
    for (GradientsWriter.Entry e : entries) {
      if (e.sweeps()) {
        out.put(Names.forwardRecord(e.recordName()), JavaEmitter.typeName(e.method().result()));
      }
    }
    return out;
  }

  private static MethodSpec.Builder signature(MethodSpec m) {
    return MethodSpec.methodBuilder(m.name())
        .addModifiers(m.modifiers())
        .addTypeVariables(m.typeVariables())
        .addAnnotations(m.annotations())
        .returns(m.returnType())
        .addParameters(m.parameters())
        .varargs(m.varargs())
        .addExceptions(m.exceptions())
        .addJavadoc(m.javadoc());
  }

  /** A file as {@link GradientsWriter} formats it; {@code records} are imported from {@code api} (static member types). */
  private static JavaFile file(String packageName, TypeSpec type, ClassName api, List<String> records) {
    JavaFile.Builder file = JavaFile.builder(packageName, type).skipJavaLangImports(true).indent("  ");
    if (!records.isEmpty()) {
      file.addStaticImport(api, records.toArray(String[]::new));
    }
    return file.build();
  }
}
