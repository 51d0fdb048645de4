package org.aoissl.data.annot;

import static org.aoissl.data.annot.Pictures.draw;
import static org.aoissl.data.annot.Pictures.of;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.aoissl.ReplayableSeed;
import org.junit.jupiter.api.Test;

/** Expected pictures are worked out by hand from the pixel-centre rule: pixel (x, y) has centre (x+.5, y+.5). */
class RasterizerTest {
  private static final String EMPTY = of("......", "......", "......", "......", "......");

  @Test
  void squarePolygonWithIntegerCornersCoversTheEnclosedPixels() {
    assertThat(draw(6, 5, r -> r.polygon(new double[] {1, 1, 4, 1, 4, 3, 1, 3}))).isEqualTo(of(
        "......",
        ".###..",
        ".###..",
        "......",
        "......"));
  }

  @Test
  void triangleKeepsCentresLeftOfTheHypotenuse() {
    // Hypotenuse x = 6 - 6y/5 crosses the row centres at x = 5.4, 4.2, 3.0, 1.8, 0.6.
    assertThat(draw(6, 5, r -> r.polygon(new double[] {0, 0, 6, 0, 0, 5}))).isEqualTo(of(
        "#####.",
        "####..",
        "###...",
        "##....",
        "#....."));
  }

  @Test
  void innerRingIsAHoleByTheEvenOddRule() {
    // Outer ring, a bridge to the inner ring and back (traced twice, so it cancels), inner ring.
    double[] keyhole = {0, 0, 6, 0, 6, 5, 0, 5, 0, 0, 2, 1, 2, 4, 4, 4, 4, 1, 2, 1};
    assertThat(draw(6, 5, r -> r.polygon(keyhole))).isEqualTo(of(
        "######",
        "##..##",
        "##..##",
        "##..##",
        "######"));
  }

  @Test
  void selfIntersectingBowTieFillsBothLobes() {
    // Diagonals cross at (3, 2.5); the lobes are the left and right triangles.
    String bowTie = draw(6, 5, r -> r.polygon(new double[] {0, 0, 6, 5, 6, 0, 0, 5}));
    assertThat(bowTie).isEqualTo(of(
        "#....#",
        "##..##",
        "######",
        "##..##",
        "#....#"));
  }

  @Test
  void sharedEdgeThroughCentresGoesToTheShapeOnTheRight() {
    // x = 2.5 is the centre of column 2: the left square does not own its right edge, the right one
    // owns its left edge.
    assertThat(draw(6, 5, r -> r.polygon(new double[] {0, 0, 2.5, 0, 2.5, 5, 0, 5}))).isEqualTo(of(
        "##....", "##....", "##....", "##....", "##...."));
    assertThat(draw(6, 5, r -> r.polygon(new double[] {2.5, 0, 6, 0, 6, 5, 2.5, 5}))).isEqualTo(of(
        "..####", "..####", "..####", "..####", "..####"));
  }

  @Test
  void rectMatchesHandComputationAndItsCornerPolygon() {
    assertThat(draw(6, 5, r -> r.rect(1, 1, 3, 2)))
        .isEqualTo(draw(6, 5, r -> r.polygon(new double[] {1, 1, 4, 1, 4, 3, 1, 3})));
    // Centres x in [0.6, 2.6) -> columns 1, 2; centres y in [0.4, 1.6) -> rows 0, 1.
    assertThat(draw(6, 5, r -> r.rect(0.6, 0.4, 2, 1.2))).isEqualTo(of(
        ".##...",
        ".##...",
        "......",
        "......",
        "......"));
  }

  @Test
  void randomRectsEqualTheirCornerPolygons() {
    long seed = ReplayableSeed.draw("RasterizerTest.randomRects");
    Random rnd = new Random(seed);
    for (int i = 0; i < 200; i++) {
      // Quarter-pixel grid so that edges often pass exactly through centres.
      double x = rnd.nextInt(40) / 4.0 - 2;
      double y = rnd.nextInt(40) / 4.0 - 2;
      double w = rnd.nextInt(24) / 4.0;
      double h = rnd.nextInt(24) / 4.0;
      double[] corners = {x, y, x + w, y, x + w, y + h, x, y + h};
      assertThat(draw(7, 6, r -> r.rect(x, y, w, h)))
          .as("seed %d rect %s %s %s %s", seed, x, y, w, h)
          .isEqualTo(draw(7, 6, r -> r.polygon(corners)));
    }
  }

