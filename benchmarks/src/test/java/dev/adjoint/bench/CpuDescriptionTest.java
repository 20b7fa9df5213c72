package dev.adjoint.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The report's CPU line tells apart machines that share a model name. */
class CpuDescriptionTest {
  private static List<String> cpuinfo(String name, String family, String model, String flags) {
    return List.of("processor\t: 0", "vendor_id\t: AuthenticAMD", "cpu family\t: " + family, "model\t\t: " + model,
        "model name\t: " + name, "stepping\t: 1", "flags\t\t: fpu vme " + flags + " sse2",
        "processor\t: 1", "cpu family\t: 99", "model name\t: second processor");
  }

  @Test
  void namesZen4AndZen5ThatBothCallThemselvesEpyc() {
    assertEquals("AMD EPYC (Zen 4, family 25 model 17, AVX-512)",
        CpuDescription.parse(cpuinfo("AMD EPYC", "25", "17", "avx2 avx512f avx512dq")).toString());
    assertEquals("AMD EPYC (Zen 5, family 26 model 2, AVX-512)",
        CpuDescription.parse(cpuinfo("AMD EPYC", "26", "2", "avx2 avx512f")).toString());
    assertEquals("AMD EPYC 7763 64-Core Processor (Zen 3, family 25 model 1, AVX2)",
        CpuDescription.parse(cpuinfo("AMD EPYC 7763 64-Core Processor", "25", "1", "avx2")).toString());
  }

  @Test
  void anotherVendorKeepsItsNumbersWithoutAGeneration() {
    CpuDescription intel = CpuDescription.parse(
        cpuinfo("Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz", "6", "106", "avx2 avx512f"));
    assertNull(intel.generation());
    assertEquals("Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz (family 6 model 106, AVX-512)", intel.toString());
  }

  @Test
  void withoutCpuinfoEverythingIsUnknown() {
    CpuDescription none = CpuDescription.parse(List.of());
    assertEquals("unknown CPU (no wide vectors known)", none.toString());
    assertEquals(CpuDescription.UNKNOWN, none.family());
  }
}
