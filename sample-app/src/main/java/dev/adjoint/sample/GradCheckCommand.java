package dev.adjoint.sample;

import dev.adjoint.DType;
import dev.adjoint.GradCheck;
import dev.adjoint.Tensor;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs GradCheck (tape gradients against central differences in FLOAT64) on a few functions and
 * prints its reports, including one deliberately wrong gradient to show what a failure names.
 */
@Command(name = "gradcheck", mixinStandardHelpOptions = true,
    description = "Checks tape gradients against finite differences and prints the reports.")
final class GradCheckCommand implements Callable<Integer> {
  private final PrintStream out;

  @Option(names = "--second-order", description = "Also check second derivatives.")
  boolean secondOrder;

  GradCheckCommand(PrintStream out) {
    this.out = out;
  }

  @Override
  public Integer call() {
    Random random = new Random(5);
    Tensor x = Tensor.rand(random, 3, 4).to(DType.FLOAT64).requiresGrad(true);
    Tensor w = Tensor.randn(random, 4, 2).to(DType.FLOAT64).requiresGrad(true);
    Map<String, Function<List<Tensor>, Tensor>> functions = new LinkedHashMap<>();
    functions.put("tanh(x @ w).sum()", in -> in.get(0).matmul(in.get(1)).tanh().sum());
    functions.put("softmax(x @ w, 1)", in -> in.get(0).matmul(in.get(1)).softmax(1));
    functions.put("crossEntropy(x @ w, [0, 1, 1])",
        in -> Tensor.crossEntropy(in.get(0).matmul(in.get(1)), new int[] {0, 1, 1}));
    functions.put("(x * x.detach()).sum()  [wrong on purpose: the tape misses a factor]",
        in -> in.get(0).mul(in.get(0).detach()).sum());
    out.println("== gradcheck: x " + java.util.Arrays.toString(x.shape()) + ", w "
        + java.util.Arrays.toString(w.shape()) + ", FLOAT64");
    for (Map.Entry<String, Function<List<Tensor>, Tensor>> f : functions.entrySet()) {
      out.println("-- " + f.getKey());
      out.println("  " + GradCheck.check(f.getValue(), List.of(x, w)));
      if (secondOrder) {
        out.println("  " + GradCheck.checkSecondOrder(f.getValue(), List.of(x, w)));
      }
    }
    return 0;
  }
}
