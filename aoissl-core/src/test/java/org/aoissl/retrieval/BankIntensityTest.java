package org.aoissl.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.List;
import org.aoissl.data.AoiImage;
import org.aoissl.data.Example;
import org.aoissl.model.VisionTransformer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bank that stretches intensities segments a support image under another gain and offset as it
 * segments the image itself; a plain bank does not; the choice is stored in the bank file.
 */
class BankIntensityTest {
  @TempDir Path dir;

  private static AoiImage relit(AoiImage im) {
    float[] d = im.data().clone();
    for (int i = 0; i < d.length; i++) {
      d[i] = 0.3f + 0.45f * d[i];
    }
    return new AoiImage(im.channels(), im.height(), im.width(), im.bitDepth(), d);
  }

  private static double meanAbsDiff(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += Math.abs(a[i] - b[i]);
    }
    return s / a.length;
  }

  @Test
  void stretchedBankSeesThroughLighting() throws Exception {
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      VisionTransformer vit = BankFixtures.microVit(m, 64, 12);
      try (PatchEncoder enc = new PatchEncoder(vit, BankFixtures.NORM, BankFixtures.id(vit, "0000cafe"))) {
        List<Example> support = BankFixtures.support(3, 64, 31);
        AoiImage query = BankFixtures.support(4, 64, 31).get(3).image(); // not in the bank
        SegmentOptions o = new SegmentOptions("distance", 3, 0.05f, new float[] {0.5f, 0.5f, 0.5f, 0.5f}, false,
            false, false);
        double[] diff = new double[2];
        String[] modes = {"none", "stretch"};
        for (int i = 0; i < 2; i++) {
          MemoryBank bank = BankBuilder.build(enc, support, BankFixtures.classes(),
              new BankConfig(0, 0, false, 0, modes[i]), n -> { });
          try (ExactIndex index = new ExactIndex(bank.keys(), bank.size(), bank.dim())) {
            Segmenter s = new Segmenter(enc, bank, index, o);
            diff[i] = meanAbsDiff(s.segment(query).scores(), s.segment(relit(query)).scores());
          }
          if (i == 1) {
            Path f = dir.resolve("b.bank");
            BankFile.write(f, bank);
            assertThat(BankFile.read(f).config().intensity()).isEqualTo("stretch");
          }
        }
        String both = String.format("mean |score change|: plain %.4f, stretched %.4f", diff[0], diff[1]);
        assertThat(diff[0]).as("a plain bank's scores move with the lighting; " + both).isGreaterThan(0.01);
        assertThat(diff[1]).as("a stretching bank's scores barely move; " + both).isLessThan(diff[0] / 5);
      }
      vit.close();
    }
  }

  @Test
  void unknownIntensityIsRefused() {
    assertThatThrownBy(() -> new BankConfig(0, 0, false, 0, "gamma"))
        .hasMessageContaining("intensity must be none or stretch");
    assertThat(new BankConfig(0, 0, false, 0, null).intensity()).isEqualTo("none");
  }
}
