package org.aoissl.pretrain;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.aoissl.pretrain.dino.DinoConfig;
import org.aoissl.pretrain.ibot.IbotConfig;
import org.aoissl.train.LrSchedule;

/**
 * Every hyper-parameter of a pre-training run (nanoGPT style: one record, validated on construction).
 * Exactly one budget is set: {@code epochs}, {@code steps} or {@code minutes}. A step is one optimizer
 * update over {@code batch × accum} images. Start from {@link #defaults} or {@link #mae} and change what
 * differs with the {@code with...} methods, so a call site names what it sets.
 *
 * @param method "mae", "dino" or "ibot"
 * @param model ViT preset name (aoi-t, vit-ti, vit-s, micro)
 * @param imageSize training crop size in pixels (a multiple of the patch size)
 * @param batch images per forward pass
 * @param accum forward passes per optimizer step (gradient accumulation)
 * @param epochs budget in passes over the data, or 0
 * @param steps budget in optimizer steps, or 0
 * @param minutes wall-clock budget, or 0: the step count is estimated from a timed trial before step 0
 *     and fitted to the run's measured steps before its first checkpoint ({@link BudgetFit})
 * @param blr base learning rate; lr = blr · batch · accum / 256
 * @param minLr floor of the cosine decay
 * @param warmupFraction fraction of the steps spent in linear warm-up
 * @param weightDecay AdamW decoupled weight decay (not on biases, norms, tokens, position embeddings)
 * @param clipGrad global gradient-norm limit, 0 for none
 * @param maskRatio MAE: fraction of patches removed (the paper used 0.4; MAE's default is 0.75)
 * @param normPixLoss MAE: predict per-patch normalised pixels
 * @param seed seed of weights, data order, augmentations and masks
 * @param saveEveryMinutes checkpoint interval (a checkpoint is also written at the end)
 * @param dino DINO's and iBOT's self-distillation settings (null for MAE); {@code weightDecay} is then
 *     the start of its weight-decay schedule and {@code clipGrad} a per-parameter limit
 * @param ibot iBOT's masked-patch settings (null unless the method is ibot)
 * @param cropScaleMin MAE: smallest area fraction of the random resized crop, or null for MAE's 0.2; a
 *     small fixed range (e.g. 0.15–0.25 for 224² crops of 512² images) keeps thin wires at native resolution
 * @param cropScaleMax MAE: largest area fraction, or null for 1
 */
