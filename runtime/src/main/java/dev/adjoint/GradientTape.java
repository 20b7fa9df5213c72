package dev.adjoint;

import dev.adjoint.autograd.Engine;
import dev.adjoint.autograd.GradAccumulator;
import dev.adjoint.autograd.Node;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * TensorFlow's {@code tf.GradientTape}, on top of the dynamic tape.
 *
 * <pre>{@code
 * Tensor x = Tensor.scalar(3.0);                // a constant: watch it
 * Tensor y, z;
 * try (GradientTape tape = GradientTape.persistent()) {
 *   tape.watch(x);
 *   y = x.pow(2);
 *   z = y.sin();
 *   Tensor dzdy = tape.gradient(z, y);          // -0.91113025
 *   Tensor dzdx = tape.gradient(z, x);          // -5.4667816
 * }
 * }</pre>
 *
 * <p>How it maps onto the tape:
 *
 * <ul>
 *   <li>A tensor that already {@linkplain Tensor#requiresGrad() requires grad} is watched
 *       automatically, like a trainable {@code tf.Variable}.
 *   <li>{@link #watch} on a constant (a tensor that does not require grad) switches
 *       {@code requiresGrad} on for as long as the tape records, so the operations on it inside
 *       the tape's scope are recorded; {@link #close} switches it off again (it stays on while
 *       another open tape still watches it). Operations on it after {@code close} are not
 *       recorded, but gradients with respect to it can still be asked of the tape.
 *   <li>The tape enables grad mode for its scope (also inside {@link Autograd#noGrad()}).
 *   <li>{@link #gradient} never touches {@link Tensor#grad()}: it uses
 *       {@link Autograd#grad(List, List, List, GradOption...)} with a seed of ones, so a non-scalar
 *       target gives the gradient of its sum (TensorFlow's rule).
 *   <li>A non-persistent tape answers one {@code gradient} (or {@code jacobian}) call and frees the
 *       recorded graph; a second call throws {@link IllegalStateException}. A persistent tape
 *       keeps the graph ({@link GradOption#RETAIN_GRAPH}) and answers any number of calls.
 *   <li>A gradient computed while another tape is still recording on this thread, or by a
 *       persistent tape inside its own scope, is itself recorded ({@link GradOption#CREATE_GRAPH}),
 *       so nested tapes and persistent tapes give second derivatives as in TensorFlow.
 *   <li>A watched source the target does not depend on gets a gradient of zeros (TensorFlow gives
 *       {@code None}); a source that was neither watched nor requires grad is an error.
 * </ul>
 *
 * <p>A tape belongs to the thread that began it; open and close it there (try-with-resources).
 * Watching the same constant from tapes on different threads at once is not supported.
 */
public final class GradientTape implements AutoCloseable {
  /** Tapes recording on each thread, innermost last. */
  private static final ThreadLocal<Deque<GradientTape>> RECORDING =
      ThreadLocal.withInitial(ArrayDeque::new);
  /** How many recording tapes switched {@code requiresGrad} on for each constant. */
  private static final Map<Tensor, Integer> MARKS = new IdentityHashMap<>();

  private final boolean persistent;
  private final Thread owner = Thread.currentThread();
  private final GradScope gradMode;
  private final List<Tensor> watched = new ArrayList<>();
  private final List<Tensor> marked = new ArrayList<>();
  /**
   * The gradient slot each watched leaf had while this tape recorded. {@code requiresGrad(false)}
   * at close drops a leaf's slot, but the recorded graph still points at it, so gradients after
   * close are collected from here.
   */
  private final Map<Tensor, GradAccumulator> watchedSlots = new IdentityHashMap<>();
  private boolean recording = true;
  private boolean answered;

  private GradientTape(boolean persistent) {
    this.persistent = persistent;
    this.gradMode = Autograd.enableGrad();
    RECORDING.get().addLast(this);
  }

  /**
   * Starts a tape that answers one {@link #gradient} call.
   *
   * @return the tape, recording on this thread until closed
   */
  public static GradientTape begin() {
    return new GradientTape(false);
  }

  /**
   * Starts a persistent tape, which answers any number of {@link #gradient} calls (it keeps the
   * recorded graph alive until the tape and the tensors computed under it are unreachable).
   *
   * @return the tape, recording on this thread until closed
   */
  public static GradientTape persistent() {
    return new GradientTape(true);
  }

  /** Whether this tape answers more than one gradient call. */
  public boolean isPersistent() {
    return persistent;
  }

  /** Whether this tape is still recording (not yet closed). */
  public boolean isRecording() {
    return recording;
  }

  /**
   * Watches tensors: operations on them from now until {@link #close()} are recorded, so that
   * gradients with respect to them can be asked for.
   *
   * @param tensors the tensors to watch (constants or tensors that already require grad)
   * @return this tape
   * @throws IllegalStateException if the tape was closed
   */
  public GradientTape watch(Tensor... tensors) {
    if (!recording) {
      throw new IllegalStateException("GradientTape.watch: the tape was closed and no longer"
          + " records; watch tensors inside the tape's try block, before computing with them");
    }
    for (Tensor t : tensors) {
      Objects.requireNonNull(t, "GradientTape.watch: tensor is null");
      if (containsIdentical(watched, t)) {
        continue;
      }
      watched.add(t);
      if (!t.requiresGrad()) {
        synchronized (MARKS) {
          MARKS.merge(t, 1, Integer::sum);
          t.requiresGrad(true);
        }
        marked.add(t);
      }
      if (t.isLeaf()) {
        watchedSlots.put(t, t.accumulator());
      }
    }
    return this;
  }

  /**
   * The tensors watched explicitly with {@link #watch}, in order.
   *
   * @return an unmodifiable list
   */
  public List<Tensor> watched() {
    return Collections.unmodifiableList(watched);
  }

  /**
   * The gradient of {@code target} (of its sum, if it has several elements) with respect to
   * {@code source}.
   *
   * @param target a tensor computed from the source
   * @param source a watched tensor, one that requires grad, or an intermediate result
   * @return a tensor shaped like {@code source}; zeros if the target does not depend on it
   * @throws IllegalStateException if this tape is not persistent and already answered
   * @throws IllegalArgumentException if the source was neither watched nor requires grad
   */
  public Tensor gradient(Tensor target, Tensor source) {
    return gradient(target, List.of(source)).get(0);
  }

  /**
   * The gradients of {@code target} (of its sum) with respect to each source.
   *
   * @param target a tensor computed from the sources
   * @param sources watched tensors, tensors that require grad, or intermediate results
   * @return one gradient per source, shaped like it
   */
  public List<Tensor> gradient(Tensor target, List<Tensor> sources) {
    Objects.requireNonNull(target, "GradientTape.gradient: target is null");
    return gradient(target, sources, Tensor.onesLike(target));
  }

  /**
   * The vector-Jacobian product: gradients of {@code sum(target * outputGradient)} with respect to
   * each source (TensorFlow's {@code output_gradients}).
   *
   * @param target a tensor computed from the sources
   * @param sources watched tensors, tensors that require grad, or intermediate results
   * @param outputGradient the upstream gradient, shaped like the target
   * @return one gradient per source, shaped like it
   */
  public List<Tensor> gradient(Tensor target, List<Tensor> sources, Tensor outputGradient) {
    Objects.requireNonNull(target, "GradientTape.gradient: target is null");
    Objects.requireNonNull(sources, "GradientTape.gradient: sources is null");
    Objects.requireNonNull(outputGradient, "GradientTape.gradient: outputGradient is null");
    checkSources(sources, "gradient");
    if (!Arrays.equals(outputGradient.shape(), target.shape())
        || outputGradient.dtype() != target.dtype()) {
      throw new IllegalArgumentException("GradientTape.gradient: outputGradient has shape "
          + Arrays.toString(outputGradient.shape()) + " and dtype " + outputGradient.dtype()
          + " but the target has shape " + Arrays.toString(target.shape()) + " and dtype "
          + target.dtype() + "; they must match");
    }
    claimAnswer("gradient");
    return differentiate(target, sources, outputGradient, persistent);
  }

  /**
   * The gradients of the sum of several targets (each summed over its elements) with respect to
   * each source, like TensorFlow's {@code tape.gradient([t1, t2], sources)}.
   *
   * @param targets tensors computed from the sources
   * @param sources watched tensors, tensors that require grad, or intermediate results
   * @return one gradient per source, shaped like it
   */
  public List<Tensor> gradient(List<Tensor> targets, List<Tensor> sources) {
    Objects.requireNonNull(targets, "GradientTape.gradient: targets is null");
    Objects.requireNonNull(sources, "GradientTape.gradient: sources is null");
    List<Tensor> seeds = new ArrayList<>();
    for (int i = 0; i < targets.size(); i++) {
      seeds.add(Tensor.onesLike(Objects.requireNonNull(targets.get(i),
          "GradientTape.gradient: target " + i + " is null")));
    }
    checkSources(sources, "gradient");
    claimAnswer("gradient");
    return differentiate(targets, sources, seeds, persistent);
  }

  /**
   * The full Jacobian of {@code target} with respect to {@code source} (TensorFlow's
   * {@code tape.jacobian}): shape {@code target.shape() ++ source.shape()}, one backward pass per
   * target element.
   *
   * @param target a tensor computed from the source
   * @param source a watched tensor, one that requires grad, or an intermediate result
   * @return the Jacobian
   */
  public Tensor jacobian(Tensor target, Tensor source) {
    Objects.requireNonNull(target, "GradientTape.jacobian: target is null");
    Objects.requireNonNull(source, "GradientTape.jacobian: source is null");
    checkSources(List.of(source), "jacobian");
    claimAnswer("jacobian");
    int n = target.numel();
    Tensor[] rows = new Tensor[n];
    double[] seed = new double[n];
    for (int j = 0; j < n; j++) {
      seed[j] = 1;
      Tensor oneHot = GradCheck.tensorOf(seed, target.shape(), target.dtype());
      seed[j] = 0;
      boolean last = j == n - 1;
      rows[j] = differentiate(target, List.of(source), oneHot, persistent || !last).get(0);
    }
    int[] shape = concat(target.shape(), source.shape());
    if (n == 0) {
      return Tensor.zeros(source.dtype(), shape);
    }
    return Tensor.stack(0, rows).reshape(shape);
  }

  /**
   * Pauses recording on this thread until the returned scope is closed (TensorFlow's
   * {@code stop_recording}): a convenience for {@link Autograd#noGrad()}, so it also pauses the
   * recording of tensors that require grad.
   *
   * <pre>{@code
   * try (GradScope paused = tape.stopRecording()) {
   *   log(loss.item());   // not recorded
   * }
   * }</pre>
   *
   * @return the scope to close
   * @throws IllegalStateException if the tape was closed
   */
  public GradScope stopRecording() {
    if (!recording) {
      throw new IllegalStateException("GradientTape.stopRecording: the tape was closed and no"
          + " longer records");
    }
    return Autograd.noGrad();
  }

  /**
   * Stops recording: constants switched to {@code requiresGrad} by {@link #watch} are switched
   * back, and the grad mode in force before the tape began is restored. The tape can still answer
   * {@link #gradient} afterwards (once, unless persistent). Closing twice does nothing.
   */
  @Override
  public void close() {
    if (!recording) {
      return;
    }
    if (Thread.currentThread() != owner) {
      throw new IllegalStateException("GradientTape.close: a tape must be closed on the thread"
          + " that began it (" + owner.getName() + "), not on " + Thread.currentThread().getName()
          + "; use try-with-resources on that thread");
    }
    recording = false;
    RECORDING.get().remove(this);
    synchronized (MARKS) {
      for (Tensor t : marked) {
        int left = MARKS.merge(t, -1, Integer::sum);
        if (left <= 0) {
          MARKS.remove(t);
          t.requiresGrad(false);
        }
      }
    }
    gradMode.close();
  }

  // ---------------------------------------------------------------------------------------------

  private void checkSources(List<Tensor> sources, String method) {
    for (int i = 0; i < sources.size(); i++) {
      Tensor s = Objects.requireNonNull(sources.get(i),
          "GradientTape." + method + ": source " + i + " is null");
      if (!s.requiresGrad() && !containsIdentical(watched, s)) {
        throw new IllegalArgumentException("GradientTape." + method + ": source " + i
            + " (shape " + Arrays.toString(s.shape()) + ") was not watched by this tape"
            + " and does not require grad, so no operation on it was recorded; call"
            + " tape.watch(x) inside the tape's scope before computing with x, or create it with"
            + " requiresGrad(true)");
      }
    }
  }

  private void claimAnswer(String method) {
    if (!persistent && answered) {
      throw new IllegalStateException("GradientTape." + method + ": a non-persistent GradientTape"
          + " answers only one gradient or jacobian call, and this one already did (its graph was"
          + " freed); use GradientTape.persistent() to ask several times");
    }
    answered = true;
  }

  /** The node or leaf slot gradients of {@code t} are collected from, or null if none. */
  private Object slot(Tensor t) {
    Node node = t.node();
    if (node != null) {
      return node;
    }
    GradAccumulator watchedSlot = watchedSlots.get(t);
    return watchedSlot != null ? watchedSlot : t.accumulator();
  }

  private List<Tensor> differentiate(
      Tensor target, List<Tensor> sources, Tensor seed, boolean retain) {
    return differentiate(List.of(target), sources, List.of(seed), retain);
  }

  /** Backpropagates each seed from its target, summing, down to the sources. */
  private List<Tensor> differentiate(
      List<Tensor> targets, List<Tensor> sources, List<Tensor> seeds, boolean retain) {
    List<Node> roots = new ArrayList<>();
    List<GradAccumulator> rootLeaves = new ArrayList<>();
    List<Tensor> rootSeeds = new ArrayList<>();
    for (int i = 0; i < targets.size(); i++) {
      Object root = slot(targets.get(i));
      if (root == null) {
        continue; // nothing recorded leads to this target: it is constant in every source
      }
      roots.add(root instanceof Node ? (Node) root : null);
      rootLeaves.add(root instanceof GradAccumulator ? (GradAccumulator) root : null);
      rootSeeds.add(seeds.get(i));
    }
    List<Tensor> result = new ArrayList<>(sources.size());
    if (roots.isEmpty()) {
      for (Tensor s : sources) {
        result.add(Tensor.zerosLike(s));
      }
      return result;
    }
    Object[] slots = new Object[sources.size()];
    for (int i = 0; i < slots.length; i++) {
      slots[i] = slot(sources.get(i));
    }
    boolean create = recordsGradients() && Autograd.isGradEnabled();
    Tensor[] grads = Engine.run(roots.toArray(new Node[0]),
        rootLeaves.toArray(new GradAccumulator[0]), rootSeeds.toArray(new Tensor[0]), slots,
        retain, create);
    for (int i = 0; i < sources.size(); i++) {
      Tensor g = grads[i];
      result.add(g != null ? g : Tensor.zerosLike(sources.get(i)));
    }
    return result;
  }

  /**
   * Whether a gradient computed now must itself be recorded so that it can be differentiated
   * again: an enclosing tape is still recording on this thread, or this tape is persistent and
   * still recording (asked inside its own scope, as for second derivatives in TensorFlow). A
   * non-persistent tape alone answers once, so it frees its graph instead.
   */
  private boolean recordsGradients() {
    for (GradientTape t : RECORDING.get()) {
      if (t != this || persistent) {
        return true;
      }
    }
    return false;
  }

  private static boolean containsIdentical(List<Tensor> list, Tensor t) {
    for (Tensor x : list) {
      if (x == t) {
        return true;
      }
    }
    return false;
  }

  private static int[] concat(int[] a, int[] b) {
    int[] c = new int[a.length + b.length];
    System.arraycopy(a, 0, c, 0, a.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
