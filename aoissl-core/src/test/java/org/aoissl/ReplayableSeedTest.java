package org.aoissl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReplayableSeedTest {
  @Test
  void aFailureUnderASeedNamesIt() {
    assertThatThrownBy(() -> ReplayableSeed.check(42, () -> assertThat(1).as("one").isEqualTo(2)))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("seed=42 (replay with -Dtests.seed=42): [one]")
        .cause().isInstanceOf(AssertionError.class);
  }

  @Test
  void aPassingBodyPassesAndTheSeedCanBeFixed() throws Throwable {
    ReplayableSeed.check(7, () -> assertThat(1).isEqualTo(1));
    String before = System.getProperty("tests.seed");
    System.setProperty("tests.seed", "123");
    try {
      assertThat(ReplayableSeed.draw("aPassingBody")).isEqualTo(123);
    } finally {
      if (before == null) {
        System.clearProperty("tests.seed");
      } else {
        System.setProperty("tests.seed", before);
      }
    }
  }
}
