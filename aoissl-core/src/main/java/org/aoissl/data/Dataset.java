package org.aoissl.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.aoissl.io.BadInputException;

/**
 * A dataset as listed from disk by a layout: its samples, class set, and the structural problems found
 * while listing (missing buffer, label without image, ...). Listing never stops at the first problem so
 * that {@code data check} can report them all; code that needs clean data calls {@link
 * #requireNoProblems()}. The inputs a problem kept out of {@link #samples()} are also listed as {@link
 * #skipped()}, so that code using the rest can say what it left out. Pixels are read lazily, one {@link
 * #read(Sample)} at a time.
 */
public final class Dataset {
  private final Path root;
  private final String layout;
  private final ClassSet classes;
  private final LabelEncoding labels;
  private final List<Sample> samples;
  private final List<BadInputException> problems;
  private final List<SkippedInput> skipped;
  private final Map<String, Mask> annotated;

  Dataset(
      Path root, String layout, ClassSet classes, LabelEncoding labels, List<Sample> samples,
      List<BadInputException> problems, List<SkippedInput> skipped, Map<String, Mask> annotated) {
    this.root = root;
    this.layout = layout;
    this.classes = classes;
    this.labels = labels;
    this.samples = List.copyOf(samples);
    this.problems = List.copyOf(problems);
    this.skipped = List.copyOf(skipped);
    this.annotated = Map.copyOf(annotated);
  }

  public Path root() {
    return root;
  }

  /** Layout name: aoi-ssl, bitmask, plain, coco or via. */
  public String layout() {
    return layout;
  }

  public ClassSet classes() {
    return classes;
  }

  public List<Sample> samples() {
    return samples;
  }

  public int size() {
    return samples.size();
  }

  /** Problems found while listing; empty for a clean dataset. */
  public List<BadInputException> problems() {
    return problems;
  }

  /**
   * Inputs left out of {@link #samples()} by a listing problem (orphan label, missing buffer, duplicate
   * stem, ...); each is also among {@link #problems()}. A missing label is a problem but skips nothing:
   * the image is listed, unlabeled.
   */
  public List<SkippedInput> skipped() {
    return skipped;
  }

  /** Throws the first listing problem, if any. */
  public void requireNoProblems() throws BadInputException {
    if (!problems.isEmpty()) {
      throw problems.get(0);
    }
  }

  /** Device ids in sorted order. */
  public List<String> devices() {
    TreeSet<String> d = new TreeSet<>();
    samples.forEach(s -> d.add(s.device()));
    return new ArrayList<>(d);
  }

  /** Whether this sample has a label (file or annotation). */
  public boolean isLabeled(Sample s) {
    return s.labelFile() != null || annotated.containsKey(s.id());
  }

  /** Reads a sample's pixels and, when labeled, its mask; checks that their sizes agree. */
  public Example read(Sample s) throws IOException {
    AoiImage image = readImage(s);
    Mask mask = null;
    if (s.labelFile() != null) {
      mask = MaskCodec.read(s.labelFile(), labels, classes);
      checkSize(s.labelFile(), mask, image, s);
    } else if (annotated.containsKey(s.id())) {
      mask = annotated.get(s.id());
      checkSize(s.imageFiles().get(0), mask, image, s);
    }
    return new Example(s, image, mask);
  }

  /** Reads a sample's channels: one file per buffer (each must be grayscale), or one multi-channel file. */
  public static AoiImage readImage(Sample s) throws IOException {
    if (s.imageFiles().size() == 1) {
      return ImageCodec.read(s.imageFiles().get(0));
    }
    List<AoiImage> buffers = new ArrayList<>();
    AoiImage first = null;
    Path firstFile = null;
    for (Path f : s.imageFiles()) {
      AoiImage b = grayscale(f, ImageCodec.read(f));
      if (first == null) {
        first = b;
        firstFile = f;
      } else if (b.height() != first.height() || b.width() != first.width()) {
        throw new BadInputException(
            f, "buffer size " + b.width() + "x" + b.height() + " differs from "
                + firstFile.getFileName() + " (" + first.width() + "x" + first.height() + ")");
      }
      buffers.add(b);
    }
    return AoiImage.stack(buffers);
  }

  /** A buffer saved as RGB with equal bands is one channel; truly coloured buffers are refused. */
  private static AoiImage grayscale(Path f, AoiImage img) throws BadInputException {
    if (img.channels() == 1) {
      return img;
    }
    float[] d = img.data();
    int plane = img.height() * img.width();
    for (int c = 1; c < img.channels(); c++) {
      for (int i = 0; i < plane; i++) {
        if (d[c * plane + i] != d[i]) {
          throw new BadInputException(
              f, "buffer has " + img.channels() + " different channels; expected one grayscale channel");
        }
      }
    }
    return new AoiImage(1, img.height(), img.width(), img.bitDepth(), img.channel(0));
  }

  private static void checkSize(Path file, Mask m, AoiImage img, Sample s) throws BadInputException {
    if (m.height() != img.height() || m.width() != img.width()) {
      throw new BadInputException(
          file, "mask size " + m.width() + "x" + m.height() + " differs from image " + s.id() + " ("
              + img.width() + "x" + img.height() + ")");
    }
  }

  @Override
  public String toString() {
    return layout + " dataset at " + root + " (" + samples.size() + " images, classes " + classes + ")";
  }
}
