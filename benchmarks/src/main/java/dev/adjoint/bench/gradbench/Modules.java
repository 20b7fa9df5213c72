package dev.adjoint.bench.gradbench;

import java.util.List;

/** Every GradBench module the tool answers. */
final class Modules {
  private Modules() {}

  static List<EvalModule> all() {
    return List.of(SmallEvals.hello(), SmallEvals.lse(), SmallEvals.llsq(), SmallEvals.det(), SmallEvals.ode(),
        GmmEval.module(), BaEval.module(), LstmEval.module(),
        NestedEvals.kmeans(), NestedEvals.saddle(), NestedEvals.particle());
  }
}
