package org.aoissl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

/**
 * The fixture of the retrieval command tests: a tiny synthetic split root ({@code data/s}: 2 devices of
 * 5 labeled 64² images, 8 unlabeled) and a micro checkpoint pre-trained on it for 3 steps.
 */
final class TinyRun {
  private TinyRun() {}

  /** Writes the data and the checkpoint under {@code data}; returns the checkpoint. */
  static Path prepare(Path data) {
    CliRun s = CliRun.of("synth", "--out", data.resolve("s").toString(), "--devices", "2", "--per-device", "5",
        "--unlabeled", "8", "--size", "64", "--seed", "4");
    assertThat(s.code()).as(s.err()).isZero();
    Path ckpt = data.resolve("m.ckpt");
    CliRun p = CliRun.of("pretrain", "--data", data.resolve("s").toString(), "--out", ckpt.toString(), "--model",
        "micro", "--image-size", "32", "--batch", "4", "--seed", "5", "--steps", "3");
    assertThat(p.code()).as(p.err()).isZero();
    return ckpt;
  }
}
