package org.aoissl.finetune;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.GradientCollector;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.aoissl.ReplayableSeed;
import org.aoissl.model.NamedParams;
import org.aoissl.model.VitConfig;
import org.aoissl.train.AdamW;
import org.junit.jupiter.api.Test;

class UnetrDecoderTest {
  private static final int SIZE = 32;
  private static final int STEPS = 60;

  @Test
  void logitsHaveTheImagesSizeAlsoForNonSquareImages() {
    VitConfig vit = VitConfig.preset("micro", 32, 2);
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager();
        SegModel model = new SegModel(vit, "unetr", 3, false, m, 5)) {
      for (int[] hw : new int[][] {{32, 32}, {24, 40}}) {
        NDArray imgs = m.randomNormal(new Shape(2, 2, hw[0], hw[1]));
        assertThat(model.logits(imgs).getShape()).isEqualTo(new Shape(2, 3, hw[0], hw[1]));
      }
      assertThat(model.params().names()).contains("head.stem.0.conv1.weight", "head.stem.2.conv2.bias",
          "head.embed.weight", "head.up.0.conv1.weight", "head.up.2.conv2.weight", "head.classifier.weight")
          .doesNotContain("head.stem.3.conv1.weight", "head.up.3.conv1.weight");
      // micro: patch 8, three stages: stem 16, 32, 48 channels; up 128+48 -> 64, 64+32 -> 32, 32+16 -> 16.
      assertThat(model.params().entry("head.up.0.conv1.weight").array().getShape())
          .isEqualTo(new Shape(64, 128 + 48, 3, 3));
      assertThat(model.params().entry("head.up.2.conv1.weight").array().getShape())
          .isEqualTo(new Shape(16, 32 + 16, 3, 3));
      assertThat(model.params().entry("head.classifier.weight").array().getShape()).isEqualTo(new Shape(3, 16, 1, 1));
    }
  }

  @Test
  void flopsCountTheStemAndEveryConvolution() {
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      NamedParams params = new NamedParams(m.newSubManager(), 1);
      SegHead head = SegHead.create("unetr", params, 1, 32, 4, 2);
      // patch 4: stem 1->16->16 at 8x8, 16->32->32 at 4x4; embed 32->128 at 2x2;
      // up.0 160->64->64 at 4x4, up.1 80->40->40 at 8x8; classifier 40->2 at 8x8.
      long expected = 2L * 64 * 9 * (1 * 16 + 16 * 16) + 2L * 16 * 9 * (16 * 32 + 32 * 32) + 2L * 4 * 32 * 128
          + 2L * 16 * 9 * (160 * 64 + 64 * 64) + 2L * 64 * 9 * (80 * 32 + 32 * 32) + 2L * 64 * 32 * 2;
      assertThat(head.flops(8, 8)).isEqualTo(expected);
      params.close();
      // aoi-t (dim 384, patch 16), two channels, four classes: the figures the docs quote.
      NamedParams aoit = new NamedParams(m.newSubManager(), 1);
      SegHead big = SegHead.create("unetr", aoit, 2, 384, 16, 4);
      assertThat(aoit.trainableCount()).isEqualTo(372_772);
      assertThat(big.flops(192, 192)).isEqualTo(1_781_268_480L);
      aoit.close();
    }
  }

  /**
   * The reason for the head: a 2-pixel line is much finer than a 16-pixel patch. A unetr model (micro
   * widths, patch 16 as the real encoders) learns to draw it on two images within {@value #STEPS} steps;
   * what the patch-grid decoder reaches in the same steps is printed for comparison.
   */
  @Test
  void learnsToDrawATwoPixelLine() {
    long seed = ReplayableSeed.draw("UnetrDecoderTest.learnsToDrawATwoPixelLine");
    float[] images = new float[2 * SIZE * SIZE];
    float[] targets = new float[2 * SIZE * SIZE];
    lines(new Random(seed), images, targets);
    double unetr = trainedIou("unetr", images, targets, STEPS);
    double decoder = trainedIou("decoder", images, targets, STEPS);
    System.out.printf("seed %d: thin-line IoU after %d steps: unetr %.3f, decoder %.3f%n", seed, STEPS, unetr,
        decoder);
    assertThat(unetr).as("unetr IoU (seed %d; decoder %.3f)", seed, decoder).isGreaterThan(0.7);
  }

  /** Two images of noise, each with one random straight line 2 px wide, brighter than the background. */
  private static void lines(Random rnd, float[] images, float[] targets) {
    for (int n = 0; n < 2; n++) {
      double angle = rnd.nextDouble() * Math.PI;
      double cx = SIZE / 2.0 + (rnd.nextDouble() - 0.5) * SIZE / 3;
      double cy = SIZE / 2.0 + (rnd.nextDouble() - 0.5) * SIZE / 3;
      double nx = -Math.sin(angle);
      double ny = Math.cos(angle);
      for (int y = 0; y < SIZE; y++) {
        for (int x = 0; x < SIZE; x++) {
          int i = n * SIZE * SIZE + y * SIZE + x;
          boolean on = Math.abs((x + 0.5 - cx) * nx + (y + 0.5 - cy) * ny) < 1.0; // 2 px across
          targets[i] = on ? 1 : 0;
          images[i] = (float) ((on ? 1.0 : 0.0) + 0.25 * rnd.nextGaussian());
        }
      }
    }
  }

  private static double trainedIou(String head, float[] images, float[] targets, int steps) {
    VitConfig vit = new VitConfig(SIZE, 16, 1, 32, 2, 2, 4.0, true, 1e-6); // micro widths, patch 16
    try (NDManager base = Engine.getEngine("PyTorch").newBaseManager();
        SegModel model = new SegModel(vit, head, 1, false, base, 3);
        AdamW opt = new AdamW(new AdamW.Config(0.9, 0.999, 1e-8, 0), base)) {
      Map<String, NDArray> trainable = new LinkedHashMap<>();
      model.params().trainable().forEach(e -> trainable.put(e.name(), e.array()));
      Shape shape = new Shape(2, 1, SIZE, SIZE);
      NDArray x = base.create(images, shape);
      NDArray y = base.create(targets, shape);
      NDArray valid = base.ones(shape);
      for (int step = 0; step < steps; step++) {
        try (NDManager sm = base.newSubManager(); NDScope scope = new NDScope()) {
          try (GradientCollector gc = sm.getEngine().newGradientCollector()) {
            gc.backward(SegLoss.loss(model.logits(x), y, valid, 1.0));
          }
          opt.step(trainable, Set.of(), 1e-3, 5.0, 0); // the default lr of both heads
        }
      }
      float[] p;
      try (NDManager sm = base.newSubManager(); NDScope scope = new NDScope()) {
        p = Activation.sigmoid(model.logits(x)).toFloatArray(); // [2, 1, H, W]
      }
      int inter = 0;
      int union = 0;
      for (int i = 0; i < p.length; i++) {
        boolean a = p[i] > 0.5f;
        boolean b = targets[i] > 0.5f;
        inter += a && b ? 1 : 0;
        union += a || b ? 1 : 0;
      }
      return union == 0 ? 1 : (double) inter / union;
    }
  }
}
