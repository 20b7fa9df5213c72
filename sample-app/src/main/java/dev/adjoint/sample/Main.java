package dev.adjoint.sample;

import dev.adjoint.kernels.Kernels;
import dev.adjoint.kernels.UnaryOp;
import java.util.Arrays;

/** The sample app: reproduces the tutorials' examples with Adjoint and prints their numbers. */
public final class Main {
  private Main() {}

  /** Runs every example and prints its results. */
  public static void main(String[] args) {
    System.out.println("kernels: " + Kernels.get().name());
    float[] x = {0f, 1f, 2f};
    float[] y = new float[3];
    Kernels.get().map(UnaryOp.EXP, x, 0, y, 0, 3);
    System.out.println("exp(" + Arrays.toString(x) + ") = " + Arrays.toString(y));
  }
}
