package org.aoissl.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.aoissl.data.AoiImage;
import org.aoissl.data.ClassSet;
import org.aoissl.data.Dataset;
import org.aoissl.data.DatasetLayouts;
import org.aoissl.data.DatasetOptions;
import org.aoissl.data.Example;
import org.aoissl.data.LabelEncoding;
import org.aoissl.data.Mask;
import org.aoissl.data.Sample;
import org.aoissl.io.BadInputException;
import org.aoissl.synth.SynthConfig;
import org.aoissl.synth.SynthDatasetWriter;
import org.aoissl.train.CheckpointFile;
import org.aoissl.train.StepLog;
import org.aoissl.train.TrainListener;
import org.aoissl.train.TrainLog;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The U-Net on the fine-tuning loop: it learns, resumes exactly and predicts any image size. */
class UNetFinetuneTest {
  @TempDir static Path shared;
  static List<Example> train;
  static ClassSet classes;
  @TempDir Path dir;

  @BeforeAll
  static void data() throws IOException {
    SynthDatasetWriter.write(shared.resolve("synth"),
        new SynthConfig(1, 4, 0, 64, 3, 8, LabelEncoding.BITS, 1.0, 0.0, false, 5), () -> {});
    Dataset d = DatasetLayouts.open(shared.resolve("synth/train"), DatasetOptions.DEFAULT);
    classes = d.classes();
    train = new ArrayList<>();
    for (var s : d.samples()) {
      train.add(d.read(s));
    }
  }

  private static FinetuneConfig tiny(long steps, double saveEvery, String norm) {
    return tiny(steps, saveEvery, norm, 8, 1e-2);
  }

  private static FinetuneConfig tiny(long steps, double saveEvery, String norm, int width, double lr) {
    return new FinetuneConfig("unet", "micro", 64, 2, 0, steps, 0, lr, 1e-4, 0.05, 1.0, 0.0, 5.0, 1.0, 3,
        saveEvery, new UNetOptions(width, 2, norm, "bilinear"));
  }

  /** IoU of predicted and true foreground over every class and pixel (multi-label, pooled). */
  private static double pooledIoU(Mask pred, Mask truth) {
    long inter = 0;
    long union = 0;
    for (int k = 0; k < truth.numClasses(); k++) {
      for (int y = 0; y < truth.height(); y++) {
        for (int x = 0; x < truth.width(); x++) {
          boolean p = pred.get(k, y, x);
          boolean t = truth.get(k, y, x);
          inter += p && t ? 1 : 0;
          union += p || t ? 1 : 0;
        }
      }
    }
    return (double) inter / union;
  }

  /**
   * A 48² one-channel part: a 2-px bright wire from edge to edge and a round bond (radius 5) at a
   * place and angle of its own, on a mid-grey die with mild noise; class 0 wire, class 1 ball, the
   * image's outer row ignored.
   */
  static Example part(long seed) {
    java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
    int n = 48;
    float[] px = new float[n * n];
    Mask mask = new Mask(2, n, n);
    double angle = r.nextDouble(Math.PI);
    double cx = r.nextDouble(16, 32);
    double cy = r.nextDouble(16, 32);
    double bx = r.nextDouble(8, 40);
    double by = r.nextDouble(8, 40);
    for (int y = 0; y < n; y++) {
      for (int x = 0; x < n; x++) {
        double d = Math.abs((x - cx) * Math.sin(angle) - (y - cy) * Math.cos(angle));
        boolean wire = d < 1.0;
        boolean ball = Math.hypot(x - bx, y - by) < 5;
        px[y * n + x] = (float) (0.4 + (wire ? 0.4 : 0) + (ball ? 0.25 : 0) + r.nextDouble(-0.05, 0.05));
        mask.set(0, y, x, wire);
        mask.set(1, y, x, ball);
        mask.setIgnored(y, x, y == 0);
      }
    }
    Sample s = new Sample("part" + seed, "d", List.of(Path.of("part" + seed + ".png")), Path.of("part" + seed + ".png"));
    return new Example(s, new AoiImage(1, n, n, 8, px), mask);
  }

