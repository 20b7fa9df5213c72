package dev.adjoint.bench.gradbench;

import static java.util.Map.entry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.adjoint.bench.gradbench.evals.Det;
import dev.adjoint.bench.gradbench.evals.DetGradients;
import dev.adjoint.bench.gradbench.evals.Hello;
import dev.adjoint.bench.gradbench.evals.HelloGradients;
import dev.adjoint.bench.gradbench.evals.Llsq;
import dev.adjoint.bench.gradbench.evals.LlsqGradients;
import dev.adjoint.bench.gradbench.evals.Lse;
import dev.adjoint.bench.gradbench.evals.LseGradients;
import dev.adjoint.bench.gradbench.evals.Ode;
import dev.adjoint.bench.gradbench.evals.OdeGradients;
import java.util.Map;

/**
 * The small evals, each a function of one vector: hello, lse, llsq, det and ode. Primal functions call the
 * plain-Java objective; gradients call the adjoint the annotation processor generated for it.
 */
final class SmallEvals {
  private SmallEvals() {}

  static EvalModule hello() {
    return new FunctionTable("hello", Map.ofEntries(
        entry("square", input -> {
          double x = Inputs.numberValue(input, "the input");
          return () -> Hello.square(x);
        }),
        entry("double", input -> {
          double x = Inputs.numberValue(input, "the input");
          return () -> HelloGradients.square(x).dX();
        })));
  }

  static EvalModule lse() {
    return new FunctionTable("lse", Map.ofEntries(
        entry("primal", input -> {
          double[] x = nonEmpty(Inputs.vector(input, "x"), "x");
          return () -> Lse.logsumexp(x);
        }),
        entry("gradient", input -> {
          double[] x = nonEmpty(Inputs.vector(input, "x"), "x");
          return () -> LseGradients.logsumexp(x).dX();
        })));
  }

  static EvalModule llsq() {
    return new FunctionTable("llsq", Map.ofEntries(
        entry("primal", input -> {
          double[] x = Inputs.vector(input, "x");
          int n = atLeast(Inputs.integer(input, "n"), 2, "n");
          return () -> Llsq.objective(x, n);
        }),
        entry("gradient", input -> {
          double[] x = Inputs.vector(input, "x");
          int n = atLeast(Inputs.integer(input, "n"), 2, "n");
          return () -> LlsqGradients.objective(x, n).dX();
        })));
  }

  static EvalModule det() {
    return new FunctionTable("det", Map.ofEntries(
        entry("primal", input -> {
          double[] a = Inputs.vector(input, "A");
          int ell = edge(a, Inputs.integer(input, "ell"));
          return () -> Det.determinant(a, ell);
        }),
        entry("gradient", input -> {
          double[] a = Inputs.vector(input, "A");
          int ell = edge(a, Inputs.integer(input, "ell"));
          return () -> DetGradients.determinant(a, ell).dA();
        })));
  }

  static EvalModule ode() {
    return new FunctionTable("ode", Map.ofEntries(
        entry("primal", input -> {
          double[] x = nonEmpty(Inputs.vector(input, "x"), "x");
          int s = atLeast(Inputs.integer(input, "s"), 1, "s");
          return () -> Ode.solve(x, s);
        }),
        entry("gradient", input -> {
          double[] x = nonEmpty(Inputs.vector(input, "x"), "x");
          int s = atLeast(Inputs.integer(input, "s"), 1, "s");
          // The gradient of the last output: a vector-Jacobian product with the last unit vector.
          double[] last = new double[x.length];
          last[x.length - 1] = 1;
          return () -> OdeGradients.solveVjp(x, s, last).dX();
        })));
  }

  private static double[] nonEmpty(double[] v, String name) {
    if (v.length == 0) {
      throw new IllegalArgumentException("\"" + name + "\" must not be empty");
    }
    return v;
  }

  private static int atLeast(int v, int min, String name) {
    if (v < min) {
      throw new IllegalArgumentException("\"" + name + "\" must be at least " + min + ", got " + v);
    }
    return v;
  }

  private static int edge(double[] a, int ell) {
    if (ell < 1 || a.length != ell * ell) {
      throw new IllegalArgumentException("\"A\" has " + a.length + " entries but \"ell\" is " + ell
          + ": A must be ell * ell, row-major");
    }
    return ell;
  }
}
