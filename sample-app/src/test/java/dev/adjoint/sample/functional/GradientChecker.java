package dev.adjoint.sample.functional;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;
import dev.adjoint.sample.functional.GradientCase.Param;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Random;

/**
 * Checks the generated {@code m} and {@code mVjp} of one {@link GradientCase} against central finite
 * differences (with one Richardson step), at several seeded random points.
 *
 * <p>The generated class and methods are found by reflection from the names DESIGN.md §3 fixes
 * ({@code Foo.Bar} → {@code Foo_BarGradients}, {@code m}, {@code mVjp}, record {@code MGradient} with
 * components {@code value}, {@code d<Param>}), so a wrong name is a test failure naming what was expected.
 * Also checked: the value equals the primal, the vjp equals seed times the gradient, the generated code
 * leaves its array arguments untouched, and an array result makes {@code m} throw pointing at {@code mVjp}.
 */
final class GradientChecker {
  /** Seed for the vjp of scalar results: exactly representable so seed * gradient is exact. */
  static final double SCALAR_SEED = 1.75;

  private GradientChecker() {}

  record Tolerance(double rtol, double atolPerUnitValue) {
    static final Tolerance DOUBLE = new Tolerance(1e-6, 1e-8);
    static final Tolerance FLOAT = new Tolerance(2e-3, 2e-4);

    boolean close(double actual, double expected, double valueScale) {
      double atol = atolPerUnitValue * (1 + Math.abs(valueScale));
      return Math.abs(actual - expected) <= atol + rtol * Math.max(Math.abs(actual), Math.abs(expected));
    }
  }

  /** The primal and its generated counterparts. */
  record Resolved(Method primal, Class<?> gradients, Method grad, Method vjp, Class<?> resultType) {}

  static String gradientsClassName(Class<?> owner) {
    Deque<String> names = new ArrayDeque<>();
    for (Class<?> k = owner; k != null; k = k.getEnclosingClass()) {
      names.push(k.getSimpleName());
    }
    return owner.getPackageName() + "." + String.join("_", names) + "Gradients";
  }

