package dev.adjoint.optim;

import dev.adjoint.Autograd;
import dev.adjoint.DType;
import dev.adjoint.GradScope;
import dev.adjoint.Tensor;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Trains a model held in a record: takes the model and its gradient (a record of the same type, as
 * generated gradients give it: {@code dSelf()}, {@code dParams()}) and returns the updated model. Every
 * differentiable component ({@code Tensor}, {@code Tensor[]}, {@code double}, {@code float}, arrays of them,
 * nested records) is updated by an ordinary {@link Optimizer} ({@link Sgd}, {@link Adam}), which keeps its
 * state (momentum, moments) per component across steps; other components (an {@code int} count, a name)
 * are copied unchanged.
 *
 * <pre>{@code
 * ModelOptimizer<Mlp> adam = ModelOptimizer.of(params -> new Adam(params, 0.01));
 * for (int epoch = 0; epoch < 200; epoch++) {
 *   var g = MlpGradients.loss(model, x, y);
 *   model = adam.step(model, g.dSelf());
 * }
 * }</pre>
 *
 * <p>The returned model's tensors are new tensors that require no grad (so generated gradients of it
 * record nothing); the model and gradient passed in are not changed.
 *
 * @param <R> the record type of the model
 */
public final class ModelOptimizer<R extends Record> {
  private final Function<List<Tensor>, Optimizer> factory;
  private List<Tensor> parameters;
  private Optimizer optimizer;
  private Class<?> modelClass;
  /** The names of the differentiable components the first step saw, in order: later steps must have the same. */
  private List<String> parameterNames;

  private ModelOptimizer(Function<List<Tensor>, Optimizer> factory) {
    this.factory = Objects.requireNonNull(factory, "factory");
  }

  /**
   * An optimizer for record models, running the optimizer {@code factory} makes over the model's
   * differentiable components (it is called once, at the first step).
   *
   * @param factory makes the optimizer for a list of parameter tensors, e.g. {@code ps -> new Adam(ps, 0.01)}
   * @param <R> the record type of the model
   * @return the optimizer
   */
  public static <R extends Record> ModelOptimizer<R> of(Function<List<Tensor>, Optimizer> factory) {
    return new ModelOptimizer<>(factory);
  }

