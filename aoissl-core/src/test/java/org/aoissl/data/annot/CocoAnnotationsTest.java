package org.aoissl.data.annot;

import static org.aoissl.data.annot.Pictures.ignored;
import static org.aoissl.data.annot.Pictures.of;
import static org.aoissl.data.annot.Pictures.plane;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.aoissl.data.ClassSet;
import org.aoissl.data.Mask;
import org.aoissl.io.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CocoAnnotationsTest {
  private static final ClassSet CLASSES = ClassSet.DEFAULT; // wire 0, ball 1, wedge 2, epoxy 3
  private static final String EMPTY = of("......", "......", "......", "......", "......");
  private static final String IMAGES = "'images': [{'id': 1, 'file_name': 'a.png', 'width': 6, 'height': 5},"
      + " {'id': 2, 'file_name': 'b.png', 'width': 6, 'height': 5}]";
  private static final String CATEGORIES = "'categories': [{'id': 1, 'name': 'wire'},"
      + " {'id': 2, 'name': 'Epoxy'}, {'id': 3, 'name': 'bond_wire'}, {'id': 4, 'name': 'glare'},"
      + " {'id': 5, 'name': 'die'}]";

  @TempDir Path dir;

  @Test
  void polygonsOverlapAsMultiLabelAndUnannotatedImagesAreEmpty() throws IOException {
    List<AnnotatedImage> images = read(
        "{'annotations': ["
            + "{'id': 1, 'image_id': 1, 'category_id': 1, 'segmentation': [[1,1, 4,1, 4,3, 1,3]]},"
            + "{'id': 2, 'image_id': 1, 'category_id': 2, 'segmentation': [[3,2, 6,2, 6,5, 3,5]]}],"
            + IMAGES + ", " + CATEGORIES + "}", Map.of());
    assertThat(images).extracting(AnnotatedImage::fileName).containsExactly("a.png", "b.png");
    Mask a = images.get(0).mask();
    assertThat(images.get(0).width()).isEqualTo(6);
    assertThat(images.get(0).height()).isEqualTo(5);
    assertThat(plane(a, 0)).isEqualTo(of("......", ".###..", ".###..", "......", "......"));
    // "Epoxy" matches class "epoxy" ignoring case.
    assertThat(plane(a, 3)).isEqualTo(of("......", "......", "...###", "...###", "...###"));
    assertThat(a.classBits(2, 3)).isEqualTo(0b1001);
    assertThat(a.count(1) + a.count(2) + a.ignoredCount()).isZero();
    assertThat(images.get(1).mask()).isEqualTo(new Mask(4, 5, 6));
  }

  @Test
  void polygonPartsOfOneAnnotationAreUnitedAndAFlatListIsOnePolygon() throws IOException {
    Mask m = single("{'id': 7, 'image_id': 1, 'category_id': 1, "
        + "'segmentation': [[0,0, 2,0, 2,2, 0,2], [4,3, 6,3, 6,5, 4,5]]}");
    assertThat(plane(m, 0)).isEqualTo(of("##....", "##....", "......", "....##", "....##"));
    Mask flat = single("{'id': 7, 'image_id': 1, 'category_id': 1, 'segmentation': [0,0, 6,0, 0,5]}");
    assertThat(plane(flat, 0)).isEqualTo(of("#####.", "####..", "###...", "##....", "#....."));
  }

  @Test
  void uncompressedCrowdRleIsDecodedColumnMajor() throws IOException {
    Mask m = single("{'id': 7, 'image_id': 1, 'category_id': 1, 'iscrowd': 1, "
        + "'segmentation': {'size': [5, 6], 'counts': [3, 2, 4, 1, 20]}}");
    assertThat(plane(m, 0)).isEqualTo(of("......", "......", "......", "#.....", "##...."));
  }

  @Test
  void compressedRleStringDecodesToTheSameMask() throws IOException {
    // CocoRleTest derives "324O`0" = [3, 2, 4, 1, 20] by hand.
    Mask m = single("{'id': 7, 'image_id': 1, 'category_id': 1, 'iscrowd': 0, "
        + "'segmentation': {'size': [5, 6], 'counts': '" + CocoRleTest.SMALL + "'}}");
    assertThat(plane(m, 0)).isEqualTo(of("......", "......", "......", "#.....", "##...."));
  }

  @Test
  void classMapRenamesIgnoresAndSkipsCaseInsensitively() throws IOException {
    List<AnnotatedImage> images = read("{" + IMAGES + ", " + CATEGORIES + ", 'annotations': ["
        + "{'id': 1, 'image_id': 1, 'category_id': 3, 'segmentation': [[0,0, 2,0, 2,1, 0,1]]},"
        + "{'id': 2, 'image_id': 1, 'category_id': 4, 'segmentation': [[4,4, 6,4, 6,5, 4,5]]},"
        + "{'id': 3, 'image_id': 2, 'category_id': 5, 'bbox': [0, 0, 6, 5]}]}",
        Map.of("BOND_WIRE", "Wire", "glare", "ignore", "Die", "SKIP"));
    Mask a = images.get(0).mask();
    assertThat(plane(a, 0)).isEqualTo(of("##....", "......", "......", "......", "......"));
    assertThat(ignored(a)).isEqualTo(of("......", "......", "......", "......", "....##"));
    // The skipped category's bbox-only annotation is not an error and paints nothing.
    assertThat(images.get(1).mask()).isEqualTo(new Mask(4, 5, 6));
  }

  @Test
  void missingAnnotationsArrayMeansNoAnnotations() throws IOException {
    List<AnnotatedImage> images = read("{" + IMAGES + "}", Map.of());
    assertThat(images).hasSize(2);
    assertThat(plane(images.get(0).mask(), 0)).isEqualTo(EMPTY);
  }

  // ---- bad input: one line naming the file and the problem

  @Test
  void malformedJsonSaysWhere() {
    BadInputException e = bad("{\n  'images': [\n    {'id': 1,, }\n  ]\n}", Map.of());
    assertThat(e.problem()).startsWith("malformed JSON at line 3, column ");
    assertThat(bad("", Map.of()).problem()).contains("empty");
    assertThat(bad("[1, 2]", Map.of()).problem()).contains("expected a JSON object");
    assertThat(bad("{'images': []} trailing", Map.of()).problem()).startsWith("malformed JSON at line 1");
  }

  @Test
  void missingOrMistypedRequiredFields() {
    assertThat(bad("{'annotations': []}", Map.of()).problem()).isEqualTo("the file has no 'images'");
    assertThat(bad("{'images': [{'id': 1, 'file_name': 'a.png', 'height': 5}]}", Map.of()).problem())
        .isEqualTo("images[0] has no 'width'");
    assertThat(bad("{'images': [{'id': 1, 'file_name': 'a.png', 'width': '6', 'height': 5}]}",
        Map.of()).problem()).isEqualTo("images[0]: 'width' must be a finite number, found the string '6'");
    assertThat(bad("{'images': [{'id': 1, 'width': 6, 'height': 5}]}", Map.of()).problem())
        .isEqualTo("images[0] has no 'file_name'");
    assertThat(badAnn("{'id': 7, 'image_id': 1, 'segmentation': [[0,0, 1,0, 1,1]]}").problem())
        .isEqualTo("annotation 7 has no 'category_id'");
  }

  @Test
  void annotationReferencingAnUnknownImageOrCategory() {
    assertThat(badAnn("{'id': 7, 'image_id': 9, 'category_id': 1, 'segmentation': [[0,0, 1,0, 1,1]]}")
        .problem()).isEqualTo("annotation 7 refers to image id 9, which is not in images");
    assertThat(badAnn("{'id': 7, 'image_id': 1, 'category_id': 99, 'segmentation': [[0,0, 1,0, 1,1]]}")
        .problem()).isEqualTo("annotation 7 refers to category id 99, which is not in categories");
  }

  @Test
  void unmatchedCategoryNamesTheCategory() {
    String ann = "{'id': 7, 'image_id': 1, 'category_id': 3, 'segmentation': [[0,0, 1,0, 1,1]]}";
    assertThat(bad(coco(ann), Map.of()).problem()).isEqualTo("category 'bond_wire' is not one of the "
        + "classes wire,ball,wedge,epoxy nor ignore/skip; add it to the class map");
    assertThat(bad(coco(ann), Map.of("bond_wire", "wirre")).problem())
        .startsWith("category 'bond_wire' (mapped to 'wirre') is not one of the classes");
  }

  @Test
  void badPolygons() {
    assertThat(badAnn("{'id': 7, 'image_id': 1, 'category_id': 1, 'segmentation': [[0,0, 1,0]]}")
        .problem()).isEqualTo("annotation 7: segmentation polygon 0 has 2 points; a polygon needs at least 3");
    assertThat(badAnn("{'id': 7, 'image_id': 1, 'category_id': 1, "
        + "'segmentation': [[0,0, 1,0, 1,1], [0,0, 1,0, 1,1, 0]]}").problem())
        .isEqualTo("annotation 7: segmentation polygon 1 has an odd number of coordinates (7)");
    assertThat(badAnn("{'image_id': 1, 'category_id': 1, 'segmentation': [[0,0, 1,'x', 1,1]]}")
        .problem()).isEqualTo("annotations[0]: segmentation polygon 0[3] must be a finite number, "
            + "found the string 'x'");
  }

  @Test
  void badRle() {
    assertThat(badAnn("{'id': 7, 'image_id': 1, 'category_id': 1, "
        + "'segmentation': {'size': [5, 6], 'counts': [3, 2, 4, 1, 19]}}").problem())
        .isEqualTo("annotation 7 RLE: counts sum to 29, but the mask has 30 pixels (height 5 x width 6)");
    assertThat(badAnn("{'id': 7, 'image_id': 1, 'category_id': 1, "
        + "'segmentation': {'size': [6, 5], 'counts': [30]}}").problem())
        .isEqualTo("annotation 7 RLE size is [height 6, width 5] but image 'a.png' is [height 5, width 6]");
    assertThat(badAnn("{'id': 7, 'image_id': 1, 'category_id': 1, "
        + "'segmentation': {'size': [5, 6], 'counts': '324O`'}}").problem())
        .isEqualTo("annotation 7 RLE: compressed RLE string ends in the middle of a count");
    assertThat(badAnn("{'id': 7, 'image_id': 1, 'category_id': 1, "
        + "'segmentation': {'counts': [30]}}").problem()).isEqualTo("annotation 7 RLE has no 'size'");
  }

  @Test
  void boundingBoxOnlyAnnotationIsNamed() {
    assertThat(badAnn("{'id': 7, 'image_id': 1, 'category_id': 1, 'bbox': [0, 0, 2, 2]}").problem())
        .isEqualTo("annotation 7 has no segmentation (only a bounding box), so it cannot be "
            + "rasterised to a mask");
    assertThat(badAnn("{'id': 8, 'image_id': 1, 'category_id': 1, 'segmentation': [], "
        + "'bbox': [0, 0, 2, 2]}").problem()).startsWith("annotation 8 has no segmentation");
  }

  @Test
  void duplicateImageIds() {
    assertThat(bad("{'images': [{'id': 1, 'file_name': 'a.png', 'width': 6, 'height': 5},"
        + " {'id': 1, 'file_name': 'b.png', 'width': 6, 'height': 5}]}", Map.of()).problem())
        .isEqualTo("images[1]: image id 1 appears twice in images");
  }

  // ---- helpers

  private static String coco(String annotation) {
    return "{" + IMAGES + ", " + CATEGORIES + ", 'annotations': [" + annotation + "]}";
  }

  /** Mask of image a.png with one annotation. */
  private Mask single(String annotation) throws IOException {
    return read(coco(annotation), Map.of()).get(0).mask();
  }

  private BadInputException badAnn(String annotation) {
    return bad(coco(annotation), Map.of());
  }

  private BadInputException bad(String json, Map<String, String> classMap) {
    Path file = write(json);
    BadInputException e =
        catchThrowableOfType(BadInputException.class, () -> CocoAnnotations.read(file, CLASSES, classMap));
    assertThat(e).as("expected a BadInputException").isNotNull();
    assertThat(e.file()).isEqualTo(file);
    assertThat(e.getMessage()).isEqualTo(file + ": " + e.problem()).doesNotContain("\n");
    return e;
  }

  private List<AnnotatedImage> read(String json, Map<String, String> classMap) throws IOException {
    return CocoAnnotations.read(write(json), CLASSES, classMap);
  }

  /** Writes JSON given with single quotes (easier to read in Java strings) to a temporary file. */
  private Path write(String json) {
    try {
      Path file = Files.createTempFile(dir, "coco", ".json");
      Files.writeString(file, json.replace('\'', '"'));
      return file;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
