package dev.adjoint.bench.gradbench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.adjoint.DType;
import dev.adjoint.Tensor;
import dev.adjoint.bench.gradbench.evals.KMeans;
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
      Tensor[] pc = pointsAndCentroids(json);
      return () -> KMeans.costValue(pc[0], pc[1]);
    });
    table.put("dir", json -> {
      Tensor[] pc = pointsAndCentroids(json);
      int d = pc[1].size(1);
      int k = pc[1].size(0);
      return EvalModule.Computation.of(() -> KMeans.direction(pc[0], pc[1]),
          dir -> Inputs.unflat(dir.toDoubleArray(), k, d));
    });
    return new FunctionTable("kmeans", table);
  }

  private static Tensor[] pointsAndCentroids(JsonNode json) {
    double[][] points = Inputs.rows(json, "points");
    double[][] centroids = Inputs.rows(json, "centroids");
    if (points.length == 0 || centroids.length == 0) {
      throw new IllegalArgumentException("\"points\" and \"centroids\" must not be empty");
    }
    int d = points[0].length;
    return new Tensor[] {
        Tensor.of(DType.FLOAT64, Inputs.flat(points, d, "points"), points.length, d),
        Tensor.of(DType.FLOAT64, Inputs.flat(centroids, d, "centroids"), centroids.length, d)};
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
