package org.aoissl.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.aoissl.data.AoiImage;
import org.aoissl.data.Mask;
import org.aoissl.data.augment.RandomResizedCrop;
import org.aoissl.io.FormatUtil;
import org.aoissl.model.VisionTransformer;
import org.aoissl.pretrain.PretrainCheckpoint;
import org.aoissl.pretrain.PretrainConfig;
import org.aoissl.pretrain.PretrainState;
import org.aoissl.pretrain.mae.MaeConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PatchEncoderTest {
  static NDManager manager;
  static VisionTransformer vit;
  @TempDir Path dir;

  @BeforeAll
  static void model() {
    manager = Engine.getEngine("PyTorch").newBaseManager();
    vit = BankFixtures.microVit(manager, 64, 5);
  }

  @AfterAll
  static void close() {
    vit.close();
    manager.close();
  }

  private static AoiImage noise(int h, int w, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] d = new float[2 * h * w];
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) r.nextDouble();
    }
    return new AoiImage(2, h, w, 8, d);
  }

  private static void assertUnitRows(float[] v, int d) {
    for (int off = 0; off < v.length; off += d) {
      double s = 0;
      for (int i = off; i < off + d; i++) {
        s += v[i] * v[i];
      }
      assertThat(Math.sqrt(s)).as("norm of row %d", off / d).isCloseTo(1.0, within(1e-5));
    }
  }

  @Test
  void keysAreTheNormalisedImagesFeaturesScaledToUnitLength() {
    AoiImage img = noise(64, 64, 1);
    try (PatchEncoder enc = new PatchEncoder(vit, BankFixtures.NORM, BankFixtures.id(vit, "00000001"))) {
      PatchEncoder.Encoded e = enc.encode(img);
      assertThat(e.gridH()).isEqualTo(8);
      assertThat(e.gridW()).isEqualTo(8);
      assertThat(e.cls()).hasSize(32);
      assertThat(e.patches()).hasSize(8 * 8 * 32);
      assertUnitRows(e.cls(), 32);
      assertUnitRows(e.patches(), 32);

      float[] raw;
      try (NDManager m = manager.newSubManager()) {
        raw = vit.forwardFeatures(m.create(BankFixtures.NORM.apply(img), new Shape(1, 2, 64, 64)))
            .patches().toFloatArray();
      }
      // Patch 5: the raw feature divided by its norm.
      double n = 0;
      for (int i = 5 * 32; i < 6 * 32; i++) {
        n += raw[i] * raw[i];
      }
      for (int i = 5 * 32; i < 6 * 32; i++) {
        assertThat(e.patches()[i]).isCloseTo((float) (raw[i] / Math.sqrt(n)), within(1e-5f));
      }
      // features() gives the raw features themselves (what aoissl embed writes).
      PatchEncoder.Encoded f = enc.features(img);
      assertThat(f.gridH()).isEqualTo(8);
      for (int i = 0; i < raw.length; i++) {
        assertThat(f.patches()[i]).as("feature %d", i).isCloseTo(raw[i], within(1e-5f));
      }
    }
  }

  @Test
  void oddSizesAreResizedDownToPatchMultiplesAndMasksFollow() {
    AoiImage img = noise(45, 70, 2);
    AoiImage fitted = PatchEncoder.fitImage(img, 8);
    assertThat(fitted.height()).isEqualTo(40);
    assertThat(fitted.width()).isEqualTo(64);
    assertThat(PatchEncoder.fitImage(fitted, 8)).isSameAs(fitted);

    Mask mask = new Mask(3, 45, 70);
    SplittableRandom r = new SplittableRandom(3);
    for (int y = 0; y < 45; y++) {
      for (int x = 0; x < 70; x++) {
        mask.setClassBits(y, x, r.nextInt(8));
        mask.setIgnored(y, x, r.nextInt(5) == 0);
      }
    }
    Mask fm = PatchEncoder.fitMask(mask, 8);
    // The same pixels RandomResizedCrop's nearest resampling picks for the image's resize.
    Mask expected = RandomResizedCrop.cropResize(img, mask, 0, 0, 45, 70, 40, 64).mask();
    assertThat(fm).isEqualTo(expected);

    try (PatchEncoder enc = new PatchEncoder(vit, BankFixtures.NORM, BankFixtures.id(vit, "00000001"))) {
      PatchEncoder.Encoded e = enc.encode(img);
      assertThat(e.gridH()).isEqualTo(5);
      assertThat(e.gridW()).isEqualTo(8);
      assertThatThrownBy(() -> enc.encode(noise(7, 64, 1))).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("smaller than one 8x8 patch");
      assertThatThrownBy(() -> enc.encode(AoiImage.zeros(1, 64, 64, 8)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 channels");
    }
  }

  @Test
  void batchesGiveTheKeysOfSingleImagesAndLargeImagesAreTiled() {
    List<AoiImage> imgs = List.of(noise(64, 64, 4), noise(64, 64, 5), noise(32, 48, 6), noise(64, 64, 7));
    try (PatchEncoder enc = new PatchEncoder(vit, BankFixtures.NORM, BankFixtures.id(vit, "00000001"))) {
      List<PatchEncoder.Encoded> batch = enc.encodeBatch(imgs);
      assertThat(batch).hasSize(4);
      for (int i = 0; i < imgs.size(); i++) {
        PatchEncoder.Encoded one = enc.encode(imgs.get(i));
        assertThat(batch.get(i).gridW()).isEqualTo(one.gridW());
        assertThat(batch.get(i).cls()).containsExactly(one.cls(), within(1e-5f));
        assertThat(batch.get(i).patches()).containsExactly(one.patches(), within(1e-5f));
      }
    }
    EncoderId tiled = new EncoderId("micro.ckpt", "00000001", 32, 8, 2, BankFixtures.NORM.mean(),
        BankFixtures.NORM.std(), 32);
    try (PatchEncoder enc = new PatchEncoder(vit, BankFixtures.NORM, tiled)) {
      PatchEncoder.Encoded e = enc.encode(noise(64, 64, 8));
      assertThat(e.gridH()).isEqualTo(8);
      assertUnitRows(e.patches(), 32);
      // Through the batch path a tiled image is encoded alone, the same way.
      assertThat(enc.encodeBatch(List.of(noise(64, 64, 8))).get(0).patches()).containsExactly(e.patches());
    }
  }

  @Test
  void aCheckpointOpensWithItsWeightsNormalisationAndChecksum() throws IOException {
    Path ckpt = dir.resolve("micro.ckpt");
    PretrainState st = new PretrainState("mae", vit.config(), MaeConfig.defaults(vit.config()),
        PretrainConfig.mae("micro", 64, 4, 0, 1, 0, 1), 1, 1, BankFixtures.NORM.mean(), BankFixtures.NORM.std(),
        Map.of());
    PretrainCheckpoint.save(ckpt, st, vit.params(), null);
    AoiImage img = noise(64, 64, 9);
    try (PatchEncoder mem = new PatchEncoder(vit, BankFixtures.NORM, BankFixtures.id(vit, "x"));
        PatchEncoder disk = PatchEncoder.open(ckpt)) {
      assertThat(disk.id().checkpoint()).isEqualTo("micro.ckpt");
      assertThat(disk.id().checksum()).isEqualTo(FormatUtil.checksum(ckpt));
      assertThat(disk.id().tile()).isEqualTo(1024);
      assertThat(disk.id().mean()).containsExactly(BankFixtures.NORM.mean());
      assertThat(disk.encode(img).patches()).containsExactly(mem.encode(img).patches());
    }
  }
}
