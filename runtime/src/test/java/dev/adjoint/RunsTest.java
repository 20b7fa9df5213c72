package dev.adjoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The run cursor behind strided elementwise operations and reductions. */
class RunsTest {
  /** Every run as {o0, o1, o2, n, s0, s1, s2}. */
  private static List<List<Integer>> runs(Runs r) {
    List<List<Integer>> out = new ArrayList<>();
    while (r.next()) {
      out.add(List.of(r.o0, r.o1, r.o2, r.n, r.s0, r.s1, r.s2));
    }
    assertFalse(r.next(), "a finished cursor stays finished");
    return out;
  }

  @Test
  void contiguousDimensionsMergeIntoOneRun() {
    int[] shape = {2, 3, 4};
    int[] st = {12, 4, 1};
    assertEquals(List.of(List.of(5, 7, 0, 24, 1, 1, 0)),
        runs(Runs.over(shape, st, 5, st, 7, null, 0)));
  }

  @Test
  void aBroadcastOperandGetsStrideZeroAndSplitsTheRuns() {
    // out [2, 3] contiguous; a row vector [3] broadcast over the rows; a column [2, 1] broadcast.
    int[] shape = {2, 3};
    assertEquals(List.of(
            List.of(0, 0, 0, 3, 1, 1, 0),
            List.of(3, 0, 1, 3, 1, 1, 0)),
        runs(Runs.over(shape, new int[] {3, 1}, 0, new int[] {0, 1}, 0, new int[] {1, 0}, 0)));
  }

  @Test
  void transposedOperandWalksItsOwnStrides() {
    // out [3, 2] contiguous, x the transpose of a [2, 3] matrix (strides 1, 3).
    assertEquals(List.of(
            List.of(0, 0, 0, 2, 1, 3, 0),
            List.of(2, 1, 0, 2, 1, 3, 0),
            List.of(4, 2, 0, 2, 1, 3, 0)),
        runs(Runs.over(new int[] {3, 2}, new int[] {2, 1}, 0, new int[] {1, 3}, 0, null, 0)));
  }

  @Test
  void sizeOneDimensionsAreDroppedAndEmptyShapesHaveNoRun() {
    assertEquals(List.of(List.of(0, 2, 0, 4, 1, 1, 0)),
        runs(Runs.over(new int[] {1, 4, 1}, new int[] {4, 1, 1}, 0, new int[] {9, 1, 9}, 2, null, 0)));
    assertEquals(List.of(), runs(Runs.over(new int[] {3, 0}, new int[] {0, 1}, 0, null, 0, null, 0)));
    // 0-dimensional: one run of one element.
    assertEquals(List.of(List.of(4, 6, 8, 1, 1, 1, 1)),
        runs(Runs.over(new int[0], new int[0], 4, new int[0], 6, new int[0], 8)));
  }
}
