package org.aoissl.pretrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PretrainConfigTest {
  @Test
  void eachWithMethodSetsItsOwnFieldsAndNothingElse() {
    PretrainConfig named = PretrainConfig.mae("micro", 32, 4, 0, 0, 2.5, 11)
        .withSteps(40).withBatch(8, 2).withLr(0.01, 1e-5).withWarmup(0.2).withWeightDecay(0.1).withClipGrad(2)
        .withMasking(0.4, true).withSeed(3).withSaveEvery(5).withCropScale(0.15, 0.25);
    PretrainConfig positional = new PretrainConfig("mae", "micro", 32, 8, 2, 0, 40, 0, 0.01, 1e-5, 0.2, 0.1, 2, 0.4,
        true, 3, 5, null, null, 0.15, 0.25);
    assertThat(named).isEqualTo(positional);
    assertThat(named.withMinutes(1).steps()).isZero();
    assertThat(named.withMinutes(1).minutes()).isEqualTo(1);
  }

  @Test
  void aChangedConfigIsValidatedAgain() {
    PretrainConfig c = PretrainConfig.mae("micro", 32, 4, 0, 3, 0, 1);
    assertThatThrownBy(() -> c.withBudget(1, 3, 0)).hasMessageContaining("set exactly one budget");
    assertThatThrownBy(() -> c.withMasking(1.0, false)).hasMessageContaining("maskRatio must be in (0, 1)");
    assertThatThrownBy(() -> c.withBatch(0, 1)).hasMessageContaining("batch must be >= 1");
  }
}
