package org.aoissl.serve;

import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.aoissl.data.AoiImage;
import org.aoissl.data.ClassSet;
import org.aoissl.data.Dataset;
import org.aoissl.data.ImageCodec;
import org.aoissl.data.LabelEncoding;
import org.aoissl.data.Mask;
import org.aoissl.data.MaskCodec;
import org.aoissl.data.Sample;
import org.aoissl.io.BadInputException;
import org.aoissl.io.StagedDirectory;

/**
 * The files of one request, saved to a private temporary folder so the data layer reads them as it reads
 * any dataset: an image (one file with every channel, or one file per channel as multipart parts named
 * {@code image}, in channel order) and, for teaching, a label image (part {@code mask}). The pixel count
 * is checked from the file headers before anything is decoded. Errors name the uploaded part, never the
 * temporary file.
 */
final class Upload implements AutoCloseable {
  private final Path dir;
  private final List<Path> imageFiles = new ArrayList<>();
  private final Map<Path, String> names = new HashMap<>();
  private final long maxBytes;
  private long bytes;
  private Path maskFile;

  private Upload(Path dir, long maxBytes) {
    this.dir = dir;
    this.maxBytes = maxBytes;
  }

  /** Saves a request's image (and mask, when present): multipart parts, or the raw body as one file. */
  static Upload save(Context ctx, long maxBytes) throws IOException {
    Upload u = new Upload(Files.createTempDirectory("aoissl-upload"), maxBytes);
    try {
      String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
      if (type.startsWith("multipart/form-data")) {
        List<UploadedFile> parts = ctx.uploadedFiles("image");
        if (parts.isEmpty()) {
          throw new ApiException(400, "no 'image' part: send the image as multipart parts named 'image' (one per "
              + "channel, in order) or as the body with Content-Type image/png or image/tiff");
        }
        for (UploadedFile p : parts) {
          u.imageFiles.add(u.store(p.content(), p.filename(), p.contentType(), "image" + u.imageFiles.size()));
        }
        UploadedFile mask = ctx.uploadedFile("mask");
        if (mask != null) {
          u.maskFile = u.store(mask.content(), mask.filename(), mask.contentType(), "mask");
        }
      } else {
        u.imageFiles.add(u.store(ctx.bodyInputStream(), null, type, "image0"));
      }
      return u;
    } catch (IOException | RuntimeException e) {
      u.close();
      throw e;
    }
  }

  private Path store(InputStream in, String filename, String contentType, String stem) throws IOException {
    String ext = extension(filename, contentType);
    Path f = dir.resolve(stem + "." + ext);
    // Counted here as well: a body sent without Content-Length is otherwise bounded by nothing.
    try (in; OutputStream out = Files.newOutputStream(f)) {
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        bytes += n;
        if (bytes > maxBytes) {
          throw new ApiException(413, "the upload exceeds " + maxBytes + " bytes");
        }
        out.write(buf, 0, n);
      }
    }
    names.put(f, filename != null && !filename.isBlank() ? filename : stem);
    return f;
  }

  private static String extension(String filename, String contentType) {
    if (filename != null) {
      int dot = filename.lastIndexOf('.');
      String ext = dot < 0 ? "" : filename.substring(dot + 1).toLowerCase(Locale.ROOT);
      if (ImageCodec.READ_EXTENSIONS.contains(ext)) {
        return ext;
      }
    }
    String t = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
    if (t.startsWith("image/png")) {
      return "png";
    }
    if (t.startsWith("image/tiff")) {
      return "tif";
    }
    if (t.startsWith("image/jpeg")) {
      return "jpg";
    }
    if (t.startsWith("image/bmp")) {
      return "bmp";
    }
    throw new ApiException(415, "'" + (filename != null ? filename : contentType) + "' is not a PNG, TIFF, JPEG or BMP "
        + "image (by its name or Content-Type)");
  }

  boolean hasMask() {
    return maskFile != null;
  }

  /**
   * Decodes the image after checking its samples (width × height × channels over every file and page)
   * against {@code maxPixels} from the headers.
   *
   * @throws ApiException 413 for a too large image, 400 for a file that is not a readable image
   */
  AoiImage image(long maxPixels) {
    try {
      long pixels = 0;
      for (Path f : imageFiles) {
        pixels += ImageCodec.sampleCount(f);
      }
      if (pixels > maxPixels) {
        throw new ApiException(413, "the image has " + pixels + " pixels over all channels; the limit is " + maxPixels);
      }
      return Dataset.readImage(new Sample("upload", "upload", imageFiles, null));
    } catch (IOException | RuntimeException e) {
      throw refusal(e);
    }
  }

  /**
   * Decodes the label image for {@code classes}; 400 when missing, unreadable or not of the image's size.
   */
  Mask mask(LabelEncoding encoding, ClassSet classes, long maxPixels, AoiImage image) {
    if (maskFile == null) {
      throw new ApiException(400, "no 'mask' part: teaching needs the image's label image");
    }
    try {
      long n = ImageCodec.sampleCount(maskFile);
      if (n > maxPixels) {
        throw new ApiException(413, "the mask has " + n + " pixels; the limit is " + maxPixels);
      }
      Mask m = MaskCodec.read(maskFile, encoding, classes);
      if (m.width() != image.width() || m.height() != image.height()) {
        throw new BadInputException(maskFile, "mask " + m.width() + "x" + m.height() + " does not match the "
            + image.width() + "x" + image.height() + " image");
      }
      return m;
    } catch (IOException | RuntimeException e) {
      throw refusal(e);
    }
  }

  /** The first image file, for a sample that names where the upload came from. */
  List<Path> imageFiles() {
    return List.copyOf(imageFiles);
  }

  /** A caller-facing refusal for a failure while reading the upload, naming the part. */
  ApiException refusal(Exception e) {
    if (e instanceof ApiException a) {
      return a;
    }
    if (e instanceof BadInputException b) {
      String part = b.file() == null ? "upload" : names.getOrDefault(b.file(), b.file().getFileName().toString());
      return new ApiException(400, part + ": " + b.problem());
    }
    return new ApiException(400, "the upload cannot be read as an image: " + e.getMessage());
  }

  @Override
  public void close() throws IOException {
    StagedDirectory.deleteTree(dir);
  }
}
