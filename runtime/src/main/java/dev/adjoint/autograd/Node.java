package dev.adjoint.autograd;

import dev.adjoint.DType;
import dev.adjoint.Tensor;
import dev.adjoint.rules.Op;
import java.util.Arrays;

/**
 * One recorded operation: which primitive ({@link Op}, whose rule computes the vector-Jacobian
 * product), where its inputs' gradients go, the tensors its rule needs (with the versions they had
 * when saved) and the operation's non-tensor parameters. The backward engine only talks to this
 * class, never to a particular operation.
 */
public final class Node {
  private static final int[] NO_DIMS = new int[0];
  private static final Tensor[] NO_TENSORS = new Tensor[0];

  /** The primitive this node records. */
  public final Op op;
  /*
   * Where each input's gradient goes: the node that produced it (null for a leaf or a constant), the accumulator
   * of a leaf that requires grad, its shape and dtype. Inputs 0 and 1 sit in fields and only further ones in
   * arrays: almost every operation has one or two inputs, and four small arrays per recorded operation were a
   * third of what the tape allocated on small tensors.
   */
  private final int inputCount;
  private Node next0;
  private Node next1;
  private GradAccumulator leaf0;
  private GradAccumulator leaf1;
  private int[] shape0;
  private int[] shape1;
  private DType type0;
  private DType type1;
  /** Inputs 2 and on (concatenations, stacks), or null. */
  private final Node[] nextMore;
  private final GradAccumulator[] leavesMore;
  private final int[][] shapesMore;
  private final DType[] typesMore;
  /**
   * One more than the largest {@code topologicalNr} of the nodes that produced this node's inputs
   * (leaves and constants count 0), PyTorch's {@code topological_nr}: a node reaches only nodes with
   * smaller numbers, so a backward pass towards given nodes can skip every node numbered below them.
   */
  int topologicalNr = 1;
  /**
   * How many leaf accumulators existed when this node was made ({@link GradAccumulator#epochNow}):
   * a node cannot reach a leaf whose accumulator was made later, so a backward pass towards fresh
   * leaves (the dummy seeds of a Jacobian-vector product by two reverse passes) skips the nodes
   * made before them.
   */
  final long epoch = GradAccumulator.epochNow();
  private Tensor[] saved;
  private int[] savedVersions;
  private final boolean hadSaved;
  private boolean freed;

  /** A scalar parameter of the operation (an exponent, a factor, a bound). */
  public double scalar;
  /** A second scalar parameter (the upper bound of clamp). */
  public double scalar2;
  /** An integer parameter (a dimension). */
  public int dim;
  /** A second integer parameter (a dimension, an index, a start). */
  public int dim2;
  /** A third integer parameter (an end). */
  public int dim3;
  /** A boolean parameter (keepDim). */
  public boolean flag;
  /** An integer-array parameter (a permutation, indices, targets, sizes). */
  public int[] ints;

  boolean retainGrad;
  Tensor retainedGrad;

  // Scratch state of one backward pass (graphs are independent per thread).
  Object passToken;
  int dependencies;
  Tensor pending;
  boolean pendingOwned;
  boolean gradOwned;
  Object pruneToken;
  boolean needed;
  int cursor;

  /**
   * Creates a node of {@code inputCount} inputs, none connected yet: {@link #connect} says where each input's
   * gradient goes.
   *
   * @param op the primitive recorded
   * @param inputCount how many inputs the operation has
   * @param saved the tensors its rule needs (the array is kept; may be empty)
   */
  public Node(Op op, int inputCount, Tensor[] saved) {
    this.op = op;
    this.inputCount = inputCount;
    int more = Math.max(0, inputCount - 2);
    nextMore = more == 0 ? null : new Node[more];
    leavesMore = more == 0 ? null : new GradAccumulator[more];
    shapesMore = more == 0 ? null : new int[more][];
    typesMore = more == 0 ? null : new DType[more];
    this.saved = saved;
    this.hadSaved = saved != null && saved.length > 0;
    if (hadSaved) {
      savedVersions = new int[saved.length];
      for (int i = 0; i < saved.length; i++) {
        savedVersions[i] = saved[i] == null ? 0 : saved[i].version();
      }
    }
  }

  /**
   * Says where input {@code i}'s gradient goes; called once per input right after the constructor, before the
   * node is reachable from any tensor.
   *
   * @param i the input
   * @param producer the node that produced the input, or null for a leaf or a constant
   * @param leaf the accumulator of a leaf input that requires grad, or null
   * @param shape the input's shape (kept, not copied: shapes are never changed once a tensor has them)
   * @param type the input's dtype
   */
  public void connect(int i, Node producer, GradAccumulator leaf, int[] shape, DType type) {
    if (i < 0 || i >= inputCount) {
      throw new IllegalArgumentException(
          "connect: input " + i + " of " + name() + ", which has " + inputCount + " inputs (0 to " + (inputCount - 1)
              + ")");
    }
    if (i == 0) {
      next0 = producer;
      leaf0 = leaf;
      shape0 = shape;
      type0 = type;
    } else if (i == 1) {
      next1 = producer;
      leaf1 = leaf;
      shape1 = shape;
      type1 = type;
    } else {
      nextMore[i - 2] = producer;
      leavesMore[i - 2] = leaf;
      shapesMore[i - 2] = shape;
      typesMore[i - 2] = type;
    }
    if (producer != null && producer.topologicalNr >= topologicalNr) {
      topologicalNr = producer.topologicalNr + 1;
    }
  }

