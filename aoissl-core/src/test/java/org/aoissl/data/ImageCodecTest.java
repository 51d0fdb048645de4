package org.aoissl.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.aoissl.io.BadInputException;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageCodecTest {
  @TempDir Path dir;

  /** A random image whose values are exact levels of its bit depth, so a round trip must be exact. */
  static AoiImage randomImage(int c, int h, int w, int bits, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    int max = bits == 8 ? 255 : 65535;
    float[] d = new float[c * h * w];
    for (int i = 0; i < d.length; i++) {
      d[i] = rng.nextInt(max + 1) / (float) max;
    }
    d[0] = 0;
    d[d.length - 1] = 1;
    return new AoiImage(c, h, w, bits, d);
  }

  @ParameterizedTest
  @CsvSource({"8", "16"})
  void pngRoundTripIsExact(int bits) throws IOException {
    AoiImage img = randomImage(1, 7, 9, bits, 42 + bits);
    Path f = dir.resolve("a.png");
    ImageCodec.writePng(f, img, 0);
    AoiImage back = ImageCodec.read(f);
    assertThat(back.channels()).isEqualTo(1);
    assertThat(back.bitDepth()).isEqualTo(bits);
    assertThat(back.height()).isEqualTo(7);
    assertThat(back.width()).isEqualTo(9);
    assertThat(back.data()).containsExactly(img.data());
    assertThat(ImageCodec.size(f)).containsExactly(9, 7);
  }

  @ParameterizedTest
  @CsvSource({"1,8", "2,8", "2,16", "5,16"})
  void multiPageTiffRoundTripsChannels(int channels, int bits) throws IOException {
    AoiImage img = randomImage(channels, 6, 5, bits, 7 * channels + bits);
    Path f = dir.resolve("a.tif");
    ImageCodec.writeTiff(f, img);
    AoiImage back = ImageCodec.read(f);
    assertThat(back.channels()).isEqualTo(channels);
    assertThat(back.bitDepth()).isEqualTo(bits);
    assertThat(back.data()).containsExactly(img.data());
  }

  @Test
  void quantizesToNearestLevelAndClamps() {
    assertThat(ImageCodec.quantize(0.5f, 255)).isEqualTo(128);
    assertThat(ImageCodec.quantize(-0.1f, 255)).isEqualTo(0);
    assertThat(ImageCodec.quantize(Float.NaN, 255)).isEqualTo(0);
    assertThat(ImageCodec.quantize(1.7f, 65535)).isEqualTo(65535);
    assertThat(ImageCodec.quantize(1000f / 65535f, 65535)).isEqualTo(1000);
  }

  @Test
  void rgbPngReadsAsThreeChannelsAndAlphaIsDropped() throws IOException {
    BufferedImage bi = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
    bi.setRGB(0, 0, 0x80FF0000);
    bi.setRGB(1, 0, 0xFF00FF33);
    Path f = dir.resolve("rgb.png");
    ImageCodec.writeRgb(f, bi);
    AoiImage back = ImageCodec.read(f);
    assertThat(back.channels()).isEqualTo(3);
    assertThat(back.get(0, 0, 0)).isEqualTo(1f);
    assertThat(back.get(1, 0, 1)).isEqualTo(1f);
    assertThat(back.get(2, 0, 1)).isEqualTo(0x33 / 255f);
  }

  /** A picture of 16×16 blocks of one level each (block b: level 37·b mod 256, colour c shifted by 85·c). */
  private static BufferedImage blocks(int type, int bands) {
    BufferedImage bi = new BufferedImage(32, 48, type);
    for (int y = 0; y < bi.getHeight(); y++) {
      for (int x = 0; x < bi.getWidth(); x++) {
        for (int c = 0; c < bands; c++) {
          bi.getRaster().setSample(x, y, c, blockLevel(x, y, c));
        }
      }
    }
    return bi;
  }

  private static int blockLevel(int x, int y, int c) {
    return (37 * ((y / 16) * 2 + x / 16) + 85 * c + 20) % 256;
  }

  /**
   * Checks the pixels of a {@link #blocks} picture read back, to within {@code levels} of 255, except
   * those closer than {@code margin} to a block's edge.
   */
  private static void assertBlocks(AoiImage img, int bands, int levels, int margin) {
    assertThat(img.channels()).isEqualTo(bands);
    assertThat(img.bitDepth()).isEqualTo(8);
    assertThat(img.height()).isEqualTo(48);
    assertThat(img.width()).isEqualTo(32);
    for (int c = 0; c < bands; c++) {
      for (int y = 0; y < 48; y++) {
        for (int x = 0; x < 32; x++) {
          if (Math.min(Math.min(x % 16, 15 - x % 16), Math.min(y % 16, 15 - y % 16)) < margin) {
            continue;
          }
          assertThat(img.get(c, y, x) * 255).as("channel %d at (%d, %d)", c, x, y)
              .isCloseTo(blockLevel(x, y, c), Offset.offset(levels + 1e-3f));
        }
      }
    }
  }

  @Test
  void bmpReadsExactlyAsGrayOrAsThreeColourChannels() throws IOException {
    Path gray = dir.resolve("gray.bmp");
    assertThat(ImageIO.write(blocks(BufferedImage.TYPE_BYTE_GRAY, 1), "bmp", gray.toFile())).isTrue();
    assertBlocks(ImageCodec.read(gray), 1, 0, 0);
    Path rgb = dir.resolve("rgb.bmp");
    assertThat(ImageIO.write(blocks(BufferedImage.TYPE_3BYTE_BGR, 3), "bmp", rgb.toFile())).isTrue();
    assertBlocks(ImageCodec.read(rgb), 3, 0, 0); // red, green, blue: as a colour PNG reads
    assertThat(ImageCodec.isImageFile(gray)).isTrue();
  }

  @Test
  void jpegReadsAsGrayOrAsThreeColourChannels() throws IOException {
    // At quality 1 a picture of flat 16x16 blocks survives JPEG's transform but for rounding: gray levels
    // come back to within one step; colour to within two away from block edges, where the decoder's
    // chroma upsampling blends neighbouring blocks.
    Path gray = dir.resolve("gray.jpg");
    writeJpeg(gray, blocks(BufferedImage.TYPE_BYTE_GRAY, 1));
    assertBlocks(ImageCodec.read(gray), 1, 1, 0);
    Path rgb = dir.resolve("rgb.jpeg");
    writeJpeg(rgb, blocks(BufferedImage.TYPE_3BYTE_BGR, 3));
    assertBlocks(ImageCodec.read(rgb), 3, 2, 4);
    assertThat(ImageCodec.isImageFile(gray)).isTrue();
    assertThat(ImageCodec.isImageFile(rgb)).isTrue();
  }

  private static void writeJpeg(Path file, BufferedImage bi) throws IOException {
    ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
    ImageWriteParam p = w.getDefaultWriteParam();
    p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
    p.setCompressionQuality(1f);
    try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
      w.setOutput(out);
      w.write(null, new IIOImage(bi, null, null), p);
    } finally {
      w.dispose();
    }
  }

  @Test
  void unreadableFilesNameTheFile() throws IOException {
    Path junk = dir.resolve("junk.png");
    Files.writeString(junk, "this is not a png");
    assertThatThrownBy(() -> ImageCodec.read(junk)).isInstanceOf(BadInputException.class)
        .hasMessageStartingWith(junk + ": ").hasMessageContaining("not a readable image");
    // A PNG cut in half: the signature is right but the data is not.
    Path good = dir.resolve("good.png");
    ImageCodec.writePng(good, randomImage(1, 64, 64, 8, 1), 0);
    byte[] b = Files.readAllBytes(good);
    Path cut = dir.resolve("cut.png");
    Files.write(cut, java.util.Arrays.copyOf(b, b.length / 2));
    assertThatThrownBy(() -> ImageCodec.read(cut)).isInstanceOf(BadInputException.class)
        .hasMessageStartingWith(cut + ": ").hasMessageContaining("corrupt");
    assertThatThrownBy(() -> ImageCodec.read(dir.resolve("nope.png"))).isInstanceOf(BadInputException.class)
        .hasMessageContaining("file not found");
  }

  @Test
  void sampleCountReadsEveryPageFromTheHeadersAlone() throws IOException {
    AoiImage img = new AoiImage(3, 5, 7, 16, new float[3 * 5 * 7]);
    Path tif = dir.resolve("three.tif");
    ImageCodec.writeTiff(tif, img);
    assertThat(ImageCodec.sampleCount(tif)).isEqualTo(3 * 5 * 7);
    // A PNG that claims 60000² pixels and holds none: counted, never decoded.
    java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
    java.io.DataOutputStream out = new java.io.DataOutputStream(b);
    out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    byte[] ihdr = java.nio.ByteBuffer.allocate(17).put("IHDR".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
        .putInt(60_000).putInt(60_000).put(new byte[] {8, 0, 0, 0, 0}).array();
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(ihdr);
    out.writeInt(13);
    out.write(ihdr);
    out.writeInt((int) crc.getValue());
    Path bomb = dir.resolve("bomb.png");
    Files.write(bomb, b.toByteArray());
    assertThat(ImageCodec.sampleCount(bomb)).isEqualTo(3_600_000_000L);
  }
}
