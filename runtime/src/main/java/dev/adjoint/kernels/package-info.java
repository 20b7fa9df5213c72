/**
 * The numeric loops under every tensor operation: {@link dev.adjoint.kernels.Kernels}, with a
 * scalar implementation ({@link dev.adjoint.kernels.ScalarKernels}, the oracle) and a Vector API
 * one chosen once at start-up.
 *
 * <p>Settings, as system properties:
 * <ul>
 *   <li>{@code -Dadjoint.simd=false} forces the scalar kernels; {@code true} forces the Vector API
 *       kernels whenever the module loads; unset picks them when the module
 *       {@code jdk.incubator.vector} is present ({@code --add-modules=jdk.incubator.vector}) and
 *       the processor profits (x86 with 256-bit vectors or wider).
 *   <li>{@code -Dadjoint.threads=N} caps the threads a large matrix product (above about two
 *       million floating-point operations) may use; default: all available processors.
 * </ul>
 *
 * <p>{@code Kernels.get().name()} says which kernels are active, e.g.
 * {@code "vector(256-bit, 8 float lanes)"} or {@code "scalar"}.
 */
package dev.adjoint.kernels;
