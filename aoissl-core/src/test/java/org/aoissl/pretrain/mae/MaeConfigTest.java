package org.aoissl.pretrain.mae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.aoissl.model.VitConfig;
import org.junit.jupiter.api.Test;

class MaeConfigTest {
  @Test
  void defaultsAreTheAoiSslDecoder() {
    MaeConfig c = MaeConfig.defaults(VitConfig.preset("aoi-t", 512, 2));
    assertThat(c.decoderDim()).isEqualTo(384);
    assertThat(c.decoderDepth()).isEqualTo(2);
    assertThat(c.decoderHeads()).isEqualTo(6);
    assertThat(c.maskRatio()).isEqualTo(0.75);
    assertThat(c.normPixLoss()).isFalse();
    assertThat(c.withMaskRatio(0.4).maskRatio()).isEqualTo(0.4);
    assertThat(c.withNormPixLoss(true).normPixLoss()).isTrue();
  }

  @Test
  void rejectsBadValuesNamingThem() {
    VitConfig micro = VitConfig.preset("micro");
    assertThatThrownBy(() -> new MaeConfig(micro, 32, 1, 2, 1.2, false))
        .hasMessage("maskRatio must be in (0, 1); got 1.2");
    assertThatThrownBy(() -> new MaeConfig(micro, 32, 0, 2, 0.75, false))
        .hasMessage("decoderDepth must be >= 1; got 0");
    assertThatThrownBy(() -> new MaeConfig(micro, 30, 1, 4, 0.75, false))
        .hasMessage("decoderDim must be a multiple of decoderHeads; got 30 and 4");
    assertThatThrownBy(() -> new MaeConfig(micro, 32, 1, 2, 0.97, false))
        .hasMessage("maskRatio 0.97 keeps 0 of 16 patches; it must keep at least one and mask "
            + "at least one");
  }

  @Test
  void flopsPerImageAddUpByHand() {
    // aoi-t at 224: L = 196, keep 49 (T = 50), D = Dd = 384, MLP 1536, patch values 512.
    // patch embed 2·196·512·384 = 77,070,336
    // encoder block on 50 tokens: 8·50·384² + 4·50·384·1536 + 4·50²·384 = 180,787,200 (x6)
    // decoder embed 2·50·384·384 = 14,745,600
    // decoder block on 197 tokens: 8·197·384² + 4·197·384·1536 + 4·197²·384 = 756,782,592 (x2)
    // prediction 2·197·384·512 = 77,463,552
    long forward = 77_070_336L + 6 * 180_787_200L + 14_745_600L + 2 * 756_782_592L + 77_463_552L;
    MaeConfig c = MaeConfig.defaults(VitConfig.preset("aoi-t", 224, 2));
    assertThat(c.forwardFlopsPerImage()).isEqualTo(forward).isEqualTo(2_767_567_872L);
    assertThat(c.flopsPerImage()).isEqualTo(3 * forward);
    // 512 px: 1024 patches, 256 kept.
    assertThat(MaeConfig.defaults(VitConfig.preset("aoi-t", 512, 2)).flopsPerImage())
        .isEqualTo(52_288_819_200L);
  }
}
