package dev.adjoint.bench.gradbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The protocol through the tool's real stdin and stdout: the tool runs as its own process. */
class ProtocolTest {

  @Test
  void answersEveryLineOnceAndExitsCleanlyAtTheEndOfInput() throws Exception {
    String[] messages = {
        "{\"id\":0,\"kind\":\"start\",\"eval\":\"lse\"}",
        "{\"id\":1,\"kind\":\"define\",\"module\":\"lse\"}",
        "{\"id\":2,\"kind\":\"define\",\"module\":\"ht\"}",
        "{\"id\":3,\"kind\":\"evaluate\",\"module\":\"lse\",\"function\":\"gradient\","
            + "\"input\":{\"x\":[1.0,2.0,3.0],\"min_runs\":2,\"min_seconds\":0}}",
        "{\"id\":4,\"kind\":\"evaluate\",\"module\":\"lse\",\"function\":\"primal\",\"input\":{\"x\":[1,2",
        "{\"id\":5,\"kind\":\"analysis\",\"of\":3,\"valid\":true}",
        "{\"id\":6,\"kind\":\"evaluate\",\"module\":\"lse\",\"function\":\"hessian\",\"input\":{\"x\":[1.0]}}",
        "{\"id\":7,\"kind\":\"evaluate\",\"module\":\"lse\",\"function\":\"primal\",\"input\":{\"y\":[1.0]}}",
        "{\"id\":8,\"kind\":\"evaluate\",\"module\":\"hello\",\"function\":\"square\",\"input\":1e200}",
        "{\"id\":9,\"kind\":\"evaluate\",\"module\":\"hello\",\"function\":\"square\",\"input\":4.0}",
    };
    Process tool = new ProcessBuilder(javaCommand()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try (OutputStream in = tool.getOutputStream()) {
      for (String m : messages) {
        in.write((m + "\n").getBytes(StandardCharsets.UTF_8));
      }
    }
    List<JsonNode> responses = new ArrayList<>();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(tool.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        responses.add(Harness.JSON.readTree(line));
      }
    }
    assertTrue(tool.waitFor(60, TimeUnit.SECONDS), "the tool exits at the end of its input");
    assertEquals(0, tool.exitValue());
    assertEquals(messages.length, responses.size(), "one line per message, nothing else: " + responses);
    for (int i = 0; i < responses.size(); i++) {
      assertEquals(i, responses.get(i).get("id").asInt(), "responses in order, each with its message's id");
    }

    assertEquals("adjoint", responses.get(0).get("tool").asText());
    assertTrue(responses.get(1).get("success").asBoolean());
    assertFalse(responses.get(2).get("success").asBoolean());
    assertTrue(responses.get(2).get("error").asText().contains("ht"));

    JsonNode gradient = responses.get(3);
    assertTrue(gradient.get("success").asBoolean(), gradient.toString());
    double sum = Math.exp(1) + Math.exp(2) + Math.exp(3);
    for (int i = 0; i < 3; i++) {
      assertEquals(Math.exp(i + 1) / sum, gradient.get("output").get(i).asDouble(), 1e-12);
    }
    int evaluate = 0;
    for (JsonNode t : gradient.get("timings")) {
      assertTrue(t.get("nanoseconds").isIntegralNumber());
      if (t.get("name").asText().equals("evaluate")) {
        evaluate++;
      } else {
        assertEquals("warmup", t.get("name").asText());
      }
    }
    assertTrue(evaluate >= 2, "min_runs is honoured: " + evaluate);

    assertFalse(responses.get(4).get("success").asBoolean(), "a malformed line is answered with an error");
    assertTrue(responses.get(4).get("error").asText().contains("malformed"));
    assertEquals(1, responses.get(5).size(), "other kinds get their id back, nothing else");
    assertTrue(responses.get(6).get("error").asText().contains("hessian"));
    assertTrue(responses.get(7).get("error").asText().contains("\"x\""));
    assertFalse(responses.get(8).get("success").asBoolean(), "Infinity is not sent as JSON");
    assertEquals(16.0, responses.get(9).get("output").asDouble(), "the tool carries on after errors");
  }

  private static List<String> javaCommand() {
    List<String> command = new ArrayList<>();
    command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
      command.add("--add-modules=jdk.incubator.vector");
    }
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(GradBenchTool.class.getName());
    command.add("--warmup-runs");
    command.add("1");
    command.add("--warmup-seconds");
    command.add("0");
    return command;
  }
}
