package dev.adjoint.bench.gradbench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.adjoint.bench.gradbench.evals.Ba;
import dev.adjoint.bench.gradbench.evals.BaGradients;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * GradBench {@code ba}: the objective evaluates {@link Ba#reprojectionError} and {@link Ba#weightError} for every
 * observation; the jacobian is the sparse Jacobian of all of them, each observation's 2 x 15 block made of two
 * vector-Jacobian products of the generated adjoint, assembled row by row as GradBench's C++ {@code SparseMat} does.
 */
final class BaEval {
  private BaEval() {}

  static final int CAMERA = 11;

  /** The problem, duplicated from one camera, point, weight and feature as the eval asks (no shortcut taken). */
  record Problem(int n, int m, int p, double[][] cams, double[][] x, double[] w, double[][] feats, int[] camIdx,
      int[] ptIdx) {

    static Problem read(JsonNode input) {
      int n = Inputs.integer(input, "n");
      int m = Inputs.integer(input, "m");
      int p = Inputs.integer(input, "p");
      if (n < 1 || m < 1 || p < 1) {
        throw new IllegalArgumentException("n, m and p must be positive, got n=" + n + " m=" + m + " p=" + p);
      }
      double[] cam = length(Inputs.vector(input, "cam"), CAMERA, "cam");
      double[] point = length(Inputs.vector(input, "x"), 3, "x");
      double weight = Inputs.number(input, "w");
      double[] feat = length(Inputs.vector(input, "feat"), 2, "feat");
      double[][] cams = new double[n][];
      for (int i = 0; i < n; i++) {
        cams[i] = cam.clone();
      }
      double[][] x = new double[m][];
      for (int i = 0; i < m; i++) {
        x[i] = point.clone();
      }
      double[] w = new double[p];
      Arrays.fill(w, weight);
      double[][] feats = new double[p][];
      int[] camIdx = new int[p];
      int[] ptIdx = new int[p];
      for (int i = 0; i < p; i++) {
        feats[i] = feat.clone();
        camIdx[i] = i % n;
        ptIdx[i] = i % m;
      }
      return new Problem(n, m, p, cams, x, w, feats, camIdx, ptIdx);
    }

    private static double[] length(double[] v, int length, String name) {
      if (v.length != length) {
        throw new IllegalArgumentException("\"" + name + "\" has " + v.length + " entries, expected " + length);
      }
      return v;
    }

    /** Reprojection errors (2 per observation) and weight errors (1 per observation). */
    Errors objective() {
      double[] reprojection = new double[2 * p];
      double[] weight = new double[p];
      for (int i = 0; i < p; i++) {
        double[] e = Ba.reprojectionError(cams[camIdx[i]], x[ptIdx[i]], w[i], feats[i]);
        reprojection[2 * i] = e[0];
        reprojection[2 * i + 1] = e[1];
      }
      for (int i = 0; i < p; i++) {
        weight[i] = Ba.weightError(w[i]);
      }
      return new Errors(reprojection, weight);
    }

    /** The Jacobian of (reprojection errors, weight errors) in compressed-row form, as GradBench's C++ builds it. */
    SparseJacobian jacobian() {
      int perRow = CAMERA + 3 + 1;
      int[] rows = new int[3 * p + 1];
      int[] cols = new int[2 * perRow * p + p];
      double[] vals = new double[cols.length];
      int row = 0;
      int at = 0;
      double[] first = {1, 0};
      double[] second = {0, 1};
      // each row's gradient is added into these two arrays (reprojectionErrorReverseInto), cleared per row
      double[] dCam = new double[CAMERA];
      double[] dX = new double[3];
      for (int i = 0; i < p; i++) {
        double[] cam = cams[camIdx[i]];
        double[] point = x[ptIdx[i]];
        // one forward sweep, then one reverse sweep per row of this observation's Jacobian
        var forward = BaGradients.reprojectionErrorForward(cam, point, w[i], feats[i]);
        for (int r = 0; r < 2; r++) {
          Arrays.fill(dCam, 0);
          Arrays.fill(dX, 0);
          BaGradients.ReprojectionErrorGradient g =
              BaGradients.reprojectionErrorReverseInto(forward, r == 0 ? first : second, dCam, dX);
          for (int j = 0; j < CAMERA; j++) {
            cols[at] = CAMERA * camIdx[i] + j;
            vals[at++] = dCam[j];
          }
          for (int j = 0; j < 3; j++) {
            cols[at] = CAMERA * n + 3 * ptIdx[i] + j;
            vals[at++] = dX[j];
          }
          cols[at] = CAMERA * n + 3 * m + i;
          vals[at++] = g.dW();
          rows[row + 1] = rows[row] + perRow;
          row++;
        }
      }
      for (int i = 0; i < p; i++) {
        cols[at] = CAMERA * n + 3 * m + i;
        vals[at++] = BaGradients.weightError(w[i]).dW();
        rows[row + 1] = rows[row] + 1;
        row++;
      }
      return new SparseJacobian(rows, cols, vals);
    }
  }

  record Errors(double[] reprojection, double[] weight) {
    /** GradBench's compressed form: the first observation's values and how often they repeat. */
    Map<String, Object> json() {
      Map<String, Object> reproj = new LinkedHashMap<>();
      reproj.put("elements", new double[] {reprojection[0], reprojection[1]});
      reproj.put("repeated", reprojection.length / 2);
      Map<String, Object> w = new LinkedHashMap<>();
      w.put("element", weight[0]);
      w.put("repeated", weight.length);
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("reproj_error", reproj);
      out.put("w_err", w);
      return out;
    }
  }

  record SparseJacobian(int[] rows, int[] cols, double[] vals) {
    /** GradBench's compressed form: the first 30 entries of each list and the last one. */
    Map<String, Object> json() {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("rows", firstAndLast(rows));
      out.put("cols", firstAndLast(cols));
      out.put("vals", firstAndLast(vals));
      return out;
    }

    private static final int SHOWN = 2 * (CAMERA + 4);

    private static int[] firstAndLast(int[] v) {
      int[] out = Arrays.copyOf(v, SHOWN + 1);
      out[SHOWN] = v[v.length - 1];
      return out;
    }

    private static double[] firstAndLast(double[] v) {
      double[] out = Arrays.copyOf(v, SHOWN + 1);
      out[SHOWN] = v[v.length - 1];
      return out;
    }
  }

  static EvalModule module() {
    return FunctionTable.primalAndDerivative("ba", "objective", "jacobian", Problem::read,
        problem -> problem.objective().json(), Problem::jacobian, SparseJacobian::json);
  }
}
