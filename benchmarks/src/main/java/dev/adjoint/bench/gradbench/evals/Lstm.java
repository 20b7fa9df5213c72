package dev.adjoint.bench.gradbench.evals;

import dev.adjoint.Differentiable;

/**
 * GradBench {@code lstm}: the loss of an l-layer LSTM with diagonal weights predicting the next character of a
 * text (evals/lstm/README.md; the model as in GradBench's C++ reference cpp/gradbench/evals/lstm.hpp).
 *
 * <p>Layout (row-major, as the eval sends it): {@code mainParams} has 2l rows of 4b: layer i's weights at 8bi
 * (forget, input gate, output gate, change, b each), its biases right after; {@code extraParams} has 3 rows of b
 * (input weight, output weight, output bias); {@code state} has 2l rows of b (layer i's hidden state, then its
 * cell state); {@code sequence} has c rows of b (one character's bits each).
 */
public final class Lstm {
  private Lstm() {}

  /** The logistic function. */
  @Differentiable
  static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  /** Minus the mean log-likelihood of each next character under the model's prediction. */
  @Differentiable(wrt = {"mainParams", "extraParams"})
  public static double objective(double[] mainParams, double[] extraParams, double[] state, double[] sequence,
      int l, int c, int b) {
    double[] hidden = new double[l * b];
    double[] cell = new double[l * b];
    for (int layer = 0; layer < l; layer++) {
      for (int i = 0; i < b; i++) {
        hidden[layer * b + i] = state[2 * b * layer + i];
        cell[layer * b + i] = state[2 * b * layer + b + i];
      }
    }
    double[] input = new double[b];
    double[] ypred = new double[b];
    double total = 0;
    for (int t = 0; t < c - 1; t++) {
      for (int i = 0; i < b; i++) {
        input[i] = sequence[t * b + i] * extraParams[i];
      }
      for (int layer = 0; layer < l; layer++) {
        int w = 8 * b * layer;
        for (int i = 0; i < b; i++) {
          double x = layer == 0 ? input[i] : hidden[(layer - 1) * b + i];
          double h = hidden[layer * b + i];
          double forget = sigmoid(x * mainParams[w + i] + mainParams[w + 4 * b + i]);
          double ingate = sigmoid(h * mainParams[w + b + i] + mainParams[w + 5 * b + i]);
          double outgate = sigmoid(x * mainParams[w + 2 * b + i] + mainParams[w + 6 * b + i]);
          double change = Math.tanh(h * mainParams[w + 3 * b + i] + mainParams[w + 7 * b + i]);
          cell[layer * b + i] = cell[layer * b + i] * forget + ingate * change;
          hidden[layer * b + i] = outgate * Math.tanh(cell[layer * b + i]);
        }
      }
      double sumExp = 0;
      for (int i = 0; i < b; i++) {
        ypred[i] = hidden[(l - 1) * b + i] * extraParams[b + i] + extraParams[2 * b + i];
        sumExp += Math.exp(ypred[i]);
      }
      double lse = Math.log(sumExp + 2);
      for (int i = 0; i < b; i++) {
        total += sequence[(t + 1) * b + i] * (ypred[i] - lse);
      }
    }
    return -total / ((c - 1) * b);
  }
}
