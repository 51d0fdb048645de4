package org.aoissl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.aoissl.finetune.FinetuneCheckpoint;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** finetune, predict and eval end to end on tiny synthetic data, and their bad-input paths. */
class FinetuneCommandsTest {
  @TempDir static Path data;
  @TempDir Path dir;

  static Path ckpt;

  @BeforeAll
  static void prepare() {
    ckpt = TinyRun.prepare(data);
  }

  @Test
  void finetuneFromAPretrainedEncoderThenPredictAndEvaluate() throws Exception {
    Path ft = dir.resolve("ft.ckpt");
    CliRun f = CliRun.of("finetune", "--data", data.resolve("s/train").toString(), "--init", ckpt.toString(),
        "--out", ft.toString(), "--steps", "4", "--batch", "2");
    assertThat(f.code()).as(f.err()).isZero();
    assertThat(f.out()).contains("training unetr head from m.ckpt on 6 labeled images")
        .contains("budget reached after 4/4 steps");
    assertThat(FinetuneCheckpoint.load(ft).state().config().imageSize()).isEqualTo(32); // the encoder's size

    Path pred = dir.resolve("pred");
    CliRun p = CliRun.of("predict", "--model", ft.toString(), "--images", data.resolve("s/test").toString(), "--out",
        pred.toString());
    assertThat(p.code()).as(p.err()).isZero();
    assertThat(p.out()).contains("segmented 2 images");
    try (Stream<Path> files = Files.list(pred.resolve("labels"))) {
      assertThat(files.count()).isEqualTo(2);
    }
    CliRun e = CliRun.of("eval", "--pred", pred.toString(), "--gt", data.resolve("s/test").toString());
    assertThat(e.code()).as(e.err()).isZero();
    assertThat(e.out()).contains("wire");
  }

  @Test
  void unetTrainsThenPredictsAndEvaluatesAndRefusesBadShapes() throws Exception {
    Path ft = dir.resolve("unet.ckpt");
    CliRun f = CliRun.of("finetune", "--data", data.resolve("s/train").toString(), "--head", "unet", "--unet-width",
        "8", "--unet-depth", "2", "--image-size", "40", "--out", ft.toString(), "--steps", "3", "--batch", "2");
    assertThat(f.code()).as(f.err()).isZero();
    assertThat(f.out()).contains("training a U-Net (UNetOptions[width=8, depth=2, norm=batch, upsample=bilinear])")
        .contains("budget reached after 3/3 steps");
    assertThat(FinetuneCheckpoint.load(ft).contents().tensors()).containsKeys("model/enc.2.conv2.weight",
        "model/dec.0.norm1.running_var", "model/head.weight");
    Path pred = dir.resolve("unet-pred");
    CliRun p = CliRun.of("predict", "--model", ft.toString(), "--images", data.resolve("s/test").toString(), "--out",
        pred.toString());
    assertThat(p.code()).as(p.err()).isZero();
    assertThat(p.out()).contains("segmented 2 images");
    CliRun e = CliRun.of("eval", "--pred", pred.toString(), "--gt", data.resolve("s/test").toString());
    assertThat(e.code()).as(e.err()).isZero();
    assertThat(e.out()).contains("wire");
    CliRun bad = CliRun.of("finetune", "--data", data.resolve("s/train").toString(), "--head", "unet", "--unet-norm",
        "layer", "--out", dir.resolve("bad.ckpt").toString(), "--steps", "1");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("norm");
    assertThat(dir.resolve("bad.ckpt")).doesNotExist();
  }

  @Test
  void unetrHeadTrainsAndItsCheckpointPredicts() throws Exception {
    Path ft = dir.resolve("unetr.ckpt");
    CliRun f = CliRun.of("finetune", "--data", data.resolve("s/train").toString(), "--head", "unetr", "--model",
        "micro", "--image-size", "32", "--out", ft.toString(), "--steps", "2", "--batch", "2");
    assertThat(f.code()).as(f.err()).isZero();
    assertThat(f.out()).contains("training unetr head from scratch (micro)");
    assertThat(FinetuneCheckpoint.load(ft).contents().tensors()).containsKeys("model/head.stem.0.conv1.weight",
        "model/head.up.2.conv2.weight", "model/head.classifier.weight");
    Path pred = dir.resolve("unetr-pred");
    CliRun p = CliRun.of("predict", "--model", ft.toString(), "--images", data.resolve("s/test").toString(), "--out",
        pred.toString());
    assertThat(p.code()).as(p.err()).isZero();
    assertThat(p.out()).contains("segmented 2 images");
  }

