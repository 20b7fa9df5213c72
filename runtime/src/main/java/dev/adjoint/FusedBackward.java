package dev.adjoint;

import dev.adjoint.ChunkArithmetic.Slice;
import dev.adjoint.autograd.ElementwiseRegion;
import dev.adjoint.autograd.Node;
import dev.adjoint.rules.ElementwiseVjps;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The backward pass of a region of elementwise operations, run a chunk of elements at a time: for each chunk the
 * seed goes through every operation's rule ({@link ElementwiseVjps}) in scratch buffers that stay in the cache,
 * and only the gradients leaving the region are written to tensors. Taken one operation at a time over 2^20
 * floats, a chain of eight operations allocates and walks a new 4 MB tensor per rule; here it writes one per
 * input the region reaches. The backward pass ({@code dev.adjoint.autograd.Engine}) finds the regions. The
 * gradients are the tape's within rounding: the same rules on the same values, but an input reached by several
 * members gets their contributions added in the region's order, not necessarily the engine's.
 *
 * <pre>{@code
 * Tensor y = x.sin().mul(x.square().neg().exp()).add(x.tanh());
 * y.sum().backward();   // the seven rules under the sum run in one pass over x's 2^20 elements
 * }</pre>
 */
public final class FusedBackward {
  private FusedBackward() {}

  /**
   * Tensors smaller than this take the tape's rules one by one: they fit in the cache either way, and a chunked
   * pass would only add its bookkeeping.
   */
  public static final int MIN_ELEMENTS = 8192;

  /**
   * Off with {@code -Dadjoint.fusedBackward=false}: every rule then runs on whole tensors, one node at a time
   * (to compare the two, or to rule the fused pass out when chasing a problem).
   */
  private static volatile boolean enabled = !"false".equals(System.getProperty("adjoint.fusedBackward"));

  /** How many regions ran fused in this JVM (tests check that the path they compare was taken). */
  static final AtomicLong REGIONS_RUN = new AtomicLong();

  /** Turns fusion on or off for this JVM (tests compare the two paths on one graph). */
  static void setEnabled(boolean on) {
    enabled = on;
  }

  /**
   * True if {@code n} can join a region of tensors of this type and shape: its operation has a fused rule, its
   * inputs and saved values have the region's type and shape (nothing is broadcast) and its saved values are
   * contiguous.
   *
   * @param n a node whose saved tensors are still held
   * @param dtype the region's element type
   * @param shape the region's shape
   * @return whether the node's rule can run on chunks of the region
   */
  public static boolean accepts(Node n, DType dtype, int[] shape) {
    if (!ElementwiseVjps.OPS.contains(n.op)) {
      return false;
    }
    for (int i = 0; i < n.inputCount(); i++) {
      if (n.inputType(i) != dtype || !n.hasInputShape(i, shape)) {
        return false;
      }
    }
    for (int i = 0; i < n.savedCount(); i++) {
      Tensor t = n.saved(i);
      if (t != null && (t.dtype != dtype || !t.contiguous || !Arrays.equals(t.shape, shape))) {
        return false;
      }
    }
    return true;
  }

  /**
   * True if a region whose root receives {@code seed} is worth running in chunks.
   *
   * @param seed the gradient of the region's root
   * @return whether fusion is on and the seed has at least {@link #MIN_ELEMENTS} elements
   */
  public static boolean worthFusing(Tensor seed) {
    return enabled && seed.numel >= MIN_ELEMENTS;
  }

  /**
   * Runs the region's rules from {@code seed}, the gradient of its first member.
   *
   * @param region the members and where their inputs' gradients go
   * @param seed the gradient of {@code region.members().get(0)}, of the region's type and shape
   * @return the gradient of each of the region's external inputs (new tensors only the caller holds)
   */
  public static Tensor[] run(ElementwiseRegion region, Tensor seed) {
    DType dtype = region.dtype();
    int[] shape = region.shape();
    int numel = seed.numel;
    REGIONS_RUN.incrementAndGet();
    List<Node> members = region.members();
    int m = members.size();
    ChunkArithmetic a = ChunkArithmetic.forThisThread(dtype);

    Slice[][] saved = new Slice[m][2];
    for (int i = 0; i < m; i++) {
      Node n = members.get(i);
      for (int s = 0; s < n.savedCount(); s++) {
        Tensor t = n.saved(s);
        saved[i][s] = t == null ? null : ChunkArithmetic.window(t);
      }
    }
    boolean broadcastSeed = everyStrideIsZero(seed);
    Slice seedSlice = broadcastSeed
        ? ChunkArithmetic.constant(dtype, seed.f != null ? seed.f[seed.offset] : seed.d[seed.offset])
        : ChunkArithmetic.window(seed.contiguous ? seed : seed.contiguous());

    int externals = region.externalCount();
    Tensor[] out = new Tensor[externals];
    Slice[] outWindows = new Slice[externals];
    for (int e = 0; e < externals; e++) {
      out[e] = Tensor.alloc(dtype, shape.clone());
      outWindows[e] = ChunkArithmetic.window(out[e]);
    }

    Slice[] grad = new Slice[m];
    boolean[] free = new boolean[m];
    boolean[] written = new boolean[externals];
    Slice[] contributions = new Slice[2];
    for (int lo = 0; lo < numel; lo += ChunkArithmetic.CHUNK) {
      a.reset(Math.min(ChunkArithmetic.CHUNK, numel - lo));
      for (Slice[] s : saved) {
        for (Slice w : s) {
          if (w != null) {
            w.moveTo(lo);
          }
        }
      }
      if (!broadcastSeed) {
        seedSlice.moveTo(lo);
      }
      for (Slice w : outWindows) {
        w.moveTo(lo);
      }
      Arrays.fill(grad, null);
      Arrays.fill(written, false);
      grad[0] = seedSlice;
      free[0] = false;
      for (int i = 0; i < m; i++) {
        Slice g = grad[i];
        if (g == null) {
          continue;
        }
        Node n = members.get(i);
        int[] to = region.inputs()[i];
        boolean need0 = to[0] != ElementwiseRegion.NO_GRADIENT;
        boolean need1 = to.length > 1 && to[1] != ElementwiseRegion.NO_GRADIENT;
        ElementwiseVjps.vjp(n.op, a, saved[i][0], saved[i][1], n.scalar, need0, need1, g, free[i],
            contributions);
        for (int j = 0; j < to.length; j++) {
          Slice c = contributions[j];
          if (c == null || to[j] == ElementwiseRegion.NO_GRADIENT) {
            continue;
          }
          // A contribution that is the seed nobody let go of, or that goes to both inputs, is read again.
          boolean shared = c == g && !free[i] || to.length > 1 && contributions[1 - j] == c;
          if (to[j] >= 0) {
            int d = to[j];
            if (grad[d] == null) {
              grad[d] = c;
              free[d] = c.scratch && !shared;
            } else if (free[d]) {
              a.addInto(grad[d], c);
            } else {
              grad[d] = a.add(grad[d], c);
              free[d] = true;
            }
          } else {
            int e = -1 - to[j];
            if (written[e]) {
              a.addInto(outWindows[e], c);
            } else {
              a.copyInto(outWindows[e], c);
              written[e] = true;
            }
          }
        }
      }
    }
    return out;
  }

  private static boolean everyStrideIsZero(Tensor t) {
    for (int s : t.strides) {
      if (s != 0) {
        return false;
      }
    }
    return true;
  }
}
