/**
 * Optimisers that update parameters from the gradients the tape accumulated: {@link
 * dev.adjoint.optim.Sgd} and {@link dev.adjoint.optim.Adam}, with PyTorch's update formulas.
 */
package dev.adjoint.optim;
