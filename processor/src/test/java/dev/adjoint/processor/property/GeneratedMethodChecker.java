package dev.adjoint.processor.property;

import dev.adjoint.processor.property.ProgramGenerator.GenMethod;
import dev.adjoint.processor.property.ProgramGenerator.Param;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Checks one generated method's generated gradient against finite differences of the primal. Works for
 * double methods (double/double[] parameters) and float methods (float/float[]), read by reflection.
 */
final class GeneratedMethodChecker {
  static final double SEED = 1.75;

  /** What happened at the sample points of one method. */
  record Outcome(int checkedPoints, int rejectedPoints, List<String> failures) {}

  private final ClassLoader loader;
  private final double rtol;

  GeneratedMethodChecker(ClassLoader loader) {
    this(loader, 1e-5);
  }

  GeneratedMethodChecker(ClassLoader loader, double rtol) {
    this.loader = loader;
    this.rtol = rtol;
  }

  Outcome check(GenMethod m, int points, Random rnd) {
    List<String> failures = new ArrayList<>();
    Method primal = null;
    Method grad = null;
    Method vjp = null;
    Method jvp = null;
    try {
      Class<?> owner = loader.loadClass(m.qualifiedClass());
      for (Method candidate : owner.getDeclaredMethods()) {
        if (candidate.getName().equals(m.name())) {
          primal = candidate;
        }
      }
      if (primal == null) {
        throw new NoSuchMethodException(m.qualifiedClass() + "." + m.name());
      }
      primal.setAccessible(true);
      Class<?>[] types = primal.getParameterTypes();
      Class<?> gradients = loader.loadClass(m.qualifiedClass() + "Gradients");
      for (Method candidate : gradients.getMethods()) {
        if (candidate.getName().equals(m.name() + "Jvp")) {
          jvp = candidate;
        }
      }
      if (!m.forwardOnly()) {
        grad = gradients.getMethod(m.name(), types);
        Class<?>[] vtypes = Arrays.copyOf(types, types.length + 1);
        vtypes[types.length] = primal.getReturnType();
        vjp = gradients.getMethod(m.name() + "Vjp", vtypes);
      } else if (jvp == null) {
        throw new NoSuchMethodException(m.qualifiedClass() + "Gradients." + m.name() + "Jvp");
      }
    } catch (ReflectiveOperationException e) {
      failures.add("generated API missing: " + e);
      return new Outcome(0, 0, failures);
    }
    int checked = 0;
    int rejected = 0;
    for (int p = 0; p < points; p++) {
      Object[] args = null;
      for (int attempt = 0; attempt < 20 && args == null; attempt++) {
        Object[] candidate = sample(primal, rnd);
        if (smooth(primal, candidate)) {
          args = candidate;
        } else {
          rejected++;
        }
      }
      if (args == null) {
        continue;
      }
      checked++;
      if (m.forwardOnly()) {
        checkTangentByDifferences(m, primal, jvp, args, rnd, failures);
        continue;
      }
      double[][] gradient = checkPoint(m, primal, grad, vjp, args, failures);
      if (jvp != null && gradient != null) {
        checkTangent(m, primal, jvp, args, gradient, rnd, failures);
      }
    }
    return new Outcome(checked, rejected, failures);
  }

  private static boolean isFloat(Method primal) {
    return primal.getReturnType() == float.class;
  }

