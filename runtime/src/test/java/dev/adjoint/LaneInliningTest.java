package dev.adjoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class LaneInliningTest {
  private static final Pattern OUR_DIRECTIVE = Pattern.compile(
      "matching: \\*Gradients\\.\\*, dev/adjoint/\\*\\.\\*\\s+c1 directives:\\s+inline: (.*)");

  @Test
  void usingTheLanesInstallsOneDirectiveThatInlinesTheLaneClassesIntoOursAndGeneratedCode() throws Exception {
    Tensor x = Tensor.of(new float[] {1, 2, 3});
    assertTrue(Lanes.of(x).length() > 0); // loads the float lanes, whose initialization adds the directive
    Lanes.of(Tensor.of(new double[] {1, 2})).length();

    assertEquals(LaneInlining.State.INSTALLED, LaneInlining.ensureInstalled(), LaneInlining.refusal());
    assertEquals(LaneInlining.State.INSTALLED, LaneInlining.ensureInstalled());

    String printed = String.valueOf(LaneInlining.diagnosticCommand("compilerDirectivesPrint"));
    Matcher m = OUR_DIRECTIVE.matcher(printed);
    assertTrue(m.find(), printed);
    assertEquals("-dev/adjoint/FloatLanes.*Pass, -dev/adjoint/DoubleLanes.*Pass, -dev/adjoint/FloatLanes.rule*, "
        + "-dev/adjoint/DoubleLanes.rule*, +dev/adjoint/FloatLanes.*, +dev/adjoint/DoubleLanes.*, "
        + "+dev/adjoint/rules/FloatLaneRules.*, +dev/adjoint/rules/DoubleLaneRules.*", m.group(1).strip());
    assertFalse(m.find(), "added more than once:\n" + printed);
  }

  @Test
  void aJvmThatRefusesIsReportedNotThrown() {
    assertEquals(LaneInlining.State.UNAVAILABLE, LaneInlining.install("noSuchDiagnosticCommand"));
    assertTrue(LaneInlining.refusal().contains("noSuchDiagnosticCommand"), LaneInlining.refusal());
  }

  @Test
  void onlyFalseTurnsItOff() {
    assertTrue(LaneInlining.enabled(null));
    assertTrue(LaneInlining.enabled("true"));
    assertTrue(LaneInlining.enabled(""));
    assertFalse(LaneInlining.enabled("false"));
    assertFalse(LaneInlining.enabled(" FALSE "));
  }

  @Test
  void theNamedClassesExist() throws Exception {
    // a renamed class would leave the directive naming nothing, silently
    for (String name : new String[] {"dev.adjoint.FloatLanes", "dev.adjoint.DoubleLanes",
        "dev.adjoint.rules.FloatLaneRules", "dev.adjoint.rules.DoubleLaneRules"}) {
      Class.forName(name, false, getClass().getClassLoader());
      assertTrue(LaneInlining.DIRECTIVE.contains("\"+" + name.replace('.', '/') + ".*\""), name);
    }
    // and the loops it keeps out of their callers are the one-pass loops and their dispatch
    for (Class<?> lanes : new Class<?>[] {FloatLanes.class, DoubleLanes.class}) {
      List<String> names = Arrays.stream(lanes.getDeclaredMethods()).map(Method::getName).toList();
      assertTrue(names.contains("tanhFromResultPass") && names.contains("rule") && names.contains("ruleInto"),
          names.toString());
    }
  }
}
