package org.aoissl.data;

import java.util.SplittableRandom;

/**
 * The order in which a training loop visits {@code n} items: every epoch a fresh seeded permutation,
 * so the item at any position is a pure function of (seed, position) and a resumed run sees what the
 * uninterrupted one would have. Not thread-safe (it caches the current epoch's permutation).
 */
public final class EpochOrder {
  private final int n;
  private final long seed;
  private int[] perm;
  private long permEpoch = -1;

  public EpochOrder(int n, long seed) {
    if (n < 1) {
      throw new IllegalArgumentException("need at least one item; got " + n);
    }
    this.n = n;
    this.seed = seed;
  }

  /** The item visited at {@code position} (0-based, counting across epochs). */
  public int indexAt(long position) {
    long epoch = position / n;
    if (epoch != permEpoch) {
      perm = permutation(n, Seeds.mix(seed, 0xE90C, epoch));
      permEpoch = epoch;
    }
    return perm[(int) (position % n)];
  }

  /** Fisher–Yates shuffle of {@code 0 .. n-1} from a seeded stream. */
  private static int[] permutation(int n, long permSeed) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    SplittableRandom r = new SplittableRandom(permSeed);
    for (int i = n - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}
