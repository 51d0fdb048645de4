package org.aoissl.pretrain.mae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.aoissl.model.NamedParams;
import org.aoissl.model.PosEmbed;
import org.aoissl.model.VisionTransformer;
import org.aoissl.model.VitConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MaeModelTest {
  private static final VitConfig MICRO = VitConfig.preset("micro");
  private static final MaeConfig CONFIG = new MaeConfig(MICRO, 16, 1, 2, 0.75, false);
  private NDManager manager;

  @BeforeEach
  void open() {
    manager = Engine.getEngine("PyTorch").newBaseManager();
  }

  @AfterEach
  void close() {
    manager.close();
  }

  @Test
  void parameterNamesAreMaesAndTheEncoderIsAPlainVit() {
    try (MaeModel mae = MaeModel.create(CONFIG, manager, 7);
        VisionTransformer vit = VisionTransformer.create(MICRO, manager, 7)) {
      List<String> expected = new ArrayList<>(vit.namedParameters().keySet());
      expected.addAll(List.of("mask_token", "decoder_pos_embed", "decoder_embed.weight",
          "decoder_embed.bias"));
      for (String s : List.of("norm1.weight", "norm1.bias", "attn.qkv.weight", "attn.qkv.bias",
          "attn.proj.weight", "attn.proj.bias", "norm2.weight", "norm2.bias", "mlp.fc1.weight",
          "mlp.fc1.bias", "mlp.fc2.weight", "mlp.fc2.bias")) {
        expected.add("decoder_blocks.0." + s);
      }
      expected.addAll(List.of("decoder_norm.weight", "decoder_norm.bias", "decoder_pred.weight",
          "decoder_pred.bias"));
      assertThat(mae.namedParameters().keySet()).containsExactlyElementsOf(expected);
      assertThat(mae.getParameters().keys()).containsExactlyElementsOf(expected);
      assertThat(mae.encoder().namedParameters().keySet())
          .containsExactlyElementsOf(vit.namedParameters().keySet());
      assertThat(mae.params().entries().stream().filter(e -> !e.trainable())
          .map(NamedParams.Entry::name)).containsExactly("pos_embed", "decoder_pos_embed");
      assertThat(mae.params().entry("mask_token").decay()).isFalse();
      assertThat(mae.params().entry("decoder_embed.weight").decay()).isTrue();
      assertThat(shape(mae, "decoder_pred.weight")).isEqualTo(new Shape(128, 16));
      assertThat(shape(mae, "decoder_embed.weight")).isEqualTo(new Shape(16, 32));
      assertThat(values(mae, "decoder_pos_embed")).containsExactly(PosEmbed.sinCos2d(16, 4, 4,
          true));
      // Per-name seed streams: the MAE's encoder starts exactly as a ViT with the same seed.
      for (String name : vit.namedParameters().keySet()) {
        assertThat(values(mae, name)).as(name)
            .containsExactly(vit.namedParameters().get(name).getArray().toFloatArray());
      }
    }
  }

  @Test
  void sameSeedSameInitialWeights() {
    try (MaeModel a = MaeModel.create(CONFIG, manager, 3);
        MaeModel b = MaeModel.create(CONFIG, manager, 3)) {
      for (String name : a.namedParameters().keySet()) {
        assertThat(values(b, name)).as(name).containsExactly(values(a, name));
      }
    }
  }

  @Test
  void lossCountsOnlyMaskedPatchesOverTheWholeBatch() {
    VitConfig oneChannel = VitConfig.preset("micro", 16, 1);
    try (MaeModel mae = MaeModel.create(new MaeConfig(oneChannel, 16, 1, 2, 0.5, false),
        manager, 1)) {
      NDArray imgs = manager.randomUniform(0, 1, new Shape(2, 1, 16, 16));
      float[] target = mae.patchify(imgs).toFloatArray(); // [2, 4, 64]
      NDArray mask = manager.create(new float[] {1, 0, 0, 0, 1, 1, 1, 0}, new Shape(2, 4));
      float[] pred = target.clone();
      assertThat(loss(mae, imgs, pred, mask)).isCloseTo(0f, within(1e-7f));
      // Unmasked patches do not count.
      shift(pred, 0, 1, 64, 5f);
      shift(pred, 1, 3, 64, 5f);
      assertThat(loss(mae, imgs, pred, mask)).isCloseTo(0f, within(1e-7f));
      // Sample 0 patch 0: 16 of 64 values off by 2 -> patch MSE 1; sample 1 patch 2: all off by 2
      // -> 4. Mean over the 4 masked patches of the batch: (1 + 0 + 0 + 4) / 4.
      shift(pred, 0, 0, 16, 2f);
      shift(pred, 1, 2, 64, 2f);
      assertThat(loss(mae, imgs, pred, mask)).isCloseTo(1.25f, within(1e-5f));
    }
  }

  private static void shift(float[] pred, int sample, int patch, int count, float by) {
    for (int k = 0; k < count; k++) {
      pred[(sample * 4 + patch) * 64 + k] += by;
    }
  }

  private float loss(MaeModel mae, NDArray imgs, float[] pred, NDArray mask) {
    return mae.forwardLoss(imgs, manager.create(pred, new Shape(2, 4, 64)), mask).getFloat();
  }

  @Test
  void normPixTargetIsEachPatchStandardisedWithUnbiasedVariance() {
    VitConfig oneChannel = VitConfig.preset("micro", 16, 1);
    try (MaeModel mae = MaeModel.create(new MaeConfig(oneChannel, 16, 1, 2, 0.5, true),
        manager, 1)) {
      // Patch (0,0) checkerboard 0/1, (0,1) constant 0.3, (1,0) ramp k/63 (k = y·8 + x),
      // (1,1) unmasked noise.
      float[] img = new float[16 * 16];
      SplittableRandom r = new SplittableRandom(4);
      for (int y = 0; y < 16; y++) {
        for (int x = 0; x < 16; x++) {
          int py = y % 8;
          int px = x % 8;
          float v;
          if (y < 8 && x < 8) {
            v = (py + px) % 2;
          } else if (y < 8) {
            v = 0.3f;
          } else if (x < 8) {
            v = (py * 8 + px) / 63f;
          } else {
            v = (float) r.nextDouble();
          }
          img[y * 16 + x] = v;
        }
      }
      NDArray imgs = manager.create(img, new Shape(1, 1, 16, 16));
      NDArray mask = manager.create(new float[] {1, 1, 1, 0}, new Shape(1, 4));
      NDArray zeros = manager.zeros(new Shape(1, 4, 64));
      // With pred 0 a patch's loss is mean(t²) = ((P-1)/P)·var / (var + 1e-6), var unbiased:
      // checkerboard var = 64·0.25/63, constant 0, ramp var = (64·(64²-1)/12)/63² / 63.
      double checker = 16.0 / 63;
      double ramp = (64.0 * 4095 / 12) / (63.0 * 63) / 63;
      double expected = (f(checker) + 0 + f(ramp)) / 3;
      assertThat((double) mae.forwardLoss(imgs, zeros, mask).getFloat())
          .isCloseTo(expected, within(1e-5));
      // The config flag is what forwardLoss(imgs, pred, mask) uses; plain pixels differ.
      assertThat((double) mae.forwardLoss(imgs, zeros, mask, false).getFloat())
          .isNotCloseTo(expected, within(1e-2));
    }
  }

  private static double f(double var) {
    return (63.0 / 64) * var / (var + 1e-6);
  }

  @Test
  void forwardShapesForOneAndTwoChannelsAndOtherSizes() {
    for (int channels : new int[] {1, 2}) {
      MaeConfig config = new MaeConfig(MICRO.withChannels(channels), 16, 1, 2, 0.75, false);
      try (MaeModel mae = MaeModel.create(config, manager, 2);
          NDManager step = manager.newSubManager()) {
        int pv = 64 * channels;
        MaeModel.Output out = mae.forward(
            step.randomUniform(0, 1, new Shape(2, channels, 32, 32)), new SplittableRandom(1));
        assertThat(out.loss().getShape()).isEqualTo(new Shape());
        assertThat(Float.isFinite(out.loss().getFloat())).isTrue();
        assertThat(out.pred().getShape()).isEqualTo(new Shape(2, 16, pv));
        assertThat(out.mask().sum(new int[] {1}).toFloatArray()).containsExactly(12, 12);
        assertThat(mae.unpatchify(out.pred()).getShape())
            .isEqualTo(new Shape(2, channels, 32, 32));

        // 24 x 40: a 3 x 5 grid through interpolated encoder and decoder position embeddings.
        NDArray other = step.randomUniform(0, 1, new Shape(2, channels, 24, 40));
        MaeModel.Encoded enc = mae.forwardEncoder(other, 0.75, new SplittableRandom(2));
        assertThat(enc.latent().getShape()).isEqualTo(new Shape(2, 1 + 3, 32)); // keep int(15/4)
        NDArray pred = mae.forwardDecoder(enc);
        assertThat(pred.getShape()).isEqualTo(new Shape(2, 15, pv));
        assertThat(mae.unpatchify(pred, 3, 5).getShape())
            .isEqualTo(new Shape(2, channels, 24, 40));
        assertThat(Float.isFinite(mae.forwardLoss(other, pred, enc.masking().mask()).getFloat()))
            .isTrue();
      }
    }
  }

  @Test
  void encoderNeverSeesMaskedPixels() {
    try (MaeModel mae = MaeModel.create(CONFIG, manager, 2);
        NDManager step = manager.newSubManager()) {
      float[] noise = new float[16];
      for (int i = 0; i < 16; i++) {
        noise[i] = i / 16f; // keeps patches 0..3 (the top row of the 4x4 grid)
      }
      NDArray noiseNd = step.create(noise, new Shape(1, 16));
      float[] img = step.randomUniform(0, 1, new Shape(1, 2, 32, 32)).toFloatArray();
      float[] pred = predict(mae, step, img, noiseNd);
      float[] changedMasked = img.clone();
      changedMasked[(0 * 32 + 20) * 32 + 5] += 1; // pixel in patch row 2: masked
      assertThat(predict(mae, step, changedMasked, noiseNd)).containsExactly(pred);
      float[] changedKept = img.clone();
      changedKept[(1 * 32 + 3) * 32 + 5] += 1; // pixel in patch row 0: kept
      assertThat(predict(mae, step, changedKept, noiseNd)).isNotEqualTo(pred);
    }
  }

  @Test
  void predictionDoesNotDependOnTheShuffleOrderOfTheSameKeptSet() {
    // Same kept set {0, 5, 10, 15}, different shuffle orders: with a correct un-shuffle by
    // ids_restore every patch meets its own position embedding, so predictions agree.
    float[] a = new float[16];
    float[] b = new float[16];
    int[] keptA = {0, 5, 10, 15};
    int[] keptB = {15, 10, 5, 0};
    for (int i = 0; i < 16; i++) {
      a[i] = 0.5f + i / 64f;
      b[i] = 0.9f - i / 64f;
    }
    for (int j = 0; j < 4; j++) {
      a[keptA[j]] = j / 100f;
      b[keptB[j]] = j / 100f;
    }
    try (MaeModel mae = MaeModel.create(CONFIG, manager, 4);
        NDManager step = manager.newSubManager()) {
      float[] img = step.randomUniform(0, 1, new Shape(1, 2, 32, 32)).toFloatArray();
      float[] pa = predict(mae, step, img, step.create(a, new Shape(1, 16)));
      float[] pb = predict(mae, step, img, step.create(b, new Shape(1, 16)));
      for (int i = 0; i < pa.length; i++) {
        assertThat(pb[i]).isCloseTo(pa[i], within(1e-5f));
      }
    }
  }

  private static float[] predict(MaeModel mae, NDManager m, float[] img, NDArray noise) {
    return mae.forward(m.create(img, new Shape(1, 2, 32, 32)), 0.75, noise).pred().toFloatArray();
  }

  @Test
  void backwardGivesFiniteNonZeroGradientsEverywhereAndLeaksNothing() {
    try (MaeModel mae = MaeModel.create(CONFIG, manager, 8)) {
      NDManager owner = mae.params().manager();
      int before = owner.getManagedArrays().size();
      try (NDManager step = manager.newSubManager();
          GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
        MaeModel.Output out = mae.forward(step.randomUniform(0, 1, new Shape(2, 2, 32, 32)),
            new SplittableRandom(3));
        gc.backward(out.loss());
      }
      assertThat(owner.getManagedArrays()).hasSize(before);
      for (NamedParams.Entry e : mae.params().trainable()) {
        try (NDArray g = e.array().getGradient()) {
          double abs = 0;
          for (float x : g.toFloatArray()) {
            assertThat(Float.isFinite(x)).as(e.name()).isTrue();
            abs += Math.abs(x);
          }
          assertThat(abs).as(e.name()).isGreaterThan(0);
        }
      }
    }
  }

  @Test
  void gradientsMatchFiniteDifferences() {
    String[][] probes = {
      {"decoder_pred.bias", "3"}, {"mask_token", "5"}, {"cls_token", "1"},
      {"patch_embed.proj.weight", "77"}, {"blocks.0.attn.qkv.weight", "40"},
      {"decoder_blocks.0.mlp.fc1.weight", "9"},
    };
    try (MaeModel mae = MaeModel.create(CONFIG, manager, 12);
        NDManager step = manager.newSubManager()) {
      NDArray imgs = step.randomUniform(0, 1, new Shape(2, 2, 32, 32));
      float[] noise = RandomMasking.noise(new SplittableRandom(6), 2, 16);
      NDArray noiseNd = step.create(noise, new Shape(2, 16));
      try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
        gc.backward(mae.forward(imgs, 0.75, noiseNd).loss());
      }
      for (String[] probe : probes) {
        NDArray w = mae.params().entry(probe[0]).array();
        int i = Integer.parseInt(probe[1]);
        float analytic;
        try (NDArray g = w.getGradient()) {
          analytic = g.toFloatArray()[i];
        }
        float[] v = w.toFloatArray();
        float orig = v[i];
        float eps = 1e-2f;
        v[i] = orig + eps;
        w.set(v);
        double up = mae.forward(imgs, 0.75, noiseNd).loss().getFloat();
        v[i] = orig - eps;
        w.set(v);
        double down = mae.forward(imgs, 0.75, noiseNd).loss().getFloat();
        v[i] = orig;
        w.set(v);
        double numeric = (up - down) / (2 * eps);
        assertThat((double) analytic).as(probe[0])
            .isCloseTo(numeric, within(0.05 * Math.abs(numeric) + 2e-5));
      }
    }
  }

  private static Shape shape(MaeModel mae, String name) {
    return mae.namedParameters().get(name).getArray().getShape();
  }

  private static float[] values(MaeModel mae, String name) {
    return mae.namedParameters().get(name).getArray().toFloatArray();
  }
}
