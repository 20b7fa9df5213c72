package dev.adjoint.sample.records;

/** Plain-Java parameters: an array and a double (differentiable), a count and a name (constants). */
record Params(double[] w, double bias, int count, String name) {}
