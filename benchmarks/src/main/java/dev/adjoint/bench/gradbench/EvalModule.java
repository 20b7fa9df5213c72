package dev.adjoint.bench.gradbench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import java.util.function.DoubleConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One GradBench module (an eval's functions). {@link #prepare} decodes an evaluate message's input, untimed;
 * the returned {@link Computation} is what the tool times.
 */
public interface EvalModule {

  /** The module's name, as the eval's {@code define} message spells it. */
  String name();

  /** The function names this module answers. */
  Set<String> functions();

  /**
   * Runs the module's functions untimed, on an input of its own, for about {@code seconds}, when GradBench
   * defines the module. The JIT compiles a method with the profile of the calls it has seen first; a module
   * whose code came out several times slower when compiled on the eval's first (smallest) input warms up here
   * on a large one, so its timings do not depend on the order in which the eval sends its inputs. By default
   * nothing runs.
   *
   * @param seconds the time to spend; 0 runs nothing
   */
  default void warmUp(double seconds) {}

  /**
   * {@code module}, warmed up at its definition by {@code warmUp} (given the seconds to spend).
   *
   * @param module the module
   * @param warmUp what {@link #warmUp} runs
   * @return the module with that warm-up
   */
  static EvalModule warmedUpBy(EvalModule module, DoubleConsumer warmUp) {
    return new EvalModule() {
      @Override
      public String name() {
        return module.name();
      }

      @Override
      public Set<String> functions() {
        return module.functions();
      }

      @Override
      public Computation prepare(String function, JsonNode input) {
        return module.prepare(function, input);
      }

      @Override
      public void warmUp(double seconds) {
        warmUp.accept(seconds);
      }
    };
  }

  /**
   * Decodes {@code input} for {@code function}.
   *
   * @throws IllegalArgumentException if the function is unknown or the input is not what the eval sends
   */
  Computation prepare(String function, JsonNode input);

  /**
   * One decoded evaluation: {@link #run} is timed; the result of the last run goes through {@link #encode}
   * (untimed, as GradBench's C++ tools convert their output after timing) and is sent back.
   */
  @FunctionalInterface
  interface Computation {
    /** Computes the function. */
    Object run();

    /** The JSON form of a result of {@link #run}: numbers, arrays of them, lists and maps. */
    default Object encode(Object result) {
      return result;
    }

    /** A computation whose result is turned into its JSON form by {@code encode}. */
    static <T> Computation of(Supplier<T> run, Function<? super T, ?> encode) {
      return new Computation() {
        @Override
        public Object run() {
          return run.get();
        }

        @Override
        @SuppressWarnings("unchecked")
        public Object encode(Object result) {
          return encode.apply((T) result);
        }
      };
    }
  }
}
