package org.aoissl.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.aoissl.data.AoiImage;
import org.aoissl.data.Mask;
import org.aoissl.data.Overlay;
import org.junit.jupiter.api.Test;

class ReportImagesTest {
  private static final int WIRE = 0;
  private static final int BALL = 1;
  private static final int EPOXY = 3;

  /** A 4×4 ramp 0, 1/15, ..., 1: its 1st and 99th percentiles are 0 and 1, so gray = value. */
  private static AoiImage ramp() {
    float[] d = new float[16];
    for (int i = 0; i < 16; i++) {
      d[i] = i / 15f;
    }
    return new AoiImage(1, 4, 4, 8, d);
  }

  @Test
  void errorMapColoursEachKindOfPixel() throws IOException {
    Mask truth = new Mask(4, 4, 4);
    Mask pred = new Mask(4, 4, 4);
    truth.set(WIRE, 0, 0, true); // missed: false negative
    truth.set(WIRE, 0, 1, true); // found: true positive
    pred.set(WIRE, 0, 1, true);
    pred.set(WIRE, 0, 2, true); // spurious: false positive
    truth.set(WIRE, 1, 0, true); // wire called ball: wrong class
    pred.set(BALL, 1, 0, true);
    truth.set(WIRE, 1, 1, true); // wire over epoxy, epoxy found, wire missed: false negative
    truth.set(EPOXY, 1, 1, true);
    pred.set(EPOXY, 1, 1, true);
    truth.setIgnored(3, 3, true); // ignored, whatever is predicted
    pred.set(WIRE, 3, 3, true);

    BufferedImage e = decode(ReportImages.errors(ramp(), 0, truth, pred, "e", 0));
    assertThat(rgb(e, 0, 0)).isEqualTo(ReportImages.FALSE_NEGATIVE);
    assertThat(rgb(e, 0, 1)).isEqualTo(ReportImages.TRUE_POSITIVE);
    assertThat(rgb(e, 0, 2)).isEqualTo(ReportImages.FALSE_POSITIVE);
    assertThat(rgb(e, 1, 0)).isEqualTo(ReportImages.WRONG_CLASS);
    assertThat(rgb(e, 1, 1)).isEqualTo(ReportImages.FALSE_NEGATIVE);
    assertThat(rgb(e, 2, 2)).isEqualTo(gray(10 / 15f * ReportImages.DIM)); // background, dimmed
    assertThat(rgb(e, 3, 3)).isEqualTo(gray(1f * ReportImages.DIM_IGNORED)); // ignored, darker
    assertThat(ReportImages.errorLegend()).extracting(LegendEntry::rgb).doesNotHaveDuplicates();

    // Wire alone: the wrong-class pixel is a miss, the epoxy-only agreement is nothing.
    BufferedImage w = decode(ReportImages.classErrors(ramp(), 0, truth, pred, WIRE, "w", 0));
    assertThat(rgb(w, 1, 0)).isEqualTo(ReportImages.FALSE_NEGATIVE);
    assertThat(rgb(w, 1, 1)).isEqualTo(ReportImages.FALSE_NEGATIVE);
    assertThat(rgb(w, 3, 0)).isEqualTo(gray(12 / 15f * ReportImages.DIM));
  }

  @Test
  void maskUsesOverlayColoursAndMixesOverlaps() throws IOException {
    Mask m = new Mask(4, 2, 2);
    m.set(WIRE, 0, 0, true);
    m.set(BALL, 0, 1, true);
    m.set(WIRE, 1, 0, true);
    m.set(EPOXY, 1, 0, true);
    BufferedImage b = decode(ReportImages.mask(m, "m", 0));
    assertThat(rgb(b, 0, 0)).isEqualTo(Overlay.colour(WIRE));
    assertThat(rgb(b, 0, 1)).isEqualTo(Overlay.colour(BALL));
    int r = Overlay.colour(WIRE);
    int y = Overlay.colour(EPOXY);
    int mixed = ((r >> 16) + (y >> 16)) / 2 << 16 | ((r >> 8 & 0xFF) + (y >> 8 & 0xFF)) / 2 << 8
        | ((r & 0xFF) + (y & 0xFF)) / 2;
    assertThat(rgb(b, 1, 0)).isEqualTo(mixed);
    assertThat(rgb(b, 1, 1)).isZero();
  }

