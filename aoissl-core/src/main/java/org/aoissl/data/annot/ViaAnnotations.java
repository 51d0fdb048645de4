package org.aoissl.data.annot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.aoissl.data.ClassSet;
import org.aoissl.data.Mask;
import org.aoissl.io.BadInputException;

/**
 * Reads a VGG Image Annotator 2.x JSON file into one {@link AnnotatedImage} per image entry, in file
 * order.
 *
 * <p>Accepted files: the annotation export (a top-level object of entries keyed "filename+size") and the
 * project file (the same entries under {@code _via_img_metadata}). Each entry has {@code filename} and
 * {@code regions} (an array; VIA 1's object keyed "0", "1", ... is accepted too); each region has
 * {@code shape_attributes} (polygon and polyline with {@code all_points_x/y}, circle {@code cx, cy, r},
 * ellipse {@code cx, cy, rx, ry} and optional {@code theta} in radians, rect {@code x, y, width, height})
 * and {@code region_attributes}. Shapes are rasterised by {@link Rasterizer}.
 *
 * <p>The class of a region: with {@link ViaOptions#classAttribute()} set, the value of that attribute (a
 * string, or a checkbox object whose {@code true} keys are all taken, so one region can carry several
 * classes). Otherwise the first attribute, in file order, whose value resolves to a class, "ignore" or
 * "skip" after the class map (see {@link ClassResolver}); its first such value wins. A region with no
 * such value fails, listing its attributes. Polylines are stroked with the width given by the
 * {@link ViaOptions#widthAttribute()} region attribute when present, else {@link
 * ViaOptions#polylineWidth()}.
 *
 * <p>VIA stores no image size, so sizes come from {@link ViaOptions#sizes()}.
 */
public final class ViaAnnotations {
  private ViaAnnotations() {}

  /** Images are looked up next to the JSON file for their sizes; default options otherwise. */
  public static List<AnnotatedImage> read(Path json, ClassSet classes, Map<String, String> classMap)
      throws IOException {
    return read(json, classes, classMap, ViaOptions.of(ImageSizes.inFolder(folderOf(json))));
  }

  /** As {@link #read(Path, ClassSet, Map)} with a default stroke width for polylines. */
  public static List<AnnotatedImage> read(
      Path json, ClassSet classes, Map<String, String> classMap, double polylineWidth)
      throws IOException {
    return read(json, classes, classMap,
        ViaOptions.of(ImageSizes.inFolder(folderOf(json))).withPolylineWidth(polylineWidth));
  }

