package org.aoissl.retrieval;

import java.util.Set;

/**
 * How a query image becomes a mask against a bank.
 *
 * @param method {@code distance} (the paper's inverse-distance kNN), {@code attention} (Hummingbird's
 *     softmax over similarities) or {@code image} (blend the masks of the most similar support images)
 * @param k neighbours: bank patches, or support images for {@code image}
 * @param beta temperature of {@code attention}
 * @param thresholds per class, in (0, 1]
 * @param blocks vote with the neighbours' full p×p label blocks instead of upsampling patch scores
 *     (needs a bank built with blocks)
 * @param shifted also encode the image on grids shifted by half a patch and average the score maps
 *     (finer boundaries for thin wires, four times the encoder time)
 * @param refine edge-aware refinement of the score maps guided by the image ({@link GuidedFilter})
 */
public record SegmentOptions(
    String method, int k, float beta, float[] thresholds, boolean blocks, boolean shifted, boolean refine) {
  public SegmentOptions {
    if (!Aggregators.exists(method)) {
      throw new IllegalArgumentException("unknown method '" + method + "'; use " + Aggregators.describe());
    }
    if (k < 1) {
      throw new IllegalArgumentException("k must be at least 1; got " + k);
    }
    if (!(beta > 0)) {
      throw new IllegalArgumentException("beta must be positive; got " + beta);
    }
    thresholds = thresholds.clone();
    for (float t : thresholds) {
      if (!(t > 0 && t <= 1)) {
        throw new IllegalArgumentException("thresholds must be in (0, 1]; got " + t);
      }
    }
  }

  /** The bank's stored (possibly tuned) settings, with block voting if they say so, no other refinement. */
  public static SegmentOptions of(BankSettings s) {
    return new SegmentOptions(s.method(), s.k(), s.beta(), s.thresholds(), s.blocks() && !s.method().equals(Aggregators.IMAGE),
        false, false);
  }

  public SegmentOptions withMethod(String m) {
    return new SegmentOptions(m, k, beta, thresholds, blocks, shifted, refine);
  }

  public SegmentOptions withK(int newK) {
    return new SegmentOptions(method, newK, beta, thresholds, blocks, shifted, refine);
  }

  public SegmentOptions withBeta(float b) {
    return new SegmentOptions(method, k, b, thresholds, blocks, shifted, refine);
  }

  public SegmentOptions withThresholds(float[] t) {
    return new SegmentOptions(method, k, beta, t, blocks, shifted, refine);
  }

  public SegmentOptions withRefinements(boolean useBlocks, boolean useShifted, boolean useRefine) {
    return new SegmentOptions(method, k, beta, thresholds, useBlocks, useShifted, useRefine);
  }

  @Override
  public float[] thresholds() {
    return thresholds.clone();
  }

  /** Whether these settings make the same score maps as {@code o} (thresholds do not matter to them). */
  public boolean sameScores(SegmentOptions o) {
    return method.equals(o.method) && k == o.k && (!Aggregators.usesBeta(method) || beta == o.beta)
        && blocks == o.blocks && shifted == o.shifted && refine == o.refine;
  }

  /** A short label for tables, e.g. {@code attention k=10 +shift +refine}. */
  public String label() {
    StringBuilder b = new StringBuilder(method).append(" k=").append(k);
    if (Aggregators.usesBeta(method)) {
      b.append(" β=").append(beta);
    }
    if (blocks) {
      b.append(" +blocks");
    }
    if (shifted) {
      b.append(" +shift");
    }
    if (refine) {
      b.append(" +refine");
    }
    return b.toString();
  }
}
