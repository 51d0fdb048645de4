package org.aoissl.data.annot;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.aoissl.data.ClassSet;
import org.aoissl.data.Mask;
import org.aoissl.io.BadInputException;

/**
 * Reads a COCO instance-annotation JSON file into one {@link AnnotatedImage} per entry of {@code images},
 * in file order.
 *
 * <p>Fields used: {@code images[].id, file_name, width, height}; {@code categories[].id, name};
 * {@code annotations[].id, image_id, category_id, segmentation}. Everything else (bbox, area, iscrowd,
 * info, licenses) is ignored; an image without annotations gets an empty mask and a missing
 * {@code annotations} array means none. A segmentation is either
 * <ul>
 *   <li>polygons {@code [[x0,y0,x1,y1,...], ...]} (a single flat list is accepted as one polygon): each
 *       filled by the even-odd rule of {@link Rasterizer}, the parts of one annotation united, as
 *       pycocotools does; or
 *   <li>RLE {@code {"size": [h, w], "counts": ...}} with counts either an int array or the compressed
 *       string of pycocotools (see {@link CocoRle}); crowd annotations ({@code iscrowd: 1}) are painted like
 *       any other.
 * </ul>
 * Category names are matched to the {@link ClassSet} through the class map (see {@link ClassResolver}):
 * "ignore" paints the ignore plane, "skip" drops the annotation without looking at its geometry.
 * Categories no annotation uses are never checked.
 */
public final class CocoAnnotations {
  private CocoAnnotations() {}

  /**
   * Reads and rasterises the file.
   *
   * @param classMap annotation-file name to class name, "ignore" or "skip"; may be empty
   * @throws BadInputException for malformed JSON, missing fields, dangling ids, unknown categories,
   *     bounding-box-only annotations and invalid polygons or RLE
   */
  public static List<AnnotatedImage> read(Path json, ClassSet classes, Map<String, String> classMap)
      throws IOException {
    JsonSource src = new JsonSource(json);
    JsonNode root = src.readObject();
    ClassResolver resolver = new ClassResolver(classes, classMap);

    List<AnnotatedImage> out = new ArrayList<>();
    Map<String, AnnotatedImage> imagesById = new HashMap<>();
    JsonNode images = src.array(root, "images", "the file");
    for (int i = 0; i < images.size(); i++) {
      JsonNode img = images.get(i);
      String where = "images[" + i + "]";
      String id = src.id(img, "id", where);
      String fileName = src.text(img, "file_name", where);
      int width = src.positiveInt(img, "width", where);
      int height = src.positiveInt(img, "height", where);
      if ((long) width * height > Integer.MAX_VALUE - 8) {
        throw src.bad(where + ": image " + width + "x" + height + " is too large for a mask");
      }
      AnnotatedImage image =
          new AnnotatedImage(fileName, width, height, new Mask(classes.size(), height, width));
      if (imagesById.put(id, image) != null) {
        throw src.bad(where + ": image id " + id + " appears twice in images");
      }
      out.add(image);
    }

    JsonNode annotations = root.get("annotations");
    if (annotations == null || annotations.isNull()) {
      return out;
    }
    if (!annotations.isArray()) {
      throw src.bad("'annotations' must be an array, found " + JsonSource.kind(annotations));
    }
    Map<String, String> categories = readCategories(src, root);
    for (int i = 0; i < annotations.size(); i++) {
      JsonNode ann = annotations.get(i);
      String label = label(ann, i);
      String imageId = src.id(ann, "image_id", label);
      AnnotatedImage image = imagesById.get(imageId);
      if (image == null) {
        throw src.bad(label + " refers to image id " + imageId + ", which is not in images");
      }
      String categoryId = src.id(ann, "category_id", label);
      String name = categories.get(categoryId);
      if (name == null) {
        throw src.bad(label + " refers to category id " + categoryId + ", which is not in categories");
      }
      int classLabel = resolver.resolve(name);
      if (classLabel == ClassResolver.UNKNOWN) {
        throw src.bad(resolver.unknown("category", name));
      }
      if (classLabel != ClassResolver.SKIP) {
        paintSegmentation(src, ann, label, image, ClassResolver.painter(image.mask(), classLabel));
      }
    }
    return out;
  }

