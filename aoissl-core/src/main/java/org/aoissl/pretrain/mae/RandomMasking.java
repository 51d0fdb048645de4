package org.aoissl.pretrain.mae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * MAE's per-sample random masking: each image's patches are shuffled by an argsort of uniform
 * noise (ascending: small noise is kept), the first {@code (int) (L·(1 - ratio))} are kept. The
 * argsort runs in Java on the noise values, ties broken by patch index, so a seed gives the same
 * masks on any engine and thread count.
 */
public final class RandomMasking {
  /**
   * The result of masking a batch.
   *
   * @param kept {@code [N, keep, D]}: the kept tokens, in shuffled order
   * @param mask {@code [N, L]} float: 0 kept, 1 removed, in the original patch order
   * @param idsRestore {@code [N, L]} int64: position of each original patch in the shuffled order
   * @param idsKeep {@code [N, keep]} int64: original indices of the kept tokens
   */
  public record Masking(NDArray kept, NDArray mask, NDArray idsRestore, NDArray idsKeep) {
    public int keep() {
      return (int) idsKeep.getShape().get(1);
    }
  }

  private RandomMasking() {}

  /** Uniform [0, 1) noise {@code [n, l]} from a Java RNG, as float32 like {@code torch.rand}. */
  public static float[] noise(RandomGenerator rng, int n, int l) {
    float[] v = new float[Math.multiplyExact(n, l)];
    for (int i = 0; i < v.length; i++) {
      v[i] = rng.nextFloat();
    }
    return v;
  }

  /** Masks {@code x [N, L, D]} with fresh noise from {@code rng}. */
  public static Masking apply(NDArray x, double maskRatio, RandomGenerator rng) {
    Shape s = x.getShape();
    return apply(x, maskRatio, noise(rng, (int) s.get(0), (int) s.get(1)));
  }

  /** Masks {@code x [N, L, D]} by the given noise {@code [N, L]}. */
  public static Masking apply(NDArray x, double maskRatio, NDArray noise) {
    return apply(x, maskRatio, noise.toFloatArray());
  }

  /** Masks {@code x [N, L, D]} by the given noise, row-major {@code [N][L]}. */
  public static Masking apply(NDArray x, double maskRatio, float[] noise) {
    Shape s = x.getShape();
    if (s.dimension() != 3) {
      throw new IllegalArgumentException("expected tokens [N, L, D]; got " + s);
    }
    int n = (int) s.get(0);
    int l = (int) s.get(1);
    long d = s.get(2);
    if (noise.length != (long) n * l) {
      throw new IllegalArgumentException(
          "noise has " + noise.length + " values; expected " + n + "x" + l);
    }
    if (!(maskRatio >= 0 && maskRatio < 1)) {
      throw new IllegalArgumentException("maskRatio must be in [0, 1); got " + maskRatio);
    }
    int keep = MaeConfig.keptPatches(l, maskRatio);
    if (keep < 1) {
      throw new IllegalArgumentException(
          "maskRatio " + maskRatio + " keeps no patch of " + l);
    }
    long[] shuffle = argsortRows(noise, n, l);
    long[] restore = new long[n * l];
    long[] idsKeep = new long[n * keep];
    float[] mask = new float[n * l];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < l; j++) {
        int orig = (int) shuffle[i * l + j];
        restore[i * l + orig] = j;
        mask[i * l + orig] = j < keep ? 0f : 1f;
        if (j < keep) {
          idsKeep[i * keep + j] = orig;
        }
      }
    }
    NDManager m = x.getManager();
    NDArray keepNd = m.create(idsKeep, new Shape(n, keep));
    NDArray kept = x.gather(keepNd.expandDims(2).broadcast(n, keep, d), 1); // [N, keep, D]
    return new Masking(kept, m.create(mask, new Shape(n, l)), m.create(restore, new Shape(n, l)),
        keepNd);
  }

  /** Per row, the indices that sort the values ascending; equal values keep index order. */
  static long[] argsortRows(float[] values, int n, int l) {
    long[] out = new long[n * l];
    long[] keys = new long[l];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < l; j++) {
        int bits = Float.floatToIntBits(values[i * l + j]);
        // Flip the magnitude bits of negatives so signed int order is float order.
        int ordered = bits ^ ((bits >> 31) & 0x7fffffff);
        keys[j] = ((long) ordered << 32) | j;
      }
      Arrays.sort(keys);
      for (int j = 0; j < l; j++) {
        out[i * l + j] = (int) keys[j];
      }
    }
    return out;
  }
}
