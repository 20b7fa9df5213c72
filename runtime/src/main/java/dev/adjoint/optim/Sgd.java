package dev.adjoint.optim;

import dev.adjoint.Autograd;
import dev.adjoint.GradScope;
import dev.adjoint.Tensor;
import java.util.List;

/**
 * Stochastic gradient descent with optional momentum, dampening, L2 weight decay and Nesterov
 * momentum, with exactly PyTorch's {@code torch.optim.SGD} update. For each parameter {@code p}
 * with gradient {@code g}:
 *
 * <pre>
 *   g   = g + weightDecay * p                     (if weightDecay != 0)
 *   buf = g                                       (first step)
 *   buf = momentum * buf + (1 - dampening) * g    (later steps)
 *   g   = nesterov ? g + momentum * buf : buf     (if momentum != 0)
 *   p   = p - lr * g
 * </pre>
 *
 * <pre>{@code
 * Sgd plain = new Sgd(params, 0.01);
 * Sgd heavy = Sgd.builder(params).lr(0.01).momentum(0.9).weightDecay(1e-4).nesterov(true).build();
 * }</pre>
 */
public final class Sgd implements Optimizer {
  private static final String NAME = "Sgd";

  private final List<Tensor> parameters;
  private double lr;
  private final double momentum;
  private final double dampening;
  private final double weightDecay;
  private final boolean nesterov;
  private final Tensor[] momentumBuffers;

  /**
   * Plain gradient descent, {@code p = p - lr * grad}.
   *
   * @param parameters leaf tensors (one that does not require grad is frozen: steps skip it while it has no gradient)
   * @param lr the learning rate, at least 0
   */
  public Sgd(List<Tensor> parameters, double lr) {
    this(parameters, lr, 0, 0, 0, false);
  }

  /**
   * Gradient descent with momentum (no dampening, no weight decay).
   *
   * @param parameters leaf tensors (one that does not require grad is frozen: steps skip it while it has no gradient)
   * @param lr the learning rate, at least 0
   * @param momentum the momentum factor, at least 0
   */
  public Sgd(List<Tensor> parameters, double lr, double momentum) {
    this(parameters, lr, momentum, 0, 0, false);
  }

  /**
   * Every option, in PyTorch's order.
   *
   * @param parameters leaf tensors (one that does not require grad is frozen: steps skip it while it has no gradient)
   * @param lr the learning rate, at least 0
   * @param momentum the momentum factor, at least 0
   * @param dampening dampening of the momentum, applied from the second step on
   * @param weightDecay the L2 penalty added to the gradient, at least 0
   * @param nesterov whether to use Nesterov momentum (needs momentum above 0 and no dampening)
   */
  public Sgd(List<Tensor> parameters, double lr, double momentum, double dampening,
      double weightDecay, boolean nesterov) {
    this.parameters = Parameters.validate(NAME, parameters);
    this.lr = Parameters.require(NAME, "lr", lr, lr >= 0, "at least 0");
    this.momentum = Parameters.require(NAME, "momentum", momentum, momentum >= 0, "at least 0");
    this.dampening = Parameters.require(NAME, "dampening", dampening, Double.isFinite(dampening),
        "finite");
    this.weightDecay = Parameters.require(NAME, "weightDecay", weightDecay, weightDecay >= 0,
        "at least 0");
    if (nesterov && (momentum <= 0 || dampening != 0)) {
      throw new IllegalArgumentException("Sgd: Nesterov momentum requires a momentum above 0 and"
          + " zero dampening, got momentum=" + momentum + ", dampening=" + dampening);
    }
    this.nesterov = nesterov;
    this.momentumBuffers = new Tensor[this.parameters.size()];
  }

  /**
   * Starts a builder; the defaults are PyTorch's except the learning rate, which must be given.
   *
   * @param parameters leaf tensors (one that does not require grad is frozen: steps skip it while it has no gradient)
   * @return a builder
   */
  public static Builder builder(List<Tensor> parameters) {
    return new Builder(parameters);
  }

  /** Builds an {@link Sgd}; every option defaults to 0 / false, the learning rate must be set. */
  public static final class Builder {
    private final List<Tensor> parameters;
    private double lr = Double.NaN;
    private double momentum;
    private double dampening;
    private double weightDecay;
    private boolean nesterov;

    private Builder(List<Tensor> parameters) {
      this.parameters = parameters;
    }

    /**
     * The learning rate (required).
     *
     * @param v the rate
     * @return this builder
     */
    public Builder lr(double v) {
      lr = v;
      return this;
    }

    /**
     * The momentum factor.
     *
     * @param v the factor
     * @return this builder
     */
    public Builder momentum(double v) {
      momentum = v;
      return this;
    }

    /**
     * Dampening of momentum.
     *
     * @param v the dampening
     * @return this builder
     */
    public Builder dampening(double v) {
      dampening = v;
      return this;
    }

    /**
     * L2 weight decay added to the gradient.
     *
     * @param v the factor
     * @return this builder
     */
    public Builder weightDecay(double v) {
      weightDecay = v;
      return this;
    }

    /**
     * Nesterov momentum.
     *
     * @param v whether to use it
     * @return this builder
     */
    public Builder nesterov(boolean v) {
      nesterov = v;
      return this;
    }

    /**
     * The optimiser.
     *
     * @return a new {@code Sgd} over the builder's parameters
     */
    public Sgd build() {
      if (Double.isNaN(lr)) {
        throw new IllegalArgumentException("Sgd.builder: the learning rate was not set; call"
            + " .lr(0.01) (for example) before build()");
      }
      return new Sgd(parameters, lr, momentum, dampening, weightDecay, nesterov);
    }
  }

  @Override
  public void step() {
    try (GradScope ignored = Autograd.noGrad()) {
      for (int i = 0; i < parameters.size(); i++) {
        Tensor p = parameters.get(i);
        Tensor g = p.grad();
        if (g == null) {
          continue;
        }
        if (weightDecay != 0) {
          g = g.add(p.mul(weightDecay));
        }
        if (momentum != 0) {
          Tensor buf = momentumBuffers[i];
          buf = buf == null ? g.mul(1.0) : buf.mul(momentum).add(g.mul(1 - dampening));
          momentumBuffers[i] = buf;
          g = nesterov ? g.add(buf.mul(momentum)) : buf;
        }
        p.addInPlace(g, -lr);
      }
    }
  }

  @Override
  public List<Tensor> parameters() {
    return parameters;
  }

  @Override
  public double learningRate() {
    return lr;
  }

  @Override
  public void setLearningRate(double lr) {
    this.lr = Parameters.require(NAME, "lr", lr, lr >= 0, "at least 0");
  }

  /** A summary of the options, like PyTorch's repr. */
  @Override
  public String toString() {
    return "Sgd(lr=" + lr + ", momentum=" + momentum + ", dampening=" + dampening
        + ", weightDecay=" + weightDecay + ", nesterov=" + nesterov + ", parameters="
        + parameters.size() + ")";
  }
}
