package dev.adjoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.autograd.Node;
import dev.adjoint.rules.Op;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * What recording costs in memory on a small tensor, where allocation is most of the tape's time: a recorded
 * operation allocates its result and one node, nothing per input or per call beyond them. Counted in bytes the
 * thread allocated (exact, unlike a timing), as a ratio to the same operation under {@code noGrad()} so that the
 * budget holds whatever the JVM's object layout.
 */
class TapeAllocationTest {
  private static final int OPS = 2_000;
  private static final int ROUNDS = 300;

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  /** Bytes per operation of a chain of {@code OPS} multiplications by a number, the best of the last rounds. */
  private static double bytesPerOp(boolean record) {
    long id = Thread.currentThread().getId();
    double best = Double.MAX_VALUE;
    for (int round = 0; round < ROUNDS; round++) {
      Tensor x = Tensor.zeros(16).requiresGrad(true);
      Tensor y = x;
      long before = THREADS.getThreadAllocatedBytes(id);
      if (record) {
        for (int i = 0; i < OPS; i++) {
          y = y.mul(1.0001);
        }
      } else {
        try (GradScope s = Autograd.noGrad()) {
          for (int i = 0; i < OPS; i++) {
            y = y.mul(1.0001);
          }
        }
      }
      long after = THREADS.getThreadAllocatedBytes(id);
      assertEquals(record, y.requiresGrad(), "the chain was recorded or not as asked");
      // The best round: the first ones still run interpreted or in C1, where the kernels box their vectors.
      best = Math.min(best, (after - before) / (double) OPS);
    }
    return best;
  }

  /** Bytes per node made directly, as recording one operation of one input makes it. */
  private static double bytesPerNode() {
    long id = Thread.currentThread().getId();
    Tensor[] nothingSaved = new Tensor[0];
    Node[] keep = new Node[OPS];
    double best = Double.MAX_VALUE;
    for (int round = 0; round < ROUNDS; round++) {
      long before = THREADS.getThreadAllocatedBytes(id);
      for (int i = 0; i < OPS; i++) {
        keep[i] = new Node(Op.MUL_SCALAR, 1, nothingSaved);
      }
      best = Math.min(best, (THREADS.getThreadAllocatedBytes(id) - before) / (double) OPS);
    }
    return best;
  }

  @Test
  void aRecordedOperationAllocatesItsResultAndOneNode() {
    assertTrue(THREADS.isThreadAllocatedMemorySupported(), "this JVM counts allocated bytes per thread");
    THREADS.setThreadAllocatedMemoryEnabled(true);
    double plain = bytesPerOp(false);
    double recorded = bytesPerOp(true);
    double node = bytesPerNode();
    // What recording adds is the difference, whatever the kernel allocates (nothing once C2 has compiled it, vector
    // boxes where other tests' profiles kept it from doing so). On HotSpot with compressed pointers: 152 bytes of
    // result, 304 recorded, a node of 152. Per-input arrays in the node, an array of the inputs per call and an
    // empty array of saved tensors per call added 64 more.
    assertTrue(plain > 64, "an unrecorded operation allocates at least its result: " + plain + " bytes");
    assertTrue(node > 0, "a node is allocated: " + node + " bytes");
    assertTrue(recorded - plain <= node + 8,
        "recording a multiplication of a 16-element tensor allocates " + (recorded - plain) + " bytes ("
            + recorded + " against " + plain + " under noGrad()), more than the " + node
            + " bytes of its one node: something is allocated per input or per call");
  }
}
