package org.aoissl.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.aoissl.data.ClassSet;
import org.aoissl.data.Example;
import org.aoissl.data.Normalization;
import org.aoissl.data.Sample;
import org.aoissl.model.VisionTransformer;
import org.aoissl.model.VitConfig;
import org.aoissl.synth.DeviceSpec;
import org.aoissl.synth.SceneGenerator;
import org.aoissl.synth.SynthSample;

/** Small encoders, support images and bank comparisons shared by the retrieval tests. */
final class BankFixtures {
  static final Normalization NORM = new Normalization(new float[] {0.4f, 0.5f}, new float[] {0.2f, 0.25f});

  private BankFixtures() {}

  static VisionTransformer microVit(NDManager m, int size, long seed) {
    return VisionTransformer.create(VitConfig.preset("micro", size, 2), m, seed);
  }

  static EncoderId id(VisionTransformer vit, String checksum) {
    return EncoderId.of("micro.ckpt", checksum, vit.config(), NORM, PatchEncoder.DEFAULT_TILE);
  }

  /** {@code n} synthetic support images of {@code size} px from one device, ids "s0", "s1", .... */
  static List<Example> support(int n, int size, long seed) {
    SceneGenerator gen = new SceneGenerator();
    DeviceSpec dev = DeviceSpec.sample("devA", seed, size);
    List<Example> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      SynthSample s = gen.render(dev, seed * 100 + i);
      out.add(example("s" + i, s));
    }
    return out;
  }

  static Example example(String id, SynthSample s) {
    Sample sample = new Sample(id, s.device(), List.of(Path.of("support", id + "_buffer0.png")),
        Path.of("support", "lbl", id + ".png"));
    return new Example(sample, s.image(), s.mask());
  }

  static ClassSet classes() {
    return ClassSet.DEFAULT;
  }

  /** The PCA, every image and every entry's image, cell, fractions, key and block are equal. */
  static void assertSameContent(MemoryBank a, MemoryBank b) {
    assertThat(b.classes()).isEqualTo(a.classes());
    assertThat(b.encoder()).isEqualTo(a.encoder());
    assertThat(b.config()).isEqualTo(a.config());
    assertThat(b.settings()).isEqualTo(a.settings());
    assertThat(b.images()).containsExactlyElementsOf(a.images());
    assertThat(b.size()).isEqualTo(a.size());
    assertThat(b.pca() == null).as("has a PCA").isEqualTo(a.pca() == null);
    if (a.pca() != null) {
      assertThat(b.pca().rank()).isEqualTo(a.pca().rank());
      assertThat(b.pca().mean()).containsExactly(a.pca().mean());
      assertThat(b.pca().components()).containsExactly(a.pca().components());
    }
    for (int i = 0; i < a.size(); i++) {
      assertThat(b.imageOf(i)).as("image of entry %d", i).isEqualTo(a.imageOf(i));
      assertThat(b.cellOf(i)).as("cell of entry %d", i).isEqualTo(a.cellOf(i));
      assertThat(b.fractions(i)).as("fractions of entry %d", i).containsExactly(a.fractions(i));
      assertThat(b.key(i)).as("key of entry %d", i).containsExactly(a.key(i));
      if (a.hasBlocks()) {
        assertThat(b.block(i)).as("block of entry %d", i).containsExactly(a.block(i));
      }
    }
  }
}
