package org.aoissl.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.util.List;
import org.aoissl.data.Example;
import org.aoissl.data.Mask;
import org.aoissl.model.VisionTransformer;
import org.junit.jupiter.api.Test;

/** A new aggregator is one class and one register line; everything that takes a method name then knows it. */
class AggregatorsTest {
  /** All weight on the most similar neighbour. */
  static final class Nearest implements Aggregator {
    @Override
    public float[] weights(Neighbors nb, int query, int k) {
      Aggregator.requireK(nb, k);
      float[] w = new float[k];
      w[0] = 1;
      return w;
    }
  }

  @Test
  void theBuiltInsAreRegisteredAndTheImageMethodComesLast() {
    assertThat(Aggregators.methods()).containsExactly("distance", "attention", "image");
    assertThat(Aggregators.usesBeta("attention")).isTrue();
    assertThat(Aggregators.usesBeta("distance")).isFalse();
    assertThatThrownBy(() -> Aggregators.register(new Aggregators.Entry("distance", "", false, b -> new Nearest())))
        .hasMessageContaining("exists");
  }

  @Test
  void aRegisteredAggregatorSegmentsWithoutAnyOtherChange() throws IOException {
    Aggregators.register(new Aggregators.Entry("nearest", "the most similar neighbour's label", false,
        b -> new Nearest()));
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      assertThat(Aggregators.methods()).containsExactly("distance", "attention", "nearest", "image");
      VisionTransformer vit = BankFixtures.microVit(m, 64, 11);
      Example ex = BankFixtures.support(1, 64, 21).get(0);
      float[] t = {0.5f, 0.5f, 0.5f, 0.5f};
      try (PatchEncoder enc = new PatchEncoder(vit, BankFixtures.NORM, BankFixtures.id(vit, "0000beef"))) {
        MemoryBank bank = BankBuilder.build(enc, List.of(ex), BankFixtures.classes(), new BankConfig(0, 0, true, 0),
            n -> { });
        try (ExactIndex index = new ExactIndex(bank.keys(), bank.size(), bank.dim())) {
          // Each patch retrieves itself first, so with 5 neighbours "nearest" still copies the label exactly.
          SegmentOptions o = new SegmentOptions("nearest", 5, 0.02f, t, true, false, false);
          assertThat(o.label()).isEqualTo("nearest k=5 +blocks");
          Mask pred = new Segmenter(enc, bank, index, o).segment(ex.image()).mask();
          Mask gt = ex.mask();
          for (int y = 0; y < gt.height(); y++) {
            for (int x = 0; x < gt.width(); x++) {
              if (!gt.isIgnored(y, x)) {
                assertThat(pred.classBits(y, x)).as("pixel %d,%d", y, x).isEqualTo(gt.classBits(y, x));
              }
            }
          }
          // Near-uniform attention over the same 5 neighbours blends the other 4 in somewhere.
          Mask blended = new Segmenter(enc, bank, index, o.withMethod("attention").withBeta(10f)).segment(ex.image())
              .mask();
          assertThat(blended).isNotEqualTo(pred);
        }
        assertThat(new BankSettings("nearest", 3, 0.02f, t, true, false, "").method()).isEqualTo("nearest");
      }
    } finally {
      Aggregators.unregister("nearest");
    }
    assertThatThrownBy(() -> new SegmentOptions("nearest", 1, 0.02f, new float[] {0.5f}, false, false, false))
        .hasMessageContaining("unknown method 'nearest'; use distance, attention or image");
  }
}
