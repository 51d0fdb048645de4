package org.aoissl.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class VitConfigTest {
  @Test
  void presetsHaveThePapersShapes() {
    VitConfig t = VitConfig.preset("aoi-t", 512, 2);
    assertThat(t).isEqualTo(new VitConfig(512, 16, 2, 384, 6, 6, 4.0, true, 1e-6));
    assertThat(t.gridSize()).isEqualTo(32);
    assertThat(t.numPatches()).isEqualTo(1024);
    assertThat(t.patchDim()).isEqualTo(512);
    assertThat(t.headDim()).isEqualTo(64);
    assertThat(t.mlpHidden()).isEqualTo(1536);

    VitConfig ti = VitConfig.preset("vit-ti");
    assertThat(new int[] {ti.dim(), ti.depth(), ti.heads(), ti.patchSize(), ti.imageSize(),
        ti.channels()}).containsExactly(192, 12, 3, 16, 224, 2);
    VitConfig s = VitConfig.preset("vit-s", 224, 1);
    assertThat(new int[] {s.dim(), s.depth(), s.heads(), s.channels()})
        .containsExactly(384, 12, 6, 1);
    VitConfig micro = VitConfig.preset("micro");
    assertThat(new int[] {micro.dim(), micro.depth(), micro.heads(), micro.patchSize(),
        micro.imageSize(), micro.numPatches()}).containsExactly(32, 2, 2, 8, 32, 16);
    assertThat(micro.withChannels(3).channels()).isEqualTo(3);
    assertThat(micro.withImageSize(64).gridSize()).isEqualTo(8);
  }

  @Test
  void rejectsBadValuesNamingThem() {
    assertThatThrownBy(() -> new VitConfig(32, 8, 2, 32, 0, 2, 4, true, 1e-6))
        .hasMessage("depth must be >= 1; got 0");
    assertThatThrownBy(() -> new VitConfig(30, 8, 2, 32, 2, 2, 4, true, 1e-6))
        .hasMessage("imageSize must be a multiple of patchSize; got 30 and 8");
    assertThatThrownBy(() -> new VitConfig(32, 8, 2, 32, 2, 3, 4, true, 1e-6))
        .hasMessage("dim must be a multiple of heads; got dim 32 and heads 3");
    assertThatThrownBy(() -> new VitConfig(32, 8, 2, 6, 2, 2, 4, true, 1e-6))
        .hasMessage("dim must be a multiple of 4; got 6");
    assertThatThrownBy(() -> new VitConfig(32, 8, 0, 32, 2, 2, 4, true, 1e-6))
        .hasMessage("channels must be >= 1; got 0");
    assertThatThrownBy(() -> new VitConfig(32, 8, 2, 32, 2, 2, 0, true, 1e-6))
        .hasMessage("mlpRatio must be > 0; got 0.0");
    assertThatThrownBy(() -> new VitConfig(32, 8, 2, 32, 2, 2, 4, true, 0))
        .hasMessage("layerNormEps must be > 0; got 0.0");
    assertThatThrownBy(() -> VitConfig.preset("vit-h"))
        .hasMessage("unknown model preset 'vit-h'; known: aoi-t, vit-ti, vit-s, micro");
  }
}
