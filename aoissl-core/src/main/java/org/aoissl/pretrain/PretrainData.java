package org.aoissl.pretrain;

import java.io.IOException;
import java.util.List;
import java.util.SplittableRandom;
import org.aoissl.data.AoiImage;
import org.aoissl.data.ChannelStats;
import org.aoissl.data.ChannelStatsAccumulator;
import org.aoissl.data.Dataset;
import org.aoissl.data.Normalization;
import org.aoissl.data.Sample;
import org.aoissl.data.Seeds;
import org.aoissl.data.augment.Compose;
import org.aoissl.data.augment.HorizontalFlip;
import org.aoissl.data.augment.RandomResizedCrop;
import org.aoissl.data.augment.Rot90;
import org.aoissl.data.augment.Transform;
import org.aoissl.data.augment.VerticalFlip;
import org.aoissl.io.BadInputException;

/**
 * Pre-training batches as a pure function of (seed, step): image order is a fresh permutation per epoch,
 * each image's augmentation draws from its own seeded stream. A resumed run therefore sees exactly the
 * batches the uninterrupted run would have, without saving any data-loader state.
 *
 * <p>Augmentation follows MAE (random resized crop, scale 0.2–1, and horizontal flip) plus what suits a
 * top view of a package: vertical flips and quarter turns. Images are normalised per channel with the
 * dataset's statistics.
 */
public final class PretrainData {
  private final List<Sample> samples;
  private final int channels;
  private final int size;
  private final long seed;
  private final Normalization norm;
  private final Transform augment;

  public PretrainData(List<Sample> samples, int channels, int size, long seed, Normalization norm) {
    if (samples.isEmpty()) {
      throw new IllegalArgumentException("no images to pre-train on");
    }
    this.samples = List.copyOf(samples);
    this.channels = channels;
    this.size = size;
    this.seed = seed;
    this.norm = norm;
    this.augment = Compose.of(RandomResizedCrop.of(size), new HorizontalFlip(0.5), new VerticalFlip(0.5), new Rot90());
  }

  /** Channel statistics of up to {@code limit} images spread over the dataset (for normalisation). */
  public static ChannelStats statistics(List<Sample> samples, int limit) throws IOException {
    ChannelStatsAccumulator acc = null;
    int stride = Math.max(1, samples.size() / Math.max(1, limit));
    for (int i = 0; i < samples.size(); i += stride) {
      AoiImage img = Dataset.readImage(samples.get(i));
      if (acc == null) {
        acc = new ChannelStatsAccumulator(img.channels());
      } else if (img.channels() != acc.channels()) {
        throw new BadInputException(samples.get(i).imageFiles().get(0),
            "has " + img.channels() + " channels, other images have " + acc.channels());
      }
      acc.add(img);
    }
    return acc.result();
  }

  public int size() {
    return samples.size();
  }

  /** Epoch (fractional) reached after {@code images} images. */
  public double epochOf(long images) {
    return (double) images / samples.size();
  }

  /**
   * The {@code batch} images at positions {@code first .. first + batch - 1} of the endless epoch
   * sequence, as {@code [batch, C, size, size]} floats.
   */
  public float[] batch(long first, int batch) throws IOException {
    int plane = channels * size * size;
    float[] out = new float[batch * plane];
    for (int i = 0; i < batch; i++) {
      long position = first + i;
      Sample s = samples.get(indexAt(position));
      AoiImage img = Dataset.readImage(s);
      if (img.channels() != channels) {
        throw new BadInputException(s.imageFiles().get(0),
            "has " + img.channels() + " channels; the model takes " + channels);
      }
      AoiImage a = augment.apply(img, new SplittableRandom(Seeds.mix(seed, 0xA06, position)));
      norm.apply(a, out, i * plane);
    }
    return out;
  }

  /** Sample index at a position: each epoch is its own seeded permutation. */
  int indexAt(long position) {
    int n = samples.size();
    long epoch = position / n;
    int[] perm = permutation(n, Seeds.mix(seed, 0xE90C, epoch));
    return perm[(int) (position % n)];
  }

  private int[] cachedPerm;
  private long cachedPermSeed;

  private int[] permutation(int n, long permSeed) {
    if (cachedPerm == null || cachedPermSeed != permSeed) {
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
      cachedPerm = p;
      cachedPermSeed = permSeed;
    }
    return cachedPerm;
  }
}
