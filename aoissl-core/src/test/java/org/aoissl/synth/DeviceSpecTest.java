package org.aoissl.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DeviceSpecTest {
  @Test
  void sampleIsDeterministicAndVaried() {
    assertThat(DeviceSpec.sample("a", 5, 512)).isEqualTo(DeviceSpec.sample("a", 5, 512));
    java.util.Set<Integer> sides = new java.util.HashSet<>();
    for (long seed = 0; seed < 40; seed++) {
      DeviceSpec d = DeviceSpec.sample("a", seed, 512);
      sides.add(Integer.bitCount(d.leadSides()));
      assertThat(d.wireWidth()).isBetween(2.0, 4.5);
      assertThat(d.ballDiameter()).isGreaterThan(d.wireWidth());
      assertThat(d.padSize()).isGreaterThan(d.ballDiameter());
      // The lead tips and a margin for the wedges stay inside the image.
      double reach = d.paddleMargin() + d.leadGap();
      assertThat(d.dieCx() - d.dieW() / 2 - reach).isGreaterThan(0.09 * 512);
      assertThat(d.dieCy() + d.dieH() / 2 + reach).isLessThan(0.91 * 512);
    }
    assertThat(sides).contains(2, 3, 4);
  }

  @Test
  void lengthsScaleWithSize() {
    // From 512 px up no length hits its floor, so doubling the size doubles every length.
    DeviceSpec small = DeviceSpec.sample("a", 9, 512);
    DeviceSpec big = DeviceSpec.sample("a", 9, 1024);
    assertThat(big.dieW()).isEqualTo(2 * small.dieW());
    assertThat(big.leadGap()).isEqualTo(2 * small.leadGap());
    assertThat(big.wireWidth()).isEqualTo(2 * small.wireWidth());
    assertThat(big.leadsPerSide()).isEqualTo(small.leadsPerSide());
  }

  @Test
  void validatesItsFields() {
    DeviceSpec d = DeviceSpec.sample("a", 1, 512);
    assertThatThrownBy(() -> new DeviceSpec(" ", 1, 512, d.dieCx(), d.dieCy(), d.dieW(), d.dieH(),
        d.paddleMargin(), d.leadGap(), d.leadSides(), d.leadsPerSide(), d.leadWidth(), d.padSize(),
        d.staggeredPads(), d.wireWidth(), d.wireBow(), d.ballDiameter(), d.wedgeLength(),
        d.wedgeWidth(), d.epoxyWidth(), d.epoxyRagged(), d.epoxyBlobs(), d.missingWireRate(),
        d.lighting())).hasMessageContaining("device id");
    assertThatThrownBy(() -> new DeviceSpec("a", 1, 512, 10, d.dieCy(), d.dieW(), d.dieH(),
        d.paddleMargin(), d.leadGap(), d.leadSides(), d.leadsPerSide(), d.leadWidth(), d.padSize(),
        d.staggeredPads(), d.wireWidth(), d.wireBow(), d.ballDiameter(), d.wedgeLength(),
        d.wedgeWidth(), d.epoxyWidth(), d.epoxyRagged(), d.epoxyBlobs(), d.missingWireRate(),
        d.lighting())).hasMessageContaining("must lie inside");
    assertThatThrownBy(() -> new DeviceSpec("a", 1, 512, d.dieCx(), d.dieCy(), d.dieW(), d.dieH(),
        d.paddleMargin(), d.leadGap(), 16, d.leadsPerSide(), d.leadWidth(), d.padSize(),
        d.staggeredPads(), d.wireWidth(), d.wireBow(), d.ballDiameter(), d.wedgeLength(),
        d.wedgeWidth(), d.epoxyWidth(), d.epoxyRagged(), d.epoxyBlobs(), d.missingWireRate(),
        d.lighting())).hasMessageContaining("leadSides");
    assertThatThrownBy(() -> new DeviceSpec.Lighting(1, 0, 1, 0, 1.0, 0.01, 0.5))
        .hasMessageContaining("vignette");
  }
}