  static String capitalize(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  static Resolved resolve(GradientCase c) {
    Method primal;
    try {
      primal = c.owner.getDeclaredMethod(c.method, c.paramTypes());
    } catch (NoSuchMethodException e) {
      throw new AssertionError(c + ": test case does not match a declared method", e);
    }
    primal.setAccessible(true);
    boolean instance = !Modifier.isStatic(primal.getModifiers());
    if (instance != (c.receiver != null)) {
      throw new AssertionError(c + ": give a receiver exactly for instance methods");
    }
    String gradientsName = gradientsClassName(c.owner);
    Class<?> gradients;
    try {
      gradients = Class.forName(gradientsName, true, c.owner.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new AssertionError(c + ": the processor did not generate " + gradientsName, e);
    }
    List<Class<?>> gp = new ArrayList<>();
    if (instance) {
      gp.add(c.owner);
    }
    gp.addAll(Arrays.asList(c.paramTypes()));
    Class<?> resultType = primal.getReturnType();
    Method grad = find(c, gradients, c.method, gp, false);
    List<Class<?>> vp = new ArrayList<>(gp);
    vp.add(resultType);
    Method vjp = find(c, gradients, c.method + "Vjp", vp, true);
    return new Resolved(primal, gradients, grad, vjp, resultType);
  }

  private static Method find(GradientCase c, Class<?> gradients, String name, List<Class<?>> types,
      boolean isVjp) {
    Class<?>[] t = types.toArray(Class<?>[]::new);
    try {
      return gradients.getMethod(name, t);
    } catch (NoSuchMethodException e) {
      // Overloads may get distinct generated names: accept one method named after m with these parameters.
      List<Method> candidates = new ArrayList<>();
      for (Method m : gradients.getMethods()) {
        if (m.getName().startsWith(c.method) && m.getName().endsWith("Vjp") == isVjp
            && Arrays.equals(m.getParameterTypes(), t)) {
          candidates.add(m);
        }
      }
      if (candidates.size() == 1) {
        return candidates.get(0);
      }
      StringBuilder available = new StringBuilder();
      for (Method m : gradients.getDeclaredMethods()) {
        available.append("\n  ").append(m);
      }
      throw new AssertionError(c + ": expected public static " + name + Arrays.toString(t) + " in "
          + gradients.getName() + "; it declares:" + available);
    }
  }

  static void check(GradientCase c) {
    Resolved r = resolve(c);
    List<String> failures = new ArrayList<>();
    checkApiShape(c, r, failures);
    Random rnd = new Random(c.toString().hashCode());
    for (int p = 0; p < c.points; p++) {
      Object[] args = sample(c, r, rnd);
      checkPoint(c, r, args, rnd, failures);
    }
    String report = c + ": " + failures.size() + " problem(s)\n  " + String.join("\n  ", failures);
    if (c.knownBug != null) {
      // Keeps the build green while a reported bug is open, shows it as aborted (not passed), and fails
      // as soon as the processor is fixed so the marker gets removed.
      if (failures.isEmpty()) {
        fail(c + " passes now: known bug " + c.knownBug + " is fixed; remove .knownBug(...) from the case");
      }
      Assumptions.abort("known bug " + c.knownBug + " still reproduces: " + report);
    }
    if (!failures.isEmpty()) {
      fail(report);
    }
  }

  private static void checkApiShape(GradientCase c, Resolved r, List<String> failures) {
    if (!Modifier.isPublic(r.gradients.getModifiers())) {
      failures.add(r.gradients.getName() + " is not public");
    }
    for (Method m : List.of(r.grad, r.vjp)) {
      if (!Modifier.isPublic(m.getModifiers()) || !Modifier.isStatic(m.getModifiers())) {
        failures.add(m + " is not public static");
      }
    }
    Class<?> rec = r.grad.getReturnType();
    if (!rec.isRecord()) {
      failures.add(r.grad + " does not return a record");
      return;
    }
    if (r.vjp.getReturnType() != rec) {
      failures.add("m and mVjp return different types: " + rec + " vs " + r.vjp.getReturnType());
    }
    boolean overloaded = Arrays.stream(c.owner.getDeclaredMethods()).filter(m -> m.getName().equals(c.method)).count() > 1;
    String expectedName = capitalize(c.method) + "Gradient";
    if (overloaded ? !rec.getSimpleName().startsWith(capitalize(c.method)) : !rec.getSimpleName().equals(expectedName)) {
      failures.add("record is named " + rec.getSimpleName() + ", expected " + expectedName);
    }
    if (!Modifier.isPublic(rec.getModifiers())) {
      failures.add("record " + rec.getName() + " is not public");
    }
    List<String> expected = new ArrayList<>(List.of("value"));
    List<Class<?>> expectedTypes = new ArrayList<>(List.of(r.resultType));
    for (Param p : c.params) {
      if (p.active()) {
        expected.add("d" + capitalize(p.name()));
        expectedTypes.add(p.type());
      }
    }
    RecordComponent[] comps = rec.getRecordComponents();
    List<String> actual = Arrays.stream(comps).map(RecordComponent::getName).toList();
    List<Class<?>> actualTypes = Arrays.stream(comps).map(RecordComponent::getType).toList();
    if (!actual.equals(expected)) {
      failures.add("record components " + actual + ", expected " + expected);
    } else if (!actualTypes.equals(expectedTypes)) {
      failures.add("record component types " + actualTypes + ", expected " + expectedTypes);
    }
  }

  private static void checkPoint(GradientCase c, Resolved r, Object[] args, Random rnd, List<String> failures) {
    if (!failures.isEmpty() && failures.get(0).startsWith("record")) {
      return; // the shape is wrong: component-wise checks would only repeat it
    }
    Tolerance tol = c.usesFloat(r.resultType) ? Tolerance.FLOAT : Tolerance.DOUBLE;
    String at = " at " + describe(c, args);
    Object primalOut = callPrimal(c, r, copy(args));
    boolean scalar = r.resultType == double.class || r.resultType == float.class;
    Object seed = r.resultType == float.class ? (Object) (float) SCALAR_SEED
        : scalar ? (Object) SCALAR_SEED : randomSeed(primalOut, rnd);

    Object[] vjpArgs = gradArgs(c, args, seed);
    Object[] vjpArgsBefore = deepCopyAll(vjpArgs);
    Record v = (Record) invoke(r.vjp, vjpArgs, failures, at);
    if (v == null) {
      return;
    }
    if (!Arrays.deepEquals(vjpArgs, vjpArgsBefore)) {
      failures.add(r.vjp.getName() + " modified its arguments" + at);
    }
    double jValue = scalarize(primalOut, seed);
    compareValue(r.vjp.getName(), component(v, 0), primalOut, failures, at);
    int ci = 1;
    for (int pi = 0; pi < c.params.size(); pi++) {
      Param p = c.params.get(pi);
      if (!p.active()) {
        continue;
      }
      double[] got = flatten(component(v, ci++));
      double[] fd = c.expected != null ? scaled(c.expected.apply(copy(args))[ci - 2], flatten(seed)[0])
          : finiteDifferences(c, r, args, pi, seed);
      compareGradient(r.vjp.getName() + " d" + capitalize(p.name()), got, fd, tol, jValue, failures, at);
    }

    if (scalar) {
      Object[] gArgs = gradArgs(c, args, null);
      Object[] gArgsBefore = deepCopyAll(gArgs);
      Record g = (Record) invoke(r.grad, gArgs, failures, at);
      if (g == null) {
        return;
      }
      if (!Arrays.deepEquals(gArgs, gArgsBefore)) {
        failures.add(r.grad.getName() + " modified its arguments" + at);
      }
      compareValue(r.grad.getName(), component(g, 0), primalOut, failures, at);
      for (int k = 1; k < ci; k++) {
        double[] gk = flatten(component(g, k));
        double[] vk = flatten(component(v, k));
        for (int e = 0; e < gk.length; e++) {
          // Same sweep with another seed: only rounding of the seed multiplication may differ.
          if (!Tolerance.DOUBLE.close(vk[e], SCALAR_SEED * gk[e], 0) && !tol.close(vk[e], SCALAR_SEED * gk[e], 0)) {
            failures.add(r.vjp.getName() + " component " + k + "[" + e + "] = " + vk[e] + " but seed * "
                + r.grad.getName() + " = " + SCALAR_SEED * gk[e] + at);
          }
        }
      }
    } else {
      try {
        r.grad.invoke(null, gradArgs(c, args, null));
        failures.add(r.grad.getName() + " returned for an array result; expected IllegalArgumentException" + at);
      } catch (InvocationTargetException e) {
        Throwable cause = e.getCause();
        if (!(cause instanceof IllegalArgumentException) || cause.getMessage() == null
            || !cause.getMessage().contains(c.method + "Vjp")) {
          failures.add(r.grad.getName() + " threw " + cause + " for an array result; expected an "
              + "IllegalArgumentException naming " + c.method + "Vjp");
        }
      } catch (IllegalAccessException e) {
        throw new AssertionError(e);
      }
    }
  }

  // ---- finite differences ----

  static double[] finiteDifferences(GradientCase c, Resolved r, Object[] args, int pi, Object seed) {
    Param p = c.params.get(pi);
    double[] out = new double[p.entries()];
    for (int e = 0; e < out.length; e++) {
      double x = get(args[pi], e);
      double h = p.isFloat() ? 0x1p-6 : Math.scalb(1.0, Math.getExponent(Math.max(1, Math.abs(x))) - 13);
      double d1 = central(c, r, args, pi, e, x, h, seed);
      double d2 = central(c, r, args, pi, e, x, h / 2, seed);
      out[e] = (4 * d2 - d1) / 3;
    }
    return out;
  }

  /** A central difference over the steps actually taken (a float parameter rounds x +- h). */
  private static double central(GradientCase c, Resolved r, Object[] args, int pi, int e, double x, double h,
      Object seed) {
    boolean isFloat = c.params.get(pi).isFloat();
    double up = isFloat ? (float) (x + h) : x + h;
    double down = isFloat ? (float) (x - h) : x - h;
    return (objective(c, r, args, pi, e, up, seed) - objective(c, r, args, pi, e, down, seed)) / (up - down);
  }

  private static double[] scaled(double[] v, double s) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i] * s;
    }
    return out;
  }

  /** True when one-sided differences at 1e-3 and 1e-4 agree for every active entry: no kink nearby. */
  private static boolean primalSmooth(GradientCase c, Resolved r, Object[] args) {
    for (int pi = 0; pi < c.params.size(); pi++) {
      Param p = c.params.get(pi);
      if (!p.active()) {
        continue;
      }
      for (int e = 0; e < p.entries(); e++) {
        double x = get(args[pi], e);
        double f0 = objective(c, r, args, pi, e, x, 1.0);
        double[] slopes = new double[4];
        double[] hs = {1e-3, -1e-3, 1e-4, -1e-4};
        for (int k = 0; k < 4; k++) {
          double xh = p.isFloat() ? (double) (float) (x + hs[k]) : x + hs[k];
          slopes[k] = (objective(c, r, args, pi, e, xh, 1.0) - f0) / (xh - x);
        }
        double scale = 1 + Math.abs(slopes[2]) + Math.abs(slopes[3]);
        double allowed = (p.isFloat() ? 5e-2 : 2e-2) * scale;
        for (int k = 0; k < 4; k++) {
          if (!(Math.abs(slopes[k] - slopes[(k + 1) % 4]) <= allowed)) {
            return false;
          }
        }
      }
    }
    return true;
  }

  private static double objective(GradientCase c, Resolved r, Object[] args, int pi, int e, double x, Object seed) {
    Object[] a = copy(args);
    a[pi] = with(a[pi], e, x);
    return scalarize(callPrimal(c, r, a), seed);
  }

  static double scalarize(Object out, Object seed) {
    double[] o = flatten(out);
    double[] s = flatten(seed);
    double j = 0;
    for (int i = 0; i < o.length; i++) {
      j += o[i] * s[i];
    }
    return j;
  }

  private static void compareGradient(String what, double[] got, double[] fd, Tolerance tol, double jValue,
      List<String> failures, String at) {
    if (got.length != fd.length) {
      failures.add(what + " has " + got.length + " entries, expected " + fd.length + at);
      return;
    }
    for (int e = 0; e < got.length; e++) {
      if (!tol.close(got[e], fd[e], jValue) || Double.isNaN(got[e]) != Double.isNaN(fd[e])) {
        failures.add(what + (got.length > 1 ? "[" + e + "]" : "") + " = " + got[e] + ", finite differences give "
            + fd[e] + at);
      }
    }
  }

  private static void compareValue(String what, Object value, Object primal, List<String> failures, String at) {
    double[] v = flatten(value);
    double[] p = flatten(primal);
    if (v.length != p.length) {
      failures.add(what + " value has " + v.length + " entries, primal " + p.length + at);
      return;
    }
    for (int i = 0; i < v.length; i++) {
      if (!(Math.abs(v[i] - p[i]) <= 1e-12 * Math.max(1, Math.abs(p[i])))) {
        failures.add(what + " value" + (v.length > 1 ? "[" + i + "]" : "") + " = " + v[i] + ", primal " + p[i] + at);
      }
    }
  }

  // ---- invocation ----

  private static Object callPrimal(GradientCase c, Resolved r, Object[] args) {
    try {
      return r.primal.invoke(c.receiver, args);
    } catch (InvocationTargetException e) {
      throw new AssertionError(c + ": the primal threw", e.getCause());
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
  }

  private static Object invoke(Method m, Object[] args, List<String> failures, String at) {
    try {
      return m.invoke(null, args);
    } catch (InvocationTargetException e) {
      failures.add(m.getName() + " threw " + e.getCause() + at);
      return null;
    } catch (IllegalAccessException e) {
      failures.add(m.getName() + " is not accessible: " + e);
      return null;
    }
  }

  private static Object[] gradArgs(GradientCase c, Object[] args, Object seed) {
    List<Object> a = new ArrayList<>();
    if (c.receiver != null) {
      a.add(c.receiver);
    }
    a.addAll(Arrays.asList(copy(args)));
    if (seed != null) {
      a.add(seed);
    }
    return a.toArray();
  }

  static Object component(Record rec, int i) {
    RecordComponent rc = rec.getClass().getRecordComponents()[i];
    try {
      Method acc = rc.getAccessor();
      acc.setAccessible(true);
      return acc.invoke(rec);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  // ---- sampling and array plumbing ----

  static Object[] sample(GradientCase c, Resolved r, Random rnd) {
    for (int attempt = 0; attempt < 100_000; attempt++) {
      Object[] a = new Object[c.params.size()];
      for (int i = 0; i < a.length; i++) {
        Param p = c.params.get(i);
        a[i] = switch (p.kind()) {
          case DOUBLE -> uniform(rnd, p);
          case FLOAT -> (float) uniform(rnd, p);
          case DOUBLE_ARRAY -> {
            double[] v = new double[p.rows()];
            for (int k = 0; k < v.length; k++) {
              v[k] = uniform(rnd, p);
            }
            yield v;
          }
          case FLOAT_ARRAY -> {
            float[] v = new float[p.rows()];
            for (int k = 0; k < v.length; k++) {
              v[k] = (float) uniform(rnd, p);
            }
            yield v;
          }
          case DOUBLE_MATRIX -> {
            double[][] v = new double[p.rows()][p.cols()];
            for (double[] row : v) {
              for (int k = 0; k < row.length; k++) {
                row[k] = uniform(rnd, p);
              }
            }
            yield v;
          }
          case FIXED -> p.value();
        };
      }
      if (c.valid.test(copy(a)) && (!c.smooth || primalSmooth(c, r, a))) {
        return a;
      }
    }
    throw new AssertionError(c + ": no valid sample point found; check the domain and the predicate");
  }

  private static double uniform(Random rnd, Param p) {
    return p.lo() + (p.hi() - p.lo()) * rnd.nextDouble();
  }

  private static Object randomSeed(Object out, Random rnd) {
    if (out instanceof double[] d) {
      double[] s = new double[d.length];
      for (int i = 0; i < s.length; i++) {
        s[i] = rnd.nextDouble() * 2 - 1;
      }
      return s;
    }
    if (out instanceof float[] f) {
      float[] s = new float[f.length];
      for (int i = 0; i < s.length; i++) {
        s[i] = (float) (rnd.nextDouble() * 2 - 1);
      }
      return s;
    }
    throw new AssertionError("unsupported result " + out);
  }

  static double[] flatten(Object o) {
    if (o instanceof Double d) {
      return new double[] {d};
    }
    if (o instanceof Float f) {
      return new double[] {f};
    }
    if (o instanceof double[] d) {
      return d.clone();
    }
    if (o instanceof float[] f) {
      double[] out = new double[f.length];
      for (int i = 0; i < f.length; i++) {
        out[i] = f[i];
      }
      return out;
    }
    if (o instanceof double[][] m) {
      return Arrays.stream(m).flatMapToDouble(Arrays::stream).toArray();
    }
    throw new AssertionError("cannot read " + (o == null ? "null" : o.getClass()) + " as numbers");
  }

  private static double get(Object arg, int e) {
    if (arg instanceof double[][] m) {
      int cols = m[0].length;
      return m[e / cols][e % cols];
    }
    return flatten(arg)[e];
  }

  /** A copy of {@code arg} (already a fresh copy for arrays) with entry {@code e} set to {@code x}. */
  private static Object with(Object arg, int e, double x) {
    if (arg instanceof Double) {
      return x;
    }
    if (arg instanceof Float) {
      return (float) x;
    }
    if (arg instanceof double[] d) {
      d[e] = x;
      return d;
    }
    if (arg instanceof float[] f) {
      f[e] = (float) x;
      return f;
    }
    if (arg instanceof double[][] m) {
      int cols = m[0].length;
      m[e / cols][e % cols] = x;
      return m;
    }
    throw new AssertionError("cannot perturb " + arg);
  }

  /** Deep copies of the array arguments, so no call can see another's changes. */
  static Object[] copy(Object[] args) {
    Object[] out = new Object[args.length];
    for (int i = 0; i < args.length; i++) {
      out[i] = deepCopy(args[i]);
    }
    return out;
  }

  private static Object[] deepCopyAll(Object[] args) {
    return copy(args);
  }

  private static Object deepCopy(Object o) {
    if (o instanceof double[] d) {
      return d.clone();
    }
    if (o instanceof float[] f) {
      return f.clone();
    }
    if (o instanceof int[] i) {
      return i.clone();
    }
    if (o instanceof double[][] m) {
      double[][] c = new double[m.length][];
      for (int i = 0; i < m.length; i++) {
        c[i] = m[i].clone();
      }
      return c;
    }
    return o;
  }

  static String describe(GradientCase c, Object[] args) {
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < args.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(c.params.get(i).name()).append('=');
      Object a = args[i];
      sb.append(a instanceof Object[] oa ? Arrays.deepToString(oa)
          : a instanceof double[] d ? Arrays.toString(d)
          : a instanceof float[] f ? Arrays.toString(f)
          : a instanceof int[] n ? Arrays.toString(n)
          : String.valueOf(a));
    }
    return sb.append(')').toString();
  }

  static boolean awayFrom(double v, double kink, double margin) {
    return Math.abs(v - kink) > margin;
  }
}
