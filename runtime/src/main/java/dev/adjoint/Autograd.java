package dev.adjoint;

import dev.adjoint.autograd.Engine;
import dev.adjoint.autograd.GradAccumulator;
import dev.adjoint.autograd.GradMode;
import dev.adjoint.autograd.Node;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Function;

/**
 * Gradients without touching {@code grad()}, grad-mode scopes, and Jacobians/Hessians, as in
 * {@code torch.autograd}.
 *
 * <pre>{@code
 * Tensor x = Tensor.scalar(3).requiresGrad(true);
 * Tensor y = x.pow(3);
 * Tensor dy = Autograd.grad(y, x, GradOption.CREATE_GRAPH);   // 27
 * Tensor d2y = Autograd.grad(dy, x);                          // 18
 * }</pre>
 */
public final class Autograd {
  private Autograd() {}

  /** The gradient of the one-element {@code output} with respect to {@code input}. */
  public static Tensor grad(Tensor output, Tensor input, GradOption... options) {
    return grad(List.of(output), List.of(input), null, options).get(0);
  }

  /** The gradients of the one-element {@code output} with respect to each of {@code inputs}. */
  public static List<Tensor> grad(Tensor output, List<Tensor> inputs, GradOption... options) {
    return grad(List.of(output), inputs, null, options);
  }

  /**
   * The sum over {@code i} of the vector-Jacobian products of {@code outputs[i]} with
   * {@code gradOutputs[i]} (null, or a null entry, means ones for a one-element output), with
   * respect to each input. Entries are null for unused inputs when {@link GradOption#ALLOW_UNUSED}.
   */
  public static List<Tensor> grad(List<Tensor> outputs, List<Tensor> inputs,
      List<Tensor> gradOutputs, GradOption... options) {
    if (gradOutputs != null && gradOutputs.size() != outputs.size()) {
      throw new IllegalArgumentException("grad: " + gradOutputs.size() + " gradOutputs for "
          + outputs.size() + " outputs; give one per output (or null)");
    }
    List<Tensor> seeds = new ArrayList<>();
    for (int i = 0; i < outputs.size(); i++) {
      Tensor out = outputs.get(i);
      Tensor seed = gradOutputs == null ? null : gradOutputs.get(i);
      if (seed == null) {
        if (out.numel() != 1) {
          throw new IllegalArgumentException("grad: grad can be implicitly created only for scalar"
              + " outputs; output " + i + " has shape " + Arrays.toString(out.shape())
              + ". Pass gradOutputs.");
        }
        seed = Tensor.onesLike(out);
      }
      seeds.add(seed);
    }
    Tensor[] r = run(outputs, seeds, inputs, "grad", options);
    return Arrays.asList(r);
  }

  /** Switches recording off for this thread until the scope is closed. */
  public static GradScope noGrad() {
    return new GradScope(false);
  }

  /** Switches recording on for this thread until the scope is closed. */
  public static GradScope enableGrad() {
    return new GradScope(true);
  }

  /** True when operations are being recorded on this thread. */
  public static boolean isGradEnabled() {
    return GradMode.isEnabled();
  }

  /**
   * The Jacobian of {@code f} at {@code x}: shape {@code f(x).shape() ++ x.shape()}, entry
   * {@code [i..., j...]} is {@code d f(x)[i...] / d x[j...]}.
   */
  public static Tensor jacobian(Function<Tensor, Tensor> f, Tensor x) {
    return jacobian(f, x, false);
  }

  private static Tensor jacobian(Function<Tensor, Tensor> f, Tensor x, boolean create) {
    Tensor xi = create ? x : x.detach().requiresGrad(true);
    Tensor y;
    try (GradScope s = enableGrad()) {
      y = apply("jacobian", f, xi);
    }
    int m = y.numel();
    int[] shape = concat(y.shape(), x.shape());
    Tensor[] rows = new Tensor[m];
    for (int i = 0; i < m; i++) {
      Tensor g = null;
      if (y.requiresGrad()) {
        Tensor seed = Tensor.zeros(y.dtype(), m);
        seed.set(1, i);
        g = grad(List.of(y), List.of(xi), List.of(seed.reshape(y.shape())),
            GradOption.RETAIN_GRAPH, GradOption.ALLOW_UNUSED).get(0);
      }
      rows[i] = g == null ? Tensor.zerosLike(x) : g.detach();
    }
    if (m == 0) {
      return Tensor.zeros(x.dtype(), shape);
    }
    try (GradScope s = noGrad()) {
      return Tensor.stack(0, rows).reshape(shape);
    }
  }

  /** The Hessian of the one-element {@code f} at {@code x}: shape {@code x.shape() ++ x.shape()}. */
  public static Tensor hessian(Function<Tensor, Tensor> f, Tensor x) {
    Function<Tensor, Tensor> gradient = z -> {
      Tensor y = apply("hessian", f, z);
      if (y.numel() != 1) {
        throw new IllegalArgumentException("hessian: f must return one element, got shape "
            + Arrays.toString(y.shape()));
      }
      Tensor g = y.requiresGrad()
          ? grad(List.of(y), List.of(z), null, GradOption.CREATE_GRAPH, GradOption.ALLOW_UNUSED).get(0)
          : null;
      return g == null ? Tensor.zerosLike(z) : g;
    };
    Tensor xi = x.detach().requiresGrad(true);
    return jacobian(gradient, xi, true);
  }