public record PretrainConfig(
    String method, String model, int imageSize, int batch, int accum, int epochs, long steps,
    double minutes, double blr, double minLr, double warmupFraction, double weightDecay,
    double clipGrad, double maskRatio, boolean normPixLoss, long seed, double saveEveryMinutes,
    @JsonInclude(JsonInclude.Include.NON_NULL) DinoConfig dino,
    @JsonInclude(JsonInclude.Include.NON_NULL) IbotConfig ibot,
    @JsonInclude(JsonInclude.Include.NON_NULL) Double cropScaleMin,
    @JsonInclude(JsonInclude.Include.NON_NULL) Double cropScaleMax) {

  /** An MAE run (no DINO or iBOT settings). */
  public PretrainConfig(
      String method, String model, int imageSize, int batch, int accum, int epochs, long steps,
      double minutes, double blr, double minLr, double warmupFraction, double weightDecay,
      double clipGrad, double maskRatio, boolean normPixLoss, long seed, double saveEveryMinutes) {
    this(method, model, imageSize, batch, accum, epochs, steps, minutes, blr, minLr, warmupFraction, weightDecay,
        clipGrad, maskRatio, normPixLoss, seed, saveEveryMinutes, null, null);
  }

  /** A run with MAE's crop scales (0.2–1). */
  public PretrainConfig(
      String method, String model, int imageSize, int batch, int accum, int epochs, long steps,
      double minutes, double blr, double minLr, double warmupFraction, double weightDecay,
      double clipGrad, double maskRatio, boolean normPixLoss, long seed, double saveEveryMinutes, DinoConfig dino,
      IbotConfig ibot) {
    this(method, model, imageSize, batch, accum, epochs, steps, minutes, blr, minLr, warmupFraction, weightDecay,
        clipGrad, maskRatio, normPixLoss, seed, saveEveryMinutes, dino, ibot, null, null);
  }

  public PretrainConfig {
    PretrainMethods.Entry m = PretrainMethods.get(method);
    check(m.distillation() == (dino != null), m.distillation() ? method + " needs DINO settings"
        : method + " takes no DINO settings");
    check(m.patchTokens() == (ibot != null), m.patchTokens() ? method + " needs iBOT settings"
        : method + " takes no iBOT settings");
    check(imageSize >= 8, "imageSize must be >= 8; got " + imageSize);
    check(batch >= 1, "batch must be >= 1; got " + batch);
    check(accum >= 1, "accum must be >= 1; got " + accum);
    int budgets = (epochs > 0 ? 1 : 0) + (steps > 0 ? 1 : 0) + (minutes > 0 ? 1 : 0);
    check(budgets == 1, "set exactly one budget: epochs, steps or minutes (got epochs=" + epochs
        + ", steps=" + steps + ", minutes=" + minutes + ")");
    check(epochs >= 0 && steps >= 0 && minutes >= 0, "budgets must not be negative");
    check(blr > 0, "blr must be > 0; got " + blr);
    check(minLr >= 0, "minLr must be >= 0; got " + minLr);
    check(warmupFraction >= 0 && warmupFraction < 1, "warmupFraction must be in [0, 1); got " + warmupFraction);
    check(weightDecay >= 0, "weightDecay must be >= 0; got " + weightDecay);
    check(clipGrad >= 0, "clipGrad must be >= 0; got " + clipGrad);
    check(maskRatio > 0 && maskRatio < 1, "maskRatio must be in (0, 1); got " + maskRatio);
    check(saveEveryMinutes > 0, "saveEveryMinutes must be > 0; got " + saveEveryMinutes);
    check((cropScaleMin == null) == (cropScaleMax == null), "set both crop scales or neither");
    check(cropScaleMin == null || (cropScaleMin > 0 && cropScaleMin <= cropScaleMax && cropScaleMax <= 1),
        "crop scales must satisfy 0 < min <= max <= 1; got " + cropScaleMin + ", " + cropScaleMax);
    check(cropScaleMin == null || m.masked(), "crop scales apply to masked autoencoders; " + method
        + " has its own views");
  }

  /**
   * Default base learning rate. MAE's 1.5e-4 assumes batches of thousands; with the CPU-sized batches of
   * this tool (8 to 32) its scaling rule would give lr ≈ 5e-6, far too small to learn in minutes. 5e-3 gives
   * lr ≈ 1.6e-4 at batch 8, about the rate the paper's authors trained with (batch 16, lr 1.5e-4).
   */
  public static final double DEFAULT_BLR = 5e-3;

  /** MAE's other defaults with the given budget; clipping at 5 as the authors' config. */
  public static PretrainConfig mae(String model, int imageSize, int batch, int epochs, long steps, double minutes,
      long seed) {
    return new PretrainConfig("mae", model, imageSize, batch, 1, epochs, steps, minutes, DEFAULT_BLR, 1e-6,
        0.05, 0.05, 5.0, 0.75, false, seed, 2.0);
  }

  /**
   * A method's defaults (as {@code aoissl pretrain} without options) under a time budget: its registered
   * warm-up, weight decay and clipping ({@link PretrainMethods}; MAE's as {@link #mae}; DINO and iBOT
   * warm-up 0.1, weight decay 0.04 → 0.4, per-parameter clipping at 3), with their CPU-sized heads and crops.
   */
  public static PretrainConfig defaults(String method, String model, int imageSize, int batch, double minutes,
      long seed) {
    PretrainMethods.Entry m = PretrainMethods.get(method);
    int patch = org.aoissl.model.VitConfig.preset(model, imageSize, 1).patchSize();
    DinoConfig dino = m.distillation() ? PretrainMethods.dinoDefaults(m, imageSize, patch) : null;
    return new PretrainConfig(method, model, imageSize, batch, 1, 0, 0, minutes, DEFAULT_BLR, 1e-6, m.warmup(),
        m.weightDecay(), m.clipGrad(), 0.75, false, seed, 2.0, dino, m.patchTokens() ? IbotConfig.defaults() : null);
  }

  /** Exactly one budget: epochs, optimizer steps or wall-clock minutes (the others 0). */
  public PretrainConfig withBudget(int newEpochs, long newSteps, double newMinutes) {
    return new PretrainConfig(method, model, imageSize, batch, accum, newEpochs, newSteps, newMinutes, blr, minLr,
        warmupFraction, weightDecay, clipGrad, maskRatio, normPixLoss, seed, saveEveryMinutes, dino, ibot,
        cropScaleMin, cropScaleMax);
  }

  /** A budget of optimizer steps. */
  public PretrainConfig withSteps(long newSteps) {
    return withBudget(0, newSteps, 0);
  }

  /** A wall-clock budget. */
  public PretrainConfig withMinutes(double newMinutes) {
    return withBudget(0, 0, newMinutes);
  }

  public PretrainConfig withBatch(int newBatch, int newAccum) {
    return new PretrainConfig(method, model, imageSize, newBatch, newAccum, epochs, steps, minutes, blr, minLr,
        warmupFraction, weightDecay, clipGrad, maskRatio, normPixLoss, seed, saveEveryMinutes, dino, ibot,
        cropScaleMin, cropScaleMax);
  }

  /** Base learning rate (scaled by the batch) and the floor of its cosine decay. */
  public PretrainConfig withLr(double newBlr, double newMinLr) {
    return new PretrainConfig(method, model, imageSize, batch, accum, epochs, steps, minutes, newBlr, newMinLr,
        warmupFraction, weightDecay, clipGrad, maskRatio, normPixLoss, seed, saveEveryMinutes, dino, ibot,
        cropScaleMin, cropScaleMax);
  }

  public PretrainConfig withWarmup(double fraction) {
    return new PretrainConfig(method, model, imageSize, batch, accum, epochs, steps, minutes, blr, minLr, fraction,
        weightDecay, clipGrad, maskRatio, normPixLoss, seed, saveEveryMinutes, dino, ibot, cropScaleMin,
        cropScaleMax);
  }

  public PretrainConfig withWeightDecay(double decay) {
    return new PretrainConfig(method, model, imageSize, batch, accum, epochs, steps, minutes, blr, minLr,
        warmupFraction, decay, clipGrad, maskRatio, normPixLoss, seed, saveEveryMinutes, dino, ibot, cropScaleMin,
        cropScaleMax);
  }

  /** Gradient-norm limit, 0 for none. */
  public PretrainConfig withClipGrad(double limit) {
    return new PretrainConfig(method, model, imageSize, batch, accum, epochs, steps, minutes, blr, minLr,
        warmupFraction, weightDecay, limit, maskRatio, normPixLoss, seed, saveEveryMinutes, dino, ibot, cropScaleMin,
        cropScaleMax);
  }

  /** MAE: the fraction of patches removed, and whether pixels are normalised per patch. */
  public PretrainConfig withMasking(double ratio, boolean normPix) {
    return new PretrainConfig(method, model, imageSize, batch, accum, epochs, steps, minutes, blr, minLr,
        warmupFraction, weightDecay, clipGrad, ratio, normPix, seed, saveEveryMinutes, dino, ibot, cropScaleMin,
        cropScaleMax);
  }

  public PretrainConfig withSeed(long newSeed) {
    return new PretrainConfig(method, model, imageSize, batch, accum, epochs, steps, minutes, blr, minLr,
        warmupFraction, weightDecay, clipGrad, maskRatio, normPixLoss, newSeed, saveEveryMinutes, dino, ibot,
        cropScaleMin, cropScaleMax);
  }

  public PretrainConfig withSaveEvery(double everyMinutes) {
    return new PretrainConfig(method, model, imageSize, batch, accum, epochs, steps, minutes, blr, minLr,
        warmupFraction, weightDecay, clipGrad, maskRatio, normPixLoss, seed, everyMinutes, dino, ibot, cropScaleMin,
        cropScaleMax);
  }

  /** DINO's and iBOT's settings (both null for MAE; iBOT's only for ibot). */
  public PretrainConfig withDistillation(DinoConfig newDino, IbotConfig newIbot) {
    return new PretrainConfig(method, model, imageSize, batch, accum, epochs, steps, minutes, blr, minLr,
        warmupFraction, weightDecay, clipGrad, maskRatio, normPixLoss, seed, saveEveryMinutes, newDino, newIbot,
        cropScaleMin, cropScaleMax);
  }

  /** MAE: the random resized crop's area fractions, or nulls for MAE's 0.2–1. */
  public PretrainConfig withCropScale(Double min, Double max) {
    return new PretrainConfig(method, model, imageSize, batch, accum, epochs, steps, minutes, blr, minLr,
        warmupFraction, weightDecay, clipGrad, maskRatio, normPixLoss, seed, saveEveryMinutes, dino, ibot, min, max);
  }

  /** Images per optimizer step. */
  public int effectiveBatch() {
    return batch * accum;
  }

  /** Peak learning rate by MAE's scaling rule. */
  public double lr() {
    return LrSchedule.scaledLr(blr, effectiveBatch());
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
