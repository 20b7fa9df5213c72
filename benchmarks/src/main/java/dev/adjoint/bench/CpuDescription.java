package dev.adjoint.bench;

import java.util.List;
import java.util.Locale;

/**
 * The CPU a report was measured on, from {@code /proc/cpuinfo}: its name, and for AMD its family, model and core
 * generation, and the widest vector extension. Machines that all call themselves "AMD EPYC" differ where it
 * matters here: a Zen 4 core splits each 512-bit operation in two 256-bit halves, so our AVX-512 matrix product
 * runs there at about half its Zen 5 speed (sgemm n=1024: 23-28 ms against 12-15 ms), while PyTorch's OpenBLAS,
 * which uses AVX2 on both, takes about 21 ms on either. Runs are comparable only on the same generation.
 */
record CpuDescription(String name, int family, int model, String vectors) {
  /** Neither field was in the file. */
  static final int UNKNOWN = -1;

  /**
   * Reads the first processor's entries.
   *
   * @param cpuinfo the lines of {@code /proc/cpuinfo}
   * @return what they say, with {@link #UNKNOWN} family and model and "unknown CPU" where they say nothing
   */
  static CpuDescription parse(List<String> cpuinfo) {
    String name = field(cpuinfo, "model name");
    String flags = field(cpuinfo, "flags");
    return new CpuDescription(name == null ? "unknown CPU" : name, number(field(cpuinfo, "cpu family")),
        number(field(cpuinfo, "model")), vectors(flags == null ? List.of() : List.of(flags.split("\\s+"))));
  }

  /**
   * The AMD core generation of a family and model, or null when it is not AMD's or not known here
   * (AMD's processor programming references list the models).
   */
  String generation() {
    if (!name.startsWith("AMD")) {
      return null;
    }
    if (family == 0x17) {
      return model < 0x30 ? "Zen/Zen+" : "Zen 2";
    }
    if (family == 0x19) {
      boolean zen4 = model >= 0x10 && model <= 0x1f || model >= 0x60 && model <= 0x7f
          || model >= 0xa0 && model <= 0xaf;
      return zen4 ? "Zen 4" : "Zen 3";
    }
    if (family == 0x1a) {
      return "Zen 5";
    }
    return null;
  }

  /** For a report's first line, e.g. {@code AMD EPYC (Zen 4, family 25 model 17, AVX-512)}. */
  @Override
  public String toString() {
    StringBuilder details = new StringBuilder();
    String generation = generation();
    if (generation != null) {
      details.append(generation).append(", ");
    }
    if (family != UNKNOWN) {
      details.append(String.format(Locale.ROOT, "family %d model %d, ", family, model));
    }
    details.append(vectors);
    return name + " (" + details + ")";
  }

  private static String vectors(List<String> flags) {
    if (flags.contains("avx512f")) {
      return "AVX-512";
    }
    if (flags.contains("avx2")) {
      return "AVX2";
    }
    return flags.contains("asimd") ? "NEON" : "no wide vectors known";
  }

  private static String field(List<String> cpuinfo, String key) {
    for (String line : cpuinfo) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equals(key)) {
        return line.substring(colon + 1).trim();
      }
    }
    return null;
  }

  private static int number(String value) {
    try {
      return value == null ? UNKNOWN : Integer.parseInt(value);
    } catch (NumberFormatException e) {
      return UNKNOWN;
    }
  }
}
