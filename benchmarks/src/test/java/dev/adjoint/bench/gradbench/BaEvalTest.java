package dev.adjoint.bench.gradbench;

import static dev.adjoint.bench.gradbench.Harness.assertClose;
import static dev.adjoint.bench.gradbench.Harness.centralDifferences;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.bench.gradbench.evals.Ba;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ba: the sparse Jacobian's layout (GradBench's C++ SparseMat) and its values against finite differences. */
class BaEvalTest {
  private static final double[] CAM = {0.1, -0.2, 0.3, 0.5, -0.4, -3.0, 400, 2, -3, -1e-3, 2e-6};
  private static final double[] POINT = {0.3, -0.2, 2.5};
  private static final double W = 0.8;
  private static final double[] FEAT = {-30, 25};

  private static Map<String, Object> input(int n, int m, int p) {
    Map<String, Object> input = new LinkedHashMap<>();
    input.put("n", n);
    input.put("m", m);
    input.put("p", p);
    input.put("cam", CAM);
    input.put("x", POINT);
    input.put("w", W);
    input.put("feat", FEAT);
    return input;
  }

  @Test
  void everyBlockMatchesFiniteDifferencesOfTheReprojectionError() {
    int n = 2;
    int m = 3;
    int p = 5;
    BaEval.Problem problem = BaEval.Problem.read(Harness.JSON.valueToTree(input(n, m, p)));
    problem.cams()[1][0] = -0.3;  // a second, different camera, and the zero rotation (Rodrigues' other branch)
    problem.cams()[1][1] = 0;
    problem.cams()[1][2] = 0;
    problem.x()[2][0] = -0.7;
    BaEval.SparseJacobian j = problem.jacobian();
    assertEquals(3 * p + 1, j.rows().length);
    int at = 0;
    for (int i = 0; i < p; i++) {
      double[] cam = problem.cams()[i % n].clone();
      double[] x = problem.x()[i % m].clone();
      for (int r = 0; r < 2; r++) {
        int row = r;
        assertEquals(15 * (2 * i + r), j.rows()[2 * i + r], "row start");
        double[] dCam = centralDifferences(v -> Ba.reprojectionError(v, x, W, FEAT)[row], cam, 1e-6);
        double[] dX = centralDifferences(v -> Ba.reprojectionError(cam, v, W, FEAT)[row], x, 1e-6);
        double[] dW = centralDifferences(v -> Ba.reprojectionError(cam, x, v[0], FEAT)[row], new double[] {W}, 1e-6);
        double[] expected = new double[15];
        System.arraycopy(dCam, 0, expected, 0, 11);
        System.arraycopy(dX, 0, expected, 11, 3);
        expected[14] = dW[0];
        assertClose(expected, Arrays.copyOfRange(j.vals(), at, at + 15), 1e-6, "block of observation " + i);
        int[] cols = new int[15];
        for (int c = 0; c < 11; c++) {
          cols[c] = 11 * (i % n) + c;
        }
        for (int c = 0; c < 3; c++) {
          cols[11 + c] = 11 * n + 3 * (i % m) + c;
        }
        cols[14] = 11 * n + 3 * m + i;
        assertArrayEquals(cols, Arrays.copyOfRange(j.cols(), at, at + 15));
        at += 15;
      }
    }
    for (int i = 0; i < p; i++) {
      assertEquals(11 * n + 3 * m + i, j.cols()[at]);
      assertEquals(-2 * W, j.vals()[at], 1e-15);
      at++;
    }
    assertEquals(j.cols().length, at);
    assertEquals(at, j.rows()[3 * p]);
  }

  @Test
  void outputsAreGradBenchsCompressedForm() {
    Map<String, Object> objective = Harness.map(Harness.run(BaEval.module(), "objective", input(2, 3, 4)));
    Map<String, Object> reproj = Harness.map(objective.get("reproj_error"));
    assertEquals(4, reproj.get("repeated"));
    assertArrayEquals(Ba.reprojectionError(CAM, POINT, W, FEAT), (double[]) reproj.get("elements"));
    assertEquals(1 - W * W, (double) Harness.map(objective.get("w_err")).get("element"), 1e-15);

    Map<String, Object> jacobian = Harness.map(Harness.run(BaEval.module(), "jacobian", input(2, 3, 4)));
    assertEquals(31, ((int[]) jacobian.get("rows")).length);
    assertEquals(31, ((int[]) jacobian.get("cols")).length);
    assertEquals(31, ((double[]) jacobian.get("vals")).length);
    assertEquals(2 * 4 * 15 + 4, ((int[]) jacobian.get("rows"))[30], "the end of the last row: 2p rows of 15, p of 1");
    assertEquals(11 * 2 + 3 * 3 + 3, ((int[]) jacobian.get("cols"))[30]);
  }
}
