package org.aoissl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class TrainProgressTest {
  @Test
  void aResumedRunsBarStartsAtItsStepSoSpeedAndEtaCountOnlyNewSteps() {
    try (TrainProgress p = new TrainProgress("pretrain", new PrintWriter(new StringWriter()))) {
      p.onStart(5_988, 8_689);
      // The bar reports speed and ETA over (current − start) / time since start: replaying the earlier
      // steps as new ones (start 0, current 5,988) made a resumed run show thousands of steps per second.
      assertThat(p.bar().start()).isEqualTo(5_988);
      assertThat(p.bar().current()).isEqualTo(5_988);
    }
  }

  @Test
  void aFreshRunStartsAtZero() {
    try (TrainProgress p = new TrainProgress("pretrain", new PrintWriter(new StringWriter()))) {
      p.onStart(0, 10);
      assertThat(p.bar().start()).isZero();
      assertThat(p.bar().current()).isZero();
    }
  }
}
