package org.aoissl.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import org.aoissl.io.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaskCodecTest {
  @TempDir Path dir;

  /** 3×4 mask: wire at (0,0); wire+epoxy at (1,0); ball at (2,1); wedge at (3,2); ignore at (0,2). */
  static Mask sampleMask() {
    Mask m = new Mask(4, 3, 4);
    m.set(0, 0, 0, true);
    m.set(0, 0, 1, true);
    m.set(3, 0, 1, true);
    m.set(1, 1, 2, true);
    m.set(2, 2, 3, true);
    m.setIgnored(2, 0, true);
    return m;
  }

  @Test
  void bitsRoundTripKeepsMultiLabelAndIgnore() throws IOException {
    Mask m = sampleMask();
    Path f = dir.resolve("m.png");
    MaskCodec.write(f, m, LabelEncoding.BITS);
    int[][] raw = ImageCodec.readLabels(f);
    assertThat(raw[0]).containsExactly(1, 1 | 8, 0, 0);
    assertThat(raw[1]).containsExactly(0, 0, 2, 0);
    assertThat(raw[2]).containsExactly(255, 0, 0, 4);
    assertThat(MaskCodec.read(f, LabelEncoding.BITS, ClassSet.DEFAULT)).isEqualTo(m);
  }

  @Test
  void idsKeepTheLowestClassAndRoundTripSingleLabels() throws IOException {
    Mask m = sampleMask();
    Path f = dir.resolve("ids.png");
    MaskCodec.write(f, m, LabelEncoding.IDS);
    int[][] raw = ImageCodec.readLabels(f);
    assertThat(raw[0]).containsExactly(1, 1, 0, 0); // wire over epoxy is written as wire
    assertThat(raw[1]).containsExactly(0, 0, 2, 0);
    assertThat(raw[2]).containsExactly(255, 0, 0, 3);
    Mask back = MaskCodec.read(f, LabelEncoding.IDS, ClassSet.DEFAULT);
    Mask expected = m.copy();
    expected.set(3, 0, 1, false);
    assertThat(back).isEqualTo(expected);
  }

  @Test
  void valuesOutsideTheClassSetAreRefusedWithPosition() throws IOException {
    Path f = dir.resolve("bad.png");
    int[] v = new int[6];
    v[4] = 7;
    ImageCodec.writeLabels(f, 2, 3, v);
    assertThatThrownBy(() -> MaskCodec.read(f, LabelEncoding.IDS, ClassSet.DEFAULT))
        .isInstanceOf(BadInputException.class)
        .hasMessage(f + ": label value 7 at (x=1, y=1) is outside the class set [wire,ball,wedge,epoxy] "
            + "(ids 0..4, 255=ignore)");
    v[4] = 16;
    ImageCodec.writeLabels(f, 2, 3, v);
    assertThatThrownBy(() -> MaskCodec.read(f, LabelEncoding.BITS, ClassSet.DEFAULT))
        .isInstanceOf(BadInputException.class).hasMessageContaining("bit values 0..15");
  }

  @Test
  void perClassFilesHoldOneBinaryPlaneEach() throws IOException {
    MaskCodec.writePerClass(dir, "s", sampleMask(), ClassSet.DEFAULT);
    assertThat(ImageCodec.readLabels(dir.resolve("s_epoxy.png"))[0]).containsExactly(0, 255, 0, 0);
    assertThat(ImageCodec.readLabels(dir.resolve("s_wedge.png"))[2]).containsExactly(0, 0, 0, 255);
    assertThat(ImageCodec.readLabels(dir.resolve("s_ignore.png"))[2]).containsExactly(255, 0, 0, 0);
  }

  @Test
  void overlayMixesColoursOfOverlappingClasses() {
    AoiImage img = AoiImage.zeros(1, 3, 4, 8);
    var rgb = Overlay.render(img, 0, sampleMask(), 1f);
    assertThat(rgb.getRGB(0, 0) & 0xFFFFFF).isEqualTo(Overlay.colour(0));
    int mixed = rgb.getRGB(1, 0) & 0xFFFFFF;
    int w = Overlay.colour(0);
    int e = Overlay.colour(3);
    assertThat(mixed >> 16 & 0xFF).isEqualTo(((w >> 16 & 0xFF) + (e >> 16 & 0xFF)) / 2);
    assertThat(rgb.getRGB(3, 1) & 0xFFFFFF).isZero(); // background stays the image's gray
  }
}
