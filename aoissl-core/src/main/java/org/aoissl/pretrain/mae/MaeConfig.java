package org.aoissl.pretrain.mae;

import org.aoissl.model.Flops;
import org.aoissl.model.VitConfig;

/**
 * Every hyper-parameter of an MAE model: the encoder, the decoder and the masking.
 *
 * @param encoder the ViT being pre-trained
 * @param decoderDim decoder token width (MAE's default is 512; the AOI-SSL setting is 384)
 * @param decoderDepth decoder blocks (2 in the AOI-SSL setting)
 * @param decoderHeads decoder attention heads
 * @param maskRatio fraction of patches removed per image, in (0, 1): 0.75 in MAE, 0.4 in the paper's
 *     config
 * @param normPixLoss whether the target is each patch normalised by its own mean and variance
 */
public record MaeConfig(
    VitConfig encoder, int decoderDim, int decoderDepth, int decoderHeads, double maskRatio,
    boolean normPixLoss) {
  public MaeConfig {
    if (encoder == null) {
      throw new IllegalArgumentException("encoder must not be null");
    }
    positive("decoderDim", decoderDim);
    positive("decoderDepth", decoderDepth);
    positive("decoderHeads", decoderHeads);
    if (decoderDim % decoderHeads != 0) {
      throw new IllegalArgumentException("decoderDim must be a multiple of decoderHeads; got "
          + decoderDim + " and " + decoderHeads);
    }
    if (decoderDim % 4 != 0) {
      throw new IllegalArgumentException("decoderDim must be a multiple of 4; got " + decoderDim);
    }
    if (!(maskRatio > 0 && maskRatio < 1)) {
      throw new IllegalArgumentException("maskRatio must be in (0, 1); got " + maskRatio);
    }
    int keep = keptPatches(encoder.numPatches(), maskRatio);
    if (keep < 1 || keep >= encoder.numPatches()) {
      throw new IllegalArgumentException("maskRatio " + maskRatio + " keeps " + keep + " of "
          + encoder.numPatches() + " patches; it must keep at least one and mask at least one");
    }
  }

  /** The AOI-SSL decoder (2 blocks × 384 wide, 6 heads), mask ratio 0.75, plain pixel loss. */
  public static MaeConfig defaults(VitConfig encoder) {
    return new MaeConfig(encoder, 384, 2, 6, 0.75, false);
  }

  public MaeConfig withMaskRatio(double ratio) {
    return new MaeConfig(encoder, decoderDim, decoderDepth, decoderHeads, ratio, normPixLoss);
  }

  public MaeConfig withNormPixLoss(boolean on) {
    return new MaeConfig(encoder, decoderDim, decoderDepth, decoderHeads, maskRatio, on);
  }

  /** Patches the encoder sees: {@code (int) (L · (1 - maskRatio))}, as the reference. */
  public static int keptPatches(int patches, double maskRatio) {
    return (int) (patches * (1 - maskRatio));
  }

  /** Decoder MLP hidden width (the encoder's MLP ratio, as MAE). */
  public int decoderMlpHidden() {
    return (int) (decoderDim * encoder.mlpRatio());
  }

  /** Forward matmul FLOPs of one image at the training size; see {@link #flopsPerImage()}. */
  public long forwardFlopsPerImage() {
    VitConfig e = encoder;
    long l = e.numPatches();
    long keep = keptPatches(e.numPatches(), maskRatio);
    long encoderFlops = Flops.linear(l, e.patchDim(), e.dim())
        + e.depth() * Flops.block(keep + 1, e.dim(), e.mlpHidden());
    long decoderFlops = Flops.linear(keep + 1, e.dim(), decoderDim)
        + decoderDepth * Flops.block(l + 1, decoderDim, decoderMlpHidden())
        + Flops.linear(l + 1, decoderDim, e.patchDim());
    return encoderFlops + decoderFlops;
  }

  /**
   * Matmul FLOPs of one training step per image at the training size: 3 × forward (backward counted
   * as twice the forward, the usual MFU convention). Forward = patch embedding of all {@code L}
   * patches + encoder blocks on {@code keep + 1} tokens + decoder embedding on {@code keep + 1}
   * tokens + decoder blocks and prediction on {@code L + 1} tokens, where a block on {@code T} tokens
   * of width {@code D} costs {@code 8TD² + 4T·D·hidden + 4T²D}.
   */
  public long flopsPerImage() {
    return 3 * forwardFlopsPerImage();
  }

  private static void positive(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be >= 1; got " + value);
    }
  }
}
