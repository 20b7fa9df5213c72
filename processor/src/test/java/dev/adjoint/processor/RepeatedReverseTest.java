package dev.adjoint.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.adjoint.processor.Sources.compile;
import static dev.adjoint.processor.Sources.source;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code mReverse} run more than once on one {@code mForward} record, as a Jacobian does one output
 * direction at a time: the same numbers as separate {@code mVjp} calls when the reverse sweep leaves the
 * record as it was, an error naming the methods when it consumes what the forward sweep kept.
 */
class RepeatedReverseTest {
  private static final String[] SOURCE = {
      "package p;",
      "import dev.adjoint.Differentiable;",
      "public class Proj {",
      "  @Differentiable static double[] scale(double[] a, double s) {",
      "    double[] out = new double[a.length];",
      "    for (int i = 0; i < a.length; i++) {",
      "      out[i] = a[i] * a[i] * s;",
      "    }",
      "    return out;",
      "  }",
      "  @Differentiable static double[] project(double[] a, double s) {",
      "    double[] scaled = scale(a, s);",
      "    double[] out = new double[2];",
      "    out[0] = scaled[0] + scaled[1] * s;",
      "    out[1] = scaled[0] * scaled[1];",
      "    return out;",
      "  }",
      "  @Differentiable static double[] aliased(double[] a, double s) {",
      "    double[] b = a;",
      "    double[] out = new double[2];",
      "    out[0] = b[0] * s + a[1];",
      "    out[1] = b[1] * b[0];",
      "    return out;",
      "  }",
      "  @Differentiable static double[] running(double[] a) {",
      "    double[] out = new double[a.length];",
      "    double acc = 0;",
      "    for (int i = 0; i < a.length; i++) {",
      "      acc = acc * Math.cos(acc) + a[i];",
      "      out[i] = acc;",
      "    }",
      "    return out;",
      "  }",
      "}"};

  private static Compilation compilation;
  /** The compiled classes of {@link #SOURCE}, loaded once for every test. */
  private static IntegrationTest.Loaded l;

  @BeforeAll
  static void compileOnce() throws Exception {
    compilation = compile(source("p.Proj", SOURCE));
    assertThat(compilation).succeeded();
    l = new IntegrationTest.Loaded(compilation);
  }

  private static Object component(Object record, String name) throws Exception {
    for (RecordComponent c : record.getClass().getRecordComponents()) {
      if (c.getName().equals(name)) {
        return c.getAccessor().invoke(record);
      }
    }
    throw new IllegalArgumentException(name);
  }

  @Test
  void aReverseSweepThatLeavesTheRecordAloneRunsAgainWithTheSameNumbers() throws Exception {
    String code = compilation.generatedSourceFile("p.ProjGradients").orElseThrow().getCharContent(true).toString();
    // the local adjoint arrays are the reverse sweep's own: each reverse allocates them, the record keeps none
    for (String record : new String[] {"ScaleForward(", "ProjectForward("}) {
      int at = code.indexOf("public record " + record);
      assertTrue(at >= 0 && !code.substring(at, code.indexOf('{', at)).contains("_d_"), code);
    }
    assertTrue(code.contains("double[] _d_scaled = new double[scaled.length];"), code);
    double[] a = {0.5, -1.25, 2.0};
    double s = 1.5;
    for (String method : new String[] {"scale", "project"}) {
      int outputs = method.equals("scale") ? a.length : 2;
      Object forward = l.call("p.ProjGradients", method + "Forward", a, s);
      for (int row = 0; row < outputs; row++) {
        double[] seed = new double[outputs];
        seed[row] = 1;
        Object again = l.call("p.ProjGradients", method + "Reverse", forward, seed.clone());
        Object fresh = l.call("p.ProjGradients", method + "Vjp", a, s, seed.clone());
        assertArrayEquals((double[]) component(fresh, "dA"), (double[]) component(again, "dA"), 0,
            method + " row " + row);
        assertEquals((double) component(fresh, "dS"), (double) component(again, "dS"), 0, method + " row " + row);
      }
    }
  }

