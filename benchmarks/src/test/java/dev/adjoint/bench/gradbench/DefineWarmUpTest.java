package dev.adjoint.bench.gradbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A module's warm-up runs when GradBench defines it, with the tool's warm-up seconds; a failing one is reported. */
class DefineWarmUpTest {
  private static JsonNode define(EvalModule module, double seconds) throws Exception {
    GradBenchTool tool = new GradBenchTool(List.of(module), new Runs(0, seconds));
    PrintStream log = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    byte[] response = tool.respond("{\"id\":1,\"kind\":\"define\",\"module\":\"" + module.name() + "\"}", log);
    return Harness.JSON.readTree(response);
  }

  @Test
  void theWarmUpRunsAtDefinitionWithTheToolsSeconds() throws Exception {
    double[] given = {-1};
    EvalModule module = EvalModule.warmedUpBy(SmallEvals.lse(), seconds -> given[0] = seconds);
    JsonNode response = define(module, 0.25);
    assertTrue(response.get("success").asBoolean(), response.toString());
    assertEquals(0.25, given[0], 0);
  }

  @Test
  void aFailingWarmUpAnswersTheDefinitionWithTheError() throws Exception {
    EvalModule module = EvalModule.warmedUpBy(SmallEvals.lse(), seconds -> {
      throw new IllegalStateException("no input");
    });
    JsonNode response = define(module, 0.1);
    assertFalse(response.get("success").asBoolean());
    assertTrue(response.get("error").asText().contains("no input"), response.toString());
  }

  @Test
  void gmmWarmsUpOnAFiniteSyntheticInput() throws Exception {
    GmmEval.Input input = GmmEval.synthetic(64, 5, 50, new Random(64));
    assertTrue(Double.isFinite(input.objective()));
    assertEquals(input.objective(), input.gradient().value(), 1e-9 * Math.abs(input.objective()));
    JsonNode response = define(GmmEval.module(), 0.05);
    assertTrue(response.get("success").asBoolean(), response.toString());
  }
}
