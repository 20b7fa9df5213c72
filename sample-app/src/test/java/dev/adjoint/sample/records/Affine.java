package dev.adjoint.sample.records;

/** A nested record: a scale record inside. */
record Affine(Params inner, double scale) {}