  /**
   * Forward mode against reverse mode: mJvp's tangent along a random direction (one tangent per differentiated
   * parameter) must be the gradient's dot product with that direction, and its value the primal's.
   */
  private static void checkTangent(GenMethod m, Method primal, Method jvp, Object[] args, double[][] gradient, Random rnd,
      List<String> failures) {
    List<Object> jargs = new ArrayList<>(Arrays.asList(copy(args)));
    double expected = 0;
    double scale = 0;
    int ci = 0;
    for (Param p : m.params()) {
      if (!m.differentiated(p)) {
        continue;
      }
      double[] g = gradient[ci++];
      double[] d = new double[g.length];
      for (int e = 0; e < d.length; e++) {
        d[e] = rnd.nextDouble() * 2 - 1;
        if (isFloat(primal)) {
          d[e] = (float) d[e];
        }
        expected += g[e] * d[e];
        scale += Math.abs(g[e] * d[e]);
      }
      Object tangent;
      if (p.array()) {
        tangent = isFloat(primal) ? toFloats(d) : d;
      } else {
        tangent = isFloat(primal) ? (Object) (float) d[0] : (Object) d[0];
      }
      jargs.add(tangent);
    }
    String at = " at " + describe(m, args);
    try {
      Record t = (Record) jvp.invoke(null, jargs.toArray());
      double value = ((Number) component(t, 0)).doubleValue();
      double f = call(primal, args);
      if (!(Math.abs(value - f) <= 1e-12 * Math.max(1, Math.abs(f)))) {
        failures.add(m.name() + "Jvp value " + value + " but the primal gives " + f + at);
      }
      double tangent = ((Number) component(t, 1)).doubleValue();
      double tol = (isFloat(primal) ? 2e-3 : 1e-9) * (1 + scale);
      if (!(Math.abs(tangent - expected) <= tol)) {
        failures.add(m.name() + "Jvp tangent " + tangent + ", the gradient's product with the direction gives " + expected + at);
      }
    } catch (InvocationTargetException e) {
      failures.add(m.name() + "Jvp threw " + stackTop(e.getCause()) + at);
    } catch (IllegalAccessException e) {
      failures.add(m.name() + "Jvp not accessible: " + e);
    }
  }

  /**
   * A forward-only method ({@code vjp = false}): mJvp's tangent along a random direction against central differences
   * of the primal, entry by entry, weighted by the direction.
   */
  private void checkTangentByDifferences(GenMethod m, Method primal, Method jvp, Object[] args, Random rnd, List<String> failures) {
    List<Object> jargs = new ArrayList<>(Arrays.asList(copy(args)));
    double expected = 0;
    double scale = 0;
    for (int pi = 0; pi < m.params().size(); pi++) {
      Param p = m.params().get(pi);
      if (!m.differentiated(p)) {
        continue;
      }
      double[] d = new double[args[pi] instanceof double[] a ? a.length : 1];
      for (int e = 0; e < d.length; e++) {
        d[e] = rnd.nextDouble() * 2 - 1;
        double fd = finiteDifference(primal, args, pi, e);
        expected += fd * d[e];
        scale += Math.abs(fd * d[e]);
      }
      jargs.add(p.array() ? d : (Object) d[0]);
    }
    String at = " at " + describe(m, args);
    try {
      Record t = (Record) jvp.invoke(null, jargs.toArray());
      double f = call(primal, args);
      double value = ((Number) component(t, 0)).doubleValue();
      if (!(Math.abs(value - f) <= 1e-12 * Math.max(1, Math.abs(f)))) {
        failures.add(m.name() + "Jvp value " + value + " but the primal gives " + f + at);
      }
      double tangent = ((Number) component(t, 1)).doubleValue();
      double tol = rtol * Math.max(scale, Math.abs(tangent)) + rtol * 1e-2 * (1 + Math.abs(f));
      if (!(Math.abs(tangent - expected) <= tol)) {
        failures.add(m.name() + "Jvp tangent " + tangent + ", finite differences along the direction give " + expected + at);
      }
    } catch (InvocationTargetException e) {
      failures.add(m.name() + "Jvp threw " + stackTop(e.getCause()) + at);
    } catch (IllegalAccessException e) {
      failures.add(m.name() + "Jvp not accessible: " + e);
    }
  }

