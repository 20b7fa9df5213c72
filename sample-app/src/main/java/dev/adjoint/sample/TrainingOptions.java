package dev.adjoint.sample;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code --epochs}, {@code --lr} and {@code --seed} of a training command, with that command's defaults. */
final class TrainingOptions {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(names = "--epochs", description = "Optimiser steps over all the data (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--lr", description = "Learning rate (default: ${DEFAULT-VALUE}).")
  double lr;

  @Option(names = "--seed", description = "Random seed of the data and the initial weights (default: ${DEFAULT-VALUE}).")
  long seed;

  TrainingOptions(int epochs, double lr, long seed) {
    this.epochs = epochs;
    this.lr = lr;
    this.seed = seed;
  }

  /** Out-of-range values are usage errors. */
  void validate() {
    OutputOptions.atLeast(spec, "--epochs", epochs, 1);
    OutputOptions.atLeast(spec, "--lr", lr, Double.MIN_VALUE);
  }
}
