/**
 * The derivative table. {@link dev.adjoint.rules.Op} lists every differentiable tensor primitive
 * with its one vector-Jacobian rule, written with tensor operations (so running a rule while
 * recording yields higher derivatives); {@code DoubleRules} holds the scalar rules of
 * {@code java.lang.Math} functions that generated adjoints call.
 */
package dev.adjoint.rules;
