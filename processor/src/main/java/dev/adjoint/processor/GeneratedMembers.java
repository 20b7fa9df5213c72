package dev.adjoint.processor;

import dev.adjoint.processor.ir.IrMethod;
import dev.adjoint.processor.ir.Names;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The names one generated class gives its members: a record per method ({@code MGradient}, then
 * {@code M2Gradient} for an overload), and the methods each gradient needs ({@code m}, {@code mVjp}, and
 * {@code mForward}/{@code mReverse} for sweeps), which must not clash between two source methods.
 */
final class GeneratedMembers {
  private final Map<String, Integer> overloads = new HashMap<>();
  private final Set<String> records = new HashSet<>();
  private final Map<String, String> signatures = new HashMap<>();

  /** Counts one more method of that name: 1 for the first, 2 for its first overload, ... */
  int overloadIndex(String methodName) {
    return overloads.merge(methodName, 1, Integer::sum);
  }

  /** A record name no other method of the class has, from the method's overload index. */
  String recordName(String methodName, int index) {
    String record = Names.record(methodName, index);
    for (int n = index; !records.add(record); ) {
      record = Names.record(methodName, ++n); // e.g. f and F: FGradient, F2Gradient
    }
    return record;
  }

  /**
   * Claims the generated methods of ir's gradient for the method described by {@code signature}. Returns
   * null, or the first one another method already claimed, with that method (for the error).
   */
  String claim(IrMethod ir, String ownerClass, boolean sweeps, boolean jvp, String signature) {
    String clash = null;
    String self = ir.isStatic() ? "" : ownerClass + ",";
    String params = self + ir.params().stream().map(p -> p.type().source()).collect(Collectors.joining(","));
    List<String> generatedSigs = new ArrayList<>(List.of(
        ir.name() + "(" + params + ")",
        Names.vjp(ir.name()) + "(" + params + (params.isEmpty() ? "" : ",") + ir.result().source() + ")"));
    if (sweeps) {
      generatedSigs.add(Names.forward(ir.name()) + "(" + params + ")");
      generatedSigs.add(Names.reverse(ir.name()) + "(java.lang.Object," + ir.result().source() + ")");
    }
    if (jvp) {
      String tangents = ir.params().stream().filter(p -> ir.wrt().contains(p.name())).map(p -> "," + p.type().source())
          .collect(Collectors.joining());
      generatedSigs.add(Names.jvp(ir.name()) + "(" + params + (params.isEmpty() ? tangents.replaceFirst(",", "") : tangents) + ")");
    }
    for (String sig : generatedSigs) {
      String previous = signatures.putIfAbsent(sig, signature);
      if (previous != null && clash == null) {
        clash = sig.replace(",", ", ") + ", which the gradient of " + previous + " also needs";
      }
    }
    return clash;
  }
}