  @Test
  void laterSweepsLeaveTheResultsOfEarlierOnesAsTheyWere() throws Exception {
    double[] a = {0.5, -1.25, 2.0};
    double s = 1.5;
    for (String method : new String[] {"scale", "project"}) {
      int outputs = method.equals("scale") ? a.length : 2;
      Object forward = l.call("p.ProjGradients", method + "Forward", a, s);
      Object[] rows = new Object[outputs];
      for (int row = 0; row < outputs; row++) {
        rows[row] = l.call("p.ProjGradients", method + "Reverse", forward, unit(outputs, row));
      }
      // no row's gradient may be an array a later sweep writes into
      for (int row = 0; row < outputs; row++) {
        Object fresh = l.call("p.ProjGradients", method + "Vjp", a, s, unit(outputs, row));
        assertArrayEquals((double[]) component(fresh, "dA"), (double[]) component(rows[row], "dA"), 0,
            method + " row " + row);
      }
    }
  }

  @Test
  void aRecordWhoseAdjointsShareStorageRefusesASecondSweep() throws Exception {
    double[] a = {0.5, -1.25, 2.0};
    // _d_b = _d_a: fresh arrays one by one would lose what the sweep adds through _d_b
    Object forward = l.call("p.ProjGradients", "aliasedForward", a, 1.5);
    Object first = l.call("p.ProjGradients", "aliasedReverse", forward, unit(2, 1));
    assertArrayEquals(new double[] {-1.25, 0.5, 0}, (double[]) component(first, "dA"), 0);
    InvocationTargetException e = assertThrows(InvocationTargetException.class,
        () -> l.call("p.ProjGradients", "aliasedReverse", forward, unit(2, 0)));
    assertTrue(e.getCause() instanceof IllegalStateException, String.valueOf(e.getCause()));
    assertTrue(e.getCause().getMessage().startsWith("aliasedReverse: this forward record was reversed already"),
        e.getCause().getMessage());
  }

  @Test
  void sweepsOnOneRecordFromTwoThreadsGiveEachTheirOwnNumbers() throws Exception {
    double[] a = {0.5, -1.25, 2.0};
    double s = 1.5;
    Object forward = l.call("p.ProjGradients", "projectForward", a, s);
    double[][] expected = new double[2][];
    for (int row = 0; row < 2; row++) {
      expected[row] = (double[]) component(l.call("p.ProjGradients", "projectVjp", a, s, unit(2, row)), "dA");
    }
    java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
    Thread[] threads = new Thread[2];
    for (int t = 0; t < threads.length; t++) {
      int row = t;
      threads[t] = new Thread(() -> {
        try {
          for (int i = 0; i < 20_000 && failure.get() == null; i++) {
            double[] dA = (double[]) component(l.call("p.ProjGradients", "projectReverse", forward, unit(2, row)), "dA");
            assertArrayEquals(expected[row], dA, 0, "row " + row + ", sweep " + i);
          }
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        }
      });
      threads[t].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    if (failure.get() != null) {
      throw new AssertionError(failure.get());
    }
  }

  private static double[] unit(int length, int at) {
    double[] seed = new double[length];
    seed[at] = 1;
    return seed;
  }

  @Test
  void aReverseSweepThatConsumesTheRecordRefusesASecondRun() throws Exception {
    double[] a = {0.5, -1.25, 2.0};
    Object forward = l.call("p.ProjGradients", "runningForward", (Object) a);
    Object first = l.call("p.ProjGradients", "runningReverse", forward, new double[] {1, 0, 0});
    Object fresh = l.call("p.ProjGradients", "runningVjp", a, new double[] {1, 0, 0});
    assertArrayEquals((double[]) component(fresh, "dA"), (double[]) component(first, "dA"), 0);
    InvocationTargetException e = assertThrows(InvocationTargetException.class,
        () -> l.call("p.ProjGradients", "runningReverse", forward, new double[] {0, 1, 0}));
    assertTrue(e.getCause() instanceof IllegalStateException, String.valueOf(e.getCause()));
    assertEquals("runningReverse: this forward record was reversed already, and its reverse sweep runs once per"
        + " record (it consumes what the forward sweep kept, such as saved values and arrays it restores, or its"
        + " adjoint arrays share storage); call runningForward again for another seed, or runningVjp for both"
        + " sweeps at once", e.getCause().getMessage());
  }
}