  @Test
  void largeImagesShrinkToMaxSideKeepingOnePixelWires() throws IOException {
    AoiImage img = AoiImage.zeros(2, 512, 384, 16);
    Mask truth = new Mask(4, 512, 384);
    Mask pred = new Mask(4, 512, 384);
    for (int y = 0; y < 512; y++) {
      truth.set(WIRE, y, 101, true); // a one-pixel wire on an odd column
      img.set(0, y, 101, 1f);
    }
    ReportImage ch = ReportImages.channel(img, 1, "c", 256);
    assertThat(ch.width()).isEqualTo(192);
    assertThat(ch.height()).isEqualTo(256);
    BufferedImage m = decode(ReportImages.mask(truth, "m", 256));
    BufferedImage e = decode(ReportImages.errors(img, 0, truth, pred, "e", 256));
    for (int y = 0; y < 256; y++) {
      assertThat(rgb(m, y, 50)).isEqualTo(Overlay.colour(WIRE));
      assertThat(rgb(e, y, 50)).isEqualTo(ReportImages.FALSE_NEGATIVE);
      assertThat(rgb(m, y, 49)).isZero();
    }
    // Channel 0 at half size averages the wire with its black neighbour: exactly half brightness
    // after the stretch (the wire is bright enough to be the 99th percentile).
    BufferedImage c0 = decode(ReportImages.channel(img, 0, "c0", 256));
    assertThat(c0.getRaster().getSample(50, 7, 0)).isEqualTo(128);
    assertThat(c0.getRaster().getSample(10, 7, 0)).isZero();
    assertThat(ReportImages.channel(img, 0, "full", 0).width()).isEqualTo(384);
  }

  @Test
  void shrunkErrorMapNeverHidesAnError() throws IOException {
    // 4×4 shrunk to 2×2: blocks of 3 TP + 1 FP, 4 TP, 2 FN + 2 FP, nothing.
    Mask truth = new Mask(4, 4, 4);
    Mask pred = new Mask(4, 4, 4);
    for (int[] p : new int[][] {{0, 0}, {0, 1}, {1, 0}, {0, 2}, {0, 3}, {1, 2}, {1, 3}, {2, 0},
        {2, 1}}) {
      truth.set(WIRE, p[0], p[1], true);
    }
    for (int[] p : new int[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}, {0, 2}, {0, 3}, {1, 2}, {1, 3},
        {3, 0}, {3, 1}}) {
      pred.set(WIRE, p[0], p[1], true);
    }
    BufferedImage e = decode(ReportImages.errors(ramp(), 0, truth, pred, "e", 2));
    assertThat(rgb(e, 0, 0)).isEqualTo(ReportImages.FALSE_POSITIVE);
    assertThat(rgb(e, 0, 1)).isEqualTo(ReportImages.TRUE_POSITIVE);
    assertThat(rgb(e, 1, 0)).isEqualTo(ReportImages.FALSE_POSITIVE); // tie: the more severe
    assertThat(rgb(e, 1, 1) & 0xFF).isLessThan(0x80); // background, dimmed
  }

  private static BufferedImage decode(ReportImage image) throws IOException {
    BufferedImage b = ImageIO.read(new ByteArrayInputStream(image.png()));
    assertThat(b.getWidth()).isEqualTo(image.width());
    assertThat(b.getHeight()).isEqualTo(image.height());
    return b;
  }

  private static int rgb(BufferedImage b, int y, int x) {
    return b.getRGB(x, y) & 0xFFFFFF;
  }

  private static int gray(float v) {
    int g = Math.round(255 * v);
    return g << 16 | g << 8 | g;
  }
}
