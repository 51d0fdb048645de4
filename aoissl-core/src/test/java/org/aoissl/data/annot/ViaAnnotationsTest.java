package org.aoissl.data.annot;

import static org.aoissl.data.annot.Pictures.ignored;
import static org.aoissl.data.annot.Pictures.of;
import static org.aoissl.data.annot.Pictures.plane;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.aoissl.data.ClassSet;
import org.aoissl.data.Mask;
import org.aoissl.io.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ViaAnnotationsTest {
  private static final ClassSet CLASSES = ClassSet.DEFAULT; // wire 0, ball 1, wedge 2, epoxy 3
  private static final ViaOptions SIX_BY_FIVE = ViaOptions.of(name -> new int[] {5, 6});
  private static final String EMPTY = of("......", "......", "......", "......", "......");
  private static final String SQUARE = "{'name': 'polygon', 'all_points_x': [1, 4, 4, 1], "
      + "'all_points_y': [1, 1, 3, 3]}";
  private static final String SQUARE_PICTURE = of("......", ".###..", ".###..", "......", "......");

  @TempDir Path dir;

  @Test
  void polygonTakesItsClassFromTheFirstAttributeNamingAClass() throws IOException {
    Mask m = single(region(SQUARE, "{'note': 'looks fine', 'type': 'Wire'}"), SIX_BY_FIVE);
    assertThat(plane(m, 0)).isEqualTo(SQUARE_PICTURE);
    assertThat(m.count(1) + m.count(2) + m.count(3)).isZero();
  }

  @Test
  void polylineUsesTheDefaultWidthOrTheRegionsWidthAttribute() throws IOException {
    String ell = "{'name': 'polyline', 'all_points_x': [0.5, 4.5, 4.5], 'all_points_y': [0.5, 0.5, 3.5]}";
    Mask thin = single(region(ell, "{'type': 'wire'}"), SIX_BY_FIVE.withPolylineWidth(1));
    assertThat(plane(thin, 0)).isEqualTo(of("#####.", "....#.", "....#.", "....#.", "......"));
    Mask thick = single(region(ell, "{'type': 'wire', 'width': '2.5'}"), SIX_BY_FIVE.withPolylineWidth(1));
    assertThat(plane(thick, 0)).isEqualTo(of("######", "######", "...###", "...###", "....#."));
  }

  @Test
  void circleEllipseAndRect() throws IOException {
    Mask circle = single(region("{'name': 'circle', 'cx': 3, 'cy': 2.5, 'r': 1.6}", "{'t': 'ball'}"),
        SIX_BY_FIVE);
    assertThat(plane(circle, 1)).isEqualTo(of("......", "..##..", ".####.", "..##..", "......"));

    Mask rotated = single(region("{'name': 'ellipse', 'cx': 3.5, 'cy': 2.5, 'rx': 2.2, 'ry': 0.6, "
        + "'theta': 0.7853981633974483}", "{'t': 'wedge'}"), SIX_BY_FIVE);
    assertThat(plane(rotated, 2)).isEqualTo(of("......", "..#...", "...#..", "....#.", "......"));
    Mask noTheta = single(region("{'name': 'ellipse', 'cx': 3, 'cy': 2.5, 'rx': 2.6, 'ry': 1.1}",
        "{'t': 'wedge'}"), SIX_BY_FIVE);
    assertThat(plane(noTheta, 2)).isEqualTo(of("......", "..##..", "######", "..##..", "......"));

    Mask rect = single(region("{'name': 'rect', 'x': 1, 'y': 1, 'width': 3, 'height': 2}",
        "{'t': 'epoxy'}"), SIX_BY_FIVE);
    assertThat(plane(rect, 3)).isEqualTo(SQUARE_PICTURE);
    Mask flipped = single(region("{'name': 'rect', 'x': 4, 'y': 3, 'width': -3, 'height': -2}",
        "{'t': 'epoxy'}"), SIX_BY_FIVE);
    assertThat(plane(flipped, 3)).isEqualTo(SQUARE_PICTURE);
  }

  @Test
  void overlappingRegionsAreMultiLabel() throws IOException {
    Mask m = single(region(SQUARE, "{'t': 'wire'}") + ", "
        + region("{'name': 'rect', 'x': 3, 'y': 2, 'width': 3, 'height': 3}", "{'t': 'epoxy'}"),
        SIX_BY_FIVE);
    assertThat(plane(m, 0)).isEqualTo(SQUARE_PICTURE);
    assertThat(plane(m, 3)).isEqualTo(of("......", "......", "...###", "...###", "...###"));
    assertThat(m.classBits(2, 3)).isEqualTo(0b1001);
  }

  @Test
  void configuredClassAttributeAndCheckboxesGivingSeveralClasses() throws IOException {
    ViaOptions byClass = SIX_BY_FIVE.withClassAttribute("class");
    Mask ball = single(region(SQUARE, "{'type': 'wire', 'class': 'ball'}"), byClass);
    assertThat(plane(ball, 1)).isEqualTo(SQUARE_PICTURE);
    assertThat(ball.count(0)).isZero();

    Mask both = single(region(SQUARE, "{'class': {'wire': true, 'epoxy': true, 'ball': false}}"), byClass);
    assertThat(plane(both, 0)).isEqualTo(SQUARE_PICTURE);
    assertThat(plane(both, 3)).isEqualTo(SQUARE_PICTURE);
    assertThat(both.count(1)).isZero();
  }

  @Test
  void classMapRenamesIgnoresAndSkipsEvenUnsupportedShapes() throws IOException {
    Map<String, String> map = Map.of("bond_wire", "wire", "GLARE", "ignore", "ruler", "skip");
    List<AnnotatedImage> images = read(entry("a.png", region(SQUARE, "{'t': 'Bond_Wire'}") + ", "
        + region("{'name': 'rect', 'x': 0, 'y': 4, 'width': 2, 'height': 1}", "{'t': 'glare'}") + ", "
        + region("{'name': 'point', 'cx': 1, 'cy': 1}", "{'t': 'ruler'}")), map, SIX_BY_FIVE);
    Mask m = images.get(0).mask();
    assertThat(plane(m, 0)).isEqualTo(SQUARE_PICTURE);
    assertThat(ignored(m)).isEqualTo(of("......", "......", "......", "......", "##...."));
  }

  @Test
  void projectFileAndVia1RegionObjectsAreRead() throws IOException {
    String project = "{'_via_settings': {}, '_via_img_metadata': {" + entry("a.png", region(SQUARE,
        "{'t': 'wire'}")) + "}, '_via_attributes': {}}";
    List<AnnotatedImage> images = ViaAnnotations.read(write(project), CLASSES, Map.of(), SIX_BY_FIVE);
    assertThat(images).extracting(AnnotatedImage::fileName).containsExactly("a.png");
    assertThat(plane(images.get(0).mask(), 0)).isEqualTo(SQUARE_PICTURE);

    String via1 = "{'a.png123': {'filename': 'a.png', 'size': 123, 'regions': {'0': "
        + region(SQUARE, "{'t': 'wire'}") + "}, 'file_attributes': {}}}";
    assertThat(plane(ViaAnnotations.read(write(via1), CLASSES, Map.of(), SIX_BY_FIVE).get(0).mask(), 0))
        .isEqualTo(SQUARE_PICTURE);
  }

  @Test
  void imageSizesAreReadFromImagesNextToTheJson() throws IOException {
    ImageIO.write(new BufferedImage(6, 5, BufferedImage.TYPE_BYTE_GRAY), "png", dir.resolve("a.png").toFile());
    ImageIO.write(new BufferedImage(7, 3, BufferedImage.TYPE_USHORT_GRAY), "png", dir.resolve("b.png").toFile());
    Path json = write("{" + entry("a.png", region(SQUARE, "{'t': 'wire'}")) + ", "
        + entry("b.png", "") + "}");
    List<AnnotatedImage> images = ViaAnnotations.read(json, CLASSES, Map.of());
    assertThat(images).extracting(AnnotatedImage::fileName).containsExactly("a.png", "b.png");
    assertThat(plane(images.get(0).mask(), 0)).isEqualTo(SQUARE_PICTURE);
    assertThat(images.get(1).width()).isEqualTo(7);
    assertThat(images.get(1).height()).isEqualTo(3);
    assertThat(images.get(1).mask()).isEqualTo(new Mask(4, 3, 7));
  }

  // ---- bad input

  @Test
  void missingOrUnreadableImageFileIsNamed() throws IOException {
    Path json = write("{" + entry("gone.png", "") + "}");
    BadInputException e = catchThrowableOfType(BadInputException.class,
        () -> ViaAnnotations.read(json, CLASSES, Map.of(), 2.0));
    assertThat(e.file()).isEqualTo(dir.resolve("gone.png").toAbsolutePath());
    assertThat(e.problem()).contains("not found");

    Files.writeString(dir.resolve("notes.png"), "not an image");
    Path json2 = write("{" + entry("notes.png", "") + "}");
    BadInputException e2 = catchThrowableOfType(BadInputException.class,
        () -> ViaAnnotations.read(json2, CLASSES, Map.of()));
    assertThat(e2.file()).isEqualTo(dir.resolve("notes.png").toAbsolutePath());
    assertThat(e2.problem()).isEqualTo("not an image format javax.imageio can read");
  }

  @Test
  void unknownClassNamesTheImageRegionAndAttributes() {
    assertThat(bad(entry("a.png", region(SQUARE, "{'type': 'bond_wire2'}")), SIX_BY_FIVE).problem())
        .isEqualTo("image 'a.png' region 0: no region attribute names a known class (region_attributes "
            + "{\"type\":\"bond_wire2\"}); map the name in the class map, e.g. to a class, ignore or skip");
    ViaOptions byClass = SIX_BY_FIVE.withClassAttribute("class");
    assertThat(bad(entry("a.png", region(SQUARE, "{'class': 'foo'}")), byClass).problem())
        .isEqualTo("image 'a.png' region 0: class 'foo' is not one of the classes wire,ball,wedge,epoxy "
            + "nor ignore/skip; add it to the class map");
    assertThat(bad(entry("a.png", region(SQUARE, "{'type': 'wire'}")), byClass).problem())
        .isEqualTo("image 'a.png' region 0 has no region attribute 'class'");
  }

  @Test
  void badShapes() {
    assertThat(bad(entry("a.png", region("{'name': 'polygon', 'all_points_x': [1, 4], "
        + "'all_points_y': [1, 1]}", "{'t': 'wire'}")), SIX_BY_FIVE).problem())
        .isEqualTo("image 'a.png' region 0 polygon has 2 points; it needs at least 3");
    assertThat(bad(entry("a.png", region("{'name': 'polyline', 'all_points_x': [1, 4, 5], "
        + "'all_points_y': [1, 1]}", "{'t': 'wire'}")), SIX_BY_FIVE).problem())
        .isEqualTo("image 'a.png' region 0 polyline: all_points_x has 3 values but all_points_y has 2");
    assertThat(bad(entry("a.png", region("{'name': 'circle', 'cx': 1, 'cy': 1}", "{'t': 'wire'}")),
        SIX_BY_FIVE).problem()).isEqualTo("image 'a.png' region 0 circle has no 'r'");
    assertThat(bad(entry("a.png", region("{'name': 'point', 'cx': 1, 'cy': 1}", "{'t': 'wire'}")),
        SIX_BY_FIVE).problem()).startsWith("image 'a.png' region 0: shape 'point' is not supported");
    assertThat(bad(entry("a.png", region("{'name': 'polyline', 'all_points_x': [1, 4], "
        + "'all_points_y': [1, 1]}", "{'t': 'wire', 'width': 'thick'}")), SIX_BY_FIVE).problem())
        .isEqualTo("image 'a.png' region 0: region attribute 'width' (polyline width) must be a positive "
            + "number, found the string 'thick'");
    assertThat(bad(entry("a.png", "{'region_attributes': {'t': 'wire'}}"), SIX_BY_FIVE).problem())
        .isEqualTo("image 'a.png' region 0 has no 'shape_attributes'");
  }

  @Test
  void notAVia2File() {
    assertThat(bad("'images': [], 'annotations': []", SIX_BY_FIVE).problem())
        .isEqualTo("entry 'images' is not a VIA 2 image entry (an object with 'filename' and 'regions')");
    assertThat(bad("'project': {}, 'file': {}, 'metadata': {}", SIX_BY_FIVE).problem())
        .startsWith("this is a VIA 3 project");
    assertThat(bad("'a.png1': {'filename': 'a.png', 'size': 1}", SIX_BY_FIVE).problem())
        .isEqualTo("image 'a.png' has no 'regions'");
  }

  @Test
  void malformedJsonSaysWhere() {
    assertThat(bad("'a.png1': {'filename': 'a.png',\n 'regions': [}", SIX_BY_FIVE).problem())
        .startsWith("malformed JSON at line 2, column 14");
  }

  // ---- helpers

  private static String region(String shape, String attributes) {
    return "{'shape_attributes': " + shape + ", 'region_attributes': " + attributes + "}";
  }

  private static String entry(String fileName, String regions) {
    return "'" + fileName + "1234': {'filename': '" + fileName + "', 'size': 1234, 'regions': ["
        + regions + "], 'file_attributes': {}}";
  }

  private Mask single(String regions, ViaOptions options) throws IOException {
    return read(entry("a.png", regions), Map.of(), options).get(0).mask();
  }

  private List<AnnotatedImage> read(String entries, Map<String, String> map, ViaOptions options)
      throws IOException {
    return ViaAnnotations.read(write("{" + entries + "}"), CLASSES, map, options);
  }

  private BadInputException bad(String entries, ViaOptions options) {
    Path file = write("{" + entries + "}");
    BadInputException e = catchThrowableOfType(BadInputException.class,
        () -> ViaAnnotations.read(file, CLASSES, Map.of(), options));
    assertThat(e).as("expected a BadInputException").isNotNull();
    assertThat(e.file()).isEqualTo(file);
    assertThat(e.getMessage()).isEqualTo(file + ": " + e.problem()).doesNotContain("\n");
    return e;
  }

  /** Writes JSON given with single quotes (easier to read in Java strings) to a temporary file. */
  private Path write(String json) {
    try {
      Path file = Files.createTempFile(dir, "via", ".json");
      Files.writeString(file, json.replace('\'', '"'));
      return file;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
