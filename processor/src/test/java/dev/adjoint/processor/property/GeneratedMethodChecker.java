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

/** Checks one generated method's generated gradient against finite differences of the primal. */
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
    Class<?>[] types = m.params().stream().map(p -> p.array() ? double[].class : double.class).toArray(Class<?>[]::new);
    Method primal;
    Method grad;
    Method vjp;
    try {
      Class<?> owner = loader.loadClass(m.qualifiedClass());
      primal = owner.getDeclaredMethod(m.name(), types);
      primal.setAccessible(true);
      Class<?> gradients = loader.loadClass(m.qualifiedClass() + "Gradients");
      grad = gradients.getMethod(m.name(), types);
      Class<?>[] vtypes = Arrays.copyOf(types, types.length + 1);
      vtypes[types.length] = double.class;
      vjp = gradients.getMethod(m.name() + "Vjp", vtypes);
    } catch (ReflectiveOperationException e) {
      failures.add("generated API missing: " + e);
      return new Outcome(0, 0, failures);
    }
    int checked = 0;
    int rejected = 0;
    for (int p = 0; p < points; p++) {
      Object[] args = null;
      for (int attempt = 0; attempt < 20 && args == null; attempt++) {
        Object[] candidate = sample(m, rnd);
        if (smooth(primal, m, candidate)) {
          args = candidate;
        } else {
          rejected++;
        }
      }
      if (args == null) {
        continue;
      }
      checked++;
      checkPoint(m, primal, grad, vjp, args, failures);
    }
    return new Outcome(checked, rejected, failures);
  }

  private void checkPoint(GenMethod m, Method primal, Method grad, Method vjp, Object[] args, List<String> failures) {
    String at = " at " + describe(m, args);
    double f = call(primal, args);
    Object[] before = copy(args);
    Record g;
    Record v;
    try {
      g = (Record) grad.invoke(null, copy(args));
      Object[] vargs = Arrays.copyOf(copy(args), args.length + 1);
      vargs[args.length] = SEED;
      v = (Record) vjp.invoke(null, vargs);
      Object[] probe = copy(args);
      grad.invoke(null, probe);
      if (!Arrays.deepEquals(probe, before)) {
        failures.add("the generated gradient modified its array argument" + at);
      }
    } catch (InvocationTargetException e) {
      failures.add("generated code threw " + stackTop(e.getCause()) + at);
      return;
    } catch (IllegalAccessException e) {
      failures.add("generated code not accessible: " + e);
      return;
    }
    RecordComponent[] comps = g.getClass().getRecordComponents();
    if (comps.length != m.params().size() + 1) {
      failures.add("record has " + comps.length + " components for " + m.params().size() + " parameters");
      return;
    }
    double value = (Double) component(g, 0);
    if (!(Math.abs(value - f) <= 1e-12 * Math.max(1, Math.abs(f)))) {
      failures.add("value " + value + " but the primal gives " + f + at);
    }
    for (int pi = 0; pi < m.params().size(); pi++) {
      Param p = m.params().get(pi);
      double[] got = flatten(component(g, pi + 1));
      double[] gotV = flatten(component(v, pi + 1));
      for (int e = 0; e < got.length; e++) {
        double fd = finiteDifference(primal, args, pi, e);
        double tol = rtol * Math.max(Math.abs(fd), Math.abs(got[e])) + rtol * 1e-2 * (1 + Math.abs(f));
        String entry = "d" + Character.toUpperCase(p.name().charAt(0)) + p.name().substring(1)
            + (p.array() ? "[" + e + "]" : "");
        if (!(Math.abs(got[e] - fd) <= tol)) {
          failures.add(entry + " = " + got[e] + ", finite differences give " + fd + at);
        }
        // Float arithmetic inside the method rounds seed * adjoint differently from (adjoint) * seed.
        double vjpTol = rtol > 1e-4 ? 1e-6 : 1e-12;
        if (!(Math.abs(gotV[e] - SEED * got[e]) <= vjpTol * (1 + Math.abs(gotV[e])))) {
          failures.add(m.name() + "Vjp " + entry + " = " + gotV[e] + ", expected seed * gradient = " + SEED * got[e] + at);
        }
      }
    }
  }

  /** Central differences with one Richardson step; the primal is evaluated only. */
  static double finiteDifference(Method primal, Object[] args, int pi, int e) {
    double x = get(args[pi], e);
    double h = Math.scalb(1.0, Math.getExponent(Math.max(1, Math.abs(x))) - 13);
    double d1 = (at(primal, args, pi, e, x + h) - at(primal, args, pi, e, x - h)) / (2 * h);
    double d2 = (at(primal, args, pi, e, x + h / 2) - at(primal, args, pi, e, x - h / 2)) / h;
    return (4 * d2 - d1) / 3;
  }

  /** Rejects points near a kink or jump of the primal (a branch or max flipping within 1e-3). */
  private boolean smooth(Method primal, GenMethod m, Object[] args) {
    double f0 = call(primal, args);
    if (!Double.isFinite(f0)) {
      return false;
    }
    for (int pi = 0; pi < args.length; pi++) {
      int n = m.params().get(pi).array() ? ProgramGenerator.ARRAY_LENGTH : 1;
      for (int e = 0; e < n; e++) {
        double x = get(args[pi], e);
        double[] hs = {1e-3, -1e-3, 1e-4, -1e-4};
        double[] slopes = new double[4];
        for (int k = 0; k < 4; k++) {
          slopes[k] = (at(primal, args, pi, e, x + hs[k]) - f0) / hs[k];
        }
        double allowed = (rtol > 1e-4 ? 5e-2 : 2e-2) * (1 + Math.abs(slopes[2]) + Math.abs(slopes[3]));
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
    } else {
      a[pi] = x;
    }
    return call(primal, a);
  }

  private static double call(Method primal, Object[] args) {
    try {
      return (Double) primal.invoke(null, copy(args));
    } catch (InvocationTargetException e) {
      throw new AssertionError("the primal threw", e.getCause());
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
  }

  private static Object[] sample(GenMethod m, Random rnd) {
    Object[] a = new Object[m.params().size()];
    for (int i = 0; i < a.length; i++) {
      if (m.params().get(i).array()) {
        double[] v = new double[ProgramGenerator.ARRAY_LENGTH];
        for (int k = 0; k < v.length; k++) {
          v[k] = rnd.nextDouble() * 3 - 1.5;
        }
        a[i] = v;
      } else {
        a[i] = rnd.nextDouble() * 3 - 1.5;
      }
    }
    return a;
  }

  private static double get(Object arg, int e) {
    return arg instanceof double[] d ? d[e] : (Double) arg;
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
    return o instanceof double[] d ? d : new double[] {(Double) o};
  }

  static Object[] copy(Object[] args) {
    Object[] out = args.clone();
    for (int i = 0; i < out.length; i++) {
      if (out[i] instanceof double[] d) {
        out[i] = d.clone();
      }
    }
    return out;
  }

  static String describe(GenMethod m, Object[] args) {
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < args.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(m.params().get(i).name()).append('=');
      sb.append(args[i] instanceof double[] d ? Arrays.toString(d) : String.valueOf(args[i]));
    }
    return sb.append(')').toString();
  }

  private static String stackTop(Throwable t) {
    StackTraceElement[] st = t.getStackTrace();
    return t + (st.length > 0 ? " at " + st[0] : "");
  }
}
