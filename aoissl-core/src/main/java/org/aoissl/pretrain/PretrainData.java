package org.aoissl.pretrain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.aoissl.data.AoiImage;
import org.aoissl.data.ChannelStats;
import org.aoissl.data.ChannelStatsAccumulator;
import org.aoissl.data.Dataset;
import org.aoissl.data.EpochOrder;
import org.aoissl.data.Normalization;
import org.aoissl.data.Sample;
import org.aoissl.data.Seeds;
import org.aoissl.data.SkippedInput;
import org.aoissl.data.augment.Compose;
import org.aoissl.data.augment.HorizontalFlip;
import org.aoissl.data.augment.RandomResizedCrop;
import org.aoissl.data.augment.Rot90;
import org.aoissl.data.augment.Transform;
import org.aoissl.data.augment.VerticalFlip;
import org.aoissl.io.BadInputException;
import java.util.stream.IntStream;

/**
 * Pre-training batches as a pure function of (seed, step): image order is a fresh permutation per epoch,
 * each image's augmentation draws from its own seeded stream. A resumed run therefore sees exactly the
 * batches the uninterrupted run would have, without saving any data-loader state.
 *
 * <p>Each image yields one or more {@link View}s (an objective's choice: MAE one, DINO's multi-crop
 * several), each made by its own transform from its own seeded stream, so views too are a pure
 * function of (seed, position, view). MAE's view follows MAE (random resized crop, scale 0.2–1, and
 * horizontal flip) plus what suits a top view of a package: vertical flips and quarter turns. Images
 * are normalised per channel with the dataset's statistics.
 */
public final class PretrainData {
  /** One view of every image: a square {@code size × size} crop made by {@code transform}. */
  public record View(int size, Transform transform) {
    public View {
      if (size < 1 || transform == null) {
        throw new IllegalArgumentException("a view needs a size >= 1 and a transform; got " + size);
      }
    }

    /** MAE's view: random resized crop (scale 0.2–1), flips and quarter turns. */
    public static View mae(int size) {
      return mae(size, 0.2, 1.0);
    }

    /** MAE's view with crops covering {@code scaleMin}–{@code scaleMax} of the image's area. */
    public static View mae(int size, double scaleMin, double scaleMax) {
      return new View(size, Compose.of(new RandomResizedCrop(size, size, scaleMin, scaleMax, 3.0 / 4, 4.0 / 3),
          new HorizontalFlip(0.5), new VerticalFlip(0.5), new Rot90()));
    }
  }

  private final List<Sample> samples;
  private final int channels;
  private final long seed;
  private final Normalization norm;
  private final List<View> views;
  private final EpochOrder order;

  /** MAE's single view at {@code size}. */
  public PretrainData(List<Sample> samples, int channels, int size, long seed, Normalization norm) {
    this(samples, channels, List.of(View.mae(size)), seed, norm);
  }

  public PretrainData(List<Sample> samples, int channels, List<View> views, long seed, Normalization norm) {
    if (samples.isEmpty()) {
      throw new IllegalArgumentException("no images to pre-train on");
    }
    if (views.isEmpty()) {
      throw new IllegalArgumentException("need at least one view");
    }
    this.samples = List.copyOf(samples);
    this.channels = channels;
    this.seed = seed;
    this.norm = norm;
    this.views = List.copyOf(views);
    this.order = new EpochOrder(this.samples.size(), seed);
  }

  public List<View> views() {
    return views;
  }

  /** Pre-training images, and the inputs their listing left out (see {@link Dataset#skipped()}). */
  public record Images(List<Sample> samples, List<SkippedInput> skipped) {
    public Images {
      samples = List.copyOf(samples);
      skipped = List.copyOf(skipped);
    }
  }

  /**
   * The pre-training images under {@code dir}: its pretrain/ split when it has one, else every image found.
   * Any listing problem is thrown.
   */
  public static List<Sample> images(java.nio.file.Path dir, org.aoissl.data.DatasetOptions options)
      throws IOException {
    return list(dir, options, true).samples();
  }

  /**
   * As {@link #images}, but with {@code strict} false the inputs a listing problem left out are returned
   * beside the images instead of thrown; a missing label is no problem here, labels are not used.
   */
  public static Images list(java.nio.file.Path dir, org.aoissl.data.DatasetOptions options, boolean strict)
      throws IOException {
    List<Dataset> all = org.aoissl.data.DatasetLayouts.openAll(dir, options);
    List<Dataset> use = all.stream().filter(d -> d.root().getFileName().toString().equals("pretrain")).toList();
    List<Sample> out = new ArrayList<>();
    List<SkippedInput> skipped = new ArrayList<>();
    for (Dataset d : use.isEmpty() ? all : use) {
      if (strict) {
        d.requireNoProblems();
      }
      out.addAll(d.samples());
      skipped.addAll(d.skipped());
    }
    if (out.isEmpty()) {
      throw new BadInputException(dir, "empty dataset: no images to pre-train on");
    }
    return new Images(out, skipped);
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
    return batchViews(first, batch).get(0);
  }

  /**
   * Every view of the {@code batch} images at positions {@code first ..}: one array {@code [batch, C,
   * size_v, size_v]} per view. Images are prepared in parallel; the result does not depend on it.
   */
  public List<float[]> batchViews(long first, int batch) throws IOException {
    List<float[]> out = new ArrayList<>();
    for (View v : views) {
      out.add(new float[batch * channels * v.size() * v.size()]);
    }
    int[] index = new int[batch];
    for (int i = 0; i < batch; i++) {
      index[i] = indexAt(first + i); // the permutation cache is not thread-safe
    }
    try {
      IntStream.range(0, batch).parallel().forEach(i -> {
        try {
          fill(out, i, first + i, samples.get(index[i]));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return out;
  }

  private void fill(List<float[]> out, int i, long position, Sample s) throws IOException {
    AoiImage img = Dataset.readImage(s);
    if (img.channels() != channels) {
      throw new BadInputException(s.imageFiles().get(0),
          "has " + img.channels() + " channels; the model takes " + channels);
    }
    long viewSeed = Seeds.mix(seed, 0xA06, position);
    for (int v = 0; v < views.size(); v++) {
      View view = views.get(v);
      // View 0 keeps the stream MAE always used; others get their own.
      long s0 = v == 0 ? viewSeed : Seeds.mix(viewSeed, 0x71E3, v);
      AoiImage a = view.transform().apply(img, new SplittableRandom(s0));
      if (a.height() != view.size() || a.width() != view.size()) {
        throw new IllegalStateException("view " + v + " made " + a.width() + "x" + a.height() + ", not "
            + view.size() + "x" + view.size());
      }
      int plane = channels * view.size() * view.size();
      norm.apply(a, out.get(v), i * plane);
    }
  }

  /** Sample index at a position: each epoch is its own seeded permutation. */
  int indexAt(long position) {
    return order.indexAt(position);
  }
}
