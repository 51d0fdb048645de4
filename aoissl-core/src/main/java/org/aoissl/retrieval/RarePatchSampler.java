package org.aoissl.retrieval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Chooses at most N patches of one image for a bounded bank, favouring rare classes, after the idea of
 * Hummingbird's memory sampling (Balažević et al. 2023; {@code open-hummingbird-eval}).
 *
 * <p>A class's frequency is the number of the image's labeled patches it occurs in (background, the
 * pixels with no class, counts as one more class). A patch scores the sum of the frequencies of what
 * occurs in it, times uniform noise in (0, 1]; low scores win, so patches of rare classes are likely
 * kept and common-only patches thinned at random. On top of that the rare classes are kept outright:
 * taking the classes from fewest patches to most, every patch of a class is kept as long as all of them
 * still fit in N. The remaining budget goes to the lowest noisy scores. Ignored-only patches never
 * count.
 */
public final class RarePatchSampler {
  private RarePatchSampler() {}

  /**
   * The chosen cells in ascending order.
   *
   * @param max at most this many; 0 keeps every labeled patch
   * @param rng one draw per labeled patch, in cell order, when sampling is needed
   */
  public static int[] select(PatchLabels labels, int max, RandomGenerator rng) {
    int cells = labels.cells();
    List<Integer> valid = new ArrayList<>();
    for (int c = 0; c < cells; c++) {
      if (labels.valid(c)) {
        valid.add(c);
      }
    }
    if (max == 0 || valid.size() <= max) {
      return valid.stream().mapToInt(Integer::intValue).toArray();
    }
    int[] freq = new int[9]; // classes 0..7 and background (bit 8)
    for (int c : valid) {
      int bits = labels.presence(c);
      for (int b = 0; b < freq.length; b++) {
        freq[b] += (bits >>> b) & 1;
      }
    }
    double[] score = new double[cells];
    for (int c : valid) {
      int bits = labels.presence(c);
      long sum = 0;
      for (int b = 0; b < freq.length; b++) {
        sum += ((bits >>> b) & 1) * (long) freq[b];
      }
      score[c] = sum * (1.0 - rng.nextDouble());
    }
    boolean[] keep = new boolean[cells];
    int kept = keepRareClasses(labels, valid, freq, max, keep);
    List<Integer> rest = new ArrayList<>();
    for (int c : valid) {
      if (!keep[c]) {
        rest.add(c);
      }
    }
    rest.sort(Comparator.<Integer>comparingDouble(c -> score[c]).thenComparingInt(c -> c));
    for (int i = 0; i < max - kept; i++) {
      keep[rest.get(i)] = true;
    }
    return valid.stream().filter(c -> keep[c]).mapToInt(Integer::intValue).toArray();
  }

  /** Marks every patch of the rarest classes while they all fit; returns how many are marked. */
  private static int keepRareClasses(PatchLabels labels, List<Integer> valid, int[] freq, int max, boolean[] keep) {
    Integer[] order = new Integer[labels.numClasses()];
    for (int k = 0; k < order.length; k++) {
      order[k] = k;
    }
    Arrays.sort(order, Comparator.<Integer>comparingInt(k -> freq[k]).thenComparingInt(k -> k));
    int kept = 0;
    for (int k : order) {
      if (freq[k] == 0) {
        continue;
      }
      int added = 0;
      for (int c : valid) {
        if (!keep[c] && (labels.presence(c) & (1 << k)) != 0) {
          added++;
        }
      }
      if (kept + added > max) {
        break;
      }
      for (int c : valid) {
        if ((labels.presence(c) & (1 << k)) != 0) {
          keep[c] = true;
        }
      }
      kept += added;
    }
    return kept;
  }
}
