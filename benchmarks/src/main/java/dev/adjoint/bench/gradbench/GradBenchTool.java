package dev.adjoint.bench.gradbench;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Adjoint's GradBench tool: reads the eval's messages from stdin, one JSON object per line, and writes exactly one
 * JSON line per message to stdout (CONTRIBUTING.md of GradBench, "Protocol"). Logs go to stderr; nothing else is
 * printed on stdout. A line that is not JSON, an unknown module or function, and an input the module cannot read
 * are answered with {@code "success": false} and an {@code "error"}, and the tool reads on; it exits with 0 at the
 * end of its input.
 *
 * <pre>
 * java --add-modules=jdk.incubator.vector -cp benchmarks/target/benchmarks.jar \
 *     dev.adjoint.bench.gradbench.GradBenchTool [--warmup-runs N] [--warmup-seconds S]
 * </pre>
 */
public final class GradBenchTool {
  /** The name this tool gives in its response to {@code start}. */
  public static final String NAME = "adjoint";

  private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(-?\\d+)");

  private final Map<String, EvalModule> modules = new LinkedHashMap<>();
  private final Runs runs;
  private final ObjectMapper json;

  /** A tool answering {@code modules}, warming each evaluation up as {@code runs} says. */
  GradBenchTool(Iterable<EvalModule> modules, Runs runs) {
    for (EvalModule m : modules) {
      this.modules.put(m.name(), m);
    }
    this.runs = runs;
    this.json = JsonMapper.builder().build();
    // GradBench's largest messages (ba, gmm inputs) are tens of MB on one line: lift the default caps.
    this.json.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
        .maxStringLength(Integer.MAX_VALUE).maxDocumentLength(-1).maxNestingDepth(64).build());
  }

  public static void main(String[] args) throws IOException {
    int warmupRuns = 3;
    double warmupSeconds = 1.0;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--warmup-runs" -> warmupRuns = Integer.parseInt(value(args, ++i));
        case "--warmup-seconds" -> warmupSeconds = Double.parseDouble(value(args, ++i));
        default -> {
          System.err.println("unknown option " + args[i]
              + "; usage: GradBenchTool [--warmup-runs N] [--warmup-seconds S]");
          System.exit(2);
        }
      }
    }
    // The protocol owns stdout: anything else that prints goes to stderr.
    PrintStream protocol = System.out;
    System.setOut(System.err);
    int status = new GradBenchTool(Modules.all(), new Runs(warmupRuns, warmupSeconds))
        .serve(System.in, protocol, System.err);
    protocol.flush();
    System.exit(status);
  }

  private static String value(String[] args, int i) {
    if (i >= args.length) {
      System.err.println(args[i - 1] + " needs a value");
      System.exit(2);
    }
    return args[i];
  }

  /** Answers every line of {@code in} on {@code out} until the end of the input; returns the exit status (0). */
  public int serve(InputStream in, OutputStream out, PrintStream log) throws IOException {
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    String line;
    while ((line = reader.readLine()) != null) {
      if (line.isBlank()) {
        continue;
      }
      byte[] response = respond(line, log);
      out.write(response);
      out.write('\n');
      out.flush();
    }
    return 0;
  }

  /** The one-line response to one message. */
  byte[] respond(String line, PrintStream log) throws IOException {
    JsonNode message;
    try {
      message = json.readTree(line);
    } catch (JsonProcessingException e) {
      log.println("adjoint: malformed message: " + e.getOriginalMessage());
      return failure(guessId(line), "malformed JSON message: " + e.getOriginalMessage());
    }
    if (message == null || !message.isObject()) {
      return failure(guessId(line), "a message must be a JSON object, got " + Inputs.abbreviate(message));
    }
    JsonNode id = message.get("id");
    String kind = message.path("kind").asText("");
    switch (kind) {
      case "start":
        return write(gen -> {
          writeId(gen, id);
          gen.writeStringField("tool", NAME);
          gen.writeObjectFieldStart("config");
          gen.writeStringField("java", Runtime.version().toString());
          gen.writeNumberField("warmup_runs", runs.warmupRuns());
          gen.writeNumberField("warmup_seconds", runs.warmupSeconds());
          gen.writeEndObject();
        });
      case "define": {
        String module = message.path("module").asText("");
        if (modules.containsKey(module)) {
          try {
            modules.get(module).warmUp(runs.warmupSeconds());
          } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            log.println("adjoint: warming " + module + " up failed:");
            e.printStackTrace(log);
            return failure(id, "module " + module + " failed while warming up: " + e);
          }
          return write(gen -> {
            writeId(gen, id);
            gen.writeBooleanField("success", true);
          });
        }
        return failure(id, "Adjoint's GradBench tool has no module \"" + module + "\"; it has " + modules.keySet());
      }
      case "evaluate":
        return evaluate(id, message, log);
      default:
        return write(gen -> writeId(gen, id));
    }
  }

  private byte[] evaluate(JsonNode id, JsonNode message, PrintStream log) throws IOException {
    String moduleName = message.path("module").asText("");
    String function = message.path("function").asText("");
    EvalModule module = modules.get(moduleName);
    if (module == null) {
      return failure(id, "Adjoint's GradBench tool has no module \"" + moduleName + "\"; it has " + modules.keySet());
    }
    if (!module.functions().contains(function)) {
      return failure(id, "module " + moduleName + " has no function \"" + function + "\"; it has "
          + module.functions());
    }
    JsonNode input = message.get("input");
    Runs.Result result;
    try {
      EvalModule.Computation computation = module.prepare(function, input);
      int minRuns = input != null && input.has("min_runs") ? Inputs.integer(input, "min_runs") : 1;
      double minSeconds = input != null && input.has("min_seconds") ? Inputs.number(input, "min_seconds") : 0;
      result = runs.run(computation, minRuns, minSeconds);
      Outputs.requireFinite(result.output(), "output");
    } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
      log.println("adjoint: " + moduleName + "." + function + " failed:");
      e.printStackTrace(log);
      return failure(id, moduleName + "." + function + ": " + e);
    }
    Runs.Result done = result;
    return write(gen -> {
      writeId(gen, id);
      gen.writeBooleanField("success", true);
      gen.writeFieldName("output");
      json.writeValue(gen, done.output());
      gen.writeArrayFieldStart("timings");
      for (Runs.Timing t : done.timings()) {
        gen.writeStartObject();
        gen.writeStringField("name", t.name());
        gen.writeNumberField("nanoseconds", t.nanoseconds());
        gen.writeEndObject();
      }
      gen.writeEndArray();
    });
  }

  private byte[] failure(JsonNode id, String error) throws IOException {
    return write(gen -> {
      writeId(gen, id);
      gen.writeBooleanField("success", false);
      gen.writeStringField("error", error);
    });
  }

  private static JsonNode guessId(String line) {
    Matcher m = ID.matcher(line.length() > 4096 ? line.substring(0, 4096) : line);
    return m.find() ? com.fasterxml.jackson.databind.node.LongNode.valueOf(Long.parseLong(m.group(1))) : null;
  }

  private static void writeId(JsonGenerator gen, JsonNode id) throws IOException {
    gen.writeFieldName("id");
    if (id == null) {
      gen.writeNull();
    } else {
      gen.writeTree(id);
    }
  }

  private interface Body {
    void write(JsonGenerator gen) throws IOException;
  }

  /** One JSON object, built whole before anything reaches stdout, so a failure never leaves half a line. */
  private byte[] write(Body body) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
    try (JsonGenerator gen = json.getFactory().createGenerator(buffer)) {
      gen.writeStartObject();
      body.write(gen);
      gen.writeEndObject();
    }
    return buffer.toByteArray();
  }
}
