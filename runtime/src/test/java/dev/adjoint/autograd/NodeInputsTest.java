package dev.adjoint.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.DType;
import dev.adjoint.Tensor;
import dev.adjoint.rules.Op;
import org.junit.jupiter.api.Test;

/** A node's inputs, the first two kept in fields and the rest in arrays, read back the same way. */
class NodeInputsTest {
  private static final Tensor[] NOTHING_SAVED = new Tensor[0];

  @Test
  void everyInputReadsBackWhatWasConnected() {
    Node deep = new Node(Op.NEG, 1, NOTHING_SAVED);
    Node deeper = new Node(Op.NEG, 1, NOTHING_SAVED);
    deeper.connect(0, deep, null, new int[] {2}, DType.FLOAT32);
    GradAccumulator leaf = new GradAccumulator();
    int[][] shapes = {{2}, {3, 1}, {}, {4}};
    Node cat = new Node(Op.CAT, 4, NOTHING_SAVED);
    cat.connect(0, deep, null, shapes[0], DType.FLOAT32);
    cat.connect(1, null, leaf, shapes[1], DType.FLOAT64);
    // input 2 a constant: never connected
    cat.connect(3, deeper, null, shapes[3], DType.FLOAT32);

    assertEquals(4, cat.inputCount());
    assertSame(deep, cat.next(0));
    assertSame(leaf, cat.leaf(1));
    assertNull(cat.next(2));
    assertNull(cat.leaf(2));
    assertSame(deeper, cat.next(3));
    assertTrue(cat.needs(0) && cat.needs(1) && cat.needs(3));
    assertFalse(cat.needs(2), "an input never connected is a constant");
    assertEquals(DType.FLOAT64, cat.inputType(1));
    assertNull(cat.inputType(2));
    assertArrayEquals(new int[0], cat.inputShape(2), "a constant's shape reads as no dimensions");
    for (int i : new int[] {0, 1, 3}) {
      assertArrayEquals(shapes[i], cat.inputShape(i));
      assertNotSame(shapes[i], cat.inputShape(i), "inputShape gives a copy");
      assertTrue(cat.hasInputShape(i, shapes[i].clone()));
    }
    assertEquals(1, deep.topologicalNr);
    assertEquals(2, deeper.topologicalNr);
    assertEquals(3, cat.topologicalNr, "one more than the deepest input's producer");
  }

  @Test
  void connectingAnInputTheNodeDoesNotHaveIsRefused() {
    Node n = new Node(Op.ADD, 2, NOTHING_SAVED);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> n.connect(2, null, null, new int[] {1}, DType.FLOAT32));
    assertEquals("connect: input 2 of AddBackward, which has 2 inputs (0 to 1)", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> n.connect(-1, null, null, new int[] {1}, DType.FLOAT32));
  }
}
