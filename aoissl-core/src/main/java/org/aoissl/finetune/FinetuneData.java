package org.aoissl.finetune;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.aoissl.data.AoiImage;
import org.aoissl.data.EpochOrder;
import org.aoissl.data.Example;
import org.aoissl.data.Mask;
import org.aoissl.data.Normalization;
import org.aoissl.data.Seeds;
import org.aoissl.data.augment.Augmented;
import org.aoissl.data.augment.Compose;
import org.aoissl.data.augment.ContrastBrightness;
import org.aoissl.data.augment.Gamma;
import org.aoissl.data.augment.GaussianNoise;
import org.aoissl.data.augment.HorizontalFlip;
import org.aoissl.data.augment.RandomApply;
import org.aoissl.data.augment.RandomResizedCrop;
import org.aoissl.data.augment.Rot90;
import org.aoissl.data.augment.Transform;
import org.aoissl.data.augment.VerticalFlip;

/**
 * Labeled training batches as a pure function of (seed, position), like pre-training's: a seeded
 * permutation per epoch, and each image's augmentation from its own seeded stream. A crop of {@code
 * size²} pixels at 0.8–1.25× the image's own resolution (thin wires stay a few pixels wide), flips,
 * quarter turns and mild per-channel gamma/contrast changes; the mask follows every geometric step
 * (nearest resampling, labels never blended). The few labeled images are held in memory.
 */
public final class FinetuneData {
  /** One batch: normalised images, 0/1 targets and a 0/1 labeled-pixel map. */
  public record Batch(int n, float[] images, float[] targets, float[] valid) {}

  private final List<Example> examples;
  private final int channels;
  private final int numClasses;
  private final int size;
  private final long seed;
  private final Normalization norm;
  private final EpochOrder order;
  private final boolean noise;

  public FinetuneData(List<Example> examples, int size, long seed, Normalization norm) {
    this(examples, size, seed, norm, false);
  }

  /**
   * @param noise also add mild Gaussian noise to half the crops (the U-Net's recipe: it sees pixels
   *     directly, with no pre-trained features to lean on)
   */
  public FinetuneData(List<Example> examples, int size, long seed, Normalization norm, boolean noise) {
    if (examples.isEmpty()) {
      throw new IllegalArgumentException("no labeled images to fine-tune on");
    }
    for (Example e : examples) {
      if (!e.labeled()) {
        throw new IllegalArgumentException(e.sample().id() + " has no label");
      }
    }
    this.examples = List.copyOf(examples);
    this.channels = examples.get(0).image().channels();
    this.numClasses = examples.get(0).mask().numClasses();
    this.size = size;
    this.seed = seed;
    this.norm = norm;
    this.order = new EpochOrder(examples.size(), seed);
    this.noise = noise;
  }

  public int size() {
    return examples.size();
  }

  public int cropSize() {
    return size;
  }

  public int numClasses() {
    return numClasses;
  }

  public int channels() {
    return channels;
  }

  /** Epoch (fractional) reached after {@code images} images. */
  public double epochOf(long images) {
    return (double) images / examples.size();
  }

  /** The {@code n} examples at positions {@code first ..}; prepared in parallel, the result does not depend on it. */
  public Batch batch(long first, int n) {
    int[] index = new int[n];
    for (int i = 0; i < n; i++) {
      index[i] = order.indexAt(first + i);
    }
    int plane = size * size;
    float[] images = new float[n * channels * plane];
    float[] targets = new float[n * numClasses * plane];
    float[] valid = new float[n * plane];
    IntStream.range(0, n).parallel().forEach(i -> {
      Example e = examples.get(index[i]);
      Augmented a = transform(e.image()).apply(e.image(), e.mask(), new SplittableRandom(
          Seeds.mix(seed, 0xF17E, first + i)));
      norm.apply(a.image(), images, i * channels * plane);
      Mask m = a.mask();
      for (int y = 0; y < size; y++) {
        for (int x = 0; x < size; x++) {
          int p = y * size + x;
          if (m.isIgnored(y, x)) {
            continue;
          }
          valid[i * plane + p] = 1f;
          for (int k = 0; k < numClasses; k++) {
            if (m.get(k, y, x)) {
              targets[(i * numClasses + k) * plane + p] = 1f;
            }
          }
        }
      }
    });
    return new Batch(n, images, targets, valid);
  }

  /** The augmentation of one image (the crop's scale depends on the image's size). */
  private Transform transform(AoiImage image) {
    double area = (double) image.height() * image.width();
    double lo = Math.min(1, Math.pow(0.8 * size, 2) / area);
    double hi = Math.min(1, Math.pow(1.25 * size, 2) / area);
    Transform t = Compose.of(new RandomResizedCrop(size, size, lo, Math.max(lo, hi), 3.0 / 4, 4.0 / 3),
        new HorizontalFlip(0.5), new VerticalFlip(0.5), new Rot90(),
        new RandomApply(0.5, new Gamma(0.7, 1.4, true)),
        new RandomApply(0.5, new ContrastBrightness(0.8, 1.25, -0.05, 0.05, true)));
    return noise ? Compose.of(t, new RandomApply(0.5, new GaussianNoise(0.0, 0.02))) : t;
  }
}
