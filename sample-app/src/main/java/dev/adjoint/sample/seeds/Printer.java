package dev.adjoint.sample.seeds;

import dev.adjoint.Tensor;
import java.io.PrintStream;

/** Prints an example's code line next to what it evaluates to, the way a notebook shows a cell. */
public final class Printer {
  private final PrintStream out;

  /** @param out where to print */
  public Printer(PrintStream out) {
    this.out = out;
  }

  /** A heading for a seed file. */
  public void seed(String id, String title) {
    out.println();
    out.println("== seed " + id + ": " + title);
  }

  /** A heading for one example (notebook cell) of a seed. */
  public void example(String title) {
    out.println("-- " + title);
  }

  /** {@code code = value}. */
  public void show(String code, Object value) {
    out.println("  " + code + " = " + (value instanceof Tensor t ? t.toString().replace("\n", "\n    ") : value));
  }

  /** A remark (what PyTorch prints, why a number is what it is). */
  public void note(String text) {
    out.println("  # " + text);
  }

  /** A plain line. */
  public void line(String text) {
    out.println(text);
  }
}
