package org.aoissl.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.aoissl.io.BadInputException;
import org.junit.jupiter.api.Test;

class EncoderIdTest {
  private static EncoderId id(String name, String checksum, int tile, float mean) {
    return new EncoderId(name, checksum, 384, 16, 2, new float[] {mean, 0.5f}, new float[] {0.2f, 0.2f}, tile);
  }

  @Test
  void aBankOfAnotherEncoderIsRefusedNamingTheBankAndBothCheckpoints() {
    EncoderId bank = id("mae-a.ckpt", "0badcafe", 1024, 0.4f);
    EncoderId ckpt = id("mae-b.ckpt", "12345678", 1024, 0.4f);
    Path file = Path.of("banks", "devA.bank");
    assertThatThrownBy(() -> bank.requireSame(ckpt, file))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith(file + ": was built with encoder mae-a.ckpt (checksum 0badcafe")
        .hasMessageContaining("this checkpoint is mae-b.ckpt (checksum 12345678")
        .hasMessageContaining("(checksum differs)");
  }

  @Test
  void encodingSettingsCountButTheFileNameDoesNot() throws BadInputException {
    EncoderId a = id("mae.ckpt", "0badcafe", 1024, 0.4f);
    a.requireSame(id("copy-of-mae.ckpt", "0badcafe", 1024, 0.4f), Path.of("x.bank"));
    assertThat(a.sameEncoding(id("renamed.ckpt", "0badcafe", 1024, 0.4f))).isTrue();
    assertThatThrownBy(() -> a.requireSame(id("mae.ckpt", "0badcafe", 512, 0.4f), Path.of("x.bank")))
        .hasMessageContaining("(tile size differs)");
    assertThatThrownBy(() -> a.requireSame(id("mae.ckpt", "0badcafe", 1024, 0.3f), Path.of("x.bank")))
        .hasMessageContaining("(normalisation differs)");
    assertThat(a).isEqualTo(id("mae.ckpt", "0badcafe", 1024, 0.4f)).isNotEqualTo(id("other.ckpt", "0badcafe", 1024, 0.4f));
  }
}
