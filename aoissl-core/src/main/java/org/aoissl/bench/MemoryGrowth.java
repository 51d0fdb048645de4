package org.aoissl.bench;

/**
 * Native-memory figures around the timed steps: process resident set size (VmRSS) and the number of
 * arrays on the model's manager, after warm-up and after the timed steps.
 *
 * @param steps timed steps between the two readings
 */
public record MemoryGrowth(
    int steps, long rssAfterWarmupKb, long rssAfterStepsKb, int modelArraysAfterWarmup,
    int modelArraysAfterSteps) {
  public long rssGrowthKb() {
    return rssAfterStepsKb - rssAfterWarmupKb;
  }

  public int modelArrayGrowth() {
    return modelArraysAfterSteps - modelArraysAfterWarmup;
  }
}
