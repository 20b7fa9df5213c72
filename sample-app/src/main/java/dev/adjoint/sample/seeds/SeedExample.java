package dev.adjoint.sample.seeds;

/** The examples of one tutorial in {@code seeds/}, re-enacted with Adjoint. */
public interface SeedExample {
  /** The seed file's number, {@code "000"} to {@code "004"}. */
  String id();

  /** The tutorial's title. */
  String title();

  /** Runs every example and prints its numbers. */
  void run(Printer p);
}
