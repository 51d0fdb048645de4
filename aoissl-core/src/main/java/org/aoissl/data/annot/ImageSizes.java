package org.aoissl.data.annot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.aoissl.io.BadInputException;

/**
 * Where the size of an annotated image comes from when the annotation file does not store it (VIA
 * does not).
 */
@FunctionalInterface
public interface ImageSizes {
  /** {@code {height, width}} of the image the annotation file calls {@code fileName}. */
  int[] heightWidth(String fileName) throws IOException;

  /** Reads each size from the header of {@code folder/fileName}, without decoding the pixels. */
  static ImageSizes inFolder(Path folder) {
    return fileName -> readHeader(folder.resolve(fileName));
  }

  /** {@code {height, width}} from an image file's header via {@code javax.imageio}. */
  static int[] readHeader(Path image) throws BadInputException {
    if (!Files.isRegularFile(image)) {
      throw new BadInputException(image, "image file not found (named by the annotation file)");
    }
    try (ImageInputStream in = ImageIO.createImageInputStream(image.toFile())) {
      if (in == null) {
        throw new BadInputException(image, "cannot open the image");
      }
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new BadInputException(image, "not an image format javax.imageio can read");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        return new int[] {reader.getHeight(0), reader.getWidth(0)};
      } finally {
        reader.dispose();
      }
    } catch (BadInputException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      // Image readers throw unchecked exceptions on some corrupt headers.
      throw new BadInputException(image, "cannot read the image size: " + e.getMessage(), e);
    }
  }
}
