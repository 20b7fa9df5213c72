package dev.adjoint.processor;

import com.google.auto.service.AutoService;
import com.palantir.javapoet.JavaFile;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import dev.adjoint.processor.codegen.GradientsWriter;
import dev.adjoint.processor.codegen.SplitGradients;
import dev.adjoint.processor.ir.IrMethod;
import dev.adjoint.processor.ir.Names;
import dev.adjoint.processor.lower.Annotations;
import dev.adjoint.processor.lower.RuleIndex;
import dev.adjoint.processor.lower.TapeLowerer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/**
 * The entry point: for every class with {@code @Differentiable} methods, runs each method through the
 * {@link MethodPipeline} (lower, analyse, normalize, reverse), names the generated members
 * ({@link GeneratedMembers}) and writes {@code FooGradients}. Reports problems per method and goes on;
 * never lets an exception out of javac; returns false so that other processors still see the annotations.
 */
@AutoService(Processor.class)
public final class AdjointProcessor extends AbstractProcessor {
  private Trees trees;
  private RuleIndex rules;
  private MethodPipeline pipeline;
  private final Set<String> generated = new HashSet<>();
  private final Set<String> deferred = new TreeSet<>();
  private final Map<String, String> gradientClasses = new HashMap<>();
  /** Classes whose gradients' API was written from signatures alone; their implementation follows in a later round. */
  private final Map<String, SplitApi> splitApis = new HashMap<>();
  /** Every top-level class compiled from source so far ({@link UnwrittenTypes} reads their members' signatures). */
  private final Set<String> rootTypes = new LinkedHashSet<>();

  /**
   * The API of {@code FooGradients}, written before {@code Foo} could be read.
   *
   * @param signatures what users compile against, which the implementation must fit
   * @param entries the methods it was written from (signatures only)
   */
  private record SplitApi(String implName, List<String> signatures, List<GradientsWriter.Entry> entries) {}

  /** Where a class's gradients go: {@code p.FooGradients}. */
  private record GeneratedName(String pkg, String simple) {
    String qualified() {
      return pkg.isEmpty() ? simple : pkg + "." + simple;
    }
  }