  private static float[] toFloats(double[] d) {
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      f[i] = (float) d[i];
    }
    return f;
  }

  /** Checks one point; returns the gradient (one array per differentiated parameter), or null if it failed to run. */
  private double[][] checkPoint(GenMethod m, Method primal, Method grad, Method vjp, Object[] args, List<String> failures) {
    String at = " at " + describe(m, args);
    double f = call(primal, args);
    Object[] before = copy(args);
    Record g;
    Record v;
    try {
      g = (Record) grad.invoke(null, copy(args));
      Object[] vargs = Arrays.copyOf(copy(args), args.length + 1);
      vargs[args.length] = isFloat(primal) ? (Object) (float) SEED : (Object) SEED;
      v = (Record) vjp.invoke(null, vargs);
      Object[] probe = copy(args);
      grad.invoke(null, probe);
      if (!Arrays.deepEquals(probe, before)) {
        failures.add("the generated gradient modified its array argument" + at);
      }
    } catch (InvocationTargetException e) {
      failures.add("generated code threw " + stackTop(e.getCause()) + at);
      return null;
    } catch (IllegalAccessException e) {
      failures.add("generated code not accessible: " + e);
      return null;
    }
    RecordComponent[] comps = g.getClass().getRecordComponents();
    long differentiated = m.params().stream().filter(m::differentiated).count();
    if (comps.length != differentiated + 1) {
      failures.add("record has " + comps.length + " components for " + differentiated + " differentiated parameters");
      return null;
    }
    double[][] gradient = new double[(int) differentiated][];
    double value = ((Number) component(g, 0)).doubleValue();
    if (!(Math.abs(value - f) <= 1e-12 * Math.max(1, Math.abs(f)))) {
      failures.add("value " + value + " but the primal gives " + f + at);
    }
    // Float arithmetic inside the method rounds seed * adjoint differently from (adjoint) * seed.
    double vjpTol = isFloat(primal) ? 1e-5 : rtol > 1e-4 ? 1e-6 : 1e-12;
    int ci = 0;
    for (int pi = 0; pi < m.params().size(); pi++) {
      Param p = m.params().get(pi);
      if (!m.differentiated(p)) {
        continue;
      }
      ci++;
      double[] got = flatten(component(g, ci));
      gradient[ci - 1] = got;
      double[] gotV = flatten(component(v, ci));
      for (int e = 0; e < got.length; e++) {
        double fd = finiteDifference(primal, args, pi, e);
        double tol = rtol * Math.max(Math.abs(fd), Math.abs(got[e])) + rtol * 1e-2 * (1 + Math.abs(f));
        if (isFloatArg(args[pi]) || isFloat(primal)) {
          // Float rounding makes differences of nearby values noisy: allow what two step sizes disagree by.
          tol += 2 * fdNoise(primal, args, pi, e);
        }
        String entry = "d" + Character.toUpperCase(p.name().charAt(0)) + p.name().substring(1)
            + (p.array() ? "[" + e + "]" : "");
        if (!(Math.abs(got[e] - fd) <= tol)) {
          failures.add(entry + " = " + got[e] + ", finite differences give " + fd + at);
        }
        if (!(Math.abs(gotV[e] - SEED * got[e]) <= vjpTol * (1 + Math.abs(gotV[e])))) {
          failures.add(m.name() + "Vjp " + entry + " = " + gotV[e] + ", expected seed * gradient = " + SEED * got[e] + at);
        }
      }
    }
    return gradient;
  }

  /** Central differences over the steps actually taken, with one Richardson step; the primal only. */
  static double finiteDifference(Method primal, Object[] args, int pi, int e) {
    double x = get(args[pi], e);
    boolean f = isFloatArg(args[pi]);
    double h = f ? 0x1p-9 : Math.scalb(1.0, Math.getExponent(Math.max(1, Math.abs(x))) - 13);
    double d1 = central(primal, args, pi, e, x, h, f);
    double d2 = central(primal, args, pi, e, x, h / 2, f);
    return (4 * d2 - d1) / 3;
  }

  /** How much central differences at two step sizes disagree: a measure of rounding noise. */
  private static double fdNoise(Method primal, Object[] args, int pi, int e) {
    double x = get(args[pi], e);
    boolean f = isFloatArg(args[pi]);
    double h = f ? 0x1p-9 : Math.scalb(1.0, Math.getExponent(Math.max(1, Math.abs(x))) - 13);
    return Math.abs(central(primal, args, pi, e, x, h, f) - central(primal, args, pi, e, x, h / 2, f));
  }

  private static double central(Method primal, Object[] args, int pi, int e, double x, double h, boolean isFloat) {
    double up = isFloat ? (float) (x + h) : x + h;
    double down = isFloat ? (float) (x - h) : x - h;
    return (at(primal, args, pi, e, up) - at(primal, args, pi, e, down)) / (up - down);
  }

  /** Rejects points near a kink or jump of the primal (a branch or max flipping close by). */
  private boolean smooth(Method primal, Object[] args) {
    double f0 = call(primal, args);
    if (!Double.isFinite(f0)) {
      return false;
    }
    for (int pi = 0; pi < args.length; pi++) {
      boolean isFloat = isFloatArg(args[pi]);
      int n = args[pi] instanceof double[] d ? d.length : args[pi] instanceof float[] fl ? fl.length : 1;
      for (int e = 0; e < n; e++) {
        double x = get(args[pi], e);
        double[] hs = isFloat ? new double[] {0x1p-7, -0x1p-7, 0x1p-9, -0x1p-9} : new double[] {1e-3, -1e-3, 1e-4, -1e-4};
        double[] slopes = new double[4];
        for (int k = 0; k < 4; k++) {
          double xh = isFloat ? (float) (x + hs[k]) : x + hs[k];
          slopes[k] = (at(primal, args, pi, e, xh) - f0) / (xh - x);
        }
        // For float arguments the absolute part is small: a jump of 1e-5 in a float result must still count
        // (rounding noise in these slopes is ~1e-4 at most).
        double allowed = isFloat ? 5e-3 + 5e-2 * (Math.abs(slopes[2]) + Math.abs(slopes[3]))
            : (rtol > 1e-4 ? 5e-2 : 2e-2) * (1 + Math.abs(slopes[2]) + Math.abs(slopes[3]));
        for (int k = 0; k < 4; k++) {
          if (!(Math.abs(slopes[k] - slopes[(k + 1) % 4]) <= allowed)) {
            return false;
          }
        }
      }
    }
    return true;
  }

  private static double at(Method primal, Object[] args, int pi, int e, double x) {
    Object[] a = copy(args);
    if (a[pi] instanceof double[] arr) {
      arr[e] = x;
    } else if (a[pi] instanceof float[] arr) {
      arr[e] = (float) x;
    } else if (a[pi] instanceof Float) {
      a[pi] = (float) x;
    } else {
      a[pi] = x;
    }
    return call(primal, a);
  }

  private static double call(Method primal, Object[] args) {
    try {
      return ((Number) primal.invoke(null, copy(args))).doubleValue();
    } catch (InvocationTargetException e) {
      throw new AssertionError("the primal threw", e.getCause());
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
  }

  private static Object[] sample(Method primal, Random rnd) {
    Class<?>[] types = primal.getParameterTypes();
    Object[] a = new Object[types.length];
    for (int i = 0; i < a.length; i++) {
      if (types[i] == double[].class) {
        double[] v = new double[ProgramGenerator.ARRAY_LENGTH];
        for (int k = 0; k < v.length; k++) {
          v[k] = rnd.nextDouble() * 3 - 1.5;
        }
        a[i] = v;
      } else if (types[i] == float[].class) {
        float[] v = new float[ProgramGenerator.ARRAY_LENGTH];
        for (int k = 0; k < v.length; k++) {
          v[k] = (float) (rnd.nextDouble() * 3 - 1.5);
        }
        a[i] = v;
      } else if (types[i] == float.class) {
        a[i] = (float) (rnd.nextDouble() * 3 - 1.5);
      } else {
        a[i] = rnd.nextDouble() * 3 - 1.5;
      }
    }
    return a;
  }

  private static boolean isFloatArg(Object arg) {
    return arg instanceof Float || arg instanceof float[];
  }

  private static double get(Object arg, int e) {
    return arg instanceof double[] d ? d[e] : arg instanceof float[] f ? f[e] : ((Number) arg).doubleValue();
  }

  private static Object component(Record r, int i) {
    try {
      Method acc = r.getClass().getRecordComponents()[i].getAccessor();
      acc.setAccessible(true);
      return acc.invoke(r);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  private static double[] flatten(Object o) {
    if (o instanceof double[] d) {
      return d;
    }
    if (o instanceof float[] f) {
      double[] out = new double[f.length];
      for (int i = 0; i < f.length; i++) {
        out[i] = f[i];
      }
      return out;
    }
    return new double[] {((Number) o).doubleValue()};
  }

  static Object[] copy(Object[] args) {
    Object[] out = args.clone();
    for (int i = 0; i < out.length; i++) {
      if (out[i] instanceof double[] d) {
        out[i] = d.clone();
      } else if (out[i] instanceof float[] f) {
        out[i] = f.clone();
      }
    }
    return out;
  }

  static String describe(GenMethod m, Object[] args) {
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < args.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(m.params().get(i).name()).append('=');
      sb.append(args[i] instanceof double[] d ? Arrays.toString(d)
          : args[i] instanceof float[] f ? Arrays.toString(f) : String.valueOf(args[i]));
    }
    return sb.append(')').toString();
  }

  private static String stackTop(Throwable t) {
    StackTraceElement[] st = t.getStackTrace();
    return t + (st.length > 0 ? " at " + st[0] : "");
  }
}
