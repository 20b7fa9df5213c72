/**
 * JMH benchmarks of the dynamic tape: the workloads of BENCHMARKS.md table A
 * (tiny_100ops_fwdbwd, elementwise_chain_fwdbwd, matmul_fwdbwd, mlp_train_step_b128, and the
 * scalar workloads through {@code Tensor.scalar}), each next to its primal where one exists.
 *
 * <p>Build and run (from the project root):
 *
 * <pre>
 * mvn -B -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar 'dev.adjoint.bench.tape' -f 3
 * </pre>
 *
 * <p>{@link dev.adjoint.bench.tape.TapeWorkloads} holds the workloads as plain methods so that a
 * report main can time them too.
 */
package dev.adjoint.bench.tape;
