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
    Compilation c = compile(source("p.Proj", SOURCE));
    assertThat(c).succeeded();
    String code = c.generatedSourceFile("p.ProjGradients").orElseThrow().getCharContent(true).toString();
    assertTrue(code.contains("boolean _again = _fw._reversals().repeated();"), code);
    IntegrationTest.Loaded l = new IntegrationTest.Loaded(c);
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
  void aReverseSweepThatConsumesTheRecordRefusesASecondRun() throws Exception {
    Compilation c = compile(source("p.Proj", SOURCE));
    assertThat(c).succeeded();
    IntegrationTest.Loaded l = new IntegrationTest.Loaded(c);
    double[] a = {0.5, -1.25, 2.0};
    Object forward = l.call("p.ProjGradients", "runningForward", (Object) a);
    Object first = l.call("p.ProjGradients", "runningReverse", forward, new double[] {1, 0, 0});
    Object fresh = l.call("p.ProjGradients", "runningVjp", a, new double[] {1, 0, 0});
    assertArrayEquals((double[]) component(fresh, "dA"), (double[]) component(first, "dA"), 0);
    InvocationTargetException e = assertThrows(InvocationTargetException.class,
        () -> l.call("p.ProjGradients", "runningReverse", forward, new double[] {0, 1, 0}));
    assertTrue(e.getCause() instanceof IllegalStateException, String.valueOf(e.getCause()));
    assertEquals("runningReverse: this forward record was reversed already, and its reverse sweep consumes what"
        + " the forward sweep kept (saved values, arrays it restores); call runningForward again for another"
        + " seed, or runningVjp for both sweeps at once", e.getCause().getMessage());
  }
}
