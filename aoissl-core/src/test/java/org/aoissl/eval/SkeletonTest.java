package org.aoissl.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.aoissl.ReplayableSeed;
import org.junit.jupiter.api.Test;

class SkeletonTest {
  @Test
  void aOnePixelLineIsAlreadyItsSkeleton() {
    boolean[] horizontal = Masks.rect(7, 12, 3, 3, 2, 9);
    assertThat(Skeleton.thin(horizontal, 7, 12)).isEqualTo(horizontal);
    boolean[] vertical = Masks.rect(12, 7, 1, 10, 4, 4);
    assertThat(Skeleton.thin(vertical, 12, 7)).isEqualTo(vertical);
    // A bent 1-px line, touching the image border.
    boolean[] bent = Masks.binary(
        "#####...",
        "....#...",
        "....####");
    assertThat(Skeleton.thin(bent, 3, 8)).isEqualTo(bent);
  }

  @Test
  void aFivePixelBarThinsToItsMiddleRow() {
    // Bar rows 2..6, cols 2..16. Each iteration peels the south/east side and the NW corner, then the
    // north/west side and the SE corner: iteration 1 leaves rows 3..5 x cols 3..15 minus (5,15),
    // iteration 2 leaves row 4 x cols 4..13, whose ends (one neighbour) are kept.
    boolean[] bar = Masks.rect(9, 19, 2, 6, 2, 16);
    boolean[] s = Skeleton.thin(bar, 9, 19);
    assertThat(s).isEqualTo(Masks.rect(9, 19, 4, 4, 4, 13));
    assertThat(bar).isEqualTo(Masks.rect(9, 19, 2, 6, 2, 16)); // input untouched
  }

  @Test
  void aTwoByTwoBlockVanishesAsInZhangSuenButKeepsOneCenterlinePixel() {
    boolean[] block = Masks.rect(5, 6, 1, 2, 1, 2);
    assertThat(Masks.count(Skeleton.thin(block, 5, 6))).isZero();
    // All four pixels are equally near the centroid (1.5, 1.5): the first in raster order stays.
    assertThat(Skeleton.centerline(block, 5, 6)).isEqualTo(Masks.rect(5, 6, 1, 1, 1, 1));
  }

  @Test
  void centerlineOnlyAddsToShapesThatThinningErased() {
    boolean[] bar = Masks.rect(9, 19, 2, 6, 2, 16);
    assertThat(Skeleton.centerline(bar, 9, 19)).isEqualTo(Skeleton.thin(bar, 9, 19));
    boolean[] two = Masks.binary(
        "##.....",
        "##.....",
        ".......",
        "..#####");
    assertThat(Skeleton.centerline(two, 4, 7)).isEqualTo(Masks.binary(
        "#......",
        ".......",
        ".......",
        "..#####"));
  }

  @Test
  void sameResultAsTheFullImageScanOnRandomShapes() throws Throwable {
    long seed = ReplayableSeed.draw("SkeletonTest.sameResultAsTheFullImageScan");
    ReplayableSeed.check(seed, () -> {
      Random r = new Random(seed);
      for (int t = 0; t < 40; t++) {
        int h = 8 + r.nextInt(40);
        int w = 8 + r.nextInt(40);
        boolean[] m = new boolean[h * w];
        for (int s = 0; s < 1 + r.nextInt(5); s++) {
          int cy = r.nextInt(h);
          int cx = r.nextInt(w);
          int ry = 1 + r.nextInt(8);
          int rx = 1 + r.nextInt(8);
          boolean disk = r.nextBoolean();
          for (int y = Math.max(0, cy - ry); y < Math.min(h, cy + ry); y++) {
            for (int x = Math.max(0, cx - rx); x < Math.min(w, cx + rx); x++) {
              double dy = (y - cy) / (double) ry;
              double dx = (x - cx) / (double) rx;
              if (!disk || dy * dy + dx * dx <= 1) {
                m[y * w + x] = true;
              }
            }
          }
        }
        assertThat(Skeleton.thin(m, h, w)).as("shape %d (seed %d)", t, seed)
            .isEqualTo(naive(m, h, w));
      }
    });
  }

  /** Zhang–Suen as in the paper: test every pixel of the image in each sub-iteration. */
  private static boolean[] naive(boolean[] mask, int h, int w) {
    boolean[] g = mask.clone();
    boolean changed = true;
    while (changed) {
      changed = false;
      for (int step = 0; step < 2; step++) {
        boolean[] del = new boolean[h * w];
        for (int y = 0; y < h; y++) {
          for (int x = 0; x < w; x++) {
            if (!g[y * w + x]) {
              continue;
            }
            int[] p = {
              at(g, h, w, y - 1, x), at(g, h, w, y - 1, x + 1), at(g, h, w, y, x + 1),
              at(g, h, w, y + 1, x + 1), at(g, h, w, y + 1, x), at(g, h, w, y + 1, x - 1),
              at(g, h, w, y, x - 1), at(g, h, w, y - 1, x - 1)};
            int b = 0;
            int a = 0;
            for (int i = 0; i < 8; i++) {
              b += p[i];
              a += p[i] == 0 && p[(i + 1) % 8] == 1 ? 1 : 0;
            }
            boolean c = step == 0
                ? p[0] * p[2] * p[4] == 0 && p[2] * p[4] * p[6] == 0
                : p[0] * p[2] * p[6] == 0 && p[0] * p[4] * p[6] == 0;
            del[y * w + x] = b >= 2 && b <= 6 && a == 1 && c;
          }
        }
        for (int i = 0; i < del.length; i++) {
          if (del[i]) {
            g[i] = false;
            changed = true;
          }
        }
      }
    }
    return g;
  }

  private static int at(boolean[] g, int h, int w, int y, int x) {
    return y >= 0 && y < h && x >= 0 && x < w && g[y * w + x] ? 1 : 0;
  }
}
