package org.aoissl.synth;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.aoissl.data.AoiImage;
import org.aoissl.data.Mask;

/**
 * Writes a contact sheet of synthetic samples for eyeballing the generator: one row per device (a
 * quad, a dual and a three-sided one), two parts per row, each as buffer 0, buffer 1 and the mask
 * over buffer 0 (wire red, ball green, wedge blue, epoxy yellow, ignore grey). Also prints class
 * fractions and the mean render time over 100 images on one thread.
 *
 * <p>Usage: {@code SynthPreview OUT.png [size] [tile]}; tiles are downscaled to {@code tile} pixels.
 */
public final class SynthPreview {
  private static final int[] COLORS = {0xFF2020, 0x20FF20, 0x3060FF, 0xFFE020};

  private SynthPreview() {}

  public static void main(String[] args) throws IOException {
    Path out = Path.of(args.length > 0 ? args[0] : "synth-samples.png");
    int size = args.length > 1 ? Integer.parseInt(args[1]) : 512;
    int tile = args.length > 2 ? Integer.parseInt(args[2]) : size;
    SceneGenerator gen = new SceneGenerator();
    String[] devices = {"dev-a", "dev-b", "dev-c"};
    // Seeds chosen to show a quad, a dual (staggered pads) and a three-sided device.
    long[] seeds = {4, 3, 7};
    BufferedImage sheet = new BufferedImage(6 * tile, devices.length * tile,
        BufferedImage.TYPE_INT_RGB);
    for (int d = 0; d < devices.length; d++) {
      DeviceSpec spec = DeviceSpec.sample(devices[d], seeds[d], size);
      for (int k = 0; k < 2; k++) {
        SynthSample s = gen.render(spec, k, Shift.NONE, 8);
        int row = d * tile;
        int col = 3 * k * tile;
        draw(sheet, col, row, tile, s, 0);
        draw(sheet, col + tile, row, tile, s, 1);
        draw(sheet, col + 2 * tile, row, tile, s, -1);
        System.out.println(s.id() + " " + fractions(s.mask()));
      }
    }
    ImageIO.write(sheet, "png", out.toFile());

    DeviceSpec spec = DeviceSpec.sample("bench", 7, size);
    for (int i = 0; i < 30; i++) {
      gen.render(spec, i, Shift.NONE, 8);
    }
    int n = 100;
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      gen.render(DeviceSpec.sample("bench" + i % 5, i % 5, size), 100 + i, Shift.NONE, 8);
    }
    System.out.printf("render %dx%d: %.1f ms/image (mean of %d, one thread)%n", size, size,
        (System.nanoTime() - t0) / 1e6 / n, n);
  }

  private static String fractions(Mask m) {
    double px = (double) m.height() * m.width();
    StringBuilder b = new StringBuilder();
    String[] names = {"wire", "ball", "wedge", "epoxy"};
    for (int k = 0; k < 4; k++) {
      b.append(String.format("%s=%.2f%% ", names[k], 100 * m.count(k) / px));
    }
    return b.toString();
  }

  /** Draws channel c (or the mask overlay if c < 0) into a tile, box-filtered down to the tile size. */
  private static void draw(BufferedImage sheet, int ox, int oy, int tile, SynthSample s, int c) {
    AoiImage img = s.image();
    Mask m = s.mask();
    int size = img.width();
    int[] rgb = new int[size * size];
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        int g = Math.round(255 * img.get(Math.max(0, c), y, x));
        rgb[y * size + x] = c < 0 ? overlay(g, m, y, x) : g * 0x010101;
      }
    }
    for (int ty = 0; ty < tile; ty++) {
      for (int tx = 0; tx < tile; tx++) {
        int r = 0;
        int g = 0;
        int b = 0;
        int n = 0;
        for (int y = ty * size / tile; y < (ty + 1) * size / tile; y++) {
          for (int x = tx * size / tile; x < (tx + 1) * size / tile; x++) {
            int v = rgb[y * size + x];
            r += v >> 16;
            g += (v >> 8) & 255;
            b += v & 255;
            n++;
          }
        }
        sheet.setRGB(ox + tx, oy + ty, ((r / n) << 16) | ((g / n) << 8) | (b / n));
      }
    }
  }

  /** Grey value g tinted by the colours of the pixel's classes (mixed if several). */
  private static int overlay(int g, Mask m, int y, int x) {
    if (m.isIgnored(y, x)) {
      return 0x808080;
    }
    int bits = m.classBits(y, x);
    if (bits == 0) {
      return g * 0x010101;
    }
    int r = 0;
    int gg = 0;
    int b = 0;
    int n = 0;
    for (int k = 0; k < COLORS.length; k++) {
      if ((bits & (1 << k)) != 0) {
        r += COLORS[k] >> 16;
        gg += (COLORS[k] >> 8) & 255;
        b += COLORS[k] & 255;
        n++;
      }
    }
    return ((g / 3 + r * 2 / (3 * n)) << 16) | ((g / 3 + gg * 2 / (3 * n)) << 8)
        | (g / 3 + b * 2 / (3 * n));
  }
}
