package dev.adjoint.processor;

import com.google.auto.service.AutoService;
import com.palantir.javapoet.JavaFile;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import dev.adjoint.processor.codegen.GradientsWriter;
import dev.adjoint.processor.ir.IrMethod;
import dev.adjoint.processor.ir.Names;
import dev.adjoint.processor.lower.Annotations;
import dev.adjoint.processor.lower.RuleIndex;
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
    for (String name : classes) {
      if (generated.contains(name)) {
        continue;
      }
      TypeElement type = processingEnv.getElementUtils().getTypeElement(name);
      if (type == null) {
        continue;
      }
      try {
        if (generateClass(type, round.processingOver())) {
          generated.add(name);
        } else if (!round.processingOver()) {
          deferred.add(name);
        }
      } catch (RuntimeException | LinkageError e) {
        generated.add(name);
        processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, DiagnosticId.INTERNAL.prefix()
            + " Adjoint could not write the gradients of " + name + ": " + describe(e) + "; please report", type);
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
    List<ExecutableElement> methods = new ArrayList<>();
    for (ExecutableElement m : ElementFilter.methodsIn(type.getEnclosedElements())) {
      if (Annotations.has(m, Annotations.DIFFERENTIABLE)) {
        methods.add(m);
      }
    }
    if (methods.isEmpty()) {
      return true;
    }
    if (varOfUnknownGradients(type)) {
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
        continue; // javac reports the unknown symbol itself
      }
      if (outcome.method() == null) {
        continue;
      }
      GradientsWriter.Entry entry = entry(type, m, outcome, index, members, diags, path);
      if (entry != null) {
        entries.add(entry);
        sinks.put(entry, diags);
        names.put(entry, type.getSimpleName() + "." + m.getSimpleName());
      }
    }
    writeGradients(type, entries, (entry, ex) -> sinks.get(entry).error(DiagnosticId.INTERNAL, null,
        "Adjoint could not differentiate " + names.get(entry) + ": " + describe(ex) + "; please report"));
    return true;
  }

  /** What the writer needs for one method (its record's name and components), or null if its names clash. */
  private GradientsWriter.Entry entry(TypeElement type, ExecutableElement m, MethodPipeline.Outcome outcome,
      int index, GeneratedMembers members, Diagnostics diags, TreePath path) {
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
    boolean sweeps = Annotations.hasSweepMethods(m, processingEnv.getTypeUtils());
    String clash = members.claim(ir, type.getQualifiedName().toString(), sweeps, signature);
    if (clash != null) {
      diags.error(DiagnosticId.UNSUPPORTED, path.getLeaf(), "the generated class would need two methods "
          + clash + ": rename one of the two @Differentiable methods");
      return null;
    }
    return new GradientsWriter.Entry(ir, components, record, outcome.adjoint(), signature, outcome.tape(), sweeps);
  }

  /** Writes {@code p.FooGradients} (unless another class's gradients already go there). */
  private void writeGradients(TypeElement type, List<GradientsWriter.Entry> entries, GradientsWriter.FailureHandler onFailure) {
    List<String> nest = new ArrayList<>();
    Element e = type;
    while (e instanceof TypeElement te) {
      nest.add(0, te.getSimpleName().toString());
      e = te.getEnclosingElement();
    }
    String pkg = e instanceof PackageElement p && !p.isUnnamed() ? p.getQualifiedName().toString() : "";
    String simple = Names.gradientsClass(nest);
    String qualified = pkg.isEmpty() ? simple : pkg + "." + simple;
    String owner = gradientClasses.putIfAbsent(qualified, type.getQualifiedName().toString());
    if (owner != null && !owner.equals(type.getQualifiedName().toString())) {
      globalSink().error(DiagnosticId.UNSUPPORTED, type, "the gradients of " + type.getQualifiedName() + " would be written to "
          + qualified + ", which already holds those of " + owner + ": rename one of the two classes");
      return;
    }
    long t1 = System.nanoTime();
    JavaFile file = GradientsWriter.write(pkg, simple, type.getSimpleName().toString(), entries, onFailure);
    try {
      JavaFileObject out = processingEnv.getFiler().createSourceFile(pkg.isEmpty() ? simple : pkg + "." + simple, type);
      // Rendered first, then written in one call: the Filer's writer encodes each small write on its own.
      StringBuilder text = new StringBuilder(1 << 16);
      file.writeTo(text);
      try (Writer w = out.openWriter()) {
        w.append(text);
      }
      kept.generated(qualified, text, type);
    } catch (IOException ex) {
      processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, DiagnosticId.INTERNAL.prefix()
          + " Adjoint could not write " + simple + ": " + ex.getMessage(), type);
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

  /**
   * javac (17 and 25) crashes when a processor attributes a class in which a {@code var} local is
   * initialised from a class that does not exist yet (a Gradients class written in this round):
   * reading the @Differentiable methods' types attributes the whole top-level class. Such a class
   * gets an error on the {@code var} instead, before anything is attributed.
   */
  private boolean varOfUnknownGradients(TypeElement type) {
    Element top = type;
    while (top.getEnclosingElement() instanceof TypeElement outer) {
      top = outer;
    }
    TreePath path = trees.getPath(top);
    if (path == null) {
      return false;
    }
    String pkg = processingEnv.getElementUtils().getPackageOf(top).getQualifiedName().toString();
    boolean[] found = {false};
    com.sun.source.tree.CompilationUnitTree unit = path.getCompilationUnit();
    new com.sun.source.util.TreeScanner<Void, Void>() {
      @Override
      public Void visitVariable(com.sun.source.tree.VariableTree v, Void p) {
        if (v.getType() == null && v.getInitializer() != null) {
          String missing = unknownGradients(v.getInitializer(), pkg);
          if (missing != null) {
            found[0] = true;
            trees.printMessage(Diagnostic.Kind.ERROR, DiagnosticId.UNSUPPORTED.prefix() + " `var " + v.getName()
                + "` is initialised from " + missing + ", which Adjoint writes during this compilation; javac cannot infer a"
                + " `var` from it in a class that also has @Differentiable methods: write the type instead, e.g. "
                + missing + "." + recordNameOf(v.getInitializer()) + " " + v.getName() + " = ...", v, unit);
          }
        }
        return super.visitVariable(v, p);
      }
    }.scan(path.getLeaf(), null);
    return found[0];
  }

  /** {@code FooGradients.f(x)} or {@code fVjp(x, s)} gives {@code FGradient} (an overload's record is F2Gradient ...). */
  private static String recordNameOf(com.sun.source.tree.ExpressionTree init) {
    if (init instanceof com.sun.source.tree.MethodInvocationTree call
        && call.getMethodSelect() instanceof com.sun.source.tree.MemberSelectTree select) {
      String name = select.getIdentifier().toString();
      if (name.endsWith("Vjp") && name.length() > 3) {
        name = name.substring(0, name.length() - 3);
      }
      return Names.record(name, 1);
    }
    return "FGradient";
  }

  private String unknownGradients(com.sun.source.tree.Tree tree, String pkg) {
    String[] missing = {null};
    new com.sun.source.util.TreeScanner<Void, Void>() {
      @Override
      public Void visitIdentifier(com.sun.source.tree.IdentifierTree id, Void p) {
        String name = id.getName().toString();
        if (name.endsWith("Gradients") && missing[0] == null
            && processingEnv.getElementUtils().getTypeElement(pkg.isEmpty() ? name : pkg + "." + name) == null) {
          missing[0] = name;
        }
        return null;
      }
    }.scan(tree, null);
    return missing[0];
  }

  private static final java.util.regex.Pattern PACKAGE_PREFIX = java.util.regex.Pattern.compile("\\b(?:[a-z_][\\w$]*\\.)+(?=[A-Z])");

  /** {@code java.util.List<dev.adjoint.Tensor>} as {@code List<Tensor>}: signatures in Javadoc read like the source. */
  static String withoutPackages(String type) {
    return PACKAGE_PREFIX.matcher(type).replaceAll("");
  }
}
