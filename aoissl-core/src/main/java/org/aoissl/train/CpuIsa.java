package org.aoissl.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A guard for convolution training on CPUs with AVX-512. oneDNN's AVX-512 convolution backward (used by
 * libtorch 2.7.1 for {@code conv2d}) returned NaN gradients in most U-Net steps on an AMD EPYC, from
 * finite inputs; with {@code ONEDNN_MAX_CPU_ISA=AVX2} none did, at about the same speed. The variable
 * must be set before the JVM starts: the {@code aoissl} launcher and the test configuration set it.
 */
public final class CpuIsa {
  private CpuIsa() {}

  /** A warning when this CPU has AVX-512 and oneDNN has not been capped, else null. */
  public static String warning() {
    if (System.getenv("ONEDNN_MAX_CPU_ISA") != null) {
      return null;
    }
    try {
      Path info = Path.of("/proc/cpuinfo");
      if (Files.isReadable(info) && Files.readString(info).contains("avx512f")) {
        return "this CPU has AVX-512 and ONEDNN_MAX_CPU_ISA is not set: convolution gradients may come back NaN "
            + "(steps are then skipped); run through ./aoissl or set ONEDNN_MAX_CPU_ISA=AVX2";
      }
    } catch (IOException | RuntimeException e) {
      return null; // no /proc: nothing known about the CPU
    }
    return null;
  }
}
