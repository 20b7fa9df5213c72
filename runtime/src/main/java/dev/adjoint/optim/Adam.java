package dev.adjoint.optim;

import dev.adjoint.Autograd;
import dev.adjoint.GradScope;
import dev.adjoint.Tensor;
import java.util.List;

/**
 * Adam, with exactly PyTorch's {@code torch.optim.Adam} update (and, optionally, AdamW's decoupled
 * weight decay and AMSGrad). At step {@code t} (from 1), for each parameter {@code p} with gradient
 * {@code g}:
 *
 * <pre>
 *   p   = p * (1 - lr * weightDecay)              (decoupled, AdamW)
 *   g   = g + weightDecay * p                     (otherwise, if weightDecay != 0)
 *   m   = beta1 * m + (1 - beta1) * g
 *   v   = beta2 * v + (1 - beta2) * g * g
 *   vMax = max(vMax, v), used instead of v        (AMSGrad)
 *   p   = p - lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 *
 * <pre>{@code
 * Adam adam = new Adam(params);                          // lr 1e-3, betas (0.9, 0.999), eps 1e-8
 * Adam tuned = Adam.builder(params).lr(0.01).betas(0.8, 0.99).weightDecay(1e-2).build();
 * }</pre>
 */
public final class Adam implements Optimizer {
  private static final String NAME = "Adam";

  private final List<Tensor> parameters;
  private double lr;
  private final double beta1;
  private final double beta2;
  private final double eps;
  private final double weightDecay;
  private final boolean decoupledWeightDecay;
  private final boolean amsgrad;
  private final Tensor[] firstMoments;
  private final Tensor[] secondMoments;
  private final Tensor[] maxSecondMoments;
  private final int[] steps;

  /**
   * PyTorch's defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, no weight decay.
   *
   * @param parameters leaf tensors (one that does not require grad is frozen: steps skip it while it has no gradient)
   */
  public Adam(List<Tensor> parameters) {
    this(parameters, 1e-3);
  }

  /**
   * PyTorch's defaults with another learning rate.
   *
   * @param parameters leaf tensors (one that does not require grad is frozen: steps skip it while it has no gradient)
   * @param lr the learning rate, at least 0
   */
  public Adam(List<Tensor> parameters, double lr) {
    this(parameters, lr, 0.9, 0.999, 1e-8, 0, false, false);
  }

  /**
   * Every option.
   *
   * @param parameters leaf tensors (one that does not require grad is frozen: steps skip it while it has no gradient)
   * @param lr the learning rate, at least 0
   * @param beta1 decay of the first moment, in [0, 1)
   * @param beta2 decay of the second moment, in [0, 1)
   * @param eps added to the denominator, at least 0
   * @param weightDecay the weight decay factor, at least 0
   * @param decoupledWeightDecay true for AdamW's decoupled decay, false for Adam's L2 penalty
   * @param amsgrad whether to use the AMSGrad variant
   */
  public Adam(List<Tensor> parameters, double lr, double beta1, double beta2, double eps,
      double weightDecay, boolean decoupledWeightDecay, boolean amsgrad) {
    this.parameters = Parameters.validate(NAME, parameters);
    this.lr = Parameters.require(NAME, "lr", lr, lr >= 0, "at least 0");
    this.beta1 = Parameters.require(NAME, "beta1", beta1, beta1 >= 0 && beta1 < 1, "in [0, 1)");
    this.beta2 = Parameters.require(NAME, "beta2", beta2, beta2 >= 0 && beta2 < 1, "in [0, 1)");
    this.eps = Parameters.require(NAME, "eps", eps, eps >= 0, "at least 0");
    this.weightDecay = Parameters.require(NAME, "weightDecay", weightDecay, weightDecay >= 0,
        "at least 0");
    this.decoupledWeightDecay = decoupledWeightDecay;
    this.amsgrad = amsgrad;
    int n = this.parameters.size();
    this.firstMoments = new Tensor[n];
    this.secondMoments = new Tensor[n];
    this.maxSecondMoments = new Tensor[n];
    this.steps = new int[n];
  }

