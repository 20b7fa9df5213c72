package dev.adjoint;

import dev.adjoint.autograd.GradAccumulator;
import dev.adjoint.autograd.GradMode;
import dev.adjoint.autograd.Node;
import dev.adjoint.autograd.VersionCounter;
import dev.adjoint.kernels.BinaryOp;
import dev.adjoint.kernels.Kernels;
import dev.adjoint.kernels.ScalarKernels;
import dev.adjoint.kernels.UnaryOp;
import dev.adjoint.rules.Op;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * An n-dimensional, strided array of {@link DType#FLOAT32} (default) or {@link DType#FLOAT64}
 * numbers that records the operations applied to it when it requires grad, PyTorch style.
 *
 * <p>Views ({@link #transpose}, {@link #slice}, {@link #select}, {@link #expand},
 * {@link #reshape} of contiguous data, ...) share storage with their base. Binary operations
 * broadcast like NumPy. Shape, dtype and index mistakes throw {@link IllegalArgumentException} or
 * {@link IndexOutOfBoundsException} naming the operation and the shapes. Mixing dtypes is an error:
 * convert with {@link #to(DType)}.
 *
 * <pre>{@code
 * Tensor x = Tensor.of(1, 2, 3).requiresGrad(true);
 * Tensor y = x.mul(x).sum();
 * y.backward();
 * x.grad();   // tensor([2., 4., 6.])
 * }</pre>
 */
public final class Tensor {
  private static volatile DType defaultDType = DType.FLOAT32;
  private static final int[] NO_DIMS = new int[0];
  /** The tensors saved by an operation whose rule needs none (one shared empty array, not one per call). */
  private static final Tensor[] NO_TENSORS = new Tensor[0];

  final DType dtype;
  final float[] f;
  final double[] d;
  final int[] shape;
  final int[] strides;
  final int offset;
  final int numel;
  final boolean contiguous;
  final boolean view;
  final VersionCounter version;

  // Autograd state: a leaf that requires grad has an accumulator (kept when
  // requiresGrad is switched off, so graphs recorded earlier still reach it), a recorded result a node.
  private GradAccumulator accumulator;
  private boolean leafRequiresGrad;
  Node node;
  // True once a view of this tensor exists (its in-place changes then cannot be recorded).
  private boolean viewed;
  // True for detach()'s result: it shares storage (so it counts as a view where storage is written over), but no
  // graph links it to the tensor it came from, so its in-place changes record as on any tensor (as in PyTorch).
  private boolean detached;

  private Tensor(DType dtype, float[] f, double[] d, int[] shape, int[] strides, int offset,
      VersionCounter version, boolean view) {
    this.dtype = dtype;
    this.f = f;
    this.d = d;
    this.shape = shape;
    this.strides = strides;
    this.offset = offset;
    int n = 1;
    for (int s : shape) {
      n *= s;
    }
    this.numel = n;
    this.contiguous = Shapes.isContiguous(shape, strides);
    this.view = view;
    this.version = version;
  }

  /** A fresh zero-filled contiguous tensor; the shape array is owned by the result. */
  static Tensor alloc(DType dtype, int[] shape) {
    int n = Shapes.checkedNumel("alloc", shape);
    int[] st = Shapes.contiguousStrides(shape);
    if (dtype == DType.FLOAT32) {
      return new Tensor(dtype, new float[n], null, shape, st, 0, new VersionCounter(), false);
    }
    return new Tensor(dtype, null, new double[n], shape, st, 0, new VersionCounter(), false);
  }

  private static Tensor allocLike(Tensor t, int[] shape) {
    if (shape == t.shape && t.contiguous && t.offset == 0) {
      // Same shape as a contiguous input: share the (immutable) shape and stride arrays.
      int n = t.numel;
      if (t.f != null) {
        return new Tensor(t.dtype, new float[n], null, shape, t.strides, 0, new VersionCounter(), false);
      }
      return new Tensor(t.dtype, null, new double[n], shape, t.strides, 0, new VersionCounter(), false);
    }
    return alloc(t.dtype, shape);
  }

  /** A view the user can see: marks this tensor as having views. */
  private Tensor viewOf(int[] newShape, int[] newStrides, int newOffset) {
    viewed = true;
    return rawView(newShape, newStrides, newOffset);
  }

  /** A view used only inside one operation (never returned). */
  private Tensor rawView(int[] newShape, int[] newStrides, int newOffset) {
    return new Tensor(dtype, f, d, newShape, newStrides, newOffset, version, true);
  }

  /** A fresh, not yet shared result given another shape (still owning its storage). */
  private Tensor freshAs(int[] newShape, int[] newStrides, int newOffset) {
    return new Tensor(dtype, f, d, newShape, newStrides, newOffset, version, false);
  }

  // ---------------------------------------------------------------------------------------------
  // Shape helpers

  private int normDim(String op, int dim) {
    if (shape.length == 0) {
      throw new IllegalArgumentException(op + ": a 0-dimensional tensor has no dimension " + dim);
    }
    return Shapes.normDim(op, dim, shape.length);
  }

  /** This tensor's strides when broadcast to {@code target} (0 along broadcast dimensions). */
  private int[] broadcastStrides(int[] target) {
    int r = target.length;
    int[] st = new int[r];
    int off = r - shape.length;
    for (int i = 0; i < shape.length; i++) {
      st[i + off] = shape[i] == 1 && target[i + off] != 1 ? 0 : strides[i];
    }
    return st;
  }

  private void checkDType(String op, Tensor o) {
    if (o.dtype != dtype) {
      DType wider = DType.FLOAT64;
      throw new IllegalArgumentException(op + ": dtypes " + dtype + " and " + o.dtype + " differ"
          + " (shapes " + Arrays.toString(shape) + " and " + Arrays.toString(o.shape) + "); convert"
          + " one explicitly, e.g. with .to(DType." + wider + ")");
    }
  }

  private double readAt(int storageIndex) {
    return f != null ? f[storageIndex] : d[storageIndex];
  }

  private void writeAt(int storageIndex, double v) {
    if (f != null) {
      f[storageIndex] = (float) v;
    } else {
      d[storageIndex] = v;
    }
  }

  /** A contiguous tensor with this tensor's values: {@code this} when already contiguous. */
  private Tensor contiguousData() {
    if (contiguous) {
      return this;
    }
    Tensor out = alloc(dtype, shape.clone());
    copyInto(this, out);
    return out;
  }

  /** Copies {@code src} (broadcast to {@code dst}'s shape) into {@code dst}, any strides. */
  private static void copyInto(Tensor src, Tensor dst) {
    int[] ss = src.broadcastStrides(dst.shape);
    Runs r = Runs.over(dst.shape, dst.strides, dst.offset, ss, src.offset, null, 0);
    if (src.f != null) {
      float[] s = src.f;
      float[] t = dst.f;
      while (r.next()) {
        int o0 = r.o0, o1 = r.o1, n = r.n, s0 = r.s0, s1 = r.s1;
        if (s0 == 1 && s1 == 1) {
          System.arraycopy(s, o1, t, o0, n);
        } else if (s0 == 1 && s1 == 0) {
          Arrays.fill(t, o0, o0 + n, s[o1]);
        } else {
          for (int i = 0; i < n; i++) {
            t[o0 + i * s0] = s[o1 + i * s1];
          }
        }
      }
    } else {
      double[] s = src.d;
      double[] t = dst.d;
      while (r.next()) {
        int o0 = r.o0, o1 = r.o1, n = r.n, s0 = r.s0, s1 = r.s1;
        if (s0 == 1 && s1 == 1) {
          System.arraycopy(s, o1, t, o0, n);
        } else if (s0 == 1 && s1 == 0) {
          Arrays.fill(t, o0, o0 + n, s[o1]);
        } else {
          for (int i = 0; i < n; i++) {
            t[o0 + i * s0] = s[o1 + i * s1];
          }
        }
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The one place that records operations on the tape.

  private static boolean recording(Tensor a) {
    return a.requiresGradFlag() && GradMode.isEnabled();
  }

  private static boolean recording(Tensor a, Tensor b) {
    return (a.requiresGradFlag() || b.requiresGradFlag()) && GradMode.isEnabled();
  }

  private boolean requiresGradFlag() {
    return node != null || leafRequiresGrad;
  }

  /**
   * Records {@code out} as the result of {@code op} applied to {@code inputs} when grad mode is on
   * and any input requires grad; returns the node (for the op's parameters) or null when nothing
   * was recorded. Every differentiable operation goes through here or through {@link #record1} and
   * {@link #record2}, which do the same for one and two inputs without an array of them.
   */
  private static Node record(Tensor out, Op op, Tensor[] inputs, Tensor... saved) {
    boolean any = false;
    for (Tensor t : inputs) {
      if (t != null && t.requiresGradFlag()) {
        any = true;
        break;
      }
    }
    if (!any || !GradMode.isEnabled()) {
      return null;
    }
    Node n = new Node(op, inputs.length, saved);
    for (int i = 0; i < inputs.length; i++) {
      if (inputs[i] != null) {
        inputs[i].connectAsInput(n, i);
      }
    }
    out.node = n;
    return n;
  }

  /** Tells {@code n} that this tensor is its input {@code i}: where the gradient goes, the shape and dtype. */
  private void connectAsInput(Node n, int i) {
    n.connect(i, node, node == null && leafRequiresGrad ? accumulator : null, shape, dtype);
  }

  private static Node record1(Tensor out, Op op, Tensor a) {
    return record1(out, op, a, NO_TENSORS);
  }

  private static Node record1(Tensor out, Op op, Tensor a, Tensor... saved) {
    if (!recording(a)) {
      return null;
    }
    Node n = new Node(op, 1, saved);
    a.connectAsInput(n, 0);
    out.node = n;
    return n;
  }

  private static Node record2(Tensor out, Op op, Tensor a, Tensor b) {
    return record2(out, op, a, b, NO_TENSORS);
  }

  private static Node record2(Tensor out, Op op, Tensor a, Tensor b, Tensor... saved) {
    if (!recording(a, b)) {
      return null;
    }
    Node n = new Node(op, 2, saved);
    a.connectAsInput(n, 0);
    b.connectAsInput(n, 1);
    out.node = n;
    return n;
  }

  // ---------------------------------------------------------------------------------------------
  // Creation

  /** Sets the dtype of tensors created without one (like {@code torch.set_default_dtype}). */
  public static void setDefaultDType(DType dtype) {
    if (dtype == null) {
      throw new IllegalArgumentException("setDefaultDType: dtype must not be null");
    }
    defaultDType = dtype;
  }

  /** The dtype of tensors created without one; {@link DType#FLOAT32} unless changed. */
  public static DType defaultDType() {
    return defaultDType;
  }

  private static Tensor fromDoubles(double[] data, int[] shape, DType dt) {
    Tensor t = alloc(dt, shape);
    if (t.f != null) {
      for (int i = 0; i < data.length; i++) {
        t.f[i] = (float) data[i];
      }
    } else {
      System.arraycopy(data, 0, t.d, 0, data.length);
    }
    return t;
  }

  /** A 0-dimensional tensor holding {@code value}: {@code Tensor.scalar(2.0)} is {@code tensor(2.)}. */
  public static Tensor scalar(double value) {
    return scalar(value, defaultDType);
  }

  /** A 0-dimensional tensor of the given dtype. */
  public static Tensor scalar(double value, DType dtype) {
    return fromDoubles(new double[] {value}, NO_DIMS, dtype);
  }

  /** A 1-D tensor of the default dtype: {@code Tensor.of(1.0, 2.0, 3.0)}. */
  public static Tensor of(double... values) {
    return fromDoubles(values, new int[] {values.length}, defaultDType);
  }

  /** A 1-D tensor of the default dtype from floats (and int literals): {@code Tensor.of(1, 2, 3)}. */
  public static Tensor of(float... values) {
    double[] v = new double[values.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = values[i];
    }
    return fromDoubles(v, new int[] {values.length}, defaultDType);
  }

  /** A tensor of the given shape filled row-major from {@code data}: {@code of(new double[]{1,2,3,4}, 2, 2)}. */
  public static Tensor of(double[] data, int... shape) {
    int n = Shapes.checkedNumel("of", shape);
    if (n != data.length) {
      throw new IllegalArgumentException("of: " + data.length + " values cannot fill shape "
          + Arrays.toString(shape) + ", which holds " + n);
    }
    return fromDoubles(data, shape.clone(), defaultDType);
  }

  /** A tensor of the given dtype and shape filled row-major from {@code data}. */
  public static Tensor of(DType dtype, double[] data, int... shape) {
    int n = Shapes.checkedNumel("of", shape);
    if (n != data.length) {
      throw new IllegalArgumentException("of: " + data.length + " values cannot fill shape "
          + Arrays.toString(shape) + ", which holds " + n);
    }
    return fromDoubles(data, shape.clone(), dtype);
  }

  /** A 2-D tensor from rows of equal length. */
  public static Tensor of(double[][] rows) {
    int r = rows.length;
    int c = r == 0 ? 0 : rows[0].length;
    double[] data = new double[Shapes.checkedNumel("of", new int[] {r, c})];
    for (int i = 0; i < r; i++) {
      if (rows[i].length != c) {
        throw new IllegalArgumentException("of: row " + i + " has " + rows[i].length
            + " values but row 0 has " + c + "; rows must have equal lengths");
      }
      System.arraycopy(rows[i], 0, data, i * c, c);
    }
    return fromDoubles(data, new int[] {r, c}, defaultDType);
  }

  /** Zeros of the given shape and default dtype. */
  public static Tensor zeros(int... shape) {
    Shapes.checkedNumel("zeros", shape);
    return alloc(defaultDType, shape.clone());
  }

  /** Zeros of the given dtype and shape. */
  public static Tensor zeros(DType dtype, int... shape) {
    Shapes.checkedNumel("zeros", shape);
    return alloc(dtype, shape.clone());
  }

  /** Ones of the given shape and default dtype. */
  public static Tensor ones(int... shape) {
    return full(1.0, shape);
  }

  /** Ones of the given dtype and shape. */
  public static Tensor ones(DType dtype, int... shape) {
    return full(1.0, dtype, shape);
  }

  /** A tensor of the given shape with every element {@code value}. */
  public static Tensor full(double value, int... shape) {
    return full(value, defaultDType, shape);
  }

  /** A tensor of the given dtype and shape with every element {@code value}. */
  public static Tensor full(double value, DType dtype, int... shape) {
    Shapes.checkedNumel("full", shape);
    Tensor t = alloc(dtype, shape.clone());
    if (t.f != null) {
      Arrays.fill(t.f, (float) value);
    } else {
      Arrays.fill(t.d, value);
    }
    return t;
  }

  /** {@code 0, 1, ..., end - 1} (fewer when {@code end} is not an integer: values below end). */
  public static Tensor arange(double end) {
    return arange(0, end, 1);
  }

  /** {@code start, start + step, ...} up to but excluding {@code end}. */
  public static Tensor arange(double start, double end, double step) {
    if (step == 0 || Double.isNaN(step) || Double.isNaN(start) || Double.isNaN(end)
        || Double.isInfinite(start) || Double.isInfinite(end)) {
      throw new IllegalArgumentException("arange: need finite start and end and a non-zero step, got"
          + " start=" + start + ", end=" + end + ", step=" + step);
    }
    double count = Math.ceil((end - start) / step);
    if (count > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("arange: " + count + " elements is more than the "
          + Integer.MAX_VALUE + " a tensor can hold");
    }
    int n = (int) Math.max(0, count);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = start + i * step;
    }
    return fromDoubles(v, new int[] {n}, defaultDType);
  }

  /** {@code steps} evenly spaced values from {@code start} to {@code end}, both included. */
  public static Tensor linspace(double start, double end, int steps) {
    if (steps < 0) {
      throw new IllegalArgumentException("linspace: steps must be non-negative, got " + steps);
    }
    double[] v = new double[steps];
    double step = steps > 1 ? (end - start) / (steps - 1) : 0;
    for (int i = 0; i < steps; i++) {
      v[i] = i == steps - 1 && steps > 1 ? end : start + i * step;
    }
    return fromDoubles(v, new int[] {steps}, defaultDType);
  }

  /** The {@code n×n} identity matrix. */
  public static Tensor eye(int n) {
    Tensor t = zeros(n, n);
    for (int i = 0; i < n; i++) {
      t.writeAt(i * n + i, 1);
    }
    return t;
  }

  /** Uniform random values in {@code [0, 1)} drawn from {@code random}. */
  public static Tensor rand(Random random, int... shape) {
    Tensor t = zeros(shape);
    for (int i = 0; i < t.numel; i++) {
      t.writeAt(i, random.nextDouble());
    }
    return t;
  }

  /** Standard normal random values drawn from {@code random}. */
  public static Tensor randn(Random random, int... shape) {
    Tensor t = zeros(shape);
    for (int i = 0; i < t.numel; i++) {
      t.writeAt(i, random.nextGaussian());
    }
    return t;
  }

  /** Zeros with the shape and dtype of {@code t}. */
  public static Tensor zerosLike(Tensor t) {
    return alloc(t.dtype, t.shape.clone());
  }

  /**
   * Zeros shaped like input {@code input} of a recorded operation, recorded (while grad mode is on
   * and that input requires grad) as depending on it with derivative zero. The rules of operations
   * whose derivative is piecewise constant ({@code sign}, {@code max}, ...) add it to their result
   * under CREATE_GRAPH, so that result stays connected to the input's graph without the node keeping
   * the input's value alive (or refusing to run after it was changed in place).
   *
   * @param node the recorded operation
   * @param input which of its inputs
   * @return zeros of that input's shape and dtype
   */
  public static Tensor zerosLinkedTo(Node node, int input) {
    Tensor out = alloc(node.inputType(input), node.inputShape(input));
    if (GradMode.isEnabled() && node.needs(input)) {
      out.node = node.zeroDerivativeOn(input);
    }
    return out;
  }

  /** Ones with the shape and dtype of {@code t}. */
  public static Tensor onesLike(Tensor t) {
    return full(1.0, t.dtype, t.shape);
  }

  /**
   * A tensor of {@code shape} that is 1 where the coordinate along {@code dim} equals
   * {@code index[j]} and 0 elsewhere; {@code j} numbers the positions of the other dimensions in
   * row-major order. {@code indicator([2, 3], 1, {2, 0}, FLOAT32)} is {@code [[0,0,1],[1,0,0]]}.
   */
  public static Tensor indicator(int[] shape, int dim, int[] index, DType dtype) {
    int dm = Shapes.normDim("indicator", dim, shape.length);
    Tensor t = alloc(dtype, shape.clone());
    int size = shape[dm];
    int inner = t.strides[dm];
    int outer = size == 0 ? 0 : t.numel / (size * inner);
    if (index.length != outer * inner) {
      throw new IllegalArgumentException("indicator: " + index.length + " indices for shape "
          + Arrays.toString(shape) + " along dimension " + dm + ", expected " + outer * inner);
    }
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < inner; i++) {
        int k = index[o * inner + i];
        if (k < 0 || k >= size) {
          throw new IndexOutOfBoundsException("indicator: index " + k
              + " is out of bounds for dimension " + dm + " with size " + size);
        }
        t.writeAt((o * size + k) * inner + i, 1);
      }
    }
    return t;
  }

  // ---------------------------------------------------------------------------------------------
  // Reading

  /** The sizes of the dimensions (a copy). */
  public int[] shape() {
    return shape.clone();
  }

  /**
   * True if this tensor has exactly these sizes, without copying its shape as {@link #shape()} does.
   *
   * <pre>{@code
   * Tensor.zeros(2, 3).hasShape(2, 3);   // true
   * Tensor.zeros(2, 3).hasShape(3, 2);   // false
   * }</pre>
   *
   * @param sizes the sizes of the dimensions, outermost first ({@code new int[0]} for a scalar)
   * @return whether they are this tensor's
   */
  public boolean hasShape(int... sizes) {
    return shape == sizes || Arrays.equals(shape, sizes);
  }

  /** The number of dimensions (0 for a scalar). */
  public int dim() {
    return shape.length;
  }

  /** The size of dimension {@code dim} (negative counts from the end). */
  public int size(int dim) {
    return shape[normDim("size", dim)];
  }

  /** The number of elements. */
  public int numel() {
    return numel;
  }

  /** The element type. */
  public DType dtype() {
    return dtype;
  }

  /** The version of the storage: how many in-place modifications it has seen. */
  public int version() {
    return version.get();
  }

  /** True when this tensor shares its storage with another tensor (a view or a detached copy). */
  public boolean isView() {
    return view;
  }

  /** True when the elements are laid out row-major without gaps. */
  public boolean isContiguous() {
    return contiguous;
  }

  /**
   * The value of a one-element tensor, as a plain number that carries no gradient (works on
   * tensors that require grad, e.g. for control flow).
   */
  public double item() {
    if (numel != 1) {
      throw new IllegalArgumentException("item: only one-element tensors can be converted to a"
          + " number; this one has shape " + Arrays.toString(shape) + " (" + numel + " elements)");
    }
    return readAt(offset);
  }

  /** The element at {@code index} (one index per dimension; negative counts from the end). */
  public double get(int... index) {
    return readAt(storageIndex("get", index));
  }

  private int storageIndex(String op, int[] index) {
    if (index.length != shape.length) {
      throw new IllegalArgumentException(op + ": " + index.length + " indices given for a tensor of"
          + " shape " + Arrays.toString(shape) + ", which needs " + shape.length);
    }
    int o = offset;
    for (int i = 0; i < index.length; i++) {
      int k = index[i];
      if (k < -shape[i] || k >= shape[i]) {
        throw new IndexOutOfBoundsException(op + ": index " + k + " is out of bounds for dimension "
            + i + " with size " + shape[i] + " (shape " + Arrays.toString(shape) + ")");
      }
      o += (k < 0 ? k + shape[i] : k) * strides[i];
    }
    return o;
  }

  /** The elements in row-major order, as doubles. */
  public double[] toDoubleArray() {
    Tensor c = contiguousData();
    double[] out = new double[numel];
    if (c.f != null) {
      for (int i = 0; i < numel; i++) {
        out[i] = c.f[c.offset + i];
      }
    } else {
      System.arraycopy(c.d, c.offset, out, 0, numel);
    }
    return out;
  }

  /** The elements in row-major order, as floats (FLOAT64 values are rounded). */
  public float[] toFloatArray() {
    Tensor c = contiguousData();
    float[] out = new float[numel];
    if (c.f != null) {
      System.arraycopy(c.f, c.offset, out, 0, numel);
    } else {
      for (int i = 0; i < numel; i++) {
        out[i] = (float) c.d[c.offset + i];
      }
    }
    return out;
  }

  /**
   * True when every element satisfies {@code |this - other| <= atol + rtol * |other|}
   * (broadcasting, like {@code torch.allclose}); NaN is close to nothing.
   */
  public boolean allClose(Tensor other, double rtol, double atol) {
    checkDType("allClose", other);
    int[] out = Shapes.broadcastShapes("allClose", shape, other.shape).clone();
    double[] a = expandData(out).toDoubleArray();
    double[] b = other.expandData(out).toDoubleArray();
    for (int i = 0; i < a.length; i++) {
      if (!(Math.abs(a[i] - b[i]) <= atol + rtol * Math.abs(b[i])) && a[i] != b[i]) {
        return false;
      }
    }
    return true;
  }

  /** {@link #allClose(Tensor, double, double)} with PyTorch's defaults {@code rtol=1e-5, atol=1e-8}. */
  public boolean allClose(Tensor other) {
    return allClose(other, 1e-5, 1e-8);
  }

  /** This tensor converted to {@code target} (itself if already of that dtype); differentiable. */
  public Tensor to(DType target) {
    if (target == dtype) {
      return this;
    }
    Tensor c = contiguousData();
    Tensor out = alloc(target, shape.clone());
    if (target == DType.FLOAT64) {
      for (int i = 0; i < numel; i++) {
        out.d[i] = c.f[c.offset + i];
      }
    } else {
      for (int i = 0; i < numel; i++) {
        out.f[i] = (float) c.d[c.offset + i];
      }
    }
    record1(out, Op.TO_DTYPE, this);
    return out;
  }

  /** A contiguous copy (itself when already contiguous); differentiable. */
  public Tensor contiguous() {
    return contiguous ? this : copy();
  }

  /** A contiguous copy with its own storage; differentiable ({@code CloneBackward}). */
  public Tensor copy() {
    Tensor out = alloc(dtype, shape.clone());
    copyInto(this, out);
    record1(out, Op.CLONE, this);
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // Elementwise machinery

  private static BinaryOp reversed(BinaryOp op) {
    return switch (op) {
      case ADD, MUL, MAX, MIN, EQ -> op;
      case SUB -> BinaryOp.RSUB;
      case RSUB -> BinaryOp.SUB;
      case DIV -> BinaryOp.RDIV;
      case RDIV -> BinaryOp.DIV;
      case GT -> BinaryOp.LT;
      case LT -> BinaryOp.GT;
      case GE -> BinaryOp.LE;
      case LE -> BinaryOp.GE;
      case POW -> null;
    };
  }

  /** {@code out = op(a, b)} with broadcasting; {@code out} may be any strided view of the result shape. */
  private static void zipInto(BinaryOp op, Tensor a, Tensor b, Tensor out) {
    Kernels k = Kernels.get();
    int n = out.numel;
    if (out.contiguous && a.contiguous && b.contiguous && a.numel == n && b.numel == n) {
      if (out.f != null) {
        k.zip(op, a.f, a.offset, b.f, b.offset, out.f, out.offset, n);
      } else {
        k.zip(op, a.d, a.offset, b.d, b.offset, out.d, out.offset, n);
      }
      return;
    }
    if (out.contiguous && a.contiguous && a.numel == n && b.numel == 1) {
      if (out.f != null) {
        k.zipScalar(op, a.f, a.offset, b.f[b.offset], out.f, out.offset, n);
      } else {
        k.zipScalar(op, a.d, a.offset, b.d[b.offset], out.d, out.offset, n);
      }
      return;
    }
    BinaryOp rev = reversed(op);
    if (rev != null && out.contiguous && b.contiguous && b.numel == n && a.numel == 1) {
      if (out.f != null) {
        k.zipScalar(rev, b.f, b.offset, a.f[a.offset], out.f, out.offset, n);
      } else {
        k.zipScalar(rev, b.d, b.offset, a.d[a.offset], out.d, out.offset, n);
      }
      return;
    }
    Tensor aa = a.innerFriendly() ? a : a.contiguousData();
    Tensor bb = b.innerFriendly() ? b : b.contiguousData();
    int[] sa = aa.broadcastStrides(out.shape);
    int[] sb = bb.broadcastStrides(out.shape);
    Runs r = Runs.over(out.shape, out.strides, out.offset, sa, aa.offset, sb, bb.offset);
    if (out.f != null) {
      float[] x = aa.f, y = bb.f, z = out.f;
      while (r.next()) {
        int oo = r.o0, ao = r.o1, bo = r.o2, len = r.n, so = r.s0, s1 = r.s1, s2 = r.s2;
        if (so == 1 && s1 == 1 && s2 == 1) {
          k.zip(op, x, ao, y, bo, z, oo, len);
        } else if (so == 1 && s1 == 1 && s2 == 0) {
          k.zipScalar(op, x, ao, y[bo], z, oo, len);
        } else if (so == 1 && s1 == 0 && s2 == 1 && rev != null) {
          k.zipScalar(rev, y, bo, x[ao], z, oo, len);
        } else {
          for (int i = 0; i < len; i++) {
            z[oo + i * so] = (float) ScalarKernels.apply(op, x[ao + i * s1], y[bo + i * s2]);
          }
        }
      }
    } else {
      double[] x = aa.d, y = bb.d, z = out.d;
      while (r.next()) {
        int oo = r.o0, ao = r.o1, bo = r.o2, len = r.n, so = r.s0, s1 = r.s1, s2 = r.s2;
        if (so == 1 && s1 == 1 && s2 == 1) {
          k.zip(op, x, ao, y, bo, z, oo, len);
        } else if (so == 1 && s1 == 1 && s2 == 0) {
          k.zipScalar(op, x, ao, y[bo], z, oo, len);
        } else if (so == 1 && s1 == 0 && s2 == 1 && rev != null) {
          k.zipScalar(rev, y, bo, x[ao], z, oo, len);
        } else {
          for (int i = 0; i < len; i++) {
            z[oo + i * so] = ScalarKernels.apply(op, x[ao + i * s1], y[bo + i * s2]);
          }
        }
      }
    }
  }

  /** True when the innermost dimension is unit-stride, broadcast or trivial. */
  private boolean innerFriendly() {
    if (contiguous || shape.length == 0) {
      return true;
    }
    int last = shape.length - 1;
    return shape[last] == 1 || strides[last] == 1 || strides[last] == 0;
  }

  private Tensor binary(String name, BinaryOp op, Tensor o) {
    checkDType(name, o);
    int[] outShape = Shapes.broadcastShapes(name, shape, o.shape);
    Tensor out = outShape == shape ? allocLike(this, shape) : alloc(dtype, outShape.clone());
    zipInto(op, this, o, out);
    return out;
  }

  private Tensor binaryScalar(BinaryOp op, double s) {
    Tensor out = allocLike(this, shape);
    Kernels k = Kernels.get();
    if (contiguous) {
      if (f != null) {
        k.zipScalar(op, f, offset, (float) s, out.f, 0, numel);
      } else {
        k.zipScalar(op, d, offset, s, out.d, 0, numel);
      }
    } else {
      copyInto(this, out);
      if (f != null) {
        k.zipScalar(op, out.f, 0, (float) s, out.f, 0, numel);
      } else {
        k.zipScalar(op, out.d, 0, s, out.d, 0, numel);
      }
    }
    return out;
  }

  /** {@code this = op(this, s)}: the scalar kernel on contiguous data, else the broadcasting loop. */
  private void scalarInPlace(BinaryOp op, double s) {
    if (!contiguous) {
      zipInto(op, this, scalarOf(s), this);
      return;
    }
    Kernels k = Kernels.get();
    if (f != null) {
      k.zipScalar(op, f, offset, (float) s, f, offset, numel);
    } else {
      k.zipScalar(op, d, offset, s, d, offset, numel);
    }
  }

  private Tensor unary(UnaryOp op) {
    Tensor out = allocLike(this, shape);
    Kernels k = Kernels.get();
    if (contiguous) {
      if (f != null) {
        k.map(op, f, offset, out.f, 0, numel);
      } else {
        k.map(op, d, offset, out.d, 0, numel);
      }
    } else {
      copyInto(this, out);
      if (f != null) {
        k.map(op, out.f, 0, out.f, 0, numel);
      } else {
        k.map(op, out.d, 0, out.d, 0, numel);
      }
    }
    return out;
  }

  private Tensor unaryRecorded(UnaryOp uop, Op op, boolean saveInput, boolean saveOutput) {
    Tensor out = unary(uop);
    if (recording(this)) {
      Tensor[] saved = saveInput && saveOutput ? new Tensor[] {this, out}
          : saveInput ? new Tensor[] {this} : saveOutput ? new Tensor[] {out} : NO_TENSORS;
      record1(out, op, this, saved);
    }
    return out;
  }

  private Tensor scalarOf(double v) {
    return scalar(v, dtype);
  }

  // ---------------------------------------------------------------------------------------------
  // Elementwise operations

  /** {@code this + other}, broadcasting. */
  public Tensor add(Tensor other) {
    Tensor out = binary("add", BinaryOp.ADD, other);
    record2(out, Op.ADD, this, other);
    return out;
  }

  /** {@code this + s}. */
  public Tensor add(double s) {
    Tensor out = binaryScalar(BinaryOp.ADD, s);
    record1(out, Op.ADD_SCALAR, this);
    return out;
  }

  /** {@code this - other}, broadcasting. */
  public Tensor sub(Tensor other) {
    Tensor out = binary("sub", BinaryOp.SUB, other);
    record2(out, Op.SUB, this, other);
    return out;
  }

  /** {@code this - s}. */
  public Tensor sub(double s) {
    Tensor out = binaryScalar(BinaryOp.SUB, s);
    record1(out, Op.SUB_SCALAR, this);
    return out;
  }

  /** {@code s - this} (PyTorch's {@code rsub}, what {@code 2 - x} records). */
  public Tensor rsub(double s) {
    Tensor out = binaryScalar(BinaryOp.RSUB, s);
    record1(out, Op.RSUB_SCALAR, this);
    return out;
  }

  /** {@code this * other}, broadcasting. */
  public Tensor mul(Tensor other) {
    Tensor out = binary("mul", BinaryOp.MUL, other);
    if (recording(this, other)) {
      // Save only what the rule will read, so unrelated in-place changes stay allowed.
      record2(out, Op.MUL, this, other,
          other.requiresGradFlag() ? this : null, requiresGradFlag() ? other : null);
    }
    return out;
  }

  /** {@code this * s}. */
  public Tensor mul(double s) {
    Tensor out = binaryScalar(BinaryOp.MUL, s);
    Node n = record1(out, Op.MUL_SCALAR, this);
    if (n != null) {
      n.scalar = s;
    }
    return out;
  }

  /** {@code this / other}, broadcasting. */
  public Tensor div(Tensor other) {
    Tensor out = binary("div", BinaryOp.DIV, other);
    if (recording(this, other)) {
      // The divisor is always needed; the dividend only for the divisor's gradient.
      record2(out, Op.DIV, this, other, other.requiresGradFlag() ? this : null, other);
    }
    return out;
  }

  /** {@code this / s}. */
  public Tensor div(double s) {
    Tensor out = binaryScalar(BinaryOp.DIV, s);
    Node n = record1(out, Op.DIV_SCALAR, this);
    if (n != null) {
      n.scalar = s;
    }
    return out;
  }

  /** {@code s / this}. */
  public Tensor rdiv(double s) {
    Tensor out = binaryScalar(BinaryOp.RDIV, s);
    Node n = record1(out, Op.RDIV_SCALAR, this, out);
    if (n != null) {
      n.scalar = s;
    }
    return out;
  }

  /** {@code -this}. */
  public Tensor neg() {
    Tensor out = unary(UnaryOp.NEG);
    record1(out, Op.NEG, this);
    return out;
  }

  /** {@code this ^ p} elementwise. */
  public Tensor pow(double p) {
    Tensor out = p == 2 ? unary(UnaryOp.SQUARE) : binaryScalar(BinaryOp.POW, p);
    Node n = record1(out, Op.POW_SCALAR, this, this);
    if (n != null) {
      n.scalar = p;
    }
    return out;
  }

  /** {@code this ^ exponent} elementwise, broadcasting. */
  public Tensor pow(Tensor exponent) {
    Tensor out = binary("pow", BinaryOp.POW, exponent);
    if (recording(this, exponent)) {
      record2(out, Op.POW, this, exponent, this, exponent, out);
    }
    return out;
  }

  /** {@code e^this}. */
  public Tensor exp() {
    return unaryRecorded(UnaryOp.EXP, Op.EXP, false, true);
  }

  /** The natural logarithm. */
  public Tensor log() {
    return unaryRecorded(UnaryOp.LOG, Op.LOG, true, false);
  }

  /** Sine. */
  public Tensor sin() {
    return unaryRecorded(UnaryOp.SIN, Op.SIN, true, false);
  }

  /** Cosine. */
  public Tensor cos() {
    return unaryRecorded(UnaryOp.COS, Op.COS, true, false);
  }

  /** Tangent. */
  public Tensor tan() {
    return unaryRecorded(UnaryOp.TAN, Op.TAN, false, true);
  }

  /** Hyperbolic tangent. */
  public Tensor tanh() {
    return unaryRecorded(UnaryOp.TANH, Op.TANH, false, true);
  }

  /** {@code 1 / (1 + e^-this)}. */
  public Tensor sigmoid() {
    return unaryRecorded(UnaryOp.SIGMOID, Op.SIGMOID, false, true);
  }

  /** {@code max(this, 0)}; its derivative at 0 is taken as 0 (PyTorch's choice). */
  public Tensor relu() {
    return unaryRecorded(UnaryOp.RELU, Op.RELU, false, true);
  }

  /** Square root. */
  public Tensor sqrt() {
    return unaryRecorded(UnaryOp.SQRT, Op.SQRT, false, true);
  }

  /** Absolute value; its derivative at 0 is taken as 0 (PyTorch's choice). */
  public Tensor abs() {
    return unaryRecorded(UnaryOp.ABS, Op.ABS, true, false);
  }

  /** {@code this * this}. */
  public Tensor square() {
    return unaryRecorded(UnaryOp.SQUARE, Op.SQUARE, true, false);
  }

  /** {@code 1 / this}. */
  public Tensor reciprocal() {
    return unaryRecorded(UnaryOp.RECIPROCAL, Op.RECIPROCAL, false, true);
  }

  /**
   * {@code -1, 0, 1} by sign. Its derivative is 0 almost everywhere: like PyTorch it is recorded
   * ({@code SignBackward}), so gradients through it are zeros rather than missing.
   */
  public Tensor sign() {
    return unaryRecorded(UnaryOp.SIGN, Op.SIGN, false, false);
  }

  /** The elementwise maximum, broadcasting; on ties each side gets half the gradient (as PyTorch). */
  public Tensor maximum(Tensor other) {
    Tensor out = binary("maximum", BinaryOp.MAX, other);
    record2(out, Op.MAXIMUM, this, other, this, other);
    return out;
  }

  /** The elementwise minimum, broadcasting; on ties each side gets half the gradient (as PyTorch). */
  public Tensor minimum(Tensor other) {
    Tensor out = binary("minimum", BinaryOp.MIN, other);
    record2(out, Op.MINIMUM, this, other, this, other);
    return out;
  }

  /**
   * Each element limited to {@code [min, max]}; the gradient passes where {@code min <= x <= max}
   * (PyTorch's choice at the bounds) and is 0 elsewhere. As in PyTorch, {@code min(max(x, min), max)}: when
   * {@code min > max} every element becomes {@code max} and the gradient is 0.
   */
  public Tensor clamp(double min, double max) {
    Tensor out = binaryScalar(BinaryOp.MAX, min);
    Kernels k = Kernels.get();
    if (out.f != null) {
      k.zipScalar(BinaryOp.MIN, out.f, 0, (float) max, out.f, 0, numel);
    } else {
      k.zipScalar(BinaryOp.MIN, out.d, 0, max, out.d, 0, numel);
    }
    Node n = record1(out, Op.CLAMP, this, this);
    if (n != null) {
      n.scalar = min;
      n.scalar2 = max;
    }
    return out;
  }

  /** {@code this > other ? 1 : 0}, broadcasting; a mask without gradient. */
  public Tensor gt(Tensor other) {
    return binary("gt", BinaryOp.GT, other);
  }

  /** {@code this < other ? 1 : 0}, broadcasting; a mask without gradient. */
  public Tensor lt(Tensor other) {
    return binary("lt", BinaryOp.LT, other);
  }

  /** {@code this >= other ? 1 : 0}, broadcasting; a mask without gradient. */
  public Tensor ge(Tensor other) {
    return binary("ge", BinaryOp.GE, other);
  }

  /** {@code this <= other ? 1 : 0}, broadcasting; a mask without gradient. */
  public Tensor le(Tensor other) {
    return binary("le", BinaryOp.LE, other);
  }

  /** {@code this == other ? 1 : 0}, broadcasting; a mask without gradient. */
  public Tensor eq(Tensor other) {
    return binary("eq", BinaryOp.EQ, other);
  }

  /** {@code this > s ? 1 : 0}; a mask without gradient. */
  public Tensor gt(double s) {
    return binaryScalar(BinaryOp.GT, s);
  }

  /** {@code this < s ? 1 : 0}; a mask without gradient. */
  public Tensor lt(double s) {
    return binaryScalar(BinaryOp.LT, s);
  }

  /** {@code this >= s ? 1 : 0}; a mask without gradient. */
  public Tensor ge(double s) {
    return binaryScalar(BinaryOp.GE, s);
  }

  /** {@code this <= s ? 1 : 0}; a mask without gradient. */
  public Tensor le(double s) {
    return binaryScalar(BinaryOp.LE, s);
  }

  /** {@code this == s ? 1 : 0}; a mask without gradient. */
  public Tensor eq(double s) {
    return binaryScalar(BinaryOp.EQ, s);
  }

  /**
   * {@code a} where {@code cond} is non-zero, {@code b} elsewhere; all three broadcast together.
   * Differentiable in {@code a} and {@code b}.
   */
  public static Tensor where(Tensor cond, Tensor a, Tensor b) {
    a.checkDType("where", b);
    int[] s1 = Shapes.broadcastShapes("where", cond.shape, a.shape);
    int[] outShape = Shapes.broadcastShapes("where", s1, b.shape).clone();
    Tensor c = cond.expandData(outShape);
    Tensor x = a.expandData(outShape);
    Tensor y = b.expandData(outShape);
    Tensor out = alloc(a.dtype, outShape);
    int n = out.numel;
    if (out.f != null) {
      for (int i = 0; i < n; i++) {
        out.f[i] = c.readAt(i) != 0 ? x.f[i] : y.f[i];
      }
    } else {
      for (int i = 0; i < n; i++) {
        out.d[i] = c.readAt(i) != 0 ? x.d[i] : y.d[i];
      }
    }
    if (recording(a, b)) {
      record2(out, Op.WHERE, a, b, cond.detach());
    }
    return out;
  }

  /** A contiguous, offset-0 copy of this tensor broadcast to {@code target} (not recorded). */
  private Tensor expandData(int[] target) {
    Tensor out = alloc(dtype, target.clone());
    copyInto(this, out);
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // Reductions

  /** The sum of all elements, as a 0-dimensional tensor. */
  public Tensor sum() {
    Tensor out = alloc(dtype, NO_DIMS);
    out.writeAt(0, sumAll());
    record1(out, Op.SUM, this);
    return out;
  }

  private double sumAll() {
    Kernels k = Kernels.get();
    if (contiguous) {
      return f != null ? k.sum(f, offset, numel) : k.sum(d, offset, numel);
    }
    double acc = 0;
    for (Runs r = Runs.over(shape, strides, offset, null, 0, null, 0); r.next(); ) {
      int o = r.o0, n = r.n, s = r.s0;
      if (s == 1) {
        acc += f != null ? k.sum(f, o, n) : k.sum(d, o, n);
      } else if (s == 0) {
        acc += n * readAt(o);
      } else {
        for (int i = 0; i < n; i++) {
          acc += readAt(o + i * s);
        }
      }
    }
    return acc;
  }

  /** The sum over dimension {@code dim}, which is removed: {@code sum(dim, false)}. */
  public Tensor sum(int dim) {
    return sum(dim, false);
  }

  /** The sum over dimension {@code dim}, keeping it with size 1 when {@code keepDim}. */
  public Tensor sum(int dim, boolean keepDim) {
    int dm = normDim("sum", dim);
    int[] kept = shape.clone();
    kept[dm] = 1;
    Tensor out = alloc(dtype, kept);
    reduceSumInto(this, out);
    if (!keepDim) {
      out = out.freshAs(Shapes.removeDim(kept, dm), Shapes.removeDim(out.strides, dm), 0);
    }
    Node n = record1(out, Op.SUM_DIM, this);
    if (n != null) {
      n.dim = dm;
      n.flag = keepDim;
    }
    return out;
  }

  /**
   * Adds {@code src} into the fresh contiguous {@code out}, whose shape is {@code src}'s shape
   * with some dimensions of size 1 (or missing at the front): the reduction behind {@code sum(dim)}
   * and {@link #sumToShape}.
   */
  private static void reduceSumInto(Tensor src, Tensor out) {
    int[] os = out.broadcastStrides(src.shape);
    Kernels k = Kernels.get();
    Tensor s = src.innerFriendly() ? src : src.contiguousData();
    Runs r = Runs.over(s.shape, os, 0, s.strides, s.offset, null, 0);
    if (out.f != null) {
      // Float sums end in double and are rounded once, as sum() does: summing a million rows into float
      // accumulators lost 1% of a bias gradient.
      double[] z = new double[out.numel];
      if (sumsLeadingDims(s, os)) {
        // Leading dimensions summed away (a bias gradient, sum(0)): column sums over blocks of rows.
        k.addColumnSums(s.f, s.offset, s.numel / z.length, z.length, z);
      } else if (r.next()) {
        // Every run has the innermost dimension's strides: one loop per pattern, each small enough for C2 to
        // compile with its kernel inlined (one loop for all patterns made row sums 1.5x slower).
        if (r.s0 == 1 && r.s1 == 1) {
          addRowsInto(r, s.f, z, k);
        } else if (r.s0 == 0 && r.s1 == 1) {
          sumRowsInto(r, s.f, z, k);
        } else {
          addStridedInto(r, s.f, z);
        }
      }
      float[] result = out.f;
      for (int i = 0; i < z.length; i++) {
        result[i] = (float) z[i];
      }
    } else {
      double[] z = out.d, x = s.d;
      while (r.next()) {
        int oo = r.o0, xo = r.o1, n = r.n, so = r.s0, sx = r.s1;
        if (so == 1 && sx == 1) {
          k.axpy(1.0, x, xo, z, oo, n);
        } else if (so == 0 && sx == 1) {
          z[oo] += k.sum(x, xo, n);
        } else if (so == 0 && sx == 0) {
          z[oo] += n * x[xo];
        } else if (so == 1 && sx == 0) {
          k.zipScalar(BinaryOp.ADD, z, oo, x[xo], z, oo, n);
        } else {
          for (int i = 0; i < n; i++) {
            z[oo + i * so] += x[xo + i * sx];
          }
        }
      }
    }
  }

  /**
   * True for a contiguous source whose reduction sums only its leading dimensions into a contiguous output of its
   * trailing ones ({@code os}: the output's strides over the source's shape), keeping at least two elements.
   */
  private static boolean sumsLeadingDims(Tensor src, int[] os) {
    if (!src.contiguous) {
      return false;
    }
    int first = 0;
    while (first < os.length && os[first] == 0) {
      first++;
    }
    long kept = 1;
    for (int i = first; i < os.length; i++) {
      if (os[i] != src.strides[i]) {
        return false;
      }
      kept *= src.shape[i];
    }
    return kept >= 2;
  }

  /**
   * Float rows added into rows of {@code z}, from the run {@code r} is at: a few rows at a time
   * ({@link Kernels#ROWS_SUMMED_IN_FLOAT} into each element) in float, those partial sums then in double. Widening every
   * element made sum(0) of 4096 x 256 floats 2.3x slower than adding in float.
   */
  private static void addRowsInto(Runs r, float[] x, double[] z, Kernels k) {
    float[] partial = new float[z.length];
    int rowsPerFlush = Kernels.ROWS_SUMMED_IN_FLOAT * Math.max(1, z.length / r.n);
    int rows = 0;
    do {
      k.axpy(1f, x, r.o1, partial, r.o0, r.n);
      if (++rows == rowsPerFlush) {
        k.addWidened(partial, 0, z, 0, partial.length);
        Arrays.fill(partial, 0);
        rows = 0;
      }
    } while (r.next());
    if (rows > 0) {
      k.addWidened(partial, 0, z, 0, partial.length);
    }
  }

  /** Each float row summed (in double) into one element of {@code z}, from the run {@code r} is at. */
  private static void sumRowsInto(Runs r, float[] x, double[] z, Kernels k) {
    do {
      z[r.o0] += k.sum(x, r.o1, r.n);
    } while (r.next());
  }

  /** Any other pattern of float runs, element by element in double, from the run {@code r} is at. */
  private static void addStridedInto(Runs r, float[] x, double[] z) {
    do {
      int oo = r.o0, xo = r.o1, so = r.s0, sx = r.s1;
      for (int i = 0; i < r.n; i++) {
        z[oo + i * so] += x[xo + i * sx];
      }
    } while (r.next());
  }

  /**
   * Sums this tensor down to {@code target}, a shape it was broadcast from: the reverse of
   * broadcasting, used to reduce gradients. Itself when the shapes are equal; differentiable.
   */
  public Tensor sumToShape(int... target) {
    if (Arrays.equals(target, shape)) {
      return this;
    }
    int[] b = Shapes.broadcastShapes("sumToShape", target, shape);
    if (!Arrays.equals(b, shape)) {
      throw new IllegalArgumentException("sumToShape: shape " + Arrays.toString(shape)
          + " cannot be summed down to " + Arrays.toString(target)
          + ", which does not broadcast to it");
    }
    Tensor out = alloc(dtype, target.clone());
    if (out.numel == 1) {
      out.writeAt(0, sumAll());
    } else {
      reduceSumInto(this, out);
    }
    record1(out, Op.SUM_TO_SHAPE, this);
    return out;
  }

  /** The mean of all elements (NaN for an empty tensor). */
  public Tensor mean() {
    Tensor out = alloc(dtype, NO_DIMS);
    out.writeAt(0, sumAll() / numel);
    record1(out, Op.MEAN, this);
    return out;
  }

  /** The mean over dimension {@code dim}, which is removed: {@code mean(dim, false)}. */
  public Tensor mean(int dim) {
    return mean(dim, false);
  }

  /** The mean over dimension {@code dim}, keeping it with size 1 when {@code keepDim}. */
  public Tensor mean(int dim, boolean keepDim) {
    int dm = normDim("mean", dim);
    Tensor s;
    try (GradScope g = new GradScope(false)) {
      s = sum(dm, keepDim);
      Kernels k = Kernels.get();
      // Divided, not multiplied by 1/n: a float 1/n is rounded, and the mean of 41 ones came out 0.99999994.
      int n = shape[dm];
      if (s.f != null) {
        k.zipScalar(BinaryOp.DIV, s.f, 0, n, s.f, 0, s.numel);
      } else {
        k.zipScalar(BinaryOp.DIV, s.d, 0, n, s.d, 0, s.numel);
      }
    }
    Node n = record1(s, Op.MEAN_DIM, this);
    if (n != null) {
      n.dim = dm;
      n.flag = keepDim;
    }
    return s;
  }

  /** The largest element (NaN if any is NaN); the gradient goes to the first arg-max. */
  public Tensor max() {
    return extremum(true);
  }

  /** The smallest element (NaN if any is NaN); the gradient goes to the first arg-min. */
  public Tensor min() {
    return extremum(false);
  }

  private Tensor extremum(boolean max) {
    String name = max ? "max" : "min";
    if (numel == 0) {
      throw new IllegalArgumentException(name + ": the tensor is empty (shape "
          + Arrays.toString(shape) + "); there is no " + (max ? "largest" : "smallest") + " element");
    }
    Tensor c = contiguousData();
    Kernels k = Kernels.get();
    double v = c.f != null ? (max ? k.max(c.f, c.offset, numel) : k.min(c.f, c.offset, numel))
        : (max ? k.max(c.d, c.offset, numel) : k.min(c.d, c.offset, numel));
    Tensor out = scalarOf(v);
    Node n = record1(out, max ? Op.MAX : Op.MIN, this);
    if (n != null) {
      int idx = 0;
      for (int i = 0; i < numel; i++) {
        double x = c.readAt(c.offset + i);
        if (x == v || (Double.isNaN(v) && Double.isNaN(x))) {
          idx = i;
          break;
        }
      }
      n.dim = idx;
    }
    return out;
  }

  /** Rows of this tensor with {@code dim} moved last, contiguous: {@code [outer, size(dim)]} data. */
  private Tensor movedLast(int dm) {
    int last = shape.length - 1;
    if (dm == last) {
      return contiguousData();
    }
    int[] sh = Shapes.removeDim(shape, dm);
    int[] st = Shapes.removeDim(strides, dm);
    sh = Shapes.insertDim(sh, last, shape[dm]);
    st = Shapes.insertDim(st, last, strides[dm]);
    return rawView(sh, st, offset).contiguousData();
  }

  /** The inverse of {@link #movedLast}: a view of {@code rows} with its last dimension moved to {@code dm}. */
  private static Tensor movedBack(Tensor rows, int dm) {
    int last = rows.shape.length - 1;
    int[] sh = Shapes.insertDim(Arrays.copyOf(rows.shape, last), dm, rows.shape[last]);
    int[] st = Shapes.insertDim(Arrays.copyOf(rows.strides, last), dm, rows.strides[last]);
    return rows.rawView(sh, st, rows.offset);
  }

  private Tensor transposeView(int a, int b) {
    int[] sh = shape.clone();
    int[] st = strides.clone();
    sh[a] = shape[b];
    sh[b] = shape[a];
    st[a] = strides[b];
    st[b] = strides[a];
    return viewOf(sh, st, offset);
  }

  /**
   * The largest values along {@code dim} (keeping it with size 1 when {@code keepDim}); the
   * gradient goes to the first arg-max of each row.
   */
  public Tensor max(int dim, boolean keepDim) {
    return extremumDim("max", dim, keepDim, true);
  }

  /** The smallest values along {@code dim}; the gradient goes to the first arg-min of each row. */
  public Tensor min(int dim, boolean keepDim) {
    return extremumDim("min", dim, keepDim, false);
  }

  /** The index of the first largest element along {@code dim}, as a tensor of this dtype without {@code dim}. */
  public Tensor argmax(int dim) {
    int dm = normDim("argmax", dim);
    int[] idx = argExtremum("argmax", dm, true, null);
    Tensor out = alloc(dtype, Shapes.removeDim(shape, dm));
    for (int i = 0; i < idx.length; i++) {
      out.writeAt(i, idx[i]);
    }
    return out;
  }

  /** The index of the first smallest element along {@code dim}, as a tensor of this dtype without {@code dim}. */
  public Tensor argmin(int dim) {
    int dm = normDim("argmin", dim);
    int[] idx = argExtremum("argmin", dm, false, null);
    Tensor out = alloc(dtype, Shapes.removeDim(shape, dm));
    for (int i = 0; i < idx.length; i++) {
      out.writeAt(i, idx[i]);
    }
    return out;
  }

  /** Per row along {@code dm}: the first arg-max/min index; writes the values into {@code values} if given. */
  private int[] argExtremum(String name, int dm, boolean max, Tensor values) {
    int size = shape[dm];
    if (size == 0) {
      throw new IllegalArgumentException(name + ": dimension " + dm + " of shape "
          + Arrays.toString(shape) + " is empty");
    }
    Tensor rows = movedLast(dm);
    int outer = numel / size;
    int[] idx = new int[outer];
    Kernels k = Kernels.get();
    for (int r = 0; r < outer; r++) {
      int base = rows.offset + r * size;
      double v = rows.f != null ? (max ? k.max(rows.f, base, size) : k.min(rows.f, base, size))
          : (max ? k.max(rows.d, base, size) : k.min(rows.d, base, size));
      int at = 0;
      for (int i = 0; i < size; i++) {
        double x = rows.readAt(base + i);
        if (x == v || (Double.isNaN(v) && Double.isNaN(x))) {
          at = i;
          break;
        }
      }
      idx[r] = at;
      if (values != null) {
        values.writeAt(r, v);
      }
    }
    return idx;
  }

  private Tensor extremumDim(String name, int dim, boolean keepDim, boolean max) {
    int dm = normDim(name, dim);
    int[] moved = Shapes.removeDim(shape, dm);
    Tensor vals = alloc(dtype, moved);
    int[] idx = argExtremum(name, dm, max, vals);
    Tensor out = keepDim ? vals.freshAs(Shapes.insertDim(moved, dm, 1), Shapes.contiguousStrides(Shapes.insertDim(moved, dm, 1)), 0) : vals;
    Node n = record1(out, max ? Op.MAX_DIM : Op.MIN_DIM, this);
    if (n != null) {
      n.dim = dm;
      n.flag = keepDim;
      n.ints = idx;
    }
    return out;
  }

  /** The Euclidean (Frobenius) norm of all elements; its gradient at 0 is taken as 0. */
  public Tensor norm() {
    Tensor c = contiguousData();
    Kernels k = Kernels.get();
    double ss = c.f != null ? k.dot(c.f, c.offset, c.f, c.offset, numel)
        : k.dot(c.d, c.offset, c.d, c.offset, numel);
    Tensor out = scalarOf(Math.sqrt(ss));
    if (recording(this)) {
      record1(out, Op.NORM, this, this, out);
    }
    return out;
  }

  /** {@code log(sum(exp(this), dim))}, computed stably; {@code dim} is removed. */
  public Tensor logSumExp(int dim) {
    int dm = normDim("logSumExp", dim);
    int size = shape[dm];
    Tensor rows = movedLast(dm);
    int outer = size == 0 ? 0 : numel / size;
    Tensor out = alloc(dtype, Shapes.removeDim(shape, dm));
    Kernels k = Kernels.get();
    // Every row shifted by its maximum into one buffer, exponentiated in one pass (as softmaxRows does), then
    // summed row by row; a row whose maximum is infinite or NaN is that maximum.
    double[] max = new double[outer];
    float[] fbuf = f != null ? new float[outer * size] : null;
    double[] dbuf = f != null ? null : new double[outer * size];
    for (int r = 0; r < outer; r++) {
      int base = rows.offset + r * size;
      double m = f != null ? k.max(rows.f, base, size) : k.max(rows.d, base, size);
      max[r] = m;
      double shift = Double.isInfinite(m) || Double.isNaN(m) ? 0 : m;
      if (f != null) {
        k.zipScalar(BinaryOp.SUB, rows.f, base, (float) shift, fbuf, r * size, size);
      } else {
        k.zipScalar(BinaryOp.SUB, rows.d, base, shift, dbuf, r * size, size);
      }
    }
    if (f != null) {
      k.map(UnaryOp.EXP, fbuf, 0, fbuf, 0, fbuf.length);
    } else {
      k.map(UnaryOp.EXP, dbuf, 0, dbuf, 0, dbuf.length);
    }
    for (int r = 0; r < outer; r++) {
      double m = max[r];
      double v = Double.isInfinite(m) || Double.isNaN(m) ? m
          : m + Math.log(f != null ? k.sum(fbuf, r * size, size) : k.sum(dbuf, r * size, size));
      out.writeAt(r, v);
    }
    if (size == 0) {
      for (int i = 0; i < out.numel; i++) {
        out.writeAt(i, Double.NEGATIVE_INFINITY);
      }
    }
    if (recording(this)) {
      Node n = record1(out, Op.LOG_SUM_EXP, this, this, out);
      n.dim = dm;
    }
    return out;
  }

  /** Softmax along {@code dim}: {@code exp(x - max) / sum(exp(x - max))}, numerically stable. */
  public Tensor softmax(int dim) {
    int dm = normDim("softmax", dim);
    Tensor out = softmaxRows(dm, false);
    if (recording(this)) {
      Node n = record1(out, Op.SOFTMAX, this, out);
      n.dim = dm;
    }
    return out;
  }

  /** {@code log(softmax(dim))}, computed stably as {@code x - max - log(sum(exp(x - max)))}. */
  public Tensor logSoftmax(int dim) {
    int dm = normDim("logSoftmax", dim);
    Tensor out = softmaxRows(dm, true);
    if (recording(this)) {
      Node n = record1(out, Op.LOG_SOFTMAX, this, out);
      n.dim = dm;
    }
    return out;
  }

  private Tensor softmaxRows(int dm, boolean log) {
    int size = shape[dm];
    int last = shape.length - 1;
    Tensor rows = movedLast(dm);
    Tensor out = alloc(dtype, rows.shape.clone());
    int outer = size == 0 ? 0 : numel / size;
    Kernels k = Kernels.get();
    // Every row shifted by its maximum, then the whole buffer exponentiated in one pass, then each row
    // normalised: a row shorter than a vector took the scalar exp element by element (crossEntropy of 128 x 10
    // logits spent most of its time there).
    if (out.f != null) {
      for (int r = 0; r < outer; r++) {
        int src = rows.offset + r * size;
        float m = (float) k.max(rows.f, src, size);
        if (Float.isInfinite(m)) {
          m = m > 0 ? m : 0;
        }
        k.zipScalar(BinaryOp.SUB, rows.f, src, m, out.f, r * size, size);
      }
      float[] e = log ? new float[out.numel] : out.f;
      k.map(UnaryOp.EXP, out.f, 0, e, 0, out.numel);
      for (int r = 0; r < outer; r++) {
        int dst = r * size;
        if (log) {
          float ls = (float) Math.log(k.sum(e, dst, size));
          k.zipScalar(BinaryOp.SUB, out.f, dst, ls, out.f, dst, size);
        } else {
          float sum = (float) k.sum(e, dst, size);
          k.zipScalar(BinaryOp.MUL, out.f, dst, 1f / sum, out.f, dst, size);
        }
      }
    } else {
      for (int r = 0; r < outer; r++) {
        int src = rows.offset + r * size;
        double m = k.max(rows.d, src, size);
        if (Double.isInfinite(m)) {
          m = m > 0 ? m : 0;
        }
        k.zipScalar(BinaryOp.SUB, rows.d, src, m, out.d, r * size, size);
      }
      double[] e = log ? new double[out.numel] : out.d;
      k.map(UnaryOp.EXP, out.d, 0, e, 0, out.numel);
      for (int r = 0; r < outer; r++) {
        int dst = r * size;
        if (log) {
          double ls = Math.log(k.sum(e, dst, size));
          k.zipScalar(BinaryOp.SUB, out.d, dst, ls, out.d, dst, size);
        } else {
          double sum = k.sum(e, dst, size);
          k.zipScalar(BinaryOp.MUL, out.d, dst, 1.0 / sum, out.d, dst, size);
        }
      }
    }
    if (dm == last) {
      return out;
    }
    Tensor back = movedBack(out, dm);
    Tensor res = alloc(dtype, shape.clone());
    copyInto(back, res);
    return res;
  }

  // ---------------------------------------------------------------------------------------------
  // Linear algebra

  /** The dot product of two 1-D tensors of equal length. */
  public Tensor dot(Tensor other) {
    checkDType("dot", other);
    if (shape.length != 1 || other.shape.length != 1 || shape[0] != other.shape[0]) {
      throw new IllegalArgumentException("dot: needs two 1-D tensors of equal length, got shapes "
          + Arrays.toString(shape) + " and " + Arrays.toString(other.shape));
    }
    Tensor a = contiguousData();
    Tensor b = other.contiguousData();
    Kernels k = Kernels.get();
    double v = f != null ? k.dot(a.f, a.offset, b.f, b.offset, numel)
        : k.dot(a.d, a.offset, b.d, b.offset, numel);
    Tensor out = scalarOf(v);
    if (recording(this, other)) {
      // Save only what the rule will read, so unrelated in-place changes stay allowed.
      record2(out, Op.DOT, this, other,
          other.requiresGradFlag() ? this : null, requiresGradFlag() ? other : null);
    }
    return out;
  }

  /**
   * The matrix product, like {@code torch.matmul}: 1-D·1-D is a dot product, a 1-D operand is
   * treated as a row (left) or column (right) vector and that dimension removed from the result,
   * and leading (batch) dimensions broadcast.
   */
  public Tensor matmul(Tensor other) {
    checkDType("matmul", other);
    if (shape.length == 0 || other.shape.length == 0) {
      throw new IllegalArgumentException("matmul: both arguments need at least 1 dimension, got"
          + " shapes " + Arrays.toString(shape) + " and " + Arrays.toString(other.shape));
    }
    if (shape.length == 1 && other.shape.length == 1) {
      if (shape[0] != other.shape[0]) {
        throw new IllegalArgumentException("matmul: shapes " + Arrays.toString(shape) + " and "
            + Arrays.toString(other.shape) + " cannot be multiplied (" + shape[0] + " vs "
            + other.shape[0] + ")");
      }
      return dot(other);
    }
    if (shape.length == 1) {
      checkInner(other.shape[other.shape.length - 2], other);
      return unsqueeze(0).matmul(other).squeeze(-2);
    }
    if (other.shape.length == 1) {
      checkInner(other.shape[0], other);
      return matmul(other.unsqueeze(1)).squeeze(-1);
    }
    checkInner(other.shape[other.shape.length - 2], other);
    int ra = shape.length, rb = other.shape.length;
    int m = shape[ra - 2], kk = shape[ra - 1], n = other.shape[rb - 1];
    int[] batchA = Arrays.copyOf(shape, ra - 2);
    int[] batchB = Arrays.copyOf(other.shape, rb - 2);
    int[] batch;
    try {
      batch = Shapes.broadcastShapes("matmul", batchA, batchB);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("matmul: batch dimensions of shapes "
          + Arrays.toString(shape) + " and " + Arrays.toString(other.shape) + " cannot be broadcast");
    }
    int[] outShape = Arrays.copyOf(batch, batch.length + 2);
    outShape[batch.length] = m;
    outShape[batch.length + 1] = n;
    Tensor out = alloc(dtype, outShape);
    if (out.numel > 0) {
      int[] stA = batchStrides(this, batch);
      int[] stB = batchStrides(other, batch);
      int nb = 1;
      for (int s : batch) {
        nb *= s;
      }
      int[] idx = new int[batch.length];
      Kernels k = Kernels.get();
      int aRow = strides[ra - 2], aCol = strides[ra - 1];
      int bRow = other.strides[rb - 2], bCol = other.strides[rb - 1];
      for (int bi = 0; bi < nb; bi++) {
        int ao = offset, bo = other.offset;
        for (int j = 0; j < batch.length; j++) {
          ao += idx[j] * stA[j];
          bo += idx[j] * stB[j];
        }
        if (f != null) {
          k.gemm(m, n, kk, f, ao, aRow, aCol, other.f, bo, bRow, bCol, out.f, bi * m * n, n, false);
        } else {
          k.gemm(m, n, kk, d, ao, aRow, aCol, other.d, bo, bRow, bCol, out.d, bi * m * n, n, false);
        }
        for (int j = batch.length - 1; j >= 0; j--) {
          if (++idx[j] < batch[j]) {
            break;
          }
          idx[j] = 0;
        }
      }
    }
    if (recording(this, other)) {
      // Save only what the rule will read, so unrelated in-place changes stay allowed.
      record2(out, Op.MATMUL, this, other,
          other.requiresGradFlag() ? this : null, requiresGradFlag() ? other : null);
    }
    return out;
  }

  private void checkInner(int otherInner, Tensor other) {
    if (shape[shape.length - 1] != otherInner) {
      throw new IllegalArgumentException("matmul: shapes " + Arrays.toString(shape) + " and "
          + Arrays.toString(other.shape) + " cannot be multiplied (" + shape[shape.length - 1]
          + " vs " + otherInner + ")");
    }
  }

  /** The strides of {@code t}'s batch dimensions broadcast to {@code batch} (0 where broadcast). */
  private static int[] batchStrides(Tensor t, int[] batch) {
    int tb = t.shape.length - 2;
    int[] st = new int[batch.length];
    int off = batch.length - tb;
    for (int i = 0; i < tb; i++) {
      st[i + off] = t.shape[i] == 1 ? 0 : t.strides[i];
    }
    return st;
  }

  // ---------------------------------------------------------------------------------------------
  // Shape operations (views where possible)

  /** The transpose of a matrix (a view); a 0-D or 1-D tensor is returned unchanged. */
  public Tensor t() {
    if (shape.length > 2) {
      throw new IllegalArgumentException("t: expects a tensor with at most 2 dimensions, got shape "
          + Arrays.toString(shape) + "; use transpose(dim0, dim1)");
    }
    return shape.length < 2 ? this : transpose(0, 1);
  }

  /** Swaps two dimensions (a view). */
  public Tensor transpose(int dim0, int dim1) {
    int a = normDim("transpose", dim0);
    int b = normDim("transpose", dim1);
    Tensor out = transposeView(a, b);
    Node n = record1(out, Op.TRANSPOSE, this);
    if (n != null) {
      n.dim = a;
      n.dim2 = b;
    }
    return out;
  }

  /** Reorders the dimensions: result dimension {@code i} is this tensor's {@code dims[i]} (a view). */
  public Tensor permute(int... dims) {
    if (dims.length != shape.length) {
      throw new IllegalArgumentException("permute: " + Arrays.toString(dims) + " has "
          + dims.length + " entries, shape " + Arrays.toString(shape) + " has " + shape.length
          + " dimensions");
    }
    int[] sh = new int[dims.length];
    int[] st = new int[dims.length];
    boolean[] seen = new boolean[dims.length];
    int[] norm = new int[dims.length];
    for (int i = 0; i < dims.length; i++) {
      int p = Shapes.normDim("permute", dims[i], shape.length);
      if (seen[p]) {
        throw new IllegalArgumentException("permute: dimension " + p + " repeated in "
            + Arrays.toString(dims));
      }
      seen[p] = true;
      norm[i] = p;
      sh[i] = shape[p];
      st[i] = strides[p];
    }
    Tensor out = viewOf(sh, st, offset);
    Node n = record1(out, Op.PERMUTE, this);
    if (n != null) {
      n.ints = norm;
    }
    return out;
  }

  /**
   * The same elements in a new shape (one entry may be -1, inferred). A view of contiguous data, a
   * copy otherwise (like PyTorch).
   */
  public Tensor reshape(int... newShape) {
    int[] target = inferShape("reshape", newShape);
    if (Arrays.equals(target, shape)) {
      return this;
    }
    Tensor src = contiguous ? this : contiguous();
    Tensor out = src.viewOf(target, Shapes.contiguousStrides(target), src.offset);
    record1(out, Op.RESHAPE, src);
    return out;
  }

  private int[] inferShape(String op, int[] newShape) {
    int[] target = newShape.clone();
    int infer = -1;
    long known = 1;
    for (int i = 0; i < target.length; i++) {
      if (target[i] == -1) {
        if (infer >= 0) {
          throw new IllegalArgumentException(op + ": only one dimension can be -1 in "
              + Arrays.toString(newShape));
        }
        infer = i;
      } else if (target[i] < 0) {
        throw new IllegalArgumentException(op + ": negative size in " + Arrays.toString(newShape));
      } else {
        known *= target[i];
      }
    }
    if (infer >= 0) {
      if (known == 0 || numel % known != 0) {
        throw new IllegalArgumentException(op + ": shape " + Arrays.toString(newShape)
            + " is invalid for a tensor of shape " + Arrays.toString(shape) + " (" + numel
            + " elements)");
      }
      target[infer] = (int) (numel / known);
      known = numel;
    }
    if (known != numel) {
      throw new IllegalArgumentException(op + ": shape " + Arrays.toString(newShape)
          + " is invalid for a tensor of shape " + Arrays.toString(shape) + " (" + numel
          + " elements)");
    }
    return target;
  }

  /** A 1-D view (or copy, if not contiguous) of all elements. */
  public Tensor flatten() {
    return reshape(numel);
  }

  /** Removes dimension {@code dim} if its size is 1 (otherwise returns this tensor, like PyTorch). */
  public Tensor squeeze(int dim) {
    int dm = normDim("squeeze", dim);
    if (shape[dm] != 1) {
      return this;
    }
    Tensor out = viewOf(Shapes.removeDim(shape, dm), Shapes.removeDim(strides, dm), offset);
    Node n = record1(out, Op.SQUEEZE, this);
    if (n != null) {
      n.dim = dm;
    }
    return out;
  }

  /** Removes every dimension of size 1 (a view; itself when there is none). */
  public Tensor squeeze() {
    int kept = 0;
    for (int s : shape) {
      if (s != 1) {
        kept++;
      }
    }
    if (kept == shape.length) {
      return this;
    }
    int[] sh = new int[kept];
    for (int i = 0, k = 0; i < shape.length; i++) {
      if (shape[i] != 1) {
        sh[k++] = shape[i];
      }
    }
    return reshape(sh);
  }

  /** Inserts a dimension of size 1 at {@code dim} (a view; {@code dim} may equal {@code dim()}). */
  public Tensor unsqueeze(int dim) {
    int dm = Shapes.normDim("unsqueeze", dim, shape.length + 1);
    int st = dm < shape.length ? strides[dm] * shape[dm] : 1;
    Tensor out = viewOf(Shapes.insertDim(shape, dm, 1), Shapes.insertDim(strides, dm, st), offset);
    Node n = record1(out, Op.UNSQUEEZE, this);
    if (n != null) {
      n.dim = dm;
    }
    return out;
  }

  /**
   * A view repeating size-1 dimensions to {@code sizes} (-1 keeps a size; new leading dimensions
   * may be added), without copying.
   */
  public Tensor expand(int... sizes) {
    if (sizes.length < shape.length) {
      throw new IllegalArgumentException("expand: target " + Arrays.toString(sizes)
          + " has fewer dimensions than shape " + Arrays.toString(shape));
    }
    int off = sizes.length - shape.length;
    int[] sh = new int[sizes.length];
    int[] st = new int[sizes.length];
    for (int i = 0; i < sizes.length; i++) {
      int want = sizes[i];
      if (i < off) {
        if (want < 0) {
          throw new IllegalArgumentException("expand: size " + want + " is not allowed for the new"
              + " leading dimension " + i + " in " + Arrays.toString(sizes));
        }
        sh[i] = want;
        st[i] = 0;
      } else {
        int have = shape[i - off];
        if (want == -1 || want == have) {
          sh[i] = have;
          st[i] = strides[i - off];
        } else if (have == 1 && want >= 0) {
          sh[i] = want;
          st[i] = 0;
        } else {
          throw new IllegalArgumentException("expand: shape " + Arrays.toString(shape)
              + " cannot be expanded to " + Arrays.toString(sizes) + " (dimension " + i + ": "
              + have + " vs " + want + "; only size-1 dimensions can grow)");
        }
      }
    }
    Shapes.checkedNumel("expand", sh);
    if (Arrays.equals(sh, shape)) {
      return this;
    }
    Tensor out = viewOf(sh, st, offset);
    record1(out, Op.EXPAND, this);
    return out;
  }

  /** Elements {@code start} (inclusive) to {@code end} (exclusive) of dimension {@code dim} (a view). */
  public Tensor slice(int dim, int start, int end) {
    int dm = normDim("slice", dim);
    int size = shape[dm];
    int s = start < 0 ? start + size : start;
    int e = end < 0 ? end + size : end;
    if (s < 0 || e > size || s > e) {
      throw new IndexOutOfBoundsException("slice: range [" + start + ", " + end
          + ") is out of bounds for dimension " + dm + " with size " + size + " (shape "
          + Arrays.toString(shape) + ")");
    }
    int[] sh = shape.clone();
    sh[dm] = e - s;
    Tensor out = viewOf(sh, strides, offset + s * strides[dm]);
    Node n = record1(out, Op.SLICE, this);
    if (n != null) {
      n.dim = dm;
      n.dim2 = s;
      n.dim3 = e;
    }
    return out;
  }

  /** The sub-tensor at {@code index} of dimension {@code dim}, which is removed (a view). */
  public Tensor select(int dim, int index) {
    int dm = normDim("select", dim);
    int size = shape[dm];
    int i = index < 0 ? index + size : index;
    if (i < 0 || i >= size) {
      throw new IndexOutOfBoundsException("select: index " + index
          + " is out of bounds for dimension " + dm + " with size " + size + " (shape "
          + Arrays.toString(shape) + ")");
    }
    Tensor out = viewOf(Shapes.removeDim(shape, dm), Shapes.removeDim(strides, dm), offset + i * strides[dm]);
    Node n = record1(out, Op.SELECT, this);
    if (n != null) {
      n.dim = dm;
      n.dim2 = i;
    }
    return out;
  }

  /** The entries {@code index[0], index[1], ...} of dimension {@code dim}, copied (repeats allowed). */
  public Tensor indexSelect(int dim, int[] index) {
    int dm = normDim("indexSelect", dim);
    int size = shape[dm];
    int[] idx = index.clone();
    for (int j = 0; j < idx.length; j++) {
      if (idx[j] < 0 || idx[j] >= size) {
        throw new IndexOutOfBoundsException("indexSelect: index " + idx[j] + " at position " + j
            + " is out of bounds for dimension " + dm + " with size " + size + " (shape "
            + Arrays.toString(shape) + ")");
      }
    }
    int[] sh = shape.clone();
    sh[dm] = idx.length;
    Tensor out = alloc(dtype, sh);
    for (int j = 0; j < idx.length; j++) {
      copyInto(rawSelect(dm, idx[j]), out.rawSelect(dm, j));
    }
    Node n = record1(out, Op.INDEX_SELECT, this);
    if (n != null) {
      n.dim = dm;
      n.ints = idx;
    }
    return out;
  }

  private Tensor rawSelect(int dm, int i) {
    return rawView(Shapes.removeDim(shape, dm), Shapes.removeDim(strides, dm), offset + i * strides[dm]);
  }

  private Tensor rawSlice(int dm, int s, int e) {
    int[] sh = shape.clone();
    sh[dm] = e - s;
    return rawView(sh, strides, offset + s * strides[dm]);
  }

  /**
   * A zero tensor of {@code shape} into which {@code this} (shaped like the result of
   * {@code indexSelect(dim, index)}) is summed at the rows {@code index}: the reverse of
   * {@link #indexSelect}; differentiable.
   */
  public Tensor indexAdd(int[] shape, int dim, int[] index) {
    int dm = Shapes.normDim("indexAdd", dim, shape.length);
    int[] expect = shape.clone();
    expect[dm] = index.length;
    if (!Arrays.equals(expect, this.shape)) {
      throw new IllegalArgumentException("indexAdd: values of shape " + Arrays.toString(this.shape)
          + " do not fit " + index.length + " indices into shape " + Arrays.toString(shape));
    }
    Tensor out = alloc(dtype, shape.clone());
    for (int j = 0; j < index.length; j++) {
      if (index[j] < 0 || index[j] >= shape[dm]) {
        throw new IndexOutOfBoundsException("indexAdd: index " + index[j]
            + " is out of bounds for dimension " + dm + " with size " + shape[dm]);
      }
      Tensor dst = out.rawSelect(dm, index[j]);
      zipInto(BinaryOp.ADD, dst, rawSelect(dm, j), dst);
    }
    Node n = record1(out, Op.INDEX_ADD, this);
    if (n != null) {
      n.dim = dm;
      n.ints = index.clone();
    }
    return out;
  }

  /**
   * A zero tensor of {@code shape} with {@code this} written into elements {@code [start, end)}
   * of dimension {@code dim}: the reverse of {@link #slice}; differentiable.
   */
  public Tensor sliceScatter(int[] shape, int dim, int start, int end) {
    int dm = Shapes.normDim("sliceScatter", dim, shape.length);
    int[] expect = shape.clone();
    expect[dm] = end - start;
    if (!Arrays.equals(expect, this.shape) || start < 0 || end > shape[dm]) {
      throw new IllegalArgumentException("sliceScatter: values of shape "
          + Arrays.toString(this.shape) + " do not fit range [" + start + ", " + end
          + ") of dimension " + dm + " of shape " + Arrays.toString(shape));
    }
    Tensor out = alloc(dtype, shape.clone());
    copyInto(this, out.rawSlice(dm, start, end));
    Node n = record1(out, Op.SLICE_SCATTER, this);
    if (n != null) {
      n.dim = dm;
      n.dim2 = start;
      n.dim3 = end;
    }
    return out;
  }

  /** Joins tensors of equal shape except along {@code dim}. */
  public static Tensor cat(int dim, Tensor... tensors) {
    if (tensors.length == 0) {
      throw new IllegalArgumentException("cat: needs at least one tensor");
    }
    Tensor first = tensors[0];
    int dm = Shapes.normDim("cat", dim, first.shape.length);
    if (first.shape.length == 0) {
      throw new IllegalArgumentException("cat: 0-dimensional tensors cannot be concatenated; use stack");
    }
    int total = 0;
    int[] sizes = new int[tensors.length];
    boolean grad = false;
    for (int i = 0; i < tensors.length; i++) {
      Tensor t = tensors[i];
      first.checkDType("cat", t);
      boolean ok = t.shape.length == first.shape.length;
      for (int j = 0; ok && j < t.shape.length; j++) {
        ok = j == dm || t.shape[j] == first.shape[j];
      }
      if (!ok) {
        throw new IllegalArgumentException("cat: shapes " + Arrays.toString(first.shape) + " and "
            + Arrays.toString(t.shape) + " (tensor " + i + ") differ outside dimension " + dm);
      }
      sizes[i] = t.shape[dm];
      total += t.shape[dm];
      grad |= t.requiresGradFlag();
    }
    int[] sh = first.shape.clone();
    sh[dm] = total;
    Shapes.checkedNumel("cat", sh);
    Tensor out = alloc(first.dtype, sh);
    int at = 0;
    for (Tensor t : tensors) {
      copyInto(t, out.rawSlice(dm, at, at + t.shape[dm]));
      at += t.shape[dm];
    }
    if (grad && GradMode.isEnabled()) {
      Node n = record(out, Op.CAT, tensors.clone());
      n.dim = dm;
      n.ints = sizes;
    }
    return out;
  }

  /** Joins tensors of equal shape along a new dimension {@code dim}. */
  public static Tensor stack(int dim, Tensor... tensors) {
    if (tensors.length == 0) {
      throw new IllegalArgumentException("stack: needs at least one tensor");
    }
    Tensor first = tensors[0];
    int dm = Shapes.normDim("stack", dim, first.shape.length + 1);
    boolean grad = false;
    for (int i = 0; i < tensors.length; i++) {
      first.checkDType("stack", tensors[i]);
      if (!Arrays.equals(tensors[i].shape, first.shape)) {
        throw new IllegalArgumentException("stack: shapes " + Arrays.toString(first.shape)
            + " and " + Arrays.toString(tensors[i].shape) + " (tensor " + i + ") differ");
      }
      grad |= tensors[i].requiresGradFlag();
    }
    int[] sh = Shapes.insertDim(first.shape, dm, tensors.length);
    Shapes.checkedNumel("stack", sh);
    Tensor out = alloc(first.dtype, sh);
    for (int i = 0; i < tensors.length; i++) {
      copyInto(tensors[i], out.rawSelect(dm, i));
    }
    if (grad && GradMode.isEnabled()) {
      Node n = record(out, Op.STACK, tensors.clone());
      n.dim = dm;
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // Losses

  /**
   * The mean cross-entropy of {@code logits} ({@code [N, C]}) against class indices
   * {@code targets} ({@code N} of them), like {@code torch.nn.functional.cross_entropy}.
   */
  public static Tensor crossEntropy(Tensor logits, int[] targets) {
    if (logits.shape.length != 2) {
      throw new IllegalArgumentException("crossEntropy: logits must have shape [N, C], got "
          + Arrays.toString(logits.shape));
    }
    int nRows = logits.shape[0], c = logits.shape[1];
    if (targets.length != nRows) {
      throw new IllegalArgumentException("crossEntropy: " + targets.length + " targets for logits"
          + " of shape " + Arrays.toString(logits.shape) + "; need one per row (" + nRows + ")");
    }
    for (int i = 0; i < nRows; i++) {
      if (targets[i] < 0 || targets[i] >= c) {
        throw new IndexOutOfBoundsException("crossEntropy: target " + targets[i] + " at row " + i
            + " is out of bounds for " + c + " classes");
      }
    }
    Tensor ls;
    try (GradScope g = new GradScope(false)) {
      ls = logits.logSoftmax(1);
    }
    double s = 0;
    for (int i = 0; i < nRows; i++) {
      s -= ls.readAt(i * c + targets[i]);
    }
    Tensor out = logits.scalarOf(s / nRows);
    Node n = record1(out, Op.CROSS_ENTROPY, logits, logits);
    if (n != null) {
      n.ints = targets.clone();
    }
    return out;
  }

  /**
   * The mean squared error {@code mean((this - target)^2)}; the shapes must be equal (a broadcast
   * target is almost always a mistake that would silently train on the wrong objective).
   */
  public Tensor mseLoss(Tensor target) {
    if (!Arrays.equals(shape, target.shape)) {
      throw new IllegalArgumentException("mseLoss: input shape " + Arrays.toString(shape)
          + " and target shape " + Arrays.toString(target.shape) + " differ; reshape or expand the"
          + " target explicitly if broadcasting is really meant");
    }
    return sub(target).square().mean();
  }

  // ---------------------------------------------------------------------------------------------
  // In place

  /**
   * Decides how an in-place operation meets the tape. Returns true when it must be recorded: this
   * tensor's history is then rebased onto a new node whose input is its old self (as PyTorch
   * does). Leaves that require grad are refused while grad mode is on; so are views, and tensors
   * that have views, of a recorded graph, because the other views could not see the new history.
   */
  private boolean inPlaceRecords(String op, Tensor other) {
    if (!GradMode.isEnabled()) {
      return false;
    }
    if (leafRequiresGrad) {
      throw new IllegalStateException(op + ": a leaf Variable that requires grad is being used in"
          + " an in-place operation. Do it inside try (GradScope s = Autograd.noGrad()) { ... } (as"
          + " an optimiser step does), or on a detach()ed copy.");
    }
    boolean otherGrad = other != null && other.requiresGradFlag();
    if (node == null && !otherGrad) {
      return false;
    }
    if (view && !detached || viewed) {
      throw new IllegalStateException(op + ": in-place change of a view, or of a tensor that has"
          + " views, inside a recorded graph" + (node != null ? " (this tensor is the result of "
          + node.name() + ")" : "") + "; the tape cannot carry the change to the other views."
          + " Use the out-of-place operation instead (e.g. add instead of addInPlace); to fill a buffer row by"
          + " row (PyTorch's out[t] = h), collect the rows and build it with Tensor.stack or Tensor.cat.");
    }
    return true;
  }

  /**
   * Refuses to change in place a tensor whose elements share storage ({@code expand}'s stride 0): each
   * shared element would be changed once per alias (PyTorch refuses the same way). Filling with one
   * value is well defined and stays allowed.
   */
  private void refuseInternalOverlap(String op) {
    for (int i = 0; i < shape.length; i++) {
      if (strides[i] == 0 && shape[i] > 1) {
        throw new IllegalStateException(op + ": more than one element of the tensor written to refers to the"
            + " same memory (dimension " + i + " of shape " + Arrays.toString(shape) + " has stride 0, as after"
            + " expand), so the result would depend on the order of the writes. Call contiguous() or copy() first"
            + " and change the copy.");
      }
    }
  }

  /** Sets every element to 0 in place. */
  public Tensor zero() {
    return fillWith("zero", 0, Op.ZERO);
  }

  /** Sets every element to {@code value} in place. */
  public Tensor fill(double value) {
    return fillWith("fill", value, Op.FILL);
  }

  private Tensor fillWith(String name, double value, Op op) {
    boolean records = inPlaceRecords(name, null);
    copyInto(scalarOf(value), this);
    version.bump();
    if (records) {
      record1(this, op, this);
    }
    return this;
  }

  /** {@code this += other} in place ({@code other} broadcasts to this shape). */
  public Tensor addInPlace(Tensor other) {
    return inPlace("addInPlace", BinaryOp.ADD, Op.ADD, other);
  }

  /**
   * {@code this += alpha * other} in place ({@code other} broadcasts to this shape), PyTorch's
   * {@code add_(other, alpha=alpha)}: one pass and no temporary when {@code other} has this shape,
   * which is what makes an optimiser step cheap.
   *
   * <pre>{@code
   * try (GradScope s = Autograd.noGrad()) {
   *   w.addInPlace(w.grad(), -0.01);   // w -= 0.01 * grad
   * }
   * }</pre>
   *
   * @param other the tensor to add, broadcasting to this shape
   * @param alpha the factor applied to {@code other}
   * @return this tensor
   */
  public Tensor addInPlace(Tensor other, double alpha) {
    refuseInternalOverlap("addInPlace");
    boolean records = inPlaceRecords("addInPlace", other);
    if (records || alpha == 1 || !other.contiguous || !contiguous
        || !Arrays.equals(other.shape, shape) || other.f == f && other.d == d) {
      // The recorded graph needs the product as a node of its own; the rare strided, broadcast
      // or aliased cases take the general path too.
      return addInPlace(alpha == 1 ? other : other.mul(alpha));
    }
    checkDType("addInPlace", other);
    Kernels k = Kernels.get();
    if (f != null) {
      k.axpy((float) alpha, other.f, other.offset, f, offset, numel);
    } else {
      k.axpy(alpha, other.d, other.offset, d, offset, numel);
    }
    version.bump();
    return this;
  }

  /** {@code this -= other} in place ({@code other} broadcasts to this shape). */
  public Tensor subInPlace(Tensor other) {
    return inPlace("subInPlace", BinaryOp.SUB, Op.SUB, other);
  }

  /**
   * {@code this *= other} in place ({@code other} broadcasts to this shape). Recorded like {@code mul} when
   * either side requires grad; the rule then reads this tensor's old value, which is copied first (as
   * PyTorch does).
   */
  public Tensor mulInPlace(Tensor other) {
    return inPlace("mulInPlace", BinaryOp.MUL, Op.MUL, other);
  }

  private Tensor inPlace(String name, BinaryOp op, Op recordAs, Tensor other) {
    refuseInternalOverlap(name);
    boolean records = inPlaceRecords(name, other);
    checkDType(name, other);
    int[] b = Shapes.broadcastShapes(name, shape, other.shape);
    if (!Arrays.equals(b, shape)) {
      throw new IllegalArgumentException(name + ": shape " + Arrays.toString(other.shape)
          + " cannot be broadcast to the shape " + Arrays.toString(shape) + " of the tensor"
          + " modified in place");
    }
    // mul's rule reads both factors: the old value, with its history for derivatives of derivatives.
    Tensor before = records && recordAs == Op.MUL ? copy() : null;
    Tensor src = other.f == f && other.d == d && other != this ? other.copyData() : other;
    zipInto(op, this, src, this);
    // Recorded before the version moves: a saved factor that shares this storage (a detached alias, a view)
    // keeps the version it had when it was read, so the backward pass refuses it, as PyTorch does, instead
    // of reading the values this operation wrote over it.
    if (before != null) {
      record2(this, Op.MUL, this, other, before, other == this ? before : other);
    } else if (records) {
      record2(this, recordAs, this, other);
    }
    version.bump();
    return this;
  }

  private Tensor copyData() {
    Tensor out = alloc(dtype, shape.clone());
    copyInto(this, out);
    return out;
  }

  /** {@code this += s} in place. */
  public Tensor addInPlace(double s) {
    refuseInternalOverlap("addInPlace");
    boolean records = inPlaceRecords("addInPlace", null);
    scalarInPlace(BinaryOp.ADD, s);
    version.bump();
    if (records) {
      record1(this, Op.ADD_SCALAR, this);
    }
    return this;
  }

  /** {@code this *= s} in place. */
  public Tensor mulInPlace(double s) {
    refuseInternalOverlap("mulInPlace");
    boolean records = inPlaceRecords("mulInPlace", null);
    scalarInPlace(BinaryOp.MUL, s);
    version.bump();
    if (records) {
      Node n = record1(this, Op.MUL_SCALAR, this);
      n.scalar = s;
    }
    return this;
  }

  /**
   * Sets the element at {@code index} (negative indices count from the end) to {@code value} in place,
   * PyTorch's {@code t[i, j] = value}. On a recorded tensor the change is recorded: the gradient no longer
   * reaches the old value of that element.
   */
  public Tensor set(double value, int... index) {
    boolean records = inPlaceRecords("set", null);
    writeAt(storageIndex("set", index), value);
    version.bump();
    if (records) {
      int[] at = new int[index.length];
      for (int i = 0; i < at.length; i++) {
        at[i] = index[i] < 0 ? index[i] + shape[i] : index[i];
      }
      Node n = record1(this, Op.SET, this);
      if (n != null) {
        n.ints = at;
      }
    }
    return this;
  }

  /** Copies {@code src} (same dtype, broadcasting to this shape) into this tensor in place. */
  public Tensor copyFrom(Tensor src) {
    refuseInternalOverlap("copyFrom");
    boolean records = inPlaceRecords("copyFrom", src);
    checkDType("copyFrom", src);
    int[] b = Shapes.broadcastShapes("copyFrom", shape, src.shape);
    if (!Arrays.equals(b, shape)) {
      throw new IllegalArgumentException("copyFrom: shape " + Arrays.toString(src.shape)
          + " cannot be broadcast to the shape " + Arrays.toString(shape) + " of the destination");
    }
    Tensor s = src.f == f && src.d == d ? src.copyData() : src;
    copyInto(s, this);
    version.bump();
    if (records) {
      record2(this, Op.COPY, this, src);
    }
    return this;
  }

  // ---------------------------------------------------------------------------------------------
  // Autograd

  /** True when operations on this tensor are recorded for differentiation. */
  public boolean requiresGrad() {
    return requiresGradFlag();
  }

  /**
   * Marks this leaf as needing a gradient (or not), returning {@code this}:
   * {@code Tensor.of(1, 2).requiresGrad(true)}. On the recorded result of an operation (which requires
   * grad already) {@code true} changes nothing and {@code false} is refused: use {@link #detach()}.
   */
  public Tensor requiresGrad(boolean requires) {
    if (node != null && requires) {
      return this; // a recorded result already requires grad (PyTorch's requires_grad_() is a no-op here too)
    }
    if (node != null) {
      throw new IllegalStateException("requiresGrad: you can only change requires_grad flags of"
          + " leaf variables; this tensor is the result of " + node.name() + ". Use detach() to get"
          + " a leaf: y.detach().requiresGrad(" + requires + ")");
    }
    if (requires && accumulator == null) {
      accumulator = new GradAccumulator();
    }
    // Switching off keeps the accumulator: graphs recorded before still deliver to it.
    leafRequiresGrad = requires;
    return this;
  }

  /** True for tensors created by the user (not the recorded result of an operation). */
  public boolean isLeaf() {
    return node == null;
  }

  /**
   * The gradient accumulated by backward passes: for a leaf that requires grad, or a non-leaf
   * after {@link #retainGrad()}; null otherwise or before any backward pass reached it.
   */
  public Tensor grad() {
    if (accumulator != null) {
      return accumulator.grad;
    }
    return node == null ? null : node.retainedGrad();
  }

  /** Forgets the accumulated gradient (the next backward pass starts from zero). */
  public void clearGrad() {
    if (accumulator != null) {
      accumulator.grad = null;
    } else if (node != null) {
      node.clearRetainedGrad();
    }
  }

  /** Makes backward passes keep this non-leaf tensor's gradient in {@link #grad()}; returns this. */
  public Tensor retainGrad() {
    if (!requiresGradFlag()) {
      throw new IllegalStateException("retainGrad: can't retain_grad on a tensor that has"
          + " requires_grad=False");
    }
    if (node != null) {
      node.retainGrad();
    }
    return this;
  }

  /** A tensor sharing this one's storage (and version counter) that does not require grad. */
  public Tensor detach() {
    Tensor t = new Tensor(dtype, f, d, shape, strides, offset, version, true);
    t.detached = true;
    return t;
  }

  /** The name of the operation that produced this tensor, e.g. {@code "MulBackward"}; null for leaves. */
  public String gradFn() {
    return node == null ? null : node.name();
  }

  GradAccumulator accumulator() {
    return accumulator;
  }

  Node node() {
    return node;
  }

  /**
   * Computes the gradient of this one-element tensor with respect to every leaf it depends on and
   * adds it to their {@link #grad()}.
   */
  public void backward(GradOption... options) {
    if (numel != 1) {
      throw new IllegalArgumentException("backward: grad can be implicitly created only for scalar"
          + " outputs; this tensor has shape " + Arrays.toString(shape) + ". Pass a seed of that"
          + " shape with backward(seed), or reduce first (e.g. sum()).");
    }
    backward(onesLike(this), options);
  }

  /** Backpropagates {@code seed} (same shape and dtype as this tensor): a vector-Jacobian product. */
  public void backward(Tensor seed, GradOption... options) {
    Autograd.run(List.of(this), List.of(seed), null, "backward", options);
  }

  // ---------------------------------------------------------------------------------------------
  // Printing

  /**
   * PyTorch-style text: {@code tensor([1.0000, 2.5000], requires_grad=True)},
   * {@code tensor(28., grad_fn=<MulBackward>)}, nested brackets for more dimensions.
   */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("tensor(");
    TensorFormat.format(this, sb);
    if (dtype != defaultDType) {
      sb.append(", dtype=").append(dtype.shortName());
    }
    if (node != null) {
      sb.append(", grad_fn=<").append(node.name()).append('>');
    } else if (leafRequiresGrad) {
      sb.append(", requires_grad=True");
    }
    return sb.append(')').toString();
  }

  double[] valuesForPrinting() {
    return toDoubleArray();
  }
}