  @Test
  void aTinyUNetOverfitsTwoSyntheticImages() throws IOException {
    List<Example> two = List.of(part(1), part(2));
    Path ckpt = dir.resolve("u.ckpt");
    FinetuneConfig cfg = new FinetuneConfig("unet", "micro", 48, 2, 0, 400, 0, 1e-2, 1e-4, 0.05, 1.0, 0.0, 5.0, 1.0,
        3, 100, new UNetOptions(8, 2, "batch", "bilinear"));
    FinetuneLoop.run(cfg, two, ClassSet.of("wire", "ball"), null, ckpt, false, Map.of(), new TrainListener() {});
    // No step was skipped for a non-finite gradient.
    assertThat(TrainLog.read(dir.resolve("u.ckpt.log.jsonl"))).allSatisfy(l -> assertThat(l.gradNorm()).isFinite());
    try (SegPredictor p = SegPredictor.open(ckpt)) {
      for (Example e : two) {
        double iou = pooledIoU(p.predict(e.image()).mask(), e.mask());
        assertThat(iou).as("pooled IoU on %s", e.sample().id()).isGreaterThan(0.9);
      }
    }
  }

  @Test
  void crashAndResumeGivesExactlyTheUninterruptedWeightsAndStatistics() throws IOException {
    Path a = dir.resolve("a.ckpt");
    FinetuneLoop.run(tiny(8, 100, "batch"), train, classes, null, a, false, Map.of(), new TrainListener() {});
    Path b = dir.resolve("b.ckpt");
    assertThatThrownBy(() -> FinetuneLoop.run(tiny(8, 1e-9, "batch"), train, classes, null, b, false, Map.of(),
        new TrainListener() {
          @Override
          public void onStep(StepLog log) {
            if (log.step() == 5) {
              throw new IllegalStateException("simulated crash");
            }
          }
        })).hasMessage("simulated crash");
    assertThat(FinetuneCheckpoint.load(b).state().step()).isEqualTo(4);
    FinetuneLoop.run(tiny(8, 1e-9, "batch"), train, classes, null, b, true, Map.of(), new TrainListener() {});
    var ta = CheckpointFile.read(a).tensors();
    var tb = CheckpointFile.read(b).tensors();
    // BatchNorm running statistics are part of the state and resume with it.
    assertThat(ta).containsKey("model/enc.0.norm1.running_mean");
    assertThat(tb).isEqualTo(ta);
    assertThat(TrainLog.read(dir.resolve("b.ckpt.log.jsonl")).stream().map(StepLog::loss).toList())
        .isEqualTo(TrainLog.read(dir.resolve("a.ckpt.log.jsonl")).stream().map(StepLog::loss).toList());
  }

  @Test
  void predictsImagesOfAnySizeAndRefusesAnEncoder() throws IOException {
    Path ckpt = dir.resolve("p.ckpt");
    FinetuneLoop.run(tiny(2, 100, "group"), train, classes, null, ckpt, false, Map.of(), new TrainListener() {});
    AoiImage img = train.get(0).image();
    // A 37 × 53 crop: not a multiple of the U-Net's pooling.
    float[] data = new float[img.channels() * 37 * 53];
    for (int c = 0; c < img.channels(); c++) {
      for (int y = 0; y < 37; y++) {
        for (int x = 0; x < 53; x++) {
          data[(c * 37 + y) * 53 + x] = img.get(c, y + 3, x + 5);
        }
      }
    }
    AoiImage odd = new AoiImage(img.channels(), 37, 53, img.bitDepth(), data);
    try (SegPredictor p = SegPredictor.open(ckpt)) {
      SegPredictor.Prediction pr = p.predict(odd);
      assertThat(pr.mask().height()).isEqualTo(37);
      assertThat(pr.mask().width()).isEqualTo(53);
      assertThat(pr.probabilities()).hasSize(4 * 37 * 53);
    }
    assertThatThrownBy(() -> FinetuneLoop.run(tiny(2, 100, "batch"), train, classes, ckpt, dir.resolve("q.ckpt"),
        false, Map.of(), new TrainListener() {})).isInstanceOf(BadInputException.class);
  }
}
