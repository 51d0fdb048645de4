package org.aoissl.data;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntConsumer;
import org.aoissl.io.BadInputException;

/**
 * Reads every sample of a dataset once and summarises it: sizes, channels, bit depths, class pixel
 * fractions per device, and every problem found (one line each, naming the file).
 */
public final class DatasetCheck {
  private DatasetCheck() {}

  /** Per-device pixel counts: index k &lt; K is class k, K is ignore, K+1 is all pixels. */
  public record Report(
      Dataset dataset, int images, int labeled, Map<String, Integer> sizes, Map<Integer, Integer> channels,
      Map<Integer, Integer> bitDepths, Map<String, long[]> devicePixels, List<BadInputException> problems) {

    /** Fraction of non-ignored pixels of class k for a device ("*" for all devices). */
    public double classFraction(String device, int k) {
      long[] p = device.equals("*") ? total() : devicePixels.get(device);
      long valid = p[p.length - 1] - p[p.length - 2];
      return valid == 0 ? 0 : (double) p[k] / valid;
    }

    /** Fraction of all pixels that are ignored. */
    public double ignoreFraction(String device) {
      long[] p = device.equals("*") ? total() : devicePixels.get(device);
      return p[p.length - 1] == 0 ? 0 : (double) p[p.length - 2] / p[p.length - 1];
    }

    long[] total() {
      long[] t = new long[dataset.classes().size() + 2];
      for (long[] p : devicePixels.values()) {
        for (int i = 0; i < t.length; i++) {
          t[i] += p[i];
        }
      }
      return t;
    }

    public boolean ok() {
      return problems.isEmpty();
    }
  }

  /** Checks a dataset; {@code progress} is told the index of each sample as it is read. */
  public static Report run(Dataset ds, IntConsumer progress) {
    List<BadInputException> problems = new ArrayList<>(ds.problems());
    Map<String, Integer> sizes = new TreeMap<>();
    Map<Integer, Integer> channels = new TreeMap<>();
    Map<Integer, Integer> depths = new TreeMap<>();
    Map<String, long[]> pixels = new TreeMap<>();
    int k = ds.classes().size();
    int labeled = 0;
    if (ds.size() == 0) {
      problems.add(new BadInputException(ds.root(), "empty dataset: no images found"));
    }
    for (int i = 0; i < ds.size(); i++) {
      Sample s = ds.samples().get(i);
      try {
        Example e = ds.read(s);
        AoiImage img = e.image();
        sizes.merge(img.width() + "x" + img.height(), 1, Integer::sum);
        channels.merge(img.channels(), 1, Integer::sum);
        depths.merge(img.bitDepth(), 1, Integer::sum);
        if (e.labeled()) {
          labeled++;
          long[] p = pixels.computeIfAbsent(s.device(), d -> new long[k + 2]);
          Mask m = e.mask();
          for (int c = 0; c < k; c++) {
            p[c] += m.count(c);
          }
          p[k] += m.ignoredCount();
          p[k + 1] += (long) m.height() * m.width();
        }
      } catch (BadInputException ex) {
        problems.add(ex);
      } catch (IOException ex) {
        problems.add(new BadInputException(s.imageFiles().get(0), "cannot read: " + ex.getMessage(), ex));
      }
      progress.accept(i);
    }
    if (channels.size() > 1) {
      problems.add(new BadInputException(ds.root(), "images have different channel counts " + channels.keySet()
          + " (count of images per channel count: " + channels + ")"));
    }
    return new Report(ds, ds.size(), labeled, sizes, channels, depths, pixels, problems);
  }
}
