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
