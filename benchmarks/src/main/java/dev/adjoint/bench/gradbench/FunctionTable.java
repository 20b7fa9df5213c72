package dev.adjoint.bench.gradbench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** A module given as a table: function name to the decoder that prepares its computation. */
record FunctionTable(String name, Map<String, Function<JsonNode, EvalModule.Computation>> table)
    implements EvalModule {

  FunctionTable {
    table = Collections.unmodifiableMap(new LinkedHashMap<>(table));
  }

  /**
   * A module of two functions over one input: {@code primal} and its {@code derivative}. {@code read} decodes
   * the input (untimed), the function runs (timed), {@code encode} turns the derivative into its JSON form
   * (untimed).
   */
  static <I, D> FunctionTable primalAndDerivative(String name, String primal, String derivative,
      Function<JsonNode, I> read, Function<? super I, ?> primalFunction, Function<? super I, D> derivativeFunction,
      Function<? super D, ?> encode) {
    Map<String, Function<JsonNode, EvalModule.Computation>> table = new LinkedHashMap<>();
    table.put(primal, json -> {
      I input = read.apply(json);
      return () -> primalFunction.apply(input);
    });
    table.put(derivative, json -> {
      I input = read.apply(json);
      return EvalModule.Computation.of(() -> derivativeFunction.apply(input), encode);
    });
    return new FunctionTable(name, table);
  }

  @Override
  public Set<String> functions() {
    return table.keySet();
  }

  @Override
  public Computation prepare(String function, JsonNode input) {
    Function<JsonNode, Computation> decoder = table.get(function);
    if (decoder == null) {
      throw new IllegalArgumentException("module " + name + " has no function \"" + function + "\"");
    }
    return decoder.apply(input);
  }
}