  /** The node that produced input {@code i}, or null for a leaf or a constant. */
  Node next(int i) {
    return i == 0 ? next0 : i == 1 ? next1 : nextMore[i - 2];
  }

  /** The accumulator of input {@code i} when it is a leaf that requires grad, else null. */
  GradAccumulator leaf(int i) {
    return i == 0 ? leaf0 : i == 1 ? leaf1 : leavesMore[i - 2];
  }

  /** Input {@code i}'s shape, not copied. */
  int[] shapeOf(int i) {
    int[] shape = i == 0 ? shape0 : i == 1 ? shape1 : shapesMore[i - 2];
    // an input never connected is a constant, which has no gradient and reads as no dimensions
    return shape == null ? NO_DIMS : shape;
  }

  /** The number of inputs of the operation. */
  public int inputCount() {
    return inputCount;
  }

  /** True when input {@code i} needs a gradient (it requires grad). */
  public boolean needs(int i) {
    return next(i) != null || leaf(i) != null;
  }

  /** The shape input {@code i} had. */
  public int[] inputShape(int i) {
    return shapeOf(i).clone();
  }

  /** The dtype input {@code i} had. */
  public DType inputType(int i) {
    return i == 0 ? type0 : i == 1 ? type1 : typesMore[i - 2];
  }

  /**
   * A node for a value that depends on this node's input {@code i} with derivative zero: it reads
   * nothing and saves nothing, so it keeps a piecewise-constant derivative connected to the input's
   * graph (DESIGN: under CREATE_GRAPH such a derivative still has a grad function) without holding
   * the input's value, which may since have been changed in place.
   *
   * @param i the input to depend on
   * @return a new node of derivative zero on that input's edge
   */
  public Node zeroDerivativeOn(int i) {
    Node z = new Node(Op.MUL_SCALAR, 1, NO_TENSORS);
    z.connect(0, next(i), leaf(i), shapeOf(i), inputType(i));
    z.scalar = 0;
    return z;
  }

  /**
   * How many tensors the operation saved for its rule (some may be null: an input that needed no
   * gradient). {@link #saved} takes indices below this.
   *
   * @return the count, 0 when the operation saved nothing or its saved tensors were freed
   */
  public int savedCount() {
    return saved == null ? 0 : saved.length;
  }

  /**
   * True if input {@code i} had exactly this shape.
   *
   * @param i the input
   * @param shape a shape
   * @return whether they are equal
   */
  public boolean hasInputShape(int i, int[] shape) {
    return Arrays.equals(shapeOf(i), shape);
  }

  /** True once the saved tensors were dropped after a backward pass without {@code RETAIN_GRAPH}. */
  boolean freed() {
    return freed;
  }

  /** Saved tensor {@code i}, as it was recorded. */
  public Tensor saved(int i) {
    if (freed) {
      throw freedError();
    }
    return saved[i];
  }

  /**
   * True while this node's rule runs if the rule may overwrite the output gradient it was given:
   * nobody else holds that tensor and the backward pass is not being recorded. Lets rules update
   * it in place instead of allocating.
   */
  public boolean ownsGrad() {
    return gradOwned && !GradMode.isEnabled();
  }

  /** The grad function's name, e.g. {@code "MulBackward"}. */
  public String name() {
    return op.backwardName();
  }

  /** Makes the backward pass store this node's output gradient (for {@code Tensor.retainGrad()}). */
  public void retainGrad() {
    retainGrad = true;
  }

  /** The retained gradient of this node's output, or null. */
  public Tensor retainedGrad() {
    return retainedGrad;
  }

  /** Forgets the retained gradient. */
  public void clearRetainedGrad() {
    retainedGrad = null;
  }

  void checkUsable() {
    if (freed && hadSaved) {
      throw freedError();
    }
    if (hadSaved) {
      for (int i = 0; i < saved.length; i++) {
        Tensor t = saved[i];
        if (t != null && t.version() != savedVersions[i]) {
          String producer = t.gradFn() == null ? "a leaf tensor" : "output 0 of " + t.gradFn();
          throw new IllegalStateException(
              "one of the variables needed for gradient computation has been modified by an inplace"
                  + " operation: [" + t.dtype().shortName() + " " + Arrays.toString(t.shape())
                  + "], which is " + producer + " and is saved by " + name() + ", is at version "
                  + t.version() + "; expected version " + savedVersions[i]
                  + " instead. Hint: compute the in-place change on a copy (or out of place), or do"
                  + " it after the backward pass.");
        }
      }
    }
  }

  void release() {
    if (hadSaved) {
      saved = null;
      savedVersions = null;
    }
    freed = true;
  }

  private IllegalStateException freedError() {
    return new IllegalStateException(
        "Trying to backward through the graph a second time (or directly access saved tensors after"
            + " they have already been freed): the saved tensors of " + name() + " were freed when"
            + " backward() or Autograd.grad() ran. Pass GradOption.RETAIN_GRAPH to the first call if"
            + " you need to backward through the graph a second time.");
  }

  @Override
  public String toString() {
    return name();
  }
}