  private static Map<String, String> readCategories(JsonSource src, JsonNode root)
      throws BadInputException {
    Map<String, String> names = new HashMap<>();
    JsonNode categories = root.get("categories");
    if (categories == null || categories.isNull()) {
      return names;
    }
    if (!categories.isArray()) {
      throw src.bad("'categories' must be an array, found " + JsonSource.kind(categories));
    }
    for (int i = 0; i < categories.size(); i++) {
      String where = "categories[" + i + "]";
      String id = src.id(categories.get(i), "id", where);
      if (names.put(id, src.text(categories.get(i), "name", where)) != null) {
        throw src.bad(where + ": category id " + id + " appears twice in categories");
      }
    }
    return names;
  }

  private static String label(JsonNode ann, int index) {
    JsonNode id = ann.get("id");
    return id != null && (id.isNumber() || id.isTextual())
        ? "annotation " + JsonSource.clean(id.asText())
        : "annotations[" + index + "]";
  }

  private static void paintSegmentation(
      JsonSource src, JsonNode ann, String label, AnnotatedImage image, SpanSink sink)
      throws BadInputException {
    JsonNode seg = ann.get("segmentation");
    if (seg == null || seg.isNull() || (seg.isArray() && seg.isEmpty())) {
      throw src.bad(label + " has no segmentation"
          + (ann.has("bbox") ? " (only a bounding box), so it cannot be rasterised to a mask" : ""));
    }
    Rasterizer raster = new Rasterizer(image.width(), image.height(), sink);
    if (seg.isObject()) {
      paintRle(src, seg, label, image, sink);
    } else if (seg.isArray() && seg.get(0).isNumber()) {
      raster.polygon(polygon(src, seg, label + ": segmentation polygon"));
    } else if (seg.isArray()) {
      for (int p = 0; p < seg.size(); p++) {
        raster.polygon(polygon(src, seg.get(p), label + ": segmentation polygon " + p));
      }
    } else {
      throw src.bad(label + ": segmentation must be a list of polygons or an RLE object, found "
          + JsonSource.kind(seg));
    }
  }

  private static double[] polygon(JsonSource src, JsonNode coords, String what)
      throws BadInputException {
    double[] xy = src.numbers(coords, what);
    if (xy.length % 2 != 0) {
      throw src.bad(what + " has an odd number of coordinates (" + xy.length + ")");
    }
    if (xy.length < 6) {
      throw src.bad(what + " has " + xy.length / 2 + " points; a polygon needs at least 3");
    }
    return xy;
  }

  private static void paintRle(
      JsonSource src, JsonNode seg, String label, AnnotatedImage image, SpanSink sink)
      throws BadInputException {
    String where = label + " RLE";
    JsonNode size = src.array(seg, "size", where);
    if (size.size() != 2) {
      throw src.bad(where + " 'size' must be [height, width], found " + size);
    }
    long h = src.integer(size.get(0), where + " height", 1, Integer.MAX_VALUE);
    long w = src.integer(size.get(1), where + " width", 1, Integer.MAX_VALUE);
    if (h != image.height() || w != image.width()) {
      throw src.bad(where + " size is [height " + h + ", width " + w + "] but image "
          + JsonSource.quote(image.fileName()) + " is [height " + image.height() + ", width "
          + image.width() + "]");
    }
    JsonNode countsNode = src.field(seg, "counts", where);
    long[] counts;
    if (countsNode.isTextual()) {
      try {
        counts = CocoRle.decode(countsNode.textValue());
      } catch (IllegalArgumentException e) {
        throw src.bad(where + ": " + e.getMessage());
      }
    } else if (countsNode.isArray()) {
      counts = new long[countsNode.size()];
      for (int i = 0; i < counts.length; i++) {
        counts[i] = src.integer(countsNode.get(i), where + " counts[" + i + "]", 0, Integer.MAX_VALUE);
      }
    } else {
      throw src.bad(where + " 'counts' must be an int array or a compressed string, found "
          + JsonSource.kind(countsNode));
    }
    String problem = CocoRle.check(counts, image.height(), image.width());
    if (problem != null) {
      throw src.bad(where + ": " + problem);
    }
    CocoRle.paint(counts, image.height(), sink);
  }
}
