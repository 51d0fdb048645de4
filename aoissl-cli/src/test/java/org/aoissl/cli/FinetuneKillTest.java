package org.aoissl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.aoissl.finetune.FinetuneCheckpoint;
import org.aoissl.train.CheckpointFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A fine-tuning run killed with SIGKILL in a child JVM and resumed ends with exactly the weights,
 * optimizer state of the uninterrupted run, for the ViT with its decoder and with the unetr head, and for
 * the U-Net (whose BatchNorm running statistics are part of the state).
 */
class FinetuneKillTest {
  @TempDir static Path data;
  @TempDir Path dir;

  @BeforeAll
  static void synth() {
    CliRun r = CliRun.of("synth", "--out", data.resolve("s").toString(), "--devices", "1", "--per-device", "6",
        "--unlabeled", "0", "--size", "64", "--seed", "9");
    assertThat(r.code()).as(r.err()).isZero();
  }

  private static String[] args(String head, Path out, String... extra) {
    List<String> a = new ArrayList<>(List.of("finetune", "--data", data.resolve("s/train").toString(), "--head", head,
        "--out", out.toString(), "--image-size", "32", "--batch", "2", "--seed", "3", "--steps", "30"));
    a.addAll(head.equals("unet") ? List.of("--unet-width", "8", "--unet-depth", "2") : List.of("--model", "micro"));
    a.addAll(List.of(extra));
    return a.toArray(String[]::new);
  }

  @ParameterizedTest
  @ValueSource(strings = {"decoder", "unetr", "unet"})
  void killedWithSigkillAndResumedEqualsTheUninterruptedRun(String head) throws Exception {
    Path whole = dir.resolve("whole.ckpt");
    CliRun w = CliRun.of(args(head, whole));
    assertThat(w.code()).as(w.err()).isZero();

    Path killed = dir.resolve("killed.ckpt");
    long killedAt = KilledChild.run(args(head, killed, "--save-every", KilledChild.SAVE_EVERY_STEP),
        dir.resolve("killed.ckpt.log.jsonl"), 5, dir.resolve("child.txt"));
    assertThat(killedAt).as("child output: %s", Files.readString(dir.resolve("child.txt"))).isBetween(5L, 29L);
    assertThat(FinetuneCheckpoint.load(killed).state().step()).isBetween(4L, 29L);

    CliRun resumed = CliRun.of(args(head, killed, "--save-every", KilledChild.SAVE_EVERY_STEP, "--resume"));
    assertThat(resumed.code()).as(resumed.err()).isZero();
    assertThat(CheckpointFile.read(killed).tensors()).isEqualTo(CheckpointFile.read(whole).tensors());
    assertThat(Files.readAllLines(dir.resolve("killed.ckpt.log.jsonl"))).hasSize(30);
  }
}
