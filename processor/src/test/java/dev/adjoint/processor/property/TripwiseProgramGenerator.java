package dev.adjoint.processor.property;

import dev.adjoint.processor.property.ProgramGenerator.GenMethod;
import dev.adjoint.processor.property.ProgramGenerator.Param;
import dev.adjoint.processor.property.ProgramGenerator.Program;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Writes random {@code @Differentiable static double m(double x0, double x1, double[] a)} methods shaped like a
 * loss summed over samples: a counted loop adding into sums, with trip-local scalars and arrays, a scratch array
 * of the top level filled by each trip, an inner reduction and a call, and a result linear in the sums. Each
 * method may carry one flaw that makes a value flow from one trip into the next or into the code after the loop
 * (a scratch array filled in part, under a condition, after it is read, or not at all; a local of the top level
 * written by the trips; a sum the trips read; a result that is not linear in the sums; code after the loop that
 * reads a sum or writes the scratch array). Methods without a flaw must be reversed trip by trip, methods with
 * one must not, and every gradient must match finite differences.
 *
 * <p>Deterministic for a given seed.
 */
final class TripwiseProgramGenerator {
  /** The flaws a method may carry; {@code NONE} for a method whose trips share nothing but sums. */
  enum Flaw {
    NONE, PARTIAL_FILL, CONDITIONAL_FILL, READ_BEFORE_FILL, NO_FILL, OUTER_WRITE, SUM_READ, NONLINEAR_RESULT,
    TAIL_READS_SUM, TAIL_WRITES_SCRATCH
  }

  /** A generated method and its flaw. */
  record Case(GenMethod method, Flaw flaw) {}

  private final Random rnd;
  private StringBuilder out;

  TripwiseProgramGenerator(long seed) {
    this.rnd = new Random(seed);
  }

  /** {@code count} methods for one class {@code gen.Trips} ({@link #program}); about half without a flaw. */
  List<Case> generate(int count) {
    List<Case> cases = new ArrayList<>();
    Flaw[] flaws = Flaw.values();
    for (int k = 0; k < count; k++) {
      Flaw flaw = rnd.nextBoolean() ? Flaw.NONE : flaws[1 + rnd.nextInt(flaws.length - 1)];
      String name = "m" + k;
      cases.add(new Case(new GenMethod("Trips", name,
          List.of(new Param("x0", false), new Param("x1", false), new Param("a", true)), method(name, flaw)), flaw));
    }
    return cases;
  }

  /** The class {@code gen.Trips}: a {@code @Differentiable} helper the methods call, and the methods. */
  static Program program(List<Case> cases) {
    StringBuilder body = new StringBuilder();
    body.append("  @Differentiable(jvp = true)\n  static double helper(double[] v) {\n    double s = 0;\n")
        .append("    for (int j = 0; j < v.length; j++) {\n      s += Math.exp(0.3 * v[j]);\n    }\n")
        .append("    return Math.log(s);\n  }\n\n");
    for (Case c : cases) {
      body.append(c.method().source()).append('\n');
    }
    Map<String, String> sources = new LinkedHashMap<>();
    sources.put(ProgramGenerator.PACKAGE + ".Trips", "package " + ProgramGenerator.PACKAGE
        + ";\n\nimport dev.adjoint.Differentiable;\n\nfinal class Trips {\n  private Trips() {}\n\n" + body + "}\n");
    return new Program(sources, cases.stream().map(Case::method).toList());
  }

  private String method(String name, Flaw flaw) {
    out = new StringBuilder();
    int trips = 1 + rnd.nextInt(4);
    line(1, "@Differentiable(jvp = true)");
    line(1, "static double " + name + "(double x0, double x1, double[] a) {");
    line(2, "double p = " + c() + " * Math.sin(x0 + " + c() + " * a[" + rnd.nextInt(3) + "]);");
    line(2, "double[] scratch = new double[3];");
    line(2, "double s0 = 0;");
    line(2, "double s1 = " + c() + ";");
    line(2, "for (int i = 0; i < " + trips + "; i++) {");
    if (flaw == Flaw.READ_BEFORE_FILL) {
      line(3, "s1 += 0.2 * scratch[" + rnd.nextInt(3) + "];");
    }
    String fill = "scratch[j] = Math.sin(" + c() + " * a[j] * (i + 1) + x" + rnd.nextInt(2) + ");";
    switch (flaw) {
      case PARTIAL_FILL -> loop(3, "2", fill);
      case CONDITIONAL_FILL -> {
        line(3, "if (x1 > " + c() + ") {");
        loop(4, "3", fill);
        line(3, "}");
      }
      case NO_FILL -> line(3, "scratch[i % 3] = Math.sin(" + c() + " * a[i % 3] + x0);");
      default -> loop(3, "3", fill);
    }
    line(3, "double q = 0;");
    line(3, "for (int j = 0; j < 3; j++) {");
    line(4, "q += scratch[j] * (" + c() + " + a[j]) * " + c() + ";");
    line(3, "}");
    if (rnd.nextBoolean()) {
      line(3, "double[] local = new double[2];");
      line(3, "local[0] = Math.tanh(q + " + c() + " * x1);");
      line(3, "local[1] = local[0] * local[0] + p;");
      line(3, "q = q * " + c() + " + local[1];");
    }
    if (flaw == Flaw.OUTER_WRITE) {
      line(3, "p = 0.5 * p + 0.1 * q;");
    }
    line(3, "s0 += " + c() + " * Math.sin(q + p * i);");
    if (flaw == Flaw.SUM_READ) {
      line(3, "s1 -= 0.1 * Math.tanh(s0 + q);");
    } else if (rnd.nextBoolean()) {
      line(3, "s1 -= " + c() + " * Math.cos(q * x1);");
    }
    if (rnd.nextBoolean()) {
      line(3, "s1 += " + c() + " * helper(scratch);");
    }
    if (rnd.nextInt(3) == 0) {
      // an inner loop adding into a sum
      line(3, "for (int j = 0; j < a.length; j++) {");
      line(4, "s0 += 0.1 * scratch[j] * a[j];");
      line(3, "}");
    }
    line(2, "}");
    String tail = "";
    switch (flaw) {
      case TAIL_READS_SUM -> {
        line(2, "double t = Math.sin(s0);");
        tail = " + t";
      }
      case TAIL_WRITES_SCRATCH -> {
        line(2, "scratch[1] = x0 * 2;");
        tail = " + scratch[1] * scratch[0]";
      }
      default -> {
        if (rnd.nextBoolean()) {
          line(2, "double t = Math.cos(x1) * a[0];");
          tail = " + t";
        }
      }
    }
    String result = switch (flaw == Flaw.NONLINEAR_RESULT ? 3 : rnd.nextInt(3)) {
      case 0 -> c() + " * s0 - s1 / 3";
      case 1 -> "p * s0 + s1 + Math.cos(p)";
      case 2 -> "x0 * s0 - " + c() + " * s1";
      default -> "s0 * s0 + s1";
    };
    line(2, "return " + result + tail + ";");
    line(1, "}");
    return out.toString();
  }

  private void loop(int indent, String bound, String statement) {
    line(indent, "for (int j = 0; j < " + bound + "; j++) {");
    line(indent + 1, statement);
    line(indent, "}");
  }

  private String c() {
    return String.format(Locale.ROOT, "%.2f", 0.2 + 0.8 * rnd.nextDouble());
  }

  private void line(int indent, String text) {
    out.append("  ".repeat(indent)).append(text).append('\n');
  }
}
