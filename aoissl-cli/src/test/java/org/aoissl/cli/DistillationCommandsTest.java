package org.aoissl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.aoissl.model.FeatureFile;
import org.aoissl.pretrain.PretrainCheckpoint;
import org.aoissl.retrieval.BankFile;
import org.aoissl.train.CheckpointFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** aoissl pretrain --method dino|ibot: resume after kill -9, and the checkpoint feeds embed, bank and segment. */
class DistillationCommandsTest {
  @TempDir static Path data;
  @TempDir Path dir;

  @BeforeAll
  static void synth() {
    CliRun r = CliRun.of("synth", "--out", data.resolve("s").toString(), "--devices", "2", "--per-device", "5",
        "--unlabeled", "8", "--size", "64", "--seed", "4");
    assertThat(r.code()).as(r.err()).isZero();
  }

  /** A micro model with a small head and 2 local crops of 16 px. */
  private static String[] args(String method, Path out, String... extra) {
    List<String> a = new ArrayList<>(List.of("pretrain", "--method", method, "--data", data.resolve("s").toString(),
        "--out", out.toString(), "--model", "micro", "--image-size", "32", "--batch", "4", "--seed", "5", "--blr",
        "0.05", "--out-dim", "64", "--head-hidden", "64", "--head-bottleneck", "32", "--local-crops", "2"));
    a.addAll(List.of(extra));
    return a.toArray(String[]::new);
  }

  @ParameterizedTest
  @ValueSource(strings = {"dino", "ibot"})
  void killedWithSigkillAndResumedEqualsTheUninterruptedRun(String method) throws Exception {
    Path whole = dir.resolve("whole.ckpt");
    CliRun w = CliRun.of(args(method, whole, "--steps", "16"));
    assertThat(w.code()).as(w.err()).isZero();

    Path killed = dir.resolve("killed.ckpt");
    long killedAt = KilledChild.run(args(method, killed, "--steps", "16", "--save-every", KilledChild.SAVE_EVERY_STEP),
        dir.resolve("killed.ckpt.log.jsonl"), 5, dir.resolve("child.txt"));
    assertThat(killedAt).as("child output: %s", Files.readString(dir.resolve("child.txt"))).isBetween(5L, 15L);
    // Killed at step 4 or later: past epoch 0, so the last layer has joined the optimizer.
    assertThat(PretrainCheckpoint.load(killed).state().step()).isBetween(4L, 15L);

    CliRun resumed = CliRun.of(args(method, killed, "--steps", "16", "--save-every", KilledChild.SAVE_EVERY_STEP,
        "--resume"));
    assertThat(resumed.code()).as(resumed.err()).isZero();
    // Student, teacher, heads, centre (and iBOT's patch centre), AdamW moments and late starts: bit for bit.
    assertThat(CheckpointFile.read(killed).tensors()).isEqualTo(CheckpointFile.read(whole).tensors());
    assertThat(Files.readAllLines(dir.resolve("killed.ckpt.log.jsonl"))).hasSize(16);
  }

  @Test
  void ibotCheckpointFeedsEmbedBankAndSegment() throws Exception {
    Path ck = dir.resolve("i.ckpt");
    CliRun t = CliRun.of(args("ibot", ck, "--steps", "24"));
    assertThat(t.code()).as(t.err()).isZero();
    assertThat(t.err()).doesNotContain("collapse suspected");
    JsonNode last = new ObjectMapper().readTree(
        Files.readAllLines(dir.resolve("i.ckpt.log.jsonl")).get(23)).path("diagnostics");
    assertThat(last.path("teacherInformation").asDouble()).isGreaterThan(0.1);
    assertThat(last.path("rankMe").asDouble()).isGreaterThan(4);

    Path feats = dir.resolve("f.bin");
    CliRun e = CliRun.of("embed", "--ckpt", ck.toString(), "--data", data.resolve("s/test").toString(), "--out",
        feats.toString());
    assertThat(e.code()).as(e.err()).isZero();
    assertThat(FeatureFile.read(feats).dim()).isEqualTo(32);

    Path bank = dir.resolve("b.bank");
    CliRun b = CliRun.of("bank", "build", "--ckpt", ck.toString(), "--support", data.resolve("s/train").toString(),
        "--out", bank.toString());
    assertThat(b.code()).as(b.err()).isZero();
    assertThat(BankFile.read(bank).numImages()).isEqualTo(6);
    Path pred = dir.resolve("pred");
    CliRun seg = CliRun.of("segment", "--bank", bank.toString(), "--images", data.resolve("s/test").toString(),
        "--out", pred.toString());
    assertThat(seg.code()).as(seg.err()).isZero();
    assertThat(seg.out()).contains("segmented 2 images");
    try (Stream<Path> files = Files.list(pred.resolve("labels"))) {
      assertThat(files.count()).isEqualTo(2);
    }
    CliRun rec = CliRun.of("reconstruct", "--ckpt", ck.toString(), "--data", data.resolve("s").toString(), "--out",
        dir.resolve("r.png").toString());
    assertThat(rec.code()).isEqualTo(2);
    assertThat(rec.err()).contains("was made by ibot; reconstructions need an MAE checkpoint");
  }

  @Test
  void badDistillationSettingsAreBadInput() {
    CliRun size = CliRun.of(args("dino", dir.resolve("x.ckpt"), "--steps", "1", "--local-size", "12"));
    assertThat(size.code()).isEqualTo(2);
    assertThat(size.err()).contains("local crop size must be a multiple of the patch size 8");
    CliRun ratio = CliRun.of(args("ibot", dir.resolve("y.ckpt"), "--steps", "1", "--pred-ratio", "1.5"));
    assertThat(ratio.code()).isEqualTo(2);
    assertThat(ratio.err()).contains("predRatio must be in (0, 1); got 1.5");
    CliRun method = CliRun.of(args("byol", dir.resolve("z.ckpt"), "--steps", "1"));
    assertThat(method.code()).isEqualTo(2);
    assertThat(method.err()).contains("method must be one of mae, dino, ibot; got byol");
  }
}
