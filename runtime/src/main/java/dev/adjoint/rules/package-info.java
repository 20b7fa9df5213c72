/**
 * The derivative table. {@link dev.adjoint.rules.TensorRules} holds the one vector-Jacobian rule of
 * every differentiable tensor operation, written with tensor operations (so running a rule while
 * recording yields higher derivatives); {@link dev.adjoint.rules.Op} lists the primitives the tape
 * records, each node calling its rule there; {@code DoubleRules} holds the scalar rules of
 * {@code java.lang.Math} functions. Generated adjoints call {@code TensorRules} and
 * {@code DoubleRules} directly.
 */
package dev.adjoint.rules;
