package dev.adjoint.bench.gradbench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.adjoint.bench.gradbench.evals.KMeans;
import dev.adjoint.bench.gradbench.evals.KMeansNewton;
import dev.adjoint.bench.gradbench.evals.Particle;
import dev.adjoint.bench.gradbench.evals.Saddle;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** The evals that need derivatives of derivatives or nested differentiation: kmeans, saddle and particle. */
final class NestedEvals {
  private NestedEvals() {}

  static EvalModule kmeans() {
    Map<String, Function<JsonNode, EvalModule.Computation>> table = new LinkedHashMap<>();
    table.put("cost", json -> {
      KMeansInput in = KMeansInput.of(json);
      return () -> KMeans.cost(in.points(), in.centroids(), in.n(), in.k(), in.d());
    });
    table.put("dir", json -> {
      KMeansInput in = KMeansInput.of(json);
      return EvalModule.Computation.of(() -> KMeansNewton.direction(in.points(), in.centroids(), in.n(), in.k(), in.d()),
          dir -> Inputs.unflat(dir, in.k(), in.d()));
    });
    return new FunctionTable("kmeans", table);
  }

  /** kmeans' input, row-major: {@code points[n*d]}, {@code centroids[k*d]}. */
  private record KMeansInput(double[] points, double[] centroids, int n, int k, int d) {
    static KMeansInput of(JsonNode json) {
      double[][] points = Inputs.rows(json, "points");
      double[][] centroids = Inputs.rows(json, "centroids");
      if (points.length == 0 || centroids.length == 0) {
        throw new IllegalArgumentException("\"points\" and \"centroids\" must not be empty");
      }
      int d = points[0].length;
      return new KMeansInput(Inputs.flat(points, d, "points"), Inputs.flat(centroids, d, "centroids"),
          points.length, centroids.length, d);
    }
  }

  /** The four ways of nesting the two levels: outer mode first ("fr": forward outside, reverse inside). */
  private static final Map<String, Saddle.Mode[]> MODES = Map.of(
      "ff", new Saddle.Mode[] {Saddle.Mode.FORWARD, Saddle.Mode.FORWARD},
      "fr", new Saddle.Mode[] {Saddle.Mode.FORWARD, Saddle.Mode.REVERSE},
      "rf", new Saddle.Mode[] {Saddle.Mode.REVERSE, Saddle.Mode.FORWARD},
      "rr", new Saddle.Mode[] {Saddle.Mode.REVERSE, Saddle.Mode.REVERSE});

  static EvalModule saddle() {
    Map<String, Function<JsonNode, EvalModule.Computation>> table = new LinkedHashMap<>();
    for (String name : new String[] {"ff", "fr", "rf", "rr"}) {
      Saddle.Mode[] modes = MODES.get(name);
      table.put(name, json -> {
        double[] start = Inputs.vector(json, "start");
        if (start.length != 2) {
          throw new IllegalArgumentException("\"start\" must have 2 entries, got " + start.length);
        }
        return () -> Saddle.solve(start, modes[0], modes[1]);
      });
    }
    return new FunctionTable("saddle", table);
  }

  static EvalModule particle() {
    Map<String, Function<JsonNode, EvalModule.Computation>> table = new LinkedHashMap<>();
    for (String name : new String[] {"ff", "fr", "rf", "rr"}) {
      Saddle.Mode[] modes = MODES.get(name);
      table.put(name, json -> {
        double w = Inputs.number(json, "w");
        return () -> Particle.solve(w, modes[0], modes[1]);
      });
    }
    return new FunctionTable("particle", table);
  }
}
