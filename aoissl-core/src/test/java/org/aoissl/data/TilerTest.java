package org.aoissl.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.aoissl.ReplayableSeed;
import org.junit.jupiter.api.Test;

class TilerTest {
  private static AoiImage randomImage(SplittableRandom rnd, int c, int h, int w) {
    float[] data = new float[c * h * w];
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) rnd.nextDouble();
    }
    return new AoiImage(c, h, w, 8, data);
  }

  private static List<float[]> tileData(Tiling tiling) {
    List<float[]> maps = new ArrayList<>();
    for (Tile t : tiling.tiles()) {
      maps.add(t.image().data());
    }
    return maps;
  }

  @Test
  void originsStepByTileMinusOverlapAndTheLastIsShiftedBack() {
    TileLayout l = new Tiler(4, 1).layout(10, 11);
    assertThat(l.rowOrigins()).containsExactly(0, 3, 6);
    assertThat(l.colOrigins()).containsExactly(0, 3, 6, 7);
    assertThat(l.tileCount()).isEqualTo(12);
    assertThat(l.originY(5)).isEqualTo(3);
    assertThat(l.originX(5)).isEqualTo(3);
    assertThat(l.padBottom()).isZero();
    assertThat(new Tiler(4, 0).layout(8, 4).rowOrigins()).containsExactly(0, 4);
    assertThat(new Tiler(4, 0).layout(8, 4).colOrigins()).containsExactly(0);
  }

  @Test
  void smallImagesArePaddedWithZerosAndThePadIsReported() {
    AoiImage image = randomImage(new SplittableRandom(1), 2, 3, 5);
    Tiling tiling = new Tiler(8, 2).tile(image);
    assertThat(tiling.layout().padBottom()).isEqualTo(5);
    assertThat(tiling.layout().padRight()).isEqualTo(3);
    assertThat(tiling.tiles()).hasSize(1);
    AoiImage t = tiling.tiles().get(0).image();
    for (int c = 0; c < 2; c++) {
      for (int y = 0; y < 8; y++) {
        for (int x = 0; x < 8; x++) {
          float expected = y < 3 && x < 5 ? image.get(c, y, x) : 0f;
          assertThat(t.get(c, y, x)).isEqualTo(expected);
        }
      }
    }
    // One side short, the other long: padding only where needed.
    TileLayout l = new Tiler(8, 2).layout(3, 20);
    assertThat(l.padBottom()).isEqualTo(5);
    assertThat(l.padRight()).isZero();
    assertThat(l.colOrigins()).containsExactly(0, 6, 12);
  }

  @Test
  void tilesCoverEveryPixelStayInsideAndOverlapByAtLeastO() throws Throwable {
    long seed = ReplayableSeed.draw("TilerTest.tilesCoverEveryPixel");
    ReplayableSeed.check(seed, () -> {
      SplittableRandom rnd = new SplittableRandom(seed);
      for (int trial = 0; trial < 200; trial++) {
        int t = 1 + rnd.nextInt(40);
        int o = rnd.nextInt(t);
        int h = 1 + rnd.nextInt(120);
        int w = 1 + rnd.nextInt(120);
        TileLayout l = new Tiler(t, o).layout(h, w);
        int[] covered = new int[Math.max(h, t) * Math.max(w, t)];
        for (int i = 0; i < l.tileCount(); i++) {
          assertThat(l.originY(i) + t).isLessThanOrEqualTo(Math.max(h, t));
          assertThat(l.originX(i) + t).isLessThanOrEqualTo(Math.max(w, t));
          for (int y = 0; y < t; y++) {
            for (int x = 0; x < t; x++) {
              covered[(l.originY(i) + y) * Math.max(w, t) + l.originX(i) + x]++;
            }
          }
        }
        assertThat(covered).as("t=%d o=%d %dx%d", t, o, w, h).doesNotContain(0);
        for (List<Integer> origins : List.of(l.rowOrigins(), l.colOrigins())) {
          for (int i = 1; i < origins.size(); i++) {
            int step = origins.get(i) - origins.get(i - 1);
            assertThat(step).isBetween(1, t - o);
          }
        }
      }
    });
  }

  @Test
  void tileThenStitchIsTheIdentity() throws Throwable {
    long seed = ReplayableSeed.draw("TilerTest.tileThenStitchIsTheIdentity");
    ReplayableSeed.check(seed, () -> {
      SplittableRandom rnd = new SplittableRandom(seed);
      int[][] shapes = {{37, 53}, {5, 70}, {16, 16}, {3, 4}, {64, 17}};
      for (int[] hw : shapes) {
        AoiImage image = randomImage(rnd, 2, hw[0], hw[1]);
        Tiler tiler = new Tiler(16, 5);
        Tiling tiling = tiler.tile(image);
        for (boolean ramp : new boolean[] {false, true}) {
          float[] back = Tiler.stitch(tiling.layout(), tileData(tiling), 2, ramp);
          assertThat(back).as("%dx%d ramp=%s", hw[1], hw[0], ramp).containsExactly(image.data());
        }
      }
    });
  }

  @Test
  void aConstantMapStitchesToTheConstant() {
    TileLayout l = new Tiler(10, 4).layout(23, 31);
    List<float[]> maps = new ArrayList<>();
    for (int i = 0; i < l.tileCount(); i++) {
      float[] m = new float[3 * 100];
      Arrays.fill(m, 0, 100, 0.1f);
      Arrays.fill(m, 100, 200, 0.7f);
      Arrays.fill(m, 200, 300, 1f / 3);
      maps.add(m);
    }
    float[] out = Tiler.stitch(l, maps, 3, true);
    int plane = 23 * 31;
    for (int p = 0; p < plane; p++) {
      assertThat(out[p]).isEqualTo(0.1f);
      assertThat(out[plane + p]).isEqualTo(0.7f);
      assertThat(out[2 * plane + p]).isEqualTo(1f / 3);
    }
  }

  @Test
  void rampCrossFadesAcrossTheOverlap() {
    // T=4, O=2, width 6: tiles at x=0 and x=2; ramp weights along a tile are 1/3, 2/3, 2/3, 1/3.
    // x=2: (2/3·a + 1/3·b) / 1; x=3: (1/3·a + 2/3·b) / 1. Without the ramp both are (a + b)/2.
    TileLayout l = new Tiler(4, 2).layout(1, 6);
    assertThat(l.colOrigins()).containsExactly(0, 2);
    float a = 0.3f;
    float b = 0.9f;
    float[] ta = new float[16];
    float[] tb = new float[16];
    Arrays.fill(ta, a);
    Arrays.fill(tb, b);
    float[] ramp = Tiler.stitch(l, List.of(ta, tb), 1, true);
    assertThat(ramp[0]).isEqualTo(a);
    assertThat(ramp[1]).isEqualTo(a);
    assertThat(ramp[2]).isCloseTo((2 * a + b) / 3, org.assertj.core.data.Offset.offset(1e-6f));
    assertThat(ramp[3]).isCloseTo((a + 2 * b) / 3, org.assertj.core.data.Offset.offset(1e-6f));
    assertThat(ramp[4]).isEqualTo(b);
    assertThat(ramp[5]).isEqualTo(b);
    float[] flat = Tiler.stitch(l, List.of(ta, tb), 1, false);
    assertThat(flat[2]).isCloseTo((a + b) / 2, org.assertj.core.data.Offset.offset(1e-6f));
    assertThat(flat[3]).isCloseTo((a + b) / 2, org.assertj.core.data.Offset.offset(1e-6f));
  }

  @Test
  void maskStitchingTakesTheTileWithTheNearestCentre() {
    // Tiles at x=0 and x=2 (T=4) have centres 1.5 and 3.5: x=0..2 is nearer the first, 3..5 the second.
    TileLayout l = new Tiler(4, 2).layout(1, 6);
    Mask first = new Mask(2, 4, 4);
    Mask second = new Mask(2, 4, 4);
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 4; x++) {
        first.setClassBits(y, x, 1);
        second.setClassBits(y, x, 2);
      }
    }
    second.setIgnored(0, 3, true);
    Mask out = Tiler.stitchMasks(l, List.of(first, second));
    int[] got = new int[6];
    for (int x = 0; x < 6; x++) {
      got[x] = out.isIgnored(0, x) ? -1 : out.classBits(0, x);
    }
    assertThat(got).containsExactly(1, 1, 1, 2, 2, -1);
  }

  @Test
  void maskTileThenStitchIsTheIdentityAndPadIsIgnored() throws Throwable {
    long seed = ReplayableSeed.draw("TilerTest.maskTileThenStitchIsTheIdentity");
    ReplayableSeed.check(seed, () -> {
      SplittableRandom rnd = new SplittableRandom(seed);
      for (int[] hw : new int[][] {{29, 41}, {6, 30}}) {
        Mask mask = new Mask(4, hw[0], hw[1]);
        for (int y = 0; y < hw[0]; y++) {
          for (int x = 0; x < hw[1]; x++) {
            mask.setClassBits(y, x, rnd.nextInt(16));
            mask.setIgnored(y, x, rnd.nextInt(7) == 0);
          }
        }
        Tiler tiler = new Tiler(12, 3);
        List<Mask> tiles = tiler.tileMask(mask);
        TileLayout l = tiler.layout(hw[0], hw[1]);
        assertThat(Tiler.stitchMasks(l, tiles)).isEqualTo(mask);
        if (l.padBottom() > 0) {
          assertThat(tiles.get(0).isIgnored(11, 0)).isTrue();
        }
      }
    });
  }

  @Test
  void rejectsBadArguments() {
    assertThatThrownBy(() -> new Tiler(8, 8)).hasMessageContaining("overlap");
    assertThatThrownBy(() -> new Tiler(0, 0)).hasMessageContaining("tileSize");
    TileLayout l = new Tiler(4, 0).layout(8, 8);
    assertThatThrownBy(() -> Tiler.stitch(l, List.of(new float[16]), 1, false))
        .hasMessageContaining("1 maps for a layout of 4");
    assertThatThrownBy(() -> Tiler.stitch(l, List.of(new float[16], new float[16], new float[16],
            new float[15]), 1, false))
        .hasMessageContaining("map 3");
  }
}
