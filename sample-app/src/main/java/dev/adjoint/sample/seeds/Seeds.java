package dev.adjoint.sample.seeds;

import java.util.List;

/** Every seed the sample app reproduces, in order. */
public final class Seeds {
  private Seeds() {}

  /** All seeds, 000 to 004. */
  public static List<SeedExample> all() {
    return List.of(new Seed000(), new Seed001(), new Seed002(), new Seed003(), new Seed004());
  }
}