  /** Reports nothing: the API is written from signatures, and the round that reads the methods reports. */
  private static final DiagnosticSink SILENT = new DiagnosticSink() {
    @Override
    public void report(DiagnosticId id, Diagnostic.Kind kind, Object site, String message) {}

    @Override
    public boolean hasErrors() {
      return false;
    }
  };
  private long nanos;
  private int methodCount;
  private long writeNanos;
  private KeptSources kept;

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    // Kept copies: javac must call the processor even when no class has the annotations any more (all stale).
    return kept != null && kept.active() ? Set.of("*") : Set.of(Annotations.DIFFERENTIABLE, Annotations.DERIVATIVE);
  }

  /** {@code -Aadjoint.timing=true} prints how long the processor took, as a note; see {@link KeptSources} for the others. */
  @Override
  public Set<String> getSupportedOptions() {
    return Set.of("adjoint.timing", KeptSources.DIR_OPTION, KeptSources.MODE_OPTION);
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public synchronized void init(ProcessingEnvironment env) {
    super.init(env);
    ProcessingEnvironment javac = unwrap(env);
    try {
      trees = Trees.instance(javac);
    } catch (RuntimeException e) {
      env.getMessager().printMessage(Diagnostic.Kind.ERROR, DiagnosticId.INTERNAL.prefix()
          + " Adjoint needs javac's compiler tree API, but this build runs annotation processors in a wrapped environment ("
          + env.getClass().getName() + ") that it could not unwrap; build with javac/Maven/Gradle directly, or report this: " + e);
    }
    rules = new RuleIndex(env.getElementUtils(), env.getTypeUtils());
    pipeline = new MethodPipeline(trees, env.getElementUtils(), env.getTypeUtils(), rules);
    kept = KeptSources.from(env);
  }

  /**
   * IntelliJ and Gradle wrap javac's ProcessingEnvironment; Trees.instance needs the original. Looks
   * for a delegate in fields (Gradle's {@code delegate}) or in a proxy's handler (IntelliJ's
   * {@code val$delegateTo}).
   */
  static ProcessingEnvironment unwrap(ProcessingEnvironment env) {
    for (int depth = 0; depth < 5; depth++) {
      if (env.getClass().getName().startsWith("com.sun.tools.javac")) {
        return env;
      }
      Object holder = Proxy.isProxyClass(env.getClass()) ? Proxy.getInvocationHandler(env) : env;
      ProcessingEnvironment inner = delegateIn(holder);
      if (inner == null || inner == env) {
        return env;
      }
      env = inner;
    }
    return env;
  }

  private static ProcessingEnvironment delegateIn(Object holder) {
    for (Class<?> c = holder.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        if (ProcessingEnvironment.class.isAssignableFrom(f.getType())
            || f.getName().equals("delegate") || f.getName().equals("val$delegateTo")) {
          try {
            f.setAccessible(true);
            Object v = f.get(holder);
            if (v instanceof ProcessingEnvironment p) {
              return p;
            }
          } catch (ReflectiveOperationException | RuntimeException e) {
            // not accessible (modules): try the next field
          }
        }
      }
    }
    return null;
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    if (trees == null) {
      return false;
    }
    long start = System.nanoTime();
    try {
      kept.sawRoots(round.getRootElements());
      processRound(round);
      if (round.processingOver()) {
        kept.finish(round.errorRaised());
      }
    } finally {
      nanos += System.nanoTime() - start;
      if (round.processingOver() && Boolean.parseBoolean(processingEnv.getOptions().get("adjoint.timing"))) {
        processingEnv.getMessager().printMessage(Diagnostic.Kind.NOTE, String.format(
            "Adjoint: %d @Differentiable methods in %.1f ms (reading javac trees %.1f ms, writing %.1f ms)",
            methodCount, nanos / 1e6, pipeline.lowerNanos() / 1e6, writeNanos / 1e6));
      }
    }
    return false;
  }

  private void processRound(RoundEnvironment round) {
    try {
      for (Element e : round.getElementsAnnotatedWith(processingEnv.getElementUtils().getTypeElement(Annotations.DERIVATIVE))) {
        if (e instanceof ExecutableElement rule) {
          rules.add(rule, globalSink());
        }
      }
    } catch (RuntimeException | LinkageError e) {
      processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, DiagnosticId.INTERNAL.prefix()
          + " Adjoint failed while reading @Derivative rules: " + describe(e) + "; please report");
    }
    Set<String> classes = new LinkedHashSet<>(deferred);
    deferred.clear();
    TypeElement differentiable = processingEnv.getElementUtils().getTypeElement(Annotations.DIFFERENTIABLE);
    if (differentiable != null) {
      for (Element e : round.getElementsAnnotatedWith(differentiable)) {
        if (e.getKind() == ElementKind.METHOD && e.getEnclosingElement() instanceof TypeElement t) {
          javax.lang.model.element.NestingKind nesting = t.getNestingKind();
          if (nesting == javax.lang.model.element.NestingKind.LOCAL || nesting == javax.lang.model.element.NestingKind.ANONYMOUS) {
            globalSink().error(DiagnosticId.UNSUPPORTED, e, "a @Differentiable method of a local or anonymous class cannot be differentiated"
                + " (its generated class could not name it): move " + e.getSimpleName() + " to a top-level or static nested class");
            continue;
          }
          classes.add(t.getQualifiedName().toString());
        }
      }
    }
    for (Element e : round.getRootElements()) {
      if (e instanceof TypeElement t) {
        rootTypes.add(t.getQualifiedName().toString());
      }
    }
    UnwrittenTypes unwritten = new UnwrittenTypes(trees, processingEnv.getElementUtils(), rootTypes);
    for (String name : classes) {
      if (generated.contains(name)) {
        continue;
      }
      TypeElement type = processingEnv.getElementUtils().getTypeElement(name);
      if (type == null) {
        continue;
      }
      try {
        String awaited = round.processingOver() ? null : unwritten.awaited(type);
        if (awaited != null) {
          // reading its methods now would break javac: the API from the signatures now, the rest in a later round
          if (splitApis.containsKey(name) || writeApi(type, awaited)) {
            deferred.add(name);
          } else {
            generated.add(name);
          }
        } else if (generateClass(type, round.processingOver())) {
          generated.add(name);
        } else if (!round.processingOver()) {
          deferred.add(name);
        }
      } catch (RuntimeException | LinkageError e) {
        generated.add(name);
        processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, DiagnosticId.INTERNAL.prefix()
            + " Adjoint could not write the gradients of " + name + ": " + describe(e) + "; please report", type);
        writeStubImplementation(type);
      }
    }
  }

  private DiagnosticSink globalSink() {
    return new Diagnostics(trees, null, null).withMessager(processingEnv.getMessager());
  }

  static String describe(Throwable e) {
    StringWriter w = new StringWriter();
    e.printStackTrace(new PrintWriter(w));
    String[] lines = w.toString().split("\n");
    return e + (lines.length > 1 ? " " + lines[1].trim() : "");
  }

  /**
   * Runs the {@link MethodPipeline} on each {@code @Differentiable} method of a class and writes the class's
   * gradients. Returns false if a method referred to something javac does not know yet (retry next round).
   */
  private boolean generateClass(TypeElement type, boolean lastRound) {
    List<ExecutableElement> methods = differentiableMethods(type);
    if (methods.isEmpty()) {
      return true;
    }
    GeneratedMembers members = new GeneratedMembers();
    List<GradientsWriter.Entry> entries = new ArrayList<>();
    Map<GradientsWriter.Entry, Diagnostics> sinks = new java.util.IdentityHashMap<>();
    Map<GradientsWriter.Entry, String> names = new java.util.IdentityHashMap<>();
    methodCount += methods.size();
    Map<Element, TreePath> methodPaths = methodPaths(type);
    for (ExecutableElement m : methods) {
      int index = members.overloadIndex(m.getSimpleName().toString());
      TreePath path = methodPaths.containsKey(m) ? methodPaths.get(m) : trees.getPath(m);
      if (path == null) {
        return true; // from a class file: nothing to generate here
      }
      Diagnostics diags = new Diagnostics(trees, path.getCompilationUnit(), path.getLeaf());
      MethodPipeline.Outcome outcome = pipeline.run(m, path, diags);
      if (outcome.notYetKnown()) {
        if (!lastRound) {
          return false;
        }
        // javac reports the unknown symbol itself; a stub keeps the callers compiling
        outcome = pipeline.signature(m);
      }
      if (outcome.method() == null) {
        continue;
      }
      GradientsWriter.Entry entry = entry(type, m, outcome, index, members, diags, path.getLeaf());
      if (entry != null) {
        entries.add(entry);
        sinks.put(entry, diags);
        names.put(entry, type.getSimpleName() + "." + m.getSimpleName());
      }
    }
    GradientsWriter.FailureHandler onFailure = (entry, ex) -> sinks.get(entry).error(DiagnosticId.INTERNAL, null,
        "Adjoint could not differentiate " + names.get(entry) + ": " + describe(ex) + "; please report");
    SplitApi split = splitApis.get(type.getQualifiedName().toString());
    if (split == null) {
      writeGradients(type, entries, onFailure);
    } else {
      writeImplementation(type, split, entries, onFailure);
    }
    return true;
  }

  private static List<ExecutableElement> differentiableMethods(TypeElement type) {
    List<ExecutableElement> methods = new ArrayList<>();
    for (ExecutableElement m : ElementFilter.methodsIn(type.getEnclosedElements())) {
      if (Annotations.has(m, Annotations.DIFFERENTIABLE)) {
        methods.add(m);
      }
    }
    return methods;
  }

  /**
   * Writes the API of {@code FooGradients} (records, and methods that call {@code FooGradientsImpl}) from the
   * signatures of Foo's methods, attributing nothing (see {@link UnwrittenTypes}; {@code awaited} names what
   * it waits for). Returns false if it cannot (reported): then nothing is generated for the class.
   */
  private boolean writeApi(TypeElement type, String awaited) {
    GeneratedName name = gradientsName(type);
    if (name == null) {
      return false;
    }
    if (name.pkg().isEmpty()) {
      globalSink().error(DiagnosticId.UNSUPPORTED, type, type.getSimpleName() + " uses " + awaited + ", and infers types (var,"
          + " or a lambda parameter without a type); in the unnamed package, the classes Adjoint then writes for "
          + type.getSimpleName() + " cannot import each other: put " + type.getSimpleName() + " in a package, or write"
          + " those types out instead of var");
      return false;
    }
    GeneratedMembers members = new GeneratedMembers();
    List<GradientsWriter.Entry> entries = new ArrayList<>();
    for (ExecutableElement m : differentiableMethods(type)) {
      int index = members.overloadIndex(m.getSimpleName().toString());
      MethodPipeline.Outcome outcome = pipeline.signature(m);
      if (outcome.method() != null) {
        GradientsWriter.Entry entry = entry(type, m, outcome, index, members, SILENT, null);
        if (entry != null) {
          entries.add(entry);
        }
      }
    }
    String impl = Names.implementationClass(name.simple());
    JavaFile api = SplitGradients.api(GradientsWriter.write(name.pkg(), name.simple(), type.getSimpleName().toString(), entries,
        (entry, ex) -> { /* stubs: their bodies are not kept */ }), impl, entries);
    writeSource(api, type);
    splitApis.put(type.getQualifiedName().toString(), new SplitApi(impl, SplitGradients.signatures(api), entries));
    return true;
  }

  /** After an internal error: stubs behind an API written earlier, so that the error is the only one. */
  private void writeStubImplementation(TypeElement type) {
    SplitApi split = splitApis.remove(type.getQualifiedName().toString());
    GeneratedName name = split == null ? null : gradientsName(type);
    if (name != null) {
      try {
        JavaFile stubs = GradientsWriter.write(name.pkg(), name.simple(), type.getSimpleName().toString(), split.entries(), (e, ex) -> {});
        writeSource(SplitGradients.implementation(stubs, split.implName(), name.simple(), split.entries()), type);
      } catch (RuntimeException | LinkageError e) {
        // the error is reported already
      }
    }
  }

  /**
   * Writes {@code FooGradientsImpl}, whose methods the API written earlier calls. Gradients that no longer fit
   * that API (the processor reading a signature differently once it reads the body) are an internal error:
   * the implementation then gets stubs, so that everything still compiles.
   */
  private void writeImplementation(TypeElement type, SplitApi split, List<GradientsWriter.Entry> entries,
      GradientsWriter.FailureHandler onFailure) {
    splitApis.remove(type.getQualifiedName().toString());
    GeneratedName name = gradientsName(type);
    if (name == null) {
      return;
    }
    JavaFile full = GradientsWriter.write(name.pkg(), name.simple(), type.getSimpleName().toString(), entries, onFailure);
    List<String> fits = SplitGradients.signatures(SplitGradients.api(full, split.implName(), entries));
    if (!fits.equals(split.signatures())) {
      List<String> differ = new ArrayList<>(fits);
      differ.removeAll(split.signatures());
      globalSink().error(DiagnosticId.INTERNAL, type, "Adjoint wrote the API of " + name.simple() + " from the signatures of "
          + type.getSimpleName() + "'s methods one round earlier, and their gradients do not fit it (" + differ + "); please report");
      entries = split.entries();
      full = GradientsWriter.write(name.pkg(), name.simple(), type.getSimpleName().toString(), entries, onFailure);
    }
    writeSource(SplitGradients.implementation(full, split.implName(), name.simple(), entries), type);
  }

  /** What the writer needs for one method (its record's name and components), or null if its names clash. */
  private GradientsWriter.Entry entry(TypeElement type, ExecutableElement m, MethodPipeline.Outcome outcome,
      int index, GeneratedMembers members, DiagnosticSink diags, com.sun.source.tree.Tree site) {
    IrMethod ir = outcome.method();
    List<String> components = new ArrayList<>();
    for (int i = 0; i < m.getParameters().size(); i++) {
      if (ir.wrt().contains(ir.params().get(i).name())) {
        components.add(m.getParameters().get(i).getSimpleName().toString());
      }
    }
    String signature = type.getSimpleName() + "." + m.getSimpleName() + "("
        + m.getParameters().stream().map(p -> withoutPackages(p.asType().toString()) + " " + p.getSimpleName())
        .collect(Collectors.joining(", ")) + ")";
    String record = members.recordName(m.getSimpleName().toString(), index);
    String sameComponent = componentClash(components, record);
    if (sameComponent != null) {
      diags.error(DiagnosticId.UNSUPPORTED, site, sameComponent);
      return null;
    }
    boolean sweeps = Annotations.hasSweepMethods(m, processingEnv.getTypeUtils());
    boolean asksJvp = Annotations.jvp(processingEnv.getElementUtils(), Annotations.find(m, Annotations.DIFFERENTIABLE));
    String clash = members.claim(ir, type.getQualifiedName().toString(), sweeps, asksJvp, signature);
    if (clash != null) {
      diags.error(DiagnosticId.UNSUPPORTED, site, "the generated class would need two methods "
          + clash + ": rename one of the two @Differentiable methods");
      return null;
    }
    boolean jvp = asksJvp && outcome.tape() == null && !TapeLowerer.usesTape(m);
    boolean reverse = !jvp || Annotations.vjp(processingEnv.getElementUtils(), Annotations.find(m, Annotations.DIFFERENTIABLE));
    return new GradientsWriter.Entry(ir, components, record, outcome.adjoint(), signature, outcome.tape(), sweeps && reverse, jvp,
        outcome.tangent(), reverse, outcome.fused());
  }

  /**
   * Null, or why two differentiated parameters cannot both have a component in the gradient record: a component
   * is {@code d} and the parameter's name capitalised, so {@code x} and {@code X} would both be {@code dX}.
   */
  static String componentClash(List<String> parameters, String record) {
    Map<String, String> byComponent = new HashMap<>();
    for (String p : parameters) {
      String component = Names.component(p);
      String other = byComponent.putIfAbsent(component, p);
      if (other != null) {
        return "parameters " + other + " and " + p + " would both be the component " + component + " of the gradient"
            + " record " + record + " (a component is d and the parameter's name capitalised): rename one of them";
      }
    }
    return null;
  }

  /** Writes {@code p.FooGradients} (unless another class's gradients already go there). */
  private void writeGradients(TypeElement type, List<GradientsWriter.Entry> entries, GradientsWriter.FailureHandler onFailure) {
    GeneratedName name = gradientsName(type);
    if (name != null) {
      writeSource(GradientsWriter.write(name.pkg(), name.simple(), type.getSimpleName().toString(), entries, onFailure), type);
    }
  }

  /** Where the gradients of {@code type} go, or null (reported) if another class's gradients already go there. */
  private GeneratedName gradientsName(TypeElement type) {
    List<String> nest = new ArrayList<>();
    Element e = type;
    while (e instanceof TypeElement te) {
      nest.add(0, te.getSimpleName().toString());
      e = te.getEnclosingElement();
    }
    String pkg = e instanceof PackageElement p && !p.isUnnamed() ? p.getQualifiedName().toString() : "";
    GeneratedName name = new GeneratedName(pkg, Names.gradientsClass(nest));
    String owner = gradientClasses.putIfAbsent(name.qualified(), type.getQualifiedName().toString());
    if (owner != null && !owner.equals(type.getQualifiedName().toString())) {
      globalSink().error(DiagnosticId.UNSUPPORTED, type, "the gradients of " + type.getQualifiedName() + " would be written to "
          + name.qualified() + ", which already holds those of " + owner + ": rename one of the two classes");
      return null;
    }
    return name;
  }

  private void writeSource(JavaFile file, TypeElement origin) {
    long t1 = System.nanoTime();
    String qualified = file.packageName().isEmpty() ? file.typeSpec().name() : file.packageName() + "." + file.typeSpec().name();
    try {
      JavaFileObject out = processingEnv.getFiler().createSourceFile(qualified, origin);
      // Rendered first, then written in one call: the Filer's writer encodes each small write on its own.
      StringBuilder text = new StringBuilder(1 << 16);
      file.writeTo(text);
      try (Writer w = out.openWriter()) {
        w.append(text);
      }
      kept.generated(qualified, text, origin);
    } catch (IOException ex) {
      processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, DiagnosticId.INTERNAL.prefix()
          + " Adjoint could not write " + qualified + ": " + ex.getMessage(), origin);
    }
    writeNanos += System.nanoTime() - t1;
  }

  /**
   * The tree paths of a class's methods, found with one search for the class: {@code Trees.getPath}
   * on each method searches the compilation unit from its root again (quadratic in the class size).
   */
  private Map<Element, TreePath> methodPaths(TypeElement type) {
    Map<Element, TreePath> paths = new java.util.IdentityHashMap<>();
    TreePath classPath = trees.getPath(type);
    if (classPath == null || !(classPath.getLeaf() instanceof com.sun.source.tree.ClassTree classTree)) {
      return paths;
    }
    for (com.sun.source.tree.Tree member : classTree.getMembers()) {
      if (member instanceof com.sun.source.tree.MethodTree) {
        TreePath path = new TreePath(classPath, member);
        Element element = trees.getElement(path);
        if (element != null) {
          paths.put(element, path);
        }
      }
    }
    return paths;
  }

  private static final java.util.regex.Pattern PACKAGE_PREFIX = java.util.regex.Pattern.compile("\\b(?:[a-z_][\\w$]*\\.)+(?=[A-Z])");

  /** {@code java.util.List<dev.adjoint.Tensor>} as {@code List<Tensor>}: signatures in Javadoc read like the source. */
  static String withoutPackages(String type) {
    return PACKAGE_PREFIX.matcher(type).replaceAll("");
  }
}
