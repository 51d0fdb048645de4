package org.aoissl.data;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import org.aoissl.io.BadInputException;
import org.aoissl.io.FormatUtil;

/**
 * Reads 8- and 16-bit grayscale PNG and TIFF, and 8-bit JPEG and BMP, with the JDK's own ImageIO plugins;
 * writes PNG and TIFF. Every band of every page becomes a channel (alpha dropped), so a multi-page TIFF is
 * a multi-channel image and a colour picture of any format three channels. Writers
 * are chosen explicitly from the JDK (other ImageIO plugins on the classpath can take over the
 * default and fail on 16-bit data).
 */
public final class ImageCodec {
  /** File extensions of the images we read; every one has a JDK ImageIO reader. */
  public static final Set<String> READ_EXTENSIONS = Set.of("png", "tif", "tiff", "jpg", "jpeg", "bmp");

  private ImageCodec() {}

  /** Reads every page and band of a PNG, TIFF, JPEG or BMP as channels in [0, 1]. */
  public static AoiImage read(Path file) throws IOException {
    List<Raster> pages = readRasters(file, true);
    List<AoiImage> channels = new ArrayList<>();
    for (Raster r : pages) {
      channels.add(toImage(file, r));
    }
    try {
      return AoiImage.stack(channels);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(file, "pages have different sizes (" + e.getMessage() + ")");
    }
  }

  /** Reads the integer samples of a single-band image (label maps), row-major H×W, plus size. */
  public static int[][] readLabels(Path file) throws IOException {
    // Palette label maps (VOC style) carry the class id as the palette index: keep indices.
    List<Raster> pages = readRasters(file, false);
    Raster r = pages.get(0);
    if (pages.size() > 1) {
      throw new BadInputException(file, "label image has " + pages.size() + " pages; expected 1");
    }
    int bands = r.getNumBands();
    int h = r.getHeight();
    int w = r.getWidth();
    int[] first = r.getSamples(r.getMinX(), r.getMinY(), w, h, 0, (int[]) null);
    // An RGB(A) label saved by a paint program: accept it only when it is gray (R = G = B).
    for (int b = 1; b < Math.min(bands, 3); b++) {
      int[] other = r.getSamples(r.getMinX(), r.getMinY(), w, h, b, (int[]) null);
      for (int i = 0; i < first.length; i++) {
        if (other[i] != first[i]) {
          throw new BadInputException(
              file, "label image is in colour (" + bands + " bands differ); expected one band of ids");
        }
      }
    }
    int[][] out = new int[h][];
    for (int y = 0; y < h; y++) {
      out[y] = java.util.Arrays.copyOfRange(first, y * w, (y + 1) * w);
    }
    return out;
  }

  /** Width and height without decoding the pixels. */
  public static int[] size(Path file) throws IOException {
    try (ImageInputStream in = open(file)) {
      ImageReader reader = reader(file, in);
      try {
        reader.setInput(in);
        return new int[] {reader.getWidth(0), reader.getHeight(0)};
      } finally {
        reader.dispose();
      }
    }
  }

  /**
   * Samples the file would decode to, every page's width × height × bands, read from the headers without
   * decoding pixels: what a service checks before it lets an upload be decoded.
   */
  public static long sampleCount(Path file) throws IOException {
    try (ImageInputStream in = open(file)) {
      ImageReader reader = reader(file, in);
      try {
        reader.setInput(in);
        long total = 0;
        int pages = reader.getNumImages(true);
        for (int i = 0; i < pages; i++) {
          long pixels = (long) reader.getWidth(i) * reader.getHeight(i);
          total += pixels * bands(reader, i);
        }
        return total;
      } finally {
        reader.dispose();
      }
    }
  }

  /** Bands of page {@code i}; 1 when the reader must read past the header to tell (PNG metadata). */
  private static int bands(ImageReader reader, int i) {
    try {
      Iterator<javax.imageio.ImageTypeSpecifier> types = reader.getImageTypes(i);
      return types.hasNext() ? types.next().getNumBands() : 1;
    } catch (IOException | RuntimeException e) {
      // The JDK's PNG reader throws unchecked exceptions on a file cut short after its header.
      return 1;
    }
  }

