package org.aoissl.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class UserFaultTest {
  @Test
  void badInputAnywhereInTheCausesAndOptionsOutOfRangeAreTheUsersFaultAnythingElseIsOurs() {
    BadInputException bad = new BadInputException(Path.of("a.png"), "is empty");
    assertThat(BadInputException.userFault(bad)).isEqualTo("a.png: is empty");
    assertThat(BadInputException.userFault(new RuntimeException(new UncheckedIOException(bad))))
        .isEqualTo("a.png: is empty");
    assertThat(BadInputException.userFault(new IllegalArgumentException("--k must be >= 1; got 0")))
        .isEqualTo("--k must be >= 1; got 0");
    assertThat(BadInputException.userFault(new IllegalStateException("closed"))).isNull();
    assertThat(BadInputException.userFault(new RuntimeException(new IllegalArgumentException("deep")))).isNull();
  }
}
