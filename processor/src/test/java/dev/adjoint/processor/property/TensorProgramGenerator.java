package dev.adjoint.processor.property;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Random {@code @Differentiable} methods over tensors, with shapes kept consistent: every method is
 * {@code static Tensor mK(Tensor a, Tensor b, Tensor c, double s, int n)} with {@code a}, {@code b} of
 * shape [3, 4] and {@code c} of shape [4] (a row that broadcasts), and returns a [3, 4] tensor. Bodies
 * mix elementwise operations, broadcasting, reductions with {@code keepDim}, softmax, matmul, reshapes,
 * locals reassigned in loops over {@code n}, branches on the double {@code s}, and calls of the
 * class's earlier methods. Values stay bounded (tanh, sigmoid, divisions by {@code 1 + x^2}), so a
 * gradient can be compared with the tape's to a tight tolerance.
 */
final class TensorProgramGenerator {
  /** One generated class: its name, its methods' names, its source. */
  record TensorClass(String qualifiedName, List<String> methods, String source) {}

  private final Random rnd;

  TensorProgramGenerator(long seed) {
    this.rnd = new Random(seed);
  }

  Map<String, String> sources(List<TensorClass> classes) {
    Map<String, String> out = new LinkedHashMap<>();
    for (TensorClass c : classes) {
      out.put(c.qualifiedName(), c.source());
    }
    return out;
  }

  List<TensorClass> generate(int classes, int methodsPerClass) {
    List<TensorClass> out = new ArrayList<>();
    for (int k = 0; k < classes; k++) {
      String simple = "TensorProg" + k;
      StringBuilder src = new StringBuilder("package gen;\n\nimport dev.adjoint.Differentiable;\nimport dev.adjoint.Tensor;\n\n")
          .append("final class ").append(simple).append(" {\n");
      List<String> names = new ArrayList<>();
      for (int m = 0; m < methodsPerClass; m++) {
        String name = "m" + m;
        src.append(method(name, names));
        names.add(name);
      }
      src.append("}\n");
      out.add(new TensorClass("gen." + simple, names, src.toString()));
    }
    return out;
  }

  private String method(String name, List<String> callees) {
    List<String> locals = new ArrayList<>(List.of("a", "b"));
    StringBuilder body = new StringBuilder();
    int statements = 2 + rnd.nextInt(6);
    int next = 0;
    for (int i = 0; i < statements; i++) {
      int kind = rnd.nextInt(10);
      if (kind < 4 || locals.size() < 3) {
        String t = "t" + next++;
        body.append("    Tensor ").append(t).append(" = ").append(expr(locals, callees, 2)).append(";\n");
        locals.add(t);
      } else if (kind < 6) {
        String target = pickLocal(locals);
        body.append("    ").append(target).append(" = ").append(expr(locals, callees, 2)).append(";\n");
      } else if (kind < 8) {
        String target = pickLocal(locals);
        body.append("    for (int i = 0; i < n; i++) {\n")
            .append("      ").append(target).append(" = ").append(bounded(expr(locals, callees, 1))).append(";\n")
            .append("    }\n");
      } else {
        String target = pickLocal(locals);
        body.append("    if (s > ").append(rnd.nextBoolean() ? "0.3" : "-0.2").append(") {\n")
            .append("      ").append(target).append(" = ").append(expr(locals, callees, 1)).append(";\n")
            .append("    } else {\n")
            .append("      ").append(target).append(" = ").append(expr(locals, callees, 1)).append(";\n")
            .append("    }\n");
      }
    }
    String result = locals.get(locals.size() - 1);
    if (rnd.nextBoolean()) {
      result = result + ".add(" + pick(locals) + ".mul(0.5))";
    }
    return "  @Differentiable(wrt = {\"a\", \"b\", \"c\"})\n  static Tensor " + name
        + "(Tensor a, Tensor b, Tensor c, double s, int n) {\n" + body + "    return " + result + ";\n  }\n\n";
  }

  /** A local other than the parameters (a [3, 4] tensor the method may reassign). */
  private String pickLocal(List<String> locals) {
    return locals.get(2 + rnd.nextInt(locals.size() - 2));
  }

  private String pick(List<String> locals) {
    return locals.get(rnd.nextInt(locals.size()));
  }

  /** Keeps a value reassigned in a loop bounded whatever the number of trips. */
  private String bounded(String e) {
    return switch (rnd.nextInt(3)) {
      case 0 -> e + ".tanh()";
      case 1 -> e + ".sigmoid()";
      default -> e + ".sin()";
    };
  }

  /** A [3, 4] expression over the locals. */
  private String expr(List<String> locals, List<String> callees, int depth) {
    String x = depth == 0 || rnd.nextInt(3) == 0 ? pick(locals) : expr(locals, callees, depth - 1);
    String y = pick(locals);
    return switch (rnd.nextInt(26)) {
      case 0 -> x + ".add(" + y + ")";
      case 1 -> x + ".sub(" + y + ")";
      case 2 -> x + ".mul(" + y + ")";
      case 3 -> x + ".div(" + y + ".square().add(1.0))";
      case 4 -> x + ".add(c)";
      case 5 -> x + ".mul(c)";
      case 6 -> x + ".mul(s)";
      case 7 -> x + ".add(s)";
      case 8 -> x + ".tanh()";
      case 9 -> x + ".sigmoid()";
      case 10 -> x + ".sin().mul(" + y + ".cos())";
      case 11 -> x + ".tanh().exp()";
      case 12 -> x + ".square().add(1.0).log()";
      case 13 -> x + ".square().add(1.0).sqrt()";
      case 14 -> x + ".square().add(1.0).reciprocal()";
      case 15 -> x + ".sum(1, true).mul(" + y + ").tanh()";
      case 16 -> x + ".mean(0, true).add(" + y + ")";
      case 17 -> x + ".softmax(1)";
      case 18 -> x + ".logSoftmax(-1).mul(0.1)";
      case 19 -> x + ".matmul(" + y + ".t().matmul(" + y + ")).mul(0.1).tanh()";
      case 20 -> x + ".reshape(4, 3).t().t().reshape(3, 4)";
      case 21 -> x + ".t().matmul(" + y + ".mul(0.2)).matmul(c.reshape(4, 1)).t().mul(" + y + ".select(0, 1).unsqueeze(0)).add(" + y + ")";
      case 22 -> x + ".maximum(" + y + ").add(" + x + ".minimum(" + y + ").mul(0.5))";
      case 23 -> x + ".pow(2.0).mul(0.3).add(" + x + ".abs())";
      case 24 -> x + ".sub(" + y + ".sum(0, false))";
      default -> callees.isEmpty() ? x + ".neg()"
          : callees.get(rnd.nextInt(callees.size())) + "(" + x + ", " + y + ", c, s, n).tanh()";
    };
  }
}