  @Test
  void shapesAreClippedToTheImage() {
    assertThat(draw(6, 5, r -> r.rect(-2, -2, 4, 4))).isEqualTo(of(
        "##....", "##....", "......", "......", "......"));
    assertThat(draw(6, 5, r -> r.rect(5, 4, 10, 10))).isEqualTo(of(
        "......", "......", "......", "......", ".....#"));
    assertThat(draw(6, 5, r -> r.polygon(new double[] {-1e9, -1e9, 1e9, -1e9, 1e9, 1e9, -1e9, 1e9})))
        .isEqualTo(of("######", "######", "######", "######", "######"));
    assertThat(draw(6, 5, r -> r.polygon(new double[] {-10, -10, -5, -10, -5, -5}))).isEqualTo(EMPTY);
    assertThat(draw(6, 5, r -> r.polyline(new double[] {-1e9, 2.5, 1e9, 2.5}, 1))).isEqualTo(of(
        "......", "......", "######", "......", "......"));
    // Only centre (0.5, 0.5) is within 1.2 of the corner.
    assertThat(draw(6, 5, r -> r.circle(0, 0, 1.2))).isEqualTo(of(
        "#.....", "......", "......", "......", "......"));
    assertThat(draw(6, 5, r -> r.circle(100, 100, 3))).isEqualTo(EMPTY);
  }

  @Test
  void polylineCoversCentresWithinHalfTheWidthWithRoundCaps() {
    double[] ell = {0.5, 0.5, 4.5, 0.5, 4.5, 3.5};
    // Width 1: neighbours of the centre line are 1 away, outside 0.5.
    assertThat(draw(6, 5, r -> r.polyline(ell, 1))).isEqualTo(of(
        "#####.",
        "....#.",
        "....#.",
        "....#.",
        "......"));
    // Width 2.5: distance 1 is inside 1.25, the diagonal sqrt(2) is not (see the cap at the bottom).
    assertThat(draw(6, 5, r -> r.polyline(ell, 2.5))).isEqualTo(of(
        "######",
        "######",
        "...###",
        "...###",
        "....#."));
  }

  @Test
  void diagonalPolylineIncludesNeighboursWithinHalfWidth() {
    // Off-diagonal neighbours are 1/sqrt(2) = 0.707 from the line, inside 0.75; past the end they are
    // 1 from the end point, outside.
    assertThat(draw(6, 5, r -> r.polyline(new double[] {0.5, 0.5, 3.5, 3.5}, 1.5))).isEqualTo(of(
        "##....",
        "###...",
        ".###..",
        "..##..",
        "......"));
  }

  @Test
  void circleIsClosedAtExactlyTheRadius() {
    assertThat(draw(6, 5, r -> r.circle(2.5, 2.5, 1))).isEqualTo(of(
        "......",
        "..#...",
        ".###..",
        "..#...",
        "......"));
    // Centre (3, 2.5), r^2 = 2.56: row 2 reaches |dx| <= 1.6, rows 1 and 3 |dx| <= 1.25.
    assertThat(draw(6, 5, r -> r.circle(3, 2.5, 1.6))).isEqualTo(of(
        "......",
        "..##..",
        ".####.",
        "..##..",
        "......"));
  }

  @Test
  void axisAlignedEllipse() {
    // (dx/2.6)^2 + (dy/1.1)^2 <= 1 with dx in {±.5, ±1.5, ±2.5}, dy in {0, ±1, ±2}.
    assertThat(draw(6, 5, r -> r.ellipse(3, 2.5, 2.6, 1.1, 0))).isEqualTo(of(
        "......",
        "..##..",
        "######",
        "..##..",
        "......"));
  }

  @Test
  void rotatedEllipseTurnsClockwiseOnScreenForPositiveTheta() {
    // A thin ellipse (rx 2.2, ry 0.6) centred on pixel (3, 2): only centres with dx = dy (theta = +45°)
    // or dx = -dy (theta = -45°) and |d| <= 2.2 / sqrt(2) = 1.56 are inside.
    assertThat(draw(6, 5, r -> r.ellipse(3.5, 2.5, 2.2, 0.6, Math.PI / 4))).isEqualTo(of(
        "......",
        "..#...",
        "...#..",
        "....#.",
        "......"));
    assertThat(draw(6, 5, r -> r.ellipse(3.5, 2.5, 2.2, 0.6, -Math.PI / 4))).isEqualTo(of(
        "......",
        "....#.",
        "...#..",
        "..#...",
        "......"));
  }

  @Test
  void degenerateShapesCoverNothing() {
    assertThat(draw(6, 5, r -> r.ellipse(3, 2.5, 0, 2, 0))).isEqualTo(EMPTY);
    assertThat(draw(6, 5, r -> r.polyline(new double[] {0.5, 0.5, 4.5, 0.5}, 0))).isEqualTo(EMPTY);
    assertThat(draw(6, 5, r -> r.polygon(new double[] {0, 0, 6, 0}))).isEqualTo(EMPTY);
    assertThat(draw(6, 5, r -> r.rect(1, 1, 0, 3))).isEqualTo(EMPTY);
  }
}
