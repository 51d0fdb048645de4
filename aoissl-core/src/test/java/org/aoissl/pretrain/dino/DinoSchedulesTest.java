package org.aoissl.pretrain.dino;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DinoSchedulesTest {
  private static final DinoConfig C = DinoConfig.defaults(224, 16);

  @Test
  void momentumRisesFrom0996To1OnACosine() {
    assertThat(DinoSchedules.momentum(C, 0, 100)).isEqualTo(0.996);
    assertThat(DinoSchedules.momentum(C, 50, 100)).isCloseTo(0.998, within(1e-12));
    // cos(π/4): 1 + 0.5·(0.996 − 1)·(1 + √2/2)
    assertThat(DinoSchedules.momentum(C, 25, 100)).isCloseTo(1 - 0.002 * (1 + Math.sqrt(0.5)), within(1e-12));
    assertThat(DinoSchedules.momentum(C, 99, 100)).isGreaterThan(0.99999).isLessThan(1);
  }

  @Test
  void weightDecayRisesFrom004To04() {
    assertThat(DinoSchedules.weightDecay(C, 0.04, 0, 10)).isCloseTo(0.04, within(1e-15));
    assertThat(DinoSchedules.weightDecay(C, 0.04, 5, 10)).isCloseTo(0.22, within(1e-12));
    assertThat(DinoSchedules.weightDecay(C, 0.04, 10, 10)).isCloseTo(0.4, within(1e-12));
  }

  @Test
  void teacherTemperatureWarmsUpPerEpochAsLinspace() {
    // linspace(0.04, 0.07, 30)[e] for e < 30, then 0.07.
    assertThat(DinoSchedules.warmup(0.04, 0.07, 30, 0)).isEqualTo(0.04);
    assertThat(DinoSchedules.warmup(0.04, 0.07, 30, 15)).isCloseTo(0.04 + 0.03 * 15 / 29, within(1e-12));
    assertThat(DinoSchedules.warmup(0.04, 0.07, 30, 29)).isCloseTo(0.07, within(1e-12));
    assertThat(DinoSchedules.warmup(0.04, 0.07, 30, 100)).isEqualTo(0.07);
    assertThat(DinoSchedules.warmup(0.04, 0.07, 1, 0)).isEqualTo(0.04); // numpy: linspace(a, b, 1) = [a]
    // Ours: no warm-up, 0.01 (the references' 0.04 collapses on AOI images; see DinoConfig.TEACHER_TEMP).
    assertThat(DinoSchedules.teacherTemp(C, 0)).isEqualTo(0.01);
    assertThat(DinoSchedules.teacherTemp(C, 50)).isEqualTo(0.01);
    assertThat(DinoConfig.REFERENCE_TEACHER_TEMP).isEqualTo(0.04);
    DinoConfig ibot = DinoConfig.ibotDefaults(224, 16);
    assertThat(ibot.warmupTeacherEpochs()).isEqualTo(30);
    assertThat(ibot.localSize()).isEqualTo(96);
    assertThat(DinoConfig.defaultLocalSize(32, 8)).isEqualTo(16);
  }
}
