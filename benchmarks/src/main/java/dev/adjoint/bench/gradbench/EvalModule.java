package dev.adjoint.bench.gradbench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
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
