package org.aoissl.pretrain.mae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PatchesTest {
  private NDManager manager;

  @BeforeEach
  void open() {
    manager = Engine.getEngine("PyTorch").newBaseManager();
  }

  @AfterEach
  void close() {
    manager.close();
  }

  @Test
  void patchifyFollowsTheReferenceEinsumOrder() {
    // Pixel (c, y, x) of a 1x2x4x4 image holds c*100 + y*10 + x; p = 2.
    float[] img = new float[2 * 4 * 4];
    for (int c = 0; c < 2; c++) {
      for (int y = 0; y < 4; y++) {
        for (int x = 0; x < 4; x++) {
          img[(c * 4 + y) * 4 + x] = c * 100 + y * 10 + x;
        }
      }
    }
    NDArray patches = Patches.patchify(manager.create(img, new Shape(1, 2, 4, 4)), 2);
    assertThat(patches.getShape()).isEqualTo(new Shape(1, 4, 8));
    // 'nchpwq->nhwpqc': patches row-major over the grid; inside a patch row y, column x, channel c.
    assertThat(patches.toFloatArray()).containsExactly(
        0, 100, 1, 101, 10, 110, 11, 111,
        2, 102, 3, 103, 12, 112, 13, 113,
        20, 120, 21, 121, 30, 130, 31, 131,
        22, 122, 23, 123, 32, 132, 33, 133);
  }

  @Test
  void unpatchifyInvertsPatchifyForSquareAndNonSquareImages() {
    for (int[] s : new int[][] {{2, 3, 8, 8, 4}, {3, 2, 8, 12, 4}, {1, 1, 6, 4, 2}}) {
      NDArray imgs = manager.randomUniform(0, 1, new Shape(s[0], s[1], s[2], s[3]));
      int p = s[4];
      NDArray x = Patches.patchify(imgs, p);
      assertThat(x.getShape())
          .isEqualTo(new Shape(s[0], (long) (s[2] / p) * (s[3] / p), (long) p * p * s[1]));
      NDArray back = Patches.unpatchify(x, p, s[1], s[2] / p, s[3] / p);
      assertThat(back.getShape()).isEqualTo(imgs.getShape());
      assertThat(back.toFloatArray()).containsExactly(imgs.toFloatArray());
    }
  }

  @Test
  void rejectsShapesThatDoNotTile() {
    assertThatThrownBy(() -> Patches.patchify(manager.zeros(new Shape(1, 2, 6, 8)), 4))
        .hasMessageContaining("multiples of 4");
    assertThatThrownBy(() -> Patches.unpatchify(manager.zeros(new Shape(1, 4, 32)), 4, 2, 2, 3))
        .hasMessageContaining("expected patches [N, 6, 32]");
  }
}
