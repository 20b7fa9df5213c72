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
    Writer toEval = writer(eval.getOutputStream());
    Writer toTool = writer(tool.getOutputStream());
    try (BufferedReader fromEval = reader(eval);
        BufferedReader fromTool = reader(tool);
        Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
      String message;
      while ((message = fromEval.readLine()) != null) {
        entry(out, start, "message", message);
        if (!send(toTool, message)) {
          break; // the tool has exited: its stderr (in stderrLog) says why, and the log ends here
        }
        String response = fromTool.readLine();
        if (response == null) {
          break;
        }
        entry(out, start, "response", response);
        if (!send(toEval, response)) {
          break;
        }
      }
    } finally {
      closeQuietly(toEval);
      closeQuietly(toTool);
      eval.destroy();
      tool.destroy();
      eval.waitFor(10, TimeUnit.SECONDS);
      tool.waitFor(10, TimeUnit.SECONDS);
    }
    return RunLog.read(log);
  }

  private static boolean send(Writer to, String line) {
    try {
      to.write(line);
      to.write('\n');
      to.flush();
      return true;
    } catch (IOException closed) {
      return false;
    }
  }

  /** Closing tells a process its input ended; one that already exited has nothing to be told. */
  private static void closeQuietly(Writer w) {
    try {
      w.close();
    } catch (IOException alreadyExited) {
      // the process's stderr says why it exited
    }
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
