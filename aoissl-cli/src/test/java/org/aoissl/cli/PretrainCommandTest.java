package org.aoissl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.aoissl.data.AoiImage;
import org.aoissl.data.Dataset;
import org.aoissl.data.DatasetLayouts;
import org.aoissl.data.DatasetOptions;
import org.aoissl.model.FeatureFile;
import org.aoissl.model.VisionTransformer;
import org.aoissl.pretrain.PretrainCheckpoint;
import org.aoissl.pretrain.PretrainState;
import org.aoissl.train.CheckpointFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PretrainCommandTest {
  @TempDir static Path data;
  @TempDir Path dir;

  @BeforeAll
  static void synth() {
    CliRun r = CliRun.of("synth", "--out", data.resolve("s").toString(), "--devices", "2", "--per-device", "5",
        "--unlabeled", "8", "--size", "64", "--seed", "4");
    assertThat(r.code()).as(r.err()).isZero();
  }

  private static String[] args(Path out, String... extra) {
    List<String> a = new ArrayList<>(List.of("pretrain", "--data", data.resolve("s").toString(), "--out",
        out.toString(), "--model", "micro", "--image-size", "32", "--batch", "4", "--seed", "5", "--blr", "0.5"));
    a.addAll(List.of(extra));
    return a.toArray(String[]::new);
  }

  @Test
  void killedWithSigkillAndResumedEqualsTheUninterruptedRun() throws Exception {
    Path whole = dir.resolve("whole.ckpt");
    assertThat(CliRun.of(args(whole, "--steps", "40")).code()).isZero();

    Path killed = dir.resolve("killed.ckpt");
    long killedAt = KilledChild.run(args(killed, "--steps", "40", "--save-every", KilledChild.SAVE_EVERY_STEP),
        dir.resolve("killed.ckpt.log.jsonl"), 5, dir.resolve("child.txt"));
    assertThat(killedAt).as("child output: %s", Files.readString(dir.resolve("child.txt"))).isBetween(5L, 39L);
    long onDisk = PretrainCheckpoint.load(killed).state().step();
    assertThat(onDisk).isBetween(4L, 39L);

    CliRun resumed = CliRun.of(args(killed, "--steps", "40", "--save-every", KilledChild.SAVE_EVERY_STEP,
        "--resume"));
    assertThat(resumed.code()).as(resumed.err()).isZero();
    assertThat(CheckpointFile.read(killed).tensors()).isEqualTo(CheckpointFile.read(whole).tensors());
    // The log of the killed run, cut back to its checkpoint and continued, has one line per step.
    assertThat(Files.readAllLines(dir.resolve("killed.ckpt.log.jsonl"))).hasSize(40);
  }

  @Test
  void embedWritesTheEncodersFeatures() throws IOException {
    Path ck = dir.resolve("e.ckpt");
    assertThat(CliRun.of(args(ck, "--steps", "3")).code()).isZero();
    Path feats = dir.resolve("f.bin");
    Path test = data.resolve("s/test");
    CliRun r = CliRun.of("embed", "--ckpt", ck.toString(), "--data", test.toString(), "--out", feats.toString());
    assertThat(r.code()).as(r.err()).isZero();
    FeatureFile.Contents c = FeatureFile.read(feats);
    assertThat(c.dim()).isEqualTo(32);
    assertThat(c.encoder()).startsWith("e.ckpt@");
    Dataset ds = DatasetLayouts.open(test, DatasetOptions.DEFAULT);
    assertThat(c.entries()).extracting(FeatureFile.Entry::id).isEqualTo(ds.samples().stream().map(s -> s.id()).toList());
    FeatureFile.Entry e0 = c.entries().get(0);
    assertThat(e0.gridH()).isEqualTo(8); // 64 px / patch 8
    // Same numbers as running the checkpoint's encoder directly on the normalised image.
    PretrainState st = PretrainCheckpoint.load(ck).state();
    AoiImage img = Dataset.readImage(ds.samples().get(0));
    float[] x = img.data().clone();
    for (int ch = 0; ch < 2; ch++) {
      for (int i = 0; i < 64 * 64; i++) {
        x[ch * 4096 + i] = (x[ch * 4096 + i] - st.mean()[ch]) / st.std()[ch];
      }
    }
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      VisionTransformer vit = PretrainCheckpoint.loadEncoder(ck, m);
      float[] cls = vit.forwardFeatures(m.create(x, new Shape(1, 2, 64, 64))).cls().toFloatArray();
      assertThat(e0.cls()).containsExactly(cls, org.assertj.core.data.Offset.offset(1e-5f));
    }
  }

  @Test
  void budgetsAndBadDataAreBadInput() throws IOException {
    CliRun none = CliRun.of("pretrain", "--data", data.resolve("s").toString(), "--out", dir.resolve("x").toString());
    assertThat(none.code()).isEqualTo(2);
    assertThat(none.err()).contains("--epochs", "--steps", "--minutes");
    CliRun two = CliRun.of(args(dir.resolve("y"), "--steps", "3", "--epochs", "1"));
    assertThat(two.code()).isEqualTo(2);
    Files.createDirectories(dir.resolve("empty/images"));
    CliRun empty = CliRun.of("pretrain", "--data", dir.resolve("empty").toString(), "--out",
        dir.resolve("z").toString(), "--steps", "1");
    assertThat(empty.code()).isEqualTo(2);
    assertThat(empty.err()).contains("empty dataset");
    CliRun ratio = CliRun.of(args(dir.resolve("w"), "--steps", "1", "--mask-ratio", "1.0"));
    assertThat(ratio.code()).isEqualTo(2);
    assertThat(ratio.err()).contains("maskRatio must be in (0, 1); got 1.0");
  }
}
