package dev.adjoint.sample;

import dev.adjoint.Tensor;
import dev.adjoint.kernels.Kernels;

/** The sample app: reproduces the tutorials' examples with Adjoint and prints their numbers. */
public final class Main {
  private Main() {}

  /** Prints a few tensor results and which kernels are active. */
  public static void main(String[] args) {
    System.out.println("kernels: " + Kernels.get().name());
    Tensor x = Tensor.arange(4).requiresGrad(true);
    Tensor y = x.mul(x).sum().mul(2);
    System.out.println("x = " + x);
    System.out.println("y = 2 * sum(x * x) = " + y);
    y.backward();
    System.out.println("dy/dx = " + x.grad());
    Tensor a = Tensor.of(new double[][] {{1, 2}, {3, 4}});
    System.out.println("a @ a^T = " + a.matmul(a.t()));
    System.out.println("softmax([1, 2, 3]) = " + Tensor.of(1, 2, 3).softmax(0));
  }
}
