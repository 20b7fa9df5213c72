package dev.adjoint.optim;

import dev.adjoint.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Checks of a parameter list shared by the optimisers. */
final class Parameters {
  private Parameters() {}

  static List<Tensor> validate(String optimizer, List<Tensor> parameters) {
    Objects.requireNonNull(parameters, optimizer + ": parameters is null");
    if (parameters.isEmpty()) {
      throw new IllegalArgumentException(optimizer + ": the parameter list is empty; pass the"
          + " tensors to optimise");
    }
    List<Tensor> copy = new ArrayList<>(parameters.size());
    for (int i = 0; i < parameters.size(); i++) {
      Tensor p = Objects.requireNonNull(parameters.get(i), optimizer + ": parameter " + i
          + " is null");
      if (!p.isLeaf()) {
        throw new IllegalArgumentException(optimizer + ": parameter " + i + " is not a leaf (it was"
            + " computed by " + p.gradFn() + "); optimise the tensors you created, for example"
            + " x.detach().requiresGrad(true)");
      }
      // A parameter that does not require grad (frozen) is kept, as in PyTorch: it has no gradient, so steps
      // leave it alone until it is unfrozen.
      for (int j = 0; j < i; j++) {
        if (copy.get(j) == p) {
          throw new IllegalArgumentException(optimizer + ": parameters " + j + " and " + i
              + " are the same tensor; list each parameter once");
        }
      }
      copy.add(p);
    }
    return List.copyOf(copy);
  }

  static double require(String optimizer, String name, double value, boolean ok, String rule) {
    if (!ok || Double.isNaN(value)) {
      throw new IllegalArgumentException(optimizer + ": " + name + " must be " + rule + ", got "
          + value);
    }
    return value;
  }
}
