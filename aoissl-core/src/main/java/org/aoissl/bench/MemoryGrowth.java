package org.aoissl.bench;

import java.util.List;

/**
 * Native-memory figures around the timed steps: process resident set size (VmRSS) and the number of
 * arrays on the model's manager, after warm-up and after the timed steps, plus RSS sampled along
 * the way (to tell a plateau from steady growth). RSS includes the JVM heap's pages as they are
 * first touched; run with {@code -Xms} = {@code -Xmx} and {@code -XX:+AlwaysPreTouch} so that its
 * growth is native memory only.
 *
 * @param steps timed steps between the two readings
 * @param rssTraceKb RSS after warm-up and then every {@code traceEvery} timed steps
 * @param traceEvery timed steps between two trace samples
 * @param heapCommittedKb the JVM heap's committed size after the timed steps
 */
public record MemoryGrowth(
    int steps, long rssAfterWarmupKb, long rssAfterStepsKb, int modelArraysAfterWarmup,
    int modelArraysAfterSteps, List<Long> rssTraceKb, int traceEvery, long heapCommittedKb) {
  public MemoryGrowth {
    rssTraceKb = List.copyOf(rssTraceKb);
  }

  public long rssGrowthKb() {
    return rssAfterStepsKb - rssAfterWarmupKb;
  }

  public int modelArrayGrowth() {
    return modelArraysAfterSteps - modelArraysAfterWarmup;
  }
}