  @Test
  void resumeContinuesAndScratchNeedsNoInit() {
    Path ft = dir.resolve("lin.ckpt");
    String[] args = {"finetune", "--data", data.resolve("s/train").toString(), "--head", "linear", "--model", "micro",
        "--image-size", "32", "--out", ft.toString(), "--steps", "3", "--batch", "2"};
    CliRun f = CliRun.of(args);
    assertThat(f.code()).as(f.err()).isZero();
    assertThat(f.out()).contains("from scratch (micro)");
    String[] resume = java.util.Arrays.copyOf(args, args.length + 1);
    resume[args.length] = "--resume";
    CliRun r = CliRun.of(resume);
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("3/3 steps");
  }

  @Test
  void reconstructShowsNativeResolutionCropsOnRequest() throws Exception {
    Path whole = dir.resolve("whole.png");
    Path nat = dir.resolve("native.png");
    CliRun a = CliRun.of("reconstruct", "--ckpt", ckpt.toString(), "--data", data.resolve("s/test").toString(), "--out",
        whole.toString(), "--count", "2");
    CliRun b = CliRun.of("reconstruct", "--ckpt", ckpt.toString(), "--data", data.resolve("s/test").toString(), "--out",
        nat.toString(), "--count", "2", "--native");
    assertThat(a.code()).as(a.err()).isZero();
    assertThat(b.code()).as(b.err()).isZero();
    java.awt.image.BufferedImage wi = javax.imageio.ImageIO.read(whole.toFile());
    java.awt.image.BufferedImage ni = javax.imageio.ImageIO.read(nat.toFile());
    assertThat(ni.getWidth()).isEqualTo(wi.getWidth()); // same grid: crops of the model's size
    assertThat(Files.readAllBytes(nat)).isNotEqualTo(Files.readAllBytes(whole)); // a 32 px crop, not the 64 px image shrunk
  }

  @Test
  void reconstructScoresContrastRecoveryPerClassOnLabeledImages() {
    Path png = dir.resolve("scored.png");
    CliRun r = CliRun.of("reconstruct", "--ckpt", ckpt.toString(), "--data", data.resolve("s/test").toString(), "--out",
        png.toString(), "--count", "1", "--native", "--score", data.resolve("s/test").toString());
    assertThat(r.code()).as(r.err()).isZero();
    // 2 labeled 64 px test images, four 32 px corner crops each; one line per class with a number and a count.
    assertThat(r.out()).contains("contrast recovered in removed patches (8 native crops, mask ratio 0.75)")
        .containsPattern("(?m)^  wire +-?\\d\\.\\d{3}  \\(\\d+ patches\\)$")
        .containsPattern("(?m)^  epoxy +(-?\\d\\.\\d{3}|NaN)  \\(\\d+ patches\\)$");
    CliRun bad = CliRun.of("reconstruct", "--ckpt", ckpt.toString(), "--data", data.resolve("s/test").toString(), "--out",
        dir.resolve("x.png").toString(), "--score", data.resolve("s/pretrain").toString());
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("has no label");
    assertThat(Files.exists(dir.resolve("x.png"))).isFalse();
  }

  @Test
  void badInputIsOneLineAndExitCode2() throws Exception {
    Path ft = dir.resolve("x.ckpt");
    CliRun noLabels = CliRun.of("finetune", "--data", data.resolve("s/pretrain").toString(), "--model", "micro",
        "--image-size", "32", "--out", ft.toString(), "--steps", "1");
    assertThat(noLabels.code()).isEqualTo(2);
    assertThat(noLabels.err()).contains("has no label");
    assertThat(Files.exists(ft)).isFalse();

    Path junk = dir.resolve("junk.ckpt");
    Files.write(junk, new byte[] {1, 2, 3});
    CliRun bad = CliRun.of("predict", "--model", junk.toString(), "--images", data.resolve("s/test").toString(),
        "--out", dir.resolve("p2").toString());
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err().strip().lines().count()).isEqualTo(1);
    assertThat(bad.err()).contains("junk.ckpt");
    assertThat(Files.exists(dir.resolve("p2"))).isFalse();

    CliRun wrongKind = CliRun.of("predict", "--model", ckpt.toString(), "--images", data.resolve("s/test").toString(),
        "--out", dir.resolve("p3").toString());
    assertThat(wrongKind.code()).isEqualTo(2);
    assertThat(wrongKind.err()).contains("not a fine-tuning checkpoint");
  }
}
