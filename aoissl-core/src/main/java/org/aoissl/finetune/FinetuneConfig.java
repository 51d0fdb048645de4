package org.aoissl.finetune;

/**
 * Every hyper-parameter of a fine-tuning run (one record, validated on construction, as {@link
 * org.aoissl.pretrain.PretrainConfig}). Exactly one budget is set: {@code epochs}, {@code steps} or
 * {@code minutes}; the paper compares initialisations under the same budget.
 *
 * @param head "linear" (a linear probe: frozen encoder, one linear layer per patch, bilinear upsampling),
 *     "decoder" (the whole network trains: a light convolutional decoder upsampling by two per stage),
 *     "unetr" (as decoder, each stage also reading skip features of a shallow convolutional stem on the
 *     image, for pixel-accurate thin structures) or "unet" (no ViT: a U-Net trained from scratch at the
 *     images' own resolution)
 * @param model ViT preset when training from scratch (ignored when initialised from a checkpoint or for
 *     the U-Net)
 * @param imageSize training crop size in pixels (crops at about native resolution; for a ViT a multiple of
 *     the patch)
 * @param batch images per step
 * @param epochs budget in passes over the labeled images, or 0
 * @param steps budget in optimizer steps, or 0
 * @param minutes wall-clock budget, or 0: the step count is estimated from a timed trial before step 0
 *     and fitted to the run's measured steps before its first checkpoint
 * @param lr peak learning rate (of the head; encoder layers get it scaled by {@code layerDecay})
 * @param minLr floor of the cosine decay
 * @param warmupFraction fraction of the steps in linear warm-up
 * @param layerDecay layer-wise learning-rate decay (MAE fine-tuning: 0.75; 1 for none)
 * @param weightDecay AdamW decoupled weight decay (not on biases, norms, tokens, position embeddings)
 * @param clipGrad global gradient-norm limit, 0 for none
 * @param diceWeight weight of the soft Dice term added to the pixel-wise BCE (0 for BCE only)
 * @param seed seed of the head's weights (and a scratch encoder's), data order and augmentations
 * @param saveEveryMinutes checkpoint interval (a checkpoint is also written at the end)
 * @param unet the U-Net's shape when {@code head} is "unet" (ignored otherwise; null means the default)
 */
public record FinetuneConfig(
    String head, String model, int imageSize, int batch, int epochs, long steps, double minutes, double lr,
    double minLr, double warmupFraction, double layerDecay, double weightDecay, double clipGrad, double diceWeight,
    long seed, double saveEveryMinutes, UNetOptions unet) {

  /** Heads {@link SegHead#create} builds. */
  public static final java.util.List<String> HEADS = java.util.List.of("linear", "decoder", "unetr", "unet");

  public FinetuneConfig {
    unet = unet == null ? UNetOptions.DEFAULT : unet;
    check(HEADS.contains(head), "head must be one of " + String.join(", ", HEADS) + "; got " + head);
    check(imageSize >= 8, "imageSize must be >= 8; got " + imageSize);
    check(batch >= 1, "batch must be >= 1; got " + batch);
    int budgets = (epochs > 0 ? 1 : 0) + (steps > 0 ? 1 : 0) + (minutes > 0 ? 1 : 0);
    check(budgets == 1, "set exactly one budget: epochs, steps or minutes (got epochs=" + epochs + ", steps=" + steps
        + ", minutes=" + minutes + ")");
    check(epochs >= 0 && steps >= 0 && minutes >= 0, "budgets must not be negative");
    check(lr > 0, "lr must be > 0; got " + lr);
    check(minLr >= 0 && minLr <= lr, "minLr must be in [0, lr]; got " + minLr);
    check(warmupFraction >= 0 && warmupFraction < 1, "warmupFraction must be in [0, 1); got " + warmupFraction);
    check(layerDecay > 0 && layerDecay <= 1, "layerDecay must be in (0, 1]; got " + layerDecay);
    check(weightDecay >= 0, "weightDecay must be >= 0; got " + weightDecay);
    check(clipGrad >= 0, "clipGrad must be >= 0; got " + clipGrad);
    check(diceWeight >= 0, "diceWeight must be >= 0; got " + diceWeight);
    check(saveEveryMinutes > 0, "saveEveryMinutes must be > 0; got " + saveEveryMinutes);
  }

  /**
   * Defaults for a head and budget: lr 1e-3 for the decoder and the U-Net (5e-3 for a linear probe, whose
   * one layer learns slowly), layer decay 0.75 (none for the U-Net, which has no pre-trained layers) and
   * weight decay 0.05 as MAE's fine-tuning, 10 % warm-up, Dice 1, the default U-Net shape.
   */
  public static FinetuneConfig defaults(String head, String model, int imageSize, int batch, int epochs, long steps,
      double minutes, long seed) {
    double lr = head.equals("linear") ? 5e-3 : 1e-3;
    return new FinetuneConfig(head, model, imageSize, batch, epochs, steps, minutes, lr, 1e-6, 0.1,
        head.equals("unet") ? 1.0 : 0.75, 0.05, 5.0, 1.0, seed, 2.0, UNetOptions.DEFAULT);
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