  /** The vector-Jacobian product {@code v^T J} of {@code f} at {@code x} ({@code v} shaped like {@code f(x)}). */
  public static Tensor vjp(Function<Tensor, Tensor> f, Tensor x, Tensor v) {
    Tensor xi = x.detach().requiresGrad(true);
    Tensor y;
    try (GradScope s = enableGrad()) {
      y = apply("vjp", f, xi);
    }
    checkSeed("vjp", y, v);
    if (!y.requiresGrad()) {
      return Tensor.zerosLike(x);
    }
    Tensor g = grad(List.of(y), List.of(xi), List.of(v), GradOption.ALLOW_UNUSED).get(0);
    return g == null ? Tensor.zerosLike(x) : g;
  }

  /**
   * The Jacobian-vector product {@code J v} of {@code f} at {@code x} ({@code v} shaped like
   * {@code x}), computed with two reverse passes (the "double vjp" trick).
   */
  public static Tensor jvp(Function<Tensor, Tensor> f, Tensor x, Tensor v) {
    if (!Arrays.equals(v.shape(), x.shape())) {
      throw new IllegalArgumentException("jvp: v has shape " + Arrays.toString(v.shape())
          + " but x has shape " + Arrays.toString(x.shape()));
    }
    Tensor xi = x.detach().requiresGrad(true);
    try (GradScope s = enableGrad()) {
      Tensor y = apply("jvp", f, xi);
      if (!y.requiresGrad()) {
        return Tensor.zerosLike(y);
      }
      Tensor u = Tensor.zerosLike(y).requiresGrad(true);
      Tensor gx = grad(List.of(y), List.of(xi), List.of(u), GradOption.CREATE_GRAPH,
          GradOption.ALLOW_UNUSED).get(0);
      if (gx == null || !gx.requiresGrad()) {
        return Tensor.zerosLike(y);
      }
      Tensor jv = grad(List.of(gx), List.of(u), List.of(v), GradOption.ALLOW_UNUSED).get(0);
      return jv == null ? Tensor.zerosLike(y) : jv;
    }
  }

  private static Tensor apply(String op, Function<Tensor, Tensor> f, Tensor x) {
    Tensor y = f.apply(x);
    if (y == null) {
      throw new IllegalArgumentException(op + ": the function returned null; it must return a"
          + " tensor computed from its argument");
    }
    return y;
  }

  private static void checkSeed(String op, Tensor out, Tensor seed) {
    if (!Arrays.equals(out.shape(), seed.shape())) {
      throw new IllegalArgumentException(op + ": seed shape " + Arrays.toString(seed.shape())
          + " does not match output shape " + Arrays.toString(out.shape()));
    }
    if (out.dtype() != seed.dtype()) {
      throw new IllegalArgumentException(op + ": seed dtype " + seed.dtype()
          + " does not match output dtype " + out.dtype() + "; convert it with .to(DType."
          + out.dtype() + ")");
    }
  }

  private static int[] concat(int[] a, int[] b) {
    int[] r = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }

  /** Resolves tensors to graph nodes / leaf accumulators and runs the engine. */
  static Tensor[] run(List<Tensor> outputs, List<Tensor> seeds, List<Tensor> inputs, String op,
      GradOption[] options) {
    EnumSet<GradOption> opts = EnumSet.noneOf(GradOption.class);
    opts.addAll(Arrays.asList(options));
    int k = outputs.size();
    Node[] roots = new Node[k];
    GradAccumulator[] rootLeaves = new GradAccumulator[k];
    Tensor[] seedArray = new Tensor[k];
    for (int i = 0; i < k; i++) {
      Tensor out = outputs.get(i);
      Tensor seed = seeds.get(i);
      checkSeed(op, out, seed);
      if (!out.requiresGrad()) {
        throw new IllegalStateException(op + ": element " + i + " of tensors does not require grad"
            + " and does not have a grad_fn (was it computed inside noGrad(), or from tensors"
            + " without requiresGrad(true)?)");
      }
      roots[i] = out.node();
      rootLeaves[i] = out.node() == null ? out.accumulator() : null;
      seedArray[i] = seed;
    }
    Object[] targets = null;
    if (inputs != null) {
      targets = new Object[inputs.size()];
      for (int i = 0; i < targets.length; i++) {
        Tensor in = inputs.get(i);
        if (!in.requiresGrad()) {
          throw new IllegalArgumentException(op + ": input " + i + " does not require grad; call"
              + " requiresGrad(true) on it before computing the outputs");
        }
        targets[i] = in.node() != null ? in.node() : in.accumulator();
      }
    }
    Tensor[] r = Engine.run(roots, rootLeaves, seedArray, targets,
        opts.contains(GradOption.RETAIN_GRAPH), opts.contains(GradOption.CREATE_GRAPH));
    if (r != null && !opts.contains(GradOption.ALLOW_UNUSED)) {
      for (int i = 0; i < r.length; i++) {
        if (r[i] == null) {
          throw new IllegalArgumentException(op + ": input " + i + " (shape "
              + Arrays.toString(inputs.get(i).shape()) + ") appears to not have been used in the"
              + " graph. Pass GradOption.ALLOW_UNUSED if this is the desired behavior (its gradient"
              + " is then null).");
        }
      }
    }
    return r;
  }
}
