package dev.adjoint.bench.gradbench;

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

/**
 * The small evals, each a function of one vector: hello, lse, llsq, det and ode. Primal functions call the
 * plain-Java objective; gradients call the adjoint the annotation processor generated for it.
 */
final class SmallEvals {
  private SmallEvals() {}

  static EvalModule hello() {
    return FunctionTable.primalAndDerivative("hello", "square", "double",
        json -> Inputs.numberValue(json, "the input"), Hello::square, x -> HelloGradients.square(x).dX(), g -> g);
  }

  static EvalModule lse() {
    return FunctionTable.primalAndDerivative("lse", "primal", "gradient",
        json -> nonEmpty(Inputs.vector(json, "x"), "x"), Lse::logsumexp, x -> LseGradients.logsumexp(x).dX(),
        g -> g);
  }

  record LlsqInput(double[] x, int n) {
    static LlsqInput read(JsonNode json) {
      return new LlsqInput(Inputs.vector(json, "x"), atLeast(Inputs.integer(json, "n"), 2, "n"));
    }
  }

  static EvalModule llsq() {
    return FunctionTable.primalAndDerivative("llsq", "primal", "gradient", LlsqInput::read,
        in -> Llsq.objective(in.x(), in.n()), in -> LlsqGradients.objective(in.x(), in.n()).dX(), g -> g);
  }

  record DetInput(double[] a, int ell) {
    static DetInput read(JsonNode json) {
      double[] a = Inputs.vector(json, "A");
      int ell = Inputs.integer(json, "ell");
      if (ell < 1 || a.length != ell * ell) {
        throw new IllegalArgumentException("\"A\" has " + a.length + " entries but \"ell\" is " + ell
            + ": A must be ell * ell, row-major");
      }
      return new DetInput(a, ell);
    }
  }

  static EvalModule det() {
    return FunctionTable.primalAndDerivative("det", "primal", "gradient", DetInput::read,
        in -> Det.determinant(in.a(), in.ell()), in -> DetGradients.determinant(in.a(), in.ell()).dA(), g -> g);
  }

  record OdeInput(double[] x, int s, double[] lastUnit) {
    static OdeInput read(JsonNode json) {
      double[] x = nonEmpty(Inputs.vector(json, "x"), "x");
      // The gradient of the last output: a vector-Jacobian product with the last unit vector.
      double[] last = new double[x.length];
      last[x.length - 1] = 1;
      return new OdeInput(x, atLeast(Inputs.integer(json, "s"), 1, "s"), last);
    }
  }

  static EvalModule ode() {
    return FunctionTable.primalAndDerivative("ode", "primal", "gradient", OdeInput::read,
        in -> Ode.solve(in.x(), in.s()), in -> OdeGradients.solveVjp(in.x(), in.s(), in.lastUnit()).dX(), g -> g);
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

}
