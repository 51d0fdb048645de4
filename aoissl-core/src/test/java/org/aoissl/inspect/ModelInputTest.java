package org.aoissl.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.aoissl.data.AoiImage;
import org.aoissl.data.Sample;
import org.aoissl.io.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelInputTest {
  @Test
  void readsTheBuffersAndRefusesAChannelCountTheModelDoesNotTake(@TempDir Path dir) throws Exception {
    Path b0 = gray(dir.resolve("p_buffer0.png"), 10);
    Path b1 = gray(dir.resolve("p_buffer1.png"), 200);
    Sample two = new Sample("p", "devA", List.of(b0, b1), null);
    AoiImage img = ModelInput.read(two, 2, "the bank's encoder");
    assertThat(img.channels()).isEqualTo(2);
    assertThat(img.height()).isEqualTo(6);
    assertThat(img.width()).isEqualTo(5);

    Sample one = new Sample("p", "devA", List.of(b0), null);
    assertThatThrownBy(() -> ModelInput.read(one, 2, "the bank's encoder"))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining(b0.toString())
        .hasMessageContaining("has 1 channels; the bank's encoder takes 2");
  }

  private static Path gray(Path file, int value) throws Exception {
    BufferedImage im = new BufferedImage(5, 6, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < 6; y++) {
      for (int x = 0; x < 5; x++) {
        im.getRaster().setSample(x, y, 0, value);
      }
    }
    ImageIO.write(im, "png", file.toFile());
    return file;
  }
}
