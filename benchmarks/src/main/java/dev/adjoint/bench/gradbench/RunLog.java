package dev.adjoint.bench.gradbench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A GradBench session log (the JSONL that {@code gradbench run -o} writes: one line per message and per response,
 * each {@code {"elapsed": ..., "message"|"response": ...}}), read into its evaluations.
 */
record RunLog(String tool, List<Evaluation> evaluations) {

  /** One evaluate message: its function, its workload, the {@code "evaluate"} timings, and the eval's verdict. */
  record Evaluation(String function, String description, long[] evaluateNanos, boolean success, Boolean valid) {
    /** The mean of the timed runs, as GradBench's statistics take it. */
    double meanNanos() {
      long sum = 0;
      for (long t : evaluateNanos) {
        sum += t;
      }
      return evaluateNanos.length == 0 ? Double.NaN : (double) sum / evaluateNanos.length;
    }
  }

  static RunLog read(Path file) throws IOException {
    ObjectMapper json = new ObjectMapper();
    Map<Long, JsonNode> messages = new HashMap<>();
    Map<Long, Evaluation> byId = new LinkedHashMap<>();
    String tool = "?";
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode entry = json.readTree(line);
        if (entry.has("message")) {
          JsonNode m = entry.get("message");
          long id = m.path("id").asLong();
          if ("analysis".equals(m.path("kind").asText())) {
            long of = m.path("of").asLong();
            Evaluation e = byId.get(of);
            if (e != null) {
              byId.put(of, new Evaluation(e.function(), e.description(), e.evaluateNanos(), e.success(),
                  m.path("valid").asBoolean()));
            }
          } else if ("evaluate".equals(m.path("kind").asText())) {
            // Keep only what the report needs: inputs can be tens of MB.
            messages.put(id, json.createObjectNode().put("function", m.path("function").asText())
                .put("description", m.path("description").asText("")));
          }
        } else if (entry.has("response")) {
          JsonNode r = entry.get("response");
          long id = r.path("id").asLong();
          if (r.has("tool")) {
            tool = r.get("tool").asText();
          }
          JsonNode m = messages.remove(id);
          if (m != null) {
            List<Long> times = new ArrayList<>();
            for (JsonNode t : r.path("timings")) {
              if ("evaluate".equals(t.path("name").asText())) {
                times.add(t.path("nanoseconds").asLong());
              }
            }
            byId.put(id, new Evaluation(m.get("function").asText(), m.get("description").asText(),
                times.stream().mapToLong(Long::longValue).toArray(), r.path("success").asBoolean(), null));
          }
        }
      }
    }
    return new RunLog(tool, List.copyOf(byId.values()));
  }

  /** Every evaluation succeeded and the eval found every output valid. */
  boolean allValid() {
    return !evaluations.isEmpty()
        && evaluations.stream().allMatch(e -> e.success() && Boolean.TRUE.equals(e.valid()));
  }

  long validCount() {
    return evaluations.stream().filter(e -> e.success() && Boolean.TRUE.equals(e.valid())).count();
  }

  /** The mean time of {@code function} per workload description, in the log's order. */
  Map<String, Double> means(String function) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (Evaluation e : evaluations) {
      if (e.function().equals(function) && e.success() && e.evaluateNanos().length > 0) {
        out.put(e.description(), e.meanNanos());
      }
    }
    return out;
  }
}