  /**
   * One step: the model moved against its gradient.
   *
   * @param model the current model
   * @param gradient its gradient, a record of the same type
   * @return the updated model, a new record
   * @throws IllegalArgumentException if the gradient's type, or the shape of one of its components,
   *     differs from the model's, or if the model's type or its differentiable components (the length of a
   *     {@code Tensor[]}) differ from the first step's
   */
  public R step(R model, R gradient) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(gradient, "gradient");
    if (model.getClass() != gradient.getClass()) {
      throw new IllegalArgumentException("ModelOptimizer.step: the gradient is a " + gradient.getClass().getSimpleName()
          + " but the model a " + model.getClass().getSimpleName() + "; pass the gradient record of this model");
    }
    List<Object> values = new ArrayList<>();
    List<Object> grads = new ArrayList<>();
    List<String> names = new ArrayList<>();
    List<Tensor> gradTensors = new ArrayList<>();
    leaves(model, gradient, model.getClass().getSimpleName(), values, grads, names);
    try (GradScope s = Autograd.noGrad()) {
      if (optimizer == null) {
        modelClass = model.getClass();
        parameters = new ArrayList<>();
        for (Object v : values) {
          parameters.add(asTensor(v).copy().requiresGrad(true));
        }
        optimizer = factory.apply(parameters);
        parameterNames = List.copyOf(names);
      } else if (modelClass != model.getClass()) {
        throw new IllegalArgumentException("ModelOptimizer.step: this optimizer trains a " + modelClass.getSimpleName()
            + ", not a " + model.getClass().getSimpleName() + "; make one optimizer per model");
      } else if (!names.equals(parameterNames)) {
        // A Tensor[] component of another length: the optimiser's state (momentum, moments) belongs to the
        // parameters of the first step, one by one, and would be applied to the wrong ones.
        throw new IllegalArgumentException("ModelOptimizer.step: the model's differentiable components changed: the"
            + " first step saw " + parameterNames.size() + " " + parameterNames + ", this one has " + names.size() + " "
            + names + "; make a new optimizer for a model of another structure");
      }
      for (int i = 0; i < values.size(); i++) {
        Tensor p = parameters.get(i);
        Tensor v = asTensor(values.get(i));
        Tensor g = asTensor(grads.get(i));
        gradTensors.add(g);
        if (!java.util.Arrays.equals(v.shape(), p.shape()) || !java.util.Arrays.equals(g.shape(), p.shape())) {
          throw new IllegalArgumentException("ModelOptimizer.step: " + names.get(i) + " has shape "
              + java.util.Arrays.toString(v.shape()) + " and its gradient " + java.util.Arrays.toString(g.shape())
              + "; the first step saw " + java.util.Arrays.toString(p.shape()));
        }
        p.copyFrom(v.to(p.dtype()));
        p.clearGrad();
      }
    }
    for (int i = 0; i < values.size(); i++) {
      // a leaf's backward with a seed sets its grad() to that seed: the optimizer then reads it as usual
      Tensor p = parameters.get(i);
      p.backward(gradTensors.get(i).to(p.dtype()));
    }
    optimizer.step();
    int[] next = {0};
    try (GradScope s = Autograd.noGrad()) {
      return rebuild(model, next);
    }
  }

  /** The differentiable components of a model and of its gradient, in order, with their names. */
  private static void leaves(Object model, Object gradient, String path, List<Object> values, List<Object> grads,
      List<String> names) {
    for (RecordComponent c : model.getClass().getRecordComponents()) {
      Object v = read(c, model);
      Object g = read(c, gradient);
      String name = path + "." + c.getName();
      if (v instanceof Record) {
        leaves(v, g, name, values, grads, names);
      } else if (v instanceof Tensor[] ts) {
        Tensor[] gs = (Tensor[]) g;
        if (gs == null || gs.length != ts.length) {
          throw new IllegalArgumentException("ModelOptimizer.step: the gradient's " + name + " is "
              + (gs == null ? "null" : "an array of " + gs.length + " tensors") + " but the model's has " + ts.length
              + "; pass the gradient record of this model");
        }
        for (int k = 0; k < ts.length; k++) {
          values.add(ts[k]);
          grads.add(gs[k]);
          names.add(name + "[" + k + "]");
        }
      } else if (differentiable(v)) {
        if (g == null) {
          throw new IllegalArgumentException("ModelOptimizer.step: the gradient's " + name + " is null");
        }
        values.add(v);
        grads.add(g);
        names.add(name);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private R rebuild(R model, int[] next) {
    return (R) rebuildRecord(model, next);
  }

  private Object rebuildRecord(Object record, int[] next) {
    RecordComponent[] components = record.getClass().getRecordComponents();
    Object[] args = new Object[components.length];
    Class<?>[] types = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      Object v = read(components[i], record);
      types[i] = components[i].getType();
      if (v instanceof Record) {
        args[i] = rebuildRecord(v, next);
      } else if (v instanceof Tensor[] ts) {
        Tensor[] out = new Tensor[ts.length];
        for (int k = 0; k < ts.length; k++) {
          out[k] = (Tensor) fromTensor(parameters.get(next[0]++), ts[k]);
        }
        args[i] = out;
      } else if (differentiable(v)) {
        args[i] = fromTensor(parameters.get(next[0]++), v);
      } else {
        args[i] = v;
      }
    }
    try {
      Constructor<?> canonical = record.getClass().getDeclaredConstructor(types);
      canonical.setAccessible(true);
      return canonical.newInstance(args);
    } catch (NoSuchMethodException | InstantiationException | IllegalAccessException e) {
      throw new IllegalStateException("ModelOptimizer: cannot build a new " + record.getClass().getName()
          + " through its canonical constructor: " + e, e);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException("ModelOptimizer: the constructor of " + record.getClass().getName()
          + " refused the updated components: " + e.getCause(), e.getCause());
    }
  }

  private static Object read(RecordComponent c, Object record) {
    try {
      java.lang.reflect.Method accessor = c.getAccessor();
      accessor.setAccessible(true);
      return accessor.invoke(record);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("ModelOptimizer: cannot read " + c.getName() + " of " + record.getClass().getName()
          + ": " + e, e);
    }
  }

  private static boolean differentiable(Object v) {
    return v instanceof Tensor || v instanceof Double || v instanceof Float || v instanceof double[] || v instanceof float[]
        || v instanceof double[][] || v instanceof float[][];
  }

  private static Tensor asTensor(Object v) {
    if (v instanceof Tensor t) {
      return t;
    }
    if (v instanceof Double d) {
      return Tensor.scalar(d, DType.FLOAT64);
    }
    if (v instanceof Float f) {
      return Tensor.scalar(f, DType.FLOAT32);
    }
    if (v instanceof double[] a) {
      return Tensor.of(DType.FLOAT64, a, a.length);
    }
    if (v instanceof float[] a) {
      return Tensor.of(a);
    }
    if (v instanceof double[][] a) {
      return Tensor.of(DType.FLOAT64, flatten(a), a.length, a.length == 0 ? 0 : a[0].length);
    }
    if (v instanceof float[][] a) {
      double[][] d = new double[a.length][];
      for (int i = 0; i < a.length; i++) {
        d[i] = new double[a[i].length];
        for (int j = 0; j < a[i].length; j++) {
          d[i][j] = a[i][j];
        }
      }
      return Tensor.of(DType.FLOAT32, flatten(d), d.length, d.length == 0 ? 0 : d[0].length);
    }
    throw new IllegalArgumentException("ModelOptimizer: " + v.getClass().getSimpleName() + " is not differentiable");
  }

  private static double[] flatten(double[][] rows) {
    int cols = rows.length == 0 ? 0 : rows[0].length;
    double[] out = new double[rows.length * cols];
    for (int i = 0; i < rows.length; i++) {
      if (rows[i].length != cols) {
        throw new IllegalArgumentException("ModelOptimizer: a ragged array (row " + i + " has " + rows[i].length
            + " values, row 0 has " + cols + ") cannot be a parameter");
      }
      System.arraycopy(rows[i], 0, out, i * cols, cols);
    }
    return out;
  }

  private static Object fromTensor(Tensor p, Object like) {
    if (like instanceof Tensor t) {
      return p.detach().to(t.dtype()).copy();
    }
    if (like instanceof Double) {
      return p.item();
    }
    if (like instanceof Float) {
      return (float) p.item();
    }
    if (like instanceof double[]) {
      return p.toDoubleArray();
    }
    if (like instanceof float[]) {
      return p.toFloatArray();
    }
    double[] flat = p.toDoubleArray();
    int rows = p.size(0);
    int cols = rows == 0 ? 0 : p.size(1);
    if (like instanceof double[][]) {
      double[][] out = new double[rows][cols];
      for (int i = 0; i < rows; i++) {
        System.arraycopy(flat, i * cols, out[i], 0, cols);
      }
      return out;
    }
    float[][] out = new float[rows][cols];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        out[i][j] = (float) flat[i * cols + j];
      }
    }
    return out;
  }
}
