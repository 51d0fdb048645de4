package org.aoissl.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

class LrScheduleTest {
  @Test
  void warmupThenHalfCosineAtKnownSteps() {
    LrSchedule s = new LrSchedule(1e-3, 1e-5, 10, 110);
    assertThat(s.lr(0)).isEqualTo(0.0);
    assertThat(s.lr(5)).isEqualTo(5e-4, offset(1e-15));
    assertThat(s.lr(10)).isEqualTo(1e-3, offset(1e-15));
    // halfway through the decay: cos(pi/2) = 0, so the mean of base and min
    assertThat(s.lr(60)).isEqualTo((1e-3 + 1e-5) / 2, offset(1e-15));
    // a quarter: min + (base-min) * (1 + cos(pi/4)) / 2
    assertThat(s.lr(35)).isEqualTo(1e-5 + (1e-3 - 1e-5) * (1 + Math.sqrt(0.5)) / 2, offset(1e-15));
    assertThat(s.lr(110)).isEqualTo(1e-5, offset(1e-15));
    assertThat(s.lr(500)).isEqualTo(1e-5, offset(1e-15));
  }

  @Test
  void scalingRuleAndValidation() {
    assertThat(LrSchedule.scaledLr(1.5e-4, 512)).isEqualTo(3e-4);
    assertThatThrownBy(() -> new LrSchedule(1e-3, 1e-5, 20, 10)).hasMessageContaining("warmupSteps");
    assertThatThrownBy(() -> new LrSchedule(0, 0, 0, 10)).hasMessageContaining("baseLr");
  }
}
