package dev.adjoint.processor.ir;

import java.util.List;

/**
 * How a record the lowering splits into one variable per component is laid out: for each component, its
 * accessor and either the variable holding it or, for a nested record, that record's layout. Generated code
 * reads a record parameter into these variables ({@code Tensor p$w = p.w();}) and builds the record's
 * gradient from their adjoints ({@code new Params(_d_p$w, p$count)}).
 *
 * @param type the record type
 * @param parts the components, in declaration order
 */
public record RecordLayout(JType type, List<Part> parts) {
  /**
   * One component.
   *
   * @param accessor its accessor's name
   * @param variable the variable holding it, or null for a nested record
   * @param type its type
   * @param differentiable whether it carries a derivative (a constant otherwise: copied into the gradient)
   * @param nested the nested record's layout, or null
   */
  public record Part(String accessor, String variable, JType type, boolean differentiable, RecordLayout nested) {}

  /** Every variable of the layout, nested ones included, in order. */
  public List<Part> leaves() {
    List<Part> out = new java.util.ArrayList<>();
    for (Part p : parts) {
      if (p.nested() != null) {
        out.addAll(p.nested().leaves());
      } else {
        out.add(p);
      }
    }
    return out;
  }
}
