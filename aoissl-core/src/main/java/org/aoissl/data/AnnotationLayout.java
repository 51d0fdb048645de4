package org.aoissl.data;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.aoissl.data.annot.AnnotatedImage;
import org.aoissl.data.annot.CocoAnnotations;
import org.aoissl.data.annot.ImageSizes;
import org.aoissl.data.annot.ViaAnnotations;
import org.aoissl.data.annot.ViaOptions;
import org.aoissl.io.BadInputException;

/**
 * A folder with one COCO or VIA annotation file ({@code *.json} other than {@code dataset.json}) and the
 * images it names, found in {@code images/} when that folder exists, else beside the file. The masks are
 * rasterised when the dataset is opened; an image the annotations name but the disk lacks is a problem.
 */
final class AnnotationLayout {
  private static final ObjectMapper JSON = new ObjectMapper();

  private AnnotationLayout() {}

  /** "coco", "via" or null for a folder's single annotation file. */
  static String detect(Path root) throws IOException {
    Path json = annotationFile(root, false);
    return json == null ? null : kind(json);
  }

  static Dataset open(Path root, String layout, DatasetOptions options, ClassSet classes) throws IOException {
    Path json = annotationFile(root, true);
    Path imageDir = Files.isDirectory(root.resolve("images")) ? root.resolve("images") : root;
    List<AnnotatedImage> annotated = layout.equals("coco")
        ? CocoAnnotations.read(json, classes, options.classMap())
        : ViaAnnotations.read(json, classes, options.classMap(),
            ViaOptions.of(ImageSizes.inFolder(imageDir)).withPolylineWidth(options.polylineWidth()));
    List<Sample> samples = new ArrayList<>();
    List<BadInputException> problems = new ArrayList<>();
    List<SkippedInput> skipped = new ArrayList<>();
    Map<String, Mask> masks = new HashMap<>();
    for (AnnotatedImage a : annotated) {
      Path file = imageDir.resolve(a.fileName()).normalize();
      String id = AoiSslLayout.stemOf(file);
      if (!Files.isRegularFile(file)) {
        new SkippedInput(file, "missing image", "image named in " + json.getFileName()
            + " not found").addTo(problems, skipped);
        continue;
      }
      if (masks.putIfAbsent(id, a.mask()) != null) {
        new SkippedInput(file, "duplicate stem", "two annotated images share the stem " + id).addTo(problems, skipped);
        continue;
      }
      samples.add(new Sample(id, Sample.deviceOf(id), List.of(file), null));
    }
    return new Dataset(root, layout, classes, LabelEncoding.BITS, samples, problems, skipped, masks);
  }

  private static Path annotationFile(Path root, boolean required) throws IOException {
    List<Path> found;
    try (Stream<Path> s = Files.list(root)) {
      found = s.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".json")
              && !p.getFileName().toString().equals(DatasetManifest.FILE_NAME))
          .sorted().toList();
    }
    if (found.size() == 1) {
      return found.get(0);
    }
    if (required) {
      throw new BadInputException(root, found.isEmpty() ? "no annotation .json file found"
          : "several annotation .json files " + found.stream().map(p -> p.getFileName().toString()).toList()
              + "; keep one per folder");
    }
    return null;
  }

  /** Tells COCO from VIA by the top-level keys, reading no further than needed. */
  private static String kind(Path json) throws IOException {
    try (JsonParser p = JSON.getFactory().createParser(json.toFile())) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        p.nextToken();
        if (key.equals("images") || key.equals("annotations") || key.equals("categories")) {
          return "coco";
        }
        if (key.equals("_via_img_metadata") || key.equals("_via_settings")) {
          return "via";
        }
        if (p.currentToken() == JsonToken.START_OBJECT) {
          // A VIA export: every value is an image entry with "filename" and "regions".
          com.fasterxml.jackson.databind.JsonNode node = JSON.readTree(p);
          return node.has("regions") || node.has("filename") ? "via" : null;
        }
        p.skipChildren();
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return null; // not JSON we know; the caller reports the layout as unknown
    }
    return null;
  }
}