  /**
   * Reads and rasterises the file.
   *
   * @throws BadInputException for malformed JSON, a file that is not VIA 2 JSON, missing fields,
   *     unknown classes, unsupported shapes and invalid geometry; also whatever the size lookup throws
   */
  public static List<AnnotatedImage> read(
      Path json, ClassSet classes, Map<String, String> classMap, ViaOptions options)
      throws IOException {
    JsonSource src = new JsonSource(json);
    JsonNode root = src.readObject();
    ClassResolver resolver = new ClassResolver(classes, classMap);
    JsonNode entries = root;
    if (root.has("_via_img_metadata")) {
      entries = src.object(root, "_via_img_metadata", "the VIA project");
    } else if (root.has("project") && root.has("metadata") && root.has("file")) {
      throw src.bad("this is a VIA 3 project, which is not supported; export COCO JSON from VIA 3 "
          + "and read that instead");
    }
    List<AnnotatedImage> out = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = entries.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      out.add(readEntry(src, e.getKey(), e.getValue(), classes, resolver, options));
    }
    return out;
  }

  private static AnnotatedImage readEntry(JsonSource src, String key, JsonNode entry,
      ClassSet classes, ClassResolver resolver, ViaOptions options) throws IOException {
    if (!entry.isObject() || !entry.has("filename")) {
      throw src.bad("entry " + JsonSource.quote(key) + " is not a VIA 2 image entry (an object with "
          + "'filename' and 'regions')");
    }
    String fileName = src.text(entry, "filename", "entry " + JsonSource.quote(key));
    String where = "image " + JsonSource.quote(fileName);
    int[] hw = options.sizes().heightWidth(fileName);
    if (hw == null || hw.length != 2 || hw[0] < 1 || hw[1] < 1) {
      throw new IllegalArgumentException("image size lookup must return {height, width} > 0 for "
          + fileName + "; got " + java.util.Arrays.toString(hw));
    }
    Mask mask = new Mask(classes.size(), hw[0], hw[1]);
    JsonNode regions = src.field(entry, "regions", where);
    if (!regions.isArray() && !regions.isObject()) {
      throw src.bad(where + ": 'regions' must be an array, found " + JsonSource.kind(regions));
    }
    int j = 0;
    for (JsonNode region : regions) {
      String rw = where + " region " + j++;
      if (!region.isObject()) {
        throw src.bad(rw + " must be an object, found " + JsonSource.kind(region));
      }
      JsonNode attrs = region.get("region_attributes");
      if (attrs == null || attrs.isNull()) {
        attrs = JsonNodeFactory.instance.objectNode();
      } else if (!attrs.isObject()) {
        throw src.bad(rw + ": 'region_attributes' must be an object, found " + JsonSource.kind(attrs));
      }
      List<Integer> labels = labels(src, attrs, rw, resolver, options);
      labels.removeIf(l -> l == ClassResolver.SKIP);
      if (labels.isEmpty()) {
        continue;
      }
      List<SpanSink> painters = new ArrayList<>();
      for (int label : labels) {
        painters.add(ClassResolver.painter(mask, label));
      }
      Rasterizer raster = new Rasterizer(hw[1], hw[0], (y, x0, x1) -> {
        for (SpanSink p : painters) {
          p.span(y, x0, x1);
        }
      });
      JsonNode shape = src.object(region, "shape_attributes", rw);
      boolean polyline = "polyline".equals(shape.path("name").asText());
      ViaShapes.paint(src, shape, rw, polyline ? strokeWidth(src, attrs, rw, options) : 0, raster);
    }
    return new AnnotatedImage(fileName, hw[1], hw[0], mask);
  }

  /** Labels of a region per the class rule in the class Javadoc; never empty, may hold SKIP. */
  private static List<Integer> labels(JsonSource src, JsonNode attrs, String where,
      ClassResolver resolver, ViaOptions options) throws BadInputException {
    List<Integer> labels = new ArrayList<>();
    String key = options.classAttribute();
    if (key != null) {
      JsonNode v = attrs.get(key);
      if (v == null || v.isNull()) {
        throw src.bad(where + " has no region attribute " + JsonSource.quote(key));
      }
      List<String> names = names(v);
      if (names.isEmpty()) {
        throw src.bad(where + ": region attribute " + JsonSource.quote(key) + " is empty");
      }
      for (String name : names) {
        int label = resolver.resolve(name);
        if (label == ClassResolver.UNKNOWN) {
          throw src.bad(where + ": " + resolver.unknown("class", name));
        }
        labels.add(label);
      }
      return labels;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = attrs.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().equals(options.widthAttribute())) {
        continue;
      }
      for (String name : names(e.getValue())) {
        int label = resolver.resolve(name);
        if (label != ClassResolver.UNKNOWN) {
          labels.add(label);
          return labels;
        }
      }
    }
    throw src.bad(where + ": no region attribute names a known class (region_attributes "
        + JsonSource.clean(attrs.toString()) + "); map the name in the class map, e.g. to a class, "
        + "ignore or skip");
  }

  /** Class-name candidates of an attribute value: a string, or the checked keys of a checkbox. */
  private static List<String> names(JsonNode v) {
    List<String> names = new ArrayList<>();
    if (v.isTextual() || v.isNumber()) {
      if (!v.asText().isBlank()) {
        names.add(v.asText());
      }
    } else if (v.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (e.getValue().asBoolean(false)) {
          names.add(e.getKey());
        }
      }
    }
    return names;
  }

  private static double strokeWidth(JsonSource src, JsonNode attrs, String where, ViaOptions options)
      throws BadInputException {
    String key = options.widthAttribute();
    JsonNode v = key == null ? null : attrs.get(key);
    if (v == null || v.isNull() || (v.isTextual() && v.textValue().isBlank())) {
      return options.polylineWidth();
    }
    double w = Double.NaN;
    if (v.isNumber()) {
      w = v.doubleValue();
    } else if (v.isTextual()) {
      try {
        w = Double.parseDouble(v.textValue().trim());
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    if (!(w > 0) || Double.isInfinite(w)) {
      throw src.bad(where + ": region attribute " + JsonSource.quote(key)
          + " (polyline width) must be a positive number, found " + JsonSource.kind(v));
    }
    return w;
  }

  private static Path folderOf(Path json) {
    Path parent = json.toAbsolutePath().getParent();
    return parent == null ? json.toAbsolutePath().getRoot() : parent;
  }
}