  /** Writes one channel as a grayscale PNG of the image's bit depth. */
  public static void writePng(Path file, AoiImage image, int channel) throws IOException {
    BufferedImage bi = toBuffered(image, channel);
    write(file, "png", List.of(bi));
  }

  /** Writes every channel as one page of a grayscale TIFF of the image's bit depth. */
  public static void writeTiff(Path file, AoiImage image) throws IOException {
    List<BufferedImage> pages = new ArrayList<>();
    for (int c = 0; c < image.channels(); c++) {
      pages.add(toBuffered(image, c));
    }
    write(file, "tiff", pages);
  }

  /** Writes an 8-bit single-band raster of integer values (label maps, binary masks). */
  public static void writeLabels(Path file, int height, int width, int[] values) throws IOException {
    BufferedImage bi = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    bi.getRaster().setSamples(0, 0, width, height, 0, values);
    write(file, "png", List.of(bi));
  }

  /** Writes an RGB picture (overlays, previews) as PNG. */
  public static void writeRgb(Path file, BufferedImage rgb) throws IOException {
    write(file, "png", List.of(rgb));
  }

  static BufferedImage toBuffered(AoiImage image, int channel) {
    int h = image.height();
    int w = image.width();
    boolean sixteen = image.bitDepth() == 16;
    BufferedImage bi =
        new BufferedImage(w, h, sixteen ? BufferedImage.TYPE_USHORT_GRAY : BufferedImage.TYPE_BYTE_GRAY);
    WritableRaster r = bi.getRaster();
    int max = image.maxValue();
    float[] data = image.data();
    int off = channel * h * w;
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        row[x] = quantize(data[off + y * w + x], max);
      }
      r.setSamples(0, y, w, 1, 0, row);
    }
    return bi;
  }

  /** Nearest integer level of a [0, 1] value, clamped. */
  public static int quantize(float v, int max) {
    if (!(v > 0)) {
      return 0; // also NaN
    }
    return v >= 1 ? max : Math.round(v * max);
  }

  private static AoiImage toImage(Path file, Raster r) throws BadInputException {
    int h = r.getHeight();
    int w = r.getWidth();
    int type = r.getDataBuffer().getDataType();
    int bits = r.getSampleModel().getSampleSize(0);
    int depth;
    if (type == DataBuffer.TYPE_BYTE && bits <= 8) {
      depth = 8;
    } else if (type == DataBuffer.TYPE_USHORT && bits == 16) {
      depth = 16;
    } else {
      throw new BadInputException(
          file, "unsupported pixel format (" + bits + "-bit samples); expected 8- or 16-bit grayscale");
    }
    int bands = r.getNumBands();
    float scale = bits < 8 ? (1 << bits) - 1 : depth == 8 ? 255f : 65535f;
    float[] out = new float[bands * h * w];
    int[] buf = new int[w];
    for (int b = 0; b < bands; b++) {
      for (int y = 0; y < h; y++) {
        r.getSamples(r.getMinX(), r.getMinY() + y, w, 1, b, buf);
        int base = (b * h + y) * w;
        for (int x = 0; x < w; x++) {
          out[base + x] = buf[x] / scale;
        }
      }
    }
    return new AoiImage(bands, h, w, depth, out);
  }

  private static List<Raster> readRasters(Path file, boolean expandPalette) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new BadInputException(file, "file not found");
    }
    try (ImageInputStream in = open(file)) {
      ImageReader reader = reader(file, in);
      try {
        reader.setInput(in, false);
        int n = reader.getNumImages(true);
        List<Raster> pages = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          BufferedImage bi = reader.read(i);
          pages.add(withoutAlphaOrPalette(bi, expandPalette));
        }
        if (pages.isEmpty()) {
          throw new BadInputException(file, "image file holds no pages");
        }
        return pages;
      } catch (BadInputException e) {
        throw e;
      } catch (IOException | RuntimeException e) {
        throw new BadInputException(
            file, "unreadable or corrupt image (" + firstLine(e) + ")", e);
      } finally {
        reader.dispose();
      }
    }
  }

  private static Raster withoutAlphaOrPalette(BufferedImage bi, boolean expandPalette) {
    ColorModel cm = bi.getColorModel();
    if (expandPalette && cm instanceof IndexColorModel icm && isGrayPalette(icm)) {
      // A gray palette image: expand indices to their gray levels.
      Raster src = bi.getRaster();
      WritableRaster out = Raster.createBandedRaster(
          DataBuffer.TYPE_BYTE, bi.getWidth(), bi.getHeight(), 1, null);
      for (int y = 0; y < bi.getHeight(); y++) {
        for (int x = 0; x < bi.getWidth(); x++) {
          out.setSample(x, y, 0, icm.getRed(src.getSample(x, y, 0)));
        }
      }
      return out;
    }
    Raster r = bi.getRaster();
    if (cm != null && cm.hasAlpha() && r.getNumBands() > 1 && !(cm instanceof IndexColorModel)) {
      int[] keep = new int[r.getNumBands() - 1];
      for (int i = 0; i < keep.length; i++) {
        keep[i] = i;
      }
      return r.createChild(r.getMinX(), r.getMinY(), r.getWidth(), r.getHeight(), 0, 0, keep);
    }
    return r;
  }

  private static boolean isGrayPalette(IndexColorModel icm) {
    for (int i = 0; i < icm.getMapSize(); i++) {
      if (icm.getRed(i) != icm.getGreen(i) || icm.getRed(i) != icm.getBlue(i)) {
        return false;
      }
    }
    return true;
  }

  private static ImageInputStream open(Path file) throws IOException {
    ImageInputStream in;
    try {
      in = ImageIO.createImageInputStream(file.toFile());
    } catch (IOException e) {
      throw new BadInputException(file, "cannot open: " + firstLine(e), e);
    }
    if (in == null) {
      throw new BadInputException(file, "cannot open file");
    }
    return in;
  }

  private static ImageReader reader(Path file, ImageInputStream in) throws IOException {
    Iterator<ImageReader> it = ImageIO.getImageReaders(in);
    if (!it.hasNext()) {
      in.close();
      throw new BadInputException(file, "not a readable image (expected PNG, TIFF, JPEG or BMP)");
    }
    return it.next();
  }

  private static void write(Path file, String format, List<BufferedImage> pages) throws IOException {
    ImageWriter writer = jdkWriter(format);
    try {
      FormatUtil.writeAtomically(
          file,
          out -> {
            try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
              writer.setOutput(ios);
              if (pages.size() == 1) {
                writer.write(pages.get(0));
              } else {
                writer.prepareWriteSequence(null);
                for (BufferedImage p : pages) {
                  writer.writeToSequence(new IIOImage(p, null, null), null);
                }
                writer.endWriteSequence();
              }
            }
          });
    } finally {
      writer.dispose();
    }
  }

  private static ImageWriter jdkWriter(String format) {
    Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName(format);
    ImageWriter fallback = null;
    while (it.hasNext()) {
      ImageWriter w = it.next();
      if (w.getClass().getName().startsWith("com.sun.imageio")) {
        return w;
      }
      fallback = fallback == null ? w : fallback;
    }
    if (fallback == null) {
      throw new IllegalStateException("no ImageIO writer for " + format);
    }
    return fallback;
  }

  /** File extension (lower case, no dot) of an image path. */
  public static String extension(Path file) {
    String n = file.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return dot < 0 ? "" : n.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  /** Whether a path names an image we read (PNG, TIFF, JPEG or BMP). */
  public static boolean isImageFile(Path file) {
    return READ_EXTENSIONS.contains(extension(file));
  }

  private static String firstLine(Throwable e) {
    String m = e.getMessage();
    if (m == null) {
      return e.getClass().getSimpleName();
    }
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