  /**
   * Starts a builder with PyTorch's defaults.
   *
   * @param parameters leaf tensors (one that does not require grad is frozen: steps skip it while it has no gradient)
   * @return a builder
   */
  public static Builder builder(List<Tensor> parameters) {
    return new Builder(parameters);
  }

  /** Builds an {@link Adam}; defaults lr 1e-3, betas (0.9, 0.999), eps 1e-8, no weight decay. */
  public static final class Builder {
    private final List<Tensor> parameters;
    private double lr = 1e-3;
    private double beta1 = 0.9;
    private double beta2 = 0.999;
    private double eps = 1e-8;
    private double weightDecay;
    private boolean decoupled;
    private boolean amsgrad;

    private Builder(List<Tensor> parameters) {
      this.parameters = parameters;
    }

    /**
     * The learning rate.
     *
     * @param v the rate
     * @return this builder
     */
    public Builder lr(double v) {
      lr = v;
      return this;
    }

    /**
     * The moment decays.
     *
     * @param b1 first moment
     * @param b2 second moment
     * @return this builder
     */
    public Builder betas(double b1, double b2) {
      beta1 = b1;
      beta2 = b2;
      return this;
    }

    /**
     * The denominator's epsilon.
     *
     * @param v epsilon
     * @return this builder
     */
    public Builder eps(double v) {
      eps = v;
      return this;
    }

    /**
     * Adam's L2 weight decay (added to the gradient).
     *
     * @param v the factor
     * @return this builder
     */
    public Builder weightDecay(double v) {
      weightDecay = v;
      decoupled = false;
      return this;
    }

    /**
     * AdamW's decoupled weight decay.
     *
     * @param v the factor
     * @return this builder
     */
    public Builder decoupledWeightDecay(double v) {
      weightDecay = v;
      decoupled = true;
      return this;
    }

    /**
     * The AMSGrad variant.
     *
     * @param v whether to use it
     * @return this builder
     */
    public Builder amsgrad(boolean v) {
      amsgrad = v;
      return this;
    }

    /**
     * The optimiser.
     *
     * @return a new {@code Adam} over the builder's parameters
     */
    public Adam build() {
      return new Adam(parameters, lr, beta1, beta2, eps, weightDecay, decoupled, amsgrad);
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
        int t = ++steps[i];
        if (weightDecay != 0) {
          if (decoupledWeightDecay) {
            p.mulInPlace(1 - lr * weightDecay);
          } else {
            g = g.add(p.mul(weightDecay));
          }
        }
        Tensor m = firstMoments[i] == null ? Tensor.zerosLike(p) : firstMoments[i];
        Tensor v = secondMoments[i] == null ? Tensor.zerosLike(p) : secondMoments[i];
        m = m.mul(beta1).add(g.mul(1 - beta1));
        v = v.mul(beta2).add(g.mul(1 - beta2).mul(g));
        firstMoments[i] = m;
        secondMoments[i] = v;
        if (amsgrad) {
          Tensor vMax = maxSecondMoments[i] == null ? v : maxSecondMoments[i].maximum(v);
          maxSecondMoments[i] = vMax;
          v = vMax;
        }
        double biasCorrection1 = 1 - Math.pow(beta1, t);
        double biasCorrection2 = 1 - Math.pow(beta2, t);
        double stepSize = lr / biasCorrection1;
        Tensor denominator = v.sqrt().div(Math.sqrt(biasCorrection2)).add(eps);
        p.addInPlace(m.div(denominator), -stepSize);
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
    return "Adam(lr=" + lr + ", betas=(" + beta1 + ", " + beta2 + "), eps=" + eps
        + ", weightDecay=" + weightDecay + (decoupledWeightDecay ? " (decoupled)" : "")
        + ", amsgrad=" + amsgrad + ", parameters=" + parameters.size() + ")";
  }
}
