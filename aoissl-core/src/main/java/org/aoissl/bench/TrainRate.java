package org.aoissl.bench;

/**
 * The MAE training step rate at one image size, with the derived model FLOP rate.
 *
 * @param imageSize image side in pixels
 * @param batch images per step
 * @param encoderTokens tokens the encoder blocks see (CLS + kept patches)
 * @param decoderTokens tokens the decoder blocks see (CLS + every patch)
 * @param fusedAttention whether attention ran in libtorch's fused kernel (else explicit ops)
 * @param flopsPerImage training matmul FLOPs of one image (3 × forward), counted from the architecture
 * @param steps timed steps
 * @param seconds wall time of the timed steps
 * @param medianStepSeconds median wall time of one timed step
 * @param times where the mean step's time goes
 * @param memory native-memory growth over the timed steps
 */
public record TrainRate(
    int imageSize, int batch, int encoderTokens, int decoderTokens, boolean fusedAttention,
    long flopsPerImage, int steps, double seconds, double medianStepSeconds, StepTimes times,
    MemoryGrowth memory) {
  public TrainRate {
    if (batch < 1 || steps < 1 || !(seconds > 0) || !(medianStepSeconds > 0)) {
      throw new IllegalArgumentException("need batch, steps >= 1 and positive times");
    }
  }

  /** Images per second over all timed steps. */
  public double imagesPerSecond() {
    return (double) batch * steps / seconds;
  }

  /** Images per second of the median step (less sensitive to other load on the machine). */
  public double medianImagesPerSecond() {
    return batch / medianStepSeconds;
  }

  /** {@code flopsPerImage × imagesPerSecond}. */
  public double modelFlopsPerSecond() {
    return flopsPerImage * imagesPerSecond();
  }

  /** Model FLOPs utilisation: model FLOP/s over the matmul peak. */
  public double mfu(MatmulPeak peak) {
    return modelFlopsPerSecond() / peak.flopsPerSecond();
  }

  /** MFU of the median step. */
  public double medianMfu(MatmulPeak peak) {
    return flopsPerImage * medianImagesPerSecond() / peak.flopsPerSecond();
  }
}
