package org.aoissl.report;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** A PNG to embed in a report, its pixel size and caption. */
public record ReportImage(String caption, byte[] png, int width, int height) {
  public ReportImage {
    caption = caption == null ? "" : caption;
    if (png == null || png.length < 8 || (png[0] & 0xFF) != 0x89 || png[1] != 'P') {
      throw new IllegalArgumentException("not PNG bytes: " + caption);
    }
    if (width < 1 || height < 1) {
      throw new IllegalArgumentException(
          "image size must be positive; got " + width + "x" + height);
    }
  }

  /** Encodes a picture (RGB or gray) as PNG. */
  public static ReportImage of(BufferedImage image, String caption) {
    return new ReportImage(caption, encodePng(image), image.getWidth(), image.getHeight());
  }

  /** An existing PNG file, embedded as it is. */
  public static ReportImage fromFile(Path png, String caption) throws IOException {
    byte[] bytes = Files.readAllBytes(png);
    BufferedImage bi = ImageIO.read(new ByteArrayInputStream(bytes));
    if (bi == null) {
      throw new IOException(png + ": not a readable image");
    }
    return new ReportImage(caption, bytes, bi.getWidth(), bi.getHeight());
  }

  /** The JDK's own PNG writer (other ImageIO plugins on the classpath may take over). */
  static byte[] encodePng(BufferedImage image) {
    ImageWriter writer = null;
    Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName("png");
    while (it.hasNext()) {
      ImageWriter w = it.next();
      if (writer == null || w.getClass().getName().startsWith("com.sun.imageio")) {
        writer = w;
      }
    }
    if (writer == null) {
      throw new IllegalStateException("no PNG writer available");
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
      writer.setOutput(out);
      writer.write(image);
    } catch (IOException e) {
      throw new UncheckedIOException("encoding PNG in memory", e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }
}
