package org.aoissl.pretrain.mae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.aoissl.ReplayableSeed;
import org.aoissl.pretrain.mae.RandomMasking.Masking;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RandomMaskingTest {
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
  void givenNoiseKeepsTheArgsortsFirstTokens() {
    // Token t holds (10t, 10t+1). Noise argsort = [1, 3, 2, 0]; ratio 0.5 keeps 2.
    NDArray x = manager.create(new float[] {0, 1, 10, 11, 20, 21, 30, 31}, new Shape(1, 4, 2));
    NDArray noise = manager.create(new float[] {0.9f, 0.1f, 0.5f, 0.3f}, new Shape(1, 4));
    Masking m = RandomMasking.apply(x, 0.5, noise);
    assertThat(m.keep()).isEqualTo(2);
    assertThat(m.idsKeep().toLongArray()).containsExactly(1, 3);
    assertThat(m.kept().toFloatArray()).containsExactly(10, 11, 30, 31);
    assertThat(m.mask().toFloatArray()).containsExactly(1, 0, 1, 0);
    assertThat(m.idsRestore().toLongArray()).containsExactly(3, 0, 2, 1);
  }

  @Test
  void equalNoiseValuesKeepIndexOrder() {
    NDArray x = manager.zeros(new Shape(1, 4, 1));
    Masking m = RandomMasking.apply(x, 0.5, new float[] {0.5f, 0.5f, 0.1f, 0.5f});
    assertThat(m.idsKeep().toLongArray()).containsExactly(2, 0);
    assertThat(m.mask().toFloatArray()).containsExactly(0, 1, 0, 1);
  }

  @Test
  void keepsTheReferenceCountAndIdsRestoreInvertsTheShuffle() throws Throwable {
    long seed = ReplayableSeed.draw("RandomMaskingTest.keepsTheReferenceCount");
    ReplayableSeed.check(seed, () -> {
      SplittableRandom rng = new SplittableRandom(seed);
      int n = 3;
      int l = 196;
      // int(L * (1 - r)) as computed by Python for these ratios.
      double[] ratios = {0.4, 0.75, 0.9};
      int[] keeps = {117, 49, 19};
      float[] tokenIds = new float[n * l];
      for (int i = 0; i < tokenIds.length; i++) {
        tokenIds[i] = i % l;
      }
      NDArray x = manager.create(tokenIds, new Shape(n, l, 1));
      for (int r = 0; r < ratios.length; r++) {
        float[] noise = RandomMasking.noise(rng, n, l);
        Masking m = RandomMasking.apply(x, ratios[r], noise);
        int keep = keeps[r];
        assertThat(m.kept().getShape()).isEqualTo(new Shape(n, keep, 1));
        float[] kept = m.kept().toFloatArray();
        float[] mask = m.mask().toFloatArray();
        long[] restore = m.idsRestore().toLongArray();
        for (int s = 0; s < n; s++) {
          int[] order = argsort(Arrays.copyOfRange(noise, s * l, (s + 1) * l));
          float maskSum = 0;
          for (int j = 0; j < l; j++) {
            maskSum += mask[s * l + j];
            // Shuffled sequence gathered by ids_restore gives back the original.
            assertThat(order[(int) restore[s * l + j]]).isEqualTo(j);
            assertThat(mask[s * l + j]).isEqualTo(restore[s * l + j] >= keep ? 1f : 0f);
          }
          assertThat(maskSum).isEqualTo(l - keep);
          for (int j = 0; j < keep; j++) {
            assertThat(kept[s * keep + j]).isEqualTo((float) order[j]);
          }
        }
        // Per-sample: the samples' masks differ.
        assertThat(Arrays.copyOfRange(mask, 0, l)).isNotEqualTo(Arrays.copyOfRange(mask, l, 2 * l));
      }
    });
  }

  @Test
  void idsRestoreUndoesTheShuffleOnTheEngine() {
    NDArray x = manager.randomUniform(0, 1, new Shape(2, 16, 3));
    float[] noise = RandomMasking.noise(new SplittableRandom(9), 2, 16);
    Masking m = RandomMasking.apply(x, 0.75, noise);
    long[] shuffle = new long[32];
    for (int s = 0; s < 2; s++) {
      int[] order = argsort(Arrays.copyOfRange(noise, s * 16, (s + 1) * 16));
      for (int j = 0; j < 16; j++) {
        shuffle[s * 16 + j] = order[j];
      }
    }
    NDArray ids = manager.create(shuffle, new Shape(2, 16)).expandDims(2).broadcast(2, 16, 3);
    NDArray shuffled = x.gather(ids, 1);
    NDArray restore = m.idsRestore().expandDims(2).broadcast(2, 16, 3);
    assertThat(shuffled.gather(restore, 1).toFloatArray()).containsExactly(x.toFloatArray());
  }

  @Test
  void sameSeedSameMasks() {
    NDArray x = manager.zeros(new Shape(4, 64, 2));
    Masking a = RandomMasking.apply(x, 0.75, new SplittableRandom(5));
    Masking b = RandomMasking.apply(x, 0.75, new SplittableRandom(5));
    Masking c = RandomMasking.apply(x, 0.75, new SplittableRandom(6));
    assertThat(b.mask().toFloatArray()).containsExactly(a.mask().toFloatArray());
    assertThat(c.mask().toFloatArray()).isNotEqualTo(a.mask().toFloatArray());
  }

  @Test
  void keptCountIsTruncatedLikePython() {
    assertThat(MaeConfig.keptPatches(1024, 0.4)).isEqualTo(614);
    assertThat(MaeConfig.keptPatches(1024, 0.75)).isEqualTo(256);
    assertThat(MaeConfig.keptPatches(15, 0.75)).isEqualTo(3);
    assertThat(MaeConfig.keptPatches(10, 0.7)).isEqualTo(3);
    // 1 - 0.9 = 0.0999...98 in binary: Python keeps 0 of 10, so do we, and refuse it.
    assertThat(MaeConfig.keptPatches(10, 0.9)).isZero();
    assertThatThrownBy(() -> RandomMasking.apply(manager.zeros(new Shape(1, 10, 1)), 0.9,
        new float[10])).hasMessage("maskRatio 0.9 keeps no patch of 10");
  }

  /** Stable argsort, written independently of the implementation. */
  private static int[] argsort(float[] v) {
    return IntStream.range(0, v.length).boxed()
        .sorted(Comparator.comparingDouble((Integer i) -> v[i]))
        .mapToInt(Integer::intValue).toArray();
  }
}
