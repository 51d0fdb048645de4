package org.aoissl.bench;

import java.util.List;

/**
 * Everything one {@link TrainBench} run measured.
 *
 * @param model preset name
 * @param channels image channels
 * @param intraOpThreads libtorch intra-op threads in use
 * @param interOpThreads libtorch inter-op threads in use
 * @param peak the in-process fp32 matmul peak: the fastest timed matmul
 * @param matmulMedianGflops the median rate of every timed matmul (what the machine sustains
 *     typically, against the best it reached)
 * @param rates one per image size, in the order asked
 */
public record TrainBenchResult(
    String model, int channels, int intraOpThreads, int interOpThreads, MatmulPeak peak,
    double matmulMedianGflops, List<TrainRate> rates) {
  public TrainBenchResult {
    rates = List.copyOf(rates);
  }
}
