package dev.adjoint.bench.gradbench;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What {@code gradbench run --eval E --tool T -o log} does: starts the eval and the tool, hands each of the eval's
 * lines to the tool and each answer back, and writes the same JSONL log. Both sides answer one line per line, so
 * a plain alternation suffices.
 */
final class Intermediary {
  private Intermediary() {}

  /** Runs one session; the eval's and the tool's stderr go to {@code stderrLog}. Returns the log read back. */
  static RunLog run(List<String> evalCommand, List<String> toolCommand, Path directory, Path log, Path stderrLog)
      throws IOException, InterruptedException {
    ProcessBuilder.Redirect errors = ProcessBuilder.Redirect.appendTo(stderrLog.toFile());
    Process eval = new ProcessBuilder(evalCommand).directory(directory.toFile()).redirectError(errors).start();
    Process tool = new ProcessBuilder(toolCommand).directory(directory.toFile()).redirectError(errors).start();
    long start = System.nanoTime();
    try (BufferedReader fromEval = reader(eval);
        BufferedReader fromTool = reader(tool);
        Writer toEval = writer(eval.getOutputStream());
        Writer toTool = writer(tool.getOutputStream());
        Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
      String message;
      while ((message = fromEval.readLine()) != null) {
        entry(out, start, "message", message);
        toTool.write(message);
        toTool.write('\n');
        toTool.flush();
        String response = fromTool.readLine();
        if (response == null) {
          break;
        }
        entry(out, start, "response", response);
        toEval.write(response);
        toEval.write('\n');
        toEval.flush();
      }
    } finally {
      eval.destroy();
      tool.destroy();
      eval.waitFor(10, TimeUnit.SECONDS);
      tool.waitFor(10, TimeUnit.SECONDS);
    }
    return RunLog.read(log);
  }

  private static void entry(Writer out, long start, String kind, String line) throws IOException {
    out.write("{ \"elapsed\": { \"nanoseconds\": " + (System.nanoTime() - start) + " }, \"" + kind + "\": " + line
        + " }\n");
  }

  private static BufferedReader reader(Process p) {
    return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8), 1 << 16);
  }

  private static Writer writer(java.io.OutputStream s) {
    return new BufferedWriter(new OutputStreamWriter(s, StandardCharsets.UTF_8), 1 << 16);
  }
}
