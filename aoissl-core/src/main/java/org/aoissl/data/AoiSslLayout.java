package org.aoissl.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.aoissl.io.BadInputException;

/**
 * The authors' public layout: {@code image/<stem>_buffer0.png}, {@code <stem>_buffer1.png} (any number
 * of buffers, numbered from 0) and labels in {@code lbl/<stem>.png}. {@code img/} is accepted for
 * {@code image/}, {@code label/} and {@code labels/} for {@code lbl/}; an unlabeled pre-training folder may
 * hold the buffer pairs directly. Labels are integer ids ({@code aoi-ssl}) or bit-packed ({@code bitmask}).
 */
final class AoiSslLayout {
  private static final Pattern BUFFER = Pattern.compile("^(?<stem>.+)_buffer_?(?<idx>\\d+)$");
  private static final List<String> IMAGE_DIRS = List.of("image", "img");
  private static final List<String> LABEL_DIRS = List.of("lbl", "label", "labels");

  private AoiSslLayout() {}

  /** The folder holding the buffer files, or null when this is not an aoi-ssl dataset. */
  static Path imageDir(Path root) throws IOException {
    for (String d : IMAGE_DIRS) {
      Path p = root.resolve(d);
      if (Files.isDirectory(p) && hasBuffers(p)) {
        return p;
      }
    }
    return hasBuffers(root) ? root : null;
  }

  static Dataset open(Path root, String name, ClassSet classes, LabelEncoding labels) throws IOException {
    Path imageDir = imageDir(root);
    List<BadInputException> problems = new ArrayList<>();
    List<SkippedInput> skipped = new ArrayList<>();
    if (imageDir == null) {
      throw new BadInputException(root, "no <stem>_buffer0.png files in image/ or in the folder itself");
    }
    // stem -> buffer index -> file
    Map<String, TreeMap<Integer, Path>> groups = new TreeMap<>();
    for (Path f : list(imageDir)) {
      Matcher m = BUFFER.matcher(stemOf(f));
      if (!m.matches()) {
        new SkippedInput(f, "not a buffer file",
            "not named <stem>_buffer<N>.<ext>; not part of the dataset").addTo(problems, skipped);
        continue;
      }
      Path prev = groups.computeIfAbsent(m.group("stem"), k -> new TreeMap<>())
          .putIfAbsent(Integer.parseInt(m.group("idx")), f);
      if (prev != null) {
        new SkippedInput(f, "duplicate buffer",
            "duplicate buffer: " + prev.getFileName() + " has the same stem and index").addTo(problems, skipped);
      }
    }
    int channels = groups.values().stream().mapToInt(g -> g.lastKey() + 1).max().orElse(0);
    Path labelDir = labelDir(root);
    Map<String, Path> labelFiles = new HashMap<>();
    if (labelDir != null) {
      for (Path f : list(labelDir)) {
        Path prev = labelFiles.putIfAbsent(stemOf(f), f);
        if (prev != null) {
          new SkippedInput(f, "duplicate stem", "two label files share the stem " + stemOf(f) + " (kept "
              + prev.getFileName() + ")").addTo(problems, skipped);
        }
      }
    }
    List<Sample> samples = new ArrayList<>();
    for (var e : groups.entrySet()) {
      String stem = e.getKey();
      TreeMap<Integer, Path> buffers = e.getValue();
      List<Path> files = new ArrayList<>();
      boolean complete = true;
      for (int i = 0; i < channels; i++) {
        if (!buffers.containsKey(i)) {
          Path any = buffers.firstEntry().getValue();
          Path missing = any.resolveSibling(stem + "_buffer" + i + "." + ImageCodec.extension(any));
          new SkippedInput(missing, "missing buffer", "missing buffer " + i + " of " + stem
              + " (other images have " + channels + " buffers)").addTo(problems, skipped);
          complete = false;
        } else {
          files.add(buffers.get(i));
        }
      }
      Path label = labelFiles.remove(stem);
      if (labelDir != null && label == null) {
        problems.add(new BadInputException(
            labelDir.resolve(stem + ".png"), "missing label for image " + stem));
      }
      if (complete) {
        samples.add(new Sample(stem, Sample.deviceOf(stem), files, label));
      }
    }
    for (Path orphan : new TreeMap<>(labelFiles).values()) {
      new SkippedInput(orphan, "orphan label", "label has no image (no " + stemOf(orphan)
          + "_buffer0 in " + imageDir.getFileName() + "/)").addTo(problems, skipped);
    }
    return new Dataset(root, name, classes, labels, samples, problems, skipped, Map.of());
  }

  private static Path labelDir(Path root) {
    for (String d : LABEL_DIRS) {
      Path p = root.resolve(d);
      if (Files.isDirectory(p)) {
        return p;
      }
    }
    return null;
  }

  private static boolean hasBuffers(Path dir) throws IOException {
    for (Path f : list(dir)) {
      if (BUFFER.matcher(stemOf(f)).matches()) {
        return true;
      }
    }
    return false;
  }

  /** Image files directly in a folder, sorted by name. */
  static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> Files.isRegularFile(p) && ImageCodec.isImageFile(p)).sorted().toList();
    }
  }

  static String stemOf(Path f) {
    String n = f.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return dot < 0 ? n : n.substring(0, dot);
  }
}
